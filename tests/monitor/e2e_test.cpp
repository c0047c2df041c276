// The real fairweather-monitor binary against fake status-page and GitHub
// servers on loopback serving recorded payloads, and a real Prometheus
// scraping it. The monitor runs on real time with short intervals; the tests
// wait for its log lines and the fakes' request counts (events), never for a
// fixed time.
#include <csignal>
#include <fstream>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

#include "core/api/weather_json.h"
#include "core/http/curl_client.h"
#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/loopback_server.h"
#include "tests/support/monitor_process.h"
#include "tests/support/payloads.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;
namespace utf = boost::unit_test;

namespace {

const std::string k_summary = "/api/v2/summary.json";
const std::string k_runs = "/repos/acme/widget/actions/runs";
const std::string k_releases = "/repos/acme/widget/releases";

// Fakes for the status page and the GitHub API, and a config pointing at them.
struct World {
    LoopbackServer status;
    LoopbackServer github;
    TempDir dir;
    std::string config;

    World() {
        status.serve_json(
            k_summary,
            real_fixture("statuspage/githubstatus_summary_2024-02-05_all_operational.json"),
            "\"op-2024\"");
        github.serve_json(k_runs, own_fixture("github/runs_healthy.json"));
        github.serve_json(k_releases, real_fixture("github_rest/list_releases.example.json"));
        // A token, as in production: 5,000 requests an hour, so the GitHub
        // quota stretches the runs' 1s interval only to 2s (60 would make it 2m1s).
        std::ofstream(dir / "github-token") << "ghp_e2e\n";
        config = (dir / "fairweather.toml").string();
        std::ofstream(config) << "[monitor]\n"
                                 "poll_interval = \"1s\"\n"
                                 "recovery_window = \"5s\"\n"
                                 "stale_after = \"1m\"\n"
                                 "[[status_pages]]\n"
                                 "name = \"github\"\n"
                                 "url = \""
                              << status.url() << "\"\n"
                              << "components = [\"br0l2tvcx85d\", \"brv1bkgrwx7q\", "
                                 "\"8l4ygp009s5s\", \"4230lsnqdsld\"]\n"
                              << "[github]\n"
                                 "api_url = \""
                              << github.url() << "\"\n"
                              << "token_file = \"" << (dir / "github-token").string() << "\"\n"
                              << "[[repos]]\n"
                                 "name = \"acme/widget\"\n"
                                 "release_workflow = \"release.yml\"\n"
                                 // The recorded runs are from 2026-11-20 14:00-14:30; a window
                                 // reaching back to them keeps them in view on any day.
                                 "window = \"3650d\"\n"
                                 "queued_too_long = \"3650d\"\n";
    }

    std::vector<std::string> args() const {
        return {"--config",    config,        "--listen",
                "127.0.0.1:0", "--state-dir", (dir / "state").string()};
    }

    void status_outage() {
        status.replace_json(
            k_summary,
            real_fixture(
                "statuspage/githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json"),
            "\"outage-2020\"");
    }
    void status_operational() {
        status.replace_json(
            k_summary,
            real_fixture("statuspage/githubstatus_summary_2024-02-05_all_operational.json"),
            "\"op-2024\"");
    }
};

// A running monitor and the base URL it serves on.
struct Running {
    BackgroundProcess process;
    std::string base;

    explicit Running(const std::vector<std::string>& args)
        : process(monitor_binary(), args), base(wait_until_serving(process)) {}
    void expect_line(const std::string& needle) {
        BOOST_REQUIRE_MESSAGE(!process.wait_for_line(needle).empty(), "no log line with \""
                                                                          << needle << "\":\n"
                                                                          << process.err());
    }
    WeatherSnapshot weather() const {
        auto s = parse_weather_snapshot(get_body(base + "/api/v1/weather"));
        BOOST_REQUIRE(s.has_value());
        return *s;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(monitor_end_to_end, *utf::precondition(real_fixtures_present))

BOOST_AUTO_TEST_CASE(the_api_and_metrics_follow_an_outage_and_the_recovery_window) {
    World world;
    Running monitor(world.args());
    monitor.expect_line("weather changed to fair (was unknown): first observation");
    BOOST_TEST((monitor.weather().weather == Weather::fair));
    BOOST_TEST(contains(get_body(monitor.base + "/readyz"), "\"ready\":true"));

    world.status_outage();
    monitor.expect_line(
        "weather changed to outage (was fair): github: GitHub Actions is partial_outage");
    auto snap = monitor.weather();
    BOOST_TEST((snap.weather == Weather::outage));
    BOOST_TEST(snap.sources[0].incidents.at(0).id == "80d0cs6kpsps");
    BOOST_TEST(contains(get_body(monitor.base + "/metrics"),
                        "fairweather_weather_state{state=\"outage\"} 1"));

    world.status_operational();
    const std::size_t seen = world.status.count(k_summary);
    // Two more polls: the first saw fair, the monitor has recorded it by the second.
    BOOST_REQUIRE(world.status.wait_for_count(k_summary, seen + 2));
    snap = monitor.weather();
    BOOST_TEST((snap.weather == Weather::outage), "held through the 5s recovery window");
    BOOST_TEST((snap.raw_weather == Weather::fair));
    BOOST_TEST(snap.recovering_until.has_value());
    // The window's start is logged, not only its end.
    monitor.expect_line(
        "every source is fair again; the verdict stays outage through the recovery window, until");
    monitor.expect_line("weather changed to fair (was outage): every source fair for");
    BOOST_TEST((monitor.weather().weather == Weather::fair));

    const std::string history = get_body(monitor.base + "/api/v1/history?since=2000-01-01");
    BOOST_TEST(contains(history, "\"to\": \"outage\""), history);
    BOOST_TEST(contains(history, "\"from\": \"outage\",\n      \"to\": \"fair\""), history);

    // Conditional requests: the fake answered unchanged polls with 304.
    BOOST_TEST(world.status.not_modified(k_summary) > 0u);
    BOOST_TEST(contains(get_body(monitor.base + "/metrics"),
                        "fairweather_source_http_responses_total{code=\"304\",source=\"github\"}"));
    const auto requests = world.status.requests();
    BOOST_TEST(std::any_of(requests.begin(), requests.end(), [](const RecordedRequest& r) {
        return r.header("If-None-Match") == "\"op-2024\"";
    }));

    BOOST_TEST(monitor.process.stop(SIGTERM) == 0, monitor.process.err());
    BOOST_TEST(contains(monitor.process.err(), "fairweather-monitor: stopped"));
}

BOOST_AUTO_TEST_CASE(check_config_and_the_start_say_what_the_repositories_cost_on_github) {
    World world;
    // 3600 runs polls + 4 releases polls an hour, over the 2500 that keep
    // half of the token's 5000 free.
    const std::string quota =
        "fairweather-monitor: GitHub quota: 1 repository (actions every 1s, releases every 15m) "
        "= 3604 requests/h worst case, 72.1% of the 5000/h a token allows; polling 1.44x less "
        "often to keep 50% headroom: actions every 2s, releases every 21m38s, staggered";
    auto args = world.args();
    args.push_back("--check-config");
    const auto checked = run_process(monitor_binary(), args);
    BOOST_TEST(checked.exit_code == 0, checked.err);
    BOOST_TEST(contains(checked.out, quota), checked.out);

    Running monitor(world.args());
    monitor.expect_line(quota);
}

BOOST_AUTO_TEST_CASE(retry_after_from_github_is_honoured) {
    World world;
    ScriptedResponse limited;
    limited.status = 429;
    limited.headers = {{"Retry-After", "3"}};
    limited.body = R"({"message":"You have exceeded a secondary rate limit"})";
    world.github.replace(k_runs, limited);
    Running monitor(world.args());
    BOOST_REQUIRE(world.github.wait_for_count(k_runs, 2));
    std::vector<RecordedRequest> runs;
    for (const auto& r : world.github.requests()) {
        if (r.target.starts_with(k_runs)) {
            runs.push_back(r);
        }
    }
    const auto gap =
        std::chrono::duration_cast<std::chrono::milliseconds>(runs[1].arrived - runs[0].arrived);
    BOOST_TEST(gap.count() >= 2900,
               "second request after " << gap.count() << " ms, Retry-After was 3 s");
    // The status page, on another host, kept its 1s pace meanwhile.
    BOOST_TEST(world.status.count(k_summary) >= 2u);
}

BOOST_AUTO_TEST_CASE(a_restart_keeps_the_verdict) {
    World world;
    world.status_outage();
    {
        Running monitor(world.args());
        monitor.expect_line("weather changed to outage (was unknown)");
        BOOST_TEST(monitor.process.stop(SIGTERM) == 0);
    }
    world.status_operational();
    Running monitor(world.args());
    // Straight after the start, before any poll could clear it: still outage.
    BOOST_TEST((monitor.weather().weather == Weather::outage));
    monitor.expect_line("weather changed to fair (was outage): every source fair for");
}

BOOST_AUTO_TEST_CASE(the_gate_asks_the_monitor) {
    World world;
    world.status_outage();
    Running monitor(world.args());
    monitor.expect_line("weather changed to outage");
    const auto r =
        run_process(gate_binary(), {"check", "--kind", "regular", "--monitor", monitor.base});
    BOOST_TEST(r.exit_code == 75, r.out << r.err);
    BOOST_TEST(contains(r.out, "github: GitHub Actions is partial_outage"), r.out);
    const auto security = run_process(gate_binary(), {"check", "--kind", "security", "--monitor",
                                                      monitor.base, "--format", "json"});
    BOOST_TEST(security.exit_code == 75);
    BOOST_TEST(contains(security.out, "\"incidents\": [\n    \"80d0cs6kpsps\"\n  ]"), security.out);
}

// The release-delay report from the monitor's own history: the releases it
// read from GitHub, the incident it saw on the status page, and a decision a
// gate reported; and the same history as cadence metrics on /metrics.
BOOST_AUTO_TEST_CASE(the_gate_reports_release_delays_from_the_monitors_history) {
    World world;
    world.github.replace_json(k_releases, own_fixture("github/releases_widget.json"));
    // Two unresolved incidents, so both overlap every delay: one on Actions
    // since 2.0.0's slot, and one that lists only another component.
    world.status.replace_json(
        k_summary,
        github_summary(
            "partial_outage",
            R"([{"id":"act26feb","name":"Incident with Actions","status":"investigating",)"
            R"("impact":"major","created_at":"2026-02-21T09:00:00Z",)"
            R"("started_at":"2026-02-21T09:00:00Z","components":[{"id":"br0l2tvcx85d",)"
            R"("name":"Actions"}]},)"
            R"({"id":"pages26","name":"Pages builds delayed","status":"investigating",)"
            R"("impact":"minor","created_at":"2026-01-01T09:00:00Z",)"
            R"("components":[{"id":"vg70hn9s2tyj","name":"Pages"}]}])"),
        "\"feb-outage\"");
    const std::string token = "e2e-report-token";
    std::ofstream(world.dir / "api-token") << token << "\n";
    std::ofstream(world.config, std::ios::app)
        << "[api]\ntoken_file = \"" << (world.dir / "api-token").string() << "\"\n"
        << "[policy]\nscheme = \"semver\"\ncadence = \"monthly\"\nday = 20\n"
           "anchor = { version = \"1.0.0\", date = \"2026-01-20\" }\nsupport_months = 2\n"
           "security_sla = \"72h\"\n"
           "[report]\nsecurity_marker = \"security\"\n";
    Running monitor(world.args());
    monitor.expect_line("weather changed to outage");
    // The cadence is refreshed after the GitHub lane's first round; a second
    // round of runs means the first has finished.
    BOOST_REQUIRE(world.github.wait_for_count(k_runs, 2));

    // A gate decides on 2.0.1 (a patch to a branch past its end of life:
    // block) and tells the monitor.
    const auto check =
        run_process(gate_binary(),
                    {"check", "--kind", "security", "--release", "2.0.1", "--repo", "acme/widget",
                     "--config", world.config, "--monitor", monitor.base},
                    {{"FAIRWEATHER_API_TOKEN", token}, {"GITHUB_ACTOR", "octocat"}});
    BOOST_TEST(check.exit_code == 1, check.out << check.err);
    BOOST_TEST(!contains(check.out + check.err, token));

    const auto r =
        run_process(gate_binary(), {"report", "--repo", "acme/widget", "--config", world.config,
                                    "--monitor", monitor.base, "--format", "json"});
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
    simdjson::dom::parser parser;
    simdjson::dom::element report;
    BOOST_REQUIRE(parser.parse(r.out).get(report) == simdjson::SUCCESS);
    std::map<std::string, simdjson::dom::element> rows;
    for (const auto row : report["releases"].get_array()) {
        rows[std::string(row["version"].get_string().value())] = row;
    }
    // The draft, the release candidate and "nightly" are not releases here.
    BOOST_TEST(rows.size() == 4u);
    BOOST_REQUIRE(rows.count("2.0.0") == 1u);
    BOOST_TEST(std::string(rows["2.0.0"]["scheduled"].get_string().value()) == "2026-02-20");
    BOOST_TEST(std::string(rows["2.0.0"]["published"].get_string().value()) == "2026-02-23");
    BOOST_TEST(rows["2.0.0"]["delay_days"].get_int64().value() == 3);
    // Only the Actions incident counts: Pages is not what CI releases with.
    BOOST_TEST(rows["2.0.0"]["incidents"].get_array().size() == 1u);
    BOOST_TEST(std::string(rows["2.0.0"]["incidents"].at(0).get_string().value()) == "act26feb");
    BOOST_TEST(rows["1.0.0"]["delay_days"].get_int64().value() == 0);
    BOOST_TEST(rows["3.0.0"]["delay_days"].get_int64().value() == 0);
    BOOST_REQUIRE(rows.count("2.0.1") == 1u);
    BOOST_TEST(std::string(rows["2.0.1"]["kind"].get_string().value()) == "security");
    const auto decision = rows["2.0.1"]["decisions"].at(0);
    BOOST_TEST(std::string(decision["decision"].get_string().value()) == "block");
    BOOST_TEST(contains(std::string(decision["requested_by"].get_string().value()), "octocat"));
    BOOST_TEST(report["summary"]["late_with_incidents"].get_int64().value() == 1);
    BOOST_TEST(contains(r.out, "\"tag\": \"nightly\""), r.out);  // skipped, with the reason

    const std::string metrics = get_body(monitor.base + "/metrics");
    BOOST_TEST(contains(metrics,
                        "fairweather_release_delay_seconds{repo=\"acme/widget\","
                        "version=\"2.0.0\"} 259200"),
               metrics);
    // 4.0.0 was due on 2026-04-20 and only a draft exists.
    BOOST_TEST(contains(metrics, "fairweather_release_overdue{repo=\"acme/widget\"} 1"), metrics);
    BOOST_TEST(contains(metrics,
                        "fairweather_gate_decisions_total{decision=\"block\","
                        "kind=\"security\"} 1"),
               metrics);
    const auto path = world.dir / "metrics.prom";
    std::ofstream(path) << metrics;
    const auto promtool =
        run_process("/bin/sh", {"-c", "promtool check metrics < '" + path.string() + "'"});
    BOOST_TEST(promtool.exit_code == 0, promtool.out << promtool.err);
    BOOST_TEST(monitor.process.stop(SIGTERM) == 0, monitor.process.err());
}

// What a Prometheus user expects of an exporter: a page at / that links the
// endpoints, the build and the process in /metrics, and --version.
BOOST_AUTO_TEST_CASE(the_landing_page_links_the_endpoints_and_metrics_carry_the_process) {
    World world;
    Running monitor(world.args());
    const auto page = call_monitor("GET", monitor.base + "/");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(contains(*page.headers.get("Content-Type"), "text/html"));
    for (const char* link : {"/api/v1/weather", "/metrics", "/healthz", "/readyz"}) {
        BOOST_TEST(contains(page.body, "<a href=\"" + std::string(link) + "\">"), page.body);
    }
    const std::string metrics = get_body(monitor.base + "/metrics");
    BOOST_TEST(contains(metrics, "fairweather_build_info{version=\""), metrics);
    BOOST_TEST(contains(metrics, "\nprocess_resident_memory_bytes "), metrics);
    BOOST_TEST(contains(metrics, "\nprocess_open_fds "), metrics);
    const auto version = run_process(monitor_binary(), {"--version"});
    BOOST_TEST(version.exit_code == 0);
    BOOST_TEST(contains(version.out, "fairweather-monitor "), version.out);
    BOOST_TEST(contains(version.out, "(revision "), version.out);
}

BOOST_AUTO_TEST_CASE(a_real_prometheus_scrapes_the_weather) {
    World world;
    Running monitor(world.args());
    monitor.expect_line("weather changed to fair");
    const std::uint16_t port = free_port();
    const auto config = world.dir / "prometheus.yml";
    std::ofstream(config) << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                             "scrape_configs:\n  - job_name: fairweather\n    static_configs:\n"
                             "      - targets: ['"
                          << monitor.base.substr(7) << "']\n";
    BackgroundProcess prometheus(
        "/usr/bin/prometheus",
        {"--config.file=" + config.string(), "--storage.tsdb.path=" + (world.dir / "tsdb").string(),
         "--web.listen-address=127.0.0.1:" + std::to_string(port)});
    BOOST_REQUIRE_MESSAGE(
        !prometheus.wait_for_line("Server is ready to receive web requests").empty(),
        "prometheus did not start:\n"
            << prometheus.err());
    const std::string query =
        "http://127.0.0.1:" + std::to_string(port) +
        "/api/v1/query?query=fairweather_weather_state%7Bstate%3D%22fair%22%7D";
    // Prometheus scrapes on its own 1s timer: ask until the first scrape has landed.
    std::string answer;
    for (int attempt = 0; attempt < 100 && !contains(answer, "\"value\""); ++attempt) {
        if (attempt > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        answer = get_body(query);
    }
    BOOST_TEST(contains(answer, "\"__name__\":\"fairweather_weather_state\""), answer);
    BOOST_TEST(contains(answer, "\"job\":\"fairweather\""), answer);
    BOOST_TEST(contains(answer, ",\"1\"]"), answer);
    const std::string up =
        get_body("http://127.0.0.1:" + std::to_string(port) + "/api/v1/query?query=up");
    BOOST_TEST(contains(up, ",\"1\"]"), up);
    prometheus.stop(SIGTERM);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_process)

BOOST_AUTO_TEST_CASE(an_address_in_use_exits_69_with_advice) {
    LoopbackServer taken;
    TempDir dir;
    const auto r =
        run_process(monitor_binary(), {"--listen", "127.0.0.1:" + std::to_string(taken.port()),
                                       "--state-dir", dir.path().string()});
    BOOST_TEST(r.exit_code == 69, r.err);
    BOOST_TEST(contains(r.err, "pass --listen with a free HOST:PORT"), r.err);
}

BOOST_AUTO_TEST_CASE(a_corrupt_state_database_exits_74_and_is_left_alone) {
    TempDir dir;
    std::filesystem::create_directories(dir / "state");
    const std::string junk = "this is not a SQLite database, but someone's notes";
    std::ofstream(dir / "state" / "fairweather.db") << junk;
    const auto r =
        run_process(monitor_binary(), {"--once", "--state-dir", (dir / "state").string()});
    BOOST_TEST(r.exit_code == 74, r.err);
    BOOST_TEST(contains(r.err, "fairweather.db"), r.err);
    BOOST_TEST(contains(r.err, "move it aside"), r.err);
    BOOST_TEST(read_file(dir / "state" / "fairweather.db") == junk);
}

// World serves recorded payloads.
BOOST_AUTO_TEST_CASE(a_second_monitor_on_the_same_state_exits_74,
                     *utf::precondition(real_fixtures_present)) {
    World world;
    Running first(world.args());
    auto args = world.args();
    const auto r = run_process(monitor_binary(), args);
    BOOST_TEST(r.exit_code == 74, r.err);
    BOOST_TEST(contains(r.err, "in use by another fairweather-monitor"), r.err);
}

// Nothing answers: --once says the weather is unknown and why, exits 69,
// and leaves no ./var behind in the directory it ran in.
BOOST_AUTO_TEST_CASE(once_with_unknown_weather_exits_69_and_keeps_nothing) {
    TempDir dir;
    const std::string status_url = "http://127.0.0.1:" + std::to_string(free_port());
    const auto r = run_process(
        "/bin/sh", {"-c", "cd '" + dir.path().string() + "' && exec '" + monitor_binary() +
                              "' --once --status-url " + status_url});
    BOOST_TEST(r.exit_code == 69, r.out << r.err);
    BOOST_TEST(r.out == "unknown\n");
    BOOST_TEST(contains(r.err, "fairweather-monitor: github:"), r.err);
    BOOST_TEST(!std::filesystem::exists(dir / "var"), "--once created ./var");
}

// World serves recorded payloads.
BOOST_AUTO_TEST_CASE(once_prints_the_weather_and_exits, *utf::precondition(real_fixtures_present)) {
    World world;
    auto args = world.args();
    args.push_back("--once");
    const auto r = run_process(monitor_binary(), args);
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "fair\n");
}

BOOST_AUTO_TEST_SUITE_END()
