#include "common/domain/event_codec.h"

#include "common/domain/json_read.h"

#include <array>
#include <cassert>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

namespace bianmin::domain {

namespace json = boost::json;

namespace {

// Instants are Unix milliseconds up to the end of year 9999 (a UUIDv7 holds them with room).
constexpr std::int64_t kMaxInstant = 253'402'300'799'999;
constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();
constexpr std::int64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMaxCounter = std::numeric_limits<std::uint32_t>::max();
// How much of a string from the input an error message quotes.
constexpr std::size_t kQuoteBytes = 40;

// --- enums on the wire ---------------------------------------------------------------------------

template <typename E>
struct EnumKey {
    E value;
    std::string_view key;
};

constexpr EnumKey<StepAction> kStepActions[] = {
    {StepAction::Pass, "pass"},
    {StepAction::Return, "return"},
};
constexpr EnumKey<Outcome> kOutcomes[] = {
    {Outcome::Certificate, "certificate"},
    {Outcome::Document, "document"},
    {Outcome::Approved, "approved"},
    {Outcome::Denied, "denied"},
};
constexpr EnumKey<DeliveryMethod> kDeliveryMethods[] = {
    {DeliveryMethod::WindowPickup, "window_pickup"},
    {DeliveryMethod::Post, "post"},
    {DeliveryMethod::AgentReturn, "agent_return"},
};
constexpr EnumKey<CustodyKind> kCustodyKinds[] = {
    {CustodyKind::Entrust, "entrust"},
    {CustodyKind::HandOver, "hand_over"},
    {CustodyKind::ReturnToApplicant, "return_to_applicant"},
};

template <typename E, std::size_t N>
std::string_view keyOf(const EnumKey<E> (&table)[N], E value) {
    for (const auto& k : table)
        if (k.value == value)
            return k.key;
    assert(false && "an enumerator without a wire key");
    return {};
}

// The first `kQuoteBytes` of s, cut at a UTF-8 character boundary.
std::string clip(std::string_view s) {
    if (s.size() <= kQuoteBytes)
        return std::string(s);
    std::size_t n = kQuoteBytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0U) == 0x80U)
        --n;
    return std::string(s.substr(0, n)) + "…";
}

std::string quoted(std::string_view s) {
    return "'" + clip(s) + "'";
}

std::string indexed(std::string_view key, std::size_t i) {
    return std::string(key) + "[" + std::to_string(i) + "]";
}

// --- reading -------------------------------------------------------------------------------------

int readInt(FieldReader& r, std::string_view key, std::int64_t min, std::int64_t max = kMaxInt) {
    return static_cast<int>(r.integer(key, min, max));
}

std::string readText(FieldReader& r, std::string_view key) {
    return r.str(key, true);
}

template <typename E, std::size_t N>
E readEnum(FieldReader& r, std::string_view key, const EnumKey<E> (&table)[N]) {
    const std::string s = r.str(key);
    if (r.failed())
        return table[0].value;
    std::string known;
    for (const auto& k : table) {
        if (k.key == s)
            return k.value;
        known += (known.empty() ? "" : ", ") + std::string(k.key);
    }
    r.fail(key, "unknown value " + quoted(s) + "; expected one of " + known);
    return table[0].value;
}

// Unlike FieldReader::strings, empty lists and empty strings are well-formed here.
std::vector<std::string> readStrings(FieldReader& r, std::string_view key) {
    const json::array& arr = r.array(key, true);
    std::vector<std::string> out;
    out.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const json::string* s = arr[i].if_string();
        if (!s) {
            r.fail(indexed(key, i), "expected a string");
            return {};
        }
        out.emplace_back(*s);
    }
    return out;
}

FieldReader objectAt(FieldReader& r, const std::string& key) {
    return r.nested(r.object(key), key);
}

ItemRef readItem(FieldReader& r) {
    FieldReader o = objectAt(r, "item");
    ItemRef item;
    item.id = readText(o, "id");
    item.version = readInt(o, "version", 1);
    return item;
}

Party readParty(FieldReader&& o) {
    Party p;
    p.name = readText(o, "name");
    p.idType = readText(o, "idType");
    p.idNumber = readText(o, "idNumber");
    p.phone = readText(o, "phone");
    p.address = readText(o, "address");
    return p;
}

// Absent is absent; null is not accepted, so each event has one text.
std::optional<Party> readOptionalParty(FieldReader& r, const json::object& payload,
                                       const std::string& key) {
    if (r.failed() || !payload.contains(key))
        return std::nullopt;
    return readParty(objectAt(r, key));
}

std::vector<MaterialCheck> readMaterials(FieldReader& r) {
    const json::array& arr = r.array("materials", true);
    std::vector<MaterialCheck> out;
    out.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string path = indexed("materials", i);
        const json::object* obj = arr[i].if_object();
        if (!obj) {
            r.fail(path, "expected an object");
            return {};
        }
        FieldReader m = r.nested(*obj, path);
        MaterialCheck c;
        c.name = readText(m, "name");
        c.received = m.boolean("received");
        c.originalSeen = m.boolean("originalSeen");
        c.copies = readInt(m, "copies", 0);
        if (r.failed())
            return {};
        out.push_back(std::move(c));
    }
    return out;
}

// One overload per payload type; `o` reads the payload object, `obj` is that object.
void readPayload(FieldReader& o, const json::object& obj, DraftPayload& p) {
    p.item = readItem(o);
    p.applicant = readParty(objectAt(o, "applicant"));
    p.agent = readOptionalParty(o, obj, "agent");
}
void readPayload(FieldReader& o, const json::object& obj, ReceivePayload& p) {
    p.item = readItem(o);
    p.applicant = readParty(objectAt(o, "applicant"));
    p.agent = readOptionalParty(o, obj, "agent");
    p.materials = readMaterials(o);
    p.provisionalNumber = readText(o, "provisionalNumber");
    p.queryPasswordHash = readText(o, "queryPasswordHash");
    p.entrusted = o.boolean("entrusted");
}
void readPayload(FieldReader& o, const json::object&, NotifyMissingPayload& p) {
    p.missing = readStrings(o, "missing");
    p.note = readText(o, "note");
}
void readPayload(FieldReader& o, const json::object&, SupplementPayload& p) {
    p.materials = readMaterials(o);
}
void readPayload(FieldReader& o, const json::object&, PreAcceptPayload& p) {
    p.opinion = readText(o, "opinion");
}
void readPayload(FieldReader& o, const json::object&, ReturnPreAcceptPayload& p) {
    p.reason = readText(o, "reason");
}
void readPayload(FieldReader& o, const json::object&, AcceptPayload& p) {
    p.opinion = readText(o, "opinion");
}
void readPayload(FieldReader& o, const json::object&, RefusePayload& p) {
    p.reasons = readStrings(o, "reasons");
    p.remedyNotified = o.boolean("remedyNotified");
}
void readPayload(FieldReader& o, const json::object&, ForwardPayload& p) {
    FieldReader to = objectAt(o, "to");
    p.to.siteId = readText(to, "siteId");
    p.to.department = readText(to, "department");
    p.note = readText(o, "note");
}
void readPayload(FieldReader& o, const json::object&, TakeInPayload& p) {
    p.note = readText(o, "note");
}
void readPayload(FieldReader& o, const json::object&, StepPayload& p) {
    p.step = static_cast<StepCode>(readInt(o, "step", 1, 3));
    p.action = readEnum(o, "action", kStepActions);
    p.opinion = readText(o, "opinion");
}
void readPayload(FieldReader& o, const json::object&, SuspendPayload& p) {
    p.kind = readInt(o, "kind", 1, 2);
    p.reason = readText(o, "reason");
    p.approver = readText(o, "approver");
    p.limitDays = readInt(o, "limitDays", 0);
}
void readPayload(FieldReader& o, const json::object&, ResumePayload& p) {
    p.result = readText(o, "result");
}
void readPayload(FieldReader& o, const json::object&, CompletePayload& p) {
    p.outcome = readEnum(o, "outcome", kOutcomes);
    p.resultName = readText(o, "resultName");
    p.resultNumber = readText(o, "resultNumber");
    p.reasons = readStrings(o, "reasons");
}
void readPayload(FieldReader& o, const json::object&, ReplyPayload& p) {
    p.note = readText(o, "note");
}
void readPayload(FieldReader& o, const json::object&, DeliverPayload& p) {
    p.method = readEnum(o, "method", kDeliveryMethods);
    p.recipient = readText(o, "recipient");
    p.at = o.integer("at", 0, kMaxInstant);
    p.signedFor = o.boolean("signedFor");
}
void readPayload(FieldReader& o, const json::object&, EvaluatePayload& p) {
    p.level = readInt(o, "level", 1, 5);      // GB/T 39046: 1 非常满意 … 5 非常不满意
    p.channel = readInt(o, "channel", 1, 99); // a GB/T 39046 channel code
    p.byApplicant = o.boolean("byApplicant");
    p.comment = readText(o, "comment");
}
void readPayload(FieldReader& o, const json::object&, RectifyPayload& p) {
    p.measures = readText(o, "measures");
    p.calledBack = o.boolean("calledBack");
}
void readPayload(FieldReader&, const json::object&, ArchivePayload&) {}
void readPayload(FieldReader& o, const json::object&, VoidPayload& p) {
    p.reason = readText(o, "reason");
}
void readPayload(FieldReader& o, const json::object&, ReturnCasePayload& p) {
    p.reason = readText(o, "reason");
    p.supplementTimeout = o.boolean("supplementTimeout");
}
void readPayload(FieldReader& o, const json::object&, WithdrawPayload& p) {
    p.reason = readText(o, "reason");
}
void readPayload(FieldReader& o, const json::object&, ReportUpPayload& p) {
    p.authority = readText(o, "authority");
    p.reference = readText(o, "reference");
}
void readPayload(FieldReader& o, const json::object&, FeeNoticePayload& p) {
    p.paymentCode = readText(o, "paymentCode");
    p.amountFen = o.integer("amountFen", 0, kMaxInt64);
}
void readPayload(FieldReader& o, const json::object&, FeePaidPayload& p) {
    p.paymentCode = readText(o, "paymentCode");
    p.bankReference = readText(o, "bankReference");
    p.amountFen = o.integer("amountFen", 0, kMaxInt64);
}
void readPayload(FieldReader& o, const json::object&, CustodyPayload& p) {
    p.kind = readEnum(o, "kind", kCustodyKinds);
    p.documents = readStrings(o, "documents");
    p.from = readText(o, "from");
    p.to = readText(o, "to");
    p.signedBy = readText(o, "signedBy");
}
void readPayload(FieldReader& o, const json::object&, BindNumberPayload& p) {
    p.officialNumber = readText(o, "officialNumber");
}
void readPayload(FieldReader& o, const json::object&, ResolveConflictPayload& p) {
    p.eventId = o.str("eventId");
    if (!o.failed() && !isEventId(p.eventId))
        o.fail("eventId", "expected an event id (UUIDv7)");
    p.note = readText(o, "note");
}

constexpr std::size_t kTypeCount = std::variant_size_v<Payload>;

template <std::size_t I>
Payload readAlternative(FieldReader& o, const json::object& obj) {
    std::variant_alternative_t<I, Payload> p{};
    readPayload(o, obj, p);
    return Payload(std::in_place_index<I>, std::move(p));
}

using PayloadReader = Payload (*)(FieldReader&, const json::object&);

template <std::size_t... I>
constexpr std::array<PayloadReader, kTypeCount> makePayloadReaders(std::index_sequence<I...>) {
    return {&readAlternative<I>...};
}
// In the order of the Payload alternatives, like the type keys.
constexpr auto kPayloadReaders = makePayloadReaders(std::make_index_sequence<kTypeCount>{});

// The index of the Payload alternative whose eventTypeKey is `key`; eventTypeKey stays the one
// table of keys.
std::optional<std::size_t> typeIndex(std::string_view key) {
    static const auto keys = []<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<std::string_view, kTypeCount>{
            eventTypeKey(Payload(std::in_place_index<I>))...};
    }
    (std::make_index_sequence<kTypeCount>{});
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] == key)
            return i;
    return std::nullopt;
}

void readVersion(FieldReader& r, const json::object& obj) {
    const json::value* v = obj.if_contains("v");
    const std::string expected = std::to_string(kEventFormatVersion);
    if (!v)
        r.fail("v", "missing (expected the format version " + expected + ")");
    else if (!v->is_int64() && !v->is_uint64())
        r.fail("v", "expected the format version as an integer");
    else if (v->is_int64() ? v->get_int64() != kEventFormatVersion
                           : v->get_uint64() != std::uint64_t{kEventFormatVersion})
        r.fail("v", "unsupported format version " + json::serialize(*v) +
                        "; this build reads version " + expected);
}

Actor readActor(FieldReader&& a) {
    Actor actor;
    actor.userId = readText(a, "userId");
    actor.userName = readText(a, "userName");
    const std::string role = a.str("role");
    if (!a.failed()) {
        if (const auto r = roleFromKey(role))
            actor.role = *r;
        else
            a.fail("role", "unknown role " + quoted(role));
    }
    actor.siteId = readText(a, "siteId");
    actor.department = readText(a, "department");
    actor.grade = static_cast<Grade>(readInt(a, "grade", 0, 3));
    actor.deviceId = readText(a, "deviceId");
    return actor;
}

// How errors name the event: by its id when it has one that can be shown.
std::string eventName(const json::object& obj) {
    const json::value* id = obj.if_contains("id");
    if (id && id->is_string() && !id->get_string().empty())
        return "event " + clip(id->get_string());
    return "event (no id)";
}

// --- writing -------------------------------------------------------------------------------------

json::object itemJson(const ItemRef& item) {
    json::object o;
    o["id"] = item.id;
    o["version"] = item.version;
    return o;
}

json::object partyJson(const Party& p) {
    json::object o;
    o["name"] = p.name;
    o["idType"] = p.idType;
    o["idNumber"] = p.idNumber;
    o["phone"] = p.phone;
    o["address"] = p.address;
    return o;
}

json::array stringsJson(const std::vector<std::string>& v) {
    json::array a;
    a.reserve(v.size());
    for (const auto& s : v)
        a.emplace_back(std::string_view(s));
    return a;
}

json::array materialsJson(const std::vector<MaterialCheck>& v) {
    json::array a;
    a.reserve(v.size());
    for (const auto& m : v) {
        json::object o;
        o["name"] = m.name;
        o["received"] = m.received;
        o["originalSeen"] = m.originalSeen;
        o["copies"] = m.copies;
        a.emplace_back(std::move(o));
    }
    return a;
}

void writePayload(json::object& o, const DraftPayload& p) {
    o["item"] = itemJson(p.item);
    o["applicant"] = partyJson(p.applicant);
    if (p.agent)
        o["agent"] = partyJson(*p.agent);
}
void writePayload(json::object& o, const ReceivePayload& p) {
    o["item"] = itemJson(p.item);
    o["applicant"] = partyJson(p.applicant);
    if (p.agent)
        o["agent"] = partyJson(*p.agent);
    o["materials"] = materialsJson(p.materials);
    o["provisionalNumber"] = p.provisionalNumber;
    o["queryPasswordHash"] = p.queryPasswordHash;
    o["entrusted"] = p.entrusted;
}
void writePayload(json::object& o, const NotifyMissingPayload& p) {
    o["missing"] = stringsJson(p.missing);
    o["note"] = p.note;
}
void writePayload(json::object& o, const SupplementPayload& p) {
    o["materials"] = materialsJson(p.materials);
}
void writePayload(json::object& o, const PreAcceptPayload& p) {
    o["opinion"] = p.opinion;
}
void writePayload(json::object& o, const ReturnPreAcceptPayload& p) {
    o["reason"] = p.reason;
}
void writePayload(json::object& o, const AcceptPayload& p) {
    o["opinion"] = p.opinion;
}
void writePayload(json::object& o, const RefusePayload& p) {
    o["reasons"] = stringsJson(p.reasons);
    o["remedyNotified"] = p.remedyNotified;
}
void writePayload(json::object& o, const ForwardPayload& p) {
    json::object to;
    to["siteId"] = p.to.siteId;
    to["department"] = p.to.department;
    o["to"] = std::move(to);
    o["note"] = p.note;
}
void writePayload(json::object& o, const TakeInPayload& p) {
    o["note"] = p.note;
}
void writePayload(json::object& o, const StepPayload& p) {
    o["step"] = static_cast<int>(p.step);
    o["action"] = keyOf(kStepActions, p.action);
    o["opinion"] = p.opinion;
}
void writePayload(json::object& o, const SuspendPayload& p) {
    o["kind"] = p.kind;
    o["reason"] = p.reason;
    o["approver"] = p.approver;
    o["limitDays"] = p.limitDays;
}
void writePayload(json::object& o, const ResumePayload& p) {
    o["result"] = p.result;
}
void writePayload(json::object& o, const CompletePayload& p) {
    o["outcome"] = keyOf(kOutcomes, p.outcome);
    o["resultName"] = p.resultName;
    o["resultNumber"] = p.resultNumber;
    o["reasons"] = stringsJson(p.reasons);
}
void writePayload(json::object& o, const ReplyPayload& p) {
    o["note"] = p.note;
}
void writePayload(json::object& o, const DeliverPayload& p) {
    o["method"] = keyOf(kDeliveryMethods, p.method);
    o["recipient"] = p.recipient;
    o["at"] = p.at;
    o["signedFor"] = p.signedFor;
}
void writePayload(json::object& o, const EvaluatePayload& p) {
    o["level"] = p.level;
    o["channel"] = p.channel;
    o["byApplicant"] = p.byApplicant;
    o["comment"] = p.comment;
}
void writePayload(json::object& o, const RectifyPayload& p) {
    o["measures"] = p.measures;
    o["calledBack"] = p.calledBack;
}
void writePayload(json::object&, const ArchivePayload&) {}
void writePayload(json::object& o, const VoidPayload& p) {
    o["reason"] = p.reason;
}
void writePayload(json::object& o, const ReturnCasePayload& p) {
    o["reason"] = p.reason;
    o["supplementTimeout"] = p.supplementTimeout;
}
void writePayload(json::object& o, const WithdrawPayload& p) {
    o["reason"] = p.reason;
}
void writePayload(json::object& o, const ReportUpPayload& p) {
    o["authority"] = p.authority;
    o["reference"] = p.reference;
}
void writePayload(json::object& o, const FeeNoticePayload& p) {
    o["paymentCode"] = p.paymentCode;
    o["amountFen"] = p.amountFen;
}
void writePayload(json::object& o, const FeePaidPayload& p) {
    o["paymentCode"] = p.paymentCode;
    o["bankReference"] = p.bankReference;
    o["amountFen"] = p.amountFen;
}
void writePayload(json::object& o, const CustodyPayload& p) {
    o["kind"] = keyOf(kCustodyKinds, p.kind);
    o["documents"] = stringsJson(p.documents);
    o["from"] = p.from;
    o["to"] = p.to;
    o["signedBy"] = p.signedBy;
}
void writePayload(json::object& o, const BindNumberPayload& p) {
    o["officialNumber"] = p.officialNumber;
}
void writePayload(json::object& o, const ResolveConflictPayload& p) {
    o["eventId"] = p.eventId;
    o["note"] = p.note;
}

} // namespace

json::object eventToJson(const Event& e) {
    json::object o;
    o["v"] = kEventFormatVersion;
    o["id"] = e.id;
    o["caseId"] = e.caseId;
    o["type"] = eventTypeKey(e.payload);
    json::object actor;
    actor["userId"] = e.actor.userId;
    actor["userName"] = e.actor.userName;
    actor["role"] = roleKey(e.actor.role);
    actor["siteId"] = e.actor.siteId;
    actor["department"] = e.actor.department;
    actor["grade"] = static_cast<int>(e.actor.grade);
    actor["deviceId"] = e.actor.deviceId;
    o["actor"] = std::move(actor);
    o["deviceTime"] = e.deviceTime;
    json::object hlc;
    hlc["wall"] = e.hlc.wallMs;
    hlc["counter"] = std::int64_t{e.hlc.counter};
    o["hlc"] = std::move(hlc);
    if (e.serverSeq)
        o["serverSeq"] = *e.serverSeq;
    o["parentId"] = e.parentId;
    o["prevHash"] = e.prevHash;
    json::object payload;
    std::visit([&payload](const auto& p) { writePayload(payload, p); }, e.payload);
    o["payload"] = std::move(payload);
    return o;
}

Result<Event> eventFromJson(const json::value& v) {
    const json::object* obj = v.if_object();
    if (!obj)
        return invalidInput("bad_event", "event: expected a JSON object");
    FieldReader r(*obj, eventName(*obj));
    readVersion(r, *obj);
    Event e;
    e.id = r.str("id");
    if (!r.failed() && !isEventId(e.id))
        r.fail("id", "expected an event id (UUIDv7)");
    e.caseId = r.str("caseId");
    const std::string type = r.str("type");
    const auto index = typeIndex(type);
    if (!r.failed() && !index)
        r.fail("type", "unknown event type " + quoted(type));
    e.actor = readActor(objectAt(r, "actor"));
    e.deviceTime = r.integer("deviceTime", 0, kMaxInstant);
    {
        FieldReader hlc = objectAt(r, "hlc");
        e.hlc.wallMs = hlc.integer("wall", 0, kMaxInstant);
        e.hlc.counter = static_cast<std::uint32_t>(hlc.integer("counter", 0, kMaxCounter));
    }
    if (obj->contains("serverSeq"))
        e.serverSeq = r.integer("serverSeq", 0, kMaxInt64);
    e.parentId = readText(r, "parentId");
    if (!r.failed() && !e.parentId.empty() && !isEventId(e.parentId))
        r.fail("parentId", "expected an event id (UUIDv7) or empty");
    e.prevHash = readText(r, "prevHash");
    const json::object& payload = r.object("payload");
    FieldReader p = r.nested(payload, "payload");
    if (!r.failed() && index)
        e.payload = kPayloadReaders[*index](p, payload);
    if (r.failed())
        return r.error();
    return e;
}

std::string encodeEvent(const Event& e) {
    return json::serialize(eventToJson(e));
}

Result<Event> decodeEvent(std::string_view text) {
    auto parsed = parseJsonDocument(text, "event");
    if (!parsed)
        return parsed.error();
    return eventFromJson(*parsed);
}

} // namespace bianmin::domain
