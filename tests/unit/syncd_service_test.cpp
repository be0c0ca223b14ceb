// bianmin-syncd's sync service on a real SQLite store, without the network: enrollment, login and
// sessions, hello, push answers (accepted, duplicate, conflict, rejected) with the checks in the
// order of docs/sync.md, scenario 4 of SCENARIOS.md, partitions on push and pull, pull cursors
// that resume after every page, reference data and pokes.
#include "tests/unit/syncd_test_support.h"

#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <set>

using namespace bianmin::domain;
using namespace bianmin::syncd;
using bianmin::testing::CaseWorld;
using bianmin::testing::Cast;
using bianmin::testing::codeOf;
using bianmin::testing::Device;
using bianmin::testing::kSyncdPassword;
using bianmin::testing::on;
using bianmin::testing::SyncdWorld;
namespace proto = bianmin::sync;

namespace {

constexpr const char* kElderly =
    "MZJ-001"; // 高龄补贴: the room accepts, the township hall completes
constexpr const char* kDibao = "MZJ-006"; // 城乡低保: the hall accepts and forwards to 民政局

std::vector<std::string> ids(const std::vector<Event>& events) {
    std::vector<std::string> out;
    out.reserve(events.size());
    for (const auto& e : events)
        out.push_back(e.id);
    return out;
}

// The events made by devices: without the server's bind_number events.
std::vector<Event> withoutBinds(const std::vector<Event>& events) {
    std::vector<Event> out;
    std::copy_if(events.begin(), events.end(), std::back_inserter(out), [](const Event& e) {
        return !std::holds_alternative<BindNumberPayload>(e.payload);
    });
    return out;
}

std::set<std::string> caseIds(const std::vector<Event>& events) {
    std::set<std::string> out;
    for (const auto& e : events)
        out.insert(e.caseId);
    return out;
}

// A room case passed up to the township hall: received and accepted at the room, forwarded.
void roomCaseForwarded(SyncdWorld& s, CaseWorld& w, const Device& room) {
    s.act(w, w.cast.agent, room, w.receive(w.cast.agent, kElderly, {}, true));
    s.act(w, w.cast.agent, room, AcceptPayload{"材料齐全"});
    s.act(w, w.cast.agent, room, ForwardPayload{{Cast::kHall, {}}, "转乡镇办理"});
}

} // namespace

// --- enrollment, login, sessions
// -------------------------------------------------------------------

TEST_CASE("syncd: an enrollment code is single use, expires, and must match", "[syncd][auth]") {
    SyncdWorld s;
    auto code = issueEnrollmentCode(*s.store, Cast::kRoom, {}, s.clock);
    REQUIRE(code.ok());
    REQUIRE(code->size() == 19); // XXXX-XXXX-XXXX-XXXX

    SECTION("the right code, typed loosely, enrolls once") {
        std::string typed = *code;
        std::transform(typed.begin(), typed.end(), typed.begin(), [](char c) {
            return c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        });
        auto r = s.service->enroll({typed, "X村便民服务室笔记本"});
        REQUIRE(r.ok());
        CHECK(r->siteId == Cast::kRoom);
        CHECK(r->deviceSecret.size() == 64); // 32 random bytes
        // Only a hash of the secret is kept.
        auto dev = s.store->device(r->deviceId);
        REQUIRE(dev.ok());
        REQUIRE(dev->has_value());
        CHECK((*dev)->secretHash == hashSecret(r->deviceSecret));
        CHECK((*dev)->secretHash.find(r->deviceSecret) == std::string::npos);
        CHECK((*dev)->name == "X村便民服务室笔记本");

        auto again = s.service->enroll({*code, "另一台"});
        CHECK(codeOf(again) == "bad_code");
        CHECK(again.error().message.find("已经使用") != std::string::npos);
    }
    SECTION("a code made before its site was closed enrolls nothing") {
        auto version = s.store->referenceVersion();
        REQUIRE(version.ok());
        auto current = s.store->reference(*version);
        REQUIRE(current.ok());
        REQUIRE(current->has_value());
        ReferenceSet next = **current;
        auto org = boost::json::parse(next.org).as_object();
        bool closed = false;
        for (auto& t : org.at("townships").as_array())
            for (auto& v : t.at("villages").as_array())
                if (v.at("code") == Cast::kRoom) {
                    v.as_object()["active"] = false;
                    closed = true;
                }
        REQUIRE(closed);
        next.org = boost::json::serialize(org);
        next.version = *version + 1;
        REQUIRE(s.store->putReference(next).ok());

        auto r = s.service->enroll({*code, "笔记本"});
        CHECK(codeOf(r) == "site_closed");
        // The code is spent, and no device of that site is left able to sign in.
        CHECK(codeOf(s.service->enroll({*code, "笔记本"})) == "bad_code");
        auto devices = s.store->devices();
        REQUIRE(devices.ok());
        for (const auto& d : *devices)
            if (d.siteId == Cast::kRoom && d.name == "笔记本")
                CHECK(d.revokedAt.has_value());
    }
    SECTION("a wrong code") {
        CHECK(codeOf(s.service->enroll({"AAAA-BBBB-CCCC-DDDD", "笔记本"})) == "bad_code");
        CHECK(codeOf(s.service->enroll({"", "笔记本"})) == "bad_request");
    }
    SECTION("an expired code") {
        s.clock += kEnrollmentCodeLifetime;
        auto r = s.service->enroll({*code, "笔记本"});
        CHECK(codeOf(r) == "bad_code");
        CHECK(r.error().message.find("过期") != std::string::npos);
    }
    SECTION("a device needs a name") {
        CHECK(codeOf(s.service->enroll({*code, ""})) == "bad_request");
        CHECK(codeOf(s.service->enroll({*code, std::string(101, 'x')})) == "bad_request");
        CHECK(s.service->enroll({*code, "笔记本"}).ok()); // the code was not used up
    }
    SECTION("codes for a department exist at the center only") {
        CHECK(codeOf(issueEnrollmentCode(*s.store, Cast::kHall, "民政局", s.clock)) ==
              "bad_request");
        CHECK(codeOf(issueEnrollmentCode(*s.store, "421281999999", {}, s.clock)) == "unknown_site");
        auto c = issueEnrollmentCode(*s.store, Cast::kCenter, "民政局", s.clock);
        REQUIRE(c.ok());
        auto r = s.service->enroll({*c, "民政局窗口"});
        REQUIRE(r.ok());
        CHECK(r->department == "民政局");
    }
}

TEST_CASE("syncd: login checks the password with back-off and binds a session to the device",
          "[syncd][auth]") {
    SyncdWorld s;
    Device hall = s.enroll(Cast::kHall);

    SECTION("the right password gives a 12-hour token and the profile") {
        auto r = s.service->login(hall.auth(), {"clerk-h", kSyncdPassword});
        REQUIRE(r.ok());
        CHECK(r->token.size() == 64);
        CHECK(r->expiresAt == s.clock + kSessionLifetime);
        CHECK(r->user.userId == "clerk-h");
        CHECK(r->user.role == Role::Clerk);
        CHECK(r->user.siteId == Cast::kHall);
        hall.token = r->token;
        CHECK(s.service->hello(hall.caller(), {}).ok());

        s.clock += kSessionLifetime - 1;
        CHECK(s.service->hello(hall.caller(), {}).ok());
        s.clock += 1;
        CHECK(codeOf(s.service->hello(hall.caller(), {})) == "expired_token");
        CHECK(codeOf(s.service->pull(hall.caller(), {})) == "expired_token");
    }
    SECTION("wrong passwords back off: 1 s, then 2 s") {
        auto r = s.service->login(hall.auth(), {"clerk-h", "wrong-password"});
        CHECK(codeOf(r) == "wrong_password");
        // Even the right password waits out the back-off.
        CHECK(codeOf(s.service->login(hall.auth(), {"clerk-h", kSyncdPassword})) == "locked");
        s.clock += 1000;
        CHECK(codeOf(s.service->login(hall.auth(), {"clerk-h", "wrong-again"})) ==
              "wrong_password");
        s.clock += 1000;
        auto locked = s.service->login(hall.auth(), {"clerk-h", kSyncdPassword});
        CHECK(codeOf(locked) == "locked");
        CHECK(locked.error().message.find("1 秒") != std::string::npos);
        s.clock += 1000;
        CHECK(s.service->login(hall.auth(), {"clerk-h", kSyncdPassword}).ok());
        // A success resets the count.
        auto u = s.store->user("clerk-h");
        REQUIRE(u.ok());
        CHECK((*u)->failedLogins == 0);
    }
    SECTION("a user of another site is refused, even with the right password") {
        auto r = s.service->login(hall.auth(), {"clerk-x", kSyncdPassword});
        CHECK(codeOf(r) == "forbidden");
        CHECK(codeOf(s.service->login(hall.auth(), {"agent-r1", kSyncdPassword})) == "forbidden");
    }
    SECTION("a center device serving one department takes that department's staff") {
        Device mz = s.enroll(Cast::kCenter, "民政局");
        CHECK(s.service->login(mz.auth(), {"mz-1", kSyncdPassword}).ok());
        CHECK(s.service->login(mz.auth(), {"sv-1", kSyncdPassword}).ok());
        CHECK(codeOf(s.service->login(mz.auth(), {"rs-3", kSyncdPassword})) == "forbidden");
    }
    SECTION("unknown users, inactive users, bad device credentials") {
        CHECK(codeOf(s.service->login(hall.auth(), {"nobody", kSyncdPassword})) ==
              "wrong_password");
        REQUIRE(s.store->setUserActive("clerk-h2", false).ok());
        CHECK(codeOf(s.service->login(hall.auth(), {"clerk-h2", kSyncdPassword})) ==
              "wrong_password");
        CHECK(codeOf(s.service->login({hall.id, "00"}, {"clerk-h", kSyncdPassword})) ==
              "bad_device");
        CHECK(codeOf(s.service->login({"dv-unknown", hall.secret}, {"clerk-h", kSyncdPassword})) ==
              "bad_device");
        CHECK(codeOf(s.service->login(hall.auth(), {"clerk-h", ""})) == "bad_request");
    }
    SECTION("a token works only with the device it was issued to, for an active user") {
        s.login(hall, s.cast.clerk);
        Device other = s.enroll(Cast::kHall);
        other.token = hall.token;
        CHECK(codeOf(s.service->hello(other.caller(), {})) == "bad_token");
        Device noToken = hall;
        noToken.token.clear();
        CHECK(codeOf(s.service->pull(noToken.caller(), {})) == "bad_token");
        Device forged = hall;
        forged.token = std::string(64, 'a');
        CHECK(codeOf(s.service->push(forged.caller(), {})) == "bad_token");
        REQUIRE(s.store->setUserActive("clerk-h", false).ok());
        CHECK(codeOf(s.service->hello(hall.caller(), {})) == "bad_token");
    }
}

TEST_CASE("syncd: a revoked device is refused at once", "[syncd][auth]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    CaseWorld w("case-revoke", 3);
    s.act(w, w.cast.agent, room, w.receive(w.cast.agent, kElderly));

    auto revoked = s.store->revokeDevice(room.id, s.clock);
    REQUIRE(revoked.ok());
    CHECK(*revoked);
    w.must(on(w.cast.agent, room), AcceptPayload{});
    CHECK(codeOf(s.service->push(room.caller(), {{w.events.back()}})) == "revoked");
    CHECK(codeOf(s.service->pull(room.caller(), {})) == "revoked");
    CHECK(codeOf(s.service->hello(room.caller(), {})) == "revoked");
    CHECK(codeOf(s.service->reference(room.caller())) == "revoked");
    CHECK(codeOf(s.service->login(room.auth(), {"agent-r1", kSyncdPassword})) == "revoked");
    CHECK(s.storedEvents("case-revoke") == 1);
    // A new laptop enrolls with a new code and finds the room's case again (scenario 6).
    Device fresh = s.deviceFor(s.cast.agent);
    CHECK(ids(s.pullAll(fresh)) == std::vector<std::string>{w.events.front().id});
}

// --- hello
// ------------------------------------------------------------------------------------------

TEST_CASE("syncd: hello records the device's state and refuses an unknown protocol version",
          "[syncd][hello]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    proto::HelloRequest h;
    h.clientVersion = "0.1.0";
    h.deviceId = room.id;
    h.siteId = Cast::kRoom;
    h.outboxSize = 17;
    h.lastError = "网络不可用";
    auto r = s.service->hello(room.caller(), h);
    REQUIRE(r.ok());
    CHECK(r->protocolVersion == proto::kProtocolVersion);
    CHECK(r->serverTime == s.clock);
    CHECK(r->referenceVersion == 1);
    CHECK_FALSE(r->serverVersion.empty());
    auto dev = s.store->device(room.id);
    REQUIRE(dev.ok());
    CHECK((*dev)->clientVersion == "0.1.0");
    CHECK((*dev)->backlog == 17);
    CHECK((*dev)->lastError == "网络不可用");
    CHECK((*dev)->lastSeen == s.clock);

    SECTION("a newer protocol") {
        h.protocolVersion = 2;
        auto bad = s.service->hello(room.caller(), h);
        CHECK(codeOf(bad) == "version");
        CHECK(bad.error().message.find('2') != std::string::npos);
        h.protocolVersion = 0;
        CHECK(codeOf(s.service->hello(room.caller(), h)) == "version");
    }
    SECTION("a hello that names another device or site") {
        h.deviceId = "dv-someone-else";
        CHECK(codeOf(s.service->hello(room.caller(), h)) == "bad_request");
        h.deviceId = room.id;
        h.siteId = Cast::kRoom2;
        CHECK(codeOf(s.service->hello(room.caller(), h)) == "bad_request");
    }
    SECTION("a long error report is cut at a character boundary") {
        h.lastError.clear();
        for (int i = 0; i < 300; ++i)
            h.lastError += "错";
        REQUIRE(s.service->hello(room.caller(), h).ok());
        auto d = s.store->device(room.id);
        REQUIRE(d.ok());
        CHECK((*d)->lastError.size() <= 500);
        CHECK((*d)->lastError.size() % 3 == 0);
    }
}

// --- push ---------------------------------------------------------------------------------------

TEST_CASE("syncd: push answers accepted, duplicate and rejected, one answer per event",
          "[syncd][push]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    CaseWorld w("case-push", 5);
    const std::int64_t first = s.act(w, w.cast.agent, room, w.receive(w.cast.agent, kElderly));
    CHECK(first == 1);

    SECTION("a replayed event is a duplicate with its first number") {
        Event again = w.events.back();
        again.serverSeq = 99; // a number sent along means nothing
        const auto r = s.pushOne(room, again);
        CHECK(r.outcome == proto::PushOutcome::Duplicate);
        CHECK(r.serverSeq == first);
        CHECK(s.storedEvents("case-push") == 1);
        // The same id with other content is not the same event.
        Event forged = w.events.back();
        std::get<ReceivePayload>(forged.payload).applicant.name = "李四";
        const auto f = s.pushOne(room, forged);
        CHECK(f.outcome == proto::PushOutcome::Rejected);
        CHECK(f.code == "id_reused");
    }
    SECTION("an illegal event whose author had seen the latest state is rejected, not stored") {
        Event e =
            w.make(on(w.cast.agent, room), CompletePayload{Outcome::Approved, "高龄津贴", {}, {}});
        const auto r = s.pushOne(room, e);
        CHECK(r.outcome == proto::PushOutcome::Rejected);
        CHECK(r.code == "wrong_state");
        CHECK_FALSE(r.message.empty());
        CHECK_FALSE(r.serverSeq);
        CHECK(s.storedEvents("case-push") == 1);
    }
    SECTION("a malformed event is rejected by form and the rest of the batch goes on") {
        Event bad = w.make(on(w.cast.agent, room), AcceptPayload{});
        bad.id = "not-an-event-id";
        Event good = w.make(on(w.cast.agent, room), AcceptPayload{"材料齐全"});
        Event noCase = w.make(on(w.cast.agent, room), AcceptPayload{});
        noCase.caseId = "case-nowhere";
        const auto r = s.push(room, {bad, good, noCase});
        REQUIRE(r.results.size() == 3);
        CHECK(r.results[0].eventId == "not-an-event-id");
        CHECK(r.results[0].outcome == proto::PushOutcome::Rejected);
        CHECK(r.results[0].code == "bad_request");
        CHECK(r.results[1].outcome == proto::PushOutcome::Accepted);
        CHECK(r.results[1].serverSeq == first + 1);
        CHECK(r.results[2].outcome == proto::PushOutcome::Rejected);
        CHECK(r.results[2].code == "no_case");
    }
    SECTION("too many events in one push") {
        std::vector<Event> many(proto::kMaxPushEvents + 1, w.events.back());
        CHECK(codeOf(s.service->push(room.caller(), {many})) == "too_large");
    }
}

TEST_CASE("syncd: a device pushes only its own events, made by users of its site as registered",
          "[syncd][push]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    Device room2 = s.deviceFor(s.cast.agent2);
    CaseWorld w("case-actor", 7);
    s.act(w, w.cast.agent, room, w.receive(w.cast.agent, kElderly));

    auto expect = [&](const Event& e, const Device& d, const std::string& code) {
        const auto r = s.pushOne(d, e);
        INFO(r.message);
        CHECK(r.outcome == proto::PushOutcome::Rejected);
        CHECK(r.code == code);
    };
    // Made on room2's laptop, pushed by the room's: a replay of another device's event.
    expect(w.make(on(w.cast.agent, room2), AcceptPayload{}), room, "wrong_device");
    // The same event pushed by room2 names a site that is not room2's.
    expect(w.make(on(w.cast.agent, room2), AcceptPayload{}), room2, "forbidden");
    Actor stranger = on(w.cast.agent, room);
    stranger.userId = "nobody";
    expect(w.make(stranger, AcceptPayload{}), room, "wrong_actor");
    Actor promoted = on(w.cast.agent, room);
    promoted.role = Role::HallDirector;
    expect(w.make(promoted, AcceptPayload{}), room, "wrong_actor");
    Actor system = on(w.cast.agent, room);
    system.role = Role::System;
    expect(w.make(system, BindNumberPayload{"42128120261123000001"}), room, "wrong_actor");
    REQUIRE(s.store->setUserActive("agent-r1", false).ok());
    // (The session belongs to agent-r1 too, so the whole push is refused.)
    CHECK(codeOf(s.service->push(
              room.caller(), {{w.make(on(w.cast.agent, room), AcceptPayload{})}})) == "bad_token");
    CHECK(s.storedEvents("case-actor") == 1);

    SECTION("department staff as registered: department and grade") {
        Device mz = s.deviceFor(s.cast.handler);
        CaseWorld d("case-dept", 8);
        Actor boss = on(d.cast.handler, mz);
        boss.grade = Grade::Approver;
        expect(d.make(boss, TakeInPayload{}), mz, "wrong_actor");
    }
}

TEST_CASE("syncd: an event for a case or site the device may not touch is rejected forbidden",
          "[syncd][push][partition]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    Device room2 = s.deviceFor(s.cast.agent2);
    Device otherHall = s.deviceFor(s.cast.otherClerk);
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-room1", 11);
    s.act(w, w.cast.agent, room, w.receive(w.cast.agent, kElderly));

    // Another room's agent, acting at her own site, on a case that is not hers.
    const auto a = s.pushOne(room2, w.make(on(w.cast.agent2, room2), AcceptPayload{}));
    CHECK(a.outcome == proto::PushOutcome::Rejected);
    CHECK(a.code == "forbidden");
    // Another township's clerk.
    const auto b = s.pushOne(otherHall, w.make(on(w.cast.otherClerk, otherHall), AcceptPayload{}));
    CHECK(b.code == "forbidden");
    // The room's own hall before the case was passed up to it.
    const auto c = s.pushOne(hall, w.make(on(w.cast.clerk, hall), TakeInPayload{}));
    CHECK(c.code == "forbidden");
    // A new case under an id that exists elsewhere.
    CaseWorld copy("case-room1", 12);
    const auto d = s.pushOne(
        room2, copy.make(on(copy.cast.agent2, room2), copy.receive(copy.cast.agent2, kElderly)));
    CHECK(d.code == "forbidden");
    CHECK(s.storedEvents("case-room1") == 1);

    // Once the room passes the case up, the hall may act on it.
    s.act(w, w.cast.agent, room, AcceptPayload{});
    s.act(w, w.cast.agent, room, ForwardPayload{{Cast::kHall, {}}, {}});
    s.act(w, w.cast.clerk, hall, TakeInPayload{});
    CHECK(s.storedEvents("case-room1") == 5); // with the official number bound at 受理
}

// --- conflicts: scenario 4
// -------------------------------------------------------------------------

TEST_CASE("syncd: scenario 4, withdrawal and forwarding of the same case: both stored, the later "
          "one a conflict, every replica the same",
          "[syncd][push][conflict]") {
    SyncdWorld s;
    Device h1 = s.deviceFor(s.cast.clerk);
    Device h2 = s.deviceFor(s.cast.clerk2);
    Device mz = s.deviceFor(s.cast.handler);
    CaseWorld w("case-dibao", 21);
    s.act(w, w.cast.clerk, h1, w.receive(w.cast.clerk, kDibao));
    s.act(w, w.cast.clerk, h1, AcceptPayload{});
    const std::string seen = w.events.back().id;
    // Online, the clerk forwards to the center; offline since the acceptance, a second laptop at
    // the hall records that the applicant withdraws. Both had seen the acceptance.
    Event forward = w.make(on(w.cast.clerk, h1), ForwardPayload{{Cast::kCenter, "民政局"}, {}});
    Event withdraw = w.make(on(w.cast.clerk2, h2), WithdrawPayload{"申请人家庭情况好转，撤回申请"});
    forward.parentId = seen;
    withdraw.parentId = seen;

    SECTION("the withdrawal arrives first: the forward is stored as a conflict") {
        const auto wd = s.pushOne(h2, withdraw);
        CHECK(wd.outcome == proto::PushOutcome::Accepted);
        const auto fw = s.pushOne(h1, forward);
        CHECK(fw.outcome == proto::PushOutcome::Conflict);
        CHECK(fw.code == "wrong_state");
        REQUIRE(fw.serverSeq);
        CHECK(*fw.serverSeq == *wd.serverSeq + 1);
        CHECK(s.storedEvents("case-dibao") == 5); // and the official number bound at 受理
        // Every replica folds the same: withdrawn, the forward shown as not applied.
        const auto atH1 = s.pullAll(h1);
        const auto atH2 = s.pullAll(h2);
        CHECK(ids(atH1) == ids(atH2));
        const CaseView v = foldCase(atH1, w.ctx());
        CHECK(v.status == CaseStatus::Withdrawn);
        REQUIRE(v.conflicts.size() == 1);
        CHECK(v.conflicts[0].eventId == forward.id);
        CHECK(v.conflicts[0].rejected);
        // The forward did not move the case: the department never gets it.
        CHECK(s.pullAll(mz).empty());
        // A conflict answer repeated is a duplicate.
        CHECK(s.pushOne(h1, forward).outcome == proto::PushOutcome::Duplicate);
    }
    SECTION("the forward arrives first: the withdrawal is still legal and accepted, with a note") {
        CHECK(s.pushOne(h1, forward).outcome == proto::PushOutcome::Accepted);
        const auto wd = s.pushOne(h2, withdraw);
        CHECK(wd.outcome == proto::PushOutcome::Accepted);
        const CaseView v = foldCase(s.pullAll(h1), w.ctx());
        CHECK(v.status == CaseStatus::Withdrawn);
        REQUIRE(v.conflicts.size() == 1);
        CHECK(v.conflicts[0].eventId == withdraw.id);
        CHECK_FALSE(v.conflicts[0].rejected);
        // The department held it: it sees the whole case, withdrawal included.
        CHECK(ids(s.pullAll(mz)) == ids(s.pullAll(h2)));
    }
    SECTION("an event illegal even at its parent is rejected, not stored") {
        REQUIRE(s.pushOne(h2, withdraw).outcome == proto::PushOutcome::Accepted);
        Event refuse = w.make(on(w.cast.clerk, h1), RefusePayload{{"不符合条件"}, true});
        refuse.parentId = seen; // refusing an accepted case was never legal
        const auto r = s.pushOne(h1, refuse);
        CHECK(r.outcome == proto::PushOutcome::Rejected);
        CHECK(s.storedEvents("case-dibao") == 4);
    }
}

TEST_CASE("syncd: scenario 4 between a village room and its hall", "[syncd][push][conflict]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    Device hall = s.deviceFor(s.cast.clerk);
    CaseWorld w("case-elderly", 22);
    roomCaseForwarded(s, w, room);
    const std::string seen = w.events.back().id;
    // The agent, offline, records the withdrawal; the clerk takes the case in at the hall.
    Event withdraw = w.make(on(w.cast.agent, room), WithdrawPayload{"申请人撤回"});
    Event takeIn = w.make(on(w.cast.clerk, hall), TakeInPayload{});
    withdraw.parentId = seen;
    takeIn.parentId = seen;
    CHECK(s.pushOne(room, withdraw).outcome == proto::PushOutcome::Accepted);
    const auto t = s.pushOne(hall, takeIn);
    CHECK(t.outcome == proto::PushOutcome::Conflict);
    const auto atRoom = s.pullAll(room);
    const auto atHall = s.pullAll(hall);
    CHECK(ids(atRoom) == ids(atHall));
    CHECK(atRoom.size() == 6); // with the official number bound at 受理
    const CaseView a = foldCase(atRoom, w.ctx());
    const CaseView b = foldCase(atHall, w.ctx());
    CHECK(a.status == CaseStatus::Withdrawn);
    CHECK(b.status == a.status);
    REQUIRE(a.conflicts.size() == 1);
    CHECK(a.conflicts[0].eventId == takeIn.id);
    CHECK(b.conflicts.size() == 1);
}

// --- partitions
// -----------------------------------------------------------------------------------

TEST_CASE("syncd: partitions on pull", "[syncd][pull][partition]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    Device room2 = s.deviceFor(s.cast.agent2);
    Device hall = s.deviceFor(s.cast.clerk);
    Device otherRoom = s.deviceFor(s.cast.otherAgent);
    Device otherHall = s.deviceFor(s.cast.otherClerk);
    Device mz = s.deviceFor(s.cast.handler);
    Device rs = s.deviceFor(s.cast.otherDept);

    CaseWorld r1("case-r1", 31); // room 1, passed up to the hall
    CaseWorld r2("case-r2", 32); // room 2, stays there
    CaseWorld h("case-h", 33);   // the hall's own, forwarded to 民政局 later
    CaseWorld x("case-x", 34);   // the other township's room
    CaseWorld xh("case-xh", 35); // the other township's hall
    roomCaseForwarded(s, r1, room);
    s.act(r2, r2.cast.agent2, room2, r2.receive(r2.cast.agent2, kElderly));
    s.act(h, h.cast.clerk, hall, h.receive(h.cast.clerk, kDibao));
    s.act(h, h.cast.clerk, hall, AcceptPayload{});
    s.act(x, x.cast.otherAgent, otherRoom, x.receive(x.cast.otherAgent, kElderly));
    s.act(xh, xh.cast.otherClerk, otherHall, xh.receive(xh.cast.otherClerk, kDibao));

    SECTION("a room reads only its own cases") {
        CHECK(caseIds(s.pullAll(room)) == std::set<std::string>{"case-r1"});
        CHECK(caseIds(s.pullAll(room2)) == std::set<std::string>{"case-r2"});
        CHECK(caseIds(s.pullAll(otherRoom)) == std::set<std::string>{"case-x"});
    }
    SECTION("a hall reads its own cases and its rooms' cases passed up to it") {
        const auto got = s.pullAll(hall);
        CHECK(caseIds(got) == std::set<std::string>{"case-h", "case-r1"});
        CHECK(got.size() == r1.events.size() + h.events.size() + 2); // 2 official numbers
        CHECK(caseIds(s.pullAll(otherHall)) == std::set<std::string>{"case-xh"});
    }
    SECTION("a department reads only what is forwarded to it, with the whole history") {
        std::string mzCursor;
        std::string rsCursor;
        CHECK(s.pullAll(mz, mzCursor).empty());
        CHECK(s.pullAll(rs, rsCursor).empty());
        CHECK(mzCursor == "10:10"); // caught up: the cursor stands at the newest event
        s.act(h, h.cast.clerk, hall, ForwardPayload{{Cast::kCenter, "民政局"}, {}});
        // The history comes although its numbers are below the cursor.
        const auto got = s.pullAll(mz, mzCursor);
        CHECK(ids(withoutBinds(got)) == ids(h.events));
        CHECK(got.size() == h.events.size() + 1); // and the official number's binding
        CHECK(got.front().serverSeq < 10);
        CHECK(mzCursor == "11:11");
        CHECK(s.pullAll(rs, rsCursor).empty());
        // The department works the case; the hall (its origin) sees that too.
        s.act(h, h.cast.handler, mz, TakeInPayload{});
        const auto next = s.pullAll(mz, mzCursor);
        REQUIRE(next.size() == 1);
        CHECK(next[0].id == h.events.back().id);
        CHECK(caseIds(s.pullAll(hall)) == std::set<std::string>{"case-h", "case-r1"});
        CHECK(s.pullAll(room).size() == r1.events.size() + 1);
    }
    SECTION("what a device may read is what it may write") {
        const auto res =
            s.pushOne(room2, r1.make(on(r1.cast.agent2, room2), WithdrawPayload{"撤回"}));
        CHECK(res.code == "forbidden");
    }
}

TEST_CASE("syncd: readers of a device", "[syncd][pull]") {
    SyncdWorld s;
    Device mz = s.deviceFor(s.cast.handler);
    Device room = s.deviceFor(s.cast.agent);
    auto a = s.service->readersOf(mz.caller());
    REQUIRE(a.ok());
    CHECK(*a == std::vector<std::string>{Cast::kCenter, "dept:民政局"});
    auto b = s.service->readersOf(room.caller());
    REQUIRE(b.ok());
    CHECK(*b == std::vector<std::string>{Cast::kRoom});
}

// --- pull cursors
// ------------------------------------------------------------------------------------

TEST_CASE("syncd: pull resumes from its cursor after every page", "[syncd][pull]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    Device room2 = s.deviceFor(s.cast.agent2);
    Device hall = s.deviceFor(s.cast.clerk);
    // The hall's own cases, room cases passed up (each brings its history), room cases that stay,
    // interleaved so that access is granted long after the first events.
    std::vector<std::unique_ptr<CaseWorld>> worlds;
    auto world = [&](const std::string& id) -> CaseWorld& {
        worlds.push_back(std::make_unique<CaseWorld>(id, 100 + worlds.size()));
        return *worlds.back();
    };
    std::vector<CaseWorld*> forwarded;
    for (int i = 0; i < 4; ++i) {
        CaseWorld& own = world("case-own-" + std::to_string(i));
        s.act(own, own.cast.clerk, hall, own.receive(own.cast.clerk, kDibao));
        CaseWorld& up = world("case-up-" + std::to_string(i));
        s.act(up, up.cast.agent, room, up.receive(up.cast.agent, kElderly, {}, true));
        s.act(up, up.cast.agent, room, AcceptPayload{});
        forwarded.push_back(&up);
        CaseWorld& stays = world("case-stays-" + std::to_string(i));
        s.act(stays, stays.cast.agent2, room2, stays.receive(stays.cast.agent2, kElderly));
        s.act(own, own.cast.clerk, hall, AcceptPayload{});
    }
    for (CaseWorld* up : forwarded) {
        s.act(*up, up->cast.agent, room, ForwardPayload{{Cast::kHall, {}}, {}});
        s.act(*up, up->cast.clerk, hall, TakeInPayload{});
    }
    const auto all = s.pullAll(hall);
    REQUIRE(all.size() == 4 * 2 + 4 * 4 + 8); // 8 cases accepted: 8 official numbers bound
    const std::vector<std::string> allIds = ids(all);
    {
        const std::set<std::string> unique(allIds.begin(), allIds.end());
        CHECK(unique.size() == all.size());
        for (const auto& e : all)
            CHECK(e.caseId.rfind("case-stays", 0) != 0);
    }

    for (int limit : {1, 2, 3, 5, 7}) {
        INFO("limit " << limit);
        std::string cursor;
        std::vector<std::string> cursors;
        std::vector<Event> paged;
        while (true) {
            auto r = s.service->pull(hall.caller(), {cursor, limit});
            REQUIRE(r.ok());
            CHECK(r->events.size() <= static_cast<std::size_t>(limit));
            paged.insert(paged.end(), r->events.begin(), r->events.end());
            cursor = r->nextCursor;
            cursors.push_back(cursor);
            if (!r->more)
                break;
        }
        CHECK(ids(paged) == allIds);
        // Resuming from any page's cursor gives exactly the rest.
        std::size_t done = 0;
        for (std::size_t i = 0; i + 1 < cursors.size(); ++i) {
            done += static_cast<std::size_t>(limit);
            std::string c = cursors[i];
            const auto rest = s.pullAll(hall, c);
            CHECK(ids(rest) ==
                  std::vector<std::string>(allIds.begin() + static_cast<long>(done), allIds.end()));
        }
    }

    SECTION("events stored between pages are not lost and not repeated") {
        std::string cursor;
        std::vector<Event> seen;
        auto page = [&] {
            auto r = s.service->pull(hall.caller(), {cursor, 3});
            REQUIRE(r.ok());
            seen.insert(seen.end(), r->events.begin(), r->events.end());
            cursor = r->nextCursor;
            return r->more;
        };
        page();
        page();
        // A room case passed up now brings its history ahead of the rest.
        CaseWorld& late = world("case-late");
        s.act(late, late.cast.agent, room, late.receive(late.cast.agent, kElderly, {}, true));
        s.act(late, late.cast.agent, room, AcceptPayload{});
        page();
        s.act(late, late.cast.agent, room, ForwardPayload{{Cast::kHall, {}}, {}});
        CaseWorld& own = world("case-own-late");
        s.act(own, own.cast.clerk, hall, own.receive(own.cast.clerk, kDibao));
        while (page()) {
        }
        const auto fresh = s.pullAll(hall);
        std::vector<std::string> a = ids(seen);
        std::vector<std::string> b = ids(fresh);
        CHECK(a.size() == b.size());
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        CHECK(a == b);
        CHECK(std::adjacent_find(a.begin(), a.end()) == a.end());
    }
}

TEST_CASE("syncd: a malformed cursor or limit is a bad request", "[syncd][pull]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    for (const char* bad : {"abc", "1", "1:", ":1", "-1:0", "1:-1", "+1:0", "1:2", "1:1:1", " 1:1",
                            "1:1 ", "0x10:1", "99999999999999999999:1", "１:１"}) {
        INFO(bad);
        CHECK(codeOf(s.service->pull(room.caller(), {bad, 10})) == "bad_request");
    }
    CHECK(codeOf(s.service->pull(room.caller(), {"", 0})) == "bad_request");
    CHECK(codeOf(s.service->pull(room.caller(), {"", -5})) == "bad_request");
    // A well-formed cursor beyond the newest event was never handed out.
    CHECK(s.service->pull(room.caller(), {"0:0", 10}).ok());
    CHECK(codeOf(s.service->pull(room.caller(), {"5:3", 10})) == "bad_request");
    CaseWorld w("case-cursor", 9);
    s.act(w, w.cast.agent, room, w.receive(w.cast.agent, kElderly));
    CHECK(s.service->pull(room.caller(), {"1:0", 10}).ok());
    CHECK(s.service->pull(room.caller(), {"1:1", 10})->events.empty());
    // A huge limit is capped.
    CHECK(s.service->pull(room.caller(), {"", 1'000'000}).ok());
    CHECK(parseCursor("") == PullCursor{0, 0});
    CHECK(parseCursor("12:7") == PullCursor{12, 7});
    CHECK(formatCursor({12, 7}) == "12:7");
}

// --- reference data and pokes
// ----------------------------------------------------------------------

TEST_CASE("syncd: the reference download holds only the users of the device's site",
          "[syncd][reference]") {
    SyncdWorld s;
    auto usersOf = [&](const Device& d) {
        auto r = s.service->reference(d.caller());
        INFO((r ? "" : r.error().message));
        REQUIRE(r.ok());
        const auto doc = boost::json::parse(*r).as_object();
        CHECK(doc.at("v").as_int64() == 1);
        CHECK(doc.at("version").as_int64() == 1);
        CHECK(doc.at("org").as_object().contains("townships"));
        CHECK(doc.at("catalog").as_object().contains("items"));
        CHECK_FALSE(doc.at("calendar").as_string().empty());
        std::set<std::string> out;
        for (const auto& u : doc.at("users").as_array()) {
            const auto& o = u.as_object();
            CHECK(o.at("siteId").as_string() == d.siteId);
            CHECK(std::string(o.at("passwordHash").as_string()).rfind("pw1$", 0) == 0);
            out.insert(std::string(o.at("userId").as_string()));
        }
        return out;
    };
    CHECK(usersOf(s.deviceFor(s.cast.agent)) == std::set<std::string>{"agent-r1"});
    CHECK(usersOf(s.deviceFor(s.cast.clerk)) ==
          std::set<std::string>{"clerk-h", "clerk-h2", "dir-h", "dep-h"});
    CHECK(usersOf(s.deviceFor(s.cast.handler)) ==
          std::set<std::string>{"mz-1", "mz-2", "mz-3", "sv-1", "ad-1"});
    REQUIRE(s.store->setUserActive("clerk-h2", false).ok());
    CHECK(usersOf(s.deviceFor(s.cast.clerk)) == std::set<std::string>{"clerk-h", "dir-h", "dep-h"});
}

TEST_CASE("syncd: the poke sink hears the readers of every case that changed", "[syncd][poke]") {
    SyncdWorld s;
    Device room = s.deviceFor(s.cast.agent);
    CaseWorld w("case-poke", 41);
    s.act(w, w.cast.agent, room, w.receive(w.cast.agent, kElderly, {}, true));
    REQUIRE(s.pokes.size() == 1);
    CHECK(s.pokes.back() == std::vector<std::string>{Cast::kRoom});
    s.act(w, w.cast.agent, room, AcceptPayload{});
    s.act(w, w.cast.agent, room, ForwardPayload{{Cast::kHall, {}}, {}});
    REQUIRE(s.pokes.size() == 3);
    CHECK(s.pokes.back() == std::vector<std::string>{Cast::kHall, Cast::kRoom});
    // Nothing stored, nobody poked.
    s.pushOne(room, w.events.back());
    s.pushOne(room, w.make(on(w.cast.agent, room), AcceptPayload{}));
    CHECK(s.pokes.size() == 3);
}
