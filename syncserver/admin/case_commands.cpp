#include "syncserver/admin/case_commands.h"

#include "common/domain/event_codec.h"
#include "common/domain/ids.h"
#include "common/store/crypto.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cstdio>
#include <list>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <unordered_map>

namespace bianmin::syncd::admin {

using namespace bianmin::domain;
namespace crypto = bianmin::store::crypto;
namespace json = boost::json;

namespace {

Error usageError(std::string message) {
    return {ErrorKind::InvalidInput, "usage", std::move(message)};
}

int report(std::ostream& err, const Error& e) {
    err << "错误：" << e.message << "（" << e.code << "）\n";
    return e.code == "usage" ? 2 : 1;
}

// --- the command line: CASE, "--name value" options (some repeatable) and bare flags -----------
struct CaseArgs {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>, std::less<>> options;
    std::set<std::string, std::less<>> flags;

    std::string get(std::string_view name) const {
        const auto it = options.find(name);
        return it == options.end() ? std::string() : it->second.back();
    }
    std::vector<std::string> all(std::string_view name) const {
        const auto it = options.find(name);
        return it == options.end() ? std::vector<std::string>() : it->second;
    }
    bool has(std::string_view name) const { return options.contains(name); }
    bool flag(std::string_view name) const { return flags.contains(name); }
};

struct Spec {
    std::set<std::string, std::less<>> options;    // take a value
    std::set<std::string, std::less<>> repeatable; // may be given more than once
    std::set<std::string, std::less<>> flags;      // take no value
};

Result<CaseArgs> parse(const std::vector<std::string>& words, std::size_t from, const Spec& spec) {
    CaseArgs out;
    for (std::size_t i = from; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w.size() <= 2 || !w.starts_with("--")) {
            out.positional.push_back(w);
            continue;
        }
        if (spec.flags.contains(w)) {
            out.flags.insert(w);
            continue;
        }
        if (!spec.options.contains(w) && !spec.repeatable.contains(w))
            return usageError("未知选项 " + w);
        if (i + 1 >= words.size())
            return usageError("选项 " + w + " 缺少取值");
        auto& values = out.options[w];
        if (!values.empty() && !spec.repeatable.contains(w))
            return usageError("选项 " + w + " 只能给一次");
        values.push_back(words[++i]);
    }
    return out;
}

Status requireOptions(const CaseArgs& a, std::initializer_list<const char*> names) {
    for (const char* name : names)
        if (a.get(name).empty())
            return usageError(std::string("缺少选项 ") + name);
    return ok();
}

// The one CASE word of an action.
Result<std::string> caseWord(const CaseArgs& a, std::string_view command) {
    if (a.positional.size() != 1)
        return usageError("用法：case " + std::string(command) +
                          " 办件 --user 用户 …（办件为办件标识、正式编号或临时编号）");
    return a.positional.front();
}

} // namespace

std::string timeText(Instant t) {
    if (t <= 0)
        return "-";
    const Date d = Date::localDateOf(t);
    const auto minutes = (t - d.startInstant()) / 60'000;
    char hm[8];
    std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(minutes / 60),
                  static_cast<int>(minutes % 60));
    return d.iso() + " " + hm;
}

std::string siteText(const Org& org, const std::string& id) {
    const Site* s = org.site(id);
    return s ? s->name + "（" + id + "）" : id;
}

std::string holderText(const Org& org, const Holder& h) {
    if (!h.department.empty())
        return (h.siteId == org.center().id ? std::string() : siteText(org, h.siteId) + " ") +
               h.department;
    return siteText(org, h.siteId);
}

std::string caseNumber(const CaseView& v) {
    return !v.officialNumber.empty() ? v.officialNumber : v.provisionalNumber;
}

std::string itemName(const FoldContext& fold, const ItemRef& ref) {
    const Item* it = fold.catalog.version(ref.id, ref.version);
    return it ? it->displayName() : ref.id;
}

// What the holder does next, in the words of the center's staff.
std::string todoOf(const CaseView& v) {
    if (v.awaitingTakeIn)
        return "待收件";
    switch (v.status) {
    case CaseStatus::Suspended:
        return "挂起（特别程序）";
    case CaseStatus::AwaitingMaterials:
        return "待补正";
    case CaseStatus::InProgress:
        return v.currentStep ? "待" + stepName(*v.currentStep) : std::string("待办结");
    case CaseStatus::Completed:
        return v.repliedAt ? std::string("-") : std::string("待反馈");
    default:
        return isFinal(v.status) ? std::string("-") : caseStatusName(v.status);
    }
}

std::string_view stepKey(StepCode s) {
    switch (s) {
    case StepCode::Handle:
        return "handle";
    case StepCode::Review:
        return "review";
    case StepCode::Approve:
        return "approve";
    }
    return "handle";
}

std::optional<StepCode> stepFromKey(std::string_view key) {
    for (StepCode s : {StepCode::Handle, StepCode::Review, StepCode::Approve})
        if (stepKey(s) == key)
            return s;
    return std::nullopt;
}

std::optional<Outcome> outcomeFromKey(std::string_view key) {
    if (key == "approved")
        return Outcome::Approved;
    if (key == "denied")
        return Outcome::Denied;
    if (key == "certificate")
        return Outcome::Certificate;
    if (key == "document")
        return Outcome::Document;
    return std::nullopt;
}

std::string_view outcomeKey(Outcome o) {
    switch (o) {
    case Outcome::Approved:
        return "approved";
    case Outcome::Denied:
        return "denied";
    case Outcome::Certificate:
        return "certificate";
    case Outcome::Document:
        return "document";
    }
    return "approved";
}

std::string outcomeName(Outcome o) {
    switch (o) {
    case Outcome::Certificate:
        return "出证";
    case Outcome::Document:
        return "出文";
    case Outcome::Approved:
        return "审批通过";
    case Outcome::Denied:
        return "不予许可";
    }
    return {};
}

// The event's name in a timeline: a step says which one and how it went.
std::string actionName(const Payload& p) {
    if (const auto* step = std::get_if<StepPayload>(&p))
        return stepName(step->step) + (step->action == StepAction::Pass ? "通过" : "退回");
    return eventTypeName(p);
}

std::string actorText(const Actor& a) {
    std::string out = a.userId + "（" + a.userName;
    if (!a.department.empty())
        out += "，" + a.department;
    if (a.grade != Grade::None)
        out += stepName(static_cast<StepCode>(a.grade));
    return out + "）";
}

std::string userText(const UserRecord& u) {
    Actor a;
    a.userId = u.id;
    a.userName = u.name;
    a.department = u.department;
    a.grade = u.grade;
    return actorText(a);
}

namespace {

Result<int> positiveInt(const std::string& text, const std::string& option) {
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 1)
        return usageError(option + " 应为正整数");
    return v;
}

} // namespace

// --- output --------------------------------------------------------------------------------------

json::object inboxJson(const InboxEntry& e) {
    json::object o;
    o["caseId"] = e.caseId;
    o["officialNumber"] = e.officialNumber;
    o["provisionalNumber"] = e.provisionalNumber;
    o["itemId"] = e.item.id;
    o["itemVersion"] = e.item.version;
    o["itemName"] = e.itemName;
    o["applicant"] = e.applicant;
    o["status"] = caseStatusCode(e.status);
    o["statusName"] = caseStatusName(e.status);
    o["todo"] = e.todo;
    o["originSiteId"] = e.originSiteId;
    if (e.forwardedAt)
        o["forwardedAt"] = *e.forwardedAt;
    else
        o["forwardedAt"] = nullptr;
    return o;
}

json::object caseJson(const StoredCase& c, const FoldContext& fold) {
    const CaseView& v = c.view;
    json::object o;
    o["caseId"] = c.caseId;
    o["officialNumber"] = v.officialNumber;
    o["provisionalNumber"] = v.provisionalNumber;
    o["itemId"] = v.item.id;
    o["itemVersion"] = v.item.version;
    o["itemName"] = itemName(fold, v.item);
    o["applicant"] = v.applicant.name;
    o["status"] = caseStatusCode(v.status);
    o["statusName"] = caseStatusName(v.status);
    o["originSiteId"] = v.originSiteId;
    o["holderSiteId"] = v.holder.siteId;
    o["holderDepartment"] = v.holder.department;
    o["awaitingTakeIn"] = v.awaitingTakeIn;
    o["todo"] = todoOf(v);
    if (v.currentStep)
        o["currentStep"] = stepKey(*v.currentStep);
    else
        o["currentStep"] = nullptr;
    json::array steps;
    for (const auto& s : v.steps)
        steps.push_back(json::object{{"step", stepKey(s.step)},
                                     {"pass", s.action == StepAction::Pass},
                                     {"userId", s.userId},
                                     {"userName", s.userName},
                                     {"opinion", s.opinion},
                                     {"at", s.ended}});
    o["steps"] = std::move(steps);
    json::array timeline;
    for (const auto& t : v.timeline) {
        json::object e{{"eventId", t.eventId},     {"type", t.type},
                       {"userId", t.actor.userId}, {"role", roleKey(t.actor.role)},
                       {"siteId", t.actor.siteId}, {"at", t.at},
                       {"applied", t.applied}};
        if (!t.applied) {
            e["rejectCode"] = t.rejectCode;
            e["rejectMessage"] = t.rejectMessage;
        }
        timeline.push_back(std::move(e));
    }
    o["timeline"] = std::move(timeline);
    json::array readers;
    for (const auto& r : c.readers)
        readers.push_back(json::value(r));
    o["readers"] = std::move(readers);
    return o;
}

namespace {

void printCase(std::ostream& out, const StoredCase& c, const FoldContext& fold) {
    const CaseView& v = c.view;
    out << "办件 " << c.caseId << "\n";
    out << "  正式编号：" << (v.officialNumber.empty() ? "（尚未绑定）" : v.officialNumber) << "\n";
    out << "  临时编号：" << (v.provisionalNumber.empty() ? "-" : v.provisionalNumber) << "\n";
    out << "  事项：" << itemName(fold, v.item) << "（" << v.item.id << " 第" << v.item.version
        << "版）\n";
    out << "  申请人：" << v.applicant.name << "\n";
    out << "  受理地：" << siteText(fold.org, v.originSiteId) << "\n";
    out << "  状态：" << caseStatusCode(v.status) << " " << caseStatusName(v.status) << "；现由 "
        << holderText(fold.org, v.holder) << " 办理；待办：" << todoOf(v) << "\n";
    if (v.receivedAt)
        out << "  收件时间：" << timeText(*v.receivedAt) << "\n";
    if (v.acceptedAt)
        out << "  受理时间：" << timeText(*v.acceptedAt) << (v.deemedAccepted ? "（视为受理）" : "")
            << "\n";
    for (const auto& s : v.steps)
        out << "  " << stepName(s.step) << (s.action == StepAction::Pass ? "通过" : "退回") << "："
            << s.userId << "（" << s.userName << "） " << timeText(s.ended) << " 意见："
            << s.opinion << "\n";
    for (const auto& s : v.suspensions)
        if (s.kind != 0)
            out << "  特别程序：" << s.reason << "，批准人 " << s.approver << "，时限 "
                << s.limitDays << " 个工作日，" << timeText(s.start) << " 至 "
                << (s.end ? timeText(*s.end) : std::string("（进行中）"))
                << (s.result.empty() ? "" : "，结果：" + s.result) << "\n";
    if (!v.missing.empty()) {
        out << "  待补正材料：";
        for (std::size_t i = 0; i < v.missing.size(); ++i)
            out << (i ? "、" : "") << v.missing[i];
        out << "\n";
    }
    if (v.completion) {
        out << "  办结：" << outcomeName(v.completion->outcome) << " "
            << timeText(v.completion->at);
        if (!v.completion->resultName.empty())
            out << "，" << v.completion->resultName;
        if (!v.completion->resultNumber.empty())
            out << " " << v.completion->resultNumber;
        for (const auto& r : v.completion->reasons)
            out << "，理由：" << r;
        out << "\n";
    }
    if (v.repliedAt)
        out << "  已反馈受理地：" << timeText(*v.repliedAt) << "\n";
    for (const auto& n : v.conflicts)
        if (!n.resolved)
            out << "  冲突：" << n.message << "\n";
    out << "时间线：\n";
    for (const auto& t : v.timeline) {
        const auto* e = [&]() -> const Event* {
            for (const auto& ev : c.events)
                if (ev.id == t.eventId)
                    return &ev;
            return nullptr;
        }();
        out << "  " << timeText(t.at) << "  " << (e ? actionName(e->payload) : t.type) << "  "
            << actorText(t.actor) << " @" << t.actor.siteId;
        if (e && e->serverSeq)
            out << "  #" << *e->serverSeq;
        if (!t.applied)
            out << "  未生效：" << t.rejectMessage << "（" << t.rejectCode << "）";
        out << "\n";
    }
}

// --- commands ------------------------------------------------------------------------------------

struct Reference {
    std::shared_ptr<const refdata::ReferenceData> data;
    FoldContext fold() const { return {data->catalog, data->org, data->calendar}; }
};

Result<Reference> reference(ServerStore& store) {
    auto ref = storedReference(store);
    if (!ref)
        return ref.error();
    return Reference{*ref};
}

int cmdInbox(ServerStore& store, const std::vector<std::string>& words, std::ostream& out,
             std::ostream& err) {
    auto a = parse(words, 2, {{"--department"}, {}, {"--json"}});
    if (!a)
        return report(err, a.error());
    if (!a->positional.empty())
        return report(err, usageError("多余的参数 " + a->positional.front()));
    if (auto st = requireOptions(*a, {"--department"}); !st)
        return report(err, st.error());
    auto ref = reference(store);
    if (!ref)
        return report(err, ref.error());
    const Department* dept = ref->data->org.department(a->get("--department"));
    if (!dept)
        return report(err, usageError("组织中没有部门 " + a->get("--department")));
    auto inbox = departmentInbox(store, dept->name);
    if (!inbox)
        return report(err, inbox.error());
    if (a->flag("--json")) {
        json::array cases;
        for (const auto& e : *inbox)
            cases.push_back(inboxJson(e));
        out << json::serialize(
                   json::object{{"department", dept->name}, {"cases", std::move(cases)}})
            << "\n";
        return 0;
    }
    out << dept->name << " 在办的办件：" << inbox->size() << " 件\n";
    if (inbox->empty())
        return 0;
    out << "办件编号\t事项\t申请人\t状态\t待办\t受理地\t转来时间\t办件标识\n";
    for (const auto& e : *inbox)
        out << (e.officialNumber.empty() ? e.provisionalNumber : e.officialNumber) << "\t"
            << e.itemName << "\t" << e.applicant << "\t" << caseStatusName(e.status) << "\t"
            << e.todo << "\t" << siteText(ref->data->org, e.originSiteId) << "\t"
            << (e.forwardedAt ? timeText(*e.forwardedAt) : std::string("-")) << "\t" << e.caseId
            << "\n";
    return 0;
}

int cmdShow(ServerStore& store, const std::vector<std::string>& words, std::ostream& out,
            std::ostream& err) {
    auto a = parse(words, 2, {{}, {}, {"--json"}});
    if (!a)
        return report(err, a.error());
    if (a->positional.size() != 1)
        return report(err, usageError("用法：case show 办件 [--json]"));
    auto ref = reference(store);
    if (!ref)
        return report(err, ref.error());
    auto c = findCase(store, a->positional.front(), ref->fold());
    if (!c)
        return report(err, c.error());
    if (a->flag("--json"))
        out << json::serialize(caseJson(*c, ref->fold())) << "\n";
    else
        printCase(out, *c, ref->fold());
    return 0;
}

// The payload of an action command, from its options.
using PayloadParser = Result<Payload> (*)(const CaseArgs&);

Result<Payload> takeInPayload(const CaseArgs& a) {
    return Payload{TakeInPayload{a.get("--note")}};
}

Result<Payload> stepPayload(const CaseArgs& a) {
    if (auto st = requireOptions(a, {"--step", "--opinion"}); !st)
        return st.error();
    const auto step = stepFromKey(a.get("--step"));
    if (!step)
        return usageError("--step 应为 handle（承办）、review（审核）或 approve（批准）");
    if (a.flag("--pass") == a.flag("--return"))
        return usageError("须选择 --pass（通过）或 --return（退回）之一");
    return Payload{StepPayload{*step, a.flag("--pass") ? StepAction::Pass : StepAction::Return,
                               a.get("--opinion")}};
}

Result<Payload> suspendPayload(const CaseArgs& a) {
    if (auto st = requireOptions(a, {"--reason", "--days", "--approver"}); !st)
        return st.error();
    auto days = positiveInt(a.get("--days"), "--days");
    if (!days)
        return days.error();
    int kind = 1;
    if (a.has("--kind")) {
        const std::string k = a.get("--kind");
        if (k != "1" && k != "2")
            return usageError("--kind 应为 1（延长审批）或 2（其他：听证、检验、公示等）");
        kind = k == "1" ? 1 : 2;
    }
    return Payload{SuspendPayload{kind, a.get("--reason"), a.get("--approver"), *days}};
}

Result<Payload> resumePayload(const CaseArgs& a) {
    if (auto st = requireOptions(a, {"--result"}); !st)
        return st.error();
    return Payload{ResumePayload{a.get("--result")}};
}

Result<Payload> notifyMissingPayload(const CaseArgs& a) {
    auto missing = a.all("--missing");
    if (missing.empty())
        return usageError("缺少选项 --missing（每种需补正的材料给一次）");
    return Payload{NotifyMissingPayload{std::move(missing), a.get("--note")}};
}

Result<Payload> completePayload(const CaseArgs& a) {
    if (auto st = requireOptions(a, {"--outcome"}); !st)
        return st.error();
    const auto outcome = outcomeFromKey(a.get("--outcome"));
    if (!outcome)
        return usageError(
            "--outcome 应为 approved（审批通过）、denied（不予许可）、certificate（出证）"
            "或 document（出文）");
    if (*outcome != Outcome::Denied)
        if (auto st = requireOptions(a, {"--result-name"}); !st)
            return st.error();
    return Payload{CompletePayload{*outcome, a.get("--result-name"), a.get("--result-number"),
                                   a.all("--reason")}};
}

Result<Payload> replyPayload(const CaseArgs& a) {
    return Payload{ReplyPayload{a.get("--note")}};
}

struct ActionCommand {
    PayloadParser payload;
    Spec spec; // besides --user
};

const std::map<std::string, ActionCommand, std::less<>>& actionCommands() {
    static const std::map<std::string, ActionCommand, std::less<>> kCommands = {
        {"take-in", {takeInPayload, {{"--note"}, {}, {}}}},
        {"step", {stepPayload, {{"--step", "--opinion"}, {}, {"--pass", "--return"}}}},
        {"suspend", {suspendPayload, {{"--reason", "--days", "--approver", "--kind"}, {}, {}}}},
        {"resume", {resumePayload, {{"--result"}, {}, {}}}},
        {"notify-missing", {notifyMissingPayload, {{"--note"}, {"--missing"}, {}}}},
        {"complete",
         {completePayload, {{"--outcome", "--result-name", "--result-number"}, {"--reason"}, {}}}},
        {"reply", {replyPayload, {{"--note"}, {}, {}}}},
    };
    return kCommands;
}

int cmdAction(ServerStore& store, const std::string& name, const ActionCommand& command,
              const std::vector<std::string>& words, std::ostream& out, std::ostream& err,
              const Options& options) {
    Spec spec = command.spec;
    spec.options.insert("--user");
    auto a = parse(words, 2, spec);
    if (!a)
        return report(err, a.error());
    auto key = caseWord(*a, name);
    if (!key)
        return report(err, key.error());
    if (auto st = requireOptions(*a, {"--user"}); !st)
        return report(err, st.error());
    auto payload = command.payload(*a);
    if (!payload)
        return report(err, payload.error());
    ServiceOptions so;
    so.now = options.now ? options.now : Clock(systemNow);
    StoreSyncService service(store, so);
    const std::string type = actionName(*payload);
    auto done = actOnCase(store, service, *key, a->get("--user"), std::move(*payload), so.now());
    if (!done)
        return report(err, done.error());
    auto ref = reference(store);
    const CaseView& v = done->view();
    out << "已办理「" << type << "」：办件 " << caseNumber(v) << "（" << done->caseId << "），事件 "
        << done->eventId << "，服务器序号 " << done->serverSeq << "。\n";
    if (done->conflict)
        out << "注意：同时有其他变更先到，本事项已记为冲突：" << done->conflictMessage << "\n";
    out << "办件状态：" << caseStatusName(v.status) << "；现由 "
        << (ref ? holderText(ref->data->org, v.holder) : v.holder.siteId) << " 办理；待办："
        << todoOf(v) << "\n";
    return 0;
}

} // namespace

namespace {

// The decoded events of the cases read lately, shared by every request of the process. A case's
// stored events never change and only grow, in serverSeq order, so reading a case again decodes
// only the events stored since. Console actions read their case three times (to check the
// action, after it, and for the supervision index), and the index refolds every case that
// changed: without this, each of those decoded every event of the case.
class DecodedCases {
public:
    struct Entry {
        std::shared_ptr<const std::vector<Event>> events;
        std::int64_t through = 0; // the highest serverSeq among them
    };

    std::optional<Entry> get(std::uint64_t store, const std::string& caseId) {
        const std::lock_guard lock(m_mutex);
        auto it = m_entries.find(key(store, caseId));
        if (it == m_entries.end())
            return std::nullopt;
        m_order.splice(m_order.begin(), m_order, it->second.second);
        return it->second.first;
    }

    void put(std::uint64_t store, const std::string& caseId, Entry e) {
        const std::lock_guard lock(m_mutex);
        std::string k = key(store, caseId);
        auto it = m_entries.find(k);
        if (it != m_entries.end()) {
            if (it->second.first.through < e.through)
                it->second.first = std::move(e);
            m_order.splice(m_order.begin(), m_order, it->second.second);
            return;
        }
        m_order.push_front(k);
        m_entries.emplace(std::move(k), std::make_pair(std::move(e), m_order.begin()));
        if (m_entries.size() > kCapacity) {
            m_entries.erase(m_order.back());
            m_order.pop_back();
        }
    }

private:
    static constexpr std::size_t kCapacity = 4096;
    static std::string key(std::uint64_t store, const std::string& caseId) {
        return std::to_string(store) + '/' + caseId;
    }
    std::mutex m_mutex;
    std::list<std::string> m_order; // most recently used first
    std::unordered_map<std::string, std::pair<Entry, std::list<std::string>::iterator>> m_entries;
};

DecodedCases& decodedCases() {
    static DecodedCases cache;
    return cache;
}

// Appends the rows' events (decoded) to `events`.
Status decodeRows(const std::vector<StoredEvent>& rows, std::vector<Event>& events) {
    for (const auto& row : rows) {
        auto e = decodeEvent(row.body);
        if (!e)
            return Error{ErrorKind::Retryable, "internal",
                         "stored event " + row.id + " does not decode: " + e.error().message};
        e->serverSeq = row.serverSeq;
        events.push_back(std::move(*e));
    }
    return ok();
}

} // namespace

Result<StoredCase> findCase(ServerStore& store, const std::string& caseOrNumber,
                            const FoldContext& fold) {
    if (caseOrNumber.empty())
        return Error{ErrorKind::NotFound, "unknown_case", "没有指定办件"};
    std::string id = caseOrNumber;
    auto known = decodedCases().get(store.instanceId(), id);
    auto rows = store.caseEventsAfter(id, known ? known->through : 0);
    if (!rows)
        return rows.error();
    if (!known && rows->empty()) {
        auto ids = store.casesByNumber(caseOrNumber);
        if (!ids)
            return ids.error();
        if (ids->empty())
            return Error{ErrorKind::NotFound, "unknown_case",
                         "没有办件标识或编号为 " + caseOrNumber + " 的办件"};
        if (ids->size() > 1)
            return Error{ErrorKind::InvalidInput, "ambiguous_number",
                         "编号 " + caseOrNumber + " 对应 " + std::to_string(ids->size()) +
                             " 个办件，请改用办件标识（" + ids->front() + " …）"};
        id = ids->front();
        known = decodedCases().get(store.instanceId(), id);
        rows = store.caseEventsAfter(id, known ? known->through : 0);
        if (!rows)
            return rows.error();
    }
    StoredCase out;
    out.caseId = id;
    if (known)
        out.events = *known->events;
    if (auto st = decodeRows(*rows, out.events); !st)
        return st.error();
    if (!rows->empty())
        decodedCases().put(
            store.instanceId(), id,
            {std::make_shared<const std::vector<Event>>(out.events), rows->back().serverSeq});
    for (const Event& e : out.events)
        foldNext(out.view, e, fold);
    auto readers = store.readersOfCases({id});
    if (!readers)
        return readers.error();
    out.readers = std::move(*readers);
    return out;
}

Result<std::vector<InboxEntry>> departmentInbox(ServerStore& store, const std::string& department) {
    auto ref = storedReference(store);
    if (!ref)
        return ref.error();
    const Department* dept = (*ref)->org.department(department);
    if (!dept)
        return Error{ErrorKind::InvalidInput, "unknown_department", "组织中没有部门 " + department};
    const FoldContext fold{(*ref)->catalog, (*ref)->org, (*ref)->calendar};
    const Holder held{(*ref)->org.center().id, dept->name};
    auto ids = store.casesOfReader(readerOf(held));
    if (!ids)
        return ids.error();
    std::vector<InboxEntry> out;
    for (const auto& id : *ids) {
        auto c = findCase(store, id, fold);
        if (!c)
            return c.error();
        const CaseView& v = c->view;
        if (v.holder != held)
            continue; // passed on, or replied to where it came from
        if (v.status == CaseStatus::Completed && v.repliedAt)
            continue;
        out.push_back({c->caseId, v.officialNumber, v.provisionalNumber, v.item,
                       itemName(fold, v.item), v.applicant.name, v.status, todoOf(v),
                       v.originSiteId, v.forwardedAt});
    }
    std::stable_sort(out.begin(), out.end(), [](const InboxEntry& a, const InboxEntry& b) {
        return a.forwardedAt.value_or(0) < b.forwardedAt.value_or(0);
    });
    return out;
}

Result<CaseActionResult> actOnCase(ServerStore& store, StoreSyncService& service,
                                   const std::string& caseOrNumber, const std::string& userId,
                                   Payload payload, Instant now) {
    auto ref = storedReference(store);
    if (!ref)
        return ref.error();
    auto c =
        findCase(store, caseOrNumber, FoldContext{(*ref)->catalog, (*ref)->org, (*ref)->calendar});
    if (!c)
        return c.error();
    return actOnCase(store, service, **ref, *c, userId, std::move(payload), now);
}

Result<CaseActionResult> actOnCase(ServerStore& store, StoreSyncService& service,
                                   const refdata::ReferenceData& ref, const StoredCase& c,
                                   const std::string& userId, Payload payload, Instant now) {
    const FoldContext fold{ref.catalog, ref.org, ref.calendar};
    auto user = store.user(userId);
    if (!user)
        return user.error();
    if (!*user)
        return Error{ErrorKind::NotFound, "unknown_user", "没有用户 " + userId};
    const UserRecord& u = **user;
    if (!u.active)
        return Error{ErrorKind::NotPermitted, "inactive_user", "用户 " + userId + " 已停用"};
    if (u.role != Role::DepartmentStaff || u.siteId != ref.org.center().id)
        return Error{ErrorKind::NotPermitted, "not_department_staff",
                     "用户 " + userId + "（" + roleName(u.role) +
                         "）不是市政务服务中心的部门工作人员，不能办理转到部门的办件"};
    const CaseView& v = c.view;
    const std::string deptReader = readerOf(Holder{u.siteId, u.department});
    const bool held = std::find(c.readers.begin(), c.readers.end(), deptReader) != c.readers.end();
    if (!held || (!v.holder.department.empty() && v.holder.department != u.department))
        return Error{ErrorKind::NotPermitted, "wrong_department",
                     "用户 " + userText(u) + " 属于" + u.department + "，办件 " + caseNumber(v) +
                         (v.holder.department.empty() ? std::string("不在该部门办理")
                                                      : "现由" + v.holder.department + "办理")};

    auto e = draftEvent(u, c, std::move(payload), now);
    if (!e)
        return e.error();
    // The fold's own words first; the service checks the same again, with the partition.
    if (auto st = checkEvent(v, *e, fold); !st)
        return st.error();

    auto res = service.submitAsUser(userId, {*e});
    if (!res)
        return res.error();
    const sync::PushResult& answer = res->results.front();
    if (answer.outcome == sync::PushOutcome::Rejected)
        return Error{ErrorKind::Conflict, answer.code, answer.message};
    CaseActionResult out;
    out.caseId = c.caseId;
    out.eventId = e->id;
    out.serverSeq = answer.serverSeq.value_or(0);
    out.conflict = answer.outcome == sync::PushOutcome::Conflict;
    out.conflictMessage = answer.message;
    auto after = findCase(store, c.caseId, fold);
    if (!after)
        return after.error();
    out.after = std::move(*after);
    return out;
}

Result<Event> draftEvent(const UserRecord& u, const StoredCase& c, Payload payload, Instant now) {
    auto random = crypto::randomBytes(RandomBytes{}.size());
    if (!random)
        return random.error();
    RandomBytes r{};
    std::copy_n(random->begin(), r.size(), r.begin());
    Hlc latest;
    for (const auto& stored : c.events)
        latest = std::max(latest, stored.hlc);
    Event e;
    e.id = makeEventId(now, r);
    e.caseId = c.caseId;
    e.actor = {u.id, u.name, u.role, u.siteId, u.department, u.grade, kConsoleDeviceId};
    e.deviceTime = now;
    e.hlc = hlcTick(latest, now);
    e.parentId = c.view.timeline.empty() ? std::string() : c.view.timeline.back().eventId;
    e.payload = std::move(payload);
    return e;
}

std::vector<std::string> possibleActions(const UserRecord& u, const StoredCase& c,
                                         const FoldContext& fold, Instant now) {
    std::vector<std::string> out;
    const CaseView& v = c.view;
    if (u.role != Role::DepartmentStaff || !u.active || u.siteId != fold.org.center().id ||
        v.holder.department != u.department)
        return out;
    const std::string someMaterial =
        v.materials.empty() ? std::string("材料") : v.materials.front().name;
    const std::vector<std::pair<std::string, Payload>> trials = {
        {"take-in", TakeInPayload{}},
        {"handle", StepPayload{StepCode::Handle, StepAction::Pass, "意见"}},
        {"review", StepPayload{StepCode::Review, StepAction::Pass, "意见"}},
        {"approve", StepPayload{StepCode::Approve, StepAction::Pass, "意见"}},
        {"suspend", SuspendPayload{1, "理由", "批准人", 1}},
        {"resume", ResumePayload{"结果"}},
        {"notify-missing", NotifyMissingPayload{{someMaterial}, {}}},
        {"complete", CompletePayload{Outcome::Approved, "结果", "", {}}},
        {"reply", ReplyPayload{}},
    };
    for (const auto& [name, payload] : trials) {
        auto e = draftEvent(u, c, payload, now);
        if (e && checkEvent(v, *e, fold))
            out.push_back(name);
    }
    return out;
}

void printCaseUsage(std::ostream& out) {
    out << "用法：bianmin-syncd admin --db 数据库文件 case 命令 [参数]\n"
           "以市政务服务中心部门工作人员的身份办理转到部门的办件（网页控制台建成之前）。\n"
           "命令：\n"
           "  inbox --department 部门 [--json]        部门在办的办件\n"
           "  show 办件 [--json]                      办件状态和时间线\n"
           "  take-in 办件 --user 用户 [--note 备注]  中心系统收件\n"
           "  step 办件 --user 用户 --step handle|review|approve (--pass | --return) "
           "--opinion 意见\n"
           "  suspend 办件 --user 用户 --reason 理由 --days 工作日 --approver 批准人 [--kind 1|2]\n"
           "  resume 办件 --user 用户 --result 结果\n"
           "  notify-missing 办件 --user 用户 --missing 材料 [--missing 材料 …] [--note 备注]\n"
           "  complete 办件 --user 用户 --outcome approved|denied|certificate|document\n"
           "           [--result-name 证照或文书名称] [--result-number 编号] [--reason 理由 …]\n"
           "  reply 办件 --user 用户 [--note 备注]    中心窗口集中反馈，结果回到受理地\n"
           "办件可以是办件标识、正式编号或临时编号。\n";
}

int runCaseCommand(ServerStore& store, const std::vector<std::string>& args, std::ostream& out,
                   std::ostream& err, const Options& options) {
    if (args.size() < 2) {
        printCaseUsage(err);
        return 2;
    }
    const std::string& name = args[1];
    if (name == "--help" || name == "help") {
        printCaseUsage(out);
        return 0;
    }
    if (name == "inbox")
        return cmdInbox(store, args, out, err);
    if (name == "show")
        return cmdShow(store, args, out, err);
    const auto& actions = actionCommands();
    if (const auto it = actions.find(name); it != actions.end())
        return cmdAction(store, name, it->second, args, out, err, options);
    err << "未知的办件命令：" << name << "\n";
    printCaseUsage(err);
    return 2;
}

} // namespace bianmin::syncd::admin
