#include "common/domain/date.h"

#include <cstdio>

namespace bianmin::domain {

namespace {

// Days from civil and back: the proleptic Gregorian algorithms, done with era arithmetic so that
// they hold for every date we will ever see without tables.
std::int32_t daysFromCivil(int y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int32_t>(doe) - 719468;
}

struct Civil {
    int y;
    unsigned m;
    unsigned d;
};

Civil civilFromDays(std::int32_t z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const int y = static_cast<int>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
    return {y, m, d};
}

bool isLeap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysInMonth(int y, unsigned m) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

} // namespace

Date Date::fromCivil(int year, unsigned month, unsigned day) {
    return Date(daysFromCivil(year, month, day));
}

std::optional<Date> Date::parse(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return std::nullopt;
    auto num = [&](std::size_t from, std::size_t len) -> int {
        int v = 0;
        for (std::size_t i = from; i < from + len; ++i) {
            if (s[i] < '0' || s[i] > '9')
                return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    const int y = num(0, 4);
    const int m = num(5, 2);
    const int d = num(8, 2);
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return std::nullopt;
    if (static_cast<unsigned>(d) > daysInMonth(y, static_cast<unsigned>(m)))
        return std::nullopt;
    return fromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

Date Date::localDateOf(Instant t) {
    const Instant local = t + kLocalOffsetMs;
    Instant days = local / kMsPerDay;
    if (local % kMsPerDay < 0)
        --days;
    return Date(static_cast<std::int32_t>(days));
}

int Date::year() const {
    return civilFromDays(m_days).y;
}
unsigned Date::month() const {
    return civilFromDays(m_days).m;
}
unsigned Date::day() const {
    return civilFromDays(m_days).d;
}

unsigned Date::isoWeekday() const {
    // 1970-01-01 was a Thursday (4).
    const int w = ((m_days % 7) + 7 + 3) % 7; // 0 = Monday
    return static_cast<unsigned>(w + 1);
}

std::string Date::iso() const {
    const Civil c = civilFromDays(m_days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
    return buf;
}

std::string Date::compact() const {
    const Civil c = civilFromDays(m_days);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", c.y, c.m, c.d);
    return buf;
}

std::string Date::chinese() const {
    const Civil c = civilFromDays(m_days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d年%u月%u日", c.y, c.m, c.d);
    return buf;
}

} // namespace bianmin::domain
