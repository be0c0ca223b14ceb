#pragma once
// Small pieces shared by the console's route files (console_api.cpp, console_admin.cpp).
#include "common/domain/org.h"
#include "common/domain/result.h"
#include "syncserver/http/http_types.h"
#include "syncserver/store/server_store.h"

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace bianmin::syncd::console {

HttpResponse jsonResponse(const boost::json::value& v, int status = 200);
// The error as JSON; in the console a refused action (wrong grade, wrong department …) is 403,
// and 401 means only "sign in (again)".
HttpResponse errorResponse(const domain::Error& e);
domain::Error badInput(std::string message);                           // InvalidInput "bad_request"
std::string jsonString(const boost::json::object& o, const char* key); // "" when absent
std::vector<std::string> jsonStrings(const boost::json::object& o, const char* key);
boost::json::object userJson(const UserRecord& u); // never the password hash
// The reader whose cases a user sees: their department's; empty for every case (supervisors
// and admins).
std::string readerFor(const UserRecord& u);
std::string siteNameOf(const domain::Org& org, const std::string& id); // the id if unknown
std::string_view siteKindKey(domain::SiteKind k);                      // center, hall, room

} // namespace bianmin::syncd::console
