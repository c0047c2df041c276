#pragma once
// Reading samples out of a Prometheus text exposition in tests.

#include <optional>
#include <sstream>
#include <string>

#include <boost/test/unit_test.hpp>

namespace fairweather::testing {

// The value of one series (`name{labels}` exactly as the exposition writes
// it) in `text`, if it is there.
inline std::optional<double> metric_sample(const std::string& text, const std::string& series) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with(series + " ")) {
            return std::stod(line.substr(series.size() + 1));
        }
    }
    return std::nullopt;
}

// Checks `series` is exposed with `expected` (a failure shows the exposition).
inline void expect_metric(const std::string& text, const std::string& series, double expected) {
    const auto value = metric_sample(text, series);
    BOOST_TEST(value.has_value(), series << " missing from\n" << text);
    if (value) {
        BOOST_TEST(*value == expected, series);
    }
}

inline void expect_no_metric(const std::string& text, const std::string& series) {
    BOOST_TEST(!metric_sample(text, series).has_value(), series << " should not be in\n" << text);
}

}  // namespace fairweather::testing
