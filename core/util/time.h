#pragma once
// Time points, durations and their text forms. Everything is UTC with
// millisecond resolution; no function here reads the clock.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/expected.h"

namespace fairweather {

using Duration = std::chrono::milliseconds;
using TimePoint = std::chrono::sys_time<Duration>;

// Parses an RFC 3339 / ISO 8601 timestamp as Statuspage and GitHub send them:
// "2020-04-02T20:20:54.013Z", "2020-06-16T14:00:29.031-07:00",
// "2014-05-14T14:22:39-06:00". Fractions beyond milliseconds are truncated.
// Returns nullopt when the text is not such a timestamp.
std::optional<TimePoint> parse_timestamp(std::string_view text);

// "2020-04-02T20:20:54Z", or with ".013" when the milliseconds are not zero.
std::string format_timestamp(TimePoint t);

// Parses "YYYY-MM-DD" as midnight UTC of that day.
std::optional<TimePoint> parse_date(std::string_view text);
std::string format_date(TimePoint t);

// Parses a duration written as one or more number+unit pairs: "500ms", "30s",
// "10m", "2h", "1d", "1w", "1h30m". On failure the error says what is wrong
// and what is expected.
Expected<Duration, std::string> parse_duration(std::string_view text);

// The shortest exact form that parse_duration reads back: "1h30m", "45s", "0s".
std::string format_duration(Duration d);

// A measured duration for people: rounded to what matters at its size
// (milliseconds under a second, seconds under an hour, minutes under a day,
// then hours), so 9,997 ms reads "10s" rather than "9s997ms".
std::string format_elapsed(Duration d);

// Seconds since the Unix epoch, for metrics and JSON.
double to_unix_seconds(TimePoint t);

}  // namespace fairweather
