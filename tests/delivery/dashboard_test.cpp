// The packaging's view of the metrics: the Grafana dashboard
// (charts/fairweather/dashboards/fairweather.json) and the alert rules
// (charts/fairweather/files/fairweather-rules.yml) may only name metric families the
// monitor really exports. "Really exports" is read from the /metrics of an
// in-process monitor (Wasmtime's policy, a SQLite store, the queue and the
// cadence metrics on, a fake HTTP client, manual time) in which every family
// the exporters register has at least one series: the registry leaves a
// family with no series out of the text, so a half-populated monitor would
// make the check weaker than it looks.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/yaml.h>

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

#include "core/sources/github_api.h"
#include "core/sources/github_payload.h"
#include "core/util/clock.h"
#include "exporters/queue_metrics.h"
#include "exporters/registry.h"
#include "exporters/release_metrics.h"
#include "exporters/weather_metrics.h"
#include "monitor/api.h"
#include "monitor/service.h"
#include "tests/support/fake_http.h"
#include "tests/support/fixtures.h"
#include "tests/support/payloads.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;

namespace {

const std::filesystem::path k_source_dir = FAIRWEATHER_SOURCE_DIR;
const std::string k_dashboard_file = "charts/fairweather/dashboards/fairweather.json";
const std::string k_rules_file = "charts/fairweather/files/fairweather-rules.yml";
const char* const k_exporter_sources[] = {
    "exporters/weather_metrics.cpp", "exporters/queue_metrics.cpp", "exporters/release_metrics.cpp",
    "exporters/process_metrics.cpp", "exporters/quota_metrics.cpp", "exporters/leader_metrics.cpp"};
constexpr std::string_view k_prefix = "fairweather_";

// ---------------------------------------------------------------------------
// Metric names in text.

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Every fairweather_... token in `text` (a PromQL expression, a source file),
// in order of appearance. A token glued to a longer identifier on its left
// (my_fairweather_x) is not one.
std::vector<std::string> metric_tokens(std::string_view text) {
    std::vector<std::string> out;
    for (auto at = text.find(k_prefix); at != std::string_view::npos;
         at = text.find(k_prefix, at + 1)) {
        if (at > 0 && (name_char(text[at - 1]) || text[at - 1] == ':')) {
            continue;
        }
        auto end = at + k_prefix.size();
        while (end < text.size() && name_char(text[end])) {
            ++end;
        }
        if (end > at + k_prefix.size()) {
            out.emplace_back(text.substr(at, end - at));
        }
    }
    return out;
}

// Family name -> type, from the `# TYPE <name> <type>` lines of an exposition.
using Types = std::map<std::string, std::string>;

Types exported_types(const std::string& exposition) {
    Types types;
    std::istringstream in(exposition);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string hash, keyword, name, type;
        if (words >> hash >> keyword >> name >> type && hash == "#" && keyword == "TYPE") {
            types[name] = type;
        }
    }
    return types;
}

// The family a sample name belongs to: a histogram's _bucket, _sum and _count
// series belong to the histogram; any other name is its own family (so
// fairweather_weather_state_count is not fairweather_weather_state).
std::string family_of(const std::string& name, const Types& types) {
    for (const std::string_view suffix : {"_bucket", "_sum", "_count"}) {
        if (name.ends_with(suffix)) {
            const std::string base = name.substr(0, name.size() - suffix.size());
            const auto it = types.find(base);
            if (it != types.end() && it->second == "histogram") {
                return base;
            }
        }
    }
    return name;
}

// One use of a metric name: where it was found, for the failure message.
struct Use {
    std::string name;
    std::string file;
    std::string where;  // the panel, annotation, variable or alert
};

void add_uses(std::vector<Use>& uses, std::string_view expr, const std::string& file,
              const std::string& where) {
    for (auto& name : metric_tokens(expr)) {
        uses.push_back({std::move(name), file, where});
    }
}

// "file: where: name" for each use whose family is not among `types`, once
// each; `up` and other names without the prefix are never collected.
std::vector<std::string> missing_families(const std::vector<Use>& uses, const Types& types) {
    std::vector<std::string> out;
    for (const auto& use : uses) {
        std::string line = use.file + ": " + use.where + ": " + use.name;
        if (!types.contains(family_of(use.name, types)) &&
            std::find(out.begin(), out.end(), line) == out.end()) {
            out.push_back(std::move(line));
        }
    }
    return out;
}

std::string lines(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += "\n  " + item;
    }
    return out;
}

// ---------------------------------------------------------------------------
// The dashboard.

struct Dashboard {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
};

// Parses the dashboard; fails the case (naming the file) if it is not JSON.
std::unique_ptr<Dashboard> load_dashboard() {
    auto d = std::make_unique<Dashboard>();
    const auto error = d->parser.parse(read_file(k_source_dir / k_dashboard_file)).get(d->root);
    BOOST_REQUIRE_MESSAGE(error == simdjson::SUCCESS, k_dashboard_file
                                                          << " is not valid JSON: "
                                                          << simdjson::error_message(error));
    return d;
}

std::string string_or(simdjson::dom::element e, std::string_view key, std::string fallback) {
    std::string_view s;
    if (e.is_object() && e[key].get_string().get(s) == simdjson::SUCCESS) {
        return std::string(s);
    }
    return fallback;
}

// Every PromQL expression in the dashboard, wherever it sits: targets'
// "expr", annotations' "expr", variables' "query" (a string, or an object
// with a "query") and "definition". Each is labelled with the nearest
// enclosing title or name.
void collect_expressions(simdjson::dom::element e, const std::string& where,
                         std::vector<Use>& uses) {
    simdjson::dom::array array;
    if (e.get_array().get(array) == simdjson::SUCCESS) {
        for (const auto item : array) {
            collect_expressions(item, where, uses);
        }
        return;
    }
    simdjson::dom::object object;
    if (e.get_object().get(object) != simdjson::SUCCESS) {
        return;
    }
    std::string here = where;
    if (const auto title = string_or(e, "title", ""); !title.empty()) {
        here = "panel \"" + title + "\"";
    } else if (const auto name = string_or(e, "name", ""); !name.empty()) {
        here = "\"" + name + "\"";
    }
    for (const auto field : object) {
        const std::string_view key = field.key;
        std::string_view text;
        if ((key == "expr" || key == "query" || key == "definition") &&
            field.value.get_string().get(text) == simdjson::SUCCESS) {
            add_uses(uses, text, k_dashboard_file, here);
        } else {
            collect_expressions(field.value, here, uses);
        }
    }
}

// Every panel, rows' nested panels included.
void collect_panels(simdjson::dom::element parent, std::vector<simdjson::dom::element>& out) {
    simdjson::dom::array panels;
    if (parent["panels"].get_array().get(panels) != simdjson::SUCCESS) {
        return;
    }
    for (const auto p : panels) {
        out.push_back(p);
        collect_panels(p, out);
    }
}

// Every "datasource" value anywhere, with where it was.
void collect_datasources(simdjson::dom::element e, const std::string& where,
                         std::vector<std::pair<std::string, simdjson::dom::element>>& out) {
    simdjson::dom::array array;
    if (e.get_array().get(array) == simdjson::SUCCESS) {
        for (const auto item : array) {
            collect_datasources(item, where, out);
        }
        return;
    }
    simdjson::dom::object object;
    if (e.get_object().get(object) != simdjson::SUCCESS) {
        return;
    }
    const std::string here = string_or(e, "title", string_or(e, "name", where));
    for (const auto field : object) {
        if (field.key == "datasource") {
            out.emplace_back(here, field.value);
        } else {
            collect_datasources(field.value, here, out);
        }
    }
}

// ---------------------------------------------------------------------------
// The alert rules.

std::vector<Use> rule_uses() {
    const auto root = YAML::LoadFile((k_source_dir / k_rules_file).string());
    std::vector<Use> uses;
    BOOST_REQUIRE_MESSAGE(root["groups"].IsSequence(), k_rules_file << " has no groups");
    for (const auto& group : root["groups"]) {
        for (const auto& rule : group["rules"]) {
            const std::string name = rule["alert"] ? "alert " + rule["alert"].as<std::string>()
                                                   : "record " + rule["record"].as<std::string>();
            BOOST_REQUIRE_MESSAGE(rule["expr"], k_rules_file << ": " << name << " has no expr");
            add_uses(uses, rule["expr"].as<std::string>(), k_rules_file, name);
        }
    }
    return uses;
}

// ---------------------------------------------------------------------------
// A monitor with every family populated.

TimePoint at(const char* text) {
    return *parse_timestamp(text);
}

// The monitor as main() wires it (the three metric classes on one registry,
// the queue and the cadence on), after one tick in which:
// - the status page shows Actions in partial outage with an unresolved
//   incident (the verdict changes, so transitions and since have series; CI
//   is not fair, so nothing is dispatched);
// - the Actions runs (written for 2026-11-20T14:30Z) have queue latencies
//   and completed release-workflow runs, and carry GitHub's rate-limit
//   headers;
// - the releases give delays, a last and a next release, and supported
//   branches with end-of-life dates;
// - the queue holds a security release for 50.0.1 (a deadline series; its
//   publication gives the per-release time to ship and SLA);
// - a gate has reported a decision.
std::string populated_exposition() {
    TempDir dir;
    auto config = load_config(k_source_dir / "config" / "examples" / "wasmtime.toml");
    BOOST_REQUIRE(config.has_value());
    BOOST_REQUIRE(config->repos.size() == 1u);
    config->repos[0].release_workflow = "release.yml";
    const std::string repo = config->repos[0].name;
    const std::string api = "https://api.github.com/repos/" + repo;

    FakeHttpClient http;
    Headers budget;
    budget.add("X-RateLimit-Limit", "5000");
    budget.add("X-RateLimit-Remaining", "4990");
    budget.add("X-RateLimit-Reset", "1795185000");
    http.answer("https://www.githubstatus.com/api/v2/summary.json", 200,
                github_summary("partial_outage",
                               R"([{"id":"inc1","name":"Incident with Actions",)"
                               R"("status":"investigating","impact":"minor",)"
                               R"("components":[{"id":"br0l2tvcx85d","name":"Actions"}]}])"));
    http.answer(api + "/actions/runs", 200, own_fixture("github/runs_healthy.json"), budget);
    // Each run's jobs: one GitHub-hosted job, picked up as late as the
    // fixture's run says it was, so the pickup latency has series.
    const auto runs = github::parse_workflow_runs(own_fixture("github/runs_healthy.json"));
    BOOST_REQUIRE(runs.has_value());
    for (const auto& run : *runs) {
        github::WorkflowJob job;
        job.id = run.id * 10;
        job.run_id = run.id;
        job.run_attempt = run.run_attempt;
        job.status =
            run.status == "completed" || run.status == "in_progress" ? run.status : "queued";
        job.labels = {"ubuntu-latest"};
        job.runner_group_name = job.status == "queued" ? "" : "GitHub Actions";
        job.created_at = run.created_at;
        job.started_at = run.run_started_at.value_or(*run.created_at);
        http.answer(github::jobs_url("https://api.github.com", repo, run.id, run.run_attempt), 200,
                    github::write_workflow_jobs({job}), budget);
    }
    http.answer(api + "/releases", 200, wasmtime_releases_to_50(), budget);

    auto opened = open_sqlite_store(dir / "state.db");
    BOOST_REQUIRE(opened.has_value());
    const std::unique_ptr<StateStore> store = std::move(*opened);
    metrics::Registry registry;
    monitor::MonitorMetrics metrics(registry);
    std::ostringstream log;
    const TimePoint now = at("2026-11-20T14:30:00Z");
    ManualClock clock(now);
    monitor::Service service(*config, Secret{}, http, *store, metrics, log, 1, QueueIds(1));
    BOOST_REQUIRE(service.monitor.resume().has_value());

    EnqueueRequest request;
    request.repo = repo;
    request.version = "50.0.1";
    request.advisory_at = "2026-11-10T00:00:00Z";
    request.reason = "CI weather is outage";
    const auto queued = service.queue.enqueue(request, now);
    BOOST_REQUIRE_MESSAGE(queued.has_value(), (queued ? "" : queued.error().message));

    GateDecisionRecord decision;
    decision.at = now;
    decision.repo = repo;
    decision.version = "51.0.0";
    decision.kind = ReleaseKind::regular;
    decision.decision = Decision::defer;
    decision.weather = Weather::outage;
    decision.reason = "github: Actions is partial_outage";
    BOOST_REQUIRE(service.recorder.record_decision(decision, now).has_value());

    service.monitor.tick(now);

    // /metrics as a scraper sees it.
    monitor::Api endpoints(service.monitor, service.recorder, service.queue, registry, clock);
    monitor::ServerRequest scrape;
    scrape.method = "GET";
    scrape.path = "/metrics";
    const auto response = endpoints.handle(scrape);
    BOOST_REQUIRE(response.status == 200);
    return response.body;
}

// Every family name the exporters register (the "fairweather_..." string
// literals of their sources).
std::set<std::string> registered_families() {
    std::set<std::string> names;
    for (const char* file : k_exporter_sources) {
        const std::string text = read_file(k_source_dir / file);
        BOOST_TEST(text.find("\"fairweather_") != std::string::npos,
                   file << " registers no fairweather_ family: has it moved?");
        // The standard process_* families keep their standard names.
        for (const char* prefix : {"\"fairweather_", "\"process_"}) {
            for (auto at = text.find(prefix); at != std::string::npos;
                 at = text.find(prefix, at + 1)) {
                auto end = at + 1;
                while (end < text.size() && name_char(text[end])) {
                    ++end;
                }
                if (end > at + std::string_view(prefix).size()) {
                    names.insert(text.substr(at + 1, end - at - 1));
                }
            }
        }
    }
    return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dashboard)

BOOST_AUTO_TEST_CASE(it_should_be_a_grafana_model_with_unique_ids_and_panels_on_the_grid) {
    const auto d = load_dashboard();
    std::int64_t schema = 0;
    BOOST_TEST(
        (d->root["schemaVersion"].get_int64().get(schema) == simdjson::SUCCESS && schema >= 39));
    BOOST_TEST(string_or(d->root, "uid", "") == "fairweather");
    BOOST_TEST(!string_or(d->root, "title", "").empty());

    std::vector<simdjson::dom::element> panels;
    collect_panels(d->root, panels);
    BOOST_TEST_REQUIRE(panels.size() > 10u);
    std::set<std::int64_t> ids;
    int targets = 0;
    for (const auto panel : panels) {
        const std::string title = string_or(panel, "title", "(untitled)");
        std::int64_t id = 0;
        BOOST_TEST((panel["id"].get_int64().get(id) == simdjson::SUCCESS), title << ": no id");
        BOOST_TEST(ids.insert(id).second, title << ": id " << id << " is used twice");
        BOOST_TEST(!string_or(panel, "type", "").empty(), title << ": no type");
        std::int64_t x = -1, y = -1, w = 0, h = 0;
        const auto grid = panel["gridPos"];
        BOOST_TEST((grid["x"].get_int64().get(x) == simdjson::SUCCESS &&
                    grid["y"].get_int64().get(y) == simdjson::SUCCESS &&
                    grid["w"].get_int64().get(w) == simdjson::SUCCESS &&
                    grid["h"].get_int64().get(h) == simdjson::SUCCESS),
                   title << ": gridPos needs x, y, w and h");
        BOOST_TEST((x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24),
                   title << ": gridPos x=" << x << " w=" << w << " is off the 24-column grid");
        simdjson::dom::array list;
        if (panel["targets"].get_array().get(list) == simdjson::SUCCESS) {
            for (const auto t : list) {
                ++targets;
                BOOST_TEST(!string_or(t, "expr", "").empty(), title << ": a target has no expr");
                BOOST_TEST(!string_or(t, "refId", "").empty(), title << ": a target has no refId");
            }
        } else {
            BOOST_TEST(string_or(panel, "type", "") == "row", title << ": no targets");
        }
    }
    BOOST_TEST(targets > 0);

    // Every query goes to the data source the viewer picks.
    std::vector<std::pair<std::string, simdjson::dom::element>> sources;
    collect_datasources(d->root, "dashboard", sources);
    BOOST_TEST(sources.size() >= panels.size());
    for (const auto& [where, ds] : sources) {
        BOOST_TEST(string_or(ds, "uid", "") == "${datasource}",
                   where << ": datasource is not the ${datasource} variable");
        BOOST_TEST(string_or(ds, "type", "") == "prometheus", where << ": datasource type");
    }
    bool variable = false;
    simdjson::dom::array vars;
    BOOST_REQUIRE(d->root["templating"]["list"].get_array().get(vars) == simdjson::SUCCESS);
    for (const auto v : vars) {
        variable = variable || (string_or(v, "name", "") == "datasource" &&
                                string_or(v, "type", "") == "datasource" &&
                                string_or(v, "query", "") == "prometheus");
    }
    BOOST_TEST(variable, "templating needs a prometheus datasource variable named datasource");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exported_metrics)

BOOST_AUTO_TEST_CASE(the_test_monitor_should_export_every_family_the_exporters_register) {
    // Otherwise a family with no series would be missing from the text and a
    // dashboard using it would look wrong when it is not (or the reverse).
    const Types types = exported_types(populated_exposition());
    const auto registered = registered_families();
    std::vector<std::string> empty;
    for (const auto& name : registered) {
        if (!types.contains(name)) {
            empty.push_back(name);
        }
    }
    BOOST_TEST(empty.empty(),
               "families registered in exporters/ but with no series in the test "
               "monitor (populate them in populated_exposition()):"
                   << lines(empty));
    for (const auto& [name, type] : types) {
        BOOST_TEST(registered.contains(name), name << " is exported but not found in exporters/");
    }
}

BOOST_AUTO_TEST_CASE(every_metric_the_dashboard_queries_should_be_exported_by_the_monitor) {
    const auto d = load_dashboard();
    std::vector<Use> uses;
    collect_expressions(d->root, "dashboard", uses);
    BOOST_TEST_REQUIRE(uses.size() > 30u);
    const auto missing = missing_families(uses, exported_types(populated_exposition()));
    BOOST_TEST(missing.empty(), "metrics the monitor does not export:" << lines(missing));
}

BOOST_AUTO_TEST_CASE(every_metric_the_alert_rules_use_should_be_exported_by_the_monitor) {
    const auto uses = rule_uses();
    BOOST_TEST_REQUIRE(uses.size() > 5u);
    const auto missing = missing_families(uses, exported_types(populated_exposition()));
    BOOST_TEST(missing.empty(), "metrics the monitor does not export:" << lines(missing));
}

BOOST_AUTO_TEST_CASE(a_made_up_metric_should_be_reported_missing_with_where_it_came_from) {
    const Types types = exported_types(populated_exposition());
    std::vector<Use> uses;
    add_uses(
        uses,
        "rate(fairweather_no_such_metric[5m]) > 0 and fairweather_weather_state == 1"
        " and histogram_quantile(0.9, fairweather_security_release_time_to_ship_seconds_bucket)"
        " and fairweather_weather_state_count and my_fairweather_weather_state",
        "made-up.yml", "alert Negative");
    const auto missing = missing_families(uses, types);
    // A histogram's _bucket is its family; a gauge's _count is not.
    BOOST_TEST(missing == (std::vector<std::string>{
                              "made-up.yml: alert Negative: fairweather_no_such_metric",
                              "made-up.yml: alert Negative: fairweather_weather_state_count"}),
               lines(missing));
}

BOOST_AUTO_TEST_SUITE_END()
