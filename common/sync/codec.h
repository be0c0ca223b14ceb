#pragma once
// The wire form of the sync messages of protocol.h: compact JSON text, gzip-compressed as an HTTP
// body. Client and server share this file, so both sides read and write exactly the same bytes; the
// golden files in tests/data/golden/sync-v1/ pin them.
//
//   HelloRequest  {"v":1,"clientVersion","deviceId","siteId","outboxSize","lastError"}
//   HelloResponse {"v":1,"serverTime","serverVersion","referenceVersion"}
//   PushRequest   {"v":1,"events":[<event>…]}                     at most kMaxPushEvents
//   PushResponse  {"v":1,"results":[{"eventId","outcome","serverSeq"?,"code","message"}…]}
//   PullRequest   {"v":1,"cursor","limit","skipOwn"?}                limit 1..kMaxPullEvents
//   PullResponse  {"v":1,"events":[<event>…],"nextCursor","more"}    at most kMaxPullEvents
//   ErrorBody     {"v":1,"error":{"code","message"}}
//
// - <event> is domain::eventToJson, with its own format version; pulled events carry serverSeq.
// - "v" is the protocol version (HelloRequest/HelloResponse::protocolVersion travel as "v"). A
//   reader refuses any other version with code "version" (ErrorKind::Conflict, HTTP 409) and says
//   which version it speaks, rather than guessing at a message it does not know.
// - outcome is "accepted", "duplicate", "rejected" or "conflict". serverSeq is present exactly when
//   the event is stored (accepted, duplicate, conflict: a conflicting event is stored too, see
//   docs/sync.md) and absent for rejected; rejected and conflict carry a non-empty code.
// - Keys are written in the order above, every field every time except the optional serverSeq,
//   which is omitted when absent, never null, and skipOwn, written (as true) only when set: a pull
//   without it is byte for byte what it was before the field existed. An unknown extra field is
//   ignored, so a newer writer may add optional fields without a new version.
//
// Decoding never throws and never trusts its input: Boost.JSON's non-throwing parser (which bounds
// nesting depth), FieldReader for the fields, domain::eventFromJson for events. Errors are
// ErrorKind::InvalidInput values whose message names the message and the field path, e.g.
// "push.events[3].payload.materials[2].copies: expected an integer (event 0190…)"; codes are
// "bad_json", "bad_field" (or the event codec's own), "version" (kind Conflict) and "too_large"
// (too many events, or a text longer than kMaxBodyBytes).
//
// gzip: gzipDecompress stops with "too_large" as soon as the output would pass its cap (by default
// kMaxBodyBytes), and never holds more than the cap in memory, so a small bomb costs nothing; a
// truncated or corrupt stream, or bytes after its end, is "bad_gzip".
//
// Threading: plain functions without shared state; safe from any thread.
#include "common/domain/result.h"
#include "common/sync/protocol.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace bianmin::sync {

std::string encode(const HelloRequest& m);
std::string encode(const HelloResponse& m);
std::string encode(const PushRequest& m);
std::string encode(const PushResponse& m);
std::string encode(const PullRequest& m);
std::string encode(const PullResponse& m);
std::string encode(const ErrorBody& m);

domain::Result<HelloRequest> decodeHelloRequest(std::string_view text);
domain::Result<HelloResponse> decodeHelloResponse(std::string_view text);
domain::Result<PushRequest> decodePushRequest(std::string_view text);
domain::Result<PushResponse> decodePushResponse(std::string_view text);
domain::Result<PullRequest> decodePullRequest(std::string_view text);
domain::Result<PullResponse> decodePullResponse(std::string_view text);
domain::Result<ErrorBody> decodeErrorBody(std::string_view text);

// The stable strings of the outcomes ("accepted", …).
std::string_view outcomeKey(PushOutcome o);

// A gzip member (RFC 1952) of `data`. Errors only when zlib cannot allocate ("internal").
domain::Result<std::string> gzipCompress(std::string_view data, int level = 6);
// The data of one gzip member. More than `maxBytes` of output is "too_large"; a truncated or
// corrupt stream, or trailing bytes, is "bad_gzip". Both are ErrorKind::InvalidInput.
domain::Result<std::string> gzipDecompress(std::string_view gzip,
                                           std::size_t maxBytes = kMaxBodyBytes);

} // namespace bianmin::sync
