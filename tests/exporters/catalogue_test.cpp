// The metric catalogue (exporters/catalogue.cpp) against what is written
// about it and what is exported: the README's metric tables name every
// family with its labels and nothing else, and every series in the golden
// expositions and the gate's exposition carries exactly its family's
// catalogued labels.
#include "exporters/catalogue.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/util/build_info.h"
#include "exporters/gate_metrics.h"
#include "exporters/process_metrics.h"
#include "tests/support/checks.h"
#include "tests/support/fixtures.h"

using namespace fairweather;
using namespace fairweather::testing;

namespace {

struct ReadmeRow {
    int line = 0;
    std::vector<std::string> metrics;  // with the fairweather_ prefix
    std::set<std::string> labels;
};

std::vector<std::string> backticked(const std::string& cell) {
    std::vector<std::string> out;
    static const std::regex word("`([^`]+)`");
    for (auto it = std::sregex_iterator(cell.begin(), cell.end(), word);
         it != std::sregex_iterator(); ++it) {
        out.push_back((*it)[1]);
    }
    return out;
}

std::vector<std::string> cells(const std::string& row) {
    std::vector<std::string> out;
    std::stringstream in(row.substr(1));
    std::string cell;
    while (std::getline(in, cell, '|')) {
        out.push_back(cell);
    }
    return out;
}

// The rows of every "| metric | labels | what |" table in the README.
std::vector<ReadmeRow> readme_metric_rows() {
    std::istringstream in(read_file(std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "README.md"));
    std::vector<ReadmeRow> rows;
    std::string line;
    bool in_table = false;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.starts_with("| metric | labels | what |")) {
            in_table = true;
            continue;
        }
        if (!in_table || line.starts_with("| ---")) {
            continue;
        }
        if (!line.starts_with("|")) {
            in_table = false;
            continue;
        }
        const auto columns = cells(line);
        BOOST_REQUIRE_MESSAGE(columns.size() >= 3, "README.md:" << number << ": " << line);
        ReadmeRow row;
        row.line = number;
        for (const auto& m : backticked(columns[0])) {
            // The standard process_* families keep their standard names.
            row.metrics.push_back(m.starts_with("process_") ? m : "fairweather_" + m);
        }
        for (const auto& l : backticked(columns[1])) {
            row.labels.insert(l);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::set<std::string> catalogued_labels(const MetricFamily& family) {
    std::set<std::string> out;
    for (const auto l : family.label_names()) {
        out.emplace(l);
    }
    return out;
}

// The family a sample belongs to: its name, or a histogram's without its suffix.
const MetricFamily* family_of(const std::string& sample) {
    for (const auto& f : metric_catalogue()) {
        if (sample == f.name) {
            return &f;
        }
        if (f.type == MetricType::histogram) {
            for (const char* suffix : {"_bucket", "_sum", "_count"}) {
                if (sample == std::string(f.name) + suffix) {
                    return &f;
                }
            }
        }
    }
    return nullptr;
}

// Checks every sample line of an exposition against the catalogue.
void check_exposition(const std::string& text, const std::string& what) {
    std::istringstream in(text);
    std::string line;
    int samples = 0;
    static const std::regex label("([a-z_]+)=\"(?:\\\\.|[^\"\\\\])*\"");
    while (std::getline(in, line)) {
        if (line.empty() || line.starts_with("#")) {
            continue;
        }
        const auto brace = line.find_first_of("{ ");
        const std::string name = line.substr(0, brace);
        const MetricFamily* family = family_of(name);
        BOOST_TEST_REQUIRE(family != nullptr, what << ": " << name << " is not catalogued");
        std::set<std::string> labels;
        if (line[brace] == '{') {
            const std::string inside = line.substr(brace + 1, line.rfind('}') - brace - 1);
            for (auto it = std::sregex_iterator(inside.begin(), inside.end(), label);
                 it != std::sregex_iterator(); ++it) {
                labels.insert((*it)[1]);
            }
        }
        labels.erase("le");  // a histogram bucket's bound
        BOOST_TEST((labels == catalogued_labels(*family)), what << ": " << line);
        ++samples;
    }
    BOOST_TEST(samples > 0, what);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metric_families)

BOOST_AUTO_TEST_CASE(given_the_readme_it_should_list_every_family_with_its_labels) {
    const auto rows = readme_metric_rows();
    BOOST_REQUIRE(!rows.empty());
    std::set<std::string> listed;
    for (const auto& row : rows) {
        std::set<std::string> union_of_labels;
        for (const auto& name : row.metrics) {
            listed.insert(name);
            const auto found = std::find_if(metric_catalogue().begin(), metric_catalogue().end(),
                                            [&](const MetricFamily& f) { return f.name == name; });
            BOOST_TEST_REQUIRE((found != metric_catalogue().end()),
                               "README.md:" << row.line << ": " << name << " is not catalogued");
            const auto labels = catalogued_labels(*found);
            union_of_labels.insert(labels.begin(), labels.end());
        }
        BOOST_TEST((row.labels == union_of_labels),
                   "README.md:" << row.line << ": the labels listed differ from the catalogue's");
    }
    for (const auto& f : metric_catalogue()) {
        BOOST_TEST(listed.contains(std::string(f.name)), f.name << " is not in the README");
    }
}

BOOST_AUTO_TEST_CASE(given_the_catalogue_it_should_hold_each_name_once_with_help) {
    std::set<std::string_view> names;
    for (const auto& f : metric_catalogue()) {
        BOOST_TEST(names.insert(f.name).second, f.name << " twice");
        // Ours, or the standard process metrics every exporter carries.
        BOOST_TEST((f.name.starts_with("fairweather_") || f.name.starts_with("process_")), f.name);
        BOOST_TEST(!f.help.empty(), f.name);
        BOOST_TEST((f.type != MetricType::counter || f.name.ends_with("_total")), f.name);
    }
}

BOOST_AUTO_TEST_CASE(given_an_uncatalogued_name_registering_it_should_fail) {
    metrics::Registry registry;
    BOOST_CHECK_THROW(register_gauge(registry, "fairweather_not_in_the_table"), std::logic_error);
    BOOST_CHECK_THROW(register_counter(registry, "fairweather_weather_state"), std::logic_error);
}

BOOST_AUTO_TEST_CASE(given_the_golden_expositions_every_series_should_carry_its_labels) {
    check_exposition(own_fixture("metrics/monitor_outage.prom"), "monitor_outage.prom");
    check_exposition(own_fixture("metrics/release_cadence.prom"), "release_cadence.prom");
    GateDecisionMetrics d;
    d.kind = ReleaseKind::security;
    d.repo = "o/r";
    d.release = "1.2.3";
    d.decision = Decision::defer;
    d.weather = Weather::outage;
    check_exposition(render_gate_metrics(d), "render_gate_metrics");
}

BOOST_AUTO_TEST_CASE(given_this_process_it_should_render_the_build_and_process_families) {
    const std::string text = render_process_metrics();
    check_exposition(text, "render_process_metrics");
    BOOST_TEST(contains(text, "fairweather_build_info{version=\"" + std::string(version()) +
                                  "\",revision=\"" + std::string(revision()) + "\"} 1\n"),
               text);
    for (const char* name : {"process_cpu_seconds_total ", "process_resident_memory_bytes ",
                             "process_virtual_memory_bytes ", "process_open_fds ",
                             "process_max_fds ", "process_start_time_seconds "}) {
        BOOST_TEST(contains(text, "\n" + std::string(name)), name << " missing:\n" << text);
    }
    // Values that mean something: this process has memory and open files, and
    // started after 2020.
    const auto value = [&](const std::string& name) {
        const auto at = text.find("\n" + name + " ");
        return std::stod(text.substr(at + name.size() + 2));
    };
    BOOST_TEST(value("process_resident_memory_bytes") > 1e6);
    BOOST_TEST(value("process_open_fds") >= 3);
    BOOST_TEST(value("process_start_time_seconds") > 1.5e9);
}

BOOST_AUTO_TEST_SUITE_END()
