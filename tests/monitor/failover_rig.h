#pragma once
// What the failover tests share (failover_e2e_test.cpp): a fake GitHub and
// status page, several real monitors on one PostgreSQL database, and ways to
// look at them (who leads, the queue through their API, their logs, the
// dispatches GitHub saw) that poll until something holds or a bound passes.
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

namespace fairweather::testing::failover {

using Mono = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

inline const std::string k_summary = "/api/v2/summary.json";
inline const std::string k_token = "failover-e2e-token";
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

inline std::string millis(milliseconds d) {
    return std::to_string(d.count()) + "ms";
}

// Fails the test. BOOST_FAIL throws; the abort is only there to tell the
// compiler so.
[[noreturn]] void fail_with(const std::string& why) {
    BOOST_FAIL(why);
    std::abort();
}

inline long long millis_since(Mono::time_point start, Mono::time_point end) {
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
inline std::optional<HttpResponse> try_call(const std::string& method, const std::string& url,
                                            const std::string& body = "",
                                            milliseconds timeout = milliseconds{2000}) {
    HttpSettings settings;
    settings.timeout = timeout;
    settings.connect_timeout = timeout;
    CurlHttpClient http(settings);
    auto response = http.send(monitor_request(method, url, body, body.empty() ? "" : k_token));
    if (!response) {
        return std::nullopt;
    }
    return std::move(*response);
}

// The value of the unlabelled series `name` in a /metrics text.
inline std::optional<double> series(const std::string& metrics, const std::string& name) {
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
    Replica& wait_for_leader(Mono::duration bound = seconds{20}) {
        const auto give_up = Mono::now() + bound;
        while (Mono::now() < give_up) {
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
inline std::string enqueue(Group& group, Replica& replica, const std::string& version) {
    const std::string body =
        R"({"repo":"acme/widget","version":")" + version + R"(","requested_by":"failover-e2e"})";
    const auto give_up = Mono::now() + seconds{30};
    std::string last;
    while (Mono::now() < give_up) {
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
inline std::map<std::string, QueueState> queue_states(Group& group) {
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
inline std::string state_of(Group& group, const std::string& id) {
    const auto states = queue_states(group);
    return states.count(id) == 1 ? std::string(to_string(states.at(id))) : "absent";
}

inline std::string describe(const std::map<std::string, QueueState>& states) {
    std::string out;
    for (const auto& [id, state] : states) {
        out += id + "=" + std::string(to_string(state)) + " ";
    }
    return out;
}

// Waits until the item `id` is in `state` (as any replica reads the shared
// queue); fails the test with the queue and the logs after `bound`.
inline void wait_for_state(Group& group, const std::string& id, QueueState state,
                           Mono::duration bound = seconds{30}) {
    const auto give_up = Mono::now() + bound;
    std::map<std::string, QueueState> states;
    while (Mono::now() < give_up) {
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
inline void wait_all_shipped(Group& group, const std::vector<std::string>& ids,
                             Mono::duration bound = seconds{60}) {
    const auto give_up = Mono::now() + bound;
    std::map<std::string, QueueState> states;
    while (Mono::now() < give_up) {
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
inline void check_dispatched_once(const World& world, const std::vector<std::string>& ids) {
    const auto counts = world.github.dispatch_counts();
    BOOST_TEST(counts.size() == ids.size());
    for (const auto& id : ids) {
        const int n = counts.count(id) == 1 ? counts.at(id) : 0;
        BOOST_TEST(n == 1, id << " was dispatched " << n << " times");
    }
}

// When each dispatch request of `id` reached FakeGitHub, whatever became of it.
inline std::vector<Mono::time_point> dispatch_arrivals(World& world, const std::string& id) {
    std::vector<Mono::time_point> out;
    for (const auto& r : world.github.server().requests()) {
        if (r.method == "POST" && r.target.ends_with("/dispatches") && contains(r.body, id)) {
            out.push_back(r.arrived);
        }
    }
    return out;
}

// Waits until a dispatch request of `id` reached FakeGitHub and answers when
// the first did; fails the test after `bound`.
inline Mono::time_point wait_for_dispatch_request(Group& group, World& world, const std::string& id,
                                                  Mono::duration bound = seconds{20}) {
    const auto until = Mono::now() + bound;
    for (;;) {
        if (const auto arrivals = dispatch_arrivals(world, id); !arrivals.empty()) {
            return arrivals.front();
        }
        if (Mono::now() >= until) {
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
inline bool wait_for_github_requests(World& world, std::size_t n,
                                     milliseconds bound = milliseconds{5000}) {
    const std::size_t seen = world.github.server().request_count();
    return world.github.server().wait_for_total(seen + n, bound);
}

// Waits until `replica` prints `needle` after the first `from` characters of
// its log; false after `bound`.
inline bool wait_for_log(Group& group, Replica& replica, const std::string& needle,
                         std::size_t from, Mono::duration bound = seconds{20}) {
    const auto until = Mono::now() + bound;
    while (Mono::now() < until) {
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
inline std::string queue_snapshot(const World& world) {
    return PgServer::get().sql(
        world.database,
        "SELECT (SELECT count(*) FROM queue_events) || ' events; ' || "
        "(SELECT coalesce(string_agg(id || ':' || state || ':' || attempts || ':' || run_id, "
        "', ' ORDER BY id), '') FROM queue_items)");
}
inline std::string lease_row(const World& world) {
    return PgServer::get().sql(world.database,
                               "SELECT holder || ' at epoch ' || epoch FROM leader_lease");
}

inline std::string median_min_max(std::vector<long long> values) {
    if (values.empty()) {
        return "none";
    }
    std::sort(values.begin(), values.end());
    return "median " + std::to_string(values[values.size() / 2]) + " ms, min " +
           std::to_string(values.front()) + " ms, max " + std::to_string(values.back()) + " ms";
}

}  // namespace fairweather::testing::failover
