#pragma once
// The center console's HTTP side (docs/console.md): the embedded front end under /console/ and
// /public/, the console's JSON API under /console/api/ (session cookie, CSRF header, role and
// partition checks, audit log) and the public API under /public/api/ (progress query with a
// rate limit, the catalog's 八公开).
//
// Who may do what:
//   department_staff  their department's inbox; cases the department holds or held; the actions
//                     the fold accepts from them (each step by its grade); supervision and
//                     statistics of their department's cases
//   supervisor, admin every case, read-only; supervision, statistics, sync monitor, audit log
// A case the caller may not read gets the same 404 as a case that does not exist.
//
// Threading: handle() may run on several worker threads at once.
#include "syncserver/admin/case_commands.h"
#include "syncserver/console/case_index.h"
#include "syncserver/http/http_types.h"
#include "syncserver/http/log.h"
#include "syncserver/sync/sqlite_sync_service.h"

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace bianmin::syncd::console {

inline constexpr domain::Instant kConsoleSessionLifetime = std::int64_t{8} * 3600 * 1000;
inline constexpr const char* kSessionCookie = "bm_console";
// Public progress queries: at most this many per address in a minute.
inline constexpr int kQueryLimitPerMinute = 10;

struct ConsoleOptions {
    Clock now; // default: the system clock
    // Test mode only (`serve --test-clock`): sets the server's clock. Null in production, and then
    // /console/api/test/clock does not exist.
    std::function<void(domain::Instant)> setNow;
    domain::Instant sessionLifetime = kConsoleSessionLifetime;
};

class ConsoleApi {
public:
    ConsoleApi(ServerStore& store, StoreSyncService& service, Logger& log,
               ConsoleOptions options = {});

    // The answer for a console or public path; nullopt for any other path.
    std::optional<HttpResponse> handle(const HttpRequest& r);

private:
    struct Session {
        UserRecord user;
        std::string tokenHash;
        std::string csrf;
    };
    // One request: the session, the reference data, the time.
    struct Context {
        Session session;
        std::shared_ptr<const refdata::ReferenceData> ref;
        domain::Instant now = 0;
        const UserRecord& user() const { return session.user; }
        domain::FoldContext fold() const { return {ref->catalog, ref->org, ref->calendar}; }
        bool seesAll() const { return user().role != domain::Role::DepartmentStaff; }
    };

    domain::Instant now() const;
    HttpResponse api(const HttpRequest& r);
    HttpResponse publicApi(const HttpRequest& r);
    domain::Result<Session> session(const HttpRequest& r);

    HttpResponse login(const HttpRequest& r);
    HttpResponse inbox(const Context& c, const HttpRequest& r);
    HttpResponse showCase(const Context& c, const std::string& id);
    HttpResponse showCase(const Context& c, const admin::StoredCase& found);
    HttpResponse act(const Context& c, const HttpRequest& r, const std::string& id,
                     const std::string& action);
    HttpResponse openCases(const Context& c, const HttpRequest& r);
    enum class StatsFormat { Json, Csv, Xlsx };
    HttpResponse stats(const Context& c, const HttpRequest& r, StatsFormat format);
    HttpResponse syncMonitor(const Context& c);
    HttpResponse auditLog(const Context& c, const HttpRequest& r);
    HttpResponse publicQuery(const HttpRequest& r);
    // console_admin.cpp: catalog, users, devices, calendar, 督办; nullopt for another route.
    std::optional<HttpResponse> adminRoute(const Context& c, const HttpRequest& r,
                                           const std::string& route);
    // console_org.cpp: sites and window sets; nullopt for another route.
    std::optional<HttpResponse> orgRoute(const Context& c, const HttpRequest& r,
                                         const std::string& route);
    // What keeps a site from being closed (停用).
    struct SiteUse {
        int openCases = 0;                 // open cases received there or held there now
        int activeUsers = 0;               // user accounts not deactivated
        int activeDevices = 0;             // devices not revoked
        int activeRooms = 0;               // a hall's rooms still open
        std::vector<std::string> blockers; // for people, one per reason; empty: may be closed
    };
    domain::Result<SiteUse> siteUse(const Context& c, const domain::Site& s);
    // Stores the next reference version with the catalog, calendar and/or org replaced. With a
    // `base`, Conflict "stale_reference" unless the newest version is still `base` (the change
    // was made to it).
    domain::Status publishReference(const Context& c, const std::string* catalog,
                                    const std::string* calendar, const std::string* org = nullptr,
                                    std::int64_t base = 0);

    void audit(const HttpRequest& r, const std::string& userId, const std::string& action,
               const std::string& target, const std::string& detail, bool ok);
    bool allowQuery(const std::string& remote);

    ServerStore& m_store;
    StoreSyncService& m_service;
    Logger& m_log;
    ConsoleOptions m_options;
    CaseIndex m_index;

    std::mutex m_rateMutex;
    std::map<std::string, std::deque<domain::Instant>> m_queries; // by address
};

// Query string parameters, percent-decoded ("a=1&b=%E6%B0%91" → {a:1, b:民}).
std::map<std::string, std::string> parseQuery(std::string_view target);
// A cookie's value from a Cookie header; empty when absent.
std::string cookieValue(std::string_view header, std::string_view name);

} // namespace bianmin::syncd::console
