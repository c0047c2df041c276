#include "exporters/catalogue.h"

#include <algorithm>
#include <stdexcept>

namespace fairweather {
namespace {

constexpr MetricFamily k_catalogue[] = {
    // The weather, the verdict, each source's health and the repository signals (WeatherMetrics).
    {"fairweather_weather_state", MetricType::gauge, "state",
     "The CI weather verdict (with the recovery window): 1 for the current state (fair, degraded, "
     "outage, unknown), 0 for the others."},
    {"fairweather_weather_raw_state", MetricType::gauge, "state",
     "The worst weather of the sources right now, before the recovery window: 1 for the current "
     "state."},
    {"fairweather_weather_recovering", MetricType::gauge, "",
     "1 while the verdict is held although every source is fair (recovery window), else 0."},
    {"fairweather_weather_since_timestamp_seconds", MetricType::gauge, "",
     "When the verdict last changed."},
    {"fairweather_verdict_transitions_total", MetricType::counter, "from,to",
     "Changes of the verdict, by from and to state."},
    {"fairweather_source_weather_state", MetricType::gauge, "source,state",
     "CI weather seen by one source (unknown when stale): 1 for its current state, 0 for the "
     "others."},
    {"fairweather_source_stale", MetricType::gauge, "source",
     "1 if the source has not been read successfully for longer than stale_after."},
    {"fairweather_status_component_state", MetricType::gauge,
     "source,component_id,component,status",
     "Status-page status of a watched component: 1 for the current status. status=\"missing\" when "
     "the page no longer lists it."},
    {"fairweather_status_incidents_unresolved", MetricType::gauge, "source,impact",
     "Unresolved incidents on the status page, by impact."},
    {"fairweather_source_poll_success", MetricType::gauge, "source",
     "1 if the last poll of the source was read and understood, 0 if not."},
    {"fairweather_source_polls_total", MetricType::counter, "source,result",
     "Polls of each source, by result (success or error)."},
    {"fairweather_source_http_responses_total", MetricType::counter, "source,code",
     "HTTP responses to each source's polls, by status code (304 included)."},
    {"fairweather_source_poll_duration_seconds", MetricType::gauge, "source",
     "How long the last poll of the source took."},
    {"fairweather_source_last_poll_timestamp_seconds", MetricType::gauge, "source",
     "When the source was last polled, whatever the result."},
    {"fairweather_source_last_success_timestamp_seconds", MetricType::gauge, "source",
     "When the source was last read successfully."},
    {"fairweather_github_rate_limit_remaining", MetricType::gauge, "host,resource",
     "Requests left in the current rate-limit window (X-RateLimit-Remaining)."},
    {"fairweather_github_rate_limit_limit", MetricType::gauge, "host,resource",
     "Requests allowed per rate-limit window (X-RateLimit-Limit)."},
    {"fairweather_github_rate_limit_reset_timestamp_seconds", MetricType::gauge, "host,resource",
     "When the rate-limit window resets (X-RateLimit-Reset)."},
    // The GitHub quota, set once at start (QuotaMetrics).
    {"fairweather_github_configured_requests_per_hour", MetricType::gauge, "",
     "Requests an hour the GitHub sources would cost at their configured intervals if every poll "
     "were answered 200 (a 304 costs nothing)."},
    {"fairweather_github_planned_requests_per_hour", MetricType::gauge, "",
     "Requests an hour the GitHub sources cost at most at the intervals polled: the configured "
     "ones, or stretched to keep half of the limit free."},
    {"fairweather_github_request_limit_per_hour", MetricType::gauge, "",
     "The rate limit the GitHub quota is planned against: GitHub's documented 5000 requests an "
     "hour with a token, 60 without."},
    {"fairweather_actions_queue_latency_seconds", MetricType::gauge, "repo,stat",
     "Runner pickup latency in the window, by statistic (p50, p90, max): started_at - "
     "created_at of the GitHub-hosted jobs a runner took, or of the runs when jobs are not read."},
    {"fairweather_actions_jobs_waiting", MetricType::gauge, "repo",
     "GitHub-hosted jobs of the window's runs still waiting for a runner."},
    {"fairweather_actions_jobs_waiting_too_long", MetricType::gauge, "repo",
     "Of those, jobs waiting longer than the repository's pickup_too_long."},
    {"fairweather_actions_longest_job_wait_seconds", MetricType::gauge, "repo",
     "How long the longest-waiting GitHub-hosted job has waited for a runner."},
    {"fairweather_actions_left_out", MetricType::gauge, "repo,queue",
     "What the window held of the project's own queues, left out of the weather: jobs for "
     "self-hosted runners (queue=self_hosted), runs waiting for an approval (approval), runs "
     "pending behind a concurrency group (concurrency)."},
    {"fairweather_github_api_answers_total", MetricType::counter, "outcome",
     "Requests the monitor sent GitHub's API, by what came back: answered (any status below "
     "500), server_error (5xx), no_answer (timed out or cut off), unreachable (no connection)."},
    {"fairweather_actions_runs", MetricType::gauge, "repo",
     "Workflow runs of the repository in the window (after the workflow filter)."},
    {"fairweather_actions_runs_queued", MetricType::gauge, "repo",
     "Runs still waiting for GitHub's runners (queued, requested): not runs waiting for an "
     "approval or a concurrency group, nor, when jobs are read, runs whose waiting jobs all "
     "run on self-hosted runners."},
    {"fairweather_actions_runs_queued_too_long", MetricType::gauge, "repo",
     "Runs queued longer than the repository's queued_too_long."},
    {"fairweather_actions_longest_queued_seconds", MetricType::gauge, "repo",
     "How long the longest-waiting queued run has waited."},
    {"fairweather_actions_startup_failures", MetricType::gauge, "repo",
     "Runs in the window that ended in startup_failure."},
    {"fairweather_actions_infra_cancellations", MetricType::gauge, "repo",
     "Runs in the window cancelled without starting or after queueing too long."},
    {"fairweather_release_workflow_last_run_timestamp_seconds", MetricType::gauge, "repo",
     "When the release workflow's newest completed run in the window was created."},
    {"fairweather_release_workflow_last_run_success", MetricType::gauge, "repo",
     "1 if the release workflow's newest completed run succeeded, 0 if not."},
    {"fairweather_github_releases", MetricType::gauge, "repo",
     "GitHub releases of the repository read by the monitor."},
    {"fairweather_state_store_errors_total", MetricType::counter, "",
     "Writes to or reads from the state database that failed."},
    // The leader lease of monitors that share one database (LeaderMetrics).
    {"fairweather_leader", MetricType::gauge, "",
     "1 while this monitor leads (polls GitHub and the status pages, dispatches), 0 while it "
     "follows; always 1 with the embedded SQLite state."},
    {"fairweather_leader_epoch", MetricType::gauge, "",
     "The leader lease's epoch (its fencing token) as this monitor last read it; 0 with the "
     "embedded SQLite state."},
    {"fairweather_leader_changes_total", MetricType::counter, "",
     "Times this monitor took the leader lease or lost it."},
    {"fairweather_gate_decisions_total", MetricType::counter, "kind,decision",
     "Decisions gates reported to the monitor, by release kind and decision."},
    // The deferred security-release queue (QueueMetrics).
    {"fairweather_security_releases", MetricType::gauge, "state",
     "Security releases in the monitor's queue, by state (queued, dispatching, dispatched, "
     "running, shipped, failed, cancelled)."},
    {"fairweather_security_releases_unreadable", MetricType::gauge, "",
     "Queue rows the monitor cannot read (a state or kind this build does not know) and so "
     "skips; the log and GET /api/v1/releases name them."},
    {"fairweather_security_release_oldest_pending_seconds", MetricType::gauge, "",
     "How long the oldest security release not yet shipped, failed or cancelled has waited; 0 when "
     "none."},
    {"fairweather_security_release_deadline_seconds", MetricType::gauge, "id,repo,version",
     "Seconds until a pending security release's SLA deadline (negative once breached)."},
    {"fairweather_security_release_sla_breaches_total", MetricType::counter, "",
     "Security releases whose SLA deadline passed before they shipped."},
    {"fairweather_security_release_dispatches_total", MetricType::counter, "result",
     "Release workflow dispatches, by result: accepted, rejected (refused for good), unknown (no "
     "answer; the run is looked for before trying again)."},
    {"fairweather_security_release_failures_total", MetricType::counter, "",
     "Security releases that failed for good: GitHub refused the dispatch, or [queue] max_attempts "
     "ran out."},
    {"fairweather_security_release_time_to_ship_seconds", MetricType::histogram, "",
     "From the advisory (or the enqueue) to the shipped release."},
    // Each repository's release cadence (ReleaseMetrics; needs a [policy]).
    {"fairweather_release_next_scheduled_timestamp_seconds", MetricType::gauge, "repo",
     "When the repository's next release is scheduled (start of the day in the policy's time "
     "zone)."},
    {"fairweather_release_last_published_timestamp_seconds", MetricType::gauge, "repo",
     "When the repository's newest release was published."},
    {"fairweather_release_since_last_seconds", MetricType::gauge, "repo",
     "Time since the repository's newest release was published (days: / 86400)."},
    {"fairweather_release_overdue", MetricType::gauge, "repo",
     "1 if a scheduled release's day has passed and it is not out, else 0."},
    {"fairweather_release_overdue_seconds", MetricType::gauge, "repo",
     "How long the overdue release is past its scheduled day; 0 when none is overdue."},
    {"fairweather_release_delay_seconds", MetricType::gauge, "repo,version",
     "Delay of each recent scheduled release against its scheduled day, in whole days (negative: "
     "early)."},
    {"fairweather_release_publication_delay_seconds", MetricType::histogram, "repo",
     "Delays of scheduled releases against their scheduled day, each release counted once when "
     "first seen."},
    {"fairweather_release_security_time_to_ship_seconds", MetricType::gauge, "repo,version",
     "For each recent security release: from the advisory (or the queue entry) to its publication "
     "on GitHub."},
    {"fairweather_release_security_sla_met", MetricType::gauge, "repo,version",
     "For each recent security release with a deadline: 1 if it was published by the deadline, "
     "else 0."},
    {"fairweather_release_supported", MetricType::gauge, "repo,branch,lts",
     "1 for each release branch supported today (lts label: true or false)."},
    {"fairweather_release_eol_timestamp_seconds", MetricType::gauge, "repo,branch,lts",
     "End of life of each supported release branch."},
    {"fairweather_release_eol_remaining_seconds", MetricType::gauge, "repo,branch",
     "Time left until each supported release branch's end of life (days: / 86400)."},
    // GitHub's workflow_job webhook (WebhookMetrics; only with [github] webhook_secret_file).
    {"fairweather_webhook_deliveries_total", MetricType::counter, "outcome",
     "Webhook deliveries to POST /api/v1/webhooks/github, by outcome: accepted, duplicate (a "
     "delivery id seen before), unsigned (no X-Hub-Signature-256), bad_signature, invalid (a "
     "signed delivery that is malformed or too large) or ignored (another event, or a repository "
     "not watched)."},
    {"fairweather_webhook_delivery_delay_seconds", MetricType::histogram, "",
     "How late accepted workflow_job deliveries arrived: from the job's created_at (queued, "
     "waiting), started_at (in_progress) or completed_at (completed) to their arrival."},
    // The build and the process, rendered at each scrape (render_process_metrics):
    // what every Prometheus exporter carries, under the standard names.
    {"fairweather_build_info", MetricType::gauge, "version,revision",
     "1, with the version and the source revision of the running build."},
    {"process_cpu_seconds_total", MetricType::counter, "",
     "Total user and system CPU time spent in seconds."},
    {"process_resident_memory_bytes", MetricType::gauge, "", "Resident memory size in bytes."},
    {"process_virtual_memory_bytes", MetricType::gauge, "", "Virtual memory size in bytes."},
    {"process_open_fds", MetricType::gauge, "", "Number of open file descriptors."},
    {"process_max_fds", MetricType::gauge, "", "Maximum number of open file descriptors."},
    {"process_start_time_seconds", MetricType::gauge, "",
     "Start time of the process since unix epoch in seconds."},
    // One gate decision, pushed or written as a textfile (render_gate_metrics).
    {"fairweather_gate_decision", MetricType::gauge, "kind,repo,release,decision",
     "The gate's decision for the release: 1 for the one made (proceed, defer or block), 0 for the "
     "others."},
    {"fairweather_gate_weather_state", MetricType::gauge, "kind,repo,release,state",
     "The CI weather the gate decided on: 1 for the current state."},
    {"fairweather_gate_exit_code", MetricType::gauge, "kind,repo,release",
     "The gate's exit status: 0 proceed, 75 defer, 1 block, 74 outputs not written."},
    {"fairweather_gate_last_decision_timestamp_seconds", MetricType::gauge, "kind,repo,release",
     "When the gate decided."},
    {"fairweather_gate_wait_seconds", MetricType::gauge, "kind,repo,release",
     "How long the gate waited for the weather to clear (--wait) before deciding."},
};

const MetricFamily& checked(std::string_view name, MetricType type) {
    const MetricFamily& family = metric_family(name);
    if (family.type != type) {
        throw std::logic_error("metric family " + std::string(name) + " is registered as " +
                               std::string(to_string(type)) + " but catalogued as " +
                               std::string(to_string(family.type)));
    }
    return family;
}

}  // namespace

std::vector<std::string_view> MetricFamily::label_names() const {
    std::vector<std::string_view> out;
    std::string_view rest = labels;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        out.push_back(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    return out;
}

std::span<const MetricFamily> metric_catalogue() {
    return k_catalogue;
}

const MetricFamily& metric_family(std::string_view name) {
    const auto it = std::find_if(std::begin(k_catalogue), std::end(k_catalogue),
                                 [&](const MetricFamily& f) { return f.name == name; });
    if (it == std::end(k_catalogue)) {
        throw std::logic_error("metric family " + std::string(name) +
                               " is not in exporters/catalogue.cpp; add it there");
    }
    return *it;
}

metrics::Family<metrics::Gauge>& register_gauge(metrics::Registry& registry,
                                                std::string_view name) {
    const MetricFamily& f = checked(name, MetricType::gauge);
    return registry.gauge(f.name, f.help);
}

metrics::Family<metrics::Counter>& register_counter(metrics::Registry& registry,
                                                    std::string_view name) {
    const MetricFamily& f = checked(name, MetricType::counter);
    return registry.counter(f.name, f.help);
}

metrics::Family<metrics::Histogram>& register_histogram(metrics::Registry& registry,
                                                        std::string_view name) {
    const MetricFamily& f = checked(name, MetricType::histogram);
    return registry.histogram(f.name, f.help);
}

}  // namespace fairweather
