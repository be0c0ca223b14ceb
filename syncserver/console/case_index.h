#pragma once
// Every case the server holds, folded and summarised in memory for the console's supervision
// and statistics (docs/console.md). The events table is the truth; the index follows it by
// server sequence (ServerStore::eventsAfter) and re-folds each case that changed from its stored
// events, so it also sees events written by another process (the admin CLI). A new reference
// version re-folds everything.
//
// Memory: a closed case keeps only its summary (a few hundred bytes); an open case also keeps its
// fold, because its light depends on the time it is looked at.
//
// Threading: refresh() and the readers may be called from any thread; refreshes run one at a time
// and apply their changes at once under an exclusive lock, so a reader sees the index before or
// after a refresh, never half of one; the entries are immutable.
#include "common/domain/case_fold.h"
#include "common/domain/deadlines.h"
#include "common/refdata/reference_files.h"
#include "syncserver/store/server_store.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace bianmin::syncd::console {

struct CaseSummary {
    std::string caseId;
    std::string number; // official, else provisional
    domain::ItemRef item;
    std::string itemName;
    std::string department; // the item's department (its name)
    std::string window;     // the window that took it at the receiving site
    std::string applicant;
    std::string originSiteId;
    domain::Holder holder;
    std::string holderName;
    domain::CaseStatus status = domain::CaseStatus::None;
    std::string todo;
    std::optional<domain::Instant> receivedAt;
    std::optional<domain::Instant> acceptedAt;
    std::optional<domain::Instant> forwardedAt;
    std::optional<domain::Instant> completedAt;
    std::optional<domain::Instant> repliedAt;
    std::optional<domain::Evaluation> evaluation;
    bool rectified = false;
    std::vector<std::string> readers; // access rows: site ids and "dept:<name>"
    // Closed cases: the deadline as it stood when the case closed (on time, working days used).
    domain::Deadline closedDeadline;
    int workingDaysUsed = 0; // from the clock's start to completion (completed cases)
    // Open cases: the fold, to assess the light at any instant.
    std::shared_ptr<const domain::CaseView> open;

    bool isOpen() const { return open != nullptr; }
    bool readableBy(const std::string& reader) const;
};

using CaseSummaryPtr = std::shared_ptr<const CaseSummary>;

class CaseIndex {
public:
    explicit CaseIndex(ServerStore& store)
        : m_store(store) {}

    // Brings the index up to the store's newest event. Cheap when nothing changed; otherwise it
    // costs the cases that changed (each re-folded from its events), not the size of the index.
    domain::Status refresh(const std::shared_ptr<const refdata::ReferenceData>& ref);
    // Every case, in no particular order.
    std::vector<CaseSummaryPtr> snapshot() const;
    // The cases a unit holds now (open, or completed and not yet replied), from an index by
    // holder: a department's inbox does not scan the city's cases.
    std::vector<CaseSummaryPtr> heldBy(const domain::Holder& holder) const;
    std::size_t size() const;

    // The summary of one folded case (also used by tests).
    static CaseSummary summarize(const std::string& caseId, const domain::CaseView& v,
                                 std::vector<std::string> readers,
                                 const refdata::ReferenceData& ref);

private:
    domain::Result<CaseSummaryPtr> refold(const std::string& caseId,
                                          const refdata::ReferenceData& ref);
    void put(CaseSummaryPtr s); // under the exclusive lock

    ServerStore& m_store;
    std::mutex m_refreshMutex;         // one refresh at a time
    mutable std::shared_mutex m_mutex; // guards the fields below; readers share it
    std::unordered_map<std::string, CaseSummaryPtr> m_cases;
    std::map<domain::Holder, std::set<std::string>> m_byHolder; // case ids by current holder
    std::int64_t m_through = 0;                          // the newest server sequence folded in
    std::shared_ptr<const refdata::ReferenceData> m_ref; // what the entries were folded with
};

} // namespace bianmin::syncd::console
