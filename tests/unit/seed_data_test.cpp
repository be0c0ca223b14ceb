// The seed data in resources/: loaded together with refdata::loadReferenceData, checked for the
// facts the rest of the system relies on, and the all-or-nothing rule of the loader.
#include "common/refdata/reference_files.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace bianmin::domain;
using bianmin::refdata::loadReferenceData;
using bianmin::refdata::ReferenceData;
using bianmin::refdata::ReferencePaths;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const ReferenceData& seed() {
    static const std::shared_ptr<const ReferenceData> data = [] {
        auto loaded = loadReferenceData(ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR));
        if (!loaded)
            FAIL(loaded.error().message);
        return std::move(loaded).value();
    }();
    return *data;
}

bool contains(const std::vector<std::string>& set, const std::string& s) {
    return std::find(set.begin(), set.end(), s) != set.end();
}

// A fresh directory under the system temp directory, removed again at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        std::random_device rd;
        path = fs::temp_directory_path() /
               ("bianmin-seed-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

void writeFile(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    REQUIRE(out.good());
}

// Every item name of the items-seen list (items seen in published township and village service
// lists); each must be in the demo catalog.
const char* const kItemsSeen[] = {
    "高龄补贴申请",
    "一孩生育登记",
    "二孩生育登记",
    "再生育子女审批",
    "独生子女父母光荣证审核",
    "流动人口婚育证明",
    "计生家庭奖励扶助对象申报",
    "计生家庭特别扶助对象申请",
    "婚育情况证明",
    "残疾人证申领",
    "居住证明",
    "关系证明",
    "政审证明",
    "户籍接收证明",
    "死亡证明",
    "家庭生活困难证明",
    "零就业家庭认定",
    "就业失业登记证办理",
    "就业困难人员认定",
    "医疗救助申请",
    "临时救助申请",
    "特困人员供养(五保)申请",
    "城乡低保申请",
    "老年证办理",
    "优抚对象定期抚恤金申请",
    "法律援助咨询",
    "人民调解",
    "灵活就业人员养老保险参保登记",
    "城乡居民养老保险参保登记",
    "社会保险参保暂停(封存)申请",
    "社会保险参保恢复(解封)申请",
    "社会保障卡启用",
    "社会保障卡密码修改与重置",
    "社会保障卡注销",
    "社会保障卡应用状态查询",
    "城乡居民基本医疗保险参保登记",
    "农村危房改造申请",
    "农村宅基地申请",
    "灾民救助款领取",
    "机动渔船油价补贴申报",
    "农机购置补贴申请",
    "个体工商户设立登记",
    "有线电视开户/过户",
    "用水报装",
    "用电报装",
};

} // namespace

TEST_CASE("seed: reference data loads and is marked as demo", "[seed]") {
    const ReferenceData& d = seed();
    CHECK(d.org.isDemo());
    CHECK(d.catalog.isDemo());
    CHECK(d.org.center().name == "赤壁市政务服务中心");
    CHECK(d.catalog.itemCount() >= 60u);
    CHECK(d.catalog.versionCount() >= d.catalog.itemCount());
}

TEST_CASE("seed: catalog holds every item seen in published service lists", "[seed]") {
    const ReferenceData& d = seed();
    std::set<std::string> names;
    for (const Item* it : d.catalog.latestItems())
        names.insert(it->name);
    for (const char* name : {"高龄补贴申请", "城乡低保申请", "家庭生活困难证明", "用电报装"})
        CHECK(names.count(name) == 1u);
    for (const char* name : kItemsSeen) {
        INFO(name);
        CHECK(names.count(name) == 1u);
    }
}

TEST_CASE("seed: catalog items are consistent with the organisation", "[seed]") {
    const ReferenceData& d = seed();
    const Org& org = d.org;
    const auto& hallWindows = org.windows(SiteKind::Hall);
    const auto& roomWindows = org.windows(SiteKind::Room);
    std::size_t villageItems = 0;
    for (const Item* it : d.catalog.latestItems()) {
        INFO(it->id << " " << it->name);
        CHECK(it->status == ItemStatus::Active);
        const Department* dept = org.department(it->department);
        REQUIRE(dept != nullptr);
        // ids are the department code and three digits
        CHECK(it->id.size() == dept->code.size() + 4);
        CHECK(it->id.rfind(dept->code + "-", 0) == 0u);
        CHECK(contains(hallWindows, it->window));
        if (it->offeredAt(Level::Village)) {
            ++villageItems;
            CHECK(contains(roomWindows, org.windowFor(it->department, SiteKind::Room)));
        }
        if (it->offeredAt(Level::City))
            CHECK(contains(org.windows(SiteKind::Center),
                           org.windowFor(it->department, SiteKind::Center)));
        CHECK(validateItem(*it, org, it->id).ok());
    }
    CHECK(villageItems > 0u);
}

TEST_CASE("seed: catalog has charged items and immediate items", "[seed]") {
    const ReferenceData& d = seed();
    const auto items = d.catalog.latestItems();
    const auto charged =
        std::count_if(items.begin(), items.end(), [](const Item* it) { return it->fee.charged; });
    const auto immediate = std::count_if(items.begin(), items.end(), [](const Item* it) {
        return it->caseKind == CaseKind::Immediate;
    });
    CHECK(charged >= 1);
    CHECK(immediate >= 1);
    for (const Item* it : items) {
        INFO(it->id);
        if (it->fee.charged) {
            CHECK_FALSE(it->fee.basis.empty());
            CHECK(it->fee.totalFen() > 0);
        }
        if (it->caseKind == CaseKind::Immediate)
            CHECK(it->promisedLimitDays == 0);
        else
            CHECK(it->promisedLimitDays < it->legalLimitDays);
    }
    const Item* lowIncome = nullptr;
    for (const Item* it : items)
        if (it->name == "城乡低保申请")
            lowIncome = it;
    REQUIRE(lowIncome != nullptr);
    CHECK(lowIncome->department == "民政局");
    CHECK(lowIncome->modeAt(Level::Village) == HandlingMode::VillageAcceptCenter);
}

TEST_CASE("seed: organisation and calendar parts of the reference data", "[seed]") {
    const ReferenceData& d = seed();
    CHECK(d.org.townships().size() == 14u);
    CHECK(d.org.departments().size() == 20u);
    CHECK(d.calendar.firstYear() == 2024);
    CHECK(d.calendar.lastYear() == 2026);
    CHECK(d.calendar.covers(Date::fromCivil(2024, 1, 1)));
    CHECK(d.calendar.covers(Date::fromCivil(2026, 12, 31)));
    CHECK_FALSE(d.calendar.covers(Date::fromCivil(2027, 1, 1)));
    CHECK_FALSE(d.calendar.isWorkingDay(Date::fromCivil(2026, 10, 1)));
    CHECK(d.calendar.isWorkingDay(Date::fromCivil(2026, 1, 4)));
}

TEST_CASE("seed: a missing file gives an error naming the file", "[seed]") {
    for (int part = 0; part < 3; ++part) {
        ReferencePaths paths = ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR);
        fs::path& p = part == 0 ? paths.org : part == 1 ? paths.catalog : paths.calendar;
        p = p.parent_path() / "no-such-file.data";
        const auto loaded = loadReferenceData(paths);
        REQUIRE_FALSE(loaded.ok());
        INFO("message: " << loaded.error().message);
        CHECK(loaded.error().kind == ErrorKind::NotFound);
        CHECK_THAT(loaded.error().message, Contains("no-such-file.data"));
    }
}

TEST_CASE("seed: a malformed catalog file gives an error and no data", "[seed]") {
    TempDir tmp;
    const fs::path bad = tmp.path / "broken-catalog.json";
    writeFile(bad,
              R"({"format": "bianmin-catalog/1", "demo": true, "items": [ {"id": "MZJ-001", )");
    ReferencePaths paths = ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR);
    paths.catalog = bad;
    const auto loaded = loadReferenceData(paths);
    REQUIRE_FALSE(loaded.ok());
    INFO("message: " << loaded.error().message);
    CHECK(loaded.error().kind == ErrorKind::InvalidInput);
    CHECK_THAT(loaded.error().message, Contains("broken-catalog.json"));
    CHECK_THAT(loaded.error().message, Contains("JSON"));
}

TEST_CASE("seed: a catalog with a bad field gives an error naming file, item and field", "[seed]") {
    ReferencePaths paths = ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR);
    paths.catalog = fs::path(BIANMIN_TEST_DATA_DIR) / "bad" / "catalog-copies-out-of-range.json";
    const auto loaded = loadReferenceData(paths);
    REQUIRE_FALSE(loaded.ok());
    INFO("message: " << loaded.error().message);
    CHECK_THAT(loaded.error().message, Contains("catalog-copies-out-of-range.json"));
    CHECK_THAT(loaded.error().message, Contains("item #2 (MZJ-002)"));
    CHECK_THAT(loaded.error().message, Contains("'materials[1].copies'"));
}

TEST_CASE("seed: a bad calendar file fails the whole load, naming file and line", "[seed]") {
    // the org and catalog load fine; the calendar, read last, still fails everything
    ReferencePaths paths = ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR);
    paths.calendar = fs::path(BIANMIN_TEST_DATA_DIR) / "bad" / "calendar-friday-workday.tsv";
    const auto loaded = loadReferenceData(paths);
    REQUIRE_FALSE(loaded.ok());
    INFO("message: " << loaded.error().message);
    CHECK_THAT(loaded.error().message, Contains("calendar-friday-workday.tsv"));
    CHECK_THAT(loaded.error().message, Contains("line 4:"));
    CHECK_THAT(loaded.error().message, Contains("'date'"));
}

TEST_CASE("seed: the same files in another directory load through inDirectory", "[seed]") {
    TempDir tmp;
    const fs::path src(BIANMIN_RESOURCES_DIR);
    for (const char* sub : {"org", "catalog", "calendar"})
        fs::create_directories(tmp.path / sub);
    fs::copy_file(src / "org" / "demo-city.json", tmp.path / "org" / "demo-city.json");
    fs::copy_file(src / "catalog" / "demo-catalog.json",
                  tmp.path / "catalog" / "demo-catalog.json");
    fs::copy_file(src / "calendar" / "cn-holidays.tsv", tmp.path / "calendar" / "cn-holidays.tsv");
    {
        const auto loaded = loadReferenceData(ReferencePaths::inDirectory(tmp.path));
        REQUIRE(loaded.ok());
        CHECK((*loaded)->catalog.itemCount() == seed().catalog.itemCount());
    }
    // corrupt the copy of the org: nothing loads
    writeFile(tmp.path / "org" / "demo-city.json", "{}");
    const auto broken = loadReferenceData(ReferencePaths::inDirectory(tmp.path));
    REQUIRE_FALSE(broken.ok());
    CHECK_THAT(broken.error().message, Contains("demo-city.json"));
}
