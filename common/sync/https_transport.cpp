#include "common/sync/https_transport.h"

#include "common/domain/json_read.h"
#include "common/sync/codec.h"

#include <algorithm>
#include <boost/json.hpp>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

namespace bianmin::sync {

namespace json = boost::json;
using domain::Error;
using domain::ErrorKind;
using domain::Result;

namespace {

constexpr const char* kApi = "/api/v1/";

Error badResponse(const std::string& what, const std::string& message) {
    return domain::invalidInput("bad_response",
                                "the sync server's answer to " + what + ": " + message);
}

// The answer's body as text: gunzipped when the server compressed it.
Result<std::string> bodyText(net::HttpResult& res) {
    if (res.header("content-encoding") == "gzip")
        return gzipDecompress(res.body);
    if (res.body.size() > kMaxBodyBytes)
        return Error{ErrorKind::InvalidInput, "too_large",
                     "answer larger than the protocol allows"};
    return std::move(res.body);
}

// Retry-After in seconds (RFC 9110; the HTTP-date form is not used by bianmin-syncd), as ms;
// none when absent or unreadable. Capped at an hour: a wrong header must not park a device.
std::optional<domain::Instant> retryAfterOf(const net::HttpResult& res) {
    const std::string v = res.header("retry-after");
    if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::min<domain::Instant>(std::stoll(v), 3600) * 1000;
}

// One request; the JSON text of a 200 answer, or the error the engine expects. `retryAfter`, when
// given, receives the server's Retry-After of an error answer (else none).
Result<std::string> exchange(net::HttpsClient& client, const std::string& method,
                             const std::string& route, std::map<std::string, std::string> headers,
                             const std::string& json,
                             std::optional<domain::Instant>* retryAfter = nullptr) {
    if (retryAfter)
        retryAfter->reset();
    std::string body;
    headers["Accept-Encoding"] = "gzip";
    if (method == "POST") {
        auto z = gzipCompress(json);
        if (!z)
            return z.error();
        body = std::move(*z);
        headers["Content-Type"] = "application/json";
        headers["Content-Encoding"] = "gzip";
    }
    const std::string target = std::string(kApi) + route;
    auto res = client.request(method, target, headers, body);
    if (!res) {
        const Error& e = res.error();
        // A certificate that does not verify, or a CA file that cannot be read, is no network
        // weather: retrying cannot help, so it keeps its own kind.
        if (e.kind != ErrorKind::Retryable)
            return e;
        return networkError(e.code + ": " + e.message);
    }
    auto text = bodyText(*res);
    if (res->status != 200) {
        if (retryAfter)
            *retryAfter = retryAfterOf(*res);
        ErrorBody err;
        if (text)
            if (auto decoded = decodeErrorBody(*text))
                err = std::move(*decoded);
        return httpError(res->status, err);
    }
    if (!text)
        return badResponse(method + " " + target, text.error().message);
    return std::move(*text);
}

template <typename T>
Result<T> decoded(Result<T> r, const std::string& what) {
    if (!r)
        return badResponse(what, r.error().message);
    return r;
}

Result<json::object> objectOf(const std::string& text, const char* what) {
    auto doc = domain::parseJsonDocument(text, what);
    if (!doc)
        return badResponse(what, doc.error().message);
    if (!doc->is_object())
        return badResponse(what, "not a JSON object");
    return std::move(doc->get_object());
}

LoginProfile profileOf(domain::FieldReader& f) {
    LoginProfile p;
    p.userId = f.str("userId");
    p.name = f.str("name", true);
    const std::string role = f.str("role");
    if (auto r = domain::roleFromKey(role))
        p.role = *r;
    else if (!f.failed())
        f.fail("role", "unknown role " + role);
    p.siteId = f.str("siteId");
    p.department = f.str("department", true);
    p.grade = static_cast<domain::Grade>(f.integer("grade", 0, 3));
    return p;
}

} // namespace

std::map<std::string, std::string> authHeaders(const DeviceCredential& device,
                                               const std::string& userToken) {
    std::map<std::string, std::string> h;
    h["Authorization"] = "Device " + device.deviceId + ":" + device.secret;
    if (!userToken.empty())
        h["X-Bianmin-User"] = userToken;
    return h;
}

HttpsTransport::HttpsTransport(net::HttpsClient& client, DeviceCredential device,
                               std::string userToken)
    : m_client(client)
    , m_device(std::move(device))
    , m_token(std::move(userToken)) {}

Result<std::string> HttpsTransport::post(const std::string& target, const std::string& json) {
    return exchange(m_client, "POST", target, authHeaders(m_device, m_token), json, &m_retryAfter);
}

Result<HelloResponse> HttpsTransport::hello(const HelloRequest& request) {
    auto text = post("hello", encode(request));
    if (!text)
        return text.error();
    auto res = decodeHelloResponse(*text);
    // A version the client does not know stays "version" (the engine says so to the user).
    if (!res && res.error().code == "version")
        return res;
    return decoded(std::move(res), "hello");
}

Result<PushResponse> HttpsTransport::push(const PushRequest& request) {
    auto text = post("push", encode(request));
    if (!text)
        return text.error();
    return decoded(decodePushResponse(*text), "push");
}

Result<PullResponse> HttpsTransport::pull(const PullRequest& request) {
    auto text = post("pull", encode(request));
    if (!text)
        return text.error();
    return decoded(decodePullResponse(*text), "pull");
}

Result<Enrollment> enroll(net::HttpsClient& client, const std::string& code,
                          const std::string& deviceName) {
    const std::string body = json::serialize(
        json::object{{"v", kProtocolVersion}, {"code", code}, {"deviceName", deviceName}});
    auto text = exchange(client, "POST", "enroll", {}, body);
    if (!text)
        return text.error();
    auto o = objectOf(*text, "enroll");
    if (!o)
        return o.error();
    domain::FieldReader f(*o, "enroll");
    Enrollment out;
    out.credential.deviceId = f.str("deviceId");
    out.credential.secret = f.str("deviceSecret");
    out.siteId = f.str("siteId");
    out.department = f.str("department", true);
    if (f.failed())
        return badResponse("enroll", f.error().message);
    return out;
}

Result<Login> login(net::HttpsClient& client, const DeviceCredential& device,
                    const std::string& userId, const std::string& password) {
    const std::string body = json::serialize(
        json::object{{"v", kProtocolVersion}, {"userId", userId}, {"password", password}});
    auto text = exchange(client, "POST", "login", authHeaders(device, {}), body);
    if (!text)
        return text.error();
    auto o = objectOf(*text, "login");
    if (!o)
        return o.error();
    domain::FieldReader f(*o, "login");
    Login out;
    out.token = f.str("token");
    out.expiresAt = f.integer("expiresAt", 0, std::numeric_limits<std::int64_t>::max());
    domain::FieldReader user = f.nested(f.object("user"), "user");
    if (!f.failed())
        out.user = profileOf(user);
    if (f.failed())
        return badResponse("login", f.error().message);
    return out;
}

Result<std::string> fetchReference(net::HttpsClient& client, const DeviceCredential& device,
                                   const std::string& userToken) {
    return exchange(client, "GET", "reference", authHeaders(device, userToken), {});
}

Result<ReferenceDocument> decodeReference(std::string_view text) {
    auto o = objectOf(std::string(text), "reference");
    if (!o)
        return o.error();
    domain::FieldReader f(*o, "reference");
    if (f.integer("v", 0, 1'000'000) != kProtocolVersion && !f.failed())
        return Error{ErrorKind::Conflict, "version",
                     "reference data in a protocol version this client does not speak"};
    ReferenceDocument out;
    out.version = static_cast<int>(f.integer("version", 1, 1'000'000'000));
    out.orgJson = json::serialize(f.object("org"));
    out.catalogJson = json::serialize(f.object("catalog"));
    out.calendarTsv = f.str("calendar");
    const json::array& users = f.array("users", true);
    for (std::size_t i = 0; i < users.size() && !f.failed(); ++i) {
        const std::string path = "users[" + std::to_string(i) + "]";
        if (!users[i].is_object()) {
            f.fail(path, "expected an object");
            break;
        }
        domain::FieldReader u = f.nested(users[i].get_object(), path);
        ReferenceUser ru;
        ru.profile = profileOf(u);
        ru.passwordHash = u.str("passwordHash");
        out.users.push_back(std::move(ru));
    }
    if (f.failed())
        return badResponse("reference", f.error().message);
    return out;
}

std::string encodeProfiles(const std::vector<LoginProfile>& users) {
    json::array a;
    for (const auto& u : users)
        a.push_back(json::object{{"userId", u.userId},
                                 {"name", u.name},
                                 {"role", std::string(domain::roleKey(u.role))},
                                 {"siteId", u.siteId},
                                 {"department", u.department},
                                 {"grade", static_cast<int>(u.grade)}});
    return json::serialize(json::object{{"v", 1}, {"users", std::move(a)}});
}

Result<std::vector<LoginProfile>> decodeProfiles(std::string_view text) {
    auto o = objectOf(std::string(text), "users");
    if (!o)
        return o.error();
    domain::FieldReader f(*o, "users");
    const json::array& users = f.array("users", true);
    std::vector<LoginProfile> out;
    for (std::size_t i = 0; i < users.size() && !f.failed(); ++i) {
        const std::string path = "users[" + std::to_string(i) + "]";
        if (!users[i].is_object()) {
            f.fail(path, "expected an object");
            break;
        }
        domain::FieldReader u = f.nested(users[i].get_object(), path);
        out.push_back(profileOf(u));
    }
    if (f.failed())
        return badResponse("users", f.error().message);
    return out;
}

} // namespace bianmin::sync
