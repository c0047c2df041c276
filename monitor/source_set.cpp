#include "monitor/source_set.h"

#include "core/sources/actions_source.h"
#include "core/sources/releases_source.h"
#include "core/sources/statuspage_source.h"

namespace fairweather::monitor {

std::vector<std::unique_ptr<Source>> make_sources(const Config& config,
                                                  const Secret& github_token) {
    std::vector<std::unique_ptr<Source>> sources;
    for (const auto& page : config.status_pages) {
        sources.push_back(std::make_unique<StatusPageSource>(page, config.monitor.poll_interval));
    }
    const github::Api api{config.github.api_url, github_token};
    for (const auto& repo : config.repos) {
        sources.push_back(
            std::make_unique<github::ActionsSource>(repo, api, config.monitor.poll_interval));
        sources.push_back(std::make_unique<github::ReleasesSource>(repo, api));
    }
    return sources;
}

}  // namespace fairweather::monitor
