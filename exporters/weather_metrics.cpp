#include "exporters/weather_metrics.h"

#include <algorithm>
#include <array>

#include "exporters/catalogue.h"
#include "exporters/families.h"

namespace fairweather {
namespace {

using exporters::seconds;

constexpr std::array k_weathers{Weather::fair, Weather::degraded, Weather::outage,
                                Weather::unknown};
constexpr std::array<const char*, 5> k_statuses{
    "operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"};
constexpr std::array<const char*, 4> k_impacts{"none", "minor", "major", "critical"};

using StateSeries = std::array<metrics::Gauge*, k_weathers.size()>;

// The series of `family` with `labels` and each weather as its state.
StateSeries state_series(metrics::Family<metrics::Gauge>& family, metrics::Labels labels) {
    StateSeries series{};
    for (std::size_t i = 0; i < k_weathers.size(); ++i) {
        labels["state"] = std::string(to_string(k_weathers[i]));
        series[i] = &family.add(labels);
    }
    return series;
}

// 1 for `w`'s series, 0 for the others.
void set_state(const StateSeries& series, Weather w) {
    for (std::size_t i = 0; i < k_weathers.size(); ++i) {
        series[i]->set(k_weathers[i] == w ? 1 : 0);
    }
}

}  // namespace

WeatherMetrics::WeatherMetrics(metrics::Registry& r)
    : m_weather(register_gauge(r, "fairweather_weather_state")),
      m_raw_weather(register_gauge(r, "fairweather_weather_raw_state")),
      m_recovering(register_gauge(r, "fairweather_weather_recovering")),
      m_since(register_gauge(r, "fairweather_weather_since_timestamp_seconds")),
      m_transitions(register_counter(r, "fairweather_verdict_transitions_total")),
      m_source_weather(register_gauge(r, "fairweather_source_weather_state")),
      m_stale(register_gauge(r, "fairweather_source_stale")),
      m_component(register_gauge(r, "fairweather_status_component_state")),
      m_incidents(register_gauge(r, "fairweather_status_incidents_unresolved")),
      m_success(register_gauge(r, "fairweather_source_poll_success")),
      m_polls(register_counter(r, "fairweather_source_polls_total")),
      m_responses(register_counter(r, "fairweather_source_http_responses_total")),
      m_duration(register_gauge(r, "fairweather_source_poll_duration_seconds")),
      m_last_poll(register_gauge(r, "fairweather_source_last_poll_timestamp_seconds")),
      m_last_success(register_gauge(r, "fairweather_source_last_success_timestamp_seconds")),
      m_rate_remaining(register_gauge(r, "fairweather_github_rate_limit_remaining")),
      m_rate_limit(register_gauge(r, "fairweather_github_rate_limit_limit")),
      m_rate_reset(register_gauge(r, "fairweather_github_rate_limit_reset_timestamp_seconds")),
      m_queue_latency(register_gauge(r, "fairweather_actions_queue_latency_seconds")),
      m_runs_considered(register_gauge(r, "fairweather_actions_runs")),
      m_runs_queued(register_gauge(r, "fairweather_actions_runs_queued")),
      m_runs_queued_too_long(register_gauge(r, "fairweather_actions_runs_queued_too_long")),
      m_jobs_waiting(register_gauge(r, "fairweather_actions_jobs_waiting")),
      m_jobs_waiting_too_long(register_gauge(r, "fairweather_actions_jobs_waiting_too_long")),
      m_longest_job_wait(register_gauge(r, "fairweather_actions_longest_job_wait_seconds")),
      m_left_out(register_gauge(r, "fairweather_actions_left_out")),
      m_api_answers(register_counter(r, "fairweather_github_api_answers_total")),
      m_longest_queued(register_gauge(r, "fairweather_actions_longest_queued_seconds")),
      m_startup_failures(register_gauge(r, "fairweather_actions_startup_failures")),
      m_infra_cancellations(register_gauge(r, "fairweather_actions_infra_cancellations")),
      m_release_run_time(
          register_gauge(r, "fairweather_release_workflow_last_run_timestamp_seconds")),
      m_release_run_success(register_gauge(r, "fairweather_release_workflow_last_run_success")),
      m_releases(register_gauge(r, "fairweather_github_releases")),
      m_store_errors(register_counter(r, "fairweather_state_store_errors_total")),
      m_gate_decisions(register_counter(r, "fairweather_gate_decisions_total")) {
    m_store_errors.add({});
}

void WeatherMetrics::record_gate_decision(ReleaseKind kind, Decision decision) {
    m_gate_decisions
        .add({{"kind", std::string(to_string(kind))},
              {"decision", std::string(to_string(decision))}})
        .increment();
}

void WeatherMetrics::record_verdict(Weather verdict, Weather raw, TimePoint since,
                                    bool recovering) {
    set_state(state_series(m_weather, {}), verdict);
    set_state(state_series(m_raw_weather, {}), raw);
    m_recovering.add({}).set(recovering ? 1 : 0);
    if (since != TimePoint{}) {
        m_since.add({}).set(to_unix_seconds(since));
    }
}

void WeatherMetrics::record_transition(Weather from, Weather to) {
    m_transitions.add({{"from", std::string(to_string(from))}, {"to", std::string(to_string(to))}})
        .increment();
}

void WeatherMetrics::record_source_weather(const std::string& source, Weather w, bool stale) {
    std::lock_guard lock(m_mutex);
    auto it = m_source_series.find(source);
    if (it == m_source_series.end()) {
        const SourceSeries series{state_series(m_source_weather, {{"source", source}}),
                                  &m_stale.add({{"source", source}})};
        it = m_source_series.emplace(source, series).first;
    }
    set_state(it->second.state, w);
    it->second.stale->set(stale ? 1 : 0);
}

void WeatherMetrics::record_rate_limit(const std::string& host, const RateLimit& limit) {
    const metrics::Labels labels{{"host", host},
                                 {"resource", limit.resource.empty() ? "core" : limit.resource}};
    if (limit.remaining) {
        m_rate_remaining.add(labels).set(static_cast<double>(*limit.remaining));
    }
    if (limit.limit) {
        m_rate_limit.add(labels).set(static_cast<double>(*limit.limit));
    }
    if (limit.reset) {
        m_rate_reset.add(labels).set(to_unix_seconds(*limit.reset));
    }
}

void WeatherMetrics::record_releases(const std::string& repo, std::size_t count) {
    m_releases.add({{"repo", repo}}).set(static_cast<double>(count));
}

void WeatherMetrics::record_api_answer(std::string_view outcome) {
    m_api_answers.add({{"outcome", std::string(outcome)}}).increment();
}

void WeatherMetrics::record_store_error() {
    m_store_errors.add({}).increment();
}

// The usual impacts stay in the scrape, at 0 once cleared. Any other is the
// page's free text: it stays only while reported, so the series stay bounded
// by max_incidents rather than grow with every word a page sends.
void WeatherMetrics::record_impacts_locked(const Observation& observation) {
    std::map<std::string, int> by_impact;
    for (const char* impact : k_impacts) {
        by_impact[impact] = 0;
    }
    for (const auto& i : observation.incidents) {
        ++by_impact[i.impact.empty() ? "none" : i.impact];
    }
    for (auto it = m_impact_series.begin(); it != m_impact_series.end();) {
        if (it->first == observation.name && !by_impact.contains(it->second)) {
            m_incidents.remove(
                &m_incidents.add({{"source", observation.name}, {"impact", it->second}}));
            it = m_impact_series.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto& [impact, count] : by_impact) {
        m_incidents.add({{"source", observation.name}, {"impact", impact}}).set(count);
        m_impact_series.emplace(observation.name, impact);
    }
}

void WeatherMetrics::record_poll(const Observation& observation) {
    std::lock_guard lock(m_mutex);
    const metrics::Labels source{{"source", observation.name}};
    const bool ok = observation.error.empty();
    m_success.add(source).set(ok ? 1 : 0);
    m_polls.add({{"source", observation.name}, {"result", "success"}}).increment(ok ? 1 : 0);
    m_polls.add({{"source", observation.name}, {"result", "error"}}).increment(ok ? 0 : 1);
    if (observation.http_status) {
        const int code = observation.not_modified ? 304 : *observation.http_status;
        m_responses.add({{"source", observation.name}, {"code", std::to_string(code)}}).increment();
    }
    m_duration.add(source).set(seconds(observation.elapsed));
    m_last_poll.add(source).set(to_unix_seconds(observation.observed_at));
    if (ok) {
        m_last_success.add(source).set(to_unix_seconds(observation.observed_at));
    }
    if (!ok) {
        // A failed poll says nothing about components, incidents or runs:
        // keep the last known series rather than blank them.
        return;
    }

    if (observation.actions) {
        const auto& a = *observation.actions;
        const std::string repo = observation.name.substr(observation.name.find(':') + 1);
        const metrics::Labels r{{"repo", repo}};
        const auto stat = [&](const char* name, const std::optional<Duration>& d) {
            if (d) {
                m_queue_latency.add({{"repo", repo}, {"stat", name}}).set(seconds(*d));
            }
        };
        stat("p50", a.queue_latency_p50);
        stat("p90", a.queue_latency_p90);
        stat("max", a.queue_latency_max);
        m_runs_considered.add(r).set(a.runs_considered);
        m_runs_queued.add(r).set(a.queued_now);
        m_runs_queued_too_long.add(r).set(a.queued_too_long);
        m_longest_queued.add(r).set(a.longest_queued ? seconds(*a.longest_queued) : 0);
        if (a.jobs_read) {
            m_jobs_waiting.add(r).set(a.jobs_queued_now);
            m_jobs_waiting_too_long.add(r).set(a.jobs_waiting_too_long);
            m_longest_job_wait.add(r).set(a.longest_job_wait ? seconds(*a.longest_job_wait) : 0);
        }
        m_left_out.add({{"repo", repo}, {"queue", "self_hosted"}}).set(a.jobs_self_hosted);
        m_left_out.add({{"repo", repo}, {"queue", "approval"}}).set(a.runs_waiting);
        m_left_out.add({{"repo", repo}, {"queue", "concurrency"}}).set(a.runs_pending);
        m_startup_failures.add(r).set(a.startup_failures);
        m_infra_cancellations.add(r).set(a.infra_cancellations);
        if (a.release_at) {
            m_release_run_time.add(r).set(to_unix_seconds(*a.release_at));
            m_release_run_success.add(r).set(a.release_conclusion == "success" ? 1 : 0);
        }
    }
    if (observation.kind != "statuspage") {
        return;
    }

    std::set<ComponentKey> seen;
    for (const auto& c : observation.components) {
        std::set<std::string> statuses(k_statuses.begin(), k_statuses.end());
        const std::string current = c.found ? c.status : "missing";
        statuses.insert(current);
        for (const auto& status : statuses) {
            ComponentKey key{observation.name, c.id, c.name, status};
            auto& g = m_component_series[key];
            if (g == nullptr) {
                g = &m_component.add({{"source", observation.name},
                                      {"component_id", c.id},
                                      {"component", c.name},
                                      {"status", status}});
            }
            g->set(status == current ? 1 : 0);
            seen.insert(std::move(key));
        }
    }
    for (auto it = m_component_series.begin(); it != m_component_series.end();) {
        if (std::get<0>(it->first) == observation.name && !seen.contains(it->first)) {
            m_component.remove(it->second);
            it = m_component_series.erase(it);
        } else {
            ++it;
        }
    }

    record_impacts_locked(observation);
}

std::string serialize_metrics(const metrics::Registry& registry) {
    return registry.render();
}

}  // namespace fairweather
