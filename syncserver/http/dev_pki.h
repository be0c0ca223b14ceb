#pragma once
// A development certificate authority and a server certificate for it, made with OpenSSL, so
// that `./dev run` and the integration tests speak real TLS to 127.0.0.1 with a CA the client is
// told to trust (and nothing else). Not for production: a real deployment loads its own files.
#include "common/domain/result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace bianmin::syncd {

struct DevPki {
    std::string caCertPem;
    std::string caKeyPem;
    std::string serverCertPem;
    std::string serverKeyPem;
};

// EC P-256 keys; the server certificate names every host (DNS) and IP given.
domain::Result<DevPki> makeDevPki(const std::vector<std::string>& dnsNames,
                                  const std::vector<std::string>& ips, int days = 825);
// Writes ca.pem, ca.key, server.pem and server.key (keys 0600) into `dir`.
domain::Status writeDevPki(const DevPki& pki, const std::filesystem::path& dir);

} // namespace bianmin::syncd
