// Official case numbers (docs/sync.md): the server binds one when it stores a case's 受理, in the
// same transaction, as its own bind_number event; once per case; from a city-wide daily counter
// that never hands a number out twice, also under concurrent pushes and a second server instance
// on the same database.
#include "common/domain/case_number.h"
#include "tests/unit/syncd_test_support.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <thread>

using namespace bianmin::domain;
using namespace bianmin::syncd;
using bianmin::testing::CaseWorld;
using bianmin::testing::Cast;
using bianmin::testing::Device;
using bianmin::testing::on;
using bianmin::testing::SyncdWorld;
namespace proto = bianmin::sync;

namespace {

constexpr const char* kElderly = "MZJ-001"; // the room accepts, the township hall completes
constexpr const char* kDibao = "MZJ-006";   // the hall accepts and forwards to 民政局

const Event* find(const std::vector<Event>& events, const std::string& type) {
    for (const auto& e : events)
        if (eventTypeKey(e.payload) == type)
            return &e;
    return nullptr;
}

std::string boundNumber(const std::vector<Event>& events) {
    const Event* b = find(events, "bind_number");
    return b ? std::get<BindNumberPayload>(b->payload).officialNumber : std::string();
}

std::vector<Event> eventsOf(const std::vector<Event>& events, const std::string& caseId) {
    std::vector<Event> out;
    std::copy_if(events.begin(), events.end(), std::back_inserter(out),
                 [&](const Event& e) { return e.caseId == caseId; });
    return out;
}

} // namespace

TEST_CASE("syncd numbers: storing the 受理 binds the next official number, once",
          "[syncd][numbers]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    CaseWorld w("case-num-1", 51);
    s.act(w, w.cast.agent, room, w.receive(w.cast.agent, kElderly, {}, true));
    CHECK(s.storedEvents("case-num-1") == 1); // receiving binds nothing
    const std::int64_t acceptSeq = s.act(w, w.cast.agent, room, AcceptPayload{"材料齐全"});
    const Event accept = w.events.back();
    REQUIRE(s.storedEvents("case-num-1") == 3);

    const auto pulled = s.pullAll(room);
    REQUIRE(pulled.size() == 3);
    const Event& bind = pulled[2];
    CHECK(eventTypeKey(bind.payload) == "bind_number");
    CHECK(isEventId(bind.id));
    CHECK(bind.id != accept.id);
    CHECK(bind.caseId == "case-num-1");
    CHECK(bind.serverSeq == acceptSeq + 1); // the same transaction, right after it
    CHECK(bind.parentId == accept.id);
    CHECK(accept.hlc < bind.hlc);
    CHECK(bind.actor.role == Role::System);
    CHECK(bind.actor.siteId == Cast::kCenter);
    CHECK(bind.deviceTime == s.clock);
    const std::string number = std::get<BindNumberPayload>(bind.payload).officialNumber;
    CHECK(number == "421281-20261123-000001");
    CHECK(isOfficialNumber(number));

    // Every replica's fold: accepted, with both numbers, nothing rejected, no conflict.
    const CaseView v = foldCase(pulled, w.ctx());
    CHECK(v.status == CaseStatus::Accepted);
    CHECK(v.officialNumber == number);
    CHECK(v.provisionalNumber ==
          std::get<ReceivePayload>(w.events.front().payload).provisionalNumber);
    CHECK(v.conflicts.empty());
    CHECK(std::all_of(v.timeline.begin(), v.timeline.end(),
                      [](const TimelineEntry& t) { return t.applied; }));
    // The case is found under both numbers.
    CHECK(s.store->casesByNumber(number).value() == std::vector<std::string>{"case-num-1"});
    CHECK(s.store->casesByNumber(v.provisionalNumber).value() ==
          std::vector<std::string>{"case-num-1"});
    // The readers were poked once for the push that stored both.
    CHECK(s.pokes.back() == std::vector<std::string>{Cast::kRoom});

    SECTION("a duplicate push of the 受理 binds nothing more") {
        const auto again = s.pushOne(room, accept);
        CHECK(again.outcome == proto::PushOutcome::Duplicate);
        CHECK(again.serverSeq == acceptSeq);
        CHECK(s.storedEvents("case-num-1") == 3);
    }
    SECTION("the next case gets the next number; the next day starts again at 1") {
        CaseWorld w2("case-num-2", 52);
        s.act(w2, w2.cast.agent, room, w2.receive(w2.cast.agent, kElderly, {}, true));
        s.act(w2, w2.cast.agent, room, AcceptPayload{});
        CHECK(boundNumber(eventsOf(s.pullAll(room), "case-num-2")) == "421281-20261123-000002");
        s.clock += kMsPerDay;
        s.login(room, s.cast.agent); // a new day, a new session
        CaseWorld w3("case-num-3", 53);
        s.act(w3, w3.cast.agent, room, w3.receive(w3.cast.agent, kElderly, {}, true));
        s.act(w3, w3.cast.agent, room, AcceptPayload{});
        CHECK(boundNumber(eventsOf(s.pullAll(room), "case-num-3")) == "421281-20261124-000001");
    }
    SECTION("the room goes on from its own last event: no conflict, the hall sees the number") {
        // The agent had not seen the bind: the forward's parent is the 受理.
        s.act(w, w.cast.agent, room, ForwardPayload{{Cast::kHall, {}}, "转乡镇办理"});
        CHECK(w.events.back().parentId == accept.id);
        Device hall = s.deviceFor(s.cast.clerk);
        const auto atHall = s.pullAll(hall);
        CHECK(atHall.size() == 4);
        const CaseView h = foldCase(atHall, w.ctx());
        CHECK(h.officialNumber == number);
        CHECK(h.holder == Holder{Cast::kHall, {}});
        CHECK(h.conflicts.empty());
        s.act(w, w.cast.clerk, hall, TakeInPayload{});
        CHECK(s.storedEvents("case-num-1") == 5); // no second number at the hall
    }
}

TEST_CASE("syncd numbers: a batch of 收件, 受理 and 转报 gets the number between them",
          "[syncd][numbers]") {
    SyncdWorld s;
    Device hall = s.deviceFor(s.cast.clerk);
    Device mz = s.deviceFor(s.cast.handler);
    CaseWorld w("case-batch", 61);
    w.must(on(w.cast.clerk, hall), w.receive(w.cast.clerk, kDibao));
    w.must(on(w.cast.clerk, hall), AcceptPayload{});
    w.must(on(w.cast.clerk, hall), ForwardPayload{{Cast::kCenter, "民政局"}, {}});
    const auto r = s.push(hall, w.events);
    REQUIRE(r.results.size() == 3);
    for (const auto& res : r.results)
        CHECK(res.outcome == proto::PushOutcome::Accepted);
    CHECK(r.results[1].serverSeq == 2);
    CHECK(r.results[2].serverSeq == 4); // 3 is the bind
    const auto atDept = s.pullAll(mz);
    REQUIRE(atDept.size() == 4);
    CHECK(eventTypeKey(atDept[2].payload) == "bind_number");
    const CaseView v = foldCase(atDept, w.ctx());
    CHECK(v.officialNumber == "421281-20261123-000001");
    CHECK(v.awaitingTakeIn);
    CHECK(v.conflicts.empty());
}

TEST_CASE("syncd numbers: a 受理 that does not apply binds nothing", "[syncd][numbers]") {
    SyncdWorld s;
    Device h1 = s.deviceFor(s.cast.clerk);
    Device h2 = s.deviceFor(s.cast.clerk2);
    CaseWorld w("case-late-accept", 71);
    s.act(w, w.cast.clerk, h1, w.receive(w.cast.clerk, kDibao));
    const std::string seen = w.events.back().id;
    // Withdrawn at one laptop; accepted, without knowing, at the other.
    Event withdraw = w.make(on(w.cast.clerk2, h2), WithdrawPayload{"申请人撤回"});
    Event accept = w.make(on(w.cast.clerk, h1), AcceptPayload{});
    withdraw.parentId = seen;
    accept.parentId = seen;
    CHECK(s.pushOne(h2, withdraw).outcome == proto::PushOutcome::Accepted);
    CHECK(s.pushOne(h1, accept).outcome == proto::PushOutcome::Conflict);
    CHECK(s.storedEvents("case-late-accept") == 3);
    const auto all = s.pullAll(h1);
    CHECK(find(all, "bind_number") == nullptr);
    CHECK(foldCase(all, w.ctx()).officialNumber.empty());
}

TEST_CASE("syncd numbers: unique and gapless under concurrent pushes, also from a second server "
          "instance on the same database",
          "[syncd][numbers][concurrency]") {
    SyncdWorld s;
    auto second = SqliteServerStore::open(s.dir / "syncd.db");
    REQUIRE(second.ok());
    ServiceOptions o;
    o.now = [&s] { return s.clock; };
    StoreSyncService other(**second, o);

    constexpr int kThreads = 4;
    constexpr int kCases = 12;
    std::vector<Device> devices;
    devices.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t)
        devices.push_back(s.deviceFor(t % 2 ? s.cast.clerk2 : s.cast.clerk));
    // The events are made up front: Catch's assertions stay on this thread.
    std::vector<std::vector<std::vector<Event>>> batches(kThreads);
    std::set<std::string> caseIds;
    for (int t = 0; t < kThreads; ++t)
        for (int i = 0; i < kCases; ++i) {
            const std::string id = "case-c" + std::to_string(t) + "-" + std::to_string(i);
            caseIds.insert(id);
            CaseWorld w(id, static_cast<std::uint64_t>(1000 + t * 100 + i));
            const Actor& a = t % 2 ? w.cast.clerk2 : w.cast.clerk;
            w.must(on(a, devices[static_cast<std::size_t>(t)]), w.receive(a, kDibao));
            w.must(on(a, devices[static_cast<std::size_t>(t)]), AcceptPayload{});
            batches[static_cast<std::size_t>(t)].push_back(w.events);
        }
    std::vector<int> failures(kThreads, 0);
    {
        std::vector<std::jthread> threads;
        threads.reserve(kThreads);
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                const auto ti = static_cast<std::size_t>(t);
                SyncService& service = t % 2 ? static_cast<SyncService&>(other) : *s.service;
                for (const auto& batch : batches[ti]) {
                    auto r = service.push(devices[ti].caller(), {batch});
                    if (!r || r->results.size() != 2 ||
                        r->results[1].outcome != proto::PushOutcome::Accepted)
                        ++failures[ti];
                }
            });
    }
    CHECK(failures == std::vector<int>(kThreads, 0));

    Device hall = s.deviceFor(s.cast.director);
    const auto all = s.pullAll(hall);
    std::set<std::string> numbers;
    std::set<std::string> bound;
    for (const auto& e : all)
        if (const auto* b = std::get_if<BindNumberPayload>(&e.payload)) {
            CHECK(bound.insert(e.caseId).second); // one per case
            numbers.insert(b->officialNumber);
        }
    CHECK(bound == caseIds);
    std::set<std::string> expected;
    for (int n = 1; n <= kThreads * kCases; ++n)
        expected.insert(makeOfficialNumber("421281", Date::localDateOf(s.clock), n));
    CHECK(numbers == expected);
}
