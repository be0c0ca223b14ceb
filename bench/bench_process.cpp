#include "bench/bench_process.h"

#include "bench/bench_common.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

namespace bianmin::bench {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

double percentile(std::vector<double> v, double q) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::int64_t procStatusKiB(pid_t pid, const std::string& key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0)
            return std::stoll(line.substr(key.size() + 1));
    return -1;
}

double cpuSeconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return 0;
    std::istringstream rest(stat.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) // fields 14 and 15: utime, stime
        if (i >= 14)
            ticks += std::stod(field);
    return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

pid_t childPid(const std::string& name) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/proc", ec)) {
        const std::string pid = e.path().filename().string();
        if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos)
            continue;
        std::ifstream in(e.path() / "stat");
        std::string stat;
        std::getline(in, stat);
        const auto open = stat.find('(');
        const auto close = stat.rfind(')');
        if (open == std::string::npos || close == std::string::npos)
            continue;
        std::istringstream rest(stat.substr(close + 2));
        char state = 0;
        pid_t ppid = 0;
        rest >> state >> ppid;
        if (ppid == ::getpid() && stat.substr(open + 1, close - open - 1) == name)
            return static_cast<pid_t>(std::stol(pid));
    }
    return -1;
}

std::pair<std::uint64_t, std::uint64_t> raiseOpenFileLimit() {
    rlimit nofile{};
    ::getrlimit(RLIMIT_NOFILE, &nofile);
    const std::uint64_t before = nofile.rlim_cur;
    nofile.rlim_cur = nofile.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &nofile);
    ::getrlimit(RLIMIT_NOFILE, &nofile);
    return {before, nofile.rlim_cur};
}

BenchServer::BenchServer(const ServerSetup& setup) {
    const auto files =
        must(testing::syncdFiles(setup.program, setup.resources, setup.cacheDir, 30min),
             "the demo template (init-demo) and dev certificates");
    fs::create_directories(setup.dir);
    m_db = setup.dir / "syncd.db";
    removeDb(m_db);
    fs::copy_file(files.templateDb, m_db);
    m_ca = files.certs / "ca.pem";
    m_process = std::make_unique<testing::SyncdProcess>(testing::SyncdProcess::Options{
        files.program, m_db, files.certs, setup.dir, setup.extraArgs});
    must(m_process->start(), "start bianmin-syncd");
    m_pid = childPid("bianmin-syncd");
}

BenchServer::~BenchServer() {
    m_process->stop();
}

net::HttpsClientConfig BenchServer::config() const {
    net::HttpsClientConfig c;
    c.host = "127.0.0.1";
    c.port = m_process->port();
    c.caFile = m_ca.string();
    c.connectTimeout = 30s;
    c.requestTimeout = 300s;
    return c;
}

std::string BenchServer::code(const std::string& site) const {
    std::string why;
    std::string c = m_process->enrollmentCode(site, {}, why);
    if (c.empty())
        die("enrollment code for " + site + ": " + why);
    return c;
}

} // namespace bianmin::bench
