#pragma once
// The monitor's loop body. tick(now) does one step: poll every source that is
// due, update the combined weather and the metrics, log what changed. Only
// main() sleeps between ticks, so tests step time by hand.

#include <optional>
#include <ostream>
#include <vector>

#include "config/config.h"
#include "core/http.h"
#include "core/weather.h"
#include "exporters/weather_metrics.h"

namespace fairweather::monitor {

class Monitor {
  public:
    // Keeps references to all four; they must outlive the Monitor.
    Monitor(const Config& config, HttpClient& http, WeatherMetrics& metrics, std::ostream& log);

    // Polls the sources due at `now` and returns when the next one is due.
    // A source that sent Retry-After is not asked again before it allows.
    TimePoint tick(TimePoint now);

    // The combined weather after the last tick (unknown before the first).
    const WeatherReport& weather() const { return m_weather; }

  private:
    struct Source {
        const StatusPageSettings* settings;
        TimePoint next_due{};
        std::optional<SourceReport> last;
    };

    const Config& m_config;
    HttpClient& m_http;
    WeatherMetrics& m_metrics;
    std::ostream& m_log;
    std::vector<Source> m_sources;
    WeatherReport m_weather;
    bool m_first_tick = true;
};

}  // namespace fairweather::monitor
