#include "exporters/weather_metrics.h"

#include <algorithm>
#include <array>
#include <set>
#include <sstream>

#include <prometheus/text_serializer.h>

namespace fairweather {
namespace {

constexpr std::array k_weathers{Weather::fair, Weather::degraded, Weather::outage,
                                Weather::unknown};
constexpr std::array<const char*, 5> k_statuses{
    "operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"};
constexpr std::array<const char*, 4> k_impacts{"none", "minor", "major", "critical"};

void set_state(prometheus::Family<prometheus::Gauge>& family, prometheus::Labels labels,
               Weather w) {
    for (const Weather each : k_weathers) {
        labels["state"] = std::string(to_string(each));
        family.Add(labels).Set(each == w ? 1 : 0);
    }
}

}  // namespace

WeatherMetrics::WeatherMetrics(prometheus::Registry& registry)
    : m_weather(prometheus::BuildGauge()
                    .Name("fairweather_weather_state")
                    .Help("Combined CI weather: 1 for the current state (fair, degraded, outage, "
                          "unknown), 0 for the others.")
                    .Register(registry)),
      m_source_weather(prometheus::BuildGauge()
                           .Name("fairweather_source_weather_state")
                           .Help("CI weather seen by one source: 1 for its current state, 0 for "
                                 "the others.")
                           .Register(registry)),
      m_component(prometheus::BuildGauge()
                      .Name("fairweather_status_component_state")
                      .Help("Status-page status of a watched component: 1 for the current status. "
                            "status=\"missing\" when the page no longer lists it.")
                      .Register(registry)),
      m_incidents(prometheus::BuildGauge()
                      .Name("fairweather_status_incidents_unresolved")
                      .Help("Unresolved incidents on the status page, by impact.")
                      .Register(registry)),
      m_up(prometheus::BuildGauge()
               .Name("fairweather_source_up")
               .Help("1 if the last poll of the source was read and understood, 0 if not.")
               .Register(registry)),
      m_polls(prometheus::BuildCounter()
                  .Name("fairweather_source_polls_total")
                  .Help("Polls of each source, by result (success or error).")
                  .Register(registry)),
      m_duration(prometheus::BuildGauge()
                     .Name("fairweather_source_poll_duration_seconds")
                     .Help("How long the last poll of the source took.")
                     .Register(registry)),
      m_last_poll(prometheus::BuildGauge()
                      .Name("fairweather_source_last_poll_timestamp_seconds")
                      .Help("When the source was last polled, whatever the result.")
                      .Register(registry)),
      m_last_success(prometheus::BuildGauge()
                         .Name("fairweather_source_last_success_timestamp_seconds")
                         .Help("When the source was last read successfully.")
                         .Register(registry)) {}

void WeatherMetrics::record_weather(Weather combined) {
    set_state(m_weather, {}, combined);
}

void WeatherMetrics::record_poll(const SourceReport& report) {
    const prometheus::Labels source{{"source", report.name}};
    const bool ok = report.error.empty();
    m_up.Add(source).Set(ok ? 1 : 0);
    m_polls.Add({{"source", report.name}, {"result", "success"}}).Increment(ok ? 1 : 0);
    m_polls.Add({{"source", report.name}, {"result", "error"}}).Increment(ok ? 0 : 1);
    m_duration.Add(source).Set(std::chrono::duration<double>(report.elapsed).count());
    m_last_poll.Add(source).Set(to_unix_seconds(report.observed_at));
    if (ok) {
        m_last_success.Add(source).Set(to_unix_seconds(report.observed_at));
    }
    set_state(m_source_weather, source, report.weather);

    if (!ok) {
        // A failed poll says nothing about components or incidents: keep the
        // last known series rather than blank them.
        return;
    }

    std::set<ComponentKey> seen;
    for (const auto& c : report.components) {
        std::set<std::string> statuses(k_statuses.begin(), k_statuses.end());
        const std::string current = c.found ? c.status : "missing";
        statuses.insert(current);
        for (const auto& status : statuses) {
            ComponentKey key{report.name, c.id, c.name, status};
            auto& gauge = m_component_series[key];
            if (gauge == nullptr) {
                gauge = &m_component.Add({{"source", report.name},
                                          {"component_id", c.id},
                                          {"component", c.name},
                                          {"status", status}});
            }
            gauge->Set(status == current ? 1 : 0);
            seen.insert(std::move(key));
        }
    }
    for (auto it = m_component_series.begin(); it != m_component_series.end();) {
        if (std::get<0>(it->first) == report.name && !seen.contains(it->first)) {
            m_component.Remove(it->second);
            it = m_component_series.erase(it);
        } else {
            ++it;
        }
    }

    // Every impact this source ever reported stays in the scrape, at 0 once cleared.
    std::map<std::string, int> by_impact;
    for (const char* impact : k_impacts) {
        by_impact[impact] = 0;
    }
    for (const auto& [source_name, impact] : m_impact_series) {
        if (source_name == report.name) {
            by_impact[impact] = 0;
        }
    }
    for (const auto& i : report.incidents) {
        ++by_impact[i.impact.empty() ? "none" : i.impact];
    }
    for (const auto& [impact, count] : by_impact) {
        m_incidents.Add({{"source", report.name}, {"impact", impact}}).Set(count);
        m_impact_series.emplace(report.name, impact);
    }
}

std::string serialize_metrics(prometheus::Registry& registry) {
    auto families = registry.Collect();
    // prometheus-cpp keeps series in hash order; sort them so the text is
    // stable and diffable (golden files, humans).
    for (auto& family : families) {
        std::sort(family.metric.begin(), family.metric.end(), [](const auto& a, const auto& b) {
            return std::lexicographical_compare(a.label.begin(), a.label.end(), b.label.begin(),
                                                b.label.end(), [](const auto& x, const auto& y) {
                                                    return std::tie(x.name, x.value) <
                                                           std::tie(y.name, y.value);
                                                });
        });
    }
    std::ostringstream out;
    prometheus::TextSerializer{}.Serialize(out, families);
    return out.str();
}

}  // namespace fairweather
