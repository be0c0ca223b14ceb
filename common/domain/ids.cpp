#include "common/domain/ids.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <vector>

namespace bianmin::domain {

char residentIdCheckChar(std::string_view first17) {
    if (first17.size() != 17)
        return '\0';
    // ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, check value (12 - sum mod 11) mod 11.
    static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char kChars[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) {
        if (first17[i] < '0' || first17[i] > '9')
            return '\0';
        sum += (first17[i] - '0') * kWeights[i];
    }
    return kChars[sum % 11];
}

ResidentIdProblem checkResidentId(std::string_view id) {
    if (id.size() != 18)
        return ResidentIdProblem::WrongLength;
    for (std::size_t i = 0; i < 17; ++i)
        if (id[i] < '0' || id[i] > '9')
            return ResidentIdProblem::NotDigits;
    const char last = id[17] == 'x' ? 'X' : id[17];
    if (!(last == 'X' || (last >= '0' && last <= '9')))
        return ResidentIdProblem::NotDigits;
    const std::string birth = std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) +
                              "-" + std::string(id.substr(12, 2));
    if (!Date::parse(birth))
        return ResidentIdProblem::BadBirthDate;
    if (residentIdCheckChar(id.substr(0, 17)) != last)
        return ResidentIdProblem::BadCheckDigit;
    return ResidentIdProblem::None;
}

std::string normalizeResidentId(std::string_view id) {
    std::string s(id);
    if (!s.empty() && s.back() == 'x')
        s.back() = 'X';
    return s;
}

std::string describe(ResidentIdProblem p) {
    switch (p) {
    case ResidentIdProblem::None:
        return "身份证号码有效";
    case ResidentIdProblem::WrongLength:
        return "身份证号码应为18位";
    case ResidentIdProblem::NotDigits:
        return "身份证号码前17位应为数字，末位为数字或X";
    case ResidentIdProblem::BadBirthDate:
        return "身份证号码中的出生日期无效";
    case ResidentIdProblem::BadCheckDigit:
        return "身份证号码校验位不正确，请核对";
    }
    return {};
}

bool isMobileNumber(std::string_view s) {
    if (s.size() != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

std::string toHex(const std::uint8_t* data, std::size_t n) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = kHex[data[i] >> 4];
        out[2 * i + 1] = kHex[data[i] & 0xF];
    }
    return out;
}

std::string makeEventId(Instant unixMs, const RandomBytes& r) {
    std::array<std::uint8_t, 16> b{};
    const auto ms = static_cast<std::uint64_t>(unixMs);
    for (int i = 0; i < 6; ++i)
        b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
    b[6] = static_cast<std::uint8_t>(0x70 | (r[0] & 0x0F)); // version 7
    b[7] = r[1];
    b[8] = static_cast<std::uint8_t>(0x80 | (r[2] & 0x3F)); // RFC 4122 variant
    for (std::size_t i = 9; i < 16; ++i)
        b[i] = r[i - 6];
    const std::string h = toHex(b.data(), b.size());
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20);
}

bool isEventId(std::string_view s) {
    if (s.size() != 36)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const char c = s[i];
        if (dash != (c == '-'))
            return false;
        if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return s[14] == '7' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

Instant eventIdTime(std::string_view id) {
    if (!isEventId(id))
        return 0;
    const std::string hex = std::string(id.substr(0, 8)) + std::string(id.substr(9, 4));
    std::uint64_t v = 0;
    std::from_chars(hex.data(), hex.data() + hex.size(), v, 16);
    return static_cast<Instant>(v);
}

std::string Hlc::str() const {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%015lld.%010u", static_cast<long long>(wallMs), counter);
    return buf;
}

namespace {
// A counter at its limit moves the wall part on by a millisecond instead of wrapping.
Hlc bump(Instant wall, std::uint32_t counter) {
    if (counter == std::numeric_limits<std::uint32_t>::max())
        return {wall + 1, 0};
    return {wall, counter + 1};
}
} // namespace

Hlc hlcTick(const Hlc& last, Instant now) {
    if (now > last.wallMs)
        return {now, 0};
    return bump(last.wallMs, last.counter);
}

Hlc hlcMerge(const Hlc& last, const Hlc& remote, Instant now) {
    const Instant wall = std::max({last.wallMs, remote.wallMs, now});
    if (wall == last.wallMs && wall == remote.wallMs)
        return bump(wall, std::max(last.counter, remote.counter));
    if (wall == last.wallMs)
        return bump(wall, last.counter);
    if (wall == remote.wallMs)
        return bump(wall, remote.counter);
    return {wall, 0};
}

std::string makeQueryPassword(const std::array<std::uint8_t, 8>& random) {
    // 2^64 mod 10^6 is tiny next to 2^64, so the bias of one modulo is below 1e-13.
    std::uint64_t v = 0;
    for (auto byte : random)
        v = (v << 8) | byte;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%06u", static_cast<unsigned>(v % 1'000'000U));
    return buf;
}

bool isQueryPassword(std::string_view s) {
    if (s.size() != 6)
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

std::string hashQueryPassword(std::string_view password, std::string_view saltHex, int iterations) {
    std::array<std::uint8_t, 32> out{};
    PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                      reinterpret_cast<const unsigned char*>(saltHex.data()),
                      static_cast<int>(saltHex.size()), iterations, EVP_sha256(),
                      static_cast<int>(out.size()), out.data());
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + std::string(saltHex) + "$" +
           toHex(out.data(), out.size());
}

bool verifyQueryPassword(std::string_view password, std::string_view stored) {
    // pbkdf2-sha256$<iter>$<salt>$<hash>
    const auto p1 = stored.find('$');
    const auto p2 = stored.find('$', p1 + 1);
    const auto p3 = stored.find('$', p2 + 1);
    if (p1 == std::string_view::npos || p2 == std::string_view::npos ||
        p3 == std::string_view::npos || stored.substr(0, p1) != "pbkdf2-sha256")
        return false;
    int iterations = 0;
    const auto it = stored.substr(p1 + 1, p2 - p1 - 1);
    if (std::from_chars(it.data(), it.data() + it.size(), iterations).ec != std::errc{} ||
        iterations < 1 || iterations > 10'000'000)
        return false;
    const std::string again =
        hashQueryPassword(password, stored.substr(p2 + 1, p3 - p2 - 1), iterations);
    return again.size() == stored.size() &&
           CRYPTO_memcmp(again.data(), stored.data(), again.size()) == 0;
}

} // namespace bianmin::domain
