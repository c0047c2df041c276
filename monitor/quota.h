#pragma once
// The GitHub quota: what the sources that spend GitHub's rate limit (each
// repository's Actions runs and releases) ask per hour at their intervals,
// against the limit of the token, and how the monitor spreads them when that
// would leave less than half of the limit free.
//
// It counts the worst case, every poll answered 200: a 304 costs nothing,
// but a busy repository's runs change between most polls, and the quota must
// hold on the day they all do. Pure functions over plain structs, except
// github_quota_for, which builds the config's sources to ask them.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/sources/source.h"
#include "core/util/secret.h"
#include "core/util/time.h"

namespace fairweather::monitor {

// The share of the limit the quota keeps free: the dispatcher's requests,
// retries, another tool on the same token.
inline constexpr double k_quota_headroom = 0.5;

// GitHub's documented primary rate limit for the REST API, per hour: 5,000
// with a token, 60 without.
std::int64_t github_limit_per_hour(bool token);

// A source that spends GitHub's rate limit, as configured.
struct QuotaSource {
    std::string name;   // "actions:OWNER/NAME"
    std::string kind;   // "actions", "releases"
    Duration interval;  // as configured; more than 0
};

// How one source is polled under the quota.
struct QuotaPace {
    std::string name;
    std::string kind;
    Duration configured;  // the interval the config gives it
    Duration interval;    // the one it is polled at: configured x stretch, in whole seconds
    // After its first poll (at start, with every other source, so the
    // verdict and /readyz need not wait), its second comes this long after:
    // spread across `interval` when stretched, else `interval` itself.
    Duration first;
};

struct GithubQuota {
    std::int64_t limit_per_hour = 0;
    bool token = false;
    std::size_t repositories = 0;    // distinct OWNER/NAME among the sources
    double configured_per_hour = 0;  // worst case at the configured intervals
    double planned_per_hour = 0;     // worst case at the intervals polled at
    double stretch = 1;              // 1: the configured intervals fit
    std::vector<QuotaPace> sources;  // in the order given

    // configured_per_hour / limit_per_hour (0 with no limit).
    double share() const;
    bool stretched() const { return stretch > 1; }
};

// Plans `sources` against `limit_per_hour` (with `token` only for the log):
// when their worst case exceeds (1 - k_quota_headroom) of the limit, every
// interval stretches by the same factor (so the sources keep the
// proportions the config gives them), rounded up to whole seconds, and
// their second polls are staggered across the interval; otherwise they are
// polled as configured.
GithubQuota github_quota(const std::vector<QuotaSource>& sources, std::int64_t limit_per_hour,
                         bool token);

// The sources of `all` that spend the rate limit (Source::spends_rate_budget).
std::vector<QuotaSource> quota_sources(const std::vector<std::unique_ptr<Source>>& all);

// The quota of `sources` (those that spend the rate limit count), with
// `token` or without.
GithubQuota github_quota_for(const std::vector<std::unique_ptr<Source>>& sources,
                             const Secret& token);
// The quota of what `config` asks the monitor to poll, with `token` or without.
GithubQuota github_quota_for(const Config& config, const Secret& token);

// One line for the log, e.g. "GitHub quota: 1000 repositories (actions
// every 15m, releases every 15m) = 8000 requests/h worst case, 160% of the
// 5000/h a token allows; polling 3.2x less often to keep 50% headroom:
// actions every 48m, releases every 48m, staggered = 2500 requests/h".
std::string describe(const GithubQuota& quota);

}  // namespace fairweather::monitor
