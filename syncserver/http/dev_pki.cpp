#include "syncserver/http/dev_pki.h"

#include <fstream>
#include <functional>
#include <memory>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace bianmin::syncd {

using domain::Error;
using domain::ErrorKind;

namespace {

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* c) const { X509_free(c); }
};
struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

Error fail(const std::string& what) {
    return {ErrorKind::Retryable, "pki_failed", what};
}

KeyPtr newKey() {
    return KeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

bool addExt(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext)
        return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

CertPtr newCert(EVP_PKEY* key, const std::string& cn, int days) {
    CertPtr cert(X509_new());
    if (!cert)
        return nullptr;
    X509_set_version(cert.get(), 2);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7F;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>("Bianmin development"), -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    return cert;
}

std::string pem(const std::function<int(BIO*)>& write) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        return {};
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

} // namespace

domain::Result<DevPki> makeDevPki(const std::vector<std::string>& dnsNames,
                                  const std::vector<std::string>& ips, int days) {
    KeyPtr caKey = newKey();
    KeyPtr serverKey = newKey();
    if (!caKey || !serverKey)
        return fail("key generation failed");
    CertPtr ca = newCert(caKey.get(), "Bianmin development CA", days);
    if (!ca)
        return fail("CA certificate");
    X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
    if (!addExt(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0") ||
        !addExt(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign") ||
        !addExt(ca.get(), ca.get(), NID_subject_key_identifier, "hash") ||
        X509_sign(ca.get(), caKey.get(), EVP_sha256()) == 0)
        return fail("CA certificate signing");

    CertPtr server =
        newCert(serverKey.get(), dnsNames.empty() ? "localhost" : dnsNames.front(), days);
    if (!server)
        return fail("server certificate");
    X509_set_issuer_name(server.get(), X509_get_subject_name(ca.get()));
    std::string san;
    for (const auto& d : dnsNames)
        san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
    for (const auto& ip : ips)
        san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
    if (!addExt(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        !addExt(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature") ||
        !addExt(server.get(), ca.get(), NID_ext_key_usage, "serverAuth") ||
        (!san.empty() && !addExt(server.get(), ca.get(), NID_subject_alt_name, san)) ||
        X509_sign(server.get(), caKey.get(), EVP_sha256()) == 0)
        return fail("server certificate signing");

    DevPki out;
    out.caCertPem = pem([&](BIO* b) { return PEM_write_bio_X509(b, ca.get()); });
    out.caKeyPem = pem([&](BIO* b) {
        return PEM_write_bio_PrivateKey(b, caKey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    out.serverCertPem = pem([&](BIO* b) { return PEM_write_bio_X509(b, server.get()); });
    out.serverKeyPem = pem([&](BIO* b) {
        return PEM_write_bio_PrivateKey(b, serverKey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    // Leave no stale entries in this thread's OpenSSL error queue to confuse a later TLS error.
    ERR_clear_error();
    if (out.caCertPem.empty() || out.serverCertPem.empty() || out.serverKeyPem.empty())
        return fail("PEM encoding");
    return out;
}

domain::Status writeDevPki(const DevPki& pki, const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const std::pair<const char*, const std::string*> files[] = {{"ca.pem", &pki.caCertPem},
                                                                {"ca.key", &pki.caKeyPem},
                                                                {"server.pem", &pki.serverCertPem},
                                                                {"server.key", &pki.serverKeyPem}};
    for (const auto& [name, text] : files) {
        const auto path = dir / name;
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << *text;
        if (!out)
            return Error{ErrorKind::Retryable, "write_failed", path.string() + ": cannot write"};
        out.close();
        if (std::string(name).ends_with(".key"))
            std::filesystem::permissions(
                path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    }
    return domain::ok();
}

} // namespace bianmin::syncd
