// Requests to queue a deferred security release: every field checked and
// named, defaults from the watched repository, the deadline from the SLA,
// ids from the generator; the request body's JSON; the token comparison.
#include "core/queue/validation.h"

#include <boost/test/unit_test.hpp>

#include "core/api/queue_json.h"
#include "core/util/secret.h"
#include "tests/support/checks.h"
#include "tests/support/queue_requests.h"

using namespace fairweather;
using namespace fairweather::testing;

BOOST_AUTO_TEST_SUITE(queue_requests)

Config config_with_repo() {
    return queue_config("https://www.githubstatus.com", "https://api.github.com");
}

BOOST_AUTO_TEST_CASE(defaults_come_from_the_repos_entry_and_the_deadline_from_the_sla) {
    Config c = config_with_repo();
    c.repos[0].release_ref = "release-branch";
    EnqueueRequest r;
    r.repo = "acme/widget";
    r.version = "v39.0.1";
    r.advisory_at = "2026-11-20T09:00:00Z";
    QueueIds ids(7);
    const auto item = make_queue_item(r, queue_rules(c), t0, ids.next());
    BOOST_REQUIRE(item.has_value());
    BOOST_TEST(item->id.starts_with("sr-"));
    BOOST_TEST(item->id.size() == 19u);
    BOOST_TEST(item->version == "39.0.1");
    BOOST_TEST((item->kind == ReleaseKind::security));
    BOOST_TEST(item->workflow == "release.yml");
    BOOST_TEST(item->ref == "release-branch");
    BOOST_TEST(format_timestamp(item->deadline) == "2026-11-23T09:00:00Z");  // advisory + 72h
    BOOST_TEST((item->state == QueueState::queued));
    r.advisory_at.clear();
    BOOST_TEST(format_timestamp(make_queue_item(r, queue_rules(c), t0, ids.next())->deadline) ==
               "2026-11-23T15:00:00Z");
    BOOST_TEST(make_queue_item(r, queue_rules(c), t0, ids.next())->id != item->id);
}

BOOST_AUTO_TEST_CASE(every_bad_field_is_named) {
    const Config c = config_with_repo();
    struct Case {
        std::function<void(EnqueueRequest&)> change;
        std::string field;
        std::string message;
    };
    const std::vector<Case> cases = {
        {[](auto& r) { r.repo = ""; }, "repo", "missing"},
        {[](auto& r) { r.repo = "other/thing"; }, "repo",
         "other/thing is not watched by this monitor (watched: acme/widget)"},
        {[](auto& r) { r.version = ""; }, "version", "missing"},
        {[](auto& r) { r.version = "39.x"; }, "version", "\"39.x\" is not a SemVer version"},
        {[](auto& r) { r.kind = "hotfix"; }, "kind",
         "\"hotfix\" is not a release kind: regular, patch or security"},
        {[](auto& r) { r.workflow = "../../evil.yml"; }, "workflow", "is not a workflow file name"},
        {[](auto& r) { r.workflow = "release.sh"; }, "workflow", "is not a workflow file name"},
        {[](auto& r) { r.ref = "main branch"; }, "ref", "is not a branch or tag name"},
        {[](auto& r) { r.ref = "-rf"; }, "ref", "is not a branch or tag name"},
        {[](auto& r) {
             r.inputs = std::vector<std::pair<std::string, std::string>>(11, {"a", "b"});
         },
         "inputs", "at most 10"},
        {[](auto& r) {
             r.inputs = {{"bad name", "x"}};
         },
         "inputs", "is not an input name"},
        {[](auto& r) {
             r.inputs = {{"fairweather_id", "x"}};
         },
         "inputs.fairweather_id", "is set by the monitor itself"},
        {[](auto& r) {
             r.inputs = {{"notes", "line\nbreak"}};
         },
         "inputs.notes", "contains a control character"},
        {[](auto& r) {
             r.inputs = {{"notes", std::string(1001, 'x')}};
         },
         "inputs.notes", "longer than 1000"},
        {[](auto& r) { r.reason = "bell\a"; }, "reason", "contains a control character"},
        {[](auto& r) { r.requested_by = std::string(501, 'x'); }, "requested_by",
         "longer than 500"},
        {[](auto& r) { r.advisory_at = "yesterday"; }, "advisory_at", "is not an RFC 3339 time"},
    };
    for (const auto& c_ : cases) {
        EnqueueRequest r = request_for("39.0.1");
        c_.change(r);
        const auto item = make_queue_item(r, queue_rules(c), t0, QueueIds(7).next());
        BOOST_REQUIRE_MESSAGE(!item.has_value(), c_.field);
        BOOST_TEST(item.error().path == c_.field);
        BOOST_TEST(contains(item.error().message, c_.message), item.error().message);
    }
    Config no_workflow = config_with_repo();
    no_workflow.repos[0].release_workflow.clear();
    const auto item =
        make_queue_item(request_for("39.0.1"), queue_rules(no_workflow), t0, QueueIds(7).next());
    BOOST_TEST(item.error().path == "workflow");
    BOOST_TEST(contains(item.error().message, "has no release_workflow"));
}

BOOST_AUTO_TEST_CASE(request_bodies_are_read_strictly) {
    BOOST_TEST(parse_enqueue_request(R"({"repo":"a/b","version":"1.0.1","inputs":{"x":"y"}})")
                   ->inputs.size() == 1u);
    auto r = parse_enqueue_request(R"({"repo":"a/b","versoin":"1.0.1"})");
    BOOST_TEST(r.error().path == "versoin");
    BOOST_TEST(contains(r.error().message, "unknown field"));
    r = parse_enqueue_request(R"({"repo":"a/b","inputs":{"n":1}})");
    BOOST_TEST(r.error().path == "inputs.n");
    r = parse_enqueue_request(R"({"repo":7})");
    BOOST_TEST(r.error().path == "repo");
    BOOST_TEST(parse_enqueue_request("not json").error().path == "(body)");
    BOOST_TEST(parse_enqueue_request("[1]").error().path == "(body)");
}

BOOST_AUTO_TEST_CASE(tokens_are_compared_whole) {
    BOOST_TEST(constant_time_equal("s3cret", "s3cret"));
    BOOST_TEST(!constant_time_equal("s3cret", "s3cre"));
    BOOST_TEST(!constant_time_equal("s3cret", "s3cret!"));
    BOOST_TEST(!constant_time_equal("", "x"));
    BOOST_TEST(!constant_time_equal("S3cret", "s3cret"));
}

BOOST_AUTO_TEST_SUITE_END()
