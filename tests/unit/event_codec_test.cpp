// The event codec: every payload type round-trips; the golden file pins the wire format byte for
// byte; bad input of every kind is an error naming the field, never a crash or an exception; and
// decoded events fold to the same case as the originals.
//
// To rewrite the golden file after a deliberate format change (which needs a new "v"):
//   BIANMIN_UPDATE_GOLDEN=1 ./build/ci/bin/domain_tests "[codec]"
#include "common/domain/event_codec.h"
#include "tests/support/case_world.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace bianmin::domain;
using bianmin::testing::CaseWorld;
using bianmin::testing::Cast;
using bianmin::testing::localTime;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kTypeCount = std::variant_size_v<Payload>;

template <typename T>
std::size_t typeIndexOf() {
    return Payload(std::in_place_type<T>).index();
}

std::string fixedId(unsigned n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "01900000-0000-7000-8000-%012x", n);
    return buf;
}

const MaterialCheck kIdCard{"居民身份证", true, true, 1};
const MaterialCheck kHukou{"户口簿", true, false, 2};
const MaterialCheck kPhoto{"近期免冠照片", false, false, 0};

Party applicant() {
    return {"王秀英", "111", "421281194003151024", "13812345678", "湖北省赤壁市车埠镇黄龙村3组"};
}
Party villageAgent() {
    return {"李代办", "111", "421281198506202025", "13912345678", "湖北省赤壁市车埠镇"};
}

// One payload of each type, in the order of the Payload alternatives, every field set.
std::vector<Payload> goldenPayloads() {
    return {
        DraftPayload{{"MZJ-001", 3}, applicant(), villageAgent()},
        ReceivePayload{{"MZJ-001", 3},
                       applicant(),
                       villageAgent(),
                       {kIdCard, kHukou, kPhoto},
                       "T4212819090012026112300001",
                       "pbkdf2-sha256$1000$00ff$6d1c2b0e9a7f",
                       true},
        NotifyMissingPayload{{"户口簿", "结婚证"}, "请于五个工作日内一次补齐"},
        SupplementPayload{{kHukou}},
        PreAcceptPayload{"材料齐全，报乡镇受理"},
        ReturnPreAcceptPayload{"户口簿复印件不清晰"},
        AcceptPayload{"材料齐全，予以受理"},
        RefusePayload{{"不属于本机关职权范围", "申请人不符合条件"}, true},
        ForwardPayload{{"421281000000", "民政局"}, "转中心民政局办理"},
        TakeInPayload{"已收件"},
        StepPayload{StepCode::Review, StepAction::Return, "收入核对不全"},
        SuspendPayload{2, "公示7天", "民政局长", 5},
        ResumePayload{"公示无异议"},
        CompletePayload{Outcome::Denied,
                        "不予许可决定书",
                        "赤民不许〔2026〕1号",
                        {"家庭人均收入高于当地低保标准"}},
        ReplyPayload{"审批结果已反馈，请到村便民服务室领取"},
        DeliverPayload{DeliveryMethod::Post, "王秀英", localTime(2026, 11, 30, 15, 30), true},
        EvaluatePayload{5, 4, true, "等太久了"},
        RectifyPayload{"回访申请人并改进窗口引导", true},
        ArchivePayload{},
        VoidPayload{"重复录入"},
        ReturnCasePayload{"逾期未补正", true},
        WithdrawPayload{"申请人主动撤回"},
        ReportUpPayload{"咸宁市民政局", "咸民函〔2026〕12号"},
        FeeNoticePayload{"PAY-20261123-0001", 20000},
        FeePaidPayload{"PAY-20261123-0001", "ICBC-88990011", 20000},
        CustodyPayload{
            CustodyKind::Entrust, {"户口簿", "居民身份证"}, "applicant", "agent-r1", "王秀英"},
        BindNumberPayload{"421281-20261123-000017"},
        ResolveConflictPayload{fixedId(5), "已与申请人核实，以受理为准"},
    };
}

// Literals rather than Cast's actors, so that only a format change can change the golden file.
Actor centerReviewer() {
    Actor a{"mz-2", "民政科长", Role::DepartmentStaff, "421281000000", "民政局", {}, "dev-c2"};
    a.grade = Grade::Reviewer;
    return a;
}
Actor roomAgent() {
    Actor a{"agent-r1", "村代办员甲", Role::VillageAgent, "421281909001", {}, {}, "dev-r1"};
    a.grade = Grade::None;
    return a;
}

// A fixed event around payload `type`: ids, times and clocks depend only on `type`. Even types
// carry a server sequence number, odd ones do not; actors alternate between a village agent and a
// center reviewer.
Event goldenEvent(std::size_t type) {
    const unsigned n = static_cast<unsigned>(type);
    Event e;
    e.id = fixedId(n + 1);
    e.caseId = "01900000-0000-7000-8000-000000000100";
    e.actor = type % 2 == 0 ? centerReviewer() : roomAgent();
    e.deviceTime = localTime(2026, 11, 23, 9, 10) + Instant{n} * 60'000;
    e.hlc = {e.deviceTime, n};
    if (type % 2 == 0)
        e.serverSeq = 100 + std::int64_t{n};
    e.parentId = type == 0 ? std::string() : fixedId(n);
    e.prevHash = type == 0 ? std::string() : std::string(64, "0123456789abcdef"[n % 16]);
    e.payload = goldenPayloads().at(type);
    return e;
}

// The same payload type with every field at its default (the item version and the resolved event
// id made valid), and the optional fields of the event absent.
Event minimalEvent(std::size_t type) {
    Event e;
    e.id = fixedId(0x1000 + static_cast<unsigned>(type));
    e.caseId = "c";
    e.payload = goldenPayloads().at(type);
    std::visit([](auto& p) { p = std::decay_t<decltype(p)>{}; }, e.payload);
    if (auto* d = std::get_if<DraftPayload>(&e.payload))
        d->item.version = 1;
    if (auto* r = std::get_if<ReceivePayload>(&e.payload))
        r->item.version = 1;
    if (auto* c = std::get_if<ResolveConflictPayload>(&e.payload))
        c->eventId = fixedId(1);
    return e;
}

std::string goldenPath() {
    return (fs::path(BIANMIN_TEST_DATA_DIR) / "golden" / "events-v1.jsonl").string();
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

// Decodes, requiring an error; returns its message.
std::string decodeError(std::string_view text) {
    const auto r = decodeEvent(text);
    INFO("input: " << text.substr(0, 300));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidInput);
    return r.error().message;
}

// The golden event of `type` as JSON, edited, then decoded: the error message.
std::string errorAfterEdit(std::size_t type, const std::function<void(json::object&)>& edit) {
    json::object o = eventToJson(goldenEvent(type));
    edit(o);
    return decodeError(json::serialize(o));
}

json::object& at(json::object& o, std::string_view key) {
    return o.at(key).as_object();
}
json::object& payloadOf(json::object& o) {
    return at(o, "payload");
}

// A value in a JSON tree: its field path as the decoder names it ("payload.to.siteId",
// "payload.materials[2].copies"), and the object and key holding it (none for array elements).
struct Node {
    std::string path;
    json::value* value = nullptr;
    json::object* parent = nullptr;
    std::string key;
};

void collectNodes(json::value& v, const std::string& path, std::vector<Node>& out) {
    if (auto* o = v.if_object()) {
        for (auto& kv : *o) {
            const std::string key(kv.key());
            const std::string child = path.empty() ? key : path + "." + key;
            out.push_back({child, &kv.value(), o, key});
            collectNodes(kv.value(), child, out);
        }
    } else if (auto* a = v.if_array()) {
        for (std::size_t i = 0; i < a->size(); ++i) {
            const std::string child = path + "[" + std::to_string(i) + "]";
            out.push_back({child, &(*a)[i], nullptr, {}});
            collectNodes((*a)[i], child, out);
        }
    }
}

// Every value below the root, parents before children, in document order.
std::vector<Node> nodesOf(json::value& root) {
    std::vector<Node> out;
    collectNodes(root, {}, out);
    return out;
}

// A value of another JSON type than v.
json::value wrongTyped(const json::value& v) {
    switch (v.kind()) {
    case json::kind::string:
        return json::value(42);
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
        return json::value("7");
    case json::kind::bool_:
        return json::value(1);
    case json::kind::array:
        return json::object();
    case json::kind::object:
        return json::array();
    case json::kind::null:
        return json::value(0);
    }
    return json::value(nullptr);
}

} // namespace

// --- round trips ---------------------------------------------------------------------------------

TEST_CASE("codec: the golden payloads cover every event type once, in order", "[codec]") {
    const auto payloads = goldenPayloads();
    REQUIRE(payloads.size() == kTypeCount);
    for (std::size_t i = 0; i < payloads.size(); ++i)
        CHECK(payloads[i].index() == i);
}

TEST_CASE("codec: every payload type round-trips with optional fields present and absent",
          "[codec]") {
    for (std::size_t type = 0; type < kTypeCount; ++type) {
        std::vector<Event> variants;
        Event full = goldenEvent(type);
        full.serverSeq = 987654321;
        variants.push_back(full);
        Event stored = full;
        stored.serverSeq.reset();
        variants.push_back(stored);
        if (auto* d = std::get_if<DraftPayload>(&stored.payload)) {
            d->agent.reset();
            variants.push_back(stored);
        }
        if (auto* r = std::get_if<ReceivePayload>(&stored.payload)) {
            r->agent.reset();
            variants.push_back(stored);
        }
        variants.push_back(minimalEvent(type));

        for (const Event& e : variants) {
            const std::string text = encodeEvent(e);
            INFO(text);
            const auto decoded = decodeEvent(text);
            INFO((decoded ? std::string() : decoded.error().message));
            REQUIRE(decoded.ok());
            const Event& d = *decoded;
            CHECK(encodeEvent(d) == text);
            CHECK(json::value(eventToJson(d)) == json::value(eventToJson(e)));
            CHECK(d.id == e.id);
            CHECK(d.caseId == e.caseId);
            CHECK(d.actor.userId == e.actor.userId);
            CHECK(d.actor.userName == e.actor.userName);
            CHECK(d.actor.role == e.actor.role);
            CHECK(d.actor.siteId == e.actor.siteId);
            CHECK(d.actor.department == e.actor.department);
            CHECK(d.actor.grade == e.actor.grade);
            CHECK(d.actor.deviceId == e.actor.deviceId);
            CHECK(d.deviceTime == e.deviceTime);
            CHECK(d.hlc == e.hlc);
            CHECK(d.serverSeq == e.serverSeq);
            CHECK(d.parentId == e.parentId);
            CHECK(d.prevHash == e.prevHash);
            CHECK(d.payload.index() == e.payload.index());
            CHECK(text.find("null") == std::string::npos); // absent is omitted, never null
        }
    }
}

TEST_CASE("codec: encodeEvent is json::serialize of eventToJson, byte for byte", "[codec]") {
    // encodeEvent writes the text directly, without building eventToJson's object (which sync
    // sends); the two must agree on every type, every byte a string may hold and the extreme
    // integers, even those the decoder refuses.
    std::string everyByte(1, '\0');
    for (int c = 1; c < 256; ++c)
        everyByte += static_cast<char>(c);
    everyByte += "王秀英\"\\/\u2028";
    constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    for (std::size_t type = 0; type < kTypeCount; ++type) {
        for (Event e : {goldenEvent(type), minimalEvent(type)}) {
            CHECK(encodeEvent(e) == json::serialize(eventToJson(e)));
            e.id = everyByte;
            e.caseId = everyByte.substr(0, 40);
            e.actor.userName = everyByte;
            e.actor.deviceId = "\x7f\x1f\x0b";
            e.actor.userId = "abcdefghijklmnop\"qrstuvwxy\x01z王秀英王秀英\x1f";
            e.actor.siteId = std::string(40, 'a') + "\\" + std::string(7, 'b') + "\x7f\xff";
            e.deviceTime = kMin;
            e.hlc.wallMs = kMax;
            e.hlc.counter = std::numeric_limits<std::uint32_t>::max();
            e.serverSeq = -1;
            e.prevHash = everyByte;
            if (auto* r = std::get_if<ReceivePayload>(&e.payload)) {
                r->applicant.name = everyByte;
                r->materials.push_back({everyByte, false, true, -7});
                r->item.version = std::numeric_limits<int>::min();
            }
            if (auto* n = std::get_if<NotifyMissingPayload>(&e.payload))
                n->missing = {everyByte, "", "\n"};
            if (auto* d = std::get_if<DeliverPayload>(&e.payload))
                d->at = kMin;
            const std::string text = encodeEvent(e);
            CHECK(text == json::serialize(eventToJson(e)));
        }
    }
}

TEST_CASE("codec: decoding gives back the fields themselves", "[codec]") {
    SECTION("receive, with its agent and materials") {
        const auto d = decodeEvent(encodeEvent(goldenEvent(typeIndexOf<ReceivePayload>())));
        REQUIRE(d.ok());
        const auto& p = std::get<ReceivePayload>(d->payload);
        CHECK(p.item.id == "MZJ-001");
        CHECK(p.item.version == 3);
        CHECK(p.applicant.name == "王秀英");
        CHECK(p.applicant.address == "湖北省赤壁市车埠镇黄龙村3组");
        REQUIRE(p.agent);
        CHECK(p.agent->name == "李代办");
        REQUIRE(p.materials.size() == 3);
        CHECK(p.materials[1].name == "户口簿");
        CHECK(p.materials[1].received);
        CHECK_FALSE(p.materials[1].originalSeen);
        CHECK(p.materials[1].copies == 2);
        CHECK(p.entrusted);
        CHECK(d->actor.role == Role::VillageAgent);
        CHECK_FALSE(d->serverSeq);
    }
    SECTION("a step, with its code and action") {
        const auto d = decodeEvent(encodeEvent(goldenEvent(typeIndexOf<StepPayload>())));
        REQUIRE(d.ok());
        const auto& p = std::get<StepPayload>(d->payload);
        CHECK(p.step == StepCode::Review);
        CHECK(p.action == StepAction::Return);
        CHECK(p.opinion == "收入核对不全");
        CHECK(d->actor.grade == Grade::Reviewer);
        CHECK(d->serverSeq == 110);
    }
    SECTION("large integers at the edge of their range") {
        Event e = goldenEvent(typeIndexOf<FeePaidPayload>());
        std::get<FeePaidPayload>(e.payload).amountFen = std::numeric_limits<std::int64_t>::max();
        e.hlc.counter = std::numeric_limits<std::uint32_t>::max();
        e.serverSeq = std::numeric_limits<std::int64_t>::max();
        e.deviceTime = 253'402'300'799'999; // 9999-12-31T23:59:59.999Z
        const auto d = decodeEvent(encodeEvent(e));
        REQUIRE(d.ok());
        CHECK(std::get<FeePaidPayload>(d->payload).amountFen ==
              std::numeric_limits<std::int64_t>::max());
        CHECK(d->hlc.counter == std::numeric_limits<std::uint32_t>::max());
        CHECK(d->serverSeq == std::numeric_limits<std::int64_t>::max());
        CHECK(d->deviceTime == e.deviceTime);
    }
}

TEST_CASE("codec: every enumerator has its own stable string and round-trips", "[codec]") {
    const auto roundTrip = [](Event e) {
        const std::string text = encodeEvent(e);
        const auto d = decodeEvent(text);
        INFO(text);
        REQUIRE(d.ok());
        CHECK(encodeEvent(*d) == text);
        return *d;
    };
    const auto payloadText = [](const Event& e) {
        return json::serialize(eventToJson(e).at("payload"));
    };
    SECTION("roles and grades") {
        const std::vector<std::pair<Role, std::string>> roles = {
            {Role::Clerk, "clerk"},
            {Role::VillageAgent, "village_agent"},
            {Role::HallDirector, "hall_director"},
            {Role::DepartmentStaff, "department_staff"},
            {Role::Supervisor, "supervisor"},
            {Role::Admin, "admin"},
            {Role::System, "system"},
        };
        for (const auto& [role, key] : roles) {
            Event e = goldenEvent(0);
            e.actor.role = role;
            CHECK(eventToJson(e).at("actor").at("role").as_string() == key);
            CHECK(roundTrip(e).actor.role == role);
        }
        for (int g = 0; g <= 3; ++g) {
            Event e = goldenEvent(0);
            e.actor.grade = static_cast<Grade>(g);
            CHECK(eventToJson(e).at("actor").at("grade") == json::value(g));
            CHECK(roundTrip(e).actor.grade == e.actor.grade);
        }
    }
    SECTION("step codes and actions") {
        for (const auto step : {StepCode::Handle, StepCode::Review, StepCode::Approve})
            for (const auto& [action, key] :
                 {std::pair{StepAction::Pass, "pass"}, std::pair{StepAction::Return, "return"}}) {
                Event e = goldenEvent(typeIndexOf<StepPayload>());
                e.payload = StepPayload{step, action, "意见"};
                CHECK(payloadText(e) == "{\"step\":" + std::to_string(static_cast<int>(step)) +
                                            ",\"action\":\"" + key + "\",\"opinion\":\"意见\"}");
                const Event d = roundTrip(e);
                const auto& p = std::get<StepPayload>(d.payload);
                CHECK(p.step == step);
                CHECK(p.action == action);
            }
    }
    SECTION("outcomes") {
        for (const auto& [outcome, key] :
             {std::pair{Outcome::Certificate, "certificate"},
              std::pair{Outcome::Document, "document"}, std::pair{Outcome::Approved, "approved"},
              std::pair{Outcome::Denied, "denied"}}) {
            Event e = goldenEvent(typeIndexOf<CompletePayload>());
            std::get<CompletePayload>(e.payload).outcome = outcome;
            CHECK_THAT(payloadText(e), StartsWith(std::string("{\"outcome\":\"") + key + "\""));
            CHECK(std::get<CompletePayload>(roundTrip(e).payload).outcome == outcome);
        }
    }
    SECTION("delivery methods") {
        for (const auto& [method, key] : {std::pair{DeliveryMethod::WindowPickup, "window_pickup"},
                                          std::pair{DeliveryMethod::Post, "post"},
                                          std::pair{DeliveryMethod::AgentReturn, "agent_return"}}) {
            Event e = goldenEvent(typeIndexOf<DeliverPayload>());
            std::get<DeliverPayload>(e.payload).method = method;
            CHECK_THAT(payloadText(e), StartsWith(std::string("{\"method\":\"") + key + "\""));
            CHECK(std::get<DeliverPayload>(roundTrip(e).payload).method == method);
        }
    }
    SECTION("custody kinds") {
        for (const auto& [kind, key] :
             {std::pair{CustodyKind::Entrust, "entrust"},
              std::pair{CustodyKind::HandOver, "hand_over"},
              std::pair{CustodyKind::ReturnToApplicant, "return_to_applicant"}}) {
            Event e = goldenEvent(typeIndexOf<CustodyPayload>());
            std::get<CustodyPayload>(e.payload).kind = kind;
            CHECK_THAT(payloadText(e), StartsWith(std::string("{\"kind\":\"") + key + "\""));
            CHECK(std::get<CustodyPayload>(roundTrip(e).payload).kind == kind);
        }
    }
}

TEST_CASE("codec: the type key is eventTypeKey and the header keys come in a fixed order",
          "[codec]") {
    for (std::size_t type = 0; type < kTypeCount; ++type) {
        const Event e = goldenEvent(type);
        const json::object o = eventToJson(e);
        CHECK(o.at("type") == json::value(eventTypeKey(e.payload)));
        std::vector<std::string> keys;
        for (const auto& kv : o)
            keys.emplace_back(kv.key());
        std::vector<std::string> expected = {"v",     "id",         "caseId", "type",
                                             "actor", "deviceTime", "hlc"};
        if (e.serverSeq)
            expected.emplace_back("serverSeq");
        expected.insert(expected.end(), {"parentId", "prevHash", "payload"});
        CHECK(keys == expected);
    }
    CHECK_THAT(encodeEvent(goldenEvent(0)),
               StartsWith("{\"v\":1,\"id\":\"01900000-0000-7000-8000-000000000001\","));
}

// --- the golden file -----------------------------------------------------------------------------

TEST_CASE("codec: the wire format matches the golden file byte for byte", "[codec][golden]") {
    std::string expected;
    for (std::size_t type = 0; type < kTypeCount; ++type)
        expected += encodeEvent(goldenEvent(type)) + "\n";
    const std::string path = goldenPath();
    const char* update = std::getenv("BIANMIN_UPDATE_GOLDEN");
    if (update && std::string_view(update) == "1") {
        fs::create_directories(fs::path(path).parent_path());
        std::ofstream(path, std::ios::binary | std::ios::trunc) << expected;
        WARN("rewrote " << path);
    }
    const std::string actual = readFile(path);
    INFO(path << " (after a deliberate format change, regenerate it with BIANMIN_UPDATE_GOLDEN=1 "
                 "and bump \"v\")");
    REQUIRE_FALSE(actual.empty());
    const auto actualLines = splitLines(actual);
    const auto expectedLines = splitLines(expected);
    REQUIRE(actualLines.size() == kTypeCount);
    for (std::size_t i = 0; i < kTypeCount; ++i) {
        INFO("line " << i + 1 << ": " << eventTypeKey(goldenPayloads()[i]));
        CHECK(actualLines[i] == expectedLines[i]);
    }
    CHECK(actual == expected);
}

TEST_CASE("codec: every line of the golden file decodes to its event", "[codec][golden]") {
    const auto lines = splitLines(readFile(goldenPath()));
    REQUIRE(lines.size() == kTypeCount);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        INFO("line " << i + 1);
        const auto d = decodeEvent(lines[i]);
        INFO((d ? std::string() : d.error().message));
        REQUIRE(d.ok());
        CHECK(d->payload.index() == i);
        CHECK(encodeEvent(*d) == encodeEvent(goldenEvent(i)));
    }
}

// --- bad input -----------------------------------------------------------------------------------

TEST_CASE("codec: text that is not JSON is an error", "[codec][bad]") {
    const std::string golden = encodeEvent(goldenEvent(1));
    for (const std::string& text :
         {std::string(), std::string("hello"), std::string("{"), std::string("{\"v\":1,}"),
          std::string("{'v':1}"), std::string("\xff\xfe{}"), golden + "x", golden + golden,
          std::string("nul"), std::string("[1,2"), std::string("{\"v\":01}"),
          std::string(1, '\0')}) {
        CHECK_THAT(decodeError(text), StartsWith("event: not valid JSON"));
    }
    // A string that is not UTF-8.
    std::string bad = golden;
    const auto pos = bad.find("王秀英");
    REQUIRE(pos != std::string::npos);
    bad[pos + 1] = '\x20';
    CHECK_THAT(decodeError(bad), StartsWith("event: not valid JSON"));
}

TEST_CASE("codec: JSON that is not an object is an error", "[codec][bad]") {
    const std::string golden = encodeEvent(goldenEvent(1));
    for (const std::string& text :
         {std::string("[]"), std::string("42"), std::string("null"), std::string("\"event\""),
          std::string("true"), std::string("[") + golden + "]"})
        CHECK(decodeError(text) == "event: expected a JSON object");
    CHECK_FALSE(eventFromJson(json::value(nullptr)).ok());
}

TEST_CASE("codec: only format version 1 is read", "[codec][bad]") {
    const std::string name = "event 01900000-0000-7000-8000-000000000001: field 'v': ";
    CHECK(errorAfterEdit(0, [](json::object& o) { o["v"] = 2; }) ==
          name + "unsupported format version 2; this build reads version 1");
    CHECK(errorAfterEdit(0, [](json::object& o) { o["v"] = 0; }) ==
          name + "unsupported format version 0; this build reads version 1");
    CHECK(errorAfterEdit(0, [](json::object& o) { o["v"] = -1; }) ==
          name + "unsupported format version -1; this build reads version 1");
    CHECK(errorAfterEdit(0, [](json::object& o) { o["v"] = "1"; }) ==
          name + "expected the format version as an integer");
    CHECK(errorAfterEdit(0, [](json::object& o) { o["v"] = 1.0; }) ==
          name + "expected the format version as an integer");
    CHECK(errorAfterEdit(0, [](json::object& o) { o.erase("v"); }) ==
          name + "missing (expected the format version 1)");
    // A version built in memory as an unsigned number is read the same.
    json::object built = eventToJson(goldenEvent(0));
    built["v"] = std::uint64_t{1};
    CHECK(eventFromJson(built).ok());
    built["v"] = std::numeric_limits<std::uint64_t>::max();
    CHECK(eventFromJson(built).error().message ==
          name + "unsupported format version 18446744073709551615; this build reads version 1");
    // The version is checked first: a newer event is not misread field by field.
    CHECK_THAT(errorAfterEdit(0,
                              [](json::object& o) {
                                  o["v"] = 2;
                                  o["type"] = "teleport";
                                  o.erase("payload");
                              }),
               Contains("field 'v'"));
}

TEST_CASE("codec: an unknown event type is an error", "[codec][bad]") {
    const std::string name = "event 01900000-0000-7000-8000-000000000002: field 'type': ";
    CHECK(errorAfterEdit(1, [](json::object& o) { o["type"] = "teleport"; }) ==
          name + "unknown event type 'teleport'");
    CHECK(errorAfterEdit(1, [](json::object& o) { o["type"] = "Receive"; }) ==
          name + "unknown event type 'Receive'");
    CHECK(errorAfterEdit(1, [](json::object& o) { o["type"] = "收件"; }) ==
          name + "unknown event type '收件'");
    CHECK(errorAfterEdit(1, [](json::object& o) { o["type"] = ""; }) == name + "must not be empty");
    CHECK(errorAfterEdit(1, [](json::object& o) { o["type"] = 2; }) == name + "expected a string");
    // A known type with another type's payload is missing its own fields.
    CHECK_THAT(errorAfterEdit(1, [](json::object& o) { o["type"] = "step"; }),
               Contains("field 'payload.step': missing"));
}

TEST_CASE("codec: every missing field is an error that names it", "[codec][bad]") {
    int checked = 0;
    for (std::size_t type = 0; type < kTypeCount; ++type) {
        const json::value original = eventToJson(goldenEvent(type));
        json::value probe = original;
        const std::size_t count = nodesOf(probe).size();
        for (std::size_t i = 0; i < count; ++i) {
            json::value copy = original;
            const Node node = nodesOf(copy).at(i);
            // Array elements are not fields; serverSeq and a payload's agent are optional.
            if (!node.parent || node.path == "serverSeq" || node.path == "payload.agent")
                continue;
            node.parent->erase(node.key);
            const std::string message = decodeError(json::serialize(copy));
            INFO(node.path);
            CHECK_THAT(message, Contains("field '" + node.path + "': missing"));
            ++checked;
        }
    }
    CHECK(checked > 300);
}

TEST_CASE("codec: a field of the wrong JSON type is an error that names it", "[codec][bad]") {
    CHECK(errorAfterEdit(typeIndexOf<ReceivePayload>(),
                         [](json::object& o) {
                             payloadOf(o)["materials"].as_array()[2].as_object()["copies"] = "2";
                         }) == "event 01900000-0000-7000-8000-000000000002: field "
                               "'payload.materials[2].copies': expected an integer");
    // Every value of every golden event, replaced by a value of another JSON type.
    int checked = 0;
    for (std::size_t type = 0; type < kTypeCount; ++type) {
        const json::value original = eventToJson(goldenEvent(type));
        json::value probe = original;
        const std::size_t count = nodesOf(probe).size();
        for (std::size_t i = 0; i < count; ++i) {
            json::value copy = original;
            const Node node = nodesOf(copy).at(i);
            *node.value = wrongTyped(*node.value);
            const std::string message = decodeError(json::serialize(copy));
            INFO(node.path);
            CHECK_THAT(message, Contains("field '" + node.path + "'"));
            ++checked;
        }
    }
    CHECK(checked > 300);
    // A number that is not an integer.
    CHECK_THAT(errorAfterEdit(0, [](json::object& o) { o["deviceTime"] = 1.5; }),
               Contains("field 'deviceTime': expected an integer"));
    CHECK_THAT(errorAfterEdit(0, [](json::object& o) { at(o, "hlc")["counter"] = 1e3; }),
               Contains("field 'hlc.counter': expected an integer"));
    // Absent is omitted, not null.
    CHECK_THAT(errorAfterEdit(0, [](json::object& o) { payloadOf(o)["agent"] = nullptr; }),
               Contains("field 'payload.agent': expected an object"));
    CHECK_THAT(errorAfterEdit(1, [](json::object& o) { o["serverSeq"] = nullptr; }),
               Contains("field 'serverSeq': expected an integer"));
}

TEST_CASE("codec: integers outside their range are errors", "[codec][bad]") {
    struct Case {
        std::size_t type;
        std::function<void(json::object&)> edit;
        std::string field;
    };
    const std::size_t receive = typeIndexOf<ReceivePayload>();
    const auto material = [](json::object& o) -> json::object& {
        return payloadOf(o)["materials"].as_array()[0].as_object();
    };
    const std::int64_t big = std::int64_t{std::numeric_limits<int>::max()} + 1;
    const std::vector<Case> cases = {
        {receive, [&](json::object& o) { material(o)["copies"] = -1; },
         "payload.materials[0].copies"},
        {receive, [&](json::object& o) { material(o)["copies"] = big; },
         "payload.materials[0].copies"},
        {receive, [](json::object& o) { at(payloadOf(o), "item")["version"] = 0; },
         "payload.item.version"},
        {receive, [](json::object& o) { at(payloadOf(o), "item")["version"] = -3; },
         "payload.item.version"},
        {typeIndexOf<SupplementPayload>(),
         [](json::object& o) {
             payloadOf(o)["materials"].as_array()[0].as_object()["copies"] = -2;
         },
         "payload.materials[0].copies"},
        {typeIndexOf<FeeNoticePayload>(), [](json::object& o) { payloadOf(o)["amountFen"] = -5; },
         "payload.amountFen"},
        {typeIndexOf<FeePaidPayload>(), [](json::object& o) { payloadOf(o)["amountFen"] = -1; },
         "payload.amountFen"},
        {typeIndexOf<FeePaidPayload>(),
         [](json::object& o) {
             payloadOf(o)["amountFen"] = std::numeric_limits<std::uint64_t>::max();
         },
         "payload.amountFen"},
        {typeIndexOf<SuspendPayload>(), [](json::object& o) { payloadOf(o)["limitDays"] = -1; },
         "payload.limitDays"},
        {typeIndexOf<SuspendPayload>(), [](json::object& o) { payloadOf(o)["kind"] = 3; },
         "payload.kind"},
        {typeIndexOf<SuspendPayload>(), [](json::object& o) { payloadOf(o)["kind"] = 0; },
         "payload.kind"},
        {typeIndexOf<StepPayload>(), [](json::object& o) { payloadOf(o)["step"] = 0; },
         "payload.step"},
        {typeIndexOf<StepPayload>(), [](json::object& o) { payloadOf(o)["step"] = 4; },
         "payload.step"},
        {typeIndexOf<EvaluatePayload>(), [](json::object& o) { payloadOf(o)["level"] = 0; },
         "payload.level"},
        {typeIndexOf<EvaluatePayload>(), [](json::object& o) { payloadOf(o)["level"] = 6; },
         "payload.level"},
        {typeIndexOf<EvaluatePayload>(), [](json::object& o) { payloadOf(o)["channel"] = -4; },
         "payload.channel"},
        {typeIndexOf<DeliverPayload>(), [](json::object& o) { payloadOf(o)["at"] = -1; },
         "payload.at"},
        {0, [](json::object& o) { o["deviceTime"] = -1; }, "deviceTime"},
        {0, [](json::object& o) { o["deviceTime"] = std::int64_t{253'402'300'800'000}; },
         "deviceTime"},
        {0, [](json::object& o) { at(o, "hlc")["wall"] = -1; }, "hlc.wall"},
        {0, [](json::object& o) { at(o, "hlc")["counter"] = -1; }, "hlc.counter"},
        {0, [](json::object& o) { at(o, "hlc")["counter"] = std::int64_t{1} << 32; },
         "hlc.counter"},
        {0, [](json::object& o) { o["serverSeq"] = -1; }, "serverSeq"},
        {0, [](json::object& o) { at(o, "actor")["grade"] = 4; }, "actor.grade"},
        {0, [](json::object& o) { at(o, "actor")["grade"] = -1; }, "actor.grade"},
    };
    for (const auto& c : cases) {
        const std::string message = errorAfterEdit(c.type, c.edit);
        INFO(c.field);
        CHECK_THAT(message, Contains("field '" + c.field + "'"));
        CHECK((message.find("is outside") != std::string::npos ||
               message.find("expected an integer") != std::string::npos));
    }
    CHECK(errorAfterEdit(receive, [&](json::object& o) { material(o)["copies"] = -1; }) ==
          "event 01900000-0000-7000-8000-000000000002: field 'payload.materials[0].copies': -1 "
          "is outside 0..2147483647");
}

TEST_CASE("codec: an unknown enum string is an error", "[codec][bad]") {
    struct Case {
        std::size_t type;
        std::function<void(json::object&)> edit;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {typeIndexOf<StepPayload>(), [](json::object& o) { payloadOf(o)["action"] = "skip"; },
         "field 'payload.action': unknown value 'skip'; expected one of pass, return"},
        {typeIndexOf<StepPayload>(), [](json::object& o) { payloadOf(o)["action"] = "Pass"; },
         "field 'payload.action': unknown value 'Pass'"},
        {typeIndexOf<CompletePayload>(),
         [](json::object& o) { payloadOf(o)["outcome"] = "approve"; },
         "field 'payload.outcome': unknown value 'approve'; expected one of certificate, document, "
         "approved, denied"},
        {typeIndexOf<DeliverPayload>(), [](json::object& o) { payloadOf(o)["method"] = "drone"; },
         "field 'payload.method': unknown value 'drone'; expected one of window_pickup, post, "
         "agent_return"},
        {typeIndexOf<CustodyPayload>(), [](json::object& o) { payloadOf(o)["kind"] = "handover"; },
         "field 'payload.kind': unknown value 'handover'; expected one of entrust, hand_over, "
         "return_to_applicant"},
        {typeIndexOf<CustodyPayload>(), [](json::object& o) { payloadOf(o)["kind"] = ""; },
         "field 'payload.kind': must not be empty"},
        {0, [](json::object& o) { at(o, "actor")["role"] = "king"; },
         "field 'actor.role': unknown role 'king'"},
        {0, [](json::object& o) { at(o, "actor")["role"] = "Clerk"; },
         "field 'actor.role': unknown role 'Clerk'"},
        {0, [](json::object& o) { at(o, "actor")["role"] = 0; },
         "field 'actor.role': expected a string"},
    };
    for (const auto& c : cases)
        CHECK_THAT(errorAfterEdit(c.type, c.edit), Contains(c.expected));
}

TEST_CASE("codec: ids must be event ids", "[codec][bad]") {
    CHECK(errorAfterEdit(0, [](json::object& o) { o["id"] = "case-1"; }) ==
          "event case-1: field 'id': expected an event id (UUIDv7)");
    CHECK_THAT(errorAfterEdit(
                   0, [](json::object& o) { o["id"] = "01900000-0000-4000-8000-000000000001"; }),
               Contains("field 'id': expected an event id"));
    CHECK_THAT(errorAfterEdit(
                   0, [](json::object& o) { o["id"] = "01900000-0000-7000-8000-00000000000A"; }),
               Contains("field 'id': expected an event id"));
    CHECK(errorAfterEdit(0, [](json::object& o) { o.erase("id"); }) ==
          "event (no id): field 'id': missing (expected a string)");
    CHECK_THAT(errorAfterEdit(1, [](json::object& o) { o["parentId"] = "parent"; }),
               Contains("field 'parentId': expected an event id (UUIDv7) or empty"));
    CHECK_THAT(errorAfterEdit(1, [](json::object& o) { o["caseId"] = ""; }),
               Contains("field 'caseId': must not be empty"));
    CHECK_THAT(errorAfterEdit(typeIndexOf<ResolveConflictPayload>(),
                              [](json::object& o) { payloadOf(o)["eventId"] = "x"; }),
               Contains("field 'payload.eventId': expected an event id (UUIDv7)"));
}

TEST_CASE("codec: unknown extra fields are ignored", "[codec]") {
    for (std::size_t type = 0; type < kTypeCount; ++type) {
        const std::string golden = encodeEvent(goldenEvent(type));
        json::object o = eventToJson(goldenEvent(type));
        o["futureField"] = json::object{{"anything", json::array{1, "二", nullptr}}};
        at(o, "actor")["phone"] = "13800000000";
        at(o, "hlc")["node"] = 7;
        payloadOf(o)["comment2"] = "新字段";
        if (auto* m = payloadOf(o).if_contains("materials"))
            for (auto& item : m->as_array())
                item.as_object()["pages"] = 3;
        if (auto* item = payloadOf(o).if_contains("item"))
            item->as_object()["name"] = "高龄补贴申请";
        const auto d = decodeEvent(json::serialize(o));
        INFO(eventTypeKey(goldenPayloads()[type])
             << ": " << (d ? std::string() : d.error().message));
        REQUIRE(d.ok());
        CHECK(encodeEvent(*d) == golden);
    }
}

TEST_CASE("codec: every truncation of an event is an error", "[codec][bad]") {
    int checked = 0;
    for (std::size_t type = 0; type < kTypeCount; ++type) {
        const std::string text = encodeEvent(goldenEvent(type));
        for (std::size_t n = 0; n < text.size(); ++n) {
            const auto r = decodeEvent(std::string_view(text).substr(0, n));
            if (r.ok()) {
                FAIL("a truncation decoded: " << text.substr(0, n));
            }
            ++checked;
        }
    }
    CHECK(checked > 10000);
}

TEST_CASE("codec: huge and deep input does not crash", "[codec][bad]") {
    const std::size_t reply = typeIndexOf<ReplyPayload>();
    const std::string mb(1 << 20, 'x');
    SECTION("a 1 MB string where a string belongs is read whole") {
        Event e = goldenEvent(reply);
        std::get<ReplyPayload>(e.payload).note = mb;
        const auto d = decodeEvent(encodeEvent(e));
        REQUIRE(d.ok());
        CHECK(std::get<ReplyPayload>(d->payload).note == mb);
        std::string chinese;
        for (int i = 0; i < (1 << 20) / 3; ++i)
            chinese += "审";
        std::get<ReplyPayload>(e.payload).note = chinese;
        const auto c = decodeEvent(encodeEvent(e));
        REQUIRE(c.ok());
        CHECK(std::get<ReplyPayload>(c->payload).note == chinese);
    }
    SECTION("a 1 MB string where it does not fit gives a short error") {
        for (const std::string_view key : {"id", "type", "v", "parentId"}) {
            const std::string message =
                errorAfterEdit(reply, [&](json::object& o) { o[key] = mb; });
            INFO(key);
            CHECK_THAT(message, Contains("field '" + std::string(key) + "'"));
            CHECK(message.size() < 300);
        }
        const std::string role =
            errorAfterEdit(reply, [&](json::object& o) { at(o, "actor")["role"] = mb; });
        CHECK(role.size() < 300);
        std::string chinese;
        for (int i = 0; i < 100; ++i)
            chinese += "类";
        const std::string type =
            errorAfterEdit(reply, [&](json::object& o) { o["type"] = chinese; });
        CHECK_THAT(type, Contains("unknown event type '" + chinese.substr(0, 39) + "…'"));
    }
    SECTION("a 1 MB number, 100 000 materials, deep nesting") {
        CHECK_FALSE(decodeEvent("{\"v\":" + std::string(1 << 20, '9') + "}").ok());
        json::object o = eventToJson(goldenEvent(typeIndexOf<SupplementPayload>()));
        json::array& materials = payloadOf(o)["materials"].as_array();
        const json::value one = materials[0];
        materials.clear();
        for (int i = 0; i < 100'000; ++i)
            materials.push_back(one);
        materials.push_back(json::object{{"name", "x"}});
        CHECK_THAT(decodeError(json::serialize(o)),
                   Contains("field 'payload.materials[100000].received': missing"));
        const std::string deep = std::string(1 << 20, '[') + std::string(1 << 20, ']');
        CHECK_THAT(decodeError(deep), StartsWith("event: not valid JSON"));
        const std::string deepObject =
            "{\"v\":1,\"payload\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
        CHECK_THAT(decodeError(deepObject), StartsWith("event: not valid JSON"));
    }
}

TEST_CASE("codec: random mutations and garbage decode to an error or an event, never a crash",
          "[codec][bad][fuzz]") {
    std::mt19937_64 rng(20261123);
    const auto pick = [&rng](std::size_t n) {
        return static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(n));
    };
    const char* const tokens[] = {
        "{",    "}",  "[",     "]",   ",",    ":",       "\"",           "\\",  "null",
        "true", "-1", "1e400", "0.5", "\"\"", "\\u0000", "\xe7\x8e\x8b", "\xff"};
    int decoded = 0;
    int refused = 0;
    const auto attempt = [&](const std::string& text) {
        INFO("input: " << text.substr(0, 400));
        bool threw = false;
        try {
            const auto r = decodeEvent(text);
            if (r.ok()) {
                ++decoded;
                // Whatever decodes is a real event: it encodes and decodes to itself.
                const std::string again = encodeEvent(*r);
                const auto r2 = decodeEvent(again);
                REQUIRE(r2.ok());
                CHECK(encodeEvent(*r2) == again);
            } else {
                ++refused;
                CHECK(r.error().kind == ErrorKind::InvalidInput);
                CHECK_FALSE(r.error().message.empty());
            }
        } catch (const Catch::TestFailureException&) {
            throw;
        } catch (...) {
            threw = true;
        }
        REQUIRE_FALSE(threw);
    };
    for (std::size_t type = 0; type < kTypeCount; ++type) {
        const std::string golden = encodeEvent(goldenEvent(type));
        for (int round = 0; round < 1000; ++round) {
            std::string text = golden;
            const std::size_t edits = 1 + pick(4);
            for (std::size_t k = 0; k < edits && !text.empty(); ++k) {
                const std::size_t pos = pick(text.size());
                switch (pick(6)) {
                case 0:
                    text[pos] = static_cast<char>(rng());
                    break;
                case 1:
                    text.insert(pos, 1, static_cast<char>(rng()));
                    break;
                case 2:
                    text.erase(pos, 1 + pick(8));
                    break;
                case 3:
                    text.insert(pos, tokens[pick(std::size(tokens))]);
                    break;
                case 4:
                    text.insert(pos, text.substr(pick(text.size()), pick(40)));
                    break;
                default:
                    // Change a digit: may stay valid, leave a range, or break a UUID.
                    if (const auto d = text.find_first_of("0123456789", pos);
                        d != std::string::npos)
                        text[d] = static_cast<char>('0' + pick(10));
                    break;
                }
            }
            attempt(text);
        }
    }
    for (int round = 0; round < 1000; ++round) {
        std::string text(pick(300), '\0');
        for (auto& c : text)
            c = static_cast<char>(rng());
        if (round % 2 == 0)
            text = "{" + text;
        attempt(text);
    }
    INFO(decoded << " decoded, " << refused << " refused");
    CHECK(decoded + refused == static_cast<int>(kTypeCount) * 1000 + 1000);
    CHECK(decoded > 0); // some mutations (a changed digit in a text or a time) stay valid
    CHECK(refused > 0);
}

// --- decoded events fold -------------------------------------------------------------------------

namespace {

std::vector<Event> throughTheWire(const std::vector<Event>& events) {
    std::vector<Event> out;
    for (const Event& e : events) {
        const auto d = decodeEvent(encodeEvent(e));
        INFO((d ? std::string() : d.error().message));
        REQUIRE(d.ok());
        out.push_back(*d);
    }
    return out;
}

void requireSameFold(const CaseWorld& w, const std::vector<Event>& decoded) {
    const CaseView a = foldCase(w.events, w.ctx());
    const CaseView b = foldCase(decoded, w.ctx());
    CHECK(b.status == a.status);
    CHECK(b.holder == a.holder);
    CHECK(b.acceptedAt == a.acceptedAt);
    CHECK(b.completedAt == a.completedAt);
    CHECK(b.deliveredAt == a.deliveredAt);
    CHECK(b.steps.size() == a.steps.size());
    CHECK(b.suspensions.size() == a.suspensions.size());
    CHECK(b.custody == a.custody);
    CHECK(b.custodyLog.size() == a.custodyLog.size());
    CHECK(b.officialNumber == a.officialNumber);
    CHECK(b.provisionalNumber == a.provisionalNumber);
    CHECK(b.materialsComplete() == a.materialsComplete());
    CHECK(b.archived == a.archived);
    CHECK(b.conflicts.size() == a.conflicts.size());
    REQUIRE(b.timeline.size() == a.timeline.size());
    for (std::size_t i = 0; i < a.timeline.size(); ++i) {
        CHECK(b.timeline[i].eventId == a.timeline[i].eventId);
        CHECK(b.timeline[i].type == a.timeline[i].type);
        CHECK(b.timeline[i].applied == a.timeline[i].applied);
        CHECK(b.timeline[i].rejectCode == a.timeline[i].rejectCode);
    }
}

} // namespace

TEST_CASE("codec: a case's life at a village room folds the same after the wire", "[codec][fold]") {
    CaseWorld w;
    const Actor& agent = w.cast.agent;
    const std::string hukou = "户口簿";
    w.must(agent, w.receive(agent, "MZJ-001", {hukou}, true));
    w.must(agent, NotifyMissingPayload{{hukou}, "请补齐户口簿"});
    w.advanceMinutes(60);
    w.must(agent, SupplementPayload{{CaseWorld::got(hukou)}});
    w.must(agent, AcceptPayload{"材料齐全，代为受理"});
    w.must(agent, ForwardPayload{{Cast::kHall, {}}, "转乡镇办理"});
    w.must(w.cast.system,
           BindNumberPayload{makeOfficialNumber("421281", Date::fromCivil(2026, 11, 23), 17)});
    w.must(agent,
           CustodyPayload{
               CustodyKind::HandOver, {hukou}, agent.userId, w.cast.clerk.userId, "窗口人员"});
    w.must(w.cast.clerk, TakeInPayload{});
    w.must(w.cast.clerk, StepPayload{StepCode::Handle, StepAction::Pass, "符合条件"});
    w.must(w.cast.director, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    w.must(w.cast.deputy, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    w.must(w.cast.clerk, CompletePayload{Outcome::Approved, "高龄津贴", {}, {}});
    w.must(w.cast.clerk, ReplyPayload{"审批通过"});
    w.must(w.cast.clerk,
           CustodyPayload{
               CustodyKind::HandOver, {hukou}, w.cast.clerk.userId, agent.userId, "村代办员甲"});
    w.must(agent, DeliverPayload{DeliveryMethod::AgentReturn, "王秀英", 0, true});
    w.must(agent,
           CustodyPayload{
               CustodyKind::ReturnToApplicant, {hukou}, agent.userId, "applicant", "王秀英"});
    w.must(agent, EvaluatePayload{1, 4, true, "跑一次就办好了"});
    w.must(agent, ArchivePayload{});
    REQUIRE(w.view().status == CaseStatus::Completed);

    const std::vector<Event> decoded = throughTheWire(w.events);
    CHECK(foldCase(decoded, w.ctx()).status == CaseStatus::Completed);
    requireSameFold(w, decoded);

    SECTION("stored by the server and arriving in any order") {
        for (std::size_t i = 0; i < w.events.size(); ++i)
            w.events[i].serverSeq = static_cast<std::int64_t>(1000 + i * 7);
        std::vector<Event> stored = throughTheWire(w.events);
        std::mt19937 rng(5);
        std::shuffle(stored.begin(), stored.end(), rng);
        requireSameFold(w, stored);
    }
}

TEST_CASE("codec: a case's life through the center folds the same after the wire",
          "[codec][fold]") {
    CaseWorld w("case-center");
    w.must(w.cast.clerk, w.receive(w.cast.clerk, "MZJ-006"));
    w.must(w.cast.clerk, AcceptPayload{});
    w.must(w.cast.clerk, ForwardPayload{{Cast::kCenter, "民政局"}, {}});
    w.must(w.cast.handler, TakeInPayload{});
    w.must(w.cast.handler, StepPayload{StepCode::Handle, StepAction::Pass, "入户调查属实，拟同意"});
    w.must(w.cast.reviewer, StepPayload{StepCode::Review, StepAction::Return, "收入核对不全"});
    w.must(w.cast.handler, StepPayload{StepCode::Handle, StepAction::Pass, "已补核对"});
    w.must(w.cast.reviewer, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    w.must(w.cast.reviewer, SuspendPayload{2, "公示7天", "民政局长", 5});
    w.advanceMinutes(7 * 24 * 60);
    w.must(w.cast.reviewer, ResumePayload{"公示无异议"});
    w.must(w.cast.approver, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    w.must(w.cast.handler,
           CompletePayload{Outcome::Certificate, "最低生活保障金领取证", "DB-2026-0042", {}});
    w.must(w.cast.handler, ReplyPayload{"审批通过"});
    w.must(w.cast.clerk, DeliverPayload{DeliveryMethod::WindowPickup, "王秀英", 0, true});
    // A refused event travels too and is refused the same way after the wire.
    w.events.push_back(w.make(w.cast.clerk, VoidPayload{"误操作"}));
    const CaseView original = w.view();
    REQUIRE(original.status == CaseStatus::Completed);
    REQUIRE_FALSE(original.timeline.back().applied);

    const std::vector<Event> decoded = throughTheWire(w.events);
    CHECK(foldCase(decoded, w.ctx()).status == CaseStatus::Completed);
    requireSameFold(w, decoded);
}
