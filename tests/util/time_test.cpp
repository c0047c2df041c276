#include "core/util/time.h"

#include <boost/test/unit_test.hpp>

using namespace fairweather;
using namespace std::chrono_literals;

namespace {
TimePoint utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0, int ms = 0) {
    return TimePoint{std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} /
                                           std::chrono::day{d}}} +
           std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss} +
           std::chrono::milliseconds{ms};
}
}  // namespace

BOOST_AUTO_TEST_SUITE(timestamps)

BOOST_AUTO_TEST_CASE(given_statuspage_utc_millis_it_should_read_them_exactly) {
    BOOST_TEST(format_timestamp(*parse_timestamp("2020-04-02T20:20:54.013Z")) ==
               "2020-04-02T20:20:54.013Z");
    BOOST_TEST((*parse_timestamp("2020-04-02T20:20:54.013Z") == utc(2020, 4, 2, 20, 20, 54, 13)));
}

BOOST_AUTO_TEST_CASE(given_an_offset_it_should_convert_to_utc) {
    // Twilio's page is in America/Los_Angeles: -07:00 in June.
    BOOST_TEST(
        (*parse_timestamp("2020-06-16T14:00:29.031-07:00") == utc(2020, 6, 16, 21, 0, 29, 31)));
    BOOST_TEST((*parse_timestamp("2014-05-14T14:22:39-06:00") == utc(2014, 5, 14, 20, 22, 39)));
    BOOST_TEST((*parse_timestamp("2024-01-01T01:30:00+02:00") == utc(2023, 12, 31, 23, 30, 0)));
    BOOST_TEST((*parse_timestamp("2024-01-01T01:30:00+0200") == utc(2023, 12, 31, 23, 30, 0)));
}

BOOST_AUTO_TEST_CASE(given_more_than_millisecond_precision_it_should_truncate) {
    BOOST_TEST(
        (*parse_timestamp("2023-01-07T22:50:20.123456Z") == utc(2023, 1, 7, 22, 50, 20, 123)));
    BOOST_TEST((*parse_timestamp("2023-01-07T22:50:20.5Z") == utc(2023, 1, 7, 22, 50, 20, 500)));
}

BOOST_AUTO_TEST_CASE(given_garbage_it_should_refuse) {
    for (const char* bad : {"", "2020-04-02", "2020-04-02T20:20:54", "2020-13-02T20:20:54Z",
                            "2021-02-29T00:00:00Z", "2020-04-02T24:00:00Z", "2020-04-02T20:20:54.Z",
                            "2020-04-02T20:20:54Zjunk", "yesterday", "2020-04-02T20:20Z"}) {
        BOOST_TEST(!parse_timestamp(bad).has_value(), bad);
    }
}

BOOST_AUTO_TEST_CASE(given_a_whole_second_it_should_format_without_millis) {
    BOOST_TEST(format_timestamp(utc(2026, 11, 21, 9, 5, 3)) == "2026-11-21T09:05:03Z");
    BOOST_TEST(format_date(utc(2026, 11, 21, 23, 59, 59)) == "2026-11-21");
}

BOOST_AUTO_TEST_CASE(given_a_date_it_should_read_midnight_utc) {
    BOOST_TEST((*parse_date("2024-02-29") == utc(2024, 2, 29)));
    BOOST_TEST(!parse_date("2023-02-29").has_value());
    BOOST_TEST(!parse_date("2023-02-28T00:00:00Z").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(durations)

BOOST_AUTO_TEST_CASE(given_each_unit_it_should_parse) {
    BOOST_TEST(parse_duration("500ms")->count() == 500);
    BOOST_TEST((*parse_duration("30s") == Duration{30s}));
    BOOST_TEST((*parse_duration("10m") == Duration{10min}));
    BOOST_TEST((*parse_duration("2h") == Duration{2h}));
    BOOST_TEST((*parse_duration("1d") == Duration{24h}));
    BOOST_TEST((*parse_duration("1w") == Duration{168h}));
    BOOST_TEST((*parse_duration("1h30m") == Duration{90min}));
    BOOST_TEST((*parse_duration("0s") == Duration{0}));
}

BOOST_AUTO_TEST_CASE(given_bad_text_it_should_say_what_is_wrong) {
    const auto check = [](const char* text, const char* expected) {
        const auto d = parse_duration(text);
        BOOST_REQUIRE(!d.has_value());
        BOOST_TEST(d.error().find(expected) != std::string::npos, d.error());
        BOOST_TEST(d.error().find("e.g. \"30s\"") != std::string::npos);
    };
    check("", "empty");
    check("10", "has no unit");
    check("10 minutes", "unexpected \" \" at character 3");
    check("5y", "unknown unit \"y\"");
    check("m", "expected a whole number");
    check("-5s", "negative");
    check("99999999999w", "longer than 10 years");
}

BOOST_AUTO_TEST_CASE(given_a_measured_duration_it_should_round_it_for_people) {
    BOOST_TEST(format_elapsed(Duration{9997}) == "10s");
    BOOST_TEST(format_elapsed(Duration{850}) == "850ms");
    BOOST_TEST(format_elapsed(Duration{1499}) == "1s");
    BOOST_TEST(format_elapsed(Duration{150'400}) == "2m30s");
    BOOST_TEST(format_elapsed(Duration{3'600'000 + 5 * 60'000 + 31'000}) == "1h6m");
    BOOST_TEST(format_elapsed(Duration{2 * 86'400'000 + 3 * 3'600'000 + 1'799'000}) == "2d3h");
    BOOST_TEST(format_elapsed(Duration{-9997}) == "-10s");
    BOOST_TEST(format_elapsed(Duration{0}) == "0s");
}

BOOST_AUTO_TEST_CASE(given_a_duration_it_should_format_what_parse_reads_back) {
    for (const Duration d : {Duration{0}, Duration{1500}, Duration{90min}, Duration{30s},
                             Duration{26h + 1s}, Duration{7 * 24h}}) {
        BOOST_TEST((*parse_duration(format_duration(d)) == d), format_duration(d));
    }
    BOOST_TEST(format_duration(90min) == "1h30m");
    BOOST_TEST(format_duration(Duration{1500}) == "1s500ms");
}

BOOST_AUTO_TEST_SUITE_END()
