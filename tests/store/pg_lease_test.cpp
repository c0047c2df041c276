// The leader lease and the fenced queue writes it guards, against the
// binary's private PostgreSQL server (tests/support/pg_server.h), a fresh
// database per case. Nothing here waits for time to pass: a lease is made
// to expire by moving its expiry into the database's past.
#include "core/store/pg_lease.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/store/pg_store.h"
#include "tests/support/pg_server.h"
#include "tests/support/store_checks.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;

namespace {

namespace utf = boost::unit_test;

constexpr Duration k_length = 30s;

TimePoint at(std::int64_t ms) {
    return TimePoint{Duration{ms}};
}

std::unique_ptr<LeaderLease> open_lease(const std::string& database) {
    auto& server = PgServer::get();
    auto lease = LeaderLease::open(server.url(database), server.password());
    BOOST_REQUIRE_MESSAGE(lease.has_value(), (lease ? "" : lease.error().message));
    return std::move(*lease);
}

// The lease runs out now, by the database's clock, with nobody taking it.
void expire(const std::string& database) {
    PgServer::get().sql(database,
                        "UPDATE leader_lease SET expires_at = now() - interval '1 second'");
}

QueueItem item(const std::string& id, const std::string& version) {
    QueueItem i;
    i.id = id;
    i.repo = "o/r";
    i.version = version;
    i.workflow = "release.yml";
    i.inputs = {{"version", version}};
    i.enqueued_at = at(10);
    i.deadline = at(1000);
    return i;
}

QueueEvent moved(QueueState from, QueueState to, std::int64_t ms) {
    return QueueEvent{at(ms), from, to, "moved"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_lease, *utf::precondition(postgres_present))

BOOST_AUTO_TEST_CASE(
    given_a_free_lease_the_first_takes_it_others_see_it_held_and_renewal_keeps_it) {
    const std::string db = PgServer::get().fresh_database();
    auto a = open_lease(db);  // opening migrates a fresh database
    auto b = open_lease(db);

    const LeaseView first = ok(a->acquire_or_renew("a", k_length));
    BOOST_TEST(first.ours);
    BOOST_TEST(first.holder == "a");
    BOOST_TEST(first.epoch == 1);
    BOOST_TEST((first.remaining > 25s && first.remaining <= k_length));

    const LeaseView other = ok(b->acquire_or_renew("b", k_length));
    BOOST_TEST(!other.ours);
    BOOST_TEST(other.holder == "a");
    BOOST_TEST(other.epoch == 1);
    BOOST_TEST((other.remaining > 0s));

    // Nearly run out; renewing extends it, at the same epoch.
    PgServer::get().sql(db, "UPDATE leader_lease SET expires_at = now() + interval '1 second'");
    const LeaseView renewed = ok(a->acquire_or_renew("a", k_length));
    BOOST_TEST(renewed.ours);
    BOOST_TEST(renewed.epoch == 1);
    BOOST_TEST((renewed.remaining > 25s));

    // Nonsense is refused, changing nothing.
    BOOST_TEST(!a->acquire_or_renew("", k_length).has_value());
    BOOST_TEST(!b->acquire_or_renew("b", 0s).has_value());
    BOOST_TEST(ok(b->acquire_or_renew("b", k_length)).holder == "a");
}

BOOST_AUTO_TEST_CASE(given_an_expired_lease_whoever_takes_it_gets_a_new_epoch) {
    const std::string db = PgServer::get().fresh_database();
    auto a = open_lease(db);
    auto b = open_lease(db);
    BOOST_TEST(ok(a->acquire_or_renew("a", k_length)).epoch == 1);

    // Expired and not yet taken: the old holder may take it back, but at a
    // new epoch, so what it wrote under epoch 1 stays fenced off.
    expire(db);
    const LeaseView back = ok(a->acquire_or_renew("a", k_length));
    BOOST_TEST(back.ours);
    BOOST_TEST(back.epoch == 2);

    // Expired again, and another replica takes it first.
    expire(db);
    const LeaseView taken = ok(b->acquire_or_renew("b", k_length));
    BOOST_TEST(taken.ours);
    BOOST_TEST(taken.holder == "b");
    BOOST_TEST(taken.epoch == 3);

    // The old holder, back from a pause, learns it has lost.
    const LeaseView lost = ok(a->acquire_or_renew("a", k_length));
    BOOST_TEST(!lost.ours);
    BOOST_TEST(lost.holder == "b");
    BOOST_TEST(lost.epoch == 3);
    BOOST_TEST((lost.remaining > 0s));
    BOOST_TEST(PgServer::get().sql(db, "SELECT holder || ' ' || epoch FROM leader_lease") == "b 3");
}

BOOST_AUTO_TEST_CASE(given_a_released_lease_another_takes_it_at_once) {
    const std::string db = PgServer::get().fresh_database();
    auto a = open_lease(db);
    auto b = open_lease(db);
    const LeaseView held = ok(a->acquire_or_renew("a", k_length));

    // A release by someone else, or under another epoch, changes nothing.
    ok(b->release("b", held.epoch));
    ok(a->release("a", held.epoch + 1));
    BOOST_TEST(!ok(b->acquire_or_renew("b", k_length)).ours);

    ok(a->release("a", held.epoch));
    const LeaseView taken = ok(b->acquire_or_renew("b", k_length));
    BOOST_TEST(taken.ours);
    BOOST_TEST(taken.holder == "b");
    BOOST_TEST(taken.epoch == 2);
    const LeaseView after = ok(a->acquire_or_renew("a", k_length));
    BOOST_TEST(!after.ours);
    BOOST_TEST(after.epoch == 2);
}

BOOST_AUTO_TEST_CASE(given_replicas_racing_for_a_free_lease_exactly_one_leads) {
    const std::string db = PgServer::get().fresh_database();
    constexpr int k_replicas = 8;
    std::vector<std::unique_ptr<LeaderLease>> leases;
    for (int n = 0; n < k_replicas; ++n) {
        leases.push_back(open_lease(db));
    }
    // Twice: for a lease nobody ever took (the insert races), then for one
    // that expired (the update races).
    for (const std::int64_t epoch : {1, 2}) {
        std::atomic<int> ready{0};
        std::vector<StoreResult<LeaseView>> views(k_replicas, LeaseView{});
        std::vector<std::thread> threads;
        for (int n = 0; n < k_replicas; ++n) {
            threads.emplace_back([&, n] {
                ++ready;
                while (ready.load() < k_replicas) {
                }
                const auto u = static_cast<std::size_t>(n);
                views[u] = leases[u]->acquire_or_renew("r" + std::to_string(n), k_length);
            });
        }
        for (auto& t : threads) {
            t.join();
        }
        int leaders = 0;
        std::string leader;
        for (int n = 0; n < k_replicas; ++n) {
            const LeaseView v = ok(views[static_cast<std::size_t>(n)]);
            BOOST_TEST(v.epoch == epoch);
            if (v.ours) {
                ++leaders;
                leader = v.holder;
            }
        }
        BOOST_TEST(leaders == 1);
        for (const auto& v : views) {
            BOOST_TEST(v->holder == leader, "every replica sees the one leader");
        }
        expire(db);
    }
}

BOOST_AUTO_TEST_CASE(given_a_deposed_leader_its_fenced_queue_write_changes_nothing) {
    std::string db;
    auto store = fresh_postgres_store(&db);
    auto a = open_lease(db);
    auto b = open_lease(db);
    QueueItem i = item("sr-1", "1.0.1");
    ok(store->enqueue(i, QueueEvent{at(10), QueueState::queued, QueueState::queued, "queued"}));

    // Before anyone has taken the lease, no fence holds.
    QueueItem early = i;
    early.state = QueueState::cancelled;
    const auto unled =
        store->save_queue_item(early, QueueState::queued,
                               moved(QueueState::queued, QueueState::cancelled, 15), Fence{"a", 1});
    BOOST_REQUIRE(!unled.has_value());
    BOOST_TEST(unled.error().fenced);
    BOOST_TEST(unled.error().message.find("no replica has taken the lease") != std::string::npos);

    // The leader's write under its current fence is made.
    const Fence a_fence = ok(a->acquire_or_renew("a", k_length)).fence();
    i.state = QueueState::dispatching;
    BOOST_TEST(ok(store->save_queue_item(
        i, QueueState::queued, moved(QueueState::queued, QueueState::dispatching, 20), a_fence)));

    // Paused past its lease, it no longer leads, even before anyone takes
    // over; then b takes the lease.
    expire(db);
    QueueItem stale = i;
    stale.state = QueueState::dispatched;
    stale.run_id = 99;
    const auto expired =
        store->save_queue_item(stale, QueueState::dispatching,
                               moved(QueueState::dispatching, QueueState::dispatched, 30), a_fence);
    BOOST_REQUIRE(!expired.has_value());
    BOOST_TEST(expired.error().fenced);
    const Fence b_fence = ok(b->acquire_or_renew("b", k_length)).fence();
    BOOST_TEST(b_fence.epoch == 2);

    const auto refused =
        store->save_queue_item(stale, QueueState::dispatching,
                               moved(QueueState::dispatching, QueueState::dispatched, 30), a_fence);
    BOOST_REQUIRE(!refused.has_value());
    const StoreError& error = refused.error();
    BOOST_TEST_MESSAGE(error.message);
    BOOST_TEST(error.fenced);
    BOOST_TEST(error.message.find("no longer leads") != std::string::npos);
    BOOST_TEST(error.message.find("epoch 1") != std::string::npos);
    BOOST_TEST(error.message.find("\"b\" at epoch 2") != std::string::npos);
    BOOST_TEST(error.message.find(db) != std::string::npos);
    BOOST_TEST(error.message.find(PgServer::get().password().reveal()) == std::string::npos);

    // Nothing changed: not the state, not the history.
    const auto kept = ok(store->queue_item("sr-1"));
    BOOST_REQUIRE(kept.has_value());
    BOOST_TEST((kept->state == QueueState::dispatching));
    BOOST_TEST(kept->run_id == 0);
    BOOST_TEST(kept->history.size() == 2u);

    // The new leader's fenced write is made; an unfenced one too, as before;
    // other errors are not fencing.
    BOOST_TEST(ok(store->save_queue_item(stale, QueueState::dispatching,
                                         moved(QueueState::dispatching, QueueState::dispatched, 40),
                                         b_fence)));
    QueueItem shipped = stale;
    shipped.state = QueueState::shipped;
    BOOST_TEST(ok(store->save_queue_item(shipped, QueueState::dispatched,
                                         moved(QueueState::dispatched, QueueState::shipped, 50),
                                         std::nullopt)));
    BOOST_TEST(ok(store->queue_item("sr-1"))->history.size() == 4u);
    const auto missing =
        store->save_queue_item(item("sr-none", "9.9.9"), QueueState::queued, std::nullopt, b_fence);
    BOOST_REQUIRE(!missing.has_value());
    BOOST_TEST(!missing.error().fenced);
}

BOOST_AUTO_TEST_SUITE_END()
