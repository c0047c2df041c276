// The Prometheus alert rules: valid for promtool, unit-tested by promtool
// (series in, alerts out, including what must not fire), and each alert
// labelled, annotated and linked to a section of the runbook that exists.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <yaml-cpp/yaml.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/process.h"

using namespace fairweather::testing;
namespace fs = std::filesystem;

namespace {

const fs::path k_source = FAIRWEATHER_SOURCE_DIR;
// The rules live in the chart; exporters/alerts/fairweather-rules.yml links to them.
const fs::path k_rules = k_source / "charts" / "fairweather" / "files" / "fairweather-rules.yml";
const fs::path k_rule_tests = k_source / "tests" / "alerts" / "fairweather-rules.test.yml";
const fs::path k_runbook = k_source / "docs" / "runbook.md";
const std::string k_runbook_url =
    "https://github.com/fairweather-ci/fairweather/blob/main/docs/runbook.md#";

// promtool comes with Debian's prometheus package, which the setup installs.
ProcessResult promtool(const std::vector<std::string>& args) {
    return run_process("/usr/bin/promtool", args);
}

// GitHub's anchor for a Markdown heading: lower case, spaces to '-', other
// punctuation dropped.
std::string anchor(const std::string& heading) {
    std::string out;
    for (const char c : heading) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            out += static_cast<char>(std::tolower(u));
        } else if (c == ' ' || c == '-') {
            out += '-';
        }
    }
    return out;
}

std::set<std::string> runbook_anchors() {
    std::set<std::string> out;
    std::istringstream in(read_file(k_runbook));
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("## ")) {
            out.insert(anchor(line.substr(3)));
        }
    }
    return out;
}

std::vector<YAML::Node> alerts() {
    std::vector<YAML::Node> out;
    const YAML::Node root = YAML::LoadFile(k_rules.string());
    for (const auto& group : root["groups"]) {
        for (const auto& rule : group["rules"]) {
            if (rule["alert"]) {
                out.push_back(rule);
            }
        }
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(alert_rules)

BOOST_AUTO_TEST_CASE(given_the_rules_promtool_check_rules_should_pass) {
    const auto r = promtool({"check", "rules", k_rules.string()});
    BOOST_TEST(r.exit_code == 0, "promtool check rules (install Debian's prometheus package):\n"
                                     << r.out << r.err);
    BOOST_TEST(contains(r.out, "SUCCESS: 11 rules found"), r.out);
}

// Series in, alerts out: each alert fires when it should, with its labels and
// its annotations filled in, and stays quiet in the cases that must not fire.
BOOST_AUTO_TEST_CASE(given_recorded_series_promtool_test_rules_should_pass) {
    // promtool resolves rule_files relative to the test file.
    const auto r = promtool({"test", "rules", k_rule_tests.string()});
    BOOST_TEST(r.exit_code == 0, "promtool test rules:\n" << r.out << r.err);
    BOOST_TEST(contains(r.out, "SUCCESS"), r.out);
}

BOOST_AUTO_TEST_CASE(given_each_alert_it_should_have_a_severity_annotations_and_a_runbook) {
    const auto anchors = runbook_anchors();
    BOOST_REQUIRE(anchors.size() >= 9u);
    std::set<std::string> tested;
    {
        const YAML::Node tests = YAML::LoadFile(k_rule_tests.string());
        for (const auto& t : tests["tests"]) {
            for (const auto& a : t["alert_rule_test"]) {
                if (a["exp_alerts"].size() > 0) {
                    tested.insert(a["alertname"].as<std::string>());
                }
            }
        }
    }
    const auto all = alerts();
    BOOST_TEST(all.size() == 11u);
    for (const auto& rule : all) {
        const auto name = rule["alert"].as<std::string>();
        BOOST_TEST_CONTEXT(name) {
            const auto severity = rule["labels"]["severity"].as<std::string>("");
            BOOST_TEST((severity == "warning" || severity == "critical"), severity);
            BOOST_TEST(!rule["annotations"]["summary"].as<std::string>("").empty());
            BOOST_TEST(!rule["annotations"]["description"].as<std::string>("").empty());
            const auto url = rule["annotations"]["runbook_url"].as<std::string>("");
            BOOST_REQUIRE(url.starts_with(k_runbook_url));
            BOOST_TEST(anchors.count(url.substr(k_runbook_url.size())) == 1u,
                       url << " has no section in docs/runbook.md");
            BOOST_TEST(tested.count(name) == 1u, "no promtool test sees " << name << " fire");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
