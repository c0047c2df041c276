// The workflow_job webhook through the monitor's own listener and API over
// loopback, wired as run() wires it (a Service, receive_webhooks, the Api,
// HttpServer), and the secret file read at start.
#include <algorithm>
#include <fstream>

#include <boost/test/unit_test.hpp>

#include "core/store/memory_store.h"
#include "core/util/sha256.h"
#include "exporters/registry.h"
#include "monitor/api.h"
#include "monitor/http_server.h"
#include "monitor/options.h"
#include "monitor/service.h"
#include "tests/support/checks.h"
#include "tests/support/fake_http.h"
#include "tests/support/fixtures.h"
#include "tests/support/metric_checks.h"
#include "tests/support/payloads.h"
#include "tests/support/raw_client.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;

namespace {

const std::string k_secret = "s3cret with spaces";
const std::string k_path = "/api/v1/webhooks/github";

Config watching_pygithub() {
    Config c;
    github::RepoSettings repo;
    repo.name = "PyGithub/PyGithub";
    c.repos.push_back(repo);
    return c;
}

// A Service over fakes, its webhooks on (or off), and the real listener.
struct Served {
    // `judged`: deliveries go where run() sends them, into the job books.
    explicit Served(bool webhooks, bool judged = false) {
        if (judged) {
            service.receive_webhooks(Secret(k_secret));
        } else if (webhooks) {
            service.receive_webhooks(Secret(k_secret), [this](const monitor::JobDelivery& d) {
                std::lock_guard lock(mutex);
                delivered.push_back(d.delivery_id);
            });
        }
        api.emplace(service.monitor, service.recorder, service.queue, registry, clock,
                    Secret("api-token"), service.webhooks ? &*service.webhooks : nullptr);
        monitor::ServerLimits limits;
        limits.max_body_bytes = api->max_body_bytes();
        auto started = monitor::HttpServer::start(
            "127.0.0.1:0", [this](const monitor::ServerRequest& r) { return api->handle(r); },
            [this](const monitor::ServerRequest& head) { return api->admit(head); }, limits);
        BOOST_REQUIRE(started.has_value());
        server = std::move(*started);
    }

    Config config = watching_pygithub();
    FakeHttpClient http;
    std::unique_ptr<StateStore> store = make_memory_store();
    metrics::Registry registry;
    monitor::MonitorMetrics metrics{registry};
    std::ostringstream log;
    monitor::Service service{config, Secret{}, http, *store, metrics, log, 1, QueueIds(1)};
    ManualClock clock{*parse_timestamp("2023-01-10T08:27:28Z")};
    std::optional<monitor::Api> api;  // built once the webhooks are on, as run() does
    std::unique_ptr<monitor::HttpServer> server;
    std::mutex mutex;
    std::vector<std::string> delivered;

    // One request on a new connection; the raw response.
    std::string post(const std::string& body, const std::string& extra_headers) {
        RawClient client(server->port());
        client.send("POST " + k_path +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "X-GitHub-Event: workflow_job\r\nX-GitHub-Delivery: 72d3162e\r\n" +
                    extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                    body);
        return client.response();
    }
};

std::string signature_header(const std::string& body) {
    return "X-Hub-Signature-256: sha256=" + to_hex(hmac_sha256(k_secret, body)) + "\r\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_end_to_end)

BOOST_AUTO_TEST_CASE(a_signed_delivery_over_http_is_accepted_without_the_api_token) {
    Served served(true);
    const std::string body = own_fixture("webhooks/workflow_job_completed.json");
    const std::string response = served.post(body, signature_header(body));
    BOOST_TEST(response.starts_with("HTTP/1.1 200"), response);
    BOOST_TEST(contains(response, "{\"accepted\":true,\"delivery\":\"72d3162e\"}"), response);
    BOOST_TEST((served.delivered == std::vector<std::string>{"72d3162e"}));
    const std::string text = served.registry.render();
    expect_metric(text, "fairweather_webhook_deliveries_total{outcome=\"accepted\"}", 1);
    expect_metric(text, "fairweather_webhook_delivery_delay_seconds_count", 1);
}

// A job GitHub queued at 08:24:21 and delivered at once: the monitor's next
// poll judges it without asking GitHub for that run's jobs, and by 08:28 it
// has waited longer than pickup_too_long (3m).
BOOST_AUTO_TEST_CASE(a_delivered_queued_job_is_judged_at_the_next_poll_without_polling_its_jobs) {
    Served served(true, true);
    const std::string body = own_fixture("webhooks/workflow_job_queued.json");
    BOOST_REQUIRE(served.post(body, signature_header(body)).starts_with("HTTP/1.1 200"));
    const std::string runs =
        R"({"total_count":1,"workflow_runs":[{"id":3881497935,"name":"CI",)"
        R"("path":".github/workflows/ci.yml","event":"push","status":"queued",)"
        R"("conclusion":null,"run_attempt":1,"created_at":"2023-01-10T08:24:20Z",)"
        R"("run_started_at":"2023-01-10T08:24:20Z","updated_at":"2023-01-10T08:24:21Z"}]})";
    served.http.answer("https://www.githubstatus.com/api/v2/summary.json", 200,
                       github_summary("operational"));
    served.http.answer("https://api.github.com/repos/PyGithub/PyGithub/actions/runs", 200, runs);
    served.http.answer("https://api.github.com/repos/PyGithub/PyGithub/releases", 200, "[]");
    const TimePoint now = *parse_timestamp("2023-01-10T08:28:00Z");
    served.service.monitor.tick(now);
    for (const auto& request : served.http.requests()) {
        BOOST_TEST(!contains(request.url, "/jobs"), request.url);
    }
    const auto snap = served.service.monitor.snapshot(now);
    const auto actions =
        std::find_if(snap.sources.begin(), snap.sources.end(),
                     [](const Observation& o) { return o.name == "actions:PyGithub/PyGithub"; });
    BOOST_REQUIRE(actions != snap.sources.end());
    BOOST_TEST(actions->actions->jobs_waiting_too_long == 1);
    BOOST_TEST(actions->actions->deliveries == 1);
    BOOST_TEST(to_string(actions->weather) == "degraded");
    BOOST_TEST(contains(actions->reasons.at(0),
                        "1 job waiting longer than 3m for a GitHub-hosted "
                        "runner (longest 3m39s)"),
               actions->reasons.at(0));
}

BOOST_AUTO_TEST_CASE(an_unsigned_delivery_over_http_is_refused_with_401) {
    Served served(true);
    const std::string body = own_fixture("webhooks/workflow_job_completed.json");
    std::string response = served.post(body, "");
    BOOST_TEST(response.starts_with("HTTP/1.1 401"), response);
    BOOST_TEST(contains(response, "missing X-Hub-Signature-256"), response);
    response = served.post(body, "X-Hub-Signature-256: sha256=" + std::string(64, '0') + "\r\n");
    BOOST_TEST(response.starts_with("HTTP/1.1 401"), response);
    BOOST_TEST(served.delivered.empty());
    const std::string text = served.registry.render();
    expect_metric(text, "fairweather_webhook_deliveries_total{outcome=\"unsigned\"}", 1);
    expect_metric(text, "fairweather_webhook_deliveries_total{outcome=\"bad_signature\"}", 1);
}

BOOST_AUTO_TEST_CASE(a_body_over_the_webhooks_limit_is_refused_on_its_head_with_413) {
    Served served(true);
    RawClient client(served.server->port());
    client.send("POST " + k_path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                std::to_string(served.service.webhooks->limits().max_body_bytes + 1) + "\r\n\r\n");
    const std::string response = client.response();
    BOOST_TEST(response.starts_with("HTTP/1.1 413"), response);
    // The API's other paths keep their own 64 KiB.
    RawClient other(served.server->port());
    other.send(
        "POST /api/v1/decisions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer api-token\r\n"
        "Content-Length: 70000\r\n\r\n");
    const std::string refused = other.response();
    BOOST_TEST(refused.starts_with("HTTP/1.1 413"), refused);
}

BOOST_AUTO_TEST_CASE(with_webhooks_off_the_endpoint_is_404_and_names_the_key) {
    Served served(false);
    const std::string body = own_fixture("webhooks/workflow_job_completed.json");
    const std::string response = served.post(body, signature_header(body));
    BOOST_TEST(response.starts_with("HTTP/1.1 404"), response);
    BOOST_TEST(contains(response, "[github] webhook_secret_file"), response);
    BOOST_TEST(!contains(served.registry.render(), "fairweather_webhook_deliveries_total"),
               "no webhook series while webhooks are off");
}

BOOST_AUTO_TEST_CASE(other_methods_are_405_with_allow) {
    Served served(true);
    monitor::ServerRequest get;
    get.method = "GET";
    get.path = k_path;
    const auto r = served.api->handle(get);
    BOOST_TEST(r.status == 405);
    BOOST_TEST(*r.headers.get("Allow") == "POST");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(webhook_secret_file)

std::variant<monitor::MonitorOptions, int> parse_with_secret_file(const TempDir& dir,
                                                                  const std::string& path,
                                                                  std::string& err_text) {
    const auto config = dir / "fairweather.toml";
    std::ofstream(config) << "[github]\nwebhook_secret_file = \"" << path << "\"\n";
    Argv argv("fairweather-monitor", {"--config", config.string()});
    std::ostringstream out;
    std::ostringstream err;
    auto result = monitor::parse_options(argv.argc(), argv.argv(), Environment{}, out, err);
    err_text = err.str();
    return result;
}

BOOST_AUTO_TEST_CASE(the_secret_is_read_at_start_without_its_trailing_newline) {
    TempDir dir;
    std::ofstream(dir / "secret") << k_secret << "\n";
    std::string err;
    const auto result = parse_with_secret_file(dir, (dir / "secret").string(), err);
    BOOST_REQUIRE(std::holds_alternative<monitor::MonitorOptions>(result));
    BOOST_TEST(std::get<monitor::MonitorOptions>(result).webhook_secret.reveal() == k_secret);
}

BOOST_AUTO_TEST_CASE(an_empty_or_unreadable_secret_file_stops_the_start_naming_the_file) {
    TempDir dir;
    std::ofstream(dir / "empty") << " \n";
    std::string err;
    auto result = parse_with_secret_file(dir, (dir / "empty").string(), err);
    BOOST_REQUIRE(std::holds_alternative<int>(result));
    BOOST_TEST(std::get<int>(result) == monitor::exit_codes::config);
    BOOST_TEST(contains(err, "[github] webhook_secret_file " + (dir / "empty").string() +
                                 " is empty; put in it the secret"),
               err);
    result = parse_with_secret_file(dir, (dir / "missing").string(), err);
    BOOST_REQUIRE(std::holds_alternative<int>(result));
    BOOST_TEST(
        contains(err, "cannot read [github] webhook_secret_file " + (dir / "missing").string()),
        err);
}

BOOST_AUTO_TEST_SUITE_END()
