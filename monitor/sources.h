#pragma once
// What the monitor polls: each status page, and for each [[repos]] entry its
// Actions runs and its releases. Requests are built and responses judged
// here; scheduling and politeness are the PoliteFetcher's.

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/http/polite_fetcher.h"
#include "core/sources/actions_source.h"
#include "core/util/secret.h"
#include "core/weather/weather.h"

namespace fairweather::monitor {

enum class SourceKind { status_page, actions, releases };

struct Source {
    SourceKind kind = SourceKind::status_page;
    std::string name;  // "github", "actions:owner/repo", "releases:owner/repo"
    std::string host;  // requests to one host go one at a time
    Duration interval{0};
    const StatusPageSettings* page = nullptr;
    const github::RepoSettings* repo = nullptr;
    PoliteFetcher fetcher;

    // Whether the source's weather counts toward the verdict (releases do not).
    bool weather_source() const { return kind != SourceKind::releases; }
};

// The sources a config asks for, in config order: status pages, then per
// repository its runs and its releases.
std::vector<Source> make_sources(const Config& config, std::uint64_t seed);

// "www.githubstatus.com" from "https://www.githubstatus.com/api/v2/summary.json".
std::string host_of(std::string_view url);

// The request for `source` at `now`. GitHub requests carry the token (when
// there is one) and GitHub's media type and API version.
HttpRequest make_request(const Source& source, const Config& config, const Secret& token,
                         TimePoint now);

struct Reading {
    Observation report;
    std::vector<github::Release> releases;  // for a releases source
};

// Judges the result of one fetch of `source`.
Reading interpret(const Source& source, const FetchResult& result, const Config& config,
                  TimePoint now);

}  // namespace fairweather::monitor
