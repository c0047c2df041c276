#pragma once
// Small predicates the test files share.

#include <string>
#include <string_view>

#include "core/weather/weather.h"

namespace fairweather::testing {

inline bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
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
