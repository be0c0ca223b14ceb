#pragma once
// The client's event store: one SQLite file (WAL) per device holding every case event it has
// made or pulled, the projections the screens read, the outbox, the reference data and the
// keyring. See DESIGN.md §2 and schema.h for the tables.
//
// Every append validates the event with the domain fold (the same check the server runs), then
// writes the sealed event, the case projection, the search index and the outbox entry in one
// transaction. Appending an event id that is already stored is a no-op. A batch pulled from the
// server is applied in one transaction with the new cursor, so an interrupted sync resumes where
// it stopped; events that arrive before their case's first event are kept aside (`pending`) and
// folded once it arrives.
//
// Threading: not thread-safe. One store worker thread owns an EventStore and its connection; the
// UI talks to that thread by queued signals (client/core) and never runs SQL itself.
#include "common/domain/case_fold.h"
#include "common/domain/deadlines.h"
#include "common/refdata/reference_files.h"
#include "common/store/crypto.h"
#include "common/store/sqlite.h"

#include <filesystem>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace bianmin::store {

// Time source, so tests can move the clock instead of sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    virtual domain::Instant now() const = 0;
};
class SystemClock final : public Clock {
public:
    domain::Instant now() const override;
};

enum class AppendOutcome { Appended, Duplicate };

struct CaseRow { // one line of the case list
    std::string caseId;
    std::string provisionalNumber;
    std::string officialNumber;
    std::string itemId;
    std::string itemName;
    std::string window;
    domain::CaseStatus status = domain::CaseStatus::None;
    std::string applicantName;
    std::string holderSite;
    domain::Instant receivedAt = 0;
    domain::Instant updatedAt = 0;
    std::optional<domain::Date> due;
    domain::Light light = domain::Light::Normal;
    bool conflict = false;
};

enum class SortOrder { ReceivedNewestFirst, DueSoonestFirst };

struct SearchQuery {
    std::string text; // name fragment, case-number fragment, full ID number or its last 6
    std::optional<domain::CaseStatus> status;
    bool openOnly = false;
    std::string itemId;
    std::string window;
    std::optional<domain::Light> light;          // at `now`
    std::optional<domain::Instant> receivedFrom; // inclusive
    std::optional<domain::Instant> receivedTo;   // exclusive
    SortOrder order = SortOrder::ReceivedNewestFirst;
    int limit = 50;
    std::string after; // keyset cursor from the previous page; empty for the first
};

struct SearchPage {
    std::vector<CaseRow> rows;
    std::string next; // cursor for the next page; empty at the end
};

// Cases received in a period, by window and current status (the counter's statistics).
struct StatRow {
    std::string window;
    domain::CaseStatus status = domain::CaseStatus::None;
    std::int64_t count = 0;
};

// A local event the server refused, with its reason.
struct RejectedEvent {
    std::string eventId;
    std::string caseId;
    std::string type;
    std::string code;
    std::string message;
    domain::Instant at = 0;
};

// The applicant's and agent's personal data, kept sealed in the store.
struct CaseSecrets {
    domain::Party applicant;
    std::optional<domain::Party> agent;
};

class EventStore {
public:
    struct Options {
        const Clock* clock = nullptr; // default: the system clock
        crypto::KdfParams kdf = crypto::KdfParams::interactive();
        std::size_t cacheCases = 2048; // folded cases kept in memory
    };

    // Opens (creating if needed) and migrates the store. Locked until unlock() or
    // createKeyring(); reference data is read from the file if present.
    static Result<std::unique_ptr<EventStore>> open(const std::filesystem::path& path,
                                                    Options options);
    static Result<std::unique_ptr<EventStore>> open(const std::filesystem::path& path) {
        return open(path, Options{});
    }
    ~EventStore();

    // --- keys and login ---------------------------------------------------------------------
    bool hasKeyring();
    // A new store: makes the data key and wraps it for the first user.
    Status createKeyring(const std::string& userId, const std::string& password);
    // Offline login: unwraps the data key with this user's password. A wrong password is
    // refused ("wrong_password") and the next attempt is refused ("locked", with the wait) for
    // 1 s, 2 s, 4 s … up to 5 minutes after consecutive failures.
    Status unlock(const std::string& userId, const std::string& password);
    // Gives another local user access (requires an unlocked store).
    Status addUser(const std::string& userId, const std::string& password);
    bool unlocked() const { return m_dataKey.has_value(); }
    void lock();

    // --- reference data ---------------------------------------------------------------------
    // Stores the three documents (validated together first) and uses them from now on.
    Status putReference(const std::string& orgText, const std::string& catalogText,
                        const std::string& calendarText, int version);
    Status putReference(const refdata::ReferencePaths& files, int version);
    bool hasReference() const { return m_ref != nullptr; }
    const refdata::ReferenceData& reference() const { return *m_ref; }
    // The same data, shared: immutable, so another thread (the GUI) may keep and read it.
    std::shared_ptr<const refdata::ReferenceData> referenceShared() const { return m_ref; }

    // --- other connections ------------------------------------------------------------------
    // The client runs two connections on one file: the store worker's (screens) and the sync
    // worker's (pulled batches, reference downloads). Before each request a connection calls
    // this: when another connection has committed since (PRAGMA data_version), the folded-case
    // cache is dropped and the reference data re-read, so nothing stale is ever checked against.
    // Returns whether anything changed.
    Result<bool> noticeExternalChanges();

    // --- events -----------------------------------------------------------------------------
    // A local event: validated, stored, projected and queued for push, in one transaction.
    Result<AppendOutcome> append(const domain::Event& e);
    // Several local events in one transaction (all or nothing).
    Result<int> appendAll(std::span<const domain::Event> events);
    // Events pulled from the server, in server order, with the cursor to store.
    Status applyPulled(std::span<const domain::Event> events, const std::string& cursor);
    std::string pullCursor();
    // Local events not yet acknowledged by the server, oldest first.
    Result<std::vector<domain::Event>> outbox(int limit);
    Result<int> outboxSize();
    // The server refused this event for good: it leaves the outbox and the fold, and is listed
    // by rejectedEvents() with the reason. If it was its case's first event, the case goes too.
    Status markRejected(const std::string& eventId, const std::string& code,
                        const std::string& message);
    Result<std::vector<RejectedEvent>> rejectedEvents();
    // Small device settings (device id, server address, last sync…), kept in the store.
    Status setMeta(const std::string& key, const std::string& value);
    // The next daily sequence for a provisional case number of `siteId` on `day`: one more than
    // both this device's last and the highest of the site's cases the store holds for that day
    // (a sibling device's, pulled), so two devices of one site collide only while both are
    // offline, and the center's official number tells them apart even then. Kept in meta.
    Result<int> nextProvisionalSequence(const std::string& siteId, domain::Date day);
    std::string meta(const std::string& key);
    // The server stored these events under these sequence numbers.
    Status acknowledge(std::span<const std::pair<std::string, std::int64_t>> idToServerSeq);

    // --- reading ----------------------------------------------------------------------------
    Result<domain::CaseView> caseView(const std::string& caseId);
    Result<std::vector<domain::Event>> caseEvents(const std::string& caseId);
    // The largest HLC among the case's events, read from its column (nothing is decrypted or
    // decoded): a new event on the case is stamped after it. Hlc{} when the case has none.
    Result<domain::Hlc> latestHlc(const std::string& caseId);
    Result<CaseSecrets> caseSecrets(const std::string& caseId);
    Result<SearchPage> search(const SearchQuery& q);
    // The same, abandoned early (Conflict "superseded") once `stop` returns true; it is asked
    // every few thousand steps of SQLite's engine. The screens pass "a newer search came in", so
    // a short prefix that matches half the city never delays the keystroke after it.
    Result<SearchPage> search(const SearchQuery& q, const std::function<bool()>& stop);
    Result<std::int64_t> caseCount();
    // Cases received on days in [from, to), by window and status.
    Result<std::vector<StatRow>> statistics(domain::Date from, domain::Date to);
    // Rebuilds every projection from the events (after a schema change or for a check).
    Status rebuildProjections();

    // The store's clock (the system clock unless a test set one).
    domain::Instant now() const { return m_options.clock->now(); }

    Db& db() { return *m_db; } // tests and benchmarks only

private:
    EventStore(std::unique_ptr<Db> db, Options options);
    Status requireReady() const;
    Status loadReference();
    // The case folded from its events in the file; `syncedThrough`, when given, is set as in
    // CachedCase.
    Result<domain::CaseView> foldFromDb(const std::string& caseId,
                                        std::optional<std::int64_t>* syncedThrough = nullptr);
    // Decodes rows of (id, sealed body, server_seq).
    Result<std::vector<domain::Event>> readEvents(Stmt& s);
    // Seals and inserts the event (and its outbox or pending entry); false, writing nothing, if
    // its id is stored already.
    Result<bool> writeEvent(const domain::Event& e, bool outbox, bool pending);
    struct StatKey {
        std::int32_t day = 0;
        std::string window;
        std::string itemId;
        int status = 0;
        auto operator<=>(const StatKey&) const = default;
        bool operator==(const StatKey&) const = default;
    };
    // What project() last wrote to a case's row: enough to update the row, its search entries
    // and its statistics without reading the row back first.
    struct ProjectedRow {
        std::int64_t rowid = 0;
        std::string applicantName;
        std::string provisionalNumber;
        std::string officialNumber;
        std::string itemName;
        StatKey stat;
    };
    // `peopleKept`: the applicant and agent are those the row already holds (sealed, hashed).
    // `cachedRow`: the row as this connection last wrote it, when known (otherwise it is read
    // from the file); it is updated to what this call writes.
    Status project(const domain::CaseView& v, domain::Instant updatedAt, int eventCount,
                   bool peopleKept = false, std::optional<ProjectedRow>* cachedRow = nullptr);
    // Takes a case's entry out of the search index, which keeps no copy of the text it indexed
    // and must be given that text.
    Status unindexText(std::int64_t rowid, std::string_view numbers, std::string_view applicant,
                       std::string_view item);
    // Validates, folds and writes one event; its case's projection waits in m_pending until
    // flushProjections(), before the commit.
    Result<AppendOutcome> appendInTx(const domain::Event& e);
    // A case appended to in the current transaction: its row, search entries and statistics are
    // written once, from the state after its last event, instead of once per event (a case's
    // status, holder and due date change several times in one transaction and only the last
    // values reach the file).
    struct PendingProjection {
        std::string caseId;
        domain::Instant updatedAt = 0; // the device time of its last event
        bool started = false;          // the case had a row before the transaction
        domain::Party applicant;       // the people that row holds (sealed, hashed)
        std::optional<domain::Party> agent;
    };
    // Writes the pending projections, in the order the cases were first appended to.
    Status flushProjections();
    void clearPending();
    // Statistics changes are summed in memory during a transaction and written by flushStats()
    // just before its commit: a case's status changes several times in one transaction (收件,
    // 告知, 补正, 受理 …), and most of those changes cancel out.
    void bumpStat(const StatKey& k, int delta);
    Status flushStats();
    Status dropCase(const std::string& caseId);
    Result<bool> eventExists(const std::string& id);
    struct CachedCase {
        domain::CaseView view;
        std::optional<ProjectedRow> row; // unknown when the case was folded only to be read
        // Set when every event folded into `view` has its server number, to the largest: events
        // pulled later (larger numbers) fold after them, so they are folded into `view` instead of
        // folding the case again from the file. Unset by a local append.
        std::optional<std::int64_t> syncedThrough;
    };
    void remember(CachedCase c);
    void forget(const std::string& caseId);
    void forgetAll();
    CachedCase* cached(const std::string& caseId);
    // The cached fold of the case, or, when it is not cached, the fold from the file put in
    // `loaded` (the caller remembers it if it should stay).
    Result<CachedCase*> cachedOrLoaded(const std::string& caseId, CachedCase& loaded);
    std::string indexHash(std::string_view domainName, std::string_view value) const;

    std::unique_ptr<Db> m_db;
    Options m_options;
    SystemClock m_systemClock;
    std::shared_ptr<const refdata::ReferenceData> m_ref;
    std::optional<crypto::Key> m_dataKey;
    std::optional<crypto::IndexKey> m_indexKey; // the blind-index subkey, while unlocked
    std::optional<crypto::Sealer> m_sealer;     // seals under the data key, while unlocked
    std::int64_t m_dataVersion = -1;            // PRAGMA data_version last seen
    std::int64_t m_referenceVersion = -1;
    // A small LRU of folded cases: appends to one case come in bursts.
    std::list<CachedCase> m_lru;
    std::unordered_map<std::string, std::list<CachedCase>::iterator> m_lruIndex;
    std::map<StatKey, std::int64_t> m_statDelta;                 // see bumpStat
    std::vector<PendingProjection> m_pending;                    // see PendingProjection
    std::unordered_map<std::string, std::size_t> m_pendingIndex; // case id -> m_pending index
};

} // namespace bianmin::store
