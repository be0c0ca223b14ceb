// The sync protocol's codec: every message round-trips; golden files pin the wire format byte for
// byte; bad input (not JSON, a wrong version, missing or malformed fields, too many events, random
// garbage) is an error naming the field, never a crash; gzip refuses truncated streams and bombs.
//
// To rewrite the golden files after a deliberate format change (which needs a new "v"):
//   BIANMIN_UPDATE_GOLDEN=1 ./build/ci/bin/sync_tests "[golden]"
#include "common/domain/event_codec.h"
#include "common/sync/codec.h"
#include "tests/support/case_world.h"

#define ZLIB_CONST
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>
#include <zlib.h>

using namespace bianmin::domain;
using namespace bianmin::sync;
using bianmin::testing::localTime;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string fixedId(unsigned n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "01900000-0000-7000-8000-%012x", n);
    return buf;
}

// Literals rather than the test cast, so that only a format change can change the golden files.
Actor roomAgent() {
    return {"agent-r1",  "村代办员甲", Role::VillageAgent, "421281909001", {},
            Grade::None, "dev-r1"};
}

// Event n of one case: a receive with materials first, then accepts.
Event sampleEvent(unsigned n, std::optional<std::int64_t> serverSeq = std::nullopt) {
    Event e;
    e.id = fixedId(n);
    e.caseId = "01900000-0000-7000-8000-000000000100";
    e.actor = roomAgent();
    e.deviceTime = localTime(2026, 11, 23, 9, 10) + Instant{n} * 60'000;
    e.hlc = {e.deviceTime, n};
    e.serverSeq = serverSeq;
    e.parentId = n <= 1 ? std::string() : fixedId(n - 1);
    e.prevHash = n <= 1 ? std::string() : std::string(64, "0123456789abcdef"[n % 16]);
    if (n <= 1) {
        ReceivePayload r;
        r.item = {"MZJ-001", 3};
        r.applicant = {"王秀英", "111", "421281194003151024", "13812345678", "湖北省赤壁市车埠镇"};
        r.materials = {{"居民身份证", true, true, 1}, {"户口簿", true, false, 2}};
        r.provisionalNumber = "T4212819090012026112300001";
        r.entrusted = true;
        e.payload = r;
    } else {
        e.payload = AcceptPayload{"材料齐全"};
    }
    return e;
}

std::vector<Event> sampleEvents(unsigned count, bool withSeq) {
    std::vector<Event> out;
    for (unsigned i = 1; i <= count; ++i)
        out.push_back(
            sampleEvent(i, withSeq ? std::optional<std::int64_t>(100 + i) : std::nullopt));
    return out;
}

HelloRequest goldenHello() {
    HelloRequest m;
    m.clientVersion = "0.1.0";
    m.deviceId = "dev-r1";
    m.siteId = "421281909001";
    m.outboxSize = 42;
    m.lastError = "network: connection refused";
    return m;
}
HelloResponse goldenHelloResponse() {
    HelloResponse m;
    m.serverTime = localTime(2026, 11, 23, 9, 30);
    m.serverVersion = "0.1.0";
    m.referenceVersion = 7;
    return m;
}
PushRequest goldenPush() {
    return {sampleEvents(2, false)};
}
PushResponse goldenPushResponse() {
    PushResponse m;
    m.results = {
        {fixedId(1), PushOutcome::Accepted, 101, {}, {}},
        {fixedId(2), PushOutcome::Duplicate, 57, {}, {}},
        {fixedId(3), PushOutcome::Conflict, 102, "wrong_state", "办件已转报，不能再受理"},
        {fixedId(4), PushOutcome::Rejected, std::nullopt, "forbidden", "不在本单位的分区"}};
    return m;
}
PullRequest goldenPull() {
    return {"107:101", 500};
}
PullRequest goldenPullSkipOwn() {
    return {"107:101", 500, true};
}
PullResponse goldenPullResponse() {
    return {sampleEvents(2, true), "102:102", true};
}
ErrorBody goldenError() {
    return {"revoked", "本设备已被停用，请联系管理员"};
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The text with one top-level field replaced (or removed when `value` is null and `remove`).
std::string edited(const std::string& text, const std::function<void(json::object&)>& edit) {
    json::value v = json::parse(text);
    edit(v.as_object());
    return json::serialize(v);
}

template <typename T>
std::string errorOf(const Result<T>& r) {
    return r ? std::string("(decoded)") : r.error().message;
}

// Every decoder on the same text: none may throw or crash; returns how many accepted it.
int decodeWithAll(std::string_view text) {
    int n = 0;
    n += decodeHelloRequest(text).ok() ? 1 : 0;
    n += decodeHelloResponse(text).ok() ? 1 : 0;
    n += decodePushRequest(text).ok() ? 1 : 0;
    n += decodePushResponse(text).ok() ? 1 : 0;
    n += decodePullRequest(text).ok() ? 1 : 0;
    n += decodePullResponse(text).ok() ? 1 : 0;
    n += decodeErrorBody(text).ok() ? 1 : 0;
    return n;
}

// If the text decodes, its re-encoding decodes to the same text again.
template <typename Decode>
void reencodes(std::string_view text, Decode decode, int& count) {
    const auto d = decode(text);
    if (!d)
        return;
    ++count;
    const std::string again = encode(*d);
    const auto d2 = decode(again);
    INFO(text << " -> " << again);
    REQUIRE(d2.ok());
    CHECK(encode(*d2) == again);
}

// `total` bytes of zeros as one gzip member, compressed in pieces (never held whole).
std::string gzipOfZeros(std::size_t total) {
    z_stream zs{};
    REQUIRE(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    const std::vector<Bytef> zeros(std::size_t{1} << 20, 0);
    std::vector<Bytef> buf(std::size_t{1} << 16);
    std::string out;
    std::size_t left = total;
    int flush = Z_NO_FLUSH;
    do {
        const std::size_t n = std::min(left, zeros.size());
        left -= n;
        zs.next_in = zeros.data();
        zs.avail_in = static_cast<uInt>(n);
        flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        do {
            zs.next_out = buf.data();
            zs.avail_out = static_cast<uInt>(buf.size());
            deflate(&zs, flush);
            out.append(reinterpret_cast<const char*>(buf.data()), buf.size() - zs.avail_out);
        } while (zs.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&zs);
    return out;
}

} // namespace

// --- round trips ---------------------------------------------------------------------------------

TEST_CASE("sync codec: every message round-trips with its fields", "[sync][codec]") {
    SECTION("hello") {
        const auto d = decodeHelloRequest(encode(goldenHello()));
        REQUIRE(d.ok());
        CHECK(d->protocolVersion == kProtocolVersion);
        CHECK(d->clientVersion == "0.1.0");
        CHECK(d->deviceId == "dev-r1");
        CHECK(d->siteId == "421281909001");
        CHECK(d->outboxSize == 42);
        CHECK(d->lastError == "network: connection refused");
        CHECK(encode(*d) == encode(goldenHello()));
    }
    SECTION("hello response") {
        const auto d = decodeHelloResponse(encode(goldenHelloResponse()));
        REQUIRE(d.ok());
        CHECK(d->serverTime == goldenHelloResponse().serverTime);
        CHECK(d->serverVersion == "0.1.0");
        CHECK(d->referenceVersion == 7);
    }
    SECTION("push, with events") {
        const auto d = decodePushRequest(encode(goldenPush()));
        REQUIRE(d.ok());
        REQUIRE(d->events.size() == 2);
        for (std::size_t i = 0; i < 2; ++i)
            CHECK(encodeEvent(d->events[i]) == encodeEvent(goldenPush().events[i]));
        const auto& r = std::get<ReceivePayload>(d->events[0].payload);
        CHECK(r.materials.at(1).copies == 2);
        CHECK_FALSE(d->events[0].serverSeq);
    }
    SECTION("push response, each outcome") {
        const auto d = decodePushResponse(encode(goldenPushResponse()));
        REQUIRE(d.ok());
        const auto expected = goldenPushResponse().results;
        REQUIRE(d->results.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            CHECK(d->results[i].eventId == expected[i].eventId);
            CHECK(d->results[i].outcome == expected[i].outcome);
            CHECK(d->results[i].serverSeq == expected[i].serverSeq);
            CHECK(d->results[i].code == expected[i].code);
            CHECK(d->results[i].message == expected[i].message);
        }
    }
    SECTION("pull and its response") {
        const auto p = decodePullRequest(encode(goldenPull()));
        REQUIRE(p.ok());
        CHECK(p->cursor == "107:101");
        CHECK(p->limit == 500);
        CHECK_FALSE(p->skipOwn);
        const auto s = decodePullRequest(encode(goldenPullSkipOwn()));
        REQUIRE(s.ok());
        CHECK(s->skipOwn);
        CHECK(s->limit == 500);
        // Written only when set, so a pull without it is what it always was; a non-boolean is
        // refused with its field named.
        CHECK(encode(goldenPull()).find("skipOwn") == std::string::npos);
        const auto bad = decodePullRequest(R"({"v":1,"cursor":"","limit":5,"skipOwn":"yes"})");
        REQUIRE_FALSE(bad.ok());
        CHECK_THAT(bad.error().message, Contains("skipOwn"));
        const auto d = decodePullResponse(encode(goldenPullResponse()));
        REQUIRE(d.ok());
        REQUIRE(d->events.size() == 2);
        CHECK(d->events[1].serverSeq == 102);
        CHECK(d->nextCursor == "102:102");
        CHECK(d->more);
        PullResponse empty;
        const auto e = decodePullResponse(encode(empty));
        REQUIRE(e.ok());
        CHECK(e->events.empty());
        CHECK(e->nextCursor.empty());
        CHECK_FALSE(e->more);
    }
    SECTION("error body") {
        const auto d = decodeErrorBody(encode(goldenError()));
        REQUIRE(d.ok());
        CHECK(d->code == "revoked");
        CHECK(d->message == goldenError().message);
    }
}

TEST_CASE("sync codec: the limits themselves are allowed", "[sync][codec]") {
    PushRequest push;
    for (std::size_t i = 0; i < kMaxPushEvents; ++i)
        push.events.push_back(sampleEvent(static_cast<unsigned>(i + 2)));
    const auto p = decodePushRequest(encode(push));
    INFO(errorOf(p));
    REQUIRE(p.ok());
    CHECK(p->events.size() == kMaxPushEvents);
    PullRequest pull{"", static_cast<int>(kMaxPullEvents)};
    CHECK(decodePullRequest(encode(pull)).ok());
}

// --- the golden files ----------------------------------------------------------------------------

TEST_CASE("sync codec: the wire format matches the golden files byte for byte",
          "[sync][codec][golden]") {
    const std::vector<std::pair<std::string, std::string>> files = {
        {"hello-request.json", encode(goldenHello())},
        {"hello-response.json", encode(goldenHelloResponse())},
        {"push-request.json", encode(goldenPush())},
        {"push-response.json", encode(goldenPushResponse())},
        {"pull-request.json", encode(goldenPull())},
        {"pull-request-skip-own.json", encode(goldenPullSkipOwn())},
        {"pull-response.json", encode(goldenPullResponse())},
        {"error.json", encode(goldenError())},
    };
    const fs::path dir = fs::path(BIANMIN_TEST_DATA_DIR) / "golden" / "sync-v1";
    const char* update = std::getenv("BIANMIN_UPDATE_GOLDEN");
    if (update && std::string_view(update) == "1") {
        fs::create_directories(dir);
        for (const auto& [name, text] : files)
            std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << text << "\n";
        WARN("rewrote " << dir.string());
    }
    for (const auto& [name, text] : files) {
        INFO((dir / name).string() << " (after a deliberate format change, regenerate it with "
                                      "BIANMIN_UPDATE_GOLDEN=1 and bump \"v\")");
        const std::string actual = readFile(dir / name);
        REQUIRE_FALSE(actual.empty());
        CHECK(actual == text + "\n");
    }
    // What the files say, read back by the decoders: the golden files are valid messages.
    CHECK(decodeHelloRequest(readFile(dir / "hello-request.json")).ok());
    CHECK(decodeHelloResponse(readFile(dir / "hello-response.json")).ok());
    CHECK(decodePushRequest(readFile(dir / "push-request.json")).ok());
    const auto skipOwn = decodePullRequest(readFile(dir / "pull-request-skip-own.json"));
    REQUIRE(skipOwn.ok());
    CHECK(skipOwn->skipOwn);
    CHECK(decodePushResponse(readFile(dir / "push-response.json")).ok());
    CHECK(decodePullRequest(readFile(dir / "pull-request.json")).ok());
    CHECK(decodePullResponse(readFile(dir / "pull-response.json")).ok());
    CHECK(decodeErrorBody(readFile(dir / "error.json")).ok());
}

TEST_CASE("sync codec: keys come in a fixed order and absent is omitted, never null",
          "[sync][codec]") {
    CHECK(encode(goldenHello()) ==
          "{\"v\":1,\"clientVersion\":\"0.1.0\",\"deviceId\":\"dev-r1\",\"siteId\":"
          "\"421281909001\",\"outboxSize\":42,\"lastError\":\"network: connection refused\"}");
    CHECK(encode(goldenPull()) == "{\"v\":1,\"cursor\":\"107:101\",\"limit\":500}");
    CHECK(
        encode(goldenError()) ==
        "{\"v\":1,\"error\":{\"code\":\"revoked\",\"message\":\"本设备已被停用，请联系管理员\"}}");
    const std::string results = encode(goldenPushResponse());
    CHECK_THAT(results, Contains("{\"eventId\":\"01900000-0000-7000-8000-000000000004\","
                                 "\"outcome\":\"rejected\",\"code\":\"forbidden\""));
    CHECK(results.find("null") == std::string::npos);
    CHECK(outcomeKey(PushOutcome::Accepted) == "accepted");
    CHECK(outcomeKey(PushOutcome::Duplicate) == "duplicate");
    CHECK(outcomeKey(PushOutcome::Rejected) == "rejected");
    CHECK(outcomeKey(PushOutcome::Conflict) == "conflict");
}

// --- bad input -----------------------------------------------------------------------------------

TEST_CASE("sync codec: text that is not a JSON object is refused", "[sync][codec][bad]") {
    for (const std::string text : {"", "{", "not json", "null", "[]", "\"v\"", "1", "{\"v\":1,}",
                                   "{\"v\":1}garbage", "\xff\xfe{}"}) {
        INFO(text);
        const auto h = decodeHelloRequest(text);
        REQUIRE_FALSE(h.ok());
        CHECK(h.error().kind == ErrorKind::InvalidInput);
        CHECK(h.error().code == "bad_json");
        CHECK_THAT(h.error().message, StartsWith("hello"));
        CHECK(decodeWithAll(text) == 0);
    }
    // Nesting deeper than the parser's bound is refused, not recursed into.
    const std::string deep = "{\"v\":1,\"events\":" + std::string(100'000, '[') + "}";
    CHECK(decodePushRequest(deep).error().code == "bad_json");
}

TEST_CASE("sync codec: a wrong protocol version is refused with code 'version'",
          "[sync][codec][bad]") {
    const std::string hello = encode(goldenHello());
    SECTION("a newer version") {
        const auto d = decodeHelloRequest(edited(hello, [](json::object& o) { o["v"] = 2; }));
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().code == "version");
        CHECK(d.error().kind == ErrorKind::Conflict);
        CHECK(d.error().message ==
              "hello.v: unsupported protocol version 2; this side speaks sync protocol version 1");
    }
    SECTION("every message checks it") {
        for (const std::string& text :
             {encode(goldenHelloResponse()), encode(goldenPush()), encode(goldenPushResponse()),
              encode(goldenPull()), encode(goldenPullResponse()), encode(goldenError())}) {
            const std::string v0 = edited(text, [](json::object& o) { o["v"] = 0; });
            int refused = 0;
            for (const auto& code :
                 {decodeHelloResponse(v0).error().code, decodePushRequest(v0).error().code,
                  decodePushResponse(v0).error().code, decodePullRequest(v0).error().code,
                  decodePullResponse(v0).error().code, decodeErrorBody(v0).error().code})
                refused += code == "version" ? 1 : 0;
            CHECK(refused == 6);
        }
    }
    SECTION("missing or not an integer") {
        CHECK(decodeHelloRequest(edited(hello, [](json::object& o) { o.erase("v"); }))
                  .error()
                  .message == "hello.v: missing (expected the protocol version 1)");
        const auto s = decodeHelloRequest(edited(hello, [](json::object& o) { o["v"] = "1"; }));
        CHECK(s.error().code == "bad_field");
        CHECK(s.error().message == "hello.v: expected the protocol version as an integer");
        CHECK(
            decodeHelloRequest(edited(hello, [](json::object& o) { o["v"] = 1.0; })).error().code ==
            "bad_field");
    }
}

TEST_CASE("sync codec: a missing or malformed field is named by its path", "[sync][codec][bad]") {
    struct Case {
        std::string text;
        std::function<std::string(const std::string&)> decode;
    };
    const auto msg = [](const auto& r) { return errorOf(r); };
    const std::vector<Case> messages = {
        {encode(goldenHello()), [&](const std::string& t) { return msg(decodeHelloRequest(t)); }},
        {encode(goldenHelloResponse()),
         [&](const std::string& t) { return msg(decodeHelloResponse(t)); }},
        {encode(goldenPush()), [&](const std::string& t) { return msg(decodePushRequest(t)); }},
        {encode(goldenPushResponse()),
         [&](const std::string& t) { return msg(decodePushResponse(t)); }},
        {encode(goldenPull()), [&](const std::string& t) { return msg(decodePullRequest(t)); }},
        {encode(goldenPullResponse()),
         [&](const std::string& t) { return msg(decodePullResponse(t)); }},
        {encode(goldenError()), [&](const std::string& t) { return msg(decodeErrorBody(t)); }},
    };
    const std::vector<std::string> names = {"hello", "helloResponse", "push", "pushResponse",
                                            "pull",  "pullResponse",  "error"};
    for (std::size_t m = 0; m < messages.size(); ++m) {
        const json::object original = json::parse(messages[m].text).as_object();
        for (const auto& kv : original) {
            if (kv.key() == "v")
                continue;
            const std::string key(kv.key());
            INFO(names[m] << " without " << key);
            const std::string text =
                edited(messages[m].text, [&](json::object& o) { o.erase(key); });
            CHECK_THAT(messages[m].decode(text), StartsWith(names[m] + "." + key + ": missing"));
            // The wrong JSON type is named just the same.
            const std::string typed =
                edited(messages[m].text, [&](json::object& o) { o[key] = json::array{}; });
            if (key != "events" && key != "results")
                CHECK_THAT(messages[m].decode(typed), StartsWith(names[m] + "." + key + ": "));
        }
    }
    // An unknown extra field is ignored.
    CHECK(decodePullRequest(edited(encode(goldenPull()), [](json::object& o) {
              o["newField"] = true;
          })).ok());
}

TEST_CASE("sync codec: errors inside events name the event and the field", "[sync][codec][bad]") {
    PushRequest push{sampleEvents(5, false)};
    push.events[3] = sampleEvent(1); // a receive, with materials
    push.events[3].id = fixedId(40);
    const std::string text = encode(push);
    SECTION("a payload field of the fourth event") {
        const auto d = decodePushRequest(edited(text, [](json::object& o) {
            o["events"]
                .as_array()[3]
                .as_object()["payload"]
                .as_object()["materials"]
                .as_array()[1]
                .as_object()["copies"] = "two";
        }));
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().kind == ErrorKind::InvalidInput);
        CHECK(d.error().message == "push.events[3].payload.materials[1].copies: expected an "
                                   "integer (event 01900000-0000-7000-8000-000000000028)");
    }
    SECTION("an event that is not an object") {
        const auto d = decodePushRequest(
            edited(text, [](json::object& o) { o["events"].as_array()[2] = 17; }));
        CHECK(d.error().message == "push.events[2]: event: expected a JSON object");
    }
    SECTION("a pulled event without its server sequence number") {
        PullResponse pull = goldenPullResponse();
        pull.events[1].serverSeq.reset();
        const auto d = decodePullResponse(encode(pull));
        REQUIRE_FALSE(d.ok());
        CHECK_THAT(d.error().message, StartsWith("pullResponse.events[1].serverSeq: missing"));
    }
    SECTION("a pulled event with a malformed id") {
        const auto d = decodePullResponse(edited(encode(goldenPullResponse()), [](json::object& o) {
            o["events"].as_array()[0].as_object()["id"] = "x";
        }));
        CHECK_THAT(d.error().message,
                   StartsWith("pullResponse.events[0].id: expected an event id"));
    }
}

TEST_CASE("sync codec: push answers must be consistent", "[sync][codec][bad]") {
    const std::string text = encode(goldenPushResponse());
    const auto withResult = [&](std::size_t i, const std::function<void(json::object&)>& edit) {
        return errorOf(decodePushResponse(
            edited(text, [&](json::object& o) { edit(o["results"].as_array()[i].as_object()); })));
    };
    CHECK(withResult(0, [](json::object& r) { r.erase("serverSeq"); }) ==
          "pushResponse.results[0].serverSeq: missing (an event answered 'accepted' is stored "
          "and has its server sequence number)");
    CHECK_THAT(withResult(2, [](json::object& r) { r.erase("serverSeq"); }),
               StartsWith("pushResponse.results[2].serverSeq: missing"));
    CHECK_THAT(withResult(3, [](json::object& r) { r["serverSeq"] = 5; }),
               StartsWith("pushResponse.results[3].serverSeq: a rejected event is not stored"));
    CHECK(withResult(3, [](json::object& r) { r["code"] = ""; }) ==
          "pushResponse.results[3].code: must not be empty");
    CHECK(withResult(2, [](json::object& r) { r["code"] = ""; }) ==
          "pushResponse.results[2].code: must not be empty");
    CHECK_THAT(withResult(1, [](json::object& r) { r["outcome"] = "maybe"; }),
               StartsWith("pushResponse.results[1].outcome: unknown value 'maybe'"));
    CHECK_THAT(withResult(1, [](json::object& r) { r["eventId"] = "e1"; }),
               StartsWith("pushResponse.results[1].eventId: expected an event id"));
    CHECK_THAT(withResult(0, [](json::object& r) { r["serverSeq"] = -1; }),
               StartsWith("pushResponse.results[0].serverSeq: -1 is outside"));
    CHECK(errorOf(decodePushResponse(edited(text, [](json::object& o) {
              o["results"].as_array()[1] = "accepted";
          }))) == "pushResponse.results[1]: expected an object");
}

TEST_CASE("sync codec: numbers out of range are refused", "[sync][codec][bad]") {
    const std::string pull = encode(goldenPull());
    CHECK_THAT(errorOf(decodePullRequest(edited(pull, [](json::object& o) { o["limit"] = 0; }))),
               StartsWith("pull.limit: 0 is outside 1..2000"));
    CHECK_THAT(errorOf(decodePullRequest(edited(pull, [](json::object& o) { o["limit"] = 2001; }))),
               StartsWith("pull.limit: 2001 is outside"));
    CHECK_THAT(errorOf(decodeHelloRequest(
                   edited(encode(goldenHello()), [](json::object& o) { o["outboxSize"] = -3; }))),
               StartsWith("hello.outboxSize: -3 is outside"));
    CHECK_THAT(errorOf(decodeHelloRequest(
                   edited(encode(goldenHello()), [](json::object& o) { o["deviceId"] = ""; }))),
               StartsWith("hello.deviceId: must not be empty"));
}

TEST_CASE("sync codec: too many events in one message are refused as too_large",
          "[sync][codec][bad]") {
    // Built as text, so the refusal is the decoder's, not the encoder's.
    const std::string one = encodeEvent(sampleEvent(2));
    const auto many = [&](std::size_t n, const std::string& event) {
        std::string arr = "[";
        for (std::size_t i = 0; i < n; ++i)
            arr += (i ? "," : "") + event;
        return arr + "]";
    };
    const auto push =
        decodePushRequest("{\"v\":1,\"events\":" + many(kMaxPushEvents + 1, one) + "}");
    REQUIRE_FALSE(push.ok());
    CHECK(push.error().code == "too_large");
    CHECK(push.error().message == "push.events: 501 events; at most 500 in one message");
    const std::string seq = encodeEvent(sampleEvent(2, 5));
    const auto pull = decodePullResponse("{\"v\":1,\"events\":" + many(kMaxPullEvents + 1, seq) +
                                         ",\"nextCursor\":\"x\",\"more\":false}");
    REQUIRE_FALSE(pull.ok());
    CHECK(pull.error().code == "too_large");
    const auto results = decodePushResponse(
        "{\"v\":1,\"results\":" +
        many(kMaxPushEvents + 1, "{\"eventId\":\"" + fixedId(1) +
                                     "\",\"outcome\":\"accepted\",\"serverSeq\":1,\"code\":\"\","
                                     "\"message\":\"\"}") +
        "}");
    CHECK(results.error().code == "too_large");
    // A text longer than a body may be is refused before parsing.
    const std::string huge = "{\"v\":1,\"cursor\":\"" + std::string(kMaxBodyBytes, 'x') + "\"}";
    CHECK(decodePullRequest(huge).error().code == "too_large");
}

TEST_CASE("sync codec: random garbage and mutated messages never crash a decoder",
          "[sync][codec][bad]") {
    std::mt19937_64 rng(20261123);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int i = 0; i < 2000; ++i) {
        std::string s(static_cast<std::size_t>(rng() % 200), '\0');
        for (auto& c : s)
            c = static_cast<char>(byte(rng));
        CHECK(decodeWithAll(s) == 0);
        CHECK_FALSE(gzipDecompress(s).ok());
    }
    const std::vector<std::string> texts = {encode(goldenHello()), encode(goldenHelloResponse()),
                                            encode(goldenPush()),  encode(goldenPushResponse()),
                                            encode(goldenPull()),  encode(goldenPullResponse()),
                                            encode(goldenError())};
    const std::string alphabet = "{}[]\":,0123456789-.eEtruefalsn\\ \x01\xc3\xa9";
    int decoded = 0;
    for (int i = 0; i < 4000; ++i) {
        std::string s = texts[static_cast<std::size_t>(i) % texts.size()];
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < edits && !s.empty(); ++k) {
            const std::size_t at = rng() % s.size();
            switch (rng() % 3) {
            case 0:
                s[at] = alphabet[rng() % alphabet.size()];
                break;
            case 1:
                s.erase(at, 1 + rng() % 8);
                break;
            default:
                s.insert(at, 1, alphabet[rng() % alphabet.size()]);
            }
        }
        // What survives (a changed digit in a string, say) is a message like any other.
        reencodes(s, decodeHelloRequest, decoded);
        reencodes(s, decodeHelloResponse, decoded);
        reencodes(s, decodePushRequest, decoded);
        reencodes(s, decodePushResponse, decoded);
        reencodes(s, decodePullRequest, decoded);
        reencodes(s, decodePullResponse, decoded);
        reencodes(s, decodeErrorBody, decoded);
    }
    CHECK(decoded > 0);
    CHECK(decoded < 4000);
}

// --- gzip ----------------------------------------------------------------------------------------

TEST_CASE("sync codec: gzip round-trips bodies of every size", "[sync][gzip]") {
    std::mt19937_64 rng(7);
    for (std::size_t size :
         {std::size_t{0}, std::size_t{1}, std::size_t{1000}, std::size_t{3} << 20}) {
        std::string data(size, '\0');
        for (std::size_t i = 0; i < size; ++i)
            data[i] = static_cast<char>(i % 7 == 0 ? rng() : 'a' + i % 13);
        const auto z = gzipCompress(data);
        REQUIRE(z.ok());
        CHECK(z->substr(0, 2) == "\x1f\x8b"); // a gzip member, as Content-Encoding: gzip means
        const auto back = gzipDecompress(*z);
        INFO(errorOf(back));
        REQUIRE(back.ok());
        CHECK(*back == data);
    }
    // A message compresses well: JSON with repeated keys.
    PullResponse pull;
    for (unsigned i = 0; i < 200; ++i)
        pull.events.push_back(sampleEvent(i + 2, std::int64_t{i} + 1));
    const std::string text = encode(pull);
    const auto z = gzipCompress(text);
    REQUIRE(z.ok());
    CHECK(z->size() * 5 < text.size());
    CHECK(*gzipDecompress(*z) == text);
}

TEST_CASE("sync codec: truncated, corrupt or trailing gzip is bad_gzip", "[sync][gzip][bad]") {
    const std::string data = encode(goldenPullResponse());
    const std::string z = *gzipCompress(data);
    for (std::size_t cut = 0; cut < z.size(); ++cut) {
        INFO("cut at " << cut);
        const auto r = gzipDecompress(std::string_view(z).substr(0, cut));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "bad_gzip");
        CHECK(r.error().kind == ErrorKind::InvalidInput);
    }
    std::string badCrc = z;
    badCrc[z.size() - 6] = static_cast<char>(badCrc[z.size() - 6] ^ 0x5a);
    CHECK(gzipDecompress(badCrc).error().code == "bad_gzip");
    CHECK(gzipDecompress(z + "x").error().code == "bad_gzip");
    CHECK(gzipDecompress(z + z).error().code == "bad_gzip");
    CHECK(gzipDecompress(data).error().code == "bad_gzip"); // plain JSON is not gzip
    // Every single-byte flip after the header either fails or gives back the data itself.
    for (std::size_t i = 10; i < z.size(); ++i) {
        std::string flipped = z;
        flipped[i] = static_cast<char>(flipped[i] ^ 0x01);
        const auto r = gzipDecompress(flipped);
        if (r.ok())
            CHECK(*r == data);
    }
}

TEST_CASE("sync codec: a gzip bomb is refused at the cap, quickly", "[sync][gzip][bad]") {
    const std::string bomb = gzipOfZeros(std::size_t{100} << 20); // 100 MiB of zeros
    CHECK(bomb.size() < 200'000);
    const auto start = std::chrono::steady_clock::now();
    const auto r = gzipDecompress(bomb);
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "too_large");
    CHECK(r.error().message == "gzip body: more than 8388608 bytes decompressed");
    // It stops at the cap instead of inflating 100 MiB (a generous bound for slow sanitizers).
    CHECK(took < std::chrono::seconds(3));

    // The cap is exact: the limit itself passes, one byte more does not.
    const std::string small = gzipOfZeros(100'000);
    CHECK(gzipDecompress(small, 100'000).ok());
    CHECK(gzipDecompress(small, 99'999).error().code == "too_large");
    CHECK(gzipDecompress(small, 0).error().code == "too_large");
}
