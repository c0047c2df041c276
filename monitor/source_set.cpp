#include "monitor/source_set.h"

#include "core/sources/actions_source.h"
#include "core/sources/releases_source.h"
#include "core/sources/statuspage_source.h"
#include "core/util/text.h"

namespace fairweather::monitor {

SourceSet make_source_set(const Config& config, const Secret& github_token) {
    SourceSet set;
    for (const auto& page : config.status_pages) {
        set.sources.push_back(
            std::make_unique<StatusPageSource>(page, config.monitor.poll_interval));
    }
    const github::Api api{config.github.api_url, github_token};
    for (const auto& repo : config.repos) {
        auto book = std::make_shared<github::JobBook>();
        set.books.emplace(lower(repo.name), book);
        set.sources.push_back(std::make_unique<github::ActionsSource>(
            repo, api, config.monitor.poll_interval, std::move(book)));
        set.sources.push_back(std::make_unique<github::ReleasesSource>(repo, api));
    }
    return set;
}

std::vector<std::unique_ptr<Source>> make_sources(const Config& config,
                                                  const Secret& github_token) {
    return make_source_set(config, github_token).sources;
}

}  // namespace fairweather::monitor
