// GitHub REST payloads and the Actions weather of a repository: parsing on the
// documented examples and hand-made runs lists, the signals computed from the
// runs, and the weather judged from the signals.
#include <algorithm>

#include <boost/test/unit_test.hpp>

#include "core/http/response_headers.h"
#include "core/sources/actions_source.h"
#include "core/sources/github_payload.h"
#include "tests/support/checks.h"
#include "tests/support/fixtures.h"

using fairweather::testing::all_reasons;
using fairweather::testing::contains;
using namespace fairweather;
using namespace fairweather::github;
using fairweather::testing::own_fixture;
using fairweather::testing::real_fixture;
using fairweather::testing::real_fixtures_present;
namespace utf = boost::unit_test;
using namespace std::chrono_literals;

namespace {

// The "now" of the hand-made runs lists.
const TimePoint k_now =
    TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}} + 14h + 30min;

TimePoint at(std::string_view text) {
    const auto t = parse_timestamp(text);
    BOOST_REQUIRE(t.has_value());
    return *t;
}

std::vector<WorkflowRun> runs_from(const std::string& json) {
    auto runs = parse_workflow_runs(json);
    BOOST_REQUIRE_MESSAGE(runs.has_value(), (runs ? "" : runs.error().describe()));
    return std::move(*runs);
}

std::vector<WorkflowRun> own_runs(const std::string& name) {
    return runs_from(own_fixture("github/" + name));
}

ParseError runs_error(std::string_view json) {
    const auto runs = parse_workflow_runs(json);
    BOOST_REQUIRE(!runs.has_value());
    return runs.error();
}

ParseError releases_error(std::string_view json) {
    const auto releases = parse_releases(json);
    BOOST_REQUIRE(!releases.has_value());
    return releases.error();
}

// A duration as people read it, so Boost.Test can print it: "23m58s" or "unset".
std::string shown(const std::optional<Duration>& d) {
    return d ? format_duration(*d) : "unset";
}

RepoSettings repo(std::string release_workflow = "") {
    RepoSettings s;
    s.name = "acme/widget";
    s.release_workflow = std::move(release_workflow);
    return s;
}

// A run of `file` created `age` before k_now that waited `latency` for a
// runner (none: never started).
WorkflowRun make_run(std::string file, Duration age, std::optional<Duration> latency,
                     std::string status = "completed", std::string conclusion = "success") {
    static std::int64_t next_id = 1000;
    WorkflowRun run;
    run.id = next_id++;
    run.workflow_file = file;
    run.path = ".github/workflows/" + file;
    run.name = file.substr(0, file.find('.'));
    run.event = "push";
    run.status = std::move(status);
    run.conclusion = run.status == "completed" ? std::move(conclusion) : std::string{};
    run.html_url = "https://github.com/acme/widget/actions/runs/" + std::to_string(run.id);
    run.created_at = k_now - age;
    if (latency) {
        run.run_started_at = *run.created_at + *latency;
    }
    return run;
}

// Completed runs with the given queue latencies, all within the window.
std::vector<WorkflowRun> runs_waiting(const std::vector<Duration>& latencies) {
    std::vector<WorkflowRun> runs;
    for (const auto latency : latencies) {
        runs.push_back(make_run("ci.yml", 50min, latency));
    }
    return runs;
}

Observation judge(const std::vector<WorkflowRun>& runs, const RepoSettings& settings) {
    return evaluate_repo(compute_signals(runs, settings, k_now), settings, k_now);
}

Headers headers(std::vector<std::pair<std::string, std::string>> fields) {
    Headers h;
    for (auto& [name, value] : fields) {
        h.add(std::move(name), std::move(value));
    }
    return h;
}

Headers link(std::string value) {
    return headers({{"Link", std::move(value)}});
}

}  // namespace

// The documented examples of GitHub's REST description (@octokit/openapi).
BOOST_AUTO_TEST_SUITE(github_real_payloads, *utf::precondition(real_fixtures_present))

BOOST_AUTO_TEST_CASE(given_the_documented_runs_list_it_should_read_the_run_and_strip_the_ref) {
    const auto runs = runs_from(real_fixture("github_rest/list_workflow_runs.example.json"));
    BOOST_REQUIRE(runs.size() == 1u);
    const auto& run = runs[0];
    BOOST_TEST(run.id == 30433642);
    BOOST_TEST(run.name == "Build");
    BOOST_TEST(run.path == ".github/workflows/build.yml");
    BOOST_TEST(run.workflow_file == "build.yml");
    BOOST_TEST(run.event == "push");
    BOOST_TEST(run.status == "queued");
    BOOST_TEST(run.conclusion == "");
    BOOST_TEST(run.display_title == "Update README.md");
    BOOST_TEST(run.html_url == "https://github.com/octo-org/octo-repo/actions/runs/30433642");
    BOOST_TEST(run.run_attempt == 1);
    BOOST_TEST(format_timestamp(run.created_at.value()) == "2020-01-22T19:33:08Z");
    BOOST_TEST(format_timestamp(run.run_started_at.value()) == "2020-01-22T19:33:08Z");
    BOOST_TEST(format_timestamp(run.updated_at.value()) == "2020-01-22T19:33:08Z");
}

// The example run is queued yet has run_started_at equal to created_at: its
// status, not that field, says it has not started, so it adds no (false, 0s)
// queue latency and counts as stuck.
BOOST_AUTO_TEST_CASE(given_the_documented_queued_run_half_an_hour_on_it_should_count_it_stuck) {
    const auto runs = runs_from(real_fixture("github_rest/list_workflow_runs.example.json"));
    const TimePoint now = at("2020-01-22T20:03:08Z");
    RepoSettings settings;
    settings.name = "octo-org/octo-repo";
    settings.workflows = {"build.yml"};
    const auto s = compute_signals(runs, settings, now);
    BOOST_TEST(s.runs_considered == 1);
    BOOST_TEST(s.runs_started == 0);
    BOOST_TEST(shown(s.queue_latency_p90) == "unset");
    BOOST_TEST(s.queued_now == 1);
    BOOST_TEST(s.queued_too_long == 1);
    BOOST_TEST(shown(s.longest_queued) == "30m");
    const auto r = evaluate_repo(s, settings, now);
    BOOST_TEST(r.weather == Weather::degraded);
    BOOST_REQUIRE(r.reasons.size() == 1u);
    BOOST_TEST(r.reasons[0] ==
               "actions:octo-org/octo-repo: 1 run queued longer than 10m (longest 30m)");
}

BOOST_AUTO_TEST_CASE(given_the_documented_releases_list_it_should_read_v1_0_0) {
    const auto releases = parse_releases(real_fixture("github_rest/list_releases.example.json"));
    BOOST_REQUIRE_MESSAGE(releases.has_value(), (releases ? "" : releases.error().describe()));
    BOOST_REQUIRE(releases->size() == 1u);
    const auto& r = (*releases)[0];
    BOOST_TEST(r.id == 1);
    BOOST_TEST(r.tag_name == "v1.0.0");
    BOOST_TEST(r.name == "v1.0.0");
    BOOST_TEST(r.html_url == "https://github.com/octocat/Hello-World/releases/v1.0.0");
    BOOST_TEST(!r.draft);
    BOOST_TEST(!r.prerelease);
    BOOST_TEST(format_timestamp(r.created_at.value()) == "2013-02-27T19:35:32Z");
    BOOST_TEST(format_timestamp(r.published_at.value()) == "2013-02-27T19:35:32Z");
}

BOOST_AUTO_TEST_CASE(given_a_single_release_object_it_should_refuse_it_as_not_a_list) {
    const auto e = releases_error(real_fixture("github_rest/get_release.example.json"));
    BOOST_TEST(e.path == "(top level)");
    BOOST_TEST(contains(e.message, "expected an array of releases, got an object"), e.message);
    BOOST_TEST(contains(e.message, "may be a single release"), e.message);
}

BOOST_AUTO_TEST_CASE(given_the_documented_link_header_it_should_return_the_next_page) {
    // headers.link.example in spec_excerpts.json, unescaped.
    const std::string documented = R"(<https://api.github.com/resource?page=2>; rel="next", )"
                                   R"(<https://api.github.com/resource?page=5>; rel="last")";
    BOOST_TEST(contains(real_fixture("github_rest/spec_excerpts.json"),
                        R"(<https://api.github.com/resource?page=2>; rel=\"next\", )"
                        R"(<https://api.github.com/resource?page=5>; rel=\"last\")"));
    BOOST_TEST(next_page(link(documented)).value() == "https://api.github.com/resource?page=2");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(github_parse)

BOOST_AUTO_TEST_CASE(given_the_early_outage_list_it_should_read_every_run_newest_first) {
    const auto runs = own_runs("runs_early_outage.json");
    BOOST_REQUIRE(runs.size() == 14u);
    BOOST_TEST(runs.front().status == "queued");
    BOOST_TEST(runs.front().run_started_at.has_value() == false);
    BOOST_TEST(runs.front().workflow_file == "ci.yml");
    BOOST_TEST(runs.front().path == ".github/workflows/ci.yml");
    BOOST_TEST(runs.front().name == "CI");
    BOOST_TEST(runs.front().display_title == "Add --json flag to status (#415)");
    BOOST_TEST(format_timestamp(runs.front().created_at.value()) == "2026-11-20T14:28:40Z");
    BOOST_TEST(format_timestamp(runs.back().created_at.value()) == "2026-11-20T13:21:14Z");
    BOOST_TEST(runs.back().conclusion == "success");
    const auto failures = std::count_if(runs.begin(), runs.end(), [](const WorkflowRun& r) {
        return r.conclusion == "startup_failure";
    });
    BOOST_TEST(failures == 1);
}

BOOST_AUTO_TEST_CASE(given_paths_with_and_without_a_ref_it_should_strip_only_the_ref) {
    const auto runs = runs_from(R"({"total_count": 3, "workflow_runs": [
        {"id": 1, "status": "completed", "created_at": "2026-11-20T14:00:00Z",
         "path": ".github/workflows/deploy.yaml@refs/heads/release/v2"},
        {"id": 2, "status": "completed", "created_at": "2026-11-20T14:00:00Z",
         "path": ".github/workflows/ci.yml"},
        {"id": 3, "status": "completed", "created_at": "2026-11-20T14:00:00Z",
         "path": "octo-org/shared/.github/workflows/reusable.yml@v1.2"}]})");
    BOOST_REQUIRE(runs.size() == 3u);
    BOOST_TEST(runs[0].path == ".github/workflows/deploy.yaml");
    BOOST_TEST(runs[0].workflow_file == "deploy.yaml");
    BOOST_TEST(runs[1].path == ".github/workflows/ci.yml");
    BOOST_TEST(runs[1].workflow_file == "ci.yml");
    BOOST_TEST(runs[2].path == "octo-org/shared/.github/workflows/reusable.yml");
    BOOST_TEST(runs[2].workflow_file == "reusable.yml");
}

BOOST_AUTO_TEST_CASE(given_a_minimal_run_it_should_default_the_optional_fields) {
    const auto runs = runs_from(R"({"workflow_runs": [{"id": 7, "status": "queued",
        "created_at": "2026-11-20T14:00:00Z", "conclusion": null, "run_started_at": null,
        "some_future_field": {"nested": [1, 2]}}]})");
    BOOST_REQUIRE(runs.size() == 1u);
    BOOST_TEST(runs[0].id == 7);
    BOOST_TEST(runs[0].run_attempt == 1);
    BOOST_TEST(runs[0].conclusion == "");
    BOOST_TEST(runs[0].name == "");
    BOOST_TEST(runs[0].workflow_file == "");
    BOOST_TEST(!runs[0].run_started_at.has_value());
    BOOST_TEST(!runs[0].updated_at.has_value());
}

BOOST_AUTO_TEST_CASE(given_an_empty_runs_list_it_should_return_no_runs) {
    BOOST_TEST(runs_from(R"({"total_count": 0, "workflow_runs": []})").empty());
}

BOOST_AUTO_TEST_CASE(given_an_empty_body_it_should_say_so) {
    const auto e = runs_error("");
    BOOST_TEST(e.path == "");
    BOOST_TEST(e.message == "the body is empty");
}

BOOST_AUTO_TEST_CASE(given_an_html_error_page_it_should_say_it_is_not_json) {
    const auto e = runs_error("<html><body>Unicorn! 503</body></html>");
    BOOST_TEST(e.path == "");
    BOOST_TEST(contains(e.message, "not valid JSON"), e.message);
    BOOST_TEST(contains(e.message, "a GitHub workflow runs list"), e.message);
}

BOOST_AUTO_TEST_CASE(given_a_top_level_array_for_runs_it_should_name_the_top_level) {
    const auto e = runs_error(R"([{"id": 1}])");
    BOOST_TEST(e.path == "(top level)");
    BOOST_TEST(contains(e.message,
                        "expected an object with a \"workflow_runs\" array, got an "
                        "array"),
               e.message);
}

BOOST_AUTO_TEST_CASE(given_an_object_without_workflow_runs_it_should_name_the_field) {
    const auto e = runs_error(R"({"total_count": 2, "workflows": []})");
    BOOST_TEST(e.path == "workflow_runs");
    BOOST_TEST(contains(e.message, "missing"), e.message);
    BOOST_TEST(contains(e.message, "may not be a list of workflow runs"), e.message);
}

BOOST_AUTO_TEST_CASE(given_workflow_runs_that_is_not_an_array_it_should_say_what_it_got) {
    const auto e = runs_error(R"({"workflow_runs": {"id": 1}})");
    BOOST_TEST(e.path == "workflow_runs");
    BOOST_TEST(e.message == "expected an array, got an object");
}

BOOST_AUTO_TEST_CASE(given_a_run_with_a_string_id_it_should_give_the_exact_path) {
    const auto e = runs_error(R"({"workflow_runs": [
        {"id": 1, "status": "completed", "created_at": "2026-11-20T14:00:00Z"},
        {"id": "2", "status": "completed", "created_at": "2026-11-20T14:00:00Z"}]})");
    BOOST_TEST(e.path == "workflow_runs[1].id");
    BOOST_TEST(e.message == "expected a whole number, got a string");
}

BOOST_AUTO_TEST_CASE(given_a_run_with_a_bad_timestamp_it_should_give_the_exact_path) {
    const auto e = runs_error(
        R"({"workflow_runs": [{"id": 1, "status": "completed", "created_at": "yesterday"}]})");
    BOOST_TEST(e.path == "workflow_runs[0].created_at");
    BOOST_TEST(e.message == "\"yesterday\" is not an RFC 3339 timestamp");
}

BOOST_AUTO_TEST_CASE(given_a_bad_run_started_at_it_should_give_the_exact_path) {
    const auto e = runs_error(R"({"workflow_runs": [{"id": 1, "status": "completed",
        "created_at": "2026-11-20T14:00:00Z", "run_started_at": "2026-11-20 14:00"}]})");
    BOOST_TEST(e.path == "workflow_runs[0].run_started_at");
}

BOOST_AUTO_TEST_CASE(given_runs_missing_required_fields_it_should_name_each) {
    BOOST_TEST(runs_error(R"({"workflow_runs": [{"status": "queued",
        "created_at": "2026-11-20T14:00:00Z"}]})")
                   .path == "workflow_runs[0].id");
    BOOST_TEST(runs_error(R"({"workflow_runs": [{"id": 1,
        "created_at": "2026-11-20T14:00:00Z"}]})")
                   .path == "workflow_runs[0].status");
    const auto e = runs_error(R"({"workflow_runs": [{"id": 1, "status": "queued"}]})");
    BOOST_TEST(e.path == "workflow_runs[0].created_at");
    BOOST_TEST(contains(e.message, "missing"), e.message);
}

BOOST_AUTO_TEST_CASE(given_a_run_that_is_not_an_object_it_should_give_its_index) {
    const auto e = runs_error(R"({"workflow_runs": [42]})");
    BOOST_TEST(e.path == "workflow_runs[0]");
    BOOST_TEST(e.message == "expected an object, got a number");
}

BOOST_AUTO_TEST_CASE(given_a_draft_release_it_should_leave_published_at_unset) {
    const auto releases = parse_releases(R"([
        {"id": 9, "tag_name": "v2.0.0-rc.1", "name": null, "draft": true, "prerelease": true,
         "created_at": "2026-11-19T10:00:00Z", "published_at": null}])");
    BOOST_REQUIRE(releases.has_value());
    BOOST_REQUIRE(releases->size() == 1u);
    BOOST_TEST((*releases)[0].draft);
    BOOST_TEST((*releases)[0].prerelease);
    BOOST_TEST((*releases)[0].name == "");
    BOOST_TEST(!(*releases)[0].published_at.has_value());
}

BOOST_AUTO_TEST_CASE(given_a_release_without_a_tag_it_should_give_the_exact_path) {
    const auto e = releases_error(R"([{"id": 1, "tag_name": "v1"}, {"id": 2}])");
    BOOST_TEST(e.path == "[1].tag_name");
    BOOST_TEST(contains(e.message, "missing"), e.message);
}

BOOST_AUTO_TEST_CASE(given_a_release_with_a_string_draft_it_should_give_the_exact_path) {
    const auto e = releases_error(R"([{"id": 1, "tag_name": "v1", "draft": "false"}])");
    BOOST_TEST(e.path == "[0].draft");
    BOOST_TEST(e.message == "expected true or false, got a string");
}

BOOST_AUTO_TEST_CASE(given_an_empty_releases_body_it_should_say_so) {
    BOOST_TEST(releases_error("").message == "the body is empty");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(github_headers)

BOOST_AUTO_TEST_CASE(given_rate_limit_headers_it_should_read_each) {
    // The header examples of GitHub's REST description (spec_excerpts.json).
    const auto limit = parse_rate_limit(headers({{"X-RateLimit-Limit", "5000"},
                                                 {"X-RateLimit-Remaining", "4999"},
                                                 {"X-RateLimit-Used", "1"},
                                                 {"X-RateLimit-Reset", "1590701888"},
                                                 {"X-RateLimit-Resource", "core"}}));
    BOOST_TEST(limit.limit.value() == 5000);
    BOOST_TEST(limit.remaining.value() == 4999);
    BOOST_TEST(limit.used.value() == 1);
    BOOST_TEST(format_timestamp(limit.reset.value()) == "2020-05-28T21:38:08Z");
    BOOST_TEST(limit.resource == "core");
}

BOOST_AUTO_TEST_CASE(given_lower_case_header_names_it_should_still_read_them) {
    // HTTP/2 delivers header names in lower case.
    const auto limit = parse_rate_limit(
        headers({{"x-ratelimit-remaining", " 0 "}, {"x-ratelimit-resource", "search"}}));
    BOOST_TEST(limit.remaining.value() == 0);
    BOOST_TEST(limit.resource == "search");
    BOOST_TEST(!limit.limit.has_value());
}

BOOST_AUTO_TEST_CASE(given_no_rate_limit_headers_it_should_leave_everything_unset) {
    const auto limit = parse_rate_limit(headers({{"Content-Type", "application/json"}}));
    BOOST_TEST(!limit.limit.has_value());
    BOOST_TEST(!limit.remaining.has_value());
    BOOST_TEST(!limit.used.has_value());
    BOOST_TEST(!limit.reset.has_value());
    BOOST_TEST(limit.resource == "");
}

BOOST_AUTO_TEST_CASE(given_garbage_rate_limit_headers_it_should_leave_them_unset) {
    const auto limit = parse_rate_limit(headers({{"X-RateLimit-Limit", "lots"},
                                                 {"X-RateLimit-Remaining", "12abc"},
                                                 {"X-RateLimit-Used", ""},
                                                 {"X-RateLimit-Reset", "1590701888.5"}}));
    BOOST_TEST(!limit.limit.has_value());
    BOOST_TEST(!limit.remaining.has_value());
    BOOST_TEST(!limit.used.has_value());
    BOOST_TEST(!limit.reset.has_value());
}

BOOST_AUTO_TEST_CASE(given_a_link_header_without_next_it_should_return_nothing) {
    // The last page: only prev and first remain.
    BOOST_TEST(!next_page(link(R"(<https://api.github.com/repositories/1/actions/runs?page=4>; )"
                               R"(rel="prev", )"
                               R"(<https://api.github.com/repositories/1/actions/runs?page=1>; )"
                               R"(rel="first")"))
                    .has_value());
    BOOST_TEST(!next_page(headers({})).has_value());
    BOOST_TEST(!next_page(link("")).has_value());
    // Malformed: no closing '>', an unterminated quote.
    BOOST_TEST(!next_page(link("<https://x.test/a?page=2; rel=\"next\"")).has_value());
    BOOST_TEST(!next_page(link(R"(<https://x.test/a?page=2>; rel="nex)")).has_value());
}

BOOST_AUTO_TEST_CASE(given_next_in_any_position_or_form_it_should_find_it) {
    // Unquoted rel, lower-case header name.
    BOOST_TEST(next_page(headers({{"link", "<https://x.test/a?page=3>; rel=next"}})).value() ==
               "https://x.test/a?page=3");
    // Several relation types in one rel, any case, after another link.
    BOOST_TEST(next_page(link(R"(<https://x.test/a?page=1>; rel="first", )"
                              R"(<https://x.test/a?page=2>; REL="last Next")"))
                   .value() == "https://x.test/a?page=2");
    // A URI holding ',' and ';' and another parameter before rel.
    BOOST_TEST(next_page(link(R"(<https://x.test/a?q=a,b;c&page=2>; title="a, b; c"; rel="next")"))
                   .value() == "https://x.test/a?q=a,b;c&page=2");
}

BOOST_AUTO_TEST_CASE(given_next_only_in_another_parameter_it_should_not_follow_it) {
    BOOST_TEST(
        !next_page(link(R"(<https://x.test/a?page=5>; title="next"; rel="last")")).has_value());
    BOOST_TEST(!next_page(link(R"(<https://x.test/a?page=5>; rel="nextish")")).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(github_urls)

BOOST_AUTO_TEST_CASE(given_a_since_with_milliseconds_it_should_ask_from_the_whole_second) {
    const TimePoint since = at("2026-11-20T13:00:00.789Z");
    BOOST_TEST(runs_url("https://api.github.com/", "acme/widget", since) ==
               "https://api.github.com/repos/acme/widget/actions/runs?per_page=100&created=%3E%3D"
               "2026-11-20T13:00:00Z");
}

BOOST_AUTO_TEST_CASE(given_an_enterprise_api_base_it_should_keep_its_path) {
    BOOST_TEST(
        runs_url("https://ghe.example.com/api/v3", "acme/widget", at("2026-11-20T13:05:09Z")) ==
        "https://ghe.example.com/api/v3/repos/acme/widget/actions/runs?per_page=100&"
        "created=%3E%3D2026-11-20T13:05:09Z");
    BOOST_TEST(releases_url("https://ghe.example.com/api/v3//", "acme/widget") ==
               "https://ghe.example.com/api/v3/repos/acme/widget/releases?per_page=100");
}

BOOST_AUTO_TEST_CASE(given_the_public_api_it_should_build_the_releases_url) {
    BOOST_TEST(releases_url("https://api.github.com", "acme/widget") ==
               "https://api.github.com/repos/acme/widget/releases?per_page=100");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(github_weather)

// Runners stopped picking up jobs at about 14:05 while the status page still
// said operational: fairweather must call it an outage on the repo's own runs.
BOOST_AUTO_TEST_CASE(given_runs_stuck_in_the_queue_it_should_call_an_outage_early) {
    const auto runs = own_runs("runs_early_outage.json");
    const RepoSettings settings = repo();
    const auto s = compute_signals(runs, settings, k_now);
    BOOST_TEST(s.runs_considered == 13);  // the 13:21 run is older than the hour
    BOOST_TEST(s.runs_started == 6);
    BOOST_TEST(shown(s.queue_latency_p50) == "32s");
    BOOST_TEST(shown(s.queue_latency_p90) == "59s");
    BOOST_TEST(shown(s.queue_latency_max) == "59s");
    BOOST_TEST(s.queued_now == 6);
    BOOST_TEST(s.queued_too_long == 4);
    BOOST_TEST(shown(s.longest_queued) == "23m58s");
    BOOST_TEST(s.startup_failures == 1);
    BOOST_TEST(s.infra_cancellations == 0);
    BOOST_TEST(s.release_conclusion == "");

    const auto r = evaluate_repo(s, settings, k_now);
    BOOST_TEST(r.weather == Weather::outage);
    BOOST_TEST(r.name == "actions:acme/widget");
    BOOST_TEST(r.kind == "actions");
    BOOST_TEST((r.observed_at == k_now));
    BOOST_REQUIRE(r.actions.has_value());
    BOOST_TEST(r.actions->queued_too_long == 4);
    BOOST_REQUIRE_MESSAGE(r.reasons.size() == 2u, all_reasons(r));
    BOOST_TEST(r.reasons[0] ==
               "actions:acme/widget: 4 runs queued longer than 10m (longest 23m58s)");
    BOOST_TEST(r.reasons[1] ==
               "actions:acme/widget: 1 run failed to start (startup_failure) in the last 1h");
}

BOOST_AUTO_TEST_CASE(given_runs_picked_up_within_a_minute_it_should_be_fair_with_the_release) {
    const auto runs = own_runs("runs_healthy.json");
    const RepoSettings settings = repo("release.yml");
    const auto s = compute_signals(runs, settings, k_now);
    BOOST_TEST(s.runs_considered == 10);
    BOOST_TEST(s.runs_started == 10);
    BOOST_TEST(shown(s.queue_latency_p50) == "35s");
    BOOST_TEST(shown(s.queue_latency_p90) == "52s");
    BOOST_TEST(shown(s.queue_latency_max) == "58s");
    BOOST_TEST(s.queued_now == 0);
    BOOST_TEST(!s.longest_queued.has_value());
    // Newest completed release run: the in-progress one at 14:22 is not done
    // and the failed one at 13:45 is older.
    BOOST_TEST(s.release_conclusion == "success");
    BOOST_TEST(format_timestamp(s.release_at.value()) == "2026-11-20T14:05:00Z");
    BOOST_TEST(s.release_url == "https://github.com/acme/widget/actions/runs/19283751035");

    const auto r = evaluate_repo(s, settings, k_now);
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_REQUIRE(r.reasons.size() == 1u);
    BOOST_TEST(r.reasons[0] ==
               "actions:acme/widget: 10 runs in the last 1h, queue p90 52s, none "
               "stuck");
}

BOOST_AUTO_TEST_CASE(given_runs_waiting_eight_minutes_for_runners_it_should_be_degraded) {
    const auto runs = own_runs("runs_degraded.json");
    const RepoSettings settings = repo();
    const auto s = compute_signals(runs, settings, k_now);
    BOOST_TEST(s.runs_considered == 10);
    BOOST_TEST(s.runs_started == 9);
    BOOST_TEST(shown(s.queue_latency_p50) == "6m40s");
    BOOST_TEST(shown(s.queue_latency_p90) == "8m5s");
    BOOST_TEST(s.queued_now == 1);
    BOOST_TEST(s.queued_too_long == 0);
    const auto r = evaluate_repo(s, settings, k_now);
    BOOST_TEST(r.weather == Weather::degraded);
    BOOST_REQUIRE_MESSAGE(r.reasons.size() == 1u, all_reasons(r));
    BOOST_TEST(r.reasons[0] ==
               "actions:acme/widget: runs waited 8m5s for a runner at p90 (p50 6m40s) over 9 "
               "started runs in the last 1h, above 5m");
}

BOOST_AUTO_TEST_CASE(given_a_workflow_file_filter_it_should_count_only_that_file) {
    RepoSettings settings = repo();
    settings.workflows = {"lint.yml"};
    const auto s = compute_signals(own_runs("runs_early_outage.json"), settings, k_now);
    BOOST_TEST(s.runs_considered == 3);
    BOOST_TEST(s.queued_now == 2);
    BOOST_TEST(s.queued_too_long == 2);
    BOOST_TEST(s.startup_failures == 0);
    // File names are exact.
    settings.workflows = {"Lint.yml"};
    BOOST_TEST(
        compute_signals(own_runs("runs_early_outage.json"), settings, k_now).runs_considered == 0);
}

BOOST_AUTO_TEST_CASE(given_a_workflow_path_filter_it_should_match_the_runs_path) {
    RepoSettings settings = repo();
    settings.workflows = {".github/workflows/lint.yml"};
    BOOST_TEST(
        compute_signals(own_runs("runs_early_outage.json"), settings, k_now).runs_considered == 3);
    settings.workflows = {"workflows/lint.yml"};  // a path must be the whole path
    BOOST_TEST(
        compute_signals(own_runs("runs_early_outage.json"), settings, k_now).runs_considered == 0);
}

BOOST_AUTO_TEST_CASE(given_a_queued_run_with_a_start_time_it_should_not_count_as_started) {
    // GitHub sets run_started_at at creation; the status says whether a runner took it.
    auto run = make_run("ci.yml", 20min, 0min, "queued");
    const auto s = compute_signals({run}, repo(), k_now);
    BOOST_TEST(s.runs_started == 0);
    BOOST_TEST(s.queued_too_long == 1);
    BOOST_TEST(!s.queue_latency_p90.has_value());
}

BOOST_AUTO_TEST_CASE(given_a_workflow_name_filter_it_should_match_names_in_any_case) {
    RepoSettings settings = repo();
    settings.workflows = {"ci", "DOCS"};
    const auto s = compute_signals(own_runs("runs_early_outage.json"), settings, k_now);
    BOOST_TEST(s.runs_considered == 10);  // 9 CI runs and 1 Docs run in the hour
    BOOST_TEST(s.queued_now == 4);
    BOOST_TEST(s.startup_failures == 1);
}

BOOST_AUTO_TEST_CASE(given_a_filter_that_excludes_the_release_workflow_it_should_still_report_it) {
    RepoSettings settings = repo("Release");  // by name this time
    settings.workflows = {"ci.yml"};
    const auto s = compute_signals(own_runs("runs_healthy.json"), settings, k_now);
    BOOST_TEST(s.runs_considered == 5);
    BOOST_TEST(s.release_conclusion == "success");
    BOOST_TEST(s.release_url == "https://github.com/acme/widget/actions/runs/19283751035");
}

BOOST_AUTO_TEST_CASE(given_no_release_workflow_it_should_leave_the_release_fields_empty) {
    const auto s = compute_signals(own_runs("runs_healthy.json"), repo(), k_now);
    BOOST_TEST(s.release_conclusion == "");
    BOOST_TEST(s.release_url == "");
    BOOST_TEST(!s.release_at.has_value());
}

BOOST_AUTO_TEST_CASE(given_completed_release_runs_only_before_the_window_it_should_report_none) {
    RepoSettings settings = repo("release.yml");
    settings.window = 20min;  // only the in-progress release run at 14:22 is this recent
    const auto s = compute_signals(own_runs("runs_healthy.json"), settings, k_now);
    BOOST_TEST(s.release_conclusion == "");
    BOOST_TEST(!s.release_at.has_value());
}

BOOST_AUTO_TEST_CASE(given_runs_outside_the_window_it_should_ignore_them) {
    // Created: exactly at the window's edge (in), just before it (out), hours
    // before (out), in the future by a skewed clock (out), just now (in).
    const std::vector<WorkflowRun> runs = {
        make_run("ci.yml", 1h, 10s),
        make_run("ci.yml", 1h + 1s, 30min, "queued"),
        make_run("ci.yml", 3h, std::nullopt, "completed", "startup_failure"),
        make_run("ci.yml", -5min, 1s),
        make_run("ci.yml", 0s, std::nullopt, "queued"),
    };
    const auto s = compute_signals(runs, repo(), k_now);
    BOOST_TEST(s.runs_considered == 2);
    BOOST_TEST(s.runs_started == 1);
    BOOST_TEST(s.queued_now == 1);
    BOOST_TEST(s.startup_failures == 0);

    RepoSettings narrow = repo();
    narrow.window = 30min;
    BOOST_TEST(compute_signals(own_runs("runs_early_outage.json"), narrow, k_now).runs_considered ==
               8);  // 14:01:10 onwards
}

BOOST_AUTO_TEST_CASE(given_ten_known_latencies_it_should_take_nearest_rank_percentiles) {
    // Unsorted on purpose: 10s..100s. p50 is rank 5, p90 rank 9.
    const auto s = compute_signals(
        runs_waiting({70s, 10s, 100s, 40s, 20s, 90s, 30s, 60s, 50s, 80s}), repo(), k_now);
    BOOST_TEST(s.runs_started == 10);
    BOOST_TEST(shown(s.queue_latency_p50) == "50s");
    BOOST_TEST(shown(s.queue_latency_p90) == "1m30s");
    BOOST_TEST(shown(s.queue_latency_max) == "1m40s");
}

BOOST_AUTO_TEST_CASE(given_few_latencies_it_should_round_ranks_up) {
    // n = 3: p50 rank ceil(1.5) = 2, p90 rank ceil(2.7) = 3.
    auto s = compute_signals(runs_waiting({5s, 1s, 3s}), repo(), k_now);
    BOOST_TEST(shown(s.queue_latency_p50) == "3s");
    BOOST_TEST(shown(s.queue_latency_p90) == "5s");
    // n = 1: every percentile is the one value.
    s = compute_signals(runs_waiting({42s}), repo(), k_now);
    BOOST_TEST(shown(s.queue_latency_p50) == "42s");
    BOOST_TEST(shown(s.queue_latency_p90) == "42s");
    // n = 11: p90 rank ceil(9.9) = 10.
    s = compute_signals(runs_waiting({1s, 2s, 3s, 4s, 5s, 6s, 7s, 8s, 9s, 10s, 11s}), repo(),
                        k_now);
    BOOST_TEST(shown(s.queue_latency_p50) == "6s");
    BOOST_TEST(shown(s.queue_latency_p90) == "10s");
}

BOOST_AUTO_TEST_CASE(given_a_start_before_creation_it_should_count_no_wait) {
    const auto s = compute_signals(runs_waiting({-3s, 2s}), repo(), k_now);
    BOOST_TEST(shown(s.queue_latency_p50) == "0s");
    BOOST_TEST(shown(s.queue_latency_max) == "2s");
}

BOOST_AUTO_TEST_CASE(given_no_started_runs_it_should_leave_latency_unset) {
    const auto s =
        compute_signals({make_run("ci.yml", 2min, std::nullopt, "queued")}, repo(), k_now);
    BOOST_TEST(s.runs_considered == 1);
    BOOST_TEST(s.runs_started == 0);
    BOOST_TEST(!s.queue_latency_p50.has_value());
    BOOST_TEST(!s.queue_latency_p90.has_value());
    BOOST_TEST(!s.queue_latency_max.has_value());
    const auto r = evaluate_repo(s, repo(), k_now);
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_TEST(r.reasons.at(0) == "actions:acme/widget: 1 run in the last 1h, none stuck");
}

BOOST_AUTO_TEST_CASE(given_runs_waiting_for_github_or_for_the_project_it_should_count_only_github) {
    // "waiting" (an environment's approval) and "pending" (a concurrency
    // group) are the project's own queues: left out, never stuck.
    const std::vector<WorkflowRun> runs = {
        make_run("ci.yml", 20min, std::nullopt, "queued"),
        make_run("ci.yml", 15min, std::nullopt, "waiting"),
        make_run("ci.yml", 12min, std::nullopt, "pending"),
        make_run("ci.yml", 11min, std::nullopt, "requested"),
        make_run("ci.yml", 30min, 20s, "in_progress"),
    };
    const auto s = compute_signals(runs, repo(), k_now);
    BOOST_TEST(s.queued_now == 2);
    BOOST_TEST(s.queued_too_long == 2);
    BOOST_TEST(shown(s.longest_queued) == "20m");
    BOOST_TEST(s.runs_waiting == 1);
    BOOST_TEST(s.runs_pending == 1);
    BOOST_TEST(s.runs_considered == 3);
    const auto r = evaluate_repo(s, repo(), k_now);
    BOOST_TEST(contains(all_reasons(r),
                        "left out as the project's own queues: 1 run waiting for an environment's "
                        "approval, 1 run pending behind a concurrency group"));
}

BOOST_AUTO_TEST_CASE(given_cancelled_runs_it_should_blame_only_unstarted_or_long_queued_ones) {
    const std::vector<WorkflowRun> runs = {
        make_run("ci.yml", 40min, std::nullopt, "completed", "cancelled"),  // never started
        make_run("ci.yml", 40min, 12min, "completed", "cancelled"),         // gave up waiting
        make_run("ci.yml", 40min, 30s, "completed", "cancelled"),           // a person's choice
        make_run("ci.yml", 40min, std::nullopt, "completed", "failure"),
    };
    BOOST_TEST(compute_signals(runs, repo(), k_now).infra_cancellations == 2);
}

BOOST_AUTO_TEST_CASE(given_thresholds_of_zero_it_should_switch_those_rules_off) {
    RepoSettings settings = repo();
    settings.stuck_runs_degraded = 0;
    settings.stuck_runs_outage = 0;
    settings.startup_failures_degraded = 0;
    settings.startup_failures_outage = 0;
    auto r = judge(own_runs("runs_early_outage.json"), settings);
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_REQUIRE(r.reasons.size() == 1u);
    // Fair by configuration, but the reason does not pretend nothing is stuck.
    BOOST_TEST(r.reasons[0] ==
               "actions:acme/widget: 13 runs in the last 1h, queue p90 59s, 4 queued longer than "
               "10m");

    settings = repo();
    settings.queue_p90_degraded = 0s;
    settings.queue_p90_outage = 0s;
    r = judge(own_runs("runs_degraded.json"), settings);
    BOOST_TEST(r.weather == Weather::fair);
}

BOOST_AUTO_TEST_CASE(given_only_the_outage_threshold_off_it_should_still_degrade) {
    RepoSettings settings = repo();
    settings.stuck_runs_outage = 0;
    const auto r = judge(own_runs("runs_early_outage.json"), settings);
    BOOST_TEST(r.weather == Weather::degraded);
    BOOST_TEST(r.reasons.size() == 2u);
    BOOST_TEST(r.reasons.at(0) ==
               "actions:acme/widget: 4 runs queued longer than 10m (longest 23m58s)");
}

BOOST_AUTO_TEST_CASE(given_fewer_than_three_started_runs_it_should_ignore_p90) {
    auto r = judge(runs_waiting({30min, 40min}), repo());
    BOOST_TEST(r.weather == Weather::fair, all_reasons(r));
    r = judge(runs_waiting({30min, 40min, 20min}), repo());
    BOOST_TEST(r.weather == Weather::outage);
    BOOST_REQUIRE(r.reasons.size() == 1u);
    BOOST_TEST(r.reasons[0] ==
               "actions:acme/widget: runs waited 40m for a runner at p90 (p50 30m) "
               "over 3 started runs in the last 1h, above 15m");
}

BOOST_AUTO_TEST_CASE(given_p90_exactly_at_the_threshold_it_should_not_cross_it) {
    const auto r = judge(runs_waiting({5min, 5min, 5min}), repo());
    BOOST_TEST(r.weather == Weather::fair);
}

BOOST_AUTO_TEST_CASE(given_three_startup_failures_it_should_call_an_outage) {
    const std::vector<WorkflowRun> runs = {
        make_run("ci.yml", 10min, std::nullopt, "completed", "startup_failure"),
        make_run("ci.yml", 20min, std::nullopt, "completed", "startup_failure"),
        make_run("lint.yml", 30min, std::nullopt, "completed", "startup_failure"),
    };
    const auto r = judge(runs, repo());
    BOOST_TEST(r.weather == Weather::outage);
    BOOST_REQUIRE(r.reasons.size() == 1u);
    BOOST_TEST(r.reasons[0] ==
               "actions:acme/widget: 3 runs failed to start (startup_failure) in the last 1h");
}

BOOST_AUTO_TEST_CASE(given_mixed_problems_it_should_list_the_worst_first) {
    std::vector<WorkflowRun> runs = runs_waiting({6min, 7min, 8min});  // degraded p90
    for (int i = 0; i < 3; ++i) {
        runs.push_back(make_run("ci.yml", 40min, std::nullopt, "completed", "startup_failure"));
    }
    const auto r = judge(runs, repo());
    BOOST_TEST(r.weather == Weather::outage);
    BOOST_REQUIRE(r.reasons.size() == 2u);
    BOOST_TEST(contains(r.reasons[0], "3 runs failed to start"), all_reasons(r));
    BOOST_TEST(contains(r.reasons[1], "runs waited 8m for a runner at p90"), all_reasons(r));
}

BOOST_AUTO_TEST_CASE(given_no_runs_at_all_it_should_be_fair_and_say_so) {
    const auto r = judge({}, repo());
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_REQUIRE(r.reasons.size() == 1u);
    BOOST_TEST(r.reasons[0] == "actions:acme/widget: no runs in the last 1h");
    BOOST_REQUIRE(r.actions.has_value());
    BOOST_TEST(r.actions->runs_considered == 0);
}

BOOST_AUTO_TEST_SUITE_END()
