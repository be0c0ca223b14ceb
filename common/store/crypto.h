#pragma once
// Encryption at rest for the client's SQLite file. Village laptops get lost or stolen: a copied
// file must reveal no ID numbers, phones or addresses, yet every user of the site must be able to
// log in and search offline. So:
//
// - One random 32-byte data key (DEK) per site store encrypts every personal field. It never
//   touches the disk in the clear: each user of the site holds a copy of it wrapped (sealed) under
//   a key-encryption key derived from that user's password with a slow, salted KDF. Logging in
//   offline derives that key and unwraps the DEK; changing a password re-wraps one copy only.
// - Sealed value (BLOB), format 1, 29 bytes + the plaintext length:
//     0x01 || 12-byte random nonce || AES-256-GCM ciphertext || 16-byte tag
//   The format byte and the caller's aad are both authenticated (GCM AAD = 0x01 || aad); the aad
//   binds a value to its place (say "person:<id>:phone"), so a sealed value moved to another row or
//   column fails to open. Nonces are random, never counters: two clients sharing a DEK have no
//   common counter. Random 96-bit nonces stay safe for up to 2^32 seals per key (NIST SP 800-38D),
//   far above what one site writes; a DEK is replaced long before.
// - Blind index: keyedHash() is HMAC-SHA256 over domain || '\0' || value, under a subkey
//   HMAC-SHA256(key, "bianmin-blind-index-v1") so that the same key bytes never serve both AES and
//   the index. It lets the store find a full ID number, or its last six digits, by equality
//   without storing them. Without the key the hashes are useless; with it, a six-digit space is
//   enumerable, which is acceptable because the key unlocks the sealed values anyway.
// - Wrapped key, one ASCII line per user, all hex lowercase, parsed strictly (canonical: parse then
//   serialize gives back the same text):
//     wk1$argon2id$t=<passes>$m=<KiB>$p=<lanes>$<salt hex>$<sealed DEK hex>
//     wk1$pbkdf2-sha256$i=<iterations>$<salt hex>$<sealed DEK hex>
//   The sealed DEK uses aad "bianmin-dek-v1:" + userId, so one user's line cannot unlock as
//   another's. KDF parameters are range-checked before any work: a tampered "m=4294967295" is
//   refused, not allocated.
// - Password hash for offline login, same shape with prefix "pw1$" and, as the last part, the
//   32-byte HMAC-SHA256(derived key, "bianmin-password-verifier-v1"): even under the same salt the
//   stored hash is never the key that unwraps the DEK. Compared in constant time.
// - Salts: wrapKey() and hashPassword() draw a fresh 16-byte salt on every call and ignore
//   KdfParams::salt, so reusing a parameter set (or copying one from an existing line) can never
//   make two users share a salt. Only deriveKey() takes the salt from its KdfParams.
// - Formats are stored on thousands of laptops: changing any of them needs a new version prefix
//   and a reader for the old one. The golden tests in tests/unit/crypto_test.cpp pin them.
//
// Errors are values, never exceptions: tampered or malformed data is InvalidInput, a wrong password
// is NotPermitted "wrong_password", a failing random generator (or OpenSSL refusing to run) is
// Retryable. Key material in our own buffers is wiped with OPENSSL_cleanse; plaintext handed back
// to the caller is the caller's to wipe.
//
// Threading: every function is reentrant and may be called from any thread; a Key is a plain value
// (not synchronised).
#include "common/domain/result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct evp_mac_ctx_st;    // OpenSSL's EVP_MAC_CTX
struct evp_md_ctx_st;     // OpenSSL's EVP_MD_CTX
struct evp_cipher_ctx_st; // OpenSSL's EVP_CIPHER_CTX

namespace bianmin::store::crypto {

using Bytes = std::vector<std::uint8_t>;

// A 256-bit symmetric key. Move-only so that key bytes are not copied around by accident; wiped on
// destruction, and a moved-from Key is all zeros.
class Key {
public:
    static constexpr std::size_t kSize = 32;

    static domain::Result<Key> random(); // Retryable "rng_failed"
    // InvalidInput "key_size" unless exactly kSize bytes.
    static domain::Result<Key> fromBytes(std::span<const std::uint8_t> bytes);

    Key(const Key&) = delete;
    Key& operator=(const Key&) = delete;
    Key(Key&& other) noexcept;
    Key& operator=(Key&& other) noexcept;
    ~Key();

    std::span<const std::uint8_t, kSize> bytes() const { return m_bytes; }
    bool operator==(const Key& other) const; // constant time

private:
    Key() = default;
    std::array<std::uint8_t, kSize> m_bytes{};
};

// n bytes from OpenSSL's CSPRNG; Retryable "rng_failed" if it fails.
domain::Result<Bytes> randomBytes(std::size_t n);

// --- sealed values -----------------------------------------------------------------------------
constexpr std::uint8_t kSealFormatV1 = 0x01;
constexpr std::size_t kSealNonceSize = 12;
constexpr std::size_t kSealTagSize = 16;
constexpr std::size_t kSealOverhead = 1 + kSealNonceSize + kSealTagSize; // 29

// Returns a Result because drawing the nonce can fail (Retryable "rng_failed"): then nothing is
// sealed, rather than sealing under a fixed or repeated nonce.
domain::Result<Bytes> seal(const Key& key, std::span<const std::uint8_t> plaintext,
                           std::string_view aad);
// Refuses (InvalidInput) a wrong key, a wrong aad, any changed bit, truncated or extended input and
// an unknown format byte; codes "sealed_too_short", "sealed_unknown_format",
// "sealed_not_authentic".
domain::Result<Bytes> open(const Key& key, std::span<const std::uint8_t> sealed,
                           std::string_view aad);
domain::Result<Bytes> sealText(const Key& key, std::string_view plaintext, std::string_view aad);
domain::Result<std::string> openText(const Key& key, std::span<const std::uint8_t> sealed,
                                     std::string_view aad);

// sealText() for many values under one key (the store, from unlock to lock): the cipher context
// and the AES key schedule are set up once; every value still gets its own random nonce, and the
// output is exactly seal()'s format (open() reads it). The nonces are drawn from OpenSSL's
// generator kNonceBatch at a time (one RAND_bytes call costs as much as sealing a short value);
// each is used once and wiped. A process forked while a Sealer holds unused nonces never uses
// them in the child: the child draws a fresh batch. Move-only; one thread at a time.
class Sealer {
public:
    explicit Sealer(const Key& key);
    Sealer(const Sealer&) = delete;
    Sealer& operator=(const Sealer&) = delete;
    Sealer(Sealer&& other) noexcept;
    Sealer& operator=(Sealer&& other) noexcept;
    ~Sealer();

    // As sealText(key, plaintext, aad).
    domain::Result<Bytes> sealText(std::string_view plaintext, std::string_view aad);

    static constexpr std::size_t kNonceBatch = 32;

private:
    // The next unused nonce into `out`; false if the generator failed.
    bool nextNonce(std::uint8_t* out);
    void wipeNonces();

    evp_cipher_ctx_st* m_ctx = nullptr; // keyed; nullptr if OpenSSL refused (then seal fails)
    std::array<std::uint8_t, kSealNonceSize * kNonceBatch> m_nonces{};
    std::size_t m_nextNonce = kNonceBatch; // the batch is used up: draw another
    unsigned m_forks = 0;                  // forks of this process seen when it was drawn
};

// --- blind index -------------------------------------------------------------------------------
// 64 lowercase hex characters. `domain` names what is hashed ("resident_id", "resident_id_last6",
// "phone"); it must not contain '\0'. Normalise `value` first (normalizeResidentId): the hash is
// of exact bytes.
std::string keyedHash(const Key& key, std::string_view domain, std::string_view value);

// The blind-index subkey of a data key, derived once for a caller that hashes many values (the
// store, from unlock to lock): hash(domain, value) == keyedHash(dataKey, domain, value), without
// deriving the subkey and setting up HMAC again for every value. Holds two SHA-256 contexts that
// have absorbed the subkey's HMAC inner and outer pad blocks (RFC 2104), so that a value costs two
// SHA-256 blocks and two context copies; OpenSSL frees (and so wipes) them on destruction.
// Move-only; one thread at a time.
class IndexKey {
public:
    explicit IndexKey(const Key& dataKey);
    IndexKey(const IndexKey&) = delete;
    IndexKey& operator=(const IndexKey&) = delete;
    IndexKey(IndexKey&& other) noexcept;
    IndexKey& operator=(IndexKey&& other) noexcept;
    ~IndexKey();

    std::string hash(std::string_view domain, std::string_view value) const;

private:
    evp_md_ctx_st* m_inner = nullptr; // SHA-256 after (subkey ^ ipad)
    evp_md_ctx_st* m_outer = nullptr; // SHA-256 after (subkey ^ opad)
};

// --- password-based keys -----------------------------------------------------------------------
struct KdfParams {
    enum class Algorithm { Argon2id, Pbkdf2Sha256 };
    Algorithm algorithm = Algorithm::Argon2id;
    std::uint32_t timeCost = 0;    // Argon2id passes, 1..kMaxTimeCost
    std::uint32_t memoryKib = 0;   // Argon2id memory, kMinMemoryKib..kMaxMemoryKib, >= 8 per lane
    std::uint32_t parallelism = 0; // Argon2id lanes, 1..kMaxParallelism
    std::uint32_t iterations = 0;  // PBKDF2 iterations, kMinIterations..kMaxIterations
    Bytes salt;                    // kMinSaltSize..kMaxSaltSize bytes; see the salt note above

    static constexpr std::uint32_t kMaxTimeCost = 64;
    static constexpr std::uint32_t kMinMemoryKib = 1024;
    static constexpr std::uint32_t kMaxMemoryKib = 1024 * 1024; // 1 GiB
    static constexpr std::uint32_t kMaxParallelism = 16;
    static constexpr std::uint32_t kMinIterations = 1000;
    static constexpr std::uint32_t kMaxIterations = 10'000'000;
    static constexpr std::size_t kMinSaltSize = 8;
    static constexpr std::size_t kMaxSaltSize = 64;
    static constexpr std::size_t kSaltSize = 16; // what wrapKey and hashPassword draw

    // Argon2id t=3, m=64 MiB, p=1 (0.15 s on the build machine, more on an old laptop). No salt:
    // see above.
    static KdfParams interactive();
    // Argon2id t=1, m=1024 KiB, p=1: for tests only, far too cheap to protect anything.
    static KdfParams fastForTests();

    // InvalidInput "kdf_params" when a field is out of range (salt included).
    domain::Status validate() const;
};

// Derives a key from a password with params (salt included). InvalidInput "kdf_params" for
// out-of-range parameters, Retryable "kdf_out_of_memory" when the memory cannot be had.
domain::Result<Key> deriveKey(std::string_view password, const KdfParams& params);

// A data key sealed under the key derived from one user's password.
struct WrappedKey {
    KdfParams kdf;
    Bytes sealed; // kSealOverhead + Key::kSize bytes

    std::string serialize() const;
    // InvalidInput "wrapped_key_malformed" for anything but the exact format above.
    static domain::Result<WrappedKey> parse(std::string_view text);
};

// params gives the algorithm and cost; a fresh salt is drawn (params.salt is ignored).
domain::Result<WrappedKey> wrapKey(const Key& dataKey, std::string_view userId,
                                   std::string_view password, const KdfParams& params);
// NotPermitted "wrong_password" when the password is wrong, the line belongs to another user id or
// its sealed part was altered (the three cannot be told apart).
domain::Result<Key> unwrapKey(const WrappedKey& wrapped, std::string_view userId,
                              std::string_view password);

// --- offline login -----------------------------------------------------------------------------
// A "pw1$..." line; a fresh salt is drawn (params.salt is ignored).
domain::Result<std::string> hashPassword(std::string_view password, const KdfParams& params);
// False for a wrong password and for any malformed or out-of-range encoded line.
bool verifyPassword(std::string_view password, std::string_view encoded);

} // namespace bianmin::store::crypto
