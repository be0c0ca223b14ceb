#include "common/sync/codec.h"

#include "common/domain/event_codec.h"
#include "common/domain/ids.h"
#include "common/domain/json_read.h"

#define ZLIB_CONST
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <zlib.h>

namespace bianmin::sync {

namespace json = boost::json;
using domain::Error;
using domain::ErrorKind;
using domain::FieldReader;
using domain::Result;

namespace {

constexpr std::int64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();
constexpr std::size_t kQuoteBytes = 40;

// Names of the messages as errors show them: the first step of every field path.
constexpr std::string_view kHello = "hello";
constexpr std::string_view kHelloResponse = "helloResponse";
constexpr std::string_view kPush = "push";
constexpr std::string_view kPushResponse = "pushResponse";
constexpr std::string_view kPull = "pull";
constexpr std::string_view kPullResponse = "pullResponse";
constexpr std::string_view kError = "error";

struct OutcomeKey {
    PushOutcome outcome;
    std::string_view key;
};
constexpr std::array<OutcomeKey, 4> kOutcomes{{{PushOutcome::Accepted, "accepted"},
                                               {PushOutcome::Duplicate, "duplicate"},
                                               {PushOutcome::Rejected, "rejected"},
                                               {PushOutcome::Conflict, "conflict"}}};

// The first kQuoteBytes of s, cut at a UTF-8 character boundary.
std::string clip(std::string_view s) {
    if (s.size() <= kQuoteBytes)
        return std::string(s);
    std::size_t n = kQuoteBytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0U) == 0x80U)
        --n;
    return std::string(s.substr(0, n)) + "…";
}

std::string indexed(std::string_view key, std::size_t i) {
    return std::string(key) + "[" + std::to_string(i) + "]";
}

// FieldReader and eventFromJson say "<where>: field '<path>': <what>"; the sync codec names a
// field by one path from the message down, "push.events[3].payload.copies: <what>", keeping what
// the inner reader named (the event) at the end.
constexpr std::string_view kFieldMark = ": field '";
constexpr std::string_view kFieldEnd = "': ";

Error underPath(Error e, const std::string& path, std::string_view innerWhere = {}) {
    const std::string& m = e.message;
    const std::size_t mark = m.find(kFieldMark);
    const std::size_t end =
        mark == std::string::npos ? std::string::npos : m.find(kFieldEnd, mark + kFieldMark.size());
    if (end == std::string::npos) {
        e.message = path + ": " + m;
        return e;
    }
    const std::string where = m.substr(0, mark);
    const std::string field = m.substr(mark + kFieldMark.size(), end - mark - kFieldMark.size());
    std::string out = path + "." + field + ": " + m.substr(end + kFieldEnd.size());
    if (where != innerWhere)
        out += " (" + where + ")";
    e.message = std::move(out);
    return e;
}

Error tooLarge(std::string message) {
    return {ErrorKind::InvalidInput, "too_large", std::move(message)};
}

json::object envelope() {
    json::object o;
    o["v"] = kProtocolVersion;
    return o;
}

// Parses the text into an object and checks "v". On success `obj` points into `doc`.
std::optional<Error> openMessage(std::string_view text, std::string_view name, json::value& doc,
                                 const json::object*& obj) {
    if (text.size() > kMaxBodyBytes)
        return tooLarge(std::string(name) + ": " + std::to_string(text.size()) +
                        " bytes; a message has at most " + std::to_string(kMaxBodyBytes));
    auto parsed = domain::parseJsonDocument(text, name);
    if (!parsed)
        return parsed.error();
    doc = std::move(*parsed);
    obj = doc.if_object();
    if (!obj)
        return domain::invalidInput("bad_json", std::string(name) + ": expected a JSON object");
    const json::value* v = obj->if_contains("v");
    const std::string speaks =
        "this side speaks sync protocol version " + std::to_string(kProtocolVersion);
    if (!v)
        return domain::invalidInput("bad_field", std::string(name) +
                                                     ".v: missing (expected the protocol "
                                                     "version " +
                                                     std::to_string(kProtocolVersion) + ")");
    if (!v->is_int64() && !v->is_uint64())
        return domain::invalidInput("bad_field", std::string(name) +
                                                     ".v: expected the protocol version as an "
                                                     "integer");
    const bool same = v->is_int64() ? v->get_int64() == kProtocolVersion
                                    : v->get_uint64() == std::uint64_t{kProtocolVersion};
    if (!same)
        return Error{ErrorKind::Conflict, "version",
                     std::string(name) + ".v: unsupported protocol version " +
                         clip(json::serialize(*v)) + "; " + speaks};
    return std::nullopt;
}

// The FieldReader's error, if any, with the path rewritten.
std::optional<Error> check(const FieldReader& r, std::string_view name) {
    if (!r.failed())
        return std::nullopt;
    return underPath(r.error(), std::string(name), name);
}

const json::array* eventsArray(FieldReader& r, std::size_t max, std::string_view name,
                               std::optional<Error>& error) {
    const json::array& arr = r.array("events", true);
    if (r.failed()) {
        error = check(r, name);
        return nullptr;
    }
    if (arr.size() > max) {
        error = tooLarge(std::string(name) + ".events: " + std::to_string(arr.size()) +
                         " events; at most " + std::to_string(max) + " in one message");
        return nullptr;
    }
    return &arr;
}

std::optional<Error> readEvents(const json::array& arr, std::string_view name, bool needServerSeq,
                                std::vector<domain::Event>& out) {
    out.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string path = std::string(name) + "." + indexed("events", i);
        auto e = domain::eventFromJson(arr[i]);
        if (!e)
            return underPath(e.error(), path);
        if (needServerSeq && !e->serverSeq)
            return domain::invalidInput("bad_field",
                                        path +
                                            ".serverSeq: missing (a pulled event carries its "
                                            "server sequence number) (event " +
                                            e->id + ")");
        out.push_back(std::move(*e));
    }
    return std::nullopt;
}

json::array eventsJson(const std::vector<domain::Event>& events) {
    json::array arr;
    arr.reserve(events.size());
    for (const auto& e : events)
        arr.emplace_back(domain::eventToJson(e));
    return arr;
}

// Ends a zlib stream however the function leaves.
class ZStream {
public:
    explicit ZStream(bool inflating)
        : m_inflating(inflating) {}
    ZStream(const ZStream&) = delete;
    ZStream& operator=(const ZStream&) = delete;
    ~ZStream() {
        if (!m_live)
            return;
        if (m_inflating)
            inflateEnd(&m_zs);
        else
            deflateEnd(&m_zs);
    }
    z_stream* get() { return &m_zs; }
    void setLive() { m_live = true; }

private:
    z_stream m_zs{};
    bool m_inflating = false;
    bool m_live = false;
};

// zlib counts in uInt; bodies are fed in pieces that fit.
constexpr std::size_t kFeed = std::size_t{1} << 20;
constexpr std::size_t kChunk = std::size_t{64} * 1024;
constexpr int kGzipWindowBits = 31; // 15 (32 KiB window) + 16 (gzip header and trailer)

Error badGzip(const std::string& why) {
    return domain::invalidInput("bad_gzip", "gzip body: " + why);
}

} // namespace

std::string_view outcomeKey(PushOutcome o) {
    for (const auto& k : kOutcomes)
        if (k.outcome == o)
            return k.key;
    return "accepted";
}

// --- encoding
// -------------------------------------------------------------------------------------

std::string encode(const HelloRequest& m) {
    json::object o;
    o["v"] = m.protocolVersion;
    o["clientVersion"] = m.clientVersion;
    o["deviceId"] = m.deviceId;
    o["siteId"] = m.siteId;
    o["outboxSize"] = m.outboxSize;
    o["lastError"] = m.lastError;
    return json::serialize(o);
}

std::string encode(const HelloResponse& m) {
    json::object o;
    o["v"] = m.protocolVersion;
    o["serverTime"] = m.serverTime;
    o["serverVersion"] = m.serverVersion;
    o["referenceVersion"] = m.referenceVersion;
    return json::serialize(o);
}

std::string encode(const PushRequest& m) {
    json::object o = envelope();
    o["events"] = eventsJson(m.events);
    return json::serialize(o);
}

std::string encode(const PushResponse& m) {
    json::object o = envelope();
    json::array results;
    results.reserve(m.results.size());
    for (const auto& r : m.results) {
        json::object x;
        x["eventId"] = r.eventId;
        x["outcome"] = outcomeKey(r.outcome);
        if (r.serverSeq)
            x["serverSeq"] = *r.serverSeq;
        x["code"] = r.code;
        x["message"] = r.message;
        results.emplace_back(std::move(x));
    }
    o["results"] = std::move(results);
    return json::serialize(o);
}

std::string encode(const PullRequest& m) {
    json::object o = envelope();
    o["cursor"] = m.cursor;
    o["limit"] = m.limit;
    if (m.skipOwn)
        o["skipOwn"] = true;
    return json::serialize(o);
}

std::string encode(const PullResponse& m) {
    json::object o = envelope();
    o["events"] = eventsJson(m.events);
    o["nextCursor"] = m.nextCursor;
    o["more"] = m.more;
    return json::serialize(o);
}

std::string encode(const ErrorBody& m) {
    json::object o = envelope();
    json::object e;
    e["code"] = m.code;
    e["message"] = m.message;
    o["error"] = std::move(e);
    return json::serialize(o);
}

// --- decoding
// -------------------------------------------------------------------------------------

Result<HelloRequest> decodeHelloRequest(std::string_view text) {
    json::value doc;
    const json::object* obj = nullptr;
    if (auto e = openMessage(text, kHello, doc, obj))
        return *e;
    FieldReader r(*obj, std::string(kHello));
    HelloRequest m;
    m.protocolVersion = kProtocolVersion;
    m.clientVersion = r.str("clientVersion", true);
    m.deviceId = r.str("deviceId");
    m.siteId = r.str("siteId");
    m.outboxSize = r.integer("outboxSize", 0, kMaxInt64);
    m.lastError = r.str("lastError", true);
    if (auto e = check(r, kHello))
        return *e;
    return m;
}

Result<HelloResponse> decodeHelloResponse(std::string_view text) {
    json::value doc;
    const json::object* obj = nullptr;
    if (auto e = openMessage(text, kHelloResponse, doc, obj))
        return *e;
    FieldReader r(*obj, std::string(kHelloResponse));
    HelloResponse m;
    m.protocolVersion = kProtocolVersion;
    m.serverTime = r.integer("serverTime", 0, kMaxInt64);
    m.serverVersion = r.str("serverVersion", true);
    m.referenceVersion = r.integer("referenceVersion", 0, kMaxInt64);
    if (auto e = check(r, kHelloResponse))
        return *e;
    return m;
}

Result<PushRequest> decodePushRequest(std::string_view text) {
    json::value doc;
    const json::object* obj = nullptr;
    if (auto e = openMessage(text, kPush, doc, obj))
        return *e;
    FieldReader r(*obj, std::string(kPush));
    std::optional<Error> error;
    const json::array* arr = eventsArray(r, kMaxPushEvents, kPush, error);
    if (!arr)
        return *error;
    PushRequest m;
    if (auto e = readEvents(*arr, kPush, false, m.events))
        return *e;
    return m;
}

Result<PushResponse> decodePushResponse(std::string_view text) {
    json::value doc;
    const json::object* obj = nullptr;
    if (auto e = openMessage(text, kPushResponse, doc, obj))
        return *e;
    FieldReader r(*obj, std::string(kPushResponse));
    const json::array& arr = r.array("results", true);
    if (auto e = check(r, kPushResponse))
        return *e;
    if (arr.size() > kMaxPushEvents)
        return tooLarge(std::string(kPushResponse) + ".results: " + std::to_string(arr.size()) +
                        " results; at most " + std::to_string(kMaxPushEvents));
    PushResponse m;
    m.results.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string key = indexed("results", i);
        const json::object* item = arr[i].if_object();
        if (!item) {
            r.fail(key, "expected an object");
            break;
        }
        FieldReader x = r.nested(*item, key);
        PushResult res;
        res.eventId = x.str("eventId");
        if (!x.failed() && !domain::isEventId(res.eventId))
            x.fail("eventId", "expected an event id (UUIDv7), got '" + clip(res.eventId) + "'");
        const std::string outcome = x.str("outcome");
        if (x.failed())
            break;
        const auto* known = std::find_if(kOutcomes.begin(), kOutcomes.end(),
                                         [&](const OutcomeKey& k) { return k.key == outcome; });
        if (known == kOutcomes.end()) {
            x.fail("outcome", "unknown value '" + clip(outcome) +
                                  "'; expected one of accepted, duplicate, rejected, conflict");
            break;
        }
        res.outcome = known->outcome;
        const bool stored = res.outcome != PushOutcome::Rejected;
        if (item->contains("serverSeq")) {
            if (!stored) {
                x.fail("serverSeq", "a rejected event is not stored and has no server sequence "
                                    "number");
                break;
            }
            res.serverSeq = x.integer("serverSeq", 0, kMaxInt64);
        } else if (stored) {
            x.fail("serverSeq", "missing (an event answered '" + outcome +
                                    "' is stored and has its server sequence number)");
            break;
        }
        const bool needsCode =
            res.outcome == PushOutcome::Rejected || res.outcome == PushOutcome::Conflict;
        res.code = x.str("code", !needsCode);
        res.message = x.str("message", true);
        if (x.failed())
            break;
        m.results.push_back(std::move(res));
    }
    if (auto e = check(r, kPushResponse))
        return *e;
    return m;
}

Result<PullRequest> decodePullRequest(std::string_view text) {
    json::value doc;
    const json::object* obj = nullptr;
    if (auto e = openMessage(text, kPull, doc, obj))
        return *e;
    FieldReader r(*obj, std::string(kPull));
    PullRequest m;
    m.cursor = r.str("cursor", true);
    m.limit = static_cast<int>(r.integer("limit", 1, static_cast<std::int64_t>(kMaxPullEvents)));
    if (r.has("skipOwn"))
        m.skipOwn = r.boolean("skipOwn");
    if (auto e = check(r, kPull))
        return *e;
    return m;
}

Result<PullResponse> decodePullResponse(std::string_view text) {
    json::value doc;
    const json::object* obj = nullptr;
    if (auto e = openMessage(text, kPullResponse, doc, obj))
        return *e;
    FieldReader r(*obj, std::string(kPullResponse));
    std::optional<Error> error;
    const json::array* arr = eventsArray(r, kMaxPullEvents, kPullResponse, error);
    if (!arr)
        return *error;
    PullResponse m;
    m.nextCursor = r.str("nextCursor", true);
    m.more = r.boolean("more");
    if (auto e = check(r, kPullResponse))
        return *e;
    if (auto e = readEvents(*arr, kPullResponse, true, m.events))
        return *e;
    return m;
}

Result<ErrorBody> decodeErrorBody(std::string_view text) {
    json::value doc;
    const json::object* obj = nullptr;
    if (auto e = openMessage(text, kError, doc, obj))
        return *e;
    FieldReader r(*obj, std::string(kError));
    FieldReader body = r.nested(r.object("error"), "error");
    ErrorBody m;
    m.code = body.str("code");
    m.message = body.str("message", true);
    if (auto e = check(r, kError))
        return *e;
    return m;
}

// --- gzip
// -----------------------------------------------------------------------------------------

Result<std::string> gzipCompress(std::string_view data, int level) {
    ZStream z(false);
    z_stream* zs = z.get();
    if (deflateInit2(zs, level, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return Error{ErrorKind::Retryable, "internal", "gzip: cannot start the compressor"};
    z.setLive();
    std::string out;
    out.reserve(std::min<std::size_t>(deflateBound(zs, data.size()), kMaxBodyBytes));
    std::size_t fed = 0;
    int flush = Z_NO_FLUSH;
    do {
        const std::size_t n = std::min(kFeed, data.size() - fed);
        zs->next_in = reinterpret_cast<const Bytef*>(data.data() + fed);
        zs->avail_in = static_cast<uInt>(n);
        fed += n;
        flush = fed == data.size() ? Z_FINISH : Z_NO_FLUSH;
        do {
            const std::size_t before = out.size();
            out.resize(before + kChunk);
            zs->next_out = reinterpret_cast<Bytef*>(out.data() + before);
            zs->avail_out = static_cast<uInt>(kChunk);
            const int rc = deflate(zs, flush);
            out.resize(before + kChunk - zs->avail_out);
            if (rc == Z_STREAM_ERROR)
                return Error{ErrorKind::Retryable, "internal", "gzip: the compressor failed"};
        } while (zs->avail_out == 0);
    } while (flush != Z_FINISH);
    return out;
}

Result<std::string> gzipDecompress(std::string_view gzip, std::size_t maxBytes) {
    ZStream z(true);
    z_stream* zs = z.get();
    if (inflateInit2(zs, kGzipWindowBits) != Z_OK)
        return Error{ErrorKind::Retryable, "internal", "gzip: cannot start the decompressor"};
    z.setLive();
    std::string out;
    out.reserve(std::min(maxBytes, gzip.size() * 4));
    std::array<Bytef, kChunk> buf{};
    std::size_t fed = 0;
    while (true) {
        if (zs->avail_in == 0 && fed < gzip.size()) {
            const std::size_t n = std::min(kFeed, gzip.size() - fed);
            zs->next_in = reinterpret_cast<const Bytef*>(gzip.data() + fed);
            zs->avail_in = static_cast<uInt>(n);
            fed += n;
        }
        zs->next_out = buf.data();
        zs->avail_out = static_cast<uInt>(buf.size());
        const int rc = inflate(zs, Z_NO_FLUSH);
        const std::size_t have = buf.size() - zs->avail_out;
        if (have > maxBytes - out.size())
            return tooLarge("gzip body: more than " + std::to_string(maxBytes) +
                            " bytes decompressed");
        if (out.size() + have > out.capacity())
            out.reserve(std::min(maxBytes, std::max(out.size() + have, 2 * out.capacity())));
        out.append(reinterpret_cast<const char*>(buf.data()), have);
        switch (rc) {
        case Z_OK:
            break;
        case Z_STREAM_END:
            if (zs->avail_in != 0 || fed < gzip.size())
                return badGzip("bytes after the end of the gzip stream");
            return out;
        case Z_BUF_ERROR:
            // No progress possible: with all input consumed, the stream is cut short.
            if (zs->avail_in == 0 && fed == gzip.size())
                return badGzip("truncated after " + std::to_string(gzip.size()) + " bytes");
            break;
        case Z_MEM_ERROR:
            return Error{ErrorKind::Retryable, "internal", "gzip: out of memory"};
        default:
            return badGzip(zs->msg ? std::string(zs->msg) : "corrupt data");
        }
    }
}

} // namespace bianmin::sync
