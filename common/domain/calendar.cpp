#include "common/domain/calendar.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace bianmin::domain {

namespace {

std::vector<std::string_view> splitTabs(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const auto tab = line.find('\t', start);
        out.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
        if (tab == std::string_view::npos)
            return out;
        start = tab + 1;
    }
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

} // namespace

Result<WorkCalendar> WorkCalendar::fromEntries(std::vector<CalendarEntry> entries, int firstYear,
                                               int lastYear) {
    WorkCalendar cal;
    cal.m_firstYear = firstYear;
    cal.m_lastYear = lastYear;
    std::sort(entries.begin(), entries.end(),
              [](const CalendarEntry& a, const CalendarEntry& b) { return a.date < b.date; });
    for (const auto& e : entries) {
        const bool fresh = e.workday ? cal.m_workdays.insert(e.date.days()).second
                                     : cal.m_holidays.insert(e.date.days()).second;
        if (!fresh || (e.workday ? cal.m_holidays.contains(e.date.days())
                                 : cal.m_workdays.contains(e.date.days())))
            return invalidInput("duplicate_date", e.date.iso() + " is listed twice");
    }
    cal.m_entries = std::move(entries);
    return cal;
}

Result<WorkCalendar> WorkCalendar::fromTsv(std::string_view text, std::string_view fileName) {
    const std::string file(fileName);
    std::vector<CalendarEntry> entries;
    std::map<std::int32_t, int> lineOf; // date -> line, to name both lines of a duplicate
    int firstYear = 0;
    int lastYear = -1;
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto nl = text.find('\n', pos);
        const std::string_view raw =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++lineNo;
        const std::string_view line = trim(raw);
        const std::string where = file + ": line " + std::to_string(lineNo);
        if (line.empty())
            continue;
        if (line.front() == '#') {
            constexpr std::string_view kYears = "# years:";
            if (line.starts_with(kYears)) {
                const std::string_view span = trim(line.substr(kYears.size()));
                const auto dash = span.find('-');
                const auto a = span.substr(0, dash);
                const auto b = dash == std::string_view::npos ? a : span.substr(dash + 1);
                auto ra = std::from_chars(a.data(), a.data() + a.size(), firstYear);
                auto rb = std::from_chars(b.data(), b.data() + b.size(), lastYear);
                if (ra.ec != std::errc{} || rb.ec != std::errc{} || firstYear > lastYear ||
                    firstYear < 1900)
                    return invalidInput("bad_years", where + ": field 'years': expected A-B");
            }
            continue;
        }
        if (line.starts_with("date\t"))
            continue; // the header row
        const auto cols = splitTabs(line);
        if (cols.size() < 3)
            return invalidInput("bad_record",
                                where + ": field '" + (cols.size() < 2 ? "kind" : "name") +
                                    "' is missing (expected 3 tab-separated fields: date, kind, "
                                    "name; got " +
                                    std::to_string(cols.size()) + ")");
        const auto date = Date::parse(trim(cols[0]));
        if (!date)
            return invalidInput("bad_date", where + ": field 'date': '" + std::string(cols[0]) +
                                                "' is not a valid YYYY-MM-DD date");
        const auto kind = trim(cols[1]);
        if (kind != "holiday" && kind != "workday")
            return invalidInput("bad_kind", where + ": field 'kind': '" + std::string(kind) +
                                                "' is neither holiday nor workday");
        const auto name = trim(cols[2]);
        if (name.empty())
            return invalidInput("bad_name", where + ": field 'name' is empty");
        if (lastYear < firstYear)
            return invalidInput("no_years",
                                where + ": the '# years: A-B' line must come before the records");
        if (date->year() < firstYear || date->year() > lastYear)
            return invalidInput("out_of_range", where + ": field 'date': " + date->iso() +
                                                    " is outside the declared years");
        if (kind == "workday" && !date->isWeekend())
            return invalidInput("bad_workday", where + ": field 'date': make-up working day " +
                                                   date->iso() + " is not a weekend day");
        if (const auto [it, fresh] = lineOf.emplace(date->days(), lineNo); !fresh)
            return invalidInput("duplicate_date", where + ": field 'date': " + date->iso() +
                                                      " is already listed on line " +
                                                      std::to_string(it->second));
        entries.push_back({*date, kind == "workday", std::string(name)});
    }
    if (lastYear < firstYear)
        return invalidInput("no_years", file + ": no '# years: A-B' line");
    auto cal = fromEntries(std::move(entries), firstYear, lastYear);
    if (!cal)
        return invalidInput(cal.error().code, file + ": " + cal.error().message);
    return cal;
}

bool WorkCalendar::isWorkingDay(Date d) const {
    if (m_workdays.contains(d.days()))
        return true;
    if (m_holidays.contains(d.days()))
        return false;
    return !d.isWeekend();
}

Date WorkCalendar::addWorkingDays(Date from, int n) const {
    Date d = from;
    while (n > 0) {
        d = d.plusDays(1);
        if (isWorkingDay(d))
            --n;
    }
    return d;
}

int WorkCalendar::workingDaysAfter(Date a, Date b) const {
    return b <= a ? 0 : workingDaysIn(a.plusDays(1), b.plusDays(1));
}

int WorkCalendar::workingDaysIn(Date from, Date toExclusive) const {
    int n = 0;
    for (Date d = from; d < toExclusive; d = d.plusDays(1))
        n += isWorkingDay(d) ? 1 : 0;
    return n;
}

} // namespace bianmin::domain
