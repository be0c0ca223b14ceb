// The HTTPS/WebSocket front of bianmin-syncd on 127.0.0.1 with real TLS: requests, limits, a
// slow-loris client, garbage, an untrusted CA, old TLS, the poke channel and a graceful stop.
#include "common/net/https_client.h"
#include "syncserver/http/dev_pki.h"
#include "syncserver/http/http_server.h"
#include "tests/support/temp_dir.h"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <catch2/catch.hpp>
#include <functional>
#include <future>
#include <thread>

using namespace bianmin;
using namespace bianmin::syncd;
using bianmin::testing::TempDir;
namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

struct Pki {
    TempDir dir;
    Pki() {
        auto pki = makeDevPki({"localhost"}, {"127.0.0.1"});
        REQUIRE(pki.ok());
        REQUIRE(writeDevPki(*pki, dir.path()).ok());
    }
    std::string ca() const { return (dir / "ca.pem").string(); }
};

struct Fixture {
    Pki pki;
    Metrics metrics;
    Logger log{stderr};
    std::unique_ptr<HttpServer> server;

    explicit Fixture(HttpServer::Handler handler, HttpServerConfig config = {}) {
        log.setQuiet(true);
        config.certFile = (pki.dir / "server.pem").string();
        config.keyFile = (pki.dir / "server.key").string();
        auto authorize = [](const HttpRequest& r) -> domain::Result<std::vector<std::string>> {
            if (r.header("x-reader").empty())
                return domain::Error{domain::ErrorKind::NotPermitted, "bad_device", "no"};
            return std::vector<std::string>{r.header("x-reader")};
        };
        server = std::make_unique<HttpServer>(config, std::move(handler), authorize, metrics, log);
        const auto st = server->start();
        INFO((st ? std::string() : st.error().message));
        REQUIRE(st.ok());
    }
    net::HttpsClientConfig client() const {
        net::HttpsClientConfig c;
        c.host = "127.0.0.1";
        c.port = server->port();
        c.caFile = pki.ca();
        c.requestTimeout = std::chrono::milliseconds(5000);
        return c;
    }
};

bool eventually(const std::function<bool()>& pred) {
    for (int i = 0; i < 200; ++i) {
        if (pred())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pred();
}

HttpResponse echo(const HttpRequest& r) {
    HttpResponse res;
    res.headers["content-type"] = "text/plain";
    res.body = r.method + " " + r.path + " " + r.body;
    return res;
}

// A raw TLS connection for misbehaving clients.
struct RawTls {
    asio::io_context ioc;
    asio::ssl::context ctx{asio::ssl::context::tls_client};
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> s;
    RawTls(unsigned short port, const std::string& ca) {
        ctx.load_verify_file(ca);
        s = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc, ctx);
        asio::ip::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
        beast::get_lowest_layer(*s).connect(ep);
        s->handshake(asio::ssl::stream_base::client);
    }
    void write(const std::string& text) { asio::write(*s, asio::buffer(text)); }
    // Seconds until the server closes the connection (reads until error), at most `limit`.
    double secondsUntilClosed(double limit) {
        const auto t0 = std::chrono::steady_clock::now();
        beast::get_lowest_layer(*s).expires_after(
            std::chrono::milliseconds(static_cast<int>(limit * 1000)));
        char buf[512];
        beast::error_code ec;
        while (!ec)
            s->read_some(asio::buffer(buf), ec);
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
};

} // namespace

TEST_CASE("http: a request over real TLS reaches the handler and comes back", "[http]") {
    Fixture f(echo);
    net::HttpsClient client(f.client());
    auto r = client.request("POST", "/api/v1/echo?x=1", {{"content-type", "text/plain"}}, "你好");
    REQUIRE(r.ok());
    CHECK(r->status == 200);
    CHECK(r->body == "POST /api/v1/echo 你好");
    CHECK(r->header("x-request-id").size() == 16);
    // Keep-alive: the next request reuses the connection.
    auto again = client.request("GET", "/b", {}, "");
    REQUIRE(again.ok());
    CHECK(again->body == "GET /b ");
    CHECK(f.metrics.render().find("bianmin_http_requests_total{status=\"200\"} 2") !=
          std::string::npos);
}

TEST_CASE("http: many clients at once are all served", "[http]") {
    HttpServerConfig cfg;
    cfg.workerThreads = 4;
    Fixture f(echo, cfg);
    std::vector<std::future<bool>> results;
    for (int i = 0; i < 24; ++i)
        results.push_back(std::async(std::launch::async, [&f, i] {
            net::HttpsClient c(f.client());
            for (int k = 0; k < 5; ++k) {
                auto r = c.request("POST", "/x", {}, std::to_string(i));
                if (!r || r->body != "POST /x " + std::to_string(i)) {
                    UNSCOPED_INFO((r ? r->body : r.error().code + " " + r.error().message));
                    return false;
                }
            }
            return true;
        }));
    for (auto& r : results)
        CHECK(r.get());
}

TEST_CASE("http: an oversized body is refused with 413 and the server goes on", "[http][bad]") {
    HttpServerConfig cfg;
    cfg.bodyLimit = 64 * 1024;
    Fixture f(echo, cfg);
    net::HttpsClient client(f.client());
    auto r = client.request("POST", "/big", {}, std::string(200 * 1024, 'x'));
    INFO((r ? std::string() : r.error().message));
    REQUIRE(r.ok());
    CHECK(r->status == 413);
    CHECK(r->body.find("too_large") != std::string::npos);
    net::HttpsClient other(f.client());
    CHECK(other.request("POST", "/small", {}, "ok")->status == 200);
}

TEST_CASE("http: a slow-loris client is cut off while others are served", "[http][bad]") {
    HttpServerConfig cfg;
    cfg.requestTimeout = std::chrono::milliseconds(600);
    Fixture f(echo, cfg);
    RawTls slow(f.server->port(), f.pki.ca());
    slow.write("POST /api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n");
    auto closed = std::async(std::launch::async, [&] { return slow.secondsUntilClosed(10); });
    net::HttpsClient client(f.client());
    CHECK(client.request("GET", "/fine", {}, "")->status == 200);
    const double secs = closed.get();
    CHECK(secs < 3.0);
    // The server counts the drop right after the socket closes: allow it a moment.
    CHECK(eventually([&] {
        return f.metrics.render().find("bianmin_http_dropped_total{reason=\"timeout\"} 1") !=
               std::string::npos;
    }));
}

TEST_CASE("http: garbage on the wire drops that connection only", "[http][bad]") {
    Fixture f(echo);
    RawTls bad(f.server->port(), f.pki.ca());
    bad.write("\x01\x02 NOT HTTP AT ALL\r\n\r\n");
    CHECK(bad.secondsUntilClosed(5) < 4.0);
    net::HttpsClient client(f.client());
    CHECK(client.request("GET", "/still", {}, "")->status == 200);
}

TEST_CASE("http: a client trusting another CA refuses the server", "[http][tls]") {
    Fixture f(echo);
    Pki other;
    auto cfg = f.client();
    cfg.caFile = other.ca();
    net::HttpsClient client(cfg);
    auto r = client.request("GET", "/", {}, "");
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message);
    CHECK(r.error().code == "untrusted");
    // And a name the certificate does not carry is refused too.
    auto byName = f.client();
    byName.host = "127.0.0.2";
    net::HttpsClient wrongHost(byName);
    CHECK_FALSE(wrongHost.request("GET", "/", {}, "").ok());
}

TEST_CASE("http: TLS older than 1.2 is refused", "[http][tls]") {
    Fixture f(echo);
    asio::io_context ioc;
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    SSL_CTX_set_security_level(ctx.native_handle(), 0);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_VERSION);
    SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_1_VERSION);
    beast::ssl_stream<beast::tcp_stream> s(ioc, ctx);
    beast::get_lowest_layer(s).connect(
        asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), f.server->port()));
    beast::error_code ec;
    s.handshake(asio::ssl::stream_base::client, ec);
    CHECK(ec);
}

TEST_CASE("http: the poke channel tells only the devices concerned", "[http][poke]") {
    Fixture f(echo);
    net::PokeClient a(f.client());
    net::PokeClient b(f.client());
    REQUIRE(a.connect("/api/v1/poke", {{"x-reader", "room-A"}}).ok());
    REQUIRE(b.connect("/api/v1/poke", {{"x-reader", "room-B"}}).ok());
    REQUIRE(eventually([&] { return f.server->pokeConnections() == 2; }));
    f.server->notify({"room-A"});
    auto got = a.waitMessage(std::chrono::milliseconds(2000));
    REQUIRE(got.ok());
    CHECK(*got == "pull");
    auto none = b.waitMessage(std::chrono::milliseconds(200));
    REQUIRE(none.ok());
    CHECK(none->empty());
    f.server->notify({"room-B", "room-A"});
    CHECK(*b.waitMessage(std::chrono::milliseconds(2000)) == "pull");
    // Without credentials the upgrade is refused.
    net::PokeClient c(f.client());
    auto refused = c.connect("/api/v1/poke", {});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "poke_refused");
}

TEST_CASE("http: stop lets a request in flight finish and answer", "[http]") {
    std::atomic<bool> entered{false};
    Fixture f([&](const HttpRequest& r) {
        entered = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        return echo(r);
    });
    net::HttpsClient client(f.client());
    auto pending = std::async(std::launch::async,
                              [&] { return client.request("POST", "/slow", {}, "committed"); });
    while (!entered)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    f.server->stop();
    auto r = pending.get();
    INFO((r ? std::string() : r.error().code + " " + r.error().message));
    REQUIRE(r.ok());
    CHECK(r->body == "POST /slow committed");
    // After the stop nothing listens.
    net::HttpsClient late(f.client());
    CHECK_FALSE(late.request("GET", "/", {}, "").ok());
}
