// GitHub REST payloads as api.github.com (or anything between it and the
// monitor) may send them. Every parser reads the same bytes, so one corpus
// of runs, jobs, releases and repositories serves them all; runs and jobs
// that parse go on to the Actions signals and weather, as the monitor's poll
// does.

#include <algorithm>

#include "core/sources/actions_source.h"
#include "core/sources/github_payload.h"
#include "fuzz/fuzz_support.h"

using namespace fairweather;

namespace {

void judge_runs(const std::vector<github::WorkflowRun>& runs) {
    static const github::RepoSettings every_workflow = [] {
        github::RepoSettings s;
        s.name = "octo-org/octo-repo";
        return s;
    }();
    static const github::RepoSettings some_workflows = [] {
        github::RepoSettings s;
        s.name = "octo-org/octo-repo";
        s.workflows = {"ci.yml", ".github/workflows/build.yml", "CI"};
        s.release_workflow = "release.yml";
        return s;
    }();
    // "Now" just after the newest run, so the window holds the runs, as in
    // a live poll.
    TimePoint now = fuzz::k_now;
    for (const auto& run : runs) {
        if (run.created_at) {
            now = std::max(now, *run.created_at + std::chrono::minutes{1});
        }
    }
    for (const auto* settings : {&every_workflow, &some_workflows}) {
        const auto signals = github::compute_signals(runs, *settings, now);
        fuzz::require(signals.runs_started <= signals.runs_considered,
                      "started runs are among the runs considered");
        fuzz::require(signals.queued_too_long <= signals.queued_now,
                      "runs queued too long are among the queued ones");
        if (signals.queue_latency_p50 && signals.queue_latency_p90 && signals.queue_latency_max) {
            fuzz::require(*signals.queue_latency_p50 <= *signals.queue_latency_p90 &&
                              *signals.queue_latency_p90 <= *signals.queue_latency_max,
                          "queue latency p50 <= p90 <= max");
        }
        (void)github::evaluate_repo(signals, *settings, now);
    }
}

// Jobs as a run's jobs list gives them, judged with one queued run per run
// attempt they name.
void judge_jobs(const std::vector<github::WorkflowJob>& jobs) {
    static const github::RepoSettings settings = [] {
        github::RepoSettings s;
        s.name = "octo-org/octo-repo";
        s.self_hosted = {"arc-runner-set"};
        return s;
    }();
    github::RunJobs by_attempt;
    std::vector<github::WorkflowRun> runs;
    TimePoint now = fuzz::k_now;
    for (const auto& job : jobs) {
        const github::RunAttempt key{job.run_id, job.run_attempt};
        if (by_attempt.find(key) == by_attempt.end()) {
            github::WorkflowRun run;
            run.id = job.run_id;
            run.run_attempt = job.run_attempt;
            run.status = "queued";
            run.created_at = job.created_at.value_or(fuzz::k_now);
            run.run_started_at = run.created_at;
            runs.push_back(run);
        }
        by_attempt[key].push_back(job);
        for (const auto& t : {job.created_at, job.started_at}) {
            if (t) {
                now = std::max(now, *t + std::chrono::minutes{1});
            }
        }
    }
    const auto s = github::compute_signals(runs, settings, now, &by_attempt);
    fuzz::require(s.jobs_waiting_too_long <= s.jobs_queued_now,
                  "jobs waiting too long are among the waiting ones");
    fuzz::require(s.jobs_queued_now <= s.jobs_considered,
                  "waiting jobs are among the jobs considered");
    if (s.queue_latency_p50 && s.queue_latency_p90 && s.queue_latency_max) {
        fuzz::require(*s.queue_latency_p50 <= *s.queue_latency_p90 &&
                          *s.queue_latency_p90 <= *s.queue_latency_max,
                      "pickup latency p50 <= p90 <= max");
    }
    (void)github::evaluate_repo(s, settings, now);
    const auto again = github::parse_workflow_jobs(github::write_workflow_jobs(jobs));
    fuzz::require(again.has_value() && *again == jobs, "the compact jobs list reads the same");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    if (const auto runs = github::parse_workflow_runs(text)) {
        judge_runs(*runs);
    }
    if (const auto run = github::parse_workflow_run(text)) {
        judge_runs({*run});
    }
    if (const auto jobs = github::parse_workflow_jobs(text)) {
        judge_jobs(*jobs);
    }
    (void)github::parse_workflow_job(text);
    (void)github::parse_releases(text);
    (void)github::parse_default_branch(text);
    return 0;
}
