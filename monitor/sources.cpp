#include "monitor/sources.h"

#include "core/sources/source.h"
#include "core/sources/statuspage_source.h"

namespace fairweather::monitor {
namespace {

// The runs query's created>= bound moves with time; rounding it down keeps
// the URL (and so its ETag) the same for a while, so most polls can be
// answered 304 at no cost to the rate limit. The window itself is applied
// exactly when the runs are judged.
constexpr Duration k_runs_since_granularity = std::chrono::minutes{15};

TimePoint runs_since(const github::RepoSettings& repo, TimePoint now) {
    const auto since = now - repo.window;
    return TimePoint{since.time_since_epoch() / k_runs_since_granularity *
                     k_runs_since_granularity};
}

}  // namespace

std::string host_of(std::string_view url) {
    const auto scheme = url.find("://");
    const auto start = scheme == std::string_view::npos ? 0 : scheme + 3;
    const auto end = url.find_first_of("/?#", start);
    auto authority =
        url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
    }
    return std::string(authority);
}

std::vector<Source> make_sources(const Config& config, std::uint64_t seed) {
    std::vector<Source> sources;
    const auto add = [&](SourceKind kind, std::string name, std::string url, Duration interval,
                         const StatusPageSettings* page, const github::RepoSettings* repo) {
        sources.push_back(
            Source{kind, std::move(name), host_of(url), interval, page, repo,
                   PoliteFetcher(interval, config.monitor.max_backoff, seed + sources.size())});
    };
    for (const auto& page : config.status_pages) {
        add(SourceKind::status_page, page.name, page.url, config.monitor.poll_interval, &page,
            nullptr);
    }
    for (const auto& repo : config.repos) {
        add(SourceKind::actions, "actions:" + repo.name, config.github.api_url,
            config.monitor.poll_interval, nullptr, &repo);
        add(SourceKind::releases, "releases:" + repo.name, config.github.api_url,
            repo.releases_interval, nullptr, &repo);
    }
    return sources;
}

HttpRequest make_request(const Source& source, const Config& config, const Secret& token,
                         TimePoint now) {
    if (source.kind == SourceKind::status_page) {
        return status_page_request(*source.page);
    }
    HttpRequest request;
    request.url = source.kind == SourceKind::actions
                      ? github::runs_url(config.github.api_url, source.repo->name,
                                         runs_since(*source.repo, now))
                      : github::releases_url(config.github.api_url, source.repo->name);
    request.headers.add("Accept", "application/vnd.github+json");
    request.headers.add("X-GitHub-Api-Version", "2022-11-28");
    if (!token.empty()) {
        request.headers.add("Authorization", "Bearer " + token.reveal());
    }
    return request;
}

Reading interpret(const Source& source, const FetchResult& result, const Config& config,
                  TimePoint now) {
    Reading reading;
    if (source.kind == SourceKind::status_page) {
        reading.report = interpret_status_page(result.response, *source.page, now);
        reading.report.not_modified = result.not_modified;
        return reading;
    }
    Observation base;
    base.name = source.name;
    base.kind = source.kind == SourceKind::actions ? "actions" : "releases";
    base.url = make_request(source, config, Secret{}, now).url;
    base.not_modified = result.not_modified;
    if (!take_response(base, result.response, now)) {
        if (base.http_status == 401 || base.http_status == 403) {
            base.reasons.back() +=
                source.kind == SourceKind::actions && !base.retry_after
                    ? "; check that the GitHub token can read Actions of " + source.repo->name
                    : "";
        } else if (base.http_status == 404) {
            base.reasons.back() += "; check [[repos]] name \"" + source.repo->name +
                                   "\" (a private repository also needs a token that can read it)";
        }
        reading.report = std::move(base);
        return reading;
    }
    if (source.kind == SourceKind::actions) {
        const auto runs = github::parse_workflow_runs(result.response->body);
        if (!runs) {
            fail_observation(base, base.url + " did not return a workflow-runs list: " +
                                       runs.error().describe());
            reading.report = std::move(base);
            return reading;
        }
        const auto signals = github::compute_signals(*runs, *source.repo, now);
        reading.report = github::evaluate_repo(signals, *source.repo, now);
        keep_transport(reading.report, base);
        return reading;
    }
    auto releases = github::parse_releases(result.response->body);
    if (!releases) {
        fail_observation(
            base, base.url + " did not return a releases list: " + releases.error().describe());
        reading.report = std::move(base);
        return reading;
    }
    base.weather = Weather::fair;
    base.reasons = {source.name + ": " + std::to_string(releases->size()) + " releases read"};
    reading.report = std::move(base);
    reading.releases = std::move(*releases);
    return reading;
}

}  // namespace fairweather::monitor
