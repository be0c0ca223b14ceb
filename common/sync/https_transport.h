#pragma once
// The sync Transport over HTTPS (docs/sync.md), and the account calls a device makes before it
// can sync: enrollment, login and the reference-data download.
//
// Wire: every request body is the codec's JSON, gzip-compressed (Content-Encoding: gzip), and
// every request asks for a gzip answer (Accept-Encoding: gzip); an answer is gunzipped when the
// server says it is compressed, never to more than kMaxBodyBytes. A request carries the device
// credential (Authorization: Device <deviceId>:<secret>) and, once a user is logged in, the
// session token (X-Bianmin-User: <token>).
//
// Errors, as the engine expects them (engine.h):
// - an HTTP error status → httpError(status, body), the body read with decodeErrorBody when it
//   is one (so the server's code and message survive: "revoked", "wrong_password", "version" …);
// - no answer at all (connect, TLS, timeout, reset) → networkError, Retryable, whose message
//   keeps the client's own code ("unreachable: …", "timeout: …");
// - a server certificate that does not verify, or an unreadable CA file, stays what the client
//   said ("untrusted", NotPermitted; "bad_ca", InvalidInput): retrying cannot fix either;
// - a 200 answer that does not decode → InvalidInput "bad_response".
// An error answer's Retry-After (429 "busy") is kept for the engine: retryAfter().
//
// Threading: not thread-safe. A transport (and the HttpsClient behind it) belongs to the store
// worker thread, which runs SyncEngine::runRound; its calls block that thread, never the GUI's.
// The free functions block the calling thread too; call them on the store worker as well.
#include "common/domain/org.h"
#include "common/domain/result.h"
#include "common/net/https_client.h"
#include "common/sync/engine.h"
#include "common/sync/protocol.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bianmin::sync {

// What enrollment gives a device; kept by the client (the secret sealed) for every later call.
struct DeviceCredential {
    std::string deviceId;
    std::string secret;
};

struct Enrollment {
    DeviceCredential credential;
    std::string siteId;
    std::string department; // a center device serving one department; else empty
};

struct LoginProfile {
    std::string userId;
    std::string name;
    domain::Role role = domain::Role::Clerk;
    std::string siteId;
    std::string department;
    domain::Grade grade = domain::Grade::None;
};

struct Login {
    std::string token;             // for X-Bianmin-User
    domain::Instant expiresAt = 0; // ms
    LoginProfile user;
};

// One user of the site in the reference download, with the hash that lets them log in offline.
struct ReferenceUser {
    LoginProfile profile;
    std::string passwordHash; // pw1$…
};

// The reference download taken apart: the three documents as text, ready for
// EventStore::putReference, and the users of the device's site.
struct ReferenceDocument {
    int version = 0;
    std::string orgJson;
    std::string catalogJson;
    std::string calendarTsv;
    std::vector<ReferenceUser> users;
};

class HttpsTransport final : public Transport {
public:
    // `client` must outlive the transport; the token may come later (setUserToken).
    HttpsTransport(net::HttpsClient& client, DeviceCredential device, std::string userToken = {});

    domain::Result<HelloResponse> hello(const HelloRequest& request) override;
    domain::Result<PushResponse> push(const PushRequest& request) override;
    domain::Result<PullResponse> pull(const PullRequest& request) override;
    std::optional<domain::Instant> retryAfter() const override { return m_retryAfter; }

    // After a new login (then call SyncEngine::credentialsChanged()).
    void setUserToken(std::string token) { m_token = std::move(token); }
    void setDevice(DeviceCredential device) { m_device = std::move(device); }
    const DeviceCredential& device() const { return m_device; }

private:
    domain::Result<std::string> post(const std::string& target, const std::string& json);

    net::HttpsClient& m_client;
    DeviceCredential m_device;
    std::string m_token;
    std::optional<domain::Instant> m_retryAfter; // of the last call's error answer
};

// The headers of an authenticated request (the token left out when empty).
std::map<std::string, std::string> authHeaders(const DeviceCredential& device,
                                               const std::string& userToken);

// POST /api/v1/enroll with a one-time code from the admin. Errors: 403 "bad_code" (unknown, used
// or expired code), 400 "bad_request", and the transport errors above.
domain::Result<Enrollment> enroll(net::HttpsClient& client, const std::string& code,
                                  const std::string& deviceName);

// POST /api/v1/login with the device credential. Errors: 401 "wrong_password", 429 "locked"
// (wait, the message says how long), 403 "forbidden" (not a user of this site or department),
// 401/403 "bad_device" / "revoked".
domain::Result<Login> login(net::HttpsClient& client, const DeviceCredential& device,
                            const std::string& userId, const std::string& password);

// GET /api/v1/reference: the JSON text {"v":1,"version","org","catalog","calendar","users"}.
domain::Result<std::string> fetchReference(net::HttpsClient& client, const DeviceCredential& device,
                                           const std::string& userToken);
// The download taken apart (InvalidInput "bad_response" when it is not one).
domain::Result<ReferenceDocument> decodeReference(std::string_view text);

// The site's users as the client keeps them for offline sign-in (no password hashes: the local
// keyring checks passwords): a JSON array of the login profiles, and back.
std::string encodeProfiles(const std::vector<LoginProfile>& users);
domain::Result<std::vector<LoginProfile>> decodeProfiles(std::string_view text);

} // namespace bianmin::sync
