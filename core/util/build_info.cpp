#include "core/util/build_info.h"

namespace fairweather {

std::string_view version() {
    return FAIRWEATHER_VERSION;
}
std::string_view revision() {
    return FAIRWEATHER_REVISION;
}
std::string_view user_agent() {
    return "fairweather/" FAIRWEATHER_VERSION;
}

}  // namespace fairweather
