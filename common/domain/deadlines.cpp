#include "common/domain/deadlines.h"

#include <algorithm>

namespace bianmin::domain {

std::string lightName(Light l) {
    switch (l) {
    case Light::Normal:
        return "正常";
    case Light::Warning:
        return "预警";
    case Light::Yellow:
        return "黄牌";
    case Light::Red:
        return "红牌";
    case Light::Severe:
        return "严重违规";
    }
    return {};
}

int pausedWorkingDays(const CaseView& c, const WorkCalendar& cal, Instant now,
                      std::optional<Instant> since) {
    int n = 0;
    for (const auto& p : c.suspensions) {
        if (since && p.end && *p.end < *since)
            continue;
        Date from = Date::localDateOf(p.start);
        if (since)
            from = std::max(from, Date::localDateOf(*since));
        const Date to = p.end ? Date::localDateOf(*p.end) : Date::localDateOf(now).plusDays(1);
        n += cal.workingDaysIn(from, to);
    }
    return n;
}

Date dueDate(Date start, int promisedDays, int pausedDays, const WorkCalendar& cal) {
    return cal.addWorkingDays(start, promisedDays + pausedDays);
}

std::optional<Date> rectifyDue(const CaseView& c, const WorkCalendar& cal) {
    if (!c.evaluation || !c.evaluation->poor())
        return std::nullopt;
    return cal.addWorkingDays(Date::localDateOf(c.evaluation->at), kRectifyLimitDays);
}

namespace {
void raise(Deadline& d, Light to, std::string why) {
    if (static_cast<int>(to) > static_cast<int>(d.light))
        d.light = to;
    d.reasons.push_back(std::move(why));
}
} // namespace

Deadline assess(const CaseView& c, const Item& item, const WorkCalendar& cal, Instant now) {
    Deadline d;
    if (!c.acceptedAt)
        return d; // no promised clock before 受理
    const bool completed = c.status == CaseStatus::Completed;
    const bool open = !isFinal(c.status);
    if (!open && !completed)
        return d; // refused, voided, returned, withdrawn, reported up: no clock to watch
    const Instant at = completed && c.completedAt ? *c.completedAt : now;
    const Date today = Date::localDateOf(at);

    d.start = Date::localDateOf(*c.acceptedAt);
    d.pausedDays = pausedWorkingDays(c, cal, at);
    d.due = dueDate(*d.start, item.promisedLimitDays, d.pausedDays, cal);
    d.legalDue = dueDate(*d.start, item.legalLimitDays, d.pausedDays, cal);
    d.overdue = today > *d.due;
    d.overdueDays = d.overdue ? cal.workingDaysAfter(*d.due, today) : 0;
    if (completed) {
        d.onTime = !d.overdue;
        return d; // a closed case has no light; onTime feeds the statistics
    }

    if (d.overdue) {
        // Past the due date on a rest day, no working day has been lost yet: say when it was due.
        raise(d, d.overdueDays >= kSevereOverdueDays ? Light::Severe : Light::Red,
              d.overdueDays > 0 ? "已超过承诺时限" + std::to_string(d.overdueDays) + "个工作日"
                                : "已过承诺办结期限（" + d.due->iso() + "）");
    } else if (today == *d.due && item.promisedLimitDays > 0) {
        raise(d, Light::Yellow, "今日为承诺办结期限");
    } else if (cal.workingDaysAfter(today, *d.due) == 1 && item.promisedLimitDays > 0) {
        raise(d, Light::Warning, "距承诺办结期限还有1个工作日");
    }

    // The current step against its own limit.
    if (c.status == CaseStatus::InProgress && c.currentStep && c.stepStartedAt) {
        const int limit = item.stepLimit(*c.currentStep);
        const Date stepStart = Date::localDateOf(*c.stepStartedAt);
        const int paused = pausedWorkingDays(c, cal, now, c.stepStartedAt);
        d.stepDue = cal.addWorkingDays(stepStart, limit + paused);
        if (today > *d.stepDue) {
            d.stepOverdue = true;
            raise(d, Light::Yellow, stepName(*c.currentStep) + "环节超时");
        }
    }

    // First-level forwarding: a site that cannot finish the case passes it up within one
    // working day of 受理.
    if (c.forwardsUp) {
        const Date fwdDue = cal.addWorkingDays(*d.start, kForwardLimitDays);
        const Date fwd = c.forwardedAt ? Date::localDateOf(*c.forwardedAt) : today;
        if (fwd > fwdDue) {
            d.lateForward = true;
            raise(d, Light::Yellow, "基层转报超时");
        }
    }

    if (const Suspension* sp = c.openSuspension(); sp && sp->kind != 0 && sp->limitDays > 0) {
        const Date spDue = cal.addWorkingDays(Date::localDateOf(sp->start), sp->limitDays);
        if (today > spDue) {
            d.suspensionOverrun = true;
            raise(d, Light::Yellow, "特别程序超过时限");
        }
    }
    if (c.lateNotice)
        raise(d, Light::Yellow, "逾期出具一次性告知，视为自收件之日起受理");
    if (c.feeViolation())
        raise(d, Light::Red, "收费超出标准");
    return d;
}

} // namespace bianmin::domain
