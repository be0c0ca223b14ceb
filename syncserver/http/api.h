#pragma once
// The HTTP API of bianmin-syncd over the SyncService (docs/sync.md): routes, authentication
// headers, gzip bodies, and the mapping of errors to HTTP statuses. A pure function of the
// request; the HttpServer runs it on its worker pool. handleAsync() answers a push later, when
// the group commit that stored it is done (SyncService::pushAsync), so that no worker waits for
// the writer; every other request it answers at once, as handle() does. A "busy" refusal (429)
// carries Retry-After.
//
// Threading: handle() and authorizePoke() may run on several worker threads at once.
#include "syncserver/http/http_types.h"
#include "syncserver/http/log.h"
#include "syncserver/http/metrics.h"
#include "syncserver/sync/sync_service.h"

#include <functional>
#include <string>
#include <vector>

namespace bianmin::syncd {

namespace console {
class ConsoleApi;
}

class ApiRouter {
public:
    // `console`, when given, answers the console's and the public pages' paths.
    ApiRouter(SyncService& service, Metrics& metrics, Logger& log,
              console::ConsoleApi* console = nullptr)
        : m_service(service)
        , m_metrics(metrics)
        , m_log(log)
        , m_console(console) {}
    HttpResponse handle(const HttpRequest& r);
    void handleAsync(const HttpRequest& r, const std::function<void(HttpResponse)>& done);
    domain::Result<std::vector<std::string>> authorizePoke(const HttpRequest& r);

private:
    HttpResponse route(const HttpRequest& r);
    HttpResponse errorResponse(const domain::Error& e) const;
    // The answer to a push, from the service's answer (metrics counted).
    HttpResponse pushAnswer(bool gzipOk, const domain::Result<sync::PushResponse>& res);
    SyncService& m_service;
    Metrics& m_metrics;
    Logger& m_log;
    console::ConsoleApi* m_console;
};

// The HTTP status for an error of the service (docs/sync.md).
int statusFor(const domain::Error& e);
// Device credential and user token from the request headers.
Caller callerOf(const HttpRequest& r);

} // namespace bianmin::syncd
