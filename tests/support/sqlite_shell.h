#pragma once
// The sqlite3 command-line shell, for tests that edit a state database as an
// operator (or a newer fairweather) would. Header-only.

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/process.h"

namespace fairweather::testing {

// The sqlite3 shell on PATH, or "" when there is none.
inline std::string sqlite3_shell() {
    const char* path = std::getenv("PATH");
    std::string_view rest = path == nullptr ? "" : path;
    while (!rest.empty()) {
        const auto colon = rest.find(':');
        const std::filesystem::path dir(std::string(rest.substr(0, colon)));
        rest = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
        const std::filesystem::path candidate = dir / "sqlite3";
        std::error_code ec;
        if (!dir.empty() && std::filesystem::is_regular_file(candidate, ec) &&
            ::access(candidate.c_str(), X_OK) == 0) {
            return candidate.string();
        }
    }
    return {};
}

// Boost.Test precondition for the cases that need the shell: without it
// they print "SKIPPED: ..." (CTest reports them skipped).
inline boost::test_tools::assertion_result sqlite3_shell_present(boost::unit_test::test_unit_id) {
    if (!sqlite3_shell().empty()) {
        return true;
    }
    const std::string why =
        "SKIPPED: the sqlite3 command-line shell is not on PATH; install it (e.g. apt-get "
        "install sqlite3) to run this case";
    std::cout << why << std::endl;
    boost::test_tools::assertion_result result(false);
    result.message() << why;
    return result;
}

// Runs SQL on the file of a closed store with the shell; returns what it printed.
inline std::string sqlite3_run(const std::filesystem::path& file, const std::string& sql) {
    const auto r = run_process(sqlite3_shell(), {"-batch", "-bail", file.string(), sql});
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "sqlite3 failed: " + r.err);
    return r.out;
}

}  // namespace fairweather::testing
