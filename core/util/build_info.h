#pragma once

#include <string_view>

namespace fairweather {

// The project version, from CMake's project(VERSION).
std::string_view version();
// "fairweather/<version>", the User-Agent every request carries.
std::string_view user_agent();

}  // namespace fairweather
