// Which CA bundle an HTTPS transfer trusts when [http] ca_file is empty: what
// lets the portable gate, which carries Debian's libcurl, verify GitHub's
// certificate on a distribution that keeps its bundle elsewhere.
#include "core/http/trust_store.h"

#include <set>
#include <string>

#include <boost/test/unit_test.hpp>

using namespace fairweather;

namespace {

// A file system holding exactly `files`.
auto holding(std::set<std::string> files) {
    return [files = std::move(files)](const std::string& path) { return files.count(path) > 0; };
}

const std::string k_debian = "/etc/ssl/certs/ca-certificates.crt";
const std::string k_fedora = "/etc/pki/tls/certs/ca-bundle.crt";

}  // namespace

BOOST_AUTO_TEST_SUITE(trust_store)

BOOST_AUTO_TEST_CASE(given_a_configured_ca_file_it_should_win_over_everything) {
    BOOST_TEST(choose_ca_file("/etc/corp/ca.pem", "/env/ca.pem", k_debian, holding({k_debian})) ==
               "/etc/corp/ca.pem");
}

BOOST_AUTO_TEST_CASE(given_ssl_cert_file_it_should_be_used_when_nothing_is_configured) {
    BOOST_TEST(choose_ca_file("", "/env/ca.pem", k_debian, holding({k_debian})) == "/env/ca.pem");
    // Set but empty is not set.
    BOOST_TEST(choose_ca_file("", "", k_debian, holding({k_debian})) == "");
}

BOOST_AUTO_TEST_CASE(given_libcurls_own_bundle_exists_it_should_set_nothing) {
    BOOST_TEST(choose_ca_file("", nullptr, k_debian, holding({k_debian, k_fedora})) == "");
}

BOOST_AUTO_TEST_CASE(given_a_debian_libcurl_on_fedora_it_should_find_fedoras_bundle) {
    BOOST_TEST(choose_ca_file("", nullptr, k_debian, holding({k_fedora})) == k_fedora);
    BOOST_TEST(choose_ca_file("", nullptr, "", holding({"/etc/ssl/cert.pem"})) ==
               "/etc/ssl/cert.pem");
}

BOOST_AUTO_TEST_CASE(given_no_bundle_anywhere_it_should_leave_libcurls_default) {
    BOOST_TEST(choose_ca_file("", nullptr, k_debian, holding({})) == "");
}

BOOST_AUTO_TEST_SUITE_END()
