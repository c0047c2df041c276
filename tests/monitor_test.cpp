// The monitor's loop on a manual clock, its metrics, and the real binary.
#include "monitor/monitor.h"

#include <csignal>
#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>
#include <prometheus/registry.h>

#include "core/curl_http.h"
#include "monitor/options.h"
#include "tests/support/fake_http.h"
#include "tests/support/fixtures.h"
#include "tests/support/loopback_server.h"
#include "tests/support/payloads.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;
namespace utf = boost::unit_test;

namespace {

const std::string k_url = "https://www.githubstatus.com/api/v2/summary.json";
const TimePoint k_start = *parse_timestamp("2026-11-21T08:00:00Z");

// Actions in `actions_status`, plus an unresolved minor incident on it.
std::string summary(const std::string& actions_status) {
    return github_summary(
        actions_status,
        R"([{"id":"inc1","name":"Incident with Actions","status":"investigating",)"
        R"("impact":"minor","components":[{"id":"br0l2tvcx85d","name":"Actions"}]}])");
}

struct Rig {
    Config config;
    FakeHttpClient http;
    prometheus::Registry registry;
    WeatherMetrics metrics{registry};
    std::ostringstream log;
    monitor::Monitor monitor{config, http, metrics, log};
};

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

void compare_with_golden(const std::string& actual, const std::string& name) {
    const auto path = own_fixtures_dir() / "metrics" / name;
    if (std::getenv("FAIRWEATHER_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path) << actual;
    }
    BOOST_TEST(actual == read_file(path),
               "differs from " << path.string() << " (FAIRWEATHER_UPDATE_GOLDEN=1 rewrites it)");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(monitor_loop)

BOOST_AUTO_TEST_CASE(it_should_poll_at_the_interval_and_not_between) {
    Rig rig;
    rig.http.answer(k_url, 200, summary("operational"));
    BOOST_TEST((rig.monitor.tick(k_start) == k_start + 30s));
    BOOST_TEST(rig.http.count(k_url) == 1);
    BOOST_TEST((rig.monitor.tick(k_start + 10s) == k_start + 30s));
    BOOST_TEST(rig.http.count(k_url) == 1);
    BOOST_TEST((rig.monitor.tick(k_start + 30s) == k_start + 60s));
    BOOST_TEST(rig.http.count(k_url) == 2);
    BOOST_TEST((rig.monitor.weather().weather == Weather::fair));
}

BOOST_AUTO_TEST_CASE(it_should_wait_as_long_as_retry_after_asks) {
    Rig rig;
    Headers h;
    h.add("Retry-After", "300");
    rig.http.answer(k_url, 429, "", h);
    BOOST_TEST((rig.monitor.tick(k_start) == k_start + 300s));
    BOOST_TEST((rig.monitor.weather().weather == Weather::unknown));
    BOOST_TEST(contains(rig.log.str(), "source github cannot be read: HTTP 429"), rig.log.str());
}

BOOST_AUTO_TEST_CASE(it_should_log_each_change_of_weather_once) {
    Rig rig;
    rig.http.answer(k_url, 200, summary("operational"));
    rig.http.answer(k_url, 200, summary("major_outage"));
    rig.http.answer(k_url, 200, summary("major_outage"));
    rig.http.answer(k_url, 200, summary("operational"));
    for (int i = 0; i < 4; ++i) {
        rig.monitor.tick(k_start + i * 30s);
    }
    BOOST_TEST(
        rig.log.str() ==
        "2026-11-21T08:00:00Z weather is fair: github: Actions, API Requests, Git Operations, "
        "Webhooks are operational and no unresolved incident affects them\n"
        "2026-11-21T08:00:30Z weather changed to outage (was fair): github: Actions is "
        "major_outage\n"
        "2026-11-21T08:01:30Z weather changed to fair (was outage): github: Actions, API Requests, "
        "Git Operations, Webhooks are operational and no unresolved incident affects them\n");
}

BOOST_AUTO_TEST_CASE(a_failing_source_reports_itself_down_and_then_back) {
    Rig rig;
    rig.http.answer(k_url, 200, summary("operational"));
    rig.http.answer(k_url, 502, "bad gateway");
    rig.http.answer(k_url, 200, summary("operational"));
    rig.monitor.tick(k_start);
    rig.monitor.tick(k_start + 30s);
    BOOST_TEST(
        contains(serialize_metrics(rig.registry), "fairweather_source_up{source=\"github\"} 0"));
    rig.monitor.tick(k_start + 60s);
    const std::string text = serialize_metrics(rig.registry);
    BOOST_TEST(contains(text, "fairweather_source_up{source=\"github\"} 1"));
    BOOST_TEST(
        contains(text, "fairweather_source_polls_total{result=\"error\",source=\"github\"} 1"),
        text);
    BOOST_TEST(
        contains(text, "fairweather_source_polls_total{result=\"success\",source=\"github\"} 2"),
        text);
    BOOST_TEST(contains(rig.log.str(), "source github readable again"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_metrics)

BOOST_AUTO_TEST_CASE(metrics_match_the_golden_exposition) {
    Rig rig;
    rig.http.answer(k_url, 200, summary("partial_outage"));
    rig.monitor.tick(k_start);
    compare_with_golden(serialize_metrics(rig.registry), "monitor_partial_outage.prom");
}

BOOST_AUTO_TEST_CASE(metrics_pass_promtool_check_metrics) {
    Rig rig;
    rig.http.answer(k_url, 200, summary("partial_outage"));
    rig.monitor.tick(k_start);
    TempDir dir;
    const auto path = dir / "metrics.prom";
    std::ofstream(path) << serialize_metrics(rig.registry);
    const auto r =
        run_process("/bin/sh", {"-c", "promtool check metrics < '" + path.string() + "'"});
    BOOST_TEST(r.exit_code == 0, "promtool check metrics (install Debian's prometheus package):\n"
                                     << r.out << r.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_options)

monitor::MonitorOptions parse(const std::vector<std::string>& args, int expected_code = -1) {
    Argv argv("fairweather-monitor", args);
    std::ostringstream out;
    std::ostringstream err;
    auto result = monitor::parse_options(argv.argc(), argv.argv(), Environment{}, out, err);
    if (expected_code >= 0) {
        BOOST_REQUIRE(std::holds_alternative<int>(result));
        BOOST_TEST(std::get<int>(result) == expected_code, err.str());
        return {};
    }
    BOOST_REQUIRE(std::holds_alternative<monitor::MonitorOptions>(result));
    return std::get<monitor::MonitorOptions>(result);
}

BOOST_AUTO_TEST_CASE(flags_override_the_config) {
    const auto options =
        parse({"--listen", "127.0.0.1:9999", "--status-url", "http://127.0.0.1:8"});
    BOOST_TEST(options.config.monitor.listen == "127.0.0.1:9999");
    BOOST_TEST(options.config.status_pages[0].url == "http://127.0.0.1:8");
}

BOOST_AUTO_TEST_CASE(bad_flags_and_config_give_64_and_78) {
    parse({"--listen", "9464"}, 64);
    parse({"--bogus"}, 64);
    parse({"--config", "/nonexistent.toml"}, 78);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_process, *utf::precondition(real_fixtures_present))

BOOST_AUTO_TEST_CASE(serves_metrics_and_stops_cleanly_on_sigterm) {
    LoopbackServer status;
    status.serve_json(
        "/api/v2/summary.json",
        real_fixture(
            "statuspage/githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json"));
    BackgroundProcess monitor(monitor_binary(),
                              {"--listen", "127.0.0.1:0", "--status-url", status.url()});
    const std::string serving = monitor.wait_for_line("serving /metrics on ");
    BOOST_REQUIRE_MESSAGE(!serving.empty(), monitor.err());
    BOOST_REQUIRE(!monitor.wait_for_line("weather is outage").empty());
    const auto start = serving.find("http://");
    const std::string url = serving.substr(start, serving.find(',', start) - start);
    BOOST_TEST(url.ends_with("/metrics"), url);

    CurlHttpClient http(HttpSettings{});
    HttpRequest request;
    request.url = url;
    const auto response = http.send(request);
    BOOST_REQUIRE(response.has_value());
    BOOST_TEST(response->status == 200);
    BOOST_TEST(contains(response->body, "fairweather_weather_state{state=\"outage\"} 1"),
               response->body);
    BOOST_TEST(contains(response->body,
                        "fairweather_status_component_state{component=\"GitHub "
                        "Actions\",component_id=\"br0l2tvcx85d\","
                        "source=\"github\",status=\"partial_outage\"} 1"),
               response->body);
    BOOST_TEST(
        contains(response->body,
                 "fairweather_status_incidents_unresolved{impact=\"major\",source=\"github\"} 1"));

    BOOST_TEST(monitor.stop(SIGTERM) == 0, monitor.err());
    BOOST_TEST(contains(monitor.err(), "stopping on signal"));
}

BOOST_AUTO_TEST_CASE(once_prints_the_weather_and_exits) {
    LoopbackServer status;
    status.serve_json(
        "/api/v2/summary.json",
        real_fixture("statuspage/githubstatus_summary_2024-02-05_all_operational.json"));
    const auto r = run_process(monitor_binary(), {"--once", "--status-url", status.url()});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "fair\n");
}

BOOST_AUTO_TEST_CASE(an_address_in_use_exits_69_with_advice) {
    LoopbackServer taken;
    const auto r =
        run_process(monitor_binary(), {"--listen", "127.0.0.1:" + std::to_string(taken.port())});
    BOOST_TEST(r.exit_code == 69, r.err);
    BOOST_TEST(contains(r.err, "pass --listen with a free HOST:PORT"), r.err);
}

BOOST_AUTO_TEST_SUITE_END()
