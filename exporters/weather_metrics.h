#pragma once
// Prometheus families for the CI weather, the verdict, each source's health
// and the repository signals. Names follow Prometheus conventions
// (fairweather_ prefix, _total counters, units in names) and pass
// `promtool check metrics`.
//
// Thread-safe: metrics may be set while another thread
// scrapes; the series bookkeeping here is behind a mutex.

#include <array>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "core/http/response_headers.h"
#include "core/weather/decision.h"
#include "core/weather/weather.h"
#include "exporters/registry.h"

namespace fairweather {

class WeatherMetrics {
  public:
    explicit WeatherMetrics(metrics::Registry& registry);

    // One poll of one source: its health (success, polls, duration,
    // timestamps, HTTP codes, 304s), its watched components and incidents,
    // and its Actions signals.
    void record_poll(const Observation& observation);
    // A source's weather as the verdict sees it (unknown when stale).
    void record_source_weather(const std::string& source, Weather w, bool stale);
    // The combined verdict (with hysteresis) and the raw worst of the sources.
    void record_verdict(Weather verdict, Weather raw, TimePoint since, bool recovering);
    void record_transition(Weather from, Weather to);
    void record_rate_limit(const std::string& host, const RateLimit& limit);
    void record_releases(const std::string& repo, std::size_t count);
    void record_store_error();
    // One request to GitHub's API and what came of it (ApiHealth's outcomes).
    void record_api_answer(std::string_view outcome);
    // A decision a gate reported to the monitor.
    void record_gate_decision(ReleaseKind kind, Decision decision);

  private:
    using Family = metrics::Family<metrics::Gauge>;
    using ComponentKey = std::tuple<std::string, std::string, std::string, std::string>;

    // A status page's unresolved incidents by impact; called under m_mutex.
    void record_impacts_locked(const Observation& observation);

    std::mutex m_mutex;
    Family& m_weather;
    Family& m_raw_weather;
    Family& m_recovering;
    Family& m_since;
    metrics::Family<metrics::Counter>& m_transitions;
    Family& m_source_weather;
    Family& m_stale;
    Family& m_component;
    Family& m_incidents;
    Family& m_success;
    metrics::Family<metrics::Counter>& m_polls;
    metrics::Family<metrics::Counter>& m_responses;
    Family& m_duration;
    Family& m_last_poll;
    Family& m_last_success;
    Family& m_rate_remaining;
    Family& m_rate_limit;
    Family& m_rate_reset;
    Family& m_queue_latency;
    Family& m_runs_considered;
    Family& m_runs_queued;
    Family& m_runs_queued_too_long;
    Family& m_jobs_waiting;
    Family& m_jobs_waiting_too_long;
    Family& m_longest_job_wait;
    Family& m_left_out;
    metrics::Family<metrics::Counter>& m_api_answers;
    Family& m_longest_queued;
    Family& m_startup_failures;
    Family& m_infra_cancellations;
    Family& m_release_run_time;
    Family& m_release_run_success;
    Family& m_releases;
    metrics::Family<metrics::Counter>& m_store_errors;
    metrics::Family<metrics::Counter>& m_gate_decisions;
    // Series per (source, component id, component name, status), so a
    // component that leaves the page also leaves the scrape: per watched
    // component the five statuses and its current one when it is another
    // (or "missing"), and a page lists at most max_components.
    std::map<ComponentKey, metrics::Gauge*> m_component_series;
    std::set<std::pair<std::string, std::string>> m_impact_series;  // (source, impact)
    // Each source's weather and stale series: the verdict sets every
    // source's at every poll, so they are found by name, not by labels.
    struct SourceSeries {
        std::array<metrics::Gauge*, 4> state{};  // fair, degraded, outage, unknown
        metrics::Gauge* stale = nullptr;
    };
    std::map<std::string, SourceSeries, std::less<>> m_source_series;
};

// The text exposition format of everything in `registry`, each family's
// series sorted by their labels.
std::string serialize_metrics(const metrics::Registry& registry);

}  // namespace fairweather
