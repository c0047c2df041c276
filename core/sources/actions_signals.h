#pragma once
// What a repository's own runs and jobs say about the CI weather: pure
// functions from a runs list (and the jobs of its runs, when read) to
// signals, and from signals to a weather with its reasons.

#include <vector>

#include "core/sources/github_payload.h"
#include "core/sources/job_book.h"
#include "core/sources/repo_settings.h"
#include "core/weather/weather.h"

namespace fairweather::github {

// Reduces runs to signals, counting only runs created (or re-run) within
// settings.window before `now` and of the configured workflows (the release
// workflow's runs always count toward its own last result).
//
// With `jobs` (the jobs of the counted runs' attempts, by attempt), runner
// pickup is read from the jobs of GitHub-hosted runners: started_at -
// created_at of each job a runner took, and how long each job still queued
// has waited. Jobs for self-hosted runners, runs waiting for an environment
// approval and runs pending behind a concurrency group are the project's own
// queues: counted as left out, never as weather. Without `jobs`, pickup is
// read from the runs, where a run whose status says it is still waiting has
// not started, although GitHub fills run_started_at at creation.
ActionsSignals compute_signals(const std::vector<WorkflowRun>& runs, const RepoSettings& settings,
                               TimePoint now, const RunJobs* jobs = nullptr);

// Whether compute_signals counts `run` at `now` and would read its jobs: in
// the window, of a configured workflow, neither waiting for an approval nor
// pending behind a concurrency group.
bool judges_jobs_of(const WorkflowRun& run, const RepoSettings& settings, TimePoint now);

// Whether a job still waits for a runner (queued, requested, pending).
bool job_waiting(const WorkflowJob& job);

// Whether a job runs on the project's own runners: a "self-hosted" label, or
// a label or runner group named in settings.self_hosted.
bool is_self_hosted(const WorkflowJob& job, const RepoSettings& settings);

// The repository's weather from its signals, by the thresholds in settings,
// with one reason per threshold crossed (or one saying all is well). The
// report's name is "actions:{owner/repo}", kind "actions", `actions` set.
Observation evaluate_repo(const ActionsSignals& signals, const RepoSettings& settings,
                          TimePoint now);

// Nearest rank: the smallest value with at least p% of the values at or
// below it. `sorted` is not empty.
Duration nearest_rank(const std::vector<Duration>& sorted, int percent);

}  // namespace fairweather::github
