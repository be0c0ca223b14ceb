#include "common/store/crypto.h"

#include <algorithm>
#include <argon2.h>
#include <atomic>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <optional>
#include <pthread.h>
#include <utility>

namespace bianmin::store::crypto {

using domain::Error;
using domain::ErrorKind;
using domain::invalidInput;
using domain::Result;
using domain::Status;

namespace {

// GCM's limit for one message under one nonce: 2^39 - 256 bits.
constexpr std::size_t kMaxPlaintext = (std::size_t{1} << 36) - 32;
// EVP lengths are int: longer inputs are fed in pieces of this size.
constexpr std::size_t kChunk = std::size_t{1} << 30;
constexpr std::size_t kDigestSize = 32;
constexpr std::size_t kMaxLineSize = 1024;
constexpr std::string_view kWrappedPrefix = "wk1";
constexpr std::string_view kPasswordPrefix = "pw1";
constexpr std::string_view kArgon2idName = "argon2id";
constexpr std::string_view kPbkdf2Name = "pbkdf2-sha256";
constexpr std::string_view kDekAadPrefix = "bianmin-dek-v1:";
constexpr std::string_view kIndexKeyLabel = "bianmin-blind-index-v1";
constexpr std::string_view kVerifierLabel = "bianmin-password-verifier-v1";

using Digest = std::array<std::uint8_t, kDigestSize>;

Error retryable(std::string code, std::string message) {
    return {ErrorKind::Retryable, std::move(code), std::move(message)};
}

Error rngFailed() {
    return retryable("rng_failed", "the random number generator (OpenSSL RAND_bytes) failed");
}

Error cryptoFailed(std::string_view what) {
    return retryable("crypto_failed", "OpenSSL failed to " + std::string(what));
}

std::span<const std::uint8_t> asBytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Wipes a buffer that held key material or plaintext when it goes out of scope.
class Wipe {
public:
    explicit Wipe(std::span<std::uint8_t> buffer)
        : m_buffer(buffer) {}
    Wipe(const Wipe&) = delete;
    Wipe& operator=(const Wipe&) = delete;
    ~Wipe() { OPENSSL_cleanse(m_buffer.data(), m_buffer.size()); }

private:
    std::span<std::uint8_t> m_buffer;
};

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
struct MacFree {
    void operator()(EVP_MAC* m) const { EVP_MAC_free(m); }
};
struct MacCtxFree {
    void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

// EVP_CipherUpdate over a span of any length; out == nullptr feeds additional authenticated data.
bool cipherUpdate(EVP_CIPHER_CTX* ctx, std::uint8_t* out, std::span<const std::uint8_t> in) {
    while (!in.empty()) {
        const std::size_t n = std::min(in.size(), kChunk);
        int written = 0;
        if (EVP_CipherUpdate(ctx, out, &written, in.data(), static_cast<int>(n)) != 1 ||
            written != static_cast<int>(n))
            return false;
        in = in.subspan(n);
        if (out != nullptr)
            out += n;
    }
    return true;
}

// HMAC-SHA256 over the concatenated parts. OpenSSL fails here only when it cannot run at all (no
// memory, no provider for SHA-256); keyedHash() has no error path, and nothing sensible can go on.
Digest hmacSha256(std::span<const std::uint8_t> key,
                  std::initializer_list<std::span<const std::uint8_t>> parts) {
    static const std::unique_ptr<EVP_MAC, MacFree> hmac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    char digestName[] = "SHA256";
    const std::array<OSSL_PARAM, 2> params = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digestName, 0),
        OSSL_PARAM_construct_end()};
    Digest out{};
    std::size_t outSize = 0;
    const MacCtx ctx(hmac ? EVP_MAC_CTX_new(hmac.get()) : nullptr);
    bool ok = ctx && EVP_MAC_init(ctx.get(), key.data(), key.size(), params.data()) == 1;
    for (const auto& part : parts)
        ok = ok && EVP_MAC_update(ctx.get(), part.data(), part.size()) == 1;
    ok = ok && EVP_MAC_final(ctx.get(), out.data(), &outSize, out.size()) == 1;
    if (!ok || outSize != out.size()) {
        std::fputs("bianmin: OpenSSL cannot compute HMAC-SHA256; stopping\n", stderr);
        std::abort();
    }
    return out;
}

std::string toHex(std::span<const std::uint8_t> bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const std::uint8_t b : bytes) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0x0f]);
    }
    return out;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1; // upper case too: the stored form is canonical
}

std::optional<Bytes> fromHex(std::string_view hex) {
    if (hex.size() % 2 != 0)
        return std::nullopt;
    Bytes out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int hi = hexValue(hex[2 * i]);
        const int lo = hexValue(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return out;
}

// "<name><decimal>" with no sign, no leading zero and a value that fits 32 bits.
std::optional<std::uint32_t> parseField(std::string_view part, std::string_view name) {
    if (part.size() <= name.size() || part.substr(0, name.size()) != name)
        return std::nullopt;
    const std::string_view digits = part.substr(name.size());
    if (digits.size() > 10 || (digits.size() > 1 && digits[0] == '0') ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || value > UINT32_MAX)
        return std::nullopt;
    return static_cast<std::uint32_t>(value);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string_view::npos)
            return parts;
        start = end + 1;
    }
}

// "argon2id$t=..$m=..$p=..$<salt>" or "pbkdf2-sha256$i=..$<salt>".
std::string kdfText(const KdfParams& p) {
    if (p.algorithm == KdfParams::Algorithm::Pbkdf2Sha256)
        return std::string(kPbkdf2Name) + "$i=" + std::to_string(p.iterations) + "$" +
               toHex(p.salt);
    return std::string(kArgon2idName) + "$t=" + std::to_string(p.timeCost) +
           "$m=" + std::to_string(p.memoryKib) + "$p=" + std::to_string(p.parallelism) + "$" +
           toHex(p.salt);
}

struct KdfLine {
    KdfParams kdf;
    Bytes last; // the sealed DEK or the password verifier
};

// Parses "<prefix>$<kdfText>$<hex of lastSize bytes>", refusing anything else, parameters out of
// range included, before any costly work.
Result<KdfLine> parseKdfLine(std::string_view text, std::string_view prefix, std::size_t lastSize,
                             const std::string& code) {
    const auto malformed = [&](const std::string& why) {
        return invalidInput(code, "not a valid " + std::string(prefix) + " line: " + why);
    };
    if (text.size() > kMaxLineSize)
        return malformed("too long");
    const std::vector<std::string_view> parts = split(text, '$');
    if (parts.size() < 2 || parts[0] != prefix)
        return malformed("expected the prefix \"" + std::string(prefix) + "$\"");
    KdfLine line;
    std::size_t next = 2;
    if (parts[1] == kArgon2idName) {
        if (parts.size() != 7)
            return malformed("argon2id needs t, m, p, salt and value");
        const auto t = parseField(parts[2], "t=");
        const auto m = parseField(parts[3], "m=");
        const auto p = parseField(parts[4], "p=");
        if (!t || !m || !p)
            return malformed("bad t=, m= or p= field");
        line.kdf.algorithm = KdfParams::Algorithm::Argon2id;
        line.kdf.timeCost = *t;
        line.kdf.memoryKib = *m;
        line.kdf.parallelism = *p;
        next = 5;
    } else if (parts[1] == kPbkdf2Name) {
        if (parts.size() != 5)
            return malformed("pbkdf2-sha256 needs i, salt and value");
        const auto i = parseField(parts[2], "i=");
        if (!i)
            return malformed("bad i= field");
        line.kdf.algorithm = KdfParams::Algorithm::Pbkdf2Sha256;
        line.kdf.iterations = *i;
        next = 3;
    } else {
        return malformed("unknown algorithm");
    }
    auto salt = fromHex(parts[next]);
    auto last = fromHex(parts[next + 1]);
    if (!salt || !last)
        return malformed("salt and value must be lowercase hex");
    if (last->size() != lastSize)
        return malformed("value has the wrong length");
    line.kdf.salt = std::move(*salt);
    line.last = std::move(*last);
    if (const Status valid = line.kdf.validate(); !valid)
        return malformed(valid.error().message);
    return line;
}

std::string dekAad(std::string_view userId) {
    return std::string(kDekAadPrefix) + std::string(userId);
}

// The params to use for one new line: same algorithm and cost, a salt of its own.
Result<KdfParams> withFreshSalt(const KdfParams& params) {
    KdfParams p = params;
    auto salt = randomBytes(KdfParams::kSaltSize);
    if (!salt)
        return salt.error();
    p.salt = std::move(salt).value();
    if (const Status valid = p.validate(); !valid)
        return valid.error();
    return p;
}

} // namespace

// --- Key ---------------------------------------------------------------------------------------

Result<Key> Key::random() {
    Key key;
    if (RAND_priv_bytes(key.m_bytes.data(), static_cast<int>(kSize)) != 1)
        return rngFailed();
    return key;
}

Result<Key> Key::fromBytes(std::span<const std::uint8_t> bytes) {
    if (bytes.size() != kSize)
        return invalidInput("key_size", "a key has 32 bytes, not " + std::to_string(bytes.size()));
    Key key;
    std::copy(bytes.begin(), bytes.end(), key.m_bytes.begin());
    return key;
}

Key::Key(Key&& other) noexcept
    : m_bytes(other.m_bytes) {
    OPENSSL_cleanse(other.m_bytes.data(), other.m_bytes.size());
}

Key& Key::operator=(Key&& other) noexcept {
    if (this != &other) {
        m_bytes = other.m_bytes;
        OPENSSL_cleanse(other.m_bytes.data(), other.m_bytes.size());
    }
    return *this;
}

Key::~Key() {
    OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
}

bool Key::operator==(const Key& other) const {
    return CRYPTO_memcmp(m_bytes.data(), other.m_bytes.data(), kSize) == 0;
}

Result<Bytes> randomBytes(std::size_t n) {
    if (n > static_cast<std::size_t>(INT_MAX))
        return invalidInput("random_size", "too many random bytes asked for");
    Bytes out(n);
    if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1)
        return rngFailed();
    return out;
}

// --- sealed values -----------------------------------------------------------------------------

Result<Bytes> seal(const Key& key, std::span<const std::uint8_t> plaintext, std::string_view aad) {
    if (plaintext.size() > kMaxPlaintext)
        return invalidInput("plaintext_too_large", "a sealed value holds at most 64 GiB");
    Bytes out(kSealOverhead + plaintext.size());
    out[0] = kSealFormatV1;
    std::uint8_t* const nonce = out.data() + 1;
    std::uint8_t* const body = nonce + kSealNonceSize;
    std::uint8_t* const tag = body + plaintext.size();
    if (RAND_bytes(nonce, static_cast<int>(kSealNonceSize)) != 1)
        return rngFailed();
    const CipherCtx ctx(EVP_CIPHER_CTX_new());
    int finalSize = 0;
    if (!ctx ||
        EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), key.bytes().data(), nonce, nullptr) !=
            1 ||
        !cipherUpdate(ctx.get(), nullptr, std::span(out.data(), 1)) ||
        !cipherUpdate(ctx.get(), nullptr, asBytes(aad)) ||
        !cipherUpdate(ctx.get(), body, plaintext) ||
        EVP_EncryptFinal_ex(ctx.get(), tag, &finalSize) != 1 || finalSize != 0 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kSealTagSize),
                            tag) != 1) {
        OPENSSL_cleanse(out.data(), out.size());
        return cryptoFailed("encrypt with AES-256-GCM");
    }
    return out;
}

namespace {
// How many times this process's line of descent has forked (counted in the child): a batch of
// nonces drawn before a fork is discarded in the child, so the two processes never share one.
std::atomic<unsigned> g_forks{0};

void countFork() {
    g_forks.fetch_add(1, std::memory_order_relaxed);
}

unsigned forksSeen() {
    static const bool registered = pthread_atfork(nullptr, nullptr, &countFork) == 0;
    (void)registered;
    return g_forks.load(std::memory_order_relaxed);
}
} // namespace

Sealer::Sealer(const Key& key) {
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (ctx && EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), key.bytes().data(), nullptr,
                                   nullptr) == 1)
        m_ctx = ctx.release();
}

Sealer::Sealer(Sealer&& other) noexcept
    : m_ctx(std::exchange(other.m_ctx, nullptr))
    , m_nonces(other.m_nonces)
    , m_nextNonce(other.m_nextNonce)
    , m_forks(other.m_forks) {
    other.wipeNonces();
}

Sealer& Sealer::operator=(Sealer&& other) noexcept {
    if (this != &other) {
        EVP_CIPHER_CTX_free(m_ctx);
        m_ctx = std::exchange(other.m_ctx, nullptr);
        m_nonces = other.m_nonces;
        m_nextNonce = other.m_nextNonce;
        m_forks = other.m_forks;
        other.wipeNonces();
    }
    return *this;
}

Sealer::~Sealer() {
    EVP_CIPHER_CTX_free(m_ctx); // wipes the key schedule
    wipeNonces();
}

void Sealer::wipeNonces() {
    OPENSSL_cleanse(m_nonces.data(), m_nonces.size());
    m_nextNonce = kNonceBatch;
}

bool Sealer::nextNonce(std::uint8_t* out) {
    const unsigned forks = forksSeen();
    if (m_nextNonce >= kNonceBatch || forks != m_forks) {
        if (RAND_bytes(m_nonces.data(), static_cast<int>(m_nonces.size())) != 1) {
            wipeNonces();
            return false;
        }
        m_nextNonce = 0;
        m_forks = forks;
    }
    std::uint8_t* const nonce = m_nonces.data() + m_nextNonce * kSealNonceSize;
    std::copy(nonce, nonce + kSealNonceSize, out);
    OPENSSL_cleanse(nonce, kSealNonceSize); // used once
    ++m_nextNonce;
    return true;
}

Result<Bytes> Sealer::sealText(std::string_view text, std::string_view aad) {
    const std::span<const std::uint8_t> plaintext = asBytes(text);
    if (plaintext.size() > kMaxPlaintext)
        return invalidInput("plaintext_too_large", "a sealed value holds at most 64 GiB");
    Bytes out(kSealOverhead + plaintext.size());
    out[0] = kSealFormatV1;
    std::uint8_t* const nonce = out.data() + 1;
    std::uint8_t* const body = nonce + kSealNonceSize;
    std::uint8_t* const tag = body + plaintext.size();
    if (!nextNonce(nonce))
        return rngFailed();
    int finalSize = 0;
    // The key stays set from the constructor; only the nonce is new (a fresh GCM message).
    if (!m_ctx || EVP_EncryptInit_ex2(m_ctx, nullptr, nullptr, nonce, nullptr) != 1 ||
        !cipherUpdate(m_ctx, nullptr, std::span(out.data(), 1)) ||
        !cipherUpdate(m_ctx, nullptr, asBytes(aad)) || !cipherUpdate(m_ctx, body, plaintext) ||
        EVP_EncryptFinal_ex(m_ctx, tag, &finalSize) != 1 || finalSize != 0 ||
        EVP_CIPHER_CTX_ctrl(m_ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kSealTagSize), tag) !=
            1) {
        OPENSSL_cleanse(out.data(), out.size());
        return cryptoFailed("encrypt with AES-256-GCM");
    }
    return out;
}

Result<Bytes> open(const Key& key, std::span<const std::uint8_t> sealed, std::string_view aad) {
    if (sealed.size() < kSealOverhead)
        return invalidInput("sealed_too_short", "a sealed value has at least 29 bytes, this has " +
                                                    std::to_string(sealed.size()));
    if (sealed[0] != kSealFormatV1)
        return invalidInput("sealed_unknown_format",
                            "unknown sealed-value format " + std::to_string(sealed[0]));
    const std::span<const std::uint8_t> nonce = sealed.subspan(1, kSealNonceSize);
    const std::span<const std::uint8_t> body =
        sealed.subspan(1 + kSealNonceSize, sealed.size() - kSealOverhead);
    std::array<std::uint8_t, kSealTagSize> tag{};
    std::copy(sealed.end() - kSealTagSize, sealed.end(), tag.begin());

    Bytes out(body.size());
    const CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx ||
        EVP_DecryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), key.bytes().data(), nonce.data(),
                            nullptr) != 1 ||
        !cipherUpdate(ctx.get(), nullptr, sealed.first(1)) ||
        !cipherUpdate(ctx.get(), nullptr, asBytes(aad)) ||
        !cipherUpdate(ctx.get(), out.data(), body) ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                            tag.data()) != 1) {
        OPENSSL_cleanse(out.data(), out.size());
        return cryptoFailed("decrypt with AES-256-GCM");
    }
    int finalSize = 0;
    // GCM hands out plaintext before the tag is checked: it must not leave here unless it passes.
    if (EVP_DecryptFinal_ex(ctx.get(), out.data() + out.size(), &finalSize) != 1 ||
        finalSize != 0) {
        OPENSSL_cleanse(out.data(), out.size());
        return invalidInput("sealed_not_authentic",
                            "the sealed value does not open: wrong key, wrong context, or altered");
    }
    return out;
}

Result<Bytes> sealText(const Key& key, std::string_view plaintext, std::string_view aad) {
    return seal(key, asBytes(plaintext), aad);
}

Result<std::string> openText(const Key& key, std::span<const std::uint8_t> sealed,
                             std::string_view aad) {
    auto plain = open(key, sealed, aad);
    if (!plain)
        return plain.error();
    const Wipe wipe(plain.value());
    return std::string(plain->begin(), plain->end());
}

// --- blind index -------------------------------------------------------------------------------

std::string keyedHash(const Key& key, std::string_view domain, std::string_view value) {
    static constexpr std::array<std::uint8_t, 1> kSeparator = {0};
    Digest indexKey = hmacSha256(key.bytes(), {asBytes(kIndexKeyLabel)});
    const Wipe wipe(indexKey);
    return toHex(hmacSha256(indexKey, {asBytes(domain), kSeparator, asBytes(value)}));
}

namespace {
[[noreturn]] void hmacFailed() {
    std::fputs("bianmin: OpenSSL cannot compute HMAC-SHA256; stopping\n", stderr);
    std::abort();
}
} // namespace

IndexKey::IndexKey(const Key& dataKey) {
    // HMAC-SHA256 (RFC 2104) with its two pad blocks absorbed once: the subkey, zero-padded to
    // SHA-256's 64-byte block, XOR 0x36 (inner) and XOR 0x5c (outer).
    constexpr std::size_t kBlock = 64;
    Digest indexKey = hmacSha256(dataKey.bytes(), {asBytes(kIndexKeyLabel)});
    const Wipe wipeKey(indexKey);
    std::array<std::uint8_t, kBlock> pad{};
    const Wipe wipePad(pad);
    MdCtx inner(EVP_MD_CTX_new());
    MdCtx outer(EVP_MD_CTX_new());
    bool ok = inner && outer;
    for (const auto& [ctx, byte] :
         {std::pair{inner.get(), std::uint8_t{0x36}}, std::pair{outer.get(), std::uint8_t{0x5c}}}) {
        pad.fill(byte);
        for (std::size_t i = 0; i < indexKey.size(); ++i)
            pad[i] = static_cast<std::uint8_t>(indexKey[i] ^ byte);
        ok = ok && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
             EVP_DigestUpdate(ctx, pad.data(), pad.size()) == 1;
    }
    if (!ok)
        hmacFailed();
    m_inner = inner.release();
    m_outer = outer.release();
}

IndexKey::IndexKey(IndexKey&& other) noexcept
    : m_inner(std::exchange(other.m_inner, nullptr))
    , m_outer(std::exchange(other.m_outer, nullptr)) {}

IndexKey& IndexKey::operator=(IndexKey&& other) noexcept {
    if (this != &other) {
        EVP_MD_CTX_free(m_inner);
        EVP_MD_CTX_free(m_outer);
        m_inner = std::exchange(other.m_inner, nullptr);
        m_outer = std::exchange(other.m_outer, nullptr);
    }
    return *this;
}

IndexKey::~IndexKey() {
    EVP_MD_CTX_free(m_inner);
    EVP_MD_CTX_free(m_outer);
}

std::string IndexKey::hash(std::string_view domain, std::string_view value) const {
    static constexpr std::array<std::uint8_t, 1> kSeparator = {0};
    // Copies of the keyed contexts: the subkey's pad blocks are absorbed once, in the constructor.
    const MdCtx ctx(EVP_MD_CTX_new());
    Digest inner{};
    const Wipe wipeInner(inner);
    Digest out{};
    unsigned innerSize = 0;
    unsigned outSize = 0;
    bool ok = ctx && m_inner && m_outer && EVP_MD_CTX_copy_ex(ctx.get(), m_inner) == 1;
    for (const auto& part :
         {asBytes(domain), std::span<const std::uint8_t>(kSeparator), asBytes(value)})
        ok = ok && EVP_DigestUpdate(ctx.get(), part.data(), part.size()) == 1;
    ok = ok && EVP_DigestFinal_ex(ctx.get(), inner.data(), &innerSize) == 1 &&
         EVP_MD_CTX_copy_ex(ctx.get(), m_outer) == 1 &&
         EVP_DigestUpdate(ctx.get(), inner.data(), inner.size()) == 1 &&
         EVP_DigestFinal_ex(ctx.get(), out.data(), &outSize) == 1;
    if (!ok || innerSize != inner.size() || outSize != out.size())
        hmacFailed();
    return toHex(out);
}

// --- password-based keys -----------------------------------------------------------------------

KdfParams KdfParams::interactive() {
    KdfParams p;
    p.algorithm = Algorithm::Argon2id;
    p.timeCost = 3;
    p.memoryKib = 64 * 1024;
    p.parallelism = 1;
    return p;
}

KdfParams KdfParams::fastForTests() {
    KdfParams p;
    p.algorithm = Algorithm::Argon2id;
    p.timeCost = 1;
    p.memoryKib = 1024;
    p.parallelism = 1;
    return p;
}

Status KdfParams::validate() const {
    const auto bad = [](const std::string& why) { return invalidInput("kdf_params", why); };
    if (salt.size() < kMinSaltSize || salt.size() > kMaxSaltSize)
        return bad("the salt must have 8 to 64 bytes, not " + std::to_string(salt.size()));
    switch (algorithm) {
    case Algorithm::Argon2id:
        if (timeCost < 1 || timeCost > kMaxTimeCost)
            return bad("argon2id t must be 1 to 64, not " + std::to_string(timeCost));
        if (parallelism < 1 || parallelism > kMaxParallelism)
            return bad("argon2id p must be 1 to 16, not " + std::to_string(parallelism));
        if (memoryKib < kMinMemoryKib || memoryKib > kMaxMemoryKib || memoryKib < 8 * parallelism)
            return bad("argon2id m must be 1024 to 1048576 KiB, not " + std::to_string(memoryKib));
        return domain::ok();
    case Algorithm::Pbkdf2Sha256:
        if (iterations < kMinIterations || iterations > kMaxIterations)
            return bad("pbkdf2 iterations must be 1000 to 10000000, not " +
                       std::to_string(iterations));
        return domain::ok();
    }
    return bad("unknown KDF algorithm");
}

Result<Key> deriveKey(std::string_view password, const KdfParams& params) {
    if (const Status valid = params.validate(); !valid)
        return valid.error();
    std::array<std::uint8_t, Key::kSize> raw{};
    const Wipe wipe(raw);
    if (params.algorithm == KdfParams::Algorithm::Argon2id) {
        if (password.size() > UINT32_MAX)
            return invalidInput("password_too_long", "the password is too long");
        const int rc = argon2id_hash_raw(params.timeCost, params.memoryKib, params.parallelism,
                                         password.data(), password.size(), params.salt.data(),
                                         params.salt.size(), raw.data(), raw.size());
        if (rc == ARGON2_MEMORY_ALLOCATION_ERROR)
            return retryable("kdf_out_of_memory", "not enough memory for Argon2id (m=" +
                                                      std::to_string(params.memoryKib) + " KiB)");
        if (rc != ARGON2_OK)
            return invalidInput("kdf_params",
                                std::string("Argon2id refused: ") + argon2_error_message(rc));
    } else {
        if (password.size() > static_cast<std::size_t>(INT_MAX))
            return invalidInput("password_too_long", "the password is too long");
        if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                              params.salt.data(), static_cast<int>(params.salt.size()),
                              static_cast<int>(params.iterations), EVP_sha256(),
                              static_cast<int>(raw.size()), raw.data()) != 1)
            return cryptoFailed("derive a key with PBKDF2-HMAC-SHA256");
    }
    return Key::fromBytes(raw);
}

std::string WrappedKey::serialize() const {
    return std::string(kWrappedPrefix) + "$" + kdfText(kdf) + "$" + toHex(sealed);
}

Result<WrappedKey> WrappedKey::parse(std::string_view text) {
    auto line =
        parseKdfLine(text, kWrappedPrefix, kSealOverhead + Key::kSize, "wrapped_key_malformed");
    if (!line)
        return line.error();
    if (line->last[0] != kSealFormatV1)
        return invalidInput("wrapped_key_malformed", "the wrapped key has an unknown seal format");
    return WrappedKey{std::move(line->kdf), std::move(line->last)};
}

Result<WrappedKey> wrapKey(const Key& dataKey, std::string_view userId, std::string_view password,
                           const KdfParams& params) {
    auto kdf = withFreshSalt(params);
    if (!kdf)
        return kdf.error();
    const auto kek = deriveKey(password, *kdf);
    if (!kek)
        return kek.error();
    auto sealed = seal(*kek, dataKey.bytes(), dekAad(userId));
    if (!sealed)
        return sealed.error();
    return WrappedKey{std::move(kdf).value(), std::move(sealed).value()};
}

Result<Key> unwrapKey(const WrappedKey& wrapped, std::string_view userId,
                      std::string_view password) {
    if (wrapped.sealed.size() != kSealOverhead + Key::kSize)
        return invalidInput("wrapped_key_malformed", "the wrapped key has the wrong length");
    const auto kek = deriveKey(password, wrapped.kdf);
    if (!kek)
        return kek.error();
    auto plain = open(*kek, wrapped.sealed, dekAad(userId));
    if (!plain) {
        if (plain.error().code == "sealed_not_authentic")
            return Error{ErrorKind::NotPermitted, "wrong_password",
                         "wrong password (or the key belongs to another user, or was altered)"};
        return plain.error();
    }
    const Wipe wipe(plain.value());
    return Key::fromBytes(*plain);
}

// --- offline login -----------------------------------------------------------------------------

Result<std::string> hashPassword(std::string_view password, const KdfParams& params) {
    auto kdf = withFreshSalt(params);
    if (!kdf)
        return kdf.error();
    const auto derived = deriveKey(password, *kdf);
    if (!derived)
        return derived.error();
    const Digest verifier = hmacSha256(derived->bytes(), {asBytes(kVerifierLabel)});
    return std::string(kPasswordPrefix) + "$" + kdfText(*kdf) + "$" + toHex(verifier);
}

bool verifyPassword(std::string_view password, std::string_view encoded) {
    const auto line =
        parseKdfLine(encoded, kPasswordPrefix, kDigestSize, "password_hash_malformed");
    if (!line)
        return false;
    const auto derived = deriveKey(password, line->kdf);
    if (!derived)
        return false;
    const Digest verifier = hmacSha256(derived->bytes(), {asBytes(kVerifierLabel)});
    return CRYPTO_memcmp(verifier.data(), line->last.data(), verifier.size()) == 0;
}

} // namespace bianmin::store::crypto
