#pragma once
// The kinds of release a project makes: regular (the next on the schedule),
// patch (a fix on an existing branch) and security (a fix that must ship
// within the policy's SLA). The policy, the gate's decision table and the
// queue all speak of these.

#include <iosfwd>
#include <optional>
#include <string_view>

namespace fairweather {

enum class ReleaseKind { regular, patch, security };

// "regular", "patch", "security".
std::string_view to_string(ReleaseKind k);
std::optional<ReleaseKind> parse_release_kind(std::string_view text);
std::ostream& operator<<(std::ostream& out, ReleaseKind k);

}  // namespace fairweather
