#include "core/sources/releases_source.h"

namespace fairweather::github {

ReleasesSource::ReleasesSource(RepoSettings repo, Api api)
    : m_repo(std::move(repo)), m_api(std::move(api)), m_name("releases:" + m_repo.name) {}

HttpRequest ReleasesSource::request(TimePoint) const {
    return m_api.request("GET", releases_url(m_api.url, m_repo.name));
}

Reading ReleasesSource::read(const FetchResult& result, TimePoint now) const {
    return read_following(result, now, Follow{});
}

Reading ReleasesSource::read_following(const FetchResult& result, TimePoint now,
                                       const Follow& follow) const {
    Reading reading;
    Observation& observation = reading.observation;
    observation.name = m_name;
    observation.kind = "releases";
    observation.url = request(now).url;
    observation.not_modified = result.not_modified;
    if (!take_response(observation, result.response, now)) {
        if (observation.http_status) {
            observation.reasons.back() +=
                refusal_hint(*observation.http_status, m_repo.name, false);
        }
        return reading;
    }
    auto releases = parse_releases(result.response->body);
    if (!releases) {
        fail_observation(observation, observation.url + " did not return a releases list: " +
                                          releases.error().describe());
        return reading;
    }
    std::optional<std::string> partial;
    if (follow) {
        const auto take = [&](std::string_view body) -> std::optional<std::string> {
            auto more = parse_releases(body);
            if (!more) {
                return more.error().describe();
            }
            releases->insert(releases->end(), std::make_move_iterator(more->begin()),
                             std::make_move_iterator(more->end()));
            return std::nullopt;
        };
        partial = follow_pages(
            m_api, follow, m_pages, result, observation.url, m_repo.max_pages, now, "releases",
            [] { return true; }, take);
        m_pages.prune(now - 4 * m_repo.releases_interval);
    }
    observation.weather = Weather::fair;
    observation.reasons = {m_name + ": " + std::to_string(releases->size()) + " releases read"};
    if (partial) {
        observation.reasons.push_back(m_name + ": " + *partial);
    }
    reading.releases = ReleaseList{m_repo.name, std::move(*releases)};
    return reading;
}

std::optional<std::string> ReleasesSource::compact(std::string_view body) const {
    const auto list = parse_releases(body);
    if (!list) {
        return std::nullopt;
    }
    return write_releases(*list);
}

}  // namespace fairweather::github
