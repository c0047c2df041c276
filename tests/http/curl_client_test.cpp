// The libcurl client against a real HTTP server on loopback.
#include "core/http/curl_client.h"

#include <boost/test/unit_test.hpp>

#include "core/util/build_info.h"
#include "tests/support/loopback_server.h"

using namespace fairweather;
using fairweather::testing::free_port;
using fairweather::testing::LoopbackServer;
using fairweather::testing::ScriptedResponse;
using namespace std::chrono_literals;

namespace {

HttpRequest get(const std::string& url) {
    HttpRequest r;
    r.url = url;
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(curl_http_client)

BOOST_AUTO_TEST_CASE(given_a_get_it_should_return_status_headers_and_body_and_identify_itself) {
    LoopbackServer server;
    ScriptedResponse r;
    r.headers = {{"ETag", "W/\"abc\""}, {"Content-Type", "application/json"}};
    r.body = R"({"ok":true})";
    server.route("/api/v2/summary.json", r);
    CurlHttpClient client(HttpSettings{});
    HttpRequest request = get(server.url() + "/api/v2/summary.json?x=1");
    request.headers.add("Accept", "application/json");
    const auto response = client.send(request);
    BOOST_REQUIRE(response.has_value());
    BOOST_TEST(response->status == 200);
    BOOST_TEST(response->body == R"({"ok":true})");
    BOOST_TEST(*response->headers.get("etag") == "W/\"abc\"");
    const auto seen = server.requests();
    BOOST_REQUIRE(seen.size() == 1u);
    BOOST_TEST(seen[0].method == "GET");
    BOOST_TEST(seen[0].target == "/api/v2/summary.json?x=1");
    BOOST_TEST(seen[0].header("User-Agent") == "fairweather/" + std::string(version()));
    BOOST_TEST(seen[0].header("Accept") == "application/json");
    BOOST_TEST(seen[0].header("Accept-Encoding").find("gzip") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_an_error_status_it_should_return_it_as_a_value) {
    LoopbackServer server;
    ScriptedResponse r;
    r.status = 503;
    r.headers = {{"Retry-After", "30"}};
    r.body = "down";
    server.route("/x", r);
    CurlHttpClient client(HttpSettings{});
    const auto response = client.send(get(server.url() + "/x"));
    BOOST_REQUIRE(response.has_value());
    BOOST_TEST(response->status == 503);
    BOOST_TEST(*response->headers.get("Retry-After") == "30");
    BOOST_TEST(client.send(get(server.url() + "/nothing-here"))->status == 404);
}

BOOST_AUTO_TEST_CASE(given_a_redirect_it_should_follow_it_and_keep_only_the_last_headers) {
    LoopbackServer server;
    ScriptedResponse moved;
    moved.status = 301;
    moved.headers = {{"Location", "/new"}, {"X-Hop", "first"}};
    server.route("/old", moved);
    server.serve_json("/new", "{}");
    CurlHttpClient client(HttpSettings{});
    const auto response = client.send(get(server.url() + "/old"));
    BOOST_REQUIRE(response.has_value());
    BOOST_TEST(response->status == 200);
    BOOST_TEST(response->url == server.url() + "/new");
    BOOST_TEST(!response->headers.get("X-Hop").has_value());
}

BOOST_AUTO_TEST_CASE(given_a_redirect_loop_it_should_stop_at_the_limit) {
    LoopbackServer server;
    ScriptedResponse loop;
    loop.status = 302;
    loop.headers = {{"Location", "/loop"}};
    server.route("/loop", loop);
    HttpSettings settings;
    settings.max_redirects = 3;
    CurlHttpClient client(settings);
    const auto response = client.send(get(server.url() + "/loop"));
    BOOST_REQUIRE(!response.has_value());
    BOOST_TEST((response.error().kind == HttpError::Kind::protocol));
    BOOST_TEST(server.request_count() == 4u);  // the first request and three redirects
}

BOOST_AUTO_TEST_CASE(given_a_20_mb_body_it_should_stop_at_the_cap) {
    LoopbackServer server;
    ScriptedResponse big;
    big.body = std::string(20 * 1000 * 1000, 'x');
    server.route("/big", big);
    CurlHttpClient client(HttpSettings{});  // default cap: 10 MiB
    const auto response = client.send(get(server.url() + "/big"));
    BOOST_REQUIRE(!response.has_value());
    BOOST_TEST((response.error().kind == HttpError::Kind::too_large));
    BOOST_TEST(response.error().message.find("10485760-byte limit") != std::string::npos,
               response.error().message);
}

BOOST_AUTO_TEST_CASE(given_a_body_without_content_length_it_should_still_enforce_the_cap) {
    // Checked while receiving, not only from the declared length.
    LoopbackServer server;
    ScriptedResponse big;
    big.mode = ScriptedResponse::Mode::truncated;
    big.declared_length = 4096;  // declared small
    big.body = std::string(4096, 'y');
    server.route("/y", big);
    HttpSettings settings;
    settings.max_response_bytes = 2048;
    CurlHttpClient client(settings);
    const auto response = client.send(get(server.url() + "/y"));
    BOOST_REQUIRE(!response.has_value());
    BOOST_TEST((response.error().kind == HttpError::Kind::too_large));
}

BOOST_AUTO_TEST_CASE(given_a_truncated_body_it_should_fail_as_protocol_error) {
    LoopbackServer server;
    ScriptedResponse cut;
    cut.mode = ScriptedResponse::Mode::truncated;
    cut.declared_length = 5000;
    cut.body = R"({"components":[{"id":"br0l2tvcx85d","na)";
    server.route("/cut", cut);
    CurlHttpClient client(HttpSettings{});
    const auto response = client.send(get(server.url() + "/cut"));
    BOOST_REQUIRE(!response.has_value());
    BOOST_TEST((response.error().kind == HttpError::Kind::protocol), response.error().message);
}

BOOST_AUTO_TEST_CASE(given_a_server_that_hangs_up_it_should_fail_as_protocol_error) {
    LoopbackServer server;
    ScriptedResponse gone;
    gone.mode = ScriptedResponse::Mode::hang_up;
    server.route("/gone", gone);
    CurlHttpClient client(HttpSettings{});
    const auto response = client.send(get(server.url() + "/gone"));
    BOOST_REQUIRE(!response.has_value());
    BOOST_TEST((response.error().kind == HttpError::Kind::protocol), response.error().message);
}

BOOST_AUTO_TEST_CASE(given_a_server_that_never_answers_it_should_time_out) {
    LoopbackServer server;
    ScriptedResponse silent;
    silent.mode = ScriptedResponse::Mode::silent;
    server.route("/silent", silent);
    HttpSettings settings;
    settings.timeout = 300ms;  // curl's own timer; the test itself never sleeps
    CurlHttpClient client(settings);
    const auto response = client.send(get(server.url() + "/silent"));
    BOOST_REQUIRE(!response.has_value());
    BOOST_TEST((response.error().kind == HttpError::Kind::timeout));
    BOOST_TEST(
        response.error().message.find("limits: connect 5s, total 300ms") != std::string::npos,
        response.error().message);
}

BOOST_AUTO_TEST_CASE(given_a_request_with_a_shorter_limit_it_should_wait_only_that_long) {
    LoopbackServer server;
    ScriptedResponse silent;
    silent.mode = ScriptedResponse::Mode::silent;
    server.route("/silent", silent);
    CurlHttpClient client(HttpSettings{});  // the client's own limits are long
    HttpRequest request = get(server.url() + "/silent");
    request.connect_timeout = 200ms;
    request.timeout = 300ms;  // as the gate asks of its monitor
    const auto response = client.send(request);
    BOOST_REQUIRE(!response.has_value());
    BOOST_TEST((response.error().kind == HttpError::Kind::timeout));
    BOOST_TEST(
        response.error().message.find("limits: connect 200ms, total 300ms") != std::string::npos,
        response.error().message);
}

BOOST_AUTO_TEST_CASE(given_nothing_listening_it_should_fail_to_connect) {
    CurlHttpClient client(HttpSettings{});
    const auto response = client.send(get("http://127.0.0.1:" + std::to_string(free_port()) + "/"));
    BOOST_REQUIRE(!response.has_value());
    BOOST_TEST((response.error().kind == HttpError::Kind::connect));
}

BOOST_AUTO_TEST_CASE(given_credentials_in_the_url_they_should_not_appear_in_the_error) {
    CurlHttpClient client(HttpSettings{});
    const auto response =
        client.send(get("http://user:hunter2@127.0.0.1:" + std::to_string(free_port()) + "/"));
    BOOST_REQUIRE(!response.has_value());
    BOOST_TEST(response.error().url.find("hunter2") == std::string::npos);
    BOOST_TEST(response.error().message.find("hunter2") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_a_non_http_scheme_it_should_refuse) {
    CurlHttpClient client(HttpSettings{});
    const auto response = client.send(get("file:///etc/passwd"));
    BOOST_REQUIRE(!response.has_value());
    BOOST_TEST((response.error().kind == HttpError::Kind::invalid), response.error().message);
}

BOOST_AUTO_TEST_CASE(given_a_post_it_should_send_the_body) {
    LoopbackServer server;
    server.serve_json("/dispatch", "{}");
    CurlHttpClient client(HttpSettings{});
    HttpRequest request = get(server.url() + "/dispatch");
    request.method = "POST";
    request.body = R"({"ref":"main"})";
    request.headers.add("Content-Type", "application/json");
    BOOST_REQUIRE(client.send(request).has_value());
    const auto seen = server.requests();
    BOOST_TEST(seen[0].method == "POST");
    BOOST_TEST(seen[0].body == R"({"ref":"main"})");
}

BOOST_AUTO_TEST_SUITE_END()
