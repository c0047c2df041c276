// The libcurl client against a real HTTP server on loopback: its caps, its
// errors, and the connections it keeps alive.
#include "core/http/curl_client.h"

#include <string>
#include <thread>
#include <vector>

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

// Why a send failed, for a failing check's message ("" when it did not fail).
std::string why(const Expected<HttpResponse, HttpError>& result) {
    return result ? std::string() : result.error().message;
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

BOOST_AUTO_TEST_SUITE(curl_http_client_connections)

BOOST_AUTO_TEST_CASE(given_100_conditional_polls_they_should_share_one_connection) {
    const std::string path = "/api/v2/summary.json";
    LoopbackServer server;
    server.serve_json(path, R"({"page":"fair"})", "\"v1\"");
    CurlHttpClient client(HttpSettings{});
    for (int i = 0; i < 100; ++i) {
        HttpRequest request = get(server.url() + path);
        const bool afresh = i % 10 == 0;  // every tenth poll has lost its cache
        if (!afresh) {
            request.headers.add("If-None-Match", "\"v1\"");
        }
        const auto response = client.send(request);
        BOOST_REQUIRE_MESSAGE(response.has_value(), "poll " << i << ": " << why(response));
        BOOST_TEST(response->status == (afresh ? 200 : 304));
        BOOST_TEST(response->body == (afresh ? R"({"page":"fair"})" : ""));
    }
    BOOST_TEST(server.request_count() == 100u);
    BOOST_TEST(server.not_modified(path) == 90u);
    BOOST_TEST(server.connections() == 1u);
    // Plain http stays HTTP/1.1: no attempt to upgrade to h2c.
    const auto seen = server.requests();
    BOOST_TEST(seen[0].version == "HTTP/1.1");
    BOOST_TEST(seen[0].header("Upgrade").empty());
}

BOOST_AUTO_TEST_CASE(
    given_threads_sharing_a_client_each_should_get_its_answers_over_kept_connections) {
    constexpr int k_threads = 4;
    constexpr int k_requests = 25;
    LoopbackServer server;
    for (int t = 0; t < k_threads; ++t) {
        server.serve_json("/lane/" + std::to_string(t), "{\"lane\":" + std::to_string(t) + "}",
                          "\"e" + std::to_string(t) + "\"");
    }
    CurlHttpClient client(HttpSettings{});
    std::vector<std::string> failures(k_threads);  // each thread writes only its own
    std::vector<std::thread> lanes;
    for (int t = 0; t < k_threads; ++t) {
        lanes.emplace_back([&, t] {
            const std::string body = "{\"lane\":" + std::to_string(t) + "}";
            for (int i = 0; i < k_requests; ++i) {
                HttpRequest request = get(server.url() + "/lane/" + std::to_string(t));
                if (i % 2 == 1) {
                    request.headers.add("If-None-Match", "\"e" + std::to_string(t) + "\"");
                }
                const auto response = client.send(request);
                const int status = i % 2 == 1 ? 304 : 200;
                if (!response || response->status != status ||
                    response->body != (status == 200 ? body : "")) {
                    failures[static_cast<std::size_t>(t)] +=
                        "request " + std::to_string(i) + ": " +
                        (response ? std::to_string(response->status) + " " + response->body
                                  : why(response)) +
                        "\n";
                }
            }
        });
    }
    for (auto& lane : lanes) {
        lane.join();
    }
    for (const auto& failed : failures) {
        BOOST_TEST(failed.empty(), failed);
    }
    BOOST_TEST(server.request_count() == std::size_t{k_threads * k_requests});
    BOOST_TEST(server.connections() <= std::size_t{k_threads});
}

BOOST_AUTO_TEST_CASE(
    given_an_answer_that_closes_the_connection_the_next_request_should_open_another) {
    LoopbackServer server;
    ScriptedResponse closing;
    closing.headers = {{"Connection", "close"}};
    closing.body = "last on this connection";
    server.route("/x", closing);
    ScriptedResponse kept;
    kept.body = "kept";
    server.route("/x", kept);
    CurlHttpClient client(HttpSettings{});
    const auto first = client.send(get(server.url() + "/x"));
    BOOST_REQUIRE(first.has_value());
    BOOST_TEST(first->body == "last on this connection");
    for (int i = 0; i < 2; ++i) {
        const auto next = client.send(get(server.url() + "/x"));
        BOOST_REQUIRE_MESSAGE(next.has_value(), why(next));
        BOOST_TEST(next->body == "kept");
    }
    BOOST_TEST(server.connections() == 2u);
}

BOOST_AUTO_TEST_CASE(given_a_kept_connection_that_hangs_up_it_should_ask_again_on_a_new_one) {
    // A server may close an idle connection just as a request goes out on it;
    // with nothing received, curl sends the request again on a new connection.
    LoopbackServer server;
    ScriptedResponse first;
    first.body = "first";
    server.route("/x", first);
    ScriptedResponse gone;
    gone.mode = ScriptedResponse::Mode::hang_up;
    server.route("/x", gone);
    ScriptedResponse again;
    again.body = "again";
    server.route("/x", again);
    CurlHttpClient client(HttpSettings{});
    BOOST_REQUIRE(client.send(get(server.url() + "/x")).has_value());
    const auto response = client.send(get(server.url() + "/x"));
    BOOST_REQUIRE_MESSAGE(response.has_value(), why(response));
    BOOST_TEST(response->body == "again");
    BOOST_TEST(server.request_count() == 3u);
    BOOST_TEST(server.connections() == 2u);
}

BOOST_AUTO_TEST_CASE(given_a_failed_transfer_the_next_request_should_still_succeed) {
    // The handle that timed out is closed with its connection, not reused.
    LoopbackServer server;
    ScriptedResponse silent;
    silent.mode = ScriptedResponse::Mode::silent;
    server.route("/slow", silent);
    server.serve_json("/fast", "{}");
    HttpSettings settings;
    settings.timeout = 300ms;  // curl's own timer; the test itself never sleeps
    CurlHttpClient client(settings);
    BOOST_REQUIRE(client.send(get(server.url() + "/fast")).has_value());
    const auto timed_out = client.send(get(server.url() + "/slow"));
    BOOST_REQUIRE(!timed_out.has_value());
    BOOST_TEST((timed_out.error().kind == HttpError::Kind::timeout));
    const auto after = client.send(get(server.url() + "/fast"));
    BOOST_REQUIRE_MESSAGE(after.has_value(), why(after));
    BOOST_TEST(after->status == 200);
    BOOST_TEST(server.connections() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
