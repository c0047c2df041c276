// `fairweather-gate report` run in-process: offline from files (the real
// recordings and small files of our own under tests/fixtures/report), and
// from a monitor faked with FakeHttpClient; and how `check` reports its
// decision to the monitor.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

#include "core/api/decisions_json.h"
#include "core/api/queue_json.h"
#include "core/api/weather_json.h"
#include "core/release/policy.h"
#include "gate/cli.h"
#include "tests/support/checks.h"
#include "tests/support/fake_http.h"
#include "tests/support/fixtures.h"
#include "tests/support/gate_rig.h"
#include "tests/support/payloads.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using fairweather::testing::Argv;
using fairweather::testing::contains;
using fairweather::testing::FakeHttpClient;
using fairweather::testing::http_error;
using fairweather::testing::read_file;
using fairweather::testing::real_fixtures_present;
using fairweather::testing::TempDir;
namespace utf = boost::unit_test;
using namespace std::chrono_literals;

namespace {

const std::string k_monitor = "http://monitor.test";
const std::string k_repo = "bytecodealliance/wasmtime";
const std::string k_token = "fw-test-token-5f1c0a";

using Gate = fairweather::testing::GateRig;

std::string example_config(const std::string& name) {
    return (std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "config" / "examples" / name).string();
}
std::string wasmtime_config() {
    return example_config("wasmtime.toml");
}
std::string real(const std::string& name) {
    return (fairweather::testing::real_fixtures_dir() / name).string();
}
std::string own(const std::string& name) {
    return (fairweather::testing::own_fixtures_dir() / "report" / name).string();
}

// Writes `text` to `name` in `dir` and returns the path.
std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
    const auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// wasmtime.toml with `extra` TOML appended (a [report] section).
std::string wasmtime_config_with(const TempDir& dir, const std::string& extra) {
    return write(dir, "wasmtime.toml", read_file(wasmtime_config()) + "\n" + extra);
}

// `report --repo bytecodealliance/wasmtime --config <config>` and `more`.
std::vector<std::string> report_args_for(const std::string& config,
                                         const std::vector<std::string>& more) {
    std::vector<std::string> args{"report", "--repo", k_repo, "--config", config};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}
std::vector<std::string> report_args(const std::vector<std::string>& more) {
    return report_args_for(wasmtime_config(), more);
}

// ---------------------------------------------------------------------------
// Reading the JSON report

std::string text(simdjson::dom::element e, std::string_view key) {
    std::string_view s;
    if (e[key].get_string().get(s) != simdjson::SUCCESS) {
        return "(no string " + std::string(key) + ")";
    }
    return std::string(s);
}

// The number; NaN (equal to nothing) when it is null or absent.
double number(simdjson::dom::element e, std::string_view key) {
    double d = 0;
    if (e[key].get_double().get(d) != simdjson::SUCCESS) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return d;
}

// Any value as minified JSON ("true", "null", "\"x\""), or "(absent)".
std::string raw(simdjson::dom::element e, std::string_view key) {
    simdjson::dom::element v;
    if (e[key].get(v) != simdjson::SUCCESS) {
        return "(absent)";
    }
    return simdjson::minify(v);
}

bool is_null(simdjson::dom::element e, std::string_view key) {
    return raw(e, key) == "null";
}

std::vector<simdjson::dom::element> elements(simdjson::dom::element e, std::string_view key) {
    std::vector<simdjson::dom::element> out;
    simdjson::dom::array list;
    if (e[key].get_array().get(list) == simdjson::SUCCESS) {
        for (const auto item : list) {
            out.push_back(item);
        }
    }
    return out;
}

std::vector<std::string> strings(simdjson::dom::element e, std::string_view key) {
    std::vector<std::string> out;
    for (const auto item : elements(e, key)) {
        std::string_view s;
        out.emplace_back(item.get_string().get(s) == simdjson::SUCCESS ? s : "(not a string)");
    }
    return out;
}

// `render_delay_report_json`'s output, parsed; a case fails at once when stdout is not JSON.
class ReportJson {
  public:
    explicit ReportJson(const std::string& json) {
        BOOST_REQUIRE_MESSAGE(m_parser.parse(json).get(m_doc) == simdjson::SUCCESS,
                              "stdout is not JSON:\n" + json);
    }

    simdjson::dom::element doc() const { return m_doc; }
    std::vector<simdjson::dom::element> releases() const { return elements(m_doc, "releases"); }

    // The row of `version`; fails the case when there is none.
    simdjson::dom::element release(const std::string& version) const {
        for (const auto r : releases()) {
            if (text(r, "version") == version) {
                return r;
            }
        }
        BOOST_FAIL("no release " + version + " in the report: " + simdjson::minify(m_doc));
        return m_doc;
    }

    // The rows' versions, oldest first.
    std::vector<std::string> versions() const {
        std::vector<std::string> out;
        for (const auto r : releases()) {
            out.push_back(text(r, "version"));
        }
        return out;
    }

    simdjson::dom::element summary() const {
        simdjson::dom::element s;
        BOOST_REQUIRE(m_doc["summary"].get(s) == simdjson::SUCCESS);
        return s;
    }
    double summary(std::string_view key) const { return number(summary(), key); }

    // tag -> reason of the skipped releases.
    std::map<std::string, std::string> skipped() const {
        std::map<std::string, std::string> out;
        for (const auto s : elements(m_doc, "skipped")) {
            out[text(s, "tag")] = text(s, "reason");
        }
        return out;
    }

  private:
    simdjson::dom::parser m_parser;
    simdjson::dom::element m_doc;
};

std::vector<std::string> incident_ids(simdjson::dom::element row) {
    return strings(row, "incidents");
}

// "id started" for each of a row's incidents.
std::vector<std::string> incident_starts(simdjson::dom::element row) {
    std::vector<std::string> out;
    for (const auto i : elements(row, "incident_details")) {
        out.push_back(text(i, "id") + " " + text(i, "started"));
    }
    return out;
}

std::vector<std::string> decisions_of(simdjson::dom::element row) {
    std::vector<std::string> out;
    for (const auto d : elements(row, "decisions")) {
        out.push_back(text(d, "decision"));
    }
    return out;
}

// ---------------------------------------------------------------------------
// Requests

// "http://monitor.test/api/v1/x?a=1" -> "/api/v1/x"
std::string path_of(const std::string& url) {
    const auto host = url.find('/', url.find("://") + 3);
    return url.substr(
        host, url.find('?') == std::string::npos ? std::string::npos : url.find('?') - host);
}

// A query parameter of a URL, as sent; "(absent)" when it has none.
std::string query_of(const std::string& url, const std::string& name) {
    const auto q = url.find('?');
    if (q == std::string::npos) {
        return "(absent)";
    }
    std::istringstream pairs(url.substr(q + 1));
    std::string pair;
    while (std::getline(pairs, pair, '&')) {
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            return eq == std::string::npos ? std::string() : pair.substr(eq + 1);
        }
    }
    return "(absent)";
}

const HttpRequest* request_to(const FakeHttpClient& http, const std::string& path) {
    for (const auto& r : http.requests()) {
        if (path_of(r.url) == path) {
            return &r;
        }
    }
    return nullptr;
}

// ---------------------------------------------------------------------------
// What a monitor answers

// GET /api/v1/repos/bytecodealliance/wasmtime/releases, as monitor/api.cpp
// writes it (newest first): a draft, a tag that is not a version, 40.0.0
// three days late, a release candidate, the security fix 39.0.1 and 39.0.0.
// The draft has a date so that only its draft flag can leave it out.
const std::string k_monitor_releases = R"({
  "repo": "bytecodealliance/wasmtime",
  "releases": [
    {"id": 7, "tag": "v41.0.0", "name": "v41.0.0", "url": "https://github.com/bytecodealliance/wasmtime/releases/tag/untagged-7",
     "draft": true, "prerelease": false, "created_at": "2025-12-28T10:00:00Z", "published_at": "2025-12-28T10:00:00Z"},
    {"id": 6, "tag": "nightly", "name": "Nightly build", "url": "https://github.com/bytecodealliance/wasmtime/releases/tag/nightly",
     "draft": false, "prerelease": false, "created_at": "2025-12-24T00:00:00Z", "published_at": "2025-12-24T00:05:00Z"},
    {"id": 5, "tag": "v40.0.0", "name": "v40.0.0", "url": "https://github.com/bytecodealliance/wasmtime/releases/tag/v40.0.0",
     "draft": false, "prerelease": false, "created_at": "2025-12-23T09:00:00Z", "published_at": "2025-12-23T10:00:00Z"},
    {"id": 4, "tag": "v40.0.0-rc.1", "name": "v40.0.0-rc.1", "url": "https://github.com/bytecodealliance/wasmtime/releases/tag/v40.0.0-rc.1",
     "draft": false, "prerelease": true, "created_at": "2025-12-15T09:00:00Z", "published_at": "2025-12-15T10:00:00Z"},
    {"id": 3, "tag": "v39.0.1", "name": "v39.0.1", "url": "https://github.com/bytecodealliance/wasmtime/releases/tag/v39.0.1",
     "draft": false, "prerelease": false, "created_at": "2025-11-27T09:00:00Z", "published_at": "2025-11-27T10:00:00Z"},
    {"id": 2, "tag": "v39.0.0", "name": "v39.0.0", "url": "https://github.com/bytecodealliance/wasmtime/releases/tag/v39.0.0",
     "draft": false, "prerelease": false, "created_at": "2025-11-20T15:00:00Z", "published_at": "2025-11-20T16:00:00Z"}
  ]
})";

// GET /api/v1/incidents: "admitted-late" started (by the page) before 40.0.0
// came out at 10:00 but was first seen by the monitor after it; "no-start"
// has no start time of its own, only when the monitor first saw it.
const std::string k_monitor_incidents = R"({
  "since": "2025-09-01T00:00:00Z",
  "incidents": [
    {"source": "github", "id": "admitted-late", "name": "Incident with Actions", "impact": "major",
     "status": "resolved", "url": "https://stspg.io/admitted-late", "started_at": "2025-12-23T09:00:00Z",
     "components": ["Actions"], "first_seen": "2025-12-23T10:30:00Z", "last_seen": "2025-12-23T12:00:00Z",
     "resolved_at": "2025-12-23T12:00:00Z"},
    {"source": "github", "id": "no-start", "name": "Disruption with some GitHub services", "impact": "minor",
     "status": "resolved", "url": "", "started_at": null,
     "components": [], "first_seen": "2025-12-22T05:00:00Z", "last_seen": "2025-12-22T06:00:00Z",
     "resolved_at": "2025-12-22T06:00:00Z"}
  ]
})";

// GET /api/v1/releases: the security fix 39.0.1 went through the queue
// (advisory 2025-11-25T10:00Z, SLA 72h); an item of another repository
// with version 40.0.0 must not make our 40.0.0 a security release.
std::string monitor_queue() {
    QueueItem fix;
    fix.id = "sr-00000000000000a1";
    fix.repo = k_repo;
    fix.version = "39.0.1";
    fix.workflow = "publish-artifacts.yml";
    fix.reason = "CI weather is outage";
    fix.requested_by = "octocat (fairweather-gate)";
    fix.advisory_id = "GHSA-abcd-efgh-ijkl";
    fix.advisory_at = *parse_timestamp("2025-11-25T10:00:00Z");
    fix.enqueued_at = *parse_timestamp("2025-11-25T12:00:00Z");
    fix.deadline = *fix.advisory_at + 72h;
    fix.state = QueueState::shipped;
    fix.attempts = 1;
    fix.shipped_at = *parse_timestamp("2025-11-27T10:00:00Z");
    QueueItem other = fix;
    other.id = "sr-00000000000000b2";
    other.repo = "acme/other";
    other.version = "40.0.0";
    return render_queue_items({fix, other});
}

// GET /api/v1/decisions: two for 39.0.1, two for 40.0.0, one for a version
// the period does not hold.
std::string monitor_decisions() {
    const auto at = [](const char* t) { return *parse_timestamp(t); };
    return render_decisions({
        {at("2025-11-25T11:00:00Z"), k_repo, "39.0.1", ReleaseKind::security, Decision::defer,
         Weather::outage, "CI weather is outage", "octocat"},
        {at("2025-11-27T09:00:00Z"), k_repo, "39.0.1", ReleaseKind::security, Decision::proceed,
         Weather::fair, "", "octocat"},
        {at("2025-12-20T15:00:00Z"), k_repo, "40.0.0", ReleaseKind::regular, Decision::defer,
         Weather::degraded, "CI weather is degraded", "octocat"},
        {at("2025-12-23T09:30:00Z"), k_repo, "40.0.0", ReleaseKind::regular, Decision::proceed,
         Weather::fair, "", "octocat"},
        {at("2025-10-29T09:00:00Z"), k_repo, "38.0.4", ReleaseKind::security, Decision::proceed,
         Weather::fair, "", "octocat"},
    });
}

void serve_monitor(FakeHttpClient& http) {
    http.answer(k_monitor + "/api/v1/repos/" + k_repo + "/releases", 200, k_monitor_releases);
    http.answer(k_monitor + "/api/v1/incidents", 200, k_monitor_incidents);
    http.answer(k_monitor + "/api/v1/releases", 200, monitor_queue());
    http.answer(k_monitor + "/api/v1/decisions", 200, monitor_decisions());
}

std::vector<std::string> monitor_report_args(const std::vector<std::string>& more) {
    std::vector<std::string> args = report_args({"--monitor", k_monitor, "--since", "2025-11-01",
                                                 "--until", "2025-12-31", "--format", "json"});
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

// ---------------------------------------------------------------------------
// The weather a monitor gives `check`

std::string weather_answer(Weather weather, const std::string& actions_status) {
    WeatherSnapshot s;
    s.weather = weather;
    s.raw_weather = weather;
    s.since = *parse_timestamp("2026-11-21T09:40:00Z");
    s.cause = weather == Weather::fair ? "" : "github: Actions is " + actions_status;
    s.checked_at = *parse_timestamp("2026-11-21T10:00:00Z");
    s.ready = true;
    Observation github;
    github.name = "github";
    github.kind = "statuspage";
    github.weather = weather;
    github.reasons = {weather == Weather::fair
                          ? "github: Actions, API Requests, Git Operations, Webhooks are "
                            "operational and no unresolved incident affects them"
                          : "github: Actions is " + actions_status};
    github.components = {{"br0l2tvcx85d", "Actions", actions_status, weather, true, false}};
    s.sources = {github};
    return render_weather_snapshot(s);
}

const std::vector<std::string> k_security_check = {
    "check", "--kind", "security", "--release", "39.0.1", "--repo", k_repo, "--monitor", k_monitor};

}  // namespace

// ===========================================================================

BOOST_AUTO_TEST_SUITE(gate_report_real_history, *utf::precondition(real_fixtures_present))

// The numbers are the hand-computed ones of tests/report_test.cpp, here
// through the command line.
BOOST_AUTO_TEST_CASE(given_wasmtime_january_2024_it_should_report_17_0_0_three_days_late) {
    Gate g;
    const auto r = g.run(report_args({"--releases", real("wasmtime_releases.csv"), "--incidents",
                                      real("github_actions_incidents.csv"), "--since", "2024-01-01",
                                      "--until", "2024-01-31", "--format", "json"}));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);
    BOOST_TEST(text(json.doc(), "repo") == k_repo);
    BOOST_TEST(text(json.doc(), "since") == "2024-01-01");
    BOOST_TEST(text(json.doc(), "until") == "2024-01-31");
    BOOST_REQUIRE(!json.releases().empty());
    const auto first = json.releases().front();
    BOOST_TEST(text(first, "version") == "17.0.0");
    BOOST_TEST(text(first, "kind") == "regular");
    BOOST_TEST(text(first, "scheduled") == "2024-01-20");  // a Saturday
    BOOST_TEST(text(first, "due") == "2024-01-22");        // the Monday after
    BOOST_TEST(text(first, "published") == "2024-01-25");
    BOOST_TEST(number(first, "delay_days") == 3.0);
    BOOST_TEST(incident_ids(first) == (std::vector<std::string>{"hmvr5kpgzc45", "bsk6hmj0d7nv"}));
    BOOST_TEST(g.http().requests().empty());  // files only: nothing asked
}

BOOST_AUTO_TEST_CASE(given_wasmtime_2023_to_2025_it_should_give_the_hand_computed_summary) {
    Gate g;
    const auto r = g.run(report_args({"--releases", real("wasmtime_releases.csv"), "--incidents",
                                      real("github_actions_incidents.csv"), "--since", "2023-01-01",
                                      "--until", "2025-12-31", "--format", "json"}));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);
    BOOST_TEST(json.summary("releases") == 104.0);
    BOOST_TEST(json.summary("scheduled") == 36.0);
    BOOST_TEST(json.summary("on_time") == 33.0);
    BOOST_TEST(json.summary("late") == 3.0);
    BOOST_TEST(json.summary("median_delay_days") == 0.0);
    BOOST_TEST(json.summary("p90_delay_days") == 0.0);
    BOOST_TEST(json.summary("late_with_incidents") == 1.0);
    BOOST_TEST(json.summary("delay_days_with_incidents") == 3.0);
    BOOST_TEST(json.summary("delay_days_other") == 2.0);
    BOOST_TEST(json.releases().size() == 104u);
    BOOST_TEST(json.skipped().empty());
}

BOOST_AUTO_TEST_CASE(given_the_real_history_as_markdown_it_should_name_the_incidents) {
    Gate g;
    const auto r = g.run(report_args({"--releases", real("wasmtime_releases.csv"), "--incidents",
                                      real("github_actions_incidents.csv"), "--since", "2024-01-01",
                                      "--until", "2024-01-31"}));
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(contains(r.out, "### Release delays: bytecodealliance/wasmtime"), r.out);
    BOOST_TEST(contains(r.out, "| 17.0.0 | 2024-01-20 (due 2024-01-22) | 2024-01-25 | +3d | "),
               r.out);
    BOOST_TEST(contains(r.out, "hmvr5kpgzc45"), r.out);
    BOOST_TEST(contains(r.out, "bsk6hmj0d7nv"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================

BOOST_AUTO_TEST_SUITE(gate_report_formats)

// tests/fixtures/report: 38.0.0 on time, 39.0.0 +2 days during over1 and
// over2 (which overlap each other), 40.0.0 +1 day during open1 (still
// unresolved; its slot is Saturday 2025-12-20, due Monday the 22nd, out the
// 23rd), and the patches 38.0.1 and 39.0.1.
std::vector<std::string> own_args(const std::string& format) {
    return report_args({"--releases", own("releases.csv"), "--incidents", own("incidents.csv"),
                        "--since", "2025-10-01", "--until", "2025-12-31", "--format", format});
}

BOOST_AUTO_TEST_CASE(given_md_it_should_print_a_summary_and_a_table) {
    Gate g;
    const auto r = g.run(own_args("md"));
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(r.out.starts_with("### Release delays: bytecodealliance/wasmtime\n"), r.out);
    BOOST_TEST(contains(r.out, "**Period:** 2025-10-01 to 2025-12-31"), r.out);
    BOOST_TEST(contains(r.out, "- 5 releases: 1 on time, 2 late, 2 not on the schedule"), r.out);
    BOOST_TEST(contains(r.out, "- Delay: median +1d, p90 +2d"), r.out);
    BOOST_TEST(contains(r.out, "- Delay days: 3 with CI incidents (2 releases), 0 other"), r.out);
    BOOST_TEST(contains(r.out, "| 40.0.0 | 2025-12-20 (due 2025-12-22) | 2025-12-23 | +1d | "),
               r.out);
    BOOST_TEST(contains(r.out,
                        "#### Policy against practice\n\n- 2 patch releases: 2 on "
                        "branches the policy supported that day, 0 on branches it did not"),
               r.out);
    BOOST_TEST(contains(r.out,
                        "\n| Version | Scheduled | Published | Delay | CI incidents | Gate | "
                        "Security |\n|---|---|---|--:|---|---|---|\n"),
               r.out);
    BOOST_TEST(contains(r.out, "| 39.0.0 | 2025-11-20 | 2025-11-22 | +2d | "), r.out);
    BOOST_TEST(contains(r.out, "| 38.0.1 | — | 2025-10-28 | — | "), r.out);
    BOOST_TEST(contains(r.out, "`open1` Incident with Actions (major, unresolved)"), r.out);
    BOOST_TEST(r.err.empty(), r.err);
}

BOOST_AUTO_TEST_CASE(given_csv_it_should_print_a_header_line_and_a_line_per_release) {
    Gate g;
    const auto r = g.run(own_args("csv"));
    BOOST_TEST(r.code == 0, r.err);
    std::istringstream lines(r.out);
    std::vector<std::string> got;
    for (std::string line; std::getline(lines, line);) {
        got.push_back(line);
    }
    BOOST_REQUIRE(got.size() == 6u);
    BOOST_TEST(got[0] ==
               "version,tag,kind,scheduled,published,delay_days,incidents,incident_hours,"
               "decisions,time_to_ship_hours,sla_met,due,branch_policy");
    BOOST_TEST(got[1] == "38.0.0,38.0.0,regular,2025-10-20,2025-10-20,0,,,,,,,");
    BOOST_TEST(got[2] == "38.0.1,38.0.1,patch,,2025-10-28,,,,,,,,supported");
    // over1 lasted 12h, over2 3.5h; the unresolved open1 has no duration yet.
    BOOST_TEST(got[3] == "39.0.0,39.0.0,regular,2025-11-20,2025-11-22,2,over1;over2,15.5,,,,,");
    BOOST_TEST(got[5] == "40.0.0,40.0.0,regular,2025-12-20,2025-12-23,1,open1,,,,,2025-12-22,");
}

BOOST_AUTO_TEST_CASE(given_json_it_should_print_one_json_document) {
    Gate g;
    const auto r = g.run(own_args("json"));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);
    BOOST_TEST(json.versions() ==
               (std::vector<std::string>{"38.0.0", "38.0.1", "39.0.0", "39.0.1", "40.0.0"}));
    BOOST_TEST(text(json.release("38.0.1"), "kind") == "patch");
    BOOST_TEST(is_null(json.release("38.0.1"), "scheduled"));
    BOOST_TEST(is_null(json.release("38.0.1"), "delay_days"));
    BOOST_TEST(json.summary("releases") == 5.0);
    BOOST_TEST(json.summary("median_delay_days") == 1.0);
    BOOST_TEST(json.summary("p90_delay_days") == 2.0);
}

BOOST_AUTO_TEST_CASE(given_html_it_should_print_a_page_with_an_svg_chart) {
    Gate g;
    const auto r = g.run(own_args("html"));
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(r.out.starts_with("<!DOCTYPE html>"), r.out.substr(0, 200));
    BOOST_TEST(contains(r.out, "<svg"));
    BOOST_TEST(contains(r.out, "<title>Release delays: bytecodealliance/wasmtime</title>"));
    BOOST_TEST(contains(r.out, "<title>39.0.0: +2 days, incidents: over1, over2</title>"));
    BOOST_TEST(r.out.ends_with("</html>\n"));
}

BOOST_AUTO_TEST_CASE(given_output_it_should_write_the_file_and_print_nothing) {
    for (const std::string format : {"md", "csv", "json", "html"}) {
        TempDir dir;
        const auto path = (dir / ("report." + format)).string();
        std::ofstream(path) << "an older report\n";  // replaced, not appended to
        Gate g;
        auto args = own_args(format);
        args.insert(args.end(), {"--output", path});
        const auto r = g.run(args);
        BOOST_TEST(r.code == 0, format << ": " << r.err);
        BOOST_TEST(r.out.empty(), format << ": " << r.out);
        BOOST_TEST(r.err.empty(), format << ": " << r.err);
        const std::string written = read_file(path);
        // The same text stdout would have had.
        BOOST_TEST(written == g.run(own_args(format)).out, format);
        BOOST_TEST(!contains(written, "an older report"), format);
        const auto files = std::distance(std::filesystem::directory_iterator(dir.path()),
                                         std::filesystem::directory_iterator());
        BOOST_TEST(files == 1, format);
    }
}

BOOST_AUTO_TEST_CASE(given_output_in_a_missing_directory_it_should_exit_74_naming_the_path) {
    TempDir dir;
    const auto path = (dir / "no-such-dir" / "report.md").string();
    Gate g;
    auto args = own_args("md");
    args.insert(args.end(), {"--output", path});
    const auto r = g.run(args);
    BOOST_TEST(r.code == 74, r.err);
    BOOST_TEST(contains(r.err, path), r.err);
    BOOST_TEST(contains(r.err, "check the directory exists"), r.err);
    BOOST_TEST(r.out.empty(), r.out);
    BOOST_TEST(!std::filesystem::exists(dir / "no-such-dir"));
}

BOOST_AUTO_TEST_CASE(given_output_that_cannot_be_replaced_it_should_exit_74_leaving_no_tmp) {
    // The temporary file is written, but it cannot be renamed onto a directory.
    TempDir dir;
    const auto path = (dir / "reports").string();
    std::filesystem::create_directory(path);
    Gate g;
    auto args = own_args("md");
    args.insert(args.end(), {"--output", path});
    const auto r = g.run(args);
    BOOST_TEST(r.code == 74, r.err);
    BOOST_TEST(contains(r.err, "could not write " + path + " (renaming"), r.err);
    BOOST_TEST(contains(r.err, "Is a directory"), r.err);
    // Nothing beside it: the temporary file is gone.
    const auto entries = std::distance(std::filesystem::directory_iterator(dir.path()),
                                       std::filesystem::directory_iterator());
    BOOST_TEST(entries == 1);
    BOOST_TEST(std::filesystem::is_empty(path));
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================

BOOST_AUTO_TEST_SUITE(gate_report_from_a_monitor)

BOOST_AUTO_TEST_CASE(given_a_monitor_it_should_report_its_releases_incidents_queue_and_decisions) {
    Gate g;
    serve_monitor(g.http());
    const auto r = g.run(monitor_report_args({}));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);

    // The draft and the release candidate are left out; "nightly" is skipped, with the reason.
    BOOST_TEST(json.versions() == (std::vector<std::string>{"39.0.0", "39.0.1", "40.0.0"}));
    const auto skipped = json.skipped();
    BOOST_TEST(skipped.size() == 1u);
    BOOST_TEST(skipped.count("nightly") == 1u);
    BOOST_TEST(contains(skipped.at("nightly"), "\"nightly\" is not a SemVer version"),
               skipped.at("nightly"));
    BOOST_TEST(!contains(r.out, "41.0.0"), r.out);
    BOOST_TEST(!contains(r.out, "rc.1"), r.out);

    const auto on_time = json.release("39.0.0");
    BOOST_TEST(text(on_time, "tag") == "v39.0.0");
    BOOST_TEST(number(on_time, "delay_days") == 0.0);
    BOOST_TEST(decisions_of(on_time).empty());

    // The queue item makes the patch a security release with its time to ship.
    const auto fix = json.release("39.0.1");
    BOOST_TEST(text(fix, "kind") == "security");
    BOOST_TEST(text(fix, "queue_id") == "sr-00000000000000a1");
    BOOST_TEST(number(fix, "time_to_ship_seconds") == 48.0 * 3600);
    BOOST_TEST(raw(fix, "sla_met") == "true");
    BOOST_TEST(decisions_of(fix) == (std::vector<std::string>{"defer", "proceed"}));

    // The page's own start time when it has one, else when the monitor first saw it.
    const auto late = json.release("40.0.0");
    BOOST_TEST(text(late, "kind") == "regular");  // the other repository's queue item
    BOOST_TEST(is_null(late, "queue_id"));
    BOOST_TEST(number(late, "delay_days") == 1.0);  // Saturday the 20th, due the 22nd
    BOOST_TEST(incident_ids(late) == (std::vector<std::string>{"admitted-late", "no-start"}));
    BOOST_TEST(incident_starts(late) ==
               (std::vector<std::string>{"admitted-late 2025-12-23T09:00:00Z",
                                         "no-start 2025-12-22T05:00:00Z"}));
    BOOST_TEST(decisions_of(late) == (std::vector<std::string>{"defer", "proceed"}));
    BOOST_TEST(!contains(r.out, "38.0.4"), r.out);

    BOOST_TEST(json.summary("security") == 1.0);
    BOOST_TEST(json.summary("sla_known") == 1.0);
    BOOST_TEST(json.summary("sla_met") == 1.0);
    BOOST_TEST(json.summary("late_with_incidents") == 1.0);
}

BOOST_AUTO_TEST_CASE(given_a_monitor_it_should_ask_for_the_repo_its_incidents_queue_and_decisions) {
    Gate g;
    g.env().set("FAIRWEATHER_API_TOKEN", k_token);
    serve_monitor(g.http());
    const auto r = g.run(monitor_report_args({}));
    BOOST_TEST(r.code == 0, r.err);
    std::vector<std::string> paths;
    for (const auto& q : g.http().requests()) {
        paths.push_back(path_of(q.url));
        BOOST_TEST(q.method == "GET", q.url);
        BOOST_TEST(q.url.starts_with(k_monitor + "/api/v1/"), q.url);
        // Reading needs no token, so none is sent.
        BOOST_TEST(!q.headers.get("Authorization").has_value(), q.url);
    }
    BOOST_TEST(paths == (std::vector<std::string>{
                            "/api/v1/repos/bytecodealliance/wasmtime/releases", "/api/v1/incidents",
                            "/api/v1/releases", "/api/v1/decisions"}));
    // Incidents from before --since too: one that began earlier can still overlap a delay.
    const auto* incidents = request_to(g.http(), "/api/v1/incidents");
    const auto* decisions = request_to(g.http(), "/api/v1/decisions");
    BOOST_REQUIRE((incidents != nullptr && decisions != nullptr));
    const std::string since = query_of(incidents->url, "since");
    const auto since_day = parse_calendar_date(since);
    BOOST_REQUIRE_MESSAGE(since_day.has_value(), since);
    BOOST_TEST((std::chrono::sys_days{*since_day} <=
                std::chrono::sys_days{*parse_calendar_date("2025-11-01")}),
               since);
    BOOST_TEST(query_of(decisions->url, "repo") == k_repo);
}

BOOST_AUTO_TEST_CASE(given_include_prereleases_it_should_list_the_release_candidate) {
    Gate g;
    serve_monitor(g.http());
    const auto r = g.run(monitor_report_args({"--include-prereleases"}));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);
    BOOST_TEST(json.versions() ==
               (std::vector<std::string>{"39.0.0", "39.0.1", "40.0.0-rc.1", "40.0.0"}));
    BOOST_TEST(raw(json.release("40.0.0-rc.1"), "prerelease") == "true");
    BOOST_TEST(raw(json.release("40.0.0"), "prerelease") == "false");
    BOOST_TEST(!contains(r.out, "41.0.0"), r.out);  // a draft still is not a release
}

BOOST_AUTO_TEST_CASE(given_include_prereleases_in_the_config_it_should_list_the_release_candidate) {
    TempDir dir;
    const auto config = wasmtime_config_with(dir, "[report]\ninclude_prereleases = true\n");
    Gate g;
    serve_monitor(g.http());
    const auto r = g.run(report_args_for(config, {"--monitor", k_monitor, "--since", "2025-11-01",
                                                  "--until", "2025-12-31", "--format", "json"}));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);
    BOOST_TEST(json.versions() ==
               (std::vector<std::string>{"39.0.0", "39.0.1", "40.0.0-rc.1", "40.0.0"}));
}

BOOST_AUTO_TEST_CASE(given_no_queue_or_decisions_from_the_monitor_it_should_report_with_notes) {
    Gate g;
    g.http().answer(k_monitor + "/api/v1/repos/" + k_repo + "/releases", 200, k_monitor_releases);
    g.http().answer(k_monitor + "/api/v1/incidents", 200, k_monitor_incidents);
    g.http().answer(k_monitor + "/api/v1/releases", 503, R"({"error":"the store is busy"})");
    g.http().answer(k_monitor + "/api/v1/decisions", 200, "<html>proxy error</html>");
    const auto r = g.run(monitor_report_args({}));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);
    BOOST_TEST(text(json.release("39.0.1"), "kind") == "patch");  // no queue: not known as security
    const auto notes = strings(json.doc(), "notes");
    const auto has_note = [&](std::string_view needle) {
        return std::any_of(notes.begin(), notes.end(),
                           [&](const std::string& n) { return contains(n, needle); });
    };
    BOOST_TEST(has_note("the monitor's release queue could not be read (HTTP 503"));
    BOOST_TEST(has_note("the monitor's gate decisions could not be read"));
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================

BOOST_AUTO_TEST_SUITE(gate_report_security_marker)

// tests/fixtures/report/github_releases_security.json: v39.0.0,
// v39.0.1+security ("Wasmtime 39.0.1") and v39.0.2 ("Wasmtime 39.0.2 (Hotfix)").
BOOST_AUTO_TEST_CASE(given_a_marker_by_flag_or_config_it_should_mark_those_releases_security) {
    struct Case {
        std::string config_marker;  // [report] security_marker; empty: none
        std::string flag;           // --security-marker; empty: not given
        std::string fix_kind;       // of 39.0.1 (tag v39.0.1+security)
        std::string hotfix_kind;    // of 39.0.2 (name "... (Hotfix)")
    };
    const Case cases[] = {
        {"", "", "patch", "patch"},
        {"", "security", "security", "patch"},
        {"security", "", "security", "patch"},
        {"hotfix", "", "patch", "security"},          // the name counts too, whatever its case
        {"hotfix", "security", "security", "patch"},  // the flag wins
    };
    for (const auto& c : cases) {
        TempDir dir;
        const auto config = c.config_marker.empty()
                                ? wasmtime_config()
                                : wasmtime_config_with(dir, "[report]\nsecurity_marker = \"" +
                                                                c.config_marker + "\"\n");
        auto args = report_args_for(
            config, {"--releases", own("github_releases_security.json"), "--format", "json"});
        if (!c.flag.empty()) {
            args.insert(args.end(), {"--security-marker", c.flag});
        }
        Gate g;
        const auto r = g.run(args);
        const std::string label = "config \"" + c.config_marker + "\", flag \"" + c.flag + "\"";
        BOOST_TEST(r.code == 0, label << ": " << r.err);
        const ReportJson json(r.out);
        BOOST_TEST(text(json.release("39.0.0"), "kind") == "regular", label);
        // SemVer build metadata stays in the version's text.
        BOOST_TEST(text(json.release("39.0.1+security"), "tag") == "v39.0.1+security", label);
        BOOST_TEST(text(json.release("39.0.1+security"), "kind") == c.fix_kind, label);
        BOOST_TEST(text(json.release("39.0.2"), "kind") == c.hotfix_kind, label);
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================

BOOST_AUTO_TEST_SUITE(gate_report_bad_input)

BOOST_AUTO_TEST_CASE(given_a_repo_the_monitor_does_not_watch_it_should_exit_1_saying_so) {
    Gate g;
    g.http().answer(k_monitor + "/api/v1/repos/acme/unknown/releases", 404,
                    R"({"error":"repository acme/unknown is not watched by this monitor; watched: )"
                    R"(bytecodealliance/wasmtime","field":"repo"})");
    const auto r = g.run({"report", "--repo", "acme/unknown", "--config", wasmtime_config(),
                          "--monitor", k_monitor});
    BOOST_TEST(r.code == 1, r.out + r.err);
    BOOST_TEST(contains(r.err, "acme/unknown is not watched by this monitor"), r.err);
    BOOST_TEST(contains(r.err, "HTTP 404"), r.err);
    BOOST_TEST(r.out.empty(), r.out);
    BOOST_TEST(g.http().requests().size() == 1u);  // nothing more is asked
}

BOOST_AUTO_TEST_CASE(given_an_unreachable_monitor_it_should_exit_69_naming_it) {
    Gate g;
    const std::string url = k_monitor + "/api/v1/repos/" + k_repo + "/releases";
    g.http().answer(url, make_unexpected(http_error(HttpError::Kind::connect, url,
                                                    "Could not connect to server")));
    const auto r = g.run(report_args({"--monitor", k_monitor}));
    BOOST_TEST(r.code == 69, r.out + r.err);
    BOOST_TEST(contains(r.err, "the monitor at " + url + " could not be asked"), r.err);
    BOOST_TEST(contains(r.err, "Could not connect to server"), r.err);
    BOOST_TEST(r.out.empty(), r.out);
}

BOOST_AUTO_TEST_CASE(given_a_monitor_that_fails_on_incidents_it_should_exit_69) {
    Gate g;
    g.http().answer(k_monitor + "/api/v1/repos/" + k_repo + "/releases", 200, k_monitor_releases);
    g.http().answer(k_monitor + "/api/v1/incidents", 500,
                    R"({"error":"could not read the incidents: disk I/O error"})");
    const auto r = g.run(report_args({"--monitor", k_monitor}));
    BOOST_TEST(r.code == 69, r.out + r.err);
    BOOST_TEST(contains(r.err, "could not be asked for its incidents"), r.err);
}

BOOST_AUTO_TEST_CASE(given_a_missing_releases_file_it_should_exit_66_naming_it) {
    TempDir dir;
    const auto path = (dir / "missing.csv").string();
    Gate g;
    const auto r = g.run(report_args({"--releases", path}));
    BOOST_TEST(r.code == 66, r.out + r.err);
    BOOST_TEST(contains(r.err, "cannot read " + path), r.err);
}

BOOST_AUTO_TEST_CASE(given_a_missing_incidents_file_it_should_exit_66_naming_it) {
    TempDir dir;
    const auto path = (dir / "incidents.csv").string();
    Gate g;
    const auto r = g.run(report_args({"--releases", own("releases.csv"), "--incidents", path}));
    BOOST_TEST(r.code == 66, r.out + r.err);
    BOOST_TEST(contains(r.err, "cannot read " + path), r.err);
}

BOOST_AUTO_TEST_CASE(given_a_releases_csv_with_a_bad_date_it_should_exit_65_naming_file_and_line) {
    Gate g;
    const auto path = own("releases_bad_date.csv");
    const auto r = g.run(report_args({"--releases", path}));
    BOOST_TEST(r.code == 65, r.out + r.err);
    BOOST_TEST(contains(r.err, path + ":3: released_on \"2025-11-31\" is not a date"), r.err);
    BOOST_TEST(r.out.empty(), r.out);
}

BOOST_AUTO_TEST_CASE(
    given_an_incidents_csv_with_a_bad_time_it_should_exit_65_naming_file_and_line) {
    TempDir dir;
    const auto path = write(dir, "incidents.csv",
                            "id,name,impact,created_at,resolved_at,components\n"
                            "a1,Incident with Actions,minor,2025-11-20T14:00:00Z,"
                            "2025-11-20T15:00:00Z,Actions\n"
                            "a2,Incident with Actions,minor,yesterday,,Actions\n");
    Gate g;
    const auto r = g.run(report_args({"--releases", own("releases.csv"), "--incidents", path}));
    BOOST_TEST(r.code == 65, r.out + r.err);
    BOOST_TEST(contains(r.err, path + ":3: created_at \"yesterday\" is not an RFC 3339 timestamp"),
               r.err);
}

BOOST_AUTO_TEST_CASE(given_no_releases_and_no_monitor_it_should_exit_64_with_advice) {
    Gate g;
    const auto r = g.run(report_args({"--incidents", own("incidents.csv")}));
    BOOST_TEST(r.code == 64, r.out + r.err);
    BOOST_TEST(contains(r.err, "no release history: pass --releases FILE, or --monitor URL"),
               r.err);
    BOOST_TEST(g.http().requests().empty());
}

BOOST_AUTO_TEST_CASE(given_no_policy_it_should_exit_78_and_read_nothing) {
    TempDir dir;
    const auto path = write(dir, "fw.toml", "[gate]\nmonitor = \"http://monitor.test\"\n");
    Gate g;
    auto r = g.run({"report", "--repo", k_repo, "--config", path});
    BOOST_TEST(r.code == 78, r.out + r.err);
    BOOST_TEST(contains(r.err, path + ": error: no [policy] in the config"), r.err);
    r = g.run({"report", "--repo", k_repo, "--releases", own("releases.csv")});
    BOOST_TEST(r.code == 78, r.out + r.err);
    BOOST_TEST(contains(r.err, "no [policy] in the config"), r.err);
    BOOST_TEST(g.http().requests().empty());
}

BOOST_AUTO_TEST_CASE(given_a_bad_config_it_should_exit_78_with_file_and_line) {
    TempDir dir;
    const auto path = wasmtime_config_with(dir, "[report]\ninclude_prereleases = \"yes\"\n");
    Gate g;
    const auto r = g.run({"report", "--repo", k_repo, "--config", path});
    BOOST_TEST(r.code == 78, r.out + r.err);
    BOOST_TEST(contains(r.err, path + ":"), r.err);
    BOOST_TEST(contains(r.err, "[report] include_prereleases must be true or false"), r.err);
}

BOOST_AUTO_TEST_CASE(given_bad_arguments_it_should_exit_64_naming_the_problem) {
    struct Case {
        std::vector<std::string> args;
        std::string expected;
    };
    const Case cases[] = {
        {report_args(
             {"--releases", own("releases.csv"), "--since", "2025-12-01", "--until", "2025-11-01"}),
         "--until 2025-11-01 is before --since 2025-12-01"},
        {report_args({"--releases", own("releases.csv"), "--format", "pdf"}),
         "pdf not in {md,csv,json,html}"},
        {report_args({"--releases", own("releases.csv"), "--since", "2025-02-30"}),
         "is not a date; write YYYY-MM-DD"},
        {{"report", "--config", wasmtime_config(), "--releases", own("releases.csv")},
         "--repo is required"},
        {report_args({"--monitor", "monitor.test"}), "is not an http(s) URL"},
    };
    for (const auto& c : cases) {
        Gate g;
        const auto r = g.run(c.args);
        BOOST_TEST(r.code == 64, c.expected << "\n" << r.out << r.err);
        BOOST_TEST(contains(r.err, c.expected), r.err);
        BOOST_TEST(r.out.empty(), r.out);
    }
}

BOOST_AUTO_TEST_CASE(given_an_empty_history_it_should_exit_0_saying_there_are_no_releases) {
    for (const std::string format : {"md", "json"}) {
        Gate g;
        const auto r =
            g.run(report_args({"--releases", own("releases_header_only.csv"), "--since",
                               "2025-01-01", "--until", "2025-12-31", "--format", format}));
        BOOST_TEST(r.code == 0, r.err);
        BOOST_TEST(contains(r.out, format == "md" ? "_No releases in the period._"
                                                  : "\"no releases in the period\""),
                   r.out);
    }
}

BOOST_AUTO_TEST_CASE(given_a_period_with_no_releases_it_should_exit_0_saying_so) {
    Gate g;
    const auto r = g.run(report_args({"--releases", own("releases.csv"), "--since", "2026-01-01",
                                      "--until", "2026-01-31", "--format", "json"}));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);
    BOOST_TEST(json.releases().empty());
    BOOST_TEST(json.summary("releases") == 0.0);
    BOOST_TEST(is_null(json.summary(), "median_delay_days"));
    const auto notes = strings(json.doc(), "notes");
    BOOST_TEST((std::find(notes.begin(), notes.end(), "no releases in the period") != notes.end()));
}

BOOST_AUTO_TEST_CASE(given_tags_that_are_not_versions_it_should_list_them_as_skipped) {
    const auto path = own("releases_bad_tags.csv");
    Gate g;
    auto r = g.run(report_args({"--releases", path, "--format", "json"}));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);
    BOOST_TEST(json.versions() == (std::vector<std::string>{"39.0.0", "40.0.0"}));
    const auto skipped = json.skipped();
    BOOST_REQUIRE(skipped.size() == 2u);
    BOOST_TEST(contains(skipped.at("39.x"), path + ":3: \"39.x\" is not a SemVer version"),
               skipped.at("39.x"));
    BOOST_TEST(contains(skipped.at("nightly-2025-11-25"), path + ":4: "),
               skipped.at("nightly-2025-11-25"));

    r = g.run(report_args({"--releases", path}));
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(contains(r.out, "\n**Skipped**\n\n- `39.x`: " + path +
                                   ":3: \"39.x\" is not a "
                                   "SemVer version"),
               r.out);
    BOOST_TEST(contains(r.out, "- `nightly-2025-11-25`: " + path + ":4: "), r.out);
}

BOOST_AUTO_TEST_CASE(given_an_unresolved_incident_overlapping_a_late_release_it_should_count_it) {
    // open1 began on 2025-12-19, the day before 40.0.0's slot, and is not
    // resolved: it lasts until the clock's now, so it overlaps the delay.
    Gate g;
    const auto r =
        g.run(report_args({"--releases", own("releases.csv"), "--incidents", own("incidents.csv"),
                           "--since", "2025-12-01", "--until", "2025-12-31", "--format", "json"}));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);
    const auto row = json.release("40.0.0");
    BOOST_TEST(number(row, "delay_days") == 1.0);  // Saturday the 20th, due the 22nd
    BOOST_TEST(incident_ids(row) == std::vector<std::string>{"open1"});
    const auto details = elements(row, "incident_details");
    BOOST_REQUIRE(details.size() == 1u);
    BOOST_TEST(is_null(details[0], "resolved"));
    BOOST_TEST(is_null(details[0], "duration_seconds"));
    BOOST_TEST(json.summary("late_with_incidents") == 1.0);
    BOOST_TEST(json.summary("delay_days_with_incidents") == 1.0);
}

BOOST_AUTO_TEST_CASE(given_overlapping_incidents_during_a_delay_it_should_list_both) {
    Gate g;
    const auto r =
        g.run(report_args({"--releases", own("releases.csv"), "--incidents", own("incidents.csv"),
                           "--since", "2025-11-01", "--until", "2025-11-30", "--format", "json"}));
    BOOST_TEST(r.code == 0, r.err);
    const ReportJson json(r.out);
    const auto row = json.release("39.0.0");
    BOOST_TEST(incident_ids(row) == (std::vector<std::string>{"over1", "over2"}));
    BOOST_TEST(incident_starts(row) == (std::vector<std::string>{"over1 2025-11-20T14:00:00Z",
                                                                 "over2 2025-11-20T20:00:00Z"}));
    // Counted once as a late release with incidents, its two days once.
    BOOST_TEST(json.summary("late_with_incidents") == 1.0);
    BOOST_TEST(json.summary("delay_days_with_incidents") == 2.0);
    // The Pages incident of October overlapped no delay.
    BOOST_TEST(!contains(r.out, "quiet1"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================

BOOST_AUTO_TEST_SUITE(gate_report_time_zones)

// Wasmtime's schedule (the 20th of the month) in `zone`.
std::string policy_in(const TempDir& dir, const std::string& zone) {
    return write(dir, "policy.toml",
                 "[policy]\n"
                 "scheme = \"semver\"\n"
                 "regular = \"major\"\n"
                 "time_zone = \"" +
                     zone +
                     "\"\n"
                     "cadence = \"monthly\"\n"
                     "day = 20\n"
                     "weekend = \"none\"\n"
                     "anchor = { version = \"1.0.0\", date = \"2022-09-20\" }\n");
}

// 39.0.0 was published at 2025-11-21T03:00:00Z: the 21st in UTC, but still
// the evening of the 20th in Los Angeles.
BOOST_AUTO_TEST_CASE(given_a_policy_time_zone_it_should_date_releases_in_it) {
    struct Case {
        std::string zone;
        std::string published;
        int delay;
    };
    for (const auto& c :
         {Case{"America/Los_Angeles", "2025-11-20", 0}, Case{"UTC", "2025-11-21", 1}}) {
        TempDir dir;
        Gate g;
        const auto r = g.run(report_args_for(
            policy_in(dir, c.zone),
            {"--releases", own("github_releases_evening.json"), "--format", "json"}));
        BOOST_TEST(r.code == 0, c.zone << ": " << r.err);
        const ReportJson json(r.out);
        const auto row = json.release("39.0.0");
        BOOST_TEST(text(row, "scheduled") == "2025-11-20", c.zone);
        BOOST_TEST(text(row, "published") == c.published, c.zone);
        BOOST_TEST(text(row, "published_at") == "2025-11-21T03:00:00Z", c.zone);
        BOOST_TEST(number(row, "delay_days") == static_cast<double>(c.delay), c.zone);
        BOOST_TEST(contains(text(json.doc(), "policy"), "time zone " + c.zone),
                   text(json.doc(), "policy"));
    }
}

BOOST_AUTO_TEST_CASE(given_a_policy_time_zone_it_should_take_the_period_in_it_too) {
    struct Case {
        std::string zone;
        std::size_t rows;
    };
    for (const auto& [zone, rows] : {Case{"America/Los_Angeles", 0u}, Case{"UTC", 1u}}) {
        TempDir dir;
        Gate g;
        const auto r = g.run(report_args_for(
            policy_in(dir, zone), {"--releases", own("github_releases_evening.json"), "--since",
                                   "2025-11-21", "--until", "2025-11-30", "--format", "json"}));
        BOOST_TEST(r.code == 0, zone << ": " << r.err);
        BOOST_TEST(ReportJson(r.out).releases().size() == rows, zone);
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ===========================================================================

BOOST_AUTO_TEST_SUITE(gate_check_reports_decisions)

BOOST_AUTO_TEST_CASE(given_a_monitor_and_a_token_it_should_post_the_decision) {
    Gate g;
    g.env().set("FAIRWEATHER_API_TOKEN", k_token);
    g.env().set("GITHUB_ACTOR", "octocat");
    g.env().set("GITHUB_RUN_ID", "42");
    g.http().answer(k_monitor + "/api/v1/weather", 200,
                    weather_answer(Weather::fair, "operational"));
    g.http().answer(k_monitor + "/api/v1/decisions", 201, "{\"recorded\":true}\n");
    const auto r = g.run(k_security_check);
    BOOST_TEST(r.code == 0, r.out + r.err);

    BOOST_REQUIRE(g.http().requests().size() == 2u);
    BOOST_TEST(g.http().requests()[0].url == k_monitor + "/api/v1/weather");
    const HttpRequest& post = g.http().requests()[1];
    BOOST_TEST(post.method == "POST");
    BOOST_TEST(post.url == k_monitor + "/api/v1/decisions");
    BOOST_TEST(post.headers.get("Authorization").value_or("(absent)") == "Bearer " + k_token);
    BOOST_TEST(post.headers.get("Content-Type").value_or("(absent)") == "application/json");

    simdjson::dom::parser parser;
    simdjson::dom::element body;
    BOOST_REQUIRE_MESSAGE(parser.parse(post.body).get(body) == simdjson::SUCCESS, post.body);
    BOOST_TEST(text(body, "kind") == "security");
    BOOST_TEST(text(body, "decision") == "proceed");
    BOOST_TEST(text(body, "weather") == "fair");
    BOOST_TEST(text(body, "version") == "39.0.1");
    BOOST_TEST(text(body, "repo") == k_repo);
    BOOST_TEST(text(body, "requested_by") == "octocat (fairweather-gate in Actions run 42)");
    // What the gate sends is what the monitor accepts.
    BOOST_TEST(parse_decision_body(post.body).has_value(), post.body);

    BOOST_TEST(!contains(r.out, "could not be reported"), r.out);
    BOOST_TEST(!contains(r.out + r.err, k_token));
}

BOOST_AUTO_TEST_CASE(given_no_token_it_should_post_nothing) {
    Gate g;
    g.http().answer(k_monitor + "/api/v1/weather", 200,
                    weather_answer(Weather::fair, "operational"));
    g.http().answer(k_monitor + "/api/v1/decisions", 201, "{\"recorded\":true}\n");
    const auto r = g.run(k_security_check);
    BOOST_TEST(r.code == 0, r.out + r.err);
    BOOST_TEST(g.http().count(k_monitor + "/api/v1/decisions") == 0);
    BOOST_TEST(g.http().requests().size() == 1u);
    BOOST_TEST(!contains(r.out, "could not be reported"), r.out);
}

BOOST_AUTO_TEST_CASE(given_no_monitor_it_should_post_nothing_even_with_a_token) {
    Gate g;
    g.env().set("FAIRWEATHER_API_TOKEN", k_token);
    g.http().answer("https://www.githubstatus.com/api/v2/summary.json", 200,
                    fairweather::testing::github_summary("operational"));
    const auto r = g.run({"check", "--kind", "security", "--release", "39.0.1", "--repo", k_repo});
    BOOST_TEST(r.code == 0, r.out + r.err);
    for (const auto& q : g.http().requests()) {
        BOOST_TEST(q.method == "GET", q.url);
        BOOST_TEST(!q.headers.get("Authorization").has_value(), q.url);
    }
}

BOOST_AUTO_TEST_CASE(given_a_refused_post_it_should_keep_the_exit_code_and_say_so) {
    for (const std::string format : {"text", "json"}) {
        Gate g;
        g.env().set("FAIRWEATHER_API_TOKEN", k_token);
        g.http().answer(k_monitor + "/api/v1/weather", 200,
                        weather_answer(Weather::fair, "operational"));
        g.http().answer(k_monitor + "/api/v1/decisions", 401,
                        R"({"error":"the bearer token is not valid"})");
        auto args = k_security_check;
        args.insert(args.end(), {"--format", format});
        const auto r = g.run(args);
        BOOST_TEST(r.code == 0, format << ": " << r.out << r.err);
        BOOST_TEST(contains(r.out,
                            "the decision could not be reported to the monitor: HTTP 401 "
                            "Unauthorized: the bearer token is not valid"),
                   format << ": " << r.out);
        BOOST_TEST(!contains(r.out + r.err, k_token), format);
        if (format == "json") {
            simdjson::dom::parser parser;
            simdjson::dom::element doc;
            BOOST_TEST((parser.parse(r.out).get(doc) == simdjson::SUCCESS), r.out);
        }
    }
}

BOOST_AUTO_TEST_CASE(given_a_deferred_security_release_it_should_queue_it_and_report_the_defer) {
    Gate g;
    g.env().set("FAIRWEATHER_API_TOKEN", k_token);
    g.http().answer(k_monitor + "/api/v1/weather", 200,
                    weather_answer(Weather::outage, "major_outage"));
    QueueItem queued;
    queued.id = "sr-00000000000000c3";
    queued.repo = k_repo;
    queued.version = "39.0.1";
    queued.enqueued_at = *parse_timestamp("2026-11-21T10:00:00Z");
    queued.deadline = queued.enqueued_at + 72h;
    g.http().answer(k_monitor + "/api/v1/releases", 201, render_queue_item(queued, true));
    // The monitor goes away between the two calls: the decision is lost, not the exit code.
    g.http().answer(
        k_monitor + "/api/v1/decisions",
        make_unexpected(http_error(HttpError::Kind::connect, k_monitor + "/api/v1/decisions",
                                   "Connection refused")));
    const auto r = g.run(k_security_check);
    BOOST_TEST(r.code == 75, r.out + r.err);
    BOOST_TEST(contains(r.out, "queued in the monitor as sr-00000000000000c3"), r.out);
    BOOST_TEST(contains(r.out,
                        "the decision could not be reported to the monitor: connect: "
                        "Connection refused"),
               r.out);
    const HttpRequest* post = request_to(g.http(), "/api/v1/decisions");
    BOOST_REQUIRE(post != nullptr);
    BOOST_TEST(post->method == "POST");
    simdjson::dom::parser parser;
    simdjson::dom::element body;
    BOOST_REQUIRE(parser.parse(post->body).get(body) == simdjson::SUCCESS);
    BOOST_TEST(text(body, "decision") == "defer");
    BOOST_TEST(text(body, "weather") == "outage");
    BOOST_TEST(text(body, "kind") == "security");
    BOOST_TEST(!contains(r.out + r.err, k_token));
}

BOOST_AUTO_TEST_SUITE_END()
