#include "monitor/quota.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "monitor/source_set.h"

namespace fairweather::monitor {
namespace {

constexpr double k_hour_ms = 3'600'000.0;

double per_hour(Duration interval) {
    return k_hour_ms / static_cast<double>(std::max<Duration::rep>(interval.count(), 1));
}

// `interval` x `factor`, rounded up to whole seconds (less a hair, so that
// 15m x 3.2 is 48m and not 48m1s by a floating-point error).
Duration stretch(Duration interval, double factor) {
    const double seconds = static_cast<double>(interval.count()) * factor / 1000.0;
    return std::chrono::seconds{static_cast<std::int64_t>(std::ceil(seconds - 1e-6))};
}

// `value` rounded to `decimals`, without trailing zeros: "12", "3.2", "2.48".
std::string format_number(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    std::string out = text;
    if (out.find('.') != std::string::npos) {
        out.erase(out.find_last_not_of('0') + 1);
        if (out.ends_with('.')) {
            out.pop_back();
        }
    }
    return out;
}

// "actions every 30s, releases every 15m" (a kind's shortest to longest
// interval when its sources differ: "releases every 15m to 1h").
template <class Interval>
std::string intervals(const std::vector<QuotaPace>& sources, Interval interval) {
    std::vector<std::string> kinds;
    for (const auto& s : sources) {
        if (std::find(kinds.begin(), kinds.end(), s.kind) == kinds.end()) {
            kinds.push_back(s.kind);
        }
    }
    std::string out;
    for (const auto& kind : kinds) {
        Duration shortest = Duration::max();
        Duration longest = Duration::min();
        for (const auto& s : sources) {
            if (s.kind == kind) {
                shortest = std::min(shortest, interval(s));
                longest = std::max(longest, interval(s));
            }
        }
        out += (out.empty() ? "" : ", ") + kind + " every " + format_duration(shortest);
        if (longest != shortest) {
            out += " to " + format_duration(longest);
        }
    }
    return out;
}

}  // namespace

std::int64_t github_limit_per_hour(bool token) {
    return token ? 5000 : 60;
}

double GithubQuota::share() const {
    return limit_per_hour > 0 ? configured_per_hour / static_cast<double>(limit_per_hour) : 0;
}

GithubQuota github_quota(const std::vector<QuotaSource>& sources, std::int64_t limit_per_hour,
                         bool token) {
    GithubQuota quota;
    quota.limit_per_hour = limit_per_hour;
    quota.token = token;
    std::set<std::string> repositories;
    for (const auto& s : sources) {
        quota.configured_per_hour += per_hour(s.interval);
        repositories.insert(s.name.substr(s.name.find(':') + 1));
    }
    quota.repositories = repositories.size();
    const double allowed = static_cast<double>(limit_per_hour) * (1 - k_quota_headroom);
    if (quota.configured_per_hour > allowed && allowed > 0) {
        quota.stretch = quota.configured_per_hour / allowed;
    }
    const auto n = static_cast<Duration::rep>(sources.size());
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const QuotaSource& s = sources[i];
        QuotaPace pace{s.name, s.kind, s.interval, s.interval, s.interval};
        if (quota.stretched()) {
            pace.interval = stretch(s.interval, quota.stretch);
            // The i-th of n polls again at (i+1)/n of its interval: each
            // kind spreads evenly across its own interval.
            pace.first = Duration{pace.interval.count() * static_cast<Duration::rep>(i + 1) / n};
        }
        quota.planned_per_hour += per_hour(pace.interval);
        quota.sources.push_back(std::move(pace));
    }
    return quota;
}

std::vector<QuotaSource> quota_sources(const std::vector<std::unique_ptr<Source>>& all) {
    std::vector<QuotaSource> out;
    for (const auto& source : all) {
        if (source->spends_rate_budget()) {
            out.push_back(
                QuotaSource{source->name(), std::string(source->kind()), source->interval()});
        }
    }
    return out;
}

GithubQuota github_quota_for(const std::vector<std::unique_ptr<Source>>& sources,
                             const Secret& token) {
    return github_quota(quota_sources(sources), github_limit_per_hour(!token.empty()),
                        !token.empty());
}

GithubQuota github_quota_for(const Config& config, const Secret& token) {
    return github_quota_for(make_sources(config, token), token);
}

std::string describe(const GithubQuota& quota) {
    if (quota.sources.empty()) {
        return "GitHub quota: no repositories watched, no requests to the GitHub API";
    }
    const std::string limit =
        "the " + std::to_string(quota.limit_per_hour) + "/h " +
        (quota.token ? "a token allows"
                     : "allowed without a token (set $GITHUB_TOKEN or [github] token_file for " +
                           std::to_string(github_limit_per_hour(true)) + "/h)");
    const std::string headroom = format_number(k_quota_headroom * 100, 0) + "% headroom";
    std::string line = "GitHub quota: " + std::to_string(quota.repositories) +
                       (quota.repositories == 1 ? " repository (" : " repositories (") +
                       intervals(quota.sources, [](const QuotaPace& p) { return p.configured; }) +
                       ") = " + format_number(std::ceil(quota.configured_per_hour), 0) +
                       " requests/h worst case, " + format_number(quota.share() * 100, 1) +
                       "% of " + limit;
    if (!quota.stretched()) {
        return line + "; fits with " + headroom + ", polling as configured";
    }
    return line + "; polling " + format_number(quota.stretch, 2) + "x less often to keep " +
           headroom + ": " +
           intervals(quota.sources, [](const QuotaPace& p) { return p.interval; }) +
           ", staggered = " + format_number(quota.planned_per_hour, 0) + " requests/h";
}

}  // namespace fairweather::monitor
