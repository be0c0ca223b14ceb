#pragma once
// The sync protocol between a client device and bianmin-syncd (DESIGN.md §3, docs/sync.md).
//
// Messages are versioned JSON objects, sent as HTTP bodies compressed with gzip
// (Content-Encoding: gzip) over HTTPS. Every exchange is one request and one response:
//
//   POST /api/v1/hello  HelloRequest -> HelloResponse   protocol negotiation, clock, identity
//   POST /api/v1/push   PushRequest  -> PushResponse    a batch of the device's events
//   POST /api/v1/pull   PullRequest  -> PullResponse    events of the device's partitions
//   GET  /api/v1/poke   WebSocket upgrade; the server sends "pull" when there is news
//
// Every request carries the device credential (Authorization: Device <deviceId>:<secret>) and
// the user's session token (X-Bianmin-User: <token>); see docs/sync.md for enrollment and login.
//
// Invariants:
// - Push is idempotent by event id: sending an event twice gives "duplicate" with its first
//   server sequence number. Each event gets its own answer; one bad event never fails a batch.
// - The server stores an event before it answers "accepted"; an answer lost on the wire is
//   repaired by pushing again.
// - Pull returns events in cursor order; the cursor is opaque to the client, which stores it in
//   the same transaction as the batch it came with, so an interrupted pull resumes exactly.
//   When a device gains access to a case (a case forwarded to its department, say), the case's
//   whole history arrives with the next pull, ahead of newer events. A pull with skipOwn leaves
//   out the requesting device's own events (see PullRequest); the cursor moves past them.
// - A push the server cannot take now (its queue of pushes is full) is answered 429 "busy" with a
//   Retry-After in seconds; the client waits at least that long, with jitter, before it retries.
// - A new optional field (absent means the old behaviour) needs no new version: readers ignore
//   fields they do not know. A field that changes the meaning of the others needs a new "v".
// - A version the other side does not know is refused in hello with a clear message, never
//   misread: the client keeps working offline and says why it cannot sync.
#include "common/domain/case_event.h"
#include "common/domain/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bianmin::sync {

inline constexpr int kProtocolVersion = 1;
// Limits both sides enforce.
inline constexpr std::size_t kMaxPushEvents = 500;
inline constexpr std::size_t kMaxPullEvents = 2000;
inline constexpr std::size_t kMaxBodyBytes = std::size_t{8} * 1024 * 1024; // decompressed

struct HelloRequest {
    int protocolVersion = kProtocolVersion;
    std::string clientVersion; // e.g. "0.1.0"
    std::string deviceId;
    std::string siteId;
    std::int64_t outboxSize = 0; // reported backlog, for the sync monitor
    std::string lastError;       // the client's last sync error, for the sync monitor
};

struct HelloResponse {
    int protocolVersion = kProtocolVersion; // the version both will speak
    std::int64_t serverTime = 0;            // ms; the client shows clock skew
    std::string serverVersion;
    std::int64_t referenceVersion = 0; // reference data version; pull it when newer
};

enum class PushOutcome { Accepted, Duplicate, Rejected, Conflict };

struct PushResult {
    std::string eventId;
    PushOutcome outcome = PushOutcome::Accepted;
    std::optional<std::int64_t> serverSeq; // for accepted, duplicate and conflict (stored)
    std::string code;                      // for rejected and conflict: stable machine code
    std::string message;                   // for people
};

struct PushRequest {
    std::vector<domain::Event> events;
};

struct PushResponse {
    std::vector<PushResult> results; // one per pushed event, same order
};

struct PullRequest {
    std::string cursor; // empty: from the beginning
    int limit = 1000;
    // Leave out the events this device made (actor.deviceId = the requesting device): the client
    // holds them already, with their serverSeq from the push answers. Set only when the client's
    // store holds every event ever stored under its device id (SyncEngine, docs/sync.md); the
    // server's own events (bind_number) and those of every other device still come. An optional
    // field, written only when true: a server that does not know it sends everything, which is
    // merely slower, so it needs no new protocol version.
    bool skipOwn = false;
};

struct PullResponse {
    std::vector<domain::Event> events; // each with serverSeq
    std::string nextCursor;
    bool more = false; // call pull again at once
};

// A protocol-level error body: {"v":1,"error":{"code":"…","message":"…"}}.
struct ErrorBody {
    std::string code;
    std::string message;
};

} // namespace bianmin::sync
