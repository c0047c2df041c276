// How a decision is shown: text, JSON, GitHub outputs, step summary, annotations.
#include "gate/render.h"

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

using namespace fairweather;
using namespace fairweather::gate;

namespace {

CheckResult outage_result() {
    Observation s;
    s.name = "github";
    s.kind = "statuspage";
    s.url = "https://www.githubstatus.com/api/v2/summary.json";
    s.weather = Weather::outage;
    s.http_status = 200;
    s.reasons = {"github: Actions is major_outage"};
    s.components = {{"br0l2tvcx85d", "Actions", "major_outage", Weather::outage, true, false},
                    {"4230lsnqdsld", "Webhooks", "", Weather::unknown, false, false},
                    {"x", "Pipes | and bars", "operational", Weather::fair, true, false}};
    IncidentObservation i;
    i.id = "80d0cs6kpsps";
    i.name = "Incident on 2020-04-02 20:20 UTC";
    i.impact = "major";
    i.status = "investigating";
    i.url = "http://stspg.io/n0wskg2n6bvy";
    i.started_at = parse_timestamp("2020-04-02T20:20:54.005Z");
    i.watched_components = {"Actions"};
    i.weather = Weather::outage;
    i.latest_update = "We are investigating reports of service unavailability.";
    s.incidents = {i};
    CheckResult result;
    result.conditions = combine({s}, *parse_timestamp("2020-04-02T20:40:00Z"));
    result.decision = decide(ReleaseKind::security, result.conditions, GatePolicy{});
    result.polls = 1;
    return result;
}

CheckRequest security_request() {
    CheckRequest r;
    r.kind = ReleaseKind::security;
    r.release = "39.0.1";
    r.repo = "bytecodealliance/wasmtime";
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gate_render)

BOOST_AUTO_TEST_CASE(exit_codes_follow_sysexits) {
    BOOST_TEST(exit_code(Decision::proceed) == 0);
    BOOST_TEST(exit_code(Decision::block) == 1);
    BOOST_TEST(exit_code(Decision::defer) == 75);
}

BOOST_AUTO_TEST_CASE(text_names_the_decision_components_and_incidents) {
    const std::string text = render_text(security_request(), outage_result());
    BOOST_TEST(text.starts_with(
        "fairweather-gate: DEFER security release 39.0.1 of bytecodealliance/wasmtime (exit 75)\n"
        "weather: outage (checked 2020-04-02T20:40:00Z)\n"));
    BOOST_TEST(text.find("  - github: Actions is major_outage\n") != std::string::npos, text);
    BOOST_TEST(
        text.find("  component Webhooks: missing from page -> unknown\n") != std::string::npos,
        text);
    BOOST_TEST(
        text.find("  incident 80d0cs6kpsps \"Incident on 2020-04-02 20:20 UTC\": major impact, "
                  "investigating, affects Actions <http://stspg.io/n0wskg2n6bvy>\n") !=
            std::string::npos,
        text);
}

BOOST_AUTO_TEST_CASE(json_has_the_documented_fields) {
    const std::string json = render_json(security_request(), outage_result());
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE(parser.parse(json).get(doc) == simdjson::SUCCESS);
    std::string_view s;
    BOOST_TEST((doc["decision"].get_string().get(s) == simdjson::SUCCESS && s == "defer"));
    BOOST_TEST((doc["kind"].get_string().get(s) == simdjson::SUCCESS && s == "security"));
    BOOST_TEST((doc["weather"].get_string().get(s) == simdjson::SUCCESS && s == "outage"));
    BOOST_TEST((doc["release"].get_string().get(s) == simdjson::SUCCESS && s == "39.0.1"));
    int64_t code = 0;
    BOOST_TEST((doc["exit_code"].get_int64().get(code) == simdjson::SUCCESS && code == 75));
    simdjson::dom::array reasons;
    BOOST_REQUIRE(doc["reasons"].get_array().get(reasons) == simdjson::SUCCESS);
    BOOST_TEST(reasons.size() == 2u);
    simdjson::dom::array incidents;
    BOOST_REQUIRE(doc["incidents"].get_array().get(incidents) == simdjson::SUCCESS);
    BOOST_REQUIRE(incidents.size() == 1u);
    BOOST_TEST((incidents.at(0).get_string().get(s) == simdjson::SUCCESS && s == "80d0cs6kpsps"));
    BOOST_TEST((doc["sources"].at(0)["components"].at(1)["status"].is_null()));
    BOOST_TEST((doc["sources"].at(0)["incidents"].at(0)["started_at"].get_string().get(s) ==
                    simdjson::SUCCESS &&
                s == "2020-04-02T20:20:54.005Z"));
}

BOOST_AUTO_TEST_CASE(github_output_has_decision_weather_reason_and_incidents) {
    const std::string out = render_github_output(outage_result());
    BOOST_TEST(out ==
               "decision=defer\n"
               "weather=outage\n"
               "reason=CI weather is outage: defer the security release and try again later "
               "([gate.security] outage = \"defer\"); github: Actions is major_outage\n"
               "incidents=80d0cs6kpsps\n");
}

BOOST_AUTO_TEST_CASE(github_output_uses_a_delimiter_for_multiline_values) {
    auto result = outage_result();
    result.decision.reasons = {"line one\nline two FAIRWEATHER_EOF"};
    const std::string out = render_github_output(result);
    BOOST_TEST(
        out.find(
            "reason<<FAIRWEATHER_EOF_\nline one\nline two FAIRWEATHER_EOF\nFAIRWEATHER_EOF_\n") !=
            std::string::npos,
        out);
}

BOOST_AUTO_TEST_CASE(step_summary_has_a_table_and_incident_links) {
    const std::string md = render_step_summary(security_request(), outage_result());
    BOOST_TEST(md.starts_with("### ⏸️ fairweather: defer the security release 39.0.1 of "
                              "bytecodealliance/wasmtime\n"),
               md);
    BOOST_TEST(md.find("| Source | Component | Status | Weather |\n|---|---|---|---|\n") !=
               std::string::npos);
    BOOST_TEST(md.find("| github | Actions | major_outage | outage |\n") != std::string::npos);
    BOOST_TEST(md.find("| github | Webhooks | missing from page | unknown |\n") !=
               std::string::npos);
    BOOST_TEST(
        md.find("| github | Pipes \\| and bars | operational | fair |\n") != std::string::npos, md);
    BOOST_TEST(
        md.find(
            "- [Incident on 2020-04-02 20:20 UTC](http://stspg.io/n0wskg2n6bvy) (`80d0cs6kpsps`, "
            "major impact, investigating, since 2020-04-02T20:20:54.005Z): affects Actions") !=
            std::string::npos,
        md);
    BOOST_TEST(md.find("_We are investigating reports of service unavailability._") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(annotations_warn_on_defer_and_escape_their_data) {
    const std::string a = render_annotations(security_request(), outage_result());
    BOOST_TEST(
        a ==
        "::warning title=fairweather%3A defer security release 39.0.1 of "
        "bytecodealliance/wasmtime::"
        "CI weather is outage: defer the security release and try again later ([gate.security] "
        "outage = \"defer\")%0Agithub: Actions is major_outage\n");
}

BOOST_AUTO_TEST_CASE(annotations_are_errors_on_block_and_warnings_on_a_risky_proceed) {
    auto result = outage_result();
    result.decision.decision = Decision::block;
    BOOST_TEST(render_annotations(security_request(), result).starts_with("::error title="));
    result.decision.decision = Decision::proceed;
    result.decision.reasons = {"ok"};
    result.decision.warnings = {"100% sure? no"};
    BOOST_TEST(render_annotations(security_request(), result) ==
               "::warning title=fairweather%3A proceed security release 39.0.1 of "
               "bytecodealliance/wasmtime::100%25 sure? no\n");
    result.decision.warnings.clear();
    BOOST_TEST(render_annotations(security_request(), result).empty());
}

BOOST_AUTO_TEST_SUITE_END()
