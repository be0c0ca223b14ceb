#include "syncserver/http/api.h"

#include "common/domain/json_read.h"
#include "common/sync/codec.h"
#include "syncserver/console/console_api.h"

#include <boost/json.hpp>
#include <chrono>
#include <set>

namespace bianmin::syncd {

using domain::Error;
using domain::ErrorKind;
namespace json = boost::json;

int statusFor(const Error& e) {
    const std::string& c = e.code;
    if (c == "too_large")
        return 413;
    if (c == "version")
        return 409;
    if (c == "locked" || c == "busy")
        return 429;
    switch (e.kind) {
    case ErrorKind::InvalidInput:
        return 400;
    case ErrorKind::NotPermitted:
        return (c == "revoked" || c == "forbidden" || c == "bad_code") ? 403 : 401;
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::Conflict:
        return 409;
    case ErrorKind::Retryable:
        return 503;
    }
    return 500;
}

Caller callerOf(const HttpRequest& r) {
    Caller c;
    c.requestId = r.requestId;
    c.userToken = r.header("x-bianmin-user");
    const std::string auth = r.header("authorization");
    constexpr std::string_view kScheme = "Device ";
    if (auth.starts_with(kScheme)) {
        const std::string cred = auth.substr(kScheme.size());
        const auto colon = cred.find(':');
        if (colon != std::string::npos) {
            c.device.deviceId = cred.substr(0, colon);
            c.device.secret = cred.substr(colon + 1);
        }
    }
    return c;
}

HttpResponse ApiRouter::errorResponse(const Error& e) const {
    HttpResponse res = jsonError(statusFor(e), e.code, e.message);
    if (e.code == "busy")
        res.headers["retry-after"] = std::to_string(m_service.retryAfterSeconds());
    return res;
}

namespace {

// The body as JSON text: gunzipped when the client sent it compressed.
domain::Result<std::string> bodyText(const HttpRequest& r) {
    if (r.header("content-encoding") == "gzip")
        return sync::gzipDecompress(r.body);
    if (r.body.size() > sync::kMaxBodyBytes)
        return Error{ErrorKind::InvalidInput, "too_large", "body too large"};
    return r.body;
}

bool acceptsGzip(const HttpRequest& r) {
    return r.header("accept-encoding").find("gzip") != std::string::npos;
}

HttpResponse reply(bool gzipOk, std::string text) {
    HttpResponse res;
    res.headers["content-type"] = "application/json; charset=utf-8";
    if (gzipOk && text.size() > 256) {
        if (auto z = sync::gzipCompress(text)) {
            res.headers["content-encoding"] = "gzip";
            res.body = std::move(*z);
            return res;
        }
    }
    res.body = std::move(text);
    return res;
}

domain::Result<json::object> jsonObject(const std::string& text, const char* what) {
    auto doc = domain::parseJsonDocument(text, what);
    if (!doc)
        return doc.error();
    if (!doc->is_object())
        return Error{ErrorKind::InvalidInput, "bad_request", std::string(what) + ": not an object"};
    return doc->get_object();
}

json::object profileJson(const UserProfile& u) {
    return {{"userId", u.userId},
            {"name", u.name},
            {"role", std::string(domain::roleKey(u.role))},
            {"siteId", u.siteId},
            {"department", u.department},
            {"grade", static_cast<int>(u.grade)}};
}

HttpResponse reply(const HttpRequest& r, std::string text) {
    return reply(acceptsGzip(r), std::move(text));
}

constexpr const char* kPushRoute = "/api/v1/push";

} // namespace

HttpResponse ApiRouter::pushAnswer(bool gzipOk, const domain::Result<sync::PushResponse>& res) {
    HttpResponse out;
    if (!res) {
        if (res.error().code == "busy")
            m_metrics.addCounter("bianmin_push_busy_total", "");
        out = errorResponse(res.error());
    } else {
        for (const auto& x : res->results)
            m_metrics.addCounter("bianmin_events_pushed_total",
                                 "outcome=\"" + std::string(sync::outcomeKey(x.outcome)) + "\"");
        out = reply(gzipOk, sync::encode(*res));
    }
    out.route = kPushRoute;
    return out;
}

void ApiRouter::handleAsync(const HttpRequest& r, const std::function<void(HttpResponse)>& done) {
    if (r.method != "POST" || r.path != kPushRoute || r.target.find("..") != std::string::npos ||
        r.target.find('\\') != std::string::npos)
        return done(handle(r));
    if (m_service.pushQueueFull()) // refused before the body costs anything
        return done(
            pushAnswer(false, Error{ErrorKind::Retryable, "busy", "服务器繁忙，请稍后自动重试"}));
    const auto text = bodyText(r);
    if (!text)
        return done(pushAnswer(false, text.error()));
    auto req = sync::decodePushRequest(*text);
    if (!req)
        return done(pushAnswer(false, req.error()));
    m_service.pushAsync(
        callerOf(r), std::move(*req),
        [this, done, gzipOk = acceptsGzip(r)](const domain::Result<sync::PushResponse>& res) {
            done(pushAnswer(gzipOk, res));
        });
}

HttpResponse ApiRouter::handle(const HttpRequest& r) {
    HttpResponse res = route(r);
    static const std::set<std::string> kRoutes = {
        "/healthz",      "/metrics",     "/api/v1/enroll", "/api/v1/login",
        "/api/v1/hello", "/api/v1/push", "/api/v1/pull",   "/api/v1/reference"};
    if (kRoutes.contains(r.path))
        res.route = r.path;
    else if (r.path.starts_with("/console/api/"))
        res.route = "/console/api";
    else if (r.path.starts_with("/public/api/"))
        res.route = "/public/api";
    else if (r.path.starts_with("/console") || r.path.starts_with("/public/"))
        res.route = "/console/static";
    else
        res.route = "other";
    return res;
}

HttpResponse ApiRouter::route(const HttpRequest& r) {
    // A path with "..", or anything outside the API, names nothing here.
    if (r.target.find("..") != std::string::npos || r.target.find('\\') != std::string::npos)
        return jsonError(400, "bad_request", "bad path");
    if (r.method == "GET" && r.path == "/healthz") {
        HttpResponse res;
        res.headers["content-type"] = "application/json";
        res.body = R"({"status":"ok"})";
        return res;
    }
    if (r.method == "GET" && r.path == "/metrics") {
        HttpResponse res;
        res.headers["content-type"] = "text/plain; version=0.0.4";
        res.body = m_metrics.render();
        return res;
    }
    if (m_console)
        if (auto answer = m_console->handle(r))
            return std::move(*answer);
    if (!r.path.starts_with("/api/v1/"))
        return jsonError(404, "not_found", "no such resource: " + r.path);
    const std::string route = r.path.substr(8);
    const Caller caller = callerOf(r);

    if (r.method == "GET" && route == "reference") {
        auto doc = m_service.reference(caller);
        return doc ? reply(r, std::move(*doc)) : errorResponse(doc.error());
    }
    if (r.method != "POST")
        return jsonError(404, "not_found", "no such resource: " + r.method + " " + r.path);
    auto text = bodyText(r);
    if (!text)
        return errorResponse(text.error());

    if (route == "enroll") {
        auto o = jsonObject(*text, "enroll");
        if (!o)
            return errorResponse(o.error());
        domain::FieldReader f(*o, "enroll");
        EnrollRequest req{f.str("code"), f.str("deviceName")};
        if (f.failed())
            return jsonError(400, "bad_request", f.error().message);
        auto res = m_service.enroll(req);
        if (!res)
            return errorResponse(res.error());
        m_log.info("device enrolled", {{"deviceId", res->deviceId}, {"siteId", res->siteId}});
        return reply(r, json::serialize(json::object{{"v", 1},
                                                     {"deviceId", res->deviceId},
                                                     {"deviceSecret", res->deviceSecret},
                                                     {"siteId", res->siteId},
                                                     {"department", res->department}}));
    }
    if (route == "login") {
        auto o = jsonObject(*text, "login");
        if (!o)
            return errorResponse(o.error());
        domain::FieldReader f(*o, "login");
        LoginRequest req{f.str("userId"), f.str("password")};
        if (f.failed())
            return jsonError(400, "bad_request", f.error().message);
        auto res = m_service.login(caller.device, req);
        if (!res)
            return errorResponse(res.error());
        return reply(r, json::serialize(json::object{{"v", 1},
                                                     {"token", res->token},
                                                     {"expiresAt", res->expiresAt},
                                                     {"user", profileJson(res->user)}}));
    }
    if (route == "hello") {
        auto req = sync::decodeHelloRequest(*text);
        if (!req)
            return errorResponse(req.error());
        auto res = m_service.hello(caller, *req);
        if (!res)
            return errorResponse(res.error());
        // The sync monitor's view: when each site last reached the center (an authenticated
        // hello), and its reported backlog. Site ids come from the server's own list, so the
        // label set stays bounded.
        const auto nowS =
            std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        m_metrics.setGauge("bianmin_site_last_sync_timestamp_seconds",
                           "site=\"" + req->siteId + "\"", nowS);
        m_metrics.setGauge("bianmin_site_backlog_events", "site=\"" + req->siteId + "\"",
                           static_cast<double>(req->outboxSize));
        return reply(r, sync::encode(*res));
    }
    if (route == "push") {
        auto req = sync::decodePushRequest(*text);
        if (!req)
            return errorResponse(req.error());
        return pushAnswer(acceptsGzip(r), m_service.push(caller, *req));
    }
    if (route == "pull") {
        auto req = sync::decodePullRequest(*text);
        if (!req)
            return errorResponse(req.error());
        auto res = m_service.pull(caller, *req);
        if (!res)
            return errorResponse(res.error());
        m_metrics.addCounter("bianmin_events_pulled_total", "",
                             static_cast<double>(res->events.size()));
        return reply(r, sync::encode(*res));
    }
    return jsonError(404, "not_found", "no such resource: " + r.path);
}

domain::Result<std::vector<std::string>> ApiRouter::authorizePoke(const HttpRequest& r) {
    return m_service.readersOf(callerOf(r));
}

} // namespace bianmin::syncd
