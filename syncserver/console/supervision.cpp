#include "syncserver/console/supervision.h"

#include <algorithm>
#include <map>

namespace bianmin::syncd::console {

using namespace bianmin::domain;

namespace {

std::optional<double> ratio(long n, long d) {
    if (d <= 0)
        return std::nullopt;
    return static_cast<double>(n) / static_cast<double>(d);
}

bool within(const std::optional<Instant>& t, Date from, Date to) {
    if (!t)
        return false;
    const Date d = Date::localDateOf(*t);
    return from <= d && d <= to;
}

// Adds one case to a row of statistics; `light` is set for open cases.
void count(Stats& s, const CaseSummary& c, std::optional<Light> light, Date from, Date to) {
    const bool received = within(c.receivedAt, from, to);
    s.received += received ? 1 : 0;
    s.accepted += within(c.acceptedAt, from, to) ? 1 : 0;
    s.refused += (received && c.status == CaseStatus::Refused) ? 1 : 0;
    if (within(c.completedAt, from, to)) {
        ++s.completed;
        s.onTime += c.closedDeadline.onTime.value_or(false) ? 1 : 0;
        s.workingDaysSum += c.workingDaysUsed;
    }
    if (c.evaluation && within(c.evaluation->at, from, to)) {
        ++s.evaluated;
        if (c.evaluation->poor()) {
            ++s.poor;
            s.poorRectified += c.rectified ? 1 : 0;
        } else {
            ++s.satisfied;
        }
    }
    if (light) {
        ++s.open;
        s.red += (*light == Light::Red || *light == Light::Severe) ? 1 : 0;
        s.yellow += *light == Light::Yellow ? 1 : 0;
    }
}

} // namespace

bool CaseFilter::matches(const CaseSummary& c) const {
    return (reader.empty() || c.readableBy(reader)) &&
           (department.empty() || c.department == department) &&
           (siteId.empty() || c.originSiteId == siteId) &&
           (itemId.empty() || c.item.id == itemId) && (window.empty() || c.window == window);
}

bool CaseFilter::matches(const Deadline& d) const {
    if (light && d.light != *light)
        return false;
    if (problem.empty())
        return true;
    if (problem == "overdue")
        return d.overdue;
    if (problem == "step")
        return d.stepOverdue;
    if (problem == "forward")
        return d.lateForward;
    if (problem == "suspension")
        return d.suspensionOverrun;
    return false;
}

std::optional<double> Stats::onTimeRate() const {
    return ratio(onTime, completed);
}
std::optional<double> Stats::avgWorkingDays() const {
    return ratio(workingDaysSum, completed);
}
std::optional<double> Stats::refusalRate() const {
    return ratio(refused, accepted + refused);
}
std::optional<double> Stats::satisfactionRate() const {
    return ratio(satisfied, evaluated);
}

std::vector<OpenCase> openCases(const std::vector<CaseSummaryPtr>& cases,
                                const refdata::ReferenceData& ref, Instant now,
                                const CaseFilter& filter) {
    std::vector<OpenCase> out;
    for (const auto& c : cases) {
        if (!c->isOpen() || !filter.matches(*c))
            continue;
        const Item* item = ref.catalog.version(c->item.id, c->item.version);
        if (!item)
            continue;
        Deadline d = assess(*c->open, *item, ref.calendar, now);
        if (!filter.matches(d))
            continue;
        out.push_back({c, std::move(d)});
    }
    std::sort(out.begin(), out.end(), [](const OpenCase& a, const OpenCase& b) {
        if (a.deadline.light != b.deadline.light)
            return static_cast<int>(a.deadline.light) > static_cast<int>(b.deadline.light);
        const auto da = a.deadline.due.value_or(Date::fromCivil(9999, 12, 31));
        const auto db = b.deadline.due.value_or(Date::fromCivil(9999, 12, 31));
        if (da != db)
            return da < db;
        return a.c->caseId < b.c->caseId;
    });
    return out;
}

StatsReport statistics(const std::vector<CaseSummaryPtr>& cases, const refdata::ReferenceData& ref,
                       Date from, Date to, Instant now, const CaseFilter& filter) {
    StatsReport r;
    r.from = from;
    r.to = to;
    std::map<std::string, StatsRow> byDept;
    std::map<std::string, StatsRow> bySite;
    std::map<std::string, StatsRow> byWindow;
    std::map<std::string, StatsRow> byItem;
    for (const auto& c : cases) {
        if (!filter.matches(*c))
            continue;
        std::optional<Light> light;
        if (c->isOpen())
            if (const Item* item = ref.catalog.version(c->item.id, c->item.version))
                light = assess(*c->open, *item, ref.calendar, now).light;
        count(r.total, *c, light, from, to);
        auto row = [&](std::map<std::string, StatsRow>& m, const std::string& key,
                       const std::string& name) {
            auto& x = m[key];
            x.key = key;
            x.name = name;
            count(x.stats, *c, light, from, to);
        };
        row(byDept, c->department, c->department);
        const Site* site = ref.org.site(c->originSiteId);
        row(bySite, c->originSiteId, site ? site->name : c->originSiteId);
        row(byWindow, c->window, c->window);
        row(byItem, c->item.id, c->itemName);
    }
    for (auto* m : {&byDept, &bySite, &byWindow, &byItem}) {
        auto& into = m == &byDept     ? r.byDepartment
                     : m == &bySite   ? r.bySite
                     : m == &byWindow ? r.byWindow
                                      : r.byItem;
        for (auto& [k, v] : *m)
            into.push_back(std::move(v));
    }
    return r;
}

} // namespace bianmin::syncd::console
