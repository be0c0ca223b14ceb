// The console's organisation routes (docs/console.md, Organisation): the sites (a village room
// under a township hall, or a hall under the center: create, rename, close and reopen) and the
// window sets (add, rename and remove a hall window, which windows the village rooms have, and
// which window takes a department's items).
//
// The organisation is the stored org document (resources/org/*.json, docs/seed-formats.md), so
// every change edits that document — and, when a window is renamed or removed, the `window` of
// the catalog's items at that window — checks the result exactly as a client will load it
// (Org::fromJson, then the catalog against the new org) and publishes it as the next reference
// version through publishReference, like the catalog and the calendar. The sites table follows
// (putSites), as after `admin import-reference`.
//
// A window is where a hall takes an item, not part of the item's published content: renaming or
// removing one rewrites the window of every version of the items at it (the old window no longer
// exists, so an old version naming it could not be loaded).
#include "common/domain/json_read.h"
#include "syncserver/admin/admin_cli.h"
#include "syncserver/console/console_api.h"
#include "syncserver/console/console_common.h"

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <map>

namespace bianmin::syncd::console {

using namespace bianmin::domain;
namespace json = boost::json;

namespace {

constexpr std::string_view kHallSuffix = "便民服务大厅";
constexpr std::string_view kRoomSuffix = "便民服务室";
constexpr std::size_t kMaxSiteNameChars = 24;
constexpr std::size_t kMaxWindowNameChars = 8;

Error notAdmin() {
    return {ErrorKind::NotPermitted, "forbidden", "只有管理员可以修改组织机构和窗口设置"};
}

Error conflict(std::string code, std::string message) {
    return {ErrorKind::Conflict, std::move(code), std::move(message)};
}

// Characters, not bytes (UTF-8).
std::size_t charCount(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char ch) {
        return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    }));
}

std::string trimmed(std::string_view s) {
    const auto isSpace = [](char ch) {
        return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
    };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

// A name for people: 1–maxChars characters, no spaces or control characters.
Status checkName(const std::string& name, std::size_t maxChars, const std::string& what) {
    if (name.empty())
        return badInput("请填写" + what);
    if (std::any_of(name.begin(), name.end(),
                    [](char ch) { return static_cast<unsigned char>(ch) <= 0x20; }) ||
        name.find("\u3000") != std::string::npos)
        return badInput(what + "不能含空格或控制字符");
    if (charCount(name) > maxChars)
        return badInput(what + "不超过 " + std::to_string(maxChars) + " 个字");
    return ok();
}

bool isDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// The kind a unit's name ends with (镇/乡/街道 for a township, 村/社区 for a village), or "".
std::string kindOfName(const std::string& name, SiteKind kind) {
    const std::vector<std::string_view> kinds =
        kind == SiteKind::Hall ? std::vector<std::string_view>{"街道", "镇", "乡"}
                               : std::vector<std::string_view>{"社区", "村"};
    for (const auto k : kinds)
        if (name.size() > k.size() && name.ends_with(k))
            return std::string(k);
    return {};
}

// The unit's name from what the admin typed: "新建村" or the site's whole name "新建村便民服务室".
Result<std::pair<std::string, std::string>> unitName(const std::string& raw, SiteKind kind) {
    std::string name = trimmed(raw);
    const std::string_view suffix = kind == SiteKind::Hall ? kHallSuffix : kRoomSuffix;
    if (name.ends_with(suffix))
        name.resize(name.size() - suffix.size());
    if (auto st = checkName(name, kMaxSiteNameChars,
                            kind == SiteKind::Hall ? "乡镇（街道）名称" : "村（社区）名称");
        !st)
        return st.error();
    std::string k = kindOfName(name, kind);
    if (k.empty())
        return badInput(kind == SiteKind::Hall
                            ? "乡镇（街道）名称应以“镇”“乡”或“街道”结尾，如 新华镇"
                            : "村（社区）名称应以“村”或“社区”结尾，如 新建村");
    return std::pair{std::move(name), std::move(k)};
}

json::array& arrayAt(json::object& o, std::string_view key) {
    if (!o.contains(key) || !o.at(key).is_array())
        o[key] = json::array();
    return o[key].as_array();
}

std::string textAt(const json::value& v, std::string_view key) {
    if (!v.is_object())
        return {};
    const auto* x = v.get_object().if_contains(key);
    return x && x->is_string() ? std::string(x->get_string()) : std::string();
}

void setActive(json::object& o, bool active) {
    if (active)
        o.erase("active");
    else
        o["active"] = false;
}

json::object* townshipIn(json::object& org, const std::string& code) {
    for (auto& t : arrayAt(org, "townships"))
        if (t.is_object() && textAt(t, "code") == code)
            return &t.as_object();
    return nullptr;
}

// The village's object and its township's.
std::pair<json::object*, json::object*> villageIn(json::object& org, const std::string& code) {
    for (auto& t : arrayAt(org, "townships")) {
        if (!t.is_object())
            continue;
        for (auto& v : arrayAt(t.as_object(), "villages"))
            if (v.is_object() && textAt(v, "code") == code)
                return {&v.as_object(), &t.as_object()};
    }
    return {nullptr, nullptr};
}

// Inserts `unit` into the array in code order.
void insertByCode(json::array& units, json::object unit) {
    const std::string code = textAt(unit, "code");
    auto at = std::find_if(units.begin(), units.end(),
                           [&](const json::value& v) { return textAt(v, "code") > code; });
    units.insert(at, std::move(unit));
}

// The next free code: the highest three digits in use at [from, from+3) of the codes under
// `prefix`, plus one; empty when 999 is taken.
std::string nextCode(const Org& org, const std::string& prefix, std::size_t from,
                     const std::string& tail) {
    int highest = 0;
    for (const Site& s : org.sites())
        if (s.id.starts_with(prefix) && s.id.size() == 12 && s.id.substr(from + 3) == tail)
            highest = std::max(highest, std::stoi(s.id.substr(from, 3)));
    if (highest >= 999)
        return {};
    const std::string n = std::to_string(highest + 1);
    return prefix + std::string(3 - n.size(), '0') + n + tail;
}

std::vector<std::string> stringsAt(const json::object& o, std::string_view key) {
    std::vector<std::string> out;
    if (const auto* a = o.if_contains(key); a && a->is_array())
        for (const auto& v : a->get_array())
            if (v.is_string())
                out.emplace_back(v.get_string());
    return out;
}

json::array toArray(const std::vector<std::string>& v) {
    json::array out;
    for (const auto& s : v)
        out.emplace_back(s);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

// Every version of every item in the catalog document at `from` goes to `to`; the count.
int moveItems(json::object& catalog, const std::string& from, const std::string& to,
              const std::function<bool(const json::object&)>& only = {}) {
    int n = 0;
    for (auto& v : arrayAt(catalog, "items")) {
        if (!v.is_object())
            continue;
        auto& item = v.as_object();
        if (textAt(v, "window") == from && (!only || only(item))) {
            item["window"] = to;
            ++n;
        }
    }
    return n;
}

std::string joined(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : sep) + p;
    return out;
}

// A hall window's name: short, without the word 窗口 (the console adds it).
Result<std::string> windowName(const json::object& body, const char* key) {
    std::string name = trimmed(jsonString(body, key));
    if (auto st = checkName(name, kMaxWindowNameChars, "窗口名称"); !st)
        return st.error();
    if (name.ends_with("窗口"))
        return badInput("窗口名称不必带“窗口”二字，如 民政");
    return name;
}

// The audit log's name for a change.
std::string auditAction(const std::string& route) {
    if (route == "org/sites")
        return "site_create";
    if (route.starts_with("org/sites/"))
        return route.ends_with("/rename") ? "site_rename" : "site_active";
    if (route == "org/windows")
        return "window_add";
    if (route.starts_with("org/windows/"))
        return "window_" + route.substr(12);
    if (route.starts_with("org/departments/"))
        return "department_window";
    return "org";
}

} // namespace

std::optional<HttpResponse> ConsoleApi::orgRoute(const Context& c, const HttpRequest& r,
                                                 const std::string& route) {
    if (route != "org" && !route.starts_with("org/"))
        return std::nullopt;
    const Org& org = c.ref->org;
    const bool get = r.method == "GET";
    const bool post = r.method == "POST";

    // --- reading (every signed-in user: the screens name sites, departments and windows) ------
    if (route == "org" && get) {
        json::array sites;
        std::map<std::string, std::pair<std::string, std::string>> units; // code → name, kind
        for (const auto& t : org.townships()) {
            units[t.code] = {t.name, t.kind};
            for (const auto& v : t.villages)
                units[v.code] = {v.name, v.kind};
        }
        for (const auto& s : org.sites()) {
            const auto u = units.find(s.id);
            sites.push_back(
                json::object{{"id", s.id},
                             {"name", s.name},
                             {"kind", siteKindKey(s.kind)},
                             {"parentId", s.parentId},
                             {"active", s.active},
                             {"unitName", u == units.end() ? s.name : u->second.first},
                             {"unitKind", u == units.end() ? std::string() : u->second.second}});
        }
        json::array depts;
        for (const auto& d : org.departments())
            depts.push_back(json::object{{"code", d.code}, {"name", d.name}, {"window", d.window}});
        auto version = m_store.referenceVersion();
        return jsonResponse(json::object{
            {"cityName", org.cityName()},
            {"referenceVersion", version ? *version : 0},
            {"sites", std::move(sites)},
            {"departments", std::move(depts)},
            {"windowSets", json::object{{"hall", toArray(org.windows(SiteKind::Hall))},
                                        {"room", toArray(org.windows(SiteKind::Room))}}}});
    }
    if (route == "org/windows" && get) {
        if (!c.seesAll())
            return errorResponse(notAdmin());
        const auto& room = org.windows(SiteKind::Room);
        json::array windows;
        for (const auto& w : org.windows(SiteKind::Hall)) {
            json::array depts;
            for (const auto& d : org.departments())
                if (d.window == w)
                    depts.emplace_back(d.name);
            json::array items;
            for (const Item* it : c.ref->catalog.latestItems())
                if (it->window == w && it->status != ItemStatus::Cancelled)
                    items.push_back(
                        json::object{{"id", it->id},
                                     {"name", it->displayName()},
                                     {"department", it->department},
                                     {"status", std::string(itemStatusKey(it->status))}});
            windows.push_back(json::object{{"name", w},
                                           {"room", has(room, w)},
                                           {"general", w == kGeneralWindow},
                                           {"departments", std::move(depts)},
                                           {"items", std::move(items)}});
        }
        return jsonResponse(json::object{{"windows", std::move(windows)}});
    }
    if (route.starts_with("org/sites/") && get && route.find('/', 10) == std::string::npos) {
        if (!c.seesAll())
            return errorResponse(notAdmin());
        const std::string id = route.substr(10);
        const Site* s = org.site(id);
        if (!s)
            return errorResponse(Error{ErrorKind::NotFound, "not_found", "没有服务场所 " + id});
        auto use = siteUse(c, *s);
        if (!use)
            return errorResponse(use.error());
        return jsonResponse(json::object{{"siteId", s->id},
                                         {"active", s->active},
                                         {"openCases", use->openCases},
                                         {"activeUsers", use->activeUsers},
                                         {"activeDevices", use->activeDevices},
                                         {"activeRooms", use->activeRooms},
                                         {"blockers", toArray(use->blockers)}});
    }
    if (!post)
        return std::nullopt;

    // --- changes (admins) -----------------------------------------------------------------------
    const std::string action = auditAction(route);
    if (c.user().role != Role::Admin) {
        audit(r, c.user().id, action, route.substr(4), notAdmin().message, false);
        return errorResponse(notAdmin());
    }
    auto parsed = parseJsonDocument(r.body.empty() ? std::string("{}") : r.body, "request");
    if (!parsed || !parsed->is_object())
        return errorResponse(badInput("请求格式错误"));
    const json::object& b = parsed->get_object();

    auto base = m_store.referenceVersion();
    if (!base)
        return errorResponse(base.error());
    auto set = m_store.reference(*base);
    if (!set)
        return errorResponse(set.error());
    if (!*set)
        return errorResponse(Error{ErrorKind::NotFound, "no_reference", "尚未导入参考数据"});
    auto orgDoc = parseJsonDocument((*set)->org, "org");
    auto catalogDoc = parseJsonDocument((*set)->catalog, "catalog");
    if (!orgDoc || !orgDoc->is_object() || !catalogDoc || !catalogDoc->is_object())
        return errorResponse(
            Error{ErrorKind::Retryable, "internal", "stored reference data cannot be parsed"});
    json::object& doc = orgDoc->as_object();
    json::object& catalog = catalogDoc->as_object();
    bool catalogChanged = false;
    std::vector<SiteRecord> changedSites;

    // What the change did (the audit log's target and detail, and the answer's message).
    std::string target;
    std::string detail;
    json::object answer{{"ok", true}};

    auto refuse = [&](const Error& e) {
        audit(r, c.user().id, action, target, e.message, false);
        return errorResponse(e);
    };

    if (route == "org/sites") {
        // A room under a hall, or a hall under the center.
        const std::string parentId = jsonString(b, "parentId");
        const Site* parent = org.site(parentId);
        target = parentId;
        if (!parent)
            return refuse(
                Error{ErrorKind::NotFound, "unknown_parent",
                      "上级场所 " + parentId + " 不存在，请选择政务服务中心或便民服务大厅"});
        if (parent->kind == SiteKind::Room)
            return refuse(
                badInput("便民服务室下不能再设场所：村（社区）便民服务室设在便民服务大厅下"));
        if (!parent->active)
            return refuse(conflict("parent_closed", parent->name + "已停用，不能在其下新设场所"));
        const SiteKind kind = parent->kind == SiteKind::Center ? SiteKind::Hall : SiteKind::Room;
        auto unit = unitName(jsonString(b, "name"), kind);
        if (!unit)
            return refuse(unit.error());
        const auto& [name, unitKind] = *unit;
        const std::string prefix =
            kind == SiteKind::Hall ? org.cityCode().substr(0, 6) : parent->id.substr(0, 9);
        std::string code = trimmed(jsonString(b, "code"));
        if (code.empty()) {
            code = kind == SiteKind::Hall ? nextCode(org, prefix, 6, "000")
                                          : nextCode(org, prefix, 9, "");
            if (code.empty())
                return refuse(conflict("no_code", "编码已用完，请手工填写编码"));
        } else if (code.size() != 12 || !isDigits(code) || !code.starts_with(prefix) ||
                   (kind == SiteKind::Hall &&
                    (code.substr(9) != "000" || code.substr(6, 3) == "000")) ||
                   (kind == SiteKind::Room && code.substr(9) == "000")) {
            return refuse(badInput(kind == SiteKind::Hall
                                       ? "乡镇（街道）编码应为 12 位数字：前 6 位为本市 " + prefix +
                                             "，第 7–9 位为乡镇号（不为 000），后 3 位为 000"
                                       : "村（社区）编码应为 12 位数字：前 9 位为所属乡镇 " +
                                             prefix + "，后 3 位为村号（001–999）"));
        }
        target = code;
        if (const Site* taken = org.site(code))
            return refuse(
                conflict("duplicate_code", "编码 " + code + " 已被" + taken->name + "使用"));
        if (kind == SiteKind::Hall) {
            for (const auto& t : org.townships())
                if (t.name == name)
                    return refuse(conflict("duplicate_name", "已有" + name + "（" + t.code + "）"));
            json::object t{
                {"code", code}, {"name", name}, {"kind", unitKind}, {"villages", json::array()}};
            insertByCode(arrayAt(doc, "townships"), std::move(t));
        } else {
            json::object* t = townshipIn(doc, parent->id);
            if (!t)
                return refuse(Error{ErrorKind::Retryable, "internal", "township not in org file"});
            for (const auto& v : arrayAt(*t, "villages"))
                if (textAt(v, "name") == name)
                    return refuse(conflict("duplicate_name", textAt(*t, "name") + "已有" + name +
                                                                 "（" + textAt(v, "code") + "）"));
            insertByCode(arrayAt(*t, "villages"),
                         json::object{{"code", code}, {"name", name}, {"kind", unitKind}});
        }
        const std::string siteName =
            name + std::string(kind == SiteKind::Hall ? kHallSuffix : kRoomSuffix);
        changedSites.push_back({code, siteName, kind, parent->id});
        detail = siteName + "，属于" + parent->name;
        answer["site"] = json::object{{"id", code},
                                      {"name", siteName},
                                      {"kind", siteKindKey(kind)},
                                      {"parentId", parent->id}};
    } else if (route.starts_with("org/sites/") &&
               (route.ends_with("/rename") || route.ends_with("/active"))) {
        const auto slash = route.find('/', 10);
        if (slash == std::string::npos || route.find('/', slash + 1) != std::string::npos)
            return std::nullopt;
        const std::string id = route.substr(10, slash - 10);
        const std::string what = route.substr(slash + 1);
        target = id;
        const Site* s = org.site(id);
        if (!s)
            return refuse(Error{ErrorKind::NotFound, "not_found", "没有服务场所 " + id});
        if (what == "rename") {
            std::string siteName;
            if (s->kind == SiteKind::Center) {
                std::string name = trimmed(jsonString(b, "name"));
                if (auto st = checkName(name, kMaxSiteNameChars + 8, "中心名称"); !st)
                    return refuse(st.error());
                if (!doc.contains("city") || !doc.at("city").is_object())
                    return refuse(Error{ErrorKind::Retryable, "internal", "no city in org file"});
                doc["city"].as_object()["center"] = name;
                siteName = name;
            } else {
                auto unit = unitName(jsonString(b, "name"), s->kind);
                if (!unit)
                    return refuse(unit.error());
                const auto& [name, unitKind] = *unit;
                json::object* unitObj = nullptr;
                if (s->kind == SiteKind::Hall) {
                    for (const auto& t : org.townships())
                        if (t.name == name && t.code != id)
                            return refuse(
                                conflict("duplicate_name", "已有" + name + "（" + t.code + "）"));
                    unitObj = townshipIn(doc, id);
                } else {
                    auto [v, t] = villageIn(doc, id);
                    if (t)
                        for (const auto& other : arrayAt(*t, "villages"))
                            if (textAt(other, "name") == name && textAt(other, "code") != id)
                                return refuse(conflict("duplicate_name",
                                                       textAt(*t, "name") + "已有" + name + "（" +
                                                           textAt(other, "code") + "）"));
                    unitObj = v;
                }
                if (!unitObj)
                    return refuse(Error{ErrorKind::Retryable, "internal", "site not in org file"});
                (*unitObj)["name"] = name;
                (*unitObj)["kind"] = unitKind;
                siteName =
                    name + std::string(s->kind == SiteKind::Hall ? kHallSuffix : kRoomSuffix);
            }
            if (siteName == s->name)
                return refuse(conflict("no_change", "名称没有变化"));
            changedSites.push_back({s->id, siteName, s->kind, s->parentId});
            detail = s->name + " → " + siteName;
            answer["site"] = json::object{{"id", s->id}, {"name", siteName}};
        } else {
            const auto* a = b.if_contains("active");
            if (!a || !a->is_bool())
                return refuse(badInput("expected {\"active\": true|false}"));
            const bool active = a->get_bool();
            if (s->kind == SiteKind::Center)
                return refuse(badInput("政务服务中心不能停用"));
            if (active == s->active)
                return refuse(conflict("no_change", s->name + (active ? "已在使用" : "已经停用")));
            if (!active) {
                auto use = siteUse(c, *s);
                if (!use)
                    return refuse(use.error());
                if (!use->blockers.empty())
                    return refuse(conflict("site_in_use", s->name + "不能停用：" +
                                                              joined(use->blockers, "；") + "。"));
            } else if (s->kind == SiteKind::Room) {
                const Site* hall = org.site(s->parentId);
                if (hall && !hall->active)
                    return refuse(
                        conflict("parent_closed", "所属的" + hall->name + "已停用，请先启用大厅"));
            }
            json::object* unitObj =
                s->kind == SiteKind::Hall ? townshipIn(doc, id) : villageIn(doc, id).first;
            if (!unitObj)
                return refuse(Error{ErrorKind::Retryable, "internal", "site not in org file"});
            setActive(*unitObj, active);
            detail = std::string(active ? "启用 " : "停用 ") + s->name;
            answer["site"] = json::object{{"id", s->id}, {"active", active}};
        }
    } else if (route.starts_with("org/windows") || route.starts_with("org/departments/")) {
        if (!doc.contains("windowSets") || !doc.at("windowSets").is_object())
            return refuse(Error{ErrorKind::Retryable, "internal", "no window sets in org file"});
        json::object& sets = doc["windowSets"].as_object();
        std::vector<std::string> hall = stringsAt(sets, "hall");
        std::vector<std::string> room = stringsAt(sets, "room");
        const std::string general(kGeneralWindow);

        if (route == "org/windows") {
            auto name = windowName(b, "name");
            target = name ? *name : jsonString(b, "name");
            if (!name)
                return refuse(name.error());
            if (has(hall, *name))
                return refuse(conflict("duplicate_window", "已有" + *name + "窗口"));
            // New windows go before 综合, which stays last.
            const auto at = std::find(hall.begin(), hall.end(), general);
            hall.insert(at, *name);
            const auto* inRoom = b.if_contains("room");
            const bool alsoRoom = inRoom && inRoom->is_bool() && inRoom->get_bool();
            if (alsoRoom)
                room.insert(std::find(room.begin(), room.end(), general), *name);
            detail = alsoRoom ? "大厅和便民服务室" : "便民服务大厅";
        } else if (route == "org/windows/rename") {
            target = jsonString(b, "name");
            if (!has(hall, target))
                return refuse(Error{ErrorKind::NotFound, "not_found", "没有" + target + "窗口"});
            if (target == general)
                return refuse(badInput("综合窗口不能改名：没有专设窗口的部门的事项都由它受理"));
            auto newName = windowName(b, "newName");
            if (!newName)
                return refuse(newName.error());
            if (*newName == target)
                return refuse(conflict("no_change", "名称没有变化"));
            if (has(hall, *newName))
                return refuse(conflict("duplicate_window", "已有" + *newName + "窗口"));
            std::replace(hall.begin(), hall.end(), target, *newName);
            std::replace(room.begin(), room.end(), target, *newName);
            for (auto& d : arrayAt(doc, "departments"))
                if (d.is_object() && textAt(d, "window") == target)
                    d.as_object()["window"] = *newName;
            const int items = moveItems(catalog, target, *newName);
            catalogChanged = items > 0;
            detail = target + " → " + *newName;
            answer["items"] = items;
        } else if (route == "org/windows/remove") {
            target = jsonString(b, "name");
            if (!has(hall, target))
                return refuse(Error{ErrorKind::NotFound, "not_found", "没有" + target + "窗口"});
            if (target == general)
                return refuse(badInput("综合窗口不能删除：没有专设窗口的部门的事项都由它受理"));
            std::string moveTo = jsonString(b, "moveTo");
            if (moveTo.empty())
                moveTo = general;
            if (moveTo == target || !has(hall, moveTo))
                return refuse(badInput("请选择接收其事项的另一个窗口（" + moveTo + "不可用）"));
            hall.erase(std::remove(hall.begin(), hall.end(), target), hall.end());
            room.erase(std::remove(room.begin(), room.end(), target), room.end());
            std::vector<std::string> moved;
            for (auto& d : arrayAt(doc, "departments"))
                if (d.is_object() && textAt(d, "window") == target) {
                    d.as_object()["window"] = moveTo;
                    moved.push_back(textAt(d, "name"));
                }
            const int items = moveItems(catalog, target, moveTo);
            catalogChanged = items > 0;
            detail = "事项和部门" +
                     (moved.empty() ? std::string() : "（" + joined(moved, "、") + "）") + "改由" +
                     moveTo + "窗口受理";
            answer["items"] = items;
            answer["departments"] = toArray(moved);
        } else if (route == "org/windows/room") {
            target = jsonString(b, "name");
            const auto* inRoom = b.if_contains("room");
            if (!inRoom || !inRoom->is_bool())
                return refuse(badInput("expected {\"name\", \"room\": true|false}"));
            if (!has(hall, target))
                return refuse(Error{ErrorKind::NotFound, "not_found", "没有" + target + "窗口"});
            if (inRoom->get_bool() == has(room, target))
                return refuse(conflict("no_change", inRoom->get_bool()
                                                        ? "便民服务室已设" + target + "窗口"
                                                        : "便民服务室未设" + target + "窗口"));
            if (!inRoom->get_bool() && target == general)
                return refuse(badInput("便民服务室必须设综合窗口"));
            if (inRoom->get_bool()) {
                // The rooms' windows keep the halls' order.
                std::vector<std::string> next;
                for (const auto& w : hall)
                    if (has(room, w) || w == target)
                        next.push_back(w);
                room = std::move(next);
            } else {
                room.erase(std::remove(room.begin(), room.end(), target), room.end());
            }
            detail = inRoom->get_bool() ? "便民服务室设此窗口" : "便民服务室不设此窗口";
        } else if (route.starts_with("org/departments/") && route.ends_with("/window")) {
            const std::string code = route.substr(16, route.size() - 16 - 7);
            const Department* dept = org.department(code);
            target = code;
            if (!dept)
                return refuse(Error{ErrorKind::NotFound, "not_found", "没有部门 " + code});
            target = dept->name;
            const std::string window = jsonString(b, "window");
            if (!has(hall, window))
                return refuse(badInput("没有" + window + "窗口，请选择大厅已设的窗口"));
            if (window == dept->window)
                return refuse(
                    conflict("no_change", dept->name + "的事项已由" + window + "窗口受理"));
            for (auto& d : arrayAt(doc, "departments"))
                if (d.is_object() && textAt(d, "code") == dept->code)
                    d.as_object()["window"] = window;
            // Its items at its old window follow; an item given a window of its own stays.
            const int items = moveItems(catalog, dept->window, window, [&](const json::object& it) {
                const auto* d = it.if_contains("department");
                const Department* of =
                    d && d->is_string() ? org.department(std::string(d->get_string())) : nullptr;
                return of && of->code == dept->code;
            });
            catalogChanged = items > 0;
            detail = dept->window + " → " + window;
            answer["items"] = items;
        } else {
            return std::nullopt;
        }
        if (route.starts_with("org/windows")) {
            // A room window the halls do not have would take nothing.
            room.erase(std::remove_if(room.begin(), room.end(),
                                      [&](const std::string& w) { return !has(hall, w); }),
                       room.end());
        }
        sets["hall"] = toArray(hall);
        sets["room"] = toArray(room);
    } else {
        return std::nullopt;
    }

    // Checked exactly as every client will load it, then published.
    const std::string orgText = json::serialize(doc);
    auto nextOrg = Org::fromJson(orgText, "org");
    if (!nextOrg)
        return refuse(Error{ErrorKind::InvalidInput, "bad_org",
                            "组织机构不符合规则，未保存：" + nextOrg.error().message});
    const std::string catalogText = catalogChanged ? json::serialize(catalog) : (*set)->catalog;
    if (auto check = Catalog::fromJson(catalogText, "catalog", *nextOrg); !check)
        return refuse(Error{ErrorKind::InvalidInput, "bad_org",
                            "修改后事项目录不再有效，未保存：" + check.error().message});
    if (!changedSites.empty())
        if (auto st = m_store.putSites(changedSites); !st)
            return refuse(st.error());
    if (auto st =
            publishReference(c, catalogChanged ? &catalogText : nullptr, nullptr, &orgText, *base);
        !st)
        return refuse(st.error());
    auto version = m_store.referenceVersion();
    answer["referenceVersion"] = version ? *version : 0;
    audit(r, c.user().id, action, target,
          detail + "（参考数据第 " + std::to_string(version ? *version : 0) + " 版）", true);
    return jsonResponse(answer);
}

Result<ConsoleApi::SiteUse> ConsoleApi::siteUse(const Context& c, const Site& s) {
    SiteUse use;
    for (const auto& cs : m_index.snapshot())
        if (cs->isOpen() && (cs->originSiteId == s.id || cs->holder.siteId == s.id))
            ++use.openCases;
    auto users = m_store.usersOfSite(s.id);
    if (!users)
        return users.error();
    std::vector<std::string> userIds;
    for (const auto& u : *users)
        if (u.active) {
            ++use.activeUsers;
            if (userIds.size() < 3)
                userIds.push_back(u.id);
        }
    auto devices = m_store.devices();
    if (!devices)
        return devices.error();
    for (const auto& d : *devices)
        if (d.siteId == s.id && !d.revokedAt)
            ++use.activeDevices;
    if (s.kind == SiteKind::Hall)
        for (const auto& other : c.ref->org.sites())
            if (other.kind == SiteKind::Room && other.parentId == s.id && other.active)
                ++use.activeRooms;
    if (use.openCases)
        use.blockers.push_back("还有 " + std::to_string(use.openCases) + " 件未办结的办件");
    if (use.activeUsers)
        use.blockers.push_back("还有 " + std::to_string(use.activeUsers) + " 个启用的用户账号（" +
                               joined(userIds, "、") + (use.activeUsers > 3 ? " 等" : "") +
                               "），请先在“用户与设备”中停用");
    if (use.activeDevices)
        use.blockers.push_back("还有 " + std::to_string(use.activeDevices) +
                               " 台在用的设备，请先吊销");
    if (use.activeRooms)
        use.blockers.push_back("下属还有 " + std::to_string(use.activeRooms) +
                               " 个便民服务室在用，请先停用它们");
    return use;
}

} // namespace bianmin::syncd::console
