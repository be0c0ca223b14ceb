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

Result<CaseSummaryPtr> CaseIndex::refold(const std::string& caseId,
                                         const refdata::ReferenceData& ref) {
    const FoldContext fold{ref.catalog, ref.org, ref.calendar};
    auto c = admin::findCase(m_store, caseId, fold);
    if (!c)
        return c.error();
    return std::make_shared<const CaseSummary>(
        summarize(c->caseId, c->view, std::move(c->readers), ref));
}

namespace {
// Held by a unit: open, or completed and not yet replied to the origin.
bool isHeld(const CaseSummary& s) {
    const bool completed = s.status == CaseStatus::Completed;
    return !((completed && s.repliedAt) || (isFinal(s.status) && !completed));
}
} // namespace

void CaseIndex::put(CaseSummaryPtr s) {
    auto& slot = m_cases[s->caseId];
    if (slot && isHeld(*slot)) {
        auto it = m_byHolder.find(slot->holder);
        if (it != m_byHolder.end()) {
            it->second.erase(slot->caseId);
            if (it->second.empty())
                m_byHolder.erase(it);
        }
    }
    if (isHeld(*s))
        m_byHolder[s->holder].insert(s->caseId);
    slot = std::move(s);
}

Status CaseIndex::refresh(const std::shared_ptr<const refdata::ReferenceData>& ref) {
    std::lock_guard refreshing(m_refreshMutex);
    std::int64_t through = 0;
    bool sameRef = false;
    {
        std::shared_lock lock(m_mutex);
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
    // Folded outside the lock (readers go on with the entries as they were), applied at once.
    std::vector<CaseSummaryPtr> next;
    next.reserve(changed.size());
    for (const auto& id : changed) {
        auto s = refold(id, *ref);
        if (!s)
            return s.error();
        next.push_back(std::move(*s));
    }
    std::unique_lock lock(m_mutex);
    if (!sameRef) {
        m_cases.clear();
        m_byHolder.clear();
    }
    for (auto& s : next)
        put(std::move(s));
    m_through = newest;
    m_ref = ref;
    return ok();
}

std::vector<CaseSummaryPtr> CaseIndex::snapshot() const {
    std::shared_lock lock(m_mutex);
    std::vector<CaseSummaryPtr> out;
    out.reserve(m_cases.size());
    for (const auto& [id, s] : m_cases)
        out.push_back(s);
    return out;
}

std::vector<CaseSummaryPtr> CaseIndex::heldBy(const Holder& holder) const {
    std::shared_lock lock(m_mutex);
    std::vector<CaseSummaryPtr> out;
    const auto it = m_byHolder.find(holder);
    if (it == m_byHolder.end())
        return out;
    out.reserve(it->second.size());
    for (const auto& id : it->second)
        out.push_back(m_cases.at(id));
    return out;
}

std::size_t CaseIndex::size() const {
    std::shared_lock lock(m_mutex);
    return m_cases.size();
}

} // namespace bianmin::syncd::console
