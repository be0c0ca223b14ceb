#pragma once
// What the benchmarks share (store_bench, sync_bench): realistic cases of the demo city, the raw
// SQLite ingest baseline of the store issue, the cost of a timed section, the machine, and a few
// formatting helpers. Programs, not library code: a failure prints the reason and exits.
//
// Threading: a CaseGenerator and a baseline run belong to one thread; the free functions have no
// shared state.
#include "common/domain/case_fold.h"
#include "common/domain/ids.h"
#include "common/refdata/reference_files.h"
#include "common/store/event_store.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;

namespace bianmin::bench {

using Steady = std::chrono::steady_clock;

inline constexpr std::size_t kEventsPerCase = 5;

// Prints "<program>: what" to stderr and exits with 1.
[[noreturn]] void die(const std::string& what);

template <typename T>
T must(domain::Result<T> r, const std::string& what) {
    if (!r)
        die(what + ": " + r.error().code + ": " + r.error().message);
    return std::move(*r);
}

double secondsSince(Steady::time_point t0);
double msSince(Steady::time_point t0);
std::string fixed(double v, int decimals);
std::string thousands(std::int64_t n); // 12,345
std::string mib(std::uintmax_t bytes); // "12 MiB"
// The bytes of a database with its -wal and -shm files, and their removal.
std::uintmax_t fileBytes(const std::filesystem::path& db);
void removeDb(const std::filesystem::path& db);
// Code points of a UTF-8 string.
std::vector<std::string> utf8Chars(std::string_view s);

// The machine, for the report.
std::string cpuModel();
std::string memTotal();    // "23.5 GiB RAM"
std::string loadAverage(); // "1.00 0.80 0.50"
std::string fsType(const std::filesystem::path& dir);

// --- the time source the store reads (lights, due dates) -----------------------------------------

class BenchClock final : public store::Clock {
public:
    domain::Instant now() const override { return t; }
    domain::Instant t = 0;
};

// --- realistic cases -----------------------------------------------------------------------------

// What a search can be asked about a stored case.
struct CaseFacts {
    std::string caseId;
    std::string name;
    std::string idNumber;
    std::string provisionalNumber;
};

struct GeneratedCase {
    std::vector<domain::Event> events; // receive, notify_missing, supplement, accept, forward
    const domain::Item* item = nullptr;
    std::string window;
    CaseFacts facts;
};

// Cases as the client makes them: UUIDv7 ids, HLC stamps per device, provisional numbers per site
// and day, applicants with Chinese names and valid resident IDs, items of the demo catalog that the
// site forwards, receipts 1–32 s apart in working hours from Monday 2026-01-05. Each case is
// 收件 (one required material missing), 一次性告知, 补齐补正, 受理, 转报; every event legal.
class CaseGenerator {
public:
    struct Options {
        // Only this site's cases (a hall or a room); empty: the whole city, four cases in ten at
        // the 14 halls and six at the village rooms.
        std::string onlySite;
        // With onlySite: the actor of every event (a real user and device of that site).
        std::optional<domain::Actor> actor;
        // Query password hashes to reuse (each costs 20 000 PBKDF2 rounds); empty: make 16.
        std::vector<std::string> queryHashes;
    };

    CaseGenerator(const refdata::ReferenceData& ref, std::uint64_t seed)
        : CaseGenerator(ref, seed, Options{}) {}
    CaseGenerator(const refdata::ReferenceData& ref, std::uint64_t seed, Options options);

    domain::Instant clock() const { return m_clock; }
    GeneratedCase next();

    // The sites this generator receives cases at: the halls, then the rooms.
    std::vector<std::string> siteIds() const;
    const std::vector<std::string>& queryHashes() const { return m_queryHashes; }

private:
    struct SiteState {
        const domain::Site* site = nullptr;
        std::vector<const domain::Item*> items;
        domain::Actor actor;
        std::optional<domain::Party> agent;
        std::string address;
        domain::Hlc hlc;
        std::int32_t day = -1;
        int seq = 0;
    };
    std::size_t pick(std::size_t n);
    domain::RandomBytes randomBytes();
    void advance();
    std::string name();
    std::string residentId();
    std::string phone();
    domain::Event make(SiteState& s, const std::string& caseId, domain::Instant t,
                       std::string parent, domain::Payload p);

    const refdata::ReferenceData& m_ref;
    std::mt19937_64 m_rng;
    std::discrete_distribution<std::size_t> m_surname;
    std::discrete_distribution<std::size_t> m_given;
    std::vector<SiteState> m_halls;
    std::vector<SiteState> m_rooms;
    std::vector<std::string> m_queryHashes;
    domain::Instant m_clock = 0;
};

// --- what a timed section costs ------------------------------------------------------------------

// Counts the pages each commit writes to the WAL. Installing a WAL hook replaces SQLite's
// auto-checkpoint hook, so this one does what that one does: a passive checkpoint once the WAL
// holds 1000 pages (sqlite3WalDefaultHook).
class WalCounter {
public:
    explicit WalCounter(sqlite3* db);
    std::int64_t frames() const { return m_frames; }

private:
    static int hook(void* self, sqlite3* db, const char* name, int walFrames);
    std::int64_t m_frames = 0;
    int m_last = 0;
};

// Wall time, CPU time (user, system), time spent runnable while other processes had the CPUs,
// and WAL pages of the timed sections of a run.
struct Cost {
    double wall = 0, user = 0, sys = 0, runQueue = 0; // seconds
    std::int64_t walFrames = 0;
    std::uintmax_t fileBytes = 0;
    void add(const Cost& o) {
        wall += o.wall;
        user += o.user;
        sys += o.sys;
        runQueue += o.runQueue;
        walFrames += o.walFrames;
    }
};

// Seconds this process has waited on a run queue (/proc/self/schedstat: its main thread).
double runQueueSeconds();

class Meter {
public:
    void start();
    void stop(Cost& c) const;

private:
    Steady::time_point m_t0;
    double m_user0 = 0, m_sys0 = 0, m_q0 = 0;
};

// --- the raw SQLite baseline ---------------------------------------------------------------------

// Inserts n cases from `gen` into tables of the store's shape with plain sqlite3: no domain logic,
// no encryption, the store's journal mode, synchronous level and transactions of casesPerTx cases;
// with `searchRows`, the FTS, name-gram and statistics rows too. Only the inserts are timed; the
// file is removed afterwards. Progress, with `label`, on stderr.
Cost baselineAppend(const std::filesystem::path& file, CaseGenerator& gen, std::int64_t n,
                    std::size_t casesPerTx, bool searchRows, const char* label);

} // namespace bianmin::bench
