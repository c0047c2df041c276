#pragma once
// Which CA certificates an HTTPS transfer trusts when `[http] ca_file` is
// empty. The libcurl the binaries link names its distribution's bundle
// (Debian's /etc/ssl/certs/ca-certificates.crt); the portable gate of the
// release archive carries that libcurl to other distributions, where the
// bundle lives elsewhere (Fedora's /etc/pki/tls/certs/ca-bundle.crt,
// openSUSE's /etc/ssl/ca-bundle.pem, ...). So, in order:
//   1. the configured ca_file;
//   2. $SSL_CERT_FILE, OpenSSL's own override (curl's command line honours it);
//   3. libcurl's built-in bundle, when that file exists (nothing to set);
//   4. the first well-known bundle that exists;
//   5. nothing: libcurl's default, and its certificate error says the rest.

#include <functional>
#include <string>

namespace fairweather {

// The CA file to set on a transfer; "" leaves libcurl's default. `exists`
// says whether a path names a readable file.
std::string choose_ca_file(const std::string& configured, const char* ssl_cert_file,
                           const std::string& builtin,
                           const std::function<bool(const std::string&)>& exists);

// choose_ca_file for this process: $SSL_CERT_FILE, libcurl's built-in bundle
// and the file system, looked at once.
std::string system_ca_file(const std::string& configured);

}  // namespace fairweather
