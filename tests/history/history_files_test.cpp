// Reading release and incident history from files: the real recordings
// (Wasmtime and Cloud Hypervisor releases, GitHub Actions incidents, GitHub's
// and Statuspage's JSON) and hand-written CSV and JSON edge cases.
#include "core/history/history_files.h"

#include <algorithm>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/support/checks.h"
#include "tests/support/fixtures.h"

using namespace fairweather;
using fairweather::testing::contains;
using fairweather::testing::real_fixture;
using fairweather::testing::real_fixtures_present;
namespace utf = boost::unit_test;

namespace {

ReleasePolicy policy_in(VersionScheme scheme, const std::string& zone = "UTC") {
    ReleasePolicy p;
    p.scheme = scheme;
    auto tz = TimeZone::load(zone);
    BOOST_REQUIRE_MESSAGE(tz.has_value(), (tz ? std::string() : tz.error()));
    p.time_zone = *tz;
    return p;
}

ReleasePolicy semver_utc() {
    return policy_in(VersionScheme::semver);
}

ReleaseFile releases_ok(const std::string& text, const ReleasePolicy& policy,
                        const std::string& source = "releases.csv") {
    auto file = read_releases(text, source, policy);
    BOOST_REQUIRE_MESSAGE(file.has_value(), (file ? std::string() : file.error()));
    return std::move(*file);
}

std::string releases_error(const std::string& text, const std::string& source = "releases.csv") {
    const auto file = read_releases(text, source, semver_utc());
    BOOST_REQUIRE_MESSAGE(!file.has_value(), "expected an error reading " + source);
    return file.error();
}

std::vector<IncidentSpan> incidents_ok(const std::string& text,
                                       const std::string& source = "incidents.csv") {
    auto incidents = read_incidents(text, source);
    BOOST_REQUIRE_MESSAGE(incidents.has_value(), (incidents ? std::string() : incidents.error()));
    return std::move(*incidents);
}

std::string incidents_error(const std::string& text, const std::string& source = "incidents.csv") {
    const auto incidents = read_incidents(text, source);
    BOOST_REQUIRE_MESSAGE(!incidents.has_value(), "expected an error reading " + source);
    return incidents.error();
}

const PublishedRelease& release(const ReleaseFile& file, const std::string& tag) {
    const auto it = std::find_if(file.releases.begin(), file.releases.end(),
                                 [&](const PublishedRelease& r) { return r.tag == tag; });
    BOOST_REQUIRE_MESSAGE(it != file.releases.end(), "no release " + tag);
    return *it;
}

const IncidentSpan& incident(const std::vector<IncidentSpan>& incidents, const std::string& id) {
    const auto it = std::find_if(incidents.begin(), incidents.end(),
                                 [&](const IncidentSpan& i) { return i.id == id; });
    BOOST_REQUIRE_MESSAGE(it != incidents.end(), "no incident " + id);
    return *it;
}

std::string resolved_text(const IncidentSpan& i) {
    return i.resolved ? format_timestamp(*i.resolved) : std::string("(unresolved)");
}

bool whole_minute(TimePoint t) {
    return t.time_since_epoch() % std::chrono::minutes{1} == Duration{0};
}

using Names = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(report_inputs_real_releases, *utf::precondition(real_fixtures_present))

BOOST_AUTO_TEST_CASE(given_the_wasmtime_releases_csv_it_should_read_all_206_releases) {
    const auto file =
        releases_ok(real_fixture("wasmtime_releases.csv"), semver_utc(), "wasmtime_releases.csv");
    BOOST_TEST(file.releases.size() == 206u);
    BOOST_TEST(file.skipped.empty());
    const PublishedRelease& first = file.releases.front();
    BOOST_TEST(first.tag == "0.12.0");
    BOOST_TEST(first.version.text() == "0.12.0");
    BOOST_TEST(first.name.empty());
    BOOST_TEST(format_timestamp(first.published_at) == "2020-02-26T00:00:00Z");
    BOOST_TEST(!first.prerelease);
    BOOST_TEST(file.releases.back().tag == "48.0.0");
    BOOST_TEST(std::none_of(file.releases.begin(), file.releases.end(),
                            [](const PublishedRelease& r) { return r.prerelease; }));
}

BOOST_AUTO_TEST_CASE(given_wasmtime_38_0_0_and_38_0_1_it_should_date_both_on_2025_10_20) {
    const auto file = releases_ok(real_fixture("wasmtime_releases.csv"), semver_utc());
    BOOST_TEST(format_timestamp(release(file, "38.0.0").published_at) == "2025-10-20T00:00:00Z");
    BOOST_TEST(format_timestamp(release(file, "38.0.1").published_at) == "2025-10-20T00:00:00Z");
    BOOST_TEST(format_timestamp(release(file, "38.0.2").published_at) == "2025-10-21T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(given_a_los_angeles_policy_it_should_start_the_release_day_there) {
    const auto file = releases_ok(real_fixture("wasmtime_releases.csv"),
                                  policy_in(VersionScheme::semver, "America/Los_Angeles"));
    BOOST_TEST(file.releases.size() == 206u);
    // Pacific daylight time in October: UTC-7.
    BOOST_TEST(format_timestamp(release(file, "38.0.0").published_at) == "2025-10-20T07:00:00Z");
    BOOST_TEST(format_timestamp(release(file, "38.0.1").published_at) == "2025-10-20T07:00:00Z");
    // Standard time in February: UTC-8.
    BOOST_TEST(format_timestamp(release(file, "0.12.0").published_at) == "2020-02-26T08:00:00Z");
}

BOOST_AUTO_TEST_CASE(given_cloud_hypervisor_releases_as_major_point_it_should_skip_the_0_x_tags) {
    const auto file =
        releases_ok(real_fixture("cloud_hypervisor_releases.csv"),
                    policy_in(VersionScheme::major_point), "cloud_hypervisor_releases.csv");
    // 75 tags: 16 are 0.x.y (three components), 59 are MAJOR.POINT.
    BOOST_TEST(file.skipped.size() == 16u);
    BOOST_TEST(file.releases.size() == 59u);
    BOOST_TEST(file.skipped.front().tag == "0.1.0");
    BOOST_TEST(file.skipped.back().tag == "0.14.1");
    for (const SkippedRelease& s : file.skipped) {
        BOOST_TEST(contains(s.reason, "is not a MAJOR.POINT version"), s.reason);
        BOOST_TEST(contains(s.reason, "cloud_hypervisor_releases.csv:"), s.reason);
    }
    BOOST_TEST(contains(file.skipped.front().reason, "cloud_hypervisor_releases.csv:2: "),
               file.skipped.front().reason);
    const PublishedRelease& v53 = release(file, "53.0");
    BOOST_TEST(v53.version.release == (std::vector<std::int64_t>{53, 0}));
    BOOST_TEST(format_timestamp(v53.published_at) == "2026-07-12T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(given_github_list_releases_example_it_should_read_its_one_release) {
    const auto file = releases_ok(real_fixture("github_rest/list_releases.example.json"),
                                  semver_utc(), "list_releases.example.json");
    BOOST_REQUIRE(file.releases.size() == 1u);
    BOOST_TEST(file.skipped.empty());
    const PublishedRelease& r = file.releases.front();
    BOOST_TEST(r.tag == "v1.0.0");
    BOOST_TEST(r.name == "v1.0.0");
    BOOST_TEST(r.version.text() == "1.0.0");
    BOOST_TEST(format_timestamp(r.published_at) == "2013-02-27T19:35:32Z");
    BOOST_TEST(!r.prerelease);
}

BOOST_AUTO_TEST_CASE(given_github_get_release_example_it_should_refuse_a_single_release) {
    const std::string error = releases_error(real_fixture("github_rest/get_release.example.json"),
                                             "get_release.example.json");
    BOOST_TEST(contains(error, "get_release.example.json: "), error);
    BOOST_TEST(contains(error, "single GitHub release"), error);
    BOOST_TEST(contains(error, "GET /repos/{owner}/{repo}/releases"), error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(report_inputs_real_incidents, *utf::precondition(real_fixtures_present))

BOOST_AUTO_TEST_CASE(given_the_actions_incidents_csv_it_should_read_all_145_incidents) {
    const auto incidents =
        incidents_ok(real_fixture("github_actions_incidents.csv"), "github_actions_incidents.csv");
    BOOST_TEST(incidents.size() == 145u);
    BOOST_TEST(std::all_of(incidents.begin(), incidents.end(),
                           [](const IncidentSpan& i) { return i.resolved.has_value(); }));
    BOOST_TEST(std::all_of(incidents.begin(), incidents.end(),
                           [](const IncidentSpan& i) { return i.url.empty(); }));

    const IncidentSpan& first = incident(incidents, "ffwkvn9j77d1");
    BOOST_TEST(first.name == "Incident with Actions");
    BOOST_TEST(first.impact == "minor");
    BOOST_TEST(format_timestamp(first.started) == "2023-01-07T22:50:20.317Z");
    BOOST_TEST(resolved_text(first) == "2023-01-07T23:30:51.724Z");
    BOOST_TEST(first.components == Names{"Actions"});
}

BOOST_AUTO_TEST_CASE(given_multi_component_and_quoted_rows_it_should_split_and_unquote_them) {
    const auto incidents = incidents_ok(real_fixture("github_actions_incidents.csv"));
    BOOST_TEST(incident(incidents, "00km0kwpz23b").components ==
               (Names{"Git Operations", "Actions"}));
    BOOST_TEST(incident(incidents, "xntfc1fz5rfb").components.size() == 10u);
    // A quoted name with commas in it.
    const IncidentSpan& quoted = incident(incidents, "n18j5g7wpg0s");
    BOOST_TEST(quoted.name == "Incident with Actions, Git Operations and Pages");
    BOOST_TEST(quoted.components == (Names{"Git Operations", "Actions", "Pages"}));
    // Two incidents matched on their name alone: no components.
    BOOST_TEST(incident(incidents, "y0gqch2dhw5l").components.empty());
    BOOST_TEST(incident(incidents, "9qcwpy3ckdrf").components.empty());
    BOOST_TEST(incident(incidents, "vkr22005hg0x").impact == "critical");
}

BOOST_AUTO_TEST_CASE(given_both_timestamp_precisions_it_should_read_milliseconds_and_minutes) {
    const auto incidents = incidents_ok(real_fixture("github_actions_incidents.csv"));
    // 50 rows from the JSON API (milliseconds), 95 from the Atom feed (minutes).
    const auto minutes = std::count_if(
        incidents.begin(), incidents.end(),
        [](const IncidentSpan& i) { return whole_minute(i.started) && whole_minute(*i.resolved); });
    BOOST_TEST(minutes == 95);
    const IncidentSpan& atom = incident(incidents, "xntfc1fz5rfb");
    BOOST_TEST(format_timestamp(atom.started) == "2025-12-11T15:47:00Z");
    BOOST_TEST(resolved_text(atom) == "2025-12-11T17:53:00Z");
    const IncidentSpan& pages = incident(incidents, "69sb0f8lydp4");
    BOOST_TEST(format_timestamp(pages.started) == "2024-09-16T21:31:00Z");
    BOOST_TEST(resolved_text(pages) == "2024-09-16T22:08:00Z");
}

BOOST_AUTO_TEST_CASE(given_the_detail_csv_it_should_take_the_url_column) {
    const auto plain = incidents_ok(real_fixture("github_actions_incidents.csv"));
    const auto detail = incidents_ok(real_fixture("github_actions_incidents_detail.csv"),
                                     "github_actions_incidents_detail.csv");
    BOOST_REQUIRE(detail.size() == 145u);
    BOOST_TEST(incident(detail, "ffwkvn9j77d1").url ==
               "https://www.githubstatus.com/incidents/ffwkvn9j77d1");
    for (std::size_t i = 0; i < detail.size(); ++i) {
        BOOST_TEST(detail[i].url == "https://www.githubstatus.com/incidents/" + detail[i].id);
        // The extra columns change nothing else.
        BOOST_TEST(detail[i].id == plain[i].id);
        BOOST_TEST(detail[i].name == plain[i].name);
        BOOST_TEST(detail[i].components == plain[i].components);
        BOOST_TEST(format_timestamp(detail[i].started) == format_timestamp(plain[i].started));
        BOOST_TEST(resolved_text(detail[i]) == resolved_text(plain[i]));
    }
}

BOOST_AUTO_TEST_CASE(given_statuspage_incidents_json_it_should_read_both_incidents) {
    const auto incidents =
        incidents_ok(real_fixture("statuspage/githubstatus_incidents_2024-09-17_trimmed.json"),
                     "incidents.json");
    BOOST_REQUIRE(incidents.size() == 2u);
    const IncidentSpan& pages = incident(incidents, "69sb0f8lydp4");
    BOOST_TEST(pages.name == "Incident with Pages and Actions");
    BOOST_TEST(pages.impact == "major");
    BOOST_TEST(pages.url == "https://stspg.io/mc6sr407p78b");
    BOOST_TEST(pages.components == (Names{"Actions", "Pages"}));
    // started_at, not created_at (21:31:02.719Z).
    BOOST_TEST(format_timestamp(pages.started) == "2024-09-16T21:31:02.713Z");
    BOOST_TEST(resolved_text(pages) == "2024-09-16T22:08:39.333Z");
    const IncidentSpan& ssh = incident(incidents, "r3x7x31k7nn1");
    BOOST_TEST(ssh.impact == "minor");
    BOOST_TEST(ssh.resolved.has_value());
}

BOOST_AUTO_TEST_CASE(given_a_single_incident_file_it_should_read_that_incident) {
    const auto incidents =
        incidents_ok(real_fixture("statuspage/incidents/githubstatus_incident_d6f6kjk81v33.json"),
                     "githubstatus_incident_d6f6kjk81v33.json");
    BOOST_REQUIRE(incidents.size() == 1u);
    const IncidentSpan& i = incidents.front();
    BOOST_TEST(i.id == "d6f6kjk81v33");
    BOOST_TEST(i.name == "Incident with Actions and Codespaces");
    BOOST_TEST(i.impact == "major");
    BOOST_TEST(i.url == "https://stspg.io/ry1jmrvzlqg0");
    BOOST_TEST(i.components == (Names{"Actions", "Codespaces"}));
    BOOST_TEST(format_timestamp(i.started) == "2023-02-28T16:05:20.246Z");
    BOOST_TEST(resolved_text(i) == "2023-02-28T17:31:42.426Z");
}

BOOST_AUTO_TEST_CASE(given_the_2020_04_02_summary_it_should_read_its_unresolved_incident) {
    const auto incidents = incidents_ok(
        real_fixture(
            "statuspage/githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json"),
        "summary.json");
    BOOST_REQUIRE(incidents.size() == 1u);
    const IncidentSpan& i = incidents.front();
    BOOST_TEST(i.id == "80d0cs6kpsps");
    BOOST_TEST(i.impact == "major");
    BOOST_TEST(!i.resolved.has_value());
    BOOST_TEST(format_timestamp(i.started) == "2020-04-02T20:20:54.005Z");
    BOOST_TEST(i.url == "http://stspg.io/n0wskg2n6bvy");
}

BOOST_AUTO_TEST_CASE(given_statuspage_components_json_it_should_say_it_has_no_incidents) {
    const std::string error = incidents_error(
        real_fixture("statuspage/githubstatus_components_2024-02-05.json"), "components.json");
    BOOST_TEST(contains(error, "components.json: "), error);
    BOOST_TEST(contains(error, "not a Statuspage incidents payload"), error);
    BOOST_TEST(contains(error, "incidents.json"), error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(report_inputs_release_csv)

BOOST_AUTO_TEST_CASE(given_extra_columns_in_any_order_it_should_look_columns_up_by_name) {
    const auto file = releases_ok(
        "notes,released_on,version\n"
        "\"first, with a comma\",2025-01-20,1.0.0\n"
        "\"said \"\"hi\"\"\",2025-02-20,2.0.0\n",
        semver_utc());
    BOOST_REQUIRE(file.releases.size() == 2u);
    BOOST_TEST(file.releases[0].tag == "1.0.0");
    BOOST_TEST(format_timestamp(file.releases[0].published_at) == "2025-01-20T00:00:00Z");
    BOOST_TEST(file.releases[1].tag == "2.0.0");
}

BOOST_AUTO_TEST_CASE(given_crlf_line_ends_it_should_read_the_same_releases) {
    const auto file = releases_ok(
        "version,released_on\r\n1.0.0,2025-01-20\r\nv2.0.0,2025-02-20\r\n", semver_utc());
    BOOST_REQUIRE(file.releases.size() == 2u);
    BOOST_TEST(file.releases[0].tag == "1.0.0");
    BOOST_TEST(file.releases[1].tag == "v2.0.0");  // as written
    BOOST_TEST(file.releases[1].version.text() == "2.0.0");
    BOOST_TEST(format_timestamp(file.releases[1].published_at) == "2025-02-20T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(given_no_final_line_end_and_blank_lines_it_should_read_every_row) {
    const auto file = releases_ok(
        "\xEF\xBB\xBFversion,released_on\n\n1.0.0,2025-01-20\n\n2.0.0,2025-02-20", semver_utc());
    BOOST_TEST(file.releases.size() == 2u);
}

BOOST_AUTO_TEST_CASE(given_a_prerelease_version_it_should_mark_it) {
    const auto file =
        releases_ok("version,released_on\n2.0.0-rc.1,2025-02-01\n2.0.0,2025-02-20\n", semver_utc());
    BOOST_REQUIRE(file.releases.size() == 2u);
    BOOST_TEST(file.releases[0].prerelease);
    BOOST_TEST(!file.releases[1].prerelease);
}

BOOST_AUTO_TEST_CASE(given_a_tag_that_is_not_a_version_it_should_skip_it_with_the_line) {
    const auto file = releases_ok("version,released_on\n1.0.0,2025-01-20\nnightly,2025-01-21\n",
                                  semver_utc(), "r.csv");
    BOOST_TEST(file.releases.size() == 1u);
    BOOST_REQUIRE(file.skipped.size() == 1u);
    BOOST_TEST(file.skipped[0].tag == "nightly");
    BOOST_TEST(contains(file.skipped[0].reason, "r.csv:3: "), file.skipped[0].reason);
    BOOST_TEST(contains(file.skipped[0].reason, "\"nightly\" is not a SemVer version"),
               file.skipped[0].reason);
}

BOOST_AUTO_TEST_CASE(given_a_bad_date_it_should_name_the_line_and_the_format) {
    const std::string error =
        releases_error("version,released_on\n1.0.0,2025-01-20\n2.0.0,2025-13-01\n", "r.csv");
    BOOST_TEST(error == "r.csv:3: released_on \"2025-13-01\" is not a date (YYYY-MM-DD)");
    BOOST_TEST(contains(releases_error("version,released_on\n1.0.0,\n", "r.csv"),
                        "r.csv:2: released_on \"\" is not a date"));
}

BOOST_AUTO_TEST_CASE(given_a_missing_column_it_should_name_it) {
    const std::string error = releases_error("version,date\n1.0.0,2025-01-20\n", "r.csv");
    BOOST_TEST(contains(error, "r.csv:1: "), error);
    BOOST_TEST(contains(error, "no \"released_on\" column"), error);
    BOOST_TEST(contains(error, "version,released_on"), error);
}

BOOST_AUTO_TEST_CASE(given_a_row_with_the_wrong_number_of_fields_it_should_name_the_line) {
    const std::string error =
        releases_error("version,released_on\n1.0.0,2025-01-20\n2.0.0,2025-02-20,extra\n", "r.csv");
    BOOST_TEST(contains(error, "r.csv:3: 3 fields where the header has 2"), error);
    BOOST_TEST(contains(releases_error("version,released_on\n1.0.0\n", "r.csv"),
                        "r.csv:2: 1 field where the header has 2"));
}

BOOST_AUTO_TEST_CASE(given_an_empty_file_it_should_say_it_is_empty) {
    BOOST_TEST(contains(releases_error("", "r.csv"), "r.csv: empty"));
    BOOST_TEST(contains(releases_error(" \n\r\n", "r.csv"), "r.csv: empty"));
}

BOOST_AUTO_TEST_CASE(given_only_a_header_it_should_read_no_releases) {
    const auto file = releases_ok("version,released_on\n", semver_utc());
    BOOST_TEST(file.releases.empty());
    BOOST_TEST(file.skipped.empty());
}

BOOST_AUTO_TEST_CASE(given_an_unclosed_quote_it_should_name_the_line_it_opens_on) {
    const std::string error =
        releases_error("version,released_on\n1.0.0,2025-01-20\n\"2.0.0,2025-02-20\n", "r.csv");
    BOOST_TEST(contains(error, "r.csv:3: a quoted field is not closed"), error);
}

BOOST_AUTO_TEST_CASE(given_text_after_a_closing_quote_it_should_say_so) {
    const std::string error =
        releases_error("version,released_on\n\"1.0.0\"x,2025-01-20\n", "r.csv");
    BOOST_TEST(contains(error, "r.csv:2: 'x' after the closing quote"), error);
}

BOOST_AUTO_TEST_CASE(given_a_time_zone_it_should_start_each_day_in_that_zone) {
    const auto file = releases_ok("version,released_on\n1.0.0,2025-07-01\n2.0.0,2025-12-01\n",
                                  policy_in(VersionScheme::semver, "+05:30"));
    BOOST_TEST(format_timestamp(file.releases[0].published_at) == "2025-06-30T18:30:00Z");
    BOOST_TEST(format_timestamp(file.releases[1].published_at) == "2025-11-30T18:30:00Z");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(report_inputs_incident_csv)

BOOST_AUTO_TEST_CASE(given_quoted_fields_with_commas_quotes_and_newlines_it_should_keep_them) {
    const auto incidents = incidents_ok(
        "id,name,impact,created_at,resolved_at,components\n"
        "a1,\"Actions, Pages and \"\"more\"\"\nsecond line\",major,2025-01-01T10:00:00Z,"
        "2025-01-01T11:00:00Z,\"Actions; Pages\"\n"
        "b2,Plain,minor,2025-01-02T10:00:00Z,,Actions\n");
    BOOST_REQUIRE(incidents.size() == 2u);
    BOOST_TEST(incidents[0].name == "Actions, Pages and \"more\"\nsecond line");
    BOOST_TEST(incidents[0].components == (Names{"Actions", "Pages"}));
    BOOST_TEST(incidents[1].id == "b2");
}

BOOST_AUTO_TEST_CASE(given_a_multi_line_record_it_should_count_lines_for_later_errors) {
    const std::string error = incidents_error(
        "id,name,impact,created_at,resolved_at,components\n"
        "a1,\"two\nlines\",major,2025-01-01T10:00:00Z,,Actions\n"
        "b2,Bad,minor,yesterday,,Actions\n",
        "i.csv");
    BOOST_TEST(contains(error, "i.csv:4: created_at \"yesterday\" is not an RFC 3339 timestamp"),
               error);
}

BOOST_AUTO_TEST_CASE(given_crlf_and_an_empty_resolved_at_it_should_read_an_unresolved_incident) {
    const auto incidents = incidents_ok(
        "id,name,impact,created_at,resolved_at,components\r\n"
        "a1,Ongoing,minor,2025-01-01T10:00:00.250Z,,Actions\r\n"
        "a2,Done,none,2025-01-01T10:00:00+02:00,2025-01-01T09:00:00Z, Actions ;;Pages ;\r\n");
    BOOST_REQUIRE(incidents.size() == 2u);
    BOOST_TEST(!incidents[0].resolved.has_value());
    BOOST_TEST(format_timestamp(incidents[0].started) == "2025-01-01T10:00:00.250Z");
    BOOST_TEST(incidents[0].components == Names{"Actions"});
    BOOST_TEST(format_timestamp(incidents[1].started) == "2025-01-01T08:00:00Z");
    BOOST_TEST(resolved_text(incidents[1]) == "2025-01-01T09:00:00Z");
    BOOST_TEST(incidents[1].components == (Names{"Actions", "Pages"}));
    BOOST_TEST(incidents[1].impact == "none");
    BOOST_TEST(incidents[1].url.empty());
}

BOOST_AUTO_TEST_CASE(given_a_url_column_it_should_use_it) {
    const auto incidents = incidents_ok(
        "url,id,name,impact,created_at,resolved_at,components,source\n"
        "https://example.com/i/a1,a1,X,minor,2025-01-01T10:00:00Z,,Actions,atom\n");
    BOOST_REQUIRE(incidents.size() == 1u);
    BOOST_TEST(incidents[0].url == "https://example.com/i/a1");
}

BOOST_AUTO_TEST_CASE(given_a_bad_resolved_at_it_should_name_the_line) {
    const std::string error = incidents_error(
        "id,name,impact,created_at,resolved_at,components\n"
        "a1,X,minor,2025-01-01T10:00:00Z,soon,Actions\n",
        "i.csv");
    BOOST_TEST(contains(error, "i.csv:2: resolved_at \"soon\""), error);
    BOOST_TEST(contains(error, "leave it empty"), error);
}

BOOST_AUTO_TEST_CASE(given_an_empty_created_at_it_should_refuse_the_row) {
    const std::string error = incidents_error(
        "id,name,impact,created_at,resolved_at,components\na1,X,minor,,,Actions\n", "i.csv");
    BOOST_TEST(contains(error, "i.csv:2: created_at \"\""), error);
}

BOOST_AUTO_TEST_CASE(given_a_missing_incident_column_it_should_name_it) {
    const std::string error = incidents_error(
        "id,name,impact,created_at,components\na1,X,minor,2025-01-01T10:00:00Z,Actions\n", "i.csv");
    BOOST_TEST(contains(error, "i.csv:1: "), error);
    BOOST_TEST(contains(error, "no \"resolved_at\" column"), error);
}

BOOST_AUTO_TEST_CASE(given_a_wrong_field_count_it_should_name_the_line) {
    const std::string error = incidents_error(
        "id,name,impact,created_at,resolved_at,components\n"
        "a1,Actions, Pages,minor,2025-01-01T10:00:00Z,,Actions\n",
        "i.csv");
    BOOST_TEST(contains(error, "i.csv:2: 7 fields where the header has 6"), error);
    BOOST_TEST(contains(error, "double quotes"), error);
}

BOOST_AUTO_TEST_CASE(given_an_empty_or_header_only_file_it_should_error_or_read_none) {
    BOOST_TEST(contains(incidents_error("", "i.csv"), "i.csv: empty"));
    BOOST_TEST(incidents_ok("id,name,impact,created_at,resolved_at,components\r\n").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(report_inputs_json)

BOOST_AUTO_TEST_CASE(
    given_github_releases_it_should_drop_drafts_skip_non_versions_and_mark_prereleases) {
    const std::string json = R"([
      {"id": 5, "tag_name": "v3.0.0", "name": "Draft", "draft": true, "prerelease": false,
       "created_at": "2025-03-01T10:00:00Z", "published_at": null},
      {"id": 4, "tag_name": "nightly", "name": "Nightly", "draft": false, "prerelease": true,
       "created_at": "2025-02-25T10:00:00Z", "published_at": "2025-02-25T10:00:00Z"},
      {"id": 3, "tag_name": "v2.0.0-rc.1", "name": "RC", "draft": false, "prerelease": false,
       "created_at": "2025-02-10T10:00:00Z", "published_at": "2025-02-10T11:00:00Z"},
      {"id": 2, "tag_name": "v1.1.0", "name": "Preview", "draft": false, "prerelease": true,
       "created_at": "2025-02-01T10:00:00Z", "published_at": "2025-02-01T12:30:00Z"},
      {"id": 1, "tag_name": "v1.0.0", "name": "One", "draft": false, "prerelease": false,
       "created_at": "2025-01-20T09:00:00Z"}
    ])";
    const auto file = releases_ok(json, semver_utc(), "releases.json");
    BOOST_REQUIRE(file.releases.size() == 3u);
    BOOST_REQUIRE(file.skipped.size() == 1u);
    BOOST_TEST(file.skipped[0].tag == "nightly");
    BOOST_TEST(contains(file.skipped[0].reason, "\"nightly\" is not a SemVer version"),
               file.skipped[0].reason);

    const PublishedRelease& rc = release(file, "v2.0.0-rc.1");
    BOOST_TEST(rc.prerelease);  // by its version
    BOOST_TEST(format_timestamp(rc.published_at) == "2025-02-10T11:00:00Z");
    const PublishedRelease& preview = release(file, "v1.1.0");
    BOOST_TEST(preview.prerelease);  // by GitHub's flag
    BOOST_TEST(preview.name == "Preview");
    const PublishedRelease& one = release(file, "v1.0.0");
    BOOST_TEST(!one.prerelease);
    // No published_at: the creation time.
    BOOST_TEST(format_timestamp(one.published_at) == "2025-01-20T09:00:00Z");
}

BOOST_AUTO_TEST_CASE(given_a_saved_monitor_releases_answer_it_should_read_it_like_github_s) {
    // What GET /api/v1/repos/acme/widget/releases of a fairweather-monitor answers.
    const std::string json = R"({
      "repo": "acme/widget",
      "releases": [
        {"id": 3, "tag": "v2.0.0", "name": "Two", "url": "https://github.com/acme/widget/releases/v2.0.0",
         "draft": false, "prerelease": false,
         "created_at": "2025-02-20T09:00:00Z", "published_at": "2025-02-20T10:00:00Z"},
        {"id": 2, "tag": "v2.1.0", "name": "", "url": "", "draft": true, "prerelease": false,
         "created_at": "2025-03-01T09:00:00Z", "published_at": null},
        {"id": 1, "tag": "latest", "name": "", "url": "", "draft": false, "prerelease": false,
         "created_at": "2025-01-20T09:00:00Z", "published_at": "2025-01-20T09:30:00Z"}
      ]
    })";
    const auto file = releases_ok(json, semver_utc(), "monitor-releases.json");
    BOOST_REQUIRE(file.releases.size() == 1u);  // the draft is dropped
    BOOST_TEST(file.releases[0].name == "Two");
    BOOST_TEST(format_timestamp(file.releases[0].published_at) == "2025-02-20T10:00:00Z");
    BOOST_REQUIRE(file.skipped.size() == 1u);
    BOOST_TEST(file.skipped[0].tag == "latest");
}

BOOST_AUTO_TEST_CASE(given_a_saved_monitor_incidents_answer_it_should_time_them_by_the_page) {
    // What GET /api/v1/incidents of a fairweather-monitor answers.
    const std::string json = R"({
      "since": "2025-01-01T00:00:00Z",
      "incidents": [
        {"source": "github", "id": "a1", "name": "Incident with Actions", "impact": "major",
         "status": "resolved", "url": "https://stspg.io/a1", "started_at": "2025-02-20T08:00:00Z",
         "watched_components": ["Actions", "Webhooks"], "first_seen": "2025-02-20T08:10:00Z",
         "last_seen": "2025-02-20T09:00:00Z", "resolved_at": "2025-02-20T09:05:00Z"},
        {"source": "github", "id": "b2", "name": "Disruption", "impact": "minor",
         "status": "investigating", "url": "", "started_at": null, "watched_components": null,
         "first_seen": "2025-02-21T08:10:00Z", "last_seen": "2025-02-21T09:00:00Z",
         "resolved_at": null},
        {"source": "github", "id": "c3", "name": "Incident with Pages", "impact": "minor",
         "status": "resolved", "url": "", "started_at": "2025-02-22T08:00:00Z",
         "watched_components": [], "first_seen": "2025-02-22T08:10:00Z",
         "last_seen": "2025-02-22T09:00:00Z", "resolved_at": "2025-02-22T09:10:00Z"}
      ]
    })";
    const auto incidents = incidents_ok(json, "monitor-incidents.json");
    BOOST_REQUIRE(incidents.size() == 3u);
    BOOST_TEST(incidents[0].watched);
    BOOST_TEST(incidents[1].watched);   // recorded before the monitor kept it: may have hit CI
    BOOST_TEST(!incidents[2].watched);  // touched none of the watched components
    BOOST_TEST(format_timestamp(incidents[0].started) == "2025-02-20T08:00:00Z");
    BOOST_TEST(incidents[0].components == (std::vector<std::string>{"Actions", "Webhooks"}));
    BOOST_TEST(resolved_text(incidents[0]) == "2025-02-20T09:05:00Z");
    BOOST_TEST(format_timestamp(incidents[1].started) == "2025-02-21T08:10:00Z");  // first seen
    BOOST_TEST(!incidents[1].resolved.has_value());
}

BOOST_AUTO_TEST_CASE(given_a_broken_monitor_answer_it_should_name_the_file_and_the_field) {
    const std::string error = releases_error(R"({"releases": [{"tag": 7}]})", "saved.json");
    BOOST_TEST(contains(error, "saved.json: "), error);
    BOOST_TEST(contains(error, "releases[0].tag"), error);
}

BOOST_AUTO_TEST_CASE(given_a_release_without_any_date_it_should_skip_it) {
    const auto file = releases_ok(
        R"([{"id": 1, "tag_name": "v1.0.0", "draft": false, "prerelease": false}])", semver_utc());
    BOOST_TEST(file.releases.empty());
    BOOST_REQUIRE(file.skipped.size() == 1u);
    BOOST_TEST(contains(file.skipped[0].reason, "neither published_at nor created_at"),
               file.skipped[0].reason);
}

BOOST_AUTO_TEST_CASE(given_a_field_of_the_wrong_type_it_should_name_the_source_and_path) {
    const std::string error = releases_error(
        R"([{"id": 1, "tag_name": "v1.0.0"}, {"id": 2, "tag_name": 7}])", "releases.json");
    BOOST_TEST(contains(error, "releases.json: "), error);
    BOOST_TEST(contains(error, "[1].tag_name"), error);
}

BOOST_AUTO_TEST_CASE(given_broken_json_it_should_name_the_source) {
    const std::string error = releases_error("[{\"id\": 1,", "releases.json");
    BOOST_TEST(contains(error, "releases.json: not valid JSON"), error);
    BOOST_TEST(contains(incidents_error("{\"incidents\": [", "incidents.json"),
                        "incidents.json: not valid JSON"));
}

BOOST_AUTO_TEST_CASE(given_a_json_object_that_is_not_a_release_it_should_ask_for_the_list) {
    const std::string error = releases_error(R"({"message": "Not Found"})", "releases.json");
    BOOST_TEST(contains(error, "releases.json: "), error);
    BOOST_TEST(contains(error, "expected an array of releases"), error);
}

BOOST_AUTO_TEST_CASE(given_a_json_array_of_incidents_it_should_say_statuspage_sends_objects) {
    const std::string error = incidents_error(R"([{"id": "x"}])", "incidents.json");
    BOOST_TEST(contains(error, "incidents.json: "), error);
    BOOST_TEST(contains(error, "not a Statuspage payload"), error);
}

BOOST_AUTO_TEST_CASE(given_an_incident_without_times_it_should_name_it) {
    const std::string error =
        incidents_error(R"({"incidents": [{"id": "abc", "name": "Lost", "status": "resolved"}]})",
                        "incidents.json");
    BOOST_TEST(contains(error, "incidents.json: incident \"abc\""), error);
    BOOST_TEST(contains(error, "neither started_at nor created_at"), error);
}

BOOST_AUTO_TEST_CASE(given_components_only_in_updates_it_should_take_their_names) {
    const auto incidents = incidents_ok(
        R"({"incident": {"id": "abc", "name": "Slow runs", "status": "investigating",
            "impact": "minor", "created_at": "2025-01-01T10:00:00Z", "components": [],
            "incident_updates": [{"body": "Looking", "created_at": "2025-01-01T10:00:00Z",
              "affected_components": [{"code": "c1", "name": "Actions"}]}]}})",
        "incident.json");
    BOOST_REQUIRE(incidents.size() == 1u);
    BOOST_TEST(incidents[0].components == Names{"Actions"});
    BOOST_TEST(incidents[0].url.empty());
    BOOST_TEST(!incidents[0].resolved.has_value());
    BOOST_TEST(format_timestamp(incidents[0].started) == "2025-01-01T10:00:00Z");
}

BOOST_AUTO_TEST_SUITE_END()
