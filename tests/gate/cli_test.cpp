// fairweather-gate's command line, run in-process with a fake HTTP client.
#include "gate/cli.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

#include "core/api/weather_json.h"
#include "tests/support/checks.h"
#include "tests/support/fake_http.h"
#include "tests/support/fixtures.h"
#include "tests/support/gate_rig.h"
#include "tests/support/payloads.h"
#include "tests/support/temp_dir.h"

using fairweather::testing::contains;
using namespace fairweather;
using fairweather::testing::Argv;
using fairweather::testing::FakeHttpClient;
using fairweather::testing::github_summary;
using fairweather::testing::TempDir;

namespace {

const std::string k_github = "https://www.githubstatus.com/api/v2/summary.json";

using Gate = fairweather::testing::GateRig;

}  // namespace

BOOST_AUTO_TEST_SUITE(gate_cli_usage)

BOOST_AUTO_TEST_CASE(given_no_subcommand_it_should_exit_64) {
    Gate g;
    const auto r = g.run({});
    BOOST_TEST(r.code == 64);
    BOOST_TEST(contains(r.err, "subcommand"), r.err);
}

BOOST_AUTO_TEST_CASE(given_bad_arguments_it_should_exit_64_naming_the_problem) {
    struct Case {
        std::vector<std::string> args;
        std::string expected;
    };
    const Case cases[] = {
        {{"check"}, "--kind is required"},
        {{"check", "--kind", "hotfix"}, "hotfix not in {regular,patch,security,auto}"},
        {{"check", "--kind", "regular", "--frobnicate"}, "--frobnicate"},
        {{"check", "--kind", "regular", "--repo", "wasmtime"}, "write it as OWNER/NAME"},
        {{"check", "--kind", "regular", "--repo", "-bad/name"},
         "is not a GitHub user or organisation name"},
        {{"check", "--kind", "regular", "--wait", "forever"}, "invalid duration \"forever\""},
        {{"check", "--kind", "regular", "--format", "yaml"}, "yaml not in {text,json}"},
        {{"check", "--kind", "regular", "--status-url", "githubstatus.com"},
         "is not an http(s) URL"},
        {{"deploy"}, "A subcommand is required"},
    };
    for (const auto& c : cases) {
        Gate g;
        const auto r = g.run(c.args);
        BOOST_TEST(r.code == 64, c.expected);
        BOOST_TEST(contains(r.err, c.expected), r.err);
        BOOST_TEST(g.http().requests().empty());
    }
}

BOOST_AUTO_TEST_CASE(given_help_it_should_print_usage_and_exit_0) {
    Gate g;
    const auto r = g.run({"check", "--help"});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(contains(r.out, "--kind"));
    BOOST_TEST(contains(r.out, "--wait"));
}

BOOST_AUTO_TEST_CASE(given_version_it_should_print_it_and_exit_0) {
    Gate g;
    const auto r = g.run({"--version"});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(contains(r.out, "0."));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_cli_config)

BOOST_AUTO_TEST_CASE(given_a_missing_config_it_should_exit_78_and_check_nothing) {
    Gate g;
    const auto r = g.run({"check", "--kind", "regular", "--config", "/nonexistent/fw.toml"});
    BOOST_TEST(r.code == 78);
    BOOST_TEST(contains(r.err, "/nonexistent/fw.toml: error: cannot read the config file"), r.err);
    BOOST_TEST(g.http().requests().empty());
}

BOOST_AUTO_TEST_CASE(given_a_bad_config_value_it_should_exit_78_with_file_line_column) {
    TempDir dir;
    const auto path = (dir / "fw.toml").string();
    std::ofstream(path) << "# comment\n[gate.regular]\noutage = \"wait\"\n[http]\ntimeout = 5\n";
    Gate g;
    const auto r = g.run({"check", "--kind", "regular", "--config", path});
    BOOST_TEST(r.code == 78);
    BOOST_TEST(
        contains(r.err, path + ":3:10: error: [gate.regular] outage: \"wait\" is not a decision"),
        r.err);
    // A bare number says how to write it.
    BOOST_TEST(
        contains(r.err, path + ":5:11: error: [http] timeout must be a duration with its "
                               "unit, as a string: \"5s\" for 5 seconds, \"5m\" for minutes"),
        r.err);
    BOOST_TEST(contains(r.err, "2 problems in " + path), r.err);
}

BOOST_AUTO_TEST_CASE(given_config_bytes_that_break_toml_plus_plus_it_should_exit_78) {
    TempDir dir;
    // What the config fuzzer found in Debian's toml++ 3.3.0 (see
    // config/text_check.h): bytes refused before toml++, and the assertions
    // Debian's library compiles out, after which it reports the error.
    for (const std::string& bytes :
         {std::string("[[\0", 3), std::string("\xEF\xBB\xB7"),
          std::string("[[.status_pages]]\nurl = \"x\"\n"),
          std::string("[[repos]]\nname =2024-02-16Tx09:00:00Z\n"),
          std::string("[[status_pages]]\ncomponents = [\n  }}{ id = \"x\" },\n]\n"),
          std::string("[monitor]\nretention =1_xo'\xD1\x9C\xD8\x9E.'\t9\n")}) {
        const auto path = (dir / "fw.toml").string();
        std::ofstream(path, std::ios::binary) << bytes;
        Gate g;
        const auto r = g.run({"check", "--kind", "regular", "--config", path});
        BOOST_TEST(r.code == 78, r.err);
        BOOST_TEST(contains(r.err, path + ":"), r.err);  // with its line and column
        BOOST_TEST(g.http().requests().empty());
    }
}

BOOST_AUTO_TEST_CASE(given_fairweather_config_in_the_environment_it_should_use_it) {
    TempDir dir;
    const auto path = (dir / "fw.toml").string();
    std::ofstream(path) << "[gate.regular]\noutage = \"block\"\n[http]\ntimeout = \"7s\"\n";
    Gate g;
    g.env().set("FAIRWEATHER_CONFIG", path);
    g.http().answer(k_github, 200, github_summary("major_outage"));
    const auto r = g.run({"check", "--kind", "regular"});
    BOOST_TEST(r.code == 1);
    BOOST_TEST(g.settings().timeout.count() == 7000);
}

BOOST_AUTO_TEST_CASE(given_a_status_url_it_should_poll_that_page) {
    Gate g;
    g.http().answer("http://127.0.0.1:9/api/v2/summary.json", 200, github_summary("operational"));
    const auto r = g.run({"check", "--kind", "regular", "--status-url", "http://127.0.0.1:9"});
    BOOST_TEST(r.code == 0, r.out + r.err);
    BOOST_TEST(g.http().requests()[0].url == "http://127.0.0.1:9/api/v2/summary.json");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_cli_decisions)

BOOST_AUTO_TEST_CASE(exit_codes_follow_the_decision) {
    struct Case {
        std::string kind;
        std::string status;
        int code;
    };
    for (const auto& c :
         {Case{"regular", "operational", 0}, Case{"regular", "degraded_performance", 75},
          Case{"patch", "major_outage", 75}, Case{"security", "degraded_performance", 0},
          Case{"security", "partial_outage", 75}}) {
        Gate g;
        g.http().answer(k_github, 200, github_summary(c.status));
        const auto r = g.run({"check", "--kind", c.kind});
        BOOST_TEST(r.code == c.code, c.kind << "/" << c.status << "\n" << r.out << r.err);
    }
}

BOOST_AUTO_TEST_CASE(
    given_unknown_weather_a_regular_release_defers_and_a_security_one_proceeds_warned) {
    Gate g;
    g.http().answer(k_github, 503, "");
    BOOST_TEST(g.run({"check", "--kind", "regular"}).code == 75);
    const auto r = g.run({"check", "--kind", "security"});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(contains(r.out, "warning: proceeding although CI weather is unknown"), r.out);
    BOOST_TEST(contains(r.out, "HTTP 503 Service Unavailable"), r.out);
}

BOOST_AUTO_TEST_CASE(under_github_actions_it_should_write_outputs_summary_and_annotations) {
    TempDir dir;
    const auto output = (dir / "output").string();
    const auto summary_file = (dir / "summary.md").string();
    std::ofstream(output) << "earlier=kept\n";
    Gate g;
    g.env().set("GITHUB_ACTIONS", "true");
    g.env().set("GITHUB_OUTPUT", output);
    g.env().set("GITHUB_STEP_SUMMARY", summary_file);
    g.http().answer(k_github, 200, github_summary("major_outage"));
    const auto r = g.run({"check", "--kind", "security", "--release", "39.0.1", "--repo", "o/r"});
    BOOST_TEST(r.code == 75);
    const std::string outputs = fairweather::testing::read_file(output);
    BOOST_TEST(outputs.starts_with(
                   "earlier=kept\ndecision=defer\nweather=outage\nreason=CI weather is outage"),
               outputs);
    BOOST_TEST(contains(fairweather::testing::read_file(summary_file),
                        "| github | Actions | major_outage | outage |"));
    BOOST_TEST(
        contains(r.out, "::warning title=fairweather%3A defer security release 39.0.1 of o/r::"),
        r.out);
}

BOOST_AUTO_TEST_CASE(outside_github_actions_it_should_print_no_annotations) {
    Gate g;
    g.http().answer(k_github, 200, github_summary("major_outage"));
    const auto r = g.run({"check", "--kind", "regular"});
    BOOST_TEST(!contains(r.out, "::warning"));
}

BOOST_AUTO_TEST_CASE(given_an_unwritable_output_file_it_should_exit_74_after_deciding) {
    Gate g;
    g.env().set("GITHUB_OUTPUT", "/nonexistent-dir/output");
    g.http().answer(k_github, 200, github_summary("operational"));
    const auto r = g.run({"check", "--kind", "regular"});
    BOOST_TEST(r.code == 74);
    BOOST_TEST(contains(r.out, "PROCEED"));
    BOOST_TEST(contains(r.err, "could not write the step outputs to /nonexistent-dir/output"),
               r.err);
}

BOOST_AUTO_TEST_CASE(json_format_keeps_stdout_pure_json_even_under_actions) {
    Gate g;
    g.env().set("GITHUB_ACTIONS", "true");
    g.http().answer(k_github, 200, github_summary("major_outage"));
    const auto r = g.run({"check", "--kind", "regular", "--format", "json"});
    BOOST_TEST(r.code == 75);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE(parser.parse(r.out).get(doc) == simdjson::SUCCESS);
    std::string_view decision;
    BOOST_TEST(
        (doc["decision"].get_string().get(decision) == simdjson::SUCCESS && decision == "defer"));
    BOOST_TEST(contains(r.err, "::warning title="), r.err);
}

BOOST_AUTO_TEST_CASE(wait_prints_progress_to_stderr_and_proceeds_when_clear) {
    Gate g;
    g.http().answer(k_github, 200, github_summary("major_outage"));
    g.http().answer(k_github, 200, github_summary("operational"));
    const auto r = g.run({"check", "--kind", "regular", "--wait", "30m"});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(contains(r.err,
                        "waiting: CI weather is outage (github: Actions is major_outage); checking "
                        "again in 30s, 30m of 30m left"),
               r.err);
    BOOST_TEST(contains(r.out, "checked 2 times over 30s"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_cli_monitor)

WeatherSnapshot held_outage() {
    WeatherSnapshot s;
    s.weather = Weather::outage;
    s.raw_weather = Weather::fair;
    s.since = *parse_timestamp("2026-11-21T09:40:00Z");
    s.cause = "github: Actions is major_outage";
    s.recovering_until = *parse_timestamp("2026-11-21T10:05:00Z");
    s.checked_at = *parse_timestamp("2026-11-21T10:00:00Z");
    s.ready = true;
    Observation github;
    github.name = "github";
    github.kind = "statuspage";
    github.weather = Weather::fair;
    github.reasons = {
        "github: Actions, API Requests, Git Operations, Webhooks are operational and no "
        "unresolved incident affects them"};
    github.components = {{"br0l2tvcx85d", "Actions", "operational", Weather::fair, true, false}};
    s.sources = {github};
    return s;
}

BOOST_AUTO_TEST_CASE(given_a_monitor_it_should_decide_on_its_verdict_not_poll_the_page) {
    Gate g;
    g.http().answer("http://monitor:9464/api/v1/weather", 200,
                    render_weather_snapshot(held_outage()));
    const auto r = g.run({"check", "--kind", "regular", "--monitor", "http://monitor:9464/"});
    BOOST_TEST(r.code == 75, r.out + r.err);
    BOOST_TEST(contains(r.out, "weather: outage"));
    BOOST_TEST(
        contains(r.out, "the verdict stays outage until 2026-11-21T10:05:00Z (recovery window)"),
        r.out);
    BOOST_REQUIRE(g.http().requests().size() == 1u);
    BOOST_TEST(g.http().requests()[0].url == "http://monitor:9464/api/v1/weather");
    // A monitor that hangs must not hold the release up: the gate waits briefly.
    BOOST_TEST((g.http().requests()[0].connect_timeout == std::chrono::seconds{2}));
    BOOST_TEST((g.http().requests()[0].timeout == std::chrono::seconds{5}));
}

BOOST_AUTO_TEST_CASE(given_a_monitor_in_the_config_it_should_ask_it) {
    TempDir dir;
    const auto path = (dir / "fw.toml").string();
    std::ofstream(path) << "[gate]\nmonitor = \"http://monitor:9464\"\n";
    Gate g;
    g.http().answer("http://monitor:9464/api/v1/weather", 200,
                    render_weather_snapshot(held_outage()));
    BOOST_TEST(g.run({"check", "--kind", "patch", "--config", path}).code == 75);
    BOOST_TEST(g.http().requests()[0].url == "http://monitor:9464/api/v1/weather");
}

BOOST_AUTO_TEST_CASE(given_an_unreachable_monitor_it_should_poll_the_page_and_say_so) {
    Gate g;
    g.http().answer(k_github, 200, github_summary("operational"));
    const auto r = g.run({"check", "--kind", "regular", "--monitor", "http://monitor:9464"});
    BOOST_TEST(r.code == 0, r.out + r.err);
    BOOST_TEST(
        contains(r.out, "monitor http://monitor:9464/api/v1/weather could not be asked (connect: "),
        r.out);
    BOOST_TEST(contains(r.out, "the gate polled the status pages itself"), r.out);
}

BOOST_AUTO_TEST_CASE(given_a_monitor_that_answers_nonsense_it_should_fall_back) {
    Gate g;
    g.http().answer("http://monitor:9464/api/v1/weather", 200, "<html>proxy error</html>");
    g.http().answer(k_github, 200, github_summary("major_outage"));
    const auto r = g.run({"check", "--kind", "regular", "--monitor", "http://monitor:9464"});
    BOOST_TEST(r.code == 75);
    BOOST_TEST(contains(r.out, "its answer is not a fairweather weather report: not valid JSON"),
               r.out);
}

BOOST_AUTO_TEST_CASE(given_a_monitor_that_just_started_it_should_fall_back) {
    Gate g;
    auto snapshot = held_outage();
    snapshot.ready = false;
    g.http().answer("http://monitor:9464/api/v1/weather", 200, render_weather_snapshot(snapshot));
    g.http().answer(k_github, 200, github_summary("operational"));
    const auto r = g.run({"check", "--kind", "regular", "--monitor", "http://monitor:9464"});
    BOOST_TEST(r.code == 0);
    BOOST_TEST(contains(r.out, "it has not polled every source yet"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_cli_plan)

std::string example_config(const char* name) {
    return (std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "config" / "examples" / name).string();
}

BOOST_AUTO_TEST_CASE(plan_answers_the_wasmtime_test_vector_in_json) {
    Gate g;
    const auto r = g.run({"plan", "--config", example_config("wasmtime.toml"), "--date",
                          "2025-11-20", "--current", "39.0.0", "--format", "json"});
    BOOST_TEST(r.code == 0, r.err);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE(parser.parse(r.out).get(doc) == simdjson::SUCCESS);
    std::string_view s;
    BOOST_TEST(
        (doc["next_release"]["version"].get_string().get(s) == simdjson::SUCCESS && s == "40.0.0"));
    BOOST_TEST((doc["next_release"]["date"].get_string().get(s) == simdjson::SUCCESS &&
                s == "2025-12-20"));
    BOOST_TEST(
        (doc["next_branch_cut"].get_string().get(s) == simdjson::SUCCESS && s == "2025-12-05"));
    simdjson::dom::array targets;
    BOOST_REQUIRE(doc["backport_targets"].get_array().get(targets) == simdjson::SUCCESS);
    std::vector<std::string> got;
    for (const auto t : targets) {
        got.emplace_back(std::string_view(t));
    }
    BOOST_TEST(got == (std::vector<std::string>{"39.0.x", "38.0.x", "36.0.x", "24.0.x"}));
    simdjson::dom::array supported;
    BOOST_REQUIRE(doc["supported"].get_array().get(supported) == simdjson::SUCCESS);
    BOOST_REQUIRE(supported.size() == 4u);
    BOOST_TEST(
        (supported.at(2)["version"].get_string().get(s) == simdjson::SUCCESS && s == "36.0.0"));
    BOOST_TEST((supported.at(2)["released_on"].get_string().get(s) == simdjson::SUCCESS &&
                s == "2025-08-20"));
    BOOST_TEST(
        (supported.at(2)["eol"].get_string().get(s) == simdjson::SUCCESS && s == "2027-08-20"));
    bool lts = false;
    BOOST_TEST((supported.at(2)["lts"].get_bool().get(lts) == simdjson::SUCCESS && lts));
    BOOST_TEST(g.http().requests().empty());  // no monitor asked: the schedule answers
}

BOOST_AUTO_TEST_CASE(plan_prints_text_for_people) {
    Gate g;
    const auto r =
        g.run({"plan", "--config", example_config("wasmtime.toml"), "--date", "2025-11-20"});
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(contains(r.out,
                        "release plan on 2025-11-20 (semver versions, monthly on day 20 (weekends: "
                        "shortly after), time zone UTC; other rules until 24.0.0 (before the LTS "
                        "process: the latest two releases))"),
               r.out);
    BOOST_TEST(contains(r.out,
                        "next release: 40.0.0 on 2025-12-20 (a weekend day: on time up to "
                        "2025-12-22), branch cut 2025-12-05"),
               r.out);
    BOOST_TEST(contains(r.out,
                        "  36.0.x  released 2025-08-20  end of life 2027-08-20 (LTS, 24 months)  "
                        "LTS"),
               r.out);
    BOOST_TEST(
        contains(r.out, "  38.0.x  released 2025-10-20  end of life 2025-12-20 (2 months)\n"),
        r.out);
    BOOST_TEST(contains(r.out, "a security fix to 39.0.0 ships on: 39.0.x, 38.0.x, 36.0.x, 24.0.x"),
               r.out);
}

BOOST_AUTO_TEST_CASE(plan_defaults_to_today_in_the_policy_time_zone) {
    Gate g;  // the manual clock says 2026-11-21T10:00:00Z
    const auto r = g.run({"plan", "--config", example_config("wasmtime.toml"), "--format", "json"});
    BOOST_TEST(contains(r.out, "\"date\": \"2026-11-21\""), r.out);
    BOOST_TEST(contains(r.out, "\"version\": \"52.0.0\""), r.out);
}

BOOST_AUTO_TEST_CASE(plan_reads_the_release_history_from_the_monitor) {
    Gate g;
    g.http().answer("http://monitor:9464/api/v1/repos/bytecodealliance/wasmtime/releases", 200,
                    R"({"repo":"bytecodealliance/wasmtime","releases":[
                      {"tag":"v39.0.0","draft":false,"prerelease":false,"published_at":"2025-11-20T16:02:11Z"},
                      {"tag":"v38.0.1","draft":false,"prerelease":false,"published_at":"2025-10-20T18:00:00Z"},
                      {"tag":"v38.0.0","draft":false,"prerelease":false,"published_at":"2025-10-20T15:00:00Z"},
                      {"tag":"dev","draft":false,"prerelease":true,"published_at":"2025-11-21T00:00:00Z"},
                      {"tag":"v40.0.0","draft":true,"prerelease":false,"published_at":null}]})");
    const auto r =
        g.run({"plan", "--config", example_config("wasmtime.toml"), "--date", "2025-11-25",
               "--repo", "bytecodealliance/wasmtime", "--monitor", "http://monitor:9464"});
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(contains(r.out,
                        "release dates from: GitHub releases of bytecodealliance/wasmtime (monitor "
                        "http://monitor:9464)"),
               r.out);
    BOOST_TEST(contains(r.out, "note: skipped GitHub release tag \"dev\""), r.out);
    // GitHub's list is complete: only 38 and 39 are known, nothing else is assumed.
    BOOST_TEST(contains(r.out, "  39.0.x  released 2025-11-20"), r.out);
    BOOST_TEST(!contains(r.out, "36.0.x"), r.out);
}

BOOST_AUTO_TEST_CASE(plan_without_a_policy_is_a_config_error) {
    Gate g;
    auto r = g.run({"plan"});
    BOOST_TEST(r.code == 78);
    BOOST_TEST(contains(r.err, "no [policy] in the config"), r.err);
    r = g.run({"plan", "--config", example_config("wasmtime.toml"), "--current", "39.x"});
    BOOST_TEST(r.code == 64);
    BOOST_TEST(contains(r.err, "--current: \"39.x\" is not a SemVer version"), r.err);
    r = g.run({"plan", "--config", example_config("wasmtime.toml"), "--date", "2025-02-30"});
    BOOST_TEST(r.code == 64);
    BOOST_TEST(contains(r.err, "is not a date; write YYYY-MM-DD"), r.err);
}

// --releases FILE: the release dates `report --releases` reads, for plan.

std::string real(const std::string& name) {
    return (fairweather::testing::real_fixtures_dir() / name).string();
}

// The string at `pointer` (a JSON pointer) in `doc`, or "(absent)".
std::string string_at(simdjson::dom::element doc, const char* pointer) {
    std::string_view s;
    return doc.at_pointer(pointer).get_string().get(s) == simdjson::SUCCESS ? std::string(s)
                                                                            : "(absent)";
}

BOOST_AUTO_TEST_CASE(given_wasmtime_releases_csv_it_should_plan_from_the_file,
                     *boost::unit_test::precondition(fairweather::testing::real_fixtures_present)) {
    Gate g;
    const auto path = real("wasmtime_releases.csv");
    const auto r = g.run({"plan", "--releases", path, "--config", example_config("wasmtime.toml"),
                          "--date", "2025-11-20", "--current", "39.0.0", "--format", "json"});
    BOOST_TEST(r.code == 0, r.err);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE_MESSAGE(parser.parse(r.out).get(doc) == simdjson::SUCCESS, r.out);
    std::vector<std::string> targets;
    for (const auto t : doc["backport_targets"].get_array()) {
        targets.emplace_back(std::string_view(t));
    }
    BOOST_TEST(targets == (std::vector<std::string>{"39.0.x", "38.0.x", "36.0.x", "24.0.x"}));
    BOOST_TEST(contains(string_at(doc, "/history_source"), path), r.out);
    BOOST_TEST(string_at(doc, "/supported/0/source") == "file", r.out);
    BOOST_TEST(string_at(doc, "/supported/1/branch") == "38.0.x", r.out);
    BOOST_TEST(string_at(doc, "/supported/1/released_on") == "2025-10-20", r.out);
    BOOST_TEST(g.http().requests().empty());  // the file outranks the monitor: none asked
}

BOOST_AUTO_TEST_CASE(given_a_release_missing_from_the_file_it_should_be_overdue,
                     *boost::unit_test::precondition(fairweather::testing::real_fixtures_present)) {
    Gate g;  // the CSV ends with 48.0.0 on 2026-08-20; 49.0.0 was due on 2026-09-20
    const auto r =
        g.run({"plan", "--releases", real("wasmtime_releases.csv"), "--config",
               example_config("wasmtime.toml"), "--date", "2026-09-25", "--format", "json"});
    BOOST_TEST(r.code == 0, r.err);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE_MESSAGE(parser.parse(r.out).get(doc) == simdjson::SUCCESS, r.out);
    BOOST_TEST(string_at(doc, "/next_release/version") == "49.0.0", r.out);
    bool overdue = false;
    BOOST_TEST(
        (doc.at_pointer("/next_release/overdue").get_bool().get(overdue) == simdjson::SUCCESS &&
         overdue),
        r.out);
}

BOOST_AUTO_TEST_CASE(given_github_releases_json_it_should_list_its_release,
                     *boost::unit_test::precondition(fairweather::testing::real_fixtures_present)) {
    TempDir dir;  // GitHub's example lists one release, v1.0.0 published 2013-02-27T19:35:32Z
    const auto config = (dir / "on_demand.toml").string();
    std::ofstream(config) << "[policy]\nscheme = \"semver\"\nregular = \"minor\"\n"
                             "time_zone = \"UTC\"\ncadence = \"on_demand\"\nsupport_releases = 2\n";
    Gate g;
    const auto r = g.run({"plan", "--releases", real("github_rest/list_releases.example.json"),
                          "--config", config, "--date", "2013-03-01"});
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(contains(r.out, "release dates from: releases in "), r.out);
    BOOST_TEST(contains(r.out, "  1.0.x  released 2013-02-27"), r.out);
    BOOST_TEST(contains(r.out, "a security fix to 1.0.0 ships on: 1.0.x"), r.out);
}

BOOST_AUTO_TEST_CASE(given_tags_the_scheme_cannot_read_it_should_plan_and_note_them,
                     *boost::unit_test::precondition(fairweather::testing::real_fixtures_present)) {
    Gate g;  // Cloud Hypervisor's tags before v15.0 were 0.x.y, not MAJOR.POINT
    const auto r = g.run({"plan", "--releases", real("cloud_hypervisor_releases.csv"), "--config",
                          example_config("cloud-hypervisor.toml"), "--date", "2025-12-20"});
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(contains(r.out, "  50.x  released 2025-12-19"), r.out);
    BOOST_TEST(contains(r.out, "note: skipped release tag \"0.14.1\": "), r.out);
}

BOOST_AUTO_TEST_CASE(given_a_missing_releases_file_it_should_exit_66_naming_it) {
    TempDir dir;
    const auto path = (dir / "missing.csv").string();
    Gate g;
    const auto r = g.run({"plan", "--releases", path, "--config", example_config("wasmtime.toml")});
    BOOST_TEST(r.code == 66, r.out + r.err);
    BOOST_TEST(contains(r.err, "fairweather-gate plan: cannot read " + path + ": "), r.err);
    BOOST_TEST(r.out.empty(), r.out);
}

BOOST_AUTO_TEST_CASE(
    given_a_directory_as_the_releases_file_it_should_exit_66_not_read_it_as_empty) {
    TempDir dir;
    Gate g;
    const auto r = g.run(
        {"plan", "--releases", dir.path().string(), "--config", example_config("wasmtime.toml")});
    BOOST_TEST(r.code == 66, r.out + r.err);
    BOOST_TEST(contains(r.err, "fairweather-gate plan: cannot read " + dir.path().string() + ": "),
               r.err);
}

BOOST_AUTO_TEST_CASE(given_a_releases_file_in_no_known_format_it_should_exit_65_naming_it) {
    TempDir dir;
    const auto path = (dir / "hello.txt").string();
    std::ofstream(path) << "hello\n";
    Gate g;
    const auto r = g.run({"plan", "--releases", path, "--config", example_config("wasmtime.toml")});
    BOOST_TEST(r.code == 65, r.out + r.err);
    BOOST_TEST(contains(r.err, "fairweather-gate plan: " + path + ":1: "), r.err);
    BOOST_TEST(r.out.empty(), r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_cli_policy_checks)

std::string wasmtime_config() {
    return (std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "config" / "examples" / "wasmtime.toml")
        .string();
}

BOOST_AUTO_TEST_CASE(a_release_that_is_not_the_next_one_is_blocked_whatever_the_weather) {
    Gate g;
    g.http().answer(k_github, 200, github_summary("operational"));
    const auto r = g.run({"check", "--kind", "regular", "--release", "41.0.0", "--config",
                          wasmtime_config(), "--date", "2025-11-25", "--wait", "30m"});
    BOOST_TEST(r.code == 1, r.out + r.err);
    BOOST_TEST(contains(r.out, "BLOCK regular release 41.0.0"), r.out);
    BOOST_TEST(contains(r.out, "41.0.0 is not the next regular release: after 39.0.0 comes 40.0.0"),
               r.out);
    BOOST_TEST(g.http().count(k_github) == 1);  // a block is not waited on
}

BOOST_AUTO_TEST_CASE(the_next_release_proceeds_in_fair_weather) {
    Gate g;
    g.http().answer(k_github, 200, github_summary("operational"));
    const auto r = g.run({"check", "--kind", "regular", "--release", "40.0.0", "--config",
                          wasmtime_config(), "--date", "2025-12-20"});
    BOOST_TEST(r.code == 0, r.out + r.err);
}

BOOST_AUTO_TEST_CASE(a_security_fix_for_a_branch_past_end_of_life_is_blocked) {
    Gate g;
    g.http().answer(k_github, 200, github_summary("major_outage"));
    const auto r = g.run({"check", "--kind", "security", "--release", "37.0.1", "--config",
                          wasmtime_config(), "--date", "2025-11-25"});
    BOOST_TEST(r.code == 1, r.out + r.err);
    BOOST_TEST(contains(r.out, "branch 37.0.x reached its end of life on 2025-11-20"), r.out);
    BOOST_TEST(contains(r.out, "github: Actions is major_outage"),
               r.out);  // the weather is still shown
}

BOOST_AUTO_TEST_CASE(under_actions_a_wait_longer_than_a_hosted_job_says_so) {
    Gate g;
    g.env().set("GITHUB_ACTIONS", "true");
    g.http().answer(k_github, 200, github_summary("operational"));
    auto r = g.run({"check", "--kind", "regular", "--wait", "8h"});
    BOOST_TEST(r.code == 0, r.out + r.err);
    BOOST_TEST(contains(r.out,
                        "::warning title=fairweather gate::--wait 8h is longer than a job "
                        "on a GitHub-hosted runner may run (6h)"),
               r.out);
    r = g.run({"check", "--kind", "regular", "--wait", "6h"});
    BOOST_TEST(!contains(r.out, "longer than a job"), r.out);
}

BOOST_AUTO_TEST_CASE(a_freeze_blocks_a_patch_but_not_a_security_release) {
    TempDir dir;
    const auto path = (dir / "freeze.toml").string();
    std::ofstream(path)
        << "[policy]\nscheme = \"semver\"\n[[policy.releases]]\nversion = \"2.0.0\"\ndate = "
           "2026-10-01\n[[policy.freeze]]\nevery = \"12-20..01-05\"\nreason = \"holidays\"\n";
    Gate g;
    g.http().answer(k_github, 200, github_summary("operational"));
    auto r = g.run({"check", "--kind", "patch", "--release", "2.0.1", "--config", path, "--date",
                    "2026-12-24"});
    BOOST_TEST(r.code == 1, r.out + r.err);
    BOOST_TEST(
        contains(r.out, "2026-12-24 is in the freeze window 12-20..01-05 every year (holidays)"),
        r.out);
    r = g.run({"check", "--kind", "security", "--release", "2.0.1", "--config", path, "--date",
               "2026-12-24"});
    BOOST_TEST(r.code == 0, r.out + r.err);
    r = g.run({"check", "--kind", "patch", "--release", "2.0.1", "--config", path, "--date",
               "2027-01-06"});
    BOOST_TEST(r.code == 0, r.out + r.err);
}

BOOST_AUTO_TEST_CASE(a_maintenance_starting_within_the_lookahead_defers) {
    // The manual clock is at 2026-11-21T10:00:00Z; a maintenance of Actions from 11:00 to 12:00.
    const std::string maintenance =
        R"([{"id":"mnt1","name":"Actions database upgrade","status":"scheduled","impact":"maintenance",)"
        R"("scheduled_for":"2026-11-21T11:00:00Z","scheduled_until":"2026-11-21T12:00:00Z",)"
        R"("components":[{"id":"br0l2tvcx85d","name":"Actions"}]}])";
    std::string body = github_summary("operational");
    body.insert(body.size() - 1, ",\"scheduled_maintenances\":" + maintenance);
    Gate g;
    g.http().answer(k_github, 200, body);
    auto r = g.run({"check", "--kind", "security"});
    BOOST_TEST(r.code == 75, r.out + r.err);
    BOOST_TEST(contains(r.out,
                        "github: maintenance mnt1 \"Actions database upgrade\" of Actions from "
                        "2026-11-21T11:00:00Z to 2026-11-21T12:00:00Z overlaps the next 2h"),
               r.out);
    TempDir dir;
    const auto path = (dir / "short.toml").string();
    std::ofstream(path) << "[policy]\nmaintenance_lookahead = \"30m\"\n[[policy.releases]]\n"
                           "version = \"1.0.0\"\ndate = 2026-10-01\n";
    r = g.run({"check", "--kind", "security", "--release", "1.0.1", "--config", path});
    BOOST_TEST(r.code == 0, r.out + r.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_cli_prerelease_rule)

std::string aleph_vm_config() {
    return (std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "config" / "examples" / "aleph-vm.toml")
        .string();
}

// The aleph-vm example with releases listed in the config: 1.3.0, then
// 1.4.0rc1 on staging.
std::string aleph_vm_with_releases(const TempDir& dir) {
    const auto path = (dir / "aleph-vm.toml").string();
    std::ofstream(path) << fairweather::testing::read_file(aleph_vm_config())
                        << "\n[[policy.releases]]\nversion = \"1.3.0\"\ndate = 2026-06-02\n"
                           "\n[[policy.releases]]\nversion = \"1.4.0rc1\"\ndate = 2026-11-10\n";
    return path;
}

BOOST_AUTO_TEST_CASE(given_a_pre_release_in_the_config_the_release_of_that_version_proceeds) {
    TempDir dir;
    const auto config = aleph_vm_with_releases(dir);
    Gate g;
    g.http().answer(k_github, 200, github_summary("operational"));
    const auto r = g.run({"check", "--kind", "regular", "--release", "1.4.0", "--config", config});
    BOOST_TEST(r.code == 0, r.out + r.err);
    BOOST_TEST(!contains(r.out, "pre-release"), r.out);
}

BOOST_AUTO_TEST_CASE(given_no_pre_release_of_the_version_it_blocks_whatever_the_weather) {
    TempDir dir;
    const auto config = aleph_vm_with_releases(dir);
    Gate g;
    g.env().set("GITHUB_ACTIONS", "true");
    g.http().answer(k_github, 200, github_summary("operational"));
    auto r = g.run({"check", "--kind", "regular", "--release", "1.5.0", "--config", config});
    BOOST_TEST(r.code == 1, r.out + r.err);
    BOOST_TEST(contains(r.out, "BLOCK regular release 1.5.0"), r.out);
    BOOST_TEST(contains(r.out,
                        "1.5.0 has no pre-release: the policy requires a pre-release tested on "
                        "staging before a regular release (release 1.5.0rc1 first)"),
               r.out);
    BOOST_TEST(contains(r.out, "::error "), r.out);
    // A patch is listed too; a security fix is not held up for a pre-release.
    r = g.run({"check", "--kind", "patch", "--release", "1.3.1", "--config", config});
    BOOST_TEST(r.code == 1, r.out + r.err);
    BOOST_TEST(contains(r.out, "(release 1.3.1rc1 first)"), r.out);
    r = g.run({"check", "--kind", "security", "--release", "1.3.1", "--config", config});
    BOOST_TEST(r.code == 0, r.out + r.err);
}

BOOST_AUTO_TEST_CASE(a_github_release_flagged_pre_release_in_the_monitor_counts) {
    Gate g;
    g.http().answer(k_github, 200, github_summary("operational"));
    g.http().answer("http://monitor:9464/api/v1/repos/aleph-im/aleph-vm/releases", 200,
                    R"({"repo":"aleph-im/aleph-vm","releases":[
                      {"tag":"v1.4.0rc1","draft":false,"prerelease":true,"published_at":"2026-11-10T12:00:00Z"},
                      {"tag":"1.3.0","draft":false,"prerelease":false,"published_at":"2026-06-02T09:00:00Z"},
                      {"tag":"1.5.0rc1","draft":false,"prerelease":true,"published_at":"2026-11-22T09:00:00Z"}]})");
    const auto monitor =
        std::vector<std::string>{"--config",          aleph_vm_config(), "--repo",
                                 "aleph-im/aleph-vm", "--monitor",       "http://monitor:9464"};
    auto args = std::vector<std::string>{"check", "--kind", "regular", "--release", "1.4.0"};
    args.insert(args.end(), monitor.begin(), monitor.end());
    auto r = g.run(args);
    BOOST_TEST(r.code == 0, r.out + r.err);
    BOOST_TEST(!contains(r.out, "pre-release"), r.out);  // judged, not noted as unchecked
    // 1.5.0rc1 is published the day after the check's date (the clock says 2026-11-21).
    args = {"check", "--kind", "regular", "--release", "1.5.0", "--date", "2026-11-21"};
    args.insert(args.end(), monitor.begin(), monitor.end());
    r = g.run(args);
    BOOST_TEST(r.code == 1, r.out + r.err);
    BOOST_TEST(contains(r.out, "1.5.0 has no pre-release"), r.out);
}

BOOST_AUTO_TEST_CASE(given_only_the_schedule_it_notes_the_rule_instead_of_blocking) {
    Gate g;
    g.http().answer(k_github, 200, github_summary("operational"));
    const auto r =
        g.run({"check", "--kind", "regular", "--release", "1.4.0", "--config", aleph_vm_config()});
    BOOST_TEST(r.code == 0, r.out + r.err);
    BOOST_TEST(contains(r.out,
                        "note: [policy] require_prerelease was not checked: without release "
                        "history the gate cannot tell whether a pre-release of 1.4.0 was "
                        "published; give it the monitor's record of GitHub releases (--monitor "
                        "URL --repo OWNER/NAME) or list the releases and pre-releases as "
                        "[[policy.releases]]"),
               r.out);
    // A kind the rule does not cover gets no note.
    const auto s =
        g.run({"check", "--kind", "security", "--release", "1.4.1", "--config", aleph_vm_config()});
    BOOST_TEST(!contains(s.out, "require_prerelease"), s.out);
}

BOOST_AUTO_TEST_SUITE_END()
