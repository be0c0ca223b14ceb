// The province benchmark (issue #7): many devices against one bianmin-syncd, scaled to this
// machine. A program that prints numbers, not a timed test; BENCHMARKS.md keeps the results with
// the command and the machine that made them.
//
// It starts the real bianmin-syncd (a copy of the init-demo database, its embedded SQLite, real TLS
// with the development CA, on 127.0.0.1) and sets up the largest number of devices asked for,
// spread over the demo city's township halls and village rooms (several devices at one site, as a
// hall has several windows): each is the client's real EventStore, SyncEngine and HTTPS transport
// (tools/sim's Device), enrolled with a code made through the console, its site's user signed in
// with the server's real password hash (the morning's sign-in, measured), the reference data
// downloaded. Then, for each size (the first D devices):
//
//   each device appends C new cases (5 events each: 收件, 一次性告知, 补正, 受理, 转报) to its
//   store, then all D devices run a sync round at once on a pool of worker threads (push, then
//   pull until caught up: the events of the other devices at the same site, and a hall's the
//   cases its rooms forwarded). Every event must be acknowledged.
//
// Per size: cases/s through the server, the rounds' latency, the server's CPU time and resident
// memory (now and peak), the events pulled. The last size runs again with 4 × C cases per device
// (a bigger day), so that the growth of cost with devices and with cases is visible. A CSV of the
// figures and, with gnuplot, a PNG plot of throughput and memory against devices.
//
// Progress goes to stderr; the machine and the results, as Markdown, to stdout. Exits with 1 when
// an event was refused or a round failed for good.
#include "bench/bench_common.h"
#include "bench/bench_process.h"
#include "common/refdata/reference_files.h"
#include "tools/sim/console_client.h"
#include "tools/sim/sim_device.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace {

using namespace bianmin;
using namespace bianmin::bench;
using namespace bianmin::domain;
namespace fs = std::filesystem;

constexpr const char* kDemoPassword = "bianmin-demo"; // every demo user's (init-demo)
constexpr std::uint64_t kSeed = 20261127;

struct Options {
    std::vector<int> sizes{250, 1000, 2000};
    int cases = 10; // per device and size
    int bigDay = 4; // the last size again with this many times the cases
    int threads = 32;
    fs::path dir;
    fs::path resources = BIANMIN_RESOURCES_DIR;
    fs::path csv;
    fs::path plot;
    bool keep = false;
};

void usage(std::ostream& out) {
    out << "usage: province_bench [--sizes D1,D2,...] [--cases C] [--threads W] [--quick]\n"
           "                      [--csv FILE] [--plot FILE.png] [--dir PATH] [--keep]\n"
           "  --sizes D1,D2,...  numbers of devices, ascending (default 250,1000,2000)\n"
           "  --cases C          new cases per device at each size (default 10); the last size\n"
           "                     runs again with 4 × C\n"
           "  --threads W        worker threads running the devices' rounds (default 32)\n"
           "  --quick            a smoke run: sizes 20,60,120, 4 cases, 8 threads\n"
           "  --csv FILE         the figures per size as CSV\n"
           "  --plot FILE.png    a plot of throughput and memory against devices (gnuplot)\n"
           "  --dir PATH         where the server and device databases go (default: temp)\n"
           "  --resources DIR    the reference data (default: the source tree's resources/)\n"
           "  --keep             keep them\n";
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
            if (a == "--sizes") {
                o.sizes.clear();
                std::istringstream in(value(i));
                for (std::string part; std::getline(in, part, ',');)
                    o.sizes.push_back(std::stoi(part));
            } else if (a == "--cases")
                o.cases = std::stoi(value(i));
            else if (a == "--threads")
                o.threads = std::stoi(value(i));
            else if (a == "--quick") {
                o.sizes = {20, 60, 120};
                o.cases = 4;
                o.threads = 8;
            } else if (a == "--csv")
                o.csv = value(i);
            else if (a == "--plot")
                o.plot = value(i);
            else if (a == "--dir")
                o.dir = value(i);
            else if (a == "--resources")
                o.resources = value(i);
            else if (a == "--keep")
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
    if (o.sizes.empty() || !std::is_sorted(o.sizes.begin(), o.sizes.end()) || o.sizes.front() < 1 ||
        o.cases < 1 || o.threads < 1)
        die("--sizes must be positive and ascending; --cases and --threads positive");
    return o;
}

// Runs job(i) for i in [0, n) on `threads` threads.
template <typename Job>
void parallelFor(int n, int threads, Job job) {
    std::atomic<int> next{0};
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(std::min(threads, n)));
    for (int t = 0; t < std::min(threads, n); ++t)
        pool.emplace_back([&] {
            for (int i = next++; i < n; i = next++)
                job(i);
        });
    for (auto& th : pool)
        th.join();
}

struct BenchDevice {
    std::unique_ptr<sim::Device> device;
    std::unique_ptr<CaseGenerator> cases;
};

// What one size measured.
struct Phase {
    int devices = 0;
    int casesPerDevice = 0;
    double appendSeconds = 0; // the devices' local appends (not part of the throughput)
    double seconds = 0;       // all rounds, from the first start to the last end
    double serverCpu = 0;
    double benchCpu = 0;
    std::int64_t pushed = 0, pulled = 0, refused = 0, retries = 0, failed = 0;
    std::vector<double> roundSeconds;
    std::int64_t rssKib = 0, hwmKib = 0;
    double casesPerSecond() const {
        return devices * static_cast<double>(casesPerDevice) / seconds;
    }
};

Phase runPhase(std::vector<BenchDevice>& devices, int count, int casesPerDevice, int threads,
               pid_t server) {
    Phase p;
    p.devices = count;
    p.casesPerDevice = casesPerDevice;
    std::cerr << "  " << count << " devices append " << casesPerDevice << " cases each\n";
    auto t0 = Steady::now();
    parallelFor(count, threads, [&](int i) {
        auto& d = devices[static_cast<std::size_t>(i)];
        std::vector<Event> events;
        for (int k = 0; k < casesPerDevice; ++k)
            for (auto& e : d.cases->next().events)
                events.push_back(std::move(e));
        must(d.device->store().appendAll(events), "append at " + d.device->siteId());
    });
    p.appendSeconds = secondsSince(t0);
    std::cerr << "  " << count << " devices sync at once on " << threads << " threads\n";
    const double cpu0 = cpuSeconds(server);
    const double bench0 = cpuSeconds(::getpid());
    std::mutex m;
    t0 = Steady::now();
    parallelFor(count, threads, [&](int i) {
        auto& d = *devices[static_cast<std::size_t>(i)].device;
        const auto r0 = Steady::now();
        sync::RoundReport total;
        int retries = 0;
        while (true) {
            auto r = d.sync();
            total.pushed += r.pushed;
            total.pulled += r.pulled;
            total.rejected += r.rejected;
            total.conflicts += r.conflicts;
            if (r.ok() || r.error->kind != ErrorKind::Retryable || retries >= 20) {
                total.error = r.error;
                break;
            }
            ++retries; // busy or a cut: the engine's own backoff already waited
        }
        const double s = secondsSince(r0);
        std::lock_guard lock(m);
        p.roundSeconds.push_back(s);
        p.pushed += total.pushed;
        p.pulled += total.pulled;
        p.refused += total.rejected + total.conflicts;
        p.retries += retries;
        if (total.error) {
            ++p.failed;
            std::cerr << "  round failed at " << d.siteId() << ": " << total.error->code << ": "
                      << total.error->message << "\n";
        }
    });
    p.seconds = secondsSince(t0);
    p.serverCpu = cpuSeconds(server) - cpu0;
    p.benchCpu = cpuSeconds(::getpid()) - bench0;
    p.rssKib = procStatusKiB(server, "VmRSS");
    p.hwmKib = procStatusKiB(server, "VmHWM");
    return p;
}

std::string readAll(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The demo city grown to a province's number of sites: the same reference data with villages
// added to its townships (round robin, codes not yet used) until it has `sites` township halls and
// village rooms, so that each device has a site of its own (as in a province: one computer per
// village room, a few per hall) instead of ten devices replicating one site. Written under `cache`
// only when it changed, so that the init-demo template made from it stays cached.
fs::path provinceResources(const fs::path& resources, const fs::path& cache, int sites) {
    fs::path out = cache / "resources";
    fs::create_directories(out);
    for (const auto& e : fs::recursive_directory_iterator(resources)) {
        const fs::path rel = fs::relative(e.path(), resources);
        if (e.is_directory()) {
            fs::create_directories(out / rel);
            continue;
        }
        std::string text = readAll(e.path());
        if (rel.parent_path() == "org" && e.path().extension() == ".json") {
            auto org = boost::json::parse(text).as_object();
            auto& townships = org.at("townships").as_array();
            int have = static_cast<int>(townships.size());
            std::vector<std::set<int>> used(townships.size());
            for (std::size_t t = 0; t < townships.size(); ++t)
                for (const auto& v : townships[t].at("villages").as_array()) {
                    const std::string code(v.at("code").as_string());
                    used[t].insert(std::stoi(code.substr(9)));
                    ++have;
                }
            for (int added = 0; have < sites; ++added) {
                const std::size_t t = static_cast<std::size_t>(added) % townships.size();
                auto& township = townships[t].as_object();
                const std::string prefix =
                    std::string(township.at("code").as_string()).substr(0, 9);
                int n = 1;
                while (used[t].contains(n))
                    ++n;
                if (n > 999)
                    die("the province's townships are full");
                used[t].insert(n);
                char code[16];
                std::snprintf(code, sizeof code, "%s%03d", prefix.c_str(), n);
                township.at("villages")
                    .as_array()
                    .push_back(boost::json::object{{"code", code},
                                                   {"name", "试点" + std::to_string(n) + "村"},
                                                   {"kind", "村"}});
                ++have;
            }
            org["note"] = "The demo city grown to a province's number of sites for "
                          "province_bench: villages 试点N村 added (invented codes).";
            text = boost::json::serialize(org);
        }
        if (!fs::exists(out / rel) || readAll(out / rel) != text)
            std::ofstream(out / rel, std::ios::binary | std::ios::trunc) << text;
    }
    return out;
}

std::string mibOf(std::int64_t kib) {
    return fixed(static_cast<double>(kib) / 1024.0, 1);
}

// Throughput and memory against devices, from the CSV rows with `base` cases per device.
void writePlot(const fs::path& csv, const fs::path& png, int base) {
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) {
        std::cerr << "gnuplot is not installed: no plot (./dev bench province installs it)\n";
        return;
    }
    const fs::path script = png.string() + ".gp";
    std::ofstream(script)
        << "set terminal pngcairo size 900,540 font 'Noto Sans CJK SC,11'\n"
           "set output '"
        << png.string()
        << "'\n"
           "set datafile separator ','\n"
           "set title 'bianmin-syncd: devices syncing at once (one round each)'\n"
           "set xlabel 'devices'\nset ylabel 'cases/s through the server'\n"
           "set y2label 'server resident memory (MiB)'\nset ytics nomirror\nset y2tics\n"
           "set yrange [0:*]\nset y2range [0:*]\nset key below\nset grid\n"
           "plot '"
        << csv.string()
        << "' using 1:($2==base ? $4 : 1/0) every ::1 with linespoints lw 2 pt 7 title 'cases/s', "
           "'' using 1:($2==base ? $9 : 1/0) every ::1 axes x1y2 with linespoints lw 2 pt 5 "
           "title 'resident memory after the round (MiB)', "
           "'' using 1:($2==base ? $10 : 1/0) every ::1 axes x1y2 with linespoints dt 2 pt 4 "
           "title 'peak resident memory (MiB)'\n";
    const std::string cmd =
        "gnuplot -e \"base=" + std::to_string(base) + "\" '" + script.string() + "'";
    if (std::system(cmd.c_str()) == 0)
        std::cerr << "plot: " << png.string() << "\n";
    else
        std::cerr << "gnuplot failed: no plot\n";
    fs::remove(script);
}

} // namespace

int main(int argc, char** argv) {
    const Options opt = parse(argc, argv);
    const auto [nofileBefore, nofile] = raiseOpenFileLimit();
    fs::path dir = opt.dir;
    const bool ownDir = dir.empty();
    if (ownDir) {
        std::random_device rd;
        dir = fs::temp_directory_path() / ("bianmin-province-bench-" + std::to_string(rd()));
    }
    fs::create_directories(dir / "devices");
    struct Cleanup {
        fs::path dir;
        bool remove = false;
        ~Cleanup() {
            std::error_code ec;
            if (remove)
                fs::remove_all(dir, ec);
        }
    } cleanup{dir, !opt.keep && ownDir};

    const int total = opt.sizes.back();
    // One site per device: the demo city's 14 halls and 190 rooms, grown when more are asked.
    fs::path resources = opt.resources;
    fs::path cache = BIANMIN_SYNCD_CACHE_DIR;
    {
        const auto demo =
            must(refdata::loadReferenceData(refdata::ReferencePaths::inDirectory(resources)),
                 "reference data in " + resources.string());
        const auto sites = std::count_if(demo->org.sites().begin(), demo->org.sites().end(),
                                         [](const Site& s) { return s.kind != SiteKind::Center; });
        if (sites < total) {
            cache = fs::path(BIANMIN_SYNCD_CACHE_DIR).parent_path() /
                    ("province_bench_cache_" + std::to_string(total));
            resources = provinceResources(resources, cache, total);
        }
    }
    const auto refData =
        must(refdata::loadReferenceData(refdata::ReferencePaths::inDirectory(resources)),
             "reference data in " + resources.string());
    const std::string machine = "nproc " + std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)) + " · " +
                                cpuModel() + " · " + memTotal() + " · SQLite " +
                                sqlite3_libversion() + " · g++ " + __VERSION__ + " · " +
                                fsType(dir) + " at " + dir.string();
    const std::string loadAtStart = loadAverage();
    const std::time_t started = std::time(nullptr);
    char date[64];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&started));
    std::cerr << "province_bench: " << machine << " · load " << loadAtStart << "\n";

    BenchServer server(ServerSetup{BIANMIN_SYNCD, resources, cache, dir / "server", {}});
    const pid_t spid = server.pid();
    const std::int64_t rssIdle = procStatusKiB(spid, "VmRSS");
    std::cerr << "bianmin-syncd: port " << server.port() << ", pid " << spid << "\n";

    // The sites, halls first, and the user who works at each.
    std::vector<std::pair<std::string, std::string>> sites; // site, user
    for (const SiteKind kind : {SiteKind::Hall, SiteKind::Room})
        for (const auto& s : refData->org.sites())
            if (s.kind == kind && s.active)
                sites.emplace_back(s.id, (kind == SiteKind::Hall ? "clerk-" : "agent-") + s.id);
    const std::size_t siteCount = std::min(static_cast<std::size_t>(total), sites.size());

    // Enrollment codes through the console, as the center's admin makes them.
    sim::ConsoleClient admin(server.config());
    must(admin.login("admin", kDemoPassword), "console login as admin");
    std::vector<std::string> codes;
    for (int i = 0; i < total; ++i) {
        const auto& site = sites[static_cast<std::size_t>(i) % sites.size()].first;
        const auto code = must(admin.post("/console/api/enrollment-codes",
                                          boost::json::object{{"siteId", site}, {"days", 1}}),
                               "enrollment code for " + site);
        codes.emplace_back(code.at("code").as_string());
    }

    // The morning: every device enrolls, signs in and downloads the reference data.
    std::cerr << "setting up " << total << " devices at " << siteCount << " sites\n";
    std::vector<BenchDevice> devices(static_cast<std::size_t>(total));
    std::vector<double> setupSeconds(static_cast<std::size_t>(total));
    const CaseGenerator city(*refData, kSeed); // the query password hashes, made once
    const double setupCpu0 = cpuSeconds(spid);
    auto t0 = Steady::now();
    parallelFor(total, opt.threads, [&](int i) {
        const auto k = static_cast<std::size_t>(i);
        const auto& [site, user] = sites[k % sites.size()];
        sim::DeviceSetup s;
        s.server = server.config();
        s.storeFile = dir / "devices" / (std::to_string(i) + ".db");
        s.enrollmentCode = codes[k];
        s.deviceName = "province-bench " + std::to_string(i);
        s.userId = user;
        s.password = kDemoPassword;
        const auto d0 = Steady::now();
        devices[k].device = must(sim::Device::open(s), "device " + std::to_string(i));
        setupSeconds[k] = secondsSince(d0);
        CaseGenerator::Options g;
        g.onlySite = site;
        g.actor = devices[k].device->actor();
        g.queryHashes = city.queryHashes();
        devices[k].cases = std::make_unique<CaseGenerator>(*refData, kSeed + k, g);
    });
    const double setupWall = secondsSince(t0);
    const double setupCpu = cpuSeconds(spid) - setupCpu0;
    const std::int64_t rssSetup = procStatusKiB(spid, "VmRSS");
    const std::int64_t hwmSetup = procStatusKiB(spid, "VmHWM");

    std::vector<Phase> phases;
    for (const int size : opt.sizes) {
        std::cerr << "size " << size << "\n";
        phases.push_back(runPhase(devices, size, opt.cases, opt.threads, spid));
    }
    std::cerr << "size " << total << ", a bigger day\n";
    phases.push_back(runPhase(devices, total, opt.cases * opt.bigDay, opt.threads, spid));

    // --- the report ------------------------------------------------------------------------------
    bool good = true;
    std::cout << "Machine: " << machine << "\n\nDate: " << date
              << "\n\nLoad average (1, 5, 15 min) at the start: " << loadAtStart
              << "; at the end: " << loadAverage() << "\n\nbianmin-syncd: `serve` with its "
              << "defaults, embedded SQLite (WAL), TLS with the development CA, on 127.0.0.1; "
              << "resident memory " << mibOf(rssIdle) << " MiB at the start. Devices: the "
              << "client's EventStore + SyncEngine + HTTPS transport (tools/sim Device) at "
              << siteCount << " sites of the demo city (of its " << sites.size()
              << " halls and rooms), " << opt.threads << " worker threads. Open-file limit "
              << nofileBefore << " → " << nofile << ".\n\n";
    std::cout << "| part | measure | result |\n|---|---|---|\n";
    std::cout << "| set-up | " << total << " devices enroll, sign in (Argon2id on the server) and "
              << "download the reference data, " << opt.threads << " at a time | "
              << fixed(setupWall, 1) << " s; per device p50 "
              << fixed(percentile(setupSeconds, 0.5) * 1000, 0) << " ms, p95 "
              << fixed(percentile(setupSeconds, 0.95) * 1000, 0) << " ms; server CPU "
              << fixed(setupCpu, 1) << " s (" << fixed(setupCpu / total * 1000, 0)
              << " ms per device); resident memory " << mibOf(rssSetup) << " MiB, peak "
              << mibOf(hwmSetup) << " MiB |\n\n";
    std::cout
        << "| devices | cases per device | cases | rounds (wall) | **cases/s** | round p50 / p95 / "
           "max | server CPU (cores busy) | server CPU per case | events pulled | "
           "server memory after / peak | retries, refused, failed |\n"
           "|---|---|---|---|---|---|---|---|---|---|---|\n";
    std::ostringstream csv;
    csv << "devices,cases_per_device,cases,cases_per_s,seconds,round_p50_s,round_p95_s,"
           "server_cpu_ms_per_case,rss_mib,peak_mib,events_pulled,retries,refused,failed\n";
    for (const auto& p : phases) {
        const std::int64_t cases = static_cast<std::int64_t>(p.devices) * p.casesPerDevice;
        const double cpuPerCase = p.serverCpu / static_cast<double>(cases) * 1000;
        if (p.refused > 0 || p.failed > 0 ||
            p.pushed != cases * static_cast<std::int64_t>(kEventsPerCase))
            good = false;
        std::cout << "| " << p.devices << " | " << p.casesPerDevice << " | " << thousands(cases)
                  << " | " << fixed(p.seconds, 1) << " s | **"
                  << thousands(std::llround(p.casesPerSecond())) << "** | "
                  << fixed(percentile(p.roundSeconds, 0.5), 2) << " / "
                  << fixed(percentile(p.roundSeconds, 0.95), 2) << " / "
                  << fixed(percentile(p.roundSeconds, 1.0), 2) << " s | " << fixed(p.serverCpu, 1)
                  << " s (" << fixed(p.serverCpu / p.seconds, 2) << ") | " << fixed(cpuPerCase, 2)
                  << " ms | " << thousands(p.pulled) << " | " << mibOf(p.rssKib) << " / "
                  << mibOf(p.hwmKib) << " MiB | " << p.retries << ", " << p.refused << ", "
                  << p.failed << " |\n";
        csv << p.devices << ',' << p.casesPerDevice << ',' << cases << ','
            << fixed(p.casesPerSecond(), 1) << ',' << fixed(p.seconds, 2) << ','
            << fixed(percentile(p.roundSeconds, 0.5), 3) << ','
            << fixed(percentile(p.roundSeconds, 0.95), 3) << ',' << fixed(cpuPerCase, 3) << ','
            << mibOf(p.rssKib) << ',' << mibOf(p.hwmKib) << ',' << p.pulled << ',' << p.retries
            << ',' << p.refused << ',' << p.failed << '\n';
    }
    std::cout << "\nEvery event acknowledged (pushed = 5 × cases), none refused, no round failed: "
              << (good ? "yes" : "**NO**") << ".\n";
    const fs::path csvFile = opt.csv.empty() ? dir / "province.csv" : opt.csv;
    std::ofstream(csvFile) << csv.str();
    if (!opt.plot.empty())
        writePlot(csvFile, opt.plot, opt.cases);
    return good ? 0 : 1;
}
