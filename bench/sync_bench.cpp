// Sync benchmark (issue #4). A program that prints numbers, not a timed test; BENCHMARKS.md keeps
// the results with the command and machine that made them.
//
// It starts the real bianmin-syncd (a copy of the init-demo database, real TLS with the development
// CA, its embedded SQLite in a temp folder, on 127.0.0.1) and measures, in one run:
//
//   1. Baseline: the raw SQLite ingest of the store issue (bench_common.h) for the same cases, at 1
//      and at 100 cases per transaction.
//   2. One device: enrolled with a code from `admin create-enrollment-code`, its site's demo user
//      logged in, N cases × 5 events appended to its EventStore one case per transaction (timed
//      apart: local work, not sync), then one SyncEngine round over HttpsTransport pushes them;
//      a fresh device of the same site then pulls them all into its own EventStore. Push, pull
//      and end-to-end (push + pull) cases/s, and the ratio to the baseline.
//   3. D devices at D sites of the demo city, each with P cases in its store, start a round at
//      the same moment (one thread and one HttpsClient each). Every event acknowledged, and the
//      server database holding exactly D × P new cases with their events; total cases/s and the
//      latency of the push requests.
//   4. Bytes per case of part 2: on the TCP connection (TLS records, HTTP headers, handshakes,
//      from the kernel's TCP_INFO of the client socket), the HTTP bodies as sent (gzip) and
//      the JSON inside them.
//   5. K idle poke WebSockets (net::PokeClient, device + user credentials of part 3's devices) held
//      open at once, from child processes of this one (each PokeClient has its own io_context and
//      file descriptors); the server's resident memory before and with them, and /healthz
//      latency while they are open.
//
// Progress goes to stderr; the machine and the results, as Markdown, to stdout. Exits with 1 when
// any case was lost or duplicated, or any event refused.
#include "bench/bench_common.h"
#include "bench/bench_process.h"
#include "common/net/https_client.h"
#include "common/store/crypto.h"
#include "common/store/event_store.h"
#include "common/sync/codec.h"
#include "common/sync/engine.h"
#include "common/sync/https_transport.h"
#include "tests/support/syncd_process.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <latch>
#include <linux/tcp.h>
#include <map>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <random>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <type_traits>
#include <unistd.h>
#include <vector>

#ifndef BIANMIN_RESOURCES_DIR
#define BIANMIN_RESOURCES_DIR "resources"
#endif
#ifndef BIANMIN_SYNCD
#define BIANMIN_SYNCD "bianmin-syncd"
#endif
#ifndef BIANMIN_SYNCD_CACHE_DIR
#define BIANMIN_SYNCD_CACHE_DIR "sync_bench_cache"
#endif

namespace {

using namespace bianmin::domain;
using namespace bianmin::bench;
using namespace std::chrono_literals;
namespace bsync = bianmin::sync;
namespace net = bianmin::net;
namespace store = bianmin::store;
namespace refdata = bianmin::refdata;
namespace fs = std::filesystem;
using bianmin::testing::SyncdProcess;

constexpr const char* kDemoPassword = "bianmin-demo"; // every demo user's (init-demo)
constexpr std::uint64_t kSeed = 20261127;

// --- options -------------------------------------------------------------------------------------

struct Options {
    std::int64_t cases = 20'000;
    int devices = 200;
    std::int64_t perDevice = 500;
    int pokes = 5'000;
    int pokesPerProcess = 2'000;
    int pushBatch = 200;  // the SyncEngine's default
    int pullLimit = 1000; // the SyncEngine's default
    int setupThreads = 4;
    std::string site = "421281909000"; // 车埠镇便民服务大厅
    fs::path dir;
    fs::path resources = BIANMIN_RESOURCES_DIR;
    bool keep = false;
    std::vector<std::string> syncdArgs; // extra `serve` arguments (--syncd-arg, repeated)
};

void usage(std::ostream& out) {
    out << "usage: sync_bench [--cases N] [--devices D] [--per-device P] [--pokes K] [--quick]\n"
           "                  [--push-batch N] [--pull-limit N] [--site ID] [--dir PATH] [--keep]\n"
           "  --cases N         cases pushed by one device and pulled by another (default 20000)\n"
           "  --devices D       devices pushing at once (default 200; 0 skips part 3)\n"
           "  --per-device P    cases each of them pushes (default 500)\n"
           "  --pokes K         idle poke WebSockets held open (default 5000; 0 skips part 5)\n"
           "  --pokes-per-process N  poke connections per child process (default 2000)\n"
           "  --quick           a smoke run at 1/20 of the sizes\n"
           "  --push-batch N    events per push request (default 200, as the client)\n"
           "  --pull-limit N    events per pull request (default 1000, as the client)\n"
           "  --syncd-arg ARG   one more argument for `bianmin-syncd serve` (repeat it), e.g.\n"
           "                    --syncd-arg --max-queued-pushes --syncd-arg 1000\n"
           "  --site ID         the site of part 2 (default 421281909000, a township hall)\n"
           "  --dir PATH        where the server and device databases go (default: a temp folder)\n"
           "  --resources DIR   the reference data (default: the source tree's resources/)\n"
           "  --keep            keep them\n";
}

Options parse(int argc, char** argv) {
    Options o;
    auto value = [&](int& i) -> std::string {
        if (i + 1 >= argc)
            die(std::string(argv[i]) + " needs a value");
        return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        try {
            if (a == "--cases")
                o.cases = std::stoll(value(i));
            else if (a == "--devices")
                o.devices = std::stoi(value(i));
            else if (a == "--per-device")
                o.perDevice = std::stoll(value(i));
            else if (a == "--pokes")
                o.pokes = std::stoi(value(i));
            else if (a == "--pokes-per-process")
                o.pokesPerProcess = std::stoi(value(i));
            else if (a == "--push-batch")
                o.pushBatch = std::stoi(value(i));
            else if (a == "--pull-limit")
                o.pullLimit = std::stoi(value(i));
            else if (a == "--syncd-arg")
                o.syncdArgs.push_back(value(i));
            else if (a == "--site")
                o.site = value(i);
            else if (a == "--dir")
                o.dir = value(i);
            else if (a == "--resources")
                o.resources = value(i);
            else if (a == "--quick") {
                o.cases = 1'000;
                o.devices = 10;
                o.perDevice = 25;
                o.pokes = 250;
            } else if (a == "--keep")
                o.keep = true;
            else if (a == "-h" || a == "--help") {
                usage(std::cout);
                std::exit(0);
            } else {
                usage(std::cerr);
                std::exit(2);
            }
        } catch (const std::exception&) {
            die("bad value for " + a);
        }
    }
    if (o.cases < 1 || o.devices < 0 || o.perDevice < 1 || o.pokes < 0 || o.pokesPerProcess < 1)
        die("sizes must be positive");
    return o;
}

// --- small helpers -------------------------------------------------------------------------------

std::string describe(const Error& e) {
    return e.code + ": " + e.message;
}

std::string perSecond(double n, double seconds) {
    return thousands(static_cast<std::int64_t>(std::llround(n / seconds)));
}

struct CpuMark {
    double server = 0, bench = 0;
};
CpuMark cpuNow(pid_t server) {
    return {cpuSeconds(server), cpuSeconds(::getpid())};
}

std::size_t openFds(pid_t pid) {
    std::error_code ec;
    std::size_t n = 0;
    for (fs::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end;
         !ec && it != end; it.increment(ec))
        ++n;
    return n;
}

// --- bytes on the wire ---------------------------------------------------------------------------

// The payload bytes of this process's TCP connections to 127.0.0.1:port, from the kernel
// (TCP_INFO: bytes sent and acknowledged, bytes received), by local port. TLS records, HTTP
// headers and handshakes included; IP and TCP headers not.
struct TcpBytes {
    std::uint64_t sent = 0, received = 0;
};

std::map<unsigned short, TcpBytes> tcpConnectionsTo(unsigned short port) {
    std::map<unsigned short, TcpBytes> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/proc/self/fd", ec)) {
        int fd = -1;
        try {
            fd = std::stoi(e.path().filename().string());
        } catch (const std::exception&) {
            continue;
        }
        sockaddr_storage peer{};
        socklen_t len = sizeof peer;
        if (::getpeername(fd, static_cast<sockaddr*>(static_cast<void*>(&peer)), &len) != 0 ||
            peer.ss_family != AF_INET)
            continue;
        sockaddr_in peer4{};
        std::memcpy(&peer4, &peer, sizeof peer4);
        if (ntohs(peer4.sin_port) != port)
            continue;
        sockaddr_storage self{};
        len = sizeof self;
        if (::getsockname(fd, static_cast<sockaddr*>(static_cast<void*>(&self)), &len) != 0)
            continue;
        sockaddr_in self4{};
        std::memcpy(&self4, &self, sizeof self4);
        tcp_info info{};
        socklen_t infoLen = sizeof info;
        if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &infoLen) != 0)
            continue;
        out[ntohs(self4.sin_port)] = {info.tcpi_bytes_acked, info.tcpi_bytes_received};
    }
    return out;
}

// Follows the client connections to the server; a connection that closes keeps the bytes it had
// at the last sample. Threading: one thread.
class WireMeter {
public:
    explicit WireMeter(unsigned short port)
        : m_port(port) {}
    void sample() {
        for (const auto& [local, b] : tcpConnectionsTo(m_port))
            m_seen[local] = b;
    }
    TcpBytes total() const {
        TcpBytes t;
        for (const auto& [local, b] : m_seen) {
            t.sent += b.sent;
            t.received += b.received;
        }
        return t;
    }

private:
    unsigned short m_port;
    std::map<unsigned short, TcpBytes> m_seen;
};

// --- a transport that keeps count ----------------------------------------------------------------

// What went through a MeteredTransport.
struct Traffic {
    std::int64_t requests = 0;
    std::uint64_t jsonUp = 0, jsonDown = 0; // the JSON texts
    std::uint64_t bodyUp = 0, bodyDown = 0; // the HTTP bodies as sent (gzip)
    void add(const Traffic& o) {
        requests += o.requests;
        jsonUp += o.jsonUp;
        jsonDown += o.jsonDown;
        bodyUp += o.bodyUp;
        bodyDown += o.bodyDown;
    }
};

// The engine's transport, wrapped: the time of every push request, the moment the round turned
// from pushing to pulling, and (when asked) the size of each body. HttpsTransport gzips every
// request body (codec.h, level 6) and the server gzips every answer longer than 256 bytes with the
// same function, so encoding and compressing the messages again gives the bytes that were sent;
// checkBodies() below compares that with one raw answer. The time this bookkeeping takes is kept
// apart so that the phases can be timed without it.
class MeteredTransport final : public bsync::Transport {
public:
    MeteredTransport(bsync::Transport& inner, bool countBytes, WireMeter* wire)
        : m_inner(inner)
        , m_countBytes(countBytes)
        , m_wire(wire) {}

    Result<bsync::HelloResponse> hello(const bsync::HelloRequest& request) override {
        auto r = m_inner.hello(request);
        account(bsync::encode(request), r);
        return r;
    }
    Result<bsync::PushResponse> push(const bsync::PushRequest& request) override {
        const auto t0 = Steady::now();
        auto r = m_inner.push(request);
        // Latency of the pushes the server took; a refusal (429 busy) is answered at once and
        // counted apart.
        if (r)
            m_pushMs.push_back(msSince(t0));
        else if (r.error().code == "busy")
            ++m_busy;
        m_pushCallS += secondsSince(t0);
        account(bsync::encode(request), r);
        if (r)
            m_pushTraffic.requests += 1;
        return r;
    }
    std::optional<Instant> retryAfter() const override { return m_inner.retryAfter(); }
    Result<bsync::PullResponse> pull(const bsync::PullRequest& request) override {
        if (!m_firstPull) {
            m_firstPull = Steady::now();
            m_accountingAtFirstPull = m_accounting;
            if (m_wire) {
                m_wire->sample();
                m_wireAtFirstPull = m_wire->total();
            }
            if (m_atFirstPull)
                m_atFirstPull();
        }
        const auto t0 = Steady::now();
        auto r = m_inner.pull(request);
        m_pullCallS += secondsSince(t0);
        account(bsync::encode(request), r);
        return r;
    }

    // Before a round: forget the last one's phase boundary.
    void newRound() {
        m_firstPull.reset();
        m_accounting = 0;
        m_accountingAtFirstPull = 0;
    }
    std::optional<Steady::time_point> firstPull() const { return m_firstPull; }
    double accountingSeconds() const { return m_accounting; }
    double accountingBeforeFirstPull() const { return m_accountingAtFirstPull; }
    TcpBytes wireAtFirstPull() const { return m_wireAtFirstPull; }
    const std::vector<double>& pushMs() const { return m_pushMs; }
    int busyAnswers() const { return m_busy; }
    // Seconds spent inside the push and pull requests (network, TLS, the server, decoding).
    double pushCallSeconds() const { return m_pushCallS; }
    double pullCallSeconds() const { return m_pullCallS; }
    // Called once per round, just before its first pull request.
    void setFirstPullHook(std::function<void()> hook) { m_atFirstPull = std::move(hook); }
    const Traffic& pushTraffic() const { return m_pushTraffic; }
    const Traffic& pullTraffic() const { return m_pullTraffic; }
    const Traffic& otherTraffic() const { return m_otherTraffic; }

private:
    static std::uint64_t gzipSize(const std::string& json) {
        return must(bsync::gzipCompress(json), "gzip").size();
    }
    template <typename Response>
    void account(const std::string& requestJson, const Result<Response>& r) {
        const auto t0 = Steady::now();
        if (m_wire)
            m_wire->sample();
        if (m_countBytes && r) {
            Traffic& t = std::is_same_v<Response, bsync::PushResponse>   ? m_pushTraffic
                         : std::is_same_v<Response, bsync::PullResponse> ? m_pullTraffic
                                                                         : m_otherTraffic;
            if (!std::is_same_v<Response, bsync::PushResponse>)
                t.requests += 1;
            const std::string answer = bsync::encode(*r);
            t.jsonUp += requestJson.size();
            t.bodyUp += gzipSize(requestJson);
            t.jsonDown += answer.size();
            t.bodyDown += answer.size() > 256 ? gzipSize(answer) : answer.size();
        }
        m_accounting += secondsSince(t0);
    }

    bsync::Transport& m_inner;
    bool m_countBytes;
    WireMeter* m_wire;
    std::vector<double> m_pushMs;
    int m_busy = 0;
    std::optional<Steady::time_point> m_firstPull;
    double m_accounting = 0;
    double m_accountingAtFirstPull = 0;
    double m_pushCallS = 0, m_pullCallS = 0;
    std::function<void()> m_atFirstPull;
    TcpBytes m_wireAtFirstPull;
    Traffic m_pushTraffic, m_pullTraffic, m_otherTraffic;
};

// --- the server ----------------------------------------------------------------------------------

// The server's database, read-only (WAL: safe while it serves).
class ServerDb {
public:
    explicit ServerDb(const fs::path& file) {
        if (sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
            die("cannot open the server database " + file.string());
        sqlite3_busy_timeout(m_db, 10'000);
    }
    ~ServerDb() { sqlite3_close_v2(m_db); }
    ServerDb(const ServerDb&) = delete;
    ServerDb& operator=(const ServerDb&) = delete;

    std::int64_t maxSeq() { return scalar("SELECT COALESCE(MAX(server_seq), 0) FROM events"); }
    std::int64_t scalar(const char* sql) {
        sqlite3_stmt* s = prepare(sql);
        std::int64_t v = -1;
        if (sqlite3_step(s) == SQLITE_ROW)
            v = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return v;
    }
    // Events stored after `seq`, counted by case.
    std::map<std::string, std::int64_t> eventsByCaseAfter(std::int64_t seq) {
        sqlite3_stmt* s =
            prepare("SELECT case_id, COUNT(*) FROM events WHERE server_seq > ? GROUP BY case_id");
        sqlite3_bind_int64(s, 1, seq);
        std::map<std::string, std::int64_t> out;
        while (sqlite3_step(s) == SQLITE_ROW)
            out[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] =
                sqlite3_column_int64(s, 1);
        sqlite3_finalize(s);
        return out;
    }

private:
    sqlite3_stmt* prepare(const char* sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(m_db, sql, -1, &s, nullptr) != SQLITE_OK)
            die(std::string("server database: ") + sqlite3_errmsg(m_db));
        return s;
    }
    sqlite3* m_db = nullptr;
};

// A check of what the server holds after part 2 or 3: every generated case there with its five
// events and the server's bind_number (6), and nothing else.
struct HoldCheck {
    std::int64_t expected = 0, found = 0, wrongCount = 0, missing = 0, extra = 0;
    bool ok() const { return found == expected && wrongCount == 0 && missing == 0 && extra == 0; }
    std::string str() const {
        return thousands(found) + " of " + thousands(expected) + " cases, each with 5 events + " +
               "its bind_number" +
               (ok() ? std::string()
                     : " — **" + thousands(missing) + " missing, " + thousands(wrongCount) +
                           " with another event count, " + thousands(extra) + " unexpected**");
    }
};

HoldCheck checkServer(ServerDb& db, std::int64_t seqBefore, const std::vector<std::string>& ids) {
    const auto byCase = db.eventsByCaseAfter(seqBefore);
    HoldCheck c;
    c.expected = static_cast<std::int64_t>(ids.size());
    std::set<std::string> wanted(ids.begin(), ids.end());
    for (const auto& id : wanted) {
        const auto it = byCase.find(id);
        if (it == byCase.end()) {
            ++c.missing;
            continue;
        }
        ++c.found;
        if (it->second != static_cast<std::int64_t>(kEventsPerCase) + 1)
            ++c.wrongCount;
    }
    for (const auto& [id, n] : byCase)
        if (!wanted.contains(id))
            ++c.extra;
    return c;
}

// --- a device ------------------------------------------------------------------------------------

// A device as the client sets it up: enrolled with a one-time code, its site's demo user logged in
// over HTTPS, the reference data downloaded into its own EventStore (fast KDF: key derivation is
// not what is measured), a SyncEngine over HttpsTransport through a MeteredTransport.
struct Device {
    std::string siteId;
    bsync::Enrollment enrollment;
    bsync::Login login;
    Actor actor;
    BenchClock storeClock; // the generated cases' time while appending
    store::SystemClock engineClock;
    std::unique_ptr<store::EventStore> store;
    std::unique_ptr<net::HttpsClient> http;
    std::unique_ptr<bsync::HttpsTransport> transport;
    std::unique_ptr<MeteredTransport> metered;
    std::unique_ptr<bsync::SyncEngine> engine;
    std::vector<std::string> caseIds; // generated here

    void close() {
        engine.reset();
        metered.reset();
        transport.reset();
        http.reset();
        store.reset();
    }
};

std::string userOf(const refdata::ReferenceData& ref, const std::string& siteId) {
    const Site* site = ref.org.site(siteId);
    if (!site || site->kind == SiteKind::Center)
        die("site " + siteId + " is not a hall or a room of the demo city");
    return (site->kind == SiteKind::Hall ? "clerk-" : "agent-") + siteId;
}

// A new HTTPS connection, transport and engine for the device (everything the engine needs to go
// on is in the store), as a client that wakes up: the next round starts with a TLS handshake.
void connect(Device& d, const BenchServer& server, const Options& opt, bool countBytes,
             WireMeter* wire) {
    d.engine.reset();
    d.metered.reset();
    d.transport.reset();
    d.http = std::make_unique<net::HttpsClient>(server.config());
    d.transport =
        std::make_unique<bsync::HttpsTransport>(*d.http, d.enrollment.credential, d.login.token);
    d.metered = std::make_unique<MeteredTransport>(*d.transport, countBytes, wire);
    bsync::SyncEngine::Options eo;
    eo.deviceId = d.enrollment.credential.deviceId;
    eo.siteId = d.enrollment.siteId;
    eo.clientVersion = "0.1.0-bench";
    eo.pushBatch = opt.pushBatch;
    eo.pullLimit = opt.pullLimit;
    d.engine = std::make_unique<bsync::SyncEngine>(*d.store, *d.metered, d.engineClock, eo);
}

std::unique_ptr<Device> setUpDevice(const BenchServer& server, const std::string& code,
                                    const std::string& siteId, const std::string& userId,
                                    const fs::path& file, const Options& opt, bool countBytes,
                                    WireMeter* wire) {
    auto d = std::make_unique<Device>();
    d->siteId = siteId;
    d->http = std::make_unique<net::HttpsClient>(server.config());
    d->enrollment = must(bsync::enroll(*d->http, code, "bench " + siteId), "enroll at " + siteId);
    d->login = must(bsync::login(*d->http, d->enrollment.credential, userId, kDemoPassword),
                    "login " + userId);
    const auto& u = d->login.user;
    d->actor = Actor{u.userId,
                     u.name,
                     u.role,
                     u.siteId,
                     u.department,
                     u.grade,
                     d->enrollment.credential.deviceId};
    const std::string text = must(
        bsync::fetchReference(*d->http, d->enrollment.credential, d->login.token), "reference");
    const auto ref = must(bsync::decodeReference(text), "reference");
    store::EventStore::Options o;
    o.clock = &d->storeClock;
    o.kdf = store::crypto::KdfParams::fastForTests();
    removeDb(file);
    d->store = must(store::EventStore::open(file, o), "open " + file.string());
    must(d->store->createKeyring(userId, kDemoPassword), "createKeyring");
    must(d->store->putReference(ref.orgJson, ref.catalogJson, ref.calendarTsv, ref.version),
         "putReference");
    // As a client does right after enrollment: the new store holds every event of its new device
    // id, so its pulls may leave them out (SyncEngine, "Own events").
    must(bsync::SyncEngine::noteNewDevice(*d->store, d->enrollment.credential.deviceId),
         "noteNewDevice");
    connect(*d, server, opt, countBytes, wire);
    return d;
}

// Appends n generated cases, casesPerTx per transaction; returns the seconds the appends took.
double appendCases(Device& d, CaseGenerator& gen, std::int64_t n, std::size_t casesPerTx) {
    std::vector<Event> events;
    double seconds = 0;
    for (std::int64_t done = 0; done < n;) {
        const auto k = static_cast<std::size_t>(
            std::min<std::int64_t>(static_cast<std::int64_t>(casesPerTx), n - done));
        events.clear();
        for (std::size_t i = 0; i < k; ++i) {
            GeneratedCase c = gen.next();
            d.caseIds.push_back(c.facts.caseId);
            for (auto& e : c.events)
                events.push_back(std::move(e));
        }
        d.storeClock.t = gen.clock();
        const auto t0 = Steady::now();
        const int appended = must(d.store->appendAll(events), "appendAll");
        seconds += secondsSince(t0);
        if (static_cast<std::size_t>(appended) != events.size())
            die("appendAll stored fewer events than given");
        done += static_cast<std::int64_t>(k);
    }
    return seconds;
}

// A round, again while the server answers with a Retryable error (busy, 5xx, network), each time
// after the wait the engine set (the server's Retry-After for busy, else its backoff).
struct RoundResult {
    bsync::RoundReport report;
    int retries = 0;
    double seconds = 0;       // the whole (last) round, the bookkeeping taken out
    double pushSeconds = 0;   // from its start to its first pull request
    double pulledSeconds = 0; // from the first pull request to its end
    Steady::time_point pushDone;
    Steady::time_point done;
};

RoundResult runRound(Device& d, int maxRetries) {
    RoundResult r;
    bsync::RoundReport total;
    while (true) {
        d.metered->newRound();
        const auto t0 = Steady::now();
        r.report = d.engine->runRound();
        r.done = Steady::now();
        total.pushed += r.report.pushed;
        total.duplicates += r.report.duplicates;
        total.conflicts += r.report.conflicts;
        total.rejected += r.report.rejected;
        total.pulled += r.report.pulled;
        const double accounting = d.metered->accountingSeconds();
        r.seconds = std::chrono::duration<double>(r.done - t0).count() - accounting;
        const auto first = d.metered->firstPull().value_or(r.done);
        const double before = d.metered->accountingBeforeFirstPull();
        r.pushSeconds = std::chrono::duration<double>(first - t0).count() - before;
        r.pulledSeconds =
            std::chrono::duration<double>(r.done - first).count() - (accounting - before);
        r.pushDone = first;
        if (r.report.ok() || r.report.error->kind != ErrorKind::Retryable ||
            r.retries >= maxRetries)
            break;
        ++r.retries;
        const Instant now = d.engineClock.now();
        const Instant next = d.engine->nextAttemptAt().value_or(now);
        std::this_thread::sleep_for(std::chrono::milliseconds(std::max<Instant>(0, next - now)));
    }
    total.error = r.report.error;
    total.hello = r.report.hello;
    r.report = total;
    return r;
}

std::int64_t storedEvents(store::EventStore& s, bool withServerSeq) {
    auto st = must(s.db().prepare(withServerSeq
                                      ? "SELECT COUNT(*) FROM events WHERE server_seq IS NOT NULL"
                                      : "SELECT COUNT(*) FROM events"),
                   "count events");
    must(st->step(), "count events");
    const std::int64_t n = st->int64(0);
    st->reset();
    return n;
}

// The raw form of one pull against what MeteredTransport reckons for it: the check that its
// reconstruction of gzip bodies gives the bytes actually sent.
std::string checkBodies(const BenchServer& server, const Device& d, int limit) {
    net::HttpsClient client(server.config());
    bsync::PullRequest req;
    req.limit = limit;
    const std::string json = bsync::encode(req);
    auto headers = bsync::authHeaders(d.enrollment.credential, d.login.token);
    headers["Content-Type"] = "application/json";
    headers["Content-Encoding"] = "gzip";
    headers["Accept-Encoding"] = "gzip";
    const auto res = must(
        client.request("POST", "/api/v1/pull", headers, must(bsync::gzipCompress(json), "gzip")),
        "raw pull");
    if (res.status != 200 || res.header("content-encoding") != "gzip")
        return "raw pull: HTTP " + std::to_string(res.status);
    const auto text = must(bsync::gzipDecompress(res.body), "gunzip");
    const auto decoded = must(bsync::decodePullResponse(text), "decode pull");
    const std::string again = bsync::encode(decoded);
    const auto reckoned = must(bsync::gzipCompress(again), "gzip").size();
    return std::string(again == text && reckoned == res.body.size() ? "exact" : "**differs**") +
           " (a raw pull of " + std::to_string(decoded.events.size()) +
           " events: " + thousands(static_cast<std::int64_t>(res.body.size())) + " bytes sent, " +
           thousands(static_cast<std::int64_t>(reckoned)) + " reckoned)";
}

// --- poke connections in child processes ---------------------------------------------------------

struct PokeChild {
    pid_t pid = -1;
    int fromChild = -1; // its report
    int toChild = -1;   // closed: it ends
};

struct PokeCredential {
    bsync::DeviceCredential device;
    std::string token;
};

// In the child: opens n poke connections, reports "held failed fdsPerConnection firstError" on
// `out`, then waits until `in` closes and exits (the kernel closes the sockets).
[[noreturn]] void holdPokes(const net::HttpsClientConfig& config,
                            const std::vector<PokeCredential>& creds, int first, int n, int out,
                            int in) {
    std::vector<std::unique_ptr<net::PokeClient>> clients;
    clients.reserve(static_cast<std::size_t>(n));
    int failed = 0;
    std::string firstError;
    const std::size_t fds0 = openFds(::getpid());
    for (int i = 0; i < n; ++i) {
        const auto& c = creds[static_cast<std::size_t>(first + i) % creds.size()];
        auto client = std::make_unique<net::PokeClient>(config);
        const auto st = client->connect("/api/v1/poke", bsync::authHeaders(c.device, c.token));
        if (!st) {
            if (failed++ == 0)
                firstError = describe(st.error());
            if (st.error().message.find("Too many open files") != std::string::npos)
                break;
            continue;
        }
        clients.push_back(std::move(client));
    }
    const std::size_t fds = openFds(::getpid()) - fds0;
    const double perConnection =
        clients.empty() ? 0.0 : static_cast<double>(fds) / static_cast<double>(clients.size());
    std::replace(firstError.begin(), firstError.end(), '\n', ' ');
    const std::string report = std::to_string(clients.size()) + " " + std::to_string(failed) + " " +
                               fixed(perConnection, 1) + " " + firstError + "\n";
    if (::write(out, report.data(), report.size()) < 0)
        ::_exit(3);
    char buf = 0;
    while (true) {
        const ssize_t r = ::read(in, &buf, 1);
        if (r == 0 || (r < 0 && errno != EINTR))
            break;
    }
    ::_exit(0);
}

// `earlier`: the children forked before, whose pipe ends the new child must not keep (or the
// earlier ones would not see their pipe close).
PokeChild forkPokeChild(const net::HttpsClientConfig& config,
                        const std::vector<PokeCredential>& creds, int first, int n,
                        const std::vector<PokeChild>& earlier) {
    int up[2] = {-1, -1};
    int down[2] = {-1, -1};
    if (::pipe(up) != 0 || ::pipe(down) != 0)
        die(std::string("pipe: ") + std::strerror(errno));
    std::cout.flush();
    std::cerr.flush();
    const pid_t pid = ::fork();
    if (pid < 0)
        die(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::close(up[0]);
        ::close(down[1]);
        for (const PokeChild& k : earlier) {
            ::close(k.fromChild);
            ::close(k.toChild);
        }
        holdPokes(config, creds, first, n, up[1], down[0]);
    }
    ::close(up[1]);
    ::close(down[0]);
    return {pid, up[0], down[1]};
}

std::string readLine(int fd) {
    std::string line;
    char c = 0;
    while (true) {
        const ssize_t r = ::read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || c == '\n')
            return line;
        line += c;
    }
}

// GET /healthz `n` times: on new connections (a TLS handshake each) or on one kept alive.
std::vector<double> healthz(const BenchServer& server, int n, bool newConnections) {
    std::vector<double> ms;
    std::unique_ptr<net::HttpsClient> client;
    for (int i = 0; i < n; ++i) {
        if (!client || newConnections)
            client = std::make_unique<net::HttpsClient>(server.config());
        const auto t0 = Steady::now();
        const auto r = must(client->request("GET", "/healthz", {}, ""), "GET /healthz");
        ms.push_back(msSince(t0));
        if (r.status != 200)
            die("/healthz answered " + std::to_string(r.status));
    }
    return ms;
}

// A value of the server's /metrics, or -1.
double metric(const BenchServer& server, const std::string& series) {
    net::HttpsClient client(server.config());
    const auto r = must(client.request("GET", "/metrics", {}, ""), "GET /metrics");
    std::istringstream in(r.body);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(series + " ", 0) == 0)
            return std::stod(line.substr(series.size() + 1));
    return -1;
}

// --- the report ----------------------------------------------------------------------------------

struct Row {
    std::string part, measure, result, goal, met;
};

std::string yesNo(bool ok) {
    return ok ? "yes" : "**no**";
}

std::string kib(std::int64_t k) {
    return k < 0 ? std::string("?") : fixed(static_cast<double>(k) / 1024.0, 1) + " MiB";
}

std::string perCase(std::uint64_t bytes, std::int64_t cases) {
    return thousands(static_cast<std::int64_t>(
        std::llround(static_cast<double>(bytes) / static_cast<double>(cases))));
}

} // namespace

int main(int argc, char** argv) {
    const Options opt = parse(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);

    // Descriptors: every poke connection is one in the server, which inherits this limit.
    const auto [softBefore, softNow] = raiseOpenFileLimit();

    fs::path dir = opt.dir;
    const bool ownDir = dir.empty();
    if (ownDir) {
        std::random_device rd;
        dir = fs::temp_directory_path() / ("bianmin-sync-bench-" + std::to_string(rd()));
    }
    fs::create_directories(dir);

    const auto refData = must(bianmin::refdata::loadReferenceData(
                                  bianmin::refdata::ReferencePaths::inDirectory(opt.resources)),
                              "reference data in " + opt.resources.string());
    const auto& ref = *refData;

    const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    const std::string machine = "nproc " + std::to_string(cpus) + " · " + cpuModel() + " · " +
                                memTotal() + " · SQLite " + sqlite3_libversion() + " · g++ " +
                                __VERSION__ + " · " + fsType(dir) + " at " + dir.string();
    const std::string loadAtStart = loadAverage();
    const std::time_t started = std::time(nullptr);
    char date[64];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&started));
    std::cerr << "sync_bench: " << machine << " · load " << loadAtStart << "\n";

    std::vector<Row> rows;
    bool allKept = true;
    const std::int64_t n = opt.cases;
    const double nd = static_cast<double>(n);

    // Removes the folder after the server below has stopped.
    struct Cleanup {
        fs::path dir;
        bool remove = false;
        ~Cleanup() {
            std::error_code ec;
            if (remove)
                fs::remove_all(dir, ec);
        }
    } cleanup{dir, !opt.keep && ownDir};
    std::cerr << "starting bianmin-syncd\n";
    BenchServer server(
        ServerSetup{BIANMIN_SYNCD, opt.resources, BIANMIN_SYNCD_CACHE_DIR, dir, opt.syncdArgs});
    std::cerr << "  port " << server.port() << ", pid " << server.pid() << "\n";
    ServerDb serverDb(server.db());
    const std::int64_t rssIdle = procStatusKiB(server.pid(), "VmRSS");

    // The query password hashes (16 × 20 000 PBKDF2 rounds), made once for every generator.
    const CaseGenerator city(ref, kSeed);
    const auto& hashes = city.queryHashes();
    auto generatorFor = [&](const Device& d, std::uint64_t seed) {
        CaseGenerator::Options o;
        o.onlySite = d.siteId;
        o.actor = d.actor;
        o.queryHashes = hashes;
        return CaseGenerator(ref, seed, o);
    };

    // --- part 2, set up: one device -------------------------------------------------------------
    WireMeter wire(server.port());
    std::cerr << "part 2: one device at " << opt.site << "\n";
    const std::string user = userOf(ref, opt.site);
    auto pusher = setUpDevice(server, server.code(opt.site), opt.site, user, dir / "pusher.db", opt,
                              true, &wire);

    // --- part 1: the baseline, on the same cases ------------------------------------------------
    std::cerr << "part 1: raw SQLite baseline, " << thousands(n) << " cases\n";
    Cost base1, base100;
    {
        auto g1 = generatorFor(*pusher, kSeed);
        base1 = baselineAppend(dir / "baseline.db", g1, n, 1, false, "baseline, 1 case/tx");
        auto g100 = generatorFor(*pusher, kSeed);
        base100 =
            baselineAppend(dir / "baseline.db", g100, n, 100, false, "baseline, 100 cases/tx");
    }
    const double baseRate1 = nd / base1.wall;
    const double baseRate100 = nd / base100.wall;
    rows.push_back({"1 baseline", "raw SQLite ingest, 1 case (5 events) per transaction",
                    perSecond(nd, base1.wall) + " cases/s", "", ""});
    rows.push_back({"1 baseline", "raw SQLite ingest, 100 cases per transaction",
                    perSecond(nd, base100.wall) + " cases/s", "", ""});

    // --- part 2: append, push, pull --------------------------------------------------------------
    std::cerr << "part 2: append " << thousands(n) << " cases × 5 events\n";
    double appendS = 0;
    {
        auto gen = generatorFor(*pusher, kSeed);
        appendS = appendCases(*pusher, gen, n, 1);
    }
    std::cerr << "  " << perSecond(nd, appendS) << " cases/s\n";
    const std::int64_t seqBefore2 = serverDb.maxSeq();
    std::cerr << "part 2: push\n";
    connect(*pusher, server, opt, true, &wire);
    wire.sample();
    const TcpBytes wirePush0 = wire.total();
    const CpuMark cpuPush0 = cpuNow(server.pid());
    CpuMark cpuPush1;
    pusher->metered->setFirstPullHook([&] { cpuPush1 = cpuNow(server.pid()); });
    const RoundResult push = runRound(*pusher, 0);
    if (!push.report.ok())
        die("the pushing round failed: " + describe(*push.report.error) + "\n" + server.log());
    const TcpBytes wirePush1 = pusher->metered->wireAtFirstPull();
    const std::int64_t pusherOutbox = must(pusher->store->outboxSize(), "outboxSize");
    std::cerr << "  push " << fixed(push.pushSeconds, 1) << " s, then its own pull of "
              << thousands(push.report.pulled) << " events " << fixed(push.pulledSeconds, 1)
              << " s\n";

    std::cerr << "part 2: a fresh device pulls\n";
    auto puller = setUpDevice(server, server.code(opt.site), opt.site, user, dir / "puller.db", opt,
                              true, &wire);
    wire.sample();
    const TcpBytes wirePull0 = wire.total();
    const CpuMark cpuPull0 = cpuNow(server.pid());
    const RoundResult pull = runRound(*puller, 0);
    const CpuMark cpuPull1 = cpuNow(server.pid());
    if (!pull.report.ok())
        die("the pulling round failed: " + describe(*pull.report.error));
    wire.sample();
    const TcpBytes wirePull1 = wire.total();
    const std::int64_t pulledCases = must(puller->store->caseCount(), "caseCount");
    const std::int64_t pulledEvents = storedEvents(*puller->store, false);
    const std::int64_t pulledWithSeq = storedEvents(*puller->store, true);
    std::cerr << "  pull " << fixed(pull.seconds, 1) << " s\n";
    const HoldCheck held2 = checkServer(serverDb, seqBefore2, pusher->caseIds);
    const std::string bodiesCheck = checkBodies(server, *puller, opt.pullLimit);

    const std::int64_t pushedEvents = n * static_cast<std::int64_t>(kEventsPerCase);
    const std::int64_t serverEvents = n * static_cast<std::int64_t>(kEventsPerCase + 1);
    const bool part2Ok = push.report.pushed == pushedEvents && push.report.rejected == 0 &&
                         push.report.conflicts == 0 && push.report.duplicates == 0 &&
                         pusherOutbox == 0 && pulledCases == n && pulledEvents == serverEvents &&
                         pulledWithSeq == serverEvents && held2.ok();
    allKept = allKept && part2Ok;
    const double e2e = push.pushSeconds + pull.seconds;
    const std::string p2 = "2 one device, " + thousands(n) + " cases";
    rows.push_back({p2, "append to the device's EventStore, 1 case per transaction (local work)",
                    perSecond(nd, appendS) + " cases/s (" + fixed(appendS, 1) + " s)",
                    "(not part of the end-to-end figure)", ""});
    rows.push_back({p2,
                    "push: " + thousands(pushedEvents) + " events in " +
                        thousands(pusher->metered->pushTraffic().requests) + " requests of " +
                        std::to_string(opt.pushBatch),
                    perSecond(nd, push.pushSeconds) + " cases/s (" + fixed(push.pushSeconds, 1) +
                        " s; " + perSecond(static_cast<double>(pushedEvents), push.pushSeconds) +
                        " events/s)",
                    "", ""});
    rows.push_back({p2,
                    "the same round pulls the server's bind_number events (its own events left "
                    "out: skipOwn): " +
                        thousands(push.report.pulled) + " events",
                    fixed(push.pulledSeconds, 1) + " s", "(not part of the end-to-end figure)",
                    ""});
    rows.push_back({p2,
                    "pull by a fresh device of the site: " + thousands(pulledEvents) +
                        " events (5 per case + bind_number) in requests of " +
                        std::to_string(opt.pullLimit),
                    perSecond(nd, pull.seconds) + " cases/s (" + fixed(pull.seconds, 1) + " s; " +
                        perSecond(static_cast<double>(pulledEvents), pull.seconds) + " events/s)",
                    "", ""});
    // Where the time went: waiting on a request (network, TLS, the server's work, decoding), or
    // in the device's own store; and the CPU time of the server and of this process (both
    // devices run here; the bookkeeping of MeteredTransport taken out).
    auto split = [&](const std::string& what, double phaseS, double callS, const CpuMark& c0,
                     const CpuMark& c1, double accountingS) {
        const double serverCpu = c1.server - c0.server;
        const double benchCpu = std::max(0.0, c1.bench - c0.bench - accountingS);
        rows.push_back({p2, what,
                        fixed(callS, 1) + " s waiting on requests, " +
                            fixed(std::max(0.0, phaseS - callS), 1) +
                            " s in the device's store; CPU: server " + fixed(serverCpu, 1) +
                            " s (" + fixed(serverCpu * 1000.0 / nd, 2) + " ms per case), device " +
                            fixed(benchCpu, 1) + " s (" + fixed(benchCpu * 1000.0 / nd, 2) +
                            " ms per case)",
                        "", ""});
    };
    split("where the push time went (reading the outbox and acknowledging are the store's)",
          push.pushSeconds, pusher->metered->pushCallSeconds(), cpuPush0, cpuPush1,
          pusher->metered->accountingBeforeFirstPull());
    split("where the pull time went (applying each batch with its cursor is the store's)",
          pull.seconds, puller->metered->pullCallSeconds(), cpuPull0, cpuPull1,
          puller->metered->accountingSeconds());
    rows.push_back({p2, "**end to end: push + pull, TLS included**",
                    perSecond(nd, e2e) + " cases/s (" + fixed(e2e, 1) + " s)", "", ""});
    rows.push_back({p2, "**ratio end to end / baseline at 100 cases per transaction**",
                    fixed(nd / e2e / baseRate100, 2) + "×", "≥ 0.5×",
                    yesNo(nd / e2e / baseRate100 >= 0.5)});
    rows.push_back({p2, "ratio end to end / baseline at 1 case per transaction",
                    fixed(nd / e2e / baseRate1, 2) + "×", "(for comparison)", ""});
    rows.push_back({p2, "every event accepted; the server and the fresh device hold every case",
                    "accepted " + thousands(push.report.pushed) + ", duplicate " +
                        thousands(push.report.duplicates) + ", conflict " +
                        thousands(push.report.conflicts) + ", rejected " +
                        thousands(push.report.rejected) + "; outbox left " +
                        thousands(pusherOutbox) + "; server: " + held2.str() + "; fresh device: " +
                        thousands(pulledCases) + " cases, " + thousands(pulledEvents) + " events",
                    "none lost or duplicated", yesNo(part2Ok)});

    // --- part 4: bytes per case (of part 2) ------------------------------------------------------
    const Traffic& up = pusher->metered->pushTraffic();
    const Traffic& down = puller->metered->pullTraffic();
    const std::string p4 = "4 bytes per case (part 2)";
    auto bytesRow = [&](const std::string& what, const Traffic& t, const TcpBytes& tls) {
        rows.push_back(
            {p4, what,
             "bodies as sent (gzip): " + perCase(t.bodyUp, n) + " up + " + perCase(t.bodyDown, n) +
                 " down = **" + perCase(t.bodyUp + t.bodyDown, n) +
                 "**; JSON uncompressed: " + perCase(t.jsonUp, n) + " + " + perCase(t.jsonDown, n) +
                 " = " + perCase(t.jsonUp + t.jsonDown, n) +
                 "; on the TCP connection (TLS, HTTP headers): " + perCase(tls.sent, n) + " + " +
                 perCase(tls.received, n) + " = " + perCase(tls.sent + tls.received, n),
             "", ""});
    };
    bytesRow("push (" + thousands(up.requests) + " requests)", up,
             {wirePush1.sent - wirePush0.sent, wirePush1.received - wirePush0.received});
    bytesRow("pull by the fresh device (" + thousands(down.requests) + " requests)", down,
             {wirePull1.sent - wirePull0.sent, wirePull1.received - wirePull0.received});
    rows.push_back({p4, "gzip bodies reckoned by re-encoding and compressing each message",
                    bodiesCheck, "", ""});
    pusher->close();
    puller->close();

    // --- part 3: many devices at once ------------------------------------------------------------
    std::vector<std::unique_ptr<Device>> devices;
    std::vector<PokeCredential> creds;
    if (opt.devices > 0) {
        const std::int64_t p = opt.perDevice;
        std::vector<std::string> sites;
        for (const auto& s : city.siteIds())
            if (s != opt.site)
                sites.push_back(s);
        const std::size_t nd3 = static_cast<std::size_t>(opt.devices);
        std::cerr << "part 3: " << nd3 << " devices over " << std::min(nd3, sites.size())
                  << " sites; enrollment codes\n";
        std::vector<std::string> codes;
        for (std::size_t i = 0; i < nd3; ++i)
            codes.push_back(server.code(sites[i % sites.size()]));
        std::cerr << "part 3: set up and append " << thousands(p) << " cases on each\n";
        devices.resize(nd3);
        const auto setup0 = Steady::now();
        {
            std::atomic<std::size_t> next{0};
            std::vector<std::thread> workers;
            workers.reserve(static_cast<std::size_t>(opt.setupThreads));
            for (int w = 0; w < opt.setupThreads; ++w)
                workers.emplace_back([&] {
                    for (std::size_t i = next++; i < nd3; i = next++) {
                        const std::string& site = sites[i % sites.size()];
                        auto d = setUpDevice(server, codes[i], site, userOf(ref, site),
                                             dir / ("device-" + std::to_string(i) + ".db"), opt,
                                             false, nullptr);
                        auto gen = generatorFor(*d, kSeed + 1 + i);
                        appendCases(*d, gen, p, 100);
                        devices[i] = std::move(d);
                    }
                });
            for (auto& t : workers)
                t.join();
        }
        std::cerr << "  set up in " << fixed(secondsSince(setup0), 0) << " s\n";
        for (auto& d : devices)
            connect(*d, server, opt, false, nullptr);
        const std::int64_t seqBefore3 = serverDb.maxSeq();
        const auto tcp0 = tcpConnectionsTo(server.port());

        std::cerr << "part 3: " << nd3 << " rounds at once\n";
        std::vector<RoundResult> results(nd3);
        std::latch ready(static_cast<std::ptrdiff_t>(nd3) + 1);
        std::latch go(1);
        std::vector<std::thread> threads;
        threads.reserve(nd3);
        for (std::size_t i = 0; i < nd3; ++i)
            threads.emplace_back([&, i] {
                ready.count_down();
                go.wait();
                results[i] = runRound(*devices[i], 1000);
            });
        // The CPU time of the server and of this process (the 200 devices), every 100 ms.
        std::vector<std::pair<Steady::time_point, CpuMark>> cpuSamples;
        std::atomic<bool> sampling{true};
        ready.arrive_and_wait();
        const auto t0 = Steady::now();
        const CpuMark cpu0 = cpuNow(server.pid());
        go.count_down();
        std::thread sampler([&] {
            while (sampling) {
                std::this_thread::sleep_for(100ms);
                cpuSamples.emplace_back(Steady::now(), cpuNow(server.pid()));
            }
        });
        for (auto& t : threads)
            t.join();
        const CpuMark cpuEnd = cpuNow(server.pid());
        sampling = false;
        sampler.join();
        const auto tcp1 = tcpConnectionsTo(server.port());

        Steady::time_point lastPush = t0, lastRound = t0;
        std::int64_t accepted = 0, refused = 0, duplicates = 0, outboxLeft = 0;
        int retries = 0, failed = 0, busy = 0;
        std::vector<double> latencies;
        std::vector<std::string> ids;
        std::string firstError;
        for (std::size_t i = 0; i < nd3; ++i) {
            const RoundResult& r = results[i];
            Device& d = *devices[i];
            lastPush = std::max(lastPush, r.pushDone);
            lastRound = std::max(lastRound, r.done);
            accepted += r.report.pushed;
            refused += r.report.rejected + r.report.conflicts;
            duplicates += r.report.duplicates;
            retries += r.retries;
            busy += d.metered->busyAnswers();
            if (!r.report.ok()) {
                ++failed;
                if (firstError.empty())
                    firstError = describe(*r.report.error);
            }
            outboxLeft += must(d.store->outboxSize(), "outboxSize");
            latencies.insert(latencies.end(), d.metered->pushMs().begin(),
                             d.metered->pushMs().end());
            ids.insert(ids.end(), d.caseIds.begin(), d.caseIds.end());
        }
        TcpBytes tls3;
        for (const auto& [port, b] : tcp1) {
            const auto before = tcp0.find(port);
            const TcpBytes b0 = before == tcp0.end() ? TcpBytes{} : before->second;
            tls3.sent += b.sent - b0.sent;
            tls3.received += b.received - b0.received;
        }
        const HoldCheck held3 = checkServer(serverDb, seqBefore3, ids);
        const std::int64_t total = static_cast<std::int64_t>(nd3) * p;
        const std::int64_t totalEvents = total * static_cast<std::int64_t>(kEventsPerCase);
        const bool part3Ok = failed == 0 && accepted == totalEvents && refused == 0 &&
                             duplicates == 0 && outboxLeft == 0 && held3.ok();
        allKept = allKept && part3Ok;
        const double pushS = std::chrono::duration<double>(lastPush - t0).count();
        CpuMark cpuPush = cpuEnd;
        for (const auto& [when, mark] : cpuSamples)
            if (when <= lastPush + 50ms)
                cpuPush = mark;
        const double roundS = std::chrono::duration<double>(lastRound - t0).count();
        const std::string p3 = "3 " + std::to_string(nd3) + " devices × " + thousands(p) + " cases";
        rows.push_back({p3,
                        "all push at once (one thread and one HTTPS connection each): from the "
                        "start until the last device's last push was answered",
                        "**" + perSecond(static_cast<double>(total), pushS) + " cases/s** (" +
                            thousands(total) + " cases, " + thousands(totalEvents) + " events in " +
                            fixed(pushS, 1) + " s)",
                        "", ""});
        rows.push_back({p3,
                        "push request latency (" +
                            thousands(static_cast<std::int64_t>(latencies.size())) +
                            " requests of up to " + std::to_string(opt.pushBatch) +
                            " events taken by the server; refusals not counted)",
                        "p50 " + fixed(percentile(latencies, 0.5), 0) + " ms · p95 " +
                            fixed(percentile(latencies, 0.95), 0) + " ms · max " +
                            fixed(percentile(latencies, 1.0), 0) + " ms",
                        "", ""});
        const double serverCpu = cpuPush.server - cpu0.server;
        const double devicesCpu = cpuPush.bench - cpu0.bench;
        rows.push_back({p3,
                        "CPU time while they pushed (this machine runs the server and the " +
                            std::to_string(nd3) + " devices)",
                        "server " + fixed(serverCpu, 1) + " s (" +
                            fixed(serverCpu * 1000.0 / static_cast<double>(total), 2) +
                            " ms per case, " + fixed(serverCpu / pushS, 2) +
                            " cores busy); devices " + fixed(devicesCpu, 1) + " s (" +
                            fixed(devicesCpu / pushS, 2) + " cores)",
                        "", ""});
        rows.push_back({p3,
                        "whole rounds (hello, push, then each pulls the server's bind_numbers, "
                        "its own events left out)",
                        fixed(roundS, 1) + " s until the last round ended; " +
                            std::to_string(busy) + " pushes answered 429 busy; " +
                            std::to_string(retries) +
                            " rounds retried after a retryable error (at the engine's wait: "
                            "Retry-After)",
                        "", ""});
        rows.push_back({p3, "on the TCP connections during the rounds (TLS, HTTP headers)",
                        perCase(tls3.sent, total) + " up + " + perCase(tls3.received, total) +
                            " down bytes per case (the bind_numbers pulled included)",
                        "", ""});
        rows.push_back(
            {p3, "all acknowledged; the server holds exactly the cases pushed",
             "accepted " + thousands(accepted) + " of " + thousands(totalEvents) + ", refused " +
                 thousands(refused) + ", duplicate " + thousands(duplicates) + ", outboxes left " +
                 thousands(outboxLeft) + ", failed rounds " + std::to_string(failed) +
                 (firstError.empty() ? "" : " (" + firstError + ")") + "; server: " + held3.str(),
             "all acknowledged, none lost", yesNo(part3Ok)});
        for (auto& d : devices) {
            creds.push_back({d->enrollment.credential, d->login.token});
            d->close();
        }
    }
    const double acceptedTotal =
        metric(server, "bianmin_events_pushed_total{outcome=\"accepted\"}");
    const std::int64_t expectAccepted =
        (n + static_cast<std::int64_t>(opt.devices) * (opt.devices > 0 ? opt.perDevice : 0)) *
        static_cast<std::int64_t>(kEventsPerCase);
    const bool metricOk = std::llround(acceptedTotal) == expectAccepted;
    allKept = allKept && metricOk;
    rows.push_back({"2+3",
                    "the server's /metrics: bianmin_events_pushed_total{outcome=\"accepted\"}",
                    fixed(acceptedTotal, 0) + " (expected " + thousands(expectAccepted) + ")", "",
                    yesNo(metricOk)});
    const std::int64_t rssBusy = procStatusKiB(server.pid(), "VmRSS");
    const std::int64_t hwmBusy = procStatusKiB(server.pid(), "VmHWM");

    // --- part 5: idle poke connections -----------------------------------------------------------
    if (opt.pokes > 0) {
        if (creds.empty()) {
            auto d = setUpDevice(server, server.code(opt.site), opt.site, user, dir / "poker.db",
                                 opt, false, nullptr);
            creds.push_back({d->enrollment.credential, d->login.token});
        }
        const std::size_t serverFds0 = openFds(server.pid());
        const std::int64_t rss0 = procStatusKiB(server.pid(), "VmRSS");
        const int children = (opt.pokes + opt.pokesPerProcess - 1) / opt.pokesPerProcess;
        std::cerr << "part 5: " << thousands(opt.pokes) << " poke connections from " << children
                  << " processes\n";
        const auto t0 = Steady::now();
        std::vector<PokeChild> kids;
        for (int c = 0; c < children; ++c) {
            const int first = c * opt.pokesPerProcess;
            kids.push_back(forkPokeChild(server.config(), creds, first,
                                         std::min(opt.pokesPerProcess, opt.pokes - first), kids));
        }
        int held = 0, failed = 0;
        std::string perConnFds, firstError;
        for (auto& k : kids) {
            std::istringstream in(readLine(k.fromChild));
            int h = 0, f = 0;
            std::string fds, why;
            in >> h >> f >> fds;
            std::getline(in, why);
            held += h;
            failed += f;
            perConnFds = fds;
            if (firstError.empty() && f > 0)
                firstError = why;
        }
        const double connectS = secondsSince(t0);
        std::this_thread::sleep_for(2s); // let the server settle
        const std::int64_t rss1 = procStatusKiB(server.pid(), "VmRSS");
        const std::size_t serverFds1 = openFds(server.pid());
        const double gauge = metric(server, "bianmin_poke_connections");
        const auto fresh = healthz(server, 20, true);
        const auto kept = healthz(server, 50, false);
        for (auto& k : kids)
            ::close(k.toChild);
        for (auto& k : kids) {
            int status = 0;
            ::waitpid(k.pid, &status, 0);
            ::close(k.fromChild);
        }
        std::this_thread::sleep_for(2s);
        const std::int64_t rss2 = procStatusKiB(server.pid(), "VmRSS");
        const double gaugeAfter = metric(server, "bianmin_poke_connections");

        const std::string p5 = "5 " + thousands(opt.pokes) + " idle poke WebSockets";
        rows.push_back(
            {p5,
             "held open at once (" + std::to_string(children) + " child processes of up to " +
                 thousands(opt.pokesPerProcess) + ", " + perConnFds +
                 " descriptors per PokeClient; " + std::to_string(creds.size()) +
                 " devices' credentials)",
             thousands(held) + " held, " + thousands(failed) + " failed" +
                 (firstError.empty() ? "" : " (" + firstError + ")") + "; connected in " +
                 fixed(connectS, 1) + " s; server gauge bianmin_poke_connections " +
                 fixed(gauge, 0) + "; server descriptors " + std::to_string(serverFds0) + " → " +
                 std::to_string(serverFds1),
             thousands(opt.pokes), yesNo(held == opt.pokes && std::llround(gauge) == held)});
        const double perConn =
            held > 0 ? static_cast<double>(rss1 - rss0) / static_cast<double>(held) : 0.0;
        rows.push_back(
            {p5, "server resident memory (VmRSS): before → with them → after they closed",
             kib(rss0) + " → **" + kib(rss1) + "** → " + kib(rss2) + " (gauge " +
                 fixed(gaugeAfter, 0) + "); **" + fixed(perConn, 1) + " KiB per connection**",
             "", ""});
        rows.push_back({p5, "GET /healthz while they are open",
                        "new TLS connection each: p50 " + fixed(percentile(fresh, 0.5), 1) +
                            " ms, max " + fixed(percentile(fresh, 1.0), 1) +
                            " ms; kept alive: p50 " + fixed(percentile(kept, 0.5), 2) +
                            " ms, max " + fixed(percentile(kept, 1.0), 2) + " ms",
                        "answers quickly",
                        yesNo(percentile(fresh, 1.0) < 500 && percentile(kept, 1.0) < 100)});
    }

    // --- report ----------------------------------------------------------------------------------
    std::cout << "Machine: " << machine << "\n\nDate: " << date
              << "\n\nLoad average (1, 5, 15 min) at the start: " << loadAtStart
              << "; at the end: " << loadAverage()
              << "\n\nbianmin-syncd: `serve` with its defaults (2 I/O threads, 2 workers), "
                 "embedded SQLite (WAL), TLS with the development CA, on 127.0.0.1; resident "
                 "memory "
              << kib(rssIdle) << " at the start, " << kib(rssBusy) << " after parts 2–3 (peak "
              << kib(hwmBusy) << ").\n\nOpen-file limit (RLIMIT_NOFILE): soft " << softBefore
              << " raised to the hard limit " << softNow
              << " for this process and the server it starts.\n\n";
    std::cout << "| part | measure | result | goal | met |\n|---|---|---|---|---|\n";
    for (const auto& r : rows)
        std::cout << "| " << r.part << " | " << r.measure << " | " << r.result << " | " << r.goal
                  << " | " << r.met << " |\n";
    std::cout.flush();

    if (opt.keep) {
        std::cerr << "sync_bench: kept " << dir.string() << "\n";
    }
    if (!allKept)
        std::cerr << "sync_bench: cases were lost or duplicated, or events refused\n";
    return allKept ? 0 : 1;
}
