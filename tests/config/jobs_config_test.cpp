// The config keys of runner pickup from jobs ([[repos]]) and of GitHub's API
// as weather ([github]): read when right, refused with what to write when not.
#include <boost/test/unit_test.hpp>

#include "config/config.h"
#include "tests/support/config_checks.h"

using namespace fairweather;
using namespace std::chrono_literals;
using fairweather::testing::config_problems;

namespace {

Config parse_ok(const std::string& text) {
    auto config = parse_config(text, "test.toml");
    if (!config) {
        for (const auto& e : config.error()) {
            BOOST_TEST_MESSAGE(e.describe());
        }
    }
    BOOST_REQUIRE(config.has_value());
    return std::move(*config);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_jobs)

BOOST_AUTO_TEST_CASE(given_nothing_it_should_read_jobs_with_the_documented_defaults) {
    const Config c = parse_ok("[[repos]]\nname = \"acme/widget\"\n");
    const auto& repo = c.repos.at(0);
    BOOST_TEST(repo.read_jobs);
    BOOST_TEST((repo.pickup_too_long == Duration{3min}));
    BOOST_TEST(repo.stuck_jobs_degraded == 1);
    BOOST_TEST(repo.stuck_jobs_outage == 3);
    BOOST_TEST(repo.self_hosted.empty());
    BOOST_TEST(repo.max_pages == 10);
    BOOST_TEST(repo.max_job_reads == 30);
    BOOST_TEST((repo.webhook_delay_degraded == Duration{5min}));
    BOOST_TEST((c.github.api_window == Duration{10min}));
    BOOST_TEST(c.github.api_min_requests == 3);
    BOOST_TEST(c.github.api_errors_degraded == 0.25);
    BOOST_TEST(c.github.api_errors_outage == 0.6);
}

BOOST_AUTO_TEST_CASE(given_every_key_it_should_read_them_all) {
    const Config c = parse_ok(R"([github]
api_window = "15m"
api_min_requests = 10
api_errors_degraded = 0.1
api_errors_outage = 1

[[repos]]
name = "bytecodealliance/wasmtime"
jobs = false
pickup_too_long = "5m"
stuck_jobs_degraded = 2
stuck_jobs_outage = 6
self_hosted = ["arc-runner-set", "Build Farm"]
webhook_delay_degraded = "10m"
max_pages = 3
max_job_reads = 50
)");
    const auto& repo = c.repos.at(0);
    BOOST_TEST(!repo.read_jobs);
    BOOST_TEST((repo.pickup_too_long == Duration{5min}));
    BOOST_TEST(repo.stuck_jobs_degraded == 2);
    BOOST_TEST(repo.stuck_jobs_outage == 6);
    BOOST_TEST((repo.self_hosted == std::vector<std::string>{"arc-runner-set", "Build Farm"}));
    BOOST_TEST((repo.webhook_delay_degraded == Duration{10min}));
    BOOST_TEST(repo.max_pages == 3);
    BOOST_TEST(repo.max_job_reads == 50);
    BOOST_TEST((c.github.api_window == Duration{15min}));
    BOOST_TEST(c.github.api_min_requests == 10);
    BOOST_TEST(c.github.api_errors_degraded == 0.1);
    BOOST_TEST(c.github.api_errors_outage == 1.0);
}

BOOST_AUTO_TEST_CASE(given_bad_values_it_should_say_where_and_what_to_write) {
    const std::string all = config_problems(R"([github]
api_errors_degraded = 25
api_errors_outage = "half"

[[repos]]
name = "acme/widget"
jobs = "yes"
pickup_too_long = "10s"
max_pages = 0
self_hosted = ["ok", 7]
)");
    BOOST_TEST(all.find("test.toml:2:23: error: [github] api_errors_degraded must be between 0 "
                        "and 1 (a share: 0.25 is a quarter, not 25)") != std::string::npos,
               all);
    BOOST_TEST(all.find("test.toml:3:21: error: [github] api_errors_outage must be a number "
                        "between 0 and 1") != std::string::npos,
               all);
    BOOST_TEST(
        all.find("test.toml:7:8: error: [[repos]] jobs must be true or false") != std::string::npos,
        all);
    BOOST_TEST(all.find("[[repos]] pickup_too_long") != std::string::npos, all);
    BOOST_TEST(all.find("[[repos]] max_pages must be between 1 and 100") != std::string::npos, all);
    BOOST_TEST(all.find("[[repos]] self_hosted") != std::string::npos, all);
}

BOOST_AUTO_TEST_SUITE_END()
