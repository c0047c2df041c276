#pragma once
// The example policies and the recorded release histories, as the policy
// tests read them (header-only: the tests that use it link fairweather_config).

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "config/config.h"
#include "core/history/history_files.h"
#include "core/release/policy.h"
#include "tests/support/fixtures.h"

namespace fairweather::testing {

inline Date day(const char* text) {
    const auto d = parse_calendar_date(text);
    BOOST_REQUIRE_MESSAGE(d.has_value(), text);
    return *d;
}

// config/examples/<name>'s [policy].
inline ReleasePolicy example_policy(const std::string& name) {
    const auto config =
        load_config(std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "config" / "examples" / name);
    BOOST_REQUIRE_MESSAGE(config.has_value(), name);
    return config->policy;
}

// A recorded history (../shared/fixtures/real/<file>, version,released_on)
// read as `report --releases` reads it: the versions the scheme cannot read
// are skipped.
inline std::vector<PublishedRelease> recorded_releases(const ReleasePolicy& policy,
                                                       const std::string& file) {
    auto read = read_releases(real_fixture(file), file, policy);
    BOOST_REQUIRE_MESSAGE(read.has_value(), (read ? std::string() : read.error()));
    return read->releases;
}

}  // namespace fairweather::testing
