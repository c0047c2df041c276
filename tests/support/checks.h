#pragma once
// Small predicates the test files share.

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/weather/weather.h"

namespace fairweather::testing {

inline bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// `text` split at its newlines (a last line without one included).
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

// A report's reasons on one line, for failure messages.
inline std::string all_reasons(const Observation& r) {
    std::string out;
    for (const auto& reason : r.reasons) {
        out += reason + " | ";
    }
    return out;
}

}  // namespace fairweather::testing
