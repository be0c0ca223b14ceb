#include "syncserver/console/case_index.h"

#include "syncserver/admin/case_commands.h"

#include <algorithm>
#include <set>

namespace bianmin::syncd::console {

using namespace bianmin::domain;

namespace {
// Events read per step when catching up.
constexpr std::size_t kBatch = 5000;
} // namespace

bool CaseSummary::readableBy(const std::string& reader) const {
    return std::find(readers.begin(), readers.end(), reader) != readers.end();
}

CaseSummary CaseIndex::summarize(const std::string& caseId, const CaseView& v,
                                 std::vector<std::string> readers,
                                 const refdata::ReferenceData& ref) {
    const FoldContext fold{ref.catalog, ref.org, ref.calendar};
    CaseSummary s;
    s.caseId = caseId;
    s.number = admin::caseNumber(v);
    s.item = v.item;
    s.itemName = admin::itemName(fold, v.item);
    const Item* item = ref.catalog.version(v.item.id, v.item.version);
    s.department = item ? item->department : std::string();
    if (const Site* origin = ref.org.site(v.originSiteId); item && origin)
        s.window = caseWindow(*item, origin->kind, ref.org);
    s.applicant = v.applicant.name;
    s.originSiteId = v.originSiteId;
    s.holder = v.holder;
    s.holderName = admin::holderText(ref.org, v.holder);
    s.status = v.status;
    s.todo = admin::todoOf(v);
    s.receivedAt = v.receivedAt;
    s.acceptedAt = v.acceptedAt;
    s.forwardedAt = v.forwardedAt;
    s.completedAt = v.completedAt;
    s.repliedAt = v.repliedAt;
    s.evaluation = v.evaluation;
    s.rectified = v.rectified;
    s.readers = std::move(readers);
    if (v.status == CaseStatus::None || isFinal(v.status)) {
        if (item) {
            const Instant at = v.completedAt.value_or(v.closedAt.value_or(0));
            s.closedDeadline = assess(v, *item, ref.calendar, at);
            if (v.completedAt && s.closedDeadline.start)
                s.workingDaysUsed =
                    ref.calendar.workingDaysAfter(*s.closedDeadline.start,
                                                  Date::localDateOf(*v.completedAt)) -
                    s.closedDeadline.pausedDays;
            s.workingDaysUsed = std::max(0, s.workingDaysUsed);
        }
    } else {
        s.open = std::make_shared<const CaseView>(v);
    }
    return s;
}

Status CaseIndex::refold(const std::string& caseId, const refdata::ReferenceData& ref,
                         std::map<std::string, CaseSummaryPtr>& into) {
    const FoldContext fold{ref.catalog, ref.org, ref.calendar};
    auto c = admin::findCase(m_store, caseId, fold);
    if (!c)
        return c.error();
    into[caseId] = std::make_shared<const CaseSummary>(
        summarize(c->caseId, c->view, std::move(c->readers), ref));
    return ok();
}

Status CaseIndex::refresh(const std::shared_ptr<const refdata::ReferenceData>& ref) {
    std::lock_guard refreshing(m_refreshMutex);
    std::shared_ptr<std::map<std::string, CaseSummaryPtr>> current;
    std::int64_t through = 0;
    bool sameRef = false;
    {
        std::lock_guard lock(m_mutex);
        current = m_cases;
        through = m_through;
        sameRef = m_ref == ref;
    }
    // A new reference version may change names and limits: fold everything again.
    if (!sameRef)
        through = 0;
    std::set<std::string> changed;
    std::int64_t newest = through;
    while (true) {
        auto refs = m_store.eventsAfter(newest, kBatch);
        if (!refs)
            return refs.error();
        if (refs->empty())
            break;
        for (const auto& r : *refs)
            changed.insert(r.caseId);
        newest = refs->back().serverSeq;
        if (refs->size() < kBatch)
            break;
    }
    if (sameRef && changed.empty())
        return ok();
    // Copy-on-write: readers of the previous snapshot keep it unchanged.
    auto next = sameRef ? std::make_shared<std::map<std::string, CaseSummaryPtr>>(*current)
                        : std::make_shared<std::map<std::string, CaseSummaryPtr>>();
    for (const auto& id : changed)
        if (auto st = refold(id, *ref, *next); !st)
            return st;
    std::lock_guard lock(m_mutex);
    m_cases = std::move(next);
    m_through = newest;
    m_ref = ref;
    return ok();
}

std::vector<CaseSummaryPtr> CaseIndex::snapshot() const {
    std::shared_ptr<std::map<std::string, CaseSummaryPtr>> cases;
    {
        std::lock_guard lock(m_mutex);
        cases = m_cases;
    }
    std::vector<CaseSummaryPtr> out;
    out.reserve(cases->size());
    for (const auto& [id, s] : *cases)
        out.push_back(s);
    return out;
}

std::size_t CaseIndex::size() const {
    std::lock_guard lock(m_mutex);
    return m_cases->size();
}

} // namespace bianmin::syncd::console
