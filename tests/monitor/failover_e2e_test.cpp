// Several real fairweather-monitor processes sharing one PostgreSQL database
// (issue 14). They elect a leader with the lease row; only the leader polls
// and dispatches, the others serve the API from the shared state and take
// queue requests. Whatever happens to the leader (SIGKILL at random points of
// the dispatch cycle, a pause past its lease, its database connections cut,
// the database restarting under it), every queued release ships, and GitHub
// sees exactly one dispatch of it.
//
// These are real processes on real time, so the cases wait: each wait polls
// what the processes show (their /metrics, the queue through their API, their
// log, FakeGitHub's requests) until it holds or a bound passes. Nothing is
// asserted after a bare sleep.
#include <csignal>
#include <random>

#include <boost/test/unit_test.hpp>

#include "tests/monitor/failover_rig.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace fairweather::testing::failover;
namespace utf = boost::unit_test;

BOOST_AUTO_TEST_SUITE(monitor_failover, *utf::precondition(postgres_present))

BOOST_AUTO_TEST_CASE(given_five_replicas_started_at_once_exactly_one_leads_and_keeps_leading) {
    World world;
    Group group(world, 5);
    Replica& leader = group.wait_for_leader();
    const std::string lease = lease_row(world);
    const auto epoch = leader.metric("fairweather_leader_epoch");
    BOOST_REQUIRE(epoch.has_value());
    BOOST_TEST(contains(lease, " at epoch " + std::to_string(static_cast<long long>(*epoch))),
               lease);

    // Over several renewals the same one leads, at the same epoch; every
    // sample asks all five.
    const auto until = Mono::now() + 6 * k_renew;
    int samples = 0;
    while (Mono::now() < until) {
        const auto leading = group.leaders();
        BOOST_REQUIRE_MESSAGE(leading.has_value(), "a replica did not answer:\n" << group.logs());
        BOOST_REQUIRE_MESSAGE(leading->size() == 1u && leading->front() == &leader,
                              leading->size() << " replicas say they lead\n"
                                              << group.logs());
        ++samples;
        std::this_thread::sleep_for(k_poll);
    }
    BOOST_TEST(samples >= 10);
    BOOST_TEST(lease_row(world) == lease);
    const std::string took =
        "now leading (lease epoch " + std::to_string(static_cast<long long>(*epoch)) + ",";
    BOOST_TEST(wait_for_log(group, leader, took, 0), leader.log());
    for (Replica* r : group.all()) {
        const bool leads = r == &leader;
        BOOST_TEST(contains(r->log(), "now leading (lease epoch ") == leads, r->name << r->log());
        BOOST_TEST(!contains(r->log(), "no longer leading"), r->name << r->log());
        // Taking the lease is a change; a follower that never led made none.
        BOOST_TEST(r->metric("fairweather_leader_changes_total").value_or(-1) == (leads ? 1 : 0),
                   r->name);
    }

    // A follower takes the request; the leader ships it, once.
    const std::string id = enqueue(group, group.other_than(leader), "5.0.1");
    wait_all_shipped(group, {id});
    check_dispatched_once(world, {id});
}

BOOST_AUTO_TEST_CASE(
    given_the_leader_killed_at_random_points_of_the_dispatch_cycle_every_item_ships_once) {
    World world;
    // Runs take a few reads to finish, so kills also land while they are followed.
    world.github.set_run_outcome("success", 4);
    Group group(world, 2);
    std::mt19937 rng(20261205);  // fixed: a failure can be replayed
    std::vector<std::string> ids;
    std::vector<long long> takeovers;
    int kills = 0;
    int kills_on_a_request = 0;
    int kills_in_doubt = 0;   // an item left dispatching
    int kills_following = 0;  // an item dispatched or running
    Replica* leader = &group.wait_for_leader();
    for (int round = 0; round < 22; ++round) {
        if (round % 3 == 0) {
            ids.push_back(
                enqueue(group, group.other_than(*leader), "1.0." + std::to_string(ids.size() + 1)));
        }
        // Kill after a random number of the leader's requests to GitHub:
        // before, during or after a dispatch, while a run is looked for or
        // followed. A leader still waiting out a dispatch in doubt only
        // polls, and is killed while it waits.
        if (wait_for_github_requests(world, 1 + rng() % 8)) {
            ++kills_on_a_request;
        }
        const auto killed_at = Mono::now();
        group.kill(*leader);
        ++kills;
        const std::string states = PgServer::get().sql(
            world.database,
            "SELECT coalesce(string_agg(DISTINCT state, ','), '') FROM queue_items");
        kills_in_doubt += contains(states, "dispatching") ? 1 : 0;
        kills_following += contains(states, "dispatched") || contains(states, "running") ? 1 : 0;
        group.start();  // two are always running
        leader = &group.wait_for_leader();
        takeovers.push_back(millis_since(killed_at, Mono::now()));
    }
    wait_all_shipped(group, ids, seconds{90});
    BOOST_TEST(kills >= 20);
    BOOST_TEST_MESSAGE(kills << " kills (" << kills_on_a_request << " right after a request to "
                             << "GitHub, " << kills_in_doubt << " leaving an item dispatching, "
                             << kills_following << " while one was dispatched or running), "
                             << ids.size() << " items, " << world.github.dispatches().size()
                             << " dispatches, " << world.github.server().request_count()
                             << " GitHub requests; a killed leader's successor led after "
                             << median_min_max(takeovers));
    check_dispatched_once(world, ids);
}

BOOST_AUTO_TEST_CASE(given_a_leader_killed_a_follower_dispatches_what_was_queued_meanwhile) {
    // The failover time: from SIGKILL to the first dispatch by the new
    // leader of a release queued at the moment of the kill.
    World world;
    Group group(world, 2);
    Replica* leader = &group.wait_for_leader();
    std::vector<std::string> ids;
    ids.push_back(enqueue(group, group.other_than(*leader), "4.0.0"));
    wait_all_shipped(group, ids);
    std::vector<long long> leads;
    std::vector<long long> dispatches;
    for (int failover = 1; failover <= 3; ++failover) {
        Replica& survivor = group.other_than(*leader);
        const auto killed_at = Mono::now();
        group.kill(*leader);
        const std::string id = enqueue(group, survivor, "4.0." + std::to_string(failover));
        ids.push_back(id);
        const auto give_up = killed_at + seconds{30};
        while (survivor.metric("fairweather_leader").value_or(0) != 1 && Mono::now() < give_up) {
            group.drain();
            std::this_thread::sleep_for(k_poll);
        }
        BOOST_REQUIRE_MESSAGE(survivor.metric("fairweather_leader").value_or(0) == 1, group.logs());
        const auto led_at = Mono::now();
        group.start();
        const auto dispatched_at = wait_for_dispatch_request(group, world, id);
        leads.push_back(millis_since(killed_at, led_at));
        dispatches.push_back(millis_since(killed_at, dispatched_at));
        BOOST_TEST_MESSAGE("failover " << failover << ": leader SIGKILLed; " << survivor.name
                                       << " led after " << leads.back()
                                       << " ms and dispatched the release queued at the kill "
                                       << dispatches.back() << " ms after it");
        // A lease, a renewal, the recovery window, a poll, and a margin for a
        // loaded machine: anything longer waited for nothing.
        BOOST_TEST(dispatches.back() <= 15'000);
        wait_all_shipped(group, ids);
        leader = &survivor;
    }
    BOOST_TEST_MESSAGE("failover time (SIGKILL to the new leader's first dispatch): "
                       << median_min_max(dispatches) << "; to leading: " << median_min_max(leads));
    check_dispatched_once(world, ids);
}

BOOST_AUTO_TEST_CASE(
    given_a_leader_killed_with_a_dispatch_in_doubt_its_successor_looks_before_sending) {
    World world;
    Group group(world, 2);
    Replica* leader = &group.wait_for_leader();
    std::vector<std::string> ids;
    // Queues `version`, lets GitHub meet its dispatch with `fate`, kills the
    // leader as the request leaves, and starts a replacement: the item is in
    // doubt for the successor. Answers when the request left.
    const auto leave_in_doubt = [&](FakeGitHub::DispatchFate fate, const std::string& version) {
        world.github.set_dispatch_fate(fate);
        ids.push_back(enqueue(group, group.other_than(*leader), version));
        const auto left = wait_for_dispatch_request(group, world, ids.back());
        group.kill(*leader);
        world.github.set_dispatch_fate(FakeGitHub::DispatchFate::answered);
        BOOST_TEST(state_of(group, ids.back()) == "dispatching");
        group.start();
        leader = &group.wait_for_leader();
        wait_all_shipped(group, ids);
        check_dispatched_once(world, ids);
        return left;
    };

    // GitHub started the run, but the answer never came back: the successor
    // finds the run and dispatches nothing.
    leave_in_doubt(FakeGitHub::DispatchFate::unanswered, "7.0.1");
    BOOST_TEST(contains(leader->log(), ids.back() + ") dispatching -> running: found its run"),
               leader->log());

    // The request never reached GitHub: no run, so the successor dispatches
    // it again, once, but not before a deposed leader's request could still
    // have arrived (a lease and the HTTP timeouts after the intent).
    const auto lost_at = leave_in_doubt(FakeGitHub::DispatchFate::lost, "7.0.2");
    BOOST_TEST(contains(leader->log(), "so it did not happen; dispatching again"), leader->log());
    const auto arrivals = dispatch_arrivals(world, ids.back());
    const long long waited = millis_since(lost_at, arrivals.back());
    BOOST_TEST_MESSAGE("the lost dispatch was sent again " << waited << " ms after it left");
    // The intent is saved a moment before the request leaves: a little slack.
    BOOST_TEST(waited >= (k_lease + k_connect_timeout + k_http_timeout).count() - 100);
}

BOOST_AUTO_TEST_CASE(given_the_leader_paused_past_its_lease_it_changes_nothing_when_it_wakes) {
    World world;
    // Runs take a while, so the leader is paused while it follows one.
    world.github.set_run_outcome("success", 6);
    Group group(world, 2);
    Replica& old = group.wait_for_leader();
    Replica& follower = group.other_than(old);
    const auto old_epoch = old.metric("fairweather_leader_epoch");
    BOOST_REQUIRE(old_epoch.has_value());
    std::vector<std::string> ids;
    ids.push_back(enqueue(group, follower, "2.0.1"));
    wait_all_shipped(group, ids);
    // Paused while it follows a run: never with a dispatch in flight, which
    // no lease can recall once the request has left (GitHub takes no fence).
    ids.push_back(enqueue(group, follower, "2.0.2"));
    wait_for_state(group, ids.back(), QueueState::running);
    old.process.signal(SIGSTOP);
    old.paused = true;
    const auto paused_at = Mono::now();

    // The follower takes over once the lease runs out, dispatches what is
    // queued meanwhile and ships everything.
    ids.push_back(enqueue(group, follower, "2.0.3"));
    BOOST_TEST(&group.wait_for_leader() == &follower);
    BOOST_TEST_MESSAGE("the follower led " << millis_since(paused_at, Mono::now())
                                           << " ms after the leader was paused");
    BOOST_TEST(follower.metric("fairweather_leader_epoch").value_or(0) > *old_epoch);
    wait_all_shipped(group, ids);
    check_dispatched_once(world, ids);
    const std::string queue = queue_snapshot(world);
    const std::string lease = lease_row(world);
    const std::size_t requests = world.github.dispatches().size();

    // Woken, the old leader learns it lost and changes nothing.
    const std::size_t before = old.log().size();
    old.process.signal(SIGCONT);
    old.paused = false;
    BOOST_REQUIRE_MESSAGE(wait_for_log(group, old, "no longer leading", before),
                          "the woken leader did not say it lost the lease\n"
                              << group.logs());
    // For several renewals: the follower leads, the old leader does not.
    const auto until = Mono::now() + 6 * k_renew;
    while (Mono::now() < until) {
        const auto leading = group.leaders();
        BOOST_REQUIRE_MESSAGE(leading && leading->size() == 1u && leading->front() == &follower,
                              "after the old leader woke, the follower should lead alone\n"
                                  << group.logs());
        std::this_thread::sleep_for(k_poll);
    }
    BOOST_TEST(queue_snapshot(world) == queue);
    BOOST_TEST(lease_row(world) == lease);
    BOOST_TEST(world.github.dispatches().size() == requests);
    check_dispatched_once(world, ids);
    const std::string woken = old.log().substr(before);
    BOOST_TEST(!contains(woken, "release queue: acme/widget"), woken);
    BOOST_TEST(!contains(woken, "now leading"), woken);
    BOOST_TEST(old.metric("fairweather_leader").value_or(-1) == 0);
    // It took the lease and lost it: two changes at least.
    BOOST_TEST(old.metric("fairweather_leader_changes_total").value_or(0) >= 2);
    BOOST_TEST(follower.metric("fairweather_leader_changes_total").value_or(0) >= 1);
}

// A fenced queue write is one transaction of several statements that holds
// the lease row FOR SHARE from its fence check to its commit. A leader paused
// (or cut off) between the two must not keep the others from taking over.
BOOST_AUTO_TEST_CASE(given_the_leader_paused_inside_a_queue_write_a_follower_still_takes_over) {
    World world;
    // Runs take a few reads, so the item is running long enough to hold its row.
    world.github.set_run_outcome("success", 4);
    Group group(world, 2);
    PgServer& server = PgServer::get();
    Replica& old = group.wait_for_leader();
    Replica& follower = group.other_than(old);
    std::vector<std::string> ids;
    ids.push_back(enqueue(group, follower, "9.0.1"));
    wait_for_state(group, ids.back(), QueueState::running);

    // Another session holds the item's row: the leader's next save of it
    // (running -> shipped) checks its fence, taking the lease row FOR SHARE,
    // and then waits for the item's row.
    auto blocker = server.session(world.database);
    blocker->sql("BEGIN");
    blocker->sql("SELECT id FROM queue_items WHERE id = '" + ids.back() + "' FOR UPDATE");
    const std::string waiting_write =
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + world.database +
        "' AND wait_event_type = 'Lock' AND query LIKE 'UPDATE queue_items%'";
    const auto give_up = Mono::now() + seconds{20};
    while (server.sql("postgres", waiting_write) == "0" && Mono::now() < give_up) {
        group.drain();
        std::this_thread::sleep_for(k_poll);
    }
    BOOST_REQUIRE_MESSAGE(server.sql("postgres", waiting_write) != "0",
                          "the leader's save did not wait for the held row\n"
                              << group.logs());
    // Paused there; the row is let go, so its UPDATE is done, but its COMMIT
    // does not come while it sleeps.
    old.process.signal(SIGSTOP);
    old.paused = true;
    const auto paused_at = Mono::now();
    blocker->sql("ROLLBACK");

    // A lease, a renewal and a margin: the follower leads.
    Replica& next = group.wait_for_leader(seconds{15});
    BOOST_TEST(&next == &follower);
    BOOST_TEST_MESSAGE("the follower led " << millis_since(paused_at, Mono::now())
                                           << " ms after the leader was paused in its write");
    ids.push_back(enqueue(group, follower, "9.0.2"));
    wait_all_shipped(group, ids);
    check_dispatched_once(world, ids);

    old.process.signal(SIGCONT);
    old.paused = false;
    BOOST_TEST(wait_for_log(group, old, "no longer leading", 0), old.log());
}

BOOST_AUTO_TEST_CASE(given_the_leaders_database_connections_cut_it_recovers_losing_nothing) {
    World world;
    world.github.set_run_outcome("success", 4);
    Group group(world, 2);
    PgServer& server = PgServer::get();
    std::mt19937 rng(20261206);
    Replica* leader = &group.wait_for_leader();
    std::vector<std::string> ids;
    ids.push_back(enqueue(group, group.other_than(*leader), "3.0.1"));
    ids.push_back(enqueue(group, group.other_than(*leader), "3.0.2"));
    for (int cut = 1; cut <= 4; ++cut) {
        wait_for_github_requests(world, 1 + rng() % 5);
        const auto ports = tcp_client_ports(leader->process.pid(), server.port());
        BOOST_TEST(!ports.empty(), leader->name << " holds no connection to the database");
        const int ended = server.terminate_connections(world.database, ports);
        BOOST_TEST(ended >= 1);
        BOOST_TEST_MESSAGE("cut " << cut << ": ended " << ended << " of " << leader->name
                                  << "'s database connections");
        // Through the leader itself every other time: its next call meets the cut.
        Replica& through = cut % 2 == 0 ? *leader : group.other_than(*leader);
        ids.push_back(enqueue(group, through, "3.0." + std::to_string(ids.size() + 1)));
        leader = &group.wait_for_leader();
    }
    // Then every replica's connections at once.
    BOOST_TEST(server.terminate_connections(world.database) >= 2);
    ids.push_back(enqueue(group, *leader, "3.0." + std::to_string(ids.size() + 1)));
    wait_all_shipped(group, ids);
    check_dispatched_once(world, ids);
    group.wait_for_leader();
    for (Replica* r : group.all()) {
        const auto health = try_call("GET", r->base + "/healthz");
        BOOST_TEST((health && health->status == 200), r->name << " stopped serving");
        BOOST_TEST_MESSAGE(r->name
                           << ": fairweather_state_store_errors_total "
                           << r->metric("fairweather_state_store_errors_total").value_or(-1));
    }
}

BOOST_AUTO_TEST_CASE(
    given_postgresql_restarted_under_the_monitors_one_leads_again_and_items_ship_once) {
    World world;
    world.github.set_run_outcome("success", 4);
    Group group(world, 2);
    PgServer& server = PgServer::get();
    Replica* leader = &group.wait_for_leader();
    std::vector<std::string> ids;
    ids.push_back(enqueue(group, group.other_than(*leader), "6.0.1"));
    ids.push_back(enqueue(group, group.other_than(*leader), "6.0.2"));
    // The first restart while the first item is being dispatched or followed.
    const auto give_up = Mono::now() + seconds{20};
    while (world.github.dispatches().empty() && Mono::now() < give_up) {
        group.drain();
        std::this_thread::sleep_for(k_poll);
    }
    BOOST_REQUIRE_MESSAGE(!world.github.dispatches().empty(), group.logs());
    server.restart();
    ids.push_back(enqueue(group, group.other_than(*leader), "6.0.3"));
    leader = &group.wait_for_leader(seconds{30});
    // The second at the next few requests to GitHub, wherever the cycle is.
    wait_for_github_requests(world, 3);
    server.restart();
    ids.push_back(enqueue(group, *leader, "6.0.4"));
    wait_all_shipped(group, ids);
    check_dispatched_once(world, ids);
    group.wait_for_leader(seconds{30});
    for (Replica* r : group.all()) {
        const auto health = try_call("GET", r->base + "/healthz");
        BOOST_TEST((health && health->status == 200), r->name << " stopped serving");
    }
}

BOOST_AUTO_TEST_SUITE_END()
