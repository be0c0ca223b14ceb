#pragma once
// The HTTPS and WebSocket front of bianmin-syncd, on Boost.Beast and OpenSSL.
//
// - One io_context runs on `ioThreads` threads; each connection lives on its own strand, with a
//   timeout on every read and write, a header and body limit, and one response in flight.
// - Handlers (database work) run on a separate worker pool, never on an I/O thread; the response
//   is posted back to the connection's strand. An asynchronous handler may answer later, from
//   any thread (a push waiting in the writer's queue), leaving the worker free at once.
// - TLS 1.2 or newer only.
// - GET /api/v1/poke upgrades to a WebSocket once the authorizer accepts the request; notify()
//   then sends "pull" to every poke connection that may read one of the given readers.
// - stop() is graceful: it stops accepting, lets handlers that started finish (their answers are
//   only ever sent after the store committed, so nothing acknowledged is lost), closes the
//   connections and joins the threads.
//
// Threading: start(), stop() and port() from one controlling thread; notify() and the metrics
// from any thread.
#include "common/domain/result.h"
#include "syncserver/http/http_types.h"
#include "syncserver/http/log.h"
#include "syncserver/http/metrics.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bianmin::syncd {

struct HttpServerConfig {
    std::string address = "127.0.0.1";
    unsigned short port = 0; // 0: any free port (see port())
    std::string certFile;    // PEM chain
    std::string keyFile;     // PEM key
    int ioThreads = 2;
    int workerThreads = 2;
    std::chrono::milliseconds requestTimeout{30'000}; // to read a whole request
    std::chrono::milliseconds idleTimeout{60'000};    // between requests on a kept-alive connection
    std::size_t headerLimit = std::size_t{16} * 1024;
    std::size_t bodyLimit = std::size_t{2} * 1024 * 1024;
    std::size_t maxConnections = 20'000;
};

class HttpServer {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;
    // Answers a request: call exactly once, from any thread.
    using Responder = std::function<void(HttpResponse)>;
    // Runs on a worker; answers through the responder, now or later (copy from the request what
    // is needed later: it lives only for the call). If it throws before answering, the answer is
    // 500.
    using AsyncHandler = std::function<void(const HttpRequest&, Responder)>;
    // Returns the readers of the device behind a poke upgrade request, or an error to refuse it.
    using PokeAuthorizer =
        std::function<domain::Result<std::vector<std::string>>(const HttpRequest&)>;

    HttpServer(HttpServerConfig config, Handler handler, PokeAuthorizer authorizer,
               Metrics& metrics, Logger& log);
    HttpServer(HttpServerConfig config, AsyncHandler handler, PokeAuthorizer authorizer,
               Metrics& metrics, Logger& log);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    domain::Status start();
    unsigned short port() const;
    void notify(const std::vector<std::string>& readers);
    void stop();
    std::size_t openConnections() const;
    std::size_t pokeConnections() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace bianmin::syncd
