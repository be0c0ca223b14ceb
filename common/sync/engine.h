#pragma once
// The client's sync engine (DESIGN.md §3, docs/sync.md): one round is hello, then push the outbox
// in batches, then pull until the server says there is no more.
//
// Why it survives a cut at any point: push is idempotent by event id, so an answer lost on the
// wire is repaired by pushing the same events again (the server answers "duplicate" with the
// first sequence number); a pulled batch is applied in one transaction with the cursor it came
// with, so the next round asks again from the last batch that was really stored. Nothing the
// engine keeps in memory is needed to resume: the outbox and the cursor live in the store.
//
// After a failed round the engine waits before trying by itself again: base·2^(failures-1),
// capped at max, then ±jitter, from a seeded generator so tests can predict it. When the server
// said how long to wait (429 "busy" with Retry-After), the wait is that instead, plus up to
// `jitter` of it (never less), so that the devices it turned away do not all come back in the same
// second: the server knows how long its queue is, a blind doubling does not. A
// refusal of the credentials (NotPermitted: revoked device, expired token) stops automatic retries
// until credentialsChanged(): retrying cannot help and would only hammer the server. A protocol
// version the server does not speak ("version") is reported as such, never misread.
//
// The last success and the last error are kept in the store's meta table, so the UI shows them
// after a restart, and the last error travels with the next hello to the server's sync monitor.
//
// Own events: a device's pull need not bring back the events it pushed itself (it holds them, with
// their serverSeq from the push answers), and with skipOwn the server leaves them out. That is safe
// only when the store holds every event ever stored under its device id, which the meta key
// kMetaOwnEventsComplete (the device id) records. It is set (a) by noteNewDevice(), right after
// enrollment gave this store a device id that nobody used before, and (b) by the engine when a
// pull catches up while the key is not set for this device: every pull of this store was then a
// full one, from its first (empty) cursor on, so the store has every event of its device that the
// server had, and every later one is made here. A store wiped and set up again under the same
// device id has no key: its first round brings its old events back, then (b) sets it. Rejected
// events are not stored by the server (nothing to leave out); conflicting ones are, and the push
// answer gave their number; bind_number events are the server's, so they always come.
#include "common/domain/result.h"
#include "common/store/event_store.h"
#include "common/sync/protocol.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>

namespace bianmin::sync {

// The wire, behind an interface: HTTPS in the client, a fake in unit tests. Expected failures are
// values whose kind tells the engine what to do:
//   Retryable     no connection, timeout, 5xx, 429 busy     → back off and try again
//   NotPermitted  401/403: bad or revoked device, expired   → stop retrying until the
//                 or wrong token, forbidden                   credentials change
//   InvalidInput  400 (and 413): the server refused the form → back off (a bug on one side)
//   Conflict      409 "version": protocol version mismatch   → back off; the client needs updating
// Threading: called on the thread that runs SyncEngine::runRound.
class Transport {
public:
    virtual ~Transport() = default;
    virtual domain::Result<HelloResponse> hello(const HelloRequest& request) = 0;
    virtual domain::Result<PushResponse> push(const PushRequest& request) = 0;
    virtual domain::Result<PullResponse> pull(const PullRequest& request) = 0;
    // How long the server asked to be left alone (HTTP Retry-After, in ms) with its answer to the
    // last call, when that call failed and the server said so; none otherwise.
    virtual std::optional<domain::Instant> retryAfter() const { return std::nullopt; }
};

// The error a transport returns for an HTTP error status and its body (code and message taken
// from the body when it has them), with the kind above.
domain::Error httpError(int status, const ErrorBody& body);
// The error for a failure before any answer (connect, TLS, timeout, reset): Retryable, "network".
domain::Error networkError(std::string message);

enum class SyncState {
    Idle,     // no round since the engine started
    Syncing,  // a round is running
    UpToDate, // the last round pushed everything and pulled until the server had no more
    Offline,  // the last round failed on a Retryable transport error (no network, busy, 5xx)
    Error,    // the last round failed for another reason (see lastError), e.g. the store
};
std::string_view syncStateKey(SyncState s); // "idle", "syncing", "up_to_date", "offline", "error"

struct SyncError {
    domain::ErrorKind kind = domain::ErrorKind::Retryable;
    std::string code; // stable machine code: "network", "revoked", "version", "busy", …
    std::string message;
    domain::Instant at = 0;
};

// What a UI shows about sync.
struct Progress {
    SyncState state = SyncState::Idle;
    std::int64_t eventsToPush = 0;                // the outbox, as of the last look
    std::int64_t pulledThisRound = 0;             // events pulled by the running (or last) round
    std::int64_t pulledTotal = 0;                 // events pulled since the engine started
    std::optional<domain::Instant> lastSuccessAt; // kept across restarts
    std::optional<SyncError> lastError;           // kept across restarts; cleared by a success
    std::optional<domain::Instant> nextAttemptAt; // after a failure: when to try again by itself
    // The server refused the credentials: no automatic round until credentialsChanged().
    bool retriesStopped = false;
};

struct RoundReport {
    int pushed = 0; // accepted
    int duplicates = 0;
    int conflicts = 0;
    int rejected = 0;
    int pulled = 0;
    std::optional<HelloResponse> hello; // the server's answer, when hello got through
    std::optional<domain::Error> error;
    bool ok() const { return !error.has_value(); }
};

// Threading: not thread-safe. Runs on the store worker thread, which owns the EventStore; the
// progress callback is called on that thread, during runRound.
class SyncEngine {
public:
    struct Options {
        std::string deviceId;
        std::string siteId;
        std::string clientVersion;
        int pushBatch = 200;                  // clamped to 1..kMaxPushEvents
        int pullLimit = 1000;                 // clamped to 1..kMaxPullEvents
        domain::Instant backoffBase = 2'000;  // ms
        domain::Instant backoffMax = 300'000; // ms
        double jitter = 0.2;                  // ± this fraction of the delay
        std::uint64_t seed = 0x62'69'61'6e;   // for the jitter
    };

    // Meta keys in the store.
    static constexpr const char* kMetaLastSuccess = "sync_last_success_at";
    static constexpr const char* kMetaLastError = "sync_last_error";
    static constexpr const char* kMetaOwnEventsComplete = "sync_own_events_complete";

    // Records that this store holds every event of `deviceId` — call it right after enrollment
    // gave the store that (new) device id, before any round (see "Own events" above).
    static domain::Status noteNewDevice(store::EventStore& store, const std::string& deviceId);

    // Reads the last success and last error from the store's meta.
    SyncEngine(store::EventStore& store, Transport& transport, const store::Clock& clock,
               Options options);

    // One round: hello, push the whole outbox, pull until caught up. Stops at the first error,
    // which the report carries; what was done before it stays done.
    RoundReport runRound();

    const Progress& progress() const { return m_progress; }
    void setProgressCallback(std::function<void(const Progress&)> callback) {
        m_callback = std::move(callback);
    }

    // After a failed round, the earliest time for an automatic retry; none after a success, before
    // any round, or while retries are stopped.
    std::optional<domain::Instant> nextAttemptAt() const { return m_progress.nextAttemptAt; }
    bool retriesStopped() const { return m_progress.retriesStopped; }
    // Whether a scheduler may start a round now: retries not stopped and the backoff has passed.
    bool attemptDue() const;
    int consecutiveFailures() const { return m_failures; }
    // New device credential or user token: automatic retries may resume at once.
    void credentialsChanged();

private:
    domain::Status hello(RoundReport& report);
    domain::Status pushOutbox(RoundReport& report);
    domain::Status pullAll(RoundReport& report);
    domain::Status refreshOutboxSize();
    domain::Status succeed();
    void fail(const domain::Error& error);
    domain::Instant backoffDelay();
    void notify();
    void loadMeta();

    store::EventStore& m_store;
    Transport& m_transport;
    const store::Clock& m_clock;
    Options m_options;
    std::mt19937_64 m_rng;
    Progress m_progress;
    int m_failures = 0;
    bool m_transportFailed = false; // this round's error came from the transport
    std::function<void(const Progress&)> m_callback;
};

} // namespace bianmin::sync
