#pragma once
// POSIX TZ rule strings as they appear in a TZif footer (RFC 8536 section
// 3.3): "CET-1CEST,M3.5.0,M10.5.0/3". Internal to the util area; TimeZone
// (time_zone.h) is the public face.

#include <cstdint>
#include <optional>
#include <string_view>

namespace fairweather::detail {

// One end of a POSIX TZ rule ("M3.2.0/2", "J60", "59/-1").
struct RuleDate {
    enum class Kind {
        julian_no_leap,  // Jn: 1..365, February 29 is never counted
        julian_zero,     // n: 0..365, February 29 counted in leap years
        month_week_day,  // Mm.w.d: day d (0 = Sunday) of week w (5 = last) of month m
    };
    Kind kind = Kind::month_week_day;
    int day = 0;
    int month = 0;
    int week = 0;
    int weekday = 0;
    // Local wall time of the change, after midnight of that date; RFC 8536
    // allows -167h..167h so rules like "the Friday before the last Sunday"
    // can be written as "M3.4.4/26".
    std::int64_t time = 2 * 3600;
};

// The TZ string in a TZif footer, which governs instants after the last
// transition. Offsets are stored east-positive (POSIX writes them inverted).
struct PosixRule {
    std::int64_t std_offset = 0;
    bool has_dst = false;
    std::int64_t dst_offset = 0;
    RuleDate start;
    RuleDate end;
};

// The rule in `text`, or nullopt when it is not one (abbreviations are
// checked for their form only and not kept).
std::optional<PosixRule> parse_posix_rule(std::string_view text);

// The offset from UTC, in seconds, that `rule` puts in force at `t` (UTC
// seconds since the epoch).
std::int64_t rule_offset_at(const PosixRule& rule, std::int64_t t);

}  // namespace fairweather::detail
