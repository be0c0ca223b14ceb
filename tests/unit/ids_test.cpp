// Identifiers: resident ID numbers, mobile numbers, event ids, hybrid logical clocks, 查询密码 and
// case numbers.
#include "common/domain/case_number.h"
#include "common/domain/date.h"
#include "common/domain/ids.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

using namespace bianmin::domain;
using Catch::Matchers::StartsWith;

namespace {

// A full 18-character id: the 17 digits and their computed check character.
std::string withCheck(const std::string& first17) {
    const char c = residentIdCheckChar(first17);
    REQUIRE(c != '\0');
    return first17 + c;
}

RandomBytes randomBytes(std::mt19937_64& rng) {
    RandomBytes out{};
    const std::uint64_t a = rng();
    const std::uint64_t b = rng();
    for (std::size_t i = 0; i < 8; ++i)
        out[i] = static_cast<std::uint8_t>(a >> (8 * i));
    out[8] = static_cast<std::uint8_t>(b);
    out[9] = static_cast<std::uint8_t>(b >> 8);
    return out;
}

RandomBytes filled(std::uint8_t v) {
    RandomBytes r{};
    r.fill(v);
    return r;
}

constexpr Instant k20261126T1600Z = 1'795'708'800'000;
const std::string kSalt = "00112233445566778899aabbccddeeff";

} // namespace

// --- resident ID --------------------------------------------------------------------------------

TEST_CASE("ids: residentIdCheckChar computes the ISO 7064 MOD 11-2 character", "[ids][resident]") {
    CHECK(residentIdCheckChar("11010519491231002") == 'X'); // the published example
    CHECK(residentIdCheckChar("42128119800101123") == '3');
    CHECK(residentIdCheckChar("42128120000229001") == '9');
    CHECK(residentIdCheckChar("4212811980010112") == '\0');   // 16 digits
    CHECK(residentIdCheckChar("421281198001011234") == '\0'); // 18 digits
    CHECK(residentIdCheckChar("4212811980010112A") == '\0');
    CHECK(residentIdCheckChar("") == '\0');
}

TEST_CASE("ids: checkResidentId accepts valid ids, including a lowercase x", "[ids][resident]") {
    CHECK(checkResidentId("11010519491231002X") == ResidentIdProblem::None);
    CHECK(checkResidentId("11010519491231002x") == ResidentIdProblem::None);
    for (const std::string first17 : {"42128119800101123", "42128120000229001", "42128119991231456",
                                      "42128119000101000", "11010519491231002"}) {
        const std::string id = withCheck(first17);
        INFO(id);
        CHECK(checkResidentId(id) == ResidentIdProblem::None);
    }
    CHECK(describe(ResidentIdProblem::None) == "身份证号码有效");
}

TEST_CASE("ids: checkResidentId refuses a wrong check character", "[ids][resident]") {
    const std::string good = withCheck("42128119800101123");
    REQUIRE(good == "421281198001011233");
    for (char c : std::string("0124567890X")) {
        if (c == good.back())
            continue;
        std::string bad = good;
        bad.back() = c;
        INFO(bad);
        CHECK(checkResidentId(bad) == ResidentIdProblem::BadCheckDigit);
    }
    CHECK(checkResidentId("110105194912310021") == ResidentIdProblem::BadCheckDigit);
    // a transposition of two digits is caught
    CHECK(checkResidentId("421281198001011323") == ResidentIdProblem::BadCheckDigit);
    CHECK_FALSE(describe(ResidentIdProblem::BadCheckDigit).empty());
}

TEST_CASE("ids: checkResidentId refuses wrong lengths and non-digits", "[ids][resident]") {
    CHECK(checkResidentId("42128119800101123") == ResidentIdProblem::WrongLength);   // 17
    CHECK(checkResidentId("4212811980010112334") == ResidentIdProblem::WrongLength); // 19
    CHECK(checkResidentId("") == ResidentIdProblem::WrongLength);
    CHECK(checkResidentId("42128119800101123 ") == ResidentIdProblem::NotDigits);
    CHECK(checkResidentId("4212811980O101123X") == ResidentIdProblem::NotDigits); // letter O
    CHECK(checkResidentId("X21281198001011233") == ResidentIdProblem::NotDigits);
    CHECK(checkResidentId("42128119800101123Y") == ResidentIdProblem::NotDigits);
    CHECK(checkResidentId("4212811980010112X3") == ResidentIdProblem::NotDigits);
}

TEST_CASE("ids: checkResidentId refuses an impossible birth date", "[ids][resident]") {
    // valid check characters, so only the date is wrong
    CHECK(checkResidentId(withCheck("42128119801301123")) == ResidentIdProblem::BadBirthDate);
    CHECK(checkResidentId(withCheck("42128119800230123")) == ResidentIdProblem::BadBirthDate);
    CHECK(checkResidentId(withCheck("42128120250229123")) == ResidentIdProblem::BadBirthDate);
    CHECK(checkResidentId(withCheck("42128119800100123")) == ResidentIdProblem::BadBirthDate);
    CHECK(checkResidentId(withCheck("42128120240229123")) == ResidentIdProblem::None);
    CHECK_FALSE(describe(ResidentIdProblem::BadBirthDate).empty());
}

TEST_CASE("ids: normalizeResidentId upper-cases only a trailing x", "[ids][resident]") {
    CHECK(normalizeResidentId("11010519491231002x") == "11010519491231002X");
    CHECK(normalizeResidentId("11010519491231002X") == "11010519491231002X");
    CHECK(normalizeResidentId("421281198001011233") == "421281198001011233");
    CHECK(normalizeResidentId("") == "");
    CHECK(normalizeResidentId("x1") == "x1");
}

TEST_CASE("ids: isMobileNumber accepts 11-digit numbers starting 13 to 19", "[ids][mobile]") {
    CHECK(isMobileNumber("13812345678"));
    CHECK(isMobileNumber("19912345678"));
    CHECK(isMobileNumber("15000000000"));
    CHECK_FALSE(isMobileNumber("12345678901")); // second digit 2
    CHECK_FALSE(isMobileNumber("10012345678"));
    CHECK_FALSE(isMobileNumber("23812345678"));
    CHECK_FALSE(isMobileNumber("1381234567"));   // 10 digits
    CHECK_FALSE(isMobileNumber("138123456789")); // 12 digits
    CHECK_FALSE(isMobileNumber("1381234567a"));
    CHECK_FALSE(isMobileNumber("138-1234-567"));
    CHECK_FALSE(isMobileNumber("+8613812345"));
    CHECK_FALSE(isMobileNumber(""));
}

// --- event ids ----------------------------------------------------------------------------------

TEST_CASE("ids: makeEventId produces a UUID version 7 with the RFC 4122 variant", "[ids][event]") {
    for (std::uint8_t fill : {std::uint8_t{0x00}, std::uint8_t{0xFF}, std::uint8_t{0x5A}}) {
        const std::string id = makeEventId(k20261126T1600Z, filled(fill));
        INFO(id);
        REQUIRE(id.size() == 36u);
        CHECK(isEventId(id));
        CHECK(id[8] == '-');
        CHECK(id[13] == '-');
        CHECK(id[18] == '-');
        CHECK(id[23] == '-');
        CHECK(id[14] == '7'); // version nibble
        CHECK(std::string("89ab").find(id[19]) != std::string::npos);
        CHECK(id.substr(0, 13) == "01a21895-cc00"); // 48-bit milliseconds, big-endian
    }
    CHECK(makeEventId(0, filled(0)) == "00000000-0000-7000-8000-000000000000");
    CHECK(makeEventId(0, filled(0xFF)) == "00000000-0000-7fff-bfff-ffffffffffff");
}

TEST_CASE("ids: isEventId refuses malformed ids", "[ids][event]") {
    const std::string good = makeEventId(k20261126T1600Z, filled(0x11));
    REQUIRE(isEventId(good));
    CHECK_FALSE(isEventId(""));
    CHECK_FALSE(isEventId(good.substr(1)));
    CHECK_FALSE(isEventId(good + "0"));
    std::string v4 = good;
    v4[14] = '4';
    CHECK_FALSE(isEventId(v4));
    std::string badVariant = good;
    badVariant[19] = 'c';
    CHECK_FALSE(isEventId(badVariant));
    std::string noDash = good;
    noDash[8] = '0';
    CHECK_FALSE(isEventId(noDash));
    std::string upper = good;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](char c) { return c >= 'a' && c <= 'f' ? static_cast<char>(c - 32) : c; });
    if (upper != good)
        CHECK_FALSE(isEventId(upper));
    std::string letter = good;
    letter[0] = 'g';
    CHECK_FALSE(isEventId(letter));
}

TEST_CASE("ids: eventIdTime returns the embedded milliseconds", "[ids][event]") {
    std::mt19937_64 rng(7);
    for (Instant t : {Instant{0}, Instant{1}, Instant{255}, Instant{256}, k20261126T1600Z,
                      k20261126T1600Z + 1, (Instant{1} << 48) - 1}) {
        INFO(t);
        CHECK(eventIdTime(makeEventId(t, randomBytes(rng))) == t);
    }
    CHECK(eventIdTime("not an id") == 0);
    CHECK(eventIdTime("") == 0);
}

TEST_CASE("ids: event ids sort by creation time whatever their random bits", "[ids][event]") {
    // the later id has the smallest random bits, the earlier one the largest
    CHECK(makeEventId(k20261126T1600Z, filled(0xFF)) <
          makeEventId(k20261126T1600Z + 1, filled(0x00)));
    CHECK(makeEventId(255, filled(0xFF)) < makeEventId(256, filled(0x00)));
    CHECK(makeEventId(k20261126T1600Z - kMsPerDay, filled(0xFF)) <
          makeEventId(k20261126T1600Z, filled(0x00)));

    std::mt19937_64 rng(42);
    std::vector<std::string> ids;
    std::vector<Instant> times;
    for (int i = 0; i < 2000; ++i) {
        const Instant t = k20261126T1600Z + static_cast<Instant>(rng() % 100'000'000);
        times.push_back(t);
        ids.push_back(makeEventId(t, randomBytes(rng)));
    }
    std::sort(ids.begin(), ids.end());
    std::sort(times.begin(), times.end());
    for (std::size_t i = 0; i < ids.size(); ++i)
        REQUIRE(eventIdTime(ids[i]) == times[i]);
}

TEST_CASE("ids: 100000 event ids from two sites that never talk are all distinct", "[ids][event]") {
    // Two sites, each with its own generator, issuing ids at the very same milliseconds: many ids
    // per millisecond, so uniqueness rests on the random bits alone.
    std::mt19937_64 siteA(20261127);
    std::mt19937_64 siteB(421281909003);
    std::unordered_set<std::string> seen;
    seen.reserve(100'000);
    for (int i = 0; i < 50'000; ++i) {
        const Instant t = k20261126T1600Z + i / 500;
        const std::string a = makeEventId(t, randomBytes(siteA));
        const std::string b = makeEventId(t, randomBytes(siteB));
        REQUIRE(a.substr(0, 13) == b.substr(0, 13)); // same time prefix
        seen.insert(a);
        seen.insert(b);
    }
    CHECK(seen.size() == 100'000u);
}

// --- hybrid logical clock ------------------------------------------------------------------------

TEST_CASE("ids: hlcTick never goes backwards when the wall clock does", "[ids][hlc]") {
    Hlc h = hlcTick(Hlc{}, 1'000);
    CHECK(h == Hlc{1'000, 0});
    const Hlc a = hlcTick(h, 500); // clock set back
    CHECK(a == Hlc{1'000, 1});
    const Hlc b = hlcTick(a, 400);
    CHECK(b == Hlc{1'000, 2});
    const Hlc c = hlcTick(b, 1'000); // same millisecond
    CHECK(c == Hlc{1'000, 3});
    const Hlc d = hlcTick(c, 1'001); // clock catches up
    CHECK(d == Hlc{1'001, 0});
    CHECK(h < a);
    CHECK(a < b);
    CHECK(b < c);
    CHECK(c < d);
    CHECK(h.str() < a.str());
    CHECK(c.str() < d.str());
    CHECK(d.str() == "000000000001001.0000000000");

    std::mt19937_64 rng(3);
    Hlc last{};
    for (int i = 0; i < 10'000; ++i) {
        // a wall clock jumping around within ±5 s of a slowly advancing time
        const Instant now = 1'000'000 + i - 5'000 + static_cast<Instant>(rng() % 10'000);
        const Hlc next = hlcTick(last, now);
        REQUIRE(last < next);
        REQUIRE(next.wallMs >= now);
        last = next;
    }
}

TEST_CASE("ids: hlcMerge stays ahead of both the remote and the local stamp", "[ids][hlc]") {
    // remote ahead of the local wall clock
    const Hlc m1 = hlcMerge(Hlc{1'000, 3}, Hlc{5'000, 7}, 2'000);
    CHECK(m1 == Hlc{5'000, 8});
    // a later local event still stays ahead of the remote stamp
    const Hlc t1 = hlcTick(m1, 2'500);
    CHECK(t1 == Hlc{5'000, 9});
    CHECK(Hlc{5'000, 7} < t1);
    // remote behind
    CHECK(hlcMerge(Hlc{5'000, 2}, Hlc{1'000, 9}, 3'000) == Hlc{5'000, 3});
    // equal walls: past both counters
    CHECK(hlcMerge(Hlc{5'000, 2}, Hlc{5'000, 9}, 100) == Hlc{5'000, 10});
    CHECK(hlcMerge(Hlc{5'000, 9}, Hlc{5'000, 2}, 100) == Hlc{5'000, 10});
    // physical time ahead of both
    CHECK(hlcMerge(Hlc{5'000, 2}, Hlc{6'000, 9}, 9'000) == Hlc{9'000, 0});

    std::mt19937_64 rng(11);
    Hlc local{};
    for (int i = 0; i < 10'000; ++i) {
        const Instant now = 1'000'000 + static_cast<Instant>(rng() % 20'000);
        const Hlc remote{1'000'000 + static_cast<Instant>(rng() % 20'000),
                         static_cast<std::uint32_t>(rng() % 5)};
        const Hlc next = rng() % 2 == 0 ? hlcMerge(local, remote, now) : hlcTick(local, now);
        if (rng() % 2 == 0) {
            const Hlc merged = hlcMerge(local, remote, now);
            REQUIRE(remote < merged);
            REQUIRE(local < merged);
        }
        REQUIRE(local < next);
        local = next;
    }
}

// Library bug: Hlc::str pads the counter to 6 digits only, so from counter 1000000 on the text no
// longer sorts like the stamp. The counter reaches that when the wall time is pinned ahead of
// physical time, e.g. a sync server that merged one stamp from a client whose clock is far ahead
// and then ticks for every later event until its own clock catches up.
TEST_CASE("ids: Hlc text form sorts like the stamp for large counters", "[ids][hlc]") {
    const Hlc a{1'795'708'800'000, 999'999};
    const Hlc b{1'795'708'800'000, 1'000'000};
    REQUIRE(a < b);
    CHECK(a.str() < b.str());
}

// --- 查询密码
// --------------------------------------------------------------------------------------

TEST_CASE("ids: makeQueryPassword gives six digits", "[ids][password]") {
    CHECK(makeQueryPassword({0, 0, 0, 0, 0, 0, 0, 0}) == "000000");
    CHECK(makeQueryPassword({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}) == "551615");
    CHECK(makeQueryPassword({0, 0, 0, 0, 0, 0, 0, 7}) == "000007");
    std::mt19937_64 rng(5);
    std::unordered_set<std::string> seen;
    for (int i = 0; i < 1'000; ++i) {
        std::array<std::uint8_t, 8> r{};
        const std::uint64_t v = rng();
        for (std::size_t j = 0; j < 8; ++j)
            r[j] = static_cast<std::uint8_t>(v >> (8 * j));
        const std::string p = makeQueryPassword(r);
        REQUIRE(isQueryPassword(p));
        seen.insert(p);
    }
    CHECK(seen.size() > 990u); // 1000 draws from a million values rarely repeat
}

TEST_CASE("ids: isQueryPassword wants exactly six digits", "[ids][password]") {
    CHECK(isQueryPassword("000000"));
    CHECK(isQueryPassword("123456"));
    CHECK_FALSE(isQueryPassword("12345"));
    CHECK_FALSE(isQueryPassword("1234567"));
    CHECK_FALSE(isQueryPassword("12345a"));
    CHECK_FALSE(isQueryPassword(" 12345"));
    CHECK_FALSE(isQueryPassword(""));
}

TEST_CASE("ids: query password hash round trip and refusals", "[ids][password]") {
    const std::string stored = hashQueryPassword("123456", kSalt, 1000);
    // PBKDF2-HMAC-SHA256 over the salt text, as computed independently (Python hashlib)
    CHECK(stored == "pbkdf2-sha256$1000$" + kSalt +
                        "$c337b259791b0a0dbbed4130d4dff7e198184edd40c031ed0c02ce562882c5a3");
    CHECK(verifyQueryPassword("123456", stored));
    CHECK_FALSE(verifyQueryPassword("123457", stored));
    CHECK_FALSE(verifyQueryPassword("", stored));
    CHECK_FALSE(verifyQueryPassword("1234567", stored));

    SECTION("a tampered stored string is refused") {
        std::string flippedHash = stored;
        flippedHash.back() = flippedHash.back() == '3' ? '4' : '3';
        CHECK_FALSE(verifyQueryPassword("123456", flippedHash));

        std::string otherIterations = stored;
        otherIterations.replace(otherIterations.find("$1000$"), 6, "$1001$");
        CHECK_FALSE(verifyQueryPassword("123456", otherIterations));

        std::string otherSalt = stored;
        otherSalt[otherSalt.find(kSalt)] = 'f';
        CHECK_FALSE(verifyQueryPassword("123456", otherSalt));

        CHECK_FALSE(verifyQueryPassword("123456", stored.substr(0, stored.size() - 1)));
        CHECK_FALSE(verifyQueryPassword("123456", stored + "0"));
        std::string otherScheme = stored;
        otherScheme.replace(0, 13, "pbkdf2-sha1xx");
        CHECK_FALSE(verifyQueryPassword("123456", otherScheme));
        CHECK_FALSE(verifyQueryPassword("123456", ""));
        CHECK_FALSE(verifyQueryPassword("123456", "pbkdf2-sha256$0$" + kSalt + "$00"));
        CHECK_FALSE(verifyQueryPassword("123456", "pbkdf2-sha256$x$" + kSalt + "$00"));
        CHECK_FALSE(verifyQueryPassword("123456", "pbkdf2-sha256"));
    }
    SECTION("different salts give different hashes of the same password") {
        const std::string other =
            hashQueryPassword("123456", "ffeeddccbbaa99887766554433221100", 1000);
        CHECK(other != stored);
        CHECK(other.substr(other.rfind('$')) != stored.substr(stored.rfind('$')));
        CHECK(verifyQueryPassword("123456", other));
    }
}

TEST_CASE("ids: query password hash with the default iterations", "[ids][password]") {
    const std::string stored = hashQueryPassword("654321", kSalt);
    CHECK_THAT(stored, StartsWith("pbkdf2-sha256$20000$" + kSalt + "$"));
    CHECK(stored.size() == std::string("pbkdf2-sha256$20000$").size() + kSalt.size() + 1 + 64);
    CHECK(verifyQueryPassword("654321", stored));
    CHECK(hashQueryPassword("123456", kSalt) ==
          "pbkdf2-sha256$20000$" + kSalt +
              "$2e27831f89af8e4fe88fa1fe827c2c9b12e5b36d1c756afea1a2f913aa96301c");
}

// --- case numbers --------------------------------------------------------------------------------

TEST_CASE("ids: provisional case numbers round trip and refuse malformed text",
          "[ids][case_number]") {
    const Date d = Date::fromCivil(2026, 11, 27);
    const std::string n = makeProvisionalNumber("421281909003", d, 7);
    CHECK(n == "L421281909003-20261127-0007");
    CHECK(isProvisionalNumber(n));
    CHECK(makeProvisionalNumber("421281909003", d, 9999) == "L421281909003-20261127-9999");
    CHECK(isProvisionalNumber(
        makeProvisionalNumber("421281901000", Date::fromCivil(2024, 2, 29), 1)));

    CHECK_FALSE(isProvisionalNumber("L421281909003-20261340-0007")); // month 13
    CHECK_FALSE(isProvisionalNumber("L421281909003-20260229-0007")); // 2026 is not leap
    CHECK_FALSE(isProvisionalNumber("421281909003-20261127-0007"));  // missing L
    CHECK_FALSE(isProvisionalNumber("X421281909003-20261127-0007"));
    CHECK_FALSE(isProvisionalNumber("L421281909003-20261127-007"));   // too short
    CHECK_FALSE(isProvisionalNumber("L421281909003-20261127-00007")); // too long
    CHECK_FALSE(isProvisionalNumber("L42128190900-20261127-00007"));  // 11-digit site
    CHECK_FALSE(isProvisionalNumber("L42128190900A-20261127-0007"));
    CHECK_FALSE(isProvisionalNumber("L421281909003_20261127-0007"));
    CHECK_FALSE(isProvisionalNumber("L421281909003-20261127-00a7"));
    CHECK_FALSE(isProvisionalNumber(""));
    CHECK_FALSE(isProvisionalNumber("421281-20261127-000123")); // an official number
}

TEST_CASE("ids: official case numbers round trip and refuse malformed text", "[ids][case_number]") {
    const Date d = Date::fromCivil(2026, 11, 27);
    const std::string n = makeOfficialNumber("421281000000", d, 123);
    CHECK(n == "421281-20261127-000123");
    CHECK(isOfficialNumber(n));
    CHECK(makeOfficialNumber("421281", d, 999999) == "421281-20261127-999999");

    CHECK_FALSE(isOfficialNumber("421281-20261340-000123")); // month 13
    CHECK_FALSE(isOfficialNumber("421281-20261127-00123"));  // too short
    CHECK_FALSE(isOfficialNumber("421281-20261127-0000123"));
    CHECK_FALSE(isOfficialNumber("42128-20261127-0000123"));
    CHECK_FALSE(isOfficialNumber("42128a-20261127-000123"));
    CHECK_FALSE(isOfficialNumber("421281_20261127-000123"));
    CHECK_FALSE(isOfficialNumber("L421281-20261127-000123"));
    CHECK_FALSE(isOfficialNumber(""));
    CHECK_FALSE(isOfficialNumber("L421281909003-20261127-0007")); // a provisional number
}
