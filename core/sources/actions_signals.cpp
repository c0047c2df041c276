#include "core/sources/actions_signals.h"

#include <algorithm>

#include "core/util/text.h"

namespace fairweather::github {
namespace {

bool is_queued(const WorkflowRun& run) {
    return run.status == "queued" || run.status == "requested";
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

std::optional<Duration> run_latency(const WorkflowRun& run) {
    // GitHub fills run_started_at when the run is created, before a runner
    // takes it (its own documented example is a queued run with both times
    // equal): a run whose status says it is still waiting has not started,
    // whatever that field says. A re-run keeps the first attempt's
    // created_at (PyGithub recorded one re-run five days later): its start
    // is no measure of a wait either.
    if (!run.created_at || !run.run_started_at || is_queued(run) || run.status == "waiting" ||
        run.status == "pending" || run.run_attempt > 1) {
        return std::nullopt;
    }
    // Clock skew between GitHub's services can put the start a moment before
    // the creation; that is no wait at all, not a negative one.
    return std::max(Duration{0}, *run.run_started_at - *run.created_at);
}

// When the run, or its latest attempt, began: a re-run of an older run counts
// in the window it was re-run in.
bool in_window(const WorkflowRun& run, TimePoint from, TimePoint now) {
    const auto within = [&](const std::optional<TimePoint>& t) {
        return t && *t >= from && *t <= now;
    };
    return within(run.created_at) || (run.run_attempt > 1 && within(run.run_started_at));
}

// Whether the run is of a configured workflow (any, when none is configured).
bool of_configured_workflow(const WorkflowRun& run, const RepoSettings& settings) {
    return settings.workflows.empty() ||
           std::any_of(settings.workflows.begin(), settings.workflows.end(),
                       [&](const std::string& w) { return is_workflow(run, w); });
}

// What the jobs of one counted run add: pickup latencies, jobs still waiting,
// jobs left out. Returns the longest pickup among them, if any job started.
struct JobTally {
    std::vector<Duration> latencies;
    bool any = false;
    std::optional<Duration> longest_pickup;
    // The longest a GitHub-hosted job of the run has waited so far, if one
    // waits: the run waits on GitHub's runners that long.
    std::optional<Duration> longest_wait;
};

JobTally tally_jobs(const std::vector<WorkflowJob>& jobs, const WorkflowRun& run,
                    const RepoSettings& settings, TimePoint now, ActionsSignals& s) {
    JobTally t;
    for (const auto& job : jobs) {
        t.any = true;
        if (is_self_hosted(job, settings)) {
            ++s.jobs_self_hosted;
            continue;
        }
        if (job.status == "waiting") {
            continue;  // an environment's approval: the run is counted as waiting
        }
        ++s.jobs_considered;
        // Jobs recorded before GitHub added created_at (2022) wait from the
        // run's creation, which is when a first attempt's jobs were queued.
        const auto queued_at = job.created_at
                                   ? job.created_at
                                   : (run.run_attempt == 1 ? run.created_at : std::nullopt);
        if (job_waiting(job)) {
            ++s.jobs_queued_now;
            t.longest_wait = std::max(t.longest_wait.value_or(Duration{0}), Duration{0});
            if (queued_at) {
                const Duration waiting = std::max(Duration{0}, now - *queued_at);
                t.longest_wait = std::max(*t.longest_wait, waiting);
                if (waiting > settings.pickup_too_long) {
                    ++s.jobs_waiting_too_long;
                }
                if (!s.longest_job_wait || waiting > *s.longest_job_wait) {
                    s.longest_job_wait = waiting;
                }
            }
            continue;
        }
        if (queued_at && job.started_at) {
            const Duration latency = std::max(Duration{0}, *job.started_at - *queued_at);
            t.latencies.push_back(latency);
            t.longest_pickup = std::max(t.longest_pickup.value_or(Duration{0}), latency);
        }
    }
    return t;
}

}  // namespace

Duration nearest_rank(const std::vector<Duration>& sorted, int percent) {
    const std::size_t n = sorted.size();
    const std::size_t rank = std::max<std::size_t>(1, (n * percent + 99) / 100);
    return sorted[std::min(rank, n) - 1];
}

bool judges_jobs_of(const WorkflowRun& run, const RepoSettings& settings, TimePoint now) {
    return in_window(run, now - settings.window, now) && run.status != "waiting" &&
           run.status != "pending" && of_configured_workflow(run, settings);
}

bool job_waiting(const WorkflowJob& job) {
    return job.status == "queued" || job.status == "requested" || job.status == "pending";
}

bool is_self_hosted(const WorkflowJob& job, const RepoSettings& settings) {
    const auto named = [&](std::string_view value) {
        return !value.empty() &&
               std::any_of(settings.self_hosted.begin(), settings.self_hosted.end(),
                           [&](const std::string& own) { return iequals(own, value); });
    };
    return std::any_of(job.labels.begin(), job.labels.end(),
                       [&](const std::string& label) {
                           return iequals(label, "self-hosted") || named(label);
                       }) ||
           named(job.runner_group_name);
}

ActionsSignals compute_signals(const std::vector<WorkflowRun>& runs, const RepoSettings& settings,
                               TimePoint now, const RunJobs* jobs) {
    ActionsSignals s;
    s.jobs_read = jobs != nullptr;
    const TimePoint from = now - settings.window;

    std::vector<Duration> latencies;
    const WorkflowRun* release = nullptr;
    for (const auto& run : runs) {
        if (!in_window(run, from, now)) {
            continue;
        }
        if (!settings.release_workflow.empty() && is_workflow(run, settings.release_workflow) &&
            run.status == "completed" &&
            (release == nullptr || *run.created_at > *release->created_at)) {
            release = &run;
        }
        if (!of_configured_workflow(run, settings)) {
            continue;
        }
        if (run.status == "waiting") {
            ++s.runs_waiting;
            continue;
        }
        if (run.status == "pending") {
            ++s.runs_pending;
            continue;
        }
        ++s.runs_considered;
        std::optional<Duration> latency;
        // How long the run has waited for GitHub's runners, if it waits.
        std::optional<Duration> waiting;
        if (is_queued(run)) {
            // A re-run waits from its attempt's start, not the first
            // attempt's creation.
            const TimePoint since = run.run_attempt > 1 && run.run_started_at
                                        ? std::max(*run.created_at, *run.run_started_at)
                                        : *run.created_at;
            waiting = std::max(Duration{0}, now - since);
        }
        const auto listed = jobs != nullptr ? jobs->find(RunAttempt{run.id, run.run_attempt})
                                            : RunJobs::const_iterator{};
        if (jobs != nullptr && listed == jobs->end()) {
            ++s.runs_jobs_unread;
        } else if (jobs != nullptr) {
            JobTally t = tally_jobs(listed->second, run, settings, now, s);
            latencies.insert(latencies.end(), t.latencies.begin(), t.latencies.end());
            latency = t.longest_pickup;
            if (t.any && waiting) {
                // Its jobs say how long it waits: a run released from a
                // concurrency group waits from its jobs' queuing, and one
                // whose jobs all wait for the project's own runners is the
                // project's queue, not a stuck run.
                waiting = t.longest_wait;
            }
        } else {
            latency = run_latency(run);
            if (latency) {
                latencies.push_back(*latency);
            }
        }
        if (waiting) {
            ++s.queued_now;
            if (*waiting > settings.queued_too_long) {
                ++s.queued_too_long;
            }
            if (!s.longest_queued || *waiting > *s.longest_queued) {
                s.longest_queued = *waiting;
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

    s.runs_started = static_cast<int>(latencies.size());
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

}  // namespace fairweather::github

namespace fairweather::github {
namespace {

// Durations for people: whole seconds (GitHub's timestamps have no finer
// resolution anyway), "23m58s".
std::string human(Duration d) {
    return format_duration(std::chrono::floor<std::chrono::seconds>(d));
}

std::string counted(int n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "left out as the project's own queues: 2 jobs for self-hosted runners, 1
// run waiting for approval", or empty.
std::string left_out(const ActionsSignals& s) {
    std::vector<std::string> parts;
    if (s.jobs_self_hosted > 0) {
        parts.push_back(counted(s.jobs_self_hosted, "job", "jobs") + " for self-hosted runners");
    }
    if (s.runs_waiting > 0) {
        parts.push_back(counted(s.runs_waiting, "run", "runs") +
                        " waiting for an environment's approval");
    }
    if (s.runs_pending > 0) {
        parts.push_back(counted(s.runs_pending, "run", "runs") +
                        " pending behind a concurrency group");
    }
    if (parts.empty()) {
        return {};
    }
    std::string text = "left out as the project's own queues: ";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        text += (i == 0 ? "" : ", ") + parts[i];
    }
    return text;
}

// Which weather a count or duration reaches; a threshold of 0 is off.
std::optional<Weather> level(bool outage, bool degraded) {
    if (outage) {
        return Weather::outage;
    }
    if (degraded) {
        return Weather::degraded;
    }
    return std::nullopt;
}

struct Judgement {
    Weather weather = Weather::fair;
    std::vector<std::string> bad;
    std::vector<std::string> poor;
    void note(Weather w, std::string reason) {
        weather = worst(weather, w);
        (w == Weather::outage ? bad : poor).push_back(std::move(reason));
    }
};

void judge_stuck(const ActionsSignals& s, const RepoSettings& settings, const std::string& prefix,
                 Judgement& j) {
    const int jobs = s.jobs_waiting_too_long;
    if (const auto w =
            level(settings.stuck_jobs_outage > 0 && jobs >= settings.stuck_jobs_outage,
                  settings.stuck_jobs_degraded > 0 && jobs >= settings.stuck_jobs_degraded)) {
        std::string reason = prefix + counted(jobs, "job", "jobs") + " waiting longer than " +
                             human(settings.pickup_too_long) + " for a GitHub-hosted runner";
        if (s.longest_job_wait) {
            reason += " (longest " + human(*s.longest_job_wait) + ")";
        }
        j.note(*w, std::move(reason));
    }
    const int stuck = s.queued_too_long;
    if (const auto w =
            level(settings.stuck_runs_outage > 0 && stuck >= settings.stuck_runs_outage,
                  settings.stuck_runs_degraded > 0 && stuck >= settings.stuck_runs_degraded)) {
        std::string reason = prefix + counted(stuck, "run", "runs") + " queued longer than " +
                             human(settings.queued_too_long);
        if (s.longest_queued) {
            reason += " (longest " + human(*s.longest_queued) + ")";
        }
        j.note(*w, std::move(reason));
    }
}

void judge_pickup(const ActionsSignals& s, const RepoSettings& settings, const std::string& prefix,
                  const std::string& window, Judgement& j) {
    // One slow pickup is bad luck, not weather: p90 needs a few to mean anything.
    if (!s.queue_latency_p90 || s.runs_started < 3) {
        return;
    }
    const Duration p90 = *s.queue_latency_p90;
    const auto w =
        level(settings.queue_p90_outage.count() > 0 && p90 > settings.queue_p90_outage,
              settings.queue_p90_degraded.count() > 0 && p90 > settings.queue_p90_degraded);
    if (!w) {
        return;
    }
    const Duration limit =
        *w == Weather::outage ? settings.queue_p90_outage : settings.queue_p90_degraded;
    const char* what = s.jobs_read ? "jobs" : "runs";
    std::string reason = prefix + what + " waited " + human(p90) + " for a runner at p90";
    if (s.queue_latency_p50) {
        reason += " (p50 " + human(*s.queue_latency_p50) + ")";
    }
    reason += " over " + std::to_string(s.runs_started) + " started " + what + " " + window +
              ", above " + human(limit);
    j.note(*w, std::move(reason));
}

}  // namespace

Observation evaluate_repo(const ActionsSignals& signals, const RepoSettings& settings,
                          TimePoint now) {
    Observation observation;
    observation.name = "actions:" + settings.name;
    observation.kind = "actions";
    observation.observed_at = now;
    observation.actions = signals;

    const std::string prefix = observation.name + ": ";
    const std::string window = "in the last " + human(settings.window);

    // Reasons are gathered per weather so the worst can come first.
    Judgement j;
    judge_stuck(signals, settings, prefix, j);
    judge_pickup(signals, settings, prefix, window, j);

    const int failures = signals.startup_failures;
    if (const auto w = level(
            settings.startup_failures_outage > 0 && failures >= settings.startup_failures_outage,
            settings.startup_failures_degraded > 0 &&
                failures >= settings.startup_failures_degraded)) {
        j.note(*w, prefix + counted(failures, "run", "runs") +
                       " failed to start (startup_failure) " + window);
    }
    if (signals.delivery_delay_p90 && signals.deliveries >= 3 &&
        settings.webhook_delay_degraded.count() > 0 &&
        *signals.delivery_delay_p90 > settings.webhook_delay_degraded) {
        j.note(Weather::degraded, prefix + "workflow_job webhook deliveries arrived " +
                                      human(*signals.delivery_delay_p90) + " late at p90 over " +
                                      std::to_string(signals.deliveries) + " " + window +
                                      ", above " + human(settings.webhook_delay_degraded));
    }

    observation.weather = j.weather;
    observation.reasons = std::move(j.bad);
    observation.reasons.insert(observation.reasons.end(), j.poor.begin(), j.poor.end());
    if (observation.weather == Weather::fair) {
        // No runs is not a problem by itself: a quiet repository is not an outage.
        std::string reason;
        if (signals.runs_considered == 0) {
            reason = prefix + "no runs " + window;
        } else {
            reason = prefix + counted(signals.runs_considered, "run", "runs") + " " + window;
            if (signals.jobs_read) {
                reason += ", " + counted(signals.jobs_considered, "job", "jobs") +
                          " on GitHub-hosted runners";
            }
            if (signals.queue_latency_p90) {
                reason += std::string(signals.jobs_read ? ", pickup p90 " : ", queue p90 ") +
                          human(*signals.queue_latency_p90);
            }
            reason += signals.queued_too_long == 0
                          ? ", none stuck"
                          : ", " + std::to_string(signals.queued_too_long) +
                                " queued longer than " + human(settings.queued_too_long);
        }
        observation.reasons.push_back(std::move(reason));
    }
    // Say what was not judged, so "fair" with a queue on screen is explained.
    if (const std::string out = left_out(signals); !out.empty()) {
        observation.reasons.push_back(prefix + out);
    }
    if (signals.runs_jobs_unread > 0) {
        observation.reasons.push_back(prefix + "the jobs of " +
                                      counted(signals.runs_jobs_unread, "run", "runs") +
                                      " could not be read this poll; judged by the runs alone");
    }
    return observation;
}

}  // namespace fairweather::github
