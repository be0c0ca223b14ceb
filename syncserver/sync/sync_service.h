#pragma once
// The sync service: everything bianmin-syncd does for a device, as plain functions from a
// request to a response (DESIGN.md §5, after Boost.Beast's advanced server: request handling is
// a pure function apart from socket I/O). The HTTP layer (syncserver/http) parses, authenticates
// the transport, calls these on a worker pool — never on an I/O thread — and writes the answer.
//
// Threading: every method may be called from several worker threads at once.
#include "common/domain/org.h"
#include "common/domain/result.h"
#include "common/sync/protocol.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bianmin::syncd {

struct DeviceAuth {
    std::string deviceId;
    std::string secret;
};

struct Caller {
    DeviceAuth device;
    std::string userToken;
    std::string requestId; // for the logs
};

struct UserProfile {
    std::string userId;
    std::string name;
    domain::Role role = domain::Role::Clerk;
    std::string siteId;
    std::string department;
    domain::Grade grade = domain::Grade::None;
};

struct EnrollRequest {
    std::string code;
    std::string deviceName;
};
struct EnrollResponse {
    std::string deviceId;
    std::string deviceSecret;
    std::string siteId;
    std::string department;
};

struct LoginRequest {
    std::string userId;
    std::string password;
};
struct LoginResponse {
    std::string token;
    std::int64_t expiresAt = 0; // ms
    UserProfile user;
};

class SyncService {
public:
    virtual ~SyncService() = default;
    virtual domain::Result<EnrollResponse> enroll(const EnrollRequest& r) = 0;
    virtual domain::Result<LoginResponse> login(const DeviceAuth& d, const LoginRequest& r) = 0;
    virtual domain::Result<sync::HelloResponse> hello(const Caller& c,
                                                      const sync::HelloRequest& r) = 0;
    virtual domain::Result<sync::PushResponse> push(const Caller& c,
                                                    const sync::PushRequest& r) = 0;
    // The same push, answered later, so that the HTTP worker that took the request is free at
    // once (admission control and group commit, DESIGN.md §3). `done` is called exactly once,
    // from any thread: at once when the push is refused before it is queued (Retryable "busy"
    // when the queue of pushes is full, the credentials, the size), else after the transaction
    // that stored it committed — never before. The default runs push() and answers at once.
    using PushDone = std::function<void(domain::Result<sync::PushResponse>)>;
    virtual void pushAsync(const Caller& c, sync::PushRequest&& r, const PushDone& done) {
        done(push(c, r));
    }
    // After a "busy" refusal: how many seconds the client should wait before it tries again
    // (sent as Retry-After).
    virtual int retryAfterSeconds() const { return 1; }
    // Whether a push would be refused "busy" now: lets the HTTP layer refuse before it spends
    // anything on the body (gunzip, decoding). A hint; pushAsync decides.
    virtual bool pushQueueFull() const { return false; }
    virtual domain::Result<sync::PullResponse> pull(const Caller& c,
                                                    const sync::PullRequest& r) = 0;
    // The reference data for this device: {"v":1,"version":N,"org":…,"catalog":…,
    // "calendar":"…tsv…","users":[{userId,name,role,siteId,department,grade,passwordHash}]}.
    virtual domain::Result<std::string> reference(const Caller& c) = 0;
    // The readers (site ids, "dept:<name>") a device may read, for the poke channel.
    virtual domain::Result<std::vector<std::string>> readersOf(const Caller& c) = 0;
    // Called after events are stored, with the readers that may read them.
    virtual void setPokeSink(std::function<void(const std::vector<std::string>&)> sink) = 0;
};

} // namespace bianmin::syncd
