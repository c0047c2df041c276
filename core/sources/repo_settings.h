#pragma once
// A watched repository: one [[repos]] entry of the config, as its Actions
// and releases sources and the release queue read it.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/time.h"

namespace fairweather::github {

struct RepoSettings {
    std::string name;  // "owner/repo"
    // Workflow file names ("ci.yml"), paths (".github/workflows/ci.yml") or
    // workflow names ("CI") whose runs count; empty: every workflow.
    std::vector<std::string> workflows;
    std::string release_workflow;  // file name, e.g. "release.yml"; may be empty
    // Other workflows the queue may dispatch for this repository (an explicit
    // allow-list); the release workflow is always allowed.
    std::vector<std::string> release_workflows;
    std::string release_ref;  // branch the release workflow runs on (later issues)
    Duration queued_too_long = std::chrono::minutes{10};
    Duration window = std::chrono::hours{1};  // runs created within this long before now
    // Weather thresholds. A threshold of 0 is off.
    int stuck_runs_degraded = 1;  // runs queued longer than queued_too_long
    int stuck_runs_outage = 3;
    Duration queue_p90_degraded = std::chrono::minutes{5};
    Duration queue_p90_outage = std::chrono::minutes{15};
    int startup_failures_degraded = 1;
    int startup_failures_outage = 3;
    // Runner pickup, read from the counted runs' jobs.
    bool read_jobs = true;
    // A GitHub-hosted job waiting this long for a runner is stuck.
    Duration pickup_too_long = std::chrono::minutes{3};
    int stuck_jobs_degraded = 1;
    int stuck_jobs_outage = 3;
    // Labels or runner group names of the project's own runners, besides
    // "self-hosted": their queues are not GitHub's weather.
    std::vector<std::string> self_hosted;
    // workflow_job deliveries this late at p90 (over 3 or more) are degraded.
    Duration webhook_delay_degraded = std::chrono::minutes{5};
    // Bounds per poll: pages of runs (100 each), and jobs lists read.
    int max_pages = 10;
    int max_job_reads = 30;
    // How often to read releases (they change rarely).
    Duration releases_interval = std::chrono::minutes{15};
};

// Why `value` is not a repository name as GitHub allows them, OWNER/NAME
// (owner: 1-39 of [A-Za-z0-9-], not starting with '-'; name: 1-100 of
// [A-Za-z0-9._-], not "." or ".."): "\"x\" is not OWNER/NAME", "owner \"o\"
// is not a GitHub user or organisation name", "repository name \"n\" is not
// valid on GitHub". Empty when it is one.
std::string repo_name_problem(std::string_view value);

}  // namespace fairweather::github
