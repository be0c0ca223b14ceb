// Crash safety: a writer process is killed with SIGKILL in the middle of thousands of appends;
// the store reopens intact with every acknowledged append and no partial one.
#include "common/store/event_store.h"
#include "tests/support/case_world.h"
#include "tests/support/temp_dir.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace bianmin::domain;
using namespace bianmin::store;
using bianmin::testing::CaseWorld;
using bianmin::testing::TempDir;

namespace {

const char* kPassword = "Cb#2026-agent";

EventStore::Options options() {
    EventStore::Options o;
    o.kdf = crypto::KdfParams::fastForTests();
    return o;
}

// The child: appends cases of 4 events each and reports every committed case id on the pipe.
[[noreturn]] void writer(const std::filesystem::path& file, int out) {
    auto store = EventStore::open(file, options());
    if (!store || !(*store)->unlock("agent-r1", kPassword).ok())
        _exit(3);
    for (int i = 0; i < 100000; ++i) {
        const std::string id = "case-" + std::to_string(i);
        CaseWorld w(id, static_cast<std::uint64_t>(i + 1));
        w.must(w.cast.agent, w.receive(w.cast.agent, "MZJ-001", {"户口簿"}));
        w.must(w.cast.agent, NotifyMissingPayload{{"户口簿"}, {}});
        w.must(w.cast.agent, SupplementPayload{{CaseWorld::got("户口簿")}});
        w.must(w.cast.agent, AcceptPayload{});
        if (!(*store)->appendAll(w.events).ok())
            _exit(4);
        const std::string line = id + "\n";
        if (write(out, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            _exit(5);
    }
    _exit(0);
}

std::int64_t scalar(Db& db, const std::string& sql) {
    auto s = db.prepare(sql);
    REQUIRE(s.ok());
    auto r = (*s)->step();
    REQUIRE(r.ok());
    REQUIRE(*r);
    const auto v = (*s)->int64(0);
    (*s)->reset();
    return v;
}

} // namespace

TEST_CASE("store: a writer killed with SIGKILL loses no acknowledged append and leaves none "
          "half-done",
          "[store][crash]") {
    for (int killAfter : {40, 400, 1500}) {
        TempDir dir;
        const auto file = dir / "client.db";
        {
            auto store = EventStore::open(file, options());
            REQUIRE(store.ok());
            REQUIRE((*store)->createKeyring("agent-r1", kPassword).ok());
            REQUIRE((*store)
                        ->putReference(
                            bianmin::refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR), 1)
                        .ok());
        }
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            writer(file, fds[1]);
        }
        close(fds[1]);
        // Read acknowledgements; kill the writer in the middle of its stream of appends.
        std::set<std::string> acked;
        std::string buf;
        char chunk[4096];
        bool killed = false;
        while (true) {
            const ssize_t n = read(fds[0], chunk, sizeof chunk);
            if (n <= 0)
                break;
            buf.append(chunk, static_cast<std::size_t>(n));
            for (auto nl = buf.find('\n'); nl != std::string::npos; nl = buf.find('\n')) {
                acked.insert(buf.substr(0, nl));
                buf.erase(0, nl + 1);
            }
            if (!killed && static_cast<int>(acked.size()) >= killAfter) {
                kill(pid, SIGKILL);
                killed = true; // keep reading what it acknowledged before it died
            }
        }
        close(fds[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        INFO("kill after " << killAfter << " acknowledged cases");
        REQUIRE(killed);
        REQUIRE(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == SIGKILL);

        auto store = EventStore::open(file, options());
        REQUIRE(store.ok());
        REQUIRE((*store)->unlock("agent-r1", kPassword).ok());
        Db& db = (*store)->db();
        {
            auto s = db.prepare("PRAGMA integrity_check");
            REQUIRE(*(*s)->step());
            CHECK((*s)->text(0) == "ok");
            (*s)->reset();
        }
        // Every acknowledged case is there, whole.
        for (const auto& id : acked) {
            auto v = (*store)->caseView(id);
            REQUIRE(v.ok());
            CHECK(v->status == CaseStatus::Accepted);
        }
        // No partial case: each case row has all 4 events, each event its outbox entry, and at
        // most one case beyond those acknowledged (committed, killed before it could say so).
        const auto cases = scalar(db, "SELECT count(*) FROM cases");
        CHECK(cases >= static_cast<std::int64_t>(acked.size()));
        CHECK(cases <= static_cast<std::int64_t>(acked.size()) + 1);
        CHECK(scalar(db, "SELECT count(*) FROM events") == cases * 4);
        CHECK(scalar(db, "SELECT count(*) FROM outbox") == cases * 4);
        CHECK(scalar(db, "SELECT count(*) FROM cases WHERE event_count <> 4") == 0);
        CHECK(scalar(db, "SELECT count(*) FROM events WHERE case_id NOT IN "
                         "(SELECT case_id FROM cases)") == 0);
        // One search-index document per case, and none of another row: counted from the index's
        // own terms (fts5vocab), as the contentless index without docsize cannot be scanned.
        REQUIRE(db.exec("CREATE VIRTUAL TABLE temp.case_fts_terms USING "
                        "fts5vocab(main, case_fts, 'instance')")
                    .ok());
        CHECK(scalar(db, "SELECT count(DISTINCT doc) FROM temp.case_fts_terms") == cases);
        CHECK(scalar(db, "SELECT count(*) FROM (SELECT DISTINCT doc FROM temp.case_fts_terms) "
                         "WHERE doc NOT IN (SELECT rowid_ FROM cases)") == 0);
        // And it takes new work.
        CaseWorld w("after-crash", 424242);
        w.must(w.cast.agent, w.receive(w.cast.agent, "MZJ-001"));
        REQUIRE((*store)->appendAll(w.events).ok());
    }
}
