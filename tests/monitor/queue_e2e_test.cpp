// The release queue end to end with the real binaries: the gate defers a
// security release during an outage and queues it in the monitor; CI turns
// fair; after the recovery window the monitor dispatches the release workflow
// exactly once and follows the run until it ships. Then the same with the
// monitor killed (SIGKILL) again and again at random points of the cycle.
#include <csignal>
#include <fstream>
#include <random>

#include <boost/test/unit_test.hpp>

#include "core/api/queue_json.h"
#include "core/http/curl_client.h"
#include "tests/support/checks.h"
#include "tests/support/fake_github.h"
#include "tests/support/loopback_server.h"
#include "tests/support/monitor_process.h"
#include "tests/support/payloads.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;

namespace {

const std::string k_summary = "/api/v2/summary.json";
const std::string k_token = "e2e-api-token";

HttpResponse call(const std::string& method, const std::string& url, const std::string& body = "",
                  const std::string& token = k_token) {
    return call_monitor(method, url, body, token);
}

struct World {
    LoopbackServer status;
    FakeGitHub github;
    TempDir dir;
    std::string config;

    explicit World(const std::string& status_json = github_summary("operational")) {
        status.serve_json(k_summary, status_json);
        std::ofstream(dir / "api-token") << k_token << "\n";
        // A GitHub token, as in production, so the quota keeps the runs near
        // their 1s (2s; 60 requests an hour without one would make it 2m1s).
        std::ofstream(dir / "github-token") << "ghp_e2e\n";
        config = (dir / "fairweather.toml").string();
        std::ofstream(config)
            << "[monitor]\npoll_interval = \"1s\"\nrecovery_window = \"2s\"\nstale_after = \"1m\"\n"
               "[[status_pages]]\nname = \"github\"\nurl = \""
            << status.url() << "\"\n"
            << "components = [\"br0l2tvcx85d\"]\n"
               "[github]\napi_url = \""
            << github.url() << "\"\ntoken_file = \"" << (dir / "github-token").string() << "\"\n"
            << "[api]\ntoken_file = \"" << (dir / "api-token").string() << "\"\n"
            << "[queue]\nfollow_interval = \"200ms\"\ndispatch_grace = \"3s\"\n"
               "retry_backoff = \"1s\"\nmax_attempts = 5\n"
               "[[repos]]\nname = \"acme/widget\"\nrelease_workflow = \"release.yml\"\n";
    }
    std::vector<std::string> args() const { return monitor_args(config, dir / "state"); }
};

struct Running {
    BackgroundProcess process;
    std::string base;

    explicit Running(const World& world)
        : process(monitor_binary(), world.args()), base(wait_until_serving(process)) {}
};

std::string enqueue(const std::string& base, const std::string& version) {
    const auto r =
        call("POST", base + "/api/v1/releases",
             R"({"repo":"acme/widget","version":")" + version + R"(","requested_by":"e2e"})");
    BOOST_REQUIRE_MESSAGE(r.status == 201 || r.status == 200, r.status << " " << r.body);
    return parse_queue_item(r.body)->id;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(queue_end_to_end)

BOOST_AUTO_TEST_CASE(outage_defer_enqueue_recover_dispatch_once_ship) {
    World world(github_summary("major_outage"));
    Running monitor(world);
    BOOST_REQUIRE(!monitor.process.wait_for_line("weather changed to outage").empty());

    const auto gate =
        run_process(gate_binary(),
                    {"check", "--kind", "security", "--release", "39.0.1", "--repo", "acme/widget",
                     "--monitor", monitor.base, "--advisory", "GHSA-xxxx-yyyy-zzzz"},
                    {{"FAIRWEATHER_API_TOKEN", k_token}, {"GITHUB_ACTOR", "octocat"}});
    BOOST_TEST(gate.exit_code == 75, gate.out << gate.err);
    BOOST_TEST(contains(gate.out, "queued in the monitor as sr-"), gate.out);
    const auto items =
        parse_queue_items(call("GET", monitor.base + "/api/v1/releases", "", "").body);
    BOOST_REQUIRE(items && items->size() == 1u);
    const QueueItem queued = items->front();
    BOOST_TEST(queued.advisory_id == "GHSA-xxxx-yyyy-zzzz");
    BOOST_TEST(contains(queued.requested_by, "octocat"));

    // A second gate run for the same release does not queue it twice.
    const auto again = run_process(gate_binary(),
                                   {"check", "--kind", "security", "--release", "39.0.1", "--repo",
                                    "acme/widget", "--monitor", monitor.base},
                                   {{"FAIRWEATHER_API_TOKEN", k_token}});
    BOOST_TEST(contains(again.out, "already queued in the monitor as " + queued.id), again.out);
    BOOST_TEST(world.github.dispatches().empty());

    world.status.replace_json(k_summary, github_summary("operational"));
    BOOST_REQUIRE_MESSAGE(
        !monitor.process.wait_for_line(queued.id + ") running -> shipped").empty(),
        monitor.process.err());
    BOOST_TEST(world.github.dispatches().size() == 1u);
    BOOST_TEST(world.github.dispatch_counts().at(queued.id) == 1);
    const auto shipped =
        parse_queue_item(call("GET", monitor.base + "/api/v1/releases/" + queued.id, "", "").body);
    BOOST_TEST((shipped->state == QueueState::shipped));
    // The dispatcher logs the transition before it counts it in the metrics
    // (the same step, a moment later): scrape until the count is there.
    std::string metrics;
    for (int scrape = 0; scrape < 1000; ++scrape) {
        metrics = call("GET", monitor.base + "/metrics", "", "").body;
        if (contains(metrics, "fairweather_security_releases{state=\"shipped\"} 1")) {
            break;
        }
    }
    BOOST_TEST(contains(metrics, "fairweather_security_release_time_to_ship_seconds_count 1"),
               metrics);
    BOOST_TEST(contains(metrics, "fairweather_security_releases{state=\"shipped\"} 1"));
    const auto listed = run_process(gate_binary(), {"queue", "list", "--monitor", monitor.base});
    BOOST_TEST(listed.exit_code == 0);
    BOOST_TEST(contains(listed.out, queued.id + "  acme/widget 39.0.1  shipped"), listed.out);
    BOOST_TEST(monitor.process.stop(SIGTERM) == 0);
}

BOOST_AUTO_TEST_CASE(a_monitor_killed_at_random_points_ships_every_item_exactly_once) {
    World world;
    std::mt19937 rng(20261121);  // fixed: a failure can be replayed
    std::vector<std::string> ids;
    int kills = 0;
    std::unique_ptr<Running> monitor = std::make_unique<Running>(world);
    for (int round = 0; round < 32; ++round) {
        if (round % 5 == 0) {
            ids.push_back(enqueue(monitor->base, "39.0." + std::to_string(ids.size() + 1)));
        }
        // Kill after a random number of requests to GitHub: before, during or
        // after a dispatch, or while a run is being followed.
        const std::size_t seen = world.github.server().request_count();
        const std::size_t more = 1 + rng() % 6;
        world.github.server().wait_for_total(seen + more, std::chrono::seconds{20});
        monitor->process.stop(SIGKILL);
        ++kills;
        monitor = std::make_unique<Running>(world);
    }
    // Let the last monitor finish what is left.
    auto remaining = [&] {
        const auto items =
            parse_queue_items(call("GET", monitor->base + "/api/v1/releases", "", "").body);
        BOOST_REQUIRE(items.has_value());
        return std::count_if(items->begin(), items->end(),
                             [](const QueueItem& i) { return i.state != QueueState::shipped; });
    };
    for (auto left = remaining(); left > 0; --left) {
        BOOST_REQUIRE_MESSAGE(!monitor->process.wait_for_line("running -> shipped", 60).empty(),
                              monitor->process.err());
    }
    BOOST_TEST(remaining() == 0);
    BOOST_TEST(kills >= 30);
    BOOST_TEST_MESSAGE(kills << " kills, " << ids.size() << " items, "
                             << world.github.dispatches().size() << " dispatches, "
                             << world.github.server().request_count() << " GitHub requests");
    const auto counts = world.github.dispatch_counts();
    BOOST_TEST(counts.size() == ids.size());
    for (const auto& id : ids) {
        BOOST_TEST(counts.count(id) == 1u, id);
        if (counts.count(id) == 1u) {
            BOOST_TEST(counts.at(id) == 1, id << " was dispatched " << counts.at(id) << " times");
        }
    }
    monitor->process.stop(SIGTERM);
}

BOOST_AUTO_TEST_CASE(bad_requests_are_refused_over_http) {
    World world;
    Running monitor(world);
    const std::string url = monitor.base + "/api/v1/releases";
    auto r = call("POST", url, R"({"repo":"acme/widget","version":"39.0.1"})", "");
    BOOST_TEST(r.status == 401);
    r = call("POST", url, R"({"repo":"acme/widget","version":"39.0.1"})", "wrong");
    BOOST_TEST(r.status == 401);
    r = call("POST", url, R"({"repo":"acme/widget","version":"39.0.1","inputs":{"x":"a\u0007b"}})");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(contains(r.body, "\"field\":\"inputs.x\""), r.body);
    r = call("POST", url,
             R"({"repo":"acme/widget","version":")" + std::string(70 * 1024, '1') + R"("})");
    BOOST_TEST(r.status == 413);
    r = call("DELETE", url + "/sr-0000000000000000");
    BOOST_TEST(r.status == 404);
    const auto gate = run_process(
        gate_binary(),
        {"queue", "add", "--repo", "acme/widget", "--release", "39.x", "--monitor", monitor.base},
        {{"FAIRWEATHER_API_TOKEN", k_token}});
    BOOST_TEST(gate.exit_code == 1);
    BOOST_TEST(
        contains(
            gate.err,
            "the monitor refused: HTTP 400 Bad Request: version: \"39.x\" is not a SemVer version"),
        gate.err);
    const auto unreachable =
        run_process(gate_binary(), {"queue", "list", "--monitor", "http://127.0.0.1:1"});
    BOOST_TEST(unreachable.exit_code == 69);
}

// Without an API token the monitor serves reads anywhere (a Prometheus on
// another host scrapes it) and refuses every change, saying what to set.
BOOST_AUTO_TEST_CASE(without_a_token_it_serves_reads_beyond_loopback_and_refuses_changes) {
    TempDir dir;
    LoopbackServer status;
    status.serve_json(k_summary, github_summary("operational"));
    BackgroundProcess process(monitor_binary(),
                              {"--listen", "0.0.0.0:0", "--state-dir", dir.path().string(),
                               "--status-url", status.url()});
    const std::string any = wait_until_serving(process);
    BOOST_TEST(contains(any, "http://0.0.0.0:"), any);
    const std::string base = "http://127.0.0.1:" + any.substr(any.rfind(':') + 1);
    BOOST_TEST(!process.wait_for_line("changes are off").empty(), process.err());
    BOOST_TEST(call("GET", base + "/api/v1/weather", "", "").status == 200);
    BOOST_TEST(call("GET", base + "/metrics", "", "").status == 200);
    const auto refused = call("POST", base + "/api/v1/releases",
                              R"({"repo":"acme/widget","version":"1.0.1"})", "anything");
    BOOST_TEST(refused.status == 403, refused.body);
    BOOST_TEST(contains(refused.body, "has no API token"), refused.body);
}

BOOST_AUTO_TEST_SUITE_END()
