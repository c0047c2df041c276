// Reading JSON: documents that are not JSON say so, fields of every type are
// read or refused with their path, absent and null read as "not there", and
// the first problem is the one kept.
#include "core/json/reader.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/weather/weather.h"

using namespace fairweather;
using namespace fairweather::json;

namespace {

Document parsed(std::string_view text) {
    auto doc = Document::parse(text, "a test payload");
    BOOST_REQUIRE_MESSAGE(doc.has_value(), (doc ? "" : doc.error().describe()));
    return std::move(*doc);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_reader)

BOOST_AUTO_TEST_CASE(given_no_json_it_should_say_what_the_body_should_have_been) {
    const auto empty = Document::parse("", "a Statuspage v2 payload");
    BOOST_REQUIRE(!empty.has_value());
    BOOST_TEST(empty.error().describe() == "the body is empty");
    const auto truncated = Document::parse(R"({"a": [1, 2)", "a Statuspage v2 payload");
    BOOST_REQUIRE(!truncated.has_value());
    BOOST_TEST(truncated.error().message.starts_with("not valid JSON ("),
               truncated.error().message);
    BOOST_TEST(truncated.error().message.ends_with("not be a Statuspage v2 payload"));
}

BOOST_AUTO_TEST_CASE(given_every_type_it_should_read_each_field_as_written) {
    const Document doc =
        parsed(R"({"s":"text","b":true,"n":-42,"d":2.5,"t":"2026-11-20T14:00:00Z","z":null,)"
               R"("a":[1,"x",{"k":"v"}],"o":{"first":1,"second":2}})");
    Reader r;
    const auto o = r.as_object(doc.root(), "");
    BOOST_REQUIRE(o.has_value());
    BOOST_TEST(r.string(*o, "s", "") == "text");
    BOOST_TEST(r.boolean(*o, "b", ""));
    BOOST_TEST(*r.integer(*o, "n", "") == -42);
    BOOST_TEST(*r.number(*o, "d", "") == 2.5);
    BOOST_TEST((*r.timestamp(*o, "t", "") == *parse_timestamp("2026-11-20T14:00:00Z")));
    BOOST_TEST(!r.field(*o, "z").has_value());        // null: not there
    BOOST_TEST(!r.field(*o, "missing").has_value());  // absent: not there
    BOOST_TEST(r.string(*o, "missing", "").empty());
    const auto a = r.array_field(*o, "a", "");
    BOOST_REQUIRE(a.has_value());
    BOOST_TEST(a->size() == 3u);
    std::vector<Type> types;
    for (const Value v : *a) {
        types.push_back(v.type());
    }
    BOOST_TEST((types == std::vector<Type>{Type::number, Type::string, Type::object}));
    std::vector<std::string> keys;
    const auto members = r.as_object(*r.field(*o, "o"), "o");
    BOOST_REQUIRE(members.has_value());
    for (const auto& member : *members) {
        keys.emplace_back(member.key);
        BOOST_TEST(member.value.integer().has_value());
    }
    BOOST_TEST((keys == std::vector<std::string>{"first", "second"}));
    BOOST_TEST(!r.failed());
}

BOOST_AUTO_TEST_CASE(given_a_field_of_the_wrong_type_it_should_name_its_path) {
    const Document doc = parsed(R"({"page":{"id":7,"ok":"yes"}})");
    Reader r;
    const auto page = r.as_object(*r.field(*r.as_object(doc.root(), ""), "page"), "page");
    BOOST_TEST(r.string(*page, "id", "page").empty());
    BOOST_TEST(r.boolean(*page, "ok", "page") == false);  // a second problem, not kept
    BOOST_REQUIRE(r.failed());
    BOOST_TEST(r.error()->describe() == "page.id: expected a string, got a number");
}

BOOST_AUTO_TEST_CASE(given_a_required_field_absent_it_should_say_so) {
    const Document doc = parsed(R"({"components":[{"name":"Actions"}]})");
    Reader r;
    const auto list = r.array_field(*r.as_object(doc.root(), ""), "components", "");
    const auto first = r.as_object(*list->begin(), Reader::index("components", 0));
    BOOST_TEST(r.required_string(*first, "id", "components[0]").empty());
    BOOST_TEST(r.error()->describe() ==
               "components[0].id: missing; every object of this kind has it");
}

BOOST_AUTO_TEST_CASE(given_a_word_field_it_should_read_only_the_words_it_knows) {
    const Document doc = parsed(R"({"good":"outage","bad":"stormy"})");
    Reader r;
    const auto o = r.as_object(doc.root(), "");
    const auto words = "fair, degraded, outage or unknown";
    BOOST_TEST((r.word(*o, "good", "", parse_weather, words) == Weather::outage));
    BOOST_TEST(!r.failed());
    BOOST_TEST(!r.word(*o, "bad", "x", parse_weather, words).has_value());
    BOOST_TEST(r.error()->describe() ==
               "x.bad: \"stormy\" is not fair, degraded, outage or unknown");
}

BOOST_AUTO_TEST_CASE(given_a_value_that_is_not_an_object_as_object_should_fail_with_its_type) {
    const Document doc = parsed("[1]");
    Reader r;
    BOOST_TEST(!r.as_object(doc.root(), "(top level)").has_value());
    BOOST_TEST(r.error()->describe() == "(top level): expected an object, got an array");
    BOOST_TEST(type_name(Type::null) == "null");
}

BOOST_AUTO_TEST_SUITE_END()
