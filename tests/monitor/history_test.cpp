// The monitor's side of the release-delay report: cadence metrics computed
// from the GitHub releases it reads (Wasmtime's policy from the example
// config, a real SQLite store, a fake HTTP client, manual time), the gate
// decisions API and the incidents API.
#include <memory>
#include <optional>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "core/api/decisions_json.h"
#include "exporters/registry.h"
#include "exporters/release_metrics.h"
#include "monitor/api.h"
#include "monitor/service.h"
#include "tests/support/checks.h"
#include "tests/support/failing_store.h"
#include "tests/support/fake_http.h"
#include "tests/support/fixtures.h"
#include "tests/support/metric_checks.h"
#include "tests/support/payloads.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;
namespace utf = boost::unit_test;
using namespace std::chrono_literals;

namespace {

const std::string k_repo = "bytecodealliance/wasmtime";
const std::string k_status = "https://www.githubstatus.com/api/v2/summary.json";
const std::string k_runs = "https://api.github.com/repos/bytecodealliance/wasmtime/actions/runs";
const std::string k_releases = "https://api.github.com/repos/bytecodealliance/wasmtime/releases";
const std::string k_no_runs = R"({"total_count":0,"workflow_runs":[]})";
const std::string k_token = "api-s3cret";

TimePoint at(const char* text) {
    return *parse_timestamp(text);
}

double unix_seconds(const char* text) {
    return to_unix_seconds(at(text));
}

// Wasmtime's policy and repository, as in config/examples/wasmtime.toml:
// major N on the 20th (N = months since 1.0.0 on 2022-09-20, plus 1), two
// months of support, every 12th major an LTS for 24 months. The delay gauges
// keep the newest three scheduled releases.
Config wasmtime() {
    auto config = load_config(std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "config" /
                              "examples" / "wasmtime.toml");
    BOOST_REQUIRE(config.has_value());
    BOOST_REQUIRE(config->repos.size() == 1u);
    config->report.recent_releases = 3;
    return std::move(*config);
}

// A summary with an unresolved incident on Actions that the page says began
// before the monitor saw it.
std::string summary_with_incident() {
    return github_summary(
        "degraded_performance",
        R"([{"id":"inc42","name":"Delayed Actions runs","status":"investigating",)"
        R"("impact":"minor","shortlink":"https://stspg.io/inc42",)"
        R"("created_at":"2026-11-21T11:40:00Z","started_at":"2026-11-21T11:32:00Z",)"
        R"("components":[{"id":"br0l2tvcx85d","name":"Actions"}]}])");
}

// A monitor over a real SQLite store (or one whose disk has gone), the
// cadence metrics on, and its API with a bearer token, all on one manual clock.
struct Rig {
    explicit Rig(Config c = wasmtime(), bool keep_state = true) : config(std::move(c)) {
        if (keep_state) {
            auto opened = open_sqlite_store(dir / "state.db");
            BOOST_REQUIRE(opened.has_value());
            store = std::move(*opened);
        } else {
            store = std::make_unique<FailingStore>();
        }
        // With a GitHub token, as in production: 5,000 requests an hour
        // leave the intervals as configured (60 without would stretch them).
        service = std::make_unique<monitor::Service>(config, Secret("ghp_test"), http, *store,
                                                     metrics, log, 1, QueueIds(1));
        BOOST_REQUIRE(service->monitor.resume().has_value());
        api = std::make_unique<monitor::Api>(service->monitor, service->recorder, service->queue,
                                             registry, clock, Secret(k_token));
    }

    // The status page, runs and releases all answered: nothing else matters here.
    void answer_all(const std::string& releases_json) {
        http.answer(k_status, 200, github_summary("operational"));
        http.answer(k_runs, 200, k_no_runs);
        http.answer(k_releases, 200, releases_json);
    }
    void tick(TimePoint now) {
        clock.set(now);
        service->monitor.tick(now);
    }
    monitor::ServerResponse call(const std::string& method, const std::string& target,
                                 const std::string& body = "", const std::string& token = k_token) {
        monitor::ServerRequest r;
        r.method = method;
        r.path = target.substr(0, target.find('?'));
        r.query = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
        r.body = body;
        if (!token.empty()) {
            r.headers.add("Authorization", "Bearer " + token);
        }
        return api->handle(r);
    }
    // /metrics as a scraper sees it.
    std::string scrape() {
        const auto r = call("GET", "/metrics");
        BOOST_TEST(r.status == 200);
        return r.body;
    }

    TempDir dir;
    Config config;
    FakeHttpClient http;
    metrics::Registry registry;
    monitor::MonitorMetrics metrics{registry};
    std::ostringstream log;
    std::unique_ptr<StateStore> store;
    std::unique_ptr<monitor::Service> service;
    ManualClock clock{at("2026-11-12T12:00:00Z")};
    std::unique_ptr<monitor::Api> api;
};

// `name{labels}` for the watched repository; `labels` are the others, in the
// order the exposition writes them (by name, "repo" among them).
std::string series(const std::string& name, const std::string& before_repo = "",
                   const std::string& after_repo = "") {
    return name + "{" + (before_repo.empty() ? "" : before_repo + ",") + "repo=\"" + k_repo + "\"" +
           (after_repo.empty() ? "" : "," + after_repo) + "}";
}

// Lines of the exposition that are samples of fairweather_release_* families.
int release_samples(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        n += line.starts_with("fairweather_release_") ? 1 : 0;
    }
    return n;
}

const std::string k_decision =
    R"({"repo":"bytecodealliance/wasmtime","version":"51.0.0","kind":"regular",)"
    R"("decision":"defer","weather":"outage","reason":"github: Actions is major_outage",)"
    R"("requested_by":"octocat"})";

}  // namespace

BOOST_AUTO_TEST_SUITE(monitor_cadence)

BOOST_AUTO_TEST_CASE(given_releases_served_it_should_export_the_cadence_after_a_tick) {
    Rig rig;
    rig.answer_all(wasmtime_releases_to_50());
    rig.tick(rig.clock.now());  // 2026-11-12T12:00Z: 51.0.0 is due on the 20th
    const auto text = rig.scrape();
    expect_metric(text, series("fairweather_release_next_scheduled_timestamp_seconds"),
                  unix_seconds("2026-11-20T00:00:00Z"));
    expect_metric(text, series("fairweather_release_overdue"), 0);
    expect_metric(text, series("fairweather_release_overdue_seconds"), 0);
    // The newest published release (the draft does not count): 50.0.1, two days ago.
    expect_metric(text, series("fairweather_release_last_published_timestamp_seconds"),
                  unix_seconds("2026-11-10T12:00:00Z"));
    expect_metric(text, series("fairweather_release_since_last_seconds"), 2 * 86400);
    // Five scheduled releases, the newest three kept.
    const std::string delay = "fairweather_release_delay_seconds";
    expect_metric(text, series(delay, "", "version=\"48.0.0\""), 0);
    // 49.0.0's 20th was a Sunday: out on the Monday, on time ("or shortly after").
    expect_metric(text, series(delay, "", "version=\"49.0.0\""), 0);
    expect_metric(text, series(delay, "", "version=\"50.0.0\""), 2 * 86400);
    expect_no_metric(text, series(delay, "", "version=\"36.0.0\""));
    expect_no_metric(text, series(delay, "", "version=\"24.0.0\""));
    expect_metric(text, series("fairweather_release_publication_delay_seconds_count"), 3);
    // 50.0.x and 49.0.x (two months each) and the LTS 36.0.x; 24.0.x's 24
    // months ended on 2026-08-20.
    const std::string supported = "fairweather_release_supported";
    expect_metric(text, series(supported, "branch=\"50.0.x\",lts=\"false\""), 1);
    expect_metric(text, series(supported, "branch=\"49.0.x\",lts=\"false\""), 1);
    expect_metric(text, series(supported, "branch=\"36.0.x\",lts=\"true\""), 1);
    expect_no_metric(text, series(supported, "branch=\"24.0.x\",lts=\"true\""));
    expect_no_metric(text, series(supported, "branch=\"48.0.x\",lts=\"false\""));
    expect_metric(
        text, series("fairweather_release_eol_timestamp_seconds", "branch=\"36.0.x\",lts=\"true\""),
        unix_seconds("2027-08-20T00:00:00Z"));
    expect_metric(
        text,
        series("fairweather_release_eol_timestamp_seconds", "branch=\"50.0.x\",lts=\"false\""),
        unix_seconds("2026-12-22T00:00:00Z"));
}

BOOST_AUTO_TEST_CASE(given_releases_changed_within_the_minute_it_should_show_them_a_minute_on) {
    Config c = wasmtime();
    c.repos[0].releases_interval = 30s;  // below the config's minimum, to re-read within the minute
    Rig rig(std::move(c));
    rig.http.answer(k_status, 200, github_summary("operational"));
    rig.http.answer(k_runs, 200, k_no_runs);
    rig.http.answer(k_releases, 200, wasmtime_releases_to_50());
    rig.http.answer(k_releases, 200,
                    wasmtime_releases_to_50(github_release(10, "v51.0.0", "2026-11-21T12:00:10Z")));
    const TimePoint t0 = at("2026-11-21T12:00:00Z");  // 51.0.0 is a day and a half late
    rig.tick(t0);
    auto text = rig.scrape();
    expect_metric(text, series("fairweather_release_overdue"), 1);
    expect_metric(text, series("fairweather_release_overdue_seconds"), 36 * 3600);

    rig.tick(t0 + 30s);  // 51.0.0 read and stored, but the cadence waits for its minute
    BOOST_TEST(rig.http.count(k_releases) == 2);
    const auto stored = rig.call("GET", "/api/v1/repos/" + k_repo + "/releases");
    BOOST_TEST(contains(stored.body, "\"tag\": \"v51.0.0\""), stored.body);
    BOOST_TEST(contains(stored.body, "\"published_at\": \"2026-11-21T12:00:10Z\""), stored.body);
    text = rig.scrape();
    expect_metric(text, series("fairweather_release_overdue"), 1);
    expect_metric(text, series("fairweather_release_overdue_seconds"), 36 * 3600);  // as of t0
    expect_no_metric(text, series("fairweather_release_delay_seconds", "", "version=\"51.0.0\""));

    rig.tick(t0 + 60s);
    text = rig.scrape();
    expect_metric(text, series("fairweather_release_overdue"), 0);
    expect_metric(text, series("fairweather_release_overdue_seconds"), 0);
    expect_metric(text, series("fairweather_release_next_scheduled_timestamp_seconds"),
                  unix_seconds("2026-12-20T00:00:00Z"));
    expect_metric(text, series("fairweather_release_delay_seconds", "", "version=\"51.0.0\""),
                  86400);
    expect_no_metric(text, series("fairweather_release_delay_seconds", "", "version=\"48.0.0\""));
    expect_metric(text, series("fairweather_release_since_last_seconds"), 50);
    expect_metric(text, series("fairweather_release_publication_delay_seconds_count"), 4);
}

BOOST_AUTO_TEST_CASE(given_no_policy_the_cadence_families_should_have_no_series) {
    Config c = wasmtime();
    c.policy = ReleasePolicy{};
    Rig rig(std::move(c));
    rig.answer_all(wasmtime_releases_to_50());
    rig.tick(rig.clock.now());
    const auto text = rig.scrape();
    // GitHub's whole list, the draft included, is read and kept.
    BOOST_TEST(contains(text, "fairweather_github_releases{repo=\"" + k_repo + "\"} 7"), text);
    BOOST_TEST(release_samples(text) == 0, text);
}

// The store is never missing (a monitor without a file keeps its state in
// memory); a store that cannot be read is what leaves nothing to measure.
BOOST_AUTO_TEST_CASE(
    given_a_state_database_that_cannot_be_read_the_cadence_families_should_have_no_series) {
    Rig rig(wasmtime(), false);
    rig.answer_all(wasmtime_releases_to_50());
    rig.tick(rig.clock.now());
    BOOST_TEST(release_samples(rig.scrape()) == 0);
}

BOOST_AUTO_TEST_CASE(given_github_s_documented_release_example_it_should_time_the_last_release,
                     *utf::precondition(real_fixtures_present)) {
    Rig rig;
    rig.answer_all(real_fixture("github_rest/list_releases.example.json"));  // v1.0.0
    rig.tick(rig.clock.now());
    const auto text = rig.scrape();
    expect_metric(text, series("fairweather_release_last_published_timestamp_seconds"),
                  unix_seconds("2013-02-27T19:35:32Z"));
    expect_metric(text, series("fairweather_release_since_last_seconds"),
                  to_unix_seconds(rig.clock.now()) - unix_seconds("2013-02-27T19:35:32Z"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_decisions_api)

BOOST_AUTO_TEST_CASE(given_a_good_report_it_should_record_it_at_the_monitor_s_time) {
    Rig rig;
    auto r = rig.call("POST", "/api/v1/decisions", k_decision);
    BOOST_TEST(r.status == 201, r.body);
    BOOST_TEST(r.body == "{\"recorded\":true}\n");
    r = rig.call("GET", "/api/v1/decisions?repo=bytecodealliance%2Fwasmtime", "", "");
    BOOST_TEST(r.status == 200, r.body);
    const auto decisions = parse_decisions(r.body);
    BOOST_REQUIRE_MESSAGE(decisions.has_value(), r.body);
    BOOST_REQUIRE(decisions->size() == 1u);
    const auto& d = decisions->front();
    BOOST_TEST((d.at == rig.clock.now()));
    BOOST_TEST(contains(r.body, "\"at\": \"2026-11-12T12:00:00Z\""), r.body);
    BOOST_TEST(d.repo == k_repo);
    BOOST_TEST(d.version == "51.0.0");
    BOOST_TEST((d.kind == ReleaseKind::regular));
    BOOST_TEST((d.decision == Decision::defer));
    BOOST_TEST((d.weather == Weather::outage));
    BOOST_TEST(d.reason == "github: Actions is major_outage");
    BOOST_TEST(d.requested_by == "octocat");
    // Another repository's decisions are not listed for this one.
    r = rig.call("GET", "/api/v1/decisions?repo=acme/widget", "", "");
    BOOST_TEST(parse_decisions(r.body)->empty(), r.body);
}

BOOST_AUTO_TEST_CASE(given_decisions_reported_it_should_count_them_by_kind_and_decision) {
    Rig rig;
    const std::string counter =
        "fairweather_gate_decisions_total{decision=\"defer\",kind=\"regular\"}";
    BOOST_TEST(!metric_sample(rig.scrape(), counter).has_value());
    BOOST_TEST(rig.call("POST", "/api/v1/decisions", k_decision).status == 201);
    BOOST_TEST(*metric_sample(rig.scrape(), counter) == 1);
    rig.clock.advance(5min);
    BOOST_TEST(rig.call("POST", "/api/v1/decisions", k_decision).status == 201);
    BOOST_TEST(*metric_sample(rig.scrape(), counter) == 2);
    const std::string security = R"({"kind":"security","decision":"proceed","weather":"fair"})";
    BOOST_TEST(rig.call("POST", "/api/v1/decisions", security).status == 201);
    const auto text = rig.scrape();
    BOOST_TEST(
        *metric_sample(
            text, "fairweather_gate_decisions_total{decision=\"proceed\",kind=\"security\"}") == 1);
    BOOST_TEST(*metric_sample(text, counter) == 2);
}

BOOST_AUTO_TEST_CASE(given_a_bad_kind_it_should_answer_400_naming_the_field) {
    Rig rig;
    std::string body = k_decision;
    body.replace(body.find("\"regular\""), 9, "\"hotfix\"");
    const auto r = rig.call("POST", "/api/v1/decisions", body);
    BOOST_TEST(r.status == 400);
    BOOST_TEST(contains(r.body, "\"field\":\"kind\""), r.body);
    BOOST_TEST(contains(r.body, "\\\"hotfix\\\" is not regular, patch or security"), r.body);
    BOOST_TEST(parse_decisions(rig.call("GET", "/api/v1/decisions").body)->empty());
}

BOOST_AUTO_TEST_CASE(given_no_token_it_should_answer_401_and_record_nothing) {
    Rig rig;
    auto r = rig.call("POST", "/api/v1/decisions", k_decision, "");
    BOOST_TEST(r.status == 401);
    BOOST_TEST(*r.headers.get("WWW-Authenticate") == "Bearer");
    r = rig.call("POST", "/api/v1/decisions", k_decision, "api-s3cre");
    BOOST_TEST(r.status == 401);
    BOOST_TEST(!contains(r.body, k_token));
    BOOST_TEST(parse_decisions(rig.call("GET", "/api/v1/decisions").body)->empty());
    BOOST_TEST(!contains(rig.scrape(), "fairweather_gate_decisions_total{"));
}

BOOST_AUTO_TEST_CASE(given_another_method_it_should_answer_405_with_allow) {
    Rig rig;
    for (const char* method : {"PUT", "DELETE"}) {
        const auto r = rig.call(method, "/api/v1/decisions", k_decision);
        BOOST_TEST(r.status == 405, method);
        BOOST_TEST(*r.headers.get("Allow") == "GET, HEAD, POST");
    }
}

BOOST_AUTO_TEST_CASE(given_a_bad_since_it_should_answer_400_naming_since) {
    Rig rig;
    const auto r = rig.call("GET", "/api/v1/decisions?since=garbage", "", "");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(contains(r.body, "\"field\":\"since\""), r.body);
    BOOST_TEST(contains(r.body, "since \\\"garbage\\\" is not a date or timestamp"), r.body);
}

BOOST_AUTO_TEST_CASE(given_since_it_should_list_only_decisions_from_then_on) {
    Rig rig;
    BOOST_TEST(rig.call("POST", "/api/v1/decisions", k_decision).status == 201);
    rig.clock.advance(2h);
    BOOST_TEST(rig.call("POST", "/api/v1/decisions", k_decision).status == 201);
    auto r = rig.call("GET", "/api/v1/decisions?since=2026-11-12T13%3A00%3A00Z", "", "");
    auto decisions = parse_decisions(r.body);
    BOOST_REQUIRE(decisions->size() == 1u);
    BOOST_TEST((decisions->front().at == at("2026-11-12T14:00:00Z")));
    r = rig.call("GET", "/api/v1/decisions?since=2026-11-12", "", "");
    BOOST_TEST(parse_decisions(r.body)->size() == 2u);
}

BOOST_AUTO_TEST_CASE(given_a_state_database_that_fails_it_should_answer_503_with_its_reason) {
    Rig rig(wasmtime(), false);
    const auto r = rig.call("POST", "/api/v1/decisions", k_decision);
    BOOST_TEST(r.status == 503);
    BOOST_TEST(contains(r.body, "could not do it: disk I/O error"), r.body);
    BOOST_TEST(!contains(rig.scrape(), "fairweather_gate_decisions_total{"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_incidents_api)

BOOST_AUTO_TEST_CASE(given_an_unresolved_incident_it_should_list_it_then_mark_it_resolved) {
    Rig rig;
    rig.http.answer(k_status, 200, summary_with_incident());
    rig.http.answer(k_status, 200, github_summary("operational"));
    rig.http.answer(k_runs, 200, k_no_runs);
    rig.http.answer(k_releases, 200, wasmtime_releases_to_50());
    const TimePoint t0 = at("2026-11-21T12:00:00Z");
    rig.tick(t0);
    auto r = rig.call("GET", "/api/v1/incidents", "", "");
    BOOST_TEST(r.status == 200, r.body);
    BOOST_TEST(contains(r.body, "\"id\": \"inc42\""), r.body);
    BOOST_TEST(contains(r.body, "\"name\": \"Delayed Actions runs\""), r.body);
    BOOST_TEST(contains(r.body, "\"impact\": \"minor\""), r.body);
    // The page's own start, not when the monitor first saw it.
    BOOST_TEST(contains(r.body, "\"started_at\": \"2026-11-21T11:32:00Z\""), r.body);
    BOOST_TEST(contains(r.body, "\"first_seen\": \"2026-11-21T12:00:00Z\""), r.body);
    BOOST_TEST(contains(r.body, "\"Actions\""), r.body);
    BOOST_TEST(contains(r.body, "\"resolved_at\": null"), r.body);

    rig.tick(t0 + 30s);  // gone from the page
    r = rig.call("GET", "/api/v1/incidents", "", "");
    BOOST_TEST(contains(r.body, "\"id\": \"inc42\""), r.body);
    BOOST_TEST(contains(r.body, "\"started_at\": \"2026-11-21T11:32:00Z\""), r.body);
    BOOST_TEST(contains(r.body, "\"resolved_at\": \"2026-11-21T12:00:30Z\""), r.body);
    BOOST_TEST(!contains(r.body, "null"), r.body);
}

BOOST_AUTO_TEST_CASE(given_since_after_an_incident_was_last_seen_it_should_leave_it_out) {
    Rig rig;
    rig.http.answer(k_status, 200, summary_with_incident());
    rig.http.answer(k_status, 200, github_summary("operational"));
    rig.http.answer(k_runs, 200, k_no_runs);
    rig.http.answer(k_releases, 200, wasmtime_releases_to_50());
    const TimePoint t0 = at("2026-11-21T12:00:00Z");
    rig.tick(t0);
    rig.tick(t0 + 30s);
    auto r = rig.call("GET", "/api/v1/incidents?since=2026-11-21T12%3A10%3A00Z", "", "");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(!contains(r.body, "inc42"), r.body);
    r = rig.call("GET", "/api/v1/incidents?since=last%20week", "", "");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(contains(r.body, "\"field\":\"since\""), r.body);
}

BOOST_AUTO_TEST_SUITE_END()
