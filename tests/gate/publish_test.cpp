// A gate's decision handed to Prometheus: the metrics it renders, the
// Pushgateway protocol (against a fake and a real Pushgateway on loopback),
// the node_exporter textfile, and --on-unknown.
#include "gate/publish.h"

#include <csignal>
#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>

#include "core/http/curl_client.h"
#include "core/util/text.h"
#include "exporters/gate_metrics.h"
#include "tests/support/checks.h"
#include "tests/support/fake_http.h"
#include "tests/support/fixtures.h"
#include "tests/support/gate_rig.h"
#include "tests/support/loopback_server.h"
#include "tests/support/metric_checks.h"
#include "tests/support/payloads.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace fairweather::gate;
namespace fs = std::filesystem;

namespace {

const std::string k_status = "https://www.githubstatus.com/api/v2/summary.json";

GateDecisionMetrics security_defer() {
    GateDecisionMetrics m;
    m.kind = ReleaseKind::security;
    m.repo = "acme/widget";
    m.release = "1.2.3";
    m.decision = Decision::defer;
    m.weather = Weather::outage;
    m.exit_code = 75;
    m.decided_at = *parse_timestamp("2026-11-21T10:00:00Z");
    m.waited = std::chrono::minutes{3};
    return m;
}

ProcessResult promtool_check_metrics(const fs::path& file) {
    return run_process("/bin/sh", {"-c", "promtool check metrics < '" + file.string() + "'"});
}

std::size_t files_in(const fs::path& dir) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gate_publish_units)

BOOST_AUTO_TEST_CASE(given_a_decision_it_should_render_one_series_per_decision_and_state) {
    const std::string text = render_gate_metrics(security_defer());
    const std::string who = "kind=\"security\",release=\"1.2.3\",repo=\"acme/widget\"";
    expect_metric(text, "fairweather_gate_decision{decision=\"defer\"," + who + "}", 1);
    expect_metric(text, "fairweather_gate_decision{decision=\"proceed\"," + who + "}", 0);
    expect_metric(text, "fairweather_gate_decision{decision=\"block\"," + who + "}", 0);
    expect_metric(text, "fairweather_gate_weather_state{" + who + ",state=\"outage\"}", 1);
    expect_metric(text, "fairweather_gate_weather_state{" + who + ",state=\"fair\"}", 0);
    expect_metric(text, "fairweather_gate_exit_code{" + who + "}", 75);
    expect_metric(text, "fairweather_gate_last_decision_timestamp_seconds{" + who + "}",
                  1795255200);
    expect_metric(text, "fairweather_gate_wait_seconds{" + who + "}", 180);
}

BOOST_AUTO_TEST_CASE(given_a_repository_grouping_it_should_encode_the_slash_in_base64url) {
    const auto grouping = push_grouping(security_defer(), "");
    BOOST_TEST(push_url("http://pg:9091/", grouping) ==
               "http://pg:9091/metrics/job/fairweather-gate/instance@base64/"
               "YWNtZS93aWRnZXQ=/kind/security");
    // An instance of its own, escaped as a path segment; an empty one in base64.
    BOOST_TEST(push_url("http://pg:9091", push_grouping(security_defer(), "runner 7")) ==
               "http://pg:9091/metrics/job/fairweather-gate/instance/runner%207/kind/security");
    BOOST_TEST(push_url("http://pg:9091", {{"job", "j"}, {"x", ""}}) ==
               "http://pg:9091/metrics/job/j/x@base64/");
}

BOOST_AUTO_TEST_CASE(given_bytes_base64url_should_match_rfc_4648_vectors) {
    // RFC 4648 section 10, and the URL-safe alphabet for bytes 0xfb 0xff.
    BOOST_TEST(base64url("") == "");
    BOOST_TEST(base64url("f") == "Zg==");
    BOOST_TEST(base64url("fo") == "Zm8=");
    BOOST_TEST(base64url("foo") == "Zm9v");
    BOOST_TEST(base64url("foob") == "Zm9vYg==");
    BOOST_TEST(base64url("fooba") == "Zm9vYmE=");
    BOOST_TEST(base64url("foobar") == "Zm9vYmFy");
    BOOST_TEST(base64url("\xfb\xff") == "-_8=");
}

BOOST_AUTO_TEST_CASE(given_a_refusal_or_no_answer_push_should_say_where_without_credentials) {
    FakeHttpClient http;
    const std::string url = "http://user:s3cret@pg:9091/metrics/job/j";
    http.answer(url, 400, "text format parsing error in line 3\n");
    auto pushed = push_metrics(http, url, "x 1\n");
    BOOST_REQUIRE(!pushed.has_value());
    BOOST_TEST(contains(pushed.error(), "refused the metrics: HTTP 400: text format parsing error"),
               pushed.error());
    BOOST_TEST(!contains(pushed.error(), "s3cret"), pushed.error());
    BOOST_REQUIRE(http.requests().size() == 1u);
    BOOST_TEST(http.requests()[0].method == "PUT");
    BOOST_TEST(http.requests()[0].body == "x 1\n");
    BOOST_TEST(http.requests()[0]
                   .headers.get("Content-Type")
                   .value_or("")
                   .starts_with("text/plain; version=0.0.4"));

    FakeHttpClient down;
    down.answer(url, make_unexpected(http_error(HttpError::Kind::connect, url, "refused")));
    pushed = push_metrics(down, url, "x 1\n");
    BOOST_REQUIRE(!pushed.has_value());
    BOOST_TEST(contains(pushed.error(), "could not push the metrics to http://***@pg:9091/"),
               pushed.error());
    BOOST_TEST(!contains(pushed.error(), "s3cret"), pushed.error());
}

BOOST_AUTO_TEST_CASE(given_a_repository_the_textfile_name_should_be_one_per_repo_and_kind) {
    BOOST_TEST(textfile_name(security_defer()) == "fairweather-gate_acme_widget_security.prom");
    GateDecisionMetrics none;
    BOOST_TEST(textfile_name(none) == "fairweather-gate_unknown_regular.prom");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_publish_cli)

BOOST_AUTO_TEST_CASE(given_pushgateway_check_should_put_the_decision_to_its_group) {
    GateRig g;
    g.http().answer(k_status, 200, github_summary("major_outage"));
    const std::string group =
        "http://pg.test:9091/metrics/job/fairweather-gate/instance@base64/YWNtZS93aWRnZXQ=/kind/"
        "regular";
    g.http().answer(group, 200, "");
    const auto r = g.run({"check", "--kind", "regular", "--repo", "acme/widget", "--release",
                          "2.0.0", "--pushgateway", "http://pg.test:9091"});
    BOOST_TEST(r.code == 75, r.out << r.err);
    BOOST_TEST(g.http().count(group) == 1);
    const auto& put = g.http().requests().back();
    BOOST_TEST(put.method == "PUT");
    expect_metric(put.body,
                  "fairweather_gate_decision{decision=\"defer\",kind=\"regular\",release=\"2.0.0\","
                  "repo=\"acme/widget\"}",
                  1);
    expect_metric(
        put.body,
        "fairweather_gate_exit_code{kind=\"regular\",release=\"2.0.0\",repo=\"acme/widget\"}", 75);
    BOOST_TEST(r.err.empty(), r.err);
}

BOOST_AUTO_TEST_CASE(given_an_unreachable_pushgateway_it_should_warn_and_keep_the_decision) {
    GateRig g;
    g.env().set("GITHUB_ACTIONS", "true");
    g.http().answer(k_status, 200, github_summary("operational"));
    const auto r = g.run({"check", "--kind", "patch", "--pushgateway", "http://pg.test:9091"});
    BOOST_TEST(r.code == 0, r.out << r.err);
    BOOST_TEST(contains(r.err,
                        "fairweather-gate: warning: could not push the metrics to "
                        "http://pg.test:9091/metrics/job/fairweather-gate/instance/unknown/"
                        "kind/patch"),
               r.err);
    BOOST_TEST(contains(r.err, "::warning::could not push the metrics"), r.err);
}

BOOST_AUTO_TEST_CASE(given_textfile_check_should_write_a_file_promtool_accepts) {
    GateRig g;
    g.http().answer(k_status, 200, github_summary("operational"));
    TempDir dir;
    const auto r = g.run({"check", "--kind", "security", "--repo", "acme/widget", "--textfile",
                          dir.path().string()});
    BOOST_TEST(r.code == 0, r.out << r.err);
    const fs::path file = dir / "fairweather-gate_acme_widget_security.prom";
    BOOST_REQUIRE(fs::exists(file));
    BOOST_TEST(files_in(dir.path()) == 1u);  // no temporary left beside it
    const std::string text = read_file(file);
    expect_metric(text,
                  "fairweather_gate_decision{decision=\"proceed\",kind=\"security\",release=\"\","
                  "repo=\"acme/widget\"}",
                  1);
    const auto promtool = promtool_check_metrics(file);
    BOOST_TEST(promtool.exit_code == 0,
               "promtool check metrics (install Debian's prometheus package):\n"
                   << promtool.out << promtool.err);

    // A second decision replaces the file rather than appending to it.
    GateRig later;
    later.http().answer(k_status, 200, github_summary("major_outage"));
    BOOST_TEST(later
                   .run({"check", "--kind", "security", "--repo", "acme/widget", "--textfile",
                         dir.path().string()})
                   .code == 75);
    const std::string again = read_file(file);
    expect_metric(again,
                  "fairweather_gate_decision{decision=\"defer\",kind=\"security\",release=\"\","
                  "repo=\"acme/widget\"}",
                  1);
    BOOST_TEST(!metric_sample(again,
                              "fairweather_gate_decision{decision=\"proceed\",kind=\"security\","
                              "release=\"\",repo=\"acme/widget\"} 1")
                    .has_value());
}

BOOST_AUTO_TEST_CASE(given_a_missing_textfile_directory_it_should_warn_and_keep_the_decision) {
    GateRig g;
    g.http().answer(k_status, 200, github_summary("operational"));
    TempDir dir;
    const auto missing = (dir / "no-such-dir").string();
    const auto r = g.run({"check", "--kind", "regular", "--textfile", missing});
    BOOST_TEST(r.code == 0, r.out << r.err);
    BOOST_TEST(contains(r.err, "fairweather-gate: warning: could not write " + missing), r.err);
    BOOST_TEST(contains(r.err, "(--textfile)"), r.err);
}

BOOST_AUTO_TEST_CASE(given_on_unknown_it_should_override_the_kinds_unknown_policy) {
    // The status page cannot be read: the weather is unknown.
    GateRig g;
    g.http().answer(k_status, 503, "upstream unavailable");
    // Default policy: a security release proceeds with a warning.
    BOOST_TEST(g.run({"check", "--kind", "security"}).code == 0);
    const auto blocked = g.run({"check", "--kind", "security", "--on-unknown", "block"});
    BOOST_TEST(blocked.code == 1, blocked.out << blocked.err);
    BOOST_TEST(g.run({"check", "--kind", "regular", "--on-unknown", "proceed"}).code == 0);
    BOOST_TEST(g.run({"check", "--kind", "regular", "--on-unknown", "defer"}).code == 75);
    // Known weather is not affected.
    GateRig outage;
    outage.http().answer(k_status, 200, github_summary("major_outage"));
    BOOST_TEST(outage.run({"check", "--kind", "regular", "--on-unknown", "proceed"}).code == 75);
    const auto bad = g.run({"check", "--kind", "regular", "--on-unknown", "maybe"});
    BOOST_TEST(bad.code == 64, bad.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_publish_end_to_end)

// The real gate binary pushes to a real Pushgateway (Debian's
// prometheus-pushgateway, started here on a loopback port); the metrics are
// read back from the Pushgateway's own /metrics.
BOOST_AUTO_TEST_CASE(given_a_real_pushgateway_the_gate_metrics_should_be_read_back_from_it) {
    LoopbackServer status;
    status.serve_json("/api/v2/summary.json", github_summary("major_outage"));
    const std::uint16_t port = free_port();
    const std::string pushgateway = "http://127.0.0.1:" + std::to_string(port);
    BackgroundProcess gateway("/usr/bin/prometheus-pushgateway",
                              {"--web.listen-address=127.0.0.1:" + std::to_string(port)});
    BOOST_REQUIRE_MESSAGE(!gateway.wait_for_line("Listening on").empty(),
                          "prometheus-pushgateway did not start (install Debian's "
                          "prometheus-pushgateway package):\n"
                              << gateway.err());

    for (const std::string kind : {"regular", "security"}) {
        const auto r = run_process(
            gate_binary(), {"check", "--kind", kind, "--repo", "acme/widget", "--release", "3.0.0",
                            "--status-url", status.url(), "--pushgateway", pushgateway});
        BOOST_TEST(r.exit_code == 75, r.out << r.err);
        BOOST_TEST(!contains(r.err, "warning"), r.err);
    }

    CurlHttpClient http(HttpSettings{});
    HttpRequest get;
    get.url = pushgateway + "/metrics";
    const auto answer = http.send(get);
    BOOST_REQUIRE(answer.has_value());
    const std::string& text = answer->body;
    // One group per kind, each with the job and instance labels of its group.
    for (const std::string kind : {"regular", "security"}) {
        expect_metric(text,
                      "fairweather_gate_decision{decision=\"defer\",instance=\"acme/widget\","
                      "job=\"fairweather-gate\",kind=\"" +
                          kind + "\",release=\"3.0.0\",repo=\"acme/widget\"}",
                      1);
        expect_metric(
            text,
            "fairweather_gate_exit_code{instance=\"acme/widget\",job=\"fairweather-gate\","
            "kind=\"" +
                kind + "\",release=\"3.0.0\",repo=\"acme/widget\"}",
            75);
    }
    // The Pushgateway records that each push succeeded.
    BOOST_TEST(contains(text,
                        "push_time_seconds{instance=\"acme/widget\",job=\"fairweather-gate\","
                        "kind=\"security\"}"),
               text);
    BOOST_TEST(contains(text,
                        "push_failure_time_seconds{instance=\"acme/widget\","
                        "job=\"fairweather-gate\",kind=\"security\"} 0"),
               text);
    gateway.stop(SIGTERM);
}

BOOST_AUTO_TEST_SUITE_END()
