// The workflow_job webhook receiver (monitor/webhook.h) on plain values:
// signatures, de-duplication, events and repositories it ignores, malformed
// bodies, and each action's delay.
#include "monitor/webhook.h"

#include <algorithm>
#include <cctype>

#include <boost/test/unit_test.hpp>

#include "core/util/sha256.h"
#include "exporters/registry.h"
#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/metric_checks.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;

namespace {

const std::string k_secret = "It's a Secret to Everybody";
// Two minutes after the recorded job completed (2023-01-10T08:25:28Z).
const TimePoint k_now = *parse_timestamp("2023-01-10T08:27:28Z");

std::string fixture(const std::string& name) {
    return own_fixture("webhooks/" + name);
}

std::string signature_of(std::string_view body, std::string_view secret = k_secret) {
    return "sha256=" + to_hex(hmac_sha256(secret, body));
}

struct Rig {
    metrics::Registry registry;
    WebhookMetrics metrics{registry};
    std::vector<monitor::JobDelivery> delivered;
    // Watched as spelled in a config; GitHub's deliveries say "PyGithub/PyGithub".
    monitor::WebhookReceiver receiver{
        Secret(k_secret),
        {"acme/widget", "pygithub/pygithub"},
        [this](const monitor::JobDelivery& d) { delivered.push_back(d); },
        metrics};

    // A delivery as GitHub sends it, signed unless `signature` says otherwise.
    monitor::WebhookAnswer deliver(const std::string& body, const std::string& id = "d-1",
                                   const std::string& event = "workflow_job",
                                   std::optional<std::string> signature = std::nullopt,
                                   TimePoint now = k_now) {
        Headers h;
        h.add("X-GitHub-Event", event);
        h.add("X-GitHub-Delivery", id);
        h.add("X-Hub-Signature-256", signature.value_or(signature_of(body)));
        return receiver.handle(h, body, now);
    }
    monitor::WebhookAnswer deliver_unsigned(const std::string& body) {
        Headers h;
        h.add("X-GitHub-Event", "workflow_job");
        h.add("X-GitHub-Delivery", "d-unsigned");
        return receiver.handle(h, body, k_now);
    }
    double count(const std::string& outcome) const {
        return metric_sample(registry.render(),
                             "fairweather_webhook_deliveries_total{outcome=\"" + outcome + "\"}")
            .value_or(-1);
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_receiver)

BOOST_AUTO_TEST_CASE(given_a_signed_delivery_it_should_hand_the_job_to_the_sink) {
    Rig rig;
    const auto a = rig.deliver(fixture("workflow_job_completed.json"), "72d3162e-cc78-11e3");
    BOOST_TEST(a.status == 200);
    BOOST_TEST(a.body == "{\"accepted\":true,\"delivery\":\"72d3162e-cc78-11e3\"}\n");
    BOOST_REQUIRE(rig.delivered.size() == 1u);
    const auto& d = rig.delivered[0];
    BOOST_TEST(d.repo == "PyGithub/PyGithub");
    BOOST_TEST(d.action == "completed");
    BOOST_TEST(d.delivery_id == "72d3162e-cc78-11e3");
    BOOST_TEST((d.received_at == k_now));
    BOOST_TEST(d.job.id == 10545727758);
    BOOST_TEST(d.job.run_id == 3881497935);
    BOOST_TEST(d.job.name == "test (Python 3.7)");
    BOOST_TEST(d.job.conclusion == "success");
    BOOST_TEST((d.job.labels == std::vector<std::string>{"ubuntu-latest"}));
    BOOST_TEST(d.job.runner_group_name == "GitHub Actions");
    BOOST_TEST(rig.count("accepted") == 1);
}

BOOST_AUTO_TEST_CASE(
    given_a_delivery_without_a_valid_signature_it_should_answer_401_and_process_nothing) {
    Rig rig;
    const std::string body = fixture("workflow_job_completed.json");
    const std::string good = signature_of(body);
    const struct {
        std::optional<std::string> signature;  // nullopt: no header at all
        std::string says;
    } cases[] = {
        {std::nullopt, "missing X-Hub-Signature-256"},
        {"", "malformed"},
        {good.substr(0, good.size() - 1), "malformed"},            // truncated
        {"sha1=" + good.substr(7), "malformed"},                   // wrong prefix
        {good.substr(7), "malformed"},                             // no prefix
        {"sha256=" + std::string(64, 'z'), "malformed"},           // not hex
        {signature_of(body + " "), "does not match"},              // another body's
        {signature_of(body, "another secret"), "does not match"},  // another secret's
        {"sha256=" + std::string(64, '0'), "does not match"},
    };
    for (const auto& c : cases) {
        const auto a = c.signature ? rig.deliver(body, "d-1", "workflow_job", *c.signature)
                                   : rig.deliver_unsigned(body);
        BOOST_TEST(a.status == 401, c.signature.value_or("(none)"));
        BOOST_TEST(contains(a.body, c.says), a.body);
        BOOST_TEST(!contains(a.body, good.substr(7)), "never the expected signature");
        BOOST_TEST(!contains(a.body, k_secret), "never the secret");
    }
    BOOST_TEST(rig.delivered.empty());
    BOOST_TEST(rig.count("unsigned") == 1);
    BOOST_TEST(rig.count("bad_signature") == 8);
    BOOST_TEST(rig.count("accepted") == 0);
    // Nothing was remembered either: the same id, signed, is accepted.
    BOOST_TEST(rig.deliver(body, "d-1").status == 200);
    BOOST_TEST(rig.delivered.size() == 1u);
}

BOOST_AUTO_TEST_CASE(given_a_mis_signed_body_that_is_not_json_it_should_answer_401_not_400) {
    Rig rig;
    const auto a = rig.deliver("{not json", "d-1", "workflow_job", signature_of("{}"));
    BOOST_TEST(a.status == 401, "the signature is checked before the body is parsed");
}

BOOST_AUTO_TEST_CASE(given_an_upper_case_signature_it_should_accept_it) {
    Rig rig;
    const std::string body = fixture("workflow_job_queued.json");
    std::string sig = signature_of(body);
    std::transform(sig.begin() + 7, sig.end(), sig.begin() + 7,
                   [](char c) { return static_cast<char>(std::toupper(c)); });
    BOOST_TEST(rig.deliver(body, "d-1", "workflow_job", sig).status == 200);
}

BOOST_AUTO_TEST_CASE(given_the_same_delivery_id_twice_it_should_process_it_once) {
    Rig rig;
    const std::string body = fixture("workflow_job_in_progress.json");
    BOOST_TEST(rig.deliver(body, "d-1").status == 200);
    const auto again = rig.deliver(body, "d-1");
    BOOST_TEST(again.status == 200);
    BOOST_TEST(again.body == "{\"duplicate\":true,\"delivery\":\"d-1\"}\n");
    BOOST_TEST(rig.delivered.size() == 1u);
    BOOST_TEST(rig.deliver(body, "d-2").status == 200);
    BOOST_TEST(rig.delivered.size() == 2u);
    BOOST_TEST(rig.count("duplicate") == 1);
    BOOST_TEST(rig.count("accepted") == 2);
}

BOOST_AUTO_TEST_CASE(given_more_ids_than_it_remembers_it_should_forget_the_oldest_first) {
    metrics::Registry registry;
    WebhookMetrics metrics(registry);
    int calls = 0;
    monitor::WebhookLimits limits;
    limits.remembered_deliveries = 2;
    monitor::WebhookReceiver receiver(
        Secret(k_secret), {"PyGithub/PyGithub"}, [&](const monitor::JobDelivery&) { ++calls; },
        metrics, limits);
    const std::string body = fixture("workflow_job_queued.json");
    const auto deliver = [&](const std::string& id) {
        Headers h;
        h.add("X-GitHub-Event", "workflow_job");
        h.add("X-GitHub-Delivery", id);
        h.add("X-Hub-Signature-256", signature_of(body));
        return receiver.handle(h, body, k_now).body;
    };
    deliver("a");
    deliver("b");
    deliver("c");  // "a" is forgotten
    BOOST_TEST(contains(deliver("c"), "duplicate"));
    BOOST_TEST(contains(deliver("b"), "duplicate"));
    BOOST_TEST(contains(deliver("a"), "accepted"));
    BOOST_TEST(calls == 4);
}

BOOST_AUTO_TEST_CASE(given_a_signed_delivery_without_an_id_it_should_answer_400) {
    Rig rig;
    const std::string body = fixture("workflow_job_queued.json");
    Headers h;
    h.add("X-GitHub-Event", "workflow_job");
    h.add("X-Hub-Signature-256", signature_of(body));
    const auto a = rig.receiver.handle(h, body, k_now);
    BOOST_TEST(a.status == 400);
    BOOST_TEST(contains(a.body, "\"field\":\"X-GitHub-Delivery\""), a.body);
    BOOST_TEST(rig.delivered.empty());
    BOOST_TEST(rig.count("invalid") == 1);
}

BOOST_AUTO_TEST_CASE(given_a_ping_it_should_answer_200_and_deliver_nothing) {
    Rig rig;
    const std::string body = R"({"zen":"Design for failure.","hook_id":1})";
    const auto a = rig.deliver(body, "d-ping", "ping");
    BOOST_TEST(a.status == 200);
    BOOST_TEST(a.body == "{\"ping\":true}\n");
    BOOST_TEST(rig.delivered.empty());
}

BOOST_AUTO_TEST_CASE(given_another_event_it_should_answer_202_ignored) {
    Rig rig;
    const auto a = rig.deliver(R"({"action":"completed"})", "d-run", "workflow_run");
    BOOST_TEST(a.status == 202);
    BOOST_TEST(contains(a.body, "\"ignored\":\"workflow_run\""), a.body);
    BOOST_TEST(rig.delivered.empty());
    BOOST_TEST(rig.count("ignored") == 1);
}

BOOST_AUTO_TEST_CASE(given_a_repository_not_watched_it_should_answer_202_and_say_so) {
    Rig rig;
    std::string body = fixture("workflow_job_queued.json");
    body.replace(body.find("\"PyGithub/PyGithub\""), 19, "\"octo/other\"");
    const auto a = rig.deliver(body);
    BOOST_TEST(a.status == 202);
    BOOST_TEST(contains(a.body, "repository octo/other is not watched"), a.body);
    BOOST_TEST(rig.delivered.empty());
    BOOST_TEST(rig.count("ignored") == 1);
}

BOOST_AUTO_TEST_CASE(
    given_a_malformed_body_with_a_valid_signature_it_should_answer_400_with_the_path) {
    Rig rig;
    const struct {
        std::string body;
        std::string field;
    } cases[] = {
        {"{not json", ""},
        {"[]", "(top level)"},
        {R"({"action":"queued","repository":{"full_name":"PyGithub/PyGithub"}})", "workflow_job"},
        {R"({"action":"queued","workflow_job":{"id":1,"run_id":2,"status":"queued"}})",
         "repository"},
        {R"({"action":"queued","repository":{"full_name":"PyGithub/PyGithub"},)"
         R"("workflow_job":{"id":1,"run_id":2,"status":"queued","labels":["x",7]}})",
         "workflow_job.labels[1]"},
        {R"({"action":"queued","repository":{"full_name":"PyGithub/PyGithub"},)"
         R"("workflow_job":{"id":1,"status":"queued"}})",
         "workflow_job.run_id"},
        {R"({"action":"queued","repository":{"full_name":"PyGithub/PyGithub"},)"
         R"("workflow_job":{"id":1,"run_id":2,"status":"queued","created_at":"yesterday"}})",
         "workflow_job.created_at"},
    };
    std::size_t i = 0;
    for (const auto& c : cases) {
        const auto a = rig.deliver(c.body, "d-" + std::to_string(i++));
        BOOST_TEST(a.status == 400, c.body);
        if (!c.field.empty()) {
            BOOST_TEST(contains(a.body, "\"field\":\"" + c.field + "\""), a.body);
        }
    }
    BOOST_TEST(rig.delivered.empty());
    BOOST_TEST(rig.count("invalid") == 7);
    // A malformed delivery's id is not remembered: fixed, it is processed.
    BOOST_TEST(rig.deliver(fixture("workflow_job_queued.json"), "d-0").status == 200);
}

BOOST_AUTO_TEST_CASE(given_each_action_it_should_measure_the_delay_from_its_own_time) {
    Rig rig;
    rig.deliver(fixture("workflow_job_queued.json"), "q");       // created 08:24:21
    rig.deliver(fixture("workflow_job_in_progress.json"), "p");  // started 08:24:28
    rig.deliver(fixture("workflow_job_completed.json"), "c");    // completed 08:25:28
    BOOST_REQUIRE(rig.delivered.size() == 3u);
    BOOST_TEST(rig.delivered[0].action == "queued");
    BOOST_TEST((rig.delivered[0].delay == std::optional<Duration>(187s)));
    BOOST_TEST((rig.delivered[1].delay == std::optional<Duration>(180s)));
    BOOST_TEST((rig.delivered[2].delay == std::optional<Duration>(120s)));
    const std::string text = rig.registry.render();
    expect_metric(text, "fairweather_webhook_delivery_delay_seconds_count", 3);
    expect_metric(text, "fairweather_webhook_delivery_delay_seconds_sum", 487);
}

BOOST_AUTO_TEST_CASE(given_a_clock_behind_githubs_it_should_clamp_the_delay_at_zero) {
    Rig rig;
    rig.deliver(fixture("workflow_job_completed.json"), "c", "workflow_job", std::nullopt,
                *parse_timestamp("2023-01-10T08:25:00Z"));
    BOOST_REQUIRE(rig.delivered.size() == 1u);
    BOOST_TEST((rig.delivered[0].delay == std::optional<Duration>(Duration::zero())));
}

BOOST_AUTO_TEST_CASE(given_a_job_without_the_actions_time_the_delay_should_be_unknown) {
    Rig rig;
    const std::string body =
        R"({"action":"completed","repository":{"full_name":"acme/widget"},)"
        R"("workflow_job":{"id":1,"run_id":2,"status":"completed","conclusion":"success"}})";
    BOOST_TEST(rig.deliver(body).status == 200);
    BOOST_REQUIRE(rig.delivered.size() == 1u);
    BOOST_TEST(!rig.delivered[0].delay.has_value());
    expect_metric(rig.registry.render(), "fairweather_webhook_delivery_delay_seconds_count", 0);
}

BOOST_AUTO_TEST_CASE(given_a_self_hosted_job_it_should_keep_its_labels_and_group) {
    Rig rig;
    BOOST_TEST(rig.deliver(fixture("workflow_job_self_hosted_in_progress.json")).status == 200);
    BOOST_REQUIRE(rig.delivered.size() == 1u);
    const auto& job = rig.delivered[0].job;
    BOOST_TEST((job.labels == std::vector<std::string>{"self-hosted", "linux"}));
    BOOST_TEST(job.runner_group_name == "Default");
    BOOST_TEST(job.runner_name == "build-01");
    BOOST_TEST((rig.delivered[0].delay == std::optional<Duration>(156s)));
}

BOOST_AUTO_TEST_CASE(given_a_body_over_the_limit_it_should_answer_413_before_anything_else) {
    Rig rig;
    const std::string body(rig.receiver.limits().max_body_bytes + 1, ' ');
    const auto a = rig.deliver_unsigned(body);
    BOOST_TEST(a.status == 413);
    BOOST_TEST(rig.count("unsigned") == 0, "refused before the signature is looked at");
    BOOST_TEST(rig.count("invalid") == 1);
}

BOOST_AUTO_TEST_CASE(given_an_unknown_action_it_should_answer_202) {
    Rig rig;
    std::string body = fixture("workflow_job_queued.json");
    body.replace(body.find("\"queued\""), 8, "\"paused\"");
    const auto a = rig.deliver(body);
    BOOST_TEST(a.status == 202);
    BOOST_TEST(contains(a.body, "action \\\"paused\\\""), a.body);
    BOOST_TEST(rig.delivered.empty());
}

BOOST_AUTO_TEST_CASE(the_fixtures_job_should_be_the_one_pygithub_recorded,
                     *boost::unit_test::precondition(peer_fixtures_present)) {
    const auto calls =
        read_pygithub_replay(peer_fixtures_dir() / "PyGithub__PyGithub/WorkflowRun.test_jobs.txt");
    BOOST_REQUIRE(!calls.empty());
    const auto jobs = github::parse_workflow_jobs(calls.front().response_body);
    BOOST_REQUIRE(jobs.has_value());
    const auto event = monitor::parse_workflow_job_event(fixture("workflow_job_completed.json"));
    BOOST_REQUIRE(event.has_value());
    BOOST_TEST((event->job == jobs->front()));
}

BOOST_AUTO_TEST_SUITE_END()
