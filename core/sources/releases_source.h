#pragma once
// The releases source: a repository's GitHub releases, read for the release
// history (plans, delay reports, cadence metrics). It says nothing about the
// weather: a list that could be read is fair, and it does not count toward
// the verdict.

#include <string>

#include "core/sources/github_api.h"
#include "core/sources/paging.h"
#include "core/sources/repo_settings.h"
#include "core/sources/source.h"

namespace fairweather::github {

class ReleasesSource final : public Source {
  public:
    // Polled every repo.releases_interval.
    ReleasesSource(RepoSettings repo, Api api);

    const std::string& name() const override { return m_name; }
    std::string_view kind() const override { return "releases"; }
    Duration interval() const override { return m_repo.releases_interval; }
    HttpRequest request(TimePoint now) const override;
    // The first page alone.
    Reading read(const FetchResult& result, TimePoint now) const override;
    // Every page (Link: rel="next"), at most repo.max_pages: the history
    // keeps every release read, so older pages fill in the release dates.
    Reading read_following(const FetchResult& result, TimePoint now,
                           const Follow& follow) const override;
    // The list with only the fields read (write_releases).
    std::optional<std::string> compact(std::string_view body) const override;
    bool judges_weather() const override { return false; }
    bool spends_rate_budget() const override { return true; }

  private:
    RepoSettings m_repo;
    Api m_api;
    std::string m_name;
    mutable PageCache m_pages;  // the pages after the first
};

}  // namespace fairweather::github
