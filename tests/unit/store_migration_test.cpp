// Schema migrations, each tested on a database file of the previous version checked into
// tests/data/store/. The files were made by the hidden test below (run it with
// `store_tests "[.fixtures]"` after a schema change, and check the new file in).
#include "common/store/event_store.h"
#include "common/store/schema.h"
#include "tests/support/case_world.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>

using namespace bianmin::domain;
using namespace bianmin::store;
using bianmin::testing::CaseWorld;
using bianmin::testing::TempDir;

namespace {

const std::filesystem::path kFixtures = std::filesystem::path(BIANMIN_TEST_DATA_DIR) / "store";
const char* kPassword = "Cb#2026-agent";

// Three accepted cases; the names exercise the two-character and trigram paths.
void fillStore(EventStore& store) {
    int seed = 1;
    for (const auto& [caseId, name] : std::vector<std::pair<std::string, std::string>>{
             {"case-a", "王秀英"}, {"case-b", "张三"}, {"case-c", "欧阳秀兰"}}) {
        CaseWorld w(caseId, static_cast<std::uint64_t>(seed++));
        auto r = w.receive(w.cast.agent, "MZJ-001");
        r.applicant.name = name;
        w.must(w.cast.agent, r);
        w.must(w.cast.agent, AcceptPayload{});
        REQUIRE(store.appendAll(w.events).ok());
    }
}

EventStore::Options options() {
    EventStore::Options o;
    o.kdf = crypto::KdfParams::fastForTests();
    return o;
}

std::vector<std::string> namesFound(EventStore& store, const std::string& text) {
    SearchQuery q;
    q.text = text;
    auto page = store.search(q);
    REQUIRE(page.ok());
    std::vector<std::string> out;
    for (const auto& r : page->rows)
        out.push_back(r.applicantName);
    std::sort(out.begin(), out.end());
    return out;
}

std::filesystem::path copyFixture(const TempDir& dir, const std::string& name) {
    const auto to = dir / "client.db";
    std::filesystem::copy_file(kFixtures / name, to);
    return to;
}

} // namespace

TEST_CASE("store migration: make the fixture files of earlier schema versions", "[.fixtures]") {
    // A current store, then taken back to what each earlier version holds: migrations 2–5 only
    // add tables and indexes, so dropping them gives exactly the earlier file; migration 6 dropped
    // an index, which is put back; migration 7 made the search index contentless, and the index
    // with its own copy of the text is put back.
    std::filesystem::create_directories(kFixtures);
    for (int version : {1, 2, 3, 4, 5, 6}) {
        TempDir dir;
        {
            auto store = EventStore::open(dir / "client.db", options());
            REQUIRE(store.ok());
            REQUIRE((*store)->createKeyring("agent-r1", kPassword).ok());
            REQUIRE((*store)
                        ->putReference(
                            bianmin::refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR), 1)
                        .ok());
            fillStore(**store);
        }
        auto db = Db::open(dir / "client.db");
        REQUIRE(db.ok());
        REQUIRE((*db)
                    ->exec("DROP TABLE case_fts; CREATE VIRTUAL TABLE case_fts USING fts5(numbers, "
                           "applicant, item, tokenize = 'trigram'); INSERT INTO case_fts(rowid, "
                           "numbers, applicant, item) SELECT rowid_, provisional_no || ' ' || "
                           "official_no, applicant_name, item_name FROM cases;")
                    .ok());
        if (version <= 5)
            REQUIRE(
                (*db)
                    ->exec("CREATE INDEX cases_by_due ON cases(due_day, case_id) WHERE open = 1")
                    .ok());
        if (version <= 4)
            REQUIRE((*db)->exec("DROP INDEX cases_by_due_all").ok());
        if (version <= 3)
            REQUIRE((*db)->exec("DROP TABLE rejected").ok());
        if (version <= 2)
            REQUIRE((*db)->exec("DROP TABLE stats").ok());
        if (version == 1)
            REQUIRE((*db)->exec("DROP TABLE case_fts; DROP TABLE name_grams;").ok());
        REQUIRE((*db)->exec("PRAGMA user_version = " + std::to_string(version)).ok());
        REQUIRE((*db)->exec("PRAGMA journal_mode = DELETE; VACUUM;").ok());
        db->reset();
        const auto out = kFixtures / ("client-v" + std::to_string(version) + ".db");
        std::filesystem::copy_file(dir / "client.db", out,
                                   std::filesystem::copy_options::overwrite_existing);
    }
}

TEST_CASE("store migration: a version 1 file gains the search index and statistics",
          "[store][migration]") {
    TempDir dir;
    const auto file = copyFixture(dir, "client-v1.db");
    {
        auto db = Db::open(file);
        REQUIRE(db.ok());
        CHECK(*schemaVersion(**db) == 1);
    }
    auto store = EventStore::open(file, options());
    REQUIRE(store.ok());
    CHECK(*schemaVersion((*store)->db()) == kSchemaVersion);
    REQUIRE((*store)->unlock("agent-r1", kPassword).ok());
    CHECK(namesFound(**store, "张三") == std::vector<std::string>{"张三"});
    CHECK(namesFound(**store, "秀") == std::vector<std::string>{"欧阳秀兰", "王秀英"});
    CHECK(namesFound(**store, "欧阳秀") == std::vector<std::string>{"欧阳秀兰"});
    auto stats = (*store)->statistics(Date::fromCivil(2026, 1, 1), Date::fromCivil(2027, 1, 1));
    REQUIRE(stats.ok());
    REQUIRE(stats->size() == 1);
    CHECK(stats->front().count == 3);
    CHECK(stats->front().status == CaseStatus::Accepted);
    // The migrated store keeps working.
    CaseWorld w("case-d", 9);
    w.must(w.cast.agent, w.receive(w.cast.agent, "MZJ-001"));
    REQUIRE((*store)->appendAll(w.events).ok());
    CHECK(*(*store)->caseCount() == 4);
}

TEST_CASE("store migration: a version 2 file gains the statistics", "[store][migration]") {
    TempDir dir;
    const auto file = copyFixture(dir, "client-v2.db");
    auto store = EventStore::open(file, options());
    REQUIRE(store.ok());
    CHECK(*schemaVersion((*store)->db()) == kSchemaVersion);
    REQUIRE((*store)->unlock("agent-r1", kPassword).ok());
    auto stats = (*store)->statistics(Date::fromCivil(2026, 1, 1), Date::fromCivil(2027, 1, 1));
    REQUIRE(stats.ok());
    REQUIRE(stats->size() == 1);
    CHECK(stats->front().count == 3);
    CHECK(namesFound(**store, "王秀英") == std::vector<std::string>{"王秀英"});
}

TEST_CASE("store migration: a version 3 file gains the table of refused events",
          "[store][migration]") {
    TempDir dir;
    const auto file = copyFixture(dir, "client-v3.db");
    auto store = EventStore::open(file, options());
    REQUIRE(store.ok());
    CHECK(*schemaVersion((*store)->db()) == kSchemaVersion);
    REQUIRE((*store)->unlock("agent-r1", kPassword).ok());
    auto rejected = (*store)->rejectedEvents();
    REQUIRE(rejected.ok());
    CHECK(rejected->empty());
    CHECK(*(*store)->caseCount() == 3);
}

TEST_CASE("store migration: a version 4 file gains the due-date index", "[store][migration]") {
    TempDir dir;
    const auto file = copyFixture(dir, "client-v4.db");
    auto store = EventStore::open(file, options());
    REQUIRE(store.ok());
    CHECK(*schemaVersion((*store)->db()) == kSchemaVersion);
    REQUIRE((*store)->unlock("agent-r1", kPassword).ok());
    SearchQuery q;
    q.order = SortOrder::DueSoonestFirst;
    auto page = (*store)->search(q);
    REQUIRE(page.ok());
    CHECK(page->rows.size() == 3);
}

namespace {
bool hasIndex(Db& db, const std::string& name) {
    auto s = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?");
    REQUIRE(s.ok());
    (*s)->bind(1, name);
    REQUIRE(*(*s)->step());
    const bool has = (*s)->integer(0) == 1;
    (*s)->reset();
    return has;
}
} // namespace

TEST_CASE("store migration: a version 5 file loses the unused open-cases due-date index",
          "[store][migration]") {
    TempDir dir;
    const auto file = copyFixture(dir, "client-v5.db");
    {
        auto db = Db::open(file);
        REQUIRE(db.ok());
        CHECK(*schemaVersion(**db) == 5);
        CHECK(hasIndex(**db, "cases_by_due"));
    }
    auto store = EventStore::open(file, options());
    REQUIRE(store.ok());
    CHECK(*schemaVersion((*store)->db()) == kSchemaVersion);
    CHECK_FALSE(hasIndex((*store)->db(), "cases_by_due"));
    CHECK(hasIndex((*store)->db(), "cases_by_due_all"));
    REQUIRE((*store)->unlock("agent-r1", kPassword).ok());
    // The lists that index served still work: open cases by due date, through cases_by_due_all.
    SearchQuery q;
    q.order = SortOrder::DueSoonestFirst;
    q.openOnly = true;
    auto page = (*store)->search(q);
    REQUIRE(page.ok());
    CHECK(page->rows.size() == 3);
    auto plan =
        (*store)->db().prepare("EXPLAIN QUERY PLAN SELECT case_id FROM cases WHERE open = 1 "
                               "ORDER BY COALESCE(due_day, 2147483647), case_id LIMIT 51");
    REQUIRE(plan.ok());
    REQUIRE(*(*plan)->step());
    CHECK((*plan)->text(3) == "SCAN cases USING INDEX cases_by_due_all");
    (*plan)->reset();
    // And appends, searches and statistics go on.
    CaseWorld w("case-d", 9);
    w.must(w.cast.agent, w.receive(w.cast.agent, "MZJ-001"));
    REQUIRE((*store)->appendAll(w.events).ok());
    CHECK(*(*store)->caseCount() == 4);
    CHECK(namesFound(**store, "欧阳秀") == std::vector<std::string>{"欧阳秀兰"});
    auto stats = (*store)->statistics(Date::fromCivil(2026, 1, 1), Date::fromCivil(2027, 1, 1));
    REQUIRE(stats.ok());
    std::int64_t total = 0;
    for (const auto& row : *stats)
        total += row.count;
    CHECK(total == 4);
}

namespace {
bool hasTable(Db& db, const std::string& name) {
    auto s = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
    REQUIRE(s.ok());
    (*s)->bind(1, name);
    REQUIRE(*(*s)->step());
    const bool has = (*s)->integer(0) == 1;
    (*s)->reset();
    return has;
}

std::int64_t scalar(Db& db, const std::string& sql) {
    auto s = db.prepare(sql);
    REQUIRE(s.ok());
    REQUIRE(*(*s)->step());
    const std::int64_t v = (*s)->int64(0);
    (*s)->reset();
    return v;
}
} // namespace

TEST_CASE("store migration: a version 6 file's search index drops its copy of the text",
          "[store][migration]") {
    TempDir dir;
    const auto file = copyFixture(dir, "client-v6.db");
    {
        auto db = Db::open(file);
        REQUIRE(db.ok());
        CHECK(*schemaVersion(**db) == 6);
        CHECK(hasTable(**db, "case_fts_content"));
    }
    auto store = EventStore::open(file, options());
    REQUIRE(store.ok());
    Db& db = (*store)->db();
    CHECK(*schemaVersion(db) == kSchemaVersion);
    CHECK_FALSE(hasTable(db, "case_fts_content"));
    CHECK_FALSE(hasTable(db, "case_fts_docsize"));
    // Every case is in the index again, found by each of its texts (documents counted from the
    // index's terms: it cannot be scanned).
    REQUIRE(db.exec("CREATE VIRTUAL TABLE temp.case_fts_terms USING "
                    "fts5vocab(main, case_fts, 'instance')")
                .ok());
    const std::string indexed = "SELECT count(DISTINCT doc) FROM temp.case_fts_terms";
    CHECK(scalar(db, indexed) == 3);
    REQUIRE((*store)->unlock("agent-r1", kPassword).ok());
    CHECK(namesFound(**store, "王秀英") == std::vector<std::string>{"王秀英"});
    CHECK(namesFound(**store, "欧阳秀") == std::vector<std::string>{"欧阳秀兰"});
    CHECK(namesFound(**store, "秀") == std::vector<std::string>{"欧阳秀兰", "王秀英"});
    CHECK(namesFound(**store, "张三") == std::vector<std::string>{"张三"});
    // (The three cases share their provisional number: CaseWorld numbers each world's first.)
    auto numbered = (*store)->caseView("case-b");
    REQUIRE(numbered.ok());
    REQUIRE(numbered->provisionalNumber.size() > 8);
    CHECK(namesFound(**store,
                     numbered->provisionalNumber.substr(numbered->provisionalNumber.size() - 8))
              .size() == 3);
    auto item = (*store)->search(SearchQuery{});
    REQUIRE(item.ok());
    REQUIRE_FALSE(item->rows.empty());
    CHECK(namesFound(**store, item->rows.front().itemName).size() == 3);
    // A migrated case's entry comes out of the index with the text the migration indexed: a
    // refused first event takes the case away, and its name finds nothing any more.
    auto events = (*store)->caseEvents("case-a");
    REQUIRE(events.ok());
    REQUIRE((*store)->markRejected(events->front().id, "forbidden", "no").ok());
    CHECK(namesFound(**store, "王秀英").empty());
    CHECK(namesFound(**store, "秀") == std::vector<std::string>{"欧阳秀兰"});
    CHECK(scalar(db, indexed) == 2);
    // New cases are indexed as before.
    CaseWorld w("case-d", 9);
    auto r = w.receive(w.cast.agent, "MZJ-001");
    r.applicant.name = "李秀芳";
    w.must(w.cast.agent, r);
    REQUIRE((*store)->appendAll(w.events).ok());
    CHECK(namesFound(**store, "李秀芳") == std::vector<std::string>{"李秀芳"});
    CHECK(namesFound(**store, "秀") == std::vector<std::string>{"李秀芳", "欧阳秀兰"});
    CHECK(scalar(db, indexed) == 3);
}

TEST_CASE("store migration: a failure in the middle of a migration leaves the old version",
          "[store][migration]") {
    TempDir dir;
    const auto file = copyFixture(dir, "client-v1.db");
    // Up to the first n past the last statement, so that every failure point of every
    // migration from version 1 is tried.
    bool completed = false;
    for (int n = 1; n < 100 && !completed; ++n) {
        std::filesystem::copy_file(kFixtures / "client-v1.db", file,
                                   std::filesystem::copy_options::overwrite_existing);
        auto db = Db::open(file);
        REQUIRE(db.ok());
        (*db)->failStatementAfter(n);
        const Status st = migrate(**db);
        (*db)->failStatementAfter(0);
        const int v = *schemaVersion(**db);
        INFO("failing statement " << n);
        if (st.ok()) {
            CHECK(v == kSchemaVersion);
            completed = true;
            continue;
        }
        // Each migration is one transaction: the file is at a whole version, never between.
        CHECK((v >= 1 && v < kSchemaVersion));
        REQUIRE(migrate(**db).ok());
        CHECK(*schemaVersion(**db) == kSchemaVersion);
    }
    CHECK(completed);
}

TEST_CASE("store: statistics follow each case's current status", "[store]") {
    TempDir dir;
    auto store = EventStore::open(dir / "client.db", options());
    REQUIRE(store.ok());
    REQUIRE((*store)->createKeyring("agent-r1", kPassword).ok());
    REQUIRE(
        (*store)
            ->putReference(bianmin::refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR), 1)
            .ok());
    fillStore(**store);
    CaseWorld w("case-r", 77);
    w.must(w.cast.agent, w.receive(w.cast.agent, "MZJ-001"));
    REQUIRE((*store)->appendAll(w.events).ok());
    auto before = (*store)->statistics(Date::fromCivil(2026, 11, 1), Date::fromCivil(2026, 12, 1));
    REQUIRE(before.ok());
    REQUIRE(before->size() == 2); // 3 accepted, 1 received
    Event refuse = w.make(w.cast.agent, RefusePayload{{"不符合条件"}, true});
    REQUIRE((*store)->append(refuse).ok());
    auto after = (*store)->statistics(Date::fromCivil(2026, 11, 1), Date::fromCivil(2026, 12, 1));
    REQUIRE(after.ok());
    REQUIRE(after->size() == 2);
    CHECK(after->at(0).status == CaseStatus::Accepted);
    CHECK(after->at(0).count == 3);
    CHECK(after->at(1).status == CaseStatus::Refused);
    CHECK(after->at(1).count == 1);
    CHECK(after->at(0).window == "民政");
    // Outside the period: nothing.
    CHECK((*store)->statistics(Date::fromCivil(2025, 1, 1), Date::fromCivil(2025, 2, 1))->empty());
}
