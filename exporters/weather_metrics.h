#pragma once
// Prometheus families for the CI weather and the health of each source. Names
// follow Prometheus conventions (fairweather_ prefix, _total counters, units
// in names) and pass `promtool check metrics`.
//
// Thread-safe: prometheus-cpp metrics may be set while another thread scrapes.

#include <map>
#include <set>
#include <string>
#include <tuple>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "core/weather.h"

namespace fairweather {

class WeatherMetrics {
  public:
    explicit WeatherMetrics(prometheus::Registry& registry);

    // One poll of one source: its health (up, polls, duration, timestamps),
    // its weather, its watched components and the incidents touching them.
    void record_poll(const SourceReport& report);
    // The combined weather.
    void record_weather(Weather combined);

  private:
    using ComponentKey = std::tuple<std::string, std::string, std::string, std::string>;

    prometheus::Family<prometheus::Gauge>& m_weather;
    prometheus::Family<prometheus::Gauge>& m_source_weather;
    prometheus::Family<prometheus::Gauge>& m_component;
    prometheus::Family<prometheus::Gauge>& m_incidents;
    prometheus::Family<prometheus::Gauge>& m_up;
    prometheus::Family<prometheus::Counter>& m_polls;
    prometheus::Family<prometheus::Gauge>& m_duration;
    prometheus::Family<prometheus::Gauge>& m_last_poll;
    prometheus::Family<prometheus::Gauge>& m_last_success;
    // Series per (source, component id, component name, status), so a
    // component that leaves the page also leaves the scrape.
    std::map<ComponentKey, prometheus::Gauge*> m_component_series;
    std::set<std::pair<std::string, std::string>> m_impact_series;  // (source, impact)
};

// The text exposition format of everything in `registry`, each family's
// series sorted by their labels.
std::string serialize_metrics(prometheus::Registry& registry);

}  // namespace fairweather
