#include "core/weather/decision.h"

#include <boost/test/unit_test.hpp>

using namespace fairweather;

namespace {

Conditions report_of(Weather w) {
    Observation s;
    s.name = "github";
    s.weather = w;
    s.reasons = {"github: evidence for " + std::string(to_string(w))};
    if (w == Weather::fair) {
        s.reasons = {"github: all operational"};
    }
    return combine({s}, TimePoint{});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(decisions)

BOOST_AUTO_TEST_CASE(default_policy_table_matches_the_documented_defaults) {
    const GatePolicy policy;
    struct Row {
        ReleaseKind kind;
        Weather weather;
        Decision expected;
    };
    const Row rows[] = {
        {ReleaseKind::regular, Weather::fair, Decision::proceed},
        {ReleaseKind::regular, Weather::degraded, Decision::defer},
        {ReleaseKind::regular, Weather::outage, Decision::defer},
        {ReleaseKind::regular, Weather::unknown, Decision::defer},
        {ReleaseKind::patch, Weather::fair, Decision::proceed},
        {ReleaseKind::patch, Weather::degraded, Decision::defer},
        {ReleaseKind::patch, Weather::outage, Decision::defer},
        {ReleaseKind::patch, Weather::unknown, Decision::defer},
        {ReleaseKind::security, Weather::fair, Decision::proceed},
        {ReleaseKind::security, Weather::degraded, Decision::proceed},
        {ReleaseKind::security, Weather::outage, Decision::defer},
        {ReleaseKind::security, Weather::unknown, Decision::proceed},
    };
    for (const auto& row : rows) {
        const auto v = decide(row.kind, report_of(row.weather), policy);
        BOOST_TEST((v.decision == row.expected), to_string(row.kind)
                                                     << "/" << to_string(row.weather) << " -> "
                                                     << to_string(v.decision));
        BOOST_TEST((v.weather == row.weather));
    }
}

BOOST_AUTO_TEST_CASE(given_unknown_weather_a_security_release_proceeds_with_a_warning) {
    const auto v = decide(ReleaseKind::security, report_of(Weather::unknown), GatePolicy{});
    BOOST_TEST((v.decision == Decision::proceed));
    BOOST_REQUIRE(v.warnings.size() == 1u);
    BOOST_TEST(v.warnings[0].find("could not be read") != std::string::npos);
    BOOST_TEST(v.warnings[0].find("[gate.security] unknown = \"proceed\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_fair_weather_there_is_no_warning) {
    BOOST_TEST(
        decide(ReleaseKind::regular, report_of(Weather::fair), GatePolicy{}).warnings.empty());
}

BOOST_AUTO_TEST_CASE(the_reasons_start_with_the_rule_then_give_the_evidence) {
    const auto v = decide(ReleaseKind::regular, report_of(Weather::outage), GatePolicy{});
    BOOST_REQUIRE(v.reasons.size() == 2u);
    BOOST_TEST(v.reasons[0] ==
               "CI weather is outage: defer the regular release and try again later "
               "([gate.regular] outage = \"defer\")");
    BOOST_TEST(v.reasons[1] == "github: evidence for outage");
}

BOOST_AUTO_TEST_CASE(given_a_hard_stop_policy_it_should_block) {
    GatePolicy policy;
    policy.regular.outage = Decision::block;
    const auto v = decide(ReleaseKind::regular, report_of(Weather::outage), policy);
    BOOST_TEST((v.decision == Decision::block));
    BOOST_TEST(v.reasons[0].find("is blocked") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(combining_sources_takes_the_worst_and_none_is_unknown) {
    Observation a;
    a.weather = Weather::degraded;
    Observation b;
    b.weather = Weather::unknown;
    Observation c;
    c.weather = Weather::outage;
    BOOST_TEST((combine({a}, {}).weather == Weather::degraded));
    BOOST_TEST((combine({a, b}, {}).weather == Weather::unknown));
    BOOST_TEST((combine({a, b, c}, {}).weather == Weather::outage));
    BOOST_TEST((combine({}, {}).weather == Weather::unknown));
}

BOOST_AUTO_TEST_CASE(words_round_trip) {
    for (const auto k : {ReleaseKind::regular, ReleaseKind::patch, ReleaseKind::security}) {
        BOOST_TEST((*parse_release_kind(to_string(k)) == k));
    }
    for (const auto d : {Decision::proceed, Decision::defer, Decision::block}) {
        BOOST_TEST((*parse_decision(to_string(d)) == d));
    }
    for (const auto w : {Weather::fair, Weather::degraded, Weather::outage, Weather::unknown}) {
        BOOST_TEST((*parse_weather(to_string(w)) == w));
    }
    BOOST_TEST(!parse_release_kind("hotfix").has_value());
}

BOOST_AUTO_TEST_CASE(given_another_rule_overrules_the_weather_no_line_says_may_proceed) {
    GateDecision d = decide(ReleaseKind::regular, report_of(Weather::fair), GatePolicy{});
    BOOST_REQUIRE(d.decision == Decision::proceed);
    BOOST_REQUIRE(d.reasons.front().find("may proceed") != std::string::npos);
    overrule(d, Decision::block);
    BOOST_TEST(d.decision == Decision::block);
    BOOST_TEST(d.reasons.front() == "CI weather is fair ([gate.regular] fair = \"proceed\")");
    for (const auto& reason : d.reasons) {
        BOOST_TEST(reason.find("may proceed") == std::string::npos, reason);
    }
    // The evidence stays.
    BOOST_TEST(d.reasons.back() == "github: all operational");
}

BOOST_AUTO_TEST_SUITE_END()
