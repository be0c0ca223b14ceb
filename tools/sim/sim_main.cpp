// bianmin-sim: the demo city at work, against a real bianmin-syncd on loopback.
//
//   bianmin-sim --server 127.0.0.1:PORT --ca CA.pem --data DIR [--days N] [--start YYYY-MM-DD]
//               [--halls K] [--rooms-per-hall M] [--scale F] [--seed S] [--password P]
//               [--report FILE] [--quiet] [--until-today] [--workers N]
//
// The server must run with `serve --test-clock`: the simulator moves the server's clock through
// the simulated days (sessions, due dates and lights follow it). Every chosen township hall and
// village room gets one device — the client's real EventStore, SyncEngine and HTTPS transport,
// enrolled with a code made through the console as the demo admin — and the center's
// departments work through the console's API as their demo users.
//
// Each working day:
//   morning  every site that is online signs in and syncs; rooms go offline now and then for
//            one to five days (a hall rarely, for a day) and work on while offline;
//   the day  halls receive 50–150 applications, rooms 2–10 (times --scale), for items offered at
//            their level: some lack a paper (一次性告知, supplied the next working day), a few
//            are refused (不予受理); accepted cases are finished on the spot or within days
//            where they may be, else forwarded up (转报); halls take in and finish what their
//            rooms forwarded and reply; results that came back are delivered (送达) and most
//            applicants rate them (好差评; now and then a poor rating, rectified);
//   14:00    each department at the center works its inbox one step per case per day (收件,
//            承办, 审核, 批准, 办结, 反馈); some cases wait, so some run late;
//   evening  online sites sync again.
// --live SECONDS then goes on with a slow trickle on the real clock (an applicant now and then,
// cases moving on, syncs) until stopped; --resume --live SECONDS starts such a trickle with the
// devices an earlier run left in --data, against a server without a test clock (./dev run).
// --resume --days N goes on with the history an earlier run left in --data (its devices, and
// sim-state.json: where it stopped, how many cases it received, its halls, rooms, --scale and
// --seed) for N more working days, from the day after its last one: a long history in legs (a
// simulated year), each leg ending with the check below, over every leg so far. Other halls or
// rooms than the history's are refused; --scale and --seed may change.
// Sites work in parallel, --workers of them at a time (default 2): each has its own random
// numbers and its own clock, so a site's day does not depend on the others' (what reaches it
// through the server depends on the order of the syncs, as in a real city). --workers 1 works
// the sites one after the other.
// With --until-today the days run from --start to yesterday and the server's clock goes back to
// the real time at the end (./dev run's recent history). After the last day every device comes
// online and syncs until quiet, then the convergence
// check: each device's store holds exactly the events the server lets it read (none missing,
// none extra, none twice), nothing is left to push or was rejected, and every case a device
// holds folds into a legal state; the center's statistics count exactly the cases the simulator
// received. Exit 0 when all of that holds, 1 otherwise (2: wrong command line).
#include "common/domain/case_number.h"
#include "common/domain/ids.h"
#include "common/store/sqlite.h"
#include "tools/sim/cli.h"
#include "tools/sim/console_client.h"
#include "tools/sim/sim_device.h"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

namespace {

using namespace bianmin;
using namespace bianmin::domain;
namespace json = boost::json;
namespace fs = std::filesystem;

struct Options {
    std::string server;
    std::string ca;
    fs::path data;
    int days = 5;
    Date start = Date::fromCivil(2026, 3, 2);
    int halls = 14;
    std::vector<std::string> hallIds; // --hall: these halls (and their rooms) instead
    int roomsPerHall = 1000;
    double scale = 1.0;
    std::uint64_t seed = 1;
    std::string password = "bianmin-demo";
    std::string report;
    bool quiet = false;
    // The days from --start up to yesterday, ending with the server's clock back at the real
    // time (./dev run: a recent history, then the city goes on live).
    bool untilToday = false;
    // Go on with the devices already in --data: with --live, on the real clock (no test clock
    // needed); else the history goes on from the day after the last one simulated there (a long
    // history in legs, each with its check; sim-state.json in --data says where it stopped).
    bool resume = false;
    bool startGiven = false;
    // Given on the command line (else a resumed history keeps the city it was simulated with).
    bool hallsGiven = false, roomsGiven = false, scaleGiven = false, seedGiven = false;
    // After the history (or at once with --resume): a slow live trickle on the real clock, one
    // round every this many seconds, until the process is stopped. 0: none.
    int liveSeconds = 0;
    int workers = 2;
    // Tests: end the process at once (no check, nothing cleaned up, exit status 3) when this run
    // has received that many cases, as a machine that goes down in the middle of a day. 0: never.
    int dieAfter = 0;
};

[[noreturn]] void usage(const std::string& message) {
    std::cerr << "bianmin-sim: " << message
              << "\nusage: bianmin-sim --server HOST:PORT --ca CA.pem --data DIR [--days N] "
                 "[--start YYYY-MM-DD] [--halls K] [--rooms-per-hall M] [--scale F] [--seed S] "
                 "[--hall ID]... [--password P] [--report FILE] [--quiet] [--until-today] "
                 "[--live SECONDS] [--resume] [--workers N] [--die-after CASES]\n";
    std::exit(2);
}

// Concatenation without the temporaries of a + b + c.
template <typename... Parts>
std::string cat(const Parts&... parts) {
    std::string out;
    (out += ... += parts);
    return out;
}

using sim::die;
using sim::must;

// Local (UTC+8) wall-clock time of a day.
Instant at(Date d, int hour, int minute = 0) {
    return (Instant{d.days()} * 1440 + Instant{hour} * 60 + minute - 480) * 60'000;
}

struct Site {
    const domain::Site* site = nullptr;
    // The site's own random numbers and time (its devices act on it), so that sites can work in
    // parallel.
    std::mt19937_64 rng;
    sim::SettableClock clock;
    std::unique_ptr<sim::Device> device; // the clerk's (hall) or the agent's (room)
    // A hall's director and deputy director: they review and approve (two people, as the
    // separation of duties asks), each on their own computer.
    std::vector<std::unique_ptr<sim::Device>> leaders;
    std::vector<sim::Device*> devices() const {
        std::vector<sim::Device*> out{device.get()};
        for (const auto& d : leaders)
            out.push_back(d.get());
        return out;
    }
    std::vector<const Item*> items; // offered at its level, active
    int offlineDays = 0;            // > 0: offline for that many more working days
    std::vector<std::string> cases; // cases it received, or holds (forwarded to it)
    // Cases forwarded to it by another site (maybe from another thread); taken into `cases` when
    // the site next works.
    std::mutex inboxMutex;
    std::vector<std::string> inbox;
};

struct Counters {
    using N = std::atomic<long>; // sites count from several threads
    N received = 0;
    N refused = 0;
    N notices = 0;
    N forwarded = 0;
    N completedLocal = 0;
    N centerActions = 0;
    N delivered = 0;
    N rated = 0;
    N poor = 0;
    N refusedActions = 0; // an action the fold refused (should stay 0)
    N syncRounds = 0;
    N syncErrors = 0;
    N offlineSiteDays = 0;
};

class City {
public:
    explicit City(Options o)
        : m_o(std::move(o))
        , m_rng(seed(0)) {}

    void setUp();
    std::string freshDevice(const fs::path& storeFile, const std::string& siteId);
    // The slow live trickle on the real clock (./dev run), until the process is stopped.
    [[noreturn]] void runLive(int seconds);
    bool isWorkingDay(Date d) const {
        return m_sites.front().device->store().reference().calendar.isWorkingDay(d);
    }
    void runDay(Date day);
    std::size_t siteCount() const { return m_sites.size(); }
    bool finishAndCheck(Date after, json::object& report);
    Counters counters;

    // Where a history in --data stopped (sim-state.json): the first day of the first leg, the
    // next day to simulate, the cases received before this run, and the city it was simulated
    // with (absent from the files of older runs).
    struct Shape {
        int halls = 0;
        std::vector<std::string> hallIds;
        int roomsPerHall = 0;
        double scale = 0;
        std::uint64_t seed = 0;
    };
    struct History {
        Date firstStart;
        Date next;
        long received = 0;
        std::optional<Shape> shape;
    };
    static std::optional<History> readHistory(const fs::path& data);
    void writeHistory(Date next) const;
    std::optional<History> m_history;       // set on --resume of a history
    std::atomic<long> m_receivedBefore = 0; // with --resume: the cases the sites' computers hold

private:
    net::HttpsClientConfig serverConfig() const;
    // The seed of the n-th random number stream (the city's, a site's, a department's). A leg
    // that goes on with an earlier history draws other numbers than the first leg did.
    std::uint64_t seed(std::size_t n) const {
        std::uint64_t base = m_o.seed * 1'000'003 + n;
        if (m_o.resume)
            base ^=
                static_cast<std::uint64_t>(m_o.start.days()) * std::uint64_t{0x9E3779B97F4A7C15};
        return base;
    }
    // Whether the site is done with the case for good (it leaves the site's list): closed, or
    // completed and replied to its origin, or delivered, rated (or not) and rectified.
    bool doneAt(const Site& s, const std::string& id, const CaseView& v) {
        return isFinal(v.status) &&
               (v.status != CaseStatus::Completed ||
                (v.originSiteId != s.site->id
                     ? v.repliedAt.has_value()
                     : v.deliveredAt && (v.evaluation || shared(m_unrated, id)) &&
                           (!v.evaluation || !v.evaluation->poor() || v.rectified)));
    }
    // Random numbers and time: those of the site (or department) this thread works for, else the
    // city's.
    std::mt19937_64& rng() { return t_rng ? *t_rng : m_rng; }
    sim::SettableClock& clock() { return t_clock ? *t_clock : m_clock; }
    bool chance(double p) { return std::uniform_real_distribution<>(0, 1)(rng()) < p; }
    int between(int lo, int hi) { return std::uniform_int_distribution<>(lo, hi)(rng()); }
    void log(const std::string& line) const {
        if (m_o.quiet)
            return;
        const std::lock_guard lock(m_logMutex);
        std::cout << line << std::endl;
    }
    // Time passes as a site works (not on the real clock: 0 stays 0).
    void tick(int minutes = 3) {
        if (clock().t != 0)
            clock().t += Instant{minutes} * 60'000;
    }
    // Every clock of the city (the sites') to `t`; 0: the real clock.
    void setTime(Instant t) {
        m_clock.t = t;
        for (auto& s : m_sites)
            s.clock.t = t;
    }
    // fn(i) for i in [0, n), --workers at a time.
    template <typename Fn>
    void parallel(std::size_t n, Fn&& fn);
    // fn(site) for every site in parallel; each thread works with that site's random numbers and
    // clock.
    template <typename Fn>
    void forEachSite(Fn&& fn) {
        parallel(m_sites.size(), [&](std::size_t i) {
            t_rng = &m_sites[i].rng;
            t_clock = &m_sites[i].clock;
            fn(m_sites[i]);
            t_rng = nullptr;
            t_clock = nullptr;
        });
    }
    // One department's day at the center (console), with its own random numbers.
    void departmentWork(const std::string& code);
    void syncSite(Site& s);
    // With --resume: the site's unfinished cases from its store.
    void resumeCases(Site& s);
    // The day's applications at the site (by its volume, or `count`).
    void receiveCases(Site& s, Date day, int count = -1);
    void workHeld(Site& s, Date day);
    void centerWork();
    bool tryAct(Site& s, const std::string& caseId, Payload p);
    bool step(Site& s, sim::Device& d, const std::string& caseId);

    Options m_o;
    std::mt19937_64 m_rng;
    sim::SettableClock m_clock;
    std::unique_ptr<sim::ConsoleClient> m_admin;
    std::map<std::string, std::unique_ptr<sim::ConsoleClient>> m_staff; // by user id
    std::vector<std::string> m_departments;                             // codes
    std::deque<std::mt19937_64> m_departmentRng;                        // by department
    std::deque<Site> m_sites; // never moved: devices point at their site's clock
    std::map<std::string, std::size_t> m_siteIndex;
    // Shared by the sites' threads, under m_sharedMutex.
    std::mutex m_sharedMutex;
    std::set<std::string> m_pendingSupplement; // case ids waiting for a paper
    std::set<std::string> m_unrated;           // applicants who chose not to rate
    bool shared(const std::set<std::string>& set, const std::string& id) {
        const std::lock_guard lock(m_sharedMutex);
        return set.contains(id);
    }
    void share(std::set<std::string>& set, const std::string& id, bool in) {
        const std::lock_guard lock(m_sharedMutex);
        if (in)
            set.insert(id);
        else
            set.erase(id);
    }
    std::atomic<int> m_seq = 0;
    mutable std::mutex m_logMutex;
    static thread_local std::mt19937_64* t_rng;
    static thread_local sim::SettableClock* t_clock;
};

thread_local std::mt19937_64* City::t_rng = nullptr;
thread_local sim::SettableClock* City::t_clock = nullptr;

template <typename Fn>
void City::parallel(std::size_t n, Fn&& fn) {
    if (n == 0)
        return;
    const std::size_t workers =
        std::clamp<std::size_t>(static_cast<std::size_t>(m_o.workers), 1, n);
    std::atomic<std::size_t> next = 0;
    auto work = [&] {
        for (std::size_t i = next++; i < n; i = next++)
            fn(i);
    };
    std::vector<std::jthread> threads;
    for (std::size_t k = 1; k < workers; ++k)
        threads.emplace_back(work);
    work();
}

net::HttpsClientConfig City::serverConfig() const {
    const auto colon = m_o.server.rfind(':');
    net::HttpsClientConfig c;
    c.host = m_o.server.substr(0, colon);
    c.port = static_cast<unsigned short>(std::stoi(m_o.server.substr(colon + 1)));
    c.caFile = m_o.ca;
    return c;
}

// A new device's enrollment code; with --resume the existing store is used as it is (no code).
std::string City::freshDevice(const fs::path& storeFile, const std::string& siteId) {
    if (m_o.resume && fs::exists(storeFile))
        return {};
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(storeFile.string() + suffix);
    const json::value code = must(m_admin->post("/console/api/enrollment-codes",
                                                json::object{{"siteId", siteId}, {"days", 30}}),
                                  "enrollment code");
    return std::string(code.at("code").as_string());
}

void City::setUp() {
    setTime(at(m_o.start, 8));
    m_admin = std::make_unique<sim::ConsoleClient>(serverConfig());
    must(m_admin->login("admin", m_o.password), "console login as admin");
    if (m_o.resume && m_o.liveSeconds > 0) {
        setTime(0); // the real clock
    } else {
        must(m_admin->setClock(m_clock.t),
             "set the server's clock (is syncd running --test-clock?)");
        must(m_admin->login("admin", m_o.password), "console login as admin");
    }
    const json::value org = must(m_admin->get("/console/api/org"), "organisation");
    // Halls in code order, then up to roomsPerHall rooms of each.
    std::vector<std::pair<std::string, std::string>> chosen; // id, kind
    std::map<std::string, int> roomsOf;
    int halls = 0;
    for (const auto& s : org.at("sites").as_array())
        if (s.at("kind") == "hall" &&
            (m_o.hallIds.empty() ? halls < m_o.halls
                                 : std::find(m_o.hallIds.begin(), m_o.hallIds.end(),
                                             s.at("id").as_string()) != m_o.hallIds.end())) {
            chosen.emplace_back(std::string(s.at("id").as_string()), "hall");
            ++halls;
        }
    std::set<std::string> hallIds;
    for (const auto& [id, kind] : chosen)
        hallIds.insert(id);
    for (const auto& s : org.at("sites").as_array())
        if (s.at("kind") == "room") {
            const std::string parent(s.at("parentId").as_string());
            if (hallIds.contains(parent) && roomsOf[parent] < m_o.roomsPerHall) {
                chosen.emplace_back(std::string(s.at("id").as_string()), "room");
                ++roomsOf[parent];
            }
        }
    for (const auto& d : org.at("departments").as_array()) {
        m_departments.emplace_back(d.at("code").as_string());
        m_departmentRng.emplace_back(seed(500'000 + m_departments.size()));
    }
    fs::create_directories(m_o.data);
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& [id, kind] : chosen) {
        Site& s = m_sites.emplace_back();
        s.rng.seed(seed(m_sites.size()));
        s.clock.t = m_clock.t;
        sim::DeviceSetup setup;
        setup.server = serverConfig();
        setup.storeFile = m_o.data / (id + ".db");
        setup.enrollmentCode = freshDevice(setup.storeFile, id);
        setup.deviceName = "sim " + id;
        setup.userId = (kind == "hall" ? "clerk-" : "agent-") + id;
        setup.password = m_o.password;
        setup.clock = &s.clock;
        s.device = must(sim::Device::open(setup), "device at " + id);
        if (kind == "hall")
            for (const std::string who : {"director", "deputy"}) {
                setup.storeFile = m_o.data / cat(id, "-", who, ".db");
                setup.enrollmentCode = freshDevice(setup.storeFile, id);
                setup.deviceName = cat("sim ", who, " ", id);
                setup.userId = cat(who, "-", id);
                s.leaders.push_back(must(sim::Device::open(setup), cat(who, "'s device at ", id)));
            }
        s.site = s.device->store().reference().org.site(id);
        for (const Item* it : s.device->store().reference().catalog.latestItems())
            if (it->status == ItemStatus::Active && it->offeredAt(*s.site))
                s.items.push_back(it);
        m_siteIndex[id] = m_sites.size() - 1;
    }
    if (m_o.resume)
        forEachSite([&](Site& s) { resumeCases(s); });
    if (m_history && m_history->received != m_receivedBefore) {
        log("NOTE the sites' computers hold " + std::to_string(m_receivedBefore.load()) +
            " cases received before " + m_o.start.iso() + ", sim-state.json counted " +
            std::to_string(m_history->received) + " (the last run stopped midway): counting on " +
            "from the computers'");
        m_history->received = m_receivedBefore;
    }
    for (const auto& code : m_departments)
        for (const char* grade : {"-handler", "-reviewer", "-approver"}) {
            std::string user = code + grade;
            for (auto& ch : user)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            auto c = std::make_unique<sim::ConsoleClient>(serverConfig());
            must(c->login(user, m_o.password), "console login " + user);
            m_staff[user] = std::move(c);
        }
    log("set up " + std::to_string(m_sites.size()) + " sites (" + std::to_string(halls) +
        " halls), " + std::to_string(m_departments.size()) + " departments in " +
        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - t0)
                           .count()) +
        " ms");
}

// A valid resident ID (birth date and check character) for the n-th person.
std::string idFor(int n, int firstYear) {
    char first17[24];
    std::snprintf(first17, sizeof first17, "421281%04d%02d%02d%03d", firstYear + n % 40, 1 + n % 12,
                  1 + n % 28, n % 1000);
    return sim::residentId(first17);
}

bool City::tryAct(Site& s, const std::string& caseId, Payload p) {
    if (auto st = s.device->act(caseId, std::move(p)); !st) {
        ++counters.refusedActions;
        log("  refused at " + s.site->id + " on " + caseId + ": " + st.error().message);
        return false;
    }
    tick(1);
    return true;
}

std::optional<City::History> City::readHistory(const fs::path& data) {
    std::ifstream in(data / "sim-state.json");
    if (!in)
        return std::nullopt;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
        const json::object o = json::parse(text).as_object();
        const auto first = Date::parse(std::string(o.at("firstStart").as_string()));
        const auto next = Date::parse(std::string(o.at("next").as_string()));
        if (!first || !next || *next < *first)
            return std::nullopt;
        History h{*first, *next, static_cast<long>(o.at("received").as_int64()), std::nullopt};
        if (h.received < 0)
            return std::nullopt;
        if (const auto* c = o.if_contains("city")) {
            const json::object& co = c->as_object();
            Shape sh;
            sh.halls = static_cast<int>(co.at("halls").as_int64());
            for (const auto& id : co.at("hall").as_array())
                sh.hallIds.emplace_back(id.as_string());
            sh.roomsPerHall = static_cast<int>(co.at("roomsPerHall").as_int64());
            sh.scale = co.at("scale").to_number<double>();
            sh.seed = co.at("seed").to_number<std::uint64_t>();
            if (sh.halls < 1 || sh.roomsPerHall < 0 || !(sh.scale > 0))
                return std::nullopt;
            h.shape = std::move(sh);
        }
        return h;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

void City::writeHistory(Date next) const {
    const json::object o{
        {"firstStart", (m_history ? m_history->firstStart : m_o.start).iso()},
        {"next", next.iso()},
        {"received", (m_history ? m_history->received : 0) + counters.received.load()},
        {"city",
         {{"halls", m_o.halls},
          {"hall", json::array(m_o.hallIds.begin(), m_o.hallIds.end())},
          {"roomsPerHall", m_o.roomsPerHall},
          {"scale", m_o.scale},
          {"seed", m_o.seed}}}};
    // Written whole, then renamed: a run killed meanwhile leaves the previous state.
    const fs::path file = m_o.data / "sim-state.json";
    const fs::path part = m_o.data / "sim-state.json.part";
    // A full disk or a directory that cannot be written ends the run with the history as it was.
    {
        errno = 0;
        std::ofstream out(part, std::ios::trunc);
        out << json::serialize(o) << "\n";
        out.close();
        if (!out) {
            const int err = errno;
            die("cannot write " + part.string() + ": " +
                (err ? std::strerror(err) : "write failed") + "; " + file.string() +
                " is left as it was");
        }
    }
    std::error_code ec;
    fs::rename(part, file, ec);
    if (ec)
        die("cannot replace " + file.string() + ": " + ec.message() + "; it is left as it was");
}

void City::resumeCases(Site& s) {
    // The cases received here before this run, as the site's own computer holds them: a run that
    // was stopped midway received some that sim-state.json (written after each whole day) does
    // not count.
    {
        const fs::path file = m_o.data / (s.site->id + ".db");
        auto db = must(store::Db::open(file, store::Db::Mode::ReadOnly), "open " + file.string());
        auto count = must(db->prepare("SELECT count(*) FROM cases WHERE origin_site = ?"),
                          "count the cases of " + s.site->id);
        count->bind(1, s.site->id);
        if (must(count->step(), "count the cases of " + s.site->id))
            m_receivedBefore += static_cast<long>(count->int64(0));
    }
    // The cases this site still works on, from its store: not done for good (doneAt); those
    // waiting for a missing paper get it in the end.
    store::SearchQuery q;
    q.limit = 500;
    while (true) {
        auto page = must(s.device->store().search(q), "cases at " + s.site->id);
        for (const auto& row : page.rows) {
            if (isFinal(row.status) && row.status != CaseStatus::Completed)
                continue;
            auto v = must(s.device->store().caseView(row.caseId), "case " + row.caseId);
            if (doneAt(s, row.caseId, v))
                continue;
            s.cases.push_back(row.caseId);
            if (v.status == CaseStatus::AwaitingMaterials)
                share(m_pendingSupplement, row.caseId, true);
        }
        if (page.next.empty())
            break;
        q.after = page.next;
    }
}

void City::syncSite(Site& s) {
    if (s.offlineDays > 0)
        return;
    for (sim::Device* d : s.devices()) {
        ++counters.syncRounds;
        auto report = d->sync();
        if (report.error &&
            (report.error->code == "expired_token" || report.error->code == "bad_token")) {
            must(d->signIn(), "sign in at " + s.site->id);
            report = d->sync();
        }
        if (report.error) {
            ++counters.syncErrors;
            log("  sync error at " + s.site->id + ": " + report.error->message);
        }
    }
}

void City::receiveCases(Site& s, Date day, int count) {
    if (s.items.empty())
        return;
    const bool hall = s.site->kind == SiteKind::Hall;
    const int n =
        count >= 0
            ? count
            : static_cast<int>(std::lround((hall ? between(50, 150) : between(2, 10)) * m_o.scale));
    for (int i = 0; i < n; ++i) {
        const Item* item =
            s.items[static_cast<std::size_t>(between(0, static_cast<int>(s.items.size()) - 1))];
        ReceivePayload r;
        r.item = {item->id, item->version};
        const int person = ++m_seq;
        r.applicant = {"居民" + std::to_string(person), "111", idFor(person, 1950), "13800000000",
                       s.site->name};
        if (!hall)
            r.agent =
                Party{s.device->user().name, "111", idFor(person + 7, 1970), "13900000000", {}};
        const bool missing = chance(0.12) && !item->materials.empty();
        for (std::size_t k = 0; k < item->materials.size(); ++k)
            r.materials.push_back({item->materials[k].name, !(missing && k == 0),
                                   !(missing && k == 0), missing && k == 0 ? 0 : 1});
        const int seq =
            must(s.device->store().nextProvisionalSequence(s.site->id, day), "provisional number");
        r.provisionalNumber = makeProvisionalNumber(s.site->id, day, seq);
        // Every applicant of the simulation picks the same query password: hashed once.
        static const std::string queryHash = hashQueryPassword("123456", "00ff", 1000);
        r.queryPasswordHash = queryHash;
        r.entrusted = !hall;
        auto id = s.device->create(r);
        if (!id) {
            ++counters.refusedActions;
            log("  receive refused at " + s.site->id + ": " + id.error().message);
            continue;
        }
        tick(2);
        if (++counters.received == m_o.dieAfter)
            std::_Exit(3);
        s.cases.push_back(*id);
        if (missing) {
            if (tryAct(s, *id, NotifyMissingPayload{{item->materials[0].name}, "请补齐"})) {
                ++counters.notices;
                share(m_pendingSupplement, *id, true);
            }
            continue;
        }
        if (chance(0.03)) {
            if (tryAct(s, *id, RefusePayload{{"不符合申请条件"}, true}))
                ++counters.refused;
            continue;
        }
        step(s, *s.device, *id); // 受理 at once; the rest of the work follows with workHeld
    }
}

// The next step this device may take on the case, in the order a counter works: the payloads
// are tried against the fold (as the window client offers only what the fold accepts) and the
// first accepted one is appended. Returns false when there was nothing to do.
bool City::step(Site& s, sim::Device& d, const std::string& id) {
    auto head = d.head(id);
    if (!head || head->view.status == CaseStatus::None)
        return false; // not pulled yet
    const CaseView* v = &head->view;
    const FoldContext fold = d.fold();
    const Item* item = fold.catalog.version(v->item.id, v->item.version);
    std::vector<Payload> candidates;
    if (&d != s.device.get()) {
        // The director reviews and the deputy approves (two people, as the separation of duties
        // asks, and never both on one step: they would only learn of each other's work at the
        // next sync); the clerk does the rest.
        if (&d == s.leaders.front().get())
            candidates.push_back(StepPayload{StepCode::Review, StepAction::Pass, "同意"});
        else
            candidates.push_back(StepPayload{StepCode::Approve, StepAction::Pass, "批准"});
    } else {
        if (v->status == CaseStatus::AwaitingMaterials && shared(m_pendingSupplement, id)) {
            std::vector<MaterialCheck> got;
            for (const auto& m : v->materials)
                if (!m.received)
                    got.push_back({m.name, true, true, 1});
            candidates.push_back(SupplementPayload{got});
        }
        if (v->status == CaseStatus::Received && v->materialsComplete())
            candidates.push_back(AcceptPayload{"材料齐全"});
        if (item && item->fee.charged && v->fees.empty())
            candidates.push_back(
                FeeNoticePayload{"PAY-" + id.substr(id.size() - 12),
                                 std::max<std::int64_t>(item->fee.totalFen(), 100)});
        for (const auto& f : v->fees)
            if (!f.paid)
                candidates.push_back(
                    FeePaidPayload{f.paymentCode, "BANK-" + f.paymentCode, f.amountFen});
        if (v->forwardsUp)
            if (const auto target = forwardTarget(*v, fold))
                candidates.push_back(ForwardPayload{*target, "转报"});
        candidates.push_back(TakeInPayload{"收件"});
        for (StepCode step : {StepCode::Handle, StepCode::Review, StepCode::Approve})
            candidates.push_back(StepPayload{step, StepAction::Pass, "同意"});
        candidates.push_back(CompletePayload{Outcome::Approved, "准予办理", "", {}});
        candidates.push_back(ReplyPayload{"办结反馈"});
        candidates.push_back(
            DeliverPayload{DeliveryMethod::WindowPickup, v->applicant.name, d.now(), true});
        if (v->deliveredAt && !v->evaluation && !shared(m_unrated, id)) {
            if (chance(0.85)) {
                const int level = chance(0.04) ? 5 : between(1, 2);
                candidates.push_back(
                    EvaluatePayload{level, 4, true, level >= 4 ? "等太久" : "满意"});
            } else {
                share(m_unrated, id, true); // this applicant does not rate
            }
        }
        if (v->evaluation && v->evaluation->poor() && !v->rectified)
            candidates.push_back(RectifyPayload{"回访并改进", true});
    }
    for (auto& p : candidates) {
        auto e = d.draft(*head, p);
        if (!e)
            continue;
        if (auto done = d.store().append(*e); !done) {
            ++counters.refusedActions;
            log("  append refused at " + s.site->id + " on " + id + ": " + done.error().message);
            return false;
        }
        tick(1);
        if (std::holds_alternative<SupplementPayload>(p))
            share(m_pendingSupplement, id, false);
        else if (const auto* f = std::get_if<ForwardPayload>(&p)) {
            ++counters.forwarded;
            // A hall of the simulation works it once its devices have pulled it.
            if (const auto it = m_siteIndex.find(f->to.siteId);
                f->to.department.empty() && it != m_siteIndex.end()) {
                Site& to = m_sites[it->second];
                const std::lock_guard lock(to.inboxMutex);
                to.inbox.push_back(id);
            }
        } else if (std::holds_alternative<CompletePayload>(p))
            ++counters.completedLocal;
        else if (std::holds_alternative<DeliverPayload>(p))
            ++counters.delivered;
        else if (const auto* ev = std::get_if<EvaluatePayload>(&p)) {
            ++counters.rated;
            counters.poor += ev->level >= 4 ? 1 : 0;
        }
        return true;
    }
    return false;
}

// The cases a site works on: a few steps each per day, by each of its devices; cases that are
// done for good (closed, delivered and rated or not, rectified) leave the list.
void City::workHeld(Site& s, Date) {
    {
        const std::lock_guard lock(s.inboxMutex);
        s.cases.insert(s.cases.end(), s.inbox.begin(), s.inbox.end());
        s.inbox.clear();
    }
    std::vector<std::string> keep;
    for (const auto& id : s.cases) {
        for (sim::Device* d : s.devices())
            for (int k = 0; k < 3 && step(s, *d, id); ++k) {
            }
        auto v = s.device->store().caseView(id);
        if (!v || !doneAt(s, id, *v))
            keep.push_back(id);
    }
    s.cases = std::move(keep);
}

void City::centerWork() {
    parallel(m_departments.size(), [&](std::size_t i) {
        t_rng = &m_departmentRng[i];
        departmentWork(m_departments[i]);
        t_rng = nullptr;
    });
}

void City::departmentWork(const std::string& code) {
    {
        std::string base = code;
        for (auto& ch : base)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        auto& handler = *m_staff.at(base + "-handler");
        auto inbox = handler.get("/console/api/inbox");
        if (!inbox) {
            log("  inbox of " + code + ": " + inbox.error().message);
            return;
        }
        for (const auto& row : inbox->at("cases").as_array()) {
            if (chance(0.1))
                continue; // waits a day
            const std::string id(row.at("caseId").as_string());
            std::string todo(row.at("todo").as_string());
            // A case usually moves several steps in a day (the handler passes it to the
            // reviewer who is down the corridor); sometimes it stops to wait.
            for (int k = 0; k < 6; ++k) {
                std::string who = "-handler";
                std::string action;
                json::object body;
                if (todo == "待收件") {
                    action = "take-in";
                } else if (todo == "待承办") {
                    action = "handle";
                    body = {{"pass", true}, {"opinion", "经核查属实"}};
                } else if (todo == "待审核") {
                    who = "-reviewer";
                    action = "review";
                    body = {{"pass", true}, {"opinion", "同意"}};
                } else if (todo == "待批准") {
                    who = "-approver";
                    action = "approve";
                    body = {{"pass", true}, {"opinion", "批准"}};
                } else if (todo == "待办结") {
                    who = "-approver";
                    action = "complete";
                    if (chance(0.05))
                        body = {{"outcome", "denied"}, {"reasons", json::array{"不符合条件"}}};
                    else
                        body = {{"outcome", "approved"}, {"resultName", "准予许可决定书"}};
                } else if (todo == "待反馈") {
                    action = "reply";
                } else {
                    break;
                }
                auto done =
                    m_staff.at(base + who)->post(cat("/console/api/cases/", id, "/", action), body);
                if (!done) {
                    ++counters.refusedActions;
                    log(cat("  center ", code, " ", action, " on ", id, ": ",
                            done.error().message));
                    break;
                }
                ++counters.centerActions;
                todo = std::string(done->at("case").at("todo").as_string());
                if (!chance(0.75))
                    break;
            }
        }
    }
}

void City::runLive(int seconds) {
    log("live: a round every " + std::to_string(seconds) + " s on the real clock");
    auto lastSignIn = std::chrono::steady_clock::now() - std::chrono::hours(2);
    for (long round = 1;; ++round) {
        setTime(0);
        // Sessions last hours: sign in again every hour.
        if (std::chrono::steady_clock::now() - lastSignIn > std::chrono::hours(1)) {
            for (auto& [user, c] : m_staff)
                if (auto st = c->login(user, m_o.password); !st)
                    log("  console login " + user + ": " + st.error().message);
            for (auto& s : m_sites)
                for (sim::Device* d : s.devices())
                    if (auto st = d->signIn(); !st)
                        log("  sign-in at " + s.site->id + ": " + st.error().message);
            lastSignIn = std::chrono::steady_clock::now();
        }
        const Date today = Date::localDateOf(m_clock.now());
        for (auto& s : m_sites)
            syncSite(s);
        // Now and then an applicant walks in somewhere; cases move on.
        if (chance(0.6))
            receiveCases(
                m_sites[static_cast<std::size_t>(between(0, static_cast<int>(m_sites.size()) - 1))],
                today, 1);
        for (auto& s : m_sites)
            workHeld(s, today);
        for (auto& s : m_sites)
            syncSite(s);
        if (chance(0.5))
            centerWork();
        log("live round " + std::to_string(round) + ": received " +
            std::to_string(counters.received.load()) + ", center actions " +
            std::to_string(counters.centerActions.load()));
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
    }
}

void City::runDay(Date day) {
    const auto t0 = std::chrono::steady_clock::now();
    // The server's clock follows the day, so that what it stamps (official numbers) falls in it.
    // Where the day's time goes, phase by phase (printed with the day).
    std::string phases;
    auto phaseStart = t0;
    auto phase = [&](const char* name) {
        const auto now = std::chrono::steady_clock::now();
        phases += cat(
            phases.empty() ? "" : ", ", name, " ",
            std::to_string(
                std::chrono::duration_cast<std::chrono::milliseconds>(now - phaseStart).count()));
        phaseStart = now;
    };
    auto at = [&](int hour, int minute = 0) {
        setTime(::at(day, hour, minute));
        must(m_admin->setClock(m_clock.t), "clock");
    };
    at(8, 30);
    // Sessions last hours: everyone signs in again each morning.
    for (auto& [user, c] : m_staff)
        must(c->login(user, m_o.password), "console login " + user);
    std::atomic<long> offline = 0;
    forEachSite([&](Site& s) {
        if (s.offlineDays > 0) {
            --s.offlineDays;
        } else if (s.site->kind == SiteKind::Room ? chance(0.02) : chance(0.002)) {
            s.offlineDays = s.site->kind == SiteKind::Room ? between(1, 5) : 1;
        }
        offline += s.offlineDays > 0 ? 1 : 0;
        if (s.offlineDays == 0) {
            for (sim::Device* d : s.devices())
                if (auto st = d->signIn(); !st) {
                    ++counters.syncErrors;
                    log("  sign-in at " + s.site->id + ": " + st.error().message);
                }
            syncSite(s);
        }
    });
    counters.offlineSiteDays += offline;
    phase("morning");
    at(9);
    forEachSite([&](Site& s) {
        workHeld(s, day);
        receiveCases(s, day);
    });
    phase("counters");
    forEachSite([&](Site& s) { syncSite(s); });
    phase("sync");
    // The afternoon: what the morning passed between colleagues' computers moves on.
    at(13);
    forEachSite([&](Site& s) { workHeld(s, day); });
    phase("afternoon");
    forEachSite([&](Site& s) { syncSite(s); });
    phase("sync");
    at(14);
    centerWork();
    phase("center");
    at(17);
    // Everyone's evening sync: halls pick up what their rooms forwarded today.
    forEachSite([&](Site& s) { syncSite(s); });
    phase("evening sync");
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    log(day.iso() + ": received " + std::to_string(counters.received.load()) + " so far, " +
        std::to_string(offline.load()) + " sites offline, " + std::to_string(ms) + " ms (" +
        phases + ")");
}

bool City::finishAndCheck(Date after, json::object& report) {
    // The check happens the next morning, or now when the history ends today.
    setTime(m_o.untilToday ? 0 : at(after, 9));
    must(m_admin->setClock(m_o.untilToday ? store::SystemClock().now() : m_clock.t), "clock");
    std::vector<std::pair<sim::Device*, std::string>> devices; // device, its store file's stem
    for (auto& s : m_sites) {
        s.offlineDays = 0;
        devices.emplace_back(s.device.get(), s.site->id);
        for (std::size_t k = 0; k < s.leaders.size(); ++k)
            devices.emplace_back(s.leaders[k].get(),
                                 s.site->id + (k == 0 ? "-director" : "-deputy"));
    }
    parallel(devices.size(), [&](std::size_t i) {
        must(devices[i].first->signIn(), "sign in " + devices[i].second);
    });
    // Until quiet: a room's push may reach a hall whose reply reaches the room again.
    for (int round = 0; round < 6; ++round) {
        std::atomic<long> moved = 0;
        parallel(devices.size(), [&](std::size_t i) {
            auto r = devices[i].first->sync();
            if (r.error)
                log("  final sync " + devices[i].second + ": " + r.error->message);
            moved += r.pushed + r.pulled;
        });
        if (moved == 0)
            break;
    }
    // Each device checked on its own, --workers at a time.
    std::atomic<bool> good = true;
    std::atomic<long> devicesChecked = 0;
    std::atomic<long> eventsChecked = 0;
    std::atomic<long> illegal = 0;
    std::atomic<long> rejectedTotal = 0; // refused by the server for good (made on a stale view)
    std::atomic<long> conflicts = 0;     // case views with a conflict note (legal, shown to people)
    parallel(devices.size(), [&](std::size_t di) {
        auto& [device, where] = devices[di];
        auto view = device->serverView();
        if (!view) {
            log("CHECK " + where + ": server view: " + view.error().message);
            good = false;
            return;
        }
        std::set<std::string> server;
        for (const auto& e : *view)
            if (!server.insert(e.id).second) {
                log("CHECK " + where + ": event " + e.id + " pulled twice");
                good = false;
            }
        const auto rejected = must(device->store().rejectedEvents(), "rejected");
        std::set<std::string> refusedIds;
        for (const auto& r : rejected)
            refusedIds.insert(r.eventId);
        rejectedTotal += static_cast<long>(rejected.size());
        std::set<std::string> local;
        {
            auto db = must(store::Db::open(m_o.data / (where + ".db"), store::Db::Mode::ReadOnly),
                           "open " + where);
            auto stmt = must(db->prepare("SELECT id FROM events"), "read " + where);
            while (must(stmt->step(), "read " + where))
                if (!refusedIds.contains(stmt->text(0)))
                    local.insert(stmt->text(0));
        }
        for (const auto& id : server)
            if (!local.contains(id)) {
                log(cat("CHECK ", where, ": server event ", id, " missing on the device"));
                good = false;
            }
        for (const auto& id : local)
            if (!server.contains(id)) {
                log(cat("CHECK ", where, ": device event ", id, " unknown to the server"));
                good = false;
            }
        const int outbox = must(device->store().outboxSize(), "outbox");
        if (outbox != 0) {
            log("CHECK " + where + ": " + std::to_string(outbox) + " events left to push");
            good = false;
        }
        for (const auto& r : rejected)
            log("NOTE " + where + ": the server refused " + r.type + " " + r.eventId + " (" +
                r.code + "): " + r.message);
        std::set<std::string> cases;
        for (const auto& e : *view)
            cases.insert(e.caseId);
        for (const auto& id : cases) {
            auto v = device->store().caseView(id);
            if (!v || v->status == CaseStatus::None) {
                ++illegal;
                continue;
            }
            conflicts += v->conflicts.empty() ? 0 : 1;
            for (const auto& t : v->timeline)
                if (!t.applied && v->conflicts.empty()) {
                    log(cat("CHECK ", where, ": case ", id, " has an unapplied event ", t.eventId,
                            ": ", t.rejectMessage));
                    ++illegal;
                }
        }
        ++devicesChecked;
        eventsChecked += static_cast<long>(server.size());
    });
    if (illegal > 0)
        good = false;
    // The center's count of received cases equals the simulator's.
    auto sv = sim::ConsoleClient(serverConfig());
    must(sv.login("supervisor", m_o.password), "console login supervisor");
    // Over every leg of the history (--resume), from its first day.
    const Date first = m_history ? m_history->firstStart : m_o.start;
    const long received = (m_history ? m_history->received : 0) + counters.received.load();
    const json::value stats =
        must(sv.get("/console/api/supervision/stats?from=" + first.iso() + "&to=" + after.iso()),
             "statistics");
    const auto centerReceived = stats.at("total").at("received").as_int64();
    if (centerReceived != received) {
        log("CHECK center statistics count " + std::to_string(centerReceived) + " cases received " +
            "since " + first.iso() + ", the simulator received " + std::to_string(received));
        good = false;
    }
    if (counters.received.load() == 0) {
        log("CHECK nothing was received: nothing was simulated");
        good = false;
    }
    if (counters.refusedActions > 0)
        log("NOTE " + std::to_string(counters.refusedActions.load()) +
            " actions were refused by the fold");
    report["devicesChecked"] = devicesChecked.load();
    report["eventsChecked"] = eventsChecked.load();
    report["illegalCases"] = illegal.load();
    report["rejectedByServer"] = rejectedTotal.load();
    report["conflictViews"] = conflicts.load();
    report["centerReceived"] = centerReceived;
    report["firstDay"] = first.iso();
    report["receivedAllLegs"] = received;
    report["centerStats"] = stats.at("total");
    report["converged"] = good.load();
    return good.load();
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--quiet") {
            o.quiet = true;
            continue;
        }
        if (a == "--until-today") {
            o.untilToday = true;
            continue;
        }
        if (a == "--resume") {
            o.resume = true;
            continue;
        }
        if (i + 1 >= argc)
            usage(a + " needs a value");
        const std::string v = argv[++i];
        try {
            if (a == "--server")
                o.server = v;
            else if (a == "--ca")
                o.ca = v;
            else if (a == "--data")
                o.data = v;
            else if (a == "--days")
                o.days = std::stoi(v);
            else if (a == "--start") {
                const auto d = Date::parse(v);
                if (!d)
                    usage("--start must be YYYY-MM-DD");
                o.start = *d;
                o.startGiven = true;
            } else if (a == "--halls") {
                o.halls = std::stoi(v);
                o.hallsGiven = true;
            } else if (a == "--hall")
                o.hallIds.push_back(v);
            else if (a == "--rooms-per-hall") {
                o.roomsPerHall = std::stoi(v);
                o.roomsGiven = true;
            } else if (a == "--scale") {
                o.scale = std::stod(v);
                o.scaleGiven = true;
            } else if (a == "--seed") {
                o.seed = std::stoull(v);
                o.seedGiven = true;
            } else if (a == "--password")
                o.password = v;
            else if (a == "--report")
                o.report = v;
            else if (a == "--live")
                o.liveSeconds = std::stoi(v);
            else if (a == "--workers")
                o.workers = std::stoi(v);
            else if (a == "--die-after")
                o.dieAfter = std::stoi(v);
            else
                usage("unknown option " + a);
        } catch (const std::exception&) {
            usage(cat("bad value for ", a, ": ", v));
        }
    }
    if (o.server.empty() || o.server.rfind(':') == std::string::npos || o.ca.empty() ||
        o.data.empty())
        usage("--server HOST:PORT, --ca and --data are required");
    if (o.days < 1 || o.halls < 1 || o.roomsPerHall < 0 || o.scale <= 0 || o.workers < 1 ||
        o.workers > 64)
        usage("--days, --halls and --scale must be positive, --workers from 1 to 64");
    return o;
}

// A resumed history goes on with the city it was simulated with: what the command line leaves
// out comes from sim-state.json; other sites would not be the ones whose cases are counted. The
// volume (--scale) and the random numbers (--seed) may change from one leg to the next.
void keepShape(Options& o, const City::Shape& sh) {
    const auto stated = [&](const std::string& opt, const std::string& now,
                            const std::string& was) {
        if (now != was)
            usage(opt + " " + now + " differs from the city simulated in " + o.data.string() +
                  " (" + opt + " " + was + "); a history goes on with the same sites");
    };
    if (!o.hallsGiven)
        o.halls = sh.halls;
    stated("--halls", std::to_string(o.halls), std::to_string(sh.halls));
    if (o.hallIds.empty())
        o.hallIds = sh.hallIds;
    const auto joined = [](std::vector<std::string> ids) { // the same halls in any order
        std::sort(ids.begin(), ids.end());
        std::string all;
        for (const auto& id : ids)
            all += (all.empty() ? "" : ",") + id;
        return all.empty() ? std::string("(none)") : all;
    };
    stated("--hall", joined(o.hallIds), joined(sh.hallIds));
    if (!o.roomsGiven)
        o.roomsPerHall = sh.roomsPerHall;
    stated("--rooms-per-hall", std::to_string(o.roomsPerHall), std::to_string(sh.roomsPerHall));
    if (!o.scaleGiven)
        o.scale = sh.scale;
    if (!o.seedGiven)
        o.seed = sh.seed;
}

} // namespace

int main(int argc, char** argv) {
    bianmin::sim::programName() = "bianmin-sim";
    Options o = parse(argc, argv);
    std::optional<City::History> history;
    if (o.resume && o.liveSeconds <= 0) {
        history = City::readHistory(o.data);
        if (!history)
            usage("--resume without --live goes on with a history, but " +
                  (o.data / "sim-state.json").string() + " is missing or unreadable");
        if (!o.startGiven)
            o.start = history->next;
        else if (o.start < history->next)
            usage("--start " + o.start.iso() + " lies in the history already simulated in " +
                  o.data.string() + " (it goes on from " + history->next.iso() + ")");
        if (o.untilToday)
            usage("--resume of a history goes with --days");
        if (history->shape)
            keepShape(o, *history->shape);
    }
    City city(o);
    city.m_history = history;
    const auto t0 = std::chrono::steady_clock::now();
    city.setUp();
    if (o.resume && o.liveSeconds > 0)
        city.runLive(o.liveSeconds);
    // Working days of the simulated period, by the calendar the devices received.
    Date day = o.start;
    json::object report;
    const Date today = Date::localDateOf(store::SystemClock().now());
    for (int worked = 0; o.untilToday ? day < today : worked < o.days; day = Date(day.days() + 1))
        if (city.isWorkingDay(day)) {
            // The day is taken before it starts: a run stopped in its middle goes on with the
            // next (its sites' clocks never go back to a morning their events have passed).
            city.writeHistory(Date(day.days() + 1));
            city.runDay(day);
            ++worked;
            city.writeHistory(Date(day.days() + 1));
        }
    const bool good = city.finishAndCheck(day, report);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Counters& c = city.counters;
    report["days"] = o.days;
    report["sites"] = city.siteCount();
    report["scale"] = o.scale;
    report["seconds"] = seconds;
    report["received"] = c.received.load();
    report["refused"] = c.refused.load();
    report["notices"] = c.notices.load();
    report["forwarded"] = c.forwarded.load();
    report["completedLocal"] = c.completedLocal.load();
    report["centerActions"] = c.centerActions.load();
    report["delivered"] = c.delivered.load();
    report["rated"] = c.rated.load();
    report["poor"] = c.poor.load();
    report["refusedActions"] = c.refusedActions.load();
    report["syncRounds"] = c.syncRounds.load();
    report["syncErrors"] = c.syncErrors.load();
    report["offlineSiteDays"] = c.offlineSiteDays.load();
    std::cout << json::serialize(report) << std::endl;
    if (!o.report.empty())
        std::ofstream(o.report) << json::serialize(report) << "\n";
    std::cout << (good ? "converged" : "NOT converged") << std::endl;
    if (good && o.liveSeconds > 0)
        city.runLive(o.liveSeconds);
    return good ? 0 : 1;
}
