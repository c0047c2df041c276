// The real fairweather-gate binary against a loopback server serving the
// recorded payloads and every kind of bad answer.
#include <fstream>

#include <boost/test/unit_test.hpp>

#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/loopback_server.h"
#include "tests/support/outage_monitor.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather::testing;
namespace utf = boost::unit_test;

namespace {

const std::string k_summary = "/api/v2/summary.json";

ProcessResult gate(const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env = {}) {
    return run_process(gate_binary(), args, env);
}

ProcessResult check(const LoopbackServer& server, const std::string& kind,
                    std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"check", "--kind", kind, "--status-url", server.url()};
    args.insert(args.end(), extra.begin(), extra.end());
    return gate(args);
}

// A config with short HTTP limits so failure cases finish quickly.
std::string quick_config(const TempDir& dir) {
    const auto path = (dir / "quick.toml").string();
    std::ofstream(path) << "[http]\nconnect_timeout = \"2s\"\ntimeout = \"700ms\"\n";
    return path;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gate_e2e_real_payloads, *utf::precondition(real_fixtures_present))

BOOST_AUTO_TEST_CASE(during_the_2020_04_02_outage_every_kind_defers) {
    LoopbackServer server;
    server.serve_json(
        k_summary,
        real_fixture(
            "statuspage/githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json"));
    for (const std::string kind : {"regular", "patch", "security"}) {
        const auto r = check(server, kind);
        BOOST_TEST(r.exit_code == 75, kind << "\n" << r.out << r.err);
        BOOST_TEST(contains(r.out, "github: GitHub Actions is partial_outage"), r.out);
        BOOST_TEST(contains(r.out, "incident 80d0cs6kpsps"), r.out);
    }
    const auto seen = server.requests();
    BOOST_REQUIRE(!seen.empty());
    BOOST_TEST(seen[0].target == k_summary);
    BOOST_TEST(seen[0].header("User-Agent").starts_with("fairweather/"));
}

BOOST_AUTO_TEST_CASE(when_all_is_operational_every_kind_proceeds) {
    for (const std::string file : {"githubstatus_summary_2019-12-30_all_operational.json",
                                   "githubstatus_summary_2024-02-05_all_operational.json"}) {
        LoopbackServer server;
        server.serve_json(k_summary, real_fixture("statuspage/" + file));
        for (const std::string kind : {"regular", "patch", "security"}) {
            const auto r =
                check(server, kind, {"--release", "39.0.0", "--repo", "bytecodealliance/wasmtime"});
            BOOST_TEST(r.exit_code == 0, file << " " << kind << "\n" << r.out << r.err);
            BOOST_TEST(contains(
                r.out, "PROCEED " + kind + " release 39.0.0 of bytecodealliance/wasmtime"));
        }
    }
}

// The page named "github" at another URL (a mirror, a proxy) watches what
// --status-url with the same URL watches: GitHub's four defaults, never
// Copilot, Codespaces or the "Visit www.githubstatus.com" row.
BOOST_AUTO_TEST_CASE(the_page_named_github_at_a_mirror_url_watches_the_four_defaults) {
    LoopbackServer server;
    server.serve_json(
        k_summary, real_fixture("statuspage/githubstatus_summary_2024-02-05_all_operational.json"));
    TempDir dir;
    for (const std::string name : {"github", "mirror"}) {
        const auto config = (dir / (name + ".toml")).string();
        std::ofstream(config) << "[[status_pages]]\nname = \"" << name << "\"\nurl = \""
                              << server.url() << "\"\n";
        const auto r = gate({"check", "--kind", "regular", "--config", config});
        BOOST_TEST(r.exit_code == 0, r.out + r.err);
        BOOST_TEST(contains(r.out, name + ": Actions, API Requests, Git Operations, Webhooks are "
                                          "operational"),
                   r.out);
        BOOST_TEST(!contains(r.out, "Copilot"), r.out);
        BOOST_TEST(!contains(r.out, "Visit www"), r.out);
    }
}

BOOST_AUTO_TEST_CASE(a_configured_hard_stop_blocks_with_exit_1) {
    LoopbackServer server;
    server.serve_json(
        k_summary,
        real_fixture(
            "statuspage/githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json"));
    TempDir dir;
    const auto config = (dir / "fw.toml").string();
    std::ofstream(config) << "[gate.regular]\noutage = \"block\"\n";
    const auto r = check(server, "regular", {"--config", config});
    BOOST_TEST(r.exit_code == 1, r.out + r.err);
    BOOST_TEST(contains(r.out, "BLOCK regular release"));
}

BOOST_AUTO_TEST_CASE(json_output_carries_the_incident_ids) {
    LoopbackServer server;
    server.serve_json(
        k_summary,
        real_fixture(
            "statuspage/githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json"));
    const auto r = check(server, "security", {"--format", "json"});
    BOOST_TEST(r.exit_code == 75);
    BOOST_TEST(contains(r.out, "\"decision\": \"defer\""), r.out);
    BOOST_TEST(contains(r.out, "\"incidents\": [\n    \"80d0cs6kpsps\"\n  ]"), r.out);
}

BOOST_AUTO_TEST_CASE(under_github_actions_it_writes_outputs_and_summary) {
    LoopbackServer server;
    server.serve_json(
        k_summary,
        real_fixture(
            "statuspage/githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json"));
    TempDir dir;
    const auto output = (dir / "out").string();
    const auto summary = (dir / "summary.md").string();
    const auto r = gate(
        {"check", "--kind", "security", "--release", "39.0.1", "--status-url", server.url()},
        {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", output}, {"GITHUB_STEP_SUMMARY", summary}});
    BOOST_TEST(r.exit_code == 75);
    const auto outputs = read_file(output);
    BOOST_TEST(contains(outputs, "decision=defer\n"));
    BOOST_TEST(contains(outputs, "weather=outage\n"));
    BOOST_TEST(contains(outputs, "incidents=80d0cs6kpsps\n"));
    BOOST_TEST(contains(read_file(summary),
                        "[Incident on 2020-04-02 20:20 UTC](http://stspg.io/n0wskg2n6bvy)"));
    BOOST_TEST(contains(r.out, "::warning title=fairweather%3A defer security release 39.0.1::"),
               r.out);
}

// A release the policy blocks in fair weather: every line the user sees
// (the text, the ::error annotation, the step summary) says block; none says
// the release may proceed.
BOOST_AUTO_TEST_CASE(a_release_the_policy_blocks_in_fair_weather_never_reads_may_proceed) {
    LoopbackServer server;
    server.serve_json(
        k_summary, real_fixture("statuspage/githubstatus_summary_2024-02-05_all_operational.json"));
    TempDir dir;
    const auto output = (dir / "out").string();
    const auto summary = (dir / "summary.md").string();
    const std::string config =
        std::string(FAIRWEATHER_SOURCE_DIR) + "/config/examples/semver-pep440.toml";
    const auto r = gate(
        {"check", "--kind", "regular", "--release", "1.4.1", "--date", "2026-10-01", "--config",
         config, "--status-url", server.url()},
        {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", output}, {"GITHUB_STEP_SUMMARY", summary}});
    BOOST_TEST(r.exit_code == 1, r.out << r.err);
    BOOST_TEST(contains(r.out, "1.4.1 is not a regular release"), r.out);
    BOOST_TEST(contains(r.out, "CI weather is fair ([gate.regular] fair = \"proceed\")"), r.out);
    BOOST_TEST(contains(r.out, "::error "), r.out);
    for (const auto& seen : {r.out, r.err, read_file(summary), read_file(output)}) {
        BOOST_TEST(!contains(seen, "may proceed"), seen);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_e2e_own_payloads)

BOOST_AUTO_TEST_CASE(a_major_incident_on_actions_is_an_outage_even_while_actions_is_only_degraded) {
    LoopbackServer server;
    server.serve_json(k_summary,
                      own_fixture("statuspage/github_summary_actions_major_incident.json"));
    const auto r = check(server, "security");
    BOOST_TEST(r.exit_code == 75, r.out + r.err);
    BOOST_TEST(contains(r.out, "weather: outage"));
    BOOST_TEST(contains(r.out,
                        "github: incident fwtest0001ab \"Incident with Actions\" (major impact, "
                        "investigating) affects Actions"),
               r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_e2e_bad_answers)

// Each bad answer makes the weather unknown: a regular release defers (75) and
// a security release proceeds with a warning (0), both naming the cause.
void expect_unknown(const LoopbackServer& server, const std::string& cause,
                    const std::string& config = "") {
    std::vector<std::string> extra;
    if (!config.empty()) {
        extra = {"--config", config};
    }
    const auto regular = check(server, "regular", extra);
    BOOST_TEST(regular.exit_code == 75, cause << "\n" << regular.out << regular.err);
    BOOST_TEST(contains(regular.out, "weather: unknown"), regular.out);
    BOOST_TEST(contains(regular.out, cause), regular.out);
    const auto security = check(server, "security", extra);
    BOOST_TEST(security.exit_code == 0, cause << "\n" << security.out << security.err);
    BOOST_TEST(contains(security.out, "warning: proceeding although CI weather is unknown"),
               security.out);
}

BOOST_AUTO_TEST_CASE(unreachable_server) {
    std::string url;
    {
        LoopbackServer gone;  // take a free port, then close it
        url = gone.url();
    }
    const auto r = gate({"check", "--kind", "regular", "--status-url", url});
    BOOST_TEST(r.exit_code == 75);
    BOOST_TEST(contains(r.out, "could not read " + url + "/api/v2/summary.json: connect:"), r.out);
}

BOOST_AUTO_TEST_CASE(server_that_never_answers_times_out) {
    LoopbackServer server;
    ScriptedResponse silent;
    silent.mode = ScriptedResponse::Mode::silent;
    server.route(k_summary, silent);
    TempDir dir;
    expect_unknown(server, ": timeout: ", quick_config(dir));
}

BOOST_AUTO_TEST_CASE(http_4xx_and_5xx) {
    for (const int status : {403, 404, 500, 502, 503}) {
        LoopbackServer server;
        ScriptedResponse r;
        r.status = status;
        r.body = "<html>error</html>";
        server.route(k_summary, r);
        expect_unknown(server, "HTTP " + std::to_string(status));
    }
}

BOOST_AUTO_TEST_CASE(http_429_with_retry_after) {
    LoopbackServer server;
    ScriptedResponse r;
    r.status = 429;
    r.headers = {{"Retry-After", "120"}};
    server.route(k_summary, r);
    expect_unknown(server, "HTTP 429 Too Many Requests from " + server.url() +
                               "/api/v2/summary.json; the server asked to retry after 2m");
}

BOOST_AUTO_TEST_CASE(empty_body) {
    LoopbackServer server;
    server.serve_json(k_summary, "");
    expect_unknown(server, "with an empty body");
}

BOOST_AUTO_TEST_CASE(truncated_body) {
    LoopbackServer server;
    ScriptedResponse r;
    r.mode = ScriptedResponse::Mode::truncated;
    r.declared_length = 6428;
    r.body = R"({"page":{"id":"kctbh9vrtdwd","name":"GitHub"},"components":[{"id":"8l4ygp0)";
    server.route(k_summary, r);
    expect_unknown(server, ": protocol: ");
}

BOOST_AUTO_TEST_CASE(truncated_json_with_a_correct_length) {
    LoopbackServer server;
    server.serve_json(
        k_summary, R"({"page":{"id":"kctbh9vrtdwd","name":"GitHub"},"components":[{"id":"8l4ygp0)");
    expect_unknown(server, "not valid JSON");
}

BOOST_AUTO_TEST_CASE(non_json_body) {
    LoopbackServer server;
    ScriptedResponse r;
    r.headers = {{"Content-Type", "text/html"}};
    r.body = "<!DOCTYPE html><html><head><title>GitHub Status</title></head></html>";
    server.route(k_summary, r);
    expect_unknown(server, "did not return a Statuspage v2 summary");
}

BOOST_AUTO_TEST_CASE(twenty_megabyte_body) {
    LoopbackServer server;
    ScriptedResponse r;
    r.body = "{\"components\":[" + std::string(20 * 1000 * 1000, ' ') + "]}";
    server.route(k_summary, r);
    expect_unknown(server, "response body is larger than the 10485760-byte limit");
}

BOOST_AUTO_TEST_CASE(connection_closed_without_an_answer) {
    LoopbackServer server;
    ScriptedResponse r;
    r.mode = ScriptedResponse::Mode::hang_up;
    server.route(k_summary, r);
    expect_unknown(server, ": protocol: ");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_e2e_usage)

BOOST_AUTO_TEST_CASE(bad_flags_exit_64) {
    BOOST_TEST(gate({"check", "--kind", "sometimes"}).exit_code == 64);
    BOOST_TEST(gate({"check", "--kind", "regular", "--nope"}).exit_code == 64);
    BOOST_TEST(gate({}).exit_code == 64);
}

BOOST_AUTO_TEST_CASE(bad_config_exits_78_with_file_line_column) {
    TempDir dir;
    const auto config = (dir / "fw.toml").string();
    std::ofstream(config) << "[gate]\n[gate.security]\nunknown = \"maybe\"\n";
    const auto r = gate({"check", "--kind", "security", "--config", config});
    BOOST_TEST(r.exit_code == 78);
    BOOST_TEST(contains(r.err, config + ":3:11: error:"), r.err);
    const auto broken = (dir / "broken.toml").string();
    std::ofstream(broken) << "[gate\n";
    const auto r2 = gate({"check", "--kind", "security", "--config", broken});
    BOOST_TEST(r2.exit_code == 78);
    BOOST_TEST(contains(r2.err, broken + ":1:"), r2.err);
}

BOOST_AUTO_TEST_CASE(a_missing_config_from_the_environment_blames_the_variable) {
    const auto r = gate({"check", "--kind", "regular"},
                        {{"FAIRWEATHER_CONFIG", "/nonexistent/fairweather.toml"}});
    BOOST_TEST(r.exit_code == 78, r.out + r.err);
    BOOST_TEST(
        contains(r.err, "check the path in $FAIRWEATHER_CONFIG, or pass the file with --config"),
        r.err);
}

BOOST_AUTO_TEST_CASE(a_bad_release_policy_exits_78_for_check_and_plan) {
    TempDir dir;
    const auto config = (dir / "policy.toml").string();
    std::ofstream(config) << "[policy]\ncadence = \"monthly\"\nday = 32\n"
                             "anchor = { version = \"1.0.0\", date = \"2022-09-20\" }\n"
                             "security_sla = \"three days\"\n";
    for (const std::string command : {"check", "plan"}) {
        std::vector<std::string> args{command, "--config", config};
        if (command == "check") {
            args.insert(args.end(), {"--kind", "security"});
        }
        const auto r = gate(args);
        BOOST_TEST(r.exit_code == 78, command << "\n" << r.err);
        BOOST_TEST(
            contains(r.err, config + ":3:7: error: [policy] day 32 is not a day of the month"),
            r.err);
        BOOST_TEST(
            contains(r.err, config + ":5:16: error: [policy] security_sla: invalid duration"),
            r.err);
    }
}

BOOST_AUTO_TEST_CASE(a_version_the_policy_cannot_read_is_a_usage_error_for_check_and_plan) {
    LoopbackServer server;
    server.serve_json(k_summary, "{}");
    TempDir dir;
    const auto config = (dir / "semver.toml").string();
    std::ofstream(config) << "[policy]\nscheme = \"semver\"\n";
    auto r = gate({"check", "--kind", "regular", "--release", "foo", "--config", config,
                   "--status-url", server.url()});
    BOOST_TEST(r.exit_code == 64, r.out + r.err);
    BOOST_TEST(
        contains(r.err, "fairweather-gate check: --release: \"foo\" is not a SemVer version"),
        r.err);
    BOOST_TEST(server.requests().empty(), "a usage error asks nobody");
    r = gate({"check", "--kind", "regular", "--release", "1.6.0rc1", "--config", config});
    BOOST_TEST(r.exit_code == 64, r.out + r.err);
    BOOST_TEST(contains(r.err, "1.6.0rc1 is PEP 440, the policy's scheme is semver"), r.err);
    r = gate({"plan", "--current", "foo", "--config", config});
    BOOST_TEST(r.exit_code == 64, r.out + r.err);
    BOOST_TEST(contains(r.err, "--current: \"foo\" is not a SemVer version"), r.err);
}

BOOST_AUTO_TEST_CASE(plan_prints_the_wasmtime_test_vector) {
    const auto r = gate({"plan", "--config",
                         std::string(FAIRWEATHER_SOURCE_DIR) + "/config/examples/wasmtime.toml",
                         "--date", "2025-11-20", "--current", "39.0.0", "--format", "json"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(
        contains(r.out,
                 "\"backport_targets\": [\n    \"39.0.x\",\n    \"38.0.x\",\n    \"36.0.x\",\n    "
                 "\"24.0.x\"\n  ]"),
        r.out);
}

BOOST_AUTO_TEST_SUITE_END()

// A deferred security release through the real gate and a monitor on
// loopback: under Actions the repository is the workflow's own; elsewhere a
// missing --repo says plainly that nothing was queued.
BOOST_AUTO_TEST_SUITE(gate_e2e_deferred_security_release)

BOOST_AUTO_TEST_CASE(under_actions_without_repo_it_should_queue_for_the_workflows_repository) {
    OutageMonitor monitor("sr-00000000000000c3", "acme/widget", "1.0.1");
    TempDir dir;
    const auto r =
        gate({"check", "--kind", "security", "--release", "1.0.1", "--monitor", monitor.url()},
             {{"GITHUB_ACTIONS", "true"},
              {"GITHUB_REPOSITORY", "acme/widget"},
              {"GITHUB_OUTPUT", (dir / "out").string()}});
    BOOST_TEST(r.exit_code == 75, r.out << r.err);
    const auto posts = monitor.posts();
    BOOST_REQUIRE_EQUAL(posts.size(), 1u);
    BOOST_TEST(contains(posts[0].body, "acme/widget"), posts[0].body);
    BOOST_TEST(contains(r.out, "queued in the monitor as sr-00000000000000c3"), r.out);
}

BOOST_AUTO_TEST_CASE(without_a_repository_it_should_say_that_nothing_was_queued) {
    OutageMonitor monitor("sr-00000000000000c3", "acme/widget", "1.0.1");
    const auto r =
        gate({"check", "--kind", "security", "--release", "1.0.1", "--monitor", monitor.url()});
    BOOST_TEST(r.exit_code == 75, r.out << r.err);
    BOOST_TEST(monitor.posts().empty());
    BOOST_TEST(contains(r.out,
                        "warning: the deferred security release could not be queued: the monitor "
                        "needs the repository (--repo OWNER/NAME) to dispatch the release again "
                        "once CI has recovered, so nothing was queued"),
               r.out);
    // Under Actions with no repository to default to, the annotation says it too.
    const auto in_actions = gate({"check", "--kind", "security", "--monitor", monitor.url()},
                                 {{"GITHUB_ACTIONS", "true"}});
    BOOST_TEST(contains(in_actions.out,
                        "::warning title=Not queued::the deferred security release could not be "
                        "queued: the monitor needs the repository (--repo OWNER/NAME) and the "
                        "version (--release VERSION)"),
               in_actions.out);
}

BOOST_AUTO_TEST_SUITE_END()
