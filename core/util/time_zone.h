#pragma once
// Time zones for release schedules and freeze windows: UTC, fixed offsets,
// and IANA zones read from the system's compiled tz database (TZif files).
// g++ 12's <chrono> has no tzdb, so this reads the files itself.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/util/environment.h"
#include "core/util/expected.h"
#include "core/util/time.h"

namespace fairweather {

// A wall-clock time in some zone, millisecond resolution.
using LocalTime = std::chrono::local_time<Duration>;

namespace detail {
struct ZoneData;
}

// Immutable and cheap to copy; thread-safe.
class TimeZone {
  public:
    // UTC.
    TimeZone();

    // Accepts "UTC", "Etc/UTC", "Z", fixed offsets "+05:30", "-07:00", "+0200",
    // "UTC+2", "UTC-03:30", and IANA names ("America/Los_Angeles") read from
    // the compiled tz database in `zoneinfo` (zoneinfo_dir() says which one a
    // process uses). The error says what was wrong and what to write (and,
    // for an unknown name, where it was looked for).
    static Expected<TimeZone, std::string> load(
        std::string_view name, const std::filesystem::path& zoneinfo = k_system_zoneinfo);

    // Where the system keeps its compiled tz database.
    static constexpr const char* k_system_zoneinfo = "/usr/share/zoneinfo";

    // The name as given (normalised for UTC and offsets: "UTC", "+05:30").
    const std::string& name() const { return m_name; }

    // The zone's offset from UTC at the instant `t` (DST included).
    std::chrono::seconds offset_at(TimePoint t) const;

    LocalTime to_local(TimePoint t) const;
    // The instant of a wall-clock time. In a gap (clocks spring forward) the
    // time is read with the offset before the gap, so it lands after it; in an
    // overlap (clocks fall back) the earlier instant is chosen.
    TimePoint from_local(LocalTime t) const;

    // The calendar date in this zone at instant `t`.
    std::chrono::year_month_day local_date(TimePoint t) const;
    // The instant the local day `d` begins (local midnight, or the first
    // instant of the day when midnight falls in a gap).
    TimePoint start_of_day(std::chrono::year_month_day d) const;

  private:
    std::string m_name;
    std::shared_ptr<const detail::ZoneData> m_data;  // null: a fixed offset
    std::chrono::seconds m_fixed{0};
};

// The tz database a process reads: $TZDIR when set, as the C library does,
// else the system's.
std::filesystem::path zoneinfo_dir(const Environment& env);

}  // namespace fairweather
