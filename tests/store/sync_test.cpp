// What the SQLite store asks of the disk: a poll round's rows (observations,
// cached responses, incidents, releases) reach the write-ahead log and are
// synced at the next checkpoint, so a round costs at most one sync however
// many sources it polls; the verdict and every queue transition are synced
// before the call returns (they survive a power cut).
#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

#include "core/store/state_store.h"
#include "tests/support/sqlite_sync_counter.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using fairweather::testing::SqliteSyncCounter;
using fairweather::testing::TempDir;

namespace {

TimePoint at(std::int64_t ms) {
    return TimePoint{Duration{ms}};
}

std::unique_ptr<StateStore> open_store(const TempDir& dir) {
    auto store = open_sqlite_store(dir.path() / "state.db");
    BOOST_REQUIRE_MESSAGE(store.has_value(), (store ? "" : store.error().message));
    return std::move(*store);
}

void ok(const StoreResult<void>& r) {
    BOOST_REQUIRE_MESSAGE(r.has_value(), (r ? "" : r.error().message));
}

QueueItem item(const std::string& id) {
    QueueItem i;
    i.id = id;
    i.repo = "o/r";
    i.version = "1.0.1";
    i.workflow = "release.yml";
    i.enqueued_at = at(1000);
    i.deadline = at(1000 + 86'400'000);
    return i;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(store_syncs)

// A checkpoint (every 1,000 pages of log, about 4 MB) syncs the log and the
// database: the rounds that trigger one pay its two or three syncs, the others
// none. 10 rounds of 100 sources each writing a new reading and a 2 KB body
// (churn an idle repository never makes: its polls answer 304) measured 12
// syncs; with a sync per commit it was over 2,000.
BOOST_AUTO_TEST_CASE(given_poll_rounds_of_100_sources_it_should_sync_at_most_once_a_round) {
    const TempDir dir;
    SqliteSyncCounter counter;
    {
        auto store = open_store(dir);
        counter.reset();
        int quiet_rounds = 0;
        for (int round = 0; round < 10; ++round) {
            const int before = counter.syncs();
            for (int i = 0; i < 100; ++i) {
                const std::string source = "actions:o/repo-" + std::to_string(i);
                const TimePoint now = at(1'000'000 * (round + 1) + i);
                const std::string etag = "\"e" + std::to_string(round) + "\"";
                ok(store->record_observation(
                    {source, now, Weather::fair, "round " + std::to_string(round), 200, etag}));
                ok(store->save_response(
                    {"https://api.github.com/repos/o/repo-" + std::to_string(i) + "/actions/runs",
                     etag, std::string(2000, 'x'), now}));
            }
            quiet_rounds += counter.syncs() == before ? 1 : 0;
        }
        BOOST_TEST(counter.syncs() <= 15, counter.syncs() << " syncs for 2,000 writes");
        BOOST_TEST(quiet_rounds >= 5, "rounds without a sync: " << quiet_rounds);
    }
}

BOOST_AUTO_TEST_CASE(given_the_verdict_and_queue_transitions_it_should_sync_each_before_returning) {
    const TempDir dir;
    SqliteSyncCounter counter;
    {
        auto store = open_store(dir);
        counter.reset();
        ok(store->save_verdict(VerdictState{Weather::outage, at(10), "down", std::nullopt},
                               Transition{at(10), Weather::fair, Weather::outage, "down"}));
        BOOST_TEST(counter.syncs() >= 1, "the verdict");

        counter.reset();
        QueueItem queued = item("q1");
        BOOST_REQUIRE(store->enqueue(
            queued, QueueEvent{at(1000), QueueState::queued, QueueState::queued, "queued"}));
        BOOST_TEST(counter.syncs() >= 1, "enqueue");

        counter.reset();
        queued.state = QueueState::dispatching;
        const auto saved = store->save_queue_item(
            queued, QueueState::queued,
            QueueEvent{at(2000), QueueState::queued, QueueState::dispatching, "CI is fair"},
            std::nullopt);
        BOOST_REQUIRE(saved.has_value());
        BOOST_TEST(*saved);
        BOOST_TEST(counter.syncs() >= 1, "a queue transition");

        // And the connection is back to batching afterwards.
        counter.reset();
        for (int i = 0; i < 20; ++i) {
            ok(store->record_observation(
                {"github", at(3000 + i), Weather::fair, "r" + std::to_string(i), 200, ""}));
        }
        BOOST_TEST(counter.syncs() <= 1);
    }
}

BOOST_AUTO_TEST_SUITE_END()
