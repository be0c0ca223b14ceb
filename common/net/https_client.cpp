#include "common/net/https_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <optional>

namespace bianmin::net {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using domain::Error;
using domain::ErrorKind;

namespace {

Error netError(const beast::error_code& ec, const std::string& what) {
    if (ec == beast::error::timeout)
        return {ErrorKind::Retryable, "timeout", what + ": timed out"};
    if (ec.category() == asio::error::get_ssl_category() ||
        ec.category() == ssl::error::get_stream_category()) {
        if (ec.message().find("certificate verify failed") != std::string::npos)
            return {ErrorKind::NotPermitted, "untrusted",
                    what + ": the server's certificate is not trusted: " + ec.message()};
        return {ErrorKind::Retryable, "tls", what + ": " + ec.message()};
    }
    return {ErrorKind::Retryable, "unreachable", what + ": " + ec.message()};
}

domain::Status setupTls(ssl::context& ctx, const HttpsClientConfig& c) {
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    beast::error_code ec;
    ctx.load_verify_file(c.caFile, ec);
    if (ec)
        return Error{ErrorKind::InvalidInput, "bad_ca", c.caFile + ": " + ec.message()};
    ctx.set_verify_mode(ssl::verify_peer);
    return domain::ok();
}

// A failed handshake: an untrusted certificate is said as such, whatever OpenSSL queued.
Error handshakeError(SSL* ssl, const beast::error_code& ec) {
    const long verify = SSL_get_verify_result(ssl);
    if (verify != X509_V_OK)
        return {ErrorKind::NotPermitted, "untrusted",
                std::string("the server's certificate is not trusted: ") +
                    X509_verify_cert_error_string(verify)};
    return netError(ec, "TLS handshake");
}

// SNI for host names (not for IP literals, which TLS does not allow there).
void setServerName(SSL* ssl, const std::string& host) {
    beast::error_code ec;
    asio::ip::make_address(host, ec);
    if (!ec)
        return;
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(host.c_str()));
}

// Runs the io_context until the operation sets `done`, with the stream's own timeout in force.
void runUntil(asio::io_context& ioc, const bool& done) {
    ioc.restart();
    while (!done && ioc.run_one() > 0) {
    }
}

} // namespace

struct HttpsClient::Impl {
    explicit Impl(HttpsClientConfig c)
        : config(std::move(c))
        , ctx(ssl::context::tls_client) {}
    HttpsClientConfig config;
    asio::io_context ioc;
    ssl::context ctx;
    bool ctxReady = false;
    std::optional<beast::ssl_stream<beast::tcp_stream>> stream;
    beast::flat_buffer buffer;

    domain::Status connect() {
        if (!ctxReady) {
            if (auto st = setupTls(ctx, config); !st)
                return st;
            ctxReady = true;
        }
        stream.emplace(ioc, ctx);
        // Verify the certificate's host name (or IP) against the address we dialled.
        setServerName(stream->native_handle(), config.host);
        stream->set_verify_callback(ssl::host_name_verification(config.host));
        tcp::resolver resolver(ioc);
        beast::error_code ec;
        const auto endpoints = resolver.resolve(config.host, std::to_string(config.port), ec);
        if (ec)
            return netError(ec, "resolve " + config.host);
        bool done = false;
        beast::get_lowest_layer(*stream).expires_after(config.connectTimeout);
        beast::get_lowest_layer(*stream).async_connect(
            endpoints, [&](beast::error_code e, const tcp::endpoint&) {
                ec = e;
                done = true;
            });
        runUntil(ioc, done);
        if (ec)
            return netError(ec, "connect " + config.host + ":" + std::to_string(config.port));
        done = false;
        stream->async_handshake(ssl::stream_base::client, [&](beast::error_code e) {
            ec = e;
            done = true;
        });
        runUntil(ioc, done);
        if (ec)
            return handshakeError(stream->native_handle(), ec);
        return domain::ok();
    }

    void drop() {
        if (stream) {
            beast::error_code ignored;
            beast::get_lowest_layer(*stream).socket().close(ignored);
        }
        stream.reset();
        buffer.clear();
    }
};

HttpsClient::HttpsClient(HttpsClientConfig config)
    : m_impl(std::make_unique<Impl>(std::move(config))) {}
HttpsClient::~HttpsClient() {
    close();
}

void HttpsClient::close() {
    m_impl->drop();
}

domain::Result<HttpResult> HttpsClient::request(const std::string& method,
                                                const std::string& target,
                                                const std::map<std::string, std::string>& headers,
                                                const std::string& body) {
    Impl& s = *m_impl;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool fresh = !s.stream;
        if (fresh)
            if (auto st = s.connect(); !st)
                return st.error();
        http::request<http::string_body> req{http::string_to_verb(method), target, 11};
        req.set(http::field::host, s.config.host);
        req.set(http::field::user_agent, "bianmin");
        for (const auto& [k, v] : headers)
            req.set(k, v);
        req.body() = body;
        req.prepare_payload();
        req.keep_alive(true);
        beast::error_code ec;
        bool done = false;
        beast::get_lowest_layer(*s.stream).expires_after(s.config.requestTimeout);
        http::async_write(*s.stream, req, [&](beast::error_code e, std::size_t) {
            ec = e;
            done = true;
        });
        runUntil(s.ioc, done);
        http::response_parser<http::string_body> parser;
        parser.body_limit(std::uint64_t{64} * 1024 * 1024);
        // A server that refuses a body (413) answers and closes before reading it all: the write
        // then fails, but the answer is there to read.
        const bool writeFailed = ec && ec != beast::error::timeout;
        if (!ec || writeFailed) {
            ec = {};
            done = false;
            http::async_read(*s.stream, s.buffer, parser, [&](beast::error_code e, std::size_t) {
                ec = e;
                done = true;
            });
            runUntil(s.ioc, done);
        }
        if (ec) {
            s.drop();
            // A kept-alive connection the server closed meanwhile: try once on a fresh one.
            if (!fresh && ec != beast::error::timeout)
                continue;
            std::string what = method;
            what += ' ';
            what += target;
            return netError(ec, what);
        }
        auto res = parser.release();
        HttpResult out;
        out.status = static_cast<int>(res.result_int());
        for (const auto& f : res) {
            std::string name(f.name_string());
            for (auto& c : name)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            out.headers[name] = std::string(f.value());
        }
        out.body = std::move(res.body());
        if (!res.keep_alive())
            s.drop();
        return out;
    }
    return Error{ErrorKind::Retryable, "unreachable", "connection lost"};
}

struct PokeClient::Impl {
    explicit Impl(HttpsClientConfig c)
        : config(std::move(c))
        , ctx(ssl::context::tls_client) {}
    HttpsClientConfig config;
    asio::io_context ioc;
    ssl::context ctx;
    std::optional<websocket::stream<beast::ssl_stream<beast::tcp_stream>>> ws;
    beast::flat_buffer buffer;
    bool reading = false;
    bool readDone = false;
    beast::error_code readEc;
};

PokeClient::PokeClient(HttpsClientConfig config)
    : m_impl(std::make_unique<Impl>(std::move(config))) {}
PokeClient::~PokeClient() {
    close();
}

domain::Status PokeClient::connect(const std::string& target,
                                   const std::map<std::string, std::string>& headers) {
    Impl& s = *m_impl;
    if (auto st = setupTls(s.ctx, s.config); !st)
        return st;
    s.ws.emplace(s.ioc, s.ctx);
    auto& tls = s.ws->next_layer();
    setServerName(tls.native_handle(), s.config.host);
    tls.set_verify_callback(ssl::host_name_verification(s.config.host));
    tcp::resolver resolver(s.ioc);
    beast::error_code ec;
    const auto endpoints = resolver.resolve(s.config.host, std::to_string(s.config.port), ec);
    if (ec)
        return netError(ec, "resolve");
    bool done = false;
    beast::get_lowest_layer(*s.ws).expires_after(s.config.connectTimeout);
    beast::get_lowest_layer(*s.ws).async_connect(endpoints,
                                                 [&](beast::error_code e, const tcp::endpoint&) {
                                                     ec = e;
                                                     done = true;
                                                 });
    runUntil(s.ioc, done);
    if (ec)
        return netError(ec, "connect");
    done = false;
    tls.async_handshake(ssl::stream_base::client, [&](beast::error_code e) {
        ec = e;
        done = true;
    });
    runUntil(s.ioc, done);
    if (ec)
        return handshakeError(tls.native_handle(), ec);
    s.ws->set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
        for (const auto& [k, v] : headers)
            req.set(k, v);
    }));
    done = false;
    websocket::response_type res;
    s.ws->async_handshake(res, s.config.host, target, [&](beast::error_code e) {
        ec = e;
        done = true;
    });
    runUntil(s.ioc, done);
    if (ec)
        return Error{ErrorKind::NotPermitted, "poke_refused",
                     "poke channel refused (HTTP " + std::to_string(res.result_int()) +
                         "): " + ec.message()};
    beast::get_lowest_layer(*s.ws).expires_never();
    return domain::ok();
}

domain::Result<std::string> PokeClient::waitMessage(std::chrono::milliseconds timeout) {
    Impl& s = *m_impl;
    if (!s.ws)
        return Error{ErrorKind::Retryable, "closed", "poke channel not connected"};
    if (!s.reading) {
        s.reading = true;
        s.readDone = false;
        s.ws->async_read(s.buffer, [&s](beast::error_code e, std::size_t) {
            s.readEc = e;
            s.readDone = true;
        });
    }
    s.ioc.restart();
    s.ioc.run_for(timeout);
    if (!s.readDone)
        return std::string(); // still waiting; the read stays pending for the next call
    s.reading = false;
    if (s.readEc)
        return netError(s.readEc, "poke channel");
    std::string msg = beast::buffers_to_string(s.buffer.data());
    s.buffer.consume(s.buffer.size());
    return msg;
}

void PokeClient::close() {
    Impl& s = *m_impl;
    if (!s.ws)
        return;
    beast::error_code ignored;
    beast::get_lowest_layer(*s.ws).socket().close(ignored);
    s.ioc.restart();
    s.ioc.poll();
    s.ws.reset();
}

} // namespace bianmin::net
