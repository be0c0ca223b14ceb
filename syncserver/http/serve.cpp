#include "syncserver/http/serve.h"

#include "common/domain/json_read.h"
#include "common/refdata/reference_files.h"
#include "syncserver/console/console_api.h"
#include "syncserver/http/api.h"
#include "syncserver/http/dev_pki.h"
#include "syncserver/http/http_server.h"
#include "syncserver/store/sqlite_server_store.h"
#include "syncserver/sync/sqlite_sync_service.h"

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <ostream>
#include <pthread.h>
#include <stop_token>
#include <thread>

namespace bianmin::syncd {

namespace {

struct ServeConfig {
    std::string db = "syncd.db";
    std::string devCerts;
    std::string portFile;
    bool testClock = false; // POST /console/api/test/clock may set the clock (tests only)
    HttpServerConfig http;
    std::int64_t maxQueuedPushes = static_cast<std::int64_t>(ServiceOptions{}.maxQueuedPushes);
};

bool readConfigFile(const std::string& path, ServeConfig& c, std::ostream& err) {
    auto text = refdata::readTextFile(path);
    if (!text) {
        err << "bianmin-syncd: " << text.error().message << "\n";
        return false;
    }
    auto doc = domain::parseJsonDocument(*text, path);
    if (!doc || !doc->is_object()) {
        err << "bianmin-syncd: " << (doc ? path + ": not a JSON object" : doc.error().message)
            << "\n";
        return false;
    }
    const auto& o = doc->get_object();
    auto str = [&](const char* k, std::string& into) {
        if (const auto* v = o.if_contains(k); v && v->is_string())
            into = std::string(v->get_string());
    };
    auto num = [&](const char* k) -> std::optional<std::int64_t> {
        if (const auto* v = o.if_contains(k); v && v->is_int64())
            return v->get_int64();
        return std::nullopt;
    };
    str("db", c.db);
    str("address", c.http.address);
    str("cert", c.http.certFile);
    str("key", c.http.keyFile);
    str("portFile", c.portFile);
    str("devCerts", c.devCerts);
    if (auto v = num("port"))
        c.http.port = static_cast<unsigned short>(*v);
    if (auto v = num("ioThreads"))
        c.http.ioThreads = static_cast<int>(*v);
    if (auto v = num("workerThreads"))
        c.http.workerThreads = static_cast<int>(*v);
    if (auto v = num("requestTimeoutMs"))
        c.http.requestTimeout = std::chrono::milliseconds(*v);
    if (auto v = num("bodyLimit"))
        c.http.bodyLimit = static_cast<std::size_t>(*v);
    if (auto v = num("maxQueuedPushes"))
        c.maxQueuedPushes = *v;
    return true;
}

bool parseArgs(const std::vector<std::string>& args, ServeConfig& c, std::ostream& err) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--test-clock") {
            c.testClock = true;
            continue;
        }
        if (i + 1 >= args.size()) {
            err << "bianmin-syncd serve: " << a << " needs a value\n";
            return false;
        }
        const std::string& v = args[++i];
        try {
            if (a == "--config") {
                if (!readConfigFile(v, c, err))
                    return false;
            } else if (a == "--db")
                c.db = v;
            else if (a == "--address")
                c.http.address = v;
            else if (a == "--port")
                c.http.port = static_cast<unsigned short>(std::stoi(v));
            else if (a == "--cert")
                c.http.certFile = v;
            else if (a == "--key")
                c.http.keyFile = v;
            else if (a == "--io-threads")
                c.http.ioThreads = std::stoi(v);
            else if (a == "--workers")
                c.http.workerThreads = std::stoi(v);
            else if (a == "--request-timeout-ms")
                c.http.requestTimeout = std::chrono::milliseconds(std::stoi(v));
            else if (a == "--body-limit")
                c.http.bodyLimit = static_cast<std::size_t>(std::stoll(v));
            else if (a == "--max-queued-pushes")
                c.maxQueuedPushes = std::stoll(v);
            else if (a == "--port-file")
                c.portFile = v;
            else if (a == "--dev-certs")
                c.devCerts = v;
            else {
                err << "bianmin-syncd serve: unknown option " << a << "\n";
                return false;
            }
        } catch (const std::exception&) {
            err << "bianmin-syncd serve: bad value for " << a << ": " << v << "\n";
            return false;
        }
    }
    return true;
}

// How often the server looks for events that another process (the admin CLI) stored in the same
// database. A poke reaches the devices within this plus a round trip: well inside the 2 s the
// poke channel promises.
constexpr std::chrono::milliseconds kWatchInterval{300};

// Polls the store for events written by another process and pokes their readers, until stopped.
// Its own thread; the service's pokeForeignChanges is safe alongside the workers' pushes.
std::jthread startWatcher(StoreSyncService& service, Logger& log) {
    if (auto first = service.pokeForeignChanges(); !first)
        log.warn("watch", {{"error", first.error().message}});
    return std::jthread([&service, &log](const std::stop_token& stop) {
        std::mutex mutex;
        std::condition_variable_any wake;
        while (true) {
            {
                std::unique_lock lock(mutex);
                if (wake.wait_for(lock, stop, kWatchInterval, [] { return false; }) ||
                    stop.stop_requested())
                    return;
            }
            auto changed = service.pokeForeignChanges();
            if (!changed)
                log.warn("watch", {{"error", changed.error().message}});
            else if (*changed > 0)
                log.info("poked for changes made by another process",
                         {{"cases", std::to_string(*changed)}});
        }
    });
}

bool ensureDevCerts(const std::string& dir, std::ostream& err) {
    const std::filesystem::path d(dir);
    if (std::filesystem::exists(d / "server.pem") && std::filesystem::exists(d / "server.key"))
        return true;
    auto pki = makeDevPki({"localhost"}, {"127.0.0.1"});
    if (!pki || !writeDevPki(*pki, d)) {
        err << "bianmin-syncd: cannot make development certificates in " << dir << "\n";
        return false;
    }
    return true;
}

} // namespace

int runDevCerts(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.size() != 1) {
        err << "usage: bianmin-syncd dev-certs DIR\n";
        return 2;
    }
    if (!ensureDevCerts(args[0], err))
        return 1;
    out << "development CA and server certificate in " << args[0]
        << " (ca.pem is the CA to trust)\n";
    return 0;
}

int runServe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ServeConfig c;
    if (!parseArgs(args, c, err))
        return 2;
    if (!c.devCerts.empty() && c.http.certFile.empty()) {
        if (!ensureDevCerts(c.devCerts, err))
            return 1;
        c.http.certFile = (std::filesystem::path(c.devCerts) / "server.pem").string();
        c.http.keyFile = (std::filesystem::path(c.devCerts) / "server.key").string();
    }
    if (c.maxQueuedPushes < 1) {
        err << "bianmin-syncd serve: maxQueuedPushes must be at least 1\n";
        return 2;
    }
    if (c.http.certFile.empty() || c.http.keyFile.empty()) {
        err << "bianmin-syncd serve: --cert and --key (or --dev-certs DIR) are required\n";
        return 2;
    }
    // Signals are taken by sigwait below, in this thread only: block them before any thread
    // starts so that every thread inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    Logger log;
    Metrics metrics;
    auto store = SqliteServerStore::open(c.db);
    if (!store) {
        err << "bianmin-syncd: " << store.error().message << "\n";
        return 1;
    }
    // The server's clock: the system's, moved by an offset in test mode only.
    std::atomic<domain::Instant> clockOffset{0};
    const Clock clock = [&clockOffset] { return systemNow() + clockOffset.load(); };
    ServiceOptions serviceOptions;
    serviceOptions.now = clock;
    serviceOptions.maxQueuedPushes = static_cast<std::size_t>(c.maxQueuedPushes);
    StoreSyncService service(**store, serviceOptions);
    console::ConsoleOptions consoleOptions;
    consoleOptions.now = clock;
    if (c.testClock) {
        log.warn("test clock enabled: POST /console/api/test/clock sets the server's time");
        consoleOptions.setNow = [&clockOffset](domain::Instant t) {
            clockOffset = t - systemNow();
        };
    }
    console::ConsoleApi consoleApi(**store, service, log, consoleOptions);
    ApiRouter api(service, metrics, log, &consoleApi);
    HttpServer server(
        c.http,
        HttpServer::AsyncHandler([&api](const HttpRequest& r, const HttpServer::Responder& done) {
            api.handleAsync(r, done);
        }),
        [&api](const HttpRequest& r) { return api.authorizePoke(r); }, metrics, log);
    service.setPokeSink(
        [&server](const std::vector<std::string>& readers) { server.notify(readers); });
    if (auto st = server.start(); !st) {
        err << "bianmin-syncd: " << st.error().message << "\n";
        return 1;
    }
    if (!c.portFile.empty()) {
        const std::string tmp = c.portFile + ".tmp";
        std::ofstream(tmp) << server.port() << "\n";
        std::filesystem::rename(tmp, c.portFile);
    }
    std::jthread watcher = startWatcher(service, log);
    log.info("listening",
             {{"address", c.http.address}, {"port", std::to_string(server.port())}, {"db", c.db}});
    out << "bianmin-syncd listening on https://" << c.http.address << ":" << server.port()
        << std::endl;
    int sig = 0;
    sigwait(&signals, &sig);
    log.info("stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
    watcher.request_stop();
    watcher.join();
    server.stop();
    log.info("stopped");
    return 0;
}

} // namespace bianmin::syncd
