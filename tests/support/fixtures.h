#pragma once
// Where test data lives. The real recordings (nobody here wrote them) are read
// in place from ../shared/fixtures/real, or from $FAIRWEATHER_REAL_FIXTURES;
// payloads the project wrote itself are in tests/fixtures.

#include <filesystem>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace fairweather::testing {

// $FAIRWEATHER_REAL_FIXTURES, else <source dir>/../shared/fixtures/real.
std::filesystem::path real_fixtures_dir();
// $FAIRWEATHER_PEER_FIXTURES, else <source dir>/../shared/fixtures/peers:
// payloads recorded by other projects' test suites.
std::filesystem::path peer_fixtures_dir();
// <source dir>/tests/fixtures.
std::filesystem::path own_fixtures_dir();

std::string read_file(const std::filesystem::path& path);

// One call recorded in a PyGithub replay file (under peer_fixtures_dir(),
// PyGithub__PyGithub/): blocks of 11 lines (scheme, method, host, port,
// path, request headers, request body, status, response headers, response
// body, a blank line).
struct ReplayedCall {
    std::string method;
    std::string path;
    std::string request_body;
    int status = 0;
    std::string response_body;
};
std::vector<ReplayedCall> read_pygithub_replay(const std::filesystem::path& file);
// Reads a file under real_fixtures_dir() / own_fixtures_dir().
std::string real_fixture(const std::string& relative);
std::string own_fixture(const std::string& relative);

// Checks `actual` against the golden file tests/fixtures/metrics/<name>;
// with $FAIRWEATHER_UPDATE_GOLDEN set, rewrites the file first (review the
// diff).
void compare_with_golden_metrics(const std::string& actual, const std::string& name);

// Boost.Test precondition: true when the real fixtures are present. When they
// are not it prints "SKIPPED: ..." (CTest then reports the case as skipped)
// and the case does not run. Use as *boost::unit_test::precondition(real_fixtures_present).
boost::test_tools::assertion_result real_fixtures_present(boost::unit_test::test_unit_id);
// The same for peer_fixtures_dir().
boost::test_tools::assertion_result peer_fixtures_present(boost::unit_test::test_unit_id);

}  // namespace fairweather::testing
