#include "core/sources/actions_source.h"

#include <algorithm>

#include "core/util/text.h"

namespace fairweather::github {
namespace {

bool is_queued(const WorkflowRun& run) {
    return run.status == "queued" || run.status == "waiting" || run.status == "pending" ||
           run.status == "requested";
}

// A configured workflow is a file name (exact: file names are case-sensitive)
// or a workflow name (as people type it, so any case).
// A path (".github/workflows/ci.yml") matches the run's path.
bool is_workflow(const WorkflowRun& run, std::string_view wanted) {
    if (wanted.find('/') != std::string_view::npos) {
        return run.path == wanted;
    }
    return run.workflow_file == wanted || iequals(run.name, wanted);
}

std::optional<Duration> queue_latency(const WorkflowRun& run) {
    // GitHub fills run_started_at when the run is created, before a runner
    // takes it (its own documented example is a queued run with both times
    // equal): a run whose status says it is still waiting has not started,
    // whatever that field says.
    if (!run.created_at || !run.run_started_at || is_queued(run)) {
        return std::nullopt;
    }
    // Clock skew between GitHub's services can put the start a moment before
    // the creation; that is no wait at all, not a negative one.
    return std::max(Duration{0}, *run.run_started_at - *run.created_at);
}

// Nearest rank: the smallest value with at least p% of the values at or below
// it. Always one of the observed values, so "p90 8m" is a run that waited 8m.
Duration nearest_rank(const std::vector<Duration>& sorted, int percent) {
    const std::size_t n = sorted.size();
    const std::size_t rank = std::max<std::size_t>(1, (n * percent + 99) / 100);
    return sorted[std::min(rank, n) - 1];
}

// Durations for people: whole seconds (GitHub's timestamps have no finer
// resolution anyway), "23m58s".
std::string human(Duration d) {
    return format_duration(std::chrono::floor<std::chrono::seconds>(d));
}

std::string runs_phrase(int n) {
    return std::to_string(n) + (n == 1 ? " run" : " runs");
}

// The runs query's created>= bound moves once a UTC day, so the URL (and its
// ETag) holds all day: a repository with no new runs costs only 304s, which
// do not count against GitHub's rate limit. The window is still applied to
// each run read.
constexpr Duration k_runs_since_granularity = std::chrono::hours{24};

}  // namespace

ActionsSource::ActionsSource(RepoSettings repo, Api api, Duration interval)
    : m_repo(std::move(repo)),
      m_api(std::move(api)),
      m_interval(interval),
      m_name("actions:" + m_repo.name) {}

HttpRequest ActionsSource::request(TimePoint now) const {
    const auto since = now - m_repo.window;
    const TimePoint rounded{since.time_since_epoch() / k_runs_since_granularity *
                            k_runs_since_granularity};
    return m_api.request("GET", runs_url(m_api.url, m_repo.name, rounded));
}

Reading ActionsSource::read(const FetchResult& result, TimePoint now) const {
    Observation base;
    base.name = m_name;
    base.kind = "actions";
    base.url = request(now).url;
    base.not_modified = result.not_modified;
    Reading reading;
    if (!take_response(base, result.response, now)) {
        // A refusal with Retry-After is a rate limit, not a missing permission.
        if (base.http_status && (*base.http_status == 404 || !base.retry_after)) {
            base.reasons.back() += refusal_hint(*base.http_status, m_repo.name, true);
        }
        reading.observation = std::move(base);
        return reading;
    }
    const auto runs = parse_workflow_runs(result.response->body);
    if (!runs) {
        fail_observation(
            base, base.url + " did not return a workflow-runs list: " + runs.error().describe());
        reading.observation = std::move(base);
        return reading;
    }
    reading.observation = evaluate_repo(compute_signals(*runs, m_repo, now), m_repo, now);
    keep_transport(reading.observation, base);
    return reading;
}

ActionsSignals compute_signals(const std::vector<WorkflowRun>& runs, const RepoSettings& settings,
                               TimePoint now) {
    ActionsSignals s;
    const TimePoint from = now - settings.window;
    const auto in_window = [&](const WorkflowRun& run) {
        return run.created_at && *run.created_at >= from && *run.created_at <= now;
    };
    const auto counts = [&](const WorkflowRun& run) {
        return settings.workflows.empty() ||
               std::any_of(settings.workflows.begin(), settings.workflows.end(),
                           [&](const std::string& w) { return is_workflow(run, w); });
    };

    std::vector<Duration> latencies;
    const WorkflowRun* release = nullptr;
    for (const auto& run : runs) {
        if (!in_window(run)) {
            continue;
        }
        if (!settings.release_workflow.empty() && is_workflow(run, settings.release_workflow) &&
            run.status == "completed" &&
            (release == nullptr || *run.created_at > *release->created_at)) {
            release = &run;
        }
        if (!counts(run)) {
            continue;
        }
        ++s.runs_considered;
        const auto latency = queue_latency(run);
        if (latency) {
            ++s.runs_started;
            latencies.push_back(*latency);
        }
        if (is_queued(run)) {
            ++s.queued_now;
            const Duration waiting = now - *run.created_at;
            if (waiting > settings.queued_too_long) {
                ++s.queued_too_long;
            }
            if (!s.longest_queued || waiting > *s.longest_queued) {
                s.longest_queued = waiting;
            }
        }
        if (run.conclusion == "startup_failure") {
            ++s.startup_failures;
        }
        // Cancelled before a runner ever took it, or after waiting so long
        // that someone (or a timeout) gave up: the infrastructure's doing,
        // not the code's.
        if (run.conclusion == "cancelled" && (!latency || *latency > settings.queued_too_long)) {
            ++s.infra_cancellations;
        }
    }

    if (!latencies.empty()) {
        std::sort(latencies.begin(), latencies.end());
        s.queue_latency_p50 = nearest_rank(latencies, 50);
        s.queue_latency_p90 = nearest_rank(latencies, 90);
        s.queue_latency_max = latencies.back();
    }
    if (release != nullptr) {
        s.release_conclusion = release->conclusion;
        s.release_url = release->html_url;
        s.release_at = release->created_at;
    }
    return s;
}

Observation evaluate_repo(const ActionsSignals& signals, const RepoSettings& settings,
                          TimePoint now) {
    Observation observation;
    observation.name = "actions:" + settings.name;
    observation.kind = "actions";
    observation.observed_at = now;
    observation.weather = Weather::fair;
    observation.actions = signals;

    const std::string prefix = observation.name + ": ";
    const std::string window = "in the last " + human(settings.window);

    // Reasons are gathered per weather so the worst can come first.
    std::vector<std::string> bad;
    std::vector<std::string> poor;
    const auto note = [&](Weather w, std::string reason) {
        observation.weather = worst(observation.weather, w);
        (w == Weather::outage ? bad : poor).push_back(std::move(reason));
    };
    // Which weather a count or duration reaches; a threshold of 0 is off.
    const auto level = [](bool outage, bool degraded) -> std::optional<Weather> {
        if (outage) {
            return Weather::outage;
        }
        if (degraded) {
            return Weather::degraded;
        }
        return std::nullopt;
    };

    const int stuck = signals.queued_too_long;
    if (const auto w =
            level(settings.stuck_runs_outage > 0 && stuck >= settings.stuck_runs_outage,
                  settings.stuck_runs_degraded > 0 && stuck >= settings.stuck_runs_degraded)) {
        std::string reason =
            prefix + runs_phrase(stuck) + " queued longer than " + human(settings.queued_too_long);
        if (signals.longest_queued) {
            reason += " (longest " + human(*signals.longest_queued) + ")";
        }
        note(*w, std::move(reason));
    }

    // One slow run is bad luck, not weather: p90 needs a few runs to mean anything.
    if (signals.queue_latency_p90 && signals.runs_started >= 3) {
        const Duration p90 = *signals.queue_latency_p90;
        const auto w =
            level(settings.queue_p90_outage.count() > 0 && p90 > settings.queue_p90_outage,
                  settings.queue_p90_degraded.count() > 0 && p90 > settings.queue_p90_degraded);
        if (w) {
            const Duration limit =
                *w == Weather::outage ? settings.queue_p90_outage : settings.queue_p90_degraded;
            std::string reason = prefix + "runs waited " + human(p90) + " for a runner at p90";
            if (signals.queue_latency_p50) {
                reason += " (p50 " + human(*signals.queue_latency_p50) + ")";
            }
            reason += " over " + std::to_string(signals.runs_started) + " started runs " + window +
                      ", above " + human(limit);
            note(*w, std::move(reason));
        }
    }

    const int failures = signals.startup_failures;
    if (const auto w = level(
            settings.startup_failures_outage > 0 && failures >= settings.startup_failures_outage,
            settings.startup_failures_degraded > 0 &&
                failures >= settings.startup_failures_degraded)) {
        note(*w, prefix + runs_phrase(failures) + " failed to start (startup_failure) " + window);
    }

    observation.reasons = std::move(bad);
    observation.reasons.insert(observation.reasons.end(), poor.begin(), poor.end());
    if (observation.weather == Weather::fair) {
        // No runs is not a problem by itself: a quiet repository is not an outage.
        if (signals.runs_considered == 0) {
            observation.reasons.push_back(prefix + "no runs " + window);
        } else {
            std::string reason = prefix + runs_phrase(signals.runs_considered) + " " + window;
            if (signals.queue_latency_p90) {
                reason += ", queue p90 " + human(*signals.queue_latency_p90);
            }
            reason += stuck == 0 ? ", none stuck"
                                 : ", " + std::to_string(stuck) + " queued longer than " +
                                       human(settings.queued_too_long);
            observation.reasons.push_back(std::move(reason));
        }
    }
    return observation;
}

std::optional<std::string> ActionsSource::compact(std::string_view body) const {
    const auto list = parse_workflow_runs(body);
    if (!list) {
        return std::nullopt;
    }
    return write_workflow_runs(*list);
}

}  // namespace fairweather::github
