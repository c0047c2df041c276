// The GitHub quota: what the configured repositories and intervals cost an
// hour against the token's limit (the worst case: every poll a 200), how the
// intervals stretch and the second polls stagger when that leaves less than
// half of the limit free, and the monitor polling, logging and exporting it.
#include "monitor/quota.h"

#include <algorithm>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "core/store/memory_store.h"
#include "exporters/registry.h"
#include "monitor/service.h"
#include "tests/support/checks.h"
#include "tests/support/fake_http.h"
#include "tests/support/metric_checks.h"
#include "tests/support/payloads.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;

namespace {

const TimePoint t0 = *parse_timestamp("2026-11-20T14:30:00Z");
const std::string k_status = "https://www.githubstatus.com/api/v2/summary.json";

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

BOOST_AUTO_TEST_SUITE(github_quota_in_the_monitor)

// A wired monitor (monitor::Service) over a fake HTTP client, a memory store
// and a manual clock: every repository quiet, every source fair.
struct World {
    explicit World(Config c, Secret token = {}) : config(std::move(c)) {
        http.answer(k_status, 200, github_summary("operational"));
        for (const auto& repo : config.repos) {
            http.answer(runs(repo.name), 200, R"({"total_count":0,"workflow_runs":[]})");
            http.answer(releases(repo.name), 200, "[]");
        }
        service = std::make_unique<monitor::Service>(config, token, http, *store, metrics, log, 1,
                                                     QueueIds(1));
    }
    static std::string runs(const std::string& repo) {
        return "https://api.github.com/repos/" + repo + "/actions/runs";
    }
    static std::string releases(const std::string& repo) {
        return "https://api.github.com/repos/" + repo + "/releases";
    }
    // The times `url` (with any query) was asked, as offsets from t0.
    std::vector<Duration> asked(const std::string& url) const {
        std::vector<Duration> out;
        for (std::size_t i = 0; i < http.requests().size(); ++i) {
            const std::string& u = http.requests()[i].url;
            if (u.substr(0, u.find('?')) == url) {
                out.push_back(times[i] - t0);
            }
        }
        return out;
    }
    // Ticks at t0 and at every wake time until `until`, noting when each
    // request went out; the verdict must stay fair throughout.
    void run_until(TimePoint until) {
        TimePoint now = t0;
        while (now <= until) {
            const std::size_t before = http.requests().size();
            const TimePoint next = service->monitor.tick(now);
            times.resize(http.requests().size(), now);
            if (before > 0) {
                const auto snap = service->monitor.snapshot(now);
                BOOST_TEST_REQUIRE((snap.weather == Weather::fair), format_timestamp(now)
                                                                        << ": " << snap.cause);
            }
            now = std::max(next, now + 1ms);
        }
    }

    Config config;
    FakeHttpClient http;
    std::unique_ptr<StateStore> store = make_memory_store();
    metrics::Registry registry;
    monitor::MonitorMetrics metrics{registry};
    std::ostringstream log;
    std::unique_ptr<monitor::Service> service;
    std::vector<TimePoint> times;  // when each of http.requests() was sent
};

BOOST_AUTO_TEST_CASE(given_a_stretched_quota_the_sources_should_poll_at_its_intervals_staggered) {
    // 3 repositories without a token: 372/h against 60 is 12.4 times the 30
    // that keep half free, so runs every 6m12s (longer than stale_after, 5m)
    // and releases every 3h6m, their second polls staggered by 1/6 steps.
    World w(with_repos(3));
    BOOST_TEST_REQUIRE(w.service->quota.stretch == 12.4, boost::test_tools::tolerance(1e-9));
    w.run_until(t0 + 1h);

    // At start every source is read once, so the verdict and /readyz need not wait.
    for (const auto& repo : w.config.repos) {
        BOOST_TEST((w.asked(World::runs(repo.name)).front() == 0s), repo.name);
        BOOST_TEST((w.asked(World::releases(repo.name)) == std::vector<Duration>{0s}), repo.name);
    }
    const Duration every = 6min + 12s;
    const std::vector<Duration> firsts{62s, 186s, 310s};  // 372s x 1/6, 3/6, 5/6
    for (std::size_t r = 0; r < 3; ++r) {
        const auto times = w.asked(World::runs(repo_name(r)));
        BOOST_REQUIRE_MESSAGE(times.size() >= 3u, repo_name(r));
        BOOST_TEST((times[1] == firsts[r]), repo_name(r));
        for (std::size_t i = 2; i < times.size(); ++i) {
            BOOST_TEST((times[i] - times[i - 1] == every), repo_name(r) << " poll " << i);
        }
    }
    // The status page is no GitHub API source: still every 30s.
    BOOST_TEST(w.http.count(k_status) == 121);
}

BOOST_AUTO_TEST_CASE(
    given_stretched_sources_the_github_lane_should_still_wake_every_poll_interval) {
    // Its tasks (the release queue) run only when it wakes, and a release
    // queued meanwhile wakes nothing: the first stretched poll is 62s away.
    World w(with_repos(3));
    w.service->monitor.tick(t0);
    std::size_t lane = 0;
    while (w.service->monitor.lane_host(lane) != "api.github.com") {
        ++lane;
    }
    BOOST_TEST((w.service->monitor.tick_lane(lane, t0 + 1s) == t0 + 1s + 30s));
}

BOOST_AUTO_TEST_CASE(given_a_stretched_source_it_should_go_stale_only_that_much_later) {
    World w(with_repos(3));
    w.run_until(t0 + 1min);
    // The second poll of repo-0's runs (at 62s) reads; from the third on it fails.
    w.http.answer(World::runs(repo_name(0)), 500, "");
    // Runs every 6m12s instead of 30s: stale 5m + 5m42s after the last read.
    TimePoint now = t0 + 1min;
    for (; now <= t0 + 62s + 10min + 42s; now += 1s) {
        w.service->monitor.tick(now);
    }
    BOOST_TEST(w.http.count(World::runs(repo_name(0))) == 3);
    auto snap = w.service->monitor.snapshot(now - 1s);
    BOOST_TEST((snap.weather == Weather::fair), snap.cause);
    w.service->monitor.tick(now);
    snap = w.service->monitor.snapshot(now);
    BOOST_TEST((snap.weather == Weather::unknown), snap.cause);
    BOOST_TEST(contains(snap.cause,
                        "more than stale_after 5m + 5m42s the GitHub quota stretched "
                        "its interval by"),
               snap.cause);
}

BOOST_AUTO_TEST_CASE(given_a_quota_that_fits_the_sources_should_poll_as_configured) {
    World w(with_repos(3), k_token);
    BOOST_REQUIRE(!w.service->quota.stretched());
    w.run_until(t0 + 2min);
    const auto times = w.asked(World::runs(repo_name(1)));
    BOOST_TEST((times == std::vector<Duration>{0s, 30s, 60s, 90s, 120s}));
}

BOOST_AUTO_TEST_CASE(given_a_quota_the_metrics_should_say_its_cost_and_limit) {
    World stretched(with_repos(3));
    const std::string text = serialize_metrics(stretched.registry);
    BOOST_TEST(*metric_sample(text, "fairweather_github_configured_requests_per_hour") == 372.0,
               boost::test_tools::tolerance(1e-9));
    BOOST_TEST(*metric_sample(text, "fairweather_github_planned_requests_per_hour") == 30.0,
               boost::test_tools::tolerance(1e-9));
    expect_metric(text, "fairweather_github_request_limit_per_hour", 60);

    World fits(with_repos(3), k_token);
    const std::string with_token = serialize_metrics(fits.registry);
    BOOST_TEST(
        *metric_sample(with_token, "fairweather_github_configured_requests_per_hour") == 372.0,
        boost::test_tools::tolerance(1e-9));
    BOOST_TEST(*metric_sample(with_token, "fairweather_github_planned_requests_per_hour") == 372.0,
               boost::test_tools::tolerance(1e-9));
    expect_metric(with_token, "fairweather_github_request_limit_per_hour", 5000);
}

BOOST_AUTO_TEST_SUITE_END()
