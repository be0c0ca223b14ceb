#pragma once
// The center console's JSON API (docs/console.md) over HTTPS, as a browser would use it: the
// session cookie and the CSRF header. For bianmin-sim, which plays the center's staff.
//
// Threading: one client per thread.
#include "common/domain/date.h"
#include "common/domain/result.h"
#include "common/net/https_client.h"

#include <boost/json.hpp>
#include <memory>
#include <string>

namespace bianmin::sim {

class ConsoleClient {
public:
    explicit ConsoleClient(net::HttpsClientConfig server);

    domain::Status login(const std::string& userId, const std::string& password);
    domain::Result<boost::json::value> get(const std::string& path);
    domain::Result<boost::json::value> post(const std::string& path,
                                            const boost::json::value& body);
    // The server's clock (test mode only: `serve --test-clock`).
    domain::Status setClock(domain::Instant t);

private:
    domain::Result<boost::json::value> call(const std::string& method, const std::string& path,
                                            const std::string& body);
    std::unique_ptr<net::HttpsClient> m_http;
    std::string m_cookie;
    std::string m_csrf;
};

} // namespace bianmin::sim
