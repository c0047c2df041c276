// The GitHub quota: what the configured repositories and intervals cost an
// hour against the token's limit (the worst case: every poll a 200), and how
// the intervals stretch and the second polls stagger when that leaves less
// than half of the limit free.
#include "monitor/quota.h"

#include <algorithm>

#include <boost/test/unit_test.hpp>

#include "tests/support/checks.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;

namespace {

std::string repo_name(std::size_t i) {
    return "acme/repo-" + std::to_string(i);
}

// `repositories` [[repos]] entries at the defaults (runs every poll_interval,
// 30s; releases every 15m) unless `actions` or `releases` say otherwise.
Config with_repos(std::size_t repositories, Duration actions = 30s, Duration releases = 15min) {
    Config c;
    c.monitor.poll_interval = actions;
    for (std::size_t i = 0; i < repositories; ++i) {
        github::RepoSettings repo;
        repo.name = repo_name(i);
        repo.releases_interval = releases;
        c.repos.push_back(repo);
    }
    return c;
}

const Secret k_token("ghp_test");

// Every source of `quota` polled at `interval` (or first after `first`).
bool all_at(const monitor::GithubQuota& quota, const std::string& kind, Duration interval) {
    return std::all_of(quota.sources.begin(), quota.sources.end(),
                       [&](const auto& s) { return s.kind != kind || s.interval == interval; });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(github_quota)

BOOST_AUTO_TEST_CASE(given_a_token_the_limit_should_be_5000_an_hour_and_without_60) {
    BOOST_TEST(monitor::github_limit_per_hour(true) == 5000);
    BOOST_TEST(monitor::github_limit_per_hour(false) == 60);
    BOOST_TEST(monitor::github_quota_for(with_repos(1), k_token).limit_per_hour == 5000);
    BOOST_TEST(monitor::github_quota_for(with_repos(1), Secret{}).limit_per_hour == 60);
}

BOOST_AUTO_TEST_CASE(given_sources_within_half_the_limit_it_should_poll_them_as_configured) {
    // 20 repositories at the defaults: 20 x (120 + 4) = 2480/h, 49.6% of 5000.
    const auto quota = monitor::github_quota_for(with_repos(20), k_token);
    BOOST_TEST(quota.repositories == 20u);
    BOOST_TEST(quota.sources.size() == 40u);
    BOOST_TEST(quota.configured_per_hour == 2480.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(quota.share() == 0.496, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(!quota.stretched());
    BOOST_TEST(quota.planned_per_hour == quota.configured_per_hour);
    for (const auto& s : quota.sources) {
        BOOST_TEST((s.interval == s.configured), s.name);
        BOOST_TEST((s.first == s.interval), s.name << ": not staggered");
    }
    BOOST_TEST(monitor::describe(quota) ==
               "GitHub quota: 20 repositories (actions every 30s, releases every 15m) = 2480 "
               "requests/h worst case, 49.6% of the 5000/h a token allows; fits with 50% "
               "headroom, polling as configured");
}

BOOST_AUTO_TEST_CASE(given_sources_over_half_the_limit_every_interval_should_stretch_alike) {
    // 21 repositories: 2604/h, over the 2500 that keep half of 5000 free.
    const auto quota = monitor::github_quota_for(with_repos(21), k_token);
    BOOST_TEST(quota.stretched());
    BOOST_TEST(quota.stretch == 2604.0 / 2500.0, boost::test_tools::tolerance(1e-9));
    // 30s x 1.0416 = 31.25s and 15m x 1.0416 = 937.44s, rounded up to seconds.
    BOOST_TEST(all_at(quota, "actions", 32s));
    BOOST_TEST(all_at(quota, "releases", 938s));
    BOOST_TEST(quota.planned_per_hour <= 2500.0);
    BOOST_TEST(quota.planned_per_hour > 2400.0, "no more stretched than it needs");
}

BOOST_AUTO_TEST_CASE(given_1000_repositories_at_15m_they_should_be_polled_every_48m) {
    const auto quota = monitor::github_quota_for(with_repos(1000, 15min, 15min), k_token);
    BOOST_TEST(quota.configured_per_hour == 8000.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(quota.share() == 1.6, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(quota.stretch == 3.2, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(all_at(quota, "actions", 48min));
    BOOST_TEST(all_at(quota, "releases", 48min));
    BOOST_TEST(quota.planned_per_hour == 2500.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(monitor::describe(quota) ==
               "GitHub quota: 1000 repositories (actions every 15m, releases every 15m) = 8000 "
               "requests/h worst case, 160% of the 5000/h a token allows; polling 3.2x less "
               "often to keep 50% headroom: actions every 48m, releases every 48m, staggered = "
               "2500 requests/h");
}

BOOST_AUTO_TEST_CASE(given_1000_repositories_at_the_defaults_they_should_fit_one_token) {
    const auto quota = monitor::github_quota_for(with_repos(1000), k_token);
    BOOST_TEST(quota.configured_per_hour == 124000.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(quota.stretch == 49.6, boost::test_tools::tolerance(1e-9));
    // The runs stay 30 times as fresh as the releases, as configured.
    BOOST_TEST(all_at(quota, "actions", 24min + 48s));
    BOOST_TEST(all_at(quota, "releases", 12h + 24min));
    BOOST_TEST(quota.planned_per_hour <= 0.5 * 5000 * (1 + 1e-12), ">= 50% headroom");
    BOOST_TEST(contains(monitor::describe(quota),
                        "= 124000 requests/h worst case, 2480% of the 5000/h a token allows; "
                        "polling 49.6x less often to keep 50% headroom: actions every 24m48s, "
                        "releases every 12h24m, staggered = 2500 requests/h"),
               monitor::describe(quota));
}

BOOST_AUTO_TEST_CASE(given_100_repositories_at_the_defaults_they_should_stretch_5_times) {
    const auto quota = monitor::github_quota_for(with_repos(100), k_token);
    BOOST_TEST(quota.configured_per_hour == 12400.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(quota.stretch == 4.96, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(all_at(quota, "actions", 2min + 29s));  // 148.8s, rounded up
    BOOST_TEST(all_at(quota, "releases", 1h + 14min + 24s));
    BOOST_TEST(quota.planned_per_hour <= 2500.0);
}

BOOST_AUTO_TEST_CASE(given_no_token_it_should_plan_against_60_an_hour_and_say_how_to_raise_it) {
    const auto quota = monitor::github_quota_for(with_repos(1), Secret{});
    BOOST_TEST(quota.configured_per_hour == 124.0, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(all_at(quota, "actions", 2min + 4s));
    BOOST_TEST(all_at(quota, "releases", 1h + 2min));
    BOOST_TEST(monitor::describe(quota) ==
               "GitHub quota: 1 repository (actions every 30s, releases every 15m) = 124 "
               "requests/h worst case, 206.7% of the 60/h allowed without a token (set "
               "$GITHUB_TOKEN or [github] token_file for 5000/h); polling 4.13x less often to "
               "keep 50% headroom: actions every 2m4s, releases every 1h2m, staggered = 30 "
               "requests/h");
}

BOOST_AUTO_TEST_CASE(given_stretched_sources_their_second_polls_should_spread_across_the_interval) {
    const auto quota = monitor::github_quota_for(with_repos(50, 15min, 15min), Secret{});
    BOOST_REQUIRE(quota.stretched());
    const std::size_t n = quota.sources.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto& s = quota.sources[i];
        BOOST_TEST((s.first ==
                    s.interval * static_cast<Duration::rep>(i + 1) / static_cast<Duration::rep>(n)),
                   s.name);
        BOOST_TEST((i == 0 || s.first > quota.sources[i - 1].first), s.name);
    }
    BOOST_TEST((quota.sources.back().first == quota.sources.back().interval));
}

BOOST_AUTO_TEST_CASE(given_intervals_that_differ_the_log_should_give_each_kind_its_range) {
    std::vector<monitor::QuotaSource> sources{{"actions:o/a", "actions", 1min},
                                              {"releases:o/a", "releases", 15min},
                                              {"actions:o/b", "actions", 1min},
                                              {"releases:o/b", "releases", 1h}};
    const auto quota = monitor::github_quota(sources, 5000, true);
    BOOST_TEST(quota.repositories == 2u);
    BOOST_TEST(contains(monitor::describe(quota),
                        "2 repositories (actions every 1m, releases every 15m to 1h) = 125 "
                        "requests/h worst case, 2.5% of the 5000/h"),
               monitor::describe(quota));
}

BOOST_AUTO_TEST_CASE(given_no_repositories_it_should_say_github_is_not_asked) {
    const auto quota = monitor::github_quota_for(Config{}, k_token);
    BOOST_TEST(quota.sources.empty());
    BOOST_TEST(quota.configured_per_hour == 0.0);
    BOOST_TEST(!quota.stretched());
    BOOST_TEST(monitor::describe(quota) ==
               "GitHub quota: no repositories watched, no requests to the GitHub API");
}

BOOST_AUTO_TEST_SUITE_END()
