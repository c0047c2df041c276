// The verdict's hysteresis on a manual timeline.
#include "core/weather/verdict.h"

#include <boost/test/unit_test.hpp>

using namespace fairweather;
using namespace std::chrono_literals;

namespace {
const TimePoint t0 = *parse_timestamp("2026-11-21T10:00:00Z");
}

BOOST_AUTO_TEST_SUITE(hysteresis)

BOOST_AUTO_TEST_CASE(the_first_observation_is_taken_as_it_is) {
    Hysteresis h(10min, std::nullopt);
    BOOST_TEST(!h.initialised());
    BOOST_TEST((h.state().weather == Weather::unknown));
    const auto t = h.update(Weather::fair, "all operational", t0);
    BOOST_REQUIRE(t.has_value());
    BOOST_TEST((t->from == Weather::unknown));
    BOOST_TEST((t->to == Weather::fair));
    BOOST_TEST(t->cause == "first observation: all operational");
    BOOST_TEST((h.state().since == t0));
}

BOOST_AUTO_TEST_CASE(an_outage_is_believed_at_once) {
    Hysteresis h(10min, std::nullopt);
    h.update(Weather::fair, "ok", t0);
    const auto t = h.update(Weather::outage, "github: Actions is major_outage", t0 + 30s);
    BOOST_REQUIRE(t.has_value());
    BOOST_TEST((t->to == Weather::outage));
    BOOST_TEST((h.state().weather == Weather::outage));
    BOOST_TEST(!h.recovering_until().has_value());
}

BOOST_AUTO_TEST_CASE(recovery_waits_for_the_whole_window) {
    Hysteresis h(10min, std::nullopt);
    h.update(Weather::fair, "ok", t0);
    h.update(Weather::outage, "down", t0 + 1min);
    BOOST_TEST(!h.update(Weather::fair, "ok", t0 + 2min).has_value());
    BOOST_TEST((h.state().weather == Weather::outage));
    BOOST_TEST((*h.recovering_until() == t0 + 12min));
    BOOST_TEST(!h.update(Weather::fair, "ok", t0 + 11min + 59s).has_value());
    const auto t = h.update(Weather::fair, "ok", t0 + 12min);
    BOOST_REQUIRE(t.has_value());
    BOOST_TEST((t->from == Weather::outage));
    BOOST_TEST((t->to == Weather::fair));
    BOOST_TEST(t->cause == "every source fair for 10m (recovery window 10m): ok");
    BOOST_TEST(!h.recovering_until().has_value());
}

BOOST_AUTO_TEST_CASE(a_flap_during_recovery_restarts_the_window) {
    Hysteresis h(10min, std::nullopt);
    h.update(Weather::fair, "ok", t0);
    h.update(Weather::outage, "down", t0 + 1min);
    h.update(Weather::fair, "ok", t0 + 2min);
    h.update(Weather::degraded, "slow", t0 + 8min);  // worse than fair: believed at once
    BOOST_TEST((h.state().weather == Weather::degraded));
    h.update(Weather::fair, "ok", t0 + 9min);
    BOOST_TEST(!h.update(Weather::fair, "ok", t0 + 18min).has_value());
    BOOST_TEST((*h.recovering_until() == t0 + 19min));
    BOOST_TEST(h.update(Weather::fair, "ok", t0 + 19min).has_value());
}

BOOST_AUTO_TEST_CASE(leaving_unknown_for_fair_also_needs_the_window) {
    Hysteresis h(10min, std::nullopt);
    h.update(Weather::fair, "ok", t0);
    h.update(Weather::unknown, "github: timeout", t0 + 1min);
    BOOST_TEST(!h.update(Weather::fair, "ok", t0 + 2min).has_value());
    BOOST_TEST((h.state().weather == Weather::unknown));
    BOOST_TEST(h.update(Weather::fair, "ok", t0 + 12min).has_value());
}

BOOST_AUTO_TEST_CASE(changes_between_bad_states_are_immediate) {
    Hysteresis h(10min, std::nullopt);
    h.update(Weather::outage, "down", t0);
    const auto t = h.update(Weather::degraded, "slow", t0 + 30s);
    BOOST_REQUIRE(t.has_value());
    BOOST_TEST((t->from == Weather::outage));
    BOOST_TEST((t->to == Weather::degraded));
    BOOST_TEST(!h.update(Weather::degraded, "slow", t0 + 60s).has_value());
}

BOOST_AUTO_TEST_CASE(a_resumed_state_keeps_its_recovery_clock) {
    VerdictState saved;
    saved.weather = Weather::outage;
    saved.since = t0;
    saved.cause = "down";
    saved.fair_since = t0 + 5min;
    Hysteresis h(10min, saved);
    BOOST_TEST(h.initialised());
    BOOST_TEST((*h.recovering_until() == t0 + 15min));
    BOOST_TEST(!h.update(Weather::fair, "ok", t0 + 14min).has_value());
    BOOST_TEST(h.update(Weather::fair, "ok", t0 + 15min).has_value());
}

BOOST_AUTO_TEST_CASE(a_zero_window_recovers_at_once) {
    Hysteresis h(0min, std::nullopt);
    h.update(Weather::outage, "down", t0);
    BOOST_TEST(h.update(Weather::fair, "ok", t0 + 1s).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
