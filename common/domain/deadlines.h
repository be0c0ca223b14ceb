#pragma once
// Deadlines and lights (电子监察). The promised clock starts at 受理 (or at receipt when the 5-day
// notice rule was missed) and counts working days on the shared calendar; paused time (特别程序 and
// 补正 after 受理) is added back. The light of an open case at an instant:
//   红牌 5   past the due date, or fees outside the item's standard;
//   严重违规 6 past the due date by 5 working days or more;
//   黄牌 2   the due date is today (the limit is reached), or a step ran over its step limit, or
//   the
//            first-level site forwarded late (> 1 working day after 受理), or a 特别程序 ran over
//            its own limit, or the one-time notice came after the 5-day limit;
//   预警 1   today is the last working day before the due date;
//   正常 0   otherwise. A 即办件 is due the day it is accepted and stays green that day.
#include "common/domain/calendar.h"
#include "common/domain/case_fold.h"
#include "common/domain/catalog.h"

#include <optional>
#include <string>
#include <vector>

namespace bianmin::domain {

enum class Light { Normal = 0, Warning = 1, Yellow = 2, Red = 5, Severe = 6 };
std::string lightName(Light l); // 正常 / 预警 / 黄牌 / 红牌 / 严重违规

// A first-level site must pass a case up within this many working days of 受理.
constexpr int kForwardLimitDays = 1;
// A one-time notice must come within this many working days of receipt (Art. 32).
constexpr int kNoticeLimitDays = 5;
// A poor rating is rectified within this many working days.
constexpr int kRectifyLimitDays = 15;
constexpr int kSevereOverdueDays = 5;

struct Deadline {
    std::optional<Date> start; // local date the clock started
    std::optional<Date> due;   // promised due date, paused days included
    std::optional<Date> legalDue;
    int pausedDays = 0;  // working days paused so far
    int overdueDays = 0; // working days past the due date (at `now`, or at completion)
    bool overdue = false;
    std::optional<bool> onTime;  // for completed cases
    std::optional<Date> stepDue; // the current step's due date
    bool stepOverdue = false;
    bool lateForward = false;
    bool suspensionOverrun = false;
    Light light = Light::Normal;
    std::vector<std::string> reasons; // why the light is not green, for people
};

// Working days paused in [from, until): each pause counts from its start date to the day before
// it ended, or through `now`'s date while it is still open.
int pausedWorkingDays(const CaseView& c, const WorkCalendar& cal, Instant now,
                      std::optional<Instant> since = std::nullopt);
Date dueDate(Date start, int promisedDays, int pausedDays, const WorkCalendar& cal);
Deadline assess(const CaseView& c, const Item& item, const WorkCalendar& cal, Instant now);
// Due date for the rectification of a poor rating, if there is one.
std::optional<Date> rectifyDue(const CaseView& c, const WorkCalendar& cal);

} // namespace bianmin::domain
