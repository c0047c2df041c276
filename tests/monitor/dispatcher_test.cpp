// The deferred security-release queue in the monitor: the dispatcher's state
// machine on a manual clock against a fake GitHub on loopback (and a
// scripted fake HTTP client for lost answers), restarts in the middle of a
// dispatch, and the API's authentication and validation.
#include <algorithm>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "core/api/queue_json.h"
#include "core/http/curl_client.h"
#include "exporters/registry.h"
#include "monitor/api.h"
#include "monitor/monitor.h"
#include "monitor/service.h"
#include "tests/support/checks.h"
#include "tests/support/fake_github.h"
#include "tests/support/fake_http.h"
#include "tests/support/loopback_server.h"
#include "tests/support/payloads.h"
#include "tests/support/queue_requests.h"
#include "tests/support/sqlite_shell.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;

namespace {

// A monitor with its queue on, a status page and a fake GitHub on loopback,
// a real SQLite store and a manual clock.
struct World {
    LoopbackServer status;
    FakeGitHub github;
    TempDir dir;
    Config config;
    CurlHttpClient http{HttpSettings{}};
    metrics::Registry registry;
    monitor::MonitorMetrics metrics{registry};
    std::ostringstream log;
    std::unique_ptr<StateStore> store;
    std::unique_ptr<monitor::Service> service;
    ManualClock clock{t0};
    std::uint64_t restarts = 0;

    World() {
        status.serve_json("/api/v2/summary.json", github_summary("operational"));
        config = queue_config(status.url(), github.url());
        start();
    }
    // (Re)starts the monitor on the same state, as after a crash.
    void start() {
        service.reset();
        store.reset();
        auto opened = open_sqlite_store(dir / "state.db");
        BOOST_REQUIRE(opened.has_value());
        store = std::move(*opened);
        service = std::make_unique<monitor::Service>(config, Secret("ghp_secret"), http, *store,
                                                     metrics, log, 1, QueueIds(++restarts));
        BOOST_REQUIRE(service->monitor.resume().has_value());
    }
    QueueItem enqueue(const std::string& version) {
        auto r = service->queue.enqueue(request_for(version), clock.now());
        BOOST_REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().message));
        return r->first;
    }
    QueueItem item(const std::string& id) { return *service->queue.item(id, clock.now()); }
    // Ticks at `now`, then keeps ticking at the wake times until `until`.
    void run_until(TimePoint until) {
        while (clock.now() <= until) {
            const TimePoint next = service->monitor.tick(clock.now());
            clock.set(std::max(next, clock.now() + 1s));
        }
    }
    std::string metrics_text() { return serialize_metrics(registry); }
};

std::vector<std::string> states(const QueueItem& item) {
    std::vector<std::string> out;
    for (const auto& e : item.history) {
        out.emplace_back(to_string(e.to));
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(queue_dispatch)

BOOST_AUTO_TEST_CASE(a_queued_release_ships_once_ci_has_been_fair_for_the_window) {
    World w;
    const QueueItem queued = w.enqueue("39.0.1");
    w.run_until(t0 + 1min);
    BOOST_TEST(w.github.dispatches().empty(), "not before the recovery window has passed");
    w.run_until(t0 + 5min);
    const auto dispatches = w.github.dispatches();
    BOOST_REQUIRE(dispatches.size() == 1u);
    BOOST_TEST(dispatches[0].workflow == "release.yml");
    BOOST_TEST(dispatches[0].ref == "main");  // the repository's default branch
    BOOST_TEST(dispatches[0].correlation == queued.id);
    BOOST_TEST(dispatches[0].authorization == "Bearer ghp_secret");
    BOOST_TEST(contains(dispatches[0].body, "\"version\":\"39.0.1\""), dispatches[0].body);
    const QueueItem item = w.item(queued.id);
    BOOST_TEST((item.state == QueueState::shipped));
    BOOST_TEST(item.attempts == 1);
    BOOST_TEST(item.run_url == "https://github.com/acme/widget/actions/runs/9000");
    BOOST_TEST((states(item) == std::vector<std::string>{"queued", "dispatching", "dispatched",
                                                         "running", "shipped"}));
    const std::string text = w.metrics_text();
    BOOST_TEST(contains(text, "fairweather_security_release_time_to_ship_seconds_count 1"), text);
    BOOST_TEST(contains(text, "fairweather_security_releases{state=\"shipped\"} 1"));
    BOOST_TEST(
        contains(text, "fairweather_security_release_dispatches_total{result=\"accepted\"} 1"));
    BOOST_TEST(contains(w.log.str(), "-> shipped: run 9000 succeeded"), w.log.str());
}

// The dispatch asks GitHub for the run it starts; an answer that names it
// (200) takes the item straight to running, without searching the workflow's
// runs for the correlation id.
BOOST_AUTO_TEST_CASE(a_dispatch_answer_that_names_its_run_needs_no_search) {
    World w;
    w.github.set_run_details(FakeGitHub::RunDetails::answered);
    const QueueItem queued = w.enqueue("39.0.1");
    w.run_until(t0 + 5min);
    const auto dispatches = w.github.dispatches();
    BOOST_REQUIRE(dispatches.size() == 1u);
    BOOST_TEST(contains(dispatches[0].body, "\"return_run_details\":true"), dispatches[0].body);
    const QueueItem item = w.item(queued.id);
    BOOST_TEST((item.state == QueueState::shipped));
    BOOST_TEST(item.run_id == 9000);
    BOOST_TEST(
        (states(item) == std::vector<std::string>{"queued", "dispatching", "running", "shipped"}));
    BOOST_TEST(w.github.server().count("/repos/acme/widget/actions/workflows/release.yml/runs") ==
               0u);
    BOOST_TEST(contains(w.log.str(), "and started run 9000"), w.log.str());
}

// A server that validates keys and does not know return_run_details refuses
// it (422) and dispatches nothing: the dispatch is sent again the old way at
// once, and the run is found by its correlation id.
BOOST_AUTO_TEST_CASE(a_server_that_refuses_the_run_details_key_gets_the_old_dispatch) {
    World w;
    w.github.set_run_details(FakeGitHub::RunDetails::refused);
    const QueueItem queued = w.enqueue("39.0.1");
    w.run_until(t0 + 5min);
    const auto dispatches = w.github.dispatches();
    BOOST_REQUIRE(dispatches.size() == 1u);
    BOOST_TEST(!contains(dispatches[0].body, "return_run_details"), dispatches[0].body);
    const QueueItem item = w.item(queued.id);
    BOOST_TEST((item.state == QueueState::shipped));
    BOOST_TEST(item.attempts == 1);
    BOOST_TEST((states(item) == std::vector<std::string>{"queued", "dispatching", "dispatched",
                                                         "running", "shipped"}));
}

BOOST_AUTO_TEST_CASE(nothing_is_dispatched_while_ci_is_bad) {
    World w;
    w.status.replace_json("/api/v2/summary.json", github_summary("major_outage"));
    const QueueItem queued = w.enqueue("39.0.1");
    w.run_until(t0 + 30min);
    BOOST_TEST(w.github.dispatches().empty());
    BOOST_TEST((w.item(queued.id).state == QueueState::queued));
    w.status.replace_json("/api/v2/summary.json", github_summary("operational"));
    w.run_until(t0 + 31min);
    BOOST_TEST(w.github.dispatches().empty(), "fair for one minute of a two-minute window");
    w.run_until(t0 + 40min);
    BOOST_TEST(w.github.dispatches().size() == 1u);
    BOOST_TEST((w.item(queued.id).state == QueueState::shipped));
}

BOOST_AUTO_TEST_CASE(a_failed_run_is_retried_with_backoff_then_failed) {
    World w;
    w.github.set_run_outcome("failure", 2);
    const QueueItem queued = w.enqueue("39.0.1");
    w.run_until(t0 + 3min);
    QueueItem item = w.item(queued.id);
    BOOST_TEST((item.state == QueueState::queued));
    BOOST_REQUIRE(item.next_attempt_at.has_value());
    const TimePoint retry_at = *item.next_attempt_at;
    w.run_until(retry_at - 1s);
    BOOST_TEST(w.github.dispatches().size() == 1u, "not before the backoff is over");
    w.run_until(t0 + 2h);
    item = w.item(queued.id);
    BOOST_TEST((item.state == QueueState::failed));
    BOOST_TEST(item.attempts == 3);
    BOOST_TEST(w.github.dispatches().size() == 3u);
    BOOST_TEST(contains(item.history.back().cause, "giving up after 3 attempts"),
               item.history.back().cause);
    // Backoff doubled: 5m then 10m between the attempts' failures and the next dispatch.
    std::vector<TimePoint> dispatching;
    for (const auto& e : item.history) {
        if (e.to == QueueState::dispatching) {
            dispatching.push_back(e.at);
        }
    }
    BOOST_REQUIRE(dispatching.size() == 3u);
    BOOST_TEST((dispatching[2] - dispatching[1] > dispatching[1] - dispatching[0]));
    BOOST_TEST(contains(w.metrics_text(), "fairweather_security_release_failures_total 1"),
               w.metrics_text());
}

BOOST_AUTO_TEST_CASE(a_refused_dispatch_fails_at_once_and_says_why) {
    World w;
    w.github.set_dispatch_status(422);
    const QueueItem queued = w.enqueue("39.0.1");
    w.run_until(t0 + 5min);
    const QueueItem item = w.item(queued.id);
    BOOST_TEST((item.state == QueueState::failed));
    BOOST_TEST(contains(item.history.back().cause, "GitHub refused the dispatch: HTTP 422"),
               item.history.back().cause);
    BOOST_TEST(w.github.dispatches().size() == 1u);
    BOOST_TEST(contains(w.metrics_text(),
                        "fairweather_security_release_dispatches_total{result=\"rejected\"} 1"));
    BOOST_TEST(contains(w.metrics_text(), "fairweather_security_release_failures_total 1"));
}

// A row this build cannot read (a newer fairweather's state, a hand edit) is
// skipped and counted; every other release still ships.
BOOST_AUTO_TEST_CASE(a_row_it_cannot_read_stops_no_other_release,
                     *boost::unit_test::precondition(sqlite3_shell_present)) {
    World w;
    const QueueItem bad = w.enqueue("39.0.1");
    const QueueItem good = w.enqueue("39.0.2");
    w.service.reset();
    w.store.reset();
    sqlite3_run(w.dir / "state.db",
                "UPDATE queue_items SET kind = 'hotfix' WHERE id = '" + bad.id + "'");
    w.start();
    w.run_until(t0 + 5min);
    const auto dispatches = w.github.dispatches();
    BOOST_REQUIRE(dispatches.size() == 1u);
    BOOST_TEST(dispatches[0].correlation == good.id);
    BOOST_TEST((w.item(good.id).state == QueueState::shipped));
    BOOST_TEST(contains(w.metrics_text(), "fairweather_security_releases_unreadable 1"));
    // Said once, not on every step.
    const std::string line =
        "release queue: skipping a row: release " + bad.id + " has a release kind \"hotfix\"";
    const std::string log = w.log.str();
    BOOST_TEST(contains(log, line), log);
    BOOST_TEST(log.find(line) == log.rfind(line), log);
}

BOOST_AUTO_TEST_CASE(
    a_monitor_that_died_after_dispatching_finds_the_run_instead_of_dispatching_again) {
    World w;
    const QueueItem queued = w.enqueue("39.0.1");
    w.run_until(t0 + 2min + 30s);  // dispatched, the run exists at GitHub
    BOOST_REQUIRE(w.github.dispatches().size() == 1u);
    // As if it was killed after the POST reached GitHub but before "dispatched" was saved.
    QueueItem item = w.item(queued.id);
    const QueueState was = item.state;
    item.state = QueueState::dispatching;
    item.run_id = 0;
    BOOST_REQUIRE(w.store->save_queue_item(item, was, std::nullopt, std::nullopt).value_or(false));
    w.start();
    w.run_until(t0 + 10min);
    BOOST_TEST(w.github.dispatches().size() == 1u);
    BOOST_TEST((w.item(queued.id).state == QueueState::shipped));
}

BOOST_AUTO_TEST_CASE(a_monitor_that_died_before_sending_dispatches_after_the_grace) {
    World w;
    const QueueItem queued = w.enqueue("39.0.1");
    // Intent recorded, request never sent.
    QueueItem item = w.item(queued.id);
    item.state = QueueState::dispatching;
    item.attempts = 1;
    item.dispatched_at = t0;
    BOOST_REQUIRE(
        w.store
            ->save_queue_item(item, QueueState::queued,
                              QueueEvent{t0, QueueState::queued, QueueState::dispatching, "test"},
                              std::nullopt)
            .value_or(false));
    w.start();
    w.run_until(t0 + 50s);
    BOOST_TEST(w.github.dispatches().empty(), "it looks for the run first, for the whole grace");
    w.run_until(t0 + 10min);
    BOOST_TEST(w.github.dispatches().size() == 1u);
    item = w.item(queued.id);
    BOOST_TEST((item.state == QueueState::shipped));
    BOOST_TEST(item.attempts == 2);
    BOOST_TEST(std::any_of(item.history.begin(), item.history.end(), [](const QueueEvent& e) {
        return contains(e.cause, "so it did not happen; dispatching again");
    }));
}

BOOST_AUTO_TEST_CASE(a_run_waiting_for_a_runner_while_ci_is_bad_again_is_cancelled_and_requeued) {
    World w;
    w.config.queue.run_start_timeout = 5min;
    w.start();
    w.github.set_reads_to_start(1000);  // no runner ever takes it
    const QueueItem queued = w.enqueue("39.0.1");
    w.run_until(t0 + 2min + 30s);
    BOOST_TEST((w.item(queued.id).state == QueueState::running));
    w.run_until(t0 + 4min);
    BOOST_TEST(w.github.runs_cancelled() == 0u, "CI is fair: a slow start is left alone");
    w.status.replace_json("/api/v2/summary.json", github_summary("major_outage"));
    w.run_until(t0 + 6min);
    BOOST_TEST(w.github.runs_cancelled() == 0u, "not before run_start_timeout");
    w.run_until(t0 + 9min);
    BOOST_TEST(w.github.runs_cancelled() == 1u);
    const QueueItem item = w.item(queued.id);
    BOOST_TEST((item.state == QueueState::queued));
    BOOST_TEST(
        contains(item.history.back().cause, "for a runner while CI is bad again; cancelled it"),
        item.history.back().cause);
    BOOST_TEST(w.github.dispatches().size() == 1u, "and no new dispatch while CI is bad");
}

BOOST_AUTO_TEST_CASE(a_duplicate_request_returns_the_same_item) {
    World w;
    const auto first = w.service->queue.enqueue(request_for("39.0.1"), t0);
    const auto second = w.service->queue.enqueue(request_for("v39.0.1"), t0 + 1min);
    BOOST_REQUIRE(first && second);
    BOOST_TEST(first->second);
    BOOST_TEST(!second->second);
    BOOST_TEST(second->first.id == first->first.id);
    BOOST_TEST(w.service->queue.items(w.clock.now())->items.size() == 1u);
}

BOOST_AUTO_TEST_CASE(cancel_is_allowed_until_dispatch) {
    World w;
    const QueueItem a = w.enqueue("39.0.1");
    const QueueItem b = w.enqueue("38.0.3");
    const auto cancelled = w.service->queue.cancel(a.id, "octocat", t0);
    BOOST_REQUIRE(cancelled.has_value());
    BOOST_TEST((cancelled->state == QueueState::cancelled));
    w.run_until(t0 + 10min);
    BOOST_TEST(w.github.dispatch_counts().count(a.id) == 0u);
    BOOST_TEST(w.github.dispatch_counts().at(b.id) == 1);
    const auto late = w.service->queue.cancel(b.id, "octocat", t0 + 10min);
    BOOST_REQUIRE(!late.has_value());
    BOOST_TEST((late.error().problem == monitor::QueueProblem::conflict));
    BOOST_TEST(contains(late.error().message, "only a queued release can be cancelled"));
    BOOST_TEST((w.service->queue.cancel("sr-0000000000000000", "x", t0).error().problem ==
                monitor::QueueProblem::not_found));
}

BOOST_AUTO_TEST_CASE(an_sla_breach_is_counted_once) {
    World w;
    w.status.replace_json("/api/v2/summary.json", github_summary("major_outage"));
    w.config.policy.security_sla = 1h;
    w.start();
    const QueueItem queued = w.enqueue("39.0.1");
    w.run_until(t0 + 3h);
    const std::string text = w.metrics_text();
    BOOST_TEST(contains(text, "fairweather_security_release_sla_breaches_total 1"), text);
    BOOST_TEST(contains(text, "fairweather_security_release_deadline_seconds{id=\"" + queued.id +
                                  "\",repo=\"acme/widget\",version=\"39.0.1\"} -"),
               text);
    BOOST_TEST(contains(w.log.str(), "missed its SLA deadline"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(queue_lost_answers)

// With a scripted client: the dispatch request times out (GitHub got it or
// not, nobody knows), and the run list decides.
BOOST_AUTO_TEST_CASE(a_dispatch_without_an_answer_is_resolved_by_finding_its_run) {
    FakeHttpClient http;
    LoopbackServer unused;
    Config config = queue_config("https://status.test", "https://api.test");
    TempDir dir;
    auto store = open_sqlite_store(dir / "s.db");
    BOOST_REQUIRE(store.has_value());
    metrics::Registry registry;
    monitor::MonitorMetrics metrics(registry);
    std::ostringstream log;
    monitor::Service m(config, Secret("t"), http, **store, metrics, log, 1, QueueIds(1));
    http.answer("https://status.test/api/v2/summary.json", 200, github_summary("operational"));
    http.answer("https://api.test/repos/acme/widget/actions/runs", 200,
                R"({"total_count":0,"workflow_runs":[]})");
    http.answer("https://api.test/repos/acme/widget/releases", 200, "[]");
    http.answer("https://api.test/repos/acme/widget", 200, R"({"default_branch":"trunk"})");
    const std::string dispatch =
        "https://api.test/repos/acme/widget/actions/workflows/release.yml/dispatches";
    http.answer(dispatch,
                make_unexpected(http_error(HttpError::Kind::timeout, dispatch, "timed out")));
    const auto queued = m.queue.enqueue(request_for("39.0.1"), t0)->first;
    http.answer(
        "https://api.test/repos/acme/widget/actions/workflows/release.yml/runs", 200,
        R"({"total_count":1,"workflow_runs":[{"id":77,"name":"Release","display_title":"Release )" +
            queued.id +
            R"(","path":".github/workflows/release.yml","status":"queued","conclusion":null,)"
            R"("event":"workflow_dispatch","created_at":"2026-11-20T15:02:01Z","html_url":"https://x/77"}]})");
    http.answer(
        "https://api.test/repos/acme/widget/actions/runs/77", 200,
        R"({"id":77,"name":"Release","status":"completed","conclusion":"success","event":"workflow_dispatch",)"
        R"("created_at":"2026-11-20T15:02:01Z","html_url":"https://x/77"})");
    TimePoint now = t0;
    while (now < t0 + 10min) {
        now = std::max(m.monitor.tick(now), now + 1s);
    }
    BOOST_TEST(http.count(dispatch) == 1);
    const auto item = *m.queue.item(queued.id, now);
    BOOST_TEST((item.state == QueueState::shipped));
    BOOST_TEST(item.ref == "trunk");
    BOOST_TEST(contains(log.str(), "no answer to the dispatch"), log.str());
    BOOST_TEST(contains(serialize_metrics(registry),
                        "fairweather_security_release_dispatches_total{result=\"unknown\"} 1"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(queue_api)

struct ApiWorld : World {
    monitor::Api api{service->monitor,    service->recorder, service->queue, registry, clock,
                     Secret("api-s3cret")};

    monitor::ServerResponse call(const std::string& method, const std::string& path,
                                 const std::string& body = "",
                                 const std::string& token = "api-s3cret") {
        monitor::ServerRequest r;
        r.method = method;
        r.path = path.substr(0, path.find('?'));
        r.query = path.find('?') == std::string::npos ? "" : path.substr(path.find('?') + 1);
        r.body = body;
        if (!token.empty()) {
            r.headers.add("Authorization", "Bearer " + token);
        }
        return api.handle(r);
    }
};

BOOST_AUTO_TEST_CASE(posting_needs_the_bearer_token) {
    ApiWorld w;
    const std::string body = R"({"repo":"acme/widget","version":"39.0.1"})";
    auto r = w.call("POST", "/api/v1/releases", body, "");
    BOOST_TEST(r.status == 401);
    BOOST_TEST(*r.headers.get("WWW-Authenticate") == "Bearer");
    r = w.call("POST", "/api/v1/releases", body, "api-s3cre");
    BOOST_TEST(r.status == 401);
    BOOST_TEST(!contains(r.body, "api-s3cret"));
    r = w.call("POST", "/api/v1/releases", body);
    BOOST_TEST(r.status == 201, r.body);
    const auto item = parse_queue_item(r.body);
    BOOST_REQUIRE(item.has_value());
    BOOST_TEST((item->state == QueueState::queued));
    BOOST_TEST(item->history.size() == 1u);
    r = w.call("POST", "/api/v1/releases", body);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(parse_queue_item(r.body)->id == item->id);
}

BOOST_AUTO_TEST_CASE(a_monitor_without_a_token_accepts_no_changes) {
    World w;
    monitor::Api api(w.service->monitor, w.service->recorder, w.service->queue, w.registry,
                     w.clock);
    monitor::ServerRequest r;
    r.method = "POST";
    r.path = "/api/v1/releases";
    r.body = R"({"repo":"acme/widget","version":"39.0.1"})";
    r.headers.add("Authorization", "Bearer anything");
    // Refused before any body is read, and as forbidden: no credentials would help.
    const auto refused = api.admit(r);
    BOOST_REQUIRE(refused.has_value());
    BOOST_TEST(refused->status == 403);
    BOOST_TEST(contains(refused->body, "this monitor has no API token"));
    BOOST_TEST(api.handle(r).status == 403);
}

BOOST_AUTO_TEST_CASE(bad_requests_get_400_naming_the_field) {
    ApiWorld w;
    struct Case {
        std::string body;
        std::string field;
    };
    for (
        const auto& c : std::vector<Case>{
            {R"({"repo":"acme/widget"})", "version"},
            {R"({"repo":"acme/widget","version":"39.0.1","inputs":{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11"}})",
             "inputs"},
            {R"({"repo":"acme widget","version":"39.0.1"})", "repo"},
            {R"({"repo":"acme/widget","version":"39.0.1","workflow":"x.sh"})", "workflow"},
            {R"({"repo":"acme/widget","version":"39.0.1","colour":"red"})", "colour"},
            {"{", "(body)"},
        }) {
        const auto r = w.call("POST", "/api/v1/releases", c.body);
        BOOST_TEST(r.status == 400, c.body);
        BOOST_TEST(contains(r.body, "\"field\":\"" + c.field + "\""), r.body);
    }
}

BOOST_AUTO_TEST_CASE(items_are_listed_shown_and_cancelled) {
    ApiWorld w;
    const auto created = parse_queue_item(
        w.call("POST", "/api/v1/releases", R"({"repo":"acme/widget","version":"39.0.1"})").body);
    BOOST_REQUIRE(created.has_value());
    auto r = w.call("GET", "/api/v1/releases", "", "");
    BOOST_TEST(r.status == 200);
    const auto items = parse_queue_items(r.body);
    BOOST_REQUIRE(items.has_value());
    BOOST_TEST(items->size() == 1u);
    r = w.call("GET", "/api/v1/releases/" + created->id, "", "");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(contains(r.body, "\"history\""));
    r = w.call("DELETE", "/api/v1/releases/" + created->id + "?by=octocat", "", "");
    BOOST_TEST(r.status == 401);
    r = w.call("DELETE", "/api/v1/releases/" + created->id + "?by=octocat");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(contains(r.body, "cancelled by octocat"), r.body);
    r = w.call("DELETE", "/api/v1/releases/" + created->id);
    BOOST_TEST(r.status == 409);
    BOOST_TEST(w.call("GET", "/api/v1/releases/sr-nope", "", "").status == 404);
    BOOST_TEST(w.call("PUT", "/api/v1/releases", "", "").status == 405);
}

BOOST_AUTO_TEST_SUITE_END()
