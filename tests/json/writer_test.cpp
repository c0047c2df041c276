#include "core/json/writer.h"

#include <cmath>

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

using namespace fairweather;

BOOST_AUTO_TEST_SUITE(json_writer)

BOOST_AUTO_TEST_CASE(given_nested_values_it_should_write_compact_json) {
    JsonWriter j;
    j.begin_object()
        .field("a", 1)
        .field("b", "x")
        .key("c")
        .begin_array()
        .value(true)
        .null()
        .end_array();
    j.key("d").begin_object().end_object().end_object();
    BOOST_TEST(j.str() == R"({"a":1,"b":"x","c":[true,null],"d":{}})");
}

BOOST_AUTO_TEST_CASE(given_awkward_strings_it_should_escape_them_so_a_parser_reads_them_back) {
    const std::string nasty = "quote\" backslash\\ newline\n tab\t bell\x07 unicode é ✅";
    JsonWriter j(2);
    j.begin_object().field("s", nasty).string_array("list", {"a", nasty}).end_object();
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE(parser.parse(j.str()).get(doc) == simdjson::SUCCESS);
    std::string_view back;
    BOOST_REQUIRE(doc["s"].get_string().get(back) == simdjson::SUCCESS);
    BOOST_TEST(back == nasty);
    BOOST_TEST(j.str().find("\\u0007") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_doubles_it_should_write_the_shortest_form_and_null_for_nan) {
    JsonWriter j;
    j.begin_array().value(0.1).value(1.5e300).value(std::nan("")).end_array();
    BOOST_TEST(j.str() == "[0.1,1.5e+300,null]");
}

BOOST_AUTO_TEST_SUITE_END()
