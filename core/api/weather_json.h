#pragma once
// The weather as JSON: written by the monitor's /api/v1/weather and the
// gate's --format json, read back by the gate's --monitor.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/writer.h"
#include "core/util/expected.h"
#include "core/util/parse_error.h"
#include "core/weather/weather.h"

namespace fairweather {

// Writes one source's report as a JSON object.
void write_observation(JsonWriter& j, const Observation& s);

// The monitor's view at one moment.
struct WeatherSnapshot {
    Weather weather = Weather::unknown;      // the verdict, with hysteresis
    Weather raw_weather = Weather::unknown;  // the worst of the sources right now
    TimePoint since{};                       // when the verdict last changed
    std::string cause;                       // why it did
    std::optional<TimePoint> recovering_until;
    TimePoint checked_at{};
    bool ready = false;  // every source has been polled at least once
    std::vector<Observation> sources;

    // The report a gate decides on: the verdict's weather, the sources, and a
    // note when the verdict is held through a recovery window.
    Conditions to_conditions() const;
};

std::string render_weather_snapshot(const WeatherSnapshot& snapshot);
// Reads what render_weather_snapshot wrote. Unknown fields are ignored.
Expected<WeatherSnapshot, ParseError> parse_weather_snapshot(std::string_view json);

}  // namespace fairweather
