// The organisation: the demo city from resources/org/demo-city.json, the derived sites, windows and
// roles, and the loader's errors on inline bad inputs.
#include "common/domain/org.h"
#include "common/refdata/reference_files.h"

#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <functional>
#include <set>
#include <string>
#include <string_view>

using namespace bianmin::domain;
using Catch::Matchers::Contains;
namespace json = boost::json;

namespace {

const Org& demoOrg() {
    static const Org org = [] {
        auto text = bianmin::refdata::readTextFile(std::string(BIANMIN_RESOURCES_DIR) +
                                                   "/org/demo-city.json");
        REQUIRE(text.ok());
        auto parsed = Org::fromJson(*text, "demo-city.json");
        if (!parsed)
            FAIL(parsed.error().message);
        return std::move(parsed).value();
    }();
    return org;
}

// A small valid organisation: two townships, five villages, four departments.
constexpr std::string_view kMiniOrg = R"({
  "format": "bianmin-org/1",
  "demo": true,
  "city": {"code": "421281000000", "name": "赤壁市", "center": "赤壁市政务服务中心"},
  "windowSets": {"hall": ["民政", "公安", "农牧林水", "综合"], "room": ["民政", "综合"]},
  "departments": [
    {"code": "MZJ", "name": "民政局", "window": "民政"},
    {"code": "GAJ", "name": "公安局", "window": "公安"},
    {"code": "CL", "name": "残联", "window": "综合"},
    {"code": "NYJ", "name": "农业局", "window": "农牧林水"}
  ],
  "townships": [
    {"code": "421281901000", "name": "蒲圻街道", "kind": "街道", "villages": [
      {"code": "421281901001", "name": "金鸡社区", "kind": "社区"},
      {"code": "421281901002", "name": "双港村", "kind": "村"}]},
    {"code": "421281909000", "name": "车埠镇", "kind": "镇", "villages": [
      {"code": "421281909001", "name": "车埠社区", "kind": "社区"},
      {"code": "421281909002", "name": "毛家村", "kind": "村"},
      {"code": "421281909003", "name": "新建村", "kind": "村"}]}
  ]
})";

// kMiniOrg with one change applied.
std::string miniOrgWith(const std::function<void(json::object&)>& edit) {
    json::value v = json::parse(kMiniOrg);
    edit(v.as_object());
    return json::serialize(v);
}

json::object& township(json::object& org, std::size_t i) {
    return org["townships"].as_array()[i].as_object();
}

json::object& village(json::object& org, std::size_t t, std::size_t v) {
    return township(org, t)["villages"].as_array()[v].as_object();
}

// Expects the org to be refused with a message naming the file, the record and the field.
void expectOrgError(const std::string& text, const std::string& record, const std::string& field) {
    const auto org = Org::fromJson(text, "bad-org.json");
    REQUIRE_FALSE(org.ok());
    const std::string& msg = org.error().message;
    INFO("message: " << msg);
    CHECK(org.error().kind == ErrorKind::InvalidInput);
    CHECK_THAT(msg, Contains("bad-org.json"));
    if (!record.empty())
        CHECK_THAT(msg, Contains(record));
    CHECK_THAT(msg, Contains("'" + field + "'"));
}

} // namespace

// --- the demo city -------------------------------------------------------------------------------

TEST_CASE("org: demo city has 14 townships, 20 departments and about 190 villages", "[org]") {
    const Org& org = demoOrg();
    CHECK(org.isDemo());
    CHECK(org.cityCode() == "421281000000");
    CHECK(org.cityName() == "赤壁市");
    CHECK(org.townships().size() == 14u);
    CHECK(org.departments().size() == 20u);
    CHECK(org.villageCount() >= 185u);
    CHECK(org.villageCount() <= 195u);
    CHECK(org.sites().size() == 1u + 14u + org.villageCount());
    CHECK(org.windows(SiteKind::Hall).size() == 12u);
    CHECK(org.windows(SiteKind::Room).size() == 6u);
    CHECK(org.windows(SiteKind::Center).size() == 20u);

    std::size_t villages = 0;
    for (const auto& t : org.townships())
        villages += t.villages.size();
    CHECK(villages == org.villageCount());

    std::set<std::string> ids;
    for (const auto& s : org.sites())
        ids.insert(s.id);
    CHECK(ids.size() == org.sites().size()); // site ids are unique
}

TEST_CASE("org: demo center is the first site and has no parent", "[org]") {
    const Org& org = demoOrg();
    const Site& c = org.center();
    CHECK(&c == &org.sites().front());
    CHECK(c.id == "421281000000");
    CHECK(c.name == "赤壁市政务服务中心");
    CHECK(c.kind == SiteKind::Center);
    CHECK(c.parentId.empty());
    CHECK(c.townshipCode.empty());
    CHECK(org.site("421281000000") == &c);
}

TEST_CASE("org: demo site names follow the hall and room rule", "[org]") {
    const Org& org = demoOrg();
    const Site* hall = org.site("421281909000");
    REQUIRE(hall != nullptr);
    CHECK(hall->name == "车埠镇便民服务大厅");
    CHECK(hall->kind == SiteKind::Hall);
    CHECK(hall->parentId == org.cityCode());
    const Site* room = org.site("421281909001");
    REQUIRE(room != nullptr);
    CHECK(room->name == "车埠社区便民服务室");
    CHECK(room->kind == SiteKind::Room);
    CHECK(org.site("421281901000")->name == "蒲圻街道便民服务大厅");
    CHECK(org.site("421281914000")->name == "余家桥乡便民服务大厅");
    CHECK(org.site("421281999000") == nullptr);
    CHECK(org.site("") == nullptr);

    for (const auto& t : org.townships()) {
        const Site* h = org.site(t.code);
        REQUIRE(h != nullptr);
        CHECK(h->kind == SiteKind::Hall);
        CHECK(h->name == t.name + "便民服务大厅");
        CHECK(h->townshipCode == t.code);
        CHECK(t.name.ends_with(t.kind));
        for (const auto& v : t.villages) {
            const Site* r = org.site(v.code);
            REQUIRE(r != nullptr);
            CHECK(r->kind == SiteKind::Room);
            CHECK(r->name == v.name + "便民服务室");
            CHECK(r->townshipCode == t.code);
            CHECK(r->parentId == t.code);
            CHECK(v.code.substr(0, 9) == t.code.substr(0, 9));
            CHECK(v.name.ends_with(v.kind));
        }
    }
}

TEST_CASE("org: hallOf gives the room's township hall", "[org]") {
    const Org& org = demoOrg();
    const Site* hall = org.hallOf("421281909003");
    REQUIRE(hall != nullptr);
    CHECK(hall->id == "421281909000");
    CHECK(hall->name == "车埠镇便民服务大厅");
    CHECK(org.hallOf("421281909000") == org.site("421281909000")); // a hall is its own hall
    CHECK(org.hallOf(org.cityCode()) == nullptr);
    CHECK(org.hallOf("421281999001") == nullptr);
    for (const auto& s : org.sites()) {
        if (s.kind != SiteKind::Room)
            continue;
        const Site* h = org.hallOf(s.id);
        REQUIRE(h != nullptr);
        CHECK(h->kind == SiteKind::Hall);
        CHECK(h->townshipCode == s.townshipCode);
    }
}

TEST_CASE("org: windowFor maps departments to the windows of each level", "[org]") {
    const Org& org = demoOrg();
    CHECK(org.windowFor("公安局", SiteKind::Hall) == "公安");
    CHECK(org.windowFor("公安局", SiteKind::Room) == "综合");
    CHECK(org.windowFor("残联", SiteKind::Hall) == "综合");
    CHECK(org.windowFor("残联", SiteKind::Room) == "综合");
    CHECK(org.windowFor("民政局", SiteKind::Hall) == "民政");
    CHECK(org.windowFor("民政局", SiteKind::Room) == "民政");
    CHECK(org.windowFor("农业局", SiteKind::Hall) == "农牧林水");
    CHECK(org.windowFor("农业局", SiteKind::Room) == "综合");
    CHECK(org.windowFor("GAJ", SiteKind::Hall) == "公安");    // by code too
    CHECK(org.windowFor("教育局", SiteKind::Hall) == "综合"); // unknown department
    // at the center every department has its own window
    CHECK(org.windowFor("公安局", SiteKind::Center) == "公安局");
    for (const auto& d : org.departments())
        for (SiteKind k : {SiteKind::Center, SiteKind::Hall, SiteKind::Room}) {
            const auto& set = org.windows(k);
            INFO(d.name);
            CHECK(std::find(set.begin(), set.end(), org.windowFor(d.name, k)) != set.end());
        }
}

TEST_CASE("org: department lookup by name or code", "[org]") {
    const Org& org = demoOrg();
    const Department* byName = org.department("民政局");
    const Department* byCode = org.department("MZJ");
    REQUIRE(byName != nullptr);
    CHECK(byName == byCode);
    CHECK(byName->window == "民政");
    CHECK(org.department("教育局") == nullptr);
    CHECK(org.department("") == nullptr);
}

TEST_CASE("org: levelOf and level codes", "[org]") {
    CHECK(levelOf(SiteKind::Center) == Level::City);
    CHECK(levelOf(SiteKind::Hall) == Level::Township);
    CHECK(levelOf(SiteKind::Room) == Level::Village);
    CHECK(levelCode(Level::City) == "4");
    CHECK(levelCode(Level::Township) == "5");
    CHECK(levelCode(Level::Village) == "6");
    for (Level l : {Level::City, Level::Township, Level::Village})
        CHECK(levelFromCode(levelCode(l)) == l);
    CHECK_FALSE(levelFromCode("7"));
    CHECK_FALSE(levelFromCode("05"));
    CHECK_FALSE(levelFromCode(""));
}

TEST_CASE("org: every role round trips through its key", "[org]") {
    const Role all[] = {Role::Clerk,           Role::VillageAgent, Role::HallDirector,
                        Role::DepartmentStaff, Role::Supervisor,   Role::Admin,
                        Role::System};
    std::set<std::string_view> keys;
    for (Role r : all) {
        const auto key = roleKey(r);
        INFO(key);
        CHECK_FALSE(key.empty());
        CHECK(roleFromKey(key) == r);
        CHECK_FALSE(roleName(r).empty());
        keys.insert(key);
    }
    CHECK(keys.size() == 7u);
    CHECK(roleKey(Role::VillageAgent) == "village_agent");
    CHECK(roleName(Role::VillageAgent) == "专职代办员");
    CHECK_FALSE(roleFromKey("mayor"));
    CHECK_FALSE(roleFromKey(""));
    CHECK_FALSE(roleFromKey("Clerk"));
}

// --- the loader on inline input ------------------------------------------------------------------

TEST_CASE("org: a minimal inline org loads with derived sites", "[org]") {
    const auto org = Org::fromJson(kMiniOrg, "mini-org.json");
    if (!org)
        FAIL(org.error().message);
    CHECK(org->townships().size() == 2u);
    CHECK(org->villageCount() == 5u);
    REQUIRE(org->sites().size() == 8u);
    // center first, then each hall followed by its rooms
    CHECK(org->sites()[0].kind == SiteKind::Center);
    CHECK(org->sites()[1].name == "蒲圻街道便民服务大厅");
    CHECK(org->sites()[2].name == "金鸡社区便民服务室");
    CHECK(org->sites()[3].name == "双港村便民服务室");
    CHECK(org->sites()[4].name == "车埠镇便民服务大厅");
    CHECK(org->sites()[7].name == "新建村便民服务室");
    CHECK(org->hallOf("421281909003")->id == "421281909000");
    CHECK(org->windowFor("农业局", SiteKind::Room) == "综合");
}

TEST_CASE("org: malformed JSON names the file", "[org]") {
    for (const std::string& text :
         {std::string(R"({"format": "bianmin-org/1", )"), std::string("not json"), std::string()}) {
        const auto org = Org::fromJson(text, "bad-org.json");
        REQUIRE_FALSE(org.ok());
        INFO("message: " << org.error().message);
        CHECK_THAT(org.error().message, Contains("bad-org.json"));
        CHECK_THAT(org.error().message, Contains("JSON"));
    }
    const auto arr = Org::fromJson("[]", "bad-org.json");
    REQUIRE_FALSE(arr.ok());
    CHECK_THAT(arr.error().message, Contains("bad-org.json"));
}

TEST_CASE("org: a missing field names the record and the field", "[org]") {
    expectOrgError(miniOrgWith([](json::object& o) { township(o, 1).erase("kind"); }),
                   "township #2", "kind");
    expectOrgError(miniOrgWith([](json::object& o) { village(o, 0, 1).erase("name"); }),
                   "township #1 village #2", "name");
    expectOrgError(miniOrgWith([](json::object& o) {
                       o["departments"].as_array()[2].as_object().erase("window");
                   }),
                   "department #3", "window");
    expectOrgError(miniOrgWith([](json::object& o) { o["city"].as_object().erase("center"); }), "",
                   "city.center");
    expectOrgError(miniOrgWith([](json::object& o) { o.erase("townships"); }), "", "townships");
    expectOrgError(miniOrgWith([](json::object& o) { o.erase("demo"); }), "", "demo");
}

TEST_CASE("org: a township whose name does not end with its kind is refused", "[org]") {
    expectOrgError(miniOrgWith([](json::object& o) { township(o, 1)["name"] = "车埠"; }),
                   "township #2", "name");
    expectOrgError(miniOrgWith([](json::object& o) { township(o, 1)["name"] = "车埠乡"; }),
                   "township #2", "name");
    expectOrgError(miniOrgWith([](json::object& o) { township(o, 1)["kind"] = "区"; }),
                   "township #2", "kind");
}

TEST_CASE("org: a village code not under its township is refused", "[org]") {
    expectOrgError(miniOrgWith([](json::object& o) { village(o, 1, 2)["code"] = "421281901003"; }),
                   "township #2 village #3", "code");
    // the township's own code is not a village code
    expectOrgError(miniOrgWith([](json::object& o) { village(o, 1, 2)["code"] = "421281909000"; }),
                   "township #2 village #3", "code");
    expectOrgError(miniOrgWith([](json::object& o) { village(o, 1, 2)["code"] = "42128190900"; }),
                   "township #2 village #3", "code");
}

TEST_CASE("org: a duplicate village code or name is refused", "[org]") {
    expectOrgError(miniOrgWith([](json::object& o) { village(o, 1, 2)["code"] = "421281909001"; }),
                   "township #2 village #3", "code");
    expectOrgError(miniOrgWith([](json::object& o) { village(o, 1, 2)["name"] = "毛家村"; }),
                   "township #2 village #3", "name");
}

TEST_CASE("org: a department window outside the hall window set is refused", "[org]") {
    expectOrgError(miniOrgWith([](json::object& o) {
                       o["departments"].as_array()[1].as_object()["window"] = "交警";
                   }),
                   "department #2", "window");
    expectOrgError(miniOrgWith([](json::object& o) {
                       o["departments"].as_array()[3].as_object()["code"] = "MZJ";
                   }),
                   "department #4", "code");
}

TEST_CASE("org: other invalid township, village and window-set fields are refused", "[org]") {
    expectOrgError(miniOrgWith([](json::object& o) { township(o, 0)["code"] = "421281901001"; }),
                   "township #1", "code"); // must end in 000
    expectOrgError(miniOrgWith([](json::object& o) { township(o, 0)["code"] = "421282901000"; }),
                   "township #1", "code"); // not under the city
    expectOrgError(miniOrgWith([](json::object& o) { township(o, 1)["code"] = "421281901000"; }),
                   "township #2", "code"); // duplicate
    expectOrgError(miniOrgWith([](json::object& o) { village(o, 0, 1)["kind"] = "组"; }),
                   "township #1 village #2", "kind");
    expectOrgError(miniOrgWith([](json::object& o) { village(o, 0, 1)["name"] = "双港社区"; }),
                   "township #1 village #2", "name");
    expectOrgError(miniOrgWith([](json::object& o) {
                       o["windowSets"].as_object()["room"] = json::array{"民政"};
                   }),
                   "", "windowSets.room");
    expectOrgError(miniOrgWith([](json::object& o) { o["format"] = "bianmin-org/2"; }), "",
                   "format");
    expectOrgError(miniOrgWith([](json::object& o) { o["townships"] = json::array{}; }), "",
                   "townships");
    expectOrgError(miniOrgWith([](json::object& o) { o["city"].as_object()["code"] = "421281"; }),
                   "", "city.code");
}

TEST_CASE("org: closed sites and a township without villages yet", "[org]") {
    // Closed (停用): "active": false on a village or a township; absent means open.
    const auto org = Org::fromJson(miniOrgWith([](json::object& o) {
                                       village(o, 1, 2)["active"] = false;
                                       township(o, 0)["active"] = false;
                                       village(o, 0, 0)["active"] = false;
                                       village(o, 0, 1)["active"] = false;
                                   }),
                                   "org.json");
    REQUIRE(org.ok());
    CHECK_FALSE(org->site("421281909003")->active);
    CHECK(org->site("421281909002")->active);
    CHECK(org->site("421281909000")->active);
    CHECK_FALSE(org->site("421281901000")->active);
    CHECK_FALSE(org->townships()[0].active);
    CHECK(org->center().active);
    // An open village under a closed township is refused.
    expectOrgError(miniOrgWith([](json::object& o) { township(o, 1)["active"] = false; }),
                   "township #2 village #1", "active");
    expectOrgError(miniOrgWith([](json::object& o) { village(o, 1, 0)["active"] = "no"; }),
                   "township #2 village #1", "active");
    // A new hall has no rooms yet.
    const auto empty = Org::fromJson(
        miniOrgWith([](json::object& o) { township(o, 1)["villages"] = json::array{}; }),
        "org.json");
    REQUIRE(empty.ok());
    CHECK(empty->site("421281909000"));
    CHECK(empty->villageCount() == 2);
}
