#pragma once
// The weather model: what each source saw, and the verdict over all of them.
// Plain structs and pure functions; nothing here does I/O.

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/time.h"

namespace fairweather {

enum class Weather { fair, degraded, outage, unknown };

std::string_view to_string(Weather w);
std::optional<Weather> parse_weather(std::string_view text);
std::ostream& operator<<(std::ostream& out, Weather w);

// How bad a weather is when sources disagree: fair < degraded < unknown < outage.
// Unknown ranks above degraded because not knowing is riskier than knowing CI
// is slow, and below outage because a source that does know of an outage wins.
int severity(Weather w);
Weather worst(Weather a, Weather b);

// One watched component as a source saw it.
struct ComponentObservation {
    std::string id;
    std::string name;
    std::string status;  // the source's own word, e.g. "partial_outage"; empty if not found
    Weather weather = Weather::unknown;
    bool found = true;             // false: configured but absent from the payload
    bool matched_by_name = false;  // true: the configured id was absent, the name matched
};

// An unresolved incident (or in-progress maintenance) the source reported.
struct IncidentObservation {
    std::string id;
    std::string name;
    std::string impact;  // none, minor, major, critical, maintenance
    std::string status;  // investigating, identified, monitoring, in_progress, ...
    std::string url;     // a page a human can open
    std::optional<TimePoint> started_at;
    std::vector<std::string> watched_components;  // names of watched components it touches
    Weather weather = Weather::fair;              // what it contributes to the source's weather
    std::string latest_update;                    // body of the newest update, if any
};

// A scheduled or in-progress maintenance window.
struct MaintenanceObservation {
    std::string id;
    std::string name;
    std::string status;  // scheduled, in_progress, verifying, completed
    std::string url;
    std::optional<TimePoint> scheduled_for;
    std::optional<TimePoint> scheduled_until;
    std::vector<std::string> watched_components;
    Weather weather = Weather::fair;
};

// What a repository's own GitHub Actions runs show (the "actions" sources).
struct ActionsSignals {
    int runs_considered = 0;  // runs in the window, after the workflow filter
    // Of those, runs (or, when jobs were read, jobs) a runner picked up.
    int runs_started = 0;
    // Runner pickup latency. From jobs (started_at - created_at of each
    // GitHub-hosted job a runner took) when they were read; otherwise from
    // runs (run_started_at - created_at), which GitHub fills at creation.
    std::optional<Duration> queue_latency_p50;
    std::optional<Duration> queue_latency_p90;
    std::optional<Duration> queue_latency_max;
    int queued_now = 0;       // runs still queued/waiting/pending/requested
    int queued_too_long = 0;  // of those, queued longer than the threshold
    std::optional<Duration> longest_queued;
    int startup_failures = 0;     // conclusion startup_failure
    int infra_cancellations = 0;  // cancelled without ever starting, or after queueing too long
    // Jobs, when read: the GitHub-hosted jobs of the counted runs.
    bool jobs_read = false;
    int jobs_considered = 0;
    int jobs_queued_now = 0;        // not picked up yet
    int jobs_waiting_too_long = 0;  // of those, waiting longer than pickup_too_long
    std::optional<Duration> longest_job_wait;
    int runs_jobs_unread = 0;  // counted runs whose jobs could not be read this poll
    // Left out as the project's own queues, not GitHub's weather.
    int jobs_self_hosted = 0;  // for self-hosted runners (labels or runner group)
    int runs_waiting = 0;      // waiting for an environment's approval
    int runs_pending = 0;      // pending behind a concurrency group
    // workflow_job webhook deliveries received in the window, and how late.
    int deliveries = 0;
    std::optional<Duration> delivery_delay_p90;
    // The release workflow's newest completed run, if any in the window.
    std::string release_conclusion;
    std::string release_url;
    std::optional<TimePoint> release_at;
};

// What one source saw at one poll.
struct Observation {
    std::string name;  // the configured source name, e.g. "github"
    std::string kind;  // "statuspage"
    std::string url;   // what was fetched
    Weather weather = Weather::unknown;
    // Why the weather is what it is, one human sentence each, worst first.
    std::vector<std::string> reasons;
    std::vector<ComponentObservation> components;
    std::vector<IncidentObservation> incidents;
    std::vector<MaintenanceObservation> maintenances;
    TimePoint observed_at{};
    Duration elapsed{0};
    std::optional<int> http_status;
    bool not_modified = false;  // the server answered 304: the body is the cached one
    // The monitor judged this report too old (see [monitor] stale_after): its
    // weather is unknown and its components are the last ones read.
    bool stale = false;
    // Set when the server asked us to wait (Retry-After) before asking again.
    std::optional<Duration> retry_after;
    // Set when the source could not be read or understood; the weather is then unknown.
    std::string error;
    // Set for repository (kind "actions") sources.
    std::optional<ActionsSignals> actions;
};

// The combined weather over all sources.
struct Conditions {
    Weather weather = Weather::unknown;
    std::vector<Observation> sources;
    TimePoint observed_at{};
    // Reasons about the verdict as a whole (e.g. the monitor holding it
    // through a recovery window); they come before the sources' reasons.
    std::vector<std::string> notes;

    // The notes, then the reasons of every source, worst source first.
    std::vector<std::string> reasons() const;
    // Ids of every unresolved incident the sources reported, each once. An
    // incident counts even when it names no watched component: GitHub has
    // filed major outages against its catch-all component.
    std::vector<std::string> incident_ids() const;
    // The longest Retry-After any source was given, if any.
    std::optional<Duration> retry_after() const;
};

// Combines source reports: the worst weather wins; no sources at all is unknown.
Conditions combine(std::vector<Observation> sources, TimePoint observed_at);

}  // namespace fairweather
