#pragma once
// The server's storage, as an interface: SQLite (WAL) is the embedded default
// (sqlite_server_store.h); a PostgreSQL backend for a province implements the same interface
// later, so nothing here names an SQL dialect. What is stored (docs/sync.md):
//
// - accounts: sites, users (slow salted password hashes, role, site, department, grade, active,
//   login failures), devices (a hash of their secret, never the secret; revocation; what the last
//   hello reported, for the sync monitor), one-time enrollment codes (hashes), sessions (hashes of
//   their tokens, bound to a device and a user);
// - events: every accepted or conflicting event, as its canonical JSON text without the server
//   sequence (the text its author hashed), numbered by `serverSeq`;
// - access rows (case, reader, grantedSeq): who may read a case, from the event that first gave
//   them the case; a reader is a site id or "dept:<name>";
// - reference documents: org, catalog and calendar, versioned together;
// - case numbers: the provisional number each case was received under and the official number
//   the server bound to it (docs/sync.md, Official case numbers), to find a case by either; and
//   the city's daily counter that official numbers are drawn from.
//
// Invariants every backend keeps:
// - serverSeq is assigned in commit order: a reader that sees event n sees every event below n.
//   (One writer at a time gives this for free; a backend with concurrent writers must serialise
//   event inserts or hand out numbers at commit.) Pull cursors depend on it.
// - Events and access rows are never updated or deleted; an event and the access rows it grants
//   commit together (WriteTx).
// - Secrets (device secrets, session tokens, enrollment codes) are stored only as hashes.
// - An official number is bound to one case and a case has at most one. The daily counter goes
//   up with every committed draw and never down, so no number is bound twice; a draw in a
//   transaction that rolls back is simply drawn again by the next one (nothing was bound).
//
// Threading: every method may be called from any thread at once, except that a WriteTx belongs to
// the thread that began it, and that thread must not call the store's other writing methods while
// it holds the WriteTx (they wait for the same writer).
#include "common/domain/date.h"
#include "common/domain/org.h"
#include "common/domain/result.h"

#include <atomic>
#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bianmin::syncd {

struct SiteRecord {
    std::string id; // 12-digit code
    std::string name;
    domain::SiteKind kind = domain::SiteKind::Room;
    std::string parentId; // a room's hall, a hall's center; empty for the center
};

struct UserRecord {
    std::string id;
    std::string name;
    domain::Role role = domain::Role::Clerk;
    std::string siteId;
    std::string department; // for department staff at the center
    domain::Grade grade = domain::Grade::None;
    std::string passwordHash; // "pw1$…", see common/store/crypto.h
    bool active = true;
    int failedLogins = 0;            // consecutive wrong passwords
    domain::Instant lockedUntil = 0; // no login attempt is checked before this
};

struct DeviceRecord {
    std::string id;
    std::string name;
    std::string siteId;
    std::string department; // set for a center device that serves one department
    std::string secretHash;
    domain::Instant enrolledAt = 0;
    std::optional<domain::Instant> revokedAt;
    // What the device said in its last hello, for the sync monitor.
    domain::Instant lastSeen = 0;
    std::string clientVersion;
    std::int64_t backlog = 0;
    std::string lastError;
};

struct EnrollmentCodeRecord {
    std::string codeHash;
    std::string siteId;
    std::string department;
    domain::Instant createdAt = 0;
    domain::Instant expiresAt = 0;
    std::optional<domain::Instant> usedAt;
    std::string deviceId; // the device it enrolled, once used
};

struct SessionRecord {
    std::string tokenHash;
    std::string deviceId;
    std::string userId;
    domain::Instant createdAt = 0;
    domain::Instant expiresAt = 0;
};

struct HelloReport {
    std::string clientVersion;
    std::int64_t backlog = 0;
    std::string lastError;
    domain::Instant at = 0;
};

struct StoredEvent {
    std::int64_t serverSeq = 0;
    std::string id;
    std::string caseId;
    std::string body; // canonical event JSON without serverSeq
};

struct NewEvent {
    std::string id;
    std::string caseId;
    std::string body;
    domain::Instant storedAt = 0;
};

// A position in a device's pull order: events sort by key = max(serverSeq, grantedSeq), then by
// serverSeq (docs/sync.md, Partitions).
struct PullCursor {
    std::int64_t key = 0;
    std::int64_t seq = 0;
    auto operator<=>(const PullCursor&) const = default;
};

// An event's number and case, without its body (what changed since a point in time).
struct EventRef {
    std::int64_t serverSeq = 0;
    std::string caseId;
};

enum class CaseNumberKind { Provisional, Official };

struct PulledEvent {
    PullCursor position;
    std::string body;
};

struct PullPage {
    std::vector<PulledEvent> events; // in cursor order, all after the requested cursor
    PullCursor next;                 // where the next pull starts
    bool more = false;               // events after `next` exist already
};

// The three reference documents, one version.
struct ReferenceSet {
    std::int64_t version = 0;
    std::string org;      // resources/org/*.json
    std::string catalog;  // resources/catalog/*.json
    std::string calendar; // resources/calendar/*.tsv
};

// A signed-in session of the web console. The cookie holds the token; only its hash is stored.
struct ConsoleSessionRecord {
    std::string tokenHash;
    std::string userId;
    domain::Instant createdAt = 0;
    domain::Instant expiresAt = 0;
    std::string remote; // the address it signed in from
};

// One action taken at the console, kept for ever (audit log).
struct AuditRecord {
    std::int64_t seq = 0; // assigned by the store
    domain::Instant at = 0;
    std::string userId;
    std::string action; // "login", "login_failed", "take-in", "complete", …
    std::string target; // a case id, a user id, a device id …; may be empty
    std::string detail; // short text for people
    std::string remote;
    bool ok = true; // false: refused
};

// An edited catalog item not yet published (console, catalog management): the item's JSON in the
// catalog file's format (docs/seed-formats.md), one draft per item id.
struct CatalogDraftRecord {
    std::string itemId;
    std::string body;
    std::string userId;
    domain::Instant updatedAt = 0;
};

// 督办: a supervision notice to the unit responsible for a case, and its reply.
struct SupervisionNoticeRecord {
    std::int64_t id = 0; // assigned by the store
    std::string caseId;
    std::string unit; // the reader that held the case: a site id or "dept:<name>"
    std::string reason;
    std::string issuedBy;
    domain::Instant issuedAt = 0;
    domain::Instant replyDue = 0;
    std::string reply;
    std::string repliedBy;
    std::optional<domain::Instant> repliedAt;
};

enum class RedeemOutcome { Enrolled, UnknownCode, UsedCode, ExpiredCode };

class ServerStore {
public:
    virtual ~ServerStore() = default;

    // A number no other ServerStore object of this process has had: caches of what was read
    // from a store (decoded events, parsed reference data) are keyed by it, so that two stores
    // in one process never share an entry.
    std::uint64_t instanceId() const { return m_instanceId; }

    // --- sites and users ----------------------------------------------------------------------
    // Inserts or updates, all in one transaction.
    virtual domain::Status putSites(const std::vector<SiteRecord>& sites) = 0;
    domain::Status putSite(const SiteRecord& site) { return putSites({site}); }
    virtual domain::Result<std::optional<SiteRecord>> site(const std::string& id) = 0;
    virtual domain::Result<std::vector<SiteRecord>> sites() = 0;

    // All or none, in one transaction: Conflict "user_exists" when an id is taken, NotFound
    // "unknown_site" for a site that does not exist.
    virtual domain::Status createUsers(const std::vector<UserRecord>& users) = 0;
    domain::Status createUser(const UserRecord& user) { return createUsers({user}); }
    virtual domain::Result<std::optional<UserRecord>> user(const std::string& id) = 0;
    virtual domain::Result<std::vector<UserRecord>> usersOfSite(const std::string& siteId) = 0;
    virtual domain::Result<std::int64_t> userCount() = 0;
    // Also clears the login failures. NotFound "unknown_user".
    virtual domain::Status setPassword(const std::string& userId, const std::string& hash) = 0;
    virtual domain::Status setUserActive(const std::string& userId, bool active) = 0;
    // Counts one more wrong password (atomically) and returns the new count.
    virtual domain::Result<int> addLoginFailure(const std::string& userId) = 0;
    virtual domain::Status setLockedUntil(const std::string& userId, domain::Instant until) = 0;
    virtual domain::Status clearLoginFailures(const std::string& userId) = 0;

    // --- devices, enrollment and sessions -----------------------------------------------------
    virtual domain::Status createEnrollmentCode(const EnrollmentCodeRecord& code) = 0;
    // Atomically: checks the code (unknown, used, expired at `now`), marks it used and creates
    // the device with the code's site and department. On Enrolled, `device` is what was stored.
    virtual domain::Result<RedeemOutcome> redeemEnrollmentCode(const std::string& codeHash,
                                                               domain::Instant now,
                                                               DeviceRecord& device) = 0;
    virtual domain::Result<std::optional<DeviceRecord>> device(const std::string& id) = 0;
    virtual domain::Result<std::vector<DeviceRecord>> devices() = 0;
    // Revokes the device and ends its sessions; false when there is no such device. Revoking
    // twice keeps the first time.
    virtual domain::Result<bool> revokeDevice(const std::string& id, domain::Instant now) = 0;
    virtual domain::Status recordHello(const std::string& deviceId, const HelloReport& r) = 0;

    virtual domain::Status createSession(const SessionRecord& s) = 0;
    virtual domain::Result<std::optional<SessionRecord>> session(const std::string& tokenHash) = 0;
    virtual domain::Result<std::int64_t> purgeSessions(domain::Instant expiredBefore) = 0;

    // --- console sessions and the audit log -----------------------------------------------------
    virtual domain::Status createConsoleSession(const ConsoleSessionRecord& s) = 0;
    virtual domain::Result<std::optional<ConsoleSessionRecord>>
    consoleSession(const std::string& tokenHash) = 0;
    // Ends the session (also expired ones are removed); ending twice is fine.
    virtual domain::Status endConsoleSession(const std::string& tokenHash) = 0;
    virtual domain::Status appendAudit(const AuditRecord& r) = 0;
    // The newest records with seq < beforeSeq (0: from the newest), newest first.
    virtual domain::Result<std::vector<AuditRecord>> auditLog(std::int64_t beforeSeq,
                                                              std::size_t limit) = 0;

    virtual domain::Status putCatalogDraft(const CatalogDraftRecord& d) = 0; // insert or replace
    virtual domain::Result<std::vector<CatalogDraftRecord>> catalogDrafts() = 0;
    virtual domain::Status deleteCatalogDraft(const std::string& itemId) = 0;

    // Returns the new notice's id.
    virtual domain::Result<std::int64_t> addSupervisionNotice(const SupervisionNoticeRecord& n) = 0;
    // Every notice, newest first.
    virtual domain::Result<std::vector<SupervisionNoticeRecord>> supervisionNotices() = 0;
    // Records the reply; false when there is no such notice or it has a reply already.
    virtual domain::Result<bool> replySupervisionNotice(std::int64_t id, const std::string& reply,
                                                        const std::string& userId,
                                                        domain::Instant at) = 0;

    // --- events -------------------------------------------------------------------------------
    // One write transaction: reads see its own writes; nothing is visible to others before
    // commit(); destroying it without commit() rolls back. Only one is open at a time per store
    // (others wait in beginWrite).
    class WriteTx {
    public:
        virtual ~WriteTx() = default;
        virtual domain::Result<std::optional<StoredEvent>> eventById(const std::string& id) = 0;
        // The highest serverSeq of the case; 0 when it has no event.
        virtual domain::Result<std::int64_t> caseHead(const std::string& caseId) = 0;
        // Every event of the case, by serverSeq.
        virtual domain::Result<std::vector<StoredEvent>> caseEvents(const std::string& caseId) = 0;
        virtual domain::Result<std::vector<std::string>> caseReaders(const std::string& caseId) = 0;
        // Stores the event; returns its serverSeq. Conflict "duplicate_event" if the id exists.
        virtual domain::Result<std::int64_t> appendEvent(const NewEvent& e) = 0;
        // Adds the access row unless the reader has one for the case already.
        virtual domain::Status grantAccess(const std::string& caseId, const std::string& reader,
                                           std::int64_t grantedSeq) = 0;
        // Draws the next number of the city's counter for `day` (YYYYMMDD): 1 for the first of
        // the day, then 2, 3 … Safe against every other writer, in this process or another: the
        // counter lives in the write transaction.
        virtual domain::Result<std::int64_t> nextOfficialSequence(const std::string& cityCode,
                                                                  const std::string& day) = 0;
        // Records a number under which the case is found. A provisional number already recorded
        // for the case is fine; Conflict "number_taken" for an official number that is bound
        // already or a case that has an official number already.
        virtual domain::Status addCaseNumber(const std::string& caseId, const std::string& number,
                                             CaseNumberKind kind) = 0;
        // A savepoint inside the transaction, so that part of it can be taken back while the
        // rest stays (one request of a group commit whose events failed). One at a time:
        // savepoint(), then either releaseSavepoint() (keep what was written since) or
        // rollbackToSavepoint() (undo it; the transaction stays open). An error from either
        // means the transaction as a whole is lost (the backend rolled it back): abandon it.
        virtual domain::Status savepoint() = 0;
        virtual domain::Status releaseSavepoint() = 0;
        virtual domain::Status rollbackToSavepoint() = 0;
        virtual domain::Status commit() = 0;
    };
    virtual domain::Result<std::unique_ptr<WriteTx>> beginWrite() = 0;

    // Events of the cases any of `readers` has an access row for, after `after` in pull order, at
    // most `limit` of them, read from one consistent snapshot. InvalidInput "bad_request" when
    // `after` lies beyond the newest event (a cursor this store never handed out).
    virtual domain::Result<PullPage> pull(const std::vector<std::string>& readers, PullCursor after,
                                          std::size_t limit) = 0;
    virtual domain::Result<std::vector<StoredEvent>> caseEvents(const std::string& caseId) = 0;
    // The case's events with a serverSeq above `afterSeq`, by serverSeq: what was stored since a
    // reader last looked (a case's events only ever grow, in serverSeq order).
    virtual domain::Result<std::vector<StoredEvent>> caseEventsAfter(const std::string& caseId,
                                                                     std::int64_t afterSeq) = 0;
    virtual domain::Result<std::int64_t> lastServerSeq() = 0;
    // The events stored after `serverSeq`, in order, at most `limit` of them: what changed.
    virtual domain::Result<std::vector<EventRef>> eventsAfter(std::int64_t serverSeq,
                                                              std::size_t limit) = 0;
    // The readers with an access row for any of the cases, sorted, each once.
    virtual domain::Result<std::vector<std::string>>
    readersOfCases(const std::vector<std::string>& caseIds) = 0;
    // The cases a reader has an access row for (it holds or held them), sorted.
    virtual domain::Result<std::vector<std::string>> casesOfReader(const std::string& reader) = 0;
    // The cases found under a provisional or official number (normally one), sorted.
    virtual domain::Result<std::vector<std::string>> casesByNumber(const std::string& number) = 0;

    // --- reference data -----------------------------------------------------------------------
    // Stores a new version; Conflict "stale_reference" unless it is above every stored version.
    virtual domain::Status putReference(const ReferenceSet& ref) = 0;
    virtual domain::Result<std::int64_t> referenceVersion() = 0; // 0: none yet
    virtual domain::Result<std::optional<ReferenceSet>> reference(std::int64_t version) = 0;

private:
    static inline std::atomic<std::uint64_t> s_instances{0};
    const std::uint64_t m_instanceId = ++s_instances;
};

} // namespace bianmin::syncd
