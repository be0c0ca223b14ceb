#include "syncserver/http/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

namespace bianmin::syncd {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using domain::Error;
using domain::ErrorKind;

HttpResponse jsonError(int status, const std::string& code, const std::string& message) {
    HttpResponse r;
    r.status = status;
    r.headers["content-type"] = "application/json; charset=utf-8";
    boost::json::object err{{"code", code}, {"message", message}};
    r.body = boost::json::serialize(boost::json::object{{"v", 1}, {"error", err}});
    return r;
}

namespace {

class WsSession;

// Poke connections by reader, to find who to tell when events arrive.
class PokeHub {
public:
    void add(const std::vector<std::string>& readers, const std::shared_ptr<WsSession>& s) {
        std::lock_guard lock(m_mutex);
        for (const auto& r : readers)
            m_byReader[r].push_back(s);
        ++m_count;
    }
    void removed() {
        std::lock_guard lock(m_mutex);
        --m_count;
    }
    std::vector<std::shared_ptr<WsSession>> sessionsFor(const std::vector<std::string>& readers) {
        std::lock_guard lock(m_mutex);
        std::vector<std::shared_ptr<WsSession>> out;
        std::set<WsSession*> seen;
        for (const auto& r : readers) {
            auto it = m_byReader.find(r);
            if (it == m_byReader.end())
                continue;
            auto& list = it->second;
            for (auto w = list.begin(); w != list.end();) {
                if (auto s = w->lock()) {
                    if (seen.insert(s.get()).second)
                        out.push_back(std::move(s));
                    ++w;
                } else {
                    w = list.erase(w);
                }
            }
        }
        return out;
    }
    std::vector<std::shared_ptr<WsSession>> all() {
        std::lock_guard lock(m_mutex);
        std::vector<std::shared_ptr<WsSession>> out;
        std::set<WsSession*> seen;
        for (auto& [r, list] : m_byReader)
            for (auto& w : list)
                if (auto s = w.lock(); s && seen.insert(s.get()).second)
                    out.push_back(std::move(s));
        return out;
    }
    std::size_t count() const {
        std::lock_guard lock(m_mutex);
        return m_count;
    }

private:
    mutable std::mutex m_mutex;
    std::map<std::string, std::vector<std::weak_ptr<WsSession>>> m_byReader;
    std::size_t m_count = 0;
};

// The status for a refused poke upgrade, as the API gives for the same errors.
int refusalStatus(const Error& e) {
    switch (e.kind) {
    case ErrorKind::NotPermitted:
        return e.code == "revoked" || e.code == "forbidden" ? 403 : 401;
    case ErrorKind::InvalidInput:
        return 400;
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::Conflict:
        return 409;
    case ErrorKind::Retryable:
        return 503;
    }
    return 500;
}

std::string makeRequestId() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id(16, '0');
    std::uint64_t v = rng();
    for (auto& c : id) {
        c = kHex[v & 0xF];
        v >>= 4;
    }
    return id;
}

} // namespace

struct HttpServer::Impl {
    Impl(HttpServerConfig c, AsyncHandler h, PokeAuthorizer a, Metrics& m, Logger& l)
        : config(std::move(c))
        , handler(std::move(h))
        , authorizer(std::move(a))
        , metrics(m)
        , log(l)
        , ioc(config.ioThreads)
        , tls(ssl::context::tls_server)
        , acceptor(net::make_strand(ioc))
        , workers(static_cast<std::size_t>(config.workerThreads)) {}

    HttpServerConfig config;
    AsyncHandler handler;
    PokeAuthorizer authorizer;
    Metrics& metrics;
    Logger& log;
    net::io_context ioc;
    // Keeps the I/O threads running while a handler is out on the worker pool with no socket
    // operation pending (during stop, when the acceptor is already closed).
    std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
    ssl::context tls;
    tcp::acceptor acceptor;
    net::thread_pool workers;
    std::vector<std::thread> threads;
    PokeHub hub;
    std::atomic<std::size_t> connections{0};
    // Idle-closers of live HTTP sessions, so that stop() ends idle kept-alive connections at once
    // instead of waiting out their idle timeout.
    std::mutex sessionsMutex;
    std::vector<std::pair<std::weak_ptr<void>, std::function<void()>>> idleClosers;
    std::atomic<bool> stopping{false};
    unsigned short boundPort = 0;

    void accept();
};

namespace {

// A WebSocket poke connection: sends "pull" when told; reads only to notice a close.
class WsSession : public std::enable_shared_from_this<WsSession> {
public:
    WsSession(beast::ssl_stream<beast::tcp_stream>&& stream, HttpServer::Impl& server)
        : m_ws(std::move(stream))
        , m_server(server) {}
    ~WsSession() {
        if (!m_added)
            return;
        m_server.hub.removed();
        m_server.metrics.addGauge("bianmin_poke_connections", "", -1);
    }

    void run(const http::request<http::string_body>& req, std::vector<std::string> readers) {
        beast::get_lowest_layer(m_ws).expires_never();
        m_ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        m_ws.async_accept(req, beast::bind_front_handler(&WsSession::onAccept, shared_from_this(),
                                                         std::move(readers)));
    }

    // Any thread: queue a "pull" unless one is already waiting.
    void poke() {
        net::post(m_ws.get_executor(), [self = shared_from_this()] {
            if (self->m_pending || self->m_closed)
                return;
            self->m_pending = true;
            if (!self->m_writing)
                self->write();
        });
    }
    void close() {
        net::post(m_ws.get_executor(), [self = shared_from_this()] {
            if (self->m_closed)
                return;
            self->m_closed = true;
            self->m_ws.async_close(websocket::close_code::going_away, [self](beast::error_code) {});
        });
    }

private:
    void onAccept(const std::vector<std::string>& readers, beast::error_code ec) {
        if (ec)
            return;
        m_server.hub.add(readers, shared_from_this());
        m_added = true;
        m_server.metrics.addGauge("bianmin_poke_connections", "", 1);
        read();
    }
    void read() {
        m_ws.async_read(m_buffer,
                        beast::bind_front_handler(&WsSession::onRead, shared_from_this()));
    }
    void onRead(beast::error_code ec, std::size_t) {
        if (ec) {
            m_closed = true;
            return; // closed or timed out: the session ends with its last reference
        }
        m_buffer.consume(m_buffer.size()); // clients have nothing to say on this channel
        read();
    }
    void write() {
        m_writing = true;
        m_pending = false;
        m_ws.text(true);
        m_ws.async_write(net::buffer(kPull),
                         beast::bind_front_handler(&WsSession::onWrite, shared_from_this()));
    }
    void onWrite(beast::error_code ec, std::size_t) {
        m_writing = false;
        if (ec) {
            m_closed = true;
            return;
        }
        if (m_pending && !m_closed)
            write();
    }

    static constexpr std::string_view kPull = "pull";
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> m_ws;
    HttpServer::Impl& m_server;
    beast::flat_buffer m_buffer;
    bool m_pending = false;
    bool m_writing = false;
    bool m_closed = false;
    bool m_added = false;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, HttpServer::Impl& server)
        : m_stream(std::move(socket), server.tls)
        , m_server(server) {
        beast::error_code ec;
        const auto ep = beast::get_lowest_layer(m_stream).socket().remote_endpoint(ec);
        m_remote = ec ? std::string("?") : ep.address().to_string();
    }
    ~HttpSession() {
        --m_server.connections;
        m_server.metrics.addGauge("bianmin_http_connections", "", -1);
    }

    void run() {
        {
            std::weak_ptr<HttpSession> weak = shared_from_this();
            std::lock_guard lock(m_server.sessionsMutex);
            // Drop the entries of sessions that have ended, now and then.
            if (m_server.idleClosers.size() % 1024 == 1023)
                std::erase_if(m_server.idleClosers,
                              [](const auto& entry) { return entry.first.expired(); });
            m_server.idleClosers.emplace_back(weak, [weak] {
                if (auto self = weak.lock())
                    net::post(self->m_stream.get_executor(), [self] {
                        if (!self->m_busy) // parked between requests: nothing is lost
                            beast::get_lowest_layer(self->m_stream).cancel();
                    });
            });
        }
        net::dispatch(m_stream.get_executor(),
                      beast::bind_front_handler(&HttpSession::handshake, shared_from_this()));
    }

private:
    void handshake() {
        beast::get_lowest_layer(m_stream).expires_after(m_server.config.requestTimeout);
        m_stream.async_handshake(
            ssl::stream_base::server,
            beast::bind_front_handler(&HttpSession::onHandshake, shared_from_this()));
    }
    void onHandshake(beast::error_code ec) {
        if (ec) {
            m_server.metrics.addCounter("bianmin_tls_handshake_failures_total", "");
            return;
        }
        read();
    }
    void read() {
        m_busy = false;
        m_parser.emplace();
        m_parser->header_limit(static_cast<std::uint32_t>(m_server.config.headerLimit));
        m_parser->body_limit(m_server.config.bodyLimit);
        // The whole request must arrive within the timeout: a slow-loris client is cut off.
        beast::get_lowest_layer(m_stream).expires_after(m_first ? m_server.config.requestTimeout
                                                                : m_server.config.idleTimeout);
        http::async_read(m_stream, m_buffer, *m_parser,
                         beast::bind_front_handler(&HttpSession::onRead, shared_from_this()));
    }
    void onRead(beast::error_code ec, std::size_t) {
        m_busy = true;
        m_first = false;
        if (ec == http::error::end_of_stream)
            return shutdown();
        if (ec == http::error::body_limit) {
            m_server.metrics.addCounter("bianmin_http_requests_total", "status=\"413\"");
            m_drain = true; // the rest of the body is still coming
            return send(jsonError(413, "too_large", "request body too large"), false, "");
        }
        if (ec == http::error::header_limit) {
            m_server.metrics.addCounter("bianmin_http_requests_total", "status=\"431\"");
            return send(jsonError(431, "too_large", "request headers too large"), false, "");
        }
        if (ec) {
            // Timeout (a slow or silent client), reset, or garbage: drop this connection only.
            const bool timeout = ec == beast::error::timeout;
            m_server.metrics.addCounter("bianmin_http_dropped_total",
                                        timeout ? "reason=\"timeout\"" : "reason=\"error\"");
            m_server.log.info("connection dropped",
                              {{"remote", m_remote}, {"reason", ec.message()}});
            return;
        }
        auto req = m_parser->release();
        HttpRequest r;
        r.method = std::string(req.method_string());
        r.target = std::string(req.target());
        r.path = r.target.substr(0, r.target.find('?'));
        for (const auto& f : req) {
            std::string name(f.name_string());
            for (auto& c : name)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            r.headers[name] = std::string(f.value());
        }
        r.remote = m_remote;
        r.requestId = makeRequestId();
        r.body = req.body();
        const bool keepAlive = req.keep_alive() && !m_server.stopping;

        if (websocket::is_upgrade(req)) {
            if (r.path != "/api/v1/poke")
                return send(jsonError(404, "not_found", "no WebSocket here"), false, r.requestId);
            // Authorizing reads the database: do it on a worker, then upgrade on our strand.
            net::post(m_server.workers, [self = shared_from_this(), r = std::move(r),
                                         req = std::move(req)]() mutable {
                auto readers = self->m_server.authorizer(r);
                net::post(self->m_stream.get_executor(), [self, readers = std::move(readers),
                                                          req = std::move(req),
                                                          id = r.requestId]() mutable {
                    if (!readers)
                        return self->send(jsonError(refusalStatus(readers.error()),
                                                    readers.error().code, readers.error().message),
                                          false, id);
                    std::make_shared<WsSession>(std::move(self->m_stream), self->m_server)
                        ->run(req, std::move(*readers));
                });
            });
            return;
        }

        const auto started = std::chrono::steady_clock::now();
        net::post(m_server.workers, [self = shared_from_this(), r = std::move(r), keepAlive,
                                     started]() mutable {
            // The first answer goes out; a second one (a handler that answered, then threw) is
            // dropped.
            auto answered = std::make_shared<std::atomic<bool>>(false);
            HttpServer::Responder respond = [self, keepAlive, started, answered,
                                             id = r.requestId](HttpResponse res) {
                if (answered->exchange(true))
                    return;
                const double secs =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                        .count();
                self->m_server.metrics.observe("bianmin_http_request_seconds",
                                               "route=\"" + res.route + "\"", secs);
                self->m_server.metrics.addCounter("bianmin_http_requests_total",
                                                  "status=\"" + std::to_string(res.status) + "\"");
                net::post(self->m_stream.get_executor(),
                          [self, res = std::move(res), keepAlive, id]() mutable {
                              self->send(std::move(res), keepAlive, id);
                          });
            };
            try {
                self->m_server.handler(r, respond);
            } catch (const std::exception& e) {
                // Handlers return errors as values; this is a last line, never the way.
                self->m_server.log.error("handler threw",
                                         {{"requestId", r.requestId}, {"what", e.what()}});
                respond(jsonError(500, "internal", "internal error"));
            }
        });
    }
    void send(HttpResponse res, bool keepAlive, const std::string& requestId) {
        auto msg = std::make_shared<http::response<http::string_body>>();
        msg->result(static_cast<unsigned>(res.status));
        msg->version(11);
        msg->set(http::field::server, "bianmin-syncd");
        for (const auto& [k, v] : res.headers)
            msg->set(k, v);
        if (!requestId.empty())
            msg->set("X-Request-Id", requestId);
        msg->body() = std::move(res.body);
        msg->keep_alive(keepAlive);
        msg->prepare_payload();
        beast::get_lowest_layer(m_stream).expires_after(m_server.config.requestTimeout);
        http::async_write(
            m_stream, *msg,
            [self = shared_from_this(), msg, keepAlive](beast::error_code ec, std::size_t) {
                if (ec)
                    return;
                if (!keepAlive || self->m_server.stopping)
                    return self->m_drain ? self->drain() : self->shutdown();
                self->read();
            });
    }
    // Reads and drops what the client is still sending (for a short while), so that closing
    // does not reset the connection and destroy the answer before the client has read it.
    void drain() {
        beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(2));
        m_buffer.consume(m_buffer.size());
        m_stream.async_read_some(m_buffer.prepare(std::size_t{64} * 1024),
                                 [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                     self->m_buffer.commit(n);
                                     self->m_drained += n;
                                     if (ec || self->m_drained > std::size_t{64} * 1024 * 1024)
                                         return self->shutdown();
                                     self->drain();
                                 });
    }
    void shutdown() {
        beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(5));
        m_stream.async_shutdown([self = shared_from_this()](beast::error_code) {});
    }

    beast::ssl_stream<beast::tcp_stream> m_stream;
    HttpServer::Impl& m_server;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::string m_remote;
    bool m_first = true;
    bool m_busy = false; // a request is being read, handled or answered
    bool m_drain = false;
    std::size_t m_drained = 0;
};

} // namespace

void HttpServer::Impl::accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (!stopping && ec != net::error::operation_aborted)
                accept();
            return;
        }
        if (connections >= config.maxConnections) {
            metrics.addCounter("bianmin_connections_refused_total", "");
            beast::error_code ignored;
            socket.close(ignored);
        } else {
            ++connections;
            metrics.addGauge("bianmin_http_connections", "", 1);
            std::make_shared<HttpSession>(std::move(socket), *this)->run();
        }
        if (!stopping)
            accept();
    });
}

HttpServer::HttpServer(HttpServerConfig config, Handler handler, PokeAuthorizer authorizer,
                       Metrics& metrics, Logger& log)
    : HttpServer(
          std::move(config),
          AsyncHandler([handler = std::move(handler)](const HttpRequest& r, const Responder& done) {
              done(handler(r));
          }),
          std::move(authorizer), metrics, log) {}

HttpServer::HttpServer(HttpServerConfig config, AsyncHandler handler, PokeAuthorizer authorizer,
                       Metrics& metrics, Logger& log)
    : m_impl(std::make_unique<Impl>(std::move(config), std::move(handler), std::move(authorizer),
                                    metrics, log)) {}

HttpServer::~HttpServer() {
    stop();
}

domain::Status HttpServer::start() {
    Impl& s = *m_impl;
    beast::error_code ec;
    s.tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                      ssl::context::single_dh_use);
    s.tls.use_certificate_chain_file(s.config.certFile, ec);
    if (ec)
        return Error{ErrorKind::InvalidInput, "bad_certificate",
                     s.config.certFile + ": " + ec.message()};
    s.tls.use_private_key_file(s.config.keyFile, ssl::context::pem, ec);
    if (ec)
        return Error{ErrorKind::InvalidInput, "bad_key", s.config.keyFile + ": " + ec.message()};
    const auto address = net::ip::make_address(s.config.address, ec);
    if (ec)
        return Error{ErrorKind::InvalidInput, "bad_address",
                     s.config.address + ": " + ec.message()};
    const tcp::endpoint ep(address, s.config.port);
    s.acceptor.open(ep.protocol(), ec);
    if (!ec)
        s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
        s.acceptor.bind(ep, ec);
    if (!ec)
        s.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        return Error{ErrorKind::Retryable, "listen_failed",
                     s.config.address + ":" + std::to_string(s.config.port) + ": " + ec.message()};
    s.boundPort = s.acceptor.local_endpoint().port();
    s.work.emplace(s.ioc.get_executor());
    s.accept();
    for (int i = 0; i < s.config.ioThreads; ++i)
        s.threads.emplace_back([&s] { s.ioc.run(); });
    return domain::ok();
}

unsigned short HttpServer::port() const {
    return m_impl->boundPort;
}

void HttpServer::notify(const std::vector<std::string>& readers) {
    for (auto& s : m_impl->hub.sessionsFor(readers))
        s->poke();
}

std::size_t HttpServer::openConnections() const {
    return m_impl->connections;
}
std::size_t HttpServer::pokeConnections() const {
    return m_impl->hub.count();
}

void HttpServer::stop() {
    Impl& s = *m_impl;
    if (s.stopping.exchange(true) || s.threads.empty())
        return;
    net::post(s.acceptor.get_executor(), [&s] {
        beast::error_code ignored;
        s.acceptor.close(ignored);
    });
    for (auto& ws : s.hub.all())
        ws->close();
    {
        // Connections parked between requests close now; busy ones finish their answer first.
        std::lock_guard lock(s.sessionsMutex);
        for (auto& [session, close] : s.idleClosers)
            close();
        s.idleClosers.clear();
    }
    // Handlers already running finish and their answers go out; then the I/O ends.
    s.workers.join();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (s.connections > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    s.work.reset();
    s.ioc.stop();
    for (auto& t : s.threads)
        t.join();
    s.threads.clear();
}

} // namespace bianmin::syncd
