#pragma once
// Requests and responses as plain values, so that request handling is a pure function apart from
// socket I/O (DESIGN.md §5). The HTTP server parses into HttpRequest, runs the handler on a worker
// pool, and writes the HttpResponse back on the connection's strand.
#include <cstdint>
#include <map>
#include <string>

namespace bianmin::syncd {

struct HttpRequest {
    std::string method;                         // GET, POST, …
    std::string target;                         // path and query, as sent
    std::string path;                           // target without the query
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
    std::string remote;    // peer address
    std::string requestId; // made by the server, echoed as X-Request-Id
    std::string header(const std::string& lowerName) const {
        const auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
};

struct HttpResponse {
    int status = 200;
    std::string route = "other"; // metrics label: a fixed route name, never the raw path
    std::map<std::string, std::string> headers;
    std::string body;
};

HttpResponse jsonError(int status, const std::string& code, const std::string& message);

} // namespace bianmin::syncd
