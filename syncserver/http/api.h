#pragma once
// The HTTP API of bianmin-syncd over the SyncService (docs/sync.md): routes, authentication
// headers, gzip bodies, and the mapping of errors to HTTP statuses. A pure function of the
// request; the HttpServer runs it on its worker pool.
//
// Threading: handle() and authorizePoke() may run on several worker threads at once.
#include "syncserver/http/http_types.h"
#include "syncserver/http/log.h"
#include "syncserver/http/metrics.h"
#include "syncserver/sync/sync_service.h"

#include <string>
#include <vector>

namespace bianmin::syncd {

class ApiRouter {
public:
    ApiRouter(SyncService& service, Metrics& metrics, Logger& log)
        : m_service(service)
        , m_metrics(metrics)
        , m_log(log) {}
    HttpResponse handle(const HttpRequest& r);
    domain::Result<std::vector<std::string>> authorizePoke(const HttpRequest& r);

private:
    HttpResponse route(const HttpRequest& r);
    SyncService& m_service;
    Metrics& m_metrics;
    Logger& m_log;
};

// The HTTP status for an error of the service (docs/sync.md).
int statusFor(const domain::Error& e);
// Device credential and user token from the request headers.
Caller callerOf(const HttpRequest& r);

} // namespace bianmin::syncd
