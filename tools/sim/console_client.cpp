#include "tools/sim/console_client.h"

namespace bianmin::sim {

using namespace bianmin::domain;
namespace json = boost::json;

ConsoleClient::ConsoleClient(net::HttpsClientConfig server)
    : m_http(std::make_unique<net::HttpsClient>(std::move(server))) {}

Result<json::value> ConsoleClient::call(const std::string& method, const std::string& path,
                                        const std::string& body) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!m_cookie.empty())
        headers["Cookie"] = "bm_console=" + m_cookie;
    if (!m_csrf.empty())
        headers["X-CSRF-Token"] = m_csrf;
    auto r = m_http->request(method, path, headers, body);
    if (!r)
        return r.error();
    json::value v;
    try {
        v = json::parse(r->body);
    } catch (const std::exception&) {
        return Error{ErrorKind::Retryable, "bad_response",
                     method + " " + path + ": HTTP " + std::to_string(r->status) + ", not JSON"};
    }
    if (r->status / 100 != 2) {
        std::string code = "http_" + std::to_string(r->status);
        std::string message = code;
        if (const auto* o = v.if_object())
            if (const auto* e = o->if_contains("error"); e && e->is_object()) {
                if (const auto* c = e->get_object().if_contains("code"); c && c->is_string())
                    code = std::string(c->get_string());
                if (const auto* m = e->get_object().if_contains("message"); m && m->is_string())
                    message = std::string(m->get_string());
            }
        const ErrorKind kind = r->status == 401 || r->status == 403 ? ErrorKind::NotPermitted
                               : r->status == 404                   ? ErrorKind::NotFound
                               : r->status == 409                   ? ErrorKind::Conflict
                               : r->status >= 500                   ? ErrorKind::Retryable
                                                                    : ErrorKind::InvalidInput;
        return Error{kind, code, method + " " + path + ": " + message};
    }
    const std::string setCookie = r->header("set-cookie");
    if (setCookie.starts_with("bm_console=")) {
        const auto end = setCookie.find(';');
        m_cookie = setCookie.substr(11, end == std::string::npos ? std::string::npos : end - 11);
    }
    return v;
}

Status ConsoleClient::login(const std::string& userId, const std::string& password) {
    m_cookie.clear();
    m_csrf.clear();
    auto r = call("POST", "/console/api/login",
                  json::serialize(json::object{{"userId", userId}, {"password", password}}));
    if (!r)
        return r.error();
    m_csrf = std::string(r->at("csrf").as_string());
    return ok();
}

Result<json::value> ConsoleClient::get(const std::string& path) {
    return call("GET", path, {});
}

Result<json::value> ConsoleClient::post(const std::string& path, const json::value& body) {
    return call("POST", path, json::serialize(body));
}

Status ConsoleClient::setClock(Instant t) {
    auto r = call("POST", "/console/api/test/clock", json::serialize(json::object{{"now", t}}));
    if (!r)
        return r.error();
    return ok();
}

} // namespace bianmin::sim
