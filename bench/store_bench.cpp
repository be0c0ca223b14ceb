// Store benchmark (issue #3). A program that prints numbers, not a timed test; BENCHMARKS.md keeps
// the results with the command and machine that made them.
//
//   1. Append: N cases × 5 events (收件, 一次性告知, 补齐补正, 受理, 转报) into a fresh EventStore,
//      one case per transaction (as the client works) and 100 cases per transaction, next to a raw
//      SQLite baseline that inserts the same rows into tables of the same shape with no domain
//      logic and no encryption, at the same journal mode, synchronous level and transaction size.
//   2. Search: the store of part 1 (100 cases per transaction) grown to M cases, then 200 queries
//      each of a two-character name, a three-character name, an ID tail, a full ID and a
//      case-number fragment, taken from cases actually stored.
//   3. Open: that store closed, its pages dropped from the OS cache, then EventStore::open, unlock
//      and the first page of the case list; again with a warm cache; and unlock with the
//      production Argon2id parameters, on its own because its cost is deliberate.
//
// Cases are made the way the client makes them: UUIDv7 ids, HLC stamps per device, provisional
// numbers per site and day, applicants with Chinese names and valid resident IDs, items of the
// demo catalog at sites of the demo city, and every event legal for the case (checked by the
// store).
//
// Progress goes to stderr; the machine and the results, as Markdown, to stdout.
#include "bench/bench_common.h"
#include "common/domain/case_fold.h"
#include "common/domain/case_number.h"
#include "common/domain/event_codec.h"
#include "common/domain/ids.h"
#include "common/refdata/reference_files.h"
#include "common/store/crypto.h"
#include "common/store/event_store.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <vector>

#ifndef BIANMIN_RESOURCES_DIR
#define BIANMIN_RESOURCES_DIR "resources"
#endif

namespace {

using namespace bianmin::domain;
using namespace bianmin::bench;
using bianmin::store::EventStore;
using bianmin::store::SearchQuery;
namespace crypto = bianmin::store::crypto;
namespace fs = std::filesystem;

constexpr const char* kUser = "bench-agent";
constexpr const char* kPassword = "Cb#2026-bench";

// CPU time of this thread, in ms: a query's own work, whatever else the machine is doing.
double threadCpuMs() {
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// A uniform sample of the cases generated, for the search queries.
class Reservoir {
public:
    explicit Reservoir(std::size_t capacity)
        : m_capacity(capacity)
        , m_rng(7) {}
    void offer(const CaseFacts& f) {
        ++m_seen;
        if (m_items.size() < m_capacity) {
            m_items.push_back(f);
            return;
        }
        const auto j = std::uniform_int_distribution<std::uint64_t>(0, m_seen - 1)(m_rng);
        if (j < m_capacity)
            m_items[static_cast<std::size_t>(j)] = f;
    }
    const std::vector<CaseFacts>& items() const { return m_items; }

private:
    std::size_t m_capacity;
    std::uint64_t m_seen = 0;
    std::mt19937_64 m_rng;
    std::vector<CaseFacts> m_items;
};

constexpr std::uint64_t kSeed = 20261127;

// --- the store -----------------------------------------------------------------------------------

EventStore::Options storeOptions(const BenchClock& clock) {
    EventStore::Options o;
    o.clock = &clock;
    o.kdf = crypto::KdfParams::fastForTests();
    return o;
}

std::unique_ptr<EventStore> freshStore(const fs::path& file, const BenchClock& clock,
                                       const fs::path& resources) {
    removeDb(file);
    auto s = must(EventStore::open(file, storeOptions(clock)), "open " + file.string());
    must(s->createKeyring(kUser, kPassword), "createKeyring");
    must(s->putReference(bianmin::refdata::ReferencePaths::inDirectory(resources), 1),
         "putReference");
    return s;
}

// With --pages: which b-tree (table, index, FTS5 shadow table) each page written to the WAL
// belongs to. A WAL hook reads the page number of every frame a commit wrote (the frame headers
// of the -wal file), and checkpoints as SQLite's own hook does; the pages are named at the end
// from the dbstat table. Pages freed meanwhile (FTS5 merges) count as "(free)".
class PageCounter {
public:
    explicit PageCounter(sqlite3* db)
        : m_wal(std::string(sqlite3_db_filename(db, "main")) + "-wal") {
        sqlite3_wal_hook(db, &PageCounter::hook, this);
    }
    PageCounter(const PageCounter&) = delete;
    PageCounter& operator=(const PageCounter&) = delete;

    // Pages per b-tree, most first.
    std::vector<std::pair<std::string, std::int64_t>> byTree(sqlite3* db) const {
        std::map<std::uint32_t, std::string> owner;
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT name, pageno FROM dbstat", -1, &s, nullptr) != SQLITE_OK)
            die(std::string("dbstat: ") + sqlite3_errmsg(db));
        while (sqlite3_step(s) == SQLITE_ROW)
            owner[static_cast<std::uint32_t>(sqlite3_column_int64(s, 1))] =
                reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        std::map<std::string, std::int64_t> sums;
        for (const auto& [page, n] : m_pages) {
            const auto it = owner.find(page);
            sums[it == owner.end() ? (page == 1 ? "(header)" : "(free)") : it->second] += n;
        }
        std::vector<std::pair<std::string, std::int64_t>> out(sums.begin(), sums.end());
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        return out;
    }

private:
    static int hook(void* self, sqlite3* db, const char* name, int walFrames) {
        auto* c = static_cast<PageCounter*>(self);
        if (walFrames < c->m_last)
            c->m_last = 0;
        std::ifstream in(c->m_wal, std::ios::binary);
        constexpr std::streamoff kPage = 4096, kWalHeader = 32, kFrameHeader = 24;
        for (int i = c->m_last; i < walFrames; ++i) {
            unsigned char b[4] = {};
            in.seekg(kWalHeader + static_cast<std::streamoff>(i) * (kFrameHeader + kPage));
            in.read(reinterpret_cast<char*>(b), 4);
            ++c->m_pages[(std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                         (std::uint32_t{b[2]} << 8) | b[3]];
        }
        c->m_last = walFrames;
        if (walFrames >= 1000)
            sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        return SQLITE_OK;
    }

    std::string m_wal;
    int m_last = 0;
    std::map<std::uint32_t, std::int64_t> m_pages;
};

// Appends n generated cases, casesPerTx cases per appendAll (one transaction each). Only the
// appendAll calls are measured; making the events is not. With `pages`, the pages written are
// counted by b-tree (slower: not for timing).
Cost appendCases(EventStore& store, CaseGenerator& gen, BenchClock& clock, std::int64_t n,
                 std::size_t casesPerTx, Reservoir* sample, const char* label,
                 std::vector<std::pair<std::string, std::int64_t>>* pages = nullptr) {
    const std::size_t chunk = std::max<std::size_t>(casesPerTx, 100);
    std::vector<Event> events;
    std::optional<WalCounter> wal;
    std::optional<PageCounter> pageCounter;
    if (pages)
        pageCounter.emplace(store.db().handle());
    else
        wal.emplace(store.db().handle());
    Meter meter;
    Cost cost;
    std::int64_t done = 0;
    std::int64_t nextReport = n / 10;
    while (done < n) {
        const auto count = static_cast<std::size_t>(
            std::min<std::int64_t>(static_cast<std::int64_t>(chunk), n - done));
        events.clear();
        for (std::size_t i = 0; i < count; ++i) {
            GeneratedCase c = gen.next();
            if (sample)
                sample->offer(c.facts);
            for (auto& e : c.events)
                events.push_back(std::move(e));
        }
        clock.t = gen.clock();
        const std::span<const Event> all(events);
        meter.start();
        for (std::size_t i = 0; i < count; i += casesPerTx) {
            const std::size_t k = std::min(casesPerTx, count - i);
            const int appended = must(
                store.appendAll(all.subspan(i * kEventsPerCase, k * kEventsPerCase)), "appendAll");
            if (static_cast<std::size_t>(appended) != k * kEventsPerCase)
                die("appendAll stored fewer events than given");
        }
        meter.stop(cost);
        done += static_cast<std::int64_t>(count);
        if (label && done >= nextReport) {
            std::cerr << "  " << label << ": " << thousands(done) << " cases, "
                      << fixed(static_cast<double>(done) / cost.wall, 0) << " cases/s\n";
            nextReport += std::max<std::int64_t>(n / 10, 1);
        }
    }
    if (pages) {
        *pages = pageCounter->byTree(store.db().handle());
        for (const auto& [tree, count] : *pages)
            cost.walFrames += count;
    } else {
        cost.walFrames = wal->frames();
    }
    sqlite3_wal_hook(store.db().handle(), nullptr, nullptr);
    sqlite3_wal_autocheckpoint(store.db().handle(), 1000); // SQLite's own hook back
    return cost;
}

// --- search and open -----------------------------------------------------------------------------

struct Latency {
    double p50 = 0, p95 = 0, max = 0, meanRows = 0;
};

Latency summarize(std::vector<double> ms, double rows) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(ms.size())));
        return ms[std::min(ms.size() - 1, rank == 0 ? 0 : rank - 1)];
    };
    return {at(0.50), at(0.95), ms.back(), rows / static_cast<double>(ms.size())};
}

// Drops the file's pages from the OS page cache (no root needed), for a cold open.
void evictFromPageCache(const fs::path& db) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::string p = db.string() + suffix;
        const int fd = ::open(p.c_str(), O_RDONLY);
        if (fd < 0)
            continue;
        ::fdatasync(fd);
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
    }
}

struct OpenTimes {
    double open = 0, unlock = 0, firstPage = 0, firstPageByDue = 0;
};

OpenTimes timeOpen(const fs::path& file, const BenchClock& clock) {
    OpenTimes t;
    auto t0 = Steady::now();
    auto store = must(EventStore::open(file, storeOptions(clock)), "reopen");
    t.open = msSince(t0);
    t0 = Steady::now();
    must(store->unlock(kUser, kPassword), "unlock");
    t.unlock = msSince(t0);
    t0 = Steady::now();
    auto page = must(store->search(SearchQuery{}), "first page");
    t.firstPage = msSince(t0);
    if (page.rows.size() != 50)
        die("the first page has " + std::to_string(page.rows.size()) + " rows, not 50");
    SearchQuery due;
    due.order = bianmin::store::SortOrder::DueSoonestFirst;
    t0 = Steady::now();
    (void)must(store->search(due), "first page by due date");
    t.firstPageByDue = msSince(t0);
    return t;
}

// --- options -------------------------------------------------------------------------------------

struct Options {
    std::int64_t cases = 100'000;
    std::int64_t searchCases = 500'000;
    fs::path dir;
    fs::path resources = BIANMIN_RESOURCES_DIR;
    bool keep = false;
    bool pages = false;
    double buildBudgetS = 0; // 0: build the whole search store whatever it takes
};

void usage(std::ostream& out) {
    out << "usage: store_bench [--cases N] [--search-cases N] [--dir PATH] [--quick] [--keep]\n"
           "                   [--build-budget SECONDS] [--resources DIR] [--pages]\n"
           "  --cases N          cases appended in part 1 (default 100000)\n"
           "  --search-cases N   cases in the store searched and opened in parts 2 and 3\n"
           "                     (default 500000; 0 skips parts 2 and 3)\n"
           "  --dir PATH         where the database files go (default: a new temp folder)\n"
           "  --quick            a smoke run: 2000 and 10000 cases\n"
           "  --keep             keep the database files\n"
           "  --build-budget S   stop growing the search store after S seconds of appends\n"
           "  --pages            only part 1's store runs, untimed: the pages each writes to the\n"
           "                     WAL per case, by table and index\n";
}

Options parse(int argc, char** argv) {
    Options o;
    auto number = [&](int& i) -> std::string {
        if (i + 1 >= argc)
            die(std::string(argv[i]) + " needs a value");
        return argv[++i];
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        try {
            if (a == "--cases")
                o.cases = std::stoll(number(i));
            else if (a == "--search-cases")
                o.searchCases = std::stoll(number(i));
            else if (a == "--dir")
                o.dir = number(i);
            else if (a == "--resources")
                o.resources = number(i);
            else if (a == "--build-budget")
                o.buildBudgetS = std::stod(number(i));
            else if (a == "--quick") {
                o.cases = 2'000;
                o.searchCases = 10'000;
            } else if (a == "--keep")
                o.keep = true;
            else if (a == "--pages")
                o.pages = true;
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
    if (o.cases < 100)
        die("--cases must be at least 100");
    if (o.searchCases < 0)
        die("--search-cases must not be negative");
    return o;
}

struct Row {
    std::string part, measure, result, goal, met;
};

} // namespace

int main(int argc, char** argv) {
    const Options opt = parse(argc, argv);
    fs::path dir = opt.dir;
    const bool ownDir = dir.empty();
    if (ownDir) {
        std::random_device rd;
        dir = fs::temp_directory_path() / ("bianmin-bench-" + std::to_string(rd()));
    }
    fs::create_directories(dir);

    const auto ref = must(bianmin::refdata::loadReferenceData(
                              bianmin::refdata::ReferencePaths::inDirectory(opt.resources)),
                          "reference data in " + opt.resources.string());

    const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    const std::string machine = "nproc " + std::to_string(cpus) + " · " + cpuModel() + " · " +
                                memTotal() + " · SQLite " + sqlite3_libversion() + " · g++ " +
                                __VERSION__ + " · " + fsType(dir) + " at " + dir.string();
    const std::string loadAtStart = loadAverage();
    std::cerr << "store_bench: " << machine << " · load " << loadAtStart << "\n";

    std::vector<Row> rows;
    BenchClock clock;

    if (opt.pages) {
        std::cout << "WAL pages per case written by the store, by b-tree, " << thousands(opt.cases)
                  << " cases:\n\n| b-tree | 1 case/tx | 100 cases/tx |\n|---|---|---|\n";
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> table;
        std::int64_t total[2] = {0, 0};
        for (int run = 0; run < 2; ++run) {
            const fs::path file = dir / "store-pages.db";
            CaseGenerator gen(*ref, kSeed);
            auto store = freshStore(file, clock, opt.resources);
            std::vector<std::pair<std::string, std::int64_t>> pages;
            (void)appendCases(*store, gen, clock, opt.cases, run == 0 ? 1 : 100, nullptr,
                              run == 0 ? "pages, 1 case/tx" : "pages, 100 cases/tx", &pages);
            for (const auto& [tree, count] : pages) {
                (run == 0 ? table[tree].first : table[tree].second) += count;
                total[run] += count;
            }
            store.reset();
            removeDb(file);
        }
        const double n = static_cast<double>(opt.cases);
        for (const auto& [tree, c] : table)
            std::cout << "| " << tree << " | " << fixed(static_cast<double>(c.first) / n, 2)
                      << " | " << fixed(static_cast<double>(c.second) / n, 2) << " |\n";
        std::cout << "| **all** | " << fixed(static_cast<double>(total[0]) / n, 2) << " | "
                  << fixed(static_cast<double>(total[1]) / n, 2) << " |\n";
        if (ownDir) {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
        return 0;
    }

    // --- part 1: append --------------------------------------------------------------------------
    std::cerr << "part 1: append " << thousands(opt.cases) << " cases × 5 events\n";
    const fs::path storeFile1 = dir / "store-tx1.db";
    const fs::path storeFile100 = dir / "store-tx100.db";
    const fs::path baseFile = dir / "baseline.db";
    const fs::path baseSearchFile = dir / "baseline-all-rows.db";

    Cost store1;
    {
        CaseGenerator gen(*ref, kSeed);
        auto store = freshStore(storeFile1, clock, opt.resources);
        store1 = appendCases(*store, gen, clock, opt.cases, 1, nullptr, "store, 1 case/tx");
        if (must(store->caseCount(), "caseCount") != opt.cases ||
            must(store->outboxSize(), "outboxSize") !=
                static_cast<int>(opt.cases * static_cast<std::int64_t>(kEventsPerCase)))
            die("the store does not hold every case appended");
    }
    store1.fileBytes = fileBytes(storeFile1);
    removeDb(storeFile1);
    // Each baseline run inserts the same cases as the store's (same generator, same seed).
    auto baseline = [&](const fs::path& file, std::size_t perTx, bool searchRows,
                        const char* label) {
        CaseGenerator g(*ref, kSeed);
        return baselineAppend(file, g, opt.cases, perTx, searchRows, label);
    };
    const Cost base1 = baseline(baseFile, 1, false, "baseline, 1 case/tx");
    const Cost baseAll1 = baseline(baseSearchFile, 1, true, "baseline + search rows, 1/tx");
    const Cost base100 = baseline(baseFile, 100, false, "baseline, 100 cases/tx");
    const Cost baseAll100 = baseline(baseSearchFile, 100, true, "baseline + search rows, 100/tx");

    // The 100-per-transaction store is kept and grown for parts 2 and 3.
    CaseGenerator gen(*ref, kSeed);
    Reservoir sample(4000);
    auto store = freshStore(storeFile100, clock, opt.resources);
    Cost store100 = appendCases(*store, gen, clock, opt.cases, 100, &sample, "store, 100 cases/tx");
    store100.fileBytes = fileBytes(storeFile100);

    const double n = static_cast<double>(opt.cases);
    auto rate = [&](const Cost& c) {
        return thousands(static_cast<std::int64_t>(std::llround(n / c.wall))) + " cases/s (" +
               thousands(static_cast<std::int64_t>(
                   std::llround(n * static_cast<double>(kEventsPerCase) / c.wall))) +
               " events/s)";
    };
    auto ratio = [&](const Cost& st, const Cost& base) { return base.wall / st.wall; };
    const std::string p1 = "1 append " + thousands(opt.cases) + " × 5";
    rows.push_back({p1, "store, 1 case (5 events) per transaction", rate(store1), "", ""});
    rows.push_back({p1, "raw SQLite baseline, 1 case per transaction", rate(base1), "", ""});
    rows.push_back({p1, "**ratio store / baseline, 1 case per transaction**",
                    fixed(ratio(store1, base1), 2) + "×", "≥ 0.5×",
                    ratio(store1, base1) >= 0.5 ? "yes" : "**no**"});
    rows.push_back({p1, "store, 100 cases per transaction", rate(store100), "", ""});
    rows.push_back({p1, "raw SQLite baseline, 100 cases per transaction", rate(base100), "", ""});
    rows.push_back({p1, "**ratio store / baseline, 100 cases per transaction**",
                    fixed(ratio(store100, base100), 2) + "×", "≥ 0.5×",
                    ratio(store100, base100) >= 0.5 ? "yes" : "**no**"});
    rows.push_back({p1, "baseline + FTS, name-gram and stats rows, 1 case per transaction",
                    rate(baseAll1) + "; store at " + fixed(ratio(store1, baseAll1), 2) + "×",
                    "(for comparison)", ""});
    rows.push_back({p1, "baseline + FTS, name-gram and stats rows, 100 cases per transaction",
                    rate(baseAll100) + "; store at " + fixed(ratio(store100, baseAll100), 2) + "×",
                    "(for comparison)", ""});

    // Other processes on this 2-core machine (builds, tests) take CPU time from the run; without
    // the time spent waiting for a CPU, the ratios are those of a quiet machine.
    auto alone = [](const Cost& c) { return c.wall - c.runQueue; };
    rows.push_back({p1,
                    "ratio without run-queue time (as on a quiet machine), 1 / 100 cases per tx",
                    fixed(alone(base1) / alone(store1), 2) + "× / " +
                        fixed(alone(base100) / alone(store100), 2) + "×",
                    "(for comparison)", ""});

    // Where the time goes, per case: on the CPU in user space (logic, SQLite's b-trees), in the
    // kernel (copying pages into the page cache), or waiting (writeback, checkpoint fsyncs).
    std::vector<std::pair<std::string, Cost>> costs = {
        {"store, 1 case/tx", store1},
        {"baseline, 1 case/tx", base1},
        {"baseline + search rows, 1 case/tx", baseAll1},
        {"store, 100 cases/tx", store100},
        {"baseline, 100 cases/tx", base100},
        {"baseline + search rows, 100 cases/tx", baseAll100},
    };

    if (opt.searchCases > 0) {
        // --- part 2: search ----------------------------------------------------------------------
        const std::int64_t grow = std::max<std::int64_t>(0, opt.searchCases - opt.cases);
        std::cerr << "part 2: grow the store to " << thousands(opt.searchCases)
                  << " cases (1000 per transaction)\n";
        Cost build;
        std::int64_t built = 0;
        while (built < grow) {
            const std::int64_t step = std::min<std::int64_t>(10'000, grow - built);
            build.add(appendCases(*store, gen, clock, step, 1000, &sample, nullptr));
            built += step;
            if (built % 50'000 == 0 || built == grow)
                std::cerr << "  store, 1000 cases/tx: " << thousands(opt.cases + built)
                          << " cases, " << fixed(static_cast<double>(built) / build.wall, 0)
                          << " cases/s\n";
            if (opt.buildBudgetS > 0 && build.wall > opt.buildBudgetS) {
                std::cerr << "  build budget spent: stopping at " << thousands(opt.cases + built)
                          << " cases\n";
                break;
            }
        }
        const std::int64_t total = must(store->caseCount(), "caseCount");
        const std::string p2 = "2 search " + thousands(total) + " cases";
        if (built > 0) {
            build.fileBytes = fileBytes(storeFile100);
            rows.push_back({p2, "grow the store to " + thousands(total) + " cases, 1000 per tx",
                            fixed(build.wall, 0) + " s for " + thousands(built) + " cases (" +
                                thousands(static_cast<std::int64_t>(
                                    std::llround(static_cast<double>(built) / build.wall))) +
                                " cases/s); file " + mib(build.fileBytes),
                            "", ""});
            costs.emplace_back("store, 1000 cases/tx, growing to " + thousands(total), build);
            // Scaled to opt.cases cases, so that the per-case figures below divide alike.
            Cost& scaled = costs.back().second;
            const double k = n / static_cast<double>(built);
            scaled.wall *= k;
            scaled.user *= k;
            scaled.sys *= k;
            scaled.runQueue *= k;
            scaled.walFrames = static_cast<std::int64_t>(static_cast<double>(build.walFrames) * k);
        }

        const auto& facts = sample.items();
        std::mt19937_64 rng(99);
        struct Kind {
            std::string label;
            const std::vector<CaseFacts>* from;
            std::function<std::string(const CaseFacts&)> text;
        };
        std::vector<CaseFacts> threeChar;
        for (const auto& f : facts)
            if (utf8Chars(f.name).size() >= 3)
                threeChar.push_back(f);
        const std::vector<Kind> kinds = {
            {"2-character name (surname + given char)", &facts,
             [](const CaseFacts& f) {
                 const auto c = utf8Chars(f.name);
                 return c[0] + c[1];
             }},
            {"3-character name fragment", &threeChar,
             [](const CaseFacts& f) {
                 const auto c = utf8Chars(f.name);
                 return c[0] + c[1] + c[2];
             }},
            {"ID tail (last 6)", &facts, [](const CaseFacts& f) { return f.idNumber.substr(12); }},
            {"full ID number (18)", &facts, [](const CaseFacts& f) { return f.idNumber; }},
            {"case-number fragment (last 8 of the provisional number)", &facts,
             [](const CaseFacts& f) {
                 return f.provisionalNumber.substr(f.provisionalNumber.size() - 8);
             }},
        };
        std::cerr << "part 2: 200 queries of each kind\n";
        for (const auto& k : kinds) {
            std::vector<double> ms, cpuMs;
            double hits = 0;
            int found = 0, judged = 0; // the case the query was taken from is on the page
            std::string example;
            for (int i = 0; i < 200; ++i) {
                const CaseFacts& f = (*k.from)[std::uniform_int_distribution<std::size_t>(
                    0, k.from->size() - 1)(rng)];
                SearchQuery q;
                q.text = k.text(f);
                q.limit = 50;
                if (i == 0)
                    example = q.text;
                const auto t0 = Steady::now();
                const double c0 = threadCpuMs();
                auto page = must(store->search(q), "search " + q.text);
                cpuMs.push_back(threadCpuMs() - c0);
                ms.push_back(msSince(t0));
                hits += static_cast<double>(page.rows.size());
                const bool on = std::any_of(page.rows.begin(), page.rows.end(),
                                            [&](const auto& r) { return r.caseId == f.caseId; });
                if (on || page.next.empty()) { // a full page may rank it later
                    ++judged;
                    found += on ? 1 : 0;
                }
            }
            if (found != judged)
                die("search \"" + k.label + "\" missed the case it was taken from");
            const Latency l = summarize(ms, hits);
            const Latency cpu = summarize(cpuMs, hits);
            rows.push_back({p2, k.label + ", e.g. " + example,
                            "p50 " + fixed(l.p50, 2) + " ms · p95 " + fixed(l.p95, 2) +
                                " ms · max " + fixed(l.max, 2) + " ms (CPU p95 " +
                                fixed(cpu.p95, 2) + " ms) · " + fixed(l.meanRows, 1) +
                                " rows/query",
                            "p95 < 20 ms", l.p95 < 20.0 ? "yes" : "**no**"});
        }

        // --- part 3: open ------------------------------------------------------------------------
        std::cerr << "part 3: open the store\n";
        store.reset(); // the last connection checkpoints the WAL into the file
        const std::string p3 = "3 open " + thousands(total) + " cases";
        evictFromPageCache(storeFile100);
        const OpenTimes cold = timeOpen(storeFile100, clock);
        std::vector<OpenTimes> warm;
        warm.reserve(5);
        for (int i = 0; i < 5; ++i)
            warm.push_back(timeOpen(storeFile100, clock));
        std::sort(warm.begin(), warm.end(), [](const OpenTimes& a, const OpenTimes& b) {
            return a.open + a.firstPage < b.open + b.firstPage;
        });
        const OpenTimes& med = warm[warm.size() / 2];
        auto openRow = [&](const std::string& label, const OpenTimes& t) {
            const double sum = t.open + t.firstPage;
            rows.push_back({p3,
                            label + ": open " + fixed(t.open, 1) + " ms + first page " +
                                fixed(t.firstPage, 1) + " ms",
                            fixed(sum, 1) + " ms (first page by due date " +
                                fixed(t.firstPageByDue, 1) + " ms)",
                            "< 300 ms", sum < 300.0 ? "yes" : "**no**"});
        };
        openRow("cold (file dropped from the page cache)", cold);
        openRow("warm (median of 5)", med);
        rows.push_back({p3, "unlock, Argon2id t=1 m=1 MiB (this bench's test parameters)",
                        fixed(cold.unlock, 1) + " ms cold, " + fixed(med.unlock, 1) + " ms warm",
                        "", ""});
        {
            // The production parameters: a second user wrapped with KdfParams::interactive().
            EventStore::Options o = storeOptions(clock);
            o.kdf = crypto::KdfParams::interactive();
            {
                auto s = must(EventStore::open(storeFile100, o), "open");
                must(s->unlock(kUser, kPassword), "unlock");
                must(s->addUser("bench-clerk", kPassword), "addUser");
            }
            auto s = must(EventStore::open(storeFile100, o), "open");
            const auto t0 = Steady::now();
            must(s->unlock("bench-clerk", kPassword), "unlock interactive");
            rows.push_back({p3,
                            "unlock, Argon2id t=3 m=64 MiB (KdfParams::interactive, production)",
                            fixed(msSince(t0), 0) + " ms", "(deliberate; not in the 300 ms)", ""});
        }
    }
    store.reset();

    // --- report ----------------------------------------------------------------------------------
    std::cout << "Machine: " << machine
              << "\n\nLoad average (1, 5, 15 min) at the start: " << loadAtStart
              << "; at the end: " << loadAverage() << "\n\n";
    std::cout << "| part | measure | result | goal | met |\n|---|---|---|---|---|\n";
    for (const auto& r : rows)
        std::cout << "| " << r.part << " | " << r.measure << " | " << r.result << " | " << r.goal
                  << " | " << r.met << " |\n";
    std::cout << "\nPer case (5 events), appends only: wall time; CPU time in user space and in "
                 "the kernel; time runnable while other processes held both CPUs; the rest, "
                 "blocked (writeback, checkpoint fsyncs); pages written to the WAL; the file at "
                 "the end.\n\n"
                 "| run | wall ms | user ms | sys ms | run queue ms | blocked ms | WAL KiB | file "
                 "|\n|---|---|---|---|---|---|---|---|\n";
    for (const auto& [label, c] : costs) {
        const double per = 1000.0 / n;
        const double blocked = std::max(0.0, c.wall - c.user - c.sys - c.runQueue);
        std::cout << "| " << label << " | " << fixed(c.wall * per, 3) << " | "
                  << fixed(c.user * per, 3) << " | " << fixed(c.sys * per, 3) << " | "
                  << fixed(c.runQueue * per, 3) << " | " << fixed(blocked * per, 3) << " | "
                  << fixed(static_cast<double>(c.walFrames) * 4.0 / n, 1) << " | "
                  << (c.fileBytes ? mib(c.fileBytes) : std::string("–")) << " |\n";
    }
    std::cout.flush();

    if (!opt.keep) {
        removeDb(storeFile100);
        if (ownDir) {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    } else {
        std::cerr << "store_bench: kept " << dir.string() << "\n";
    }
    return 0;
}
