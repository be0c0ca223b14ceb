#pragma once
// 电子监察 over the case index: the light of every open case at an instant, and the statistics
// of a date range, both restricted to what the caller may read (docs/console.md).
//
// How the statistics count (a hand count on fixed data must give the same numbers):
//   received   cases whose 收件 falls in the range (local dates, both ends included)
//   accepted   cases whose promised clock started (受理) in the range
//   refused    cases received in the range and not accepted (不予受理)
//   completed  cases completed (办结) in the range; onTime of them were on time by their
//              deadline; avgWorkingDays is the mean of working days from the clock's start to
//              completion, paused days left out
//   evaluated  ratings given in the range; satisfied: 非常满意, 满意 or 基本满意 (levels 1–3);
//              poor: 不满意 or 非常不满意 (4–5); poorRectified: poor ones marked rectified
//   open, red, yellow   open cases now, and of them those with a red card (红牌 or 严重违规) or a
//              yellow card (黄牌), whatever the range
//   rates      onTimeRate = onTime / completed; refusalRate = refused / (accepted + refused);
//              satisfactionRate = satisfied / evaluated; absent when the divisor is 0
// Grouping: by the item's department, by the site that received the case, by the window that
// took it, by item.
//
// Threading: pure functions of their arguments.
#include "syncserver/console/case_index.h"

#include <optional>
#include <string>
#include <vector>

namespace bianmin::syncd::console {

struct CaseFilter {
    std::string reader;     // only cases this reader may read; empty: every case
    std::string department; // the item's department (name); empty: any
    std::string siteId;     // the receiving site; empty: any
    std::string itemId;     // empty: any
    std::string window;     // the window that took it (民政, 综合 …); empty: any
    std::optional<domain::Light> light;
    // Open cases only: "overdue" (past the due date), "step" (a step over its limit), "forward"
    // (a first-level site forwarded late), "suspension" (a 特别程序 over its limit); empty: any.
    std::string problem;
    bool matches(const CaseSummary& c) const;
    bool matches(const domain::Deadline& d) const;
};

struct OpenCase {
    CaseSummaryPtr c;
    domain::Deadline deadline; // at the instant asked for
};

// Open cases with their lights at `now`, worst light first, then earliest due date.
std::vector<OpenCase> openCases(const std::vector<CaseSummaryPtr>& cases,
                                const refdata::ReferenceData& ref, domain::Instant now,
                                const CaseFilter& filter);

struct Stats {
    int received = 0;
    int accepted = 0;
    int refused = 0;
    int completed = 0;
    int onTime = 0;
    long workingDaysSum = 0;
    int evaluated = 0;
    int satisfied = 0;
    int poor = 0;
    int poorRectified = 0;
    int open = 0;
    int red = 0;
    int yellow = 0;
    std::optional<double> onTimeRate() const;
    std::optional<double> avgWorkingDays() const;
    std::optional<double> refusalRate() const;
    std::optional<double> satisfactionRate() const;
};

struct StatsRow {
    std::string key;
    std::string name;
    Stats stats;
};

struct StatsReport {
    domain::Date from;
    domain::Date to;
    Stats total;
    std::vector<StatsRow> byDepartment;
    std::vector<StatsRow> bySite;
    std::vector<StatsRow> byWindow;
    std::vector<StatsRow> byItem;
};

StatsReport statistics(const std::vector<CaseSummaryPtr>& cases, const refdata::ReferenceData& ref,
                       domain::Date from, domain::Date to, domain::Instant now,
                       const CaseFilter& filter);

inline constexpr double kSatisfactionTarget = 0.95;

} // namespace bianmin::syncd::console
