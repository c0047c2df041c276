#include "tests/support/fixtures.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace fairweather::testing {

std::filesystem::path real_fixtures_dir() {
    if (const char* env = std::getenv("FAIRWEATHER_REAL_FIXTURES");
        env != nullptr && *env != '\0') {
        return env;
    }
    return std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / ".." / "shared" / "fixtures" / "real";
}

std::filesystem::path peer_fixtures_dir() {
    if (const char* env = std::getenv("FAIRWEATHER_PEER_FIXTURES");
        env != nullptr && *env != '\0') {
        return env;
    }
    return std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / ".." / "shared" / "fixtures" / "peers";
}

std::filesystem::path own_fixtures_dir() {
    return std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "tests" / "fixtures";
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read test data " + path.string());
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<ReplayedCall> read_pygithub_replay(const std::filesystem::path& file) {
    std::istringstream in(read_file(file));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    std::vector<ReplayedCall> calls;
    for (std::size_t i = 0; i + 10 <= lines.size(); i += 11) {
        ReplayedCall call;
        call.method = lines[i + 1];
        call.path = lines[i + 4];
        call.request_body = lines[i + 6];
        call.status = std::atoi(lines[i + 7].c_str());
        call.response_body = lines[i + 9];
        calls.push_back(std::move(call));
    }
    return calls;
}

std::string real_fixture(const std::string& relative) {
    return read_file(real_fixtures_dir() / relative);
}
std::string own_fixture(const std::string& relative) {
    return read_file(own_fixtures_dir() / relative);
}

namespace {

boost::test_tools::assertion_result present(const std::filesystem::path& dir,
                                            const char* variable) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir / "SOURCES.md", ec)) {
        return true;
    }
    const std::string why = "SKIPPED: fixtures not found at " + dir.string() +
                            "; check out ../shared next to the project or set " + variable;
    std::cout << why << std::endl;
    boost::test_tools::assertion_result result(false);
    result.message() << why;
    return result;
}

}  // namespace

boost::test_tools::assertion_result real_fixtures_present(boost::unit_test::test_unit_id) {
    return present(real_fixtures_dir(), "FAIRWEATHER_REAL_FIXTURES");
}

boost::test_tools::assertion_result peer_fixtures_present(boost::unit_test::test_unit_id) {
    return present(peer_fixtures_dir(), "FAIRWEATHER_PEER_FIXTURES");
}

void compare_with_golden_metrics(const std::string& actual, const std::string& name) {
    const auto path = own_fixtures_dir() / "metrics" / name;
    if (std::getenv("FAIRWEATHER_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path) << actual;
    }
    BOOST_TEST(actual == read_file(path),
               "differs from " << path.string() << " (FAIRWEATHER_UPDATE_GOLDEN=1 rewrites it)");
}

}  // namespace fairweather::testing
