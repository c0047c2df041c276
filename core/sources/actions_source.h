#pragma once
// The Actions source: what a repository's own GitHub Actions runs, and the
// jobs of those runs, say about the CI weather. The signals and the weather
// are pure functions (actions_signals.h); the source asks GitHub for the
// runs (every page of the window) and their jobs, and reads the answers.

#include <memory>
#include <string>
#include <vector>

#include "core/sources/actions_signals.h"
#include "core/sources/github_api.h"
#include "core/sources/github_payload.h"
#include "core/sources/job_book.h"
#include "core/sources/paging.h"
#include "core/sources/repo_settings.h"
#include "core/sources/source.h"
#include "core/weather/weather.h"

namespace fairweather::github {

// A repository's recent workflow runs and their jobs, as the monitor polls them.
class ActionsSource final : public Source {
  public:
    // `book`: the jobs known of this repository, shared with the webhook
    // receiver that pushes deliveries into it; a private one when null.
    ActionsSource(RepoSettings repo, Api api, Duration interval,
                  std::shared_ptr<JobBook> book = nullptr);

    const std::string& name() const override { return m_name; }
    std::string_view kind() const override { return "actions"; }
    Duration interval() const override { return m_interval; }
    // The runs created since the window began, the bound rounded down to the
    // UTC day so the URL (and its ETag) holds all day: an idle repository
    // costs only 304s. The window itself is applied exactly when the runs are
    // judged.
    HttpRequest request(TimePoint now) const override;
    // The first page alone, judged by the runs (no further requests).
    Reading read(const FetchResult& result, TimePoint now) const override;
    // Every page of runs within the window (up to max_pages), then the jobs
    // of the counted runs: each finished attempt's jobs read once and kept,
    // an unfinished one's again with If-None-Match, none for an attempt a
    // webhook delivery reported; at most max_job_reads lists a poll, and none
    // after GitHub answered one of them with a 5xx or not at all. An
    // unfinished attempt whose jobs all run is asked again only every
    // pickup_too_long (see worth_asking).
    Reading read_following(const FetchResult& result, TimePoint now,
                           const Follow& follow) const override;
    // The list with only the fields read (write_workflow_runs).
    std::optional<std::string> compact(std::string_view body) const override;
    bool spends_rate_budget() const override { return true; }
    bool stable_url() const override { return false; }

    const std::shared_ptr<JobBook>& book() const { return m_book; }

  private:
    // The runs of the pages after the first, appended to `runs`; a reason
    // when one could not be read.
    std::optional<std::string> read_more_pages(const FetchResult& first, TimePoint now,
                                               const Follow& follow,
                                               std::vector<WorkflowRun>& runs) const;
    RunJobs read_jobs(const std::vector<WorkflowRun>& runs, TimePoint now,
                      const Follow& follow) const;
    // Whether an unfinished attempt's jobs, read before, should be asked for again.
    bool worth_asking(const JobBook::Entry& entry, const WorkflowRun& run, TimePoint now) const;

    RepoSettings m_repo;
    Api m_api;
    Duration m_interval;
    std::string m_name;
    std::shared_ptr<JobBook> m_book;
    mutable PageCache m_pages;  // the runs' pages after the first
};

}  // namespace fairweather::github
