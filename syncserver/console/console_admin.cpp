// The console's administration and 督办 routes (docs/console.md): catalog management (drafts,
// publishing, suspending and cancelling items as new versions), users, devices and enrollment
// codes, the holiday calendar, and supervision notices with their replies. Changes to the
// catalog or the calendar are published as a new reference version, which every client fetches
// on its next sync (hello carries the version).
#include "common/domain/json_read.h"
#include "syncserver/admin/admin_cli.h"
#include "syncserver/admin/case_commands.h"
#include "syncserver/console/console_api.h"
#include "syncserver/console/console_common.h"

#include <algorithm>
#include <boost/json.hpp>
#include <sstream>

namespace bianmin::syncd::console {

using namespace bianmin::domain;
namespace json = boost::json;

namespace {

Error notAdmin() {
    return {ErrorKind::NotPermitted, "forbidden", "只有管理员可以修改事项目录、用户、设备和日历"};
}

// Nobody works at a closed site (停用): no new users or devices there.
std::optional<Error> closedSite(const Org& org, const std::string& siteId) {
    const Site* s = org.site(siteId);
    if (!s || s->active)
        return std::nullopt;
    return Error{ErrorKind::Conflict, "site_closed", s->name + "已停用，请先在“组织机构”中启用"};
}

// The catalog document's items, as objects.
Result<json::object> catalogDocument(const std::string& text) {
    auto doc = parseJsonDocument(text, "catalog");
    if (!doc)
        return doc.error();
    if (!doc->is_object() || !doc->get_object().contains("items") ||
        !doc->get_object().at("items").is_array())
        return Error{ErrorKind::Retryable, "internal", "stored catalog has no item list"};
    return std::move(doc->get_object());
}

// The newest version of the item in the document, or null.
const json::object* latestOf(const json::object& doc, std::string_view id) {
    const json::object* best = nullptr;
    for (const auto& v : doc.at("items").get_array()) {
        if (!v.is_object())
            continue;
        const auto& o = v.get_object();
        const auto* vid = o.if_contains("id");
        if (!vid || !vid->is_string() || vid->get_string() != id)
            continue;
        if (!best || o.at("version").to_number<std::int64_t>() >
                         best->at("version").to_number<std::int64_t>())
            best = &o;
    }
    return best;
}

// The document with `item` appended as the item's next version (effective from `from` unless it
// says otherwise), validated as a whole against the organisation.
Result<std::string> withNewVersion(json::object doc, json::object item, const std::string& id,
                                   const Org& org, Date from) {
    const json::object* latest = latestOf(doc, id);
    item["id"] = id;
    item["version"] = latest ? latest->at("version").to_number<std::int64_t>() + 1 : 1;
    if (!item.contains("status"))
        item["status"] = "active";
    if (!item.contains("effectiveFrom") || !item.at("effectiveFrom").is_string() ||
        item.at("effectiveFrom").get_string().empty()) {
        // Not before the version it replaces.
        if (latest)
            if (const auto* ef = latest->if_contains("effectiveFrom"); ef && ef->is_string())
                if (const auto d = Date::parse(ef->get_string()); d && from < *d)
                    from = *d;
        item["effectiveFrom"] = from.iso();
    }
    doc["items"].as_array().push_back(std::move(item));
    std::string text = json::serialize(doc);
    auto check = Catalog::fromJson(text, "catalog", org);
    if (!check)
        return Error{ErrorKind::InvalidInput, "bad_item",
                     "事项内容不符合目录规则，未保存：" + check.error().message};
    return text;
}

std::string tsvWithout(const std::string& tsv, const std::string& date) {
    std::istringstream in(tsv);
    std::string out;
    std::string line;
    while (std::getline(in, line))
        if (!line.starts_with(date + "\t"))
            out += line + "\n";
    return out;
}

json::object noticeJson(const SupervisionNoticeRecord& n, const CaseSummary* c, const Org& org,
                        Instant now) {
    const bool dept = n.unit.starts_with("dept:");
    const std::string unitName = dept ? n.unit.substr(5) : siteNameOf(org, n.unit);
    return {{"id", n.id},
            {"caseId", n.caseId},
            {"number", c ? c->number : std::string()},
            {"itemName", c ? c->itemName : std::string()},
            {"unit", n.unit},
            {"unitName", unitName},
            {"reason", n.reason},
            {"issuedBy", n.issuedBy},
            {"issuedAt", n.issuedAt},
            {"replyDue", n.replyDue},
            {"reply", n.reply},
            {"repliedBy", n.repliedBy},
            {"repliedAt", n.repliedAt ? json::value(*n.repliedAt) : json::value(nullptr)},
            {"overdue", !n.repliedAt && now > n.replyDue}};
}

} // namespace

Status ConsoleApi::publishReference(const Context& c, const std::string* catalog,
                                    const std::string* calendar, const std::string* org,
                                    std::int64_t base) {
    auto version = m_store.referenceVersion();
    if (!version)
        return version.error();
    if (base != 0 && *version != base)
        return Error{ErrorKind::Conflict, "stale_reference",
                     "参考数据刚被其他管理员修改，请刷新页面后重试"};
    auto set = m_store.reference(*version);
    if (!set)
        return set.error();
    if (!*set)
        return Error{ErrorKind::NotFound, "no_reference", "尚未导入参考数据"};
    ReferenceSet next = **set;
    next.version = *version + 1;
    if (catalog)
        next.catalog = *catalog;
    if (calendar)
        next.calendar = *calendar;
    if (org)
        next.org = *org;
    (void)c;
    return m_store.putReference(next);
}

std::optional<HttpResponse> ConsoleApi::adminRoute(const Context& c, const HttpRequest& r,
                                                   const std::string& route) {
    const bool get = r.method == "GET";
    const bool post = r.method == "POST";
    const bool isAdmin = c.user().role == Role::Admin;
    const Date today = Date::localDateOf(c.now);
    auto body = [&]() -> Result<json::object> {
        auto doc = parseJsonDocument(r.body.empty() ? std::string("{}") : r.body, "request");
        if (!doc || !doc->is_object())
            return badInput("请求格式错误");
        return std::move(doc->get_object());
    };

    // --- catalog ------------------------------------------------------------------------------
    if (route == "catalog" && get) {
        if (!c.seesAll())
            return errorResponse(notAdmin());
        auto drafts = m_store.catalogDrafts();
        if (!drafts)
            return errorResponse(drafts.error());
        std::map<std::string, const CatalogDraftRecord*> draftOf;
        for (const auto& d : *drafts)
            draftOf[d.itemId] = &d;
        json::array items;
        std::set<std::string> seen;
        for (const Item* it : c.ref->catalog.latestItems()) {
            seen.insert(it->id);
            const auto d = draftOf.find(it->id);
            items.push_back(
                json::object{{"id", it->id},
                             {"version", it->version},
                             {"name", it->displayName()},
                             {"department", it->department},
                             {"status", std::string(itemStatusKey(it->status))},
                             {"effectiveFrom", it->effectiveFrom.iso()},
                             {"promisedLimitDays", it->promisedLimitDays},
                             {"legalLimitDays", it->legalLimitDays},
                             {"draftBy", d == draftOf.end() ? json::value(nullptr)
                                                            : json::value(d->second->userId)},
                             {"draftAt", d == draftOf.end() ? json::value(nullptr)
                                                            : json::value(d->second->updatedAt)}});
        }
        // Drafts of new items.
        for (const auto& d : *drafts)
            if (!seen.contains(d.itemId)) {
                auto doc = parseJsonDocument(d.body, "draft");
                const json::object empty;
                const json::object& o = doc && doc->is_object() ? doc->get_object() : empty;
                auto text = [&](const char* k) {
                    const auto* v = o.if_contains(k);
                    return v && v->is_string() ? std::string(v->get_string()) : std::string();
                };
                auto number = [&](const char* k) -> json::value {
                    const auto* v = o.if_contains(k);
                    return v && v->is_int64() ? *v : json::value(nullptr);
                };
                const std::string name = text("name").empty() ? d.itemId : text("name");
                items.push_back(json::object{{"id", d.itemId},
                                             {"version", 0},
                                             {"name", name},
                                             {"department", text("department")},
                                             {"status", "draft"},
                                             {"effectiveFrom", nullptr},
                                             {"promisedLimitDays", number("promisedLimitDays")},
                                             {"legalLimitDays", number("legalLimitDays")},
                                             {"draftBy", d.userId},
                                             {"draftAt", d.updatedAt}});
            }
        auto version = m_store.referenceVersion();
        return jsonResponse(json::object{{"referenceVersion", version ? *version : 0},
                                         {"items", std::move(items)}});
    }
    if (route.starts_with("catalog/items/")) {
        if (!c.seesAll())
            return errorResponse(notAdmin());
        std::string rest = route.substr(14);
        const auto slash = rest.find('/');
        const std::string id = parseQuery("?x=" + rest.substr(0, slash))["x"];
        const std::string action = slash == std::string::npos ? "" : rest.substr(slash + 1);
        auto set = m_store.reference(*m_store.referenceVersion());
        if (!set || !*set)
            return errorResponse(Error{ErrorKind::NotFound, "no_reference", "尚未导入参考数据"});
        auto doc = catalogDocument((*set)->catalog);
        if (!doc)
            return errorResponse(doc.error());
        auto drafts = m_store.catalogDrafts();
        if (!drafts)
            return errorResponse(drafts.error());
        const auto draft = std::find_if(drafts->begin(), drafts->end(),
                                        [&](const auto& d) { return d.itemId == id; });
        const json::object* latest = latestOf(*doc, id);
        if (action.empty() && get) {
            if (!latest && draft == drafts->end())
                return errorResponse(Error{ErrorKind::NotFound, "not_found", "没有事项 " + id});
            json::array versions;
            for (const auto& v : doc->at("items").get_array())
                if (v.is_object() && v.get_object().contains("id") &&
                    v.get_object().at("id") == json::value(id))
                    versions.push_back(
                        json::object{{"version", v.get_object().at("version")},
                                     {"status", v.get_object().at("status")},
                                     {"effectiveFrom", v.get_object().at("effectiveFrom")}});
            json::value draftValue = nullptr;
            if (draft != drafts->end())
                if (auto d = parseJsonDocument(draft->body, "draft"))
                    draftValue = std::move(*d);
            return jsonResponse(json::object{
                {"id", id},
                {"published", latest ? json::value(*latest) : json::value(nullptr)},
                {"versions", std::move(versions)},
                {"draft", std::move(draftValue)},
                {"draftBy", draft != drafts->end() ? json::value(draft->userId) : nullptr}});
        }
        if (!post)
            return std::nullopt;
        if (!isAdmin)
            return errorResponse(notAdmin());
        auto b = body();
        if (!b)
            return errorResponse(b.error());
        if (action == "draft") {
            const auto* item = b->if_contains("item");
            if (!item || !item->is_object())
                return errorResponse(badInput("请提交事项内容（item）"));
            if (id.empty() || id.size() > 32 || id.find_first_of(" /?#%") != std::string::npos)
                return errorResponse(badInput("事项编码不合法：" + id));
            // Checked as the next version now, so that a draft that cannot be published is
            // refused with the reason while the admin is still editing.
            auto trial = withNewVersion(*doc, item->get_object(), id, c.ref->org, today);
            if (!trial) {
                audit(r, c.user().id, "catalog_draft", id, trial.error().message, false);
                return errorResponse(trial.error());
            }
            json::object saved = item->get_object();
            saved["id"] = id;
            if (auto st = m_store.putCatalogDraft({id, json::serialize(saved), c.user().id, c.now});
                !st)
                return errorResponse(st.error());
            audit(r, c.user().id, "catalog_draft", id, "", true);
            return jsonResponse(json::object{{"ok", true}, {"id", id}});
        }
        if (action == "discard") {
            if (auto st = m_store.deleteCatalogDraft(id); !st)
                return errorResponse(st.error());
            audit(r, c.user().id, "catalog_discard", id, "", true);
            return jsonResponse(json::object{{"ok", true}});
        }
        if (action == "publish" || action == "status") {
            json::object item;
            if (action == "publish") {
                if (draft == drafts->end())
                    return errorResponse(badInput("事项 " + id + " 没有待发布的草稿"));
                auto d = parseJsonDocument(draft->body, "draft");
                if (!d || !d->is_object())
                    return errorResponse(badInput("草稿不是有效的事项"));
                item = std::move(d->get_object());
                item.erase("version");
                item.erase("effectiveFrom");
            } else {
                if (!latest)
                    return errorResponse(Error{ErrorKind::NotFound, "not_found", "没有事项 " + id});
                const std::string status = jsonString(*b, "status");
                if (status != "active" && status != "suspended" && status != "cancelled")
                    return errorResponse(badInput("状态应为 active（在用）、suspended（暂停）或 "
                                                  "cancelled（取消）"));
                item = *latest;
                item["status"] = status;
                item.erase("version");
                item.erase("effectiveFrom");
            }
            const std::string fromText = jsonString(*b, "effectiveFrom");
            const std::optional<Date> from =
                fromText.empty() ? std::optional<Date>(today) : Date::parse(fromText);
            if (!from)
                return errorResponse(badInput("生效日期应为 YYYY-MM-DD"));
            auto text = withNewVersion(*doc, std::move(item), id, c.ref->org, *from);
            if (!text) {
                audit(r, c.user().id, "catalog_" + action, id, text.error().message, false);
                return errorResponse(text.error());
            }
            if (auto st = publishReference(c, &*text, nullptr); !st)
                return errorResponse(st.error());
            if (action == "publish")
                if (auto st = m_store.deleteCatalogDraft(id); !st)
                    return errorResponse(st.error());
            const auto newDoc = catalogDocument(*text);
            const json::object* now = newDoc ? latestOf(*newDoc, id) : nullptr;
            if (!now)
                return errorResponse(
                    Error{ErrorKind::Retryable, "internal", "published item lost"});
            audit(r, c.user().id, "catalog_" + action, id,
                  "version " + std::to_string(now->at("version").to_number<std::int64_t>()) +
                      (action == "status" ? " " + jsonString(*b, "status") : std::string()),
                  true);
            return jsonResponse(json::object{{"ok", true},
                                             {"version", now->at("version")},
                                             {"effectiveFrom", now->at("effectiveFrom")},
                                             {"referenceVersion", *m_store.referenceVersion()}});
        }
        return std::nullopt;
    }

    // --- organisation, users, devices -----------------------------------------------------------
    // GET org: console_org.cpp.
    if (route == "users" && get) {
        if (!c.seesAll())
            return errorResponse(notAdmin());
        const auto q = parseQuery(r.target);
        const auto site = q.find("site");
        auto users = m_store.usersOfSite(site == q.end() ? c.ref->org.center().id : site->second);
        if (!users)
            return errorResponse(users.error());
        json::array out;
        for (const auto& u : *users) {
            json::object o = userJson(u);
            o["active"] = u.active;
            o["locked"] = u.lockedUntil > c.now;
            out.push_back(std::move(o));
        }
        return jsonResponse(json::object{{"users", std::move(out)}});
    }
    if (route == "users" && post) {
        if (!isAdmin)
            return errorResponse(notAdmin());
        auto b = body();
        if (!b)
            return errorResponse(b.error());
        const auto role = roleFromKey(jsonString(*b, "role"));
        if (!role || *role == Role::System)
            return errorResponse(badInput("请选择角色"));
        const auto* grade = b->if_contains("grade");
        const int g = grade && grade->is_int64() ? static_cast<int>(grade->get_int64()) : 0;
        if (g < 0 || g > 3)
            return errorResponse(badInput("级别应为 1 承办、2 审核或 3 批准"));
        const admin::NewUser u{
            jsonString(*b, "userId"), jsonString(*b, "name"),       *role,
            jsonString(*b, "siteId"), jsonString(*b, "department"), static_cast<Grade>(g)};
        if (const auto closed = closedSite(c.ref->org, u.siteId)) {
            audit(r, c.user().id, "user_create", u.id, closed->message, false);
            return errorResponse(*closed);
        }
        if (auto st = admin::createUser(m_store, u, jsonString(*b, "password"),
                                        store::crypto::KdfParams::interactive());
            !st) {
            audit(r, c.user().id, "user_create", u.id, st.error().message, false);
            return errorResponse(st.error());
        }
        audit(r, c.user().id, "user_create", u.id, std::string(roleKey(u.role)) + " " + u.siteId,
              true);
        return jsonResponse(json::object{{"ok", true}});
    }
    if (route.starts_with("users/") && post) {
        if (!isAdmin)
            return errorResponse(notAdmin());
        const std::string rest = route.substr(6);
        const auto slash = rest.find('/');
        if (slash == std::string::npos)
            return std::nullopt;
        const std::string id = rest.substr(0, slash);
        const std::string action = rest.substr(slash + 1);
        auto b = body();
        if (!b)
            return errorResponse(b.error());
        Status st = ok();
        if (action == "active") {
            const auto* a = b->if_contains("active");
            if (!a || !a->is_bool())
                return errorResponse(badInput("expected {\"active\": true|false}"));
            if (id == c.user().id && !a->get_bool())
                return errorResponse(badInput("不能停用自己的账号"));
            if (a->get_bool()) {
                auto user = m_store.user(id);
                if (!user)
                    return errorResponse(user.error());
                if (*user)
                    if (const auto closed = closedSite(c.ref->org, (*user)->siteId)) {
                        audit(r, c.user().id, "user_active", id, closed->message, false);
                        return errorResponse(*closed);
                    }
            }
            st = m_store.setUserActive(id, a->get_bool());
        } else if (action == "password") {
            st = admin::setPassword(m_store, id, jsonString(*b, "password"),
                                    store::crypto::KdfParams::interactive());
        } else {
            return std::nullopt;
        }
        std::string detail = st ? std::string() : st.error().message;
        if (st && action == "active")
            detail = b->at("active").as_bool() ? "启用" : "停用";
        audit(r, c.user().id, "user_" + action, id, detail, st.ok());
        if (!st)
            return errorResponse(st.error());
        return jsonResponse(json::object{{"ok", true}});
    }
    if (route == "devices" && get) {
        if (!c.seesAll())
            return errorResponse(notAdmin());
        auto devices = m_store.devices();
        if (!devices)
            return errorResponse(devices.error());
        const auto q = parseQuery(r.target);
        const auto site = q.find("site");
        json::array out;
        for (const auto& d : *devices)
            if (site == q.end() || d.siteId == site->second)
                out.push_back(json::object{
                    {"deviceId", d.id},
                    {"name", d.name},
                    {"siteId", d.siteId},
                    {"siteName", siteNameOf(c.ref->org, d.siteId)},
                    {"department", d.department},
                    {"enrolledAt", d.enrolledAt},
                    {"revokedAt", d.revokedAt ? json::value(*d.revokedAt) : json::value(nullptr)},
                    {"lastSeen", d.lastSeen ? json::value(d.lastSeen) : json::value(nullptr)},
                    {"clientVersion", d.clientVersion}});
        return jsonResponse(json::object{{"devices", std::move(out)}});
    }
    if (route.starts_with("devices/") && route.ends_with("/revoke") && post) {
        if (!isAdmin)
            return errorResponse(notAdmin());
        const std::string id = route.substr(8, route.size() - 8 - 7);
        auto done = m_store.revokeDevice(id, c.now);
        if (!done)
            return errorResponse(done.error());
        audit(r, c.user().id, "device_revoke", id, *done ? "" : "unknown device", *done);
        if (!*done)
            return errorResponse(Error{ErrorKind::NotFound, "not_found", "没有设备 " + id});
        return jsonResponse(json::object{{"ok", true}});
    }
    if (route == "enrollment-codes" && post) {
        if (!isAdmin)
            return errorResponse(notAdmin());
        auto b = body();
        if (!b)
            return errorResponse(b.error());
        const auto* daysValue = b->if_contains("days");
        const std::int64_t days = daysValue && daysValue->is_int64() ? daysValue->get_int64() : 7;
        if (days < 1 || days > 30)
            return errorResponse(badInput("有效期应为 1–30 天"));
        const std::string site = jsonString(*b, "siteId");
        std::string dept = jsonString(*b, "department");
        if (const auto closed = closedSite(c.ref->org, site)) {
            audit(r, c.user().id, "enrollment_code", site, closed->message, false);
            return errorResponse(*closed);
        }
        if (!dept.empty()) {
            const Department* d = c.ref->org.department(dept);
            if (!d)
                return errorResponse(badInput("没有部门 " + dept));
            dept = d->name;
        }
        auto code = issueEnrollmentCode(m_store, site, dept, c.now, days * 86'400'000);
        audit(r, c.user().id, "enrollment_code", site + (dept.empty() ? "" : " " + dept),
              code ? "" : code.error().message, code.ok());
        if (!code)
            return errorResponse(code.error());
        return jsonResponse(json::object{
            {"code", *code}, {"siteId", site}, {"expiresAt", c.now + days * 86'400'000}});
    }

    // --- calendar -----------------------------------------------------------------------------
    if (route == "calendar" && get) {
        auto set = m_store.reference(*m_store.referenceVersion());
        if (!set || !*set)
            return errorResponse(Error{ErrorKind::NotFound, "no_reference", "尚未导入参考数据"});
        json::array days;
        std::istringstream in((*set)->calendar);
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line.starts_with("#") || line.starts_with("date\t"))
                continue;
            const auto t1 = line.find('\t');
            const auto t2 = line.find('\t', t1 + 1);
            if (t1 == std::string::npos || t2 == std::string::npos)
                continue;
            days.push_back(json::object{{"date", line.substr(0, t1)},
                                        {"kind", line.substr(t1 + 1, t2 - t1 - 1)},
                                        {"name", line.substr(t2 + 1)}});
        }
        return jsonResponse(json::object{{"firstYear", c.ref->calendar.firstYear()},
                                         {"lastYear", c.ref->calendar.lastYear()},
                                         {"days", std::move(days)}});
    }
    if ((route == "calendar/days" || route == "calendar/days/delete") && post) {
        if (!isAdmin)
            return errorResponse(notAdmin());
        auto b = body();
        if (!b)
            return errorResponse(b.error());
        const std::string dateText = jsonString(*b, "date");
        const auto date = Date::parse(dateText);
        if (!date)
            return errorResponse(badInput("日期应为 YYYY-MM-DD"));
        auto set = m_store.reference(*m_store.referenceVersion());
        if (!set || !*set)
            return errorResponse(Error{ErrorKind::NotFound, "no_reference", "尚未导入参考数据"});
        std::string tsv = tsvWithout((*set)->calendar, date->iso());
        const bool remove = route.ends_with("/delete");
        if (remove &&
            tsv.size() == (*set)->calendar.size() + ((*set)->calendar.ends_with("\n") ? 0 : 1))
            return errorResponse(
                Error{ErrorKind::NotFound, "not_found", date->iso() + " 不是节假日或调休日"});
        if (!remove) {
            const std::string kind = jsonString(*b, "kind");
            const std::string name = jsonString(*b, "name");
            if (kind != "holiday" && kind != "workday")
                return errorResponse(badInput("类型应为 holiday（放假）或 workday（调休上班）"));
            if (name.empty() || name.find_first_of("\t\n") != std::string::npos)
                return errorResponse(badInput("请填写名称（如 春节）"));
            tsv += date->iso() + "\t" + kind + "\t" + name + "\n";
        }
        auto check = WorkCalendar::fromTsv(tsv, "calendar");
        if (!check) {
            audit(r, c.user().id, "calendar", date->iso(), check.error().message, false);
            return errorResponse(
                Error{ErrorKind::InvalidInput, "bad_calendar", check.error().message});
        }
        if (auto st = publishReference(c, nullptr, &tsv); !st)
            return errorResponse(st.error());
        audit(r, c.user().id, remove ? "calendar_delete" : "calendar", date->iso(),
              remove ? "" : jsonString(*b, "kind") + " " + jsonString(*b, "name"), true);
        return jsonResponse(
            json::object{{"ok", true}, {"referenceVersion", *m_store.referenceVersion()}});
    }

    // --- 督办 -----------------------------------------------------------------------------------
    if (route == "supervision/notices" && get) {
        auto notices = m_store.supervisionNotices();
        if (!notices)
            return errorResponse(notices.error());
        std::map<std::string, CaseSummaryPtr> byId;
        for (const auto& s : m_index.snapshot())
            byId[s->caseId] = s;
        const std::string reader = readerFor(c.user());
        json::array out;
        for (const auto& n : *notices) {
            if (!reader.empty() && n.unit != reader)
                continue;
            const auto it = byId.find(n.caseId);
            out.push_back(
                noticeJson(n, it == byId.end() ? nullptr : it->second.get(), c.ref->org, c.now));
        }
        return jsonResponse(json::object{{"now", c.now}, {"notices", std::move(out)}});
    }
    if (route == "supervision/notices" && post) {
        auto refused = [&](const Error& e, const std::string& target) {
            audit(r, c.user().id, "supervision_notice", target, e.message, false);
            return errorResponse(e);
        };
        if (c.user().role != Role::Supervisor)
            return refused(Error{ErrorKind::NotPermitted, "forbidden", "只有监察人员可以发出督办"},
                           "");
        auto b = body();
        if (!b)
            return refused(b.error(), "");
        const std::string target = jsonString(*b, "caseId");
        auto found = admin::findCase(m_store, target, c.fold());
        if (!found)
            return refused(found.error().kind == ErrorKind::NotFound
                               ? Error{ErrorKind::NotFound, "unknown_case", "没有这个办件"}
                               : found.error(),
                           target);
        const std::string reason = jsonString(*b, "reason");
        if (reason.empty())
            return refused(badInput("请写明督办事由"), found->caseId);
        const auto* daysValue = b->if_contains("replyDays");
        const std::int64_t days = daysValue && daysValue->is_int64() ? daysValue->get_int64() : 3;
        if (days < 1 || days > 30)
            return refused(badInput("答复期限应为 1–30 个工作日"), found->caseId);
        const Date due = c.ref->calendar.addWorkingDays(today, static_cast<int>(days));
        SupervisionNoticeRecord n;
        n.caseId = found->caseId;
        n.unit = readerOf(found->view.holder);
        n.reason = reason;
        n.issuedBy = c.user().id;
        n.issuedAt = c.now;
        // The end of the due date, local time (UTC+8).
        n.replyDue = (Instant{due.days()} + 1) * 86'400'000 - Instant{8} * 3'600'000 - 1;
        auto id = m_store.addSupervisionNotice(n);
        if (!id)
            return errorResponse(id.error());
        audit(r, c.user().id, "supervision_notice", found->caseId, n.unit + " " + reason, true);
        return jsonResponse(json::object{{"ok", true}, {"id", *id}, {"unit", n.unit}});
    }
    if (route.starts_with("supervision/notices/") && route.ends_with("/reply") && post) {
        const std::string idText = route.substr(20, route.size() - 20 - 6);
        char* end = nullptr;
        const std::int64_t id = std::strtoll(idText.c_str(), &end, 10);
        auto notices = m_store.supervisionNotices();
        if (!notices)
            return errorResponse(notices.error());
        const auto it = std::find_if(notices->begin(), notices->end(),
                                     [&](const auto& n) { return n.id == id; });
        const std::string reader = readerFor(c.user());
        auto refused = [&](const Error& e) {
            audit(r, c.user().id, "supervision_reply", "notice " + idText, e.message, false);
            return errorResponse(e);
        };
        if (end == idText.c_str() || it == notices->end() ||
            (c.user().role == Role::DepartmentStaff && it->unit != reader))
            return refused(Error{ErrorKind::NotFound, "not_found", "没有这份督办通知"});
        if (c.user().role != Role::DepartmentStaff)
            return refused(
                Error{ErrorKind::NotPermitted, "forbidden", "督办由被督办部门的工作人员答复"});
        auto b = body();
        if (!b)
            return refused(b.error());
        const std::string reply = jsonString(*b, "reply");
        if (reply.empty())
            return refused(badInput("请填写答复内容"));
        auto done = m_store.replySupervisionNotice(id, reply, c.user().id, c.now);
        if (!done)
            return errorResponse(done.error());
        if (!*done)
            return refused(Error{ErrorKind::Conflict, "already_replied", "这份督办已经答复"});
        audit(r, c.user().id, "supervision_reply", it->caseId, reply, true);
        return jsonResponse(json::object{{"ok", true}});
    }
    if (route == "supervision/poor" && get) {
        json::array out;
        const std::string reader = readerFor(c.user());
        for (const auto& s : m_index.snapshot()) {
            if (!s->evaluation || !s->evaluation->poor() ||
                (!reader.empty() && !s->readableBy(reader)))
                continue;
            const Date due = c.ref->calendar.addWorkingDays(Date::localDateOf(s->evaluation->at),
                                                            kRectifyLimitDays);
            out.push_back(json::object{{"caseId", s->caseId},
                                       {"number", s->number},
                                       {"itemName", s->itemName},
                                       {"department", s->department},
                                       {"originSiteName", siteNameOf(c.ref->org, s->originSiteId)},
                                       {"level", s->evaluation->level},
                                       {"comment", s->evaluation->comment},
                                       {"ratedAt", s->evaluation->at},
                                       {"rectified", s->rectified},
                                       {"rectifyDue", due.iso()},
                                       {"overdue", !s->rectified && due < today}});
        }
        return jsonResponse(json::object{{"cases", std::move(out)}});
    }
    return std::nullopt;
}

} // namespace bianmin::syncd::console
