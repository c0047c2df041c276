// A poll round in the SQLite store: one transaction, so a write that fails
// halfway leaves nothing of the round behind, and the store goes on taking
// the next one.
#include <string>

#include <boost/test/unit_test.hpp>

#include "core/store/state_store.h"
#include "tests/support/sqlite_shell.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using fairweather::testing::sqlite3_run;
using fairweather::testing::sqlite3_shell_present;
using fairweather::testing::TempDir;
namespace utf = boost::unit_test;

namespace {

TimePoint at(std::int64_t ms) {
    return TimePoint{Duration{ms}};
}

// Observations of two sources, a response, an incident and a release.
PollRound round_at(std::int64_t ms, const CachedResponse& response) {
    PollRound round;
    round.observations = {{"github", at(ms), Weather::fair, "ok", 200, "\"s\""},
                          {"o/r releases", at(ms), Weather::fair, "ok", 200, "\"r\""}};
    round.responses = {&response};
    IncidentRecord incident;
    incident.source = "github";
    incident.id = "inc1";
    incident.first_seen = incident.last_seen = at(ms);
    round.incidents = {{"github", {incident}, at(ms)}};
    ReleaseRecord release;
    release.repo = "o/r";
    release.id = 7;
    release.tag = "v7";
    release.first_seen = at(ms);
    round.releases = {release};
    return round;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(store_rounds)

BOOST_AUTO_TEST_CASE(a_round_whose_last_write_fails_leaves_nothing_of_it,
                     *utf::precondition(sqlite3_shell_present)) {
    const TempDir dir;
    const auto file = dir / "state.db";
    open_sqlite_store(file).value().reset();
    // The releases come last in a round; refuse them, as a full disk would.
    sqlite3_run(file,
                "CREATE TRIGGER refuse BEFORE INSERT ON releases "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    auto opened = open_sqlite_store(file);
    BOOST_REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error().message));
    StateStore& store = **opened;
    const CachedResponse response{"https://x/summary", "\"s\"", "body", at(10)};

    const auto failed = store.record_round(round_at(10, response));
    BOOST_REQUIRE(!failed.has_value());
    BOOST_TEST(failed.error().message.find("save releases") != std::string::npos,
               failed.error().message);
    BOOST_TEST(store.observations("github", at(0)).value().empty());
    BOOST_TEST(!store.load_response("https://x/summary").value().has_value());
    BOOST_TEST(store.incidents("github").value().empty());

    // The next round without the refused write is taken whole.
    PollRound next = round_at(20, response);
    next.releases.clear();
    BOOST_REQUIRE(store.record_round(next).has_value());
    BOOST_TEST(store.observations("github", at(0)).value().size() == 1u);
    BOOST_TEST(store.load_response("https://x/summary").value().has_value());
    BOOST_TEST(store.incidents("github").value().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
