// End-to-end sync against the real bianmin-syncd: each test starts the binary on 127.0.0.1 port 0
// with a copy of the demo city (init-demo once per build, see tests/support/syncd_process.h),
// devices enroll with codes from `bianmin-syncd admin create-enrollment-code`, log in over HTTPS
// and sync client EventStores through HttpsTransport and the SyncEngine, with real TLS against
// the development CA. Reference data comes from GET /api/v1/reference, as a client gets it.
//
// The scenarios of SCENARIOS.md across the network (offline work and convergence, a village case
// forwarded to the center and its reply, a conflict between two devices of a hall, cuts in the
// middle of a push and of a pull, the poke channel), and the bad input and attacks of the sync
// issue, each against the real server, each followed by another client being served.
#include "common/domain/case_fold.h"
#include "common/domain/case_number.h"
#include "common/domain/ids.h"
#include "common/net/https_client.h"
#include "common/store/event_store.h"
#include "common/sync/codec.h"
#include "common/sync/engine.h"
#include "common/sync/https_transport.h"
#include "tests/support/case_world.h"
#include "tests/support/syncd_process.h"
#include "tests/support/temp_dir.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

using namespace bianmin::domain;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace net = bianmin::net;
namespace store = bianmin::store;
namespace bsync = bianmin::sync;
using bianmin::testing::CommandResult;
using bianmin::testing::SyncdProcess;
using bianmin::testing::TempDir;

namespace {

constexpr const char* kPassword = "bianmin-demo"; // every demo user's
// 车埠镇 and two of its village rooms, 赵李桥镇, the center (the demo city of resources/).
const std::string kHall = "421281909000";
const std::string kRoom1 = "421281909001";
const std::string kRoom2 = "421281909002";
const std::string kCenter = "421281000000";
const std::string kClerk = "clerk-" + kHall;
const std::string kDirector = "director-" + kHall;
const std::string kAgent1 = "agent-" + kRoom1;
const std::string kAgent2 = "agent-" + kRoom2;
const std::string kMzj = "民政局";

constexpr const char* kElderly = "MZJ-001"; // 高龄补贴: the room accepts, the township completes
constexpr const char* kHardship = "MZJ-002"; // 家庭生活困难证明: 即办件 completed at the room
constexpr const char* kDibao = "MZJ-006"; // 城乡低保: forwarded to the center's 民政局

Instant nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string describe(const Error& e) {
    return e.code + ": " + e.message;
}
std::string describe(const std::optional<Error>& e) {
    return e ? describe(*e) : std::string("ok");
}

// --- the server -----------------------------------------------------------------------------

class Server {
public:
    explicit Server(std::vector<std::string> extraArgs = {}) {
        auto files = bianmin::testing::syncdFiles(BIANMIN_SYNCD, BIANMIN_RESOURCES_DIR,
                                                  BIANMIN_SYNCD_CACHE_DIR);
        INFO((files ? "" : files.error().message));
        REQUIRE(files.ok());
        fs::copy_file(files->templateDb, m_dir / "syncd.db");
        m_ca = files->certs / "ca.pem";
        m_process = std::make_unique<SyncdProcess>(SyncdProcess::Options{
            files->program, m_dir / "syncd.db", files->certs, m_dir.path(), std::move(extraArgs)});
        start();
    }
    void start() {
        const auto st = m_process->start();
        INFO((st ? "" : st.error().message));
        REQUIRE(st.ok());
    }
    int stop() { return m_process->stop(); }
    void kill() { m_process->kill(); }
    SyncdProcess& process() { return *m_process; }
    const fs::path& caFile() const { return m_ca; }

    net::HttpsClientConfig config() const {
        net::HttpsClientConfig c;
        c.host = "127.0.0.1";
        c.port = m_process->port();
        c.caFile = m_ca.string();
        c.connectTimeout = 5s;
        c.requestTimeout = 30s;
        return c;
    }
    std::string code(const std::string& site, const std::string& department = {}) {
        std::string why;
        std::string c = m_process->enrollmentCode(site, department, why);
        INFO(why);
        REQUIRE_FALSE(c.empty());
        return c;
    }
    CommandResult admin(const std::vector<std::string>& args) { return m_process->admin(args); }

private:
    TempDir m_dir; // outlives the process below
    fs::path m_ca;
    std::unique_ptr<SyncdProcess> m_process;
};

// --- a client device ------------------------------------------------------------------------

struct Tuning {
    int pushBatch = 200;
    int pullLimit = 1000;
    Instant backoffBase = 2'000;
    // The client marks a store that a new enrollment set up as holding all its device's events,
    // so its pulls leave them out from the first round on (SyncEngine::noteNewDevice).
    bool noteNewDevice = true;
};

// A device as the client sets it up: enrolled with a code, the user logged in over HTTPS, the
// reference data downloaded into its own EventStore, a SyncEngine over an HttpsTransport.
class Device {
public:
    Device(Server& server, const std::string& userId, const std::string& siteId,
           const std::string& department = {}, Tuning tuning = {})
        : m_server(server)
        , m_tuning(tuning)
        , m_rng(std::hash<std::string>{}(userId + siteId) ^ static_cast<std::uint64_t>(nowMs())) {
        m_http = std::make_unique<net::HttpsClient>(server.config());
        auto enrolled =
            bsync::enroll(*m_http, server.code(siteId, department), "测试设备 " + userId);
        INFO("enroll: " << (enrolled ? "ok" : describe(enrolled.error())));
        REQUIRE(enrolled.ok());
        m_enrollment = *enrolled;
        CHECK(m_enrollment.siteId == siteId);
        CHECK(m_enrollment.department == department);
        logIn(userId);

        auto text = bsync::fetchReference(*m_http, credential(), m_login.token);
        INFO("reference: " << (text ? "ok" : describe(text.error())));
        REQUIRE(text.ok());
        auto ref = bsync::decodeReference(*text);
        INFO("reference: " << (ref ? "ok" : describe(ref.error())));
        REQUIRE(ref.ok());
        // The users of this site come with their hashes, for offline login.
        const auto me = std::find_if(ref->users.begin(), ref->users.end(),
                                     [&](const auto& u) { return u.profile.userId == userId; });
        REQUIRE(me != ref->users.end());
        CHECK(me->passwordHash.rfind("pw1$", 0) == 0);
        for (const auto& u : ref->users)
            CHECK(u.profile.siteId == siteId);

        m_reference = *ref;
        openStore(userId);
        if (m_tuning.noteNewDevice)
            REQUIRE(bsync::SyncEngine::noteNewDevice(*m_store, credential().deviceId).ok());
        connect();
    }

    // A new, empty store under the same device credential (the old store wiped and the device
    // set up again with its saved credential): nothing says it holds the device's events.
    void wipeStore() {
        m_engine.reset();
        m_transport.reset();
        m_store.reset();
        openStore(m_actor.userId);
        connect();
    }

    void openStore(const std::string& userId) {
        store::EventStore::Options o;
        o.clock = &m_clock;
        o.kdf = store::crypto::KdfParams::fastForTests();
        auto opened =
            store::EventStore::open(m_dir / ("client-" + std::to_string(++m_stores) + ".db"), o);
        INFO((opened ? "" : describe(opened.error())));
        REQUIRE(opened.ok());
        m_store = std::move(*opened);
        REQUIRE(m_store->createKeyring(userId, kPassword).ok());
        const auto put = m_store->putReference(m_reference.orgJson, m_reference.catalogJson,
                                               m_reference.calendarTsv, m_reference.version);
        INFO((put ? "" : describe(put.error())));
        REQUIRE(put.ok());
    }

    void logIn(const std::string& userId) {
        auto l = bsync::login(*m_http, credential(), userId, kPassword);
        INFO("login " << userId << ": " << (l ? "ok" : describe(l.error())));
        REQUIRE(l.ok());
        m_login = *l;
        CHECK(m_login.user.userId == userId);
        CHECK(m_login.token.size() == 64);
        m_actor = Actor{m_login.user.userId,
                        m_login.user.name,
                        m_login.user.role,
                        m_login.user.siteId,
                        m_login.user.department,
                        m_login.user.grade,
                        m_enrollment.credential.deviceId};
        if (m_transport)
            m_transport->setUserToken(m_login.token);
        if (m_engine)
            m_engine->credentialsChanged();
    }

    // A new connection, transport and engine (after the server restarted on another port);
    // everything the engine needs to resume is in the store.
    void connect() {
        m_engine.reset();
        m_transport.reset();
        m_http = std::make_unique<net::HttpsClient>(m_server.config());
        m_transport = std::make_unique<bsync::HttpsTransport>(*m_http, credential(), m_login.token);
        bsync::SyncEngine::Options o;
        o.deviceId = m_enrollment.credential.deviceId;
        o.siteId = m_enrollment.siteId;
        o.clientVersion = "0.1.0-test";
        o.pushBatch = m_tuning.pushBatch;
        o.pullLimit = m_tuning.pullLimit;
        o.backoffBase = m_tuning.backoffBase;
        m_engine = std::make_unique<bsync::SyncEngine>(*m_store, *m_transport, m_clock, o);
    }

    bsync::RoundReport sync() { return m_engine->runRound(); }
    bsync::RoundReport syncOk() {
        auto r = sync();
        INFO(m_actor.userId << " sync: " << describe(r.error));
        REQUIRE(r.ok());
        CHECK(m_engine->progress().state == bsync::SyncState::UpToDate);
        CHECK(outbox() == 0);
        return r;
    }

    // An event as this device makes it: parent = the last event of the case it has seen.
    Event make(const std::string& caseId, Payload p, std::optional<std::string> parent = {}) {
        RandomBytes r{};
        for (auto& b : r)
            b = static_cast<std::uint8_t>(m_rng());
        const Instant t = nowMs();
        m_hlc = hlcTick(m_hlc, t);
        Event e;
        e.id = makeEventId(t, r);
        e.caseId = caseId;
        e.actor = m_actor;
        e.deviceTime = t;
        e.hlc = m_hlc;
        if (parent) {
            e.parentId = *parent;
        } else if (auto v = m_store->caseView(caseId); v && !v->timeline.empty()) {
            e.parentId = v->timeline.back().eventId;
        }
        e.payload = std::move(p);
        return e;
    }
    // Makes and appends (the store checks it with the fold, as the client does).
    Event act(const std::string& caseId, Payload p) {
        Event e = make(caseId, std::move(p));
        const std::string type(eventTypeKey(e.payload));
        auto r = m_store->append(e);
        INFO(type << " by " << m_actor.userId << ": " << (r ? "ok" : describe(r.error())));
        REQUIRE(r.ok());
        return e;
    }
    ReceivePayload receivePayload(const std::string& itemId,
                                  const std::vector<std::string>& missing = {}) {
        const Item* it = m_store->reference().catalog.latest(itemId);
        REQUIRE(it != nullptr);
        ReceivePayload p;
        p.item = {it->id, it->version};
        p.applicant = {"王秀英", "111", bianmin::testing::residentId("42128119400315102"),
                       "13812345678", "湖北省赤壁市车埠镇"};
        if (m_actor.role == Role::VillageAgent) {
            p.agent = Party{m_actor.userName,
                            "111",
                            bianmin::testing::residentId("42128119850620202"),
                            "13912345678",
                            {}};
            p.entrusted = true;
        }
        for (const auto& m : it->materials) {
            const bool got = std::find(missing.begin(), missing.end(), m.name) == missing.end();
            p.materials.push_back({m.name, got, got, got ? 1 : 0});
        }
        p.provisionalNumber =
            makeProvisionalNumber(m_actor.siteId, Date::localDateOf(nowMs()), ++m_seq);
        p.queryPasswordHash = hashQueryPassword("123456", "00ff", 1000);
        return p;
    }
    std::string newCaseId() {
        std::array<std::uint8_t, 8> r{};
        for (auto& b : r)
            b = static_cast<std::uint8_t>(m_rng());
        return "case-" + toHex(r.data(), r.size());
    }
    // A new case received here; returns its id.
    std::string receive(const std::string& itemId, const std::vector<std::string>& missing = {}) {
        const std::string id = newCaseId();
        act(id, receivePayload(itemId, missing));
        return id;
    }

    bool has(const std::string& caseId) {
        auto v = m_store->caseView(caseId);
        return v.ok() && v->status != CaseStatus::None;
    }
    CaseView view(const std::string& caseId) {
        auto v = m_store->caseView(caseId);
        INFO(caseId << ": " << (v ? "ok" : describe(v.error())));
        REQUIRE(v.ok());
        return *v;
    }
    std::optional<store::CaseRow> row(const std::string& caseId) {
        store::SearchQuery q;
        q.limit = 500;
        auto page = m_store->search(q);
        REQUIRE(page.ok());
        for (const auto& r : page->rows)
            if (r.caseId == caseId)
                return r;
        return std::nullopt;
    }
    int outbox() {
        auto n = m_store->outboxSize();
        REQUIRE(n.ok());
        return *n;
    }
    // Every event id in the store, and how many have a server sequence number.
    std::vector<std::string> storedIds(std::int64_t* withSeq = nullptr) {
        auto s = m_store->db().prepare("SELECT id, server_seq FROM events ORDER BY seq");
        REQUIRE(s.ok());
        std::vector<std::string> out;
        std::int64_t seqs = 0;
        while (true) {
            auto step = (*s)->step();
            REQUIRE(step.ok());
            if (!*step)
                break;
            out.push_back((*s)->text(0));
            seqs += (*s)->isNull(1) ? 0 : 1;
        }
        (*s)->reset();
        if (withSeq)
            *withSeq = seqs;
        return out;
    }

    const bsync::DeviceCredential& credential() const { return m_enrollment.credential; }
    const std::string& token() const { return m_login.token; }
    const Actor& actor() const { return m_actor; }
    store::EventStore& eventStore() { return *m_store; }
    bsync::SyncEngine& engine() { return *m_engine; }
    bsync::HttpsTransport& transport() { return *m_transport; }
    net::HttpsClient& http() { return *m_http; }

private:
    Server& m_server;
    Tuning m_tuning;
    TempDir m_dir;
    store::SystemClock m_clock;
    std::mt19937_64 m_rng;
    Hlc m_hlc;
    int m_seq = 0;
    std::unique_ptr<net::HttpsClient> m_http;
    bsync::Enrollment m_enrollment;
    bsync::Login m_login;
    bsync::ReferenceDocument m_reference;
    int m_stores = 0;
    Actor m_actor;
    std::unique_ptr<store::EventStore> m_store;
    std::unique_ptr<bsync::HttpsTransport> m_transport;
    std::unique_ptr<bsync::SyncEngine> m_engine;
};

std::vector<std::string> timelineIds(const CaseView& v) {
    std::vector<std::string> out;
    for (const auto& t : v.timeline)
        out.push_back(t.eventId + (t.applied ? "" : "!"));
    return out;
}

// Two replicas of a case agree on everything a screen shows.
void requireSame(const CaseView& a, const CaseView& b) {
    CHECK(a.status == b.status);
    CHECK(a.holder == b.holder);
    CHECK(a.awaitingTakeIn == b.awaitingTakeIn);
    CHECK(a.steps.size() == b.steps.size());
    CHECK(timelineIds(a) == timelineIds(b));
    REQUIRE(a.conflicts.size() == b.conflicts.size());
    for (std::size_t i = 0; i < a.conflicts.size(); ++i) {
        CHECK(a.conflicts[i].eventId == b.conflicts[i].eventId);
        CHECK(a.conflicts[i].otherEventId == b.conflicts[i].otherEventId);
        CHECK(a.conflicts[i].rejected == b.conflicts[i].rejected);
        CHECK(a.conflicts[i].resolved == b.conflicts[i].resolved);
    }
}

// --- raw requests for the attacks --------------------------------------------------------------

net::HttpResult raw(Server& s, const std::string& method, const std::string& target,
                    std::map<std::string, std::string> headers, const std::string& body) {
    net::HttpsClient c(s.config());
    auto r = c.request(method, target, headers, body);
    INFO(method << " " << target << ": " << (r ? "ok" : describe(r.error())));
    REQUIRE(r.ok());
    return *r;
}

std::string errorCode(const net::HttpResult& r) {
    std::string text = r.body;
    if (r.header("content-encoding") == "gzip") {
        auto t = bsync::gzipDecompress(r.body);
        REQUIRE(t.ok());
        text = *t;
    }
    auto e = bsync::decodeErrorBody(text);
    INFO("not an error body: " << text);
    REQUIRE(e.ok());
    return e->code;
}

std::string gzip(const std::string& text) {
    auto z = bsync::gzipCompress(text);
    REQUIRE(z.ok());
    return *z;
}

std::map<std::string, std::string> gzipHeaders(const Device& d) {
    auto h = bsync::authHeaders(d.credential(), d.token());
    h["Content-Encoding"] = "gzip";
    h["Content-Type"] = "application/json";
    return h;
}

// A hello as the engine would send it for this device.
bsync::HelloRequest helloOf(const Device& d) {
    bsync::HelloRequest h;
    h.clientVersion = "0.1.0-test";
    h.deviceId = d.credential().deviceId;
    h.siteId = d.actor().siteId;
    return h;
}

// The server still serves another client: a health check and a whole sync round.
void requireServing(Server& s, Device& other) {
    const auto health = raw(s, "GET", "/healthz", {}, {});
    CHECK(health.status == 200);
    CHECK(health.body.find("ok") != std::string::npos);
    other.syncOk();
}

// A push of one event through a device's transport, answered.
bsync::PushResult pushRaw(Device& d, const Event& e) {
    auto r = d.transport().push({{e}});
    INFO("push: " << (r ? "ok" : describe(r.error())));
    REQUIRE(r.ok());
    REQUIRE(r->results.size() == 1);
    return r->results.front();
}

// Every event a device may read, page by page through its transport (no store involved, so a
// duplicate on the server would show).
std::vector<Event> pullEverything(Device& d, int limit) {
    std::vector<Event> out;
    std::string cursor;
    for (int page = 0; page < 10'000; ++page) {
        auto r = d.transport().pull({cursor, limit});
        INFO("pull: " << (r ? "ok" : describe(r.error())));
        REQUIRE(r.ok());
        out.insert(out.end(), r->events.begin(), r->events.end());
        cursor = r->nextCursor;
        if (!r->more)
            return out;
    }
    FAIL("pull never ends");
    return out;
}

// Fires a SIGKILL at the server from another thread, a moment after it is armed: so that the
// cut lands in the middle of whatever request the engine has in flight by then.
class Killer {
public:
    Killer(Server& server, std::chrono::milliseconds delay)
        : m_thread([this, &server, delay] {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [this] { return m_armed || m_cancelled; });
            if (m_cancelled && !m_armed)
                return;
            lock.unlock();
            std::this_thread::sleep_for(delay);
            server.kill();
            lock.lock();
            m_fired = true;
            m_cv.notify_all();
        }) {}
    ~Killer() {
        {
            const std::lock_guard lock(m_mutex);
            m_cancelled = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }
    Killer(const Killer&) = delete;
    Killer& operator=(const Killer&) = delete;
    void arm() {
        const std::lock_guard lock(m_mutex);
        m_armed = true;
        m_cv.notify_all();
    }
    // Blocks until the server is dead (a guard so the cut cannot miss the operation).
    void waitFired() {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [this] { return m_fired; });
    }
    // Whether the server was killed (the engine may notice before the kill is reaped).
    bool fired(std::chrono::milliseconds wait = 10s) {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, wait, [this] { return m_fired; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_armed = false;
    bool m_cancelled = false;
    bool m_fired = false;
    std::thread m_thread;
};

} // namespace

// ===============================================================================================
// Integration: the scenarios across the network
// ===============================================================================================

TEST_CASE("sync e2e: two village rooms and their township hall work offline, reconnect and "
          "converge",
          "[integration][e2e]") {
    Server server;
    Device room1(server, kAgent1, kRoom1);
    Device room2(server, kAgent2, kRoom2);
    Device hall(server, kClerk, kHall);
    for (Device* d : {&room1, &room2, &hall})
        d->syncOk();

    // The network goes away (the server stops gracefully: exit code 0).
    REQUIRE(server.stop() == 0);
    const auto offline = room1.sync();
    REQUIRE_FALSE(offline.ok());
    CHECK(offline.error->code == "network");
    CHECK(offline.error->kind == ErrorKind::Retryable);
    CHECK(room1.engine().progress().state == bsync::SyncState::Offline);
    CHECK(room1.engine().nextAttemptAt().has_value());

    // Everyone works offline. Room 1 (scenario 1): 户口簿 missing, notice, supplement, accept,
    // forward to the hall; a second case stays at the room.
    const std::string a1 = room1.receive(kElderly, {"户口簿"});
    room1.act(a1, NotifyMissingPayload{{"户口簿"}, "请补交户口簿"});
    room1.act(a1, SupplementPayload{{{"户口簿", true, true, 1}}});
    room1.act(a1, AcceptPayload{"材料齐全"});
    room1.act(a1, ForwardPayload{{kHall, {}}, "转乡镇办理"});
    const std::string a2 = room1.receive(kElderly);
    // Room 2: a 即办件 completed and delivered on the spot, and a case passed up.
    const std::string b1 = room2.receive(kHardship);
    room2.act(b1, AcceptPayload{});
    room2.act(b1, CompletePayload{Outcome::Document, "家庭生活困难证明", "ZM-001", {}});
    room2.act(b1, DeliverPayload{DeliveryMethod::WindowPickup, "王秀英", nowMs(), true});
    const std::string b2 = room2.receive(kElderly);
    room2.act(b2, AcceptPayload{});
    room2.act(b2, ForwardPayload{{kHall, {}}, "转乡镇办理"});
    // The hall: its own 城乡低保, accepted.
    const std::string h1 = hall.receive(kDibao);
    hall.act(h1, AcceptPayload{});
    CHECK(room1.outbox() == 6);
    CHECK(room2.outbox() == 7);
    CHECK(hall.outbox() == 2);

    // The server is back (on another port); the devices reconnect and sync in any order.
    server.start();
    for (Device* d : {&room1, &room2, &hall})
        d->connect();
    CHECK(hall.syncOk().pushed == 2);
    CHECK(room2.syncOk().pushed == 7);
    const auto r1 = room1.syncOk();
    CHECK(r1.pushed == 6);
    CHECK(r1.conflicts == 0);
    CHECK(r1.rejected == 0);
    hall.syncOk();

    // Partitions: the hall has its own case and what its rooms passed up, nothing else.
    CHECK(hall.has(h1));
    CHECK(hall.has(a1));
    CHECK(hall.has(b2));
    CHECK_FALSE(hall.has(a2));
    CHECK_FALSE(hall.has(b1));
    CHECK_FALSE(room1.has(b1));
    CHECK_FALSE(room1.has(b2));
    CHECK_FALSE(room1.has(h1));
    CHECK_FALSE(room2.has(a1));
    CHECK_FALSE(room2.has(h1));

    // The hall takes both in; everyone syncs again and the replicas agree.
    hall.act(a1, TakeInPayload{"乡镇收件"});
    hall.act(b2, TakeInPayload{"乡镇收件"});
    hall.act(a1, StepPayload{StepCode::Handle, StepAction::Pass, "符合条件"});
    hall.syncOk();
    room1.syncOk();
    room2.syncOk();
    for (const auto& [room, id] : {std::pair{&room1, a1}, std::pair{&room2, b2}}) {
        INFO(id);
        const CaseView atRoom = room->view(id);
        const CaseView atHall = hall.view(id);
        requireSame(atRoom, atHall);
        CHECK(atRoom.status == CaseStatus::InProgress);
        CHECK(atRoom.holder.siteId == kHall);
        CHECK(atRoom.conflicts.empty());
        CHECK(std::all_of(atRoom.timeline.begin(), atRoom.timeline.end(),
                          [](const TimelineEntry& t) { return t.applied; }));
    }
    CHECK(room1.view(a1).timeline.size() == 8); // with the official number bound at 受理
    CHECK(room1.view(a1).noticeRoundsBeforeAccept == 1);
    CHECK(room2.view(b1).status == CaseStatus::Completed);
    // Every event made offline now carries its server number, everywhere.
    for (Device* d : {&room1, &room2, &hall}) {
        std::int64_t withSeq = 0;
        const auto ids = d->storedIds(&withSeq);
        CHECK(static_cast<std::int64_t>(ids.size()) == withSeq);
        CHECK(d->engine().progress().lastSuccessAt.has_value());
        CHECK_FALSE(d->engine().progress().lastError.has_value());
    }
}

TEST_CASE("sync e2e: a case accepted offline at a village room gets its official number when it "
          "syncs, and is found by it",
          "[integration][e2e][numbers]") {
    Server server;
    Device room(server, kAgent1, kRoom1);
    Device hall(server, kClerk, kHall);
    room.syncOk();

    // Offline: the agent receives and accepts; the receipt carries the provisional number.
    REQUIRE(server.stop() == 0);
    const std::string c = room.receive(kElderly);
    const Event accept = room.act(c, AcceptPayload{"材料齐全"});
    const std::string provisional = room.view(c).provisionalNumber;
    CHECK(isProvisionalNumber(provisional));
    CHECK(room.view(c).officialNumber.empty());
    CHECK_FALSE(room.sync().ok());

    // Back online: the push stores both events, the pull brings the number back.
    server.start();
    room.connect();
    hall.connect();
    const auto r = room.syncOk();
    CHECK(r.pushed == 2);
    // The server's bind_number only: its own two events are left out of its pull (it holds them,
    // numbered by the push answer).
    CHECK(r.pulled == 1);
    const CaseView v = room.view(c);
    const std::string official = v.officialNumber;
    INFO(official);
    CHECK(isOfficialNumber(official));
    CHECK(official.rfind(kCenter.substr(0, 6) + "-" + Date::localDateOf(nowMs()).compact() + "-",
                         0) == 0);
    CHECK(v.provisionalNumber == provisional); // both kept
    CHECK(v.status == CaseStatus::Accepted);
    CHECK(v.conflicts.empty());
    REQUIRE(v.timeline.size() == 3);
    CHECK(v.timeline[2].type == "bind_number");
    CHECK(v.timeline[2].actor.role == Role::System);

    // The case list shows it and search finds it by the official number, whole or in part, and
    // still by the provisional one.
    const auto listed = room.row(c);
    REQUIRE(listed.has_value());
    CHECK(listed->officialNumber == official);
    for (const std::string& text : {official, official.substr(7), provisional}) {
        INFO("search " << text);
        store::SearchQuery q;
        q.text = text;
        auto page = room.eventStore().search(q);
        REQUIRE(page.ok());
        REQUIRE(page->rows.size() == 1);
        CHECK(page->rows[0].caseId == c);
    }

    // Once passed up, the hall gets the number with the case; nothing binds twice.
    room.act(c, ForwardPayload{{kHall, {}}, "转乡镇办理"});
    room.syncOk();
    hall.syncOk();
    CHECK(hall.view(c).officialNumber == official);
    hall.act(c, TakeInPayload{"乡镇收件"});
    hall.syncOk();
    room.syncOk();
    requireSame(room.view(c), hall.view(c));
    CHECK(room.view(c).timeline.size() == 5);
    // A replayed 受理 is a duplicate and binds nothing more.
    CHECK(pushRaw(room, accept).outcome == bsync::PushOutcome::Duplicate);
    CHECK(room.syncOk().pulled == 0);
}

TEST_CASE("sync e2e: a case forwarded by a village room reaches 民政局 at the center, and the "
          "reply comes back to the room",
          "[integration][e2e]") {
    Server server;
    Device room(server, kAgent1, kRoom1);
    Device hall(server, kClerk, kHall);
    Device handler(server, "mzj-handler", kCenter, kMzj);
    Device reviewer(server, "mzj-reviewer", kCenter, kMzj);
    Device approver(server, "mzj-approver", kCenter, kMzj);
    Device otherDept(server, "rsj-handler", kCenter, "人社局");

    // 城乡低保 at the village: the room accepts and forwards straight to the center's 民政局.
    const std::string c = room.receive(kDibao);
    room.act(c, AcceptPayload{"材料齐全"});
    room.act(c, ForwardPayload{{kCenter, kMzj}, "转市民政局审核确认"});
    room.syncOk();

    // The department's inbox: the whole history arrives with the case.
    CHECK(handler.syncOk().pulled == 4); // with the official number bound at 受理
    REQUIRE(handler.has(c));
    CHECK(handler.view(c).awaitingTakeIn);
    CHECK(handler.view(c).holder == Holder{kCenter, kMzj});
    handler.act(c, TakeInPayload{"中心民政局收件"});
    handler.act(c, StepPayload{StepCode::Handle, StepAction::Pass, "入户调查属实，拟同意"});
    handler.syncOk();
    reviewer.syncOk();
    reviewer.act(c, StepPayload{StepCode::Review, StepAction::Pass, "同意"});
    reviewer.syncOk();
    approver.syncOk();
    approver.act(c, StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    approver.syncOk();
    handler.syncOk();
    handler.act(c, CompletePayload{Outcome::Approved, "最低生活保障金领取证", "DB-2026-0042", {}});
    handler.act(c, ReplyPayload{"审批通过"});
    handler.syncOk();

    // Back at the room: 办结, 审批通过, held by the room again for delivery.
    CHECK(room.syncOk().pulled == 6);
    const CaseView v = room.view(c);
    CHECK(v.status == CaseStatus::Completed);
    CHECK(caseStatusName(v.status) == "办结");
    CHECK(v.holder == Holder{kRoom1, {}});
    REQUIRE(v.completion.has_value());
    CHECK(v.completion->outcome == Outcome::Approved);
    CHECK(v.completion->resultNumber == "DB-2026-0042");
    CHECK(v.repliedAt.has_value());
    CHECK(v.steps.size() == 3);
    const auto listed = room.row(c);
    REQUIRE(listed.has_value());
    CHECK(listed->status == CaseStatus::Completed);
    CHECK(listed->holderSite == kRoom1);
    CHECK_FALSE(listed->conflict);

    // The agent hands the result over; every replica that may read the case agrees.
    room.act(c, DeliverPayload{DeliveryMethod::AgentReturn, "王秀英", nowMs(), true});
    room.syncOk();
    for (Device* d : {&handler, &reviewer, &approver}) {
        d->syncOk();
        requireSame(d->view(c), room.view(c));
    }
    CHECK(room.view(c).deliveredAt.has_value());
    // It never passed through the township hall, and it is not 人社局's.
    hall.syncOk();
    CHECK_FALSE(hall.has(c));
    otherDept.syncOk();
    CHECK_FALSE(otherDept.has(c));
}

TEST_CASE("sync e2e: the same case changed at two devices while one is offline converges, with "
          "the conflict visible",
          "[integration][e2e][conflict]") {
    // Scenario 4, adapted: two devices of the same township hall (the clerk's, online, and the
    // director's, offline since the acceptance); one forwards to 民政局, the other records the
    // applicant's withdrawal. Both events are kept; every replica shows the same state.
    Server server;
    Device h1(server, kClerk, kHall);
    Device h2(server, kDirector, kHall);
    Device mz(server, "mzj-handler", kCenter, kMzj);
    const std::string c = h1.receive(kDibao);
    h1.act(c, AcceptPayload{});
    h1.syncOk();
    h2.syncOk();
    REQUIRE(h2.has(c));
    // The last event both had seen: the official number the server bound at 受理.
    const std::string seen = h2.view(c).timeline.back().eventId;
    REQUIRE(h2.view(c).timeline.back().type == "bind_number");

    SECTION("the forward reaches the server first: the withdrawal is applied, with a note") {
        const Event forward = h1.act(c, ForwardPayload{{kCenter, kMzj}, {}});
        h1.syncOk();
        const Event withdraw = h2.act(c, WithdrawPayload{"申请人家庭情况好转，撤回申请"});
        CHECK(withdraw.parentId == seen); // it never saw the forward
        const auto r = h2.syncOk();
        CHECK(r.pushed == 1);
        CHECK(r.conflicts == 0);
        h1.syncOk();
        mz.syncOk();
        for (Device* d : {&h1, &h2, &mz}) {
            INFO(d->actor().userId);
            const CaseView v = d->view(c);
            CHECK(v.status == CaseStatus::Withdrawn);
            REQUIRE(v.conflicts.size() == 1);
            CHECK(v.conflicts[0].eventId == withdraw.id);
            CHECK(v.conflicts[0].otherEventId == forward.id);
            CHECK_FALSE(v.conflicts[0].rejected);
            CHECK(v.timeline.size() == 5); // nothing disappeared
            requireSame(v, h1.view(c));
            const auto listed = d->row(c);
            REQUIRE(listed.has_value());
            CHECK(listed->conflict);
        }
    }
    SECTION("the withdrawal reaches the server first: the forward is kept as a rejected conflict") {
        const Event withdraw = h2.act(c, WithdrawPayload{"申请人家庭情况好转，撤回申请"});
        const Event forward = h1.act(c, ForwardPayload{{kCenter, kMzj}, {}});
        CHECK(h2.syncOk().pushed == 1);
        const auto r = h1.syncOk();
        CHECK(r.conflicts == 1);
        CHECK(r.rejected == 0);
        h2.syncOk();
        mz.syncOk();
        for (Device* d : {&h1, &h2}) {
            INFO(d->actor().userId);
            const CaseView v = d->view(c);
            CHECK(v.status == CaseStatus::Withdrawn);
            REQUIRE(v.conflicts.size() == 1);
            CHECK(v.conflicts[0].eventId == forward.id);
            CHECK(v.conflicts[0].otherEventId == withdraw.id);
            CHECK(v.conflicts[0].rejected);
            CHECK(v.hasOpenConflict());
            REQUIRE(v.timeline.size() == 5);
            CHECK_FALSE(v.timeline.back().applied);
            CHECK(v.timeline.back().rejectCode == "wrong_state");
            CHECK(v.holder == Holder{kHall, {}});
            const auto listed = d->row(c);
            REQUIRE(listed.has_value());
            CHECK(listed->conflict);
        }
        requireSame(h1.view(c), h2.view(c));
        // The forward never moved the case: the department does not get it.
        CHECK_FALSE(mz.has(c));
        // The clerk resolves it with the applicant; the note closes everywhere.
        h1.act(c, ResolveConflictPayload{forward.id, "已与申请人核实，确认撤回"});
        h1.syncOk();
        h2.syncOk();
        CHECK_FALSE(h1.view(c).hasOpenConflict());
        CHECK_FALSE(h2.view(c).hasOpenConflict());
        requireSame(h1.view(c), h2.view(c));
    }
}

TEST_CASE("sync e2e: a sync cut by killing the server in the middle of a push or a pull resumes "
          "with nothing lost or duplicated",
          "[integration][e2e][cut]") {
    constexpr int kCases = 1000; // two events each
    constexpr int kEvents = 2 * kCases;
    constexpr int kStored = 3 * kCases; // and the official number the server binds at each 受理
    Server server;
    Device hall(server, kClerk, kHall, {}, Tuning{100, 1000});
    {
        std::vector<Event> events;
        events.reserve(kEvents);
        for (int i = 0; i < kCases; ++i) {
            const std::string id = hall.newCaseId();
            events.push_back(hall.make(id, hall.receivePayload(kDibao), std::string()));
            events.push_back(hall.make(id, AcceptPayload{"材料齐全"}, events.back().id));
        }
        for (std::size_t i = 0; i < events.size(); i += 500) {
            auto n = hall.eventStore().appendAll(std::span<const Event>(events).subspan(
                i, std::min<std::size_t>(500, events.size() - i)));
            INFO((n ? "" : describe(n.error())));
            REQUIRE(n.ok());
        }
    }
    REQUIRE(hall.outbox() == kEvents);
    const auto madeIds = hall.storedIds();
    const std::set<std::string> made(madeIds.begin(), madeIds.end());
    REQUIRE(made.size() == static_cast<std::size_t>(kEvents));

    // An answer lost on the wire: the first 100 events reach the server, the device never hears.
    {
        auto first = hall.eventStore().outbox(100);
        REQUIRE(first.ok());
        auto r = hall.transport().push({*first});
        REQUIRE(r.ok());
        for (const auto& x : r->results)
            CHECK(x.outcome == bsync::PushOutcome::Accepted);
        REQUIRE(hall.outbox() == kEvents);
    }

    // --- the push: killed a moment after a quarter is acknowledged, while a batch is in flight
    std::int64_t leftAtCut = 0;
    int duplicatesBeforeCut = 0;
    {
        Killer killer(server, 15ms);
        hall.engine().setProgressCallback([&](const bsync::Progress& p) {
            if (p.state != bsync::SyncState::Syncing)
                return;
            if (p.eventsToPush <= kEvents * 3 / 4)
                killer.arm();
            if (p.eventsToPush <= kEvents / 4)
                killer.waitFired(); // never let the push finish before the cut
        });
        const auto cut = hall.sync();
        hall.engine().setProgressCallback({});
        INFO("the cut round: " << describe(cut.error) << ", " << cut.pushed << " pushed");
        REQUIRE(killer.fired());
        REQUIRE_FALSE(cut.ok());
        CHECK(cut.error->code == "network");
        duplicatesBeforeCut = cut.duplicates;
        CHECK(cut.pushed + cut.duplicates == kEvents - hall.outbox());
        leftAtCut = hall.outbox();
        CHECK(leftAtCut > 0);
        CHECK(leftAtCut <= kEvents * 3 / 4);
    }
    // Restarted on the same database; rounds until up to date.
    server.start();
    hall.connect();
    int pushed = 0;
    int duplicates = 0;
    for (int round = 0; round < 5; ++round) {
        const auto r = hall.sync();
        pushed += r.pushed;
        duplicates += r.duplicates;
        CHECK(r.rejected == 0);
        CHECK(r.conflicts == 0);
        if (r.ok())
            break;
    }
    INFO("after the cut: " << leftAtCut << " left, " << pushed << " accepted, " << duplicates
                           << " duplicates (answers lost in the cut)");
    CHECK(hall.outbox() == 0);
    CHECK(hall.engine().progress().state == bsync::SyncState::UpToDate);
    CHECK(pushed + duplicates == leftAtCut);
    // The lost answers were repaired as duplicates, under their first numbers.
    CHECK(duplicatesBeforeCut + duplicates >= 100);
    std::int64_t withSeq = 0;
    CHECK(hall.storedIds(&withSeq).size() == static_cast<std::size_t>(kStored));
    CHECK(withSeq == kStored);

    // On the server, every event exactly once: a fresh device of the hall reads them all.
    Device reader(server, kDirector, kHall, {}, Tuning{200, 100});
    std::set<std::string> stored;
    {
        const auto all = pullEverything(reader, 2000);
        std::vector<std::string> ids;
        std::set<std::int64_t> seqs;
        std::set<std::string> numbered;
        for (const auto& e : all) {
            ids.push_back(e.id);
            REQUIRE(e.serverSeq.has_value());
            seqs.insert(*e.serverSeq);
            if (std::holds_alternative<BindNumberPayload>(e.payload))
                CHECK(numbered.insert(e.caseId).second); // one official number per case
            else
                CHECK(made.contains(e.id));
        }
        stored.insert(ids.begin(), ids.end());
        CHECK(ids.size() == static_cast<std::size_t>(kStored));
        CHECK(stored.size() == ids.size());
        CHECK(seqs.size() == ids.size());
        CHECK(numbered.size() == static_cast<std::size_t>(kCases));
        CHECK(std::includes(stored.begin(), stored.end(), made.begin(), made.end()));
    }

    // --- the pull: the fresh device, 100 events a page, cut after five pages are stored
    std::int64_t pulledAtCut = 0;
    {
        Killer killer(server, 5ms);
        reader.engine().setProgressCallback([&](const bsync::Progress& p) {
            if (p.state != bsync::SyncState::Syncing)
                return;
            if (p.pulledThisRound >= 500)
                killer.arm();
            if (p.pulledThisRound >= kStored - 300)
                killer.waitFired();
        });
        const auto cut = reader.sync();
        reader.engine().setProgressCallback({});
        INFO("the cut round: " << describe(cut.error) << ", " << cut.pulled << " pulled");
        REQUIRE(killer.fired());
        REQUIRE_FALSE(cut.ok());
        CHECK(cut.error->code == "network");
        pulledAtCut = static_cast<std::int64_t>(reader.storedIds().size());
        CHECK(pulledAtCut >= 500);
        CHECK(pulledAtCut < kStored);
        CHECK(pulledAtCut % 100 == 0); // whole pages only: each stored with its cursor
    }
    server.start();
    reader.connect();
    const auto resumed = reader.syncOk();
    // It went on from its stored cursor, not from the beginning.
    CHECK(resumed.pulled == kStored - pulledAtCut);
    std::int64_t readerSeq = 0;
    const auto readerIds = reader.storedIds(&readerSeq);
    CHECK(readerIds.size() == static_cast<std::size_t>(kStored));
    CHECK(readerSeq == kStored);
    CHECK(std::set<std::string>(readerIds.begin(), readerIds.end()) == stored);
    auto count = reader.eventStore().caseCount();
    REQUIRE(count.ok());
    CHECK(*count == kCases);
}

TEST_CASE("sync e2e: the poke channel tells a device to pull within 2 s when something it may read "
          "arrives",
          "[integration][e2e][poke]") {
    Server server;
    Device hall1(server, kClerk, kHall);
    Device hall2(server, kDirector, kHall);
    Device room(server, kAgent1, kRoom1);
    net::PokeClient poke(server.config());
    const auto connected =
        poke.connect("/api/v1/poke", bsync::authHeaders(hall1.credential(), hall1.token()));
    INFO((connected ? "" : describe(connected.error())));
    REQUIRE(connected.ok());

    // A room case the hall may not read yet: no poke.
    const std::string rc = room.receive(kElderly);
    room.syncOk();
    auto quiet = poke.waitMessage(700ms);
    REQUIRE(quiet.ok());
    CHECK(*quiet == "");

    // Another device of the hall stores a case: "pull" within 2 s, and the pull brings it.
    const std::string hc = hall2.receive(kDibao);
    hall2.syncOk();
    auto t0 = std::chrono::steady_clock::now();
    auto msg = poke.waitMessage(2s);
    REQUIRE(msg.ok());
    CHECK(*msg == "pull");
    CHECK(std::chrono::steady_clock::now() - t0 < 2s);
    CHECK(hall1.syncOk().pulled == 1);
    CHECK(hall1.has(hc));

    // The room passes its case up: the hall hears of it too.
    room.act(rc, AcceptPayload{});
    room.act(rc, ForwardPayload{{kHall, {}}, {}});
    room.syncOk();
    t0 = std::chrono::steady_clock::now();
    msg = poke.waitMessage(2s);
    REQUIRE(msg.ok());
    CHECK(*msg == "pull");
    CHECK(std::chrono::steady_clock::now() - t0 < 2s);
    hall1.syncOk();
    CHECK(hall1.has(rc));

    // A poke channel needs a valid credential.
    net::PokeClient forged(server.config());
    const auto refused = forged.connect(
        "/api/v1/poke",
        bsync::authHeaders({hall1.credential().deviceId, std::string(64, '0')}, hall1.token()));
    CHECK_FALSE(refused.ok());
    poke.close();
    requireServing(server, hall2);
}

TEST_CASE("sync e2e: the center works a case with `admin case` in another process; the running "
          "server pokes the room within 2 s and the room pulls the result",
          "[integration][e2e][poke][admin]") {
    Server server;
    Device room(server, kAgent1, kRoom1);
    net::PokeClient poke(server.config());
    const auto connected =
        poke.connect("/api/v1/poke", bsync::authHeaders(room.credential(), room.token()));
    INFO((connected ? "" : describe(connected.error())));
    REQUIRE(connected.ok());

    // 城乡低保 at the village room: accepted and forwarded straight to the center's 民政局.
    const std::string c = room.receive(kDibao);
    room.act(c, AcceptPayload{"材料齐全"});
    room.act(c, ForwardPayload{{kCenter, kMzj}, "转市民政局审核确认"});
    room.syncOk();
    const std::string number = room.view(c).officialNumber;
    REQUIRE(isOfficialNumber(number));
    // The room's own push pokes it; let that pass.
    auto own = poke.waitMessage(2s);
    REQUIRE(own.ok());
    while (!own->empty()) {
        own = poke.waitMessage(700ms);
        REQUIRE(own.ok());
    }

    const CommandResult inbox = server.admin({"case", "inbox", "--department", kMzj});
    INFO(inbox.err);
    REQUIRE(inbox.exitCode == 0);
    CHECK(inbox.out.find(number) != std::string::npos);
    CHECK(inbox.out.find("待收件") != std::string::npos);

    // Each command is another process; the server notices its event and pokes the room.
    auto act = [&](const std::vector<std::string>& args) {
        std::vector<std::string> full{"case"};
        full.insert(full.end(), args.begin(), args.end());
        const CommandResult r = server.admin(full);
        INFO(args[0] << ": " << r.out << r.err);
        REQUIRE(r.exitCode == 0);
        const auto t0 = std::chrono::steady_clock::now();
        auto msg = poke.waitMessage(2s);
        REQUIRE(msg.ok());
        CHECK(*msg == "pull");
        CHECK(std::chrono::steady_clock::now() - t0 < 2s);
    };
    act({"take-in", number, "--user", "mzj-handler", "--note", "中心民政局收件"});
    act({"step", number, "--user", "mzj-handler", "--step", "handle", "--pass", "--opinion",
         "入户调查属实，拟同意"});
    act({"step", number, "--user", "mzj-reviewer", "--step", "review", "--pass", "--opinion",
         "同意"});
    act({"step", number, "--user", "mzj-approver", "--step", "approve", "--pass", "--opinion",
         "批准"});
    act({"complete", number, "--user", "mzj-handler", "--outcome", "approved", "--result-name",
         "最低生活保障金领取证", "--result-number", "DB-2026-0042"});

    // A refusal stores nothing and pokes nobody.
    const CommandResult wrong = server.admin({"case", "take-in", number, "--user", "rsj-handler"});
    CHECK(wrong.exitCode == 1);
    CHECK(wrong.err.find("wrong_department") != std::string::npos);
    auto quiet = poke.waitMessage(700ms);
    REQUIRE(quiet.ok());
    CHECK(quiet->empty());

    // The reply, measured from the moment the command has finished.
    act({"reply", number, "--user", "mzj-handler", "--note", "审批通过，请通知申请人"});

    // The pull brings every step, made as the department's users at the console.
    CHECK(room.syncOk().pulled == 6);
    const CaseView v = room.view(c);
    CHECK(v.status == CaseStatus::Completed);
    CHECK(v.holder == Holder{kRoom1, {}});
    CHECK(v.repliedAt.has_value());
    REQUIRE(v.completion.has_value());
    CHECK(v.completion->resultNumber == "DB-2026-0042");
    CHECK(v.steps.size() == 3);
    CHECK(v.conflicts.empty());
    for (const auto& t : v.timeline)
        CHECK(t.applied);
    CHECK(v.timeline.back().actor.userId == "mzj-handler");
    CHECK(v.timeline.back().actor.deviceId == "console");
    CHECK(v.timeline.back().actor.department == kMzj);
    // The inbox is empty again; show tells the story.
    CHECK(server.admin({"case", "inbox", "--department", kMzj}).out.find(number) ==
          std::string::npos);
    const CommandResult shown = server.admin({"case", "show", c});
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.find("反馈") != std::string::npos);
    // The room delivers; the server is still serving it.
    room.act(c, DeliverPayload{DeliveryMethod::AgentReturn, "王秀英", nowMs(), true});
    room.syncOk();
    poke.close();
}

TEST_CASE("sync e2e: a crowd pushing at once against a small push queue is answered 429 busy with "
          "Retry-After, retries, and every event is stored exactly once while others are served",
          "[integration][e2e][busy]") {
    // One push may wait for the writer; every other push arriving meanwhile is turned away.
    Server server({"--max-queued-pushes", "1"});
    constexpr int kDevices = 8;
    constexpr int kCases = 24;
    Tuning tuning;
    tuning.pushBatch = 3;    // many small pushes: the queue overflows
    tuning.backoffBase = 20; // so that the server's Retry-After decides the wait
    std::vector<std::unique_ptr<Device>> devices;
    std::map<std::string, std::set<std::string>> madeAt; // site → event ids made there
    for (int i = 0; i < kDevices; ++i) {
        const bool first = i % 2 == 0;
        devices.push_back(std::make_unique<Device>(server, first ? kAgent1 : kAgent2,
                                                   first ? kRoom1 : kRoom2, "", tuning));
        for (int c = 0; c < kCases; ++c)
            devices.back()->receive(kElderly);
        for (const auto& id : devices.back()->storedIds())
            madeAt[first ? kRoom1 : kRoom2].insert(id);
    }
    // Another device, up to date before the crowd comes: its rounds then only pull.
    Device observer(server, kClerk, kHall);
    observer.receive(kDibao);
    observer.syncOk();

    // Each device syncs until a round succeeds, waiting as the engine says after a failure.
    // (No Catch assertions off the main thread: results are checked after the join.)
    struct Outcome {
        int rounds = 0;
        int busy = 0;
        Instant shortestBusyWait = std::numeric_limits<Instant>::max();
        std::vector<std::string> otherErrors;
        bool ok = false;
    };
    std::vector<Outcome> outcomes(kDevices);
    std::atomic<int> running{kDevices};
    std::vector<std::thread> threads;
    for (int i = 0; i < kDevices; ++i)
        threads.emplace_back([&, i] {
            Device& d = *devices[static_cast<std::size_t>(i)];
            Outcome& o = outcomes[static_cast<std::size_t>(i)];
            while (o.rounds < 400) {
                ++o.rounds;
                const auto r = d.sync();
                if (r.ok()) {
                    o.ok = true;
                    break;
                }
                const Instant now = nowMs();
                const Instant next = d.engine().nextAttemptAt().value_or(now);
                if (r.error->code == "busy") {
                    ++o.busy;
                    o.shortestBusyWait = std::min(o.shortestBusyWait, next - now);
                } else {
                    o.otherErrors.push_back(describe(r.error));
                }
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(std::max<Instant>(0, next - now)));
            }
            --running;
        });

    // Meanwhile another device syncs and the health check answers, again and again.
    int healthChecks = 0;
    int observerRounds = 0;
    double slowestHealthMs = 0;
    while (running > 0) {
        const auto started = std::chrono::steady_clock::now();
        const auto health = raw(server, "GET", "/healthz", {}, {});
        slowestHealthMs = std::max(slowestHealthMs, std::chrono::duration<double, std::milli>(
                                                        std::chrono::steady_clock::now() - started)
                                                        .count());
        CHECK(health.status == 200);
        ++healthChecks;
        const auto r = observer.sync();
        INFO("observer: " << describe(r.error));
        CHECK(r.ok());
        ++observerRounds;
        std::this_thread::sleep_for(100ms);
    }
    for (auto& t : threads)
        t.join();
    CHECK(healthChecks > 0);
    CHECK(observerRounds > 0);
    CHECK(slowestHealthMs < 5000);

    int busy = 0;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const Outcome& o = outcomes[i];
        INFO("device " << i << ": " << o.rounds << " rounds, " << o.busy << " busy");
        CHECK(o.ok);
        CHECK(o.otherErrors.empty());
        for (const auto& e : o.otherErrors)
            WARN(e);
        busy += o.busy;
        // Retry-After is at least 1 s, and the engine waits at least that long (backoff 20 ms).
        if (o.busy > 0)
            CHECK(o.shortestBusyWait >= 950);
        CHECK(devices[i]->outbox() == 0);
    }
    CHECK(busy > 0); // the queue did overflow
    const auto metrics = raw(server, "GET", "/metrics", {}, {});
    CHECK(metrics.body.find("bianmin_push_busy_total") != std::string::npos);
    CHECK(metrics.body.find("status=\"429\"") != std::string::npos);

    // Exactly once: a new device of each room reads every event of the room, each once.
    for (const auto& [site, user] : {std::pair{kRoom1, kAgent1}, std::pair{kRoom2, kAgent2}}) {
        Device checker(server, user, site);
        const auto events = pullEverything(checker, 500);
        std::set<std::string> ids;
        for (const auto& e : events)
            ids.insert(e.id);
        INFO(site);
        CHECK(ids.size() == events.size());
        CHECK(ids == madeAt[site]);
    }
}

TEST_CASE("sync e2e: a SIGKILL while several devices push at once loses no acknowledged event",
          "[integration][e2e][cut][group]") {
    Server server;
    constexpr int kDevices = 4;
    constexpr int kCases = 300;
    Tuning tuning;
    tuning.pushBatch = 10; // many pushes at once: they are written in groups
    tuning.backoffBase = 20;
    std::vector<std::unique_ptr<Device>> devices;
    for (int i = 0; i < kDevices; ++i) {
        const bool first = i % 2 == 0;
        devices.push_back(std::make_unique<Device>(server, first ? kAgent1 : kAgent2,
                                                   first ? kRoom1 : kRoom2, "", tuning));
        for (int c = 0; c < kCases; ++c)
            devices.back()->receive(kElderly);
    }
    // All push at once; the server is killed as soon as the first pushes are acknowledged (no
    // Catch assertions off this thread).
    std::atomic<int> ackedPushes{0};
    for (auto& d : devices)
        d->engine().setProgressCallback([&ackedPushes](const bsync::Progress& p) {
            if (p.state == bsync::SyncState::Syncing && p.eventsToPush < kCases)
                ++ackedPushes;
        });
    std::vector<std::thread> threads;
    for (auto& d : devices)
        threads.emplace_back([&d] { (void)d->sync(); });
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (ackedPushes < kDevices && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    server.kill();
    for (auto& t : threads)
        t.join();
    for (auto& d : devices)
        d->engine().setProgressCallback({});
    // What each device holds as acknowledged: the server stored it before it answered.
    std::map<std::string, std::int64_t> acked;
    int left = 0;
    for (auto& d : devices) {
        auto s = d->eventStore().db().prepare(
            "SELECT id, server_seq FROM events WHERE server_seq IS NOT NULL");
        REQUIRE(s.ok());
        while (true) {
            auto step = (*s)->step();
            REQUIRE(step.ok());
            if (!*step)
                break;
            acked[(*s)->text(0)] = (*s)->int64(1);
        }
        (*s)->reset();
        left += d->outbox();
    }
    INFO(acked.size() << " acknowledged before the kill, " << left << " left in outboxes");
    CHECK(left > 0); // the kill did land in the middle
    CHECK_FALSE(acked.empty());
    server.start();
    std::map<std::string, std::int64_t> onServer;
    for (const auto& [site, user] : {std::pair{kRoom1, kAgent1}, std::pair{kRoom2, kAgent2}}) {
        Device checker(server, user, site);
        for (const auto& e : pullEverything(checker, 1000))
            onServer[e.id] = *e.serverSeq;
    }
    for (const auto& [id, seq] : acked) {
        INFO(id);
        REQUIRE(onServer.contains(id));
        CHECK(onServer[id] == seq);
    }
    // The devices go on and everything arrives exactly once.
    for (auto& d : devices) {
        d->connect();
        d->syncOk();
    }
    for (const auto& [site, user] : {std::pair{kRoom1, kAgent1}, std::pair{kRoom2, kAgent2}}) {
        Device checker(server, user, site);
        const auto all = pullEverything(checker, 1000);
        std::set<std::string> ids;
        for (const auto& e : all)
            ids.insert(e.id);
        CHECK(ids.size() == all.size());
        CHECK(all.size() == static_cast<std::size_t>(kDevices / 2 * kCases));
    }
}

TEST_CASE("sync e2e: a round leaves out the device's own events when its store holds them all, "
          "and a store wiped and set up again under the same device gets them back",
          "[integration][e2e][own]") {
    Server server;
    Device room(server, kAgent1, kRoom1);
    Device sibling(server, kAgent1, kRoom1); // a second device of the same room
    std::vector<std::string> cases;
    for (int i = 0; i < 5; ++i) {
        cases.push_back(room.receive(kElderly));
        room.act(cases.back(), AcceptPayload{"材料齐全"});
    }
    const auto first = room.syncOk();
    CHECK(first.pushed == 10);
    CHECK(first.pulled == 5); // only the server's bind_number events came down
    for (const auto& id : cases) {
        const CaseView v = room.view(id);
        CHECK_FALSE(v.officialNumber.empty());
        CHECK(v.timeline.size() == 3);
    }
    std::int64_t withSeq = 0;
    CHECK(room.storedIds(&withSeq).size() == 15);
    CHECK(withSeq == 15); // its own events carry their numbers from the push answers

    // The sibling gets everything; its forward of one case comes down to the room.
    CHECK(sibling.syncOk().pulled == 15);
    sibling.act(cases[0], ForwardPayload{{kHall, {}}, "转乡镇办理"});
    CHECK(sibling.syncOk().pushed == 1);
    CHECK(room.syncOk().pulled == 1);
    for (const auto& id : cases)
        requireSame(room.view(id), sibling.view(id));

    // A change at both while offline: the server's order decides, the same everywhere.
    room.act(cases[1], ForwardPayload{{kHall, {}}, "转乡镇办理"});
    sibling.act(cases[1], ForwardPayload{{kHall, {}}, "转乡镇办理（另一台）"});
    const auto r1 = room.syncOk();
    CHECK(r1.pushed == 1);
    const auto s1 = sibling.syncOk();
    CHECK(s1.conflicts + s1.rejected == 1);
    room.syncOk();
    sibling.syncOk();
    requireSame(room.view(cases[1]), sibling.view(cases[1]));

    // The room's store is wiped and set up again with the same credential: nothing says it holds
    // the device's events, so its first round brings them all back.
    room.wipeStore();
    CHECK_FALSE(room.has(cases[0]));
    const auto back = room.syncOk();
    CHECK(back.pulled == static_cast<int>(sibling.storedIds().size()));
    for (const auto& id : cases)
        requireSame(room.view(id), sibling.view(id));
    CHECK(room.eventStore().meta(bsync::SyncEngine::kMetaOwnEventsComplete) ==
          room.credential().deviceId);
    // From then on its own events stay out of its pulls again.
    room.receive(kElderly);
    const auto later = room.syncOk();
    CHECK(later.pushed == 1);
    CHECK(later.pulled == 0);
    CHECK(sibling.syncOk().pulled == 1);
}

// ===============================================================================================
// Bad input and attacks: a clear error code, and the server keeps serving everyone else
// ===============================================================================================

TEST_CASE("sync attack: malformed JSON is 400 bad_json / bad_request", "[integration][attack]") {
    Server server;
    Device attacker(server, kClerk, kHall);
    Device other(server, kAgent1, kRoom1);
    const auto headers = gzipHeaders(attacker);
    {
        const auto r = raw(server, "POST", "/api/v1/push", headers, gzip(R"({"v":1,"events":[{)"));
        CHECK(r.status == 400);
        CHECK(errorCode(r) == "bad_json");
    }
    {
        const auto r = raw(server, "POST", "/api/v1/pull", headers, gzip(R"({"v":1,"cursor":5})"));
        CHECK(r.status == 400);
        CHECK(errorCode(r) == "bad_field");
    }
    {
        const auto r = raw(server, "POST", "/api/v1/hello", headers, gzip("[1,2,3]"));
        CHECK(r.status == 400);
    }
    {
        // Not JSON, not even gzip.
        const auto r = raw(server, "POST", "/api/v1/push", headers, "\x1f\x8b garbage");
        CHECK(r.status == 400);
        CHECK(errorCode(r) == "bad_gzip");
    }
    {
        auto plain = bsync::authHeaders(attacker.credential(), {});
        const auto r = raw(server, "POST", "/api/v1/login", plain, "{\"userId\":");
        CHECK(r.status == 400);
        CHECK(errorCode(r) == "bad_json");
        const auto e = raw(server, "POST", "/api/v1/enroll", {}, R"({"code":7})");
        CHECK(e.status == 400);
        CHECK(errorCode(e) == "bad_request");
    }
    {
        // Nested a million deep: refused, not a stack overflow.
        const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
        const auto r = raw(server, "POST", "/api/v1/push", headers, gzip(deep));
        CHECK(r.status == 400);
        CHECK(errorCode(r) == "bad_json");
    }
    requireServing(server, other);
    requireServing(server, attacker);
}

TEST_CASE("sync attack: a wrong protocol version is 409 version", "[integration][attack]") {
    Server server;
    Device attacker(server, kClerk, kHall);
    Device other(server, kAgent1, kRoom1);
    const auto headers = gzipHeaders(attacker);
    for (const char* body : {R"({"v":2,"clientVersion":"9.0","deviceId":"","siteId":"",)"
                             R"("outboxSize":0,"lastError":""})",
                             R"({"v":0,"clientVersion":"0.0.1"})"}) {
        const auto r = raw(server, "POST", "/api/v1/hello", headers, gzip(body));
        CHECK(r.status == 409);
        CHECK(errorCode(r) == "version");
    }
    const auto push = raw(server, "POST", "/api/v1/push", headers, gzip(R"({"v":99,"events":[]})"));
    CHECK(push.status == 409);
    CHECK(errorCode(push) == "version");
    requireServing(server, other);
    requireServing(server, attacker);
}

TEST_CASE("sync attack: an oversized body is 413 too_large", "[integration][attack]") {
    Server server;
    Device attacker(server, kClerk, kHall);
    Device other(server, kAgent1, kRoom1);
    {
        // 3 MiB on the wire (the limit is 2 MiB).
        std::string big = R"({"v":1,"events":[)";
        while (big.size() < std::size_t{3} * 1024 * 1024)
            big += R"({"id":"0190f0f0-0000-7000-8000-000000000000"},)";
        big += "{}]}";
        auto h = bsync::authHeaders(attacker.credential(), attacker.token());
        h["Content-Type"] = "application/json";
        const auto r = raw(server, "POST", "/api/v1/push", h, big);
        CHECK(r.status == 413);
        CHECK(errorCode(r) == "too_large");
    }
    {
        // A gzip bomb: 64 KiB on the wire, 64 MiB unpacked (the limit is 8 MiB).
        const auto r = raw(server, "POST", "/api/v1/push", gzipHeaders(attacker),
                           gzip(std::string(std::size_t{64} * 1024 * 1024, ' ')));
        CHECK(r.status == 413);
        CHECK(errorCode(r) == "too_large");
    }
    {
        // Too many events in one push (kMaxPushEvents + 1).
        const Event e = attacker.make("case-none", AcceptPayload{});
        bsync::PushRequest many;
        many.events.assign(bsync::kMaxPushEvents + 1, e);
        const auto r =
            raw(server, "POST", "/api/v1/push", gzipHeaders(attacker), gzip(bsync::encode(many)));
        CHECK(r.status == 413);
        CHECK(errorCode(r) == "too_large");
    }
    requireServing(server, other);
    requireServing(server, attacker);
}

namespace {

// A TLS client that sends half a request header and then nothing (slow loris), or, with
// `handshake` false, a TCP client that never even starts TLS.
class Loris {
public:
    Loris(unsigned short port, const fs::path& ca, bool handshake)
        : m_ctx(boost::asio::ssl::context::tls_client)
        , m_stream(m_ioc, m_ctx) {
        m_ctx.load_verify_file(ca.string());
        m_stream.set_verify_mode(boost::asio::ssl::verify_peer);
        boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), port);
        m_stream.next_layer().connect(ep);
        m_opened = std::chrono::steady_clock::now();
        if (!handshake)
            return;
        m_stream.handshake(boost::asio::ssl::stream_base::client);
        const std::string half = "POST /api/v1/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty";
        boost::asio::write(m_stream, boost::asio::buffer(half));
    }
    // How long after opening the server cut the connection; nullopt if it stayed open until
    // `limit` after opening.
    std::optional<std::chrono::milliseconds> cutAfter(std::chrono::milliseconds limit) {
        std::array<char, 4096> buf{};
        bool closed = false;
        std::function<void(boost::system::error_code, std::size_t)> onRead;
        auto readSome = [&] {
            m_stream.next_layer().async_read_some(boost::asio::buffer(buf), onRead);
        };
        onRead = [&](boost::system::error_code ec, std::size_t) {
            if (ec) {
                closed = true;
                return;
            }
            readSome(); // bytes (TLS records) are not an answer to wait for: keep reading
        };
        readSome();
        const auto deadline = m_opened + limit;
        m_ioc.restart();
        while (!closed && std::chrono::steady_clock::now() < deadline)
            m_ioc.run_for(20ms);
        if (!closed)
            return std::nullopt;
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - m_opened);
    }

private:
    boost::asio::io_context m_ioc;
    boost::asio::ssl::context m_ctx;
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket> m_stream;
    std::chrono::steady_clock::time_point m_opened;
};

} // namespace

TEST_CASE("sync attack: a slow-loris client is cut off while normal clients are served",
          "[integration][attack]") {
    Server server({"--request-timeout-ms", "1000"});
    Device other(server, kAgent1, kRoom1);
    std::vector<std::unique_ptr<Loris>> loris;
    for (int i = 0; i < 8; ++i)
        loris.push_back(
            std::make_unique<Loris>(server.process().port(), server.caFile(), i % 4 != 3));
    // While they hang on, a normal client is served at once, more than once.
    const auto t0 = std::chrono::steady_clock::now();
    other.syncOk();
    const std::string c = other.receive(kElderly);
    other.syncOk();
    CHECK(std::chrono::steady_clock::now() - t0 < 3s); // (well under 1 s on an idle machine)
    // Each is cut off within a few seconds of connecting (the request timeout is 1 s).
    for (auto& l : loris) {
        const auto cut = l->cutAfter(6s);
        REQUIRE(cut.has_value());
        CHECK(*cut >= 900ms);
        CHECK(*cut < 4s);
    }
    requireServing(server, other);
    CHECK(other.has(c));
}

TEST_CASE("sync attack: a replayed event is a duplicate with the same server number",
          "[integration][attack]") {
    Server server;
    Device room(server, kAgent1, kRoom1);
    Device laptop2(server, kAgent1, kRoom1); // the same agent on a second laptop
    Device other(server, kClerk, kHall);
    const std::string c = room.receive(kElderly);
    const Event accept = room.act(c, AcceptPayload{"材料齐全"});
    room.syncOk();
    const auto stored = room.view(c).timeline;
    // The first push's answer was lost, say: the same event again.
    const auto again = pushRaw(room, accept);
    CHECK(again.outcome == bsync::PushOutcome::Duplicate);
    REQUIRE(again.serverSeq.has_value());
    CHECK(*again.serverSeq == 2);
    // Replayed with a server number of its own choosing: still the same, first number.
    Event forged = accept;
    forged.serverSeq = 999;
    const auto seq = pushRaw(room, forged);
    CHECK(seq.outcome == bsync::PushOutcome::Duplicate);
    CHECK(seq.serverSeq == again.serverSeq);
    // The same id with other content is not the same event.
    Event altered = accept;
    std::get<AcceptPayload>(altered.payload).opinion = "改过的意见";
    const auto changed = pushRaw(room, altered);
    CHECK(changed.outcome == bsync::PushOutcome::Rejected);
    CHECK(changed.code == "id_reused");
    // Another device replaying it (a copied outbox): not its event.
    const auto stolen = pushRaw(laptop2, accept);
    CHECK(stolen.outcome == bsync::PushOutcome::Rejected);
    CHECK(stolen.code == "wrong_device");
    // Nothing was stored twice.
    const auto all = pullEverything(laptop2, 100);
    CHECK(all.size() == 3); // with the official number bound at 受理
    room.syncOk();
    CHECK(room.view(c).timeline.size() == stored.size());
    requireServing(server, other);
    requireServing(server, room);
}

TEST_CASE("sync attack: an event for a case or site the device may not touch is rejected "
          "forbidden",
          "[integration][attack]") {
    Server server;
    Device room1(server, kAgent1, kRoom1);
    Device room2(server, kAgent2, kRoom2);
    Device hall(server, kClerk, kHall);
    const std::string c = room1.receive(kElderly);
    room1.syncOk();

    // Room 2's agent, at her own site, on room 1's case.
    const auto a = pushRaw(
        room2, room2.make(c, AcceptPayload{}, std::string(room1.view(c).timeline.back().eventId)));
    CHECK(a.outcome == bsync::PushOutcome::Rejected);
    CHECK(a.code == "forbidden");
    // Room 2's device speaking for room 1's agent (another site).
    Event impostor = room2.make(c, AcceptPayload{}, room1.view(c).timeline.back().eventId);
    impostor.actor = room1.actor();
    impostor.actor.deviceId = room2.credential().deviceId;
    const auto b = pushRaw(room2, impostor);
    CHECK(b.outcome == bsync::PushOutcome::Rejected);
    CHECK(b.code == "forbidden");
    // The township hall before the case was passed up to it.
    const auto h =
        pushRaw(hall, hall.make(c, TakeInPayload{}, room1.view(c).timeline.back().eventId));
    CHECK(h.outcome == bsync::PushOutcome::Rejected);
    CHECK(h.code == "forbidden");
    // A new case under an id that exists elsewhere.
    const auto d = pushRaw(room2, room2.make(c, room2.receivePayload(kElderly), std::string()));
    CHECK(d.outcome == bsync::PushOutcome::Rejected);
    CHECK(d.code == "forbidden");
    // None of it was stored, and none of room 1's case reaches the others.
    room2.syncOk();
    hall.syncOk();
    CHECK_FALSE(room2.has(c));
    CHECK_FALSE(hall.has(c));
    CHECK(pullEverything(room2, 100).empty());
    CHECK(room1.syncOk().pulled == 0);
    CHECK(room1.view(c).timeline.size() == 1);
    requireServing(server, room1);
}

TEST_CASE("sync attack: a revoked device is refused at once (401/403)", "[integration][attack]") {
    Server server;
    Device room(server, kAgent1, kRoom1);
    Device other(server, kClerk, kHall);
    const std::string c = room.receive(kElderly);
    room.syncOk();
    room.act(c, AcceptPayload{});

    // Scenario 6: the laptop is stolen; the admin revokes it.
    const CommandResult revoked = server.admin({"revoke-device", room.credential().deviceId});
    INFO(revoked.out << revoked.err);
    REQUIRE(revoked.exitCode == 0);
    const auto r = room.sync();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->code == "revoked");
    CHECK(r.error->kind == ErrorKind::NotPermitted);
    CHECK(room.engine().retriesStopped());
    CHECK_FALSE(room.engine().attemptDue());
    CHECK(room.outbox() == 1); // kept: nothing was lost, it just cannot go
    const auto hello =
        raw(server, "POST", "/api/v1/hello", gzipHeaders(room), gzip(bsync::encode(helloOf(room))));
    CHECK((hello.status == 401 || hello.status == 403));
    CHECK(errorCode(hello) == "revoked");
    const auto login = bsync::login(room.http(), room.credential(), kAgent1, kPassword);
    REQUIRE_FALSE(login.ok());
    CHECK(login.error().code == "revoked");
    net::PokeClient poke(server.config());
    CHECK_FALSE(
        poke.connect("/api/v1/poke", bsync::authHeaders(room.credential(), room.token())).ok());
    const auto ref = bsync::fetchReference(room.http(), room.credential(), room.token());
    REQUIRE_FALSE(ref.ok());
    CHECK(ref.error().code == "revoked");

    // A used enrollment code does not enroll another device.
    {
        net::HttpsClient http(server.config());
        const std::string code = server.code(kRoom1);
        REQUIRE(bsync::enroll(http, code, "新笔记本").ok());
        const auto reused = bsync::enroll(http, code, "另一台");
        REQUIRE_FALSE(reused.ok());
        CHECK(reused.error().code == "bad_code");
    }
    // The agent's new laptop, with a new code, has the village's case back.
    Device fresh(server, kAgent1, kRoom1);
    CHECK(fresh.syncOk().pulled == 1);
    CHECK(fresh.has(c));
    requireServing(server, other);
}

TEST_CASE("sync attack: a wrong password is 401 wrong_password, then a back-off",
          "[integration][attack]") {
    Server server;
    Device hall(server, kClerk, kHall);
    Device other(server, kAgent1, kRoom1);
    {
        auto h = bsync::authHeaders(hall.credential(), {});
        const auto r = raw(server, "POST", "/api/v1/login", h,
                           R"({"userId":"director-421281909000","password":"guess"})");
        CHECK(r.status == 401);
        CHECK(errorCode(r) == "wrong_password");
    }
    // At once again, even with the right password: wait (429).
    const auto locked = bsync::login(hall.http(), hall.credential(), kDirector, kPassword);
    REQUIRE_FALSE(locked.ok());
    CHECK(locked.error().code == "locked");
    CHECK(locked.error().kind == ErrorKind::Retryable);
    // An unknown user is answered the same as a wrong password.
    const auto nobody = bsync::login(hall.http(), hall.credential(), "nobody", kPassword);
    REQUIRE_FALSE(nobody.ok());
    CHECK(nobody.error().code == "wrong_password");
    CHECK(nobody.error().kind == ErrorKind::NotPermitted);
    // A user of another site, with the right password.
    const auto stranger = bsync::login(hall.http(), hall.credential(), kAgent1, kPassword);
    REQUIRE_FALSE(stranger.ok());
    CHECK(stranger.error().code == "forbidden");
    requireServing(server, other);
    requireServing(server, hall); // the clerk's own session was never touched
    std::this_thread::sleep_for(1100ms);
    const auto later = bsync::login(hall.http(), hall.credential(), kDirector, kPassword);
    INFO((later ? "" : describe(later.error())));
    CHECK(later.ok());
}

TEST_CASE("sync attack: a path with .. is 400", "[integration][attack]") {
    Server server;
    Device d(server, kClerk, kHall);
    Device other(server, kAgent1, kRoom1);
    const auto auth = bsync::authHeaders(d.credential(), d.token());
    for (const char* target :
         {"/api/v1/../healthz", "/api/v1/reference/../../etc/passwd", "/../../etc/passwd",
          "/api/v1/..%2f..%2fetc%2fpasswd", "/api/v1/reference?file=../../secret"}) {
        INFO(target);
        const auto r = raw(server, "GET", target, auth, {});
        CHECK(r.status == 400);
        CHECK(errorCode(r) == "bad_request");
    }
    const auto post = raw(server, "POST", "/api/v1/push/../pull", gzipHeaders(d), gzip("{}"));
    CHECK(post.status == 400);
    // Other odd paths name nothing.
    const auto odd = raw(server, "GET", "/api/v1/%2e%2e/healthz", auth, {});
    CHECK(odd.status == 404);
    requireServing(server, other);
    requireServing(server, d);
}

TEST_CASE("sync transport: the client trusts only its CA, and maps errors for the engine",
          "[integration][transport]") {
    Server server;
    Device d(server, kClerk, kHall);
    // Another CA (a man in the middle with his own certificate authority).
    {
        TempDir other;
        const auto made =
            bianmin::testing::runProgram(BIANMIN_SYNCD, {"dev-certs", (other / "certs").string()});
        REQUIRE(made.exitCode == 0);
        auto config = server.config();
        config.caFile = (other / "certs" / "ca.pem").string();
        net::HttpsClient http(config);
        bsync::HttpsTransport t(http, d.credential(), d.token());
        const auto r = t.hello(helloOf(d));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "untrusted");
        CHECK(r.error().kind == ErrorKind::NotPermitted);
    }
    // Nobody listening: a network error, to retry later.
    {
        auto config = server.config();
        const unsigned short port = config.port;
        REQUIRE(server.stop() == 0);
        config.port = port;
        config.connectTimeout = 2s;
        net::HttpsClient http(config);
        bsync::HttpsTransport t(http, d.credential(), d.token());
        const auto r = t.pull({});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "network");
        CHECK(r.error().kind == ErrorKind::Retryable);
        server.start();
        d.connect();
    }
    // A forged token: 401 bad_token, and the engine stops retrying until a new login.
    {
        net::HttpsClient http(server.config());
        bsync::HttpsTransport t(http, d.credential(), std::string(64, 'a'));
        const auto r = t.hello(helloOf(d));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "bad_token");
        CHECK(r.error().kind == ErrorKind::NotPermitted);
        d.transport().setUserToken(std::string(64, 'a'));
        CHECK_FALSE(d.sync().ok());
        CHECK(d.engine().retriesStopped());
        d.logIn(kClerk);
        CHECK_FALSE(d.engine().retriesStopped());
        d.syncOk();
    }
    // A bad enrollment code.
    {
        net::HttpsClient http(server.config());
        const auto r = bsync::enroll(http, "AAAA-BBBB-CCCC-DDDD", "笔记本");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == "bad_code");
        CHECK(r.error().kind == ErrorKind::NotPermitted);
    }
    // The metrics saw it all.
    const auto metrics = raw(server, "GET", "/metrics", {}, {});
    CHECK(metrics.status == 200);
    CHECK(metrics.body.find("bianmin_http_requests_total") != std::string::npos);
}
