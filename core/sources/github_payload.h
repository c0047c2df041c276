#pragma once
// GitHub REST payloads (workflow runs, releases, a repository) parsed into
// plain structs. Asking for them is github_api.h's part.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/client.h"
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

// GET /repos/{owner}/{repo}/actions/runs/{id}: one run.
Expected<WorkflowRun, ParseError> parse_workflow_run(std::string_view json);
// GET /repos/{owner}/{repo}: the repository's default branch.
Expected<std::string, ParseError> parse_default_branch(std::string_view json);

}  // namespace fairweather::github
