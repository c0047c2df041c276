#pragma once
// The Actions source: what a repository's own GitHub Actions runs say about
// the CI weather. The signals and the weather are pure functions; the source
// asks GitHub for the runs and reads the answer with them.

#include <string>
#include <vector>

#include "core/sources/github_api.h"
#include "core/sources/github_payload.h"
#include "core/sources/repo_settings.h"
#include "core/sources/source.h"
#include "core/weather/weather.h"

namespace fairweather::github {

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

// A repository's recent workflow runs as the monitor polls them.
class ActionsSource final : public Source {
  public:
    ActionsSource(RepoSettings repo, Api api, Duration interval);

    const std::string& name() const override { return m_name; }
    std::string_view kind() const override { return "actions"; }
    Duration interval() const override { return m_interval; }
    // The runs created since the window began, the bound rounded down to the
    // UTC day so the URL (and its ETag) holds all day: an idle repository
    // costs only 304s. The window itself is applied exactly when the runs are
    // judged.
    HttpRequest request(TimePoint now) const override;
    Reading read(const FetchResult& result, TimePoint now) const override;
    // The list with only the fields read (write_workflow_runs).
    std::optional<std::string> compact(std::string_view body) const override;
    bool spends_rate_budget() const override { return true; }
    bool stable_url() const override { return false; }

  private:
    RepoSettings m_repo;
    Api m_api;
    Duration m_interval;
    std::string m_name;
};

}  // namespace fairweather::github
