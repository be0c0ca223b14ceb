// The item catalog: loading a small inline catalog against a small inline org, versions (change,
// suspend, resume, cancel), the version in force on a date, item validation and file errors.
#include "common/domain/catalog.h"
#include "common/domain/org.h"
#include "tests/support/case_world.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

using namespace bianmin::domain;
using Catch::Matchers::Contains;
namespace json = boost::json;

namespace {

constexpr std::string_view kOrgJson = R"({
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
    {"code": "421281909000", "name": "车埠镇", "kind": "镇", "villages": [
      {"code": "421281909001", "name": "车埠社区", "kind": "社区"},
      {"code": "421281909002", "name": "毛家村", "kind": "村"}]}
  ]
})";

// Three items: a 承诺件 offered at village and township, a 即办件 at the village, and a charged
// item at township and city whose window is left to the department's default.
constexpr std::string_view kCatalogJson = R"({
  "format": "bianmin-catalog/1",
  "demo": true,
  "items": [
    {
      "id": "MZJ-001", "version": 1, "status": "active", "effectiveFrom": "2026-01-01",
      "name": "高龄补贴申请", "variant": "", "basicCode": "MZJ-001",
      "implementationCode": "DEMO421281MZJ001", "itemType": "20", "serviceObject": ["1"],
      "levels": ["6", "5"], "caseKind": "2",
      "handling": {"6": "village_accept_township_complete", "5": "township_complete"},
      "department": "民政局", "window": "民政", "legalBasis": "《湖北省高龄津贴制度》",
      "conditions": ["年满80周岁的本市户籍老年人"],
      "materials": [
        {"name": "高龄补贴申请表", "required": true, "originals": 1, "copies": 0,
         "source": "服务窗口提供", "reviewPoints": "填写完整"},
        {"name": "居民身份证", "required": true, "originals": 1, "copies": 1,
         "source": "公安机关", "reviewPoints": "人证一致"},
        {"name": "授权委托书", "required": false, "originals": 1, "copies": 0,
         "source": "申请人自备", "reviewPoints": "代办时提交"}
      ],
      "steps": [{"step": "1", "limitDays": 3}, {"step": "2", "limitDays": 2},
                {"step": "3", "limitDays": 1}],
      "legalLimitDays": 20, "promisedLimitDays": 10,
      "fee": {"charged": false, "basis": "", "items": []},
      "place": "便民服务室民政窗口", "consultPhone": "0715-5326106",
      "supervisePhone": "0715-5312345"
    },
    {
      "id": "MZJ-002", "version": 1, "status": "active", "effectiveFrom": "2026-01-01",
      "name": "家庭生活困难证明", "variant": "", "basicCode": "MZJ-002",
      "implementationCode": "DEMO421281MZJ002", "itemType": "20", "serviceObject": ["1"],
      "levels": ["6"], "caseKind": "1", "handling": {"6": "village_complete"},
      "department": "民政局", "window": "民政", "legalBasis": "民政部门规定",
      "conditions": ["家庭生活困难"],
      "materials": [
        {"name": "居民身份证", "required": true, "originals": 1, "copies": 0,
         "source": "公安机关", "reviewPoints": "人证一致"},
        {"name": "户口簿", "required": true, "originals": 1, "copies": 0,
         "source": "公安机关", "reviewPoints": "本人页"}
      ],
      "steps": [{"step": "1", "limitDays": 0}],
      "legalLimitDays": 1, "promisedLimitDays": 0,
      "fee": {"charged": false, "basis": "", "items": []},
      "place": "便民服务室", "consultPhone": "0715-5326106", "supervisePhone": "0715-5312345"
    },
    {
      "id": "GAJ-005", "version": 1, "status": "active", "effectiveFrom": "2026-01-01",
      "name": "居民身份证申领", "variant": "换领", "basicCode": "GAJ-005",
      "implementationCode": "DEMO421281GAJ005", "itemType": "20", "serviceObject": ["1"],
      "levels": ["5", "4"], "caseKind": "2",
      "handling": {"5": "township_accept_center", "4": "center_complete"},
      "department": "公安局", "legalBasis": "《中华人民共和国居民身份证法》",
      "conditions": ["本市户籍居民"],
      "materials": [
        {"name": "户口簿", "required": true, "originals": 1, "copies": 0,
         "source": "公安机关", "reviewPoints": "本人页"}
      ],
      "steps": [{"step": "1", "limitDays": 5}, {"step": "2", "limitDays": 5},
                {"step": "3", "limitDays": 5}],
      "legalLimitDays": 60, "promisedLimitDays": 15,
      "fee": {"charged": true, "basis": "发改价格〔2003〕2322号",
              "items": [{"name": "工本费", "standard": "20元/证", "amountFen": 2000,
                         "reducible": false, "reductionBasis": ""}]},
      "place": "便民服务大厅公安窗口", "consultPhone": "0715-5326106",
      "supervisePhone": "0715-5312345"
    }
  ]
})";

const Org& testOrg() {
    static const Org org = [] {
        auto parsed = Org::fromJson(kOrgJson, "test-org.json");
        if (!parsed)
            FAIL(parsed.error().message);
        return std::move(parsed).value();
    }();
    return org;
}

Catalog testCatalog() {
    auto cat = Catalog::fromJson(kCatalogJson, "test-catalog.json", testOrg());
    if (!cat)
        FAIL(cat.error().message);
    return std::move(cat).value();
}

Date day(std::string_view iso) {
    const auto d = Date::parse(iso);
    REQUIRE(d.has_value());
    return *d;
}

// A copy of an item of the test catalog.
Item itemOf(std::string_view id) {
    const Catalog cat = testCatalog();
    const Item* it = cat.latest(id);
    REQUIRE(it != nullptr);
    return *it;
}

// kCatalogJson with one change applied.
std::string catalogWith(const std::function<void(json::object&)>& edit) {
    json::value v = json::parse(kCatalogJson);
    edit(v.as_object());
    return json::serialize(v);
}

json::object& itemJson(json::object& cat, std::size_t i) {
    return cat["items"].as_array()[i].as_object();
}

void expectInvalidItem(const Item& it, const std::string& field) {
    const Status st = validateItem(it, testOrg(), "item " + it.id);
    REQUIRE_FALSE(st.ok());
    INFO("message: " << st.error().message);
    CHECK(st.error().kind == ErrorKind::InvalidInput);
    CHECK_THAT(st.error().message, Contains("item " + it.id));
    CHECK_THAT(st.error().message, Contains("'" + field + "'"));
}

// Expects the catalog file to be refused naming the file, the record and the field.
void expectCatalogError(const std::string& text, const std::string& record,
                        const std::string& field) {
    const auto cat = Catalog::fromJson(text, "bad-catalog.json", testOrg());
    REQUIRE_FALSE(cat.ok());
    const std::string& msg = cat.error().message;
    INFO("message: " << msg);
    CHECK(cat.error().kind == ErrorKind::InvalidInput);
    CHECK_THAT(msg, Contains("bad-catalog.json"));
    if (!record.empty())
        CHECK_THAT(msg, Contains(record));
    CHECK_THAT(msg, Contains("'" + field + "'"));
}

} // namespace

// --- loading -------------------------------------------------------------------------------------

TEST_CASE("catalog: a small inline catalog loads with its fields", "[catalog]") {
    const Catalog cat = testCatalog();
    CHECK(cat.isDemo());
    CHECK(cat.itemCount() == 3u);
    CHECK(cat.versionCount() == 3u);

    const Item* a = cat.latest("MZJ-001");
    REQUIRE(a != nullptr);
    CHECK(a->version == 1);
    CHECK(a->status == ItemStatus::Active);
    CHECK(a->effectiveFrom == day("2026-01-01"));
    CHECK(a->name == "高龄补贴申请");
    CHECK(a->displayName() == "高龄补贴申请");
    CHECK(a->caseKind == CaseKind::Promised);
    CHECK(a->offeredAt(Level::Village));
    CHECK(a->offeredAt(Level::Township));
    CHECK_FALSE(a->offeredAt(Level::City));
    CHECK(a->modeAt(Level::Village) == HandlingMode::VillageAcceptTownshipComplete);
    CHECK(a->modeAt(Level::Township) == HandlingMode::TownshipComplete);
    CHECK_FALSE(a->modeAt(Level::City));
    CHECK(a->materials.size() == 3u);
    REQUIRE(a->material("居民身份证") != nullptr);
    CHECK(a->material("居民身份证")->copies == 1);
    CHECK_FALSE(a->material("授权委托书")->required);
    CHECK(a->material("结婚证") == nullptr);
    CHECK(a->stepLimit(StepCode::Handle) == 3);
    CHECK(a->stepLimit(StepCode::Review) == 2);
    CHECK(a->stepLimit(StepCode::Approve) == 1);
    CHECK(a->legalLimitDays == 20);
    CHECK(a->promisedLimitDays == 10);
    CHECK_FALSE(a->fee.charged);
    CHECK(a->fee.totalFen() == 0);

    const Item* b = cat.latest("MZJ-002");
    REQUIRE(b != nullptr);
    CHECK(b->caseKind == CaseKind::Immediate);
    CHECK(b->promisedLimitDays == 0);
    CHECK(b->stepLimit(StepCode::Review) == 0); // no such step

    const Item* c = cat.latest("GAJ-005");
    REQUIRE(c != nullptr);
    CHECK(c->window == "公安"); // absent in the file: the department's hall window
    CHECK(c->displayName() == "居民身份证申领（换领）");
    CHECK(c->fee.charged);
    CHECK(c->fee.totalFen() == 2000);
    CHECK(completingLevel(*c->modeAt(Level::Township)) == Level::City);
    CHECK(cat.latest("XXX-001") == nullptr);
}

TEST_CASE("catalog: handling mode keys, names and levels", "[catalog]") {
    for (HandlingMode m :
         {HandlingMode::VillageComplete, HandlingMode::VillageAcceptTownshipComplete,
          HandlingMode::VillageAcceptCenter, HandlingMode::TownshipComplete,
          HandlingMode::TownshipAcceptCenter, HandlingMode::CenterComplete}) {
        CHECK(handlingModeFromKey(handlingModeKey(m)) == m);
        CHECK_FALSE(handlingModeName(m).empty());
    }
    CHECK(handlingModeKey(HandlingMode::VillageAcceptTownshipComplete) ==
          "village_accept_township_complete");
    CHECK(handlingModeName(HandlingMode::VillageAcceptTownshipComplete) == "村级受理-乡级办结");
    CHECK(handlingModeLevel(HandlingMode::VillageAcceptCenter) == Level::Village);
    CHECK(completingLevel(HandlingMode::VillageAcceptCenter) == Level::City);
    CHECK(handlingModeLevel(HandlingMode::TownshipAcceptCenter) == Level::Township);
    CHECK(completingLevel(HandlingMode::VillageAcceptTownshipComplete) == Level::Township);
    CHECK_FALSE(handlingModeFromKey("village_accept"));
    CHECK(itemStatusKey(ItemStatus::Suspended) == "suspended");
    CHECK(stepName(StepCode::Review) == "审核");
}

// --- versions ------------------------------------------------------------------------------------

TEST_CASE("catalog: change, suspend, resume and cancel append versions", "[catalog][versions]") {
    const Org& org = testOrg();
    Catalog cat = testCatalog();

    Item revised = *cat.latest("MZJ-001");
    revised.promisedLimitDays = 8;
    revised.effectiveFrom = day("2026-03-01");
    revised.version = 99; // change() numbers the version itself
    REQUIRE(cat.change(revised, org).ok());
    REQUIRE(cat.latest("MZJ-001")->version == 2);
    CHECK(cat.latest("MZJ-001")->promisedLimitDays == 8);
    // version 1 is still readable and unchanged
    REQUIRE(cat.version("MZJ-001", 1) != nullptr);
    CHECK(cat.version("MZJ-001", 1)->version == 1);
    CHECK(cat.version("MZJ-001", 1)->promisedLimitDays == 10);
    CHECK(cat.version("MZJ-001", 1)->effectiveFrom == day("2026-01-01"));

    REQUIRE(cat.suspend("MZJ-001", day("2026-04-01"), org).ok());
    REQUIRE(cat.resume("MZJ-001", day("2026-05-01"), org).ok());
    REQUIRE(cat.cancel("MZJ-001", day("2026-06-01"), org).ok());

    REQUIRE(cat.latest("MZJ-001")->version == 5);
    CHECK(cat.version("MZJ-001", 2)->status == ItemStatus::Active);
    CHECK(cat.version("MZJ-001", 3)->status == ItemStatus::Suspended);
    CHECK(cat.version("MZJ-001", 3)->effectiveFrom == day("2026-04-01"));
    CHECK(cat.version("MZJ-001", 3)->promisedLimitDays == 8); // copied from the latest
    CHECK(cat.version("MZJ-001", 4)->status == ItemStatus::Active);
    CHECK(cat.version("MZJ-001", 5)->status == ItemStatus::Cancelled);
    CHECK(cat.version("MZJ-001", 5)->effectiveFrom == day("2026-06-01"));
    CHECK(cat.version("MZJ-001", 6) == nullptr);
    CHECK(cat.version("MZJ-001", 0) == nullptr);
    CHECK(cat.version("XXX-001", 1) == nullptr);
    CHECK(cat.itemCount() == 3u);
    CHECK(cat.versionCount() == 7u);
    for (int v = 1; v <= 5; ++v)
        CHECK(cat.version("MZJ-001", v)->version == v);
    CHECK(cat.version("MZJ-001", 1)->promisedLimitDays == 10);
}

TEST_CASE("catalog: a cancelled item cannot be changed, suspended or resumed",
          "[catalog][versions]") {
    const Org& org = testOrg();
    Catalog cat = testCatalog();
    REQUIRE(cat.cancel("MZJ-002", day("2026-02-01"), org).ok());
    REQUIRE(cat.latest("MZJ-002")->status == ItemStatus::Cancelled);

    Item revised = *cat.version("MZJ-002", 1);
    revised.effectiveFrom = day("2026-03-01");
    const Status changed = cat.change(revised, org);
    REQUIRE_FALSE(changed.ok());
    CHECK(changed.error().kind == ErrorKind::Conflict);
    CHECK(changed.error().code == "item_cancelled");

    const Status suspended = cat.suspend("MZJ-002", day("2026-03-01"), org);
    REQUIRE_FALSE(suspended.ok());
    CHECK(suspended.error().kind == ErrorKind::Conflict);
    CHECK_FALSE(cat.resume("MZJ-002", day("2026-03-01"), org).ok());
    CHECK_FALSE(cat.cancel("MZJ-002", day("2026-03-01"), org).ok());
    CHECK(cat.latest("MZJ-002")->version == 2);
}

TEST_CASE("catalog: status operations refuse the wrong state and unknown ids",
          "[catalog][versions]") {
    const Org& org = testOrg();
    Catalog cat = testCatalog();

    const Status resumeActive = cat.resume("MZJ-001", day("2026-02-01"), org);
    REQUIRE_FALSE(resumeActive.ok());
    CHECK(resumeActive.error().kind == ErrorKind::Conflict);

    REQUIRE(cat.suspend("MZJ-001", day("2026-02-01"), org).ok());
    const Status again = cat.suspend("MZJ-001", day("2026-02-02"), org);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().kind == ErrorKind::Conflict);
    CHECK(again.error().code == "same_status");

    // a status change may not take effect before the version it replaces
    const Status early = cat.resume("MZJ-001", day("2026-01-15"), org);
    REQUIRE_FALSE(early.ok());
    CHECK_THAT(early.error().message, Contains("effectiveFrom"));
    CHECK(cat.latest("MZJ-001")->version == 2);

    for (const Status& st :
         {cat.suspend("XXX-001", day("2026-02-01"), org),
          cat.resume("XXX-001", day("2026-02-01"), org),
          cat.cancel("XXX-001", day("2026-02-01"), org), cat.change(Item{}, org)}) {
        REQUIRE_FALSE(st.ok());
        CHECK(st.error().kind == ErrorKind::NotFound);
    }
}

TEST_CASE("catalog: addVersion refuses a version gap and accepts the next version",
          "[catalog][versions]") {
    const Org& org = testOrg();
    Catalog cat = testCatalog();

    Item next = *cat.latest("MZJ-001");
    next.version = 3; // latest is 1
    next.effectiveFrom = day("2026-02-01");
    const Status gap = cat.addVersion(next, org);
    REQUIRE_FALSE(gap.ok());
    CHECK(gap.error().kind == ErrorKind::Conflict);
    CHECK(gap.error().code == "version_gap");

    next.version = 1; // already there
    CHECK_FALSE(cat.addVersion(next, org).ok());

    next.version = 2;
    REQUIRE(cat.addVersion(next, org).ok());
    CHECK(cat.latest("MZJ-001")->version == 2);

    Item fresh = next;
    fresh.id = "MZJ-009";
    fresh.version = 2; // a new id starts at 1
    CHECK_FALSE(cat.addVersion(fresh, org).ok());
    fresh.version = 1;
    REQUIRE(cat.addVersion(fresh, org).ok());
    CHECK(cat.itemCount() == 4u);

    Item earlier = *cat.latest("MZJ-001");
    earlier.version = 3;
    earlier.effectiveFrom = day("2026-01-15"); // before version 2's 2026-02-01
    const Status backwards = cat.addVersion(earlier, org);
    REQUIRE_FALSE(backwards.ok());
    CHECK_THAT(backwards.error().message, Contains("effectiveFrom"));

    Item invalid = *cat.latest("MZJ-001");
    invalid.version = 3;
    invalid.promisedLimitDays = 30;
    const Status bad = cat.addVersion(invalid, org);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == ErrorKind::InvalidInput);
    CHECK(cat.latest("MZJ-001")->version == 2);
}

TEST_CASE("catalog: inForce gives the highest version effective on a date", "[catalog][versions]") {
    const Org& org = testOrg();
    Catalog cat = testCatalog();
    Item revised = *cat.latest("MZJ-001");
    revised.promisedLimitDays = 8;
    revised.effectiveFrom = day("2026-03-01");
    REQUIRE(cat.change(revised, org).ok());
    REQUIRE(cat.suspend("MZJ-001", day("2026-04-01"), org).ok());
    REQUIRE(cat.resume("MZJ-001", day("2026-05-01"), org).ok());
    REQUIRE(cat.cancel("MZJ-001", day("2026-06-01"), org).ok());

    CHECK(cat.inForce("MZJ-001", day("2025-12-31")) == nullptr);
    CHECK(cat.inForce("MZJ-001", day("2026-01-01"))->version == 1);
    CHECK(cat.inForce("MZJ-001", day("2026-02-28"))->version == 1);
    CHECK(cat.inForce("MZJ-001", day("2026-03-01"))->version == 2);
    CHECK(cat.inForce("MZJ-001", day("2026-03-31"))->version == 2);
    CHECK(cat.inForce("MZJ-001", day("2026-04-15"))->status == ItemStatus::Suspended);
    CHECK(cat.inForce("MZJ-001", day("2026-05-01"))->version == 4);
    CHECK(cat.inForce("MZJ-001", day("2026-06-01"))->status == ItemStatus::Cancelled);
    CHECK(cat.inForce("MZJ-001", day("2030-01-01"))->version == 5);
    CHECK(cat.inForce("XXX-001", day("2026-06-01")) == nullptr);

    // two versions effective the same day: the higher one is in force
    REQUIRE(cat.suspend("MZJ-002", day("2026-02-01"), org).ok());
    REQUIRE(cat.resume("MZJ-002", day("2026-02-01"), org).ok());
    CHECK(cat.inForce("MZJ-002", day("2026-02-01"))->version == 3);
    CHECK(cat.inForce("MZJ-002", day("2026-01-31"))->version == 1);
}

TEST_CASE("catalog: latestItems lists the latest version of every id, by id",
          "[catalog][versions]") {
    const Org& org = testOrg();
    Catalog cat = testCatalog();
    REQUIRE(cat.suspend("MZJ-001", day("2026-04-01"), org).ok());
    REQUIRE(cat.cancel("GAJ-005", day("2026-04-01"), org).ok());
    const auto items = cat.latestItems();
    REQUIRE(items.size() == 3u);
    CHECK(items[0]->id == "GAJ-005");
    CHECK(items[0]->status == ItemStatus::Cancelled);
    CHECK(items[1]->id == "MZJ-001");
    CHECK(items[1]->version == 2);
    CHECK(items[1]->status == ItemStatus::Suspended);
    CHECK(items[2]->id == "MZJ-002");
    CHECK(items[2]->version == 1);
}

// --- validation ----------------------------------------------------------------------------------

TEST_CASE("catalog: validateItem accepts the test items", "[catalog][validation]") {
    for (const char* id : {"MZJ-001", "MZJ-002", "GAJ-005"}) {
        const Status st = validateItem(itemOf(id), testOrg(), id);
        INFO(id << ": " << (st.ok() ? std::string() : st.error().message));
        CHECK(st.ok());
    }
}

TEST_CASE("catalog: promised limit must be below the legal limit", "[catalog][validation]") {
    Item it = itemOf("MZJ-001");
    it.promisedLimitDays = 20; // == legal
    expectInvalidItem(it, "promisedLimitDays");
    it.promisedLimitDays = 25;
    expectInvalidItem(it, "promisedLimitDays");
    it.promisedLimitDays = 0; // a 承诺件 needs at least a day
    expectInvalidItem(it, "promisedLimitDays");
    it.promisedLimitDays = 19;
    CHECK(validateItem(it, testOrg(), "x").ok());
}

TEST_CASE("catalog: an immediate item must have a promised limit of 0", "[catalog][validation]") {
    Item it = itemOf("MZJ-002");
    it.promisedLimitDays = 1;
    expectInvalidItem(it, "promisedLimitDays");
    it.promisedLimitDays = 0;
    it.steps[0].limitDays = 1; // steps cannot exceed 0 either
    expectInvalidItem(it, "steps");
}

TEST_CASE("catalog: step limits may not add up to more than the promised limit",
          "[catalog][validation]") {
    Item it = itemOf("MZJ-001"); // promised 10
    it.steps[2].limitDays = 6;   // 3 + 2 + 6 = 11
    expectInvalidItem(it, "steps");
    it.steps[2].limitDays = 5; // exactly 10
    CHECK(validateItem(it, testOrg(), "x").ok());
    it.steps[1].limitDays = -1;
    expectInvalidItem(it, "steps[1].limitDays");
    it = itemOf("MZJ-001");
    std::swap(it.steps[0], it.steps[1]);
    expectInvalidItem(it, "steps[0].step");
    it.steps.clear();
    expectInvalidItem(it, "steps");
}

TEST_CASE("catalog: a handling mode must apply at its level", "[catalog][validation]") {
    Item it = itemOf("MZJ-001");
    it.handling[Level::Village] = HandlingMode::TownshipComplete;
    expectInvalidItem(it, "handling");
    it = itemOf("MZJ-001");
    it.handling[Level::Township] = HandlingMode::CenterComplete;
    expectInvalidItem(it, "handling");
    it = itemOf("MZJ-001");
    it.handling.erase(Level::Township); // no mode for a level in 'levels'
    expectInvalidItem(it, "handling");
    it = itemOf("MZJ-001");
    it.handling[Level::City] = HandlingMode::CenterComplete; // a mode for a level not offered
    expectInvalidItem(it, "handling");
    it.levels.clear();
    expectInvalidItem(it, "levels");
}

TEST_CASE("catalog: a village mode completing elsewhere needs that level in levels",
          "[catalog][validation]") {
    Item it = itemOf("MZJ-001");
    it.levels = {Level::Village};
    it.handling = {{Level::Village, HandlingMode::VillageAcceptTownshipComplete}};
    expectInvalidItem(it, "handling");
    const Status st = validateItem(it, testOrg(), "x");
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.error().message, Contains("level 5"));

    it.levels = {Level::Village, Level::Township};
    it.handling = {{Level::Village, HandlingMode::VillageAcceptCenter},
                   {Level::Township, HandlingMode::TownshipComplete}};
    expectInvalidItem(it, "handling"); // needs level 4

    it.handling = {{Level::Village, HandlingMode::VillageComplete},
                   {Level::Township, HandlingMode::TownshipComplete}};
    CHECK(validateItem(it, testOrg(), "x").ok());
}

TEST_CASE("catalog: the department must be one of the city's and the window a hall window",
          "[catalog][validation]") {
    Item it = itemOf("MZJ-001");
    it.department = "教育局";
    expectInvalidItem(it, "department");
    it = itemOf("MZJ-001");
    it.window = "交警";
    expectInvalidItem(it, "window");
    it.window = "综合";
    CHECK(validateItem(it, testOrg(), "x").ok());
}

TEST_CASE("catalog: fee rules", "[catalog][validation]") {
    Item it = itemOf("GAJ-005");
    it.fee.basis.clear(); // charged without 收费依据
    expectInvalidItem(it, "fee.basis");
    it = itemOf("GAJ-005");
    it.fee.items.clear();
    expectInvalidItem(it, "fee.items");
    it = itemOf("GAJ-005");
    it.fee.items[0].amountFen = 0;
    expectInvalidItem(it, "fee.items[0].amountFen");
    it = itemOf("GAJ-005");
    it.fee.charged = false; // lists fee items but charges nothing
    expectInvalidItem(it, "fee.items");
}

TEST_CASE("catalog: material rules", "[catalog][validation]") {
    Item it = itemOf("MZJ-001");
    it.materials[1].name = it.materials[0].name; // duplicate
    expectInvalidItem(it, "materials[1].name");
    it = itemOf("MZJ-001");
    it.materials[1].originals = 0;
    it.materials[1].copies = 0;
    expectInvalidItem(it, "materials[1].copies");
    it = itemOf("MZJ-001");
    for (auto& m : it.materials)
        m.required = false;
    expectInvalidItem(it, "materials");
    it.materials.clear();
    expectInvalidItem(it, "materials");
}

TEST_CASE("catalog: code fields must be known codes", "[catalog][validation]") {
    Item it = itemOf("MZJ-001");
    it.itemType = "11";
    expectInvalidItem(it, "itemType");
    it = itemOf("MZJ-001");
    it.serviceObjects = {"1", "7"};
    expectInvalidItem(it, "serviceObject");
    it = itemOf("MZJ-001");
    it.id.clear();
    CHECK_FALSE(validateItem(it, testOrg(), "x").ok());
    it = itemOf("MZJ-001");
    it.version = 0;
    expectInvalidItem(it, "version");
}

// --- file errors ---------------------------------------------------------------------------------

TEST_CASE("catalog: file errors name the file, the item number and id, and the field",
          "[catalog][file]") {
    SECTION("a material count out of range") {
        expectCatalogError(catalogWith([](json::object& c) {
                               itemJson(c, 0)["materials"].as_array()[1].as_object()["copies"] = -1;
                           }),
                           "item #1 (MZJ-001)", "materials[1].copies");
    }
    SECTION("a material with neither original nor copy") {
        expectCatalogError(catalogWith([](json::object& c) {
                               auto& m = itemJson(c, 1)["materials"].as_array()[1].as_object();
                               m["originals"] = 0;
                               m["copies"] = 0;
                           }),
                           "item #2 (MZJ-002)", "materials[1].copies");
    }
    SECTION("a 即办件 with a promised limit") {
        expectCatalogError(
            catalogWith([](json::object& c) { itemJson(c, 1)["promisedLimitDays"] = 1; }),
            "item #2 (MZJ-002)", "promisedLimitDays");
    }
    SECTION("a charged item without basis") {
        expectCatalogError(
            catalogWith([](json::object& c) { itemJson(c, 2)["fee"].as_object()["basis"] = ""; }),
            "item #3 (GAJ-005)", "fee.basis");
    }
    SECTION("an unknown department") {
        expectCatalogError(
            catalogWith([](json::object& c) { itemJson(c, 2)["department"] = "教育局"; }),
            "item #3 (GAJ-005)", "department");
    }
    SECTION("a missing field") {
        expectCatalogError(
            catalogWith([](json::object& c) { itemJson(c, 1).erase("consultPhone"); }),
            "item #2 (MZJ-002)", "consultPhone");
    }
    SECTION("a bad status, date, step code, level and handling") {
        expectCatalogError(
            catalogWith([](json::object& c) { itemJson(c, 0)["status"] = "retired"; }),
            "item #1 (MZJ-001)", "status");
        expectCatalogError(
            catalogWith([](json::object& c) { itemJson(c, 0)["effectiveFrom"] = "2026-02-30"; }),
            "item #1 (MZJ-001)", "effectiveFrom");
        expectCatalogError(catalogWith([](json::object& c) {
                               itemJson(c, 0)["steps"].as_array()[1].as_object()["step"] = "5";
                           }),
                           "item #1 (MZJ-001)", "steps[1].step");
        expectCatalogError(catalogWith([](json::object& c) {
                               itemJson(c, 0)["levels"] = json::array{"6", "7"};
                           }),
                           "item #1 (MZJ-001)", "levels");
        expectCatalogError(catalogWith([](json::object& c) {
                               itemJson(c, 0)["handling"].as_object()["5"] = "somewhere";
                           }),
                           "item #1 (MZJ-001)", "handling.5");
        expectCatalogError(catalogWith([](json::object& c) { itemJson(c, 0)["caseKind"] = "3"; }),
                           "item #1 (MZJ-001)", "caseKind");
    }
    SECTION("a version that does not follow the previous one") {
        expectCatalogError(catalogWith([](json::object& c) { itemJson(c, 1)["version"] = 2; }),
                           "item #2 (MZJ-002)", "version");
        expectCatalogError(catalogWith([](json::object& c) {
                               json::object v2 = itemJson(c, 0);
                               v2["version"] = 3;
                               c["items"].as_array().push_back(v2);
                           }),
                           "item #4 (MZJ-001)", "version");
    }
    SECTION("the top level") {
        expectCatalogError(catalogWith([](json::object& c) { c["format"] = "bianmin-catalog/2"; }),
                           "", "format");
        expectCatalogError(catalogWith([](json::object& c) { c["items"] = json::array{}; }), "",
                           "items");
    }
}

TEST_CASE("catalog: malformed catalog JSON names the file", "[catalog][file]") {
    const auto cat = Catalog::fromJson(R"({"format": "bianmin-catalog/1", "items": [)",
                                       "bad-catalog.json", testOrg());
    REQUIRE_FALSE(cat.ok());
    CHECK_THAT(cat.error().message, Contains("bad-catalog.json"));
    CHECK_THAT(cat.error().message, Contains("JSON"));
}

TEST_CASE("catalog: a file may hold several versions of one id", "[catalog][file]") {
    const auto text = catalogWith([](json::object& c) {
        json::object v2 = itemJson(c, 0);
        v2["version"] = 2;
        v2["effectiveFrom"] = "2026-03-01";
        v2["promisedLimitDays"] = 8;
        c["items"].as_array().push_back(v2);
    });
    const auto cat = Catalog::fromJson(text, "test-catalog.json", testOrg());
    if (!cat)
        FAIL(cat.error().message);
    CHECK(cat->itemCount() == 3u);
    CHECK(cat->versionCount() == 4u);
    CHECK(cat->latest("MZJ-001")->version == 2);
    CHECK(cat->inForce("MZJ-001", day("2026-02-01"))->promisedLimitDays == 10);
    CHECK(cat->inForce("MZJ-001", day("2026-03-01"))->promisedLimitDays == 8);
}

// Library bug: Catalog::addVersion refuses a version whose effectiveFrom precedes the version it
// replaces, but Catalog::fromJson does not check it, so a file can hold versions that the API
// would never have produced (and inForce then skips version 1 entirely).
TEST_CASE("catalog: a file version effective before the version it replaces is refused",
          "[catalog][file]") {
    const auto text = catalogWith([](json::object& c) {
        itemJson(c, 0)["effectiveFrom"] = "2026-03-01";
        json::object v2 = itemJson(c, 0);
        v2["version"] = 2;
        v2["effectiveFrom"] = "2026-01-01";
        c["items"].as_array().push_back(v2);
    });
    const auto cat = Catalog::fromJson(text, "bad-catalog.json", testOrg());
    REQUIRE_FALSE(cat.ok());
    CHECK_THAT(cat.error().message, Contains("item #4 (MZJ-001)"));
    CHECK_THAT(cat.error().message, Contains("'effectiveFrom'"));
}

TEST_CASE("catalog: feeBeforeAccept is optional and read when true", "[catalog][file]") {
    const auto text =
        catalogWith([](json::object& c) { itemJson(c, 2)["feeBeforeAccept"] = true; });
    const auto cat = Catalog::fromJson(text, "test-catalog.json", testOrg());
    if (!cat)
        FAIL(cat.error().message);
    CHECK(cat->latest("GAJ-005")->feeBeforeAccept);
    CHECK_FALSE(cat->latest("MZJ-001")->feeBeforeAccept); // absent: false
}

// Library bug: a feeBeforeAccept that is not a boolean (e.g. the string "true") is silently read
// as false instead of being refused like every other mistyped field (compare "window", which is
// refused with "expected a string"). An item meant to require payment before 受理 would then be
// accepted unpaid.
TEST_CASE("catalog: a non-boolean feeBeforeAccept is refused", "[catalog][file]") {
    expectCatalogError(
        catalogWith([](json::object& c) { itemJson(c, 2)["feeBeforeAccept"] = "true"; }),
        "item #3 (GAJ-005)", "feeBeforeAccept");
}

TEST_CASE("catalog: an item can be left out at named sites of the levels it is offered at",
          "[catalog]") {
    const auto& ref = bianmin::testing::demoReference();
    const Org& org = ref.org;
    const Item* base = ref.catalog.latest("MZJ-006");
    REQUIRE(base);
    const Site* room = org.site("421281909001");
    const Site* sibling = org.site("421281909002");
    REQUIRE(room);
    REQUIRE(sibling);
    CHECK(base->offeredAt(*room));
    Item item = *base;
    item.notOfferedAt = {"421281909001"};
    CHECK_FALSE(item.offeredAt(*room));
    CHECK(item.offeredAt(*sibling));
    CHECK(validateItem(item, org, "test").ok());
    // A site that does not exist, or one at a level the item is not offered at, is an error.
    item.notOfferedAt = {"421281999999"};
    CHECK(validateItem(item, org, "test").error().message.find("notOfferedAt") !=
          std::string::npos);
    const Item* elderly = ref.catalog.latest("MZJ-001"); // rooms and halls only
    REQUIRE(elderly);
    Item other = *elderly;
    other.notOfferedAt = {org.center().id};
    CHECK_FALSE(validateItem(other, org, "test").ok());
}
