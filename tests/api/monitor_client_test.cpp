// The gate's client of the monitor's API against a scripted HTTP client: the
// value asked for, or an error that says which of four things went wrong;
// the bearer token only on calls that change something.
#include "core/api/monitor_client.h"

#include <boost/test/unit_test.hpp>

#include "core/api/history_json.h"
#include "core/api/queue_json.h"
#include "tests/support/checks.h"
#include "tests/support/fake_http.h"

using namespace fairweather;
using namespace fairweather::testing;

namespace {

const std::string k_base = "http://monitor:9464";

}  // namespace

BOOST_AUTO_TEST_SUITE(monitor_client)

BOOST_AUTO_TEST_CASE(given_an_answer_it_should_read_the_value_and_send_no_token_with_a_get) {
    FakeHttpClient http;
    ReleaseRecord release;
    release.repo = "o/r";
    release.id = 7;
    release.tag = "v1.0.0";
    http.answer(k_base + "/api/v1/repos/o/r/releases", 200,
                render_releases_answer("o/r", {release}));
    MonitorClient client(http, k_base + "/", Secret("tok"));
    const auto releases = client.releases("o/r");
    BOOST_REQUIRE(releases.has_value());
    BOOST_TEST(releases->size() == 1u);
    BOOST_TEST(releases->front().tag == "v1.0.0");
    BOOST_TEST(releases->front().repo == "o/r");
    BOOST_TEST(!http.requests().at(0).headers.get("Authorization").has_value());
    BOOST_TEST(*http.requests().at(0).headers.get("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(given_no_connection_it_should_be_unreachable_with_the_transport_problem) {
    FakeHttpClient http;
    http.answer(k_base + "/api/v1/weather",
                make_unexpected(http_error(HttpError::Kind::connect, k_base, "refused")));
    const auto weather = MonitorClient(http, k_base).weather();
    BOOST_REQUIRE(!weather.has_value());
    BOOST_TEST((weather.error().kind == MonitorError::Kind::unreachable));
    BOOST_TEST(weather.error().url == k_base + "/api/v1/weather");
    BOOST_TEST(weather.error().message == "connect: refused");
}

BOOST_AUTO_TEST_CASE(given_a_4xx_it_should_be_refused_with_what_the_monitor_said) {
    FakeHttpClient http;
    http.answer(k_base + "/api/v1/releases", 400,
                R"({"error":"\"39.x\" is not a SemVer version","field":"version"})");
    EnqueueRequest request;
    request.repo = "o/r";
    request.version = "39.x";
    const auto queued = MonitorClient(http, k_base, Secret("tok")).enqueue(request);
    BOOST_REQUIRE(!queued.has_value());
    BOOST_TEST((queued.error().kind == MonitorError::Kind::refused));
    BOOST_TEST(queued.error().status == 400);
    BOOST_TEST(queued.error().message ==
               "HTTP 400 Bad Request: version: \"39.x\" is not a SemVer version");
    BOOST_TEST(*http.requests().at(0).headers.get("Authorization") == "Bearer tok");
}

BOOST_AUTO_TEST_CASE(given_a_5xx_or_an_unexpected_status_it_should_have_failed) {
    FakeHttpClient http;
    http.answer(k_base + "/api/v1/decisions", 503, R"({"error":"disk I/O error"})");
    const auto recorded = MonitorClient(http, k_base, Secret("tok")).record_decision({});
    BOOST_REQUIRE(!recorded.has_value());
    BOOST_TEST((recorded.error().kind == MonitorError::Kind::failed));
    BOOST_TEST(recorded.error().message == "HTTP 503 Service Unavailable: disk I/O error");

    http.answer(k_base + "/api/v1/decisions", 200, "{}");  // recorded means 201
    const auto odd = MonitorClient(http, k_base, Secret("tok")).record_decision({});
    BOOST_REQUIRE(!odd.has_value());
    BOOST_TEST((odd.error().kind == MonitorError::Kind::failed));
}

BOOST_AUTO_TEST_CASE(given_an_answer_of_another_shape_it_should_be_unreadable) {
    FakeHttpClient http;
    http.answer(k_base + "/api/v1/releases", 200, R"({"items":"not a list"})");
    const auto queue = MonitorClient(http, k_base).queue();
    BOOST_REQUIRE(!queue.has_value());
    BOOST_TEST((queue.error().kind == MonitorError::Kind::unreadable));
    BOOST_TEST(contains(queue.error().message, "items"), queue.error().message);
}

BOOST_AUTO_TEST_CASE(given_a_new_and_an_old_item_enqueue_should_tell_them_apart) {
    FakeHttpClient http;
    QueueItem item;
    item.id = "sr-0000000000000001";
    item.repo = "o/r";
    item.version = "1.0.1";
    http.answer(k_base + "/api/v1/releases", 201, render_queue_item(item, true));
    http.answer(k_base + "/api/v1/releases", 200, render_queue_item(item, true));
    MonitorClient client(http, k_base, Secret("tok"));
    const auto first = client.enqueue(EnqueueRequest{});
    const auto second = client.enqueue(EnqueueRequest{});
    BOOST_REQUIRE((first && second));
    BOOST_TEST(first->created);
    BOOST_TEST(!second->created);
    BOOST_TEST(second->item.id == item.id);
}

BOOST_AUTO_TEST_SUITE_END()
