#pragma once
// The working-day calendar (工作日): Monday–Friday, minus public holidays, plus make-up working
// days (调休) on weekends. It is data, kept centrally and replicated; this class only answers
// questions about it. Immutable after loading, so it can be shared across threads freely.
#include "common/domain/date.h"
#include "common/domain/result.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace bianmin::domain {

struct CalendarEntry {
    Date date;
    bool workday = false; // true: make-up working day; false: holiday
    std::string name;
};

class WorkCalendar {
public:
    WorkCalendar() = default; // weekdays only, no holidays
    static Result<WorkCalendar> fromEntries(std::vector<CalendarEntry> entries, int firstYear,
                                            int lastYear);
    // Parses the TSV of docs/seed-formats.md. Errors name the file, the line and the field.
    static Result<WorkCalendar> fromTsv(std::string_view text, std::string_view fileName);

    bool isWorkingDay(Date d) const;
    // The n-th working day after `from` (n >= 0). n == 0 gives `from` itself: a 即办件 is due the
    // day it is accepted, even if that day is a weekend duty day.
    Date addWorkingDays(Date from, int n) const;
    // Working days d with a < d <= b; 0 when b <= a.
    int workingDaysAfter(Date a, Date b) const;
    // Working days d with from <= d < toExclusive.
    int workingDaysIn(Date from, Date toExclusive) const;

    int firstYear() const { return m_firstYear; }
    int lastYear() const { return m_lastYear; }
    bool covers(Date d) const { return d.year() >= m_firstYear && d.year() <= m_lastYear; }
    const std::vector<CalendarEntry>& entries() const { return m_entries; }

private:
    std::vector<CalendarEntry> m_entries;
    std::set<std::int32_t> m_holidays;
    std::set<std::int32_t> m_workdays;
    int m_firstYear = 0;
    int m_lastYear = -1;
};

} // namespace bianmin::domain
