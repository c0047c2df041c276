// The real fairweather-monitor on loopback, probed as an attacker on the
// network and an unlucky operator would: slow and hostile clients, HTTP
// framing tricks, a workflow the queue must not run, the state database
// deleted under it, and a queue row it cannot read. Each case waits for the
// monitor's answers, its log lines and the fake's request counts, never for
// a fixed time.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/api/queue_json.h"
#include "core/http/curl_client.h"
#include "tests/support/checks.h"
#include "tests/support/fake_github.h"
#include "tests/support/loopback_server.h"
#include "tests/support/monitor_process.h"
#include "tests/support/payloads.h"
#include "tests/support/process.h"
#include "tests/support/raw_client.h"
#include "tests/support/sqlite_shell.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace utf = boost::unit_test;

namespace {

const std::string k_summary = "/api/v2/summary.json";
const std::string k_token = "hardening-api-token";

HttpResponse call(const std::string& method, const std::string& url, const std::string& body = "",
                  const std::string& token = k_token) {
    return call_monitor(method, url, body, token);
}

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

struct World {
    LoopbackServer status;
    FakeGitHub github;
    TempDir dir;
    std::string config;

    explicit World(const std::string& monitor_extra = "") {
        status.serve_json(k_summary, github_summary("operational"));
        std::ofstream(dir / "api-token") << k_token << "\n";
        config = (dir / "fairweather.toml").string();
        std::ofstream(config)
            << "[monitor]\npoll_interval = \"1s\"\nrecovery_window = \"1h\"\nstale_after = \"1m\"\n"
            << monitor_extra << "[[status_pages]]\nname = \"github\"\nurl = \"" << status.url()
            << "\"\ncomponents = [\"br0l2tvcx85d\"]\n[github]\napi_url = \"" << github.url()
            << "\"\n[api]\ntoken_file = \"" << (dir / "api-token").string() << "\"\n"
            << "[[repos]]\nname = \"acme/widget\"\nrelease_workflow = \"release.yml\"\n"
               "release_workflows = [\"backport.yml\"]\n";
    }
    fs::path state_dir() const { return dir / "state"; }
    std::vector<std::string> args() const {
        return {"--config", config, "--listen", "127.0.0.1:0", "--state-dir", state_dir().string()};
    }
};

struct Running {
    BackgroundProcess process;
    std::string base;
    int port = 0;

    explicit Running(const World& world)
        : process(monitor_binary(), world.args()),
          base(wait_until_serving(process)),
          port(std::stoi(base.substr(base.rfind(':') + 1))) {}
    void expect_line(const std::string& needle) {
        BOOST_REQUIRE_MESSAGE(!process.wait_for_line(needle).empty(), "no log line with \""
                                                                          << needle << "\":\n"
                                                                          << process.err());
    }
};

std::string enqueue_body(const std::string& version, const std::string& workflow = "") {
    return R"({"repo":"acme/widget","version":")" + version + "\"" +
           (workflow.empty() ? "" : R"(,"workflow":")" + workflow + "\"") + "}";
}

std::string head_with_token(const std::string& request_line, const std::string& more = "") {
    return request_line + "\r\nHost: monitor\r\nAuthorization: Bearer " + k_token + "\r\n" + more +
           "\r\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(monitor_hardening)

// Four slow bodies that passed the token, four slow heads, four bodies without
// a token and two dozen reconnecting half-requests: /healthz and /metrics
// answer throughout, and every slow client is closed at its deadline.
BOOST_AUTO_TEST_CASE(slow_clients_cannot_silence_health_or_metrics) {
    World world("request_timeout = \"2s\"\nmax_connections = 16\n");
    Running monitor(world);
    const auto started = std::chrono::steady_clock::now();

    std::vector<std::unique_ptr<RawClient>> bodies;
    for (int i = 0; i < 4; ++i) {
        bodies.push_back(std::make_unique<RawClient>(monitor.port));
        bodies.back()->send(head_with_token("POST /api/v1/releases HTTP/1.1",
                                            "Content-Type: application/json\r\n"
                                            "Content-Length: 60000\r\n") +
                            "{");
    }
    std::vector<std::unique_ptr<RawClient>> heads;
    for (int i = 0; i < 4; ++i) {
        heads.push_back(std::make_unique<RawClient>(monitor.port));
        heads.back()->send("GET /metrics HTTP/1.1\r\nHo");
    }
    // Without the token, the body is never waited for: refused and closed at once.
    for (int i = 0; i < 4; ++i) {
        RawClient anonymous(monitor.port);
        anonymous.send(
            "POST /api/v1/releases HTTP/1.1\r\nHost: monitor\r\nContent-Length: 60000\r\n\r\n{");
        BOOST_TEST(anonymous.response().starts_with("HTTP/1.1 401"));
        BOOST_TEST(anonymous.closed_by_server());
    }
    std::vector<std::unique_ptr<RawClient>> crowd;
    for (int i = 0; i < 24; ++i) {
        crowd.push_back(std::make_unique<RawClient>(monitor.port));
        crowd.back()->send("POST /api/v1/rel");
    }

    for (int i = 0; i < 5; ++i) {
        const auto health = call("GET", monitor.base + "/healthz");
        BOOST_TEST(health.status == 200);
        const auto metrics = call("GET", monitor.base + "/metrics");
        BOOST_TEST(metrics.status == 200);
        BOOST_TEST(contains(metrics.body, "fairweather_weather"));
    }

    // Each slow body is answered 408 at its deadline and closed.
    for (auto& c : bodies) {
        const std::string response = c->response();
        BOOST_TEST((response.empty() || response.starts_with("HTTP/1.1 408")), response);
        BOOST_TEST(c->closed_by_server());
    }
    for (auto& c : heads) {
        BOOST_TEST(c->closed_by_server());
    }
    for (auto& c : crowd) {
        BOOST_TEST(c->closed_by_server());
    }
    // Bounded: a deadline of 2 s, not the hours a byte a second would take.
    const auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST((took < 15s), std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                 << " ms");
    BOOST_TEST(call("GET", monitor.base + "/healthz").status == 200);
}

BOOST_AUTO_TEST_CASE(framing_tricks_are_refused_and_head_has_no_body) {
    World world;
    Running monitor(world);

    RawClient kept(monitor.port);
    kept.send("HEAD /healthz HTTP/1.1\r\nHost: monitor\r\n\r\n");
    const std::string head = kept.response(true);
    BOOST_TEST(head.starts_with("HTTP/1.1 200"), head);
    // The next response on the connection is read as what it is.
    kept.send("GET /healthz HTTP/1.1\r\nHost: monitor\r\n\r\n");
    const std::string get = kept.response();
    BOOST_TEST(get.starts_with("HTTP/1.1 200"), get);
    BOOST_TEST(kept.leftover().empty());

    RawClient twice(monitor.port);
    twice.send(head_with_token("POST /api/v1/releases HTTP/1.1",
                               "Content-Length: 2\r\nContent-Length: 40\r\n") +
               "{}");
    BOOST_TEST(twice.response().starts_with("HTTP/1.1 400"));
    BOOST_TEST(twice.closed_by_server());

    RawClient chunked(monitor.port);
    chunked.send(head_with_token("POST /api/v1/releases HTTP/1.1",
                                 "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n") +
                 "0\r\n\r\nGET /metrics HTTP/1.1\r\n\r\n");
    BOOST_TEST(chunked.response().starts_with("HTTP/1.1 400"));
    BOOST_TEST(chunked.closed_by_server());
    BOOST_TEST(!contains(chunked.leftover(), "fairweather_"));  // the smuggled GET never ran

    // The scheme is case-insensitive (RFC 9110 11.1).
    CurlHttpClient http(HttpSettings{});
    HttpRequest lower;
    lower.method = "POST";
    lower.url = monitor.base + "/api/v1/releases";
    lower.body = enqueue_body("1.0.1");
    lower.headers.add("Content-Type", "application/json");
    lower.headers.add("Authorization", "bearer " + k_token);
    const auto accepted = http.send(lower);
    BOOST_REQUIRE(accepted.has_value());
    BOOST_TEST(accepted->status == 201, accepted->body);
}

BOOST_AUTO_TEST_CASE(only_the_release_workflows_can_be_queued) {
    World world;
    Running monitor(world);
    const auto refused =
        call("POST", monitor.base + "/api/v1/releases", enqueue_body("1.0.1", "deploy-prod.yml"));
    BOOST_TEST(refused.status == 403, refused.body);
    BOOST_TEST(contains(refused.body, "deploy-prod.yml"), refused.body);
    BOOST_TEST(contains(refused.body, "release.yml, backport.yml"), refused.body);
    BOOST_TEST(
        call("POST", monitor.base + "/api/v1/releases", enqueue_body("1.0.2", "backport.yml"))
            .status == 201);
    BOOST_TEST(call("POST", monitor.base + "/api/v1/releases", enqueue_body("1.0.3")).status ==
               201);
    // Nothing refused reached the queue.
    const auto items = parse_queue_items(call("GET", monitor.base + "/api/v1/releases").body);
    BOOST_REQUIRE(items.has_value());
    BOOST_TEST(items->size() == 2u);

    const auto ancient = call("POST", monitor.base + "/api/v1/releases",
                              R"({"repo":"acme/widget","version":"1.0.4",)"
                              R"("advisory_at":"0001-01-01T00:00:00Z"})");
    BOOST_TEST(ancient.status == 400, ancient.body);
    BOOST_TEST(contains(ancient.body, "advisory_at"), ancient.body);
    const auto doubled = call("POST", monitor.base + "/api/v1/releases",
                              R"({"repo":"acme/widget","version":"1.0.5","version":"9.9.9"})");
    BOOST_TEST(doubled.status == 400, doubled.body);
    BOOST_TEST(contains(doubled.body, "given twice"), doubled.body);
    const auto stray = call("POST", monitor.base + "/api/v1/decisions",
                            R"({"repo":"acme/widget","version":"1.0.5","kind":"regular",)"
                            R"("decision":"proceed","weather":"fair","verdict":"yes"})");
    BOOST_TEST(stray.status == 400, stray.body);
    BOOST_TEST(contains(stray.body, "unknown field"), stray.body);
}

// `rm fairweather.db*` under a running monitor: it notices, fails /readyz,
// refuses new work with a 503 that says why, counts and logs it (once per
// quiet period), and nothing it answered 201 for is lost on restart.
BOOST_AUTO_TEST_CASE(a_deleted_database_is_noticed_and_nothing_is_accepted_into_it) {
    World world;
    const std::string queued_before = [&] {
        Running monitor(world);
        return parse_queue_item(
                   call("POST", monitor.base + "/api/v1/releases", enqueue_body("1.0.1")).body)
            ->id;
    }();
    {
        Running monitor(world);
        BOOST_TEST(call("GET", monitor.base + "/api/v1/releases/" + queued_before).status == 200);
        for (const auto& entry : fs::directory_iterator(world.state_dir())) {
            fs::remove(entry.path());
        }
        const auto refused = call("POST", monitor.base + "/api/v1/releases", enqueue_body("1.0.2"));
        BOOST_TEST(refused.status == 503, refused.body);
        BOOST_TEST(contains(refused.body, "was deleted while fairweather-monitor was running"),
                   refused.body);
        const auto ready = call("GET", monitor.base + "/readyz");
        BOOST_TEST(ready.status == 503, ready.body);
        BOOST_TEST(contains(ready.body, "\"store_error\""), ready.body);

        // A few polls later: each failed write counted, the log line written once.
        const std::size_t polls = world.status.count(k_summary);
        BOOST_REQUIRE(world.status.wait_for_count(k_summary, polls + 4));
        monitor.expect_line("state store failed while recording a poll round");
        const auto metrics = call("GET", monitor.base + "/metrics").body;
        BOOST_TEST(!contains(metrics, "fairweather_state_store_errors_total 0"), metrics);
        BOOST_TEST(contains(metrics, "fairweather_state_store_errors_total"), metrics);
        BOOST_TEST(count_of(monitor.process.err(),
                            "state store failed while recording a poll round") == 1u,
                   monitor.process.err());
    }
    // A restart starts a new history there; the refused release was never in any.
    Running monitor(world);
    const auto items = parse_queue_items(call("GET", monitor.base + "/api/v1/releases").body);
    BOOST_REQUIRE(items.has_value());
    BOOST_TEST(items->empty());
}

BOOST_AUTO_TEST_CASE(a_row_it_cannot_read_is_skipped_shown_and_counted,
                     *utf::precondition(sqlite3_shell_present)) {
    World world;
    std::string bad;
    std::string good;
    {
        Running monitor(world);
        bad = parse_queue_item(
                  call("POST", monitor.base + "/api/v1/releases", enqueue_body("1.0.1")).body)
                  ->id;
        good = parse_queue_item(
                   call("POST", monitor.base + "/api/v1/releases", enqueue_body("1.0.2")).body)
                   ->id;
    }
    // As a newer fairweather, or a hand edit, might leave it.
    sqlite3_run(world.state_dir() / "fairweather.db",
                "UPDATE queue_items SET state = 'teleported' WHERE id = '" + bad + "';");

    Running monitor(world);
    const auto listing = call("GET", monitor.base + "/api/v1/releases");
    BOOST_TEST(listing.status == 200, listing.body);
    const auto items = parse_queue_items(listing.body);
    BOOST_REQUIRE(items.has_value());
    BOOST_REQUIRE(items->size() == 1u);
    BOOST_TEST(items->front().id == good);
    BOOST_TEST(contains(listing.body, "\"unreadable\""), listing.body);
    BOOST_TEST(contains(listing.body, bad), listing.body);
    BOOST_TEST(call("GET", monitor.base + "/api/v1/releases/" + good).status == 200);
    monitor.expect_line("release " + bad + " has a state \"teleported\"");
    const auto metrics = call("GET", monitor.base + "/metrics").body;
    BOOST_TEST(contains(metrics, "fairweather_security_releases_unreadable 1"), metrics);
    // The queue still takes new work.
    BOOST_TEST(call("POST", monitor.base + "/api/v1/releases", enqueue_body("1.0.3")).status ==
               201);
}

BOOST_AUTO_TEST_SUITE_END()
