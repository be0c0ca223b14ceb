#include "common/domain/event_codec.h"

#include "common/domain/json_read.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstring>
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
//
// The fields are listed once, in writeEventFields and the write* functions below, for two outputs:
// ObjectOut builds the json::object of eventToJson (sync puts it into its batches), TextOut appends
// the text that json::serialize makes of that object, byte for byte, without building it (the
// stores encode every event they write, and building the object cost more than the rest of the
// encoding). tests/unit/event_codec_test.cpp checks that the two agree.

class ObjectOut {
public:
    explicit ObjectOut(json::object& o)
        : m_o(o) {}
    void str(std::string_view key, std::string_view v) { m_o[key] = v; }
    void num(std::string_view key, std::int64_t v) { m_o[key] = v; }
    void flag(std::string_view key, bool v) { m_o[key] = v; }
    template <typename F>
    void object(std::string_view key, const F& body) {
        json::object o;
        ObjectOut inner(o);
        body(inner);
        m_o[key] = std::move(o);
    }
    void strings(std::string_view key, const std::vector<std::string>& v) {
        json::array a;
        a.reserve(v.size());
        for (const auto& s : v)
            a.emplace_back(std::string_view(s));
        m_o[key] = std::move(a);
    }
    template <typename T, typename F>
    void objects(std::string_view key, const std::vector<T>& v, const F& body) {
        json::array a;
        a.reserve(v.size());
        for (const auto& x : v) {
            json::object o;
            ObjectOut inner(o);
            body(inner, x);
            a.emplace_back(std::move(o));
        }
        m_o[key] = std::move(a);
    }

private:
    json::object& m_o;
};

// Boost.JSON's escaping: '"', '\\' and the control characters, the common ones by letter, the
// others as \u00xx in lowercase hex; every other byte as it is.
// Whether any of the 8 bytes in x needs escaping (exact, for ASCII and UTF-8 alike).
bool anyToEscape(std::uint64_t x) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    const auto hasZero = [](std::uint64_t y) { return (y - kOnes) & ~y & kHigh; };
    const std::uint64_t below20 = (x - kOnes * 0x20U) & ~x & kHigh;
    // 0x22 is '"', 0x5C '\\'.
    return (below20 | hasZero(x ^ (kOnes * 0x22U)) | hasZero(x ^ (kOnes * 0x5CU))) != 0;
}

void appendQuoted(std::string& s, std::string_view v) {
    static constexpr char kHex[] = "0123456789abcdef";
    s += '"';
    // Most text has nothing to escape: skipped 8 bytes at a time up to the first that has.
    std::size_t i = 0;
    for (; i + 8 <= v.size(); i += 8) {
        std::uint64_t x = 0;
        std::memcpy(&x, v.data() + i, 8);
        if (anyToEscape(x))
            break;
    }
    std::size_t from = 0;
    for (; i < v.size(); ++i) {
        const auto c = static_cast<unsigned char>(v[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        s.append(v.data() + from, i - from);
        from = i + 1;
        switch (c) {
        case '"':
            s += "\\\"";
            break;
        case '\\':
            s += "\\\\";
            break;
        case '\b':
            s += "\\b";
            break;
        case '\t':
            s += "\\t";
            break;
        case '\n':
            s += "\\n";
            break;
        case '\f':
            s += "\\f";
            break;
        case '\r':
            s += "\\r";
            break;
        default:
            s += "\\u00";
            s += kHex[c >> 4U];
            s += kHex[c & 15U];
        }
    }
    s.append(v.data() + from, v.size() - from);
    s += '"';
}

class TextOut {
public:
    explicit TextOut(std::string& s)
        : m_s(s) {}
    void str(std::string_view key, std::string_view v) {
        name(key);
        appendQuoted(m_s, v);
    }
    void num(std::string_view key, std::int64_t v) {
        name(key);
        std::array<char, 24> buf{};
        const auto end = std::to_chars(buf.data(), buf.data() + buf.size(), v).ptr;
        m_s.append(buf.data(), end);
    }
    void flag(std::string_view key, bool v) {
        name(key);
        m_s += v ? "true" : "false";
    }
    template <typename F>
    void object(std::string_view key, const F& body) {
        name(key);
        m_s += '{';
        TextOut inner(m_s);
        body(inner);
        m_s += '}';
    }
    void strings(std::string_view key, const std::vector<std::string>& v) {
        name(key);
        m_s += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0)
                m_s += ',';
            appendQuoted(m_s, v[i]);
        }
        m_s += ']';
    }
    template <typename T, typename F>
    void objects(std::string_view key, const std::vector<T>& v, const F& body) {
        name(key);
        m_s += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0)
                m_s += ',';
            m_s += '{';
            TextOut inner(m_s);
            body(inner, v[i]);
            m_s += '}';
        }
        m_s += ']';
    }

private:
    // The keys are this file's literals: plain ASCII, nothing to escape, and short. Written with
    // the comma before and the colon after in one append.
    void name(std::string_view key) {
        std::array<char, 48> buf{};
        assert(key.size() + 4 <= buf.size());
        std::size_t n = 0;
        if (!m_first)
            buf[n++] = ',';
        m_first = false;
        buf[n++] = '"';
        std::memcpy(buf.data() + n, key.data(), key.size());
        n += key.size();
        buf[n++] = '"';
        buf[n++] = ':';
        m_s.append(buf.data(), n);
    }
    std::string& m_s;
    bool m_first = true;
};

template <typename Out>
void writeItem(Out& o, const ItemRef& item) {
    o.object("item", [&](Out& i) {
        i.str("id", item.id);
        i.num("version", item.version);
    });
}

template <typename Out>
void writeParty(Out& o, std::string_view key, const Party& p) {
    o.object(key, [&](Out& x) {
        x.str("name", p.name);
        x.str("idType", p.idType);
        x.str("idNumber", p.idNumber);
        x.str("phone", p.phone);
        x.str("address", p.address);
    });
}

template <typename Out>
void writeMaterials(Out& o, const std::vector<MaterialCheck>& v) {
    o.objects("materials", v, [](Out& x, const MaterialCheck& m) {
        x.str("name", m.name);
        x.flag("received", m.received);
        x.flag("originalSeen", m.originalSeen);
        x.num("copies", m.copies);
    });
}

template <typename Out>
void writePayload(Out& o, const DraftPayload& p) {
    writeItem(o, p.item);
    writeParty(o, "applicant", p.applicant);
    if (p.agent)
        writeParty(o, "agent", *p.agent);
}
template <typename Out>
void writePayload(Out& o, const ReceivePayload& p) {
    writeItem(o, p.item);
    writeParty(o, "applicant", p.applicant);
    if (p.agent)
        writeParty(o, "agent", *p.agent);
    writeMaterials(o, p.materials);
    o.str("provisionalNumber", p.provisionalNumber);
    o.str("queryPasswordHash", p.queryPasswordHash);
    o.flag("entrusted", p.entrusted);
}
template <typename Out>
void writePayload(Out& o, const NotifyMissingPayload& p) {
    o.strings("missing", p.missing);
    o.str("note", p.note);
}
template <typename Out>
void writePayload(Out& o, const SupplementPayload& p) {
    writeMaterials(o, p.materials);
}
template <typename Out>
void writePayload(Out& o, const PreAcceptPayload& p) {
    o.str("opinion", p.opinion);
}
template <typename Out>
void writePayload(Out& o, const ReturnPreAcceptPayload& p) {
    o.str("reason", p.reason);
}
template <typename Out>
void writePayload(Out& o, const AcceptPayload& p) {
    o.str("opinion", p.opinion);
}
template <typename Out>
void writePayload(Out& o, const RefusePayload& p) {
    o.strings("reasons", p.reasons);
    o.flag("remedyNotified", p.remedyNotified);
}
template <typename Out>
void writePayload(Out& o, const ForwardPayload& p) {
    o.object("to", [&](Out& to) {
        to.str("siteId", p.to.siteId);
        to.str("department", p.to.department);
    });
    o.str("note", p.note);
}
template <typename Out>
void writePayload(Out& o, const TakeInPayload& p) {
    o.str("note", p.note);
}
template <typename Out>
void writePayload(Out& o, const StepPayload& p) {
    o.num("step", static_cast<int>(p.step));
    o.str("action", keyOf(kStepActions, p.action));
    o.str("opinion", p.opinion);
}
template <typename Out>
void writePayload(Out& o, const SuspendPayload& p) {
    o.num("kind", p.kind);
    o.str("reason", p.reason);
    o.str("approver", p.approver);
    o.num("limitDays", p.limitDays);
}
template <typename Out>
void writePayload(Out& o, const ResumePayload& p) {
    o.str("result", p.result);
}
template <typename Out>
void writePayload(Out& o, const CompletePayload& p) {
    o.str("outcome", keyOf(kOutcomes, p.outcome));
    o.str("resultName", p.resultName);
    o.str("resultNumber", p.resultNumber);
    o.strings("reasons", p.reasons);
}
template <typename Out>
void writePayload(Out& o, const ReplyPayload& p) {
    o.str("note", p.note);
}
template <typename Out>
void writePayload(Out& o, const DeliverPayload& p) {
    o.str("method", keyOf(kDeliveryMethods, p.method));
    o.str("recipient", p.recipient);
    o.num("at", p.at);
    o.flag("signedFor", p.signedFor);
}
template <typename Out>
void writePayload(Out& o, const EvaluatePayload& p) {
    o.num("level", p.level);
    o.num("channel", p.channel);
    o.flag("byApplicant", p.byApplicant);
    o.str("comment", p.comment);
}
template <typename Out>
void writePayload(Out& o, const RectifyPayload& p) {
    o.str("measures", p.measures);
    o.flag("calledBack", p.calledBack);
}
template <typename Out>
void writePayload(Out&, const ArchivePayload&) {}
template <typename Out>
void writePayload(Out& o, const VoidPayload& p) {
    o.str("reason", p.reason);
}
template <typename Out>
void writePayload(Out& o, const ReturnCasePayload& p) {
    o.str("reason", p.reason);
    o.flag("supplementTimeout", p.supplementTimeout);
}
template <typename Out>
void writePayload(Out& o, const WithdrawPayload& p) {
    o.str("reason", p.reason);
}
template <typename Out>
void writePayload(Out& o, const ReportUpPayload& p) {
    o.str("authority", p.authority);
    o.str("reference", p.reference);
}
template <typename Out>
void writePayload(Out& o, const FeeNoticePayload& p) {
    o.str("paymentCode", p.paymentCode);
    o.num("amountFen", p.amountFen);
}
template <typename Out>
void writePayload(Out& o, const FeePaidPayload& p) {
    o.str("paymentCode", p.paymentCode);
    o.str("bankReference", p.bankReference);
    o.num("amountFen", p.amountFen);
}
template <typename Out>
void writePayload(Out& o, const CustodyPayload& p) {
    o.str("kind", keyOf(kCustodyKinds, p.kind));
    o.strings("documents", p.documents);
    o.str("from", p.from);
    o.str("to", p.to);
    o.str("signedBy", p.signedBy);
}
template <typename Out>
void writePayload(Out& o, const BindNumberPayload& p) {
    o.str("officialNumber", p.officialNumber);
}
template <typename Out>
void writePayload(Out& o, const ResolveConflictPayload& p) {
    o.str("eventId", p.eventId);
    o.str("note", p.note);
}

template <typename Out>
void writeEventFields(Out& o, const Event& e) {
    o.num("v", kEventFormatVersion);
    o.str("id", e.id);
    o.str("caseId", e.caseId);
    o.str("type", eventTypeKey(e.payload));
    o.object("actor", [&](Out& a) {
        a.str("userId", e.actor.userId);
        a.str("userName", e.actor.userName);
        a.str("role", roleKey(e.actor.role));
        a.str("siteId", e.actor.siteId);
        a.str("department", e.actor.department);
        a.num("grade", static_cast<int>(e.actor.grade));
        a.str("deviceId", e.actor.deviceId);
    });
    o.num("deviceTime", e.deviceTime);
    o.object("hlc", [&](Out& h) {
        h.num("wall", e.hlc.wallMs);
        h.num("counter", std::int64_t{e.hlc.counter});
    });
    if (e.serverSeq)
        o.num("serverSeq", *e.serverSeq);
    o.str("parentId", e.parentId);
    o.str("prevHash", e.prevHash);
    o.object("payload",
             [&](Out& p) { std::visit([&p](const auto& x) { writePayload(p, x); }, e.payload); });
}

} // namespace

json::object eventToJson(const Event& e) {
    json::object o;
    ObjectOut out(o);
    writeEventFields(out, e);
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
    std::string text;
    text.reserve(2048);
    TextOut out(text);
    text += '{';
    writeEventFields(out, e);
    text += '}';
    return text;
}

Result<Event> decodeEvent(std::string_view text) {
    auto parsed = parseJsonDocument(text, "event");
    if (!parsed)
        return parsed.error();
    return eventFromJson(*parsed);
}

} // namespace bianmin::domain
