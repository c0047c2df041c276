// The metric registry's exposition (exporters/registry.h): numbers exactly as
// printf("%.16g") writes them, escaping, the order of families and series,
// histograms, removal, and a scrape while other threads set values.
#include "exporters/registry.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

using namespace fairweather::metrics;

namespace {

std::string printf_g16(double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.16g", v);
    return buffer;
}

std::string value_text(double v) {
    std::string out;
    append_value(out, v);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metric_registry)

BOOST_AUTO_TEST_CASE(given_any_finite_number_it_should_write_what_printf_g16_writes) {
    std::vector<double> values{0.1,
                               0.3,
                               1e20,
                               1234567.5,
                               3.14159,
                               1795185000.123,
                               1e-7,
                               1e15,
                               1e15 - 1,
                               1e16 + 2,
                               -5,
                               -0.25,
                               123456789012345678.0,
                               0.1 + 0.2,
                               std::numeric_limits<double>::max(),
                               std::numeric_limits<double>::denorm_min(),
                               86400,
                               604800,
                               2.5e-300};
    // A sweep of magnitudes and fractions, whole numbers included.
    for (int e = -20; e <= 20; ++e) {
        for (const double m : {1.0, 1.5, 7.25, 9.999999999999999, 123.456}) {
            values.push_back(m * std::pow(10.0, e));
            values.push_back(-m * std::pow(10.0, e));
        }
    }
    for (const double v : values) {
        BOOST_TEST(value_text(v) == printf_g16(v), "value " << printf_g16(v));
    }
}

BOOST_AUTO_TEST_CASE(given_special_values_it_should_write_the_exposition_spellings) {
    BOOST_TEST(value_text(std::nan("")) == "Nan");
    BOOST_TEST(value_text(std::numeric_limits<double>::infinity()) == "+Inf");
    BOOST_TEST(value_text(-std::numeric_limits<double>::infinity()) == "-Inf");
    BOOST_TEST(value_text(0.0) == "0");
    BOOST_TEST(value_text(-0.0) == "-0");
}

BOOST_AUTO_TEST_CASE(given_label_values_with_quotes_it_should_escape_them) {
    Registry registry;
    registry.gauge("g", "help with \\ and\nnewline").add({{"a", "x\\y\"z\nw"}}).set(1);
    BOOST_TEST(registry.render() ==
               "# HELP g help with \\\\ and\\nnewline\n"
               "# TYPE g gauge\n"
               "g{a=\"x\\\\y\\\"z\\nw\"} 1\n");
}

BOOST_AUTO_TEST_CASE(
    given_families_of_each_kind_it_should_write_counters_then_gauges_then_histograms) {
    Registry registry;
    registry.gauge("b_gauge", "second").add({}).set(2);
    registry.histogram("c_seconds", "third").add({}, std::vector<double>{1, 10}).observe(5);
    registry.counter("a_total", "first").add({}).increment(3);
    registry.gauge("empty", "no series: left out");
    BOOST_TEST(registry.render() ==
               "# HELP a_total first\n# TYPE a_total counter\na_total 3\n"
               "# HELP b_gauge second\n# TYPE b_gauge gauge\nb_gauge 2\n"
               "# HELP c_seconds third\n# TYPE c_seconds histogram\n"
               "c_seconds_count 1\nc_seconds_sum 5\n"
               "c_seconds_bucket{le=\"1\"} 0\nc_seconds_bucket{le=\"10\"} 1\n"
               "c_seconds_bucket{le=\"+Inf\"} 1\n");
}

BOOST_AUTO_TEST_CASE(given_series_added_in_any_order_it_should_sort_them_by_label_values) {
    Registry registry;
    auto& f = registry.gauge("g", "h");
    // "Git Operations" sorts after "Git" by value, although ' ' < '"' would
    // put it first in the rendered text.
    f.add({{"component", "Git Operations"}}).set(2);
    f.add({{"component", "Git"}}).set(1);
    f.add({{"component", "API"}, {"source", "z"}}).set(3);
    BOOST_TEST(registry.render() ==
               "# HELP g h\n# TYPE g gauge\n"
               "g{component=\"API\",source=\"z\"} 3\n"
               "g{component=\"Git\"} 1\n"
               "g{component=\"Git Operations\"} 2\n");
}

BOOST_AUTO_TEST_CASE(given_label_texts_it_should_order_them_as_their_label_maps) {
    const std::vector<std::string> values{
        "",  "Git", "Git Operations", "Git!", "a\"b", "a\\b", "a\nb",
        "a", "ab",  "\xc3\xa9",       "~",    "!",    " "};
    std::vector<Labels> sets;
    for (const auto& v : values) {
        sets.push_back({{"component", v}});
        sets.push_back({{"a", v}, {"b", "x"}});
        for (const auto& w : values) {
            sets.push_back({{"a", v}, {"b", w}});
        }
    }
    sets.push_back({});
    sets.push_back({{"a", "x"}});
    sets.push_back({{"a", "x"}, {"c", "y"}});
    const LabelOrder order;
    for (const auto& x : sets) {
        for (const auto& y : sets) {
            BOOST_TEST(order(render_labels(x), render_labels(y)) == (x < y),
                       render_labels(x) << " vs " << render_labels(y));
        }
    }
}

BOOST_AUTO_TEST_CASE(given_a_histogram_with_labels_it_should_write_le_last_and_cumulative_counts) {
    Registry registry;
    auto& h = registry.histogram("d_seconds", "delays")
                  .add({{"repo", "a/b"}}, std::vector<double>{0, 86400, 172800});
    for (const double v : {0.0, 100.0, 86400.0, 90000.0, 1e9}) {
        h.observe(v);
    }
    BOOST_TEST(registry.render() ==
               "# HELP d_seconds delays\n# TYPE d_seconds histogram\n"
               "d_seconds_count{repo=\"a/b\"} 5\n"
               "d_seconds_sum{repo=\"a/b\"} 1000176500\n"
               "d_seconds_bucket{repo=\"a/b\",le=\"0\"} 1\n"
               "d_seconds_bucket{repo=\"a/b\",le=\"86400\"} 3\n"
               "d_seconds_bucket{repo=\"a/b\",le=\"172800\"} 4\n"
               "d_seconds_bucket{repo=\"a/b\",le=\"+Inf\"} 5\n");
}

BOOST_AUTO_TEST_CASE(given_a_removed_series_it_should_leave_the_scrape_and_come_back_at_zero) {
    Registry registry;
    auto& f = registry.counter("c_total", "h");
    auto& one = f.add({{"k", "1"}});
    one.increment(4);
    f.add({{"k", "2"}}).increment();
    BOOST_TEST(&f.add({{"k", "1"}}) == &one, "the same labels answer the same series");
    f.remove(&one);
    f.remove(&one);  // a second time: ignored
    BOOST_TEST(f.size() == 1u);
    BOOST_TEST(registry.render() ==
               "# HELP c_total h\n# TYPE c_total counter\nc_total{k=\"2\"} 1\n");
    f.add({{"k", "1"}});
    BOOST_TEST(registry.render().find("c_total{k=\"1\"} 0\n") != std::string::npos);
    f.add({{"k", "1"}}).increment(-3);
    BOOST_TEST(f.add({{"k", "1"}}).value() == 0, "a counter never goes down");
}

BOOST_AUTO_TEST_CASE(
    given_a_name_registered_twice_it_should_answer_the_same_family_or_refuse_another_kind) {
    Registry registry;
    auto& g = registry.gauge("g", "h");
    BOOST_TEST(&registry.gauge("g", "h") == &g);
    BOOST_CHECK_THROW(registry.counter("g", "h"), std::logic_error);
}

BOOST_AUTO_TEST_CASE(given_writers_on_other_threads_it_should_render_whole_lines) {
    Registry registry;
    auto& gauges = registry.gauge("g", "h");
    auto& counters = registry.counter("c_total", "h");
    std::vector<std::thread> writers;
    for (int t = 0; t < 2; ++t) {
        writers.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                auto& g = gauges.add({{"t", std::to_string(t)}, {"i", std::to_string(i % 50)}});
                g.set(i);
                counters.add({{"t", std::to_string(t)}}).increment();
                if (i % 7 == 0) {
                    gauges.remove(&g);
                }
            }
        });
    }
    for (int scrape = 0; scrape < 50; ++scrape) {
        const std::string text = registry.render();
        BOOST_REQUIRE(text.empty() || text.back() == '\n');
    }
    for (auto& w : writers) {
        w.join();
    }
    BOOST_TEST(counters.add({{"t", "0"}}).value() == 2000);
    BOOST_TEST(counters.add({{"t", "1"}}).value() == 2000);
}

BOOST_AUTO_TEST_SUITE_END()
