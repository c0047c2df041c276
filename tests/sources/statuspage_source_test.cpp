// Judging a status page: the weather and evidence for the watched components,
// on the real recordings and on hand-made cases.
#include "core/sources/statuspage_source.h"

#include <algorithm>
#include <limits>

#include <boost/test/unit_test.hpp>

#include "tests/support/checks.h"
#include "tests/support/fake_http.h"
#include "tests/support/fixtures.h"

using fairweather::testing::all_reasons;
using fairweather::testing::contains;
using namespace fairweather;
using fairweather::testing::FakeHttpClient;
using fairweather::testing::real_fixture;
using fairweather::testing::real_fixtures_present;
namespace utf = boost::unit_test;
using namespace std::chrono_literals;

namespace {

const TimePoint k_now = TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 11 / 21}} + 12h;

statuspage::Document real_doc(const std::string& name) {
    auto doc = statuspage::parse_document(real_fixture("statuspage/" + name));
    BOOST_REQUIRE(doc.has_value());
    return std::move(*doc);
}

Observation judge_real(const std::string& name, const StatusPageSettings& settings = {},
                       TimePoint now = k_now) {
    return evaluate_status_page(real_doc(name), settings, now);
}

bool has_reason(const Observation& r, std::string_view text) {
    return std::any_of(r.reasons.begin(), r.reasons.end(), [&](const std::string& reason) {
        return reason.find(text) != std::string::npos;
    });
}

const ComponentObservation& observed(const Observation& r, std::string_view name) {
    const auto it = std::find_if(r.components.begin(), r.components.end(),
                                 [&](const auto& c) { return c.name == name; });
    BOOST_REQUIRE(it != r.components.end());
    return *it;
}

StatusPageSettings watching(std::vector<ComponentSelector> components) {
    StatusPageSettings s;
    s.name = "page";
    s.components = std::move(components);
    return s;
}

statuspage::Component comp(std::string id, std::string name, std::string status) {
    statuspage::Component c;
    c.id = std::move(id);
    c.name = std::move(name);
    c.status = std::move(status);
    return c;
}

// GitHub's four default components, all operational, plus Pages.
statuspage::Document github_page() {
    statuspage::Document doc;
    doc.components =
        std::vector<statuspage::Component>{comp("br0l2tvcx85d", "Actions", "operational"),
                                           comp("brv1bkgrwx7q", "API Requests", "operational"),
                                           comp("8l4ygp009s5s", "Git Operations", "operational"),
                                           comp("4230lsnqdsld", "Webhooks", "operational"),
                                           comp("vg70hn9s2tyj", "Pages", "operational")};
    doc.incidents = std::vector<statuspage::Incident>{};
    doc.scheduled_maintenances = std::vector<statuspage::Incident>{};
    return doc;
}

statuspage::Incident incident(std::string id, std::string name, std::string impact,
                              std::vector<statuspage::ComponentRef> components) {
    statuspage::Incident i;
    i.id = std::move(id);
    i.name = std::move(name);
    i.impact = std::move(impact);
    i.status = "investigating";
    i.components = std::move(components);
    return i;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(status_page_real_weather, *utf::precondition(real_fixtures_present))

BOOST_AUTO_TEST_CASE(github_2019_all_operational_is_fair_and_found_by_id_despite_old_names) {
    const auto r = judge_real("githubstatus_summary_2019-12-30_all_operational.json");
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_REQUIRE(r.components.size() == 4u);
    const auto& actions = observed(r, "GitHub Actions");  // named "Actions" since
    BOOST_TEST(actions.found);
    BOOST_TEST(!actions.matched_by_name);
    BOOST_TEST(actions.status == "operational");
    BOOST_TEST(has_reason(r, "operational and no unresolved incident affects them"));
}

BOOST_AUTO_TEST_CASE(github_2020_04_02_major_outage_is_outage_naming_each_component) {
    const auto r =
        judge_real("githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json");
    BOOST_TEST(r.weather == Weather::outage);
    BOOST_TEST(observed(r, "GitHub Actions").weather == Weather::outage);
    BOOST_TEST(has_reason(r, "github: GitHub Actions is partial_outage"), all_reasons(r));
    BOOST_TEST(has_reason(r, "github: API Requests is major_outage"));
    BOOST_TEST(has_reason(r, "github: Git Operations is major_outage"));
    BOOST_TEST(has_reason(r, "github: Webhooks is major_outage"));
    // The incident was filed against the catch-all component: listed, not blamed.
    BOOST_REQUIRE(r.incidents.size() == 1u);
    BOOST_TEST(r.incidents[0].id == "80d0cs6kpsps");
    BOOST_TEST(r.incidents[0].url == "http://stspg.io/n0wskg2n6bvy");
    BOOST_TEST(r.incidents[0].watched_components.empty());
    BOOST_TEST(r.incidents[0].weather == Weather::fair);
}

BOOST_AUTO_TEST_CASE(github_2024_all_operational_is_fair) {
    const auto r = judge_real("githubstatus_summary_2024-02-05_all_operational.json");
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_TEST(r.components.size() == 4u);
    BOOST_TEST(r.reasons.size() == 1u);
    BOOST_TEST(r.reasons[0] ==
               "github: Actions, API Requests, Git Operations, Webhooks are operational and no "
               "unresolved incident affects them");
}

// GitHub's page served from another URL (a mirror, a proxy) with no
// components configured: its page id brings GitHub's four defaults, and a
// page watched whole never watches the row that only links to the page.
BOOST_AUTO_TEST_CASE(github_page_from_another_url_keeps_the_defaults_by_its_page_id) {
    StatusPageSettings mirror;
    mirror.name = "mirror";
    mirror.url = "https://status-mirror.example.org";
    mirror.components.clear();  // what the config leaves for a page it does not know
    const auto r = judge_real("githubstatus_summary_2024-02-05_all_operational.json", mirror);
    BOOST_TEST(r.components.size() == 4u);
    BOOST_TEST(r.reasons[0] ==
               "mirror: Actions, API Requests, Git Operations, Webhooks are operational and no "
               "unresolved incident affects them");
    // Written in the config, an empty list means every component: but for
    // the link row.
    mirror.components_given = true;
    const auto all = judge_real("githubstatus_summary_2024-02-05_all_operational.json", mirror);
    BOOST_TEST(all.components.size() == 10u);
    for (const auto& c : all.components) {
        BOOST_TEST(c.name.find("Visit ") == std::string::npos, c.name);
    }
}

BOOST_AUTO_TEST_CASE(github_components_missing_from_a_trimmed_page_are_reported_not_ignored) {
    const auto r = judge_real("githubstatus_components_2024-09-17_trimmed.json");
    BOOST_TEST(r.weather == Weather::unknown);
    BOOST_TEST(observed(r, "Actions").found == false);
    BOOST_TEST(observed(r, "Webhooks").found == true);
    BOOST_TEST(has_reason(r,
                          "watched components Actions (br0l2tvcx85d), API Requests (brv1bkgrwx7q) "
                          "are not on"),
               all_reasons(r));
    BOOST_TEST(has_reason(r, "the page changed shape"));
}

BOOST_AUTO_TEST_CASE(docs_sample_critical_incident_without_components_is_an_outage) {
    const auto r = judge_real("statuspage_docs_sample_summary_critical_with_maintenances.json",
                              watching({{"b13yz5g2cw10", "API"}}));
    BOOST_TEST(r.weather == Weather::outage);
    BOOST_TEST(has_reason(r, "page: API is partial_outage"));
    BOOST_REQUIRE(r.incidents.size() == 1u);
    BOOST_TEST(r.incidents[0].weather == Weather::outage);
    BOOST_TEST(r.incidents[0].watched_components == std::vector<std::string>{"API"});
    BOOST_TEST(has_reason(r,
                          "incident cp306tmzcl0y \"Unplanned Database Outage\" (critical impact, "
                          "identified) affects API"),
               all_reasons(r));
}

BOOST_AUTO_TEST_CASE(docs_sample_with_github_defaults_reports_the_missing_components) {
    const auto r = judge_real("statuspage_docs_sample_summary_critical_with_maintenances.json");
    BOOST_TEST(std::all_of(r.components.begin(), r.components.end(),
                           [](const auto& c) { return !c.found; }));
    BOOST_TEST(has_reason(r, "are not on"));
    BOOST_TEST(r.weather == Weather::outage);  // the critical incident names no component
}

BOOST_AUTO_TEST_CASE(twilio_group_is_as_bad_as_its_worst_member) {
    const auto r = judge_real(
        "twilio_summary_2020-06-16_minor_degraded_groups_unresolved_and_maintenances.json",
        watching({{"s2k3h0mkqnth", ""}}));
    BOOST_TEST(r.weather == Weather::degraded);
    BOOST_TEST(has_reason(r,
                          "page: PROGRAMMABLE MESSAGING is degraded_performance; member MMS is "
                          "degraded_performance"),
               all_reasons(r));
    // r0f0vdz8vrgm lists MMS and SMS, members of the group: it concerns the
    // group, though its minor impact leaves the weather at degraded.
    const auto touching = std::count_if(r.incidents.begin(), r.incidents.end(), [](const auto& i) {
        return !i.watched_components.empty();
    });
    BOOST_TEST(touching == 1);
    BOOST_TEST(r.incidents[1].id == "r0f0vdz8vrgm");
    BOOST_TEST(r.incidents[1].watched_components ==
               std::vector<std::string>{"PROGRAMMABLE MESSAGING"});
}

BOOST_AUTO_TEST_CASE(twilio_operational_group_member_by_name_is_fair) {
    const auto r = judge_real(
        "twilio_summary_2020-06-16_minor_degraded_groups_unresolved_and_maintenances.json",
        watching({{"", "studio"}}));
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_TEST(observed(r, "Studio").id == "7c6yv3vctfqv");
}

BOOST_AUTO_TEST_CASE(twilio_minor_incident_weather_follows_the_configured_mapping) {
    auto settings = watching({{"kqr83rygcwwf", "SMS, Middle East & Africa"}});
    auto r = judge_real(
        "twilio_summary_2020-06-16_minor_degraded_groups_unresolved_and_maintenances.json",
        settings);
    BOOST_TEST(r.weather ==
               Weather::degraded);  // degraded_performance; minor incident maps to fair
    const auto it = std::find_if(r.incidents.begin(), r.incidents.end(),
                                 [](const auto& i) { return i.id == "4dtnnnnxnhn9"; });
    BOOST_REQUIRE(it != r.incidents.end());
    BOOST_TEST(it->watched_components == std::vector<std::string>{"SMS, Middle East & Africa"});

    settings.incident_weather["minor"] = Weather::outage;
    r = judge_real(
        "twilio_summary_2020-06-16_minor_degraded_groups_unresolved_and_maintenances.json",
        settings);
    BOOST_TEST(r.weather == Weather::outage);
    BOOST_TEST(has_reason(r,
                          "incident 4dtnnnnxnhn9 \"SMS Delivery Delays to Mozambique Movitel\" "
                          "(minor impact, investigating) affects SMS, Middle East & Africa"),
               all_reasons(r));
}

BOOST_AUTO_TEST_CASE(twilio_watching_every_component_sees_the_degraded_ones) {
    const auto r = judge_real(
        "twilio_summary_2020-06-16_minor_degraded_groups_unresolved_and_maintenances.json",
        watching({}));
    BOOST_TEST(r.weather == Weather::degraded);
    BOOST_TEST(r.components.size() == 65u);  // 73 less the 8 groups
    BOOST_TEST(has_reason(r, "page: SMS Short Code, North America is degraded_performance"));
}

BOOST_AUTO_TEST_CASE(twilio_scheduled_maintenance_counts_only_inside_its_window) {
    const auto settings = watching({{"llgdln3dcs6p", "SMS, Europe"}});
    const std::string file =
        "twilio_summary_2020-06-16_minor_degraded_groups_unresolved_and_maintenances.json";
    // 9szb6ydlg10w: 2020-06-16 23:00Z to 2020-06-17 03:00Z on SMS, Europe.
    const TimePoint before = *parse_timestamp("2020-06-16T21:00:00Z");
    const TimePoint during = *parse_timestamp("2020-06-16T23:30:00Z");
    BOOST_TEST(judge_real(file, settings, before).weather == Weather::fair);
    const auto r = judge_real(file, settings, during);
    BOOST_TEST(r.weather == Weather::degraded);
    BOOST_TEST(has_reason(r, "maintenance 9szb6ydlg10w"), all_reasons(r));
    BOOST_TEST(r.maintenances.size() == 9u);
}

BOOST_AUTO_TEST_CASE(cloudamqp_component_under_maintenance_is_degraded) {
    const auto r = judge_real("cloudamqp_summary_2020-07-16_maintenance_in_progress.json",
                              watching({{"", "Shared servers"}}));
    BOOST_TEST(r.weather == Weather::degraded);
    BOOST_TEST(has_reason(r, "page: Shared servers is under_maintenance"));
    BOOST_TEST(has_reason(r, "is in progress on Shared servers"));
    const auto other = judge_real("cloudamqp_summary_2020-07-16_maintenance_in_progress.json",
                                  watching({{"", "Dedicated servers"}}));
    BOOST_TEST(other.weather == Weather::fair);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(status_page_rules)

BOOST_AUTO_TEST_CASE(given_a_changed_id_it_should_fall_back_to_the_name_and_say_so) {
    const auto r =
        evaluate_status_page(github_page(), watching({{"oldid0000000", "Actions"}}), k_now);
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_TEST(r.components[0].found);
    BOOST_TEST(r.components[0].matched_by_name);
    BOOST_TEST(r.components[0].id == "br0l2tvcx85d");
}

BOOST_AUTO_TEST_CASE(given_a_major_incident_listing_a_watched_component_it_should_be_outage) {
    auto doc = github_page();
    (*doc.components)[0].status = "degraded_performance";
    doc.incidents->push_back(
        incident("inc1", "Incident with Actions", "major", {{"br0l2tvcx85d", "Actions"}}));
    const auto r = evaluate_status_page(doc, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::outage);
    BOOST_TEST(r.incidents[0].weather == Weather::outage);
    // Outage reasons come before the degraded ones.
    BOOST_TEST(r.reasons[0].find("incident inc1") != std::string::npos);
    BOOST_TEST(r.reasons[1] == "github: Actions is degraded_performance");
}

BOOST_AUTO_TEST_CASE(given_an_incident_naming_a_component_only_in_its_title_it_should_count) {
    auto doc = github_page();
    doc.incidents->push_back(
        incident("inc2", "Incident with Pages and Actions", "major", {{"vg70hn9s2tyj", "Pages"}}));
    const auto r = evaluate_status_page(doc, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::outage);
    BOOST_TEST(r.incidents[0].watched_components == std::vector<std::string>{"Actions"});
}

BOOST_AUTO_TEST_CASE(given_a_word_inside_another_word_it_should_not_count_as_named) {
    auto doc = github_page();
    doc.incidents->push_back(
        incident("inc3", "Transactions delayed", "major", {{"vg70hn9s2tyj", "Pages"}}));
    const auto r = evaluate_status_page(doc, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::fair);
}

BOOST_AUTO_TEST_CASE(given_an_incident_about_other_components_it_should_not_count) {
    auto doc = github_page();
    doc.incidents->push_back(
        incident("inc4", "Disruption with Pages", "critical", {{"vg70hn9s2tyj", "Pages"}}));
    const auto r = evaluate_status_page(doc, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_TEST(r.incidents.size() == 1u);  // still listed as evidence
}

BOOST_AUTO_TEST_CASE(given_a_resolved_incident_it_should_ignore_it) {
    auto doc = github_page();
    auto i = incident("inc5", "Incident with Actions", "critical", {{"br0l2tvcx85d", "Actions"}});
    i.status = "resolved";
    doc.incidents->push_back(i);
    const auto r = evaluate_status_page(doc, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_TEST(r.incidents.empty());
}

BOOST_AUTO_TEST_CASE(given_an_unmapped_status_it_should_be_unknown_and_say_how_to_map_it) {
    auto doc = github_page();
    (*doc.components)[1].status = "on_fire";
    const auto r = evaluate_status_page(doc, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::unknown);
    BOOST_TEST(has_reason(r, "reports status \"on_fire\""));
    BOOST_TEST(has_reason(r, "status_weather"));
}

BOOST_AUTO_TEST_CASE(given_a_custom_mapping_it_should_use_it) {
    auto doc = github_page();
    (*doc.components)[0].status = "degraded_performance";
    StatusPageSettings settings;
    settings.status_weather["degraded_performance"] = Weather::outage;
    BOOST_TEST(evaluate_status_page(doc, settings, k_now).weather == Weather::outage);
    settings.status_weather["degraded_performance"] = Weather::fair;
    BOOST_TEST(evaluate_status_page(doc, settings, k_now).weather == Weather::fair);
}

BOOST_AUTO_TEST_CASE(given_a_page_with_no_components_it_should_be_unknown) {
    statuspage::Document doc;
    doc.components = std::vector<statuspage::Component>{};
    const auto r = evaluate_status_page(doc, watching({}), k_now);
    BOOST_TEST(r.weather == Weather::unknown);
    BOOST_TEST(has_reason(r, "lists no components"));
}

BOOST_AUTO_TEST_CASE(given_a_base_url_it_should_build_the_summary_url) {
    BOOST_TEST(summary_url("https://www.githubstatus.com") ==
               "https://www.githubstatus.com/api/v2/summary.json");
    BOOST_TEST(summary_url("https://www.githubstatus.com/") ==
               "https://www.githubstatus.com/api/v2/summary.json");
    BOOST_TEST(summary_url("http://127.0.0.1:9/x/summary.json") ==
               "http://127.0.0.1:9/x/summary.json");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(status_page_saved_incidents)

// The rule for incidents known only from a saved history (a CSV row).
BOOST_AUTO_TEST_CASE(given_a_saved_incident_it_should_concern_ci_by_the_same_rule_as_a_live_one) {
    const auto github = StatusPageSettings::github_default_components();
    // Lists a watched component by name, ignoring case, among others.
    BOOST_TEST(incident_concerns("Disruption", {"Pull Requests", "actions"}, github));
    // Lists one by its stable id.
    BOOST_TEST(incident_concerns("Disruption", {"br0l2tvcx85d"}, github));
    // Lists none, but names one in the title.
    BOOST_TEST(incident_concerns("Incident with Git Operations", {"Pages"}, github));
    // Lists no component at all: incidents often start that way.
    BOOST_TEST(incident_concerns("We are investigating reports", {}, github));
    // Only other components, and a title that names none (not "Action" alone).
    BOOST_TEST(
        !incident_concerns("Incident with Pages and Codespaces", {"Pages", "Codespaces"}, github));
    BOOST_TEST(!incident_concerns("Action needed on Pages", {"Pages"}, github));
    // Watching every component: everything concerns it.
    BOOST_TEST(incident_concerns("Incident with Pages", {"Pages"}, {}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(status_page_polling)

const std::string k_url = "https://www.githubstatus.com/api/v2/summary.json";
const std::string k_operational = R"({"components":[
  {"id":"br0l2tvcx85d","name":"Actions","status":"operational"},
  {"id":"brv1bkgrwx7q","name":"API Requests","status":"operational"},
  {"id":"8l4ygp009s5s","name":"Git Operations","status":"operational"},
  {"id":"4230lsnqdsld","name":"Webhooks","status":"operational"}],"incidents":[]})";

BOOST_AUTO_TEST_CASE(given_a_summary_it_should_fetch_it_once_asking_for_json) {
    FakeHttpClient http;
    http.answer(k_url, 200, k_operational);
    const auto r = poll_status_page(http, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::fair);
    BOOST_TEST(r.error.empty());
    BOOST_TEST(*r.http_status == 200);
    BOOST_REQUIRE(http.requests().size() == 1u);
    BOOST_TEST(http.requests()[0].method == "GET");
    BOOST_TEST(*http.requests()[0].headers.get("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(given_a_network_failure_it_should_be_unknown_with_the_cause) {
    FakeHttpClient http;
    http.answer(k_url, make_unexpected(fairweather::testing::http_error(
                           HttpError::Kind::timeout, k_url, "Operation timed out after 20000 ms")));
    const auto r = poll_status_page(http, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::unknown);
    BOOST_TEST(r.error ==
               "could not read " + k_url + ": timeout: Operation timed out after 20000 ms");
    BOOST_TEST(r.reasons[0] == "github: " + r.error);
}

BOOST_AUTO_TEST_CASE(given_a_server_error_it_should_be_unknown_with_the_status) {
    FakeHttpClient http;
    http.answer(k_url, 503, "<html>unavailable</html>");
    const auto r = poll_status_page(http, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::unknown);
    BOOST_TEST(r.error == "HTTP 503 Service Unavailable from " + k_url);
}

BOOST_AUTO_TEST_CASE(given_429_with_retry_after_it_should_keep_the_wait) {
    FakeHttpClient http;
    Headers h;
    h.add("Retry-After", "120");
    http.answer(k_url, 429, "", h);
    const auto r = poll_status_page(http, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::unknown);
    BOOST_TEST((*r.retry_after == Duration{120s}));
    BOOST_TEST(r.error.find("asked to retry after 2m") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_CASE(given_an_empty_body_it_should_be_unknown) {
    FakeHttpClient http;
    http.answer(k_url, 200, "");
    const auto r = poll_status_page(http, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::unknown);
    BOOST_TEST(r.error.find("empty body") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_json_that_is_not_a_summary_it_should_be_unknown) {
    FakeHttpClient http;
    http.answer(k_url, 200, R"({"page":{"id":"x"},"status":{"indicator":"none"}})");
    const auto r = poll_status_page(http, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::unknown);
    BOOST_TEST(r.error.find("without a \"components\" list") != std::string::npos, r.error);
}

BOOST_AUTO_TEST_CASE(given_non_json_it_should_be_unknown) {
    FakeHttpClient http;
    http.answer(k_url, 200, "<!doctype html><title>Status</title>");
    const auto r = poll_status_page(http, StatusPageSettings{}, k_now);
    BOOST_TEST(r.weather == Weather::unknown);
    BOOST_TEST(
        r.error.find("did not return a Statuspage v2 summary: not valid JSON") != std::string::npos,
        r.error);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// A summary listing `components` operational components, `incidents` minor
// incidents and `maintenances` completed maintenances.
std::string page_listing(std::size_t components, std::size_t incidents = 0,
                         std::size_t maintenances = 0) {
    const auto list = [](std::size_t n, const std::string& entry) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) {
            out +=
                (i == 0 ? "{\"id\":\"" : ",{\"id\":\"") + std::to_string(i) + "\"," + entry + "}";
        }
        return out;
    };
    return "{\"components\":[" + list(components, R"("name":"C","status":"operational")") +
           "],\"incidents\":[" +
           list(incidents, R"("name":"N","status":"investigating","impact":"minor")") +
           "],\"scheduled_maintenances\":[" +
           list(maintenances, R"("name":"M","status":"completed")") + "]}";
}

Observation read_page(const std::string& body, const StatusPageSettings& settings) {
    HttpResponse response;
    response.status = 200;
    response.body = body;
    return interpret_status_page(response, settings, k_now);
}

StatusPageSettings limited_to(int components, int incidents, int maintenances) {
    StatusPageSettings s = watching({});
    s.max_components = components;
    s.max_incidents = incidents;
    s.max_scheduled_maintenances = maintenances;
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(status_page_limits)

BOOST_AUTO_TEST_CASE(given_no_settings_the_limits_should_be_far_above_real_pages) {
    const StatusPageSettings s;
    BOOST_TEST(s.max_components == 500);
    BOOST_TEST(s.max_incidents == 200);
    BOOST_TEST(s.max_scheduled_maintenances == 200);
    BOOST_TEST(s.limits().components == 500u);
    BOOST_TEST(s.limits().incidents == 200u);
    BOOST_TEST(s.limits().scheduled_maintenances == 200u);
}

BOOST_AUTO_TEST_CASE(given_a_page_at_every_limit_it_should_judge_it) {
    const auto r = read_page(page_listing(3, 2, 2), limited_to(3, 2, 2));
    BOOST_TEST(r.error.empty(), r.error);
    BOOST_TEST(r.weather == Weather::fair, all_reasons(r));
    BOOST_TEST(r.components.size() == 3u);
    BOOST_TEST(r.incidents.size() == 2u);
}

BOOST_AUTO_TEST_CASE(given_one_component_over_the_limit_it_should_be_unknown_naming_the_setting) {
    const auto r = read_page(page_listing(4), limited_to(3, 2, 2));
    BOOST_TEST(r.weather == Weather::unknown);
    BOOST_TEST(r.error ==
               "https://www.githubstatus.com/api/v2/summary.json lists more than its limits "
               "allow: components: 4 entries, more than max_components (3); if the page really "
               "is that large, raise max_components in its [[status_pages]] entry");
    BOOST_REQUIRE(r.reasons.size() == 1u);
    BOOST_TEST(r.reasons[0] == "page: " + r.error);
    BOOST_TEST(r.components.empty());
    BOOST_TEST(*r.http_status == 200);
}

BOOST_AUTO_TEST_CASE(given_one_incident_or_maintenance_over_the_limit_it_should_be_unknown) {
    const auto incidents = read_page(page_listing(3, 3, 2), limited_to(3, 2, 2));
    BOOST_TEST(incidents.weather == Weather::unknown);
    BOOST_TEST(contains(incidents.error, "incidents: 3 entries, more than max_incidents (2); "),
               incidents.error);
    BOOST_TEST(contains(incidents.error, "raise max_incidents in its [[status_pages]] entry"));
    const auto maintenances = read_page(page_listing(3, 2, 3), limited_to(3, 2, 2));
    BOOST_TEST(maintenances.weather == Weather::unknown);
    BOOST_TEST(contains(maintenances.error,
                        "scheduled_maintenances: 3 entries, more than "
                        "max_scheduled_maintenances (2); "),
               maintenances.error);
}

BOOST_AUTO_TEST_CASE(given_an_invalid_page_it_should_still_say_it_is_not_a_summary) {
    const auto r = read_page(R"({"components":{"id":"a"}})", limited_to(3, 2, 2));
    BOOST_TEST(r.error ==
               "https://www.githubstatus.com/api/v2/summary.json did not return a "
               "Statuspage v2 summary: components: expected an array, got an object");
}

BOOST_AUTO_TEST_CASE(every_real_recording_judges_as_without_limits,
                     *utf::precondition(real_fixtures_present)) {
    for (const std::string name :
         {"cloudamqp_summary_2020-07-16_maintenance_in_progress.json",
          "githubstatus_summary_2019-12-30_all_operational.json",
          "githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json",
          "githubstatus_summary_2024-02-05_all_operational.json",
          "githubstatus_components_2024-02-05.json",
          "githubstatus_incidents_2024-09-17_trimmed.json",
          "statuspage_docs_sample_summary_critical_with_maintenances.json",
          "twilio_summary_2020-06-16_minor_degraded_groups_unresolved_and_maintenances.json"}) {
        const std::string body = real_fixture("statuspage/" + name);
        for (StatusPageSettings settings : {StatusPageSettings{}, watching({})}) {
            StatusPageSettings unlimited = settings;
            unlimited.max_components = unlimited.max_incidents =
                unlimited.max_scheduled_maintenances = std::numeric_limits<int>::max();
            const auto limited = read_page(body, settings);
            const auto reference = read_page(body, unlimited);
            BOOST_TEST(limited.weather == reference.weather, name);
            BOOST_TEST(limited.error == reference.error, name);
            BOOST_TEST(limited.reasons == reference.reasons, name);
            BOOST_TEST(limited.components.size() == reference.components.size(), name);
            BOOST_TEST(limited.incidents.size() == reference.incidents.size(), name);
            BOOST_TEST(limited.maintenances.size() == reference.maintenances.size(), name);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
