// Encryption at rest: sealed values, blind index, password-derived keys, wrapped data keys and
// offline password hashes. The golden values were computed independently (Python hashlib and the
// `cryptography` package), so they pin the formats, not merely this implementation.
#include "common/store/crypto.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace bianmin::store::crypto;
using bianmin::domain::ErrorKind;

namespace {

constexpr std::string_view kResidentId = "421281198001011233";
constexpr std::string_view kPassword = "村委会2026!";

// The key 00 01 02 … 1f, used by the golden values.
Key countingKey(std::uint8_t first = 0) {
    Bytes raw(Key::kSize);
    for (std::size_t i = 0; i < raw.size(); ++i)
        raw[i] = static_cast<std::uint8_t>(first + i);
    auto key = Key::fromBytes(raw);
    REQUIRE(key.ok());
    return std::move(key).value();
}

Key randomKey() {
    auto key = Key::random();
    REQUIRE(key.ok());
    return std::move(key).value();
}

Bytes bytesOf(std::string_view s) {
    return Bytes(s.begin(), s.end());
}

Bytes fromHex(std::string_view hex) {
    REQUIRE(hex.size() % 2 == 0);
    Bytes out;
    for (std::size_t i = 0; i < hex.size(); i += 2)
        out.push_back(
            static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

std::string hexOf(std::span<const std::uint8_t> bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const std::uint8_t b : bytes) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0x0f]);
    }
    return out;
}

bool containsText(const Bytes& haystack, std::string_view needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

bool sameBytes(const Key& key, const Bytes& raw) {
    return std::equal(key.bytes().begin(), key.bytes().end(), raw.begin(), raw.end());
}

Bytes sealOk(const Key& key, const Bytes& plaintext, std::string_view aad) {
    auto sealed = seal(key, plaintext, aad);
    REQUIRE(sealed.ok());
    return std::move(sealed).value();
}

KdfParams withSalt(KdfParams p, std::uint8_t fill = 0x5a) {
    p.salt.assign(KdfParams::kSaltSize, fill);
    return p;
}

KdfParams pbkdf2(std::uint32_t iterations = 1000) {
    KdfParams p;
    p.algorithm = KdfParams::Algorithm::Pbkdf2Sha256;
    p.iterations = iterations;
    return p;
}

Key derived(std::string_view password, const KdfParams& p) {
    auto key = deriveKey(password, p);
    REQUIRE(key.ok());
    return std::move(key).value();
}

WrappedKey wrapOk(const Key& dataKey, std::string_view userId, std::string_view password,
                  const KdfParams& p = KdfParams::fastForTests()) {
    auto wrapped = wrapKey(dataKey, userId, password, p);
    REQUIRE(wrapped.ok());
    return std::move(wrapped).value();
}

} // namespace

// --- keys and randomness -----------------------------------------------------------------------

TEST_CASE("crypto: keys are random, 32 bytes, compared by value and wiped when moved from",
          "[crypto]") {
    const Key a = randomKey();
    const Key b = randomKey();
    CHECK(a.bytes().size() == 32);
    CHECK_FALSE(a == b);
    CHECK(countingKey() == countingKey());

    CHECK(Key::fromBytes(Bytes(31)).error().code == "key_size");
    CHECK(Key::fromBytes(Bytes(33)).error().code == "key_size");
    CHECK(Key::fromBytes({}).error().kind == ErrorKind::InvalidInput);

    Key moved = countingKey(1);
    const Key target = std::move(moved);
    CHECK(target == countingKey(1));
    const auto left = moved.bytes(); // NOLINT(*-use-after-move,*.Move): that is the point
    CHECK(std::all_of(left.begin(), left.end(), [](std::uint8_t v) { return v == 0; }));
}

TEST_CASE("crypto: randomBytes gives the size asked for, different each time", "[crypto]") {
    CHECK(randomBytes(0)->empty());
    const auto a = randomBytes(16);
    const auto b = randomBytes(16);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->size() == 16);
    CHECK(*a != *b);
}

// --- sealed values -----------------------------------------------------------------------------

TEST_CASE("crypto: seal then open gives the plaintext back (empty, 1 byte, 1 MiB)", "[crypto]") {
    const Key key = randomKey();
    Bytes big(std::size_t{1} << 20);
    for (std::size_t i = 0; i < big.size(); ++i)
        big[i] = static_cast<std::uint8_t>(i * 7 + i / 256);
    for (const Bytes& plaintext : {Bytes{}, Bytes{0x42}, big}) {
        const Bytes sealed = sealOk(key, plaintext, "person:p-1:address");
        CHECK(sealed.size() == plaintext.size() + kSealOverhead);
        CHECK(sealed[0] == kSealFormatV1);
        const auto opened = open(key, sealed, "person:p-1:address");
        REQUIRE(opened.ok());
        CHECK(*opened == plaintext);
    }
}

TEST_CASE("crypto: sealText and openText carry Chinese text and an empty aad", "[crypto]") {
    const Key key = randomKey();
    const std::string address = "湖北省赤壁市赵李桥镇羊楼洞村三组12号";
    const auto sealed = sealText(key, address, "");
    REQUIRE(sealed.ok());
    const auto opened = openText(key, *sealed, "");
    REQUIRE(opened.ok());
    CHECK(*opened == address);
    CHECK(openText(key, *sealed, "x").error().code == "sealed_not_authentic");
}

TEST_CASE("crypto: sealing the same text twice gives different bytes (fresh nonce)", "[crypto]") {
    const Key key = randomKey();
    const Bytes a = sealOk(key, bytesOf(kResidentId), "aad");
    const Bytes b = sealOk(key, bytesOf(kResidentId), "aad");
    CHECK(a != b);
    CHECK(!std::equal(a.begin() + 1, a.begin() + 1 + kSealNonceSize, b.begin() + 1));
}

TEST_CASE("crypto: open refuses the wrong key and the wrong aad", "[crypto]") {
    const Key key = randomKey();
    const Bytes sealed = sealOk(key, bytesOf("13800138000"), "person:p-1:phone");
    const auto wrongKey = open(randomKey(), sealed, "person:p-1:phone");
    REQUIRE_FALSE(wrongKey.ok());
    CHECK(wrongKey.error().kind == ErrorKind::InvalidInput);
    CHECK(wrongKey.error().code == "sealed_not_authentic");
    CHECK(open(key, sealed, "person:p-2:phone").error().code == "sealed_not_authentic");
    CHECK(open(key, sealed, "person:p-1:phone ").error().code == "sealed_not_authentic");
    CHECK(open(key, sealed, "").error().code == "sealed_not_authentic");
    CHECK(open(key, sealed, "person:p-1:phone").ok());
}

TEST_CASE("crypto: open refuses every single-bit flip of a sealed value", "[crypto]") {
    const Key key = randomKey();
    const Bytes sealed = sealOk(key, bytesOf("13800138000"), "person:p-1:phone");
    std::size_t refused = 0;
    for (std::size_t bit = 0; bit < sealed.size() * 8; ++bit) {
        Bytes flipped = sealed;
        flipped[bit / 8] = static_cast<std::uint8_t>(flipped[bit / 8] ^ (1u << (bit % 8)));
        const auto opened = open(key, flipped, "person:p-1:phone");
        if (!opened.ok() && opened.error().kind == ErrorKind::InvalidInput)
            ++refused;
        else
            FAIL_CHECK("bit " << bit << " flipped and the value still opened");
    }
    CHECK(refused == sealed.size() * 8);
    CHECK(refused == (11 + kSealOverhead) * 8);
}

TEST_CASE("crypto: open refuses truncated, extended and empty input", "[crypto]") {
    const Key key = randomKey();
    const Bytes sealed = sealOk(key, bytesOf("13800138000"), "aad");
    for (std::size_t n = 0; n < sealed.size(); ++n) {
        const auto opened = open(key, std::span(sealed).first(n), "aad");
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().kind == ErrorKind::InvalidInput);
        if (n < kSealOverhead)
            CHECK(opened.error().code == "sealed_too_short");
    }
    Bytes extended = sealed;
    extended.push_back(0);
    CHECK(open(key, extended, "aad").error().code == "sealed_not_authentic");
    CHECK(open(key, Bytes{}, "aad").error().code == "sealed_too_short");
    CHECK(openText(key, Bytes{}, "aad").error().code == "sealed_too_short");
}

TEST_CASE("crypto: open refuses every other format byte", "[crypto]") {
    const Key key = randomKey();
    const Bytes sealed = sealOk(key, bytesOf("x"), "aad");
    for (int format = 0; format < 256; ++format) {
        if (format == kSealFormatV1)
            continue;
        Bytes changed = sealed;
        changed[0] = static_cast<std::uint8_t>(format);
        CHECK(open(key, changed, "aad").error().code == "sealed_unknown_format");
    }
}

TEST_CASE("crypto: sealed bytes and index hashes do not contain the ID number", "[crypto]") {
    const Key key = randomKey();
    const std::string record = "{\"name\":\"张三\",\"residentId\":\"" + std::string(kResidentId) +
                               "\",\"phone\":\"13800138000\"}";
    const Bytes plain = bytesOf(record);
    REQUIRE(containsText(plain, kResidentId)); // the search itself works
    for (int i = 0; i < 20; ++i) {
        const Bytes sealed = sealOk(key, plain, "person:p-1");
        CHECK_FALSE(containsText(sealed, kResidentId));
        CHECK_FALSE(containsText(sealed, kResidentId.substr(12)));
        CHECK_FALSE(containsText(sealed, "13800138000"));
    }
    const std::string full = keyedHash(key, "resident_id", kResidentId);
    CHECK(full.find(kResidentId.substr(12)) == std::string::npos);
}

// --- blind index -------------------------------------------------------------------------------

TEST_CASE("crypto: keyedHash is deterministic hex and depends on key, domain and value",
          "[crypto]") {
    const Key key = randomKey();
    const std::string h = keyedHash(key, "resident_id", kResidentId);
    CHECK(h.size() == 64);
    CHECK(std::all_of(h.begin(), h.end(),
                      [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
    CHECK(keyedHash(key, "resident_id", kResidentId) == h);
    CHECK(keyedHash(randomKey(), "resident_id", kResidentId) != h);
    CHECK(keyedHash(key, "phone", kResidentId) != h);
    CHECK(keyedHash(key, "resident_id", "421281198001011234") != h);
    CHECK(keyedHash(key, "resident_id_last6", kResidentId.substr(12)) !=
          keyedHash(key, "resident_id", kResidentId.substr(12)));
    // The separator keeps the domain/value boundary: "ab"+"c" is not "a"+"bc".
    CHECK(keyedHash(key, "ab", "c") != keyedHash(key, "a", "bc"));
    CHECK(keyedHash(key, "", "").size() == 64);
}

// --- password-based keys -----------------------------------------------------------------------

TEST_CASE("crypto: deriveKey with Argon2id is deterministic for one salt", "[crypto]") {
    const KdfParams p = withSalt(KdfParams::fastForTests());
    const Key a = derived(kPassword, p);
    CHECK(derived(kPassword, p) == a);
    CHECK_FALSE(derived(kPassword, withSalt(KdfParams::fastForTests(), 0x5b)) == a);
    CHECK_FALSE(derived("村委会2026?", p) == a);
    CHECK_FALSE(derived("", p) == a);
    KdfParams twoPasses = p;
    twoPasses.timeCost = 2;
    CHECK_FALSE(derived(kPassword, twoPasses) == a);
}

TEST_CASE("crypto: deriveKey with PBKDF2-SHA256 works and differs from Argon2id", "[crypto]") {
    const KdfParams p = withSalt(pbkdf2());
    const Key a = derived(kPassword, p);
    CHECK(derived(kPassword, p) == a);
    CHECK_FALSE(derived(kPassword, withSalt(pbkdf2(), 0x5b)) == a);
    CHECK_FALSE(derived("other", p) == a);
    CHECK_FALSE(derived(kPassword, withSalt(pbkdf2(1001))) == a);
    CHECK_FALSE(derived(kPassword, withSalt(KdfParams::fastForTests())) == a);
}

TEST_CASE("crypto: deriveKey refuses parameters out of range before any work", "[crypto]") {
    const auto refused = [](const KdfParams& p) {
        const auto key = deriveKey(kPassword, p);
        return !key.ok() && key.error().kind == ErrorKind::InvalidInput &&
               key.error().code == "kdf_params";
    };
    KdfParams p = withSalt(KdfParams::fastForTests());
    CHECK(refused(KdfParams::fastForTests())); // no salt
    KdfParams q = p;
    q.salt.resize(7);
    CHECK(refused(q));
    q.salt.resize(65);
    CHECK(refused(q));
    q = p;
    q.memoryKib = 4294967295u; // would ask for 4 TiB
    CHECK(refused(q));
    q.memoryKib = KdfParams::kMaxMemoryKib + 1;
    CHECK(refused(q));
    q.memoryKib = 1023;
    CHECK(refused(q));
    q = p;
    q.timeCost = 0;
    CHECK(refused(q));
    q.timeCost = 65;
    CHECK(refused(q));
    q = p;
    q.parallelism = 0;
    CHECK(refused(q));
    q.parallelism = 17;
    CHECK(refused(q));
    q = p;
    q.parallelism = 16;
    q.memoryKib = 1024; // 8 KiB per lane is enough for 16 lanes
    CHECK_FALSE(refused(q));
    CHECK(refused(withSalt(pbkdf2(999))));
    CHECK(refused(withSalt(pbkdf2(KdfParams::kMaxIterations + 1))));
    CHECK(refused(withSalt(pbkdf2(0))));
}

TEST_CASE("crypto: the interactive parameters are Argon2id t=3, 64 MiB, p=1", "[crypto]") {
    const KdfParams p = KdfParams::interactive();
    CHECK(p.algorithm == KdfParams::Algorithm::Argon2id);
    CHECK(p.timeCost == 3);
    CHECK(p.memoryKib == 65536);
    CHECK(p.parallelism == 1);
    const Key dataKey = randomKey();
    const WrappedKey wrapped = wrapOk(dataKey, "u-zhang", kPassword, p); // ~0.3 s
    CHECK(wrapped.serialize().rfind("wk1$argon2id$t=3$m=65536$p=1$", 0) == 0);
    CHECK(wrapped.kdf.salt.size() == 16);
    const auto unwrapped = unwrapKey(wrapped, "u-zhang", kPassword); // ~0.3 s
    REQUIRE(unwrapped.ok());
    CHECK(*unwrapped == dataKey);
}

// --- wrapped data keys -------------------------------------------------------------------------

TEST_CASE("crypto: wrapKey then unwrapKey gives the data key back", "[crypto]") {
    const Key dataKey = randomKey();
    for (const KdfParams& p : {KdfParams::fastForTests(), pbkdf2()}) {
        const WrappedKey wrapped = wrapOk(dataKey, "u-zhang", kPassword, p);
        CHECK(wrapped.sealed.size() == kSealOverhead + Key::kSize);
        const auto unwrapped = unwrapKey(wrapped, "u-zhang", kPassword);
        REQUIRE(unwrapped.ok());
        CHECK(*unwrapped == dataKey);
    }
}

TEST_CASE("crypto: two users wrap the same data key and each unlocks it", "[crypto]") {
    const Key dataKey = randomKey();
    const KdfParams p = withSalt(KdfParams::fastForTests()); // its salt is ignored
    const WrappedKey zhang = wrapOk(dataKey, "u-zhang", "zhang-pass", p);
    const WrappedKey li = wrapOk(dataKey, "u-li", "li-pass", p);
    CHECK(zhang.kdf.salt != li.kdf.salt);
    CHECK(zhang.kdf.salt != p.salt);
    CHECK(zhang.sealed != li.sealed);
    const auto fromZhang = unwrapKey(zhang, "u-zhang", "zhang-pass");
    const auto fromLi = unwrapKey(li, "u-li", "li-pass");
    REQUIRE(fromZhang.ok());
    REQUIRE(fromLi.ok());
    CHECK(*fromZhang == dataKey);
    CHECK(*fromLi == dataKey);
    // One user's password does not open the other's line.
    CHECK(unwrapKey(li, "u-li", "zhang-pass").error().code == "wrong_password");
}

TEST_CASE("crypto: unwrapKey refuses a wrong password with wrong_password", "[crypto]") {
    const WrappedKey wrapped = wrapOk(randomKey(), "u-zhang", kPassword);
    for (const std::string_view wrong : {"", "村委会2026", "村委会2026!!", "村委会2026?"}) {
        const auto key = unwrapKey(wrapped, "u-zhang", wrong);
        REQUIRE_FALSE(key.ok());
        CHECK(key.error().kind == ErrorKind::NotPermitted);
        CHECK(key.error().code == "wrong_password");
    }
}

TEST_CASE("crypto: unwrapKey refuses another user's id", "[crypto]") {
    const WrappedKey wrapped = wrapOk(randomKey(), "u-zhang", kPassword);
    for (const std::string_view other : {"u-li", "", "u-zhang ", "U-ZHANG", "u-zhan"}) {
        const auto key = unwrapKey(wrapped, other, kPassword);
        REQUIRE_FALSE(key.ok());
        CHECK(key.error().kind == ErrorKind::NotPermitted);
    }
}

TEST_CASE("crypto: unwrapKey refuses an altered wrapped key", "[crypto]") {
    const WrappedKey wrapped = wrapOk(randomKey(), "u-zhang", kPassword);
    WrappedKey altered = wrapped;
    altered.sealed[20] ^= 0x01;
    CHECK(unwrapKey(altered, "u-zhang", kPassword).error().code == "wrong_password");
    altered = wrapped;
    altered.kdf.salt[0] ^= 0x01; // another salt derives another key
    CHECK(unwrapKey(altered, "u-zhang", kPassword).error().code == "wrong_password");
    altered = wrapped;
    altered.sealed.pop_back();
    CHECK(unwrapKey(altered, "u-zhang", kPassword).error().code == "wrapped_key_malformed");
    altered = wrapped;
    altered.kdf.memoryKib = 4294967295u;
    CHECK(unwrapKey(altered, "u-zhang", kPassword).error().code == "kdf_params");
}

TEST_CASE("crypto: a serialized wrapped key parses back to the same line", "[crypto]") {
    const Key dataKey = randomKey();
    for (const KdfParams& p : {KdfParams::fastForTests(), pbkdf2(600'000)}) {
        const WrappedKey wrapped = wrapOk(dataKey, "u-zhang", kPassword, p);
        const std::string line = wrapped.serialize();
        CHECK(line.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789$=-") ==
              std::string::npos);
        const auto parsed = WrappedKey::parse(line);
        REQUIRE(parsed.ok());
        CHECK(parsed->serialize() == line);
        CHECK(parsed->kdf.algorithm == p.algorithm);
        CHECK(parsed->kdf.salt == wrapped.kdf.salt);
        CHECK(parsed->sealed == wrapped.sealed);
        if (p.algorithm == KdfParams::Algorithm::Argon2id) {
            const auto unwrapped = unwrapKey(*parsed, "u-zhang", kPassword);
            REQUIRE(unwrapped.ok());
            CHECK(*unwrapped == dataKey);
        }
        // The line never shows the data key.
        CHECK(line.find(hexOf(dataKey.bytes())) == std::string::npos);
    }
}

TEST_CASE("crypto: WrappedKey::parse refuses malformed lines", "[crypto]") {
    const std::string salt = "101112131415161718191a1b1c1d1e1f";
    const std::string sealed =
        "01b0b1b2b3b4b5b6b7b8b9babb056e456ed093a7971f25a1b47ee221775744b6412b"
        "fdd248d8ce687f10984a192d8e9eeee99652458c0955ec0177f7fc";
    const std::string good = "wk1$argon2id$t=1$m=1024$p=1$" + salt + "$" + sealed;
    REQUIRE(WrappedKey::parse(good).ok());
    const std::string goodPbkdf2 = "wk1$pbkdf2-sha256$i=1000$" + salt + "$" + sealed;
    REQUIRE(WrappedKey::parse(goodPbkdf2).ok());
    const auto argon = [&](const std::string& t, const std::string& m, const std::string& p) {
        return "wk1$argon2id$" + t + "$" + m + "$" + p + "$" + salt + "$" + sealed;
    };
    std::string upperSalt = salt;
    std::transform(upperSalt.begin(), upperSalt.end(), upperSalt.begin(),
                   [](char c) { return c >= 'a' && c <= 'f' ? static_cast<char>(c - 32) : c; });
    std::string wrongFormat = sealed;
    wrongFormat[1] = '2';

    const std::vector<std::string> malformed = {
        "",
        "wk1",
        "wk1$",
        "$",
        "v1$argon2id$t=1$m=1024$p=1$" + salt + "$" + sealed,
        "WK1$argon2id$t=1$m=1024$p=1$" + salt + "$" + sealed,
        "pw1$argon2id$t=1$m=1024$p=1$" + salt + "$" + sealed,
        "wk1$argon2i$t=1$m=1024$p=1$" + salt + "$" + sealed,
        "wk1$argon2id$t=1$m=1024$" + salt + "$" + sealed, // p missing
        "wk1$argon2id$t=1$m=1024$p=1$" + salt,            // sealed missing
        good + "$",
        good + "$00",
        " " + good,
        good + "\n",
        good.substr(0, 40) + std::string(1, '\0') + good.substr(41),
        argon("t=", "m=1024", "p=1"),
        argon("t=-1", "m=1024", "p=1"),
        argon("t=+1", "m=1024", "p=1"),
        argon("t=01", "m=1024", "p=1"),
        argon("t=0", "m=1024", "p=1"),
        argon("t=65", "m=1024", "p=1"),
        argon("t=1x", "m=1024", "p=1"),
        argon("t=1 ", "m=1024", "p=1"),
        argon("x=1", "m=1024", "p=1"),
        argon("m=1024", "t=1", "p=1"),
        argon("t=1", "m=4294967295", "p=1"),
        argon("t=1", "m=4294967296", "p=1"),
        argon("t=1", "m=99999999999999999999", "p=1"),
        argon("t=1", "m=1023", "p=1"),
        argon("t=1", "m=1048577", "p=1"),
        argon("t=1", "m=1024", "p=0"),
        argon("t=1", "m=1024", "p=17"),
        argon("t=1", "m=0x400", "p=1"),
        "wk1$argon2id$t=1$m=1024$p=1$$" + sealed,                              // empty salt
        "wk1$argon2id$t=1$m=1024$p=1$" + salt.substr(0, 14) + "$" + sealed,    // 7-byte salt
        "wk1$argon2id$t=1$m=1024$p=1$" + salt.substr(1) + "$" + sealed,        // odd length
        "wk1$argon2id$t=1$m=1024$p=1$" + std::string(130, 'a') + "$" + sealed, // 65 bytes
        "wk1$argon2id$t=1$m=1024$p=1$" + upperSalt + "$" + sealed,
        "wk1$argon2id$t=1$m=1024$p=1$zz" + salt.substr(2) + "$" + sealed,
        "wk1$argon2id$t=1$m=1024$p=1$" + salt + "$",
        "wk1$argon2id$t=1$m=1024$p=1$" + salt + "$" + sealed.substr(2),  // one byte short
        "wk1$argon2id$t=1$m=1024$p=1$" + salt + "$" + sealed + "00",     // one byte long
        "wk1$argon2id$t=1$m=1024$p=1$" + salt + "$" + sealed.substr(1),  // odd length
        "wk1$argon2id$t=1$m=1024$p=1$" + salt + "$" + wrongFormat,       // format byte 0x02
        "wk1$argon2id$t=1$m=1024$p=1$" + salt + "$g" + sealed.substr(1), // non-hex
        "wk1$pbkdf2-sha256$i=999$" + salt + "$" + sealed,
        "wk1$pbkdf2-sha256$i=10000001$" + salt + "$" + sealed,
        "wk1$pbkdf2-sha256$i=$" + salt + "$" + sealed,
        "wk1$pbkdf2-sha256$t=1000$" + salt + "$" + sealed,
        "wk1$pbkdf2-sha256$t=1$m=1024$p=1$" + salt + "$" + sealed,
        "wk1$pbkdf2$i=1000$" + salt + "$" + sealed,
        good + std::string(2000, 'a'),
        std::string(5000, '$'),
    };
    for (const std::string& line : malformed) {
        INFO("line: " << line);
        const auto parsed = WrappedKey::parse(line);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().kind == ErrorKind::InvalidInput);
        CHECK(parsed.error().code == "wrapped_key_malformed");
    }
    CHECK(malformed.size() >= 50);
}

// --- offline login -----------------------------------------------------------------------------

TEST_CASE("crypto: hashPassword and verifyPassword", "[crypto]") {
    const auto hash = hashPassword(kPassword, KdfParams::fastForTests());
    REQUIRE(hash.ok());
    CHECK(hash->rfind("pw1$argon2id$t=1$m=1024$p=1$", 0) == 0);
    CHECK(verifyPassword(kPassword, *hash));
    CHECK_FALSE(verifyPassword("村委会2026", *hash));
    CHECK_FALSE(verifyPassword("", *hash));
    CHECK_FALSE(verifyPassword(std::string(kPassword) + " ", *hash));

    const auto again = hashPassword(kPassword, KdfParams::fastForTests());
    REQUIRE(again.ok());
    CHECK(*again != *hash); // a salt of its own
    CHECK(verifyPassword(kPassword, *again));

    const auto viaPbkdf2 = hashPassword(kPassword, pbkdf2());
    REQUIRE(viaPbkdf2.ok());
    CHECK(viaPbkdf2->rfind("pw1$pbkdf2-sha256$i=1000$", 0) == 0);
    CHECK(verifyPassword(kPassword, *viaPbkdf2));
    CHECK_FALSE(verifyPassword("other", *viaPbkdf2));

    const auto empty = hashPassword("", KdfParams::fastForTests());
    REQUIRE(empty.ok());
    CHECK(verifyPassword("", *empty));
    CHECK_FALSE(verifyPassword(" ", *empty));

    KdfParams tooBig = KdfParams::fastForTests();
    tooBig.memoryKib = 4294967295u;
    CHECK(hashPassword(kPassword, tooBig).error().code == "kdf_params");
}

TEST_CASE("crypto: verifyPassword says no to malformed or tampered lines", "[crypto]") {
    const std::string hash = *hashPassword(kPassword, KdfParams::fastForTests());
    const std::size_t lastDollar = hash.rfind('$');
    std::string tamperedVerifier = hash;
    tamperedVerifier.back() = tamperedVerifier.back() == '0' ? '1' : '0';
    std::string hugeMemory = hash;
    hugeMemory.replace(hugeMemory.find("m=1024"), 6, "m=4294967295");
    for (const std::string& line :
         {std::string(), std::string("pw1"), hash.substr(0, lastDollar), hash + "00",
          "wk1" + hash.substr(3), tamperedVerifier, hugeMemory}) {
        INFO("line: " << line);
        CHECK_FALSE(verifyPassword(kPassword, line));
    }
}

// --- golden values: formats written today must stay readable ----------------------------------

TEST_CASE("crypto: golden sealed value opens and golden index hash is stable", "[crypto]") {
    const Key key = countingKey();
    const Bytes sealed =
        fromHex("01a0a1a2a3a4a5a6a7a8a9aaabd72b441d75fa31875255b7fb41a6fbcb19b76db5ab707d32491a27");
    const auto opened = openText(key, sealed, "person:p-1:phone");
    REQUIRE(opened.ok());
    CHECK(*opened == "13800138000");
    CHECK(keyedHash(key, "resident_id", kResidentId) ==
          "c5c8e290a0484e14eab33726062827c8f67751ff0209c8daaa77d22ec2485261");
}

TEST_CASE("crypto: golden wrapped keys and password hash stay readable", "[crypto]") {
    const Key dataKey = countingKey();
    const std::string salt = "101112131415161718191a1b1c1d1e1f";
    const auto kdf = KdfParams{KdfParams::Algorithm::Argon2id, 1, 1024, 1, 0, fromHex(salt)};
    CHECK(sameBytes(derived(kPassword, kdf),
                    fromHex("1012db766c61b718361a6af38b2b3b9bf644bfcd9ccd10073cc42a7f96334f7a")));
    const auto kdf2 = KdfParams{KdfParams::Algorithm::Pbkdf2Sha256, 0, 0, 0, 1000, fromHex(salt)};
    CHECK(sameBytes(derived(kPassword, kdf2),
                    fromHex("7f86d007983f88f0f6cb9bd51f43535914a7c172f383459bc582832639fca775")));

    const std::string argonLine =
        "wk1$argon2id$t=1$m=1024$p=1$101112131415161718191a1b1c1d1e1f$"
        "01b0b1b2b3b4b5b6b7b8b9babb056e"
        "456ed093a7971f25a1b47ee221775744b6412bfdd248d8ce687f10984a192d8e9eeee99652458c0955ec0177f7"
        "fc";
    const auto argon = WrappedKey::parse(argonLine);
    REQUIRE(argon.ok());
    const auto fromArgon = unwrapKey(*argon, "u-zhang", kPassword);
    REQUIRE(fromArgon.ok());
    CHECK(*fromArgon == dataKey);

    const std::string pbkdf2Line =
        "wk1$pbkdf2-sha256$i=1000$101112131415161718191a1b1c1d1e1f$01b0b1b2b3b4b5b6b7b8b9babb91b652"
        "cb5b1ea95682370627a6fc97884ddc9302084c6337024a64df1b37a1b533795ecd09807a3670de9746fbd07e1"
        "9";
    const auto viaPbkdf2 = WrappedKey::parse(pbkdf2Line);
    REQUIRE(viaPbkdf2.ok());
    const auto fromPbkdf2 = unwrapKey(*viaPbkdf2, "u-li", kPassword);
    REQUIRE(fromPbkdf2.ok());
    CHECK(*fromPbkdf2 == dataKey);

    CHECK(verifyPassword(kPassword, "pw1$argon2id$t=1$m=1024$p=1$202122232425262728292a2b2c2d2e2f$"
                                    "38146171b856c66253773e6c79def3f66fc03b5f9ae6846ad05bbdd17b89a"
                                    "907"));
}
