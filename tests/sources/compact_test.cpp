// What the monitor keeps of a runs or releases list for a later 304: the list
// written back with only the fields read, which must read to the same runs
// and releases, on every real list at hand (GitHub's documented examples and
// the answers PyGithub recorded) and on the project's own. And the answer to
// a dispatch that asks for its run, as PyGithub recorded it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "core/sources/actions_source.h"
#include "core/sources/github_payload.h"
#include "core/sources/releases_source.h"
#include "tests/support/fixtures.h"

using namespace fairweather;
using namespace fairweather::github;
using namespace fairweather::testing;
namespace utf = boost::unit_test;
using namespace std::chrono_literals;

namespace {

// The response bodies of the 200s in a PyGithub replay file whose request
// path contains `path_part`.
std::vector<std::string> replayed_bodies(const std::filesystem::path& file,
                                         std::string_view path_part) {
    std::vector<std::string> bodies;
    for (auto& call : read_pygithub_replay(file)) {
        if (call.path.find(path_part) != std::string::npos && call.status == 200) {
            bodies.push_back(std::move(call.response_body));
        }
    }
    return bodies;
}

// Every workflow-runs list of the PyGithub replays.
std::vector<std::string> peer_runs_lists() {
    std::vector<std::string> out;
    for (const auto& entry :
         std::filesystem::directory_iterator(peer_fixtures_dir() / "PyGithub__PyGithub")) {
        for (auto& body : replayed_bodies(entry.path(), "/runs")) {
            if (body.starts_with("{\"total_count\"") &&
                body.find("\"workflow_runs\"") != std::string::npos) {
                out.push_back(std::move(body));
            }
        }
    }
    return out;
}

void check_runs_compact(const std::string& json, const std::string& what) {
    const auto full = parse_workflow_runs(json);
    BOOST_REQUIRE_MESSAGE(full.has_value(), what << ": " << (full ? "" : full.error().describe()));
    const std::string compact = write_workflow_runs(*full);
    const auto again = parse_workflow_runs(compact);
    BOOST_REQUIRE_MESSAGE(again.has_value(),
                          what << ": " << (again ? "" : again.error().describe()));
    BOOST_TEST((*again == *full), what);
    BOOST_TEST(compact.size() < json.size(), what << ": " << compact.size() << " bytes");
}

void check_releases_compact(const std::string& json, const std::string& what) {
    const auto full = parse_releases(json);
    BOOST_REQUIRE_MESSAGE(full.has_value(), what << ": " << (full ? "" : full.error().describe()));
    const std::string compact = write_releases(*full);
    const auto again = parse_releases(compact);
    BOOST_REQUIRE_MESSAGE(again.has_value(),
                          what << ": " << (again ? "" : again.error().describe()));
    BOOST_TEST((*again == *full), what);
    BOOST_TEST(compact.size() < json.size(), what << ": " << compact.size() << " bytes");
}

RepoSettings widget() {
    RepoSettings r;
    r.name = "acme/widget";
    r.release_workflow = "release.yml";
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(github_compact)

BOOST_AUTO_TEST_CASE(real_runs_lists_read_the_same_from_their_compact_form,
                     *utf::precondition(real_fixtures_present)) {
    check_runs_compact(real_fixture("github_rest/list_workflow_runs.example.json"),
                       "list_workflow_runs.example.json");
}

BOOST_AUTO_TEST_CASE(pygithub_s_recorded_runs_lists_read_the_same_from_their_compact_form,
                     *utf::precondition(peer_fixtures_present)) {
    const auto lists = peer_runs_lists();
    BOOST_TEST(lists.size() >= 5u);
    std::size_t full_bytes = 0;
    std::size_t compact_bytes = 0;
    for (std::size_t i = 0; i < lists.size(); ++i) {
        check_runs_compact(lists[i], "PyGithub runs list " + std::to_string(i));
        full_bytes += lists[i].size();
        compact_bytes += write_workflow_runs(parse_workflow_runs(lists[i]).value()).size();
    }
    // Real runs carry their repository, commit and actor: most of the bytes.
    BOOST_TEST(compact_bytes * 5 < full_bytes, compact_bytes << " of " << full_bytes << " bytes");
}

BOOST_AUTO_TEST_CASE(real_releases_lists_read_the_same_from_their_compact_form,
                     *utf::precondition(real_fixtures_present) *
                         utf::precondition(peer_fixtures_present)) {
    check_releases_compact(real_fixture("github_rest/list_releases.example.json"),
                           "list_releases.example.json");
    const auto lists = replayed_bodies(
        peer_fixtures_dir() / "PyGithub__PyGithub" / "ReleaseAsset.setUp.txt", "/releases");
    BOOST_REQUIRE(!lists.empty());
    check_releases_compact(lists.front(), "PyGithub's releases list");
}

BOOST_AUTO_TEST_CASE(our_own_lists_read_the_same_from_their_compact_form) {
    for (const char* file : {"github/runs_healthy.json", "github/runs_degraded.json",
                             "github/runs_early_outage.json"}) {
        check_runs_compact(own_fixture(file), file);
    }
    check_releases_compact(own_fixture("github/releases_widget.json"), "releases_widget.json");
}

// The sources judge a compact list exactly as the list it came from, and
// keep a body that does not read as it came.
BOOST_AUTO_TEST_CASE(a_source_judges_its_compact_list_as_the_list) {
    const TimePoint now = *parse_timestamp("2026-11-20T14:30:00Z");
    const ActionsSource runs(widget(), Api{}, 30s);
    const std::string list = own_fixture("github/runs_early_outage.json");
    const auto compact = runs.compact(list);
    BOOST_REQUIRE(compact.has_value());
    HttpResponse ok;
    ok.status = 200;
    ok.body = list;
    FetchResult full;
    full.response = ok;
    FetchResult small = full;
    small.response->body = *compact;
    const Observation a = runs.read(full, now).observation;
    const Observation b = runs.read(small, now).observation;
    BOOST_TEST((a.weather == Weather::outage));
    BOOST_TEST((b.weather == a.weather));
    BOOST_TEST(b.reasons == a.reasons, boost::test_tools::per_element());
    BOOST_TEST(!runs.compact("{\"message\":\"Not Found\"}").has_value());

    const ReleasesSource releases(widget(), Api{});
    const auto kept = releases.compact(own_fixture("github/releases_widget.json"));
    BOOST_REQUIRE(kept.has_value());
    BOOST_TEST(parse_releases(*kept).value().size() == 7u);
    BOOST_TEST(!releases.compact("[1]").has_value());
}

// GitHub's answer to a dispatch that asked for its run, as PyGithub recorded
// it: the run's id and both of its URLs.
BOOST_AUTO_TEST_CASE(a_recorded_dispatch_answer_names_its_run,
                     *utf::precondition(peer_fixtures_present)) {
    const auto calls = read_pygithub_replay(peer_fixtures_dir() / "PyGithub__PyGithub" /
                                            "Workflow.testCreateDispatchWithReturnRunDetails.txt");
    const auto call = std::find_if(calls.begin(), calls.end(), [](const ReplayedCall& c) {
        return c.method == "POST" && c.path.ends_with("/dispatches");
    });
    BOOST_REQUIRE(call != calls.end());
    BOOST_TEST(call->request_body.find("\"return_run_details\": true") != std::string::npos);
    BOOST_TEST(call->status == 200);
    const auto run = parse_dispatched_run(call->response_body);
    BOOST_REQUIRE_MESSAGE(run.has_value(), (run ? "" : run.error().describe()));
    BOOST_TEST(run->workflow_run_id == 123456789);
    BOOST_TEST(run->html_url == "https://github.com/wrecker/PyGithub/actions/runs/123456789");
    BOOST_TEST(run->run_url ==
               "https://api.github.com/repos/wrecker/PyGithub/actions/runs/123456789");
    const auto none = parse_dispatched_run(R"({"run_url":"x"})");
    BOOST_REQUIRE(!none.has_value());
    BOOST_TEST(none.error().describe().find("workflow_run_id") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
