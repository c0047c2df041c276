#pragma once
// fairweather-detect's traffic model: a busy repository's workflow runs and
// their jobs, every time stamp drawn up front from a seeded RNG, so that what
// GitHub would answer at any simulated moment is a pure function of that
// moment. Every number is named and explained in bench/README.md
// ("Detection").

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/util/time.h"

namespace fairweather::bench {

// A time span [from, until).
struct Span {
    TimePoint from;
    TimePoint until;
    bool contains(TimePoint t) const { return t >= from && t < until; }
};

// What the repository and GitHub do, and when GitHub's hosted runners stop.
struct TrafficPlan {
    TimePoint history_from;  // first run created at this time
    TimePoint until;         // no run is created after this
    std::uint64_t seed = 1;
    // GitHub-hosted runners take no job during these spans (the outage).
    std::vector<Span> hosted_down;
    // The repository's own queues (the healthy week): its self-hosted runner
    // offline, deployments behind a concurrency group, a production
    // deployment waiting for approval.
    bool own_queues = false;
    std::vector<Span> self_hosted_offline;
};

struct Job {
    std::int64_t id = 0;
    std::string name;
    std::vector<std::string> labels;         // runs-on
    bool hosted = true;                      // GitHub-hosted (labels without "self-hosted")
    TimePoint created;                       // queued for a runner (or for approval)
    std::optional<TimePoint> approved;       // environment approval given (waits "waiting" before)
    TimePoint started = TimePoint::max();    // a runner took it; max: never
    TimePoint completed = TimePoint::max();  // max: never
    bool failed = false;
};

struct Attempt {
    int number = 1;
    TimePoint started;  // the run's run_started_at for this attempt
    std::vector<Job> jobs;
};

struct Run {
    std::int64_t id = 0;
    int number = 0;
    std::string workflow;  // "CI"
    std::string file;      // "ci.yml"
    std::string event;     // push, pull_request
    std::string branch;
    TimePoint created;
    // Concurrency: the run is "pending" until this (when set); a run
    // superseded while pending is cancelled then instead.
    std::optional<TimePoint> pending_until;
    bool superseded = false;
    std::vector<Attempt> attempts;  // attempts[0] first; a re-run adds one
};

// A job's and a run's state at `t` as GitHub reports it.
struct JobView {
    std::string status;      // queued, waiting, in_progress, completed
    std::string conclusion;  // empty until completed
};
JobView job_at(const Job& job, TimePoint t);
// status queued, pending, waiting, in_progress or completed; the attempt
// visible at `t` (nullptr: the run has none yet, pending).
struct RunView {
    std::string status;
    std::string conclusion;
    const Attempt* attempt = nullptr;
    TimePoint updated;
};
RunView run_at(const Run& run, TimePoint t);

// Draws every run of `plan`, in creation order.
std::vector<Run> generate_traffic(const TrafficPlan& plan);

// When a hosted job created at `created` that would be picked up after
// `latency` is picked up given the outage spans (the end of the span it
// falls in; max if that span never ends).
TimePoint hosted_pickup(TimePoint created, Duration latency, const std::vector<Span>& down);

}  // namespace fairweather::bench
