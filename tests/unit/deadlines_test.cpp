// Due dates and lights on the real holiday calendar: National Day, year end, pauses across a
// holiday, 即办件, step and forwarding limits, fee violations, completion on time or late.
#include "tests/support/case_world.h"

#include <catch2/catch.hpp>

using namespace bianmin::domain;
using bianmin::testing::CaseWorld;
using bianmin::testing::Cast;
using bianmin::testing::localTime;

namespace {
const WorkCalendar& cal() {
    return bianmin::testing::demoReference().calendar;
}
Date day(int y, unsigned m, unsigned d) {
    return Date::fromCivil(y, m, d);
}

// A synthetic item with the given promised limit and step limits, for light arithmetic.
Item itemWith(int promised, std::vector<int> steps = {1, 1, 1}) {
    Item it;
    it.id = "T-001";
    it.caseKind = promised == 0 ? CaseKind::Immediate : CaseKind::Promised;
    it.promisedLimitDays = promised;
    it.legalLimitDays = promised + 10;
    int code = 1;
    for (int s : steps)
        it.steps.push_back({static_cast<StepCode>(code++), s});
    return it;
}

CaseView acceptedOn(Instant t) {
    CaseView c;
    c.status = CaseStatus::Accepted;
    c.acceptedAt = t;
    c.originSiteId = c.holder.siteId = Cast::kHall;
    return c;
}
} // namespace

TEST_CASE("deadlines: due dates count working days over National Day and the year end",
          "[deadlines]") {
    // Accepted Tuesday 2026-09-29, 5 working days: 9-30, 10-8, 10-9, 10-10 (调休 Sat), 10-12.
    CHECK(dueDate(day(2026, 9, 29), 5, 0, cal()) == day(2026, 10, 12));
    // Year end: 2025-12-30 + 3: 12-31, 2026-01-04 (调休 Sunday), 01-05.
    CHECK(dueDate(day(2025, 12, 30), 3, 0, cal()) == day(2026, 1, 5));
    // Spring Festival 2026: accepted Fri 02-13, 2 days: 02-14 (调休 Sat), 02-24.
    CHECK(dueDate(day(2026, 2, 13), 2, 0, cal()) == day(2026, 2, 24));
    // 即办件: due the same day.
    CHECK(dueDate(day(2026, 10, 1), 0, 0, cal()) == day(2026, 10, 1));
}

TEST_CASE("deadlines: the light moves from green to warning, yellow, red and severe",
          "[deadlines]") {
    const Item it = itemWith(5);
    CaseView c = acceptedOn(localTime(2026, 11, 2, 10)); // Monday; due Monday 11-09
    auto at = [&](unsigned d) { return assess(c, it, cal(), localTime(2026, 11, d, 15)).light; };
    CHECK(assess(c, it, cal(), localTime(2026, 11, 2, 15)).due == day(2026, 11, 9));
    CHECK(at(5) == Light::Normal);
    CHECK(at(6) == Light::Warning); // Friday: one working day left
    CHECK(at(7) == Light::Warning); // weekend: still one working day left
    CHECK(at(9) == Light::Yellow);  // the due day
    CHECK(at(10) == Light::Red);
    const Deadline late = assess(c, it, cal(), localTime(2026, 11, 13, 15));
    CHECK(late.overdueDays == 4);
    CHECK(late.light == Light::Red);
    CHECK(at(16) == Light::Severe); // 5 working days over
    CHECK(lightName(Light::Severe) == "严重违规");
}

TEST_CASE("deadlines: paused working days across a holiday push the due date", "[deadlines]") {
    const Item it = itemWith(5);
    CaseView c = acceptedOn(localTime(2026, 9, 28, 9));
    c.status = CaseStatus::InProgress;
    // 特别程序 from Tuesday 9-29 to Friday 10-9: paused 9-29, 9-30, 10-8 = 3 working days.
    c.suspensions.push_back(
        {2, "公示", "局长", 7, localTime(2026, 9, 29, 10), localTime(2026, 10, 9, 10), {}});
    const Deadline d = assess(c, it, cal(), localTime(2026, 10, 9, 11));
    CHECK(d.pausedDays == 3);
    // Without the pause: 9-29, 9-30, 10-8, 10-9, 10-10 → due 10-10; plus 3: 10-12, 10-13, 10-14.
    CHECK(dueDate(day(2026, 9, 28), 5, 0, cal()) == day(2026, 10, 10));
    CHECK(d.due == day(2026, 10, 14));
    // While a pause is open the clock does not run out: today counts as paused.
    CaseView open = acceptedOn(localTime(2026, 11, 2, 9));
    open.status = CaseStatus::Suspended;
    open.suspensions.push_back(
        {1, "延长", "局长", 30, localTime(2026, 11, 3, 9), std::nullopt, {}});
    const Deadline later = assess(open, it, cal(), localTime(2026, 11, 30, 9));
    CHECK_FALSE(later.overdue);
    CHECK(later.suspensionOverrun == false);
    // A special procedure past its own limit is a yellow card.
    open.suspensions.back().limitDays = 5;
    const Deadline over = assess(open, it, cal(), localTime(2026, 11, 30, 9));
    CHECK(over.suspensionOverrun);
    CHECK(over.light == Light::Yellow);
}

TEST_CASE("deadlines: a 即办件 is green on its day and red the next working day", "[deadlines]") {
    const Item it = itemWith(0, {0});
    CaseView c = acceptedOn(localTime(2026, 11, 27, 9)); // Friday
    CHECK(assess(c, it, cal(), localTime(2026, 11, 27, 17)).light == Light::Normal);
    CHECK(assess(c, it, cal(), localTime(2026, 11, 30, 9)).light == Light::Red);
    c.status = CaseStatus::Completed;
    c.completedAt = localTime(2026, 11, 27, 9, 20);
    const Deadline done = assess(c, it, cal(), localTime(2026, 12, 10, 9));
    REQUIRE(done.onTime);
    CHECK(*done.onTime);
    CHECK(done.light == Light::Normal);
}

TEST_CASE("deadlines: completion after the due date is recorded as late", "[deadlines]") {
    const Item it = itemWith(3);
    CaseView c = acceptedOn(localTime(2026, 11, 2, 9)); // due 11-05
    c.status = CaseStatus::Completed;
    c.completedAt = localTime(2026, 11, 6, 9);
    const Deadline d = assess(c, it, cal(), localTime(2026, 12, 1, 9));
    REQUIRE(d.onTime);
    CHECK_FALSE(*d.onTime);
    CHECK(d.overdueDays == 1);
}

TEST_CASE("deadlines: step timeouts, late forwarding, late notices and fees raise cards",
          "[deadlines]") {
    SECTION("a step over its limit is yellow even while the case is in time") {
        const Item it = itemWith(10, {2, 2, 2});
        CaseView c = acceptedOn(localTime(2026, 11, 2, 9));
        c.status = CaseStatus::InProgress;
        c.currentStep = StepCode::Handle;
        c.stepStartedAt = localTime(2026, 11, 2, 9);
        CHECK(assess(c, it, cal(), localTime(2026, 11, 4, 9)).light == Light::Normal);
        const Deadline d = assess(c, it, cal(), localTime(2026, 11, 5, 9));
        CHECK(d.stepOverdue);
        CHECK(d.stepDue == day(2026, 11, 4));
        CHECK(d.light == Light::Yellow);
    }
    SECTION("a first-level site that has not forwarded after one working day") {
        const Item it = itemWith(10);
        CaseView c = acceptedOn(localTime(2026, 11, 2, 9));
        c.forwardsUp = true;
        CHECK_FALSE(assess(c, it, cal(), localTime(2026, 11, 3, 9)).lateForward);
        const Deadline d = assess(c, it, cal(), localTime(2026, 11, 4, 9));
        CHECK(d.lateForward);
        CHECK(d.light == Light::Yellow);
        c.forwardedAt = localTime(2026, 11, 3, 16);
        CHECK_FALSE(assess(c, it, cal(), localTime(2026, 11, 4, 9)).lateForward);
    }
    SECTION("fees outside the standard are a red card") {
        const Item it = itemWith(10);
        CaseView c = acceptedOn(localTime(2026, 11, 2, 9));
        c.fees.push_back({"P1", 99999, false, true});
        CHECK(assess(c, it, cal(), localTime(2026, 11, 3, 9)).light == Light::Red);
    }
    SECTION("no clock before acceptance, none after refusal") {
        const Item it = itemWith(10);
        CaseView c;
        c.status = CaseStatus::Received;
        CHECK_FALSE(assess(c, it, cal(), localTime(2026, 11, 3, 9)).due);
        c = acceptedOn(localTime(2026, 11, 2, 9));
        c.status = CaseStatus::Withdrawn;
        CHECK(assess(c, it, cal(), localTime(2026, 12, 3, 9)).light == Light::Normal);
    }
}

TEST_CASE("deadlines: a case folded from events gets its light from the shared calendar",
          "[deadlines][case]") {
    CaseWorld w;
    w.setTime(localTime(2026, 9, 29, 9));
    w.must(w.cast.clerk, w.receive(w.cast.clerk, "MZJ-006"));
    w.must(w.cast.clerk, AcceptPayload{});
    const Item& it = w.item("MZJ-006"); // promised 20 working days
    const CaseView v = w.view();
    const Deadline d = assess(v, it, cal(), localTime(2026, 9, 30, 9));
    // 20 working days from 9-29 skip the whole National Day week.
    CHECK(d.due == cal().addWorkingDays(day(2026, 9, 29), 20));
    // 9-30, 10-8, 10-9, 10-10 (调休), then 16 more weekdays: Monday 11-02.
    CHECK(d.due == day(2026, 11, 2));
    // Not forwarded by 10-08 (the next working day after 9-30): late forwarding.
    CHECK(assess(v, it, cal(), localTime(2026, 10, 9, 9)).lateForward);
}
