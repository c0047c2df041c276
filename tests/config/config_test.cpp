#include "config/config.h"

#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>

#include "tests/support/temp_dir.h"

using namespace fairweather;
using fairweather::testing::TempDir;
using namespace std::chrono_literals;

namespace {

Config parse_ok(const std::string& text) {
    auto config = parse_config(text, "test.toml");
    if (!config) {
        for (const auto& e : config.error()) {
            BOOST_TEST_MESSAGE(e.describe());
        }
    }
    BOOST_REQUIRE(config.has_value());
    return std::move(*config);
}

std::vector<ConfigError> parse_bad(const std::string& text) {
    auto config = parse_config(text, "test.toml");
    BOOST_REQUIRE(!config.has_value());
    return config.error();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config_reading)

// Bytes the config fuzzer found that break Debian's toml++ 3.3.0 (an
// assertion in parse_key, an unreachable branch in its whitespace table) are
// refused before toml++ sees them, at their line and column.
BOOST_AUTO_TEST_CASE(given_bytes_that_break_toml_plus_plus_it_should_refuse_them_first) {
    using namespace std::string_literals;
    const auto nul = parse_bad("[[\0"s);
    BOOST_REQUIRE(nul.size() == 1u);
    BOOST_TEST(nul[0].describe() ==
               "test.toml:1:3: error: a control character (U+0000), which TOML allows nowhere "
               "in a file; remove it");
    const auto form = parse_bad("[gate]\n\xEF\xBB\xB7 = 1\n");
    BOOST_REQUIRE(form.size() == 1u);
    BOOST_TEST(form[0].describe() ==
               "test.toml:2:1: error: U+FEF7 outside a quoted string or comment; TOML keys are "
               "ASCII unless quoted: quote the key, or remove the character");
    // Where toml++ asks whether a character is whitespace inside a string.
    BOOST_TEST(
        parse_bad("[report]\nsecurity_marker = \"\"\"\\\n  \xC3\xA9\"\"\"\n")[0].describe() ==
        "test.toml:3:3: error: U+00E9 after a line-ending backslash cannot be read safely "
        "by the TOML library (toml++ 3.3.0); write it as the escape \\u00E9");
    BOOST_TEST(parse_bad("[report]\nsecurity_marker = \"\\\xC3\xA9\"\n")[0].column == 21);
    // A quote in the middle of a token opens no string: toml++ reads on.
    BOOST_TEST(parse_bad("[monitor]\nretention =1_x'\xD1\x9C'\n")[0].describe() ==
               "test.toml:2:16: error: U+045C outside a quoted string or comment; TOML keys are "
               "ASCII unless quoted: quote the key, or remove the character");
    BOOST_TEST(parse_bad("# caf\xC3\n")[0].describe() ==
               "test.toml:1:6: error: byte 0xC3 is not UTF-8; TOML files are UTF-8: save the file "
               "as UTF-8");
    BOOST_TEST(parse_bad("# \xC0\xAF overlong\n")[0].line == 1);
    BOOST_TEST(parse_bad("x = 1\r\ny = \"\x1B[31m\"\n")[0].describe() ==
               "test.toml:2:6: error: a control character (U+001B), which TOML allows nowhere in "
               "a file; remove it");
    // Text in strings and comments, a byte order mark and CRLF line ends are
    // fine, and so is a string that ends in quotes of its own.
    BOOST_TEST(parse_ok("[report]\nsecurity_marker = \"caf\xC3\xA9 \xEF\xBB\xB7\"  # \xD2\x8D\n")
                   .report.security_marker == "caf\xC3\xA9 \xEF\xBB\xB7");
    BOOST_TEST(parse_ok("[report]\nsecurity_marker = \"\"\"a\"\"\"\"\"\n# \xC3\xA9\n")
                   .report.security_marker == "a\"\"");
    BOOST_TEST(
        parse_ok("[report]\nsecurity_marker = \'\'\'\xC3\xA9\'\'\'\n").report.security_marker ==
        "\xC3\xA9");
    // UTF-8 text, a byte order mark and CRLF line ends are fine.
    parse_ok("\xEF\xBB\xBF# caf\xC3\xA9 \xE2\x98\x82\r\n[gate]\r\nwait_interval = \"1m\"\r\n");
}

BOOST_AUTO_TEST_CASE(given_the_page_named_github_at_another_url_it_should_keep_the_defaults) {
    // A mirror or a proxy of githubstatus.com: the defaults follow the page.
    const Config c =
        parse_ok("[[status_pages]]\nname = \"github\"\nurl = \"https://status-proxy.corp\"\n");
    BOOST_REQUIRE(c.status_pages.size() == 1u);
    BOOST_TEST(c.status_pages[0].components.size() == 4u);
    BOOST_TEST(!c.status_pages[0].components_given);
    // Another page is watched whole, unless it lists components.
    const Config other =
        parse_ok("[[status_pages]]\nname = \"npm\"\nurl = \"https://status.npmjs.org\"\n");
    BOOST_TEST(other.status_pages[0].components.empty());
    const Config listed = parse_ok(
        "[[status_pages]]\nname = \"npm\"\nurl = \"https://status.npmjs.org\"\ncomponents = "
        "[\"Package installation\"]\n");
    BOOST_TEST(listed.status_pages[0].components_given);
}

BOOST_AUTO_TEST_CASE(given_nothing_it_should_use_the_documented_defaults) {
    const Config c = parse_ok("");
    BOOST_REQUIRE(c.status_pages.size() == 1u);
    const auto& page = c.status_pages[0];
    BOOST_TEST(page.name == "github");
    BOOST_TEST(page.url == "https://www.githubstatus.com");
    BOOST_REQUIRE(page.components.size() == 4u);
    BOOST_TEST(page.components[0].id == "br0l2tvcx85d");
    BOOST_TEST(page.components[1].id == "brv1bkgrwx7q");
    BOOST_TEST(page.components[2].id == "8l4ygp009s5s");
    BOOST_TEST(page.components[3].id == "4230lsnqdsld");
    BOOST_TEST((page.status_weather.at("partial_outage") == Weather::outage));
    BOOST_TEST((page.incident_weather.at("critical") == Weather::outage));
    BOOST_TEST((c.gate.security.unknown == Decision::proceed));
    BOOST_TEST((c.gate.regular.degraded == Decision::defer));
    BOOST_TEST((c.http.timeout == Duration{20s}));
    BOOST_TEST((c.monitor.poll_interval == Duration{30s}));
    BOOST_TEST(c.monitor.listen == "127.0.0.1:9464");
}

BOOST_AUTO_TEST_CASE(given_every_key_it_should_read_them_all) {
    const Config c = parse_ok(R"(
[http]
connect_timeout = "2s"
timeout = "45s"
max_response_bytes = 2097152
max_redirects = 2
ca_file = "/etc/ssl/certs/ca-certificates.crt"

[[status_pages]]
name = "github"
url = "https://www.githubstatus.com"
components = ["br0l2tvcx85d", { id = "vg70hn9s2tyj", name = "Pages" }, { name = "Packages" }]
status_weather = { degraded_performance = "outage" }
incident_weather = { minor = "degraded" }

[[status_pages]]
name = "npm"
url = "https://status.npmjs.org"

[gate]
wait_interval = "1m"
wait_max_interval = "10m"

[gate.regular]
outage = "block"

[gate.security]
unknown = "defer"

[monitor]
poll_interval = "1m"
listen = "0.0.0.0:9000"
)");
    BOOST_TEST((c.http.connect_timeout == Duration{2s}));
    BOOST_TEST((c.http.timeout == Duration{45s}));
    BOOST_TEST(c.http.max_response_bytes == 2097152u);
    BOOST_TEST(c.http.max_redirects == 2);
    BOOST_TEST(c.http.ca_file == "/etc/ssl/certs/ca-certificates.crt");
    BOOST_REQUIRE(c.status_pages.size() == 2u);
    const auto& gh = c.status_pages[0];
    BOOST_REQUIRE(gh.components.size() == 3u);
    BOOST_TEST(gh.components[0].id == "br0l2tvcx85d");
    BOOST_TEST(gh.components[1].name == "Pages");
    BOOST_TEST(gh.components[2].id.empty());
    BOOST_TEST((gh.status_weather.at("degraded_performance") == Weather::outage));
    BOOST_TEST((gh.status_weather.at("major_outage") == Weather::outage));  // defaults kept
    BOOST_TEST((gh.incident_weather.at("minor") == Weather::degraded));
    BOOST_TEST(c.status_pages[1].name == "npm");
    BOOST_TEST(c.status_pages[1].components.empty());  // another page: watch all of it
    BOOST_TEST((c.gate.wait_interval == Duration{1min}));
    BOOST_TEST((c.gate.wait_max_interval == Duration{10min}));
    BOOST_TEST((c.gate.regular.outage == Decision::block));
    BOOST_TEST((c.gate.regular.degraded == Decision::defer));  // untouched keys keep defaults
    BOOST_TEST((c.gate.security.unknown == Decision::defer));
    BOOST_TEST((c.monitor.poll_interval == Duration{1min}));
    BOOST_TEST(c.monitor.listen == "0.0.0.0:9000");
}

BOOST_AUTO_TEST_CASE(given_a_github_page_without_components_it_should_watch_the_four_defaults) {
    const Config c = parse_ok("[[status_pages]]\nurl = \"https://www.githubstatus.com/\"\n");
    BOOST_TEST(c.status_pages[0].name == "github");
    BOOST_TEST(c.status_pages[0].components.size() == 4u);
}

BOOST_AUTO_TEST_CASE(given_invalid_toml_it_should_give_line_and_column) {
    const auto errors = parse_bad("[gate]\nwait_interval = \"30s\n");
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].line == 2);
    BOOST_TEST(errors[0].column > 0);
    BOOST_TEST(errors[0].describe().starts_with("test.toml:2:"));
    BOOST_TEST(errors[0].message.find("not valid TOML") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_a_misspelt_key_it_should_suggest_the_right_one) {
    const auto errors = parse_bad("[gate]\nwait_intervall = \"30s\"\n");
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].describe() ==
               "test.toml:2:1: error: unknown key \"wait_intervall\" in [gate]; did you mean "
               "\"wait_interval\"?");
}

BOOST_AUTO_TEST_CASE(given_an_unknown_section_it_should_list_the_known_ones) {
    BOOST_TEST(parse_bad("[polcy]\nx = 1\n")[0].message ==
               "unknown key \"polcy\" in the top level; did you mean \"policy\"?");
    const auto errors = parse_bad("[alerts]\nx = 1\n");
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].message.find("unknown key \"alerts\" in the top level") !=
               std::string::npos);
    BOOST_TEST(errors[0].message.find(
                   "known keys: \"http\", \"status_pages\", \"gate\", \"monitor\", "
                   "\"github\", \"repos\", \"policy\", \"api\", \"state\", \"queue\" or "
                   "\"report\"") != std::string::npos,
               errors[0].message);
}

BOOST_AUTO_TEST_CASE(given_several_problems_it_should_report_every_one_in_file_order) {
    const auto errors = parse_bad(R"([gate.security]
outage = "later"

[http]
timeout = "soon"
max_response_bytes = "big"

[monitor]
poll_interval = "500ms"
)");
    BOOST_REQUIRE(errors.size() == 4u);
    BOOST_TEST(errors[0].line == 2);
    BOOST_TEST(errors[0].message ==
               "[gate.security] outage: \"later\" is not a decision; use \"proceed\", \"defer\" or "
               "\"block\"");
    BOOST_TEST(errors[1].line == 5);
    BOOST_TEST(errors[1].column == 11);
    BOOST_TEST(errors[1].message.find("[http] timeout: invalid duration \"soon\"") == 0u,
               errors[1].message);
    BOOST_TEST(errors[2].line == 6);
    BOOST_TEST(errors[2].message == "[http] max_response_bytes must be a whole number");
    BOOST_TEST(errors[3].line == 9);
    BOOST_TEST(errors[3].message == "[monitor] poll_interval must be at least 1s");
}

BOOST_AUTO_TEST_CASE(given_bad_status_pages_it_should_say_what_to_write) {
    const auto errors = parse_bad(R"([[status_pages]]
name = "a"
url = "www.githubstatus.com"
components = "Actions"
status_weather = { operational = "sunny" }

[[status_pages]]
name = "a"
)");
    std::string all;
    for (const auto& e : errors) {
        all += e.describe() + "\n";
    }
    BOOST_TEST(all.find("test.toml:3:7: error: [[status_pages]] url \"www.githubstatus.com\" must "
                        "start with https://") != std::string::npos,
               all);
    BOOST_TEST(all.find("test.toml:4:14: error: [[status_pages]] components must be an array") !=
                   std::string::npos,
               all);
    BOOST_TEST(
        all.find("status_weather.operational: \"sunny\" is not a weather") != std::string::npos,
        all);
    BOOST_TEST(all.find("[[status_pages]] needs a url") != std::string::npos, all);
    BOOST_TEST(all.find("name \"a\" is used twice") != std::string::npos, all);
}

BOOST_AUTO_TEST_CASE(given_inconsistent_wait_intervals_it_should_refuse) {
    const auto errors = parse_bad("[gate]\nwait_interval = \"10m\"\nwait_max_interval = \"1m\"\n");
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(
        errors[0].message.find("wait_max_interval (1m) is shorter than wait_interval (10m)") !=
        std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_monitor_github_and_repos_it_should_read_them) {
    const Config c = parse_ok(R"(
[monitor]
poll_interval = "15s"
recovery_window = "20m"
stale_after = "3m"
max_backoff = "5m"
retention = "30d"
state_dir = "/var/lib/fairweather"

[github]
api_url = "http://127.0.0.1:8080"
token_file = "/run/secrets/github-token"
webhook_secret_file = "/run/secrets/github-webhook-secret"

[gate]
monitor = "http://fairweather.internal:9464"

[[repos]]
name = "bytecodealliance/wasmtime"
workflows = ["main.yml", "CI"]
release_workflow = "publish-artifacts.yml"
queued_too_long = "15m"
stuck_runs_outage = 5
startup_failures_degraded = 0

[[repos]]
name = "cloud-hypervisor/cloud-hypervisor"
)");
    BOOST_TEST((c.monitor.poll_interval == Duration{15s}));
    BOOST_TEST((c.monitor.recovery_window == Duration{20min}));
    BOOST_TEST((c.monitor.stale_after == Duration{3min}));
    BOOST_TEST((c.monitor.max_backoff == Duration{5min}));
    BOOST_TEST((c.monitor.retention == Duration{std::chrono::days{30}}));
    BOOST_TEST(c.monitor.state_dir == "/var/lib/fairweather");
    BOOST_TEST(c.github.api_url == "http://127.0.0.1:8080");
    BOOST_TEST(c.github.token_file == "/run/secrets/github-token");
    BOOST_TEST(c.github.webhook_secret_file == "/run/secrets/github-webhook-secret");
    BOOST_TEST(c.gate_monitor_url == "http://fairweather.internal:9464");
    BOOST_REQUIRE(c.repos.size() == 2u);
    const auto* wasmtime = c.repo("bytecodealliance/wasmtime");
    BOOST_REQUIRE(wasmtime != nullptr);
    BOOST_TEST((wasmtime->workflows == std::vector<std::string>{"main.yml", "CI"}));
    BOOST_TEST(wasmtime->release_workflow == "publish-artifacts.yml");
    BOOST_TEST((wasmtime->queued_too_long == Duration{15min}));
    BOOST_TEST(wasmtime->stuck_runs_outage == 5);
    BOOST_TEST(wasmtime->startup_failures_degraded == 0);
    BOOST_TEST(wasmtime->stuck_runs_degraded == 1);  // default kept
    BOOST_TEST((c.repos[1].queued_too_long == Duration{10min}));
    BOOST_TEST(c.repo("nobody/nothing") == nullptr);
}

BOOST_AUTO_TEST_CASE(given_bad_repos_it_should_say_what_to_write) {
    const auto errors = parse_bad(R"([[repos]]
name = "wasmtime"
workflows = "ci.yml"
stuck_runs_outage = -1

[[repos]]
queued_too_long = "10"
)");
    std::string all;
    for (const auto& e : errors) {
        all += e.describe() + "\n";
    }
    BOOST_TEST(all.find("test.toml:2:8: error: [[repos]] name \"wasmtime\" is not OWNER/NAME") !=
                   std::string::npos,
               all);
    BOOST_TEST(all.find("test.toml:3:13: error: [[repos]] workflows must be an array of strings") !=
                   std::string::npos,
               all);
    BOOST_TEST(
        all.find("[[repos]] stuck_runs_outage must be between 0 and 1000") != std::string::npos,
        all);
    BOOST_TEST(all.find("[[repos]] needs a name") != std::string::npos, all);
    BOOST_TEST(all.find("[[repos]] queued_too_long: invalid duration \"10\"") != std::string::npos,
               all);
}

BOOST_AUTO_TEST_CASE(given_stale_after_shorter_than_the_poll_interval_it_should_refuse) {
    const auto errors = parse_bad("[monitor]\npoll_interval = \"1m\"\nstale_after = \"30s\"\n");
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].message.find("every source would always be stale") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_a_missing_file_it_should_name_it_and_say_why) {
    const auto result = load_config("/nonexistent/fairweather.toml");
    BOOST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error()[0].describe() ==
               "/nonexistent/fairweather.toml: error: cannot read the config file: No such file or "
               "directory; check the path given to --config");
}

BOOST_AUTO_TEST_CASE(given_a_missing_file_from_the_environment_it_should_blame_the_variable) {
    const auto result = load_config("/nonexistent/fairweather.toml", TimeZone::k_system_zoneinfo,
                                    "$FAIRWEATHER_CONFIG");
    BOOST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error()[0].describe() ==
               "/nonexistent/fairweather.toml: error: cannot read the config file: No such file or "
               "directory; check the path in $FAIRWEATHER_CONFIG, or pass the file with --config");
}

BOOST_AUTO_TEST_CASE(given_a_directory_it_should_refuse) {
    TempDir dir;
    const auto result = load_config(dir.path());
    BOOST_REQUIRE(!result.has_value());
    BOOST_TEST(result.error()[0].message.find("is a directory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_a_file_it_should_name_it_in_errors) {
    TempDir dir;
    const auto path = dir / "fw.toml";
    std::ofstream(path) << "[gate.patch]\nfair = \"go\"\n";
    const auto result = load_config(path);
    BOOST_REQUIRE(!result.has_value());
    BOOST_TEST(
        result.error()[0].describe().starts_with(path.string() + ":2:8: error: [gate.patch] fair"));
}

BOOST_AUTO_TEST_CASE(every_example_config_in_the_repository_loads) {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "config" / "examples")) {
        if (entry.path().extension() != ".toml") {
            continue;
        }
        const auto result = load_config(entry.path());
        std::string problems;
        if (!result) {
            for (const auto& e : result.error()) {
                problems += e.describe() + "\n";
            }
        }
        BOOST_TEST(result.has_value(), entry.path().filename().string() << "\n" << problems);
        ++count;
    }
    BOOST_TEST(count >= 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(config_report)

BOOST_AUTO_TEST_CASE(given_no_report_section_it_should_use_the_documented_defaults) {
    const Config c = parse_ok("");
    BOOST_TEST(!c.report.include_prereleases);
    BOOST_TEST(c.report.security_marker.empty());
    BOOST_TEST(c.report.recent_releases == 12);
}

BOOST_AUTO_TEST_CASE(given_every_report_key_it_should_read_them_all) {
    const Config c = parse_ok(R"([report]
include_prereleases = true
security_marker = "Security"
recent_releases = 100
)");
    BOOST_TEST(c.report.include_prereleases);
    BOOST_TEST(c.report.security_marker == "Security");
    BOOST_TEST(c.report.recent_releases == 100);
    BOOST_TEST(parse_ok("[report]\nrecent_releases = 1\n").report.recent_releases == 1);
}

BOOST_AUTO_TEST_CASE(given_recent_releases_out_of_range_it_should_name_the_place) {
    for (const char* value : {"0", "101"}) {
        const auto errors = parse_bad(std::string("[report]\nrecent_releases = ") + value + "\n");
        BOOST_REQUIRE(errors.size() == 1u);
        BOOST_TEST(errors[0].describe() ==
                   "test.toml:2:19: error: [report] recent_releases must be between 1 and 100");
    }
}

BOOST_AUTO_TEST_CASE(given_include_prereleases_as_a_string_it_should_ask_for_a_boolean) {
    const auto errors = parse_bad("[report]\ninclude_prereleases = \"yes\"\n");
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].describe() ==
               "test.toml:2:23: error: [report] include_prereleases must be true or false");
}

BOOST_AUTO_TEST_CASE(given_a_security_marker_with_a_control_character_it_should_refuse) {
    const auto errors = parse_bad("[report]\nsecurity_marker = \"sec\\tfix\"\n");
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].describe().starts_with(
                   "test.toml:2:19: error: [report] security_marker must be a short piece"),
               errors[0].describe());
}

BOOST_AUTO_TEST_CASE(given_a_misspelt_report_key_it_should_suggest_the_right_one) {
    const auto errors = parse_bad("[report]\nrecent_release = 5\n");
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].describe() ==
               "test.toml:2:1: error: unknown key \"recent_release\" in [report]; did you mean "
               "\"recent_releases\"?");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(config_status_page_limits)

BOOST_AUTO_TEST_CASE(given_no_limits_a_page_should_get_the_documented_defaults) {
    const Config c = parse_ok("[[status_pages]]\nurl = \"https://status.npmjs.org\"\n");
    BOOST_TEST(c.status_pages[0].max_components == 500);
    BOOST_TEST(c.status_pages[0].max_incidents == 200);
    BOOST_TEST(c.status_pages[0].max_scheduled_maintenances == 200);
    BOOST_TEST(parse_ok("").status_pages[0].max_components == 500);
}

BOOST_AUTO_TEST_CASE(given_limits_it_should_read_them_for_that_page_only) {
    const Config c = parse_ok(R"([[status_pages]]
url = "https://status.example.com"
max_components = 5000
max_incidents = 1
max_scheduled_maintenances = 1000

[[status_pages]]
url = "https://status.npmjs.org"
)");
    BOOST_TEST(c.status_pages[0].max_components == 5000);
    BOOST_TEST(c.status_pages[0].max_incidents == 1);
    BOOST_TEST(c.status_pages[0].max_scheduled_maintenances == 1000);
    BOOST_TEST(c.status_pages[1].max_components == 500);
}

BOOST_AUTO_TEST_CASE(given_limits_out_of_range_it_should_name_the_place_and_the_range) {
    const auto errors = parse_bad(R"([[status_pages]]
url = "https://status.example.com"
max_components = 0
max_incidents = 1001
max_scheduled_maintenances = -3
)");
    BOOST_REQUIRE(errors.size() == 3u);
    BOOST_TEST(errors[0].describe() ==
               "test.toml:3:18: error: [[status_pages]] max_components "
               "must be between 1 and 5000");
    BOOST_TEST(errors[1].describe() ==
               "test.toml:4:17: error: [[status_pages]] max_incidents "
               "must be between 1 and 1000");
    BOOST_TEST(errors[2].describe() ==
               "test.toml:5:30: error: [[status_pages]] max_scheduled_maintenances must be "
               "between 1 and 1000");
    BOOST_TEST(parse_bad("[[status_pages]]\nurl = \"https://s.example\"\nmax_components = "
                         "5001\n")[0]
                   .message == "[[status_pages]] max_components must be between 1 and 5000");
}

BOOST_AUTO_TEST_CASE(given_a_limit_that_is_not_a_whole_number_it_should_say_so) {
    const auto errors = parse_bad(
        "[[status_pages]]\nurl = \"https://s.example\"\nmax_components = \"many\"\n"
        "max_incidents = 2.5\n");
    BOOST_REQUIRE(errors.size() == 2u);
    BOOST_TEST(errors[0].describe() ==
               "test.toml:3:18: error: [[status_pages]] max_components must be a whole number");
    BOOST_TEST(errors[1].describe() ==
               "test.toml:4:17: error: [[status_pages]] max_incidents must be a whole number");
}

BOOST_AUTO_TEST_CASE(given_a_misspelt_limit_it_should_suggest_the_right_one) {
    const auto errors =
        parse_bad("[[status_pages]]\nurl = \"https://s.example\"\nmax_component = 50\n");
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].describe() ==
               "test.toml:3:1: error: unknown key \"max_component\" in [[status_pages]]; did you "
               "mean \"max_components\"?");
}

// [state] names a shared PostgreSQL database; the embedded SQLite stays the
// default. A password never belongs in the URL: it would show wherever the
// URL does (the start-up log, --check-config), so it is refused unrepeated.
BOOST_AUTO_TEST_CASE(given_a_state_url_it_should_keep_it_and_refuse_one_with_a_password) {
    BOOST_TEST(parse_ok("").state.url.empty());
    const Config c = parse_ok(
        "[state]\nurl = \"postgresql://fw@db.internal:5432/fairweather\"\n"
        "password_file = \"/run/secrets/pg\"\n");
    BOOST_TEST(c.state.url == "postgresql://fw@db.internal:5432/fairweather");
    BOOST_TEST(c.state.password_file == "/run/secrets/pg");
    BOOST_TEST(parse_ok("[state]\nurl = \"postgres://db/fw?sslmode=require\"\n").state.url ==
               "postgres://db/fw?sslmode=require");

    const auto with_password = parse_bad("[state]\nurl = \"postgresql://fw:s3cr3t@db/fw\"\n");
    BOOST_REQUIRE(with_password.size() == 1u);
    const std::string said = with_password[0].describe();
    BOOST_TEST(said.starts_with("test.toml:2:7: error: [state] url: the URL carries a password"),
               said);
    BOOST_TEST(said.find("password_file or $PGPASSWORD") != std::string::npos, said);
    BOOST_TEST(said.find("s3cr3t") == std::string::npos, said);
    const auto as_parameter =
        parse_bad("[state]\nurl = \"postgresql://db/fw?password=s3cr3t\"\n")[0].describe();
    BOOST_TEST(as_parameter.find("s3cr3t") == std::string::npos, as_parameter);

    const auto not_postgres = parse_bad("[state]\nurl = \"mysql://db/fw\"\n")[0].message;
    BOOST_TEST(not_postgres.find("expected a PostgreSQL URL, postgresql://") != std::string::npos,
               not_postgres);
    BOOST_TEST(parse_bad("[state]\nuri = \"postgresql://db/fw\"\n")[0].message.find(
                   "did you mean \"url\"?") != std::string::npos);
}

// The leader lease of monitors sharing the database: about 15s, renewed every
// 5s by default; a renewal may fail once before the leader steps down, so
// two renewals must fit in what the leader trusts.
BOOST_AUTO_TEST_CASE(given_a_lease_and_renew_interval_it_should_keep_three_renewals_in_a_lease) {
    const Config defaults = parse_ok("");
    BOOST_TEST(defaults.state.lease.count() == 15000);
    BOOST_TEST(defaults.state.renew_interval.count() == 5000);
    const Config c = parse_ok("[state]\nlease = \"30s\"\nrenew_interval = \"10s\"\n");
    BOOST_TEST(c.state.lease.count() == 30000);
    BOOST_TEST(c.state.renew_interval.count() == 10000);
    BOOST_TEST(parse_ok("[state]\nlease = \"2s\"\nrenew_interval = \"500ms\"\n")
                   .state.renew_interval.count() == 500);

    const auto too_slow = parse_bad("[state]\nlease = \"15s\"\nrenew_interval = \"10s\"\n");
    BOOST_REQUIRE(too_slow.size() == 1u);
    BOOST_TEST(too_slow[0].describe() ==
                   "test.toml:3:18: error: [state] renew_interval 10s must be at most a third of "
                   "[state] lease 15s, so a renewal may fail once before the leader steps down; "
                   "shorten it or lengthen the lease",
               too_slow[0].describe());
    const auto too_short = parse_bad("[state]\nlease = \"10s\"\n");
    BOOST_REQUIRE(too_short.size() == 1u);
    BOOST_TEST(too_short[0].describe() ==
                   "test.toml:2:9: error: [state] lease 10s must be at least three times [state] "
                   "renew_interval 5s; lengthen it",
               too_short[0].describe());
    BOOST_TEST(parse_bad("[state]\nlease = \"0s\"\n")[0].message.find("at least 1s") !=
               std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
