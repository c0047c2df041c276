// The monitor's listener: the HTTP rules it holds to (tested on bytes), and
// over loopback sockets, what slow and hostile clients cannot do to it: hold
// a worker, keep /healthz from answering, have a body read before their token
// is checked, or smuggle a second request past it.
#include "monitor/http_server.h"

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "monitor/http_wire.h"
#include "tests/support/checks.h"
#include "tests/support/raw_client.h"

using namespace fairweather;
using namespace fairweather::monitor;
using namespace fairweather::testing;
using namespace std::chrono_literals;

namespace {

wire::RequestHead head_of(const std::string& text, std::size_t max_body = 1000) {
    auto head = wire::parse_head(text, max_body);
    BOOST_REQUIRE_MESSAGE(head.has_value(), (head ? "" : head.error().message));
    return std::move(*head);
}

int refusal_of(const std::string& text, std::size_t max_body = 1000) {
    const auto head = wire::parse_head(text, max_body);
    BOOST_REQUIRE_MESSAGE(!head.has_value(), "accepted: " << text);
    return head.error().status;
}

ServerResponse ok(const ServerRequest& r) {
    return ServerResponse{200, "text/plain", "you asked for " + r.path + "\n", {}};
}

const std::string k_get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(http_wire)

BOOST_AUTO_TEST_CASE(given_a_plain_request_it_should_read_its_parts) {
    const auto head = head_of(
        "POST /api/v1/repos/o%2Fx/releases?since=2026-01-01 HTTP/1.1\r\nHost: h\r\n"
        "Content-Length: 12\r\nAuthorization: Bearer t\r\n\r\n");
    BOOST_TEST(head.method == "POST");
    BOOST_TEST(head.path == "/api/v1/repos/o/x/releases");
    BOOST_TEST(head.query == "since=2026-01-01");
    BOOST_TEST(head.content_length == 12u);
    BOOST_TEST(head.keep_alive);
    BOOST_TEST(*head.headers.get("authorization") == "Bearer t");
    BOOST_TEST(!head_of("GET / HTTP/1.0\r\n\r\n").keep_alive);
    BOOST_TEST(head_of("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keep_alive);
    BOOST_TEST(!head_of("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keep_alive);
    BOOST_TEST(head_of("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
                   .expects_continue);
}

BOOST_AUTO_TEST_CASE(given_framing_that_could_smuggle_a_request_it_should_refuse_it) {
    BOOST_TEST(refusal_of("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n") ==
               400);
    BOOST_TEST(refusal_of("POST / HTTP/1.1\r\nContent-Length: 5\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n") == 400);
    BOOST_TEST(refusal_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") == 411);
    BOOST_TEST(refusal_of("POST / HTTP/1.1\r\nContent-Length: 5x\r\n\r\n") == 400);
    BOOST_TEST(refusal_of("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == 400);
    BOOST_TEST(refusal_of("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n") == 400);
    BOOST_TEST(refusal_of("GET / HTTP/1.1\r\nX: a\x01\r\n\r\n") == 400);
}

BOOST_AUTO_TEST_CASE(given_a_bad_request_line_it_should_say_which_status) {
    BOOST_TEST(refusal_of("GET / HTTP/2.0\r\n\r\n") == 505);
    BOOST_TEST(refusal_of("GET http://x/ HTTP/1.1\r\n\r\n") == 400);
    BOOST_TEST(refusal_of("GET /a/../metrics HTTP/1.1\r\n\r\n") == 400);
    BOOST_TEST(refusal_of("GET /a/%2e%2e/b HTTP/1.1\r\n\r\n") == 400);
    BOOST_TEST(refusal_of("GET /a%zz HTTP/1.1\r\n\r\n") == 400);
    BOOST_TEST(refusal_of("GET /a%00b HTTP/1.1\r\n\r\n") == 400);
    BOOST_TEST(refusal_of("G(T / HTTP/1.1\r\n\r\n") == 400);
    BOOST_TEST(refusal_of("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n") == 413);
    BOOST_TEST(refusal_of("POST / HTTP/1.1\r\nExpect: magic\r\n\r\n") == 417);
}

BOOST_AUTO_TEST_CASE(given_a_head_request_the_response_should_have_no_body) {
    const ServerResponse r{200, "text/plain", "hello", {}};
    const std::string head = wire::serialize(r, true, false);
    BOOST_TEST(contains(head, "Content-Length: 5\r\n"));
    BOOST_TEST(head.ends_with("\r\n\r\n"));
    BOOST_TEST(wire::serialize(r, false, false).ends_with("\r\n\r\nhello"));
    BOOST_TEST(contains(wire::serialize(r, false, true), "Connection: close\r\n"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(http_listener)

BOOST_AUTO_TEST_CASE(given_kept_alive_requests_it_should_answer_each_and_a_head_without_body) {
    auto server = HttpServer::start("127.0.0.1:0", ok);
    BOOST_REQUIRE(server.has_value());
    RawClient c((*server)->port());
    c.send(k_get);
    BOOST_TEST(contains(c.response(), "you asked for /healthz"));
    c.send("HEAD /metrics HTTP/1.1\r\n\r\n");
    const std::string head = c.response(true);
    BOOST_TEST(contains(head, "HTTP/1.1 200 OK"));
    c.send(k_get);  // after a HEAD, the next answer must start where the HEAD's ended
    const std::string next = c.response();
    BOOST_TEST(next.starts_with("HTTP/1.1 200 OK"), next);
    BOOST_TEST(c.leftover().empty());
}

BOOST_AUTO_TEST_CASE(given_no_token_a_change_should_be_refused_before_its_body_is_read) {
    std::atomic<int> handled{0};
    auto server = HttpServer::start(
        "127.0.0.1:0",
        [&](const ServerRequest& r) {
            ++handled;
            return ok(r);
        },
        [](const ServerRequest& head) -> std::optional<ServerResponse> {
            if (head.method == "POST" && !head.headers.get("Authorization")) {
                return ServerResponse{401, "application/json", "{\"error\":\"token\"}", {}};
            }
            return std::nullopt;
        });
    BOOST_REQUIRE(server.has_value());
    RawClient c((*server)->port());
    // The head alone: the refusal comes without the 60,000 bytes announced.
    c.send("POST /api/v1/releases HTTP/1.1\r\nContent-Length: 60000\r\n\r\n");
    BOOST_TEST(c.response().starts_with("HTTP/1.1 401 Unauthorized"));
    BOOST_TEST(c.closed_by_server());
    BOOST_TEST(handled == 0);
}

BOOST_AUTO_TEST_CASE(given_a_refused_request_it_should_close_the_connection) {
    auto server = HttpServer::start("127.0.0.1:0", ok, {}, ServerLimits{.max_body_bytes = 100});
    BOOST_REQUIRE(server.has_value());
    RawClient big((*server)->port());
    big.send("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n");
    BOOST_TEST(big.response().starts_with("HTTP/1.1 413"));
    BOOST_TEST(big.closed_by_server());
    RawClient twice((*server)->port());
    twice.send(
        "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nxGET / HTTP/1.1\r\n\r\n");
    BOOST_TEST(twice.response().starts_with("HTTP/1.1 400"));
    BOOST_TEST(twice.closed_by_server());  // and the smuggled GET was never answered
    BOOST_TEST(twice.leftover().empty());
}

BOOST_AUTO_TEST_CASE(given_a_body_that_never_finishes_it_should_close_it_at_the_deadline) {
    ServerLimits limits;
    limits.request_timeout = 300ms;
    auto server = HttpServer::start("127.0.0.1:0", ok, {}, limits);
    BOOST_REQUIRE(server.has_value());
    RawClient slow((*server)->port());
    slow.send("POST /api/v1/releases HTTP/1.1\r\nContent-Length: 60000\r\n\r\nx");
    const auto started = std::chrono::steady_clock::now();
    // Meanwhile the port answers.
    RawClient health((*server)->port());
    health.send(k_get);
    BOOST_TEST(contains(health.response(), "/healthz"));
    // Waiting for the server's own deadline, not sleeping: the read returns when it acts.
    BOOST_TEST(slow.response().starts_with("HTTP/1.1 408"));
    BOOST_TEST(slow.closed_by_server());
    BOOST_TEST((std::chrono::steady_clock::now() - started < 20s));
}

BOOST_AUTO_TEST_CASE(given_every_slot_held_by_slow_clients_health_should_still_answer) {
    ServerLimits limits;
    limits.threads = 1;
    limits.max_connections = 8;
    auto server = HttpServer::start("127.0.0.1:0", ok, {}, limits);
    BOOST_REQUIRE(server.has_value());
    std::vector<std::unique_ptr<RawClient>> slow;
    for (int i = 0; i < 16; ++i) {
        slow.push_back(std::make_unique<RawClient>((*server)->port()));
        slow.back()->send("POST /api/v1/releases HTTP/1.1\r\nContent-Len");  // and no more
    }
    RawClient health((*server)->port());
    health.send(k_get);
    BOOST_TEST(contains(health.response(), "/healthz"));
    // The oldest waiters were closed to make room.
    BOOST_TEST(slow.front()->closed_by_server());
}

BOOST_AUTO_TEST_CASE(given_a_handler_that_throws_it_should_answer_500_and_keep_serving) {
    auto server = HttpServer::start("127.0.0.1:0", [](const ServerRequest& r) -> ServerResponse {
        if (r.path == "/boom") {
            throw std::runtime_error("boom");
        }
        return ok(r);
    });
    BOOST_REQUIRE(server.has_value());
    RawClient c((*server)->port());
    c.send("GET /boom HTTP/1.1\r\n\r\n");
    BOOST_TEST(c.response().starts_with("HTTP/1.1 500"));
    c.send(k_get);
    BOOST_TEST(c.response().starts_with("HTTP/1.1 200"));
}

BOOST_AUTO_TEST_CASE(given_an_address_in_use_it_should_say_so) {
    auto first = HttpServer::start("127.0.0.1:0", ok);
    BOOST_REQUIRE(first.has_value());
    const auto second = HttpServer::start("127.0.0.1:" + std::to_string((*first)->port()), ok);
    BOOST_REQUIRE(!second.has_value());
    BOOST_TEST(contains(second.error(), "in use"), second.error());
}

BOOST_AUTO_TEST_SUITE_END()
