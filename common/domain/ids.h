#pragma once
// Identifiers: resident ID numbers, mobile numbers, event ids, hybrid logical clocks and the
// 查询密码 of a case. Pure functions; randomness is passed in by the caller.
#include "common/domain/date.h"
#include "common/domain/result.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace bianmin::domain {

// --- 18-digit resident identity number (GB 11643), ISO 7064 MOD 11-2 check character ---------
// Returns the check character ('0'-'9' or 'X') for the first 17 digits, or '\0' if they are not
// 17 digits.
char residentIdCheckChar(std::string_view first17);
enum class ResidentIdProblem { None, WrongLength, NotDigits, BadBirthDate, BadCheckDigit };
// Checks length, digits, the birth date (YYYYMMDD at offset 6) and the check character; 'x' is
// accepted as 'X'.
ResidentIdProblem checkResidentId(std::string_view id);
// Upper-cases a trailing 'x'; does not validate.
std::string normalizeResidentId(std::string_view id);
std::string describe(ResidentIdProblem p); // Chinese, for the counter

// --- mainland mobile number: 11 digits, 1[3-9]x ------------------------------------------------
bool isMobileNumber(std::string_view s);

// --- event ids -----------------------------------------------------------------------------------
// A UUID version 7: 48 bits of Unix milliseconds, then 74 random bits. Ids made at sites that never
// talk to each other collide with probability ~n²/2^75; they sort by creation time.
using RandomBytes = std::array<std::uint8_t, 10>;
std::string makeEventId(Instant unixMs, const RandomBytes& random);
bool isEventId(std::string_view s);
Instant eventIdTime(std::string_view id); // the embedded milliseconds; 0 if malformed

// --- hybrid logical clock
// --------------------------------------------------------------------------- Keeps a device's
// event order consistent with causality even when its wall clock is wrong: it never goes backwards,
// and after seeing a remote stamp it stays ahead of it.
struct Hlc {
    Instant wallMs = 0;
    std::uint32_t counter = 0;
    auto operator<=>(const Hlc&) const = default;
    std::string str() const; // zero-padded (15 + 10 digits), sorts as text
};
// The stamp for a local event at physical time `now`, given the last stamp issued.
Hlc hlcTick(const Hlc& last, Instant now);
// The stamp after receiving `remote`, given the last local stamp and physical time `now`.
Hlc hlcMerge(const Hlc& last, const Hlc& remote, Instant now);

// --- 查询密码
// ------------------------------------------------------------------------------------- Six digits
// printed on the receipt; the applicant types them with the case number on the public query page.
// Made without modulo bias from caller-supplied random bytes.
std::string makeQueryPassword(const std::array<std::uint8_t, 8>& random);
bool isQueryPassword(std::string_view s);
// The stored form: "pbkdf2-sha256$<iter>$<salt hex>$<hash hex>". The public page is rate limited;
// the slow hash keeps a copied database from giving the passwords away in bulk.
std::string hashQueryPassword(std::string_view password, std::string_view saltHex,
                              int iterations = 20000);
bool verifyQueryPassword(std::string_view password, std::string_view stored);

std::string toHex(const std::uint8_t* data, std::size_t n);

} // namespace bianmin::domain
