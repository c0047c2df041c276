// The traffic model of fairweather-detect. Every constant below is listed,
// with its reason, in bench/README.md ("Detection: the traffic model").
#include "bench/detection_traffic.h"

#include <algorithm>
#include <cmath>

namespace fairweather::bench {
namespace {

using namespace std::chrono_literals;

// CI: a run every 5 minutes on average (exponential gaps), 4 matrix jobs,
// then a report job once they pass: about one hosted job a minute.
constexpr double k_ci_mean_gap_s = 300;
constexpr int k_ci_matrix_jobs = 4;
constexpr double k_push_share = 0.4;       // the rest pull_request
constexpr double k_job_failure = 0.02;     // per matrix job
constexpr double k_rerun_of_failed = 0.3;  // failed runs someone re-runs
// Hosted pickup: lognormal around 6 s (sigma 0.7), clamped to 2..30 s, and
// 3% a tail of 30..120 s (busy hours, larger images).
constexpr double k_pickup_median_s = 6;
constexpr double k_pickup_sigma = 0.7;
constexpr double k_pickup_tail_share = 0.03;
// The repository's own queues (healthy week only).
constexpr auto k_hw_every = 1h;       // self-hosted hardware tests, hourly at :15
constexpr auto k_production_at = 9h;  // a daily production deployment at 09:00 UTC
constexpr double k_approval_min_h = 2, k_approval_max_h = 6;

class Draw {
  public:
    explicit Draw(std::uint64_t seed) : m_rng(seed) {}
    double uniform(double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(m_rng); }
    bool chance(double p) { return uniform(0, 1) < p; }
    Duration seconds(double lo, double hi) {
        return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(uniform(lo, hi)));
    }
    Duration minutes(double lo, double hi) { return seconds(lo * 60, hi * 60); }
    Duration gap(double mean_s) {
        const double s = std::exponential_distribution<>(1 / mean_s)(m_rng);
        return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(s));
    }
    Duration pickup() {
        if (chance(k_pickup_tail_share)) {
            return seconds(30, 120);
        }
        const double s =
            std::lognormal_distribution<>(std::log(k_pickup_median_s), k_pickup_sigma)(m_rng);
        return std::chrono::duration_cast<Duration>(
            std::chrono::duration<double>(std::clamp(s, 2.0, 30.0)));
    }

  private:
    std::mt19937_64 m_rng;
};

Job hosted_job(std::string name, TimePoint created, Duration run_for, bool failed, Draw& draw,
               const TrafficPlan& plan) {
    Job job;
    job.name = std::move(name);
    job.labels = {"ubuntu-latest"};
    job.created = created;
    job.started = hosted_pickup(created, draw.pickup(), plan.hosted_down);
    job.completed = job.started == TimePoint::max() ? TimePoint::max() : job.started + run_for;
    job.failed = failed;
    return job;
}

// One CI attempt from `at`: the matrix, then the report job if all passed.
Attempt ci_attempt(int number, TimePoint at, Draw& draw, const TrafficPlan& plan) {
    Attempt attempt{number, at, {}};
    TimePoint matrix_done = at;
    bool failed = false;
    for (int i = 0; i < k_ci_matrix_jobs; ++i) {
        const bool fails = draw.chance(k_job_failure);
        attempt.jobs.push_back(hosted_job("test (ubuntu-latest, 3." + std::to_string(9 + i) + ")",
                                          at, draw.minutes(2, 8), fails, draw, plan));
        matrix_done = std::max(matrix_done, attempt.jobs.back().completed);
        failed = failed || fails;
    }
    if (!failed && matrix_done != TimePoint::max()) {
        attempt.jobs.push_back(
            hosted_job("report", matrix_done, draw.minutes(1, 2), false, draw, plan));
    }
    return attempt;
}

void add_ci(std::vector<Run>& runs, Draw& draw, const TrafficPlan& plan) {
    int pr = 1000;
    for (TimePoint t = plan.history_from + draw.gap(k_ci_mean_gap_s); t < plan.until;
         t += draw.gap(k_ci_mean_gap_s)) {
        Run run;
        run.workflow = "CI";
        run.file = "ci.yml";
        run.created = t;
        const bool push = draw.chance(k_push_share);
        run.event = push ? "push" : "pull_request";
        run.branch = push ? "main" : "feature-" + std::to_string(++pr);
        run.attempts.push_back(ci_attempt(1, t, draw, plan));
        const auto& first = run.attempts.front().jobs;
        const bool failed =
            std::any_of(first.begin(), first.end(), [](const Job& j) { return j.failed; });
        if (failed && draw.chance(k_rerun_of_failed)) {
            TimePoint done = t;
            for (const auto& job : first) {
                done = std::max(done, job.completed);
            }
            if (done != TimePoint::max()) {
                run.attempts.push_back(ci_attempt(2, done + draw.minutes(1, 10), draw, plan));
            }
        }
        runs.push_back(std::move(run));
    }
}

Run one_job_run(std::string workflow, std::string file, std::string event, TimePoint created,
                Job job) {
    Run run;
    run.workflow = std::move(workflow);
    run.file = std::move(file);
    run.event = std::move(event);
    run.branch = "main";
    run.created = created;
    run.attempts.push_back(Attempt{1, created, {std::move(job)}});
    return run;
}

// Staging deployments on every push to main, one at a time (a concurrency
// group without cancel-in-progress): a run waits "pending" behind the one
// deploying, and a newer one supersedes (cancels) a pending one.
void add_staging(std::vector<Run>& runs, Draw& draw, const TrafficPlan& plan) {
    std::vector<TimePoint> pushes;
    for (const auto& run : runs) {
        if (run.workflow == "CI" && run.event == "push") {
            pushes.push_back(run.created);
        }
    }
    std::sort(pushes.begin(), pushes.end());
    TimePoint busy_until = plan.history_from;
    std::optional<std::size_t> pending;
    std::vector<Run> deploys;
    const auto start = [&](Run& run, TimePoint at) {
        Job job = hosted_job("deploy (staging)", at, draw.minutes(15, 25), false, draw, plan);
        busy_until = job.completed;
        run.attempts.push_back(Attempt{1, run.created, {std::move(job)}});
    };
    for (const TimePoint t : pushes) {
        // The pending one starts once the deployment before it has finished.
        if (pending && busy_until <= t) {
            Run& waiting = deploys[*pending];
            waiting.pending_until = std::max(busy_until, waiting.created);
            start(waiting, *waiting.pending_until);
            pending.reset();
        }
        Run run;
        run.workflow = "Deploy staging";
        run.file = "deploy.yml";
        run.event = "push";
        run.branch = "main";
        run.created = t;
        if (busy_until <= t) {
            start(run, t);
        } else {
            if (pending) {
                deploys[*pending].superseded = true;
                deploys[*pending].pending_until = t;
            }
            run.pending_until = TimePoint::max();
            pending = deploys.size();
        }
        deploys.push_back(std::move(run));
    }
    runs.insert(runs.end(), deploys.begin(), deploys.end());
}

void add_own_queues(std::vector<Run>& runs, Draw& draw, const TrafficPlan& plan) {
    add_staging(runs, draw, plan);
    const TimePoint day0 = std::chrono::floor<std::chrono::days>(plan.history_from);
    for (TimePoint t = day0 + 15min; t < plan.until; t += k_hw_every) {
        if (t < plan.history_from) {
            continue;
        }
        Job job;
        job.name = "hardware-tests";
        job.labels = {"self-hosted", "linux"};
        job.hosted = false;
        job.created = t;
        job.started = t + draw.seconds(1, 5);
        for (const auto& off : plan.self_hosted_offline) {
            if (off.contains(job.started)) {
                job.started = off.until + draw.seconds(1, 30);
            }
        }
        job.completed = job.started + draw.minutes(10, 20);
        runs.push_back(one_job_run("Hardware tests", "hw.yml", "schedule", t, std::move(job)));
    }
    for (TimePoint t = day0 + k_production_at; t < plan.until; t += 24h) {
        if (t < plan.history_from) {
            continue;
        }
        const TimePoint approved = t + draw.minutes(k_approval_min_h * 60, k_approval_max_h * 60);
        Job job =
            hosted_job("deploy (production)", approved, draw.minutes(4, 6), false, draw, plan);
        // The job was created with the run; it waited for approval first.
        job.created = t;
        job.approved = approved;
        runs.push_back(one_job_run("Deploy production", "production.yml", "workflow_dispatch", t,
                                   std::move(job)));
    }
}

TimePoint last_event(const Job& job, TimePoint t) {
    TimePoint last = job.created;
    for (const TimePoint e : {job.approved.value_or(job.created), job.started, job.completed}) {
        if (e <= t) {
            last = std::max(last, e);
        }
    }
    return last;
}

}  // namespace

TimePoint hosted_pickup(TimePoint created, Duration latency, const std::vector<Span>& down) {
    TimePoint at = created + latency;
    for (const auto& span : down) {
        if (span.contains(at)) {
            at = span.until == TimePoint::max() ? TimePoint::max() : span.until + latency;
        }
    }
    return at;
}

JobView job_at(const Job& job, TimePoint t) {
    if (job.approved && t < *job.approved) {
        return {"waiting", ""};
    }
    if (t < job.started) {
        return {"queued", ""};
    }
    if (t < job.completed) {
        return {"in_progress", ""};
    }
    return {"completed", job.failed ? "failure" : "success"};
}

RunView run_at(const Run& run, TimePoint t) {
    RunView view;
    view.updated = run.created;
    if (run.pending_until && t < *run.pending_until) {
        view.status = "pending";
        return view;
    }
    if (run.superseded) {
        view.status = "completed";
        view.conclusion = "cancelled";
        view.updated = *run.pending_until;
        return view;
    }
    for (const auto& attempt : run.attempts) {
        if (attempt.started <= t) {
            view.attempt = &attempt;
        }
    }
    if (view.attempt == nullptr) {
        view.status = "queued";
        return view;
    }
    view.updated = std::max(view.updated, view.attempt->started);
    bool waiting = false, started = false, done = true, failed = false;
    for (const auto& job : view.attempt->jobs) {
        if (job.created > t) {
            done = false;
            continue;
        }
        const JobView j = job_at(job, t);
        view.updated = std::max(view.updated, last_event(job, t));
        waiting = waiting || j.status == "waiting";
        started = started || j.status == "in_progress" || j.status == "completed";
        done = done && j.status == "completed";
        failed = failed || j.conclusion == "failure";
    }
    if (waiting) {
        view.status = "waiting";
    } else if (done) {
        view.status = "completed";
        view.conclusion = failed ? "failure" : "success";
    } else {
        view.status = started ? "in_progress" : "queued";
    }
    return view;
}

std::vector<Run> generate_traffic(const TrafficPlan& plan) {
    Draw draw(plan.seed);
    std::vector<Run> runs;
    add_ci(runs, draw, plan);
    if (plan.own_queues) {
        add_own_queues(runs, draw, plan);
    }
    std::stable_sort(runs.begin(), runs.end(),
                     [](const Run& a, const Run& b) { return a.created < b.created; });
    std::int64_t job_id = 25'000'000'000;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        runs[i].id = 9'000'000'000 + static_cast<std::int64_t>(i) * 7;
        runs[i].number = static_cast<int>(i) + 1;
        for (auto& attempt : runs[i].attempts) {
            for (auto& job : attempt.jobs) {
                job.id = job_id += 3;
            }
        }
    }
    return runs;
}

}  // namespace fairweather::bench
