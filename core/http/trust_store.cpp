#include "core/http/trust_store.h"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include <curl/curl.h>

namespace fairweather {
namespace {

// Where distributions keep their PEM bundle (the list Go's crypto/x509 reads).
constexpr std::array<const char*, 6> k_well_known_bundles{
    "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Gentoo, Arch
    "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL
    "/etc/ssl/ca-bundle.pem",                             // openSUSE
    "/etc/pki/tls/cacert.pem",                            // OpenELEC
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // CentOS, RHEL 7
    "/etc/ssl/cert.pem",                                  // Alpine
};

}  // namespace

std::string choose_ca_file(const std::string& configured, const char* ssl_cert_file,
                           const std::string& builtin,
                           const std::function<bool(const std::string&)>& exists) {
    if (!configured.empty()) {
        return configured;
    }
    if (ssl_cert_file != nullptr && *ssl_cert_file != '\0') {
        return ssl_cert_file;
    }
    if (!builtin.empty() && exists(builtin)) {
        return "";
    }
    for (const char* bundle : k_well_known_bundles) {
        if (exists(bundle)) {
            return bundle;
        }
    }
    return "";
}

std::string system_ca_file(const std::string& configured) {
    if (!configured.empty()) {
        return configured;
    }
    static std::once_flag once;
    static std::string chosen;
    std::call_once(once, [] {
        const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
        const std::string builtin = info != nullptr && info->cainfo != nullptr ? info->cainfo : "";
        chosen =
            choose_ca_file("", std::getenv("SSL_CERT_FILE"), builtin, [](const std::string& p) {
                std::error_code ec;
                return std::filesystem::is_regular_file(p, ec);
            });
    });
    return chosen;
}

}  // namespace fairweather
