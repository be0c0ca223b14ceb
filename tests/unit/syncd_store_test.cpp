// bianmin-syncd's SQLite server store on its own: schema and reopening, accounts, enrollment
// codes, all-or-nothing writes, the pull order with its two streams and several readers, and
// readers pulling while a writer appends.
#include "common/store/sqlite.h"
#include "syncserver/store/sqlite_server_store.h"
#include "tests/support/temp_dir.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <thread>

using namespace bianmin::domain;
using namespace bianmin::syncd;
using bianmin::testing::TempDir;

namespace {

std::unique_ptr<SqliteServerStore> openStore(const std::filesystem::path& path) {
    auto s = SqliteServerStore::open(path);
    INFO((s ? "" : s.error().message));
    REQUIRE(s.ok());
    return std::move(*s);
}

UserRecord user(const std::string& id, const std::string& site) {
    UserRecord u;
    u.id = id;
    u.name = "用户" + id;
    u.role = Role::Clerk;
    u.siteId = site;
    u.passwordHash = "pw1$test";
    return u;
}

// Appends one event (body "<id>") and grants the readers, in one transaction.
std::int64_t append(ServerStore& s, const std::string& id, const std::string& caseId,
                    const std::vector<std::string>& grants = {}) {
    auto tx = s.beginWrite();
    REQUIRE(tx.ok());
    auto seq = (*tx)->appendEvent({id, caseId, "body-" + id, 0});
    REQUIRE(seq.ok());
    for (const auto& r : grants)
        REQUIRE((*tx)->grantAccess(caseId, r, *seq).ok());
    REQUIRE((*tx)->commit().ok());
    return *seq;
}

std::vector<std::pair<std::int64_t, std::int64_t>> positions(const PullPage& p) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (const auto& e : p.events)
        out.emplace_back(e.position.key, e.position.seq);
    return out;
}

using Positions = std::vector<std::pair<std::int64_t, std::int64_t>>;

} // namespace

TEST_CASE("syncd store: schema version, reopening, and a file from a newer build",
          "[syncd][store]") {
    TempDir dir;
    const auto path = dir / "syncd.db";
    {
        auto s = openStore(path);
        REQUIRE(s->putSite({"421281909000", "车埠镇便民服务大厅", SiteKind::Hall, "421281000000"})
                    .ok());
        REQUIRE(s->createUser(user("clerk-h", "421281909000")).ok());
        REQUIRE(s->putReference({1, "{}", "{}", "cal"}).ok());
    }
    {
        auto s = openStore(path);
        auto site = s->site("421281909000");
        REQUIRE(site.ok());
        REQUIRE(site->has_value());
        CHECK((*site)->kind == SiteKind::Hall);
        CHECK((*site)->parentId == "421281000000");
        auto u = s->user("clerk-h");
        REQUIRE(u.ok());
        REQUIRE(u->has_value());
        CHECK((*u)->role == Role::Clerk);
        CHECK((*u)->active);
        CHECK(s->referenceVersion().value() == 1);
        // A site renamed by a new organisation file keeps its id.
        REQUIRE(s->putSite({"421281909000", "车埠镇政务服务大厅", SiteKind::Hall, "421281000000"})
                    .ok());
        CHECK(s->site("421281909000").value()->name == "车埠镇政务服务大厅");
        CHECK(s->sites().value().size() == 1);
    }
    {
        auto db = bianmin::store::Db::open(path);
        REQUIRE(db.ok());
        auto v = (*db)->prepare("PRAGMA user_version");
        REQUIRE(v.ok());
        REQUIRE((*v)->step().value());
        CHECK((*v)->integer(0) == SqliteServerStore::kSchemaVersion);
        (*v)->reset();
        REQUIRE((*db)->exec("PRAGMA user_version = 99").ok());
    }
    auto newer = SqliteServerStore::open(path);
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().code == "schema_too_new");
}

TEST_CASE("syncd store: accounts", "[syncd][store]") {
    TempDir dir;
    auto s = openStore(dir / "syncd.db");
    REQUIRE(s->putSites({{"421281000000", "中心", SiteKind::Center, ""},
                         {"421281909000", "大厅", SiteKind::Hall, "421281000000"}})
                .ok());

    SECTION("users are created all or none") {
        REQUIRE(s->createUser(user("a", "421281909000")).ok());
        const auto dup = s->createUsers({user("b", "421281909000"), user("a", "421281909000")});
        CHECK(dup.error().code == "user_exists");
        CHECK_FALSE(s->user("b").value().has_value());
        CHECK(s->createUser(user("c", "421281999999")).error().code == "unknown_site");
        CHECK(s->userCount().value() == 1);
        CHECK(s->usersOfSite("421281909000").value().size() == 1);
    }
    SECTION("login failures count atomically and clear") {
        REQUIRE(s->createUser(user("a", "421281909000")).ok());
        CHECK(s->addLoginFailure("a").value() == 1);
        CHECK(s->addLoginFailure("a").value() == 2);
        REQUIRE(s->setLockedUntil("a", 5000).ok());
        CHECK(s->user("a").value()->lockedUntil == 5000);
        REQUIRE(s->clearLoginFailures("a").ok());
        CHECK(s->user("a").value()->failedLogins == 0);
        CHECK(s->addLoginFailure("nobody").error().code == "unknown_user");
        REQUIRE(s->addLoginFailure("a").ok());
        REQUIRE(s->setPassword("a", "pw1$new").ok());
        CHECK(s->user("a").value()->failedLogins == 0);
        CHECK(s->user("a").value()->passwordHash == "pw1$new");
        CHECK(s->setPassword("nobody", "x").error().code == "unknown_user");
    }
    SECTION("an enrollment code redeems once, before it expires") {
        REQUIRE(
            s->createEnrollmentCode({"hash-1", "421281000000", "民政局", 0, 1000, {}, {}}).ok());
        DeviceRecord d;
        d.id = "dv-1";
        d.name = "民政局窗口";
        d.secretHash = "secret-hash";
        CHECK(s->redeemEnrollmentCode("hash-x", 10, d).value() == RedeemOutcome::UnknownCode);
        CHECK(s->redeemEnrollmentCode("hash-1", 1000, d).value() == RedeemOutcome::ExpiredCode);
        CHECK_FALSE(s->device("dv-1").value().has_value());
        CHECK(s->redeemEnrollmentCode("hash-1", 999, d).value() == RedeemOutcome::Enrolled);
        auto dev = s->device("dv-1").value();
        REQUIRE(dev.has_value());
        CHECK(dev->siteId == "421281000000");
        CHECK(dev->department == "民政局");
        CHECK(dev->enrolledAt == 999);
        DeviceRecord d2 = d;
        d2.id = "dv-2";
        CHECK(s->redeemEnrollmentCode("hash-1", 999, d2).value() == RedeemOutcome::UsedCode);
        CHECK(s->devices().value().size() == 1);

        REQUIRE(s->createUser(user("a", "421281000000")).ok());
        REQUIRE(s->createSession({"tok-1", "dv-1", "a", 0, 100}).ok());
        CHECK(s->session("tok-1").value().has_value());
        CHECK(s->revokeDevice("dv-1", 500).value());
        CHECK(s->revokeDevice("dv-1", 600).value());
        CHECK(s->device("dv-1").value()->revokedAt == 500);
        CHECK_FALSE(s->session("tok-1").value().has_value()); // sessions end with the device
        CHECK_FALSE(s->revokeDevice("dv-9", 500).value());

        REQUIRE(s->recordHello("dv-1", {"0.1.0", 3, "超时", 700}).ok());
        CHECK(s->device("dv-1").value()->backlog == 3);
    }
    SECTION("expired sessions are purged") {
        REQUIRE(s->createUser(user("a", "421281000000")).ok());
        REQUIRE(s->createEnrollmentCode({"h", "421281000000", "", 0, 1000, {}, {}}).ok());
        DeviceRecord d;
        d.id = "dv-1";
        d.name = "n";
        d.secretHash = "x";
        REQUIRE(s->redeemEnrollmentCode("h", 1, d).value() == RedeemOutcome::Enrolled);
        REQUIRE(s->createSession({"t1", "dv-1", "a", 0, 100}).ok());
        REQUIRE(s->createSession({"t2", "dv-1", "a", 0, 300}).ok());
        CHECK(s->purgeSessions(200).value() == 1);
        CHECK(s->session("t2").value().has_value());
    }
}

TEST_CASE("syncd store: a write transaction is all or nothing", "[syncd][store]") {
    TempDir dir;
    auto s = openStore(dir / "syncd.db");
    {
        auto tx = s->beginWrite();
        REQUIRE(tx.ok());
        REQUIRE((*tx)->appendEvent({"e1", "c1", "b1", 0}).value() == 1);
        REQUIRE((*tx)->grantAccess("c1", "r1", 1).ok());
        CHECK((*tx)->caseHead("c1").value() == 1);
        CHECK((*tx)->eventById("e1").value().has_value());
        // dropped without commit
    }
    CHECK(s->lastServerSeq().value() == 0);
    CHECK(s->pull({"r1"}, {}, 10).value().events.empty());
    CHECK(append(*s, "e1", "c1", {"r1"}) == 1);
    auto tx = s->beginWrite();
    REQUIRE(tx.ok());
    auto dup = (*tx)->appendEvent({"e1", "c1", "other", 0});
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().code == "duplicate_event");
    // A second grant to the same reader keeps the first.
    REQUIRE((*tx)->grantAccess("c1", "r1", 7).ok());
    CHECK((*tx)->caseReaders("c1").value() == std::vector<std::string>{"r1"});
    REQUIRE((*tx)->commit().ok());
    CHECK(positions(s->pull({"r1"}, {}, 10).value()) == Positions{{1, 1}});
}

TEST_CASE("syncd store: migration 2 adds case numbers and the official counter to a version 1 "
          "file, and indexes the provisional numbers already stored",
          "[syncd][store][numbers]") {
    TempDir dir;
    const auto path = dir / "syncd.db";
    const std::string receive = R"({"type":"receive","payload":{"provisionalNumber":)"
                                R"("L421281909001-20261123-0001"}})";
    {
        auto s = openStore(path);
        auto tx = s->beginWrite();
        REQUIRE(tx.ok());
        REQUIRE((*tx)->appendEvent({"e1", "c1", receive, 0}).ok());
        REQUIRE((*tx)->appendEvent({"e2", "c1", R"({"type":"accept","payload":{}})", 0}).ok());
        REQUIRE((*tx)->grantAccess("c1", "421281909001", 1).ok());
        REQUIRE((*tx)->commit().ok());
    }
    {
        // Back to what a version 1 build left: its tables only, and user_version 1.
        auto db = bianmin::store::Db::open(path);
        REQUIRE(db.ok());
        REQUIRE((*db)
                    ->exec("DROP TABLE case_numbers; DROP TABLE official_counters; "
                           "DROP INDEX case_access_by_reader; DROP TABLE console_sessions; "
                           "DROP TABLE audit_log; DROP TABLE catalog_drafts; "
                           "DROP TABLE supervision_notices; DROP TABLE reader_events; "
                           "PRAGMA user_version = 1;")
                    .ok());
    }
    auto s = openStore(path);
    CHECK(s->casesByNumber("L421281909001-20261123-0001").value() ==
          std::vector<std::string>{"c1"});
    CHECK(s->casesByNumber("L421281909001-20261123-0002").value().empty());
    CHECK(s->casesOfReader("421281909001").value() == std::vector<std::string>{"c1"});
    CHECK(s->readersOfCases({"c1", "c-none"}).value() == std::vector<std::string>{"421281909001"});
    CHECK(s->eventsAfter(0, 10).value().size() == 2);
    CHECK(s->eventsAfter(1, 10).value().front().caseId == "c1");
    CHECK(s->eventsAfter(1, 10).value().front().serverSeq == 2);

    {
        auto tx = s->beginWrite();
        REQUIRE(tx.ok());
        // The counter: per city and day, from 1, never twice.
        CHECK((*tx)->nextOfficialSequence("421281", "20261123").value() == 1);
        CHECK((*tx)->nextOfficialSequence("421281", "20261123").value() == 2);
        CHECK((*tx)->nextOfficialSequence("421281", "20261124").value() == 1);
        CHECK((*tx)->nextOfficialSequence("420100", "20261123").value() == 1);
        // One official number per case, one case per official number.
        REQUIRE(
            (*tx)->addCaseNumber("c1", "421281-20261123-000001", CaseNumberKind::Official).ok());
        CHECK((*tx)
                  ->addCaseNumber("c1", "421281-20261123-000002", CaseNumberKind::Official)
                  .error()
                  .code == "number_taken");
        CHECK((*tx)
                  ->addCaseNumber("c2", "421281-20261123-000001", CaseNumberKind::Official)
                  .error()
                  .code == "number_taken");
        // A provisional number twice is fine; a site that reused one finds both cases.
        CHECK((*tx)
                  ->addCaseNumber("c1", "L421281909001-20261123-0001", CaseNumberKind::Provisional)
                  .ok());
        CHECK((*tx)
                  ->addCaseNumber("c9", "L421281909001-20261123-0001", CaseNumberKind::Provisional)
                  .ok());
        REQUIRE((*tx)->commit().ok());
    }
    CHECK(s->casesByNumber("421281-20261123-000001").value() == std::vector<std::string>{"c1"});
    CHECK(s->casesByNumber("L421281909001-20261123-0001").value() ==
          std::vector<std::string>{"c1", "c9"});

    SECTION("a counter drawn in a rolled-back transaction is drawn again, never lowered") {
        {
            auto t = s->beginWrite();
            REQUIRE(t.ok());
            CHECK((*t)->nextOfficialSequence("421281", "20261123").value() == 3);
        }
        auto t = s->beginWrite();
        REQUIRE(t.ok());
        CHECK((*t)->nextOfficialSequence("421281", "20261123").value() == 3);
        REQUIRE((*t)->commit().ok());
    }
    SECTION("the counter survives reopening") {
        s.reset();
        s = openStore(path);
        auto t = s->beginWrite();
        REQUIRE(t.ok());
        CHECK((*t)->nextOfficialSequence("421281", "20261123").value() == 3);
    }
}

TEST_CASE("syncd store: pull order, by key then server sequence", "[syncd][store][pull]") {
    TempDir dir;
    auto s = openStore(dir / "syncd.db");
    append(*s, "a1", "A", {"r1"});       // 1
    append(*s, "b2", "B", {"rx"});       // 2
    append(*s, "a3", "A");               // 3
    append(*s, "b4", "B");               // 4
    append(*s, "b5", "B", {"r1"});       // 5: B passes to r1 with its history
    append(*s, "c6", "C", {"r1", "r2"}); // 6
    append(*s, "c7", "C");               // 7

    const Positions r1 = {{1, 1}, {3, 3}, {5, 2}, {5, 4}, {5, 5}, {6, 6}, {7, 7}};
    auto all = s->pull({"r1"}, {}, 100);
    REQUIRE(all.ok());
    CHECK(positions(*all) == r1);
    CHECK_FALSE(all->more);
    CHECK(all->next == PullCursor{7, 7});
    CHECK(all->events[2].body == "body-b2");

    SECTION("page by page, with every cursor") {
        for (std::size_t limit = 1; limit <= 8; ++limit) {
            INFO("limit " << limit);
            PullCursor c;
            Positions got;
            for (int guard = 0; guard < 20; ++guard) {
                auto p = s->pull({"r1"}, c, limit);
                REQUIRE(p.ok());
                CHECK(p->events.size() <= limit);
                const auto ps = positions(*p);
                got.insert(got.end(), ps.begin(), ps.end());
                c = p->next;
                if (!p->more)
                    break;
            }
            CHECK(got == r1);
        }
        CHECK(positions(s->pull({"r1"}, {5, 2}, 100).value()) ==
              Positions{{5, 4}, {5, 5}, {6, 6}, {7, 7}});
    }
    SECTION("a device with two readers gets each event once, keyed by its earliest grant") {
        CHECK(positions(s->pull({"r1", "rx"}, {}, 100).value()) ==
              Positions{{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}, {6, 6}, {7, 7}});
        CHECK(positions(s->pull({"r1", "r2"}, {}, 100).value()) == r1);
    }
    SECTION("a reader with nothing to read is caught up at the newest event") {
        auto p = s->pull({"nobody"}, {}, 10);
        REQUIRE(p.ok());
        CHECK(p->events.empty());
        CHECK(p->next == PullCursor{7, 7});
        append(*s, "d8", "D", {"nobody"});
        CHECK(positions(s->pull({"nobody"}, p->next, 10).value()) == Positions{{8, 8}});
        CHECK(s->pull({"nobody"}, {9, 9}, 10).error().code == "bad_request");
    }
    SECTION("a grant long after the cursor brings the history first") {
        auto p = s->pull({"r2"}, {}, 10);
        REQUIRE(p.ok());
        CHECK(positions(*p) == Positions{{6, 6}, {7, 7}});
        append(*s, "a8", "A", {"r2"});
        CHECK(positions(s->pull({"r2"}, p->next, 10).value()) == Positions{{8, 1}, {8, 3}, {8, 8}});
    }
}

TEST_CASE("syncd store: readers pull while a writer appends, and miss nothing",
          "[syncd][store][pull][threads]") {
    TempDir dir;
    auto s = openStore(dir / "syncd.db");
    constexpr int kEvents = 240;
    std::atomic<bool> done{false};
    std::thread writer([&] {
        // 24 cases; every third case reaches "r" only after some of its events.
        for (int i = 0; i < kEvents; ++i) {
            const int c = i % 24;
            const std::string caseId = "case-" + std::to_string(c);
            std::vector<std::string> grants;
            if (i < 24)
                grants.push_back(c % 3 == 0 ? "other" : "r");
            else if (c % 3 == 0 && i / 24 == 3)
                grants.push_back("r");
            append(*s, "e" + std::to_string(i), caseId, grants);
        }
        done = true;
    });
    std::vector<std::thread> readers;
    std::vector<std::vector<std::string>> seen(3);
    std::vector<std::string> failures(3);
    for (std::size_t t = 0; t < 3; ++t) {
        readers.emplace_back([&, t] {
            PullCursor c;
            while (true) {
                const bool last = done.load();
                auto p = s->pull({"r"}, c, 7);
                if (!p) {
                    failures[t] = p.error().message;
                    return;
                }
                for (const auto& e : p->events)
                    seen[t].push_back(e.body);
                c = p->next;
                if (last && !p->more)
                    return;
            }
        });
    }
    writer.join();
    for (auto& r : readers)
        r.join();
    const auto truth = s->pull({"r"}, {}, 10'000);
    REQUIRE(truth.ok());
    CHECK(truth->events.size() == kEvents);
    std::vector<std::string> bodies;
    for (const auto& e : truth->events)
        bodies.push_back(e.body);
    for (std::size_t t = 0; t < 3; ++t) {
        INFO("reader " << t << " " << failures[t]);
        CHECK(failures[t].empty());
        std::vector<std::string> a = seen[t];
        std::vector<std::string> b = bodies;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        CHECK(a == b); // each event exactly once
    }
}

namespace {

// The pull order from its definition (docs/sync.md): every event of a case the readers were ever
// granted, keyed by max(server_seq, the earliest of the readers' grants), by (key, server_seq).
struct PullModel {
    struct Ev {
        std::int64_t seq;
        std::string caseId;
    };
    std::vector<Ev> events;
    std::map<std::pair<std::string, std::string>, std::int64_t> grants; // (case, reader) → seq

    Positions expected(const std::vector<std::string>& readers) const {
        Positions out;
        for (const auto& e : events) {
            std::optional<std::int64_t> first;
            for (const auto& r : readers)
                if (auto g = grants.find({e.caseId, r}); g != grants.end())
                    first = std::min(first.value_or(g->second), g->second);
            if (first)
                out.emplace_back(std::max(e.seq, *first), e.seq);
        }
        std::sort(out.begin(), out.end());
        return out;
    }
};

Positions pullAll(ServerStore& s, const std::vector<std::string>& readers, std::size_t limit,
                  PullCursor from = {}) {
    Positions got;
    PullCursor c = from;
    for (int guard = 0; guard < 10'000; ++guard) {
        auto p = s.pull(readers, c, limit);
        REQUIRE(p.ok());
        REQUIRE(p->events.size() <= limit);
        const auto ps = positions(*p);
        got.insert(got.end(), ps.begin(), ps.end());
        c = p->next;
        if (!p->more)
            return got;
        REQUIRE_FALSE(ps.empty()); // a page that says "more" moves the cursor on
    }
    FAIL("the pull never finished");
    return got;
}

} // namespace

TEST_CASE("syncd store: the pull matches its definition for random histories, readers and page "
          "sizes",
          "[syncd][store][pull]") {
    TempDir dir;
    auto s = openStore(dir / "syncd.db");
    PullModel model;
    std::mt19937 rng(20261127);
    const std::vector<std::string> readerNames = {"r1", "r2", "r3", "dept:x"};
    constexpr int kCases = 12;
    std::vector<PullCursor> midway; // cursors a device held part of the way through
    for (int i = 1; i <= 300; ++i) {
        const std::string caseId = "case-" + std::to_string(rng() % kCases);
        std::vector<std::string> newReaders;
        // Most events grant nothing new; some grant one or two readers (first events, forwards).
        const bool first = std::none_of(model.events.begin(), model.events.end(),
                                        [&](const auto& e) { return e.caseId == caseId; });
        const int grants = first ? 1 + static_cast<int>(rng() % 2) : (rng() % 6 == 0 ? 1 : 0);
        for (int g = 0; g < grants; ++g) {
            const std::string& r = readerNames[rng() % readerNames.size()];
            if (!model.grants.contains({caseId, r}) &&
                std::find(newReaders.begin(), newReaders.end(), r) == newReaders.end())
                newReaders.push_back(r);
        }
        const auto seq = append(*s, "e" + std::to_string(i), caseId, newReaders);
        model.events.push_back({seq, caseId});
        for (const auto& r : newReaders)
            model.grants[{caseId, r}] = seq;
        if (i % 50 == 0)
            midway.push_back(s->pull({"r1", "r2"}, {}, 1'000).value().next);
    }
    const std::vector<std::vector<std::string>> readerSets = {
        {"r1"}, {"r2"}, {"dept:x"}, {"r1", "r2"}, {"r1", "r2", "r3", "dept:x"}, {"nobody"}};
    for (const auto& readers : readerSets) {
        const Positions want = model.expected(readers);
        for (const std::size_t limit : {std::size_t{1}, std::size_t{2}, std::size_t{3},
                                        std::size_t{7}, std::size_t{64}, std::size_t{1000}}) {
            INFO("readers " << readers.size() << " first " << readers.front() << " limit "
                            << limit);
            CHECK(pullAll(*s, readers, limit) == want);
        }
    }
    // From a cursor a device was handed earlier: the rest, and nothing twice.
    const Positions both = model.expected({"r1", "r2"});
    for (const PullCursor& c : midway) {
        Positions rest;
        std::copy_if(both.begin(), both.end(), std::back_inserter(rest), [&](const auto& p) {
            return PullCursor{p.first, p.second} > c;
        });
        CHECK(pullAll(*s, {"r1", "r2"}, 5, c) == rest);
    }
}

TEST_CASE("syncd store: migration 4 lists each reader's events from the events and grants "
          "already stored",
          "[syncd][store][pull]") {
    TempDir dir;
    const auto path = dir / "syncd.db";
    Positions r1;
    Positions both;
    {
        auto s = openStore(path);
        append(*s, "a1", "A", {"r1"});
        append(*s, "b2", "B", {"r2"});
        append(*s, "a3", "A");
        append(*s, "b4", "B", {"r1"}); // B passes to r1 with its history
        append(*s, "c5", "C", {"r1", "r2"});
        append(*s, "a6", "A", {"r2"});
        r1 = positions(s->pull({"r1"}, {}, 100).value());
        both = positions(s->pull({"r1", "r2"}, {}, 100).value());
        REQUIRE(r1 == Positions{{1, 1}, {3, 3}, {4, 2}, {4, 4}, {5, 5}, {6, 6}});
    }
    {
        // Back to what a version 3 build left.
        auto db = bianmin::store::Db::open(path);
        REQUIRE(db.ok());
        REQUIRE((*db)->exec("DROP TABLE reader_events; PRAGMA user_version = 3;").ok());
    }
    auto s = openStore(path);
    CHECK(positions(s->pull({"r1"}, {}, 100).value()) == r1);
    CHECK(positions(s->pull({"r1", "r2"}, {}, 100).value()) == both);
    CHECK(positions(s->pull({"r2"}, {}, 100).value()) ==
          Positions{{2, 2}, {4, 4}, {5, 5}, {6, 1}, {6, 3}, {6, 6}});
    // And the events after it go on the list as before.
    append(*s, "a7", "A");
    CHECK(positions(s->pull({"r1"}, {6, 6}, 100).value()) == Positions{{7, 7}});

    // A list that names an event the file no longer has (a damaged file) is an error, not a gap.
    s.reset();
    {
        auto db = bianmin::store::Db::open(path);
        REQUIRE(db.ok());
        REQUIRE((*db)->exec("DELETE FROM events WHERE server_seq = 3").ok());
    }
    s = openStore(path);
    const auto damaged = s->pull({"r1"}, {}, 100);
    REQUIRE_FALSE(damaged.ok());
    CHECK(damaged.error().code == "corrupt");
}

TEST_CASE("syncd store: audit rows from many threads are each committed once, and a failed "
          "commit is every waiter's error",
          "[syncd][store][audit][threads]") {
    TempDir dir;
    auto s = openStore(dir / "syncd.db");
    constexpr int kThreads = 8;
    constexpr int kRows = 40;
    const auto record = [](int t, int i) {
        AuditRecord a;
        a.at = 1'000 + i;
        a.userId = "u" + std::to_string(t);
        a.action = "take-in";
        a.target = "case-" + std::to_string(t) + "-" + std::to_string(i);
        a.remote = "127.0.0.1";
        a.ok = i % 5 != 0;
        a.detail = a.ok ? "" : "refused";
        return a;
    };
    std::vector<std::thread> threads;
    std::vector<int> failures(kThreads, 0);
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kRows; ++i)
                if (!s->appendAudit(record(t, i)))
                    ++failures[static_cast<std::size_t>(t)];
        });
    // Event writes go on meanwhile, on the same writer.
    for (int i = 0; i < 20; ++i)
        append(*s, "e" + std::to_string(i), "case-x");
    for (auto& th : threads)
        th.join();
    CHECK(failures == std::vector<int>(kThreads, 0));
    auto log = s->auditLog(0, 1000);
    REQUIRE(log.ok());
    REQUIRE(log->size() == kThreads * kRows);
    std::set<std::string> targets;
    std::set<std::int64_t> seqs;
    for (const auto& a : *log) {
        targets.insert(a.target);
        seqs.insert(a.seq);
        CHECK(a.ok == a.detail.empty());
    }
    CHECK(targets.size() == kThreads * kRows);
    CHECK(seqs.size() == kThreads * kRows);
    // Each thread's rows in the order it wrote them (newest first in the log).
    std::map<std::string, std::int64_t> last;
    for (auto it = log->rbegin(); it != log->rend(); ++it) {
        CHECK(last[it->userId] < it->seq);
        last[it->userId] = it->seq;
    }

    // The table gone (as a damaged file would): every waiter gets the error, none waits for
    // ever, and the store goes on for other writes.
    {
        auto raw = bianmin::store::Db::open(dir / "syncd.db", bianmin::store::Db::Mode::ReadWrite);
        REQUIRE(raw.ok());
        REQUIRE((*raw)->exec("DROP TABLE audit_log;").ok());
    }
    std::vector<std::thread> failing;
    std::atomic<int> errors{0};
    for (int t = 0; t < 4; ++t)
        failing.emplace_back([&, t] {
            for (int i = 0; i < 5; ++i)
                if (!s->appendAudit(record(t, i)))
                    ++errors;
        });
    for (auto& th : failing)
        th.join();
    CHECK(errors == 20);
    append(*s, "e-after", "case-x");
}
