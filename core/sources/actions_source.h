#pragma once
// The Actions source: what a repository's own GitHub Actions runs say about
// the CI weather. Plain structs and pure functions.

#include <string>
#include <vector>

#include "core/sources/github_payload.h"
#include "core/weather/weather.h"

namespace fairweather::github {

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
Observation evaluate_repo(const ActionsSignals& signals, const RepoSettings& settings,
                          TimePoint now);

}  // namespace fairweather::github
