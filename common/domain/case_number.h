#pragma once
// Case numbers (办件编号). An offline hall or room issues a provisional number that is unique
// without asking anyone: "L" + the site's 12-digit code + the local date + a 4-digit daily
// sequence kept by the site, e.g. L421281909003-20261127-0007. The center later binds its
// official number: the city's 6-digit code + date + a 6-digit sequence, e.g.
// 421281-20261127-000123. Both are kept forever and both find the case.
#include "common/domain/date.h"

#include <string>
#include <string_view>

namespace bianmin::domain {

// sequence: 1..9999 (a site's numbers for one day); 1..999999 for official numbers.
std::string makeProvisionalNumber(std::string_view siteCode, Date date, int sequence);
bool isProvisionalNumber(std::string_view s);
std::string makeOfficialNumber(std::string_view cityCode, Date date, int sequence);
bool isOfficialNumber(std::string_view s);

} // namespace bianmin::domain
