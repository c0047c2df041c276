#pragma once
// GitHub REST payloads and what a repository's own Actions runs say about the
// CI weather. Plain structs and pure functions: fetching is the poller's job.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "core/http.h"
#include "core/parse_error.h"
#include "core/weather.h"

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
};

// What GitHub said about the request budget, from X-RateLimit-* headers.
struct RateLimit {
    std::optional<std::int64_t> limit;
    std::optional<std::int64_t> remaining;
    std::optional<std::int64_t> used;
    std::optional<TimePoint> reset;
    std::string resource;  // "core", "search", ...
};

// GET /repos/{owner}/{repo}/actions/runs: {"total_count": N, "workflow_runs": [...]}.
Expected<std::vector<WorkflowRun>, ParseError> parse_workflow_runs(std::string_view json);
// GET /repos/{owner}/{repo}/releases: an array of releases.
Expected<std::vector<Release>, ParseError> parse_releases(std::string_view json);
// X-RateLimit-Limit, -Remaining, -Used, -Reset (epoch seconds), -Resource.
// Absent or malformed headers stay unset.
RateLimit parse_rate_limit(const Headers& headers);
// The rel="next" URL of a Link header, if any.
std::optional<std::string> next_page(const Headers& headers);

// One [[repos]] entry of the config.
struct RepoSettings {
    std::string name;  // "owner/repo"
    // Workflow file names ("ci.yml"), paths (".github/workflows/ci.yml") or
    // workflow names ("CI") whose runs count; empty: every workflow.
    std::vector<std::string> workflows;
    std::string release_workflow;  // file name, e.g. "release.yml"; may be empty
    std::string release_ref;       // branch the release workflow runs on (later issues)
    Duration queued_too_long = std::chrono::minutes{10};
    Duration window = std::chrono::hours{1};  // runs created within this long before now
    // Weather thresholds. A threshold of 0 is off.
    int stuck_runs_degraded = 1;  // runs queued longer than queued_too_long
    int stuck_runs_outage = 3;
    Duration queue_p90_degraded = std::chrono::minutes{5};
    Duration queue_p90_outage = std::chrono::minutes{15};
    int startup_failures_degraded = 1;
    int startup_failures_outage = 3;
    // How often to read releases (they change rarely).
    Duration releases_interval = std::chrono::minutes{15};
};

// GET /repos/{owner}/{repo}/actions/runs/{id}: one run.
Expected<WorkflowRun, ParseError> parse_workflow_run(std::string_view json);
// GET /repos/{owner}/{repo}: the repository's default branch.
Expected<std::string, ParseError> parse_default_branch(std::string_view json);

// "{api}/repos/{repo}"
std::string repo_url(std::string_view api_base, std::string_view repo);
// "{api}/repos/{repo}/actions/workflows/{workflow}/dispatches"
std::string dispatch_url(std::string_view api_base, std::string_view repo,
                         std::string_view workflow);
// The workflow's runs started by workflow_dispatch since `since`:
// "{api}/repos/{repo}/actions/workflows/{workflow}/runs?event=workflow_dispatch&per_page=100&created=%3E%3D{since}"
std::string dispatched_runs_url(std::string_view api_base, std::string_view repo,
                                std::string_view workflow, TimePoint since);
// "{api}/repos/{repo}/actions/runs/{id}" and its "/cancel".
std::string run_url(std::string_view api_base, std::string_view repo, std::int64_t id);
std::string cancel_run_url(std::string_view api_base, std::string_view repo, std::int64_t id);

// "{api}/repos/{repo}/actions/runs?per_page=100&created=%3E%3D{since, RFC 3339}"
std::string runs_url(std::string_view api_base, std::string_view repo, TimePoint since);
// "{api}/repos/{repo}/releases?per_page=100"
std::string releases_url(std::string_view api_base, std::string_view repo);

// Reduces runs to signals, counting only runs created within settings.window
// before `now` and of the configured workflows (the release workflow's runs
// always count toward its own last result). A run whose status says it is
// still waiting (queued, waiting, pending, requested) has not started, even
// though GitHub fills run_started_at at creation.
ActionsSignals compute_signals(const std::vector<WorkflowRun>& runs, const RepoSettings& settings,
                               TimePoint now);

// The repository's weather from its signals, by the thresholds in settings,
// with one reason per threshold crossed (or one saying all is well). The
// report's name is "actions:{owner/repo}", kind "actions", `actions` set.
SourceReport evaluate_repo(const ActionsSignals& signals, const RepoSettings& settings,
                           TimePoint now);

}  // namespace fairweather::github
