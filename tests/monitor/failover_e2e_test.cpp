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
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include <boost/test/unit_test.hpp>

#include "core/api/queue_json.h"
#include "core/http/curl_client.h"
#include "tests/support/checks.h"
#include "tests/support/fake_github.h"
#include "tests/support/loopback_server.h"
#include "tests/support/monitor_process.h"
#include "tests/support/payloads.h"
#include "tests/support/pg_server.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;
namespace utf = boost::unit_test;
using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

const std::string k_summary = "/api/v2/summary.json";
const std::string k_token = "failover-e2e-token";
// A short lease, renewed four times per lease, so a takeover costs seconds.
constexpr milliseconds k_lease{2000};
constexpr milliseconds k_renew{500};
// Before it believes that a dispatch left in doubt never reached GitHub, a
// new leader waits the longer of [queue] dispatch_grace and a lease plus the
// [http] connect_timeout and timeout (by when a deposed leader's request has
// arrived or never will): 5s here.
constexpr milliseconds k_connect_timeout{1000};
constexpr milliseconds k_http_timeout{2000};
constexpr milliseconds k_grace{1000};
// Between two looks at the processes: a pace for polling, not a wait that
// anything is asserted after.
constexpr milliseconds k_poll{50};

std::string millis(milliseconds d) {
    return std::to_string(d.count()) + "ms";
}

// Fails the test. BOOST_FAIL throws; the abort is only there to tell the
// compiler so.
[[noreturn]] void fail_with(const std::string& why) {
    BOOST_FAIL(why);
    std::abort();
}

long long millis_since(SteadyClock::time_point start, SteadyClock::time_point end) {
    return std::chrono::duration_cast<milliseconds>(end - start).count();
}

// One fresh database, FakeGitHub and a fair status page, and the config every
// replica runs with.
struct World {
    LoopbackServer status;
    FakeGitHub github;
    TempDir dir;
    std::string database;
    std::string config;

    World() : database(PgServer::get().fresh_database()) {
        PgServer& server = PgServer::get();
        status.serve_json(k_summary, github_summary("operational"));
        std::ofstream(dir / "api-token") << k_token << "\n";
        // A GitHub token keeps the quota from stretching the 1s polls.
        std::ofstream(dir / "github-token") << "ghp_failover\n";
        std::ofstream(dir / "pg-password") << server.password().reveal() << "\n";
        config = (dir / "fairweather.toml").string();
        std::ofstream(config)
            << "[monitor]\npoll_interval = \"1s\"\nrecovery_window = \"1s\"\n"
            << "stale_after = \"1m\"\n"
            << "[http]\nconnect_timeout = \"" << millis(k_connect_timeout) << "\"\ntimeout = \""
            << millis(k_http_timeout) << "\"\n"
            << "[state]\nurl = \"" << server.url(database) << "\"\npassword_file = \""
            << (dir / "pg-password").string() << "\"\nlease = \"" << millis(k_lease)
            << "\"\nrenew_interval = \"" << millis(k_renew) << "\"\n"
            << "[[status_pages]]\nname = \"github\"\nurl = \"" << status.url()
            << "\"\ncomponents = [\"br0l2tvcx85d\"]\n"
            << "[github]\napi_url = \"" << github.url() << "\"\ntoken_file = \""
            << (dir / "github-token").string() << "\"\n"
            << "[api]\ntoken_file = \"" << (dir / "api-token").string() << "\"\n"
            << "[queue]\nfollow_interval = \"200ms\"\ndispatch_grace = \"" << millis(k_grace)
            << "\"\nretry_backoff = \"1s\"\nmax_attempts = 5\n"
            << "[[repos]]\nname = \"acme/widget\"\nrelease_workflow = \"release.yml\"\n";
    }
    std::vector<std::string> args() const {
        return {"--config", config, "--listen", "127.0.0.1:0"};
    }
};

// One request with a short deadline: a paused or dying replica must not hold
// a case up for curl's default 20 seconds. nullopt when nothing answered.
std::optional<HttpResponse> try_call(const std::string& method, const std::string& url,
                                     const std::string& body = "",
                                     milliseconds timeout = milliseconds{2000}) {
    HttpSettings settings;
    settings.timeout = timeout;
    settings.connect_timeout = timeout;
    CurlHttpClient http(settings);
    HttpRequest r;
    r.method = method;
    r.url = url;
    r.body = body;
    if (!body.empty()) {
        r.headers.add("Content-Type", "application/json");
        r.headers.add("Authorization", "Bearer " + k_token);
    }
    auto response = http.send(r);
    if (!response) {
        return std::nullopt;
    }
    return std::move(*response);
}

// The value of the unlabelled series `name` in a /metrics text.
std::optional<double> series(const std::string& metrics, const std::string& name) {
    std::istringstream in(metrics);
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with(name + " ")) {
            return std::stod(line.substr(name.size() + 1));
        }
    }
    return std::nullopt;
}

// One fairweather-monitor process of the group.
struct Replica {
    std::string name;  // r1, r2, ... in the order they were started
    BackgroundProcess process;
    std::string base;  // http://127.0.0.1:PORT once it serves
    bool paused = false;

    Replica(const World& world, std::string n)
        : name(std::move(n)), process(monitor_binary(), world.args()) {}

    // Everything it printed so far.
    const std::string& log() { return process.drain(); }
    // Its /metrics, or "" when it did not answer within a second.
    std::string metrics() const {
        const auto r = try_call("GET", base + "/metrics", "", milliseconds{1000});
        return r && r->status == 200 ? r->body : "";
    }
    std::optional<double> metric(const std::string& name) const { return series(metrics(), name); }
};

// Monitors started with the same config; the cases kill, pause and add them.
class Group {
  public:
    // `n` replicas started at once, then waited for until each serves.
    Group(const World& world, int n) : m_world(world) {
        for (int i = 0; i < n; ++i) {
            spawn();
        }
        for (auto& r : m_replicas) {
            r->base = wait_until_serving(r->process);
        }
    }

    // A new replica, once it serves.
    Replica& start() {
        Replica& r = spawn();
        r.base = wait_until_serving(r.process);
        return r;
    }

    // SIGKILLs `r` and forgets it; its log is kept for failure messages.
    void kill(Replica& r) {
        r.process.stop(SIGKILL);
        m_gone += "---- " + r.name + " (killed) ----\n" + tail(r.process.err()) + "\n";
        std::erase_if(m_replicas, [&](const auto& p) { return p.get() == &r; });
    }

    // The replicas that can answer now (not paused).
    std::vector<Replica*> awake() const {
        std::vector<Replica*> out;
        for (const auto& r : m_replicas) {
            if (!r->paused) {
                out.push_back(r.get());
            }
        }
        return out;
    }
    std::vector<Replica*> all() const {
        std::vector<Replica*> out;
        for (const auto& r : m_replicas) {
            out.push_back(r.get());
        }
        return out;
    }
    // An awake replica other than `not_this`: a follower, when `not_this` leads.
    Replica& other_than(const Replica& not_this) const {
        for (Replica* r : awake()) {
            if (r != &not_this) {
                return *r;
            }
        }
        fail_with("no replica other than " + not_this.name);
    }

    // Reads every replica's stderr, so no monitor blocks on a full pipe while
    // the case watches another.
    void drain() {
        for (auto& r : m_replicas) {
            r->process.drain();
        }
    }

    // Every replica's log (the end of it), for a failure message.
    std::string logs() {
        std::string out = m_gone;
        for (auto& r : m_replicas) {
            out += "---- " + r->name + (r->paused ? " (paused)" : "") + " ----\n" + tail(r->log()) +
                   "\n";
        }
        return out;
    }

    // The awake replicas that say they lead (fairweather_leader 1); nullopt
    // when one of them did not answer or had no such series.
    std::optional<std::vector<Replica*>> leaders() {
        drain();
        std::vector<Replica*> leading;
        for (Replica* r : awake()) {
            const auto value = r->metric("fairweather_leader");
            if (!value) {
                return std::nullopt;
            }
            if (*value == 1) {
                leading.push_back(r);
            }
        }
        return leading;
    }

    // Waits until exactly one awake replica says it leads, and answers it;
    // fails the test with every log after `bound`.
    Replica& wait_for_leader(SteadyClock::duration bound = seconds{20}) {
        const auto give_up = SteadyClock::now() + bound;
        while (SteadyClock::now() < give_up) {
            const auto leading = leaders();
            if (leading && leading->size() == 1) {
                return *leading->front();
            }
            std::this_thread::sleep_for(k_poll);
        }
        fail_with("no single leader among the replicas within the bound:\n" + logs());
    }

  private:
    Replica& spawn() {
        m_replicas.push_back(std::make_unique<Replica>(m_world, "r" + std::to_string(++m_started)));
        return *m_replicas.back();
    }
    static std::string tail(const std::string& log) {
        constexpr std::size_t keep = 6000;
        return log.size() > keep ? "..." + log.substr(log.size() - keep) : log;
    }

    const World& m_world;
    int m_started = 0;
    std::vector<std::unique_ptr<Replica>> m_replicas;
    std::string m_gone;
};

// Queues `version` of acme/widget through `replica` and answers its id. A
// replica whose database connection was just lost fails the call that meets
// it (503) and reconnects on the next, so a 5xx or no answer is asked again,
// as a client would (the same version again is the same item, never two).
std::string enqueue(Group& group, Replica& replica, const std::string& version) {
    const std::string body =
        R"({"repo":"acme/widget","version":")" + version + R"(","requested_by":"failover-e2e"})";
    const auto give_up = SteadyClock::now() + seconds{30};
    std::string last;
    while (SteadyClock::now() < give_up) {
        group.drain();
        const auto r =
            try_call("POST", replica.base + "/api/v1/releases", body, milliseconds{5000});
        if (r && (r->status == 201 || r->status == 200)) {
            const auto item = parse_queue_item(r->body);
            BOOST_REQUIRE_MESSAGE(item.has_value(), r->body);
            return item->id;
        }
        BOOST_REQUIRE_MESSAGE(!r || r->status >= 500, "queueing " << version << " through "
                                                                  << replica.name << ": "
                                                                  << r->status << " " << r->body);
        last = r ? std::to_string(r->status) + " " + r->body : std::string("no answer");
        std::this_thread::sleep_for(milliseconds{100});
    }
    fail_with("could not queue " + version + " through " + replica.name + ": " + last + "\n" +
              group.logs());
}

// The state of every queued item, read through any awake replica; empty when
// none answered.
std::map<std::string, QueueState> queue_states(Group& group) {
    for (Replica* r : group.awake()) {
        const auto response = try_call("GET", r->base + "/api/v1/releases");
        if (!response || response->status != 200) {
            continue;
        }
        const auto items = parse_queue_items(response->body);
        if (!items) {
            continue;
        }
        std::map<std::string, QueueState> states;
        for (const auto& item : *items) {
            states[item.id] = item.state;
        }
        return states;
    }
    return {};
}

// The state of item `id` as any awake replica reads it ("absent" when none lists it).
std::string state_of(Group& group, const std::string& id) {
    const auto states = queue_states(group);
    return states.count(id) == 1 ? std::string(to_string(states.at(id))) : "absent";
}

std::string describe(const std::map<std::string, QueueState>& states) {
    std::string out;
    for (const auto& [id, state] : states) {
        out += id + "=" + std::string(to_string(state)) + " ";
    }
    return out;
}

// Waits until the item `id` is in `state` (as any replica reads the shared
// queue); fails the test with the queue and the logs after `bound`.
void wait_for_state(Group& group, const std::string& id, QueueState state,
                    SteadyClock::duration bound = seconds{30}) {
    const auto give_up = SteadyClock::now() + bound;
    std::map<std::string, QueueState> states;
    while (SteadyClock::now() < give_up) {
        group.drain();
        states = queue_states(group);
        if (states.count(id) == 1 && states.at(id) == state) {
            return;
        }
        std::this_thread::sleep_for(k_poll);
    }
    BOOST_FAIL(id + " did not become " + std::string(to_string(state)) +
               " within the bound: " + describe(states) + "\n" + group.logs());
}

// Waits until every item in `ids` has shipped; fails at once when one ends
// otherwise (failed, cancelled), and after `bound` with the queue and logs.
void wait_all_shipped(Group& group, const std::vector<std::string>& ids,
                      SteadyClock::duration bound = seconds{60}) {
    const auto give_up = SteadyClock::now() + bound;
    std::map<std::string, QueueState> states;
    while (SteadyClock::now() < give_up) {
        group.drain();
        states = queue_states(group);
        bool all = !states.empty();
        for (const auto& id : ids) {
            if (states.count(id) == 0) {
                all = false;
                continue;
            }
            const QueueState s = states.at(id);
            BOOST_REQUIRE_MESSAGE(s == QueueState::shipped || !is_final(s),
                                  id << " ended " << to_string(s) << "\n"
                                     << group.logs());
            all = all && s == QueueState::shipped;
        }
        if (all) {
            return;
        }
        std::this_thread::sleep_for(k_poll);
    }
    BOOST_FAIL("not every item shipped within the bound: " + describe(states) + "\n" +
               group.logs());
}

// GitHub saw one dispatch per item, and none for anything else.
void check_dispatched_once(const World& world, const std::vector<std::string>& ids) {
    const auto counts = world.github.dispatch_counts();
    BOOST_TEST(counts.size() == ids.size());
    for (const auto& id : ids) {
        const int n = counts.count(id) == 1 ? counts.at(id) : 0;
        BOOST_TEST(n == 1, id << " was dispatched " << n << " times");
    }
}

// When each dispatch request of `id` reached FakeGitHub, whatever became of it.
std::vector<SteadyClock::time_point> dispatch_arrivals(World& world, const std::string& id) {
    std::vector<SteadyClock::time_point> out;
    for (const auto& r : world.github.server().requests()) {
        if (r.method == "POST" && r.target.ends_with("/dispatches") && contains(r.body, id)) {
            out.push_back(r.arrived);
        }
    }
    return out;
}

// Waits until a dispatch request of `id` reached FakeGitHub and answers when
// the first did; fails the test after `bound`.
SteadyClock::time_point wait_for_dispatch_request(Group& group, World& world, const std::string& id,
                                                  SteadyClock::duration bound = seconds{20}) {
    const auto until = SteadyClock::now() + bound;
    for (;;) {
        if (const auto arrivals = dispatch_arrivals(world, id); !arrivals.empty()) {
            return arrivals.front();
        }
        if (SteadyClock::now() >= until) {
            fail_with("no dispatch request of " + id + " reached GitHub\n" + group.logs());
        }
        group.drain();
        std::this_thread::sleep_for(milliseconds{5});
    }
}

// Waits for the leader to send `n` more requests to GitHub (only the leader
// talks to GitHub), or `bound`: true when they came. Blocks on FakeGitHub's
// own signal, so `bound` stays short enough for no monitor to fill its
// stderr pipe meanwhile.
bool wait_for_github_requests(World& world, std::size_t n,
                              milliseconds bound = milliseconds{5000}) {
    const std::size_t seen = world.github.server().request_count();
    return world.github.server().wait_for_total(seen + n, bound);
}

// Waits until `replica` prints `needle` after the first `from` characters of
// its log; false after `bound`.
bool wait_for_log(Group& group, Replica& replica, const std::string& needle, std::size_t from,
                  SteadyClock::duration bound = seconds{20}) {
    const auto until = SteadyClock::now() + bound;
    while (SteadyClock::now() < until) {
        group.drain();
        if (replica.log().find(needle, from) != std::string::npos) {
            return true;
        }
        std::this_thread::sleep_for(k_poll);
    }
    return false;
}

// The queue as the database holds it (events and items), and the lease row:
// what a deposed leader must leave alone.
std::string queue_snapshot(const World& world) {
    return PgServer::get().sql(
        world.database,
        "SELECT (SELECT count(*) FROM queue_events) || ' events; ' || "
        "(SELECT coalesce(string_agg(id || ':' || state || ':' || attempts || ':' || run_id, "
        "', ' ORDER BY id), '') FROM queue_items)");
}
std::string lease_row(const World& world) {
    return PgServer::get().sql(world.database,
                               "SELECT holder || ' at epoch ' || epoch FROM leader_lease");
}

std::string median_min_max(std::vector<long long> values) {
    if (values.empty()) {
        return "none";
    }
    std::sort(values.begin(), values.end());
    return "median " + std::to_string(values[values.size() / 2]) + " ms, min " +
           std::to_string(values.front()) + " ms, max " + std::to_string(values.back()) + " ms";
}

}  // namespace

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
    const auto until = SteadyClock::now() + 6 * k_renew;
    int samples = 0;
    while (SteadyClock::now() < until) {
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
        const auto killed_at = SteadyClock::now();
        group.kill(*leader);
        ++kills;
        const std::string states = PgServer::get().sql(
            world.database,
            "SELECT coalesce(string_agg(DISTINCT state, ','), '') FROM queue_items");
        kills_in_doubt += contains(states, "dispatching") ? 1 : 0;
        kills_following += contains(states, "dispatched") || contains(states, "running") ? 1 : 0;
        group.start();  // two are always running
        leader = &group.wait_for_leader();
        takeovers.push_back(millis_since(killed_at, SteadyClock::now()));
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
        const auto killed_at = SteadyClock::now();
        group.kill(*leader);
        const std::string id = enqueue(group, survivor, "4.0." + std::to_string(failover));
        ids.push_back(id);
        const auto give_up = killed_at + seconds{30};
        while (survivor.metric("fairweather_leader").value_or(0) != 1 &&
               SteadyClock::now() < give_up) {
            group.drain();
            std::this_thread::sleep_for(k_poll);
        }
        BOOST_REQUIRE_MESSAGE(survivor.metric("fairweather_leader").value_or(0) == 1, group.logs());
        const auto led_at = SteadyClock::now();
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

    // GitHub started the run, but the answer never came back: the successor
    // finds the run and dispatches nothing.
    world.github.set_dispatch_fate(FakeGitHub::DispatchFate::unanswered);
    ids.push_back(enqueue(group, group.other_than(*leader), "7.0.1"));
    wait_for_dispatch_request(group, world, ids.back());
    group.kill(*leader);
    world.github.set_dispatch_fate(FakeGitHub::DispatchFate::answered);
    BOOST_TEST(state_of(group, ids.back()) == "dispatching");
    group.start();
    leader = &group.wait_for_leader();
    wait_all_shipped(group, ids);
    BOOST_TEST(contains(leader->log(), ids.back() + ") dispatching -> running: found its run"),
               leader->log());
    check_dispatched_once(world, ids);

    // The request never reached GitHub: no run, so the successor dispatches
    // it again, once, but not before a deposed leader's request could still
    // have arrived (a lease and the HTTP timeouts after the intent).
    world.github.set_dispatch_fate(FakeGitHub::DispatchFate::lost);
    ids.push_back(enqueue(group, group.other_than(*leader), "7.0.2"));
    const auto lost_at = wait_for_dispatch_request(group, world, ids.back());
    group.kill(*leader);
    world.github.set_dispatch_fate(FakeGitHub::DispatchFate::answered);
    BOOST_TEST(state_of(group, ids.back()) == "dispatching");
    group.start();
    leader = &group.wait_for_leader();
    wait_all_shipped(group, ids);
    check_dispatched_once(world, ids);
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
    const auto paused_at = SteadyClock::now();

    // The follower takes over once the lease runs out, dispatches what is
    // queued meanwhile and ships everything.
    ids.push_back(enqueue(group, follower, "2.0.3"));
    BOOST_TEST(&group.wait_for_leader() == &follower);
    BOOST_TEST_MESSAGE("the follower led " << millis_since(paused_at, SteadyClock::now())
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
    const auto until = SteadyClock::now() + 6 * k_renew;
    while (SteadyClock::now() < until) {
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
    const auto give_up = SteadyClock::now() + seconds{20};
    while (server.sql("postgres", waiting_write) == "0" && SteadyClock::now() < give_up) {
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
    const auto paused_at = SteadyClock::now();
    blocker->sql("ROLLBACK");

    // A lease, a renewal and a margin: the follower leads.
    Replica& next = group.wait_for_leader(seconds{15});
    BOOST_TEST(&next == &follower);
    BOOST_TEST_MESSAGE("the follower led " << millis_since(paused_at, SteadyClock::now())
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
    const auto give_up = SteadyClock::now() + seconds{20};
    while (world.github.dispatches().empty() && SteadyClock::now() < give_up) {
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
