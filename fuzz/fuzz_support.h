#pragma once
// What the fuzz targets share: the input as text, a fixed "now" (a target
// must do the same with the same bytes, so libFuzzer can replay a crash), and
// a property check that stops the run as a sanitizer would, so libFuzzer
// keeps the input and prints the stack.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/util/time.h"

namespace fairweather::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// 2024-09-17T12:00:00Z, the day the newest recorded Statuspage payloads were
// taken; targets that need a "now" derive it from the input where they can.
inline constexpr TimePoint k_now{std::chrono::sys_days{std::chrono::year{2024} / 9 / 17} +
                                 std::chrono::hours{12}};

// Aborts with `what` when `ok` is false. Not assert(): it must hold whatever
// the build type, and the message names the property that broke.
inline void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz: property violated: %s\n", what);
        std::abort();
    }
}

}  // namespace fairweather::fuzz
