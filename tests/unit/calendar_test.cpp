// Dates (parse, format, weekday, UTC+8 local date) and the working-day calendar, against the real
// cn-holidays.tsv and against inline bad inputs.
#include "common/domain/calendar.h"
#include "common/domain/date.h"
#include "common/refdata/reference_files.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace bianmin::domain;
using Catch::Matchers::Contains;

namespace {

Date day(std::string_view iso) {
    const auto d = Date::parse(iso);
    REQUIRE(d.has_value());
    return *d;
}

// The calendar of resources/calendar/cn-holidays.tsv, loaded once.
const WorkCalendar& realCalendar() {
    static const WorkCalendar cal = [] {
        auto text = bianmin::refdata::readTextFile(std::string(BIANMIN_RESOURCES_DIR) +
                                                   "/calendar/cn-holidays.tsv");
        REQUIRE(text.ok());
        auto parsed = WorkCalendar::fromTsv(*text, "cn-holidays.tsv");
        if (!parsed)
            FAIL(parsed.error().message);
        return std::move(parsed).value();
    }();
    return cal;
}

// Expects fromTsv to fail with a message naming the file, the line and the field.
void expectTsvError(const std::string& text, int line, const std::string& field) {
    const auto cal = WorkCalendar::fromTsv(text, "bad-holidays.tsv");
    REQUIRE_FALSE(cal.ok());
    const std::string& msg = cal.error().message;
    INFO("message: " << msg);
    CHECK(cal.error().kind == ErrorKind::InvalidInput);
    CHECK_THAT(msg, Contains("bad-holidays.tsv"));
    CHECK_THAT(msg, Contains("line " + std::to_string(line) + ":"));
    CHECK_THAT(msg, Contains(field));
}

} // namespace

// --- Date --------------------------------------------------------------------------------------

TEST_CASE("calendar: Date parses strict ISO dates and formats them back", "[calendar][date]") {
    const Date d = day("2026-11-27");
    CHECK(d.days() == 20784);
    CHECK(d.year() == 2026);
    CHECK(d.month() == 11u);
    CHECK(d.day() == 27u);
    CHECK(d.iso() == "2026-11-27");
    CHECK(d.compact() == "20261127");
    CHECK(d.chinese() == "2026年11月27日");
    CHECK(Date::fromCivil(2026, 11, 27) == d);

    CHECK(day("1970-01-01").days() == 0);
    CHECK(day("2000-01-01").days() == 10957);
    CHECK(day("1969-12-31").days() == -1);
    CHECK(Date(-1).iso() == "1969-12-31");
    CHECK(day("2026-01-05").chinese() == "2026年1月5日");
    CHECK(day("2026-01-05").compact() == "20260105");
}

TEST_CASE("calendar: Date::parse rejects impossible and malformed dates", "[calendar][date]") {
    CHECK_FALSE(Date::parse("2026-02-30"));
    CHECK_FALSE(Date::parse("2025-02-29")); // 2025 is not a leap year
    CHECK_FALSE(Date::parse("1900-02-29")); // divisible by 100, not by 400
    CHECK_FALSE(Date::parse("2026-04-31"));
    CHECK_FALSE(Date::parse("2026-13-01"));
    CHECK_FALSE(Date::parse("2026-00-10"));
    CHECK_FALSE(Date::parse("2026-01-00"));
    CHECK_FALSE(Date::parse("2026-01-32"));
    CHECK_FALSE(Date::parse("2026-1-01"));
    CHECK_FALSE(Date::parse("2026/01/01"));
    CHECK_FALSE(Date::parse("20260101"));
    CHECK_FALSE(Date::parse(" 2026-01-01"));
    CHECK_FALSE(Date::parse("2026-01-01 "));
    CHECK_FALSE(Date::parse("2026-0a-01"));
    CHECK_FALSE(Date::parse(""));
    CHECK_FALSE(Date::parse("1899-12-31"));
}

TEST_CASE("calendar: Date::parse accepts leap days of leap years", "[calendar][date]") {
    REQUIRE(Date::parse("2024-02-29"));
    CHECK(Date::parse("2024-02-29")->plusDays(1) == day("2024-03-01"));
    REQUIRE(Date::parse("2000-02-29"));
    CHECK(Date::parse("2000-02-29")->iso() == "2000-02-29");
    CHECK(day("2025-02-28").plusDays(1) == day("2025-03-01"));
    CHECK(day("2025-12-31").plusDays(1) == day("2026-01-01"));
}

TEST_CASE("calendar: Date weekday is ISO, Monday 1 to Sunday 7", "[calendar][date]") {
    CHECK(day("1970-01-01").isoWeekday() == 4u); // Thursday
    CHECK(day("1969-12-31").isoWeekday() == 3u); // before the epoch too
    CHECK(day("2000-01-01").isoWeekday() == 6u);
    CHECK(day("2026-11-27").isoWeekday() == 5u);
    CHECK(day("2026-09-29").isoWeekday() == 2u);
    CHECK(day("2026-10-10").isoWeekday() == 6u);
    CHECK(day("2026-09-20").isoWeekday() == 7u);
    CHECK(day("2026-01-04").isoWeekday() == 7u);
    CHECK(day("2026-01-05").isoWeekday() == 1u);
    CHECK(day("2026-10-10").isWeekend());
    CHECK(day("2026-09-20").isWeekend());
    CHECK_FALSE(day("2026-10-09").isWeekend());
    // seven consecutive days cover every weekday once, in order
    for (std::int32_t i = 0; i < 7; ++i)
        CHECK(day("2026-11-23").plusDays(i).isoWeekday() == static_cast<unsigned>(i + 1));
}

TEST_CASE("calendar: localDateOf uses UTC+8 and switches at 16:00Z", "[calendar][date]") {
    constexpr Instant k20261126T1600Z = 1'795'708'800'000;
    CHECK(Date::localDateOf(k20261126T1600Z) == day("2026-11-27"));
    CHECK(Date::localDateOf(k20261126T1600Z - 1) == day("2026-11-26")); // 15:59:59.999Z
    CHECK(Date::localDateOf(k20261126T1600Z + kMsPerDay - 1) == day("2026-11-27"));
    CHECK(Date::localDateOf(k20261126T1600Z + kMsPerDay) == day("2026-11-28"));
    CHECK(day("2026-11-27").startInstant() == k20261126T1600Z);
    // at and before the epoch: 1970-01-01T00:00Z is 08:00 local on the 1st
    CHECK(Date::localDateOf(0) == day("1970-01-01"));
    CHECK(Date::localDateOf(-kLocalOffsetMs) == day("1970-01-01"));
    CHECK(Date::localDateOf(-kLocalOffsetMs - 1) == day("1969-12-31"));
    // round trip for every day of 2026
    for (Date d = day("2026-01-01"); d < day("2027-01-01"); d = d.plusDays(1)) {
        REQUIRE(Date::localDateOf(d.startInstant()) == d);
        REQUIRE(Date::localDateOf(d.startInstant() - 1) == d.plusDays(-1));
    }
}

// --- WorkCalendar from the real file -----------------------------------------------------------

TEST_CASE("calendar: real file loads and covers 2024 to 2026", "[calendar]") {
    const auto& cal = realCalendar();
    CHECK(cal.firstYear() == 2024);
    CHECK(cal.lastYear() == 2026);
    CHECK(cal.covers(day("2024-01-01")));
    CHECK(cal.covers(day("2026-12-31")));
    CHECK_FALSE(cal.covers(day("2023-12-31")));
    CHECK_FALSE(cal.covers(day("2027-01-01")));
    CHECK(cal.entries().size() > 100u);
    // working days per year, counted independently from the published arrangements
    CHECK(cal.workingDaysIn(day("2024-01-01"), day("2025-01-01")) == 251);
    CHECK(cal.workingDaysIn(day("2025-01-01"), day("2026-01-01")) == 248);
    CHECK(cal.workingDaysIn(day("2026-01-01"), day("2027-01-01")) == 248);
}

TEST_CASE("calendar: National Day 2026 holidays and make-up working days", "[calendar]") {
    const auto& cal = realCalendar();
    for (Date d = day("2026-10-01"); d <= day("2026-10-07"); d = d.plusDays(1)) {
        INFO(d.iso());
        CHECK_FALSE(cal.isWorkingDay(d));
    }
    CHECK(cal.isWorkingDay(day("2026-10-10")));       // Saturday, 调休
    CHECK(cal.isWorkingDay(day("2026-09-20")));       // Sunday, 调休
    CHECK_FALSE(cal.isWorkingDay(day("2026-10-11"))); // ordinary Sunday
    CHECK(cal.isWorkingDay(day("2026-09-30")));
    CHECK(cal.isWorkingDay(day("2026-10-08")));
    CHECK(cal.isWorkingDay(day("2026-10-09")));
    // 中秋 2026 falls on Fri 25 – Sun 27 September
    CHECK_FALSE(cal.isWorkingDay(day("2026-09-25")));

    // accepted Tue 29 Sep: Sep 30 is day 1, Oct 1–7 off, Oct 8 day 2, Oct 9 day 3
    CHECK(cal.addWorkingDays(day("2026-09-29"), 1) == day("2026-09-30"));
    CHECK(cal.addWorkingDays(day("2026-09-29"), 2) == day("2026-10-08"));
    CHECK(cal.addWorkingDays(day("2026-09-29"), 3) == day("2026-10-09"));
    CHECK(cal.addWorkingDays(day("2026-09-29"), 4) == day("2026-10-10")); // the Saturday counts
    CHECK(cal.addWorkingDays(day("2026-09-29"), 5) == day("2026-10-12"));
    // accepted on the first day of the holiday
    CHECK(cal.addWorkingDays(day("2026-10-01"), 1) == day("2026-10-08"));
}

TEST_CASE("calendar: year end 2025 to 2026, the Sunday 2026-01-04 is a working day", "[calendar]") {
    const auto& cal = realCalendar();
    CHECK(cal.isWorkingDay(day("2025-12-31")));
    CHECK_FALSE(cal.isWorkingDay(day("2026-01-01")));
    CHECK_FALSE(cal.isWorkingDay(day("2026-01-02")));
    CHECK_FALSE(cal.isWorkingDay(day("2026-01-03")));
    CHECK(cal.isWorkingDay(day("2026-01-04"))); // Sunday, 元旦调休上班
    CHECK(cal.addWorkingDays(day("2025-12-31"), 1) == day("2026-01-04"));
    CHECK(cal.addWorkingDays(day("2025-12-31"), 2) == day("2026-01-05"));
    CHECK(cal.addWorkingDays(day("2025-12-30"), 2) == day("2026-01-04"));
    CHECK(cal.workingDaysAfter(day("2025-12-31"), day("2026-01-05")) == 2);
}

TEST_CASE("calendar: Spring Festival 2026 with make-up Saturdays 14 and 28 February",
          "[calendar]") {
    const auto& cal = realCalendar();
    CHECK(cal.isWorkingDay(day("2026-02-13"))); // Friday before
    CHECK(cal.isWorkingDay(day("2026-02-14"))); // Saturday, 调休
    for (Date d = day("2026-02-15"); d <= day("2026-02-23"); d = d.plusDays(1)) {
        INFO(d.iso());
        CHECK_FALSE(cal.isWorkingDay(d));
    }
    CHECK(cal.isWorkingDay(day("2026-02-24")));
    CHECK(cal.isWorkingDay(day("2026-02-28")));       // Saturday, 调休
    CHECK_FALSE(cal.isWorkingDay(day("2026-03-01"))); // ordinary Sunday
    CHECK(cal.addWorkingDays(day("2026-02-13"), 1) == day("2026-02-14"));
    CHECK(cal.addWorkingDays(day("2026-02-13"), 2) == day("2026-02-24"));
    CHECK(cal.addWorkingDays(day("2026-02-13"), 6) == day("2026-02-28"));
    CHECK(cal.addWorkingDays(day("2026-02-13"), 7) == day("2026-03-02"));
    CHECK(cal.workingDaysIn(day("2026-02-14"), day("2026-03-01")) == 6);
    CHECK(cal.workingDaysIn(day("2026-02-15"), day("2026-02-24")) == 0);
}

TEST_CASE("calendar: adding zero working days returns the same day even on a weekend or holiday",
          "[calendar]") {
    const auto& cal = realCalendar();
    for (const char* iso :
         {"2026-10-03", "2026-10-04", "2026-10-01", "2026-11-28", "2026-11-27", "2027-01-02"}) {
        INFO(iso);
        CHECK(cal.addWorkingDays(day(iso), 0) == day(iso));
    }
    CHECK(WorkCalendar().addWorkingDays(day("2026-11-29"), 0) == day("2026-11-29"));
}

TEST_CASE("calendar: workingDaysAfter and workingDaysIn count over holiday ranges", "[calendar]") {
    const auto& cal = realCalendar();
    // Mon 28 Sep – Sun 11 Oct: 28, 29, 30, Oct 8, 9, and the Saturday 10th
    CHECK(cal.workingDaysIn(day("2026-09-28"), day("2026-10-12")) == 6);
    CHECK(cal.workingDaysIn(day("2026-10-01"), day("2026-10-08")) == 0);
    CHECK(cal.workingDaysIn(day("2026-10-01"), day("2026-10-11")) == 3);
    CHECK(cal.workingDaysIn(day("2026-10-09"), day("2026-10-09")) == 0); // empty range
    CHECK(cal.workingDaysIn(day("2026-10-09"), day("2026-10-01")) == 0); // reversed range
    // after: a < d <= b
    CHECK(cal.workingDaysAfter(day("2026-09-29"), day("2026-10-09")) == 3);
    CHECK(cal.workingDaysAfter(day("2026-09-29"), day("2026-10-07")) == 1);
    CHECK(cal.workingDaysAfter(day("2026-09-29"), day("2026-09-29")) == 0);
    CHECK(cal.workingDaysAfter(day("2026-10-09"), day("2026-09-29")) == 0);
    CHECK(cal.workingDaysAfter(day("2026-10-09"), day("2026-10-10")) == 1);
}

TEST_CASE("calendar: addWorkingDays and workingDaysAfter agree over 2024 to 2026", "[calendar]") {
    const auto& cal = realCalendar();
    for (Date from = day("2024-01-01"); from <= day("2026-12-31"); from = from.plusDays(1)) {
        for (int n : {1, 3, 10, 20}) {
            const Date due = cal.addWorkingDays(from, n);
            INFO(from.iso() << " + " << n << " = " << due.iso());
            REQUIRE(cal.isWorkingDay(due));
            REQUIRE(cal.workingDaysAfter(from, due) == n);
            REQUIRE(cal.workingDaysAfter(from, due.plusDays(-1)) == n - 1);
        }
    }
}

TEST_CASE("calendar: years outside the file fall back to Monday to Friday", "[calendar]") {
    const auto& cal = realCalendar();
    CHECK(cal.isWorkingDay(day("2027-01-01")));       // a Friday; no 2027 notice loaded
    CHECK_FALSE(cal.isWorkingDay(day("2027-01-02"))); // Saturday
    CHECK_FALSE(cal.isWorkingDay(day("2027-01-03"))); // Sunday
    CHECK(cal.isWorkingDay(day("2027-10-01")));       // a Friday, no holiday data
    CHECK(cal.addWorkingDays(day("2026-12-31"), 1) == day("2027-01-01"));
    CHECK(cal.addWorkingDays(day("2027-01-01"), 1) == day("2027-01-04"));
    CHECK(cal.workingDaysIn(day("2027-01-04"), day("2027-01-18")) == 10);
    CHECK(cal.isWorkingDay(day("2023-10-02"))); // before the file, a Monday

    const WorkCalendar plain;
    CHECK(plain.isWorkingDay(day("2026-10-01")));
    CHECK_FALSE(plain.isWorkingDay(day("2026-10-10")));
    CHECK(plain.addWorkingDays(day("2026-11-27"), 1) == day("2026-11-30"));
}

// --- WorkCalendar::fromTsv with inline input ----------------------------------------------------

TEST_CASE("calendar: fromTsv reads comments, header, CRLF line ends and names", "[calendar]") {
    const std::string text = "# test calendar\r\n"
                             "# years: 2026-2026\r\n"
                             "date\tkind\tname\r\n"
                             "\r\n"
                             "2026-10-01\tholiday\t国庆节\r\n"
                             "2026-10-10\tworkday\t国庆节调休上班\r\n";
    const auto cal = WorkCalendar::fromTsv(text, "inline.tsv");
    REQUIRE(cal.ok());
    CHECK(cal->firstYear() == 2026);
    CHECK(cal->lastYear() == 2026);
    REQUIRE(cal->entries().size() == 2u);
    CHECK(cal->entries()[0].date == day("2026-10-01"));
    CHECK_FALSE(cal->entries()[0].workday);
    CHECK(cal->entries()[0].name == "国庆节");
    CHECK(cal->entries()[1].workday);
    CHECK(cal->entries()[1].name == "国庆节调休上班");
    CHECK_FALSE(cal->isWorkingDay(day("2026-10-01")));
    CHECK(cal->isWorkingDay(day("2026-10-02"))); // not listed: a plain Friday
    CHECK(cal->isWorkingDay(day("2026-10-10")));
}

TEST_CASE("calendar: fromTsv refuses a file without a years line", "[calendar]") {
    SECTION("records before any years line") {
        expectTsvError("# no years here\n"
                       "date\tkind\tname\n"
                       "2026-10-01\tholiday\t国庆节\n",
                       3, "years");
    }
    SECTION("no records and no years line") {
        const auto cal = WorkCalendar::fromTsv("# nothing\n", "bad-holidays.tsv");
        REQUIRE_FALSE(cal.ok());
        CHECK_THAT(cal.error().message, Contains("bad-holidays.tsv"));
        CHECK_THAT(cal.error().message, Contains("years"));
    }
    SECTION("a years line that is not A-B") {
        expectTsvError("# years: twenty\n2026-10-01\tholiday\t国庆节\n", 1, "'years'");
        expectTsvError("# years: 2026-2024\n", 1, "'years'");
    }
}

TEST_CASE("calendar: fromTsv refuses a bad date with file, line and field", "[calendar]") {
    expectTsvError("# years: 2026-2026\n"
                   "2026-10-01\tholiday\t国庆节\n"
                   "2026-02-30\tholiday\t春节\n",
                   3, "'date'");
    expectTsvError("# years: 2026-2026\n2026/10/01\tholiday\t国庆节\n", 2, "'date'");
}

TEST_CASE("calendar: fromTsv refuses an unknown kind", "[calendar]") {
    expectTsvError("# years: 2026-2026\n"
                   "date\tkind\tname\n"
                   "2026-10-01\tholiday\t国庆节\n"
                   "2026-10-02\tvacation\t国庆节\n",
                   4, "'kind'");
}

TEST_CASE("calendar: fromTsv refuses a make-up workday that is not a weekend day", "[calendar]") {
    // 2026-10-09 is a Friday
    expectTsvError("# years: 2026-2026\n"
                   "2026-10-10\tworkday\t国庆节调休上班\n"
                   "2026-10-09\tworkday\t国庆节调休上班\n",
                   3, "'date'");
}

TEST_CASE("calendar: fromTsv refuses a date outside the declared years", "[calendar]") {
    expectTsvError("# years: 2025-2026\n"
                   "2026-10-01\tholiday\t国庆节\n"
                   "2027-01-01\tholiday\t元旦\n",
                   3, "'date'");
    expectTsvError("# years: 2025-2026\n2024-10-01\tholiday\t国庆节\n", 2, "'date'");
}

TEST_CASE("calendar: fromTsv refuses a record with too few fields or an empty name", "[calendar]") {
    // the message lists the expected fields (date, kind, name) and how many were found
    expectTsvError("# years: 2026-2026\n"
                   "2026-10-01\tholiday\t国庆节\n"
                   "2026-10-02\tholiday\n",
                   3, "name");
    expectTsvError("# years: 2026-2026\n2026-10-02\tholiday\n", 2, "got 2");
    expectTsvError("# years: 2026-2026\n2026-10-01\n", 2, "kind");
    expectTsvError("# years: 2026-2026\n2026-10-01\n", 2, "got 1");
    expectTsvError("# years: 2026-2026\n2026-10-01\tholiday\t \n", 2, "'name'");
}

TEST_CASE("calendar: fromTsv refuses a duplicate date", "[calendar]") {
    const std::string sameKind = "# years: 2026-2026\n"
                                 "2026-10-01\tholiday\t国庆节\n"
                                 "2026-10-02\tholiday\t国庆节\n"
                                 "2026-10-01\tholiday\t国庆节\n";
    const std::string bothKinds = "# years: 2026-2026\n"
                                  "2026-10-10\tholiday\t国庆节\n"
                                  "2026-10-10\tworkday\t国庆节调休上班\n";
    for (const auto& text : {sameKind, bothKinds}) {
        const auto cal = WorkCalendar::fromTsv(text, "bad-holidays.tsv");
        REQUIRE_FALSE(cal.ok());
        INFO("message: " << cal.error().message);
        CHECK(cal.error().code == "duplicate_date");
        CHECK_THAT(cal.error().message, Contains("bad-holidays.tsv"));
    }
    // fromEntries itself refuses the same
    std::vector<CalendarEntry> entries{{day("2026-10-01"), false, "国庆节"},
                                       {day("2026-10-01"), false, "国庆节"}};
    CHECK_FALSE(WorkCalendar::fromEntries(entries, 2026, 2026).ok());
}

// Library bug: the duplicate is only detected after all lines are read (in fromEntries), so the
// message names the file but neither the line nor the field, unlike every other fromTsv error and
// unlike the contract in calendar.h ("Errors name the file, the line and the field").
TEST_CASE("calendar: fromTsv duplicate date error names the line and the field", "[calendar]") {
    expectTsvError("# years: 2026-2026\n"
                   "2026-10-01\tholiday\t国庆节\n"
                   "2026-10-02\tholiday\t国庆节\n"
                   "2026-10-01\tholiday\t国庆节\n",
                   4, "'date'");
}
