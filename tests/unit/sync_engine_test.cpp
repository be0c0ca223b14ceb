// The sync engine against a fake server kept in this file: client stores converge; a cut at every
// call of a round resumes with nothing lost or duplicated; a lost push answer comes back as a
// duplicate; refused events leave the outbox with their reason; backoff grows, is capped, jitters
// and resets; a revoked device stops retrying; progress for the UI; a protocol version mismatch.
//
// The fake sends every message through the real codec and gzip both ways, so the engine sees
// exactly what it would get from the wire.
#include "common/store/event_store.h"
#include "common/sync/codec.h"
#include "common/sync/engine.h"
#include "tests/support/case_world.h"
#include "tests/support/temp_dir.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

using namespace bianmin::domain;
using namespace bianmin::store;
using namespace bianmin::sync;
using bianmin::testing::CaseWorld;
using bianmin::testing::Cast;
using bianmin::testing::localTime;
using bianmin::testing::message;
using bianmin::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

class FakeClock final : public Clock {
public:
    Instant now() const override { return t; }
    Instant t = localTime(2026, 11, 23, 9, 0);
};

const char* kPassword = "Cb#2026-test";

std::unique_ptr<EventStore> freshStore(const std::filesystem::path& file, const FakeClock& clock,
                                       const std::string& userId) {
    EventStore::Options o;
    o.clock = &clock;
    o.kdf = crypto::KdfParams::fastForTests();
    auto s = EventStore::open(file, o);
    REQUIRE(s.ok());
    REQUIRE((*s)->createKeyring(userId, kPassword).ok());
    const Status ref =
        (*s)->putReference(bianmin::refdata::ReferencePaths::inDirectory(BIANMIN_RESOURCES_DIR), 1);
    INFO(message(ref));
    REQUIRE(ref.ok());
    return std::move(*s);
}

// A message as the other side reads it: encoded, gzipped, gunzipped, decoded.
template <typename T, typename Decode>
T viaWire(const T& m, Decode decode) {
    const auto z = gzipCompress(encode(m));
    REQUIRE(z.ok());
    const auto text = gzipDecompress(*z);
    REQUIRE(text.ok());
    auto d = decode(*text);
    INFO((d ? std::string() : d.error().message));
    REQUIRE(d.ok());
    return std::move(*d);
}

// The server's state, shared by the devices' connections: a log in server order (an event's
// server sequence number is its position + 1), and the events it will refuse or call conflicts.
struct ServerLog {
    std::vector<Event> events;
    std::map<std::string, std::int64_t> seqOf;
    std::map<std::string, std::pair<std::string, std::string>> rejects; // id → code, message
    std::set<std::string> conflicts;
    int protocolVersion = kProtocolVersion;
};

// One device's connection to the fake server. The device reads the cases whose id starts with
// `reads` (empty: all), a stand-in for the partitions. Faults, by the index of the call on this
// connection (hello, push and pull all count, from 0), return Retryable errors, never throw.
class FakeServer final : public Transport {
public:
    FakeServer(ServerLog& log, std::string reads)
        : m_log(log)
        , m_reads(std::move(reads)) {}

    Result<HelloResponse> hello(const HelloRequest& request) override {
        const HelloRequest r = viaWire(request, decodeHelloRequest);
        if (auto e = before("hello"))
            return *e;
        lastHello = r;
        HelloResponse res;
        res.protocolVersion = m_log.protocolVersion;
        res.serverTime = localTime(2026, 11, 23, 9, 0);
        res.serverVersion = "fake";
        res.referenceVersion = 1;
        if (auto e = after())
            return *e;
        if (rawHello)
            return res;
        // A newer server's hello, read by this build's codec, is a "version" error.
        auto decoded = decodeHelloResponse(encode(res));
        if (!decoded)
            return decoded.error();
        return *decoded;
    }

    Result<PushResponse> push(const PushRequest& request) override {
        const PushRequest r = viaWire(request, decodePushRequest);
        if (auto e = before("push"))
            return *e;
        if (busyFor) {
            m_retryAfter = busyFor;
            return httpError(429, {"busy", "服务器繁忙"});
        }
        PushResponse res;
        for (const Event& e : r.events) {
            PushResult x;
            x.eventId = e.id;
            if (auto it = m_log.seqOf.find(e.id); it != m_log.seqOf.end()) {
                x.outcome = PushOutcome::Duplicate;
                x.serverSeq = it->second;
            } else if (auto rej = m_log.rejects.find(e.id); rej != m_log.rejects.end()) {
                x.outcome = PushOutcome::Rejected;
                x.code = rej->second.first;
                x.message = rej->second.second;
            } else {
                Event stored = e;
                stored.serverSeq = static_cast<std::int64_t>(m_log.events.size()) + 1;
                m_log.seqOf[e.id] = *stored.serverSeq;
                m_log.events.push_back(stored);
                x.serverSeq = stored.serverSeq;
                if (m_log.conflicts.count(e.id)) {
                    x.outcome = PushOutcome::Conflict;
                    x.code = "wrong_state";
                    x.message = "办件已转报";
                }
            }
            res.results.push_back(std::move(x));
        }
        if (auto e = after())
            return *e;
        return viaWire(res, decodePushResponse);
    }

    Result<PullResponse> pull(const PullRequest& request) override {
        const PullRequest r = viaWire(request, decodePullRequest);
        lastPull = r;
        if (auto e = before("pull"))
            return *e;
        std::size_t pos = 0;
        if (!r.cursor.empty()) {
            REQUIRE(r.cursor.rfind("seq:", 0) == 0);
            pos = std::stoul(r.cursor.substr(4));
        }
        PullResponse res;
        const auto& log = m_log.events;
        for (; pos < log.size() && res.events.size() < static_cast<std::size_t>(r.limit); ++pos)
            if (mayRead(log[pos]))
                res.events.push_back(log[pos]);
        while (pos < log.size() && !mayRead(log[pos]))
            ++pos;
        res.nextCursor = "seq:" + std::to_string(pos);
        res.more = pos < log.size();
        if (auto e = after())
            return *e;
        return viaWire(res, decodePullResponse);
    }

    bool mayRead(const Event& e) const { return e.caseId.rfind(m_reads, 0) == 0; }
    std::optional<Instant> retryAfter() const override { return m_retryAfter; }

    std::optional<int> failAt;      // refused before the server does anything (no connection)
    std::optional<int> dropAt;      // the server does the work; the answer is lost on the wire
    bool down = false;              // every call fails
    std::optional<Error> refuse;    // every call gets this error (a revoked device, say)
    bool rawHello = false;          // hand the hello answer over without the codec
    std::optional<Instant> busyFor; // every push is refused 429 busy with this Retry-After
    std::optional<PullRequest> lastPull;
    int calls = 0;
    std::vector<std::string> callNames;
    std::optional<HelloRequest> lastHello;

private:
    std::optional<Error> before(const char* name) {
        m_current = calls++;
        m_retryAfter.reset();
        callNames.emplace_back(name);
        if (refuse)
            return *refuse;
        if (down || failAt == m_current)
            return networkError("connection refused");
        return std::nullopt;
    }
    std::optional<Error> after() const {
        if (dropAt == m_current)
            return networkError("connection reset: the answer was lost");
        return std::nullopt;
    }

    ServerLog& m_log;
    std::string m_reads;
    int m_current = 0;
    std::optional<Instant> m_retryAfter;
};

SyncEngine::Options options(const std::string& deviceId, const std::string& siteId,
                            int pushBatch = 200, int pullLimit = 1000) {
    SyncEngine::Options o;
    o.deviceId = deviceId;
    o.siteId = siteId;
    o.clientVersion = "0.1.0-test";
    o.pushBatch = pushBatch;
    o.pullLimit = pullLimit;
    return o;
}

// A client device: its store, its connection to the fake server and its engine.
struct Device {
    Device(const TempDir& dir, const std::string& name, const std::string& userId, ServerLog& log,
           const std::string& reads, const FakeClock& clock, const SyncEngine::Options& o)
        : store(freshStore(dir / (name + ".db"), clock, userId))
        , server(log, reads)
        , engine(*store, server, clock, o) {}

    std::unique_ptr<EventStore> store;
    FakeServer server;
    SyncEngine engine;
};

// A case received with a missing material, told, supplemented and accepted: four events.
std::vector<Event> makeCase(const std::string& caseId, const Actor& actor, std::uint64_t seed) {
    CaseWorld w(caseId, seed);
    w.must(actor, w.receive(actor, "MZJ-001", {"户口簿"}, actor.role == Role::VillageAgent));
    w.must(actor, NotifyMissingPayload{{"户口簿"}, {}});
    w.advanceMinutes(60);
    w.must(actor, SupplementPayload{{CaseWorld::got("户口簿")}});
    w.must(actor, AcceptPayload{});
    return w.events;
}

void appendAll(EventStore& s, const std::vector<Event>& events) {
    auto r = s.appendAll(events);
    INFO((r ? std::string() : r.error().message));
    REQUIRE(r.ok());
}

// The next event of a case as `actor` makes it from what `store` knows of the case.
Event nextEvent(EventStore& store, const std::string& caseId, const Actor& actor, Payload p,
                std::uint64_t seed) {
    CaseWorld w(caseId, seed);
    auto events = store.caseEvents(caseId);
    REQUIRE(events.ok());
    w.events = *events;
    w.setTime(localTime(2026, 11, 23, 15, 0));
    w.must(actor, std::move(p));
    return w.events.back();
}

// Event id → server sequence number (-1 when none), of the cases a store holds.
std::map<std::string, std::int64_t> clientEvents(EventStore& s,
                                                 const std::vector<std::string>& caseIds) {
    std::map<std::string, std::int64_t> out;
    for (const auto& c : caseIds) {
        auto events = s.caseEvents(c);
        REQUIRE(events.ok());
        for (const auto& e : *events) {
            CHECK(out.emplace(e.id, e.serverSeq.value_or(-1)).second); // no event twice
        }
    }
    return out;
}

std::map<std::string, std::int64_t> serverEvents(const ServerLog& log, const FakeServer& reader) {
    std::map<std::string, std::int64_t> out;
    for (const auto& e : log.events)
        if (reader.mayRead(e))
            CHECK(out.emplace(e.id, *e.serverSeq).second);
    return out;
}

int outboxOf(EventStore& s) {
    auto n = s.outboxSize();
    REQUIRE(n.ok());
    return *n;
}

std::string errorText(const RoundReport& r) {
    return r.error ? r.error->code + ": " + r.error->message : std::string("ok");
}

} // namespace

TEST_CASE("sync engine: two village rooms and their hall converge through the server",
          "[sync][engine]") {
    TempDir dir;
    FakeClock clock;
    ServerLog log;
    Cast cast;
    Device room1(dir, "room1", "agent-r1", log, "r1-", clock, options("dev-r1", Cast::kRoom));
    Device room2(dir, "room2", "agent-r2", log, "r2-", clock, options("dev-r2", Cast::kRoom2));
    Device hall(dir, "hall", "clerk-h", log, "", clock, options("dev-h1", Cast::kHall));

    // Each works offline.
    appendAll(*room1.store, makeCase("r1-a", cast.agent, 1));
    appendAll(*room2.store, makeCase("r2-b", cast.agent2, 2));
    appendAll(*hall.store, makeCase("h-c", cast.clerk, 3));
    for (Device* d : {&room1, &room2, &hall}) {
        const RoundReport r = d->engine.runRound();
        INFO(errorText(r));
        REQUIRE(r.ok());
        CHECK(r.pushed == 4);
    }
    CHECK(log.events.size() == 12);

    // The room forwards its case to the hall; the hall takes it in; the room sees that.
    clock.t += 3'600'000;
    REQUIRE(room1.store
                ->append(nextEvent(*room1.store, "r1-a", cast.agent,
                                   ForwardPayload{{Cast::kHall, {}}, "转乡镇办理"}, 11))
                .ok());
    REQUIRE(room1.engine.runRound().ok());
    REQUIRE(hall.engine.runRound().ok());
    REQUIRE(
        hall.store->append(nextEvent(*hall.store, "r1-a", cast.clerk, TakeInPayload{}, 12)).ok());
    REQUIRE(hall.engine.runRound().ok());
    const RoundReport last = room1.engine.runRound();
    REQUIRE(last.ok());
    CHECK(last.pulled == 1);
    REQUIRE(room2.engine.runRound().ok());

    CHECK(log.events.size() == 14);
    // Every device holds exactly what it may read, with the server's numbers, and nothing queued.
    CHECK(clientEvents(*room1.store, {"r1-a", "r2-b", "h-c"}) == serverEvents(log, room1.server));
    CHECK(clientEvents(*room2.store, {"r1-a", "r2-b", "h-c"}) == serverEvents(log, room2.server));
    CHECK(clientEvents(*hall.store, {"r1-a", "r2-b", "h-c"}) == serverEvents(log, hall.server));
    CHECK(*room1.store->caseCount() == 1);
    CHECK(*room2.store->caseCount() == 1);
    CHECK(*hall.store->caseCount() == 3);
    for (Device* d : {&room1, &room2, &hall}) {
        CHECK(outboxOf(*d->store) == 0);
        CHECK(d->engine.progress().state == SyncState::UpToDate);
    }
    // The case's state is the same at the room and the hall.
    const auto atRoom = room1.store->caseView("r1-a");
    const auto atHall = hall.store->caseView("r1-a");
    REQUIRE(atRoom.ok());
    REQUIRE(atHall.ok());
    CHECK(atRoom->holder.siteId == Cast::kHall);
    CHECK(atHall->holder.siteId == Cast::kHall);
    CHECK(atRoom->status == atHall->status);
    CHECK(atRoom->timeline.size() == atHall->timeline.size());
    CHECK_FALSE(atRoom->awaitingTakeIn);
    CHECK_FALSE(atHall->awaitingTakeIn);
}

TEST_CASE("sync engine: a cut at every call of a round resumes with nothing lost or duplicated",
          "[sync][engine][cut]") {
    Cast cast;
    // A second device of the same room has synced a case; this device has two cases to push.
    // Batches of 2 to push and 3 to pull make a round of many calls.
    struct World {
        TempDir dir;
        FakeClock clock;
        ServerLog log;
        std::unique_ptr<Device> other;
        std::unique_ptr<Device> dev;
    };
    const auto makeWorld = [&cast]() {
        auto w = std::make_unique<World>();
        w->other = std::make_unique<Device>(w->dir, "other", "agent-r1", w->log, "r1-", w->clock,
                                            options("dev-r1b", Cast::kRoom, 2, 3));
        w->dev = std::make_unique<Device>(w->dir, "dev", "agent-r1", w->log, "r1-", w->clock,
                                          options("dev-r1", Cast::kRoom, 2, 3));
        appendAll(*w->other->store, makeCase("r1-x", cast.agent, 5));
        REQUIRE(w->other->engine.runRound().ok());
        appendAll(*w->dev->store, makeCase("r1-a", cast.agent, 6));
        appendAll(*w->dev->store, makeCase("r1-b", cast.agent, 7));
        return w;
    };
    const std::vector<std::string> cases = {"r1-x", "r1-a", "r1-b"};

    // Without a fault: how many calls a round makes, and what it moves.
    int callsPerRound = 0;
    {
        auto w = makeWorld();
        const RoundReport r = w->dev->engine.runRound();
        REQUIRE(r.ok());
        CHECK(r.pushed == 8);
        CHECK(r.pulled == 12); // the other device's 4 and our own 8, back with their numbers
        callsPerRound = w->dev->server.calls;
        CHECK(w->dev->server.callNames == std::vector<std::string>{"hello", "push", "push", "push",
                                                                   "push", "pull", "pull", "pull",
                                                                   "pull"});
    }

    for (const bool drop : {false, true}) {
        for (int n = 0; n < callsPerRound; ++n) {
            auto w = makeWorld();
            FakeServer& server = w->dev->server;
            SyncEngine& engine = w->dev->engine;
            if (drop)
                server.dropAt = n;
            else
                server.failAt = n;
            const RoundReport cut = engine.runRound();
            const std::string call = server.callNames.at(static_cast<std::size_t>(n));
            INFO((drop ? "answer lost" : "call failed") << " at call " << n << " (" << call << ")");
            REQUIRE_FALSE(cut.ok());
            CHECK(cut.error->kind == ErrorKind::Retryable);
            CHECK(server.calls == n + 1); // the round stopped at the cut
            CHECK(engine.progress().state == SyncState::Offline);
            server.dropAt.reset();
            server.failAt.reset();
            w->clock.t = *engine.nextAttemptAt();
            const RoundReport next = engine.runRound();
            INFO(errorText(next));
            REQUIRE(next.ok());

            // Nothing lost, nothing twice: the server holds each event once, the device holds
            // what the server holds with the same numbers, and nothing is left to push.
            CHECK(w->log.events.size() == 12);
            CHECK(w->log.seqOf.size() == 12);
            CHECK(clientEvents(*w->dev->store, cases) == serverEvents(w->log, server));
            CHECK(outboxOf(*w->dev->store) == 0);
            // A lost push answer: that batch comes back as duplicates, not as new events.
            const bool lostPush = drop && call == "push";
            CHECK(cut.pushed + next.pushed == (lostPush ? 6 : 8));
            CHECK(cut.duplicates + next.duplicates == (lostPush ? 2 : 0));
            // Pulls resume from the stored cursor: each event is applied once, even when an
            // answer was lost (its batch is simply asked for again).
            CHECK(cut.pulled + next.pulled == 12);
            CHECK(w->dev->store->pullCursor() == "seq:12");
            for (const auto& c : cases)
                CHECK(w->dev->store->caseView(c).ok());
            // And the other device catches up with all of it.
            REQUIRE(w->other->engine.runRound().ok());
            CHECK(clientEvents(*w->other->store, cases) == serverEvents(w->log, server));
        }
    }
}

TEST_CASE("sync engine: a lost push answer comes back as duplicate, never a second copy",
          "[sync][engine]") {
    TempDir dir;
    FakeClock clock;
    ServerLog log;
    Cast cast;
    Device dev(dir, "dev", "agent-r1", log, "r1-", clock, options("dev-r1", Cast::kRoom, 3));
    appendAll(*dev.store, makeCase("r1-a", cast.agent, 1));
    dev.server.dropAt = 1; // the first push: stored at the server, the answer lost
    const RoundReport cut = dev.engine.runRound();
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error->code == "network");
    CHECK(log.events.size() == 3);
    CHECK(outboxOf(*dev.store) == 4); // the device does not know yet

    dev.server.dropAt.reset();
    clock.t = *dev.engine.nextAttemptAt();
    const RoundReport next = dev.engine.runRound();
    REQUIRE(next.ok());
    CHECK(next.duplicates == 3);
    CHECK(next.pushed == 1);
    CHECK(log.events.size() == 4);
    CHECK(clientEvents(*dev.store, {"r1-a"}) == serverEvents(log, dev.server));
    CHECK(outboxOf(*dev.store) == 0);
}

TEST_CASE("sync engine: a rejected event leaves the outbox with its reason, a conflict stays",
          "[sync][engine]") {
    TempDir dir;
    FakeClock clock;
    ServerLog log;
    Cast cast;
    Device dev(dir, "dev", "agent-r1", log, "r1-", clock, options("dev-r1", Cast::kRoom));
    const auto events = makeCase("r1-a", cast.agent, 1);
    appendAll(*dev.store, events);
    log.rejects[events.back().id] = {"forbidden", "该办件不在本单位办理"};
    log.conflicts.insert(events[2].id);

    const RoundReport r = dev.engine.runRound();
    INFO(errorText(r));
    REQUIRE(r.ok());
    CHECK(r.pushed == 2);
    CHECK(r.conflicts == 1);
    CHECK(r.rejected == 1);
    CHECK(outboxOf(*dev.store) == 0);
    CHECK(dev.engine.progress().eventsToPush == 0);

    const auto rejected = dev.store->rejectedEvents();
    REQUIRE(rejected.ok());
    REQUIRE(rejected->size() == 1);
    CHECK((*rejected)[0].eventId == events.back().id);
    CHECK((*rejected)[0].code == "forbidden");
    CHECK((*rejected)[0].message == "该办件不在本单位办理");
    CHECK(log.seqOf.count(events.back().id) == 0);

    // The conflicting event is stored at the server and acknowledged with its number.
    const auto held = clientEvents(*dev.store, {"r1-a"});
    REQUIRE(held.count(events[2].id) == 1);
    CHECK(held.at(events[2].id) == log.seqOf.at(events[2].id));
    // The case stays, without the refused accept.
    const auto v = dev.store->caseView("r1-a");
    REQUIRE(v.ok());
    CHECK(v->status != CaseStatus::Accepted);

    // Nothing is pushed again on the next round.
    const RoundReport again = dev.engine.runRound();
    REQUIRE(again.ok());
    CHECK(again.pushed + again.duplicates + again.rejected == 0);
}

TEST_CASE("sync engine: backoff grows, is capped, jitters within 20 % and resets on success",
          "[sync][engine][backoff]") {
    TempDir dir;
    FakeClock clock;
    ServerLog log;
    Device dev(dir, "dev", "agent-r1", log, "r1-", clock, options("dev-r1", Cast::kRoom));
    dev.server.down = true;
    CHECK(dev.engine.attemptDue());
    CHECK_FALSE(dev.engine.nextAttemptAt());

    const double base = 2'000;
    const double cap = 300'000;
    std::vector<Instant> delays;
    for (int k = 1; k <= 60; ++k) {
        const RoundReport r = dev.engine.runRound();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error->code == "network");
        CHECK(dev.engine.consecutiveFailures() == k);
        REQUIRE(dev.engine.nextAttemptAt());
        const Instant d = *dev.engine.nextAttemptAt() - clock.t;
        const double nominal = std::min(cap, base * std::pow(2.0, k - 1));
        INFO("failure " << k << ": waits " << d << " ms, nominal " << nominal);
        CHECK(static_cast<double>(d) >= 0.8 * nominal);
        CHECK(static_cast<double>(d) <= 1.2 * nominal);
        CHECK(dev.engine.progress().nextAttemptAt == dev.engine.nextAttemptAt());
        CHECK(dev.engine.progress().state == SyncState::Offline);
        CHECK_FALSE(dev.engine.attemptDue());
        clock.t = *dev.engine.nextAttemptAt() - 1;
        CHECK_FALSE(dev.engine.attemptDue());
        clock.t += 1;
        CHECK(dev.engine.attemptDue());
        delays.push_back(d);
    }
    // It grows while below the cap (doubling beats ±20 %), then stays at the cap…
    for (std::size_t i = 1; i < 8; ++i)
        CHECK(delays[i] > delays[i - 1]);
    const auto [lo, hi] = std::minmax_element(delays.begin() + 10, delays.end());
    CHECK(static_cast<double>(*lo) >= 0.8 * cap);
    CHECK(static_cast<double>(*hi) <= 1.2 * cap);
    // …with real jitter: spread over most of the band, not one value.
    CHECK(static_cast<double>(*lo) < 0.9 * cap);
    CHECK(static_cast<double>(*hi) > 1.1 * cap);

    // A success resets it.
    dev.server.down = false;
    REQUIRE(dev.engine.runRound().ok());
    CHECK(dev.engine.consecutiveFailures() == 0);
    CHECK_FALSE(dev.engine.nextAttemptAt());
    CHECK(dev.engine.attemptDue());
    dev.server.down = true;
    REQUIRE_FALSE(dev.engine.runRound().ok());
    const Instant d = *dev.engine.nextAttemptAt() - clock.t;
    CHECK(d >= 1'600);
    CHECK(d <= 2'400);

    // The jitter comes from the seed: the same seed waits the same.
    ServerLog log2;
    Device twin(dir, "twin", "agent-r1", log2, "r1-", clock, options("dev-r1", Cast::kRoom));
    twin.server.down = true;
    for (std::size_t k = 0; k < 12; ++k) {
        REQUIRE_FALSE(twin.engine.runRound().ok());
        CHECK(*twin.engine.nextAttemptAt() - clock.t == delays[k]);
        clock.t = *twin.engine.nextAttemptAt();
    }
}

TEST_CASE("sync engine: a busy server's Retry-After decides the wait, with jitter, never less",
          "[sync][engine][backoff]") {
    TempDir dir;
    FakeClock clock;
    ServerLog log;
    Device dev(dir, "dev", "agent-r1", log, "r1-", clock, options("dev-r1", Cast::kRoom));
    const Cast cast;
    appendAll(*dev.store, makeCase("r1-case", cast.agent, 7));
    std::set<Instant> waits;
    for (const Instant asked : {1'000, 1'000, 1'000, 1'000, 30'000}) {
        dev.server.busyFor = asked;
        const RoundReport r = dev.engine.runRound();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error->code == "busy");
        CHECK(r.error->kind == ErrorKind::Retryable);
        CHECK(dev.engine.progress().state == SyncState::Offline);
        REQUIRE(dev.engine.nextAttemptAt());
        const Instant d = *dev.engine.nextAttemptAt() - clock.t;
        INFO("asked " << asked << " ms, waits " << d << " ms");
        // Not the doubling backoff (2 s, 4 s, 8 s …), but what the server asked, plus ≤ 20 %.
        CHECK(d >= asked);
        CHECK(static_cast<double>(d) <= 1.2 * static_cast<double>(asked));
        waits.insert(d);
    }
    CHECK(waits.size() > 2); // jittered, not one value
    // Without a Retry-After (no connection), the doubling backoff again.
    dev.server.busyFor.reset();
    dev.server.down = true;
    REQUIRE_FALSE(dev.engine.runRound().ok());
    CHECK(*dev.engine.nextAttemptAt() - clock.t >= static_cast<Instant>(0.8 * 2'000 * 32));
    // Once the server takes it, the round goes through.
    dev.server.down = false;
    REQUIRE(dev.engine.runRound().ok());
    CHECK(dev.engine.progress().eventsToPush == 0);
}

TEST_CASE("sync engine: pulls leave out the device's own events only once the store holds them all",
          "[sync][engine][own]") {
    TempDir dir;
    FakeClock clock;
    ServerLog log;
    Device fresh(dir, "fresh", "agent-r1", log, "r1-", clock, options("dev-r1", Cast::kRoom));
    // No mark: the first round pulls in full, and once caught up the store is marked.
    REQUIRE(fresh.engine.runRound().ok());
    REQUIRE(fresh.server.lastPull);
    CHECK_FALSE(fresh.server.lastPull->skipOwn);
    CHECK(fresh.store->meta(SyncEngine::kMetaOwnEventsComplete) == "dev-r1");
    REQUIRE(fresh.engine.runRound().ok());
    CHECK(fresh.server.lastPull->skipOwn);

    // A round cut in the middle of its pull does not mark the store.
    Device cut(dir, "cut", "agent-r1", log, "r1-", clock, options("dev-r1b", Cast::kRoom, 200, 1));
    const Cast cast;
    appendAll(*cut.store, makeCase("r1-cut", cast.agent, 9));
    REQUIRE(cut.engine.runRound().ok()); // pushes 4 and pulls them back, one per request
    CHECK(cut.store->meta(SyncEngine::kMetaOwnEventsComplete) == "dev-r1b");
    Device cut2(dir, "cut2", "agent-r1", log, "r1-", clock,
                options("dev-r1c", Cast::kRoom, 200, 1));
    cut2.server.failAt = 3; // hello, then pull 1 and 2 go through; pull 3 fails
    REQUIRE_FALSE(cut2.engine.runRound().ok());
    CHECK(cut2.store->meta(SyncEngine::kMetaOwnEventsComplete).empty());
    cut2.server.failAt.reset();
    REQUIRE(cut2.engine.runRound().ok());
    CHECK_FALSE(cut2.server.lastPull->skipOwn);
    CHECK(cut2.store->meta(SyncEngine::kMetaOwnEventsComplete) == "dev-r1c");

    // A store set up by a new enrollment is marked at once: its first pull leaves them out.
    Device enrolled(dir, "enrolled", "agent-r1", log, "r1-", clock,
                    options("dev-r1d", Cast::kRoom));
    REQUIRE(SyncEngine::noteNewDevice(*enrolled.store, "dev-r1d").ok());
    REQUIRE(enrolled.engine.runRound().ok());
    CHECK(enrolled.server.lastPull->skipOwn);
    // A mark for another device id counts for nothing.
    Device other(dir, "other", "agent-r1", log, "r1-", clock, options("dev-r1e", Cast::kRoom));
    REQUIRE(SyncEngine::noteNewDevice(*other.store, "dev-somebody-else").ok());
    REQUIRE(other.engine.runRound().ok());
    CHECK_FALSE(other.server.lastPull->skipOwn);
}

TEST_CASE("sync engine: a revoked device stops automatic retries until credentials change",
          "[sync][engine]") {
    TempDir dir;
    FakeClock clock;
    ServerLog log;
    Cast cast;
    Device dev(dir, "dev", "agent-r1", log, "r1-", clock, options("dev-r1", Cast::kRoom));
    appendAll(*dev.store, makeCase("r1-a", cast.agent, 1));
    dev.server.refuse = httpError(403, {"revoked", "本设备已被停用，请联系管理员"});

    const RoundReport r = dev.engine.runRound();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->kind == ErrorKind::NotPermitted);
    CHECK(r.error->code == "revoked");
    const Progress& p = dev.engine.progress();
    CHECK(p.state == SyncState::Error);
    CHECK(p.retriesStopped);
    CHECK_FALSE(p.nextAttemptAt);
    REQUIRE(p.lastError);
    CHECK(p.lastError->code == "revoked");
    CHECK(p.lastError->message == "本设备已被停用，请联系管理员");
    CHECK_FALSE(dev.engine.attemptDue());
    clock.t += Instant{24} * 3'600'000;
    CHECK_FALSE(dev.engine.attemptDue()); // no matter how long
    CHECK(log.events.empty());

    // A restart remembers it.
    {
        SyncEngine restarted(*dev.store, dev.server, clock, options("dev-r1", Cast::kRoom));
        CHECK(restarted.retriesStopped());
        CHECK_FALSE(restarted.attemptDue());
        CHECK(restarted.progress().state == SyncState::Error);
        REQUIRE(restarted.progress().lastError);
        CHECK(restarted.progress().lastError->code == "revoked");
        CHECK(restarted.progress().eventsToPush == 4);
    }

    // New credentials: retries resume, and a success clears the error for good.
    dev.server.refuse.reset();
    dev.engine.credentialsChanged();
    CHECK(dev.engine.attemptDue());
    CHECK_FALSE(dev.engine.retriesStopped());
    REQUIRE(dev.engine.runRound().ok());
    CHECK(log.events.size() == 4);
    SyncEngine restarted(*dev.store, dev.server, clock, options("dev-r1", Cast::kRoom));
    CHECK_FALSE(restarted.retriesStopped());
    CHECK_FALSE(restarted.progress().lastError);

    // An expired user token is the same kind of stop.
    dev.server.refuse = httpError(401, {"expired_token", "登录已过期，请重新登录"});
    const RoundReport expired = dev.engine.runRound();
    REQUIRE_FALSE(expired.ok());
    CHECK(expired.error->code == "expired_token");
    CHECK(dev.engine.retriesStopped());
}

TEST_CASE("sync engine: progress during and after a round, kept across a restart",
          "[sync][engine][progress]") {
    TempDir dir;
    FakeClock clock;
    ServerLog log;
    Cast cast;
    Device dev(dir, "dev", "agent-r1", log, "r1-", clock, options("dev-r1", Cast::kRoom, 2, 3));
    appendAll(*dev.store, makeCase("r1-a", cast.agent, 1));
    CaseWorld second("r1-b", 2);
    second.must(cast.agent, second.receive(cast.agent, "MZJ-001"));
    appendAll(*dev.store, second.events);

    {
        SyncEngine fresh(*dev.store, dev.server, clock, options("dev-r1", Cast::kRoom));
        const Progress& p = fresh.progress();
        CHECK(p.state == SyncState::Idle);
        CHECK(p.eventsToPush == 5);
        CHECK_FALSE(p.lastSuccessAt);
        CHECK_FALSE(p.lastError);
        CHECK_FALSE(p.nextAttemptAt);
        CHECK_FALSE(p.retriesStopped);
    }

    std::vector<Progress> seen;
    dev.engine.setProgressCallback([&seen](const Progress& p) { seen.push_back(p); });
    clock.t = localTime(2026, 11, 23, 10, 0);
    const RoundReport r = dev.engine.runRound();
    REQUIRE(r.ok());
    CHECK(r.pushed == 5);
    CHECK(r.pulled == 5);
    REQUIRE(r.hello);
    CHECK(r.hello->serverVersion == "fake");
    REQUIRE(dev.server.lastHello);
    CHECK(dev.server.lastHello->outboxSize == 5);
    CHECK(dev.server.lastHello->lastError.empty());
    CHECK(dev.server.lastHello->deviceId == "dev-r1");
    CHECK(dev.server.lastHello->siteId == Cast::kRoom);
    CHECK(dev.server.lastHello->clientVersion == "0.1.0-test");

    // Start, three push batches, two pull batches, the end.
    REQUIRE(seen.size() == 7);
    std::vector<std::int64_t> toPush, pulled;
    for (const auto& p : seen) {
        toPush.push_back(p.eventsToPush);
        pulled.push_back(p.pulledThisRound);
    }
    CHECK(toPush == std::vector<std::int64_t>{5, 3, 1, 0, 0, 0, 0});
    CHECK(pulled == std::vector<std::int64_t>{0, 0, 0, 0, 3, 5, 5});
    for (std::size_t i = 0; i + 1 < seen.size(); ++i)
        CHECK(seen[i].state == SyncState::Syncing);
    const Progress& done = dev.engine.progress();
    CHECK(seen.back().state == SyncState::UpToDate);
    CHECK(done.state == SyncState::UpToDate);
    CHECK(done.lastSuccessAt == clock.t);
    CHECK_FALSE(done.lastError);
    CHECK_FALSE(done.nextAttemptAt);
    CHECK(done.pulledTotal == 5);
    CHECK(syncStateKey(done.state) == "up_to_date");

    // A failed round: offline, with why and when it tries again; the last success stays.
    const Instant success = clock.t;
    clock.t += 60'000;
    dev.server.down = true;
    seen.clear();
    REQUIRE_FALSE(dev.engine.runRound().ok());
    CHECK(seen.size() == 2); // start, failure
    CHECK(done.state == SyncState::Offline);
    CHECK(done.pulledThisRound == 0);
    CHECK(done.lastSuccessAt == success);
    REQUIRE(done.lastError);
    CHECK(done.lastError->code == "network");
    CHECK(done.lastError->message == "connection refused");
    CHECK(done.lastError->at == clock.t);
    REQUIRE(done.nextAttemptAt);
    CHECK(*done.nextAttemptAt > clock.t);

    // A restart shows the same last success and last error.
    {
        SyncEngine restarted(*dev.store, dev.server, clock, options("dev-r1", Cast::kRoom));
        const Progress& p = restarted.progress();
        CHECK(p.state == SyncState::Idle);
        CHECK(p.lastSuccessAt == success);
        REQUIRE(p.lastError);
        CHECK(p.lastError->kind == ErrorKind::Retryable);
        CHECK(p.lastError->code == "network");
        CHECK(p.lastError->message == "connection refused");
        CHECK(p.lastError->at == clock.t);
        CHECK_FALSE(p.retriesStopped);
    }

    // The next hello tells the server's monitor about it; the success clears it.
    dev.server.down = false;
    clock.t = *done.nextAttemptAt;
    REQUIRE(dev.engine.runRound().ok());
    CHECK(dev.server.lastHello->lastError == "network: connection refused");
    CHECK_FALSE(done.lastError);
    CHECK(done.pulledThisRound == 0);
    CHECK(done.pulledTotal == 5);
    CHECK(dev.store->meta(SyncEngine::kMetaLastError).empty());
    CHECK(dev.store->meta(SyncEngine::kMetaLastSuccess) == std::to_string(clock.t));
}

TEST_CASE("sync engine: a protocol version mismatch stops the round with a clear error",
          "[sync][engine]") {
    TempDir dir;
    FakeClock clock;
    ServerLog log;
    Cast cast;
    Device dev(dir, "dev", "agent-r1", log, "r1-", clock, options("dev-r1", Cast::kRoom));
    appendAll(*dev.store, makeCase("r1-a", cast.agent, 1));
    log.protocolVersion = 2;

    SECTION("the server's hello, read through the codec") {
        const RoundReport r = dev.engine.runRound();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error->code == "version");
        CHECK(r.error->kind == ErrorKind::Conflict);
        CHECK_THAT(r.error->message, Contains("update the client"));
        CHECK_THAT(r.error->message, Contains("unsupported protocol version 2"));
    }
    SECTION("a transport that hands over a newer version") {
        dev.server.rawHello = true;
        const RoundReport r = dev.engine.runRound();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error->code == "version");
        CHECK(r.error->message == "the sync server speaks protocol version 2 and this client "
                                  "(0.1.0-test) version 1: update the client");
    }
    SECTION("the server refuses our version with 409") {
        dev.server.refuse =
            httpError(409, {"version", "protocol version 1 is no longer served; the server "
                                       "speaks 2"});
        const RoundReport r = dev.engine.runRound();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error->code == "version");
        CHECK(r.error->kind == ErrorKind::Conflict);
        CHECK(r.error->message ==
              "this client (0.1.0-test, sync protocol version 1) and the sync server do not speak "
              "the same protocol version: update the client (protocol version 1 is no longer "
              "served; the server speaks 2)");
    }
    // Nothing was pushed or pulled, the work stays queued, and the UI says why.
    CHECK(log.events.empty());
    CHECK(outboxOf(*dev.store) == 4);
    CHECK(dev.server.callNames == std::vector<std::string>{"hello"});
    CHECK(dev.engine.progress().state == SyncState::Error);
    REQUIRE(dev.engine.progress().lastError);
    CHECK(dev.engine.progress().lastError->code == "version");
}

TEST_CASE("sync engine: HTTP statuses map to the kinds the engine acts on", "[sync][engine]") {
    struct Row {
        int status;
        ErrorKind kind;
        const char* code;
    };
    for (const Row& row :
         {Row{400, ErrorKind::InvalidInput, "bad_request"},
          Row{401, ErrorKind::NotPermitted, "bad_device"},
          Row{403, ErrorKind::NotPermitted, "forbidden"},
          Row{404, ErrorKind::NotFound, "not_found"}, Row{409, ErrorKind::Conflict, "version"},
          Row{413, ErrorKind::InvalidInput, "too_large"}, Row{429, ErrorKind::Retryable, "busy"},
          Row{500, ErrorKind::Retryable, "internal"}, Row{503, ErrorKind::Retryable, "internal"}}) {
        INFO(row.status);
        const Error e = httpError(row.status, {});
        CHECK(e.kind == row.kind);
        CHECK(e.code == row.code);
        CHECK(e.message == "HTTP status " + std::to_string(row.status));
    }
    const Error body = httpError(401, {"expired_token", "登录已过期"});
    CHECK(body.code == "expired_token");
    CHECK(body.message == "登录已过期");
    CHECK(networkError("timeout").kind == ErrorKind::Retryable);
    CHECK(networkError("timeout").code == "network");
}

TEST_CASE("sync engine: a server answer that does not fit the request is refused, not applied",
          "[sync][engine]") {
    // A transport that answers a push with too few results, or says "more" without moving on.
    class OddServer final : public Transport {
    public:
        Result<HelloResponse> hello(const HelloRequest&) override { return HelloResponse{}; }
        Result<PushResponse> push(const PushRequest& r) override {
            PushResponse res;
            res.results.push_back({r.events.front().id, PushOutcome::Accepted, 1, {}, {}});
            return res;
        }
        Result<PullResponse> pull(const PullRequest& r) override {
            ++pulls;
            return PullResponse{{}, r.cursor.empty() ? "seq:0" : r.cursor, true};
        }
        int pulls = 0;
    };
    TempDir dir;
    FakeClock clock;
    Cast cast;
    auto store = freshStore(dir / "dev.db", clock, "agent-r1");
    OddServer server;
    SyncEngine engine(*store, server, clock, options("dev-r1", Cast::kRoom));

    const RoundReport stuck = engine.runRound();
    REQUIRE_FALSE(stuck.ok());
    CHECK(stuck.error->code == "bad_response");
    CHECK(stuck.error->message ==
          "the sync server's answer: more to pull, but the cursor did not move");
    CHECK(server.pulls == 2); // the first moved from "" to "seq:0"; the second did not
    CHECK(store->pullCursor() == "seq:0");
    CHECK(engine.progress().state == SyncState::Error);

    appendAll(*store, makeCase("r1-a", cast.agent, 1));
    const RoundReport r = engine.runRound();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->code == "bad_response");
    CHECK(r.error->message == "the sync server's answer: 1 push results for 4 events");
    CHECK(outboxOf(*store) == 4);
}

TEST_CASE("sync engine: a store that cannot be used is an error, not 'offline'", "[sync][engine]") {
    TempDir dir;
    FakeClock clock;
    ServerLog log;
    Cast cast;
    Device dev(dir, "dev", "agent-r1", log, "r1-", clock, options("dev-r1", Cast::kRoom));
    appendAll(*dev.store, makeCase("r1-a", cast.agent, 1));
    dev.store->lock(); // the user logged out
    const RoundReport r = dev.engine.runRound();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->code == "locked");
    CHECK(dev.engine.progress().state == SyncState::Error);
    CHECK(r.error->kind == ErrorKind::NotPermitted);
    CHECK_FALSE(dev.engine.retriesStopped()); // not the server refusing the device
    CHECK(dev.engine.nextAttemptAt());        // tried again later, like any failure
    CHECK(log.events.empty());
}
