#pragma once
// Compiled time zones: the TZif files of the tz database (RFC 8536), read
// into the transitions and offsets that map an instant to its UTC offset.
// Internal to the util area; TimeZone (time_zone.h) is the public face.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/expected.h"
#include "core/util/posix_tz.h"

namespace fairweather::detail {

struct ZoneData {
    std::vector<std::int64_t> transitions;  // UTC seconds, strictly ascending
    std::vector<std::uint8_t> transition_types;
    std::vector<std::int64_t> type_offsets;  // utoff of each ttinfo, seconds
    std::optional<PosixRule> rule;           // nullopt: the last type stays in force
};

// The zone in the TZif file `bytes`: version 1's 32-bit block, or for
// version 2 and later the 64-bit block and the footer's TZ rule. The error
// says what is wrong with the file ("it is truncated"), worded to follow
// "... is not a compiled time zone (TZif) file: ".
Expected<ZoneData, std::string> parse_tzif(std::string_view bytes);

// The offset from UTC, in seconds, in force in `zone` at `t` (UTC seconds
// since the epoch).
std::int64_t zone_offset_at(const ZoneData& zone, std::int64_t t);

}  // namespace fairweather::detail
