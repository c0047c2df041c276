// The check command's flow: observe, decide, and wait with backoff on a manual clock.
#include "gate/check.h"

#include <sstream>

#include <boost/test/unit_test.hpp>

#include "tests/support/fake_http.h"
#include "tests/support/payloads.h"

using namespace fairweather;
using namespace fairweather::gate;
using fairweather::testing::FakeHttpClient;
using fairweather::testing::github_summary;
using namespace std::chrono_literals;

namespace {

const std::string k_url = "https://www.githubstatus.com/api/v2/summary.json";
const TimePoint k_start = *parse_timestamp("2026-11-20T09:00:00Z");

CheckRequest request(ReleaseKind kind, std::optional<Duration> wait = std::nullopt) {
    CheckRequest r;
    r.kind = kind;
    r.wait = wait;
    return r;
}

std::vector<Duration> durations(std::initializer_list<Duration> d) {
    return d;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gate_check)

BOOST_AUTO_TEST_CASE(given_no_wait_it_should_poll_once_and_decide) {
    FakeHttpClient http;
    http.answer(k_url, 200, github_summary("major_outage"));
    ManualClock clock(k_start);
    std::ostringstream progress;
    const auto result = run_check(request(ReleaseKind::regular), Config{}, http, clock, progress);
    BOOST_TEST((result.decision.decision == Decision::defer));
    BOOST_TEST((result.decision.weather == Weather::outage));
    BOOST_TEST(result.polls == 1);
    BOOST_TEST(http.count(k_url) == 1);
    BOOST_TEST(clock.sleeps().empty());
    BOOST_TEST(progress.str().empty());
}

BOOST_AUTO_TEST_CASE(given_wait_it_should_back_off_until_the_weather_clears) {
    FakeHttpClient http;
    http.answer(k_url, 200, github_summary("major_outage"));
    http.answer(k_url, 200, github_summary("partial_outage"));
    http.answer(k_url, 200, github_summary("operational"));
    ManualClock clock(k_start);
    std::ostringstream progress;
    const auto result =
        run_check(request(ReleaseKind::regular, 30min), Config{}, http, clock, progress);
    BOOST_TEST((result.decision.decision == Decision::proceed));
    BOOST_TEST(result.polls == 3);
    BOOST_TEST((clock.sleeps() == durations({30s, 60s})));
    BOOST_TEST((result.waited == Duration{90s}));
    BOOST_TEST(
        progress.str() ==
        "2026-11-20T09:00:00Z waiting: CI weather is outage (github: Actions is major_outage); "
        "checking again in 30s, 30m of 30m left\n"
        "2026-11-20T09:00:30Z waiting: CI weather is outage (github: Actions is partial_outage); "
        "checking again in 1m, 29m30s of 30m left\n");
}

BOOST_AUTO_TEST_CASE(given_wait_that_runs_out_it_should_defer_after_a_last_check_at_the_deadline) {
    FakeHttpClient http;
    http.answer(k_url, 200, github_summary("major_outage"));
    ManualClock clock(k_start);
    std::ostringstream progress;
    const auto result =
        run_check(request(ReleaseKind::patch, 2min), Config{}, http, clock, progress);
    BOOST_TEST((result.decision.decision == Decision::defer));
    // 30s, then 60s, then only the 30s left of the two minutes.
    BOOST_TEST((clock.sleeps() == durations({30s, 60s, 30s})));
    BOOST_TEST(result.polls == 4);
    BOOST_TEST(result.decision.reasons.back() ==
               "waited 2m over 4 checks and the weather did not clear");
}

BOOST_AUTO_TEST_CASE(given_wait_the_pause_should_stop_growing_at_the_maximum) {
    FakeHttpClient http;
    http.answer(k_url, 200, github_summary("major_outage"));
    ManualClock clock(k_start);
    Config config;
    config.gate.wait_interval = 30s;
    config.gate.wait_max_interval = 1min;
    std::ostringstream progress;
    run_check(request(ReleaseKind::regular, 4min), config, http, clock, progress);
    BOOST_TEST((clock.sleeps() == durations({30s, 60s, 60s, 60s, 30s})));
}

BOOST_AUTO_TEST_CASE(given_retry_after_it_should_not_ask_again_sooner) {
    FakeHttpClient http;
    Headers h;
    h.add("Retry-After", "90");
    http.answer(k_url, 429, "", h);
    http.answer(k_url, 200, github_summary("operational"));
    ManualClock clock(k_start);
    std::ostringstream progress;
    const auto result =
        run_check(request(ReleaseKind::regular, 10min), Config{}, http, clock, progress);
    BOOST_TEST((clock.sleeps() == durations({90s})));
    BOOST_TEST((result.decision.decision == Decision::proceed));
}

BOOST_AUTO_TEST_CASE(given_a_block_it_should_not_wait) {
    FakeHttpClient http;
    http.answer(k_url, 200, github_summary("major_outage"));
    ManualClock clock(k_start);
    Config config;
    config.gate.regular.outage = Decision::block;
    std::ostringstream progress;
    const auto result =
        run_check(request(ReleaseKind::regular, 30min), config, http, clock, progress);
    BOOST_TEST((result.decision.decision == Decision::block));
    BOOST_TEST(result.polls == 1);
}

BOOST_AUTO_TEST_CASE(given_two_pages_the_worst_should_decide) {
    FakeHttpClient http;
    http.answer(k_url, 200, github_summary("operational"));
    http.answer(
        "https://status.npmjs.org/api/v2/summary.json", 200,
        R"({"components":[{"id":"r","name":"Registry","status":"partial_outage"}],"incidents":[]})");
    Config config;
    StatusPageSettings npm;
    npm.name = "npm";
    npm.url = "https://status.npmjs.org";
    npm.components.clear();
    config.status_pages.push_back(npm);
    ManualClock clock(k_start);
    std::ostringstream progress;
    const auto result = run_check(request(ReleaseKind::regular), config, http, clock, progress);
    BOOST_TEST((result.decision.weather == Weather::outage));
    BOOST_TEST(result.conditions.sources.size() == 2u);
    BOOST_TEST(result.decision.reasons[1] == "npm: Registry is partial_outage");
}

BOOST_AUTO_TEST_SUITE_END()
