// Monitors that share one database: who leads (Leadership over a lease, on
// a manual monotonic clock), what a follower does (polls nothing, serves
// what the leader saved, counts the shared queue), how the queue goes on
// after the leader changes (an item in doubt is looked for before it is
// dispatched again), and a fenced write against a real PostgreSQL.
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "core/http/curl_client.h"
#include "core/store/memory_store.h"
#include "core/store/pg_lease.h"
#include "exporters/registry.h"
#include "monitor/service.h"
#include "tests/support/checks.h"
#include "tests/support/fake_github.h"
#include "tests/support/fake_lease.h"
#include "tests/support/loopback_server.h"
#include "tests/support/metric_checks.h"
#include "tests/support/payloads.h"
#include "tests/support/pg_server.h"
#include "tests/support/queue_requests.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;
namespace utf = boost::unit_test;

namespace {

// One monitor's leadership over a lease the test holds.
struct Elector {
    metrics::Registry registry;
    LeaderMetrics metrics{registry};
    Config config;
    std::unique_ptr<StateStore> store = make_memory_store();
    WeatherMetrics weather{registry};
    std::ostringstream out;
    monitor::Log log{out};
    monitor::Recorder recorder{config, *store, weather, log};
    monitor::Leadership leadership;

    Elector(Lease& lease, const std::string& holder, ManualClock& steady, ManualClock& wall)
        : leadership(lease, holder, 15s, 5s, steady, wall, metrics, recorder, log) {}
    std::string text() { return serialize_metrics(registry); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(leadership)

BOOST_AUTO_TEST_CASE(a_monitor_alone_on_its_state_always_leads_and_passes_no_fence) {
    metrics::Registry registry;
    LeaderMetrics metrics(registry);
    monitor::Leadership alone(metrics);
    BOOST_TEST(alone.leading());
    BOOST_TEST(!alone.fence().has_value());
    BOOST_TEST(!alone.shared());
    alone.lost("cannot happen alone");
    BOOST_TEST(alone.leading());
    BOOST_TEST(contains(serialize_metrics(registry), "fairweather_leader 1\n"));
}

BOOST_AUTO_TEST_CASE(of_two_monitors_the_first_to_ask_leads_and_the_other_follows) {
    ManualClock db(t0), steady(TimePoint{}), wall(t0);
    FakeLease lease(db);
    Elector a(lease, "a", steady, wall), b(lease, "b", steady, wall);
    BOOST_TEST(!a.leadership.leading(), "nobody leads before asking");
    a.leadership.step();
    b.leadership.step();
    BOOST_TEST(a.leadership.leading());
    BOOST_TEST(!b.leadership.leading());
    BOOST_TEST(a.leadership.fence()->epoch == 1);
    BOOST_TEST(contains(a.out.str(), "now leading (lease epoch 1, holder a)"), a.out.str());
    BOOST_TEST(contains(a.text(), "fairweather_leader 1\n"));
    BOOST_TEST(contains(a.text(), "fairweather_leader_epoch 1\n"));
    BOOST_TEST(contains(a.text(), "fairweather_leader_changes_total 1\n"));
    BOOST_TEST(contains(b.text(), "fairweather_leader 0\n"));
    BOOST_TEST(contains(b.text(), "fairweather_leader_epoch 1\n"), "a follower sees the epoch");
    BOOST_TEST(contains(b.text(), "fairweather_leader_changes_total 0\n"));
    // Renewals keep it, at the same epoch, with no new change.
    for (int i = 0; i < 10; ++i) {
        db.advance(5s);
        steady.advance(5s);
        a.leadership.step();
        b.leadership.step();
    }
    BOOST_TEST(a.leadership.leading());
    BOOST_TEST(!b.leadership.leading());
    BOOST_TEST(lease.epoch() == 1);
    BOOST_TEST(contains(a.text(), "fairweather_leader_changes_total 1\n"));
}

BOOST_AUTO_TEST_CASE(a_leader_cut_off_from_the_database_steps_down_before_its_lease_can_expire) {
    ManualClock db(t0), steady(TimePoint{}), wall(t0);
    FakeLease lease(db);
    Elector a(lease, "a", steady, wall), b(lease, "b", steady, wall);
    a.leadership.step();
    lease.set_failing(true);
    // One failed renewal: still trusted (15s lease, renewed every 5s).
    steady.advance(5s);
    a.leadership.step();
    BOOST_TEST(a.leadership.leading(), "one failed renewal must not change the leader");
    // By its own clock, renew_interval before the lease would end: no longer.
    steady.advance(5s);
    BOOST_TEST(!a.leadership.leading());
    // The lease itself has not expired yet: nobody else can lead meanwhile.
    lease.set_failing(false);
    db.advance(10s);
    b.leadership.step();
    BOOST_TEST(!b.leadership.leading());
    db.advance(5s);
    b.leadership.step();
    BOOST_TEST(b.leadership.leading());
    BOOST_TEST(b.leadership.fence()->epoch == 2);
    a.leadership.step();
    BOOST_TEST(!a.leadership.leading());
    BOOST_TEST(contains(a.out.str(),
                        "no longer leading (lease epoch 1): the lease was not renewed "
                        "in time"),
               a.out.str());
    BOOST_TEST(contains(a.text(), "fairweather_state_store_errors_total 1\n"), a.text());
}

BOOST_AUTO_TEST_CASE(a_leader_paused_past_its_lease_leads_no_more_when_it_wakes) {
    ManualClock db(t0), steady(TimePoint{}), wall(t0);
    FakeLease lease(db);
    Elector a(lease, "a", steady, wall), b(lease, "b", steady, wall);
    a.leadership.step();
    // SIGSTOP for a minute: the monotonic clock keeps counting.
    db.advance(60s);
    steady.advance(60s);
    b.leadership.step();
    BOOST_TEST(b.leadership.leading());
    BOOST_TEST(!a.leadership.leading(), "it knows without asking");
    a.leadership.step();
    BOOST_TEST(!a.leadership.leading());
    BOOST_TEST(contains(a.out.str(), "no longer leading"), a.out.str());
    BOOST_TEST(contains(a.text(), "fairweather_leader 0\n"));
    BOOST_TEST(contains(a.text(), "fairweather_leader_changes_total 2\n"), "took it, lost it");
}

BOOST_AUTO_TEST_CASE(a_refused_fenced_write_ends_leadership_at_once) {
    ManualClock db(t0), steady(TimePoint{}), wall(t0);
    FakeLease lease(db);
    Elector a(lease, "a", steady, wall);
    a.leadership.step();
    a.leadership.lost("the database refused a write");
    BOOST_TEST(!a.leadership.leading());
    BOOST_TEST(contains(a.out.str(), "no longer leading (lease epoch 1): the database refused"));
    // Its own lease is still there: the next step takes it back, at the same epoch.
    a.leadership.step();
    BOOST_TEST(a.leadership.leading());
}

BOOST_AUTO_TEST_CASE(a_leader_that_resigns_hands_over_at_the_followers_next_step) {
    ManualClock db(t0), steady(TimePoint{}), wall(t0);
    FakeLease lease(db);
    Elector a(lease, "a", steady, wall), b(lease, "b", steady, wall);
    a.leadership.step();
    b.leadership.step();
    a.leadership.resign();
    BOOST_TEST(!a.leadership.leading());
    b.leadership.step();
    BOOST_TEST(b.leadership.leading(), "without waiting out the lease");
    BOOST_TEST(lease.epoch() == 2);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// What a replica's dispatch POSTs meet: GitHub, an answer lost on the way
// back, or a request lost on the way out.
enum class DispatchPath { through, answer_lost, request_lost };

// Counts a replica's requests, and loses its dispatches as told.
class ReplicaHttp final : public HttpClient {
  public:
    Expected<HttpResponse, HttpError> send(const HttpRequest& request) override {
        std::lock_guard lock(m_mutex);
        ++requests;
        if (request.method == "POST" && contains(request.url, "/dispatches") &&
            path != DispatchPath::through) {
            if (path == DispatchPath::answer_lost) {
                (void)m_inner.send(request);
            }
            return make_unexpected(
                HttpError{HttpError::Kind::timeout, request.url, "a test lost it"});
        }
        return m_inner.send(request);
    }
    int requests = 0;
    DispatchPath path = DispatchPath::through;

  private:
    std::mutex m_mutex;
    CurlHttpClient m_inner{HttpSettings{}};
};

// One monitor process of several sharing one store and one lease.
struct Replica {
    ReplicaHttp http;
    metrics::Registry registry;
    monitor::MonitorMetrics metrics{registry};
    std::ostringstream log;
    monitor::Service service;
    TimePoint next{};
    bool alive = true;

    Replica(const Config& config, StateStore& store, Lease& lease, const std::string& name,
            Clock& steady, Clock& wall, std::uint64_t ids)
        : service(config, Secret("ghp_secret"), http, store, metrics, log, ids, QueueIds(ids),
                  monitor::SharedLease{lease, name, steady, wall}) {
        BOOST_REQUIRE(service.monitor.resume().has_value());
    }
    bool leading() const { return service.leadership.leading(); }
    std::string text() { return serialize_metrics(registry); }
};

// Replicas over one memory store and one fake lease, a status page and a
// fake GitHub on loopback; wall, database and monotonic clocks move together.
struct Cluster {
    LoopbackServer status;
    FakeGitHub github;
    Config config;
    ManualClock clock{t0};
    ManualClock steady{TimePoint{} + 1h};
    FakeLease lease{clock};
    std::unique_ptr<StateStore> store = make_memory_store();
    std::vector<std::unique_ptr<Replica>> replicas;
    TimePoint next_step{};

    Cluster() {
        status.serve_json("/api/v2/summary.json", github_summary("operational"));
        config = queue_config(status.url(), github.url());
    }
    Replica& add(const std::string& name) {
        replicas.push_back(std::make_unique<Replica>(config, *store, lease, name, steady, clock,
                                                     replicas.size() + 1));
        replicas.back()->service.leadership.step();
        return *replicas.back();
    }
    // Every second until `until`: the living replicas renew every
    // renew_interval and tick when due.
    void run_until(TimePoint until) {
        while (clock.now() <= until) {
            const bool renew = clock.now() >= next_step;
            for (auto& r : replicas) {
                if (!r->alive) {
                    continue;
                }
                if (renew) {
                    r->service.leadership.step();
                }
                if (clock.now() >= r->next) {
                    r->next = r->service.monitor.tick(clock.now());
                }
            }
            if (renew) {
                next_step = clock.now() + config.state.renew_interval;
            }
            clock.advance(1s);
            steady.advance(1s);
        }
    }
    QueueItem item(const std::string& id) { return **store->queue_item(id); }
    // Queues a release on `on` and runs until the leader has saved its
    // dispatch's intent; answers its id.
    std::string queue_until_dispatching(Replica& on) {
        const auto queued = on.service.queue.enqueue(request_for("39.0.1"), clock.now());
        BOOST_REQUIRE(queued.has_value());
        const std::string id = queued->first.id;
        while (item(id).state == QueueState::queued && clock.now() < t0 + 10min) {
            run_until(clock.now());
        }
        BOOST_REQUIRE((item(id).state == QueueState::dispatching));
        return id;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(replicas)

BOOST_AUTO_TEST_CASE(a_follower_polls_nothing_and_serves_the_weather_the_leader_saved) {
    Cluster c;
    Replica& a = c.add("a");
    Replica& b = c.add("b");
    BOOST_REQUIRE(a.leading());
    BOOST_REQUIRE(!b.leading());
    c.run_until(t0 + 3min);
    BOOST_TEST(a.http.requests > 0);
    BOOST_TEST(b.http.requests == 0, "a follower sends nothing to GitHub or the status page");
    const auto led = a.service.monitor.snapshot(c.clock.now());
    const auto followed = b.service.monitor.snapshot(c.clock.now());
    BOOST_TEST(to_string(led.weather) == "fair");
    BOOST_TEST(to_string(followed.weather) == "fair");
    BOOST_TEST(followed.ready, "a follower is ready once the leader has saved every source");
    // GitHub's API weather is the leader's own (it asks GitHub; a follower
    // does not): it reaches the followers through the verdict.
    BOOST_REQUIRE(!led.sources.empty());
    BOOST_TEST(led.sources.back().name == "github-api");
    BOOST_REQUIRE(followed.sources.size() + 1 == led.sources.size());
    for (std::size_t i = 0; i < followed.sources.size(); ++i) {
        BOOST_TEST(followed.sources[i].name == led.sources[i].name);
        BOOST_TEST(to_string(followed.sources[i].weather) == to_string(led.sources[i].weather));
    }
    // Bad news reaches the follower within a renew interval of the leader's poll.
    c.status.serve_json("/api/v2/summary.json", github_summary("major_outage"));
    c.run_until(c.clock.now() + 1min);
    BOOST_TEST(to_string(a.service.monitor.snapshot(c.clock.now()).weather) == "outage");
    BOOST_TEST(to_string(b.service.monitor.snapshot(c.clock.now()).weather) == "outage");
    BOOST_TEST(contains(b.text(), "fairweather_weather_state{state=\"outage\"} 1"), b.text());
    BOOST_TEST(b.http.requests == 0);
}

BOOST_AUTO_TEST_CASE(a_release_queued_on_a_follower_ships_once_and_again_after_the_leader_dies) {
    Cluster c;
    Replica& a = c.add("a");
    Replica& b = c.add("b");
    const auto first = b.service.queue.enqueue(request_for("39.0.1"), c.clock.now());
    BOOST_REQUIRE(first.has_value());
    c.run_until(t0 + 6min);
    BOOST_TEST((c.item(first->first.id).state == QueueState::shipped));
    BOOST_TEST(b.http.requests == 0);
    BOOST_TEST(contains(b.text(), "fairweather_security_releases{state=\"shipped\"} 1"),
               "a follower counts the shared queue");
    // The leader dies (SIGKILL: no resignation). The follower takes over once
    // the lease has expired, and polls and dispatches from then on.
    a.alive = false;
    const auto second = b.service.queue.enqueue(request_for("39.0.2"), c.clock.now());
    BOOST_REQUIRE(second.has_value());
    c.run_until(c.clock.now() + 20s);
    BOOST_TEST(b.leading());
    BOOST_TEST(contains(b.log.str(), "now leading (lease epoch 2, holder b)"), b.log.str());
    c.run_until(c.clock.now() + 6min);
    BOOST_TEST((c.item(second->first.id).state == QueueState::shipped));
    const auto counts = c.github.dispatch_counts();
    BOOST_TEST(counts.at(first->first.id) == 1);
    BOOST_TEST(counts.at(second->first.id) == 1);
    BOOST_TEST(b.http.requests > 0);
}

BOOST_AUTO_TEST_CASE(a_dispatch_whose_answer_was_lost_is_found_by_the_next_leader_not_repeated) {
    Cluster c;
    Replica& a = c.add("a");
    Replica& b = c.add("b");
    a.http.path = DispatchPath::answer_lost;
    const std::string id = c.queue_until_dispatching(a);
    BOOST_REQUIRE(c.github.dispatches().size() == 1u);  // and no answer: in doubt
    a.alive = false;
    c.run_until(c.clock.now() + 5min);
    BOOST_TEST(b.leading());
    BOOST_TEST((c.item(id).state == QueueState::shipped));
    BOOST_TEST(c.github.dispatch_counts().at(id) == 1);
}

BOOST_AUTO_TEST_CASE(a_dispatch_that_never_left_waits_a_lease_and_the_timeouts_then_goes_once) {
    Cluster c;
    c.config.queue.dispatch_grace = 10s;
    Replica& a = c.add("a");
    Replica& b = c.add("b");
    a.http.path = DispatchPath::request_lost;
    const std::string id = c.queue_until_dispatching(a);
    const TimePoint intent = *c.item(id).dispatched_at;
    a.alive = false;
    // A lease (15s) plus the HTTP timeouts (5s connect, 20s) after the
    // intent, the old leader's request has arrived or never will; not before.
    c.run_until(intent + 35s);
    BOOST_TEST(b.leading());
    BOOST_TEST(c.github.dispatches().empty());
    BOOST_TEST((c.item(id).state == QueueState::dispatching));
    c.run_until(intent + 3min);
    BOOST_TEST(c.github.dispatch_counts().at(id) == 1);
    c.run_until(c.clock.now() + 5min);
    BOOST_TEST((c.item(id).state == QueueState::shipped));
    BOOST_TEST(contains(b.log.str(), "appeared within 40s of the dispatch"), b.log.str());
}

BOOST_AUTO_TEST_CASE(three_replicas_send_github_and_the_status_page_what_one_sends) {
    const auto requests = [](int replicas) {
        Cluster c;
        for (int i = 0; i < replicas; ++i) {
            c.add("r" + std::to_string(i));
        }
        const auto queued = c.replicas.back()->service.queue.enqueue(request_for("39.0.1"), t0);
        BOOST_REQUIRE(queued.has_value());
        c.run_until(t0 + 30min);
        BOOST_TEST((c.item(queued->first.id).state == QueueState::shipped));
        int total = 0;
        for (const auto& r : c.replicas) {
            total += r->http.requests;
        }
        return total;
    };
    const int one = requests(1);
    const int three = requests(3);
    BOOST_TEST_MESSAGE("requests in 30 minutes: 1 replica " << one << ", 3 replicas " << three);
    BOOST_TEST(one > 60);
    BOOST_TEST(three == one);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fencing, *utf::precondition(postgres_present))

BOOST_AUTO_TEST_CASE(a_leader_whose_lease_was_taken_changes_nothing_and_dispatches_nothing) {
    PgServer& server = PgServer::get();
    std::string database;
    auto store = fresh_postgres_store(&database);
    auto lease = LeaderLease::open(server.url(database), server.password());
    BOOST_REQUIRE(lease.has_value());
    LoopbackServer status;
    status.serve_json("/api/v2/summary.json", github_summary("operational"));
    FakeGitHub github;
    const Config config = queue_config(status.url(), github.url());
    ManualClock clock(t0);
    ManualClock steady(TimePoint{} + 1h);
    Replica a(config, *store, **lease, "a", steady, clock, 1);
    a.service.leadership.step();
    BOOST_REQUIRE(a.leading());
    const auto queued = a.service.queue.enqueue(request_for("39.0.1"), clock.now());
    BOOST_REQUIRE(queued.has_value());
    // Another replica takes the lease while `a` still trusts itself (as
    // when `a` was paused between its check and its write).
    server.sql(database,
               "UPDATE leader_lease SET holder = 'b', epoch = epoch + 1, "
               "expires_at = now() + interval '1 hour'");
    for (TimePoint now = t0; now < t0 + 10min && a.leading(); now += 1s) {
        clock.set(now);
        a.service.monitor.tick(now);
    }
    BOOST_TEST(!a.leading());
    BOOST_TEST(github.dispatches().empty());
    const auto item = store->queue_item(queued->first.id);
    BOOST_REQUIRE((item && *item));
    BOOST_TEST(((*item)->state == QueueState::queued), "the fenced write changed nothing");
    BOOST_TEST(contains(a.log.str(), "no longer leading (lease epoch 1): the database refused"),
               a.log.str());
}

BOOST_AUTO_TEST_SUITE_END()
