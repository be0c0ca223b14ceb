#pragma once
// StoreSyncService: the SyncService of bianmin-syncd over a ServerStore (SQLite today, PostgreSQL
// later: nothing here depends on the backend) and the domain fold of common/domain — the same
// checkEvent and foldNext the client runs, so the server never re-implements a client rule.
//
// What it enforces (docs/sync.md is the rule book):
// - Accounts: one-time enrollment codes give a device its id and a random 32-byte secret, of
//   which only a hash is kept; a user logs in per device (the user must belong to the device's
//   site, and on a center device serving one department, to that department) and gets a 12-hour
//   session token, also kept as a hash; wrong passwords back off 1 s, 2 s, 4 s … 5 min like the
//   client's offline login; a revoked device is refused on its next request.
// - Push: each event is checked in the order of docs/sync.md — form (the codec), device, actor,
//   partition, fold — and answered accepted / duplicate / conflict / rejected. An event illegal
//   where it lands is stored as a conflict when it was legal at its parent (the fold of the case
//   up to its parentId), and rejected otherwise. Access rows follow the fold: the case's origin
//   and every holder (a department holder as "dept:<name>"). A batch commits before any answer;
//   then the poke sink hears the readers of every case that changed.
// - Admission control and group commit (DESIGN.md §3): pushes wait in one bounded queue for the
//   writer. A push that finds the queue full (maxQueuedPushes) is answered Retryable "busy" at
//   once (HTTP 429 with Retry-After), so a crowd of devices at 8 a.m. waits on their side, not in
//   the server's memory. There is no writer thread: the thread that queues a push when nobody is
//   writing becomes the writer and stores groups until the queue is empty; the others return at
//   once. A group — every push queued meanwhile, up to maxGroupRequests / maxGroupEvents — is one
//   transaction and one fsync. Each push in it runs inside its own savepoint and gets exactly the
//   per-event answers it would get alone (the pushes of a group are checked in queue order, each
//   seeing the ones before it); a push that fails with an error (not a refusal of an event: that
//   is an answer) is rolled back to its savepoint and answered with that error alone. If the
//   transaction itself is lost (the commit fails, or the backend rolled it back), every push of
//   the group is answered with the Retryable error and nothing of it is stored. No answer is given
//   before the commit.
// - Pull: the events of every case the device's readers have an access row for, in the order of
//   the "<key>:<serverSeq>" cursor (key = max(serverSeq, grantedSeq)); see sqlite_server_store.cpp.
//   With skipOwn (docs/sync.md), the events made by the requesting device are left out (it holds
//   them already, with their numbers from the push answers); the server's own events (bind_number)
//   and everyone else's still come. A page then scans on past the device's own events, up to
//   kMaxPullScan stored events, so that a page is rarely empty.
// - Official numbers (docs/sync.md): when a 受理 event is stored and applies to a case that has no
//   official number, the same transaction appends the server's own bind_number event (actor role
//   System, parent = the 受理 event, HLC after it) with the next number of the city's daily
//   counter. The case's fold decides "has no official number", so a duplicate or a second 受理
//   never binds again; the store's unique indexes back that up.
// - The console (the admin CLI today, the web console later): submitAsUser() stores events that a
//   center user makes without a device, through the same checks and the same code as a push, as
//   if from a device of the user's site serving the user's department (kConsoleDeviceId).
// - Writes by another process (the admin CLI on the same database): pokeForeignChanges(), called
//   by the server every few hundred milliseconds, pokes the readers of the cases that changed
//   since its last call through events this service did not store itself (those were poked at
//   once).
//
// Error codes (domain::Error::code), beyond docs/sync.md's list: "wrong_password" (401) and
// "locked" (429, wait in the message) for login, "bad_code" (403) for enrollment. A push that
// would bind a number after the city's 999,999th of the day fails as a whole ("internal", to be
// retried): nothing is stored without its number.
//
// Threading: every method may be called from several worker threads at once. Pushes are
// serialised by the queue above and one mutex (it guards the fold cache and keeps each group's
// checks and writes together); push() waits for its answer, pushAsync() does not; logins, pulls and
// reference downloads run in parallel on the store's read connections. The poke sink is called
// after the commit, outside every lock, on the writing thread (for pokeForeignChanges, on its
// caller's thread). pokeForeignChanges() runs one call at a time (a mutex), alongside pushes.
#include "common/domain/case_fold.h"
#include "syncserver/store/server_store.h"
#include "syncserver/sync/sync_service.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bianmin::syncd {

// The time source; tests move it instead of sleeping.
using Clock = std::function<domain::Instant()>;
domain::Instant systemNow();

inline constexpr domain::Instant kSessionLifetime = std::int64_t{12} * 3600 * 1000;
inline constexpr domain::Instant kEnrollmentCodeLifetime = std::int64_t{7} * 86'400'000;
// The device id of events made at the console (submitAsUser).
inline constexpr const char* kConsoleDeviceId = "console";
// The actor of the server's own events (bind_number).
domain::Actor systemActor(const domain::Org& org);

struct ServiceOptions {
    Clock now;                           // default: the system clock
    std::string serverVersion = "0.1.0"; // reported in hello
    std::size_t cacheCases = 1024;       // folded cases kept for push
    domain::Instant sessionLifetime = kSessionLifetime;
    // Admission control: pushes queued for the writer beyond this are answered "busy" (at least 1).
    // 128 pushes of 200 events take 5–15 s to write on a small server (BENCHMARKS.md), well under
    // the client's 60 s request timeout, and hold some 50–100 MB of decoded events.
    std::size_t maxQueuedPushes = 128;
    // Group commit: at most this many pushes, and (past the first push) about this many events,
    // in one transaction.
    std::size_t maxGroupRequests = 32;
    std::size_t maxGroupEvents = 4000;
};

// What a pull with skipOwn reads at most of the store for one answer (the device's own events it
// leaves out included).
inline constexpr std::size_t kMaxPullScan = 20'000;

// Counters of the push queue, for /metrics and tests.
struct PushQueueStats {
    std::uint64_t groups = 0;   // transactions committed or failed
    std::uint64_t requests = 0; // pushes written in them
    std::uint64_t busy = 0;     // pushes refused because the queue was full
    std::uint64_t maxGroup = 0; // the most pushes in one group so far
    std::size_t queued = 0;     // waiting now
    bool writing = false;       // a thread is writing groups now
};

// --- accounts, shared with the admin commands ------------------------------------------------
// SHA-256 (hex) of a high-entropy secret — a device secret, a session token, an enrollment code —
// under a domain-separating prefix. Such secrets need no slow hash: they cannot be guessed.
std::string hashSecret(std::string_view secret);
// n random bytes as lowercase hex; Retryable "rng_failed".
domain::Result<std::string> randomHex(std::size_t bytes);
// Enrollment codes: 16 characters of an unambiguous alphabet (80 bits), shown as
// XXXX-XXXX-XXXX-XXXX. Typing is forgiving: case, spaces and dashes do not matter.
std::string normalizeEnrollmentCode(std::string_view code);
// Makes and stores a code for the site (and, at the center, a department); returns the code to
// show once. NotFound "unknown_site"; InvalidInput "bad_request" for a department outside the
// center.
domain::Result<std::string> issueEnrollmentCode(ServerStore& store, const std::string& siteId,
                                                const std::string& department, domain::Instant now,
                                                domain::Instant lifetime = kEnrollmentCodeLifetime);
// Checks a user's password as every login does (the sync API's and the console's): unknown and
// inactive users get the same answer as a wrong password; each wrong password locks the user out
// for a doubling delay (1 s, 2 s, … up to a cap); a right one clears the count. NotPermitted
// "wrong_password" | "locked"; InvalidInput "bad_request" for an empty user or password.
domain::Result<UserRecord> checkUserPassword(ServerStore& store, const std::string& userId,
                                             const std::string& password, domain::Instant now);
// The readers a device may read: its site, and for a center device its department.
std::vector<std::string> readersOfDevice(const DeviceRecord& d);
// The reader that holds a case: "dept:<name>" for a department, else the site id.
std::string readerOf(const domain::Holder& h);

// The pull cursor's text form, "<key>:<serverSeq>"; the empty string is the beginning.
std::string formatCursor(const PullCursor& c);
std::optional<PullCursor> parseCursor(std::string_view text);

class StoreSyncService final : public SyncService {
public:
    explicit StoreSyncService(ServerStore& store, ServiceOptions options = {});
    ~StoreSyncService() override;
    StoreSyncService(const StoreSyncService&) = delete;
    StoreSyncService& operator=(const StoreSyncService&) = delete;

    domain::Result<EnrollResponse> enroll(const EnrollRequest& r) override;
    domain::Result<LoginResponse> login(const DeviceAuth& d, const LoginRequest& r) override;
    domain::Result<sync::HelloResponse> hello(const Caller& c,
                                              const sync::HelloRequest& r) override;
    domain::Result<sync::PushResponse> push(const Caller& c, const sync::PushRequest& r) override;
    void pushAsync(const Caller& c, sync::PushRequest&& r, const PushDone& done) override;
    int retryAfterSeconds() const override;
    bool pushQueueFull() const override;
    PushQueueStats pushQueueStats() const;
    domain::Result<sync::PullResponse> pull(const Caller& c, const sync::PullRequest& r) override;
    domain::Result<std::string> reference(const Caller& c) override;
    domain::Result<std::vector<std::string>> readersOf(const Caller& c) override;
    void setPokeSink(std::function<void(const std::vector<std::string>&)> sink) override;

    // Stores events made at the console by a user of the center (active, of the center's site):
    // the checks and answers of a push from a device of the user's site that serves the user's
    // department, the events' actor.deviceId being kConsoleDeviceId. NotFound "unknown_user";
    // NotPermitted "forbidden" for a user outside the center.
    domain::Result<sync::PushResponse> submitAsUser(const std::string& userId,
                                                    const std::vector<domain::Event>& events);
    // Pokes the readers of the cases changed by events stored since the last call that this
    // service did not store itself (another process wrote them). The first call only marks where
    // watching starts. Returns the number of such cases.
    domain::Result<std::size_t> pokeForeignChanges();

private:
    struct Loaded; // one version of the reference data, parsed
    struct Context {
        DeviceRecord device;
        UserRecord user;
        std::vector<std::string> readers;
    };
    // A case as the server has folded it, with its access rows.
    struct CaseEntry {
        std::string caseId;
        domain::CaseView view;
        std::int64_t head = 0; // serverSeq of its last event; 0: no event yet
        std::set<std::string> readers;
    };
    using Users = std::map<std::string, std::optional<UserRecord>, std::less<>>;

    domain::Instant now() const;
    domain::Result<DeviceRecord> checkDevice(const DeviceAuth& d);
    domain::Result<Context> authenticate(const Caller& c);
    domain::Result<std::shared_ptr<const Loaded>> loadReference();
    // A push waiting for the writer.
    struct Pending {
        Context ctx;
        std::vector<domain::Event> events;
        PushDone done;
    };
    // Through the queue, waiting for the answer.
    domain::Result<sync::PushResponse> storeEvents(const Context& ctx,
                                                   std::vector<domain::Event> events, bool admit);
    // Queues the push (refused "busy" when `admit` and the queue is full); the caller becomes the
    // writer when nobody is writing.
    void enqueue(Pending p, bool admit);
    // Writes groups until the queue is empty (the writer only).
    void drain();
    // One group: one transaction, a savepoint per push; answers every push of it.
    void writeGroup(std::vector<Pending>& group);
    // One push inside the group's transaction; an error means this push is undone.
    domain::Result<sync::PushResponse>
    pushEvents(ServerStore::WriteTx& tx, const Context& ctx, const domain::FoldContext& fold,
               const std::vector<domain::Event>& events, std::set<std::string>& touched,
               std::set<std::string>& poke, std::vector<std::int64_t>& stored);
    domain::Result<sync::PushResult>
    pushOne(ServerStore::WriteTx& tx, const Context& ctx, const domain::FoldContext& fold,
            const domain::Event& in, Users& users, std::set<std::string>& touched,
            std::set<std::string>& poke, std::vector<std::int64_t>& stored);
    domain::Status checkActor(const domain::Actor& a, const Context& ctx, Users& users);
    domain::Result<CaseEntry*> caseEntry(ServerStore::WriteTx& tx, const std::string& caseId,
                                         const domain::FoldContext& fold);
    // The fold up to the event's parent; nullopt when the parent is not a stored event of the case.
    domain::Result<std::optional<domain::CaseView>> viewAtParent(ServerStore::WriteTx& tx,
                                                                 const CaseEntry& c,
                                                                 const domain::Event& e,
                                                                 const domain::FoldContext& fold);
    // After a stored 受理: binds the next official number to the case (see above). `accept` is
    // the stored 受理 event; `stored` collects the server sequence numbers used.
    domain::Status bindOfficialNumber(ServerStore::WriteTx& tx, CaseEntry& c,
                                      const domain::Event& accept, const domain::FoldContext& fold,
                                      std::vector<std::int64_t>& stored);
    void forget(const std::string& caseId);
    void pokeReaders(const std::vector<std::string>& readers);

    ServerStore& m_store;
    ServiceOptions m_options;

    std::mutex m_refMutex;
    std::shared_ptr<const Loaded> m_ref;

    std::mutex m_pushMutex; // guards the cache below and serialises pushes
    std::list<CaseEntry> m_lru;
    std::unordered_map<std::string, std::list<CaseEntry>::iterator> m_index;
    std::int64_t m_cacheVersion = 0; // reference version the cached views were folded with

    mutable std::mutex m_queueMutex; // guards the queue, m_writing and the stats below
    std::deque<Pending> m_queue;
    bool m_writing = false; // a thread is writing groups (see drain)
    PushQueueStats m_stats;
    double m_msPerPush = 20; // moving average of the time to write one push, for Retry-After

    std::mutex m_sinkMutex;
    std::function<void(const std::vector<std::string>&)> m_sink;

    std::mutex m_watchMutex;                      // one pokeForeignChanges at a time; guards below
    std::optional<std::int64_t> m_watchedThrough; // set by the first pokeForeignChanges
    std::mutex m_ownMutex;                        // guards m_own
    bool m_recordOwn = false;                     // pokeForeignChanges is in use: record m_own
    std::set<std::int64_t> m_own; // numbers of events this service stored, not yet seen
};

} // namespace bianmin::syncd
