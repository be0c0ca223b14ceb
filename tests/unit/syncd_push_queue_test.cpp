// bianmin-syncd's push queue on a real SQLite store, without the network: admission control (a
// full queue answers "busy" at once) and group commit (pushes queued together are written in one
// transaction, each answered exactly as if alone; a push that fails is undone alone; a lost
// transaction fails every push of its group and stores nothing).
//
// The writer is held back deterministically: the test opens the store's write transaction itself,
// so the first push's writer waits in beginWrite while the next pushes queue behind it. Faults are
// injected with SQLite triggers on the events table, from a second connection.
#include "common/store/sqlite.h"
#include "tests/unit/syncd_test_support.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace bianmin::domain;
using namespace bianmin::syncd;
using bianmin::testing::CaseWorld;
using bianmin::testing::codeOf;
using bianmin::testing::Device;
using bianmin::testing::on;
using bianmin::testing::SyncdWorld;
namespace proto = bianmin::sync;
namespace sqlite = bianmin::store;
using namespace std::chrono_literals;

namespace {

constexpr const char* kElderly = "MZJ-001";

// A push handed to pushAsync; its answer arrives later.
struct Waiting {
    std::promise<Result<proto::PushResponse>> promise;
    std::future<Result<proto::PushResponse>> future = promise.get_future();
    SyncService::PushDone done() {
        return [this](Result<proto::PushResponse> r) { promise.set_value(std::move(r)); };
    }
    bool answered() { return future.wait_for(0s) == std::future_status::ready; }
};

// Runs SQL on the server's database from a connection of its own.
void execSql(SyncdWorld& s, const std::string& sql) {
    auto db = sqlite::Db::open(s.dir / "syncd.db", sqlite::Db::Mode::ReadWrite);
    REQUIRE(db.ok());
    const auto st = (*db)->exec(sql);
    INFO((st ? "" : st.error().message));
    REQUIRE(st.ok());
}

// Every event whose case is `caseId` fails to insert: the statement only (ABORT), or the whole
// transaction with it (ROLLBACK).
void poison(SyncdWorld& s, const std::string& caseId, const char* how) {
    execSql(s, "CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.case_id = '" + caseId +
                   "' BEGIN SELECT RAISE(" + how + ", 'injected fault'); END;");
}

// Holds the store's writer until release(), so that pushes queue up behind the first one.
class WriterHold {
public:
    explicit WriterHold(ServerStore& store) {
        auto tx = store.beginWrite();
        REQUIRE(tx.ok());
        m_tx = std::move(*tx);
    }
    void release() { m_tx.reset(); }

private:
    std::unique_ptr<ServerStore::WriteTx> m_tx;
};

// Waits until a writer took its group (and waits for the hold) with `n` pushes queued behind it.
void waitQueued(const StoreSyncService& service, std::size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    auto ready = [&] {
        const auto st = service.pushQueueStats();
        return st.writing && st.queued == n;
    };
    while (!ready() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(2ms);
    REQUIRE(ready());
}

// A new case received at the room by its agent on `room`.
Event received(CaseWorld& w, const Device& room) {
    w.must(on(w.cast.agent, room), w.receive(w.cast.agent, kElderly, {}, true));
    return w.events.back();
}

} // namespace

TEST_CASE("syncd push queue: pushes queued together commit as one group, each answered as alone",
          "[syncd][push][group]") {
    SyncdWorld s;
    const Device room = s.deviceFor(s.cast.agent);
    const Device room2 = s.deviceFor(s.cast.agent);
    CaseWorld first("case-first", 1);
    CaseWorld a("case-a", 2);
    CaseWorld b("case-b", 3);
    CaseWorld c("case-c", 4);
    CaseWorld dup("case-dup", 5);
    const Event stored = received(dup, room);
    const auto before = s.pushOne(room, stored);
    REQUIRE(before.outcome == proto::PushOutcome::Accepted);

    const bool faulty = GENERATE(false, true);
    if (faulty) // one push of the group fails on its second event; the others must not notice
        poison(s, "case-b", "ABORT");

    WriterHold hold(*s.store);
    Waiting w0;
    std::thread writer(
        [&] { s.service->pushAsync(room.caller(), {{received(first, room)}}, w0.done()); });
    waitQueued(*s.service, 0);
    // Queued behind it: three pushes of two devices, with an illegal event, a replay and (when
    // faulty) a push whose second event cannot be stored.
    const Event a1 = received(a, room);
    a.must(on(a.cast.agent, room), AcceptPayload{"材料齐全"});
    const Event a2 = a.events.back();
    const Event illegal =
        a.make(on(a.cast.agent, room), CompletePayload{Outcome::Approved, "高龄津贴", {}, {}});
    const Event b1 = received(b, room2);
    b.must(on(b.cast.agent, room2), AcceptPayload{"材料齐全"});
    const Event b2 = b.events.back();
    const Event c1 = received(c, room);
    Waiting wa;
    Waiting wb;
    Waiting wc;
    s.service->pushAsync(room.caller(), {{a1, a2, illegal}}, wa.done());
    s.service->pushAsync(room2.caller(), {{b1, b2}}, wb.done());
    s.service->pushAsync(room.caller(), {{stored, c1}}, wc.done());
    // Nothing is answered before the commit.
    CHECK_FALSE(wa.answered());
    CHECK_FALSE(wb.answered());
    CHECK_FALSE(wc.answered());
    hold.release();
    writer.join();

    const auto r0 = w0.future.get();
    REQUIRE(r0.ok());
    CHECK(r0->results.at(0).outcome == proto::PushOutcome::Accepted);
    const auto ra = wa.future.get();
    const auto rb = wb.future.get();
    const auto rc = wc.future.get();
    REQUIRE(ra.ok());
    REQUIRE(rc.ok());
    REQUIRE(ra->results.size() == 3);
    CHECK(ra->results[0].outcome == proto::PushOutcome::Accepted);
    CHECK(ra->results[1].outcome == proto::PushOutcome::Accepted);
    CHECK(ra->results[2].outcome == proto::PushOutcome::Rejected);
    CHECK(ra->results[2].code == "wrong_state");
    CHECK_FALSE(ra->results[2].serverSeq);
    REQUIRE(rc->results.size() == 2);
    CHECK(rc->results[0].outcome == proto::PushOutcome::Duplicate);
    CHECK(rc->results[0].serverSeq == before.serverSeq);
    CHECK(rc->results[1].outcome == proto::PushOutcome::Accepted);
    if (faulty) {
        REQUIRE_FALSE(rb.ok());
        CHECK(rb.error().kind == ErrorKind::Retryable);
        CHECK(s.storedEvents("case-b") == 0); // undone alone: not even its first event
    } else {
        REQUIRE(rb.ok());
        REQUIRE(rb->results.size() == 2);
        CHECK(rb->results[0].outcome == proto::PushOutcome::Accepted);
        CHECK(rb->results[1].outcome == proto::PushOutcome::Accepted);
        CHECK(s.storedEvents("case-b") == 3); // with its bind_number
    }
    // The group's pushes were one transaction: the first push, then the other three together.
    const auto stats = s.service->pushQueueStats();
    CHECK(stats.maxGroup == 3);
    CHECK(stats.busy == 0);
    CHECK(stats.queued == 0);
    CHECK(s.storedEvents("case-first") == 1);
    CHECK(s.storedEvents("case-a") == 3); // receive, accept, the server's bind_number
    CHECK(s.storedEvents("case-c") == 1);
    // Numbers in queue order, with no gap left by the undone push (its numbers were reused).
    const auto all = s.pullAll(room);
    for (std::size_t i = 1; i < all.size(); ++i)
        CHECK(*all[i].serverSeq == *all[i - 1].serverSeq + 1);

    if (faulty) { // the fault gone, the same push goes through: nothing of it was kept
        execSql(s, "DROP TRIGGER poison");
        const auto again = s.push(room2, {b1, b2});
        CHECK(again.results[0].outcome == proto::PushOutcome::Accepted);
        CHECK(again.results[1].outcome == proto::PushOutcome::Accepted);
        CHECK(s.storedEvents("case-b") == 3); // with its bind_number
    }
}

TEST_CASE("syncd push queue: a group whose transaction is lost fails every push in it and stores "
          "nothing of it",
          "[syncd][push][group]") {
    SyncdWorld s;
    const Device room = s.deviceFor(s.cast.agent);
    CaseWorld first("case-first", 1);
    CaseWorld a("case-a", 2);
    CaseWorld b("case-b", 3);
    poison(s, "case-b", "ROLLBACK"); // SQLite rolls the whole transaction back

    WriterHold hold(*s.store);
    Waiting w0;
    std::thread writer(
        [&] { s.service->pushAsync(room.caller(), {{received(first, room)}}, w0.done()); });
    const Event a1 = received(a, room);
    const Event b1 = received(b, room);
    waitQueued(*s.service, 0);
    Waiting wa;
    Waiting wb;
    s.service->pushAsync(room.caller(), {{a1}}, wa.done());
    s.service->pushAsync(room.caller(), {{b1}}, wb.done());
    hold.release();
    writer.join();

    REQUIRE(w0.future.get().ok());
    const auto ra = wa.future.get();
    const auto rb = wb.future.get();
    REQUIRE_FALSE(ra.ok());
    REQUIRE_FALSE(rb.ok());
    CHECK(ra.error().kind == ErrorKind::Retryable);
    CHECK(rb.error().kind == ErrorKind::Retryable);
    CHECK(s.storedEvents("case-a") == 0);
    CHECK(s.storedEvents("case-b") == 0);

    // The fault gone, both go through as new events (nothing was kept, and the server's cached
    // folds were not left half-way).
    execSql(s, "DROP TRIGGER poison");
    const auto again = s.push(room, {a1, b1});
    CHECK(again.results[0].outcome == proto::PushOutcome::Accepted);
    CHECK(again.results[1].outcome == proto::PushOutcome::Accepted);
    a.must(on(a.cast.agent, room), AcceptPayload{"材料齐全"});
    CHECK(s.pushOne(room, a.events.back()).outcome == proto::PushOutcome::Accepted);
    CHECK(s.storedEvents("case-a") == 3);
}

TEST_CASE("syncd push queue: a full queue answers busy at once, with a wait to retry after",
          "[syncd][push][busy]") {
    SyncdWorld s;
    ServiceOptions o;
    o.now = [&s] { return s.clock; };
    o.maxQueuedPushes = 2;
    StoreSyncService service(*s.store, o);
    const Device room = s.deviceFor(s.cast.agent);
    std::vector<std::unique_ptr<CaseWorld>> worlds;
    std::vector<Event> events;
    for (int i = 0; i < 5; ++i) {
        worlds.push_back(std::make_unique<CaseWorld>("case-" + std::to_string(i),
                                                     static_cast<std::uint64_t>(10 + i)));
        events.push_back(received(*worlds.back(), room));
    }

    WriterHold hold(*s.store);
    Waiting w0;
    std::thread writer([&] { service.pushAsync(room.caller(), {{events[0]}}, w0.done()); });
    waitQueued(service, 0);
    Waiting w1;
    Waiting w2;
    Waiting w3;
    service.pushAsync(room.caller(), {{events[1]}}, w1.done());
    service.pushAsync(room.caller(), {{events[2]}}, w2.done());
    waitQueued(service, 2);
    service.pushAsync(room.caller(), {{events[3]}}, w3.done());
    // Refused before it waits for anything: answered already.
    REQUIRE(w3.answered());
    const auto r3 = w3.future.get();
    CHECK(codeOf(r3) == "busy");
    CHECK(r3.error().kind == ErrorKind::Retryable);
    CHECK(service.retryAfterSeconds() >= 1);
    CHECK(service.pushQueueStats().busy == 1);
    // The synchronous push is admitted the same way.
    CHECK(codeOf(service.push(room.caller(), {{events[4]}})) == "busy");

    hold.release();
    writer.join();
    for (Waiting* w : {&w0, &w1, &w2}) {
        const auto r = w->future.get();
        REQUIRE(r.ok());
        CHECK(r->results.at(0).outcome == proto::PushOutcome::Accepted);
    }
    // Room again: the refused ones go through now.
    const auto later = service.push(room.caller(), {{events[3], events[4]}});
    REQUIRE(later.ok());
    CHECK(later->results[0].outcome == proto::PushOutcome::Accepted);
    CHECK(later->results[1].outcome == proto::PushOutcome::Accepted);
}

TEST_CASE("syncd pull: skipOwn leaves out the device's own events, never the server's or others'",
          "[syncd][pull][own]") {
    SyncdWorld s;
    const Device room = s.deviceFor(s.cast.agent);
    const Device sibling = s.deviceFor(s.cast.agent); // another device of the same room
    std::vector<std::unique_ptr<CaseWorld>> mine;
    for (int i = 0; i < 30; ++i) {
        mine.push_back(std::make_unique<CaseWorld>("case-m" + std::to_string(i),
                                                   static_cast<std::uint64_t>(100 + i)));
        CaseWorld& w = *mine.back();
        s.act(w, w.cast.agent, room, w.receive(w.cast.agent, kElderly, {}, true));
        // 受理 makes the server bind an official number: its bind_number event must come down.
        s.act(w, w.cast.agent, room, AcceptPayload{"材料齐全"});
    }
    CaseWorld theirs("case-theirs", 7);
    s.act(theirs, theirs.cast.agent, sibling,
          theirs.receive(theirs.cast.agent, kElderly, {}, true));

    const auto everything = s.pullAll(room);
    CHECK(everything.size() == std::size_t{30} * 3 + 1);

    // With skipOwn, in small pages: the binds and the sibling's event, each once, in order.
    std::vector<Event> got;
    std::string cursor;
    int pages = 0;
    while (true) {
        proto::PullRequest req{cursor, 7, true};
        auto r = s.service->pull(room.caller(), req);
        REQUIRE(r.ok());
        CHECK(r->events.size() <= 7);
        got.insert(got.end(), r->events.begin(), r->events.end());
        cursor = r->nextCursor;
        ++pages;
        REQUIRE(pages < 100);
        if (!r->more)
            break;
    }
    std::vector<Event> expected;
    for (const auto& e : everything)
        if (e.actor.deviceId != room.id)
            expected.push_back(e);
    REQUIRE(got.size() == expected.size());
    CHECK(got.size() == 31);
    for (std::size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].id == expected[i].id);
        CHECK(got[i].serverSeq == expected[i].serverSeq);
    }
    // The sibling, pulling with skipOwn, gets the room device's events all the same.
    std::string siblingCursor;
    std::size_t siblingGot = 0;
    while (true) {
        auto r = s.service->pull(sibling.caller(), {siblingCursor, 1000, true});
        REQUIRE(r.ok());
        siblingGot += r->events.size();
        siblingCursor = r->nextCursor;
        if (!r->more)
            break;
    }
    CHECK(siblingGot == std::size_t{30} * 3);
    // The cursor after skipping resumes where a full pull would: nothing after it is missed.
    CaseWorld late("case-late", 8);
    s.act(late, late.cast.agent, sibling, late.receive(late.cast.agent, kElderly, {}, true));
    auto r = s.service->pull(room.caller(), {cursor, 1000, true});
    REQUIRE(r.ok());
    REQUIRE(r->events.size() == 1);
    CHECK(r->events[0].caseId == "case-late");
}
