#pragma once
// Civil dates and instants. All local dates are China Standard Time (UTC+8, no daylight saving),
// which is the only time zone the service network runs in; instants are UTC milliseconds.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bianmin::domain {

using Instant = std::int64_t; // milliseconds since 1970-01-01T00:00:00Z

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kLocalOffsetMs = std::int64_t{8} * 3'600'000; // UTC+8

// A calendar day, as the number of days since 1970-01-01. Cheap to copy and compare.
class Date {
public:
    constexpr Date() = default;
    constexpr explicit Date(std::int32_t daysSinceEpoch)
        : m_days(daysSinceEpoch) {}
    static Date fromCivil(int year, unsigned month, unsigned day);
    // Strict ISO form YYYY-MM-DD with a real month/day; nullopt otherwise.
    static std::optional<Date> parse(std::string_view text);
    // The local (UTC+8) date of an instant.
    static Date localDateOf(Instant t);

    constexpr std::int32_t days() const { return m_days; }
    int year() const;
    unsigned month() const;
    unsigned day() const;
    // 1 = Monday … 7 = Sunday (ISO).
    unsigned isoWeekday() const;
    bool isWeekend() const { return isoWeekday() >= 6; }
    std::string iso() const;     // 2026-11-27
    std::string compact() const; // 20261127
    std::string chinese() const; // 2026年11月27日
    // The instant of local midnight starting this date.
    Instant startInstant() const { return Instant{m_days} * kMsPerDay - kLocalOffsetMs; }

    constexpr Date plusDays(std::int32_t n) const { return Date(m_days + n); }
    constexpr auto operator<=>(const Date&) const = default;

private:
    std::int32_t m_days = 0;
};

} // namespace bianmin::domain
