#pragma once
// What a response's headers say beyond its status: the request budget
// (X-RateLimit-*, as GitHub sends them) and the next page of a paged list
// (an RFC 8288 Link header).

#include <cstdint>
#include <optional>
#include <string>

#include "core/http/client.h"

namespace fairweather {

// What GitHub said about the request budget, from X-RateLimit-* headers.
struct RateLimit {
    std::optional<std::int64_t> limit;
    std::optional<std::int64_t> remaining;
    std::optional<std::int64_t> used;
    std::optional<TimePoint> reset;
    std::string resource;  // "core", "search", ...
};

// X-RateLimit-Limit, -Remaining, -Used, -Reset (epoch seconds), -Resource.
// Absent or malformed headers stay unset.
RateLimit parse_rate_limit(const Headers& headers);
// The rel="next" URL of a Link header, if any.
std::optional<std::string> next_page(const Headers& headers);

}  // namespace fairweather
