#pragma once
// Reading a config that must be refused, for tests of its error messages.

#include <string>
#include <string_view>

#include <boost/test/unit_test.hpp>

#include "config/config.h"

namespace fairweather::testing {

// Every problem parse_config finds in `text`, one described per line
// ("test.toml:3:22: error: ..."); the test fails if `text` is accepted.
inline std::string config_problems(std::string_view text,
                                   std::string_view source_name = "test.toml") {
    auto config = parse_config(text, source_name);
    BOOST_REQUIRE_MESSAGE(!config.has_value(), "the config was accepted");
    std::string all;
    for (const auto& e : config.error()) {
        all += e.describe() + "\n";
    }
    return all;
}

}  // namespace fairweather::testing
