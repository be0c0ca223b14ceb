#pragma once
// The real bianmin-syncd as a child process, for integration tests: `admin … init-demo` once into
// a template database (shared by every test, copied for each), `serve` on 127.0.0.1 port 0 with
// the port read from --port-file, admin commands run as the operator would run them, and a stop
// that is graceful (SIGTERM) or not (SIGKILL).
//
// The template is cached in a folder given by the caller (the build tree): init-demo costs seconds
// of Argon2 hashing, and ctest runs every test case as its own process. The cache is keyed by the
// size and time of the binary and of the resource files, and built under a file lock, so parallel
// test processes wait for one another instead of racing.
//
// Threading: a SyncdProcess is driven by one test thread; kill() may come from another thread
// (a test cutting the server off in the middle of a request).
#include "common/domain/result.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace bianmin::testing {

struct CommandResult {
    int exitCode = -1; // -1: did not exit normally (signal, timeout, could not start)
    std::string out;
    std::string err;
};

// Runs a program to its end (killed after `timeout`), its output captured.
CommandResult runProgram(const std::filesystem::path& program, const std::vector<std::string>& args,
                         std::chrono::milliseconds timeout = std::chrono::seconds(120));

struct SyncdFiles {
    std::filesystem::path program;    // bianmin-syncd
    std::filesystem::path templateDb; // init-demo done; copy it, never open it
    std::filesystem::path certs;      // dev-certs: ca.pem, server.pem, server.key
};
// Made (or found) once per process; a failure fails the calling test with the reason.
// init-demo may take `initTimeout` (a province-sized organisation hashes thousands of passwords).
domain::Result<SyncdFiles>
syncdFiles(const std::filesystem::path& program, const std::filesystem::path& resources,
           const std::filesystem::path& cacheDir,
           std::chrono::milliseconds initTimeout = std::chrono::minutes(2));

class SyncdProcess {
public:
    struct Options {
        std::filesystem::path program;
        std::filesystem::path db;
        std::filesystem::path certs;
        std::filesystem::path workDir; // port file and logs
        std::vector<std::string> extraArgs;
    };
    explicit SyncdProcess(Options options);
    ~SyncdProcess();
    SyncdProcess(const SyncdProcess&) = delete;
    SyncdProcess& operator=(const SyncdProcess&) = delete;

    // Starts `serve` and waits until the port file names the port (or the process died).
    domain::Status start(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    // SIGTERM, then waits up to `grace`; SIGKILL after that. The exit code (0 for a clean
    // stop), or -1 when it had to be killed or was not running.
    int stop(std::chrono::milliseconds grace = std::chrono::seconds(15));
    // SIGKILL at once and reap. Safe from another thread while the test thread is blocked.
    void kill();
    bool running() const { return m_pid.load() > 0; }
    unsigned short port() const { return m_port; }
    const Options& options() const { return m_options; }
    std::string log() const; // the server's stderr (JSON lines) of every run so far

    // `bianmin-syncd admin --db <db> args…` (safe while serving: SQLite WAL).
    CommandResult admin(const std::vector<std::string>& args) const;
    // A one-time code from `admin create-enrollment-code`; empty with `why` set on failure.
    std::string enrollmentCode(const std::string& site, const std::string& department,
                               std::string& why) const;

private:
    Options m_options;
    std::atomic<pid_t> m_pid{-1};
    unsigned short m_port = 0;
    int m_runs = 0;
};

} // namespace bianmin::testing
