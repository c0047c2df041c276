#pragma once

#include <string_view>

namespace fairweather {

// The project version, from CMake's project(VERSION).
std::string_view version();
// The source revision built (git's short commit id, "+dirty" for a changed
// tree), or "unknown" outside a git checkout.
std::string_view revision();
// "fairweather/<version>", the User-Agent every request carries.
std::string_view user_agent();

}  // namespace fairweather
