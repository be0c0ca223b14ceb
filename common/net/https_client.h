#pragma once
// A small HTTPS client for the sync engine's transport and for tests: TLS 1.2+ with certificate
// and host-name verification against one configured CA file (the client trusts nothing else),
// keep-alive, and a timeout on every step. Also a WebSocket client for the poke channel.
//
// Threading: one object per thread; calls block the calling thread (the store worker, never the
// GUI thread).
#include "common/domain/result.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace bianmin::net {

struct HttpsClientConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 443;
    std::string caFile; // PEM; required
    std::chrono::milliseconds connectTimeout{10'000};
    std::chrono::milliseconds requestTimeout{60'000};
};

struct HttpResult {
    int status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
    std::string header(const std::string& lowerName) const {
        const auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
};

class HttpsClient {
public:
    explicit HttpsClient(HttpsClientConfig config);
    ~HttpsClient();
    HttpsClient(const HttpsClient&) = delete;
    HttpsClient& operator=(const HttpsClient&) = delete;

    // Errors: Retryable for connection, TLS and timeout failures ("unreachable", "timeout",
    // "tls"); NotPermitted "untrusted" when the server's certificate does not verify.
    domain::Result<HttpResult> request(const std::string& method, const std::string& target,
                                       const std::map<std::string, std::string>& headers,
                                       const std::string& body);
    void close();

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// The poke channel: a WebSocket the server writes "pull" on.
class PokeClient {
public:
    explicit PokeClient(HttpsClientConfig config);
    ~PokeClient();
    PokeClient(const PokeClient&) = delete;
    PokeClient& operator=(const PokeClient&) = delete;
    domain::Status connect(const std::string& target,
                           const std::map<std::string, std::string>& headers);
    // Waits up to `timeout` for a message; "" on timeout, an error when the channel closed.
    domain::Result<std::string> waitMessage(std::chrono::milliseconds timeout);
    void close();

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace bianmin::net
