#include "common/sync/engine.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace bianmin::sync {

namespace json = boost::json;
using domain::Error;
using domain::ErrorKind;
using domain::Instant;
using domain::Status;

namespace {

struct KindKey {
    ErrorKind kind;
    std::string_view key;
};
constexpr std::array<KindKey, 5> kKinds{{{ErrorKind::InvalidInput, "invalid_input"},
                                         {ErrorKind::NotPermitted, "not_permitted"},
                                         {ErrorKind::Conflict, "conflict"},
                                         {ErrorKind::NotFound, "not_found"},
                                         {ErrorKind::Retryable, "retryable"}}};

std::string_view kindKey(ErrorKind k) {
    for (const auto& e : kKinds)
        if (e.kind == k)
            return e.key;
    return "retryable";
}

std::optional<ErrorKind> kindFromKey(std::string_view s) {
    for (const auto& e : kKinds)
        if (e.key == s)
            return e.kind;
    return std::nullopt;
}

// The last error as the hello carries it: short, cut at a UTF-8 boundary.
constexpr std::size_t kHelloErrorBytes = 300;
std::string helloError(const std::optional<SyncError>& e) {
    if (!e)
        return {};
    std::string s = e->code + ": " + e->message;
    if (s.size() <= kHelloErrorBytes)
        return s;
    std::size_t n = kHelloErrorBytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0U) == 0x80U)
        --n;
    s.resize(n);
    return s;
}

Error badResponse(std::string message) {
    return domain::invalidInput("bad_response", "the sync server's answer: " + std::move(message));
}

std::optional<Instant> parseInstant(const std::string& s) {
    if (s.empty())
        return std::nullopt;
    Instant v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9' || v > (std::numeric_limits<Instant>::max() - 9) / 10)
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::string errorToMeta(const SyncError& e, bool retriesStopped) {
    json::object o;
    o["kind"] = kindKey(e.kind);
    o["code"] = e.code;
    o["message"] = e.message;
    o["at"] = e.at;
    o["retriesStopped"] = retriesStopped;
    return json::serialize(o);
}

std::optional<SyncError> errorFromMeta(const std::string& text, bool& retriesStopped) {
    retriesStopped = false;
    if (text.empty())
        return std::nullopt;
    boost::system::error_code ec;
    const json::value v = json::parse(text, ec);
    const json::object* o = ec ? nullptr : v.if_object();
    if (!o)
        return std::nullopt;
    const auto str = [o](std::string_view key) -> std::string {
        const json::value* x = o->if_contains(key);
        return x && x->is_string() ? std::string(x->get_string()) : std::string();
    };
    SyncError e;
    e.kind = kindFromKey(str("kind")).value_or(ErrorKind::Retryable);
    e.code = str("code");
    e.message = str("message");
    const json::value* at = o->if_contains("at");
    e.at = at && at->is_int64() ? at->get_int64() : 0;
    const json::value* stopped = o->if_contains("retriesStopped");
    retriesStopped = stopped && stopped->is_bool() && stopped->get_bool();
    return e;
}

} // namespace

Error httpError(int status, const ErrorBody& body) {
    ErrorKind kind = ErrorKind::InvalidInput;
    std::string code = "bad_request";
    if (status == 401 || status == 403) {
        kind = ErrorKind::NotPermitted;
        code = status == 401 ? "bad_device" : "forbidden";
    } else if (status == 404) {
        kind = ErrorKind::NotFound;
        code = "not_found";
    } else if (status == 409) {
        kind = ErrorKind::Conflict;
        code = "version";
    } else if (status == 413) {
        code = "too_large";
    } else if (status == 429) {
        kind = ErrorKind::Retryable;
        code = "busy";
    } else if (status >= 500) {
        kind = ErrorKind::Retryable;
        code = "internal";
    }
    return Error{kind, body.code.empty() ? code : body.code,
                 body.message.empty() ? "HTTP status " + std::to_string(status) : body.message};
}

Error networkError(std::string message) {
    return Error{ErrorKind::Retryable, "network", std::move(message)};
}

std::string_view syncStateKey(SyncState s) {
    switch (s) {
    case SyncState::Idle:
        return "idle";
    case SyncState::Syncing:
        return "syncing";
    case SyncState::UpToDate:
        return "up_to_date";
    case SyncState::Offline:
        return "offline";
    case SyncState::Error:
        return "error";
    }
    return "idle";
}

SyncEngine::SyncEngine(store::EventStore& store, Transport& transport, const store::Clock& clock,
                       Options options)
    : m_store(store)
    , m_transport(transport)
    , m_clock(clock)
    , m_options(std::move(options))
    , m_rng(m_options.seed) {
    m_options.pushBatch = std::clamp(m_options.pushBatch, 1, static_cast<int>(kMaxPushEvents));
    m_options.pullLimit = std::clamp(m_options.pullLimit, 1, static_cast<int>(kMaxPullEvents));
    m_options.backoffBase = std::max<Instant>(m_options.backoffBase, 1);
    m_options.backoffMax = std::max(m_options.backoffMax, m_options.backoffBase);
    m_options.jitter = std::clamp(m_options.jitter, 0.0, 0.9);
    loadMeta();
}

void SyncEngine::loadMeta() {
    m_progress.lastSuccessAt = parseInstant(m_store.meta(kMetaLastSuccess));
    // A refused credential stays refused across a restart: the user must log in again first.
    m_progress.lastError = errorFromMeta(m_store.meta(kMetaLastError), m_progress.retriesStopped);
    if (m_progress.retriesStopped)
        m_progress.state = SyncState::Error;
    if (auto n = m_store.outboxSize())
        m_progress.eventsToPush = *n;
}

bool SyncEngine::attemptDue() const {
    if (m_progress.retriesStopped)
        return false;
    return !m_progress.nextAttemptAt || m_clock.now() >= *m_progress.nextAttemptAt;
}

void SyncEngine::credentialsChanged() {
    m_progress.retriesStopped = false;
    m_progress.nextAttemptAt.reset();
    m_failures = 0;
    if (m_progress.state == SyncState::Error)
        m_progress.state = SyncState::Idle;
    notify();
}

void SyncEngine::notify() {
    if (m_callback)
        m_callback(m_progress);
}

RoundReport SyncEngine::runRound() {
    RoundReport report;
    m_progress.state = SyncState::Syncing;
    m_progress.pulledThisRound = 0;
    m_transportFailed = false;
    Status st = refreshOutboxSize();
    notify();
    if (st)
        st = hello(report);
    if (st)
        st = pushOutbox(report);
    if (st)
        st = pullAll(report);
    if (st) {
        st = succeed();
        if (st) {
            notify();
            return report;
        }
    }
    const Error error = st.error();
    fail(error);
    report.error = error;
    return report;
}

Status SyncEngine::refreshOutboxSize() {
    auto n = m_store.outboxSize();
    if (!n)
        return n.error();
    m_progress.eventsToPush = *n;
    return domain::ok();
}

Status SyncEngine::hello(RoundReport& report) {
    HelloRequest req;
    req.protocolVersion = kProtocolVersion;
    req.clientVersion = m_options.clientVersion;
    req.deviceId = m_options.deviceId;
    req.siteId = m_options.siteId;
    req.outboxSize = m_progress.eventsToPush;
    req.lastError = helloError(m_progress.lastError);
    auto res = m_transport.hello(req);
    if (!res) {
        m_transportFailed = true;
        if (res.error().code != "version")
            return res.error();
        return Error{ErrorKind::Conflict, "version",
                     "this client (" + m_options.clientVersion + ", sync protocol version " +
                         std::to_string(kProtocolVersion) +
                         ") and the sync server do not speak the same protocol version: update "
                         "the client (" +
                         res.error().message + ")"};
    }
    if (res->protocolVersion != kProtocolVersion)
        return Error{ErrorKind::Conflict, "version",
                     "the sync server speaks protocol version " +
                         std::to_string(res->protocolVersion) + " and this client (" +
                         m_options.clientVersion + ") version " + std::to_string(kProtocolVersion) +
                         ": update the " +
                         (res->protocolVersion > kProtocolVersion ? "client" : "server")};
    report.hello = std::move(*res);
    return domain::ok();
}

Status SyncEngine::pushOutbox(RoundReport& report) {
    while (true) {
        auto batch = m_store.outbox(m_options.pushBatch);
        if (!batch)
            return batch.error();
        if (batch->empty())
            return domain::ok();
        const std::int64_t before = m_progress.eventsToPush;
        PushRequest req;
        req.events = std::move(*batch);
        auto res = m_transport.push(req);
        if (!res) {
            m_transportFailed = true;
            return res.error();
        }
        const auto& results = res->results;
        if (results.size() != req.events.size())
            return badResponse(std::to_string(results.size()) + " push results for " +
                               std::to_string(req.events.size()) + " events");
        std::vector<std::pair<std::string, std::int64_t>> acks;
        std::vector<const PushResult*> refused;
        for (std::size_t i = 0; i < results.size(); ++i) {
            const PushResult& r = results[i];
            if (r.eventId != req.events[i].id)
                return badResponse("push result " + std::to_string(i) + " is for event " +
                                   r.eventId + ", not " + req.events[i].id);
            if (r.outcome == PushOutcome::Rejected) {
                refused.push_back(&r);
                continue;
            }
            if (!r.serverSeq)
                return badResponse("push result " + std::to_string(i) +
                                   " has no server sequence number");
            acks.emplace_back(r.eventId, *r.serverSeq);
        }
        if (auto st = m_store.acknowledge(acks); !st)
            return st;
        for (const PushResult* r : refused)
            if (auto st = m_store.markRejected(r->eventId, r->code, r->message); !st)
                return st;
        for (const auto& r : results) {
            switch (r.outcome) {
            case PushOutcome::Accepted:
                ++report.pushed;
                break;
            case PushOutcome::Duplicate:
                ++report.duplicates;
                break;
            case PushOutcome::Conflict:
                ++report.conflicts;
                break;
            case PushOutcome::Rejected:
                ++report.rejected;
                break;
            }
        }
        if (auto st = refreshOutboxSize(); !st)
            return st;
        notify();
        // Every event of the batch has left the outbox; if not, stop rather than loop.
        if (m_progress.eventsToPush >= before)
            return Error{ErrorKind::Conflict, "outbox_stuck",
                         "pushed events did not leave the outbox"};
    }
}

Status SyncEngine::noteNewDevice(store::EventStore& store, const std::string& deviceId) {
    if (deviceId.empty())
        return domain::invalidInput("bad_request", "no device id");
    return store.setMeta(kMetaOwnEventsComplete, deviceId);
}

Status SyncEngine::pullAll(RoundReport& report) {
    std::string cursor = m_store.pullCursor();
    const bool skipOwn =
        !m_options.deviceId.empty() && m_store.meta(kMetaOwnEventsComplete) == m_options.deviceId;
    while (true) {
        PullRequest req;
        req.cursor = cursor;
        req.limit = m_options.pullLimit;
        req.skipOwn = skipOwn;
        auto res = m_transport.pull(req);
        if (!res) {
            m_transportFailed = true;
            return res.error();
        }
        if (res->nextCursor.empty() && !cursor.empty())
            return badResponse("an empty cursor after cursor '" + cursor + "'");
        if (res->more && res->nextCursor == cursor)
            return badResponse("more to pull, but the cursor did not move");
        const bool moved = !res->events.empty() || res->nextCursor != cursor;
        if (moved)
            if (auto st = m_store.applyPulled(res->events, res->nextCursor); !st)
                return st;
        const auto n = static_cast<std::int64_t>(res->events.size());
        report.pulled += static_cast<int>(n);
        m_progress.pulledThisRound += n;
        m_progress.pulledTotal += n;
        cursor = std::move(res->nextCursor);
        if (!res->events.empty())
            if (auto st = refreshOutboxSize(); !st) // our own events coming back leave it
                return st;
        notify();
        if (!res->more) {
            // Caught up, with every pull of this store a full one: it holds all its own events.
            if (!skipOwn && !m_options.deviceId.empty())
                return m_store.setMeta(kMetaOwnEventsComplete, m_options.deviceId);
            return domain::ok();
        }
    }
}

Status SyncEngine::succeed() {
    const Instant now = m_clock.now();
    m_failures = 0;
    m_progress.nextAttemptAt.reset();
    m_progress.retriesStopped = false;
    m_progress.lastSuccessAt = now;
    m_progress.lastError.reset();
    m_progress.state = SyncState::UpToDate;
    Status st = m_store.setMeta(kMetaLastSuccess, std::to_string(now));
    if (st)
        st = m_store.setMeta(kMetaLastError, "");
    if (!st)
        return Error{st.error().kind, st.error().code,
                     "the sync went through, but recording it failed: " + st.error().message};
    return domain::ok();
}

void SyncEngine::fail(const Error& error) {
    const Instant now = m_clock.now();
    ++m_failures;
    m_progress.lastError = SyncError{error.kind, error.code, error.message, now};
    // Only the server refusing the credentials stops retries; a locked store does not.
    if (error.kind == ErrorKind::NotPermitted && m_transportFailed) {
        m_progress.retriesStopped = true;
        m_progress.nextAttemptAt.reset();
        m_progress.state = SyncState::Error;
    } else {
        // The server said when to come back (429 busy, Retry-After): that, plus up to `jitter`
        // of it and never earlier, instead of a blind doubling: it knows how long its queue is.
        const auto asked = m_transportFailed && error.kind == ErrorKind::Retryable
                               ? m_transport.retryAfter()
                               : std::nullopt;
        Instant delay = 0;
        if (asked && *asked > 0) {
            std::uniform_real_distribution<double> spread(0.0, m_options.jitter);
            delay = static_cast<Instant>(
                std::llround(static_cast<double>(*asked) * (1.0 + spread(m_rng))));
        } else {
            delay = backoffDelay();
        }
        m_progress.nextAttemptAt = now + delay;
        // Offline only when the wire failed; a store in trouble (a full disk) is an error.
        m_progress.state = error.kind == ErrorKind::Retryable && m_transportFailed
                               ? SyncState::Offline
                               : SyncState::Error;
    }
    // Best effort: if the store cannot record the error, the error is still shown now.
    (void)m_store.setMeta(kMetaLastError,
                          errorToMeta(*m_progress.lastError, m_progress.retriesStopped));
    if (auto n = m_store.outboxSize())
        m_progress.eventsToPush = *n;
    notify();
}

Instant SyncEngine::backoffDelay() {
    const int exponent = std::clamp(m_failures - 1, 0, 40);
    const double capped = std::min(std::ldexp(static_cast<double>(m_options.backoffBase), exponent),
                                   static_cast<double>(m_options.backoffMax));
    std::uniform_real_distribution<double> jitter(-m_options.jitter, m_options.jitter);
    return static_cast<Instant>(std::llround(capped * (1.0 + jitter(m_rng))));
}

} // namespace bianmin::sync
