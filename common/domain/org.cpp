#include "common/domain/org.h"

#include "common/domain/json_read.h"

#include <algorithm>
#include <set>

namespace bianmin::domain {

namespace json = boost::json;

Level levelOf(SiteKind kind) {
    switch (kind) {
    case SiteKind::Center:
        return Level::City;
    case SiteKind::Hall:
        return Level::Township;
    case SiteKind::Room:
        return Level::Village;
    }
    return Level::Village;
}

std::string levelCode(Level level) {
    return std::to_string(static_cast<int>(level));
}

std::optional<Level> levelFromCode(std::string_view code) {
    if (code == "4")
        return Level::City;
    if (code == "5")
        return Level::Township;
    if (code == "6")
        return Level::Village;
    return std::nullopt;
}

namespace {
struct RoleInfo {
    Role role;
    std::string_view key;
    const char* name;
};
constexpr RoleInfo kRoles[] = {
    {Role::Clerk, "clerk", "窗口工作人员"},
    {Role::VillageAgent, "village_agent", "专职代办员"},
    {Role::HallDirector, "hall_director", "大厅主任"},
    {Role::DepartmentStaff, "department_staff", "部门工作人员"},
    {Role::Supervisor, "supervisor", "电子监察人员"},
    {Role::Admin, "admin", "系统管理员"},
    {Role::System, "system", "系统"},
};

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool isCode12(std::string_view s) {
    return s.size() == 12 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
} // namespace

std::string_view roleKey(Role r) {
    for (const auto& info : kRoles)
        if (info.role == r)
            return info.key;
    return {};
}

std::optional<Role> roleFromKey(std::string_view key) {
    for (const auto& info : kRoles)
        if (info.key == key)
            return info.role;
    return std::nullopt;
}

std::string roleName(Role r) {
    for (const auto& info : kRoles)
        if (info.role == r)
            return info.name;
    return {};
}

const std::vector<std::string>& Org::windows(SiteKind kind) const {
    switch (kind) {
    case SiteKind::Hall:
        return m_hallWindows;
    case SiteKind::Room:
        return m_roomWindows;
    case SiteKind::Center:
        return m_centerWindows;
    }
    return m_roomWindows;
}

const Site* Org::site(std::string_view id) const {
    const auto it = m_siteIndex.find(id);
    return it == m_siteIndex.end() ? nullptr : &m_sites[it->second];
}

const Department* Org::department(std::string_view nameOrCode) const {
    for (const auto& d : m_departments)
        if (d.name == nameOrCode || d.code == nameOrCode)
            return &d;
    return nullptr;
}

const Site* Org::hallOf(std::string_view siteId) const {
    const Site* s = site(siteId);
    if (!s || s->kind == SiteKind::Center)
        return nullptr;
    return s->kind == SiteKind::Hall ? s : site(s->parentId);
}

std::string Org::windowFor(std::string_view departmentName, SiteKind kind) const {
    const Department* d = department(departmentName);
    if (kind == SiteKind::Center)
        return d ? d->name : std::string(kGeneralWindow); // each department has its own window
    const auto& set = windows(kind);
    if (d && std::find(set.begin(), set.end(), d->window) != set.end())
        return d->window;
    return std::string(kGeneralWindow);
}

std::size_t Org::villageCount() const {
    std::size_t n = 0;
    for (const auto& t : m_townships)
        n += t.villages.size();
    return n;
}

Result<Org> Org::fromJson(std::string_view text, std::string_view fileName) {
    const std::string file(fileName);
    auto doc = parseJsonDocument(text, fileName);
    if (!doc)
        return doc.error();
    if (!doc->is_object())
        return invalidInput("bad_json", file + ": the top level must be an object");
    FieldReader top(doc->get_object(), file);
    Org org;
    if (top.str("format") != "bianmin-org/1" && !top.failed())
        top.fail("format", "expected \"bianmin-org/1\"");
    org.m_demo = top.boolean("demo");
    {
        FieldReader city = top.nested(top.object("city"), "city");
        org.m_cityCode = city.str("code");
        org.m_cityName = city.str("name");
        const std::string centerName = city.str("center");
        if (!top.failed() && !isCode12(org.m_cityCode))
            city.fail("code", "expected 12 digits");
        org.m_sites.push_back({org.m_cityCode, centerName, SiteKind::Center, {}, {}, true});
    }
    {
        FieldReader ws = top.nested(top.object("windowSets"), "windowSets");
        org.m_hallWindows = ws.strings("hall");
        org.m_roomWindows = ws.strings("room");
        if (!top.failed() && std::find(org.m_roomWindows.begin(), org.m_roomWindows.end(),
                                       kGeneralWindow) == org.m_roomWindows.end())
            ws.fail("room", "the room window set must include 综合");
        if (!top.failed() && std::find(org.m_hallWindows.begin(), org.m_hallWindows.end(),
                                       kGeneralWindow) == org.m_hallWindows.end())
            ws.fail("hall", "the hall window set must include 综合");
    }
    if (top.failed())
        return top.error();

    const auto& depts = top.array("departments");
    for (std::size_t i = 0; i < depts.size() && !top.failed(); ++i) {
        if (!depts[i].is_object()) {
            top.fail("departments[" + std::to_string(i) + "]", "expected an object");
            break;
        }
        FieldReader r(depts[i].get_object(), file + ": department #" + std::to_string(i + 1));
        Department d{r.str("code"), r.str("name"), r.str("window")};
        if (!r.failed() && org.department(d.code))
            r.fail("code", "duplicate department code " + d.code);
        if (!r.failed() && org.department(d.name))
            r.fail("name", "duplicate department name " + d.name);
        if (!r.failed() && std::find(org.m_hallWindows.begin(), org.m_hallWindows.end(),
                                     d.window) == org.m_hallWindows.end())
            r.fail("window", "'" + d.window + "' is not a hall window");
        if (r.failed())
            return r.error();
        org.m_departments.push_back(std::move(d));
        org.m_centerWindows.push_back(org.m_departments.back().name);
    }
    if (top.failed())
        return top.error();

    std::set<std::string> codes{org.m_cityCode};
    const std::string cityPrefix = org.m_cityCode.substr(0, 6);
    const auto& towns = top.array("townships");
    for (std::size_t i = 0; i < towns.size(); ++i) {
        if (!towns[i].is_object())
            return invalidInput("bad_field", file + ": township #" + std::to_string(i + 1) +
                                                 ": expected an object");
        FieldReader r(towns[i].get_object(), file + ": township #" + std::to_string(i + 1));
        Township t{r.str("code"), r.str("name"), r.str("kind"), {}, true};
        if (!r.failed() &&
            (!isCode12(t.code) || t.code.substr(0, 6) != cityPrefix || t.code.substr(9) != "000"))
            r.fail("code",
                   "'" + t.code + "' must be 12 digits under " + cityPrefix + " ending in 000");
        if (!r.failed() && t.kind != "镇" && t.kind != "乡" && t.kind != "街道")
            r.fail("kind", "'" + t.kind + "' must be 镇, 乡 or 街道");
        if (!r.failed() && !endsWith(t.name, t.kind))
            r.fail("name", "'" + t.name + "' must end with its kind " + t.kind);
        if (!r.failed() && !codes.insert(t.code).second)
            r.fail("code", "duplicate code " + t.code);
        const auto& villages = r.array("villages", true); // a new hall has no rooms yet
        if (r.has("active"))
            t.active = r.boolean("active");
        if (r.failed())
            return r.error();
        std::set<std::string> namesHere;
        for (std::size_t j = 0; j < villages.size(); ++j) {
            const std::string where = file + ": township #" + std::to_string(i + 1) + " village #" +
                                      std::to_string(j + 1);
            if (!villages[j].is_object())
                return invalidInput("bad_field", where + ": expected an object");
            FieldReader v(villages[j].get_object(), where);
            Village vil{v.str("code"), v.str("name"), v.str("kind"), true};
            if (!v.failed() &&
                (!isCode12(vil.code) || vil.code.substr(0, 9) != t.code.substr(0, 9) ||
                 vil.code.substr(9) == "000"))
                v.fail("code", "'" + vil.code + "' must be 12 digits under township " + t.code);
            if (!v.failed() && vil.kind != "村" && vil.kind != "社区")
                v.fail("kind", "'" + vil.kind + "' must be 村 or 社区");
            if (!v.failed() && !endsWith(vil.name, vil.kind))
                v.fail("name", "'" + vil.name + "' must end with its kind " + vil.kind);
            if (!v.failed() && !codes.insert(vil.code).second)
                v.fail("code", "duplicate code " + vil.code);
            if (!v.failed() && !namesHere.insert(vil.name).second)
                v.fail("name", "duplicate name " + vil.name + " in " + t.name);
            if (v.has("active"))
                vil.active = v.boolean("active");
            if (!v.failed() && vil.active && !t.active)
                v.fail("active", "an open room under the closed township " + t.name);
            if (v.failed())
                return v.error();
            t.villages.push_back(std::move(vil));
        }
        org.m_townships.push_back(std::move(t));
    }
    if (top.failed())
        return top.error();
    if (org.m_townships.empty())
        return invalidInput("bad_field", file + ": field 'townships' must not be empty");

    for (const auto& t : org.m_townships) {
        org.m_sites.push_back(
            {t.code, t.name + "便民服务大厅", SiteKind::Hall, t.code, org.m_cityCode, t.active});
        for (const auto& v : t.villages)
            org.m_sites.push_back(
                {v.code, v.name + "便民服务室", SiteKind::Room, t.code, t.code, v.active});
    }
    for (std::size_t i = 0; i < org.m_sites.size(); ++i)
        org.m_siteIndex.emplace(org.m_sites[i].id, i);
    return org;
}

} // namespace bianmin::domain
