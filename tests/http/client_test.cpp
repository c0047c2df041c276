#include "core/http/client.h"

#include <boost/test/unit_test.hpp>

using namespace fairweather;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(http_values)

BOOST_AUTO_TEST_CASE(given_headers_it_should_find_names_in_any_case) {
    Headers h;
    h.add("ETag", "W/\"abc\"");
    h.add("X-RateLimit-Remaining", "42");
    BOOST_TEST(*h.get("etag") == "W/\"abc\"");
    BOOST_TEST(*h.get("x-ratelimit-remaining") == "42");
    BOOST_TEST(!h.get("Retry-After").has_value());
}

BOOST_AUTO_TEST_CASE(given_credentials_in_a_url_it_should_hide_them) {
    BOOST_TEST(redact_url("https://user:s3cret@example.com/path?q=1") ==
               "https://***@example.com/path?q=1");
    BOOST_TEST(redact_url("https://example.com/a@b") == "https://example.com/a@b");
    BOOST_TEST(redact_url("not a url") == "not a url");
}

BOOST_AUTO_TEST_CASE(given_retry_after_seconds_or_a_date_it_should_give_the_wait) {
    const TimePoint now =
        TimePoint{std::chrono::sys_days{std::chrono::year{2015} / 10 / 21}} + 7h + 28min;
    BOOST_TEST((*parse_retry_after("120", now) == Duration{120s}));
    BOOST_TEST((*parse_retry_after(" 5 ", now) == Duration{5s}));
    BOOST_TEST((*parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now) == Duration{2min}));
    BOOST_TEST((*parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now) == Duration{0}));
    BOOST_TEST(!parse_retry_after("soon", now).has_value());
    BOOST_TEST(!parse_retry_after("-3", now).has_value());
}

BOOST_AUTO_TEST_CASE(given_a_status_it_should_describe_it) {
    BOOST_TEST(describe_status(503) == "HTTP 503 Service Unavailable");
    BOOST_TEST(describe_status(429) == "HTTP 429 Too Many Requests");
    BOOST_TEST(describe_status(599) == "HTTP 599");
}

BOOST_AUTO_TEST_SUITE_END()
