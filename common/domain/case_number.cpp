#include "common/domain/case_number.h"

#include <cassert>
#include <cstdio>

namespace bianmin::domain {

namespace {
bool digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return !s.empty();
}

bool isCompactDate(std::string_view s) {
    if (s.size() != 8 || !digits(s))
        return false;
    const std::string iso = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                            std::string(s.substr(6, 2));
    return Date::parse(iso).has_value();
}
} // namespace

std::string makeProvisionalNumber(std::string_view siteCode, Date date, int sequence) {
    assert(sequence >= 1 && sequence <= 9999 && "a site issues at most 9999 numbers a day");
    char seq[8];
    std::snprintf(seq, sizeof seq, "%04d", sequence);
    return "L" + std::string(siteCode) + "-" + date.compact() + "-" + seq;
}

bool isProvisionalNumber(std::string_view s) {
    // L + 12 digits + '-' + 8 digits + '-' + 4 digits
    return s.size() == 27 && s[0] == 'L' && digits(s.substr(1, 12)) && s[13] == '-' &&
           isCompactDate(s.substr(14, 8)) && s[22] == '-' && digits(s.substr(23, 4));
}

std::string makeOfficialNumber(std::string_view cityCode, Date date, int sequence) {
    assert(sequence >= 1 && sequence <= 999999 && "the center issues at most 999999 numbers a day");
    char seq[16];
    std::snprintf(seq, sizeof seq, "%06d", sequence);
    return std::string(cityCode.substr(0, 6)) + "-" + date.compact() + "-" + seq;
}

bool isOfficialNumber(std::string_view s) {
    return s.size() == 22 && digits(s.substr(0, 6)) && s[6] == '-' &&
           isCompactDate(s.substr(7, 8)) && s[15] == '-' && digits(s.substr(16, 6));
}

} // namespace bianmin::domain
