#pragma once
// What the benchmarks that start the real bianmin-syncd share (sync_bench, province_bench): the
// server as a child process on a copy of the init-demo database, and what /proc tells about a
// process (resident memory, CPU time). Programs, not library code: a failure prints the reason and
// exits (bench_common.h die()).
//
// Threading: a BenchServer belongs to the thread that made it; the free functions have no shared
// state.
#include "common/net/https_client.h"
#include "tests/support/syncd_process.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace bianmin::bench {

// The q-quantile (0..1) of v by the nearest-rank method; 0 for an empty v.
double percentile(std::vector<double> v, double q);

// A value of /proc/<pid>/status in KiB ("VmRSS", "VmHWM"), or -1.
std::int64_t procStatusKiB(pid_t pid, const std::string& key);
// CPU seconds (user + system, all threads) a process has used so far: /proc/<pid>/stat.
double cpuSeconds(pid_t pid);
// The child of this process whose command is `name` (e.g. "bianmin-syncd"), or -1.
pid_t childPid(const std::string& name);
// Raises this process's open-file limit to the hard limit (many devices, many connections);
// returns the soft limit before and after.
std::pair<std::uint64_t, std::uint64_t> raiseOpenFileLimit();

struct ServerSetup {
    std::filesystem::path program;   // bianmin-syncd
    std::filesystem::path resources; // the reference data for init-demo
    std::filesystem::path cacheDir;  // where the init-demo template and dev certificates are kept
    std::filesystem::path dir;       // this run's database, port file and log
    std::vector<std::string> extraArgs;
};

// bianmin-syncd `serve` on 127.0.0.1 with a fresh copy of the init-demo database and the
// development CA. Stopped (SIGTERM) when destroyed.
class BenchServer {
public:
    explicit BenchServer(const ServerSetup& setup);
    ~BenchServer();
    BenchServer(const BenchServer&) = delete;
    BenchServer& operator=(const BenchServer&) = delete;

    net::HttpsClientConfig config() const;
    // A one-time enrollment code from `admin create-enrollment-code` (a child process each).
    std::string code(const std::string& site) const;
    unsigned short port() const { return m_process->port(); }
    pid_t pid() const { return m_pid; }
    const std::filesystem::path& db() const { return m_db; }
    const std::filesystem::path& ca() const { return m_ca; }
    std::string log() const { return m_process->log(); }

private:
    std::filesystem::path m_db;
    std::filesystem::path m_ca;
    std::unique_ptr<testing::SyncdProcess> m_process;
    pid_t m_pid = -1;
};

} // namespace bianmin::bench
