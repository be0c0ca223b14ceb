#include "tests/support/syncd_process.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX, for execve

namespace bianmin::testing {

namespace fs = std::filesystem;
using domain::Error;
using domain::ErrorKind;
using namespace std::chrono_literals;

namespace {

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Error failure(std::string message) {
    return Error{ErrorKind::Retryable, "syncd", std::move(message)};
}

// Starts `program args…` with stdin from /dev/null and stdout and stderr appended to the given
// files. fork and exec rather than posix_spawn, for two things only the child can do: it dies
// with the test process (PR_SET_PDEATHSIG), so a test run cut short (a ctest timeout, SIGPIPE)
// leaves no server behind; and it keeps none of the test's other descriptors (ctest's output
// pipe, say), which would make ctest wait for it.
pid_t spawn(const fs::path& program, const std::vector<std::string>& args, const fs::path& out,
            const fs::path& err, std::string& why) {
    std::vector<std::string> argv{program.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    cargv.reserve(argv.size() + 1);
    for (auto& a : argv)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);
    // Everything the child needs is made before the fork: after it, only async-signal-safe calls.
    const std::string path = program.string();
    const std::string outPath = out.string();
    const std::string errPath = err.string();
    const pid_t parent = getpid();
    const long maxFd = std::max(sysconf(_SC_OPEN_MAX), 1024L);
    const pid_t pid = fork();
    if (pid < 0) {
        why = std::string("fork: ") + std::strerror(errno);
        return -1;
    }
    if (pid == 0) {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
            _exit(126); // the test process is already gone
        const int in = ::open("/dev/null", O_RDONLY);
        const int o = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        const int e = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (in < 0 || o < 0 || e < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        if (close_range(3, ~0U, 0) != 0)
            for (long fd = 3; fd < maxFd; ++fd)
                ::close(static_cast<int>(fd));
        execve(path.c_str(), cargv.data(), environ);
        _exit(127);
    }
    return pid;
}

// Waits up to `wait` for the child: its exit code, -1 when a signal ended it (or it is gone),
// nullopt while it still runs.
std::optional<int> waitFor(pid_t pid, std::chrono::milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (true) {
        int status = 0;
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (r < 0 && errno != EINTR)
            return -1; // reaped elsewhere
        if (std::chrono::steady_clock::now() >= deadline)
            return std::nullopt;
        std::this_thread::sleep_for(5ms);
    }
}

std::atomic<int> g_runCounter{0};

// The identity of the inputs of the template: the binary and every resource file.
std::string stampOf(const fs::path& program, const fs::path& resources) {
    std::ostringstream s;
    auto add = [&s](const fs::path& p) {
        std::error_code ec;
        const auto size = fs::file_size(p, ec);
        const auto time = fs::last_write_time(p, ec);
        s << p.string() << ' ' << size << ' ' << time.time_since_epoch().count() << '\n';
    };
    add(program);
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(resources, ec))
        if (e.is_regular_file())
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files)
        add(f);
    return s.str();
}

// An exclusive lock on a file, for as long as the object lives.
class FileLock {
public:
    explicit FileLock(const fs::path& p)
        : m_fd(::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
        if (m_fd >= 0)
            while (flock(m_fd, LOCK_EX) != 0 && errno == EINTR) {
            }
    }
    ~FileLock() {
        if (m_fd >= 0)
            ::close(m_fd); // releases the lock
    }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    bool ok() const { return m_fd >= 0; }

private:
    int m_fd;
};

domain::Result<SyncdFiles> makeFiles(const fs::path& program, const fs::path& resources,
                                     const fs::path& cacheDir,
                                     std::chrono::milliseconds initTimeout) {
    std::error_code ec;
    fs::create_directories(cacheDir, ec);
    if (ec)
        return failure("cannot make " + cacheDir.string() + ": " + ec.message());
    FileLock lock(cacheDir / "lock");
    if (!lock.ok())
        return failure("cannot lock " + (cacheDir / "lock").string());
    SyncdFiles files{program, cacheDir / "demo-template.db", cacheDir / "certs"};
    const fs::path stampFile = cacheDir / "stamp";
    const std::string stamp = stampOf(program, resources);
    if (fs::exists(files.templateDb) && fs::exists(files.certs / "ca.pem") &&
        fs::exists(files.certs / "server.pem") && fs::exists(files.certs / "server.key") &&
        readFile(stampFile) == stamp)
        return files;

    fs::remove(stampFile, ec);
    const fs::path building = cacheDir / "demo-template.building";
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(building.string() + suffix, ec);
        fs::remove(files.templateDb.string() + suffix, ec);
    }
    fs::remove_all(files.certs, ec);
    const CommandResult init = runProgram(
        program,
        {"admin", "--db", building.string(), "init-demo", "--resources", resources.string()},
        initTimeout);
    if (init.exitCode != 0)
        return failure("init-demo failed (" + std::to_string(init.exitCode) + "): " + init.err);
    if (fs::exists(building.string() + "-wal"))
        return failure("init-demo left a WAL file behind; the template would not be one file");
    fs::rename(building, files.templateDb, ec);
    if (ec)
        return failure("cannot rename the template: " + ec.message());
    const CommandResult certs = runProgram(program, {"dev-certs", files.certs.string()});
    if (certs.exitCode != 0)
        return failure("dev-certs failed: " + certs.err);
    std::ofstream(stampFile, std::ios::binary | std::ios::trunc) << stamp;
    return files;
}

} // namespace

CommandResult runProgram(const fs::path& program, const std::vector<std::string>& args,
                         std::chrono::milliseconds timeout) {
    CommandResult result;
    const std::string base =
        "bianmin-run-" + std::to_string(getpid()) + "-" + std::to_string(g_runCounter.fetch_add(1));
    const fs::path out = fs::temp_directory_path() / (base + ".out");
    const fs::path err = fs::temp_directory_path() / (base + ".err");
    std::string why;
    const pid_t pid = spawn(program, args, out, err, why);
    if (pid < 0) {
        result.err = why;
        return result;
    }
    auto code = waitFor(pid, timeout);
    if (!code) {
        ::kill(pid, SIGKILL);
        code = waitFor(pid, 10s);
        why = "timed out after " + std::to_string(timeout.count()) + " ms\n";
    }
    result.exitCode = code.value_or(-1);
    result.out = readFile(out);
    result.err = why + readFile(err);
    std::error_code ec;
    fs::remove(out, ec);
    fs::remove(err, ec);
    return result;
}

domain::Result<SyncdFiles> syncdFiles(const fs::path& program, const fs::path& resources,
                                      const fs::path& cacheDir,
                                      std::chrono::milliseconds initTimeout) {
    static std::mutex mutex;
    static std::optional<domain::Result<SyncdFiles>> once;
    const std::lock_guard lock(mutex);
    if (!once)
        once = makeFiles(program, resources, cacheDir, initTimeout);
    return *once;
}

SyncdProcess::SyncdProcess(Options options)
    : m_options(std::move(options)) {}

SyncdProcess::~SyncdProcess() {
    stop();
}

domain::Status SyncdProcess::start(std::chrono::milliseconds timeout) {
    if (running())
        return failure("already running");
    const fs::path portFile = m_options.workDir / "syncd.port";
    std::error_code ec;
    fs::remove(portFile, ec);
    std::vector<std::string> args{"serve",
                                  "--db",
                                  m_options.db.string(),
                                  "--dev-certs",
                                  m_options.certs.string(),
                                  "--address",
                                  "127.0.0.1",
                                  "--port",
                                  "0",
                                  "--port-file",
                                  portFile.string()};
    args.insert(args.end(), m_options.extraArgs.begin(), m_options.extraArgs.end());
    ++m_runs;
    std::string why;
    const pid_t pid = spawn(m_options.program, args, m_options.workDir / "syncd.out",
                            m_options.workDir / "syncd.log", why);
    if (pid < 0)
        return failure(why);
    m_pid = pid;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (fs::exists(portFile)) {
            std::istringstream in(readFile(portFile));
            int port = 0;
            if (in >> port && port > 0 && port < 65536) {
                m_port = static_cast<unsigned short>(port);
                return domain::ok();
            }
        }
        if (const pid_t p = m_pid.load(); p > 0) {
            if (auto code = waitFor(p, 0ms)) {
                m_pid = -1;
                return failure("bianmin-syncd serve exited with " + std::to_string(*code) + ": " +
                               log());
            }
        }
        std::this_thread::sleep_for(10ms);
    }
    kill();
    return failure("bianmin-syncd did not write its port within " +
                   std::to_string(timeout.count()) + " ms: " + log());
}

int SyncdProcess::stop(std::chrono::milliseconds grace) {
    const pid_t pid = m_pid.exchange(-1);
    if (pid <= 0)
        return -1;
    ::kill(pid, SIGTERM);
    if (auto code = waitFor(pid, grace))
        return *code;
    ::kill(pid, SIGKILL);
    (void)waitFor(pid, 10s);
    return -1;
}

void SyncdProcess::kill() {
    const pid_t pid = m_pid.exchange(-1);
    if (pid <= 0)
        return;
    ::kill(pid, SIGKILL);
    (void)waitFor(pid, 10s);
}

std::string SyncdProcess::log() const {
    return readFile(m_options.workDir / "syncd.log");
}

CommandResult SyncdProcess::admin(const std::vector<std::string>& args) const {
    std::vector<std::string> full{"admin", "--db", m_options.db.string()};
    full.insert(full.end(), args.begin(), args.end());
    return runProgram(m_options.program, full);
}

std::string SyncdProcess::enrollmentCode(const std::string& site, const std::string& department,
                                         std::string& why) const {
    std::vector<std::string> args{"create-enrollment-code", "--site", site};
    if (!department.empty()) {
        args.emplace_back("--department");
        args.push_back(department);
    }
    const CommandResult r = admin(args);
    if (r.exitCode != 0) {
        why = "create-enrollment-code exited with " + std::to_string(r.exitCode) + ": " + r.err;
        return {};
    }
    // The code is the one XXXX-XXXX-XXXX-XXXX word of the output.
    std::istringstream in(r.out);
    std::string word;
    while (in >> word) {
        if (word.size() == 19 && word[4] == '-' && word[9] == '-' && word[14] == '-')
            return word;
    }
    why = "no code in the output of create-enrollment-code: " + r.out;
    return {};
}

} // namespace bianmin::testing
