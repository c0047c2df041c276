// Parsing Statuspage v2 payloads: every real recording in
// ../shared/fixtures/real/statuspage, then hand-made broken ones.
#include "core/sources/statuspage_payload.h"

#include <algorithm>
#include <filesystem>

#include <boost/test/unit_test.hpp>

#include "tests/support/fixtures.h"

using namespace fairweather;
using namespace fairweather::statuspage;
using fairweather::testing::real_fixture;
using fairweather::testing::real_fixtures_dir;
using fairweather::testing::real_fixtures_present;
namespace utf = boost::unit_test;

namespace {

Document parse_real(const std::string& name) {
    auto doc = parse_document(real_fixture("statuspage/" + name));
    BOOST_REQUIRE_MESSAGE(doc.has_value(), name + ": " + (doc ? "" : doc.error().describe()));
    return std::move(*doc);
}

const Component& component(const Document& doc, std::string_view id) {
    const auto it = std::find_if(doc.components->begin(), doc.components->end(),
                                 [&](const Component& c) { return c.id == id; });
    BOOST_REQUIRE(it != doc.components->end());
    return *it;
}

std::string ts(const std::optional<TimePoint>& t) {
    return t ? format_timestamp(*t) : "(none)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(statuspage_real_payloads, *utf::precondition(real_fixtures_present))

BOOST_AUTO_TEST_CASE(every_recorded_payload_parses) {
    int parsed = 0;
    for (const auto& dir :
         {real_fixtures_dir() / "statuspage", real_fixtures_dir() / "statuspage" / "incidents"}) {
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            if (entry.path().extension() != ".json") {
                continue;
            }
            const auto doc = parse_document(fairweather::testing::read_file(entry.path()));
            BOOST_TEST(doc.has_value(), entry.path().filename().string()
                                            << ": " << (doc ? "" : doc.error().describe()));
            ++parsed;
        }
    }
    BOOST_TEST(parsed == 17);
}

BOOST_AUTO_TEST_CASE(github_2019_all_operational) {
    const auto doc = parse_real("githubstatus_summary_2019-12-30_all_operational.json");
    BOOST_TEST(doc.page.id == "kctbh9vrtdwd");
    BOOST_TEST(doc.page.name == "GitHub");
    BOOST_TEST(doc.status->indicator == "none");
    BOOST_TEST(doc.components->size() == 9u);
    for (const auto& c : *doc.components) {
        BOOST_TEST(c.status == "operational", c.name);
    }
    BOOST_TEST(component(doc, "br0l2tvcx85d").name == "GitHub Actions");
    BOOST_TEST(doc.incidents->empty());
    BOOST_TEST(doc.scheduled_maintenances->empty());
}

BOOST_AUTO_TEST_CASE(github_2020_04_02_major_outage_with_unresolved_incident) {
    const auto doc =
        parse_real("githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json");
    BOOST_TEST(doc.status->indicator == "major");
    BOOST_TEST(doc.status->description == "Partial System Outage");
    BOOST_TEST(component(doc, "br0l2tvcx85d").status == "partial_outage");
    BOOST_TEST(component(doc, "8l4ygp009s5s").status == "major_outage");
    BOOST_TEST(component(doc, "brv1bkgrwx7q").status == "major_outage");
    BOOST_TEST(component(doc, "4230lsnqdsld").status == "major_outage");
    BOOST_TEST(component(doc, "vg70hn9s2tyj").status == "operational");
    BOOST_TEST(ts(component(doc, "4230lsnqdsld").updated_at) == "2020-04-02T20:37:08.834Z");

    BOOST_REQUIRE(doc.incidents->size() == 1u);
    const auto& incident = doc.incidents->front();
    BOOST_TEST(incident.id == "80d0cs6kpsps");
    BOOST_TEST(incident.name == "Incident on 2020-04-02 20:20 UTC");
    BOOST_TEST(incident.status == "investigating");
    BOOST_TEST(incident.impact == "major");
    BOOST_TEST(incident.unresolved());
    BOOST_TEST(ts(incident.started_at) == "2020-04-02T20:20:54.005Z");
    BOOST_TEST(ts(incident.created_at) == "2020-04-02T20:20:54.013Z");
    BOOST_TEST(incident.shortlink == "http://stspg.io/n0wskg2n6bvy");
    BOOST_REQUIRE(incident.components.size() == 1u);
    BOOST_TEST(incident.components[0].id == "0l2p9nhqnxpd");
    // The newest of the two updates, whatever their order in the array.
    BOOST_TEST(incident.latest_update == "We are investigating reports of service unavailability.");
    BOOST_TEST(ts(incident.latest_update_at) == "2020-04-02T20:26:36.354Z");
}

BOOST_AUTO_TEST_CASE(github_2024_summary_components_and_status_endpoints) {
    const auto summary = parse_real("githubstatus_summary_2024-02-05_all_operational.json");
    BOOST_TEST(summary.components->size() == 11u);
    BOOST_TEST(component(summary, "br0l2tvcx85d").name == "Actions");
    BOOST_TEST(component(summary, "hhtssxt0f5v2").name == "Pull Requests");

    const auto components = parse_real("githubstatus_components_2024-02-05.json");
    BOOST_TEST(components.components->size() == 11u);
    BOOST_TEST(!components.incidents.has_value());  // not part of this endpoint
    BOOST_TEST(!components.status.has_value());

    const auto status = parse_real("githubstatus_status_2024-02-05.json");
    BOOST_TEST(status.status->indicator == "none");
    BOOST_TEST(!status.components.has_value());

    const auto trimmed = parse_real("githubstatus_components_2024-09-17_trimmed.json");
    BOOST_TEST(trimmed.components->size() == 2u);
}

BOOST_AUTO_TEST_CASE(github_2024_09_17_resolved_incidents) {
    const auto doc = parse_real("githubstatus_incidents_2024-09-17_trimmed.json");
    BOOST_REQUIRE(doc.incidents->size() == 2u);
    const auto& pages_actions = (*doc.incidents)[0];
    BOOST_TEST(pages_actions.id == "69sb0f8lydp4");
    BOOST_TEST(pages_actions.impact == "major");
    BOOST_TEST(!pages_actions.unresolved());
    BOOST_TEST(ts(pages_actions.started_at) == "2024-09-16T21:31:02.713Z");
    BOOST_REQUIRE(pages_actions.components.size() == 2u);
    BOOST_TEST(pages_actions.components[0].id == "br0l2tvcx85d");
    BOOST_TEST(pages_actions.components[1].id == "vg70hn9s2tyj");
    const auto& ssh = (*doc.incidents)[1];
    BOOST_TEST(ssh.id == "r3x7x31k7nn1");
    BOOST_TEST(ssh.impact == "minor");
    BOOST_TEST(ssh.components.empty());  // components [] and affected_components null
}

BOOST_AUTO_TEST_CASE(twilio_groups_offsets_incidents_and_maintenances) {
    const auto doc = parse_real(
        "twilio_summary_2020-06-16_minor_degraded_groups_unresolved_and_maintenances.json");
    BOOST_TEST(doc.page.time_zone == "America/Los_Angeles");
    BOOST_TEST(ts(doc.page.updated_at) == "2020-06-16T21:00:29.031Z");
    BOOST_TEST(doc.components->size() == 73u);
    BOOST_TEST(std::count_if(doc.components->begin(), doc.components->end(),
                             [](const Component& c) { return c.group; }) == 8);
    const auto& messaging = component(doc, "s2k3h0mkqnth");
    BOOST_TEST(messaging.group);
    BOOST_TEST(messaging.status == "degraded_performance");
    BOOST_TEST(messaging.children.size() == 6u);
    BOOST_TEST(component(doc, "d1j2nx64rpq3").group_id == "s2k3h0mkqnth");

    BOOST_REQUIRE(doc.incidents->size() == 2u);
    BOOST_TEST((*doc.incidents)[0].id == "4dtnnnnxnhn9");
    BOOST_TEST((*doc.incidents)[0].status == "investigating");
    BOOST_TEST(ts((*doc.incidents)[0].started_at) == "2020-06-16T20:27:41.521Z");
    BOOST_TEST((*doc.incidents)[0].latest_update == "We are continuing to investigate this issue.");
    BOOST_TEST((*doc.incidents)[1].components.size() == 4u);

    BOOST_REQUIRE(doc.scheduled_maintenances->size() == 9u);
    const auto& first = doc.scheduled_maintenances->front();
    BOOST_TEST(first.id == "9szb6ydlg10w");
    BOOST_TEST(first.status == "scheduled");
    BOOST_TEST(first.impact == "maintenance");
    BOOST_TEST(ts(first.scheduled_for) == "2020-06-16T23:00:00Z");
    BOOST_TEST(ts(first.scheduled_until) == "2020-06-17T03:00:00Z");
}

BOOST_AUTO_TEST_CASE(cloudamqp_in_progress_maintenance) {
    const auto doc = parse_real("cloudamqp_summary_2020-07-16_maintenance_in_progress.json");
    BOOST_TEST(doc.components->size() == 23u);
    BOOST_TEST(component(doc, "m9jl6sdbs4vb").status == "under_maintenance");
    BOOST_REQUIRE(doc.scheduled_maintenances->size() == 1u);
    const auto& m = doc.scheduled_maintenances->front();
    BOOST_TEST(m.status == "in_progress");
    BOOST_TEST(ts(m.scheduled_for) == "2020-07-16T21:00:00Z");
    BOOST_TEST(ts(m.scheduled_until) == "2020-07-16T23:00:00Z");
    BOOST_REQUIRE(m.components.size() == 1u);
    BOOST_TEST(m.components[0].id == "m9jl6sdbs4vb");
}

BOOST_AUTO_TEST_CASE(docs_sample_sparse_fields) {
    const auto doc = parse_real("statuspage_docs_sample_summary_critical_with_maintenances.json");
    BOOST_TEST(doc.page.time_zone.empty());
    BOOST_TEST(ts(doc.page.updated_at) == "2020-07-12T08:19:20Z");
    BOOST_TEST(!(*doc.components)[0].group);  // no "group" field at all
    const auto& incident = doc.incidents->front();
    BOOST_TEST(incident.impact == "critical");
    BOOST_TEST(!incident.started_at.has_value());
    BOOST_TEST(ts(incident.created_at) == "2014-05-14T20:22:39.441Z");
    BOOST_TEST(incident.components.empty());
    BOOST_REQUIRE(doc.scheduled_maintenances->size() == 2u);
    BOOST_TEST((*doc.scheduled_maintenances)[1].status == "in_progress");
}

BOOST_AUTO_TEST_CASE(single_incident_archives) {
    struct Expect {
        const char* id;
        const char* impact;
        std::size_t components;
    };
    for (const Expect& e :
         {Expect{"80d0cs6kpsps", "major", 1}, Expect{"d6f6kjk81v33", "major", 2},
          Expect{"ffwkvn9j77d1", "minor", 1}, Expect{"gqx5l06jjxhp", "critical", 10},
          Expect{"jg4xwzwflb3r", "minor", 1}, Expect{"qfby3shb6r3w", "major", 2},
          Expect{"smdz34v7j8q0", "major", 8}}) {
        const auto doc =
            parse_real(std::string("incidents/githubstatus_incident_") + e.id + ".json");
        BOOST_REQUIRE(doc.incidents && doc.incidents->size() == 1u);
        const auto& incident = doc.incidents->front();
        BOOST_TEST(incident.id == e.id);
        BOOST_TEST(incident.impact == e.impact);
        BOOST_TEST(incident.components.size() == e.components, e.id);
        BOOST_TEST(!incident.unresolved(), e.id);
    }
    const auto doc = parse_real("incidents/githubstatus_incident_80d0cs6kpsps.json");
    BOOST_TEST(ts(doc.incidents->front().resolved_at) == "2020-04-02T21:55:00.955Z");
    BOOST_TEST(doc.incidents->front().latest_update == "This incident has been resolved.");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(statuspage_bad_payloads)

BOOST_AUTO_TEST_CASE(given_an_empty_body_it_should_say_so) {
    const auto doc = parse_document("");
    BOOST_REQUIRE(!doc);
    BOOST_TEST(doc.error().describe() == "the body is empty");
}

BOOST_AUTO_TEST_CASE(given_truncated_json_it_should_say_it_may_be_truncated) {
    const auto doc =
        parse_document(R"({"page":{"id":"x"},"components":[{"id":"a","name":"A","sta)");
    BOOST_REQUIRE(!doc);
    BOOST_TEST(doc.error().describe().find("not valid JSON") != std::string::npos);
    BOOST_TEST(doc.error().describe().find("truncated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_html_it_should_refuse) {
    BOOST_TEST(!parse_document("<html><body>502 Bad Gateway</body></html>").has_value());
}

BOOST_AUTO_TEST_CASE(given_a_top_level_array_it_should_refuse) {
    const auto doc = parse_document("[1,2]");
    BOOST_REQUIRE(!doc);
    BOOST_TEST(doc.error().describe() == "(top level): expected an object, got an array");
}

BOOST_AUTO_TEST_CASE(given_a_wrongly_typed_field_it_should_name_its_path) {
    const auto doc = parse_document(
        R"({"components":[{"id":"a","name":"A","status":"operational"},{"id":"b","name":"B","status":7}]})");
    BOOST_REQUIRE(!doc);
    BOOST_TEST(doc.error().describe() == "components[1].status: expected a string, got a number");
}

BOOST_AUTO_TEST_CASE(given_a_missing_required_field_it_should_name_it) {
    const auto doc = parse_document(R"({"components":[{"name":"A","status":"operational"}]})");
    BOOST_REQUIRE(!doc);
    BOOST_TEST(doc.error().path == "components[0].id");
    BOOST_TEST(doc.error().message.find("missing") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_a_bad_timestamp_it_should_quote_it) {
    const auto doc = parse_document(
        R"({"incidents":[{"id":"i","name":"n","status":"investigating","started_at":"yesterday"}]})");
    BOOST_REQUIRE(!doc);
    BOOST_TEST(doc.error().describe() ==
               "incidents[0].started_at: \"yesterday\" is not an RFC 3339 timestamp");
}

BOOST_AUTO_TEST_CASE(given_components_that_is_not_an_array_it_should_refuse) {
    const auto doc = parse_document(R"({"components":{"id":"a"}})");
    BOOST_REQUIRE(!doc);
    BOOST_TEST(doc.error().describe() == "components: expected an array, got an object");
}

BOOST_AUTO_TEST_CASE(given_unknown_fields_it_should_ignore_them) {
    const auto doc = parse_document(
        R"({"components":[{"id":"a","name":"A","status":"operational","brand_new":{"x":[1]}}],"extra":1})");
    BOOST_REQUIRE(doc.has_value());
    BOOST_TEST(doc->components->size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// A summary with `components` components (one of them a group listing the
// others when `group`), `incidents` unresolved incidents and `maintenances`
// scheduled maintenances.
std::string summary_with(std::size_t components, std::size_t incidents, std::size_t maintenances,
                         bool group = false) {
    std::string json = R"({"components":[)";
    for (std::size_t i = 0; i < components; ++i) {
        json += (i == 0 ? "" : ",") + std::string(R"({"id":"c)") + std::to_string(i) +
                R"(","name":"C)" + std::to_string(i) + R"(","status":"operational")";
        if (group && i == 0) {
            json += R"(,"group":true,"components":[)";
            for (std::size_t m = 1; m < components; ++m) {
                json += (m == 1 ? "\"c" : ",\"c") + std::to_string(m) + "\"";
            }
            json += "]";
        }
        json += "}";
    }
    const auto list = [](std::size_t n, const char* prefix, const char* status) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) {
            out += (i == 0 ? "" : ",") + std::string(R"({"id":")") + prefix + std::to_string(i) +
                   R"(","name":"N","status":")" + status + "\"}";
        }
        return out;
    };
    return json + R"(],"incidents":[)" + list(incidents, "i", "investigating") +
           R"(],"scheduled_maintenances":[)" + list(maintenances, "m", "scheduled") + "]}";
}

const Limits k_limits{.components = 3, .incidents = 2, .scheduled_maintenances = 2};

PayloadError refused(const std::string& json, const Limits& limits = k_limits) {
    auto doc = parse_document(json, limits);
    BOOST_REQUIRE(!doc.has_value());
    return doc.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(statuspage_limits)

BOOST_AUTO_TEST_CASE(given_every_list_exactly_at_its_limit_it_should_read_them_all) {
    const auto doc = parse_document(summary_with(3, 2, 2, true), k_limits);
    BOOST_REQUIRE_MESSAGE(doc.has_value(), (doc ? "" : doc.error().error.describe()));
    BOOST_TEST(doc->components->size() == 3u);
    BOOST_TEST(doc->components->front().children.size() == 2u);
    BOOST_TEST(doc->incidents->size() == 2u);
    BOOST_TEST(doc->scheduled_maintenances->size() == 2u);
}

BOOST_AUTO_TEST_CASE(given_one_component_too_many_it_should_name_the_list_the_limit_and_setting) {
    const auto e = refused(summary_with(4, 0, 0));
    BOOST_TEST(e.error.describe() == "components: 4 entries, more than max_components (3)");
    BOOST_TEST(e.limit == "max_components");
}

BOOST_AUTO_TEST_CASE(given_one_incident_too_many_it_should_refuse_the_page) {
    const auto e = refused(summary_with(3, 3, 0));
    BOOST_TEST(e.error.describe() == "incidents: 3 entries, more than max_incidents (2)");
    BOOST_TEST(e.limit == "max_incidents");
}

BOOST_AUTO_TEST_CASE(given_one_maintenance_too_many_it_should_refuse_the_page) {
    const auto e = refused(summary_with(3, 2, 3));
    BOOST_TEST(e.error.describe() ==
               "scheduled_maintenances: 3 entries, more than max_scheduled_maintenances (2)");
    BOOST_TEST(e.limit == "max_scheduled_maintenances");
}

BOOST_AUTO_TEST_CASE(given_a_group_listing_more_members_than_a_page_may_have_it_should_refuse) {
    const Limits limits{.components = 3, .incidents = 2, .scheduled_maintenances = 2};
    // Four entries in the group's list, on a page of three components.
    const auto e = refused(R"({"components":[{"id":"g","name":"G","status":"operational",)"
                           R"("group":true,"components":["a","b","c","d"]}]})",
                           limits);
    BOOST_TEST(e.error.describe() ==
               "components[0].components: 4 entries, more than max_components (3)");
    BOOST_TEST(e.limit == "max_components");
}

BOOST_AUTO_TEST_CASE(given_an_incident_listing_more_components_than_the_limit_it_should_refuse) {
    const auto e =
        refused(R"({"components":[],"incidents":[{"id":"i","name":"N","status":"investigating",)"
                R"("components":[{"id":"a"},{"id":"b"},{"id":"c"},{"id":"d"}]}]})");
    BOOST_TEST(e.error.describe() ==
               "incidents[0].components: 4 entries, more than max_components (3)");
}

BOOST_AUTO_TEST_CASE(given_updates_that_together_name_too_many_components_it_should_refuse) {
    // Each update's list is within the limit; the four distinct names are not.
    const auto e = refused(
        R"({"incidents":[{"id":"i","name":"N","status":"investigating","incident_updates":[)"
        R"({"body":"1","affected_components":[{"code":"a"},{"code":"b"}]},)"
        R"({"body":"2","affected_components":[{"code":"a"},{"code":"b"}]},)"
        R"({"body":"3","affected_components":[{"code":"c"},{"code":"d"}]}]}]})");
    BOOST_TEST(e.error.describe() ==
               "incidents[0].incident_updates[2].affected_components: the incident's updates "
               "name 4 components so far, more than max_components (3)");
}

BOOST_AUTO_TEST_CASE(given_a_page_of_180000_components_it_should_refuse_it_by_its_count) {
    const std::string page = summary_with(180'000, 0, 0);
    BOOST_TEST(page.size() < 10u * 1024 * 1024, "under the default max_response_bytes");
    const auto e = refused(page, Limits{.components = 500});
    BOOST_TEST(e.error.describe() == "components: 180000 entries, more than max_components (500)");
}

BOOST_AUTO_TEST_CASE(given_an_invalid_payload_it_should_name_no_limit) {
    const auto e = refused(R"({"components":[{"id":"a","name":"A","status":7}]})");
    BOOST_TEST(e.error.describe() == "components[0].status: expected a string, got a number");
    BOOST_TEST(e.limit.empty());
    BOOST_TEST(refused("not json").limit.empty());
}

BOOST_AUTO_TEST_CASE(given_no_limits_it_should_read_every_entry) {
    // As a history file of incidents is read.
    const auto doc = parse_document(summary_with(600, 300, 300));
    BOOST_REQUIRE(doc.has_value());
    BOOST_TEST(doc->components->size() == 600u);
    BOOST_TEST(doc->incidents->size() == 300u);
    BOOST_TEST(doc->scheduled_maintenances->size() == 300u);
}

BOOST_AUTO_TEST_SUITE_END()
