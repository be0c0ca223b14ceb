#include "syncserver/console/console_api.h"

#include "common/domain/ids.h"
#include "common/domain/json_read.h"
#include "console/assets.h"
#include "syncserver/admin/admin_cli.h"
#include "syncserver/admin/case_commands.h"
#include "syncserver/console/console_common.h"
#include "syncserver/console/supervision.h"
#include "syncserver/console/xlsx.h"
#include "syncserver/http/api.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace bianmin::syncd::console {

using namespace bianmin::domain;
namespace json = boost::json;

// --- shared with console_admin.cpp (console_common.h)
// ---------------------------------------------

HttpResponse jsonResponse(const json::value& v, int status) {
    HttpResponse r;
    r.status = status;
    r.headers["content-type"] = "application/json; charset=utf-8";
    r.headers["cache-control"] = "no-store";
    r.body = json::serialize(v);
    return r;
}

// The API's statuses, except that in the console a refusal of an action (wrong grade, wrong
// department, not department staff) is 403: 401 means only "sign in (again)".
namespace {
int consoleStatus(const Error& e) {
    if (e.kind == ErrorKind::NotPermitted && e.code != "unauthenticated" &&
        e.code != "wrong_password" && e.code != "locked")
        return 403;
    return statusFor(e);
}
} // namespace

HttpResponse errorResponse(const Error& e) {
    // The admin commands' "wrong command line" is a bad request here.
    const std::string code = e.code == "usage" ? std::string("bad_request") : e.code;
    HttpResponse r = jsonError(consoleStatus(e), code, e.message);
    r.headers["cache-control"] = "no-store";
    return r;
}

json::object userJson(const UserRecord& u) {
    return {{"userId", u.id},
            {"name", u.name},
            {"role", std::string(roleKey(u.role))},
            {"roleName", roleName(u.role)},
            {"siteId", u.siteId},
            {"department", u.department},
            {"grade", static_cast<int>(u.grade)}};
}

// The reader whose cases a user sees: their department's, or every case (empty).
std::string readerFor(const UserRecord& u) {
    return u.role == Role::DepartmentStaff ? readerOf(Holder{u.siteId, u.department})
                                           : std::string();
}

std::string jsonString(const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::vector<std::string> jsonStrings(const json::object& o, const char* key) {
    std::vector<std::string> out;
    if (const auto* v = o.if_contains(key); v && v->is_array())
        for (const auto& x : v->get_array())
            if (x.is_string() && !x.get_string().empty())
                out.emplace_back(x.get_string());
    return out;
}

Error badInput(std::string message) {
    return Error{ErrorKind::InvalidInput, "bad_request", std::move(message)};
}

std::string siteNameOf(const Org& org, const std::string& id) {
    const Site* s = org.site(id);
    return s ? s->name : id;
}

std::string_view siteKindKey(SiteKind k) {
    return k == SiteKind::Center ? "center" : k == SiteKind::Hall ? "hall" : "room";
}

namespace {

constexpr Instant kDayMs = 86'400'000;

HttpResponse notFound(const std::string& message = "没有这个办件") {
    return errorResponse(Error{ErrorKind::NotFound, "unknown_case", message});
}

json::value optInstant(const std::optional<Instant>& t) {
    return t ? json::value(*t) : json::value(nullptr);
}

json::value optDate(const std::optional<Date>& d) {
    return d ? json::value(d->iso()) : json::value(nullptr);
}

json::value optRate(const std::optional<double>& r) {
    return r ? json::value(*r) : json::value(nullptr);
}

bool consoleRole(Role r) {
    return r == Role::DepartmentStaff || r == Role::Supervisor || r == Role::Admin;
}

json::object rowJson(const CaseSummary& c, const Deadline& d, const Org& org) {
    return {{"caseId", c.caseId},
            {"number", c.number},
            {"itemId", c.item.id},
            {"itemName", c.itemName},
            {"department", c.department},
            {"window", c.window},
            {"applicant", c.applicant},
            {"status", caseStatusCode(c.status)},
            {"statusName", caseStatusName(c.status)},
            {"todo", c.todo},
            {"originSiteId", c.originSiteId},
            {"originSiteName", siteNameOf(org, c.originSiteId)},
            {"holderName", c.holderName},
            {"forwardedAt", optInstant(c.forwardedAt)},
            {"due", optDate(d.due)},
            {"light", static_cast<int>(d.light)},
            {"lightName", lightName(d.light)},
            {"lightReasons", json::value_from(d.reasons)}};
}

json::object statsJson(const Stats& s) {
    return {{"received", s.received},
            {"accepted", s.accepted},
            {"refused", s.refused},
            {"completed", s.completed},
            {"onTime", s.onTime},
            {"onTimeRate", optRate(s.onTimeRate())},
            {"avgWorkingDays", optRate(s.avgWorkingDays())},
            {"refusalRate", optRate(s.refusalRate())},
            {"evaluated", s.evaluated},
            {"satisfied", s.satisfied},
            {"satisfactionRate", optRate(s.satisfactionRate())},
            {"poor", s.poor},
            {"poorRectified", s.poorRectified},
            {"open", s.open},
            {"red", s.red},
            {"yellow", s.yellow}};
}

// The payload of a console action from its JSON body (docs/console.md).
Result<Payload> payloadOf(const std::string& action, const json::object& b) {
    if (action == "take-in")
        return Payload{TakeInPayload{jsonString(b, "note")}};
    if (auto step = admin::stepFromKey(action)) {
        const auto* pass = b.if_contains("pass");
        if (!pass || !pass->is_bool())
            return badInput("请选择通过或退回");
        const std::string opinion = jsonString(b, "opinion");
        if (opinion.empty())
            return badInput("请填写" + stepName(*step) + "意见");
        return Payload{
            StepPayload{*step, pass->get_bool() ? StepAction::Pass : StepAction::Return, opinion}};
    }
    if (action == "suspend") {
        const auto* days = b.if_contains("days");
        const auto* kind = b.if_contains("kind");
        const int k = kind && kind->is_int64() ? static_cast<int>(kind->get_int64()) : 1;
        if (!days || !days->is_int64() || days->get_int64() < 1 || days->get_int64() > 365)
            return badInput("请填写特别程序的时限（1–365 个工作日）");
        if (k != 1 && k != 2)
            return badInput("特别程序种类应为 1（延长审批）或 2（其他）");
        if (jsonString(b, "reason").empty() || jsonString(b, "approver").empty())
            return badInput("请填写特别程序的理由和批准人");
        return Payload{SuspendPayload{k, jsonString(b, "reason"), jsonString(b, "approver"),
                                      static_cast<int>(days->get_int64())}};
    }
    if (action == "resume") {
        if (jsonString(b, "result").empty())
            return badInput("请填写特别程序的结果");
        return Payload{ResumePayload{jsonString(b, "result")}};
    }
    if (action == "notify-missing") {
        auto missing = jsonStrings(b, "missing");
        if (missing.empty())
            return badInput("请列出需要补正的材料");
        return Payload{NotifyMissingPayload{std::move(missing), jsonString(b, "note")}};
    }
    if (action == "complete") {
        const auto outcome = admin::outcomeFromKey(jsonString(b, "outcome"));
        if (!outcome)
            return badInput("请选择办结结果");
        auto reasons = jsonStrings(b, "reasons");
        if (*outcome == Outcome::Denied && reasons.empty())
            return badInput("不予许可须写明理由");
        if (*outcome != Outcome::Denied && jsonString(b, "resultName").empty())
            return badInput("请填写结果（证照或文书）名称");
        return Payload{CompletePayload{*outcome, jsonString(b, "resultName"),
                                       jsonString(b, "resultNumber"), std::move(reasons)}};
    }
    if (action == "reply")
        return Payload{ReplyPayload{jsonString(b, "note")}};
    return Error{ErrorKind::NotFound, "not_found", "没有这个操作：" + action};
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"')
            out += '"';
        out += ch;
    }
    return out + "\"";
}

std::string rateText(const std::optional<double>& r, bool percent = true) {
    if (!r)
        return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, percent ? "%.1f%%" : "%.1f", percent ? *r * 100 : *r);
    return buf;
}

HttpResponse assetResponse(const std::string& path) {
    const bianmin::console::Asset* a = bianmin::console::findAsset(path);
    if (!a)
        return jsonError(404, "not_found", "no such page");
    HttpResponse r;
    r.headers["content-type"] = std::string(a->contentType);
    r.headers["cache-control"] = "no-cache";
    r.headers["x-content-type-options"] = "nosniff";
    r.headers["x-frame-options"] = "DENY";
    r.headers["content-security-policy"] =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "frame-ancestors 'none'";
    r.body = std::string(a->body);
    return r;
}

} // namespace

std::map<std::string, std::string> parseQuery(std::string_view target) {
    std::map<std::string, std::string> out;
    const auto q = target.find('?');
    if (q == std::string_view::npos)
        return out;
    auto decode = [](std::string_view s) {
        std::string d;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '+') {
                d += ' ';
            } else if (s[i] == '%' && i + 2 < s.size()) {
                const std::string hex(s.substr(i + 1, 2));
                char* end = nullptr;
                const long v = std::strtol(hex.c_str(), &end, 16);
                if (end == hex.c_str() + 2) {
                    d += static_cast<char>(v);
                    i += 2;
                } else {
                    d += s[i];
                }
            } else {
                d += s[i];
            }
        }
        return d;
    };
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view part = rest.substr(0, amp);
        const auto eq = part.find('=');
        if (!part.empty())
            out[decode(part.substr(0, eq))] =
                eq == std::string_view::npos ? std::string() : decode(part.substr(eq + 1));
        if (amp == std::string_view::npos)
            break;
        rest.remove_prefix(amp + 1);
    }
    return out;
}

std::string cookieValue(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        std::string_view part = header.substr(0, semi);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=')
            return std::string(part.substr(name.size() + 1));
        if (semi == std::string_view::npos)
            break;
        header.remove_prefix(semi + 1);
    }
    return {};
}

ConsoleApi::ConsoleApi(ServerStore& store, StoreSyncService& service, Logger& log,
                       ConsoleOptions options)
    : m_store(store)
    , m_service(service)
    , m_log(log)
    , m_options(std::move(options))
    , m_index(store) {}

Instant ConsoleApi::now() const {
    return m_options.now ? m_options.now() : systemNow();
}

std::optional<HttpResponse> ConsoleApi::handle(const HttpRequest& r) {
    const std::string& p = r.path;
    if (p.starts_with("/console/api/"))
        return api(r);
    if (p.starts_with("/public/api/"))
        return publicApi(r);
    if (r.method != "GET" && r.method != "HEAD") {
        if (p == "/console" || p.starts_with("/console/") || p.starts_with("/public/"))
            return jsonError(405, "bad_method", "method not allowed");
        return std::nullopt;
    }
    if (p == "/console") {
        HttpResponse res;
        res.status = 302;
        res.headers["location"] = "/console/";
        return res;
    }
    if (p == "/console/")
        return assetResponse("index.html");
    if (p.starts_with("/console/"))
        return assetResponse(p.substr(9));
    if (p == "/public/query" || p == "/public/catalog")
        return assetResponse(p.substr(1) + ".html");
    if (p.starts_with("/public/"))
        return assetResponse(p.substr(1));
    return std::nullopt;
}

void ConsoleApi::audit(const HttpRequest& r, const std::string& userId, const std::string& action,
                       const std::string& target, const std::string& detail, bool ok) {
    AuditRecord a;
    a.at = now();
    a.userId = userId;
    a.action = action;
    a.target = target;
    a.detail = detail;
    a.remote = r.remote;
    a.ok = ok;
    if (auto st = m_store.appendAudit(a); !st)
        m_log.error("audit log write failed",
                    {{"requestId", r.requestId}, {"error", st.error().message}});
}

Result<ConsoleApi::Session> ConsoleApi::session(const HttpRequest& r) {
    const Error none{ErrorKind::NotPermitted, "unauthenticated", "请先登录"};
    const std::string token = cookieValue(r.header("cookie"), kSessionCookie);
    if (token.empty())
        return none;
    const std::string tokenHash = hashSecret(token);
    auto s = m_store.consoleSession(tokenHash);
    if (!s)
        return s.error();
    if (!*s || (*s)->expiresAt <= now())
        return Error{ErrorKind::NotPermitted, "unauthenticated", "登录已过期，请重新登录"};
    auto u = m_store.user((*s)->userId);
    if (!u)
        return u.error();
    if (!*u || !(*u)->active || !consoleRole((*u)->role))
        return Error{ErrorKind::NotPermitted, "unauthenticated", "账号已停用，请重新登录"};
    return Session{**u, tokenHash, hashSecret("csrf:" + token)};
}

HttpResponse ConsoleApi::login(const HttpRequest& r) {
    auto body = parseJsonDocument(r.body, "login");
    if (!body || !body->is_object())
        return errorResponse(badInput("请求格式错误"));
    const std::string userId = jsonString(body->get_object(), "userId");
    auto user =
        checkUserPassword(m_store, userId, jsonString(body->get_object(), "password"), now());
    if (!user) {
        audit(r, userId, "login", "", user.error().code, false);
        return errorResponse(user.error());
    }
    auto ref = admin::storedReference(m_store);
    if (!ref)
        return errorResponse(ref.error());
    if (!consoleRole(user->role) || user->siteId != (*ref)->org.center().id) {
        audit(r, userId, "login", "", "not a console user", false);
        return errorResponse(Error{ErrorKind::NotPermitted, "forbidden",
                                   "控制台只供市政务服务中心的部门工作人员、监察人员和管理员使用；"
                                   "窗口和村代办员请使用便民服务客户端"});
    }
    auto token = randomHex(32);
    if (!token)
        return errorResponse(token.error());
    const Instant t = now();
    ConsoleSessionRecord s{hashSecret(*token), user->id, t, t + m_options.sessionLifetime,
                           r.remote};
    if (auto st = m_store.createConsoleSession(s); !st)
        return errorResponse(st.error());
    audit(r, user->id, "login", "", "", true);
    HttpResponse res = jsonResponse(
        json::object{{"user", userJson(*user)}, {"csrf", hashSecret("csrf:" + *token)}});
    res.headers["set-cookie"] = std::string(kSessionCookie) + "=" + *token +
                                "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" +
                                std::to_string(m_options.sessionLifetime / 1000);
    return res;
}

HttpResponse ConsoleApi::api(const HttpRequest& r) {
    const std::string route = r.path.substr(std::string_view("/console/api/").size());
    if (route == "login") {
        if (r.method != "POST")
            return jsonError(405, "bad_method", "method not allowed");
        return login(r);
    }
    if (route == "test/clock") {
        if (!m_options.setNow)
            return jsonError(404, "not_found", "no such resource");
        auto body = parseJsonDocument(r.body, "clock");
        if (r.method != "POST" || !body || !body->is_object() ||
            !body->get_object().contains("now") || !body->get_object().at("now").is_int64())
            return errorResponse(badInput("expected {\"now\": ms}"));
        m_options.setNow(body->get_object().at("now").get_int64());
        audit(r, "", "test_clock", "", std::to_string(now()), true);
        return jsonResponse(json::object{{"now", now()}});
    }
    auto s = session(r);
    if (!s)
        return errorResponse(s.error());
    if (r.method != "GET" && r.method != "HEAD" && r.header("x-csrf-token") != s->csrf) {
        audit(r, s->user.id, "csrf", r.path, "missing or wrong X-CSRF-Token", false);
        return errorResponse(
            Error{ErrorKind::NotPermitted, "csrf", "请求缺少有效的 CSRF 令牌，请刷新页面"});
    }
    if (route == "me")
        return jsonResponse(json::object{{"user", userJson(s->user)}, {"csrf", s->csrf}});
    if (route == "logout" && r.method == "POST") {
        if (auto st = m_store.endConsoleSession(s->tokenHash); !st)
            return errorResponse(st.error());
        audit(r, s->user.id, "logout", "", "", true);
        HttpResponse res = jsonResponse(json::object{{"ok", true}});
        res.headers["set-cookie"] =
            std::string(kSessionCookie) + "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0";
        return res;
    }
    auto ref = admin::storedReference(m_store);
    if (!ref)
        return errorResponse(ref.error());
    if (auto st = m_index.refresh(*ref); !st)
        return errorResponse(st.error());
    const Context c{*s, *ref, now()};

    if (route == "inbox" && r.method == "GET")
        return inbox(c, r);
    if (route.starts_with("cases/")) {
        const std::string rest = route.substr(6);
        const auto slash = rest.find('/');
        const std::string id = parseQuery("?x=" + rest.substr(0, slash))["x"];
        if (slash == std::string::npos && r.method == "GET")
            return showCase(c, id);
        if (slash != std::string::npos && r.method == "POST")
            return act(c, r, id, rest.substr(slash + 1));
    }
    if (route == "supervision/open" && r.method == "GET")
        return openCases(c, r);
    if (route == "supervision/stats" && r.method == "GET")
        return stats(c, r, StatsFormat::Json);
    if (route == "supervision/stats.csv" && r.method == "GET")
        return stats(c, r, StatsFormat::Csv);
    if (route == "supervision/stats.xlsx" && r.method == "GET")
        return stats(c, r, StatsFormat::Xlsx);
    if (route == "sync-monitor" && r.method == "GET")
        return syncMonitor(c);
    if (route == "audit" && r.method == "GET")
        return auditLog(c, r);
    if (auto answer = orgRoute(c, r, route))
        return std::move(*answer);
    if (auto answer = adminRoute(c, r, route))
        return std::move(*answer);
    return jsonError(404, "not_found", "no such resource: " + r.path);
}

HttpResponse ConsoleApi::inbox(const Context& c, const HttpRequest& r) {
    std::string deptName = c.user().department;
    if (c.seesAll()) {
        const auto q = parseQuery(r.target);
        const auto it = q.find("department");
        deptName = it == q.end() ? std::string() : it->second;
    }
    const Department* dept = c.ref->org.department(deptName);
    if (!dept)
        return errorResponse(badInput("请选择部门"));
    const Holder held{c.ref->org.center().id, dept->name};
    json::array rows;
    std::vector<std::pair<Instant, json::object>> found;
    // What the department holds now: open, or completed and not yet replied to the origin.
    for (const auto& s : m_index.heldBy(held)) {
        const Item* item = c.ref->catalog.version(s->item.id, s->item.version);
        const Deadline d = s->isOpen() && item ? assess(*s->open, *item, c.ref->calendar, c.now)
                                               : s->closedDeadline;
        found.emplace_back(s->forwardedAt.value_or(0), rowJson(*s, d, c.ref->org));
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [at, row] : found)
        rows.push_back(std::move(row));
    return jsonResponse(json::object{{"department", dept->name}, {"cases", std::move(rows)}});
}

HttpResponse ConsoleApi::showCase(const Context& c, const std::string& id) {
    auto found = admin::findCase(m_store, id, c.fold());
    if (!found) {
        if (found.error().kind == ErrorKind::NotFound)
            return notFound();
        return errorResponse(found.error());
    }
    return showCase(c, *found);
}

HttpResponse ConsoleApi::showCase(const Context& c, const admin::StoredCase& found) {
    const FoldContext fold = c.fold();
    const std::string reader = readerFor(c.user());
    if (!reader.empty() &&
        std::find(found.readers.begin(), found.readers.end(), reader) == found.readers.end())
        return notFound();
    const CaseView& v = found.view;
    json::object o = admin::caseJson(found, fold);
    o["number"] = admin::caseNumber(v);
    o["originSiteName"] = siteNameOf(c.ref->org, v.originSiteId);
    o["holderName"] = admin::holderText(c.ref->org, v.holder);
    const Item* item = c.ref->catalog.version(v.item.id, v.item.version);
    Deadline d;
    if (item)
        d = assess(v, *item, c.ref->calendar,
                   isFinal(v.status) ? v.completedAt.value_or(v.closedAt.value_or(c.now)) : c.now);
    o["due"] = optDate(d.due);
    o["light"] = static_cast<int>(d.light);
    o["lightName"] = lightName(d.light);
    o["lightReasons"] = json::value_from(d.reasons);
    o["department"] = item ? item->department : std::string();
    json::array materials;
    for (const auto& m : v.materials)
        materials.push_back(json::object{{"name", m.name},
                                         {"required", m.required},
                                         {"received", m.received},
                                         {"original", m.originalSeen},
                                         {"copies", m.copies}});
    o["materials"] = std::move(materials);
    o["missing"] = json::value_from(v.missing);
    json::array suspensions;
    for (const auto& s : v.suspensions)
        suspensions.push_back(json::object{{"kind", s.kind},
                                           {"reason", s.reason},
                                           {"days", s.limitDays},
                                           {"approver", s.approver},
                                           {"start", s.start},
                                           {"end", optInstant(s.end)},
                                           {"result", s.result}});
    o["suspensions"] = std::move(suspensions);
    if (v.completion)
        o["completion"] =
            json::object{{"outcome", std::string(admin::outcomeName(v.completion->outcome))},
                         {"outcomeKey", std::string(admin::outcomeKey(v.completion->outcome))},
                         {"resultName", v.completion->resultName},
                         {"resultNumber", v.completion->resultNumber},
                         {"reasons", json::value_from(v.completion->reasons)},
                         {"at", v.completion->at}};
    else
        o["completion"] = nullptr;
    o["receivedAt"] = optInstant(v.receivedAt);
    o["acceptedAt"] = optInstant(v.acceptedAt);
    o["forwardedAt"] = optInstant(v.forwardedAt);
    o["takenInAt"] = optInstant(v.takenInAt);
    o["completedAt"] = optInstant(v.completedAt);
    o["repliedAt"] = optInstant(v.repliedAt);
    // Names for the timeline's people and places.
    if (auto* timeline = o.if_contains("timeline"); timeline && timeline->is_array()) {
        std::size_t i = 0;
        for (auto& e : timeline->get_array()) {
            if (i < v.timeline.size()) {
                const auto& t = v.timeline[i];
                e.as_object()["userName"] = t.actor.userName;
                e.as_object()["siteName"] = siteNameOf(c.ref->org, t.actor.siteId);
                e.as_object()["department"] = t.actor.department;
                e.as_object()["typeName"] = eventTypeNameOfKey(t.type);
            }
            ++i;
        }
    }
    json::array actions;
    for (const auto& a : admin::possibleActions(c.user(), found, fold, c.now))
        actions.push_back(json::value(a));
    o["actions"] = std::move(actions);
    return jsonResponse(json::object{{"case", std::move(o)}});
}

HttpResponse ConsoleApi::act(const Context& c, const HttpRequest& r, const std::string& id,
                             const std::string& action) {
    auto body = parseJsonDocument(r.body.empty() ? std::string("{}") : r.body, action);
    if (!body || !body->is_object())
        return errorResponse(badInput("请求格式错误"));
    // Unreadable cases are unknown, whatever the action.
    auto found = admin::findCase(m_store, id, c.fold());
    const std::string reader = readerFor(c.user());
    if (!found || (!reader.empty() && std::find(found->readers.begin(), found->readers.end(),
                                                reader) == found->readers.end())) {
        audit(r, c.user().id, action, id, "unknown or unreadable case", false);
        return found || found.error().kind == ErrorKind::NotFound ? notFound()
                                                                  : errorResponse(found.error());
    }
    auto payload = payloadOf(action, body->get_object());
    if (!payload) {
        audit(r, c.user().id, action, found->caseId, payload.error().message, false);
        return errorResponse(payload.error());
    }
    auto done = admin::actOnCase(m_store, m_service, *c.ref, *found, c.user().id,
                                 std::move(*payload), c.now);
    if (!done) {
        audit(r, c.user().id, action, found->caseId, done.error().message, false);
        return errorResponse(done.error());
    }
    audit(r, c.user().id, action, found->caseId,
          done->conflict ? "conflict: " + done->conflictMessage : std::string(), true);
    if (auto st = m_index.refresh(c.ref); !st)
        m_log.warn("console index refresh", {{"error", st.error().message}});
    HttpResponse res = showCase(c, done->after);
    if (res.status == 200) {
        auto v = json::parse(res.body);
        v.as_object()["conflict"] = done->conflict;
        v.as_object()["conflictMessage"] = done->conflictMessage;
        res.body = json::serialize(v);
    }
    return res;
}

HttpResponse ConsoleApi::openCases(const Context& c, const HttpRequest& r) {
    const auto q = parseQuery(r.target);
    auto get = [&](const char* k) {
        const auto it = q.find(k);
        return it == q.end() ? std::string() : it->second;
    };
    CaseFilter f;
    f.reader = readerFor(c.user());
    if (const Department* d = c.ref->org.department(get("department")))
        f.department = d->name;
    else if (!get("department").empty())
        return errorResponse(badInput("没有部门 " + get("department")));
    f.siteId = get("site");
    f.itemId = get("item");
    f.window = get("window");
    f.problem = get("problem");
    if (!f.problem.empty() && f.problem != "overdue" && f.problem != "step" &&
        f.problem != "forward" && f.problem != "suspension")
        return errorResponse(badInput("问题类型应为 overdue、step、forward 或 suspension"));
    if (!get("light").empty()) {
        const std::string l = get("light");
        if (l != "0" && l != "1" && l != "2" && l != "5" && l != "6")
            return errorResponse(badInput("亮灯应为 0、1、2、5 或 6"));
        f.light = static_cast<Light>(std::stoi(l));
    }
    json::array rows;
    json::object counts{{"0", 0}, {"1", 0}, {"2", 0}, {"5", 0}, {"6", 0}};
    for (const auto& o : console::openCases(m_index.snapshot(), *c.ref, c.now, f)) {
        auto& n = counts[std::to_string(static_cast<int>(o.deadline.light))];
        n = n.as_int64() + 1;
        rows.push_back(rowJson(*o.c, o.deadline, c.ref->org));
    }
    return jsonResponse(
        json::object{{"now", c.now}, {"counts", std::move(counts)}, {"cases", std::move(rows)}});
}

HttpResponse ConsoleApi::stats(const Context& c, const HttpRequest& r, StatsFormat format) {
    const auto q = parseQuery(r.target);
    auto date = [&](const char* k, Date fallback) -> std::optional<Date> {
        const auto it = q.find(k);
        if (it == q.end() || it->second.empty())
            return fallback;
        return Date::parse(it->second);
    };
    const Date today = Date::localDateOf(c.now);
    const auto from = date("from", Date::fromCivil(today.year(), today.month(), 1));
    const auto to = date("to", today);
    if (!from || !to || *to < *from)
        return errorResponse(badInput("日期范围应为 YYYY-MM-DD，起始不晚于结束"));
    CaseFilter f;
    f.reader = readerFor(c.user());
    const StatsReport rep = statistics(m_index.snapshot(), *c.ref, *from, *to, c.now, f);
    if (format == StatsFormat::Json) {
        auto rows = [](const std::vector<StatsRow>& v) {
            json::array a;
            for (const auto& x : v) {
                json::object o = statsJson(x.stats);
                o["key"] = x.key;
                o["name"] = x.name;
                a.push_back(std::move(o));
            }
            return a;
        };
        return jsonResponse(json::object{{"from", from->iso()},
                                         {"to", to->iso()},
                                         {"satisfactionTarget", kSatisfactionTarget},
                                         {"total", statsJson(rep.total)},
                                         {"byDepartment", rows(rep.byDepartment)},
                                         {"bySite", rows(rep.bySite)},
                                         {"byWindow", rows(rep.byWindow)},
                                         {"byItem", rows(rep.byItem)}});
    }
    // One table for both files: text cells for CSV, numbers where a spreadsheet can sum them.
    const std::vector<std::string> header = {
        "分组",       "名称", "收件",     "受理",       "不予受理",
        "不予受理率", "办结", "按时办结", "按时办结率", "平均用时（工作日）",
        "评价",       "满意", "满意率",   "差评",       "差评已整改",
        "在办",       "红牌", "黄牌"};
    std::vector<std::vector<XlsxCell>> table;
    table.emplace_back(header.begin(), header.end());
    auto rate = [&](const std::optional<double>& value, bool percent = true) -> XlsxCell {
        if (!value)
            return std::string();
        if (format == StatsFormat::Csv)
            return rateText(value, percent);
        return std::round(*value * (percent ? 1000.0 : 10.0)) / 10.0;
    };
    auto line = [&](const std::string& group, const std::string& name, const Stats& s) {
        auto n = [](int v) -> XlsxCell { return static_cast<double>(v); };
        table.push_back({group, name, n(s.received), n(s.accepted), n(s.refused),
                         rate(s.refusalRate()), n(s.completed), n(s.onTime), rate(s.onTimeRate()),
                         rate(s.avgWorkingDays(), false), n(s.evaluated), n(s.satisfied),
                         rate(s.satisfactionRate()), n(s.poor), n(s.poorRectified), n(s.open),
                         n(s.red), n(s.yellow)});
    };
    line("合计", from->iso() + " 至 " + to->iso(), rep.total);
    for (const auto& x : rep.byDepartment)
        line("部门", x.name, x.stats);
    for (const auto& x : rep.bySite)
        line("受理地", x.name, x.stats);
    for (const auto& x : rep.byWindow)
        line("窗口", x.name, x.stats);
    for (const auto& x : rep.byItem)
        line("事项", x.name, x.stats);
    HttpResponse res;
    const std::string fileName = "bianmin-stats-" + from->compact() + "-" + to->compact();
    res.headers["cache-control"] = "no-store";
    if (format == StatsFormat::Xlsx) {
        // Rates are percentages in the spreadsheet.
        for (auto* h : {&table[0][5], &table[0][8], &table[0][12]})
            *h = std::get<std::string>(*h) + "（%）";
        res.headers["content-type"] =
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        res.headers["content-disposition"] = "attachment; filename=\"" + fileName + ".xlsx\"";
        res.body = writeXlsx({{"统计", std::move(table)}});
        return res;
    }
    std::string out = "\xEF\xBB\xBF"; // a BOM, so that spreadsheet programs read UTF-8
    for (const auto& row : table) {
        for (std::size_t k = 0; k < row.size(); ++k) {
            if (k > 0)
                out += ",";
            if (const auto* text = std::get_if<std::string>(&row[k])) {
                out += csvField(*text);
            } else {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.0f", std::get<double>(row[k]));
                out += buf;
            }
        }
        out += "\r\n";
    }
    res.headers["content-type"] = "text/csv; charset=utf-8";
    res.headers["content-disposition"] = "attachment; filename=\"" + fileName + ".csv\"";
    res.body = std::move(out);
    return res;
}

HttpResponse ConsoleApi::syncMonitor(const Context& c) {
    if (!c.seesAll())
        return errorResponse(
            Error{ErrorKind::NotPermitted, "forbidden", "同步监控只供监察人员和管理员查看"});
    auto sites = m_store.sites();
    if (!sites)
        return errorResponse(sites.error());
    auto devices = m_store.devices();
    if (!devices)
        return errorResponse(devices.error());
    std::map<std::string, std::vector<const DeviceRecord*>> bySite;
    for (const auto& d : *devices)
        bySite[d.siteId].push_back(&d);
    struct Row {
        Instant lastSeen = 0;
        json::object o;
    };
    std::vector<Row> rows;
    for (const auto& s : *sites) {
        // A closed site (停用) has nothing to sync any more.
        if (const Site* known = c.ref->org.site(s.id); known && !known->active)
            continue;
        Row row;
        json::array devs;
        std::int64_t backlog = 0;
        for (const DeviceRecord* d : bySite[s.id]) {
            devs.push_back(json::object{
                {"deviceId", d->id},
                {"name", d->name},
                {"department", d->department},
                {"lastSeen", d->lastSeen ? json::value(d->lastSeen) : json::value(nullptr)},
                {"clientVersion", d->clientVersion},
                {"backlog", d->backlog},
                {"lastError", d->lastError},
                {"revoked", d->revokedAt.has_value()}});
            if (!d->revokedAt) {
                row.lastSeen = std::max(row.lastSeen, d->lastSeen);
                backlog += d->backlog;
            }
        }
        row.o = {{"siteId", s.id},
                 {"siteName", s.name},
                 {"kind", std::string(s.kind == SiteKind::Center ? "center"
                                      : s.kind == SiteKind::Hall ? "hall"
                                                                 : "room")},
                 {"parentId", s.parentId},
                 {"devices", std::move(devs)},
                 {"backlog", backlog},
                 {"lastSeen", row.lastSeen ? json::value(row.lastSeen) : json::value(nullptr)},
                 {"offlineDays", row.lastSeen ? json::value((c.now - row.lastSeen) / kDayMs)
                                              : json::value(nullptr)}};
        rows.push_back(std::move(row));
    }
    // Sites with devices that have been silent longest first, then sites never seen.
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        const bool aSeen = a.lastSeen != 0;
        const bool bSeen = b.lastSeen != 0;
        if (aSeen != bSeen)
            return aSeen;
        return a.lastSeen < b.lastSeen;
    });
    json::array out;
    for (auto& r : rows)
        out.push_back(std::move(r.o));
    return jsonResponse(json::object{{"now", c.now}, {"sites", std::move(out)}});
}

HttpResponse ConsoleApi::auditLog(const Context& c, const HttpRequest& r) {
    if (!c.seesAll())
        return errorResponse(
            Error{ErrorKind::NotPermitted, "forbidden", "审计日志只供监察人员和管理员查看"});
    const auto q = parseQuery(r.target);
    std::int64_t before = 0;
    if (const auto it = q.find("before"); it != q.end())
        before = std::atoll(it->second.c_str());
    auto rows = m_store.auditLog(before, 200);
    if (!rows)
        return errorResponse(rows.error());
    json::array out;
    for (const auto& a : *rows)
        out.push_back(json::object{{"seq", a.seq},
                                   {"at", a.at},
                                   {"userId", a.userId},
                                   {"action", a.action},
                                   {"target", a.target},
                                   {"detail", a.detail},
                                   {"remote", a.remote},
                                   {"ok", a.ok}});
    return jsonResponse(json::object{{"entries", std::move(out)}});
}

// --- public
// ---------------------------------------------------------------------------------------

bool ConsoleApi::allowQuery(const std::string& remote) {
    const Instant t = now();
    std::lock_guard lock(m_rateMutex);
    auto& q = m_queries[remote];
    while (!q.empty() && q.front() <= t - 60'000)
        q.pop_front();
    if (static_cast<int>(q.size()) >= kQueryLimitPerMinute)
        return false;
    q.push_back(t);
    if (m_queries.size() > 10'000) // forget quiet addresses
        std::erase_if(m_queries, [](const auto& kv) { return kv.second.empty(); });
    return true;
}

HttpResponse ConsoleApi::publicApi(const HttpRequest& r) {
    const std::string route = r.path.substr(std::string_view("/public/api/").size());
    if (route == "catalog" && r.method == "GET") {
        auto version = m_store.referenceVersion();
        if (!version)
            return errorResponse(version.error());
        auto set = m_store.reference(*version);
        if (!set)
            return errorResponse(set.error());
        if (!*set)
            return jsonError(404, "not_found", "尚未发布事项目录");
        HttpResponse res;
        res.headers["content-type"] = "application/json; charset=utf-8";
        res.headers["cache-control"] = "no-cache";
        res.body = (*set)->catalog;
        return res;
    }
    if (route == "query" && r.method == "POST")
        return publicQuery(r);
    return jsonError(404, "not_found", "no such resource: " + r.path);
}

HttpResponse ConsoleApi::publicQuery(const HttpRequest& r) {
    if (!allowQuery(r.remote))
        return jsonError(429, "rate_limited", "查询过于频繁，请一分钟后再试");
    auto body = parseJsonDocument(r.body, "query");
    if (!body || !body->is_object())
        return errorResponse(badInput("请求格式错误"));
    const std::string number = jsonString(body->get_object(), "number");
    const std::string password = jsonString(body->get_object(), "password");
    HttpResponse wrong =
        jsonError(404, "not_found", "办件编号或查询密码不正确，请核对受理通知书或收件回执");
    if (number.empty() || password.empty())
        return errorResponse(badInput("请输入办件编号和查询密码"));
    auto ref = admin::storedReference(m_store);
    if (!ref)
        return errorResponse(ref.error());
    const FoldContext fold{(*ref)->catalog, (*ref)->org, (*ref)->calendar};
    auto ids = m_store.casesByNumber(number);
    if (!ids)
        return errorResponse(ids.error());
    for (const auto& id : *ids) {
        auto c = admin::findCase(m_store, id, fold);
        if (!c)
            continue;
        const CaseView& v = c->view;
        if (v.queryPasswordHash.empty() || !verifyQueryPassword(password, v.queryPasswordHash))
            continue;
        const Item* item = (*ref)->catalog.version(v.item.id, v.item.version);
        Deadline d;
        if (item)
            d = assess(v, *item, (*ref)->calendar, now());
        json::array steps;
        for (const auto& t : v.timeline)
            if (t.applied && t.significant) {
                std::string place = siteNameOf((*ref)->org, t.actor.siteId);
                if (!t.actor.department.empty())
                    place += " " + t.actor.department;
                json::object step;
                step["name"] = eventTypeNameOfKey(t.type);
                step["place"] = place;
                step["at"] = t.at;
                steps.push_back(std::move(step));
            }
        // The applicant's name, masked: the query proves the number and password, not identity.
        std::string masked = v.applicant.name;
        if (masked.size() > 3)
            masked = masked.substr(0, 3) + std::string("*");
        json::object o{{"number", admin::caseNumber(v)},
                       {"itemName", admin::itemName(fold, v.item)},
                       {"applicant", masked},
                       {"status", caseStatusCode(v.status)},
                       {"statusName", caseStatusName(v.status)},
                       {"receivedAt", optInstant(v.receivedAt)},
                       {"acceptedAt", optInstant(v.acceptedAt)},
                       {"due", optDate(d.due)},
                       {"completedAt", optInstant(v.completedAt)},
                       {"outcome", v.completion
                                       ? json::value(admin::outcomeName(v.completion->outcome))
                                       : json::value(nullptr)},
                       {"resultName", v.completion ? json::value(v.completion->resultName)
                                                   : json::value(nullptr)},
                       {"steps", std::move(steps)}};
        return jsonResponse(o);
    }
    return wrong;
}

} // namespace bianmin::syncd::console
