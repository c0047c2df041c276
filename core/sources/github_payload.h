#pragma once
// GitHub REST payloads (workflow runs, releases, a repository) parsed into
// plain structs. Asking for them is github_api.h's part.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/client.h"
#include "core/json/reader.h"
#include "core/util/expected.h"
#include "core/util/parse_error.h"

namespace fairweather::github {

struct WorkflowRun {
    std::int64_t id = 0;
    std::string name;           // the workflow's name, e.g. "CI"
    std::string path;           // ".github/workflows/ci.yml" (an "@ref" suffix removed)
    std::string workflow_file;  // "ci.yml"
    std::string event;          // push, pull_request, workflow_dispatch, schedule, ...
    std::string status;         // queued, in_progress, completed, waiting, requested, pending
    std::string conclusion;     // success, failure, cancelled, startup_failure, ...; empty if null
    std::string display_title;
    std::string html_url;
    std::int64_t run_attempt = 1;
    std::optional<TimePoint> created_at;
    std::optional<TimePoint> run_started_at;
    std::optional<TimePoint> updated_at;

    bool operator==(const WorkflowRun&) const = default;
};

// One job of a workflow run (GET .../actions/runs/{id}/attempts/{n}/jobs, and
// the "workflow_job" of a webhook delivery). created_at is when the job was
// queued for a runner and started_at when a runner took it: their difference
// is the runner pickup latency a run's own times do not show.
struct WorkflowJob {
    std::int64_t id = 0;
    std::int64_t run_id = 0;
    std::int64_t run_attempt = 1;
    std::string name;
    std::string workflow_name;
    std::string status;      // queued, in_progress, completed, waiting, requested, pending
    std::string conclusion;  // empty while unfinished
    // The runs-on labels ("ubuntu-latest", or "self-hosted", "linux", ...).
    std::vector<std::string> labels;
    // Once picked up: "GitHub Actions" for GitHub's hosted runners, the
    // group's own name (often "Default") for self-hosted ones; empty before.
    std::string runner_group_name;
    std::string runner_name;
    // Absent in jobs recorded before GitHub added the field (2022).
    std::optional<TimePoint> created_at;
    // GitHub fills it while the job is still queued too (equal to
    // created_at): only a job whose status has moved on was picked up.
    std::optional<TimePoint> started_at;
    std::optional<TimePoint> completed_at;

    bool operator==(const WorkflowJob&) const = default;
};

struct Release {
    std::int64_t id = 0;
    std::string tag_name;
    std::string name;
    std::string html_url;
    bool draft = false;
    bool prerelease = false;
    std::optional<TimePoint> created_at;
    std::optional<TimePoint> published_at;  // null for drafts

    bool operator==(const Release&) const = default;
};

// GET /repos/{owner}/{repo}/actions/runs: {"total_count": N, "workflow_runs": [...]}.
Expected<std::vector<WorkflowRun>, ParseError> parse_workflow_runs(std::string_view json);
// GET .../actions/runs/{id}/jobs and .../attempts/{n}/jobs:
// {"total_count": N, "jobs": [...]}.
Expected<std::vector<WorkflowJob>, ParseError> parse_workflow_jobs(std::string_view json);
// One job object (GET .../actions/jobs/{id}).
Expected<WorkflowJob, ParseError> parse_workflow_job(std::string_view json);
// A job object inside another payload (a webhook delivery's
// "workflow_job"), read with `r`, so a problem is kept in `r` with its path
// under `path` ("workflow_job.status"). nullopt once `r` has failed.
std::optional<WorkflowJob> read_workflow_job(json::Reader& r, json::Object job,
                                             const std::string& path);
// GET /repos/{owner}/{repo}/releases: an array of releases.
Expected<std::vector<Release>, ParseError> parse_releases(std::string_view json);
// What POST .../dispatches with "return_run_details": true answers (200):
// the run it started.
struct DispatchedRun {
    std::int64_t workflow_run_id = 0;
    std::string run_url;   // the API's
    std::string html_url;  // the page's
};
Expected<DispatchedRun, ParseError> parse_dispatched_run(std::string_view json);

// The same lists written back with only the fields read above, which
// parse_workflow_runs and parse_releases read to equal values: what the
// monitor keeps of a 200 to answer a later 304 (a real runs list is a few
// KB per run, mostly fields nobody here reads).
std::string write_workflow_runs(const std::vector<WorkflowRun>& runs);
std::string write_releases(const std::vector<Release>& releases);
std::string write_workflow_jobs(const std::vector<WorkflowJob>& jobs);

// GET /repos/{owner}/{repo}/actions/runs/{id}: one run.
Expected<WorkflowRun, ParseError> parse_workflow_run(std::string_view json);
// GET /repos/{owner}/{repo}: the repository's default branch.
Expected<std::string, ParseError> parse_default_branch(std::string_view json);

}  // namespace fairweather::github
