#include "core/release/kind.h"

#include <ostream>

namespace fairweather {

std::string_view to_string(ReleaseKind k) {
    switch (k) {
        case ReleaseKind::regular:
            return "regular";
        case ReleaseKind::patch:
            return "patch";
        case ReleaseKind::security:
            return "security";
    }
    return "regular";
}

std::optional<ReleaseKind> parse_release_kind(std::string_view text) {
    for (const auto k : {ReleaseKind::regular, ReleaseKind::patch, ReleaseKind::security}) {
        if (text == to_string(k)) {
            return k;
        }
    }
    return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, ReleaseKind k) {
    return out << to_string(k);
}

}  // namespace fairweather
