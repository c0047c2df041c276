// The Helm chart (charts/fairweather), checked without Helm: there is no helm
// binary where these tests run, so nothing here renders a template. What can
// be checked is: the YAML that is not a template parses; every .Values path
// the templates use exists in values.yaml and every value is documented and
// used; the defaults are safe; the deployment's facts (probes, args, tokens
// from Secrets, one pod with SQLite and several only with PostgreSQL) hold by
// text; the monitor itself accepts the chart's arguments and its default
// config; the chart is self-contained (no links, every file a template reads
// is in a copy of it); the alert rules it ships are the project's one copy,
// and promtool accepts them before and after the chart's substitutions.
#include <algorithm>
#include <filesystem>
#include <fnmatch.h>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

#include "config/config.h"
#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather::testing;
namespace fs = std::filesystem;

namespace {

const fs::path k_source = FAIRWEATHER_SOURCE_DIR;
const fs::path k_chart = k_source / "charts" / "fairweather";
const fs::path k_templates = k_chart / "templates";
// The alert rules: the one real file is the chart's, and the project's
// exporters/alerts/ path links to it.
const fs::path k_rules_in_chart = k_chart / "files" / "fairweather-rules.yml";
const fs::path k_rules_link = k_source / "exporters" / "alerts" / "fairweather-rules.yml";

// What the PrometheusRule template replaces in the rules file.
const std::string k_rules_job = "job=\"fairweather\"";
const std::string k_runbook =
    "https://github.com/fairweather-ci/fairweather/blob/main/docs/runbook.md";

// Where the deployment mounts the config and the state.
const std::string k_config_in_pod = "/etc/fairweather/fairweather.toml";
const std::string k_state_in_pod = "/var/lib/fairweather";

// The deployment's switch between the SQLite state on a volume and a shared
// PostgreSQL database (`{{- $postgres := include "fairweather.postgres" . }}`).
const std::string k_postgres = "$postgres";
// A URL the way the monitor wants it, and the one the chart's args carry.
const std::string k_state_url = "postgresql://fairweather@postgres.db.svc:5432/fairweather";
const std::string k_state_url_arg = "--state-url=$(FAIRWEATHER_STATE_URL)";

std::size_t indentation(const std::string& line) {
    const auto first = line.find_first_not_of(' ');
    return first == std::string::npos ? line.size() : first;
}

std::string trimmed(const std::string& line) {
    const auto first = line.find_first_not_of(" \t");
    const auto last = line.find_last_not_of(" \t\r");
    return first == std::string::npos ? std::string() : line.substr(first, last - first + 1);
}

// The lines below the first line that starts (after indentation) with
// `head`, as long as they are indented deeper than it: the YAML block that
// line opens. Empty when no line starts with `head`.
std::string block_after(const std::string& text, const std::string& head) {
    const auto lines = lines_of(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!trimmed(lines[i]).starts_with(head)) {
            continue;
        }
        std::string out;
        for (std::size_t j = i + 1; j < lines.size(); ++j) {
            if (!trimmed(lines[j]).empty() && indentation(lines[j]) <= indentation(lines[i])) {
                break;
            }
            out += lines[j] + "\n";
        }
        return out;
    }
    return {};
}

std::string template_text(const std::string& name) {
    return read_file(k_templates / name);
}

// `text` as Helm renders it when `condition` is `holds`: each
// `{{- if <condition> }}` (or `{{- if not <condition> }}`) keeps its branch
// or its `{{- else }}` branch and loses its action lines; every other line
// stays as written, other actions included. Each action must be alone on its
// line, as the chart writes them.
std::string with_condition(const std::string& text, const std::string& condition, bool holds) {
    struct Frame {
        bool ours;
        bool keep;
    };
    std::vector<Frame> frames;
    const auto visible = [&] {
        return std::all_of(frames.begin(), frames.end(), [](const Frame& f) { return f.keep; });
    };
    std::string out;
    for (const auto& line : lines_of(text)) {
        const std::string t = trimmed(line);
        if (t == "{{- if " + condition + " }}" || t == "{{- if not " + condition + " }}") {
            frames.push_back({true, t.starts_with("{{- if not ") ? !holds : holds});
            continue;
        }
        if (t == "{{- else }}" && !frames.empty() && frames.back().ours) {
            frames.back().keep = !frames.back().keep;
            continue;
        }
        const bool shown = visible();
        if (t.starts_with("{{- if ") || t.starts_with("{{- with ") || t.starts_with("{{- range ")) {
            frames.push_back({false, true});
        } else if (t == "{{- end }}" && !frames.empty()) {
            const bool ours = frames.back().ours;
            frames.pop_back();
            if (ours) {
                continue;
            }
        }
        if (shown) {
            out += line + "\n";
        }
    }
    return out;
}

// The deployment as rendered with the SQLite state or with PostgreSQL.
std::string deployment_with(bool postgres) {
    return with_condition(template_text("deployment.yaml"), k_postgres, postgres);
}

// The line before the first line that holds `needle` (after trimming),
// skipping comment lines: the action that guards it. Empty when none.
std::string guard_of(const std::string& text, const std::string& needle) {
    const auto lines = lines_of(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!contains(lines[i], needle)) {
            continue;
        }
        for (std::size_t j = i; j-- > 0;) {
            if (!trimmed(lines[j]).starts_with("#")) {
                return trimmed(lines[j]);
            }
        }
        return {};
    }
    return {};
}

// Every file under templates/ (manifests, _helpers.tpl, NOTES.txt), by name.
std::map<std::string, std::string> all_templates() {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::directory_iterator(k_templates)) {
        if (entry.is_regular_file()) {
            out[entry.path().filename().string()] = read_file(entry.path());
        }
    }
    return out;
}

YAML::Node values() {
    return YAML::LoadFile((k_chart / "values.yaml").string());
}

std::vector<std::string> matches(const std::string& text, const std::regex& re, int group = 1) {
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
         ++it) {
        out.push_back((*it)[group].str());
    }
    return out;
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + needle.size())) {
        ++n;
    }
    return n;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// Template comments ({{/* ... */}}) hold prose, not actions.
std::string without_comments(const std::string& text) {
    static const std::regex comment(R"(\{\{-?\s*/\*[\s\S]*?\*/\s*-?\}\})");
    return std::regex_replace(text, comment, "");
}

// The `.Values.a.b.c` paths a template uses, as "a.b.c".
std::set<std::string> values_paths_used(const std::string& text) {
    static const std::regex path(R"(\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+))");
    std::set<std::string> out;
    for (const auto& p : matches(without_comments(text), path)) {
        out.insert(p.substr(1));
    }
    return out;
}

// Whether a comment block directly above `line` (0-based; no blank line in
// between) holds a helm-docs `# --` description.
bool has_doc_comment(const std::vector<std::string>& lines, std::size_t line) {
    for (std::size_t i = line; i-- > 0;) {
        const std::string t = trimmed(lines[i]);
        if (!t.starts_with("#")) {
            return false;
        }
        if (t.starts_with("# --")) {
            return true;
        }
    }
    return false;
}

// The documented keys of values.yaml, as dotted paths. Within one map either
// every key has a `# --` comment, or none has and the map is documented as
// one value by its parent (podSecurityContext, resources, ...); a map that
// mixes the two has an undocumented key, which goes to `undocumented`.
void documented_keys(const YAML::Node& map, const std::string& prefix,
                     const std::vector<std::string>& lines, std::vector<std::string>& documented,
                     std::vector<std::string>& undocumented) {
    std::vector<std::pair<std::string, bool>> keys;
    for (const auto& kv : map) {
        const std::string path = prefix + kv.first.as<std::string>();
        const bool doc = has_doc_comment(lines, static_cast<std::size_t>(kv.first.Mark().line));
        keys.emplace_back(path, doc);
        if (doc && kv.second.IsMap()) {
            documented_keys(kv.second, path + ".", lines, documented, undocumented);
        }
    }
    const bool any = std::any_of(keys.begin(), keys.end(), [](const auto& k) { return k.second; });
    for (const auto& [path, doc] : keys) {
        if (doc) {
            documented.push_back(path);
        } else if (any) {
            undocumented.push_back(path);
        }
    }
}

// The chart's container args, in order, from the deployment's `args:` list.
std::vector<std::string> deployment_args(bool postgres) {
    std::vector<std::string> out;
    for (const auto& line : lines_of(block_after(deployment_with(postgres), "args:"))) {
        const std::string t = trimmed(line);
        if (t.starts_with("- ")) {
            out.push_back(t.substr(2));
        }
    }
    return out;
}

// The chart's args with the pod's paths replaced by the test's (SQLite), or
// with $(FAIRWEATHER_STATE_URL) expanded to `state_url` as Kubernetes does
// from the container's environment (PostgreSQL: `state_url` not empty).
std::vector<std::string> args_for(const fs::path& config, const fs::path& state,
                                  const std::string& state_url = {}) {
    auto args = deployment_args(!state_url.empty());
    for (auto& a : args) {
        if (a == k_config_in_pod) {
            a = config.string();
        } else if (a == k_state_in_pod) {
            a = state.string();
        } else {
            a = replace_all(a, "$(FAIRWEATHER_STATE_URL)", state_url);
        }
    }
    return args;
}

// The default config with its commented examples ([[repos]], [policy])
// uncommented, as a user would: "# key = value" and "# [section]" lines.
std::string uncommented(const std::string& toml) {
    static const std::regex example(R"(^# (\[.*|[A-Za-z_][A-Za-z0-9_]* = .*)$)");
    std::string out;
    for (const auto& line : lines_of(toml)) {
        std::smatch m;
        out += (std::regex_match(line, m, example) ? m[1].str() : line) + "\n";
    }
    return out;
}

ProcessResult promtool_check_rules(const fs::path& file) {
    // Through the shell so that PATH finds promtool (Debian's prometheus package).
    return run_process("/bin/sh", {"-c", "promtool check rules \"$1\"", "sh", file.string()});
}

// The arguments of every `.Files.<function> "..."` in the templates: the
// files (Get) or the patterns (Glob) they read, relative to the chart.
std::set<std::string> files_read(const std::string& function) {
    const std::regex call(R"(\.Files\.)" + function + R"re(\s+"([^"]+)")re");
    std::set<std::string> out;
    for (const auto& [name, text] : all_templates()) {
        for (const auto& file : matches(without_comments(text), call)) {
            out.insert(file);
        }
    }
    return out;
}

// Whether `relative` (a path in the chart, with '/') matches a glob the way
// Helm's .Files.Glob does for the patterns the chart uses: `*` stays within
// one path segment. (Helm's `**` crosses segments; fnmatch's does not.)
bool glob_matches(const std::string& pattern, const std::string& relative) {
    return fnmatch(pattern.c_str(), relative.c_str(), FNM_PATHNAME) == 0;
}

// The .helmignore pattern that leaves `relative` out of `helm package`, or
// "" when none does. Helm's rules: a pattern ending in '/' names
// directories, one with another '/' is matched against the path from the
// chart's root, any other against the name of each part of the path.
// Negations ('!') are not supported here; the chart has none.
std::string helmignored_by(const fs::path& chart, const std::string& relative) {
    const fs::path path(relative);
    for (const auto& line : lines_of(read_file(chart / ".helmignore"))) {
        const std::string pattern = trimmed(line);
        if (pattern.empty() || pattern.starts_with("#")) {
            continue;
        }
        BOOST_TEST(!pattern.starts_with("!"), ".helmignore: negations are not checked here");
        bool ignored = false;
        if (pattern.ends_with("/")) {
            const std::string dir = pattern.substr(0, pattern.size() - 1);
            for (auto part = path.begin(); part != path.end() && std::next(part) != path.end();
                 ++part) {
                ignored = ignored || glob_matches(dir, part->string());
            }
        } else if (contains(pattern, "/")) {
            const std::string anchored = pattern.starts_with("/") ? pattern.substr(1) : pattern;
            ignored = glob_matches(anchored, relative);
        } else {
            for (const auto& part : path) {
                ignored = ignored || glob_matches(pattern, part.string());
            }
        }
        if (ignored) {
            return pattern;
        }
    }
    return {};
}

void require_binary(const std::string& path) {
    BOOST_REQUIRE_MESSAGE(fs::exists(path),
                          path << " is not built: chart_tests runs it; build it first "
                                  "(cmake --build <dir> --target "
                               << fs::path(path).filename().string() << ")");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chart_metadata)

BOOST_AUTO_TEST_CASE(given_chart_yaml_it_should_declare_a_v2_chart_with_semver_versions) {
    const YAML::Node chart = YAML::LoadFile((k_chart / "Chart.yaml").string());
    BOOST_TEST(chart["apiVersion"].as<std::string>("") == "v2");
    BOOST_TEST(chart["name"].as<std::string>("") == "fairweather");
    BOOST_TEST(!chart["description"].as<std::string>("").empty());
    static const std::regex semver(
        R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$)");
    const std::string version = chart["version"].as<std::string>("");
    BOOST_TEST(std::regex_match(version, semver), "version \"" << version << "\" is not SemVer");
    BOOST_TEST(chart["appVersion"].IsScalar());
    BOOST_TEST(chart["type"].as<std::string>("application") == "application");
}

BOOST_AUTO_TEST_CASE(given_the_project_version_it_should_be_the_charts_app_version) {
    static const std::regex project(R"(project\(fairweather VERSION ([0-9.]+))");
    const auto found = matches(read_file(k_source / "CMakeLists.txt"), project);
    BOOST_REQUIRE_EQUAL(found.size(), 1u);
    const YAML::Node chart = YAML::LoadFile((k_chart / "Chart.yaml").string());
    BOOST_TEST(chart["appVersion"].as<std::string>("") == found.front(),
               "Chart.yaml appVersion should follow project(... VERSION) in CMakeLists.txt");
}

BOOST_AUTO_TEST_CASE(given_the_charts_yaml_files_outside_templates_they_should_parse) {
    std::set<std::string> parsed;
    for (auto it = fs::recursive_directory_iterator(k_chart); it != fs::end(it); ++it) {
        if (it->path().filename() == "templates") {
            it.disable_recursion_pending();
            continue;
        }
        const std::string ext = it->path().extension().string();
        if (!fs::is_regular_file(it->path()) || (ext != ".yaml" && ext != ".yml")) {
            continue;
        }
        const std::string relative = it->path().lexically_relative(k_chart).string();
        try {
            const YAML::Node doc = YAML::LoadFile(it->path().string());
            BOOST_TEST(doc.IsMap(), relative << " should hold a YAML mapping");
        } catch (const YAML::Exception& e) {
            BOOST_ERROR(relative << " is not YAML: " << e.what());
        }
        parsed.insert(relative);
    }
    for (const std::string must : {"Chart.yaml", "values.yaml", "files/fairweather-rules.yml"}) {
        BOOST_TEST(parsed.contains(must), must << " should be in the chart");
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(chart_values)

BOOST_AUTO_TEST_CASE(given_the_templates_every_values_path_they_use_should_exist_in_values_yaml) {
    const YAML::Node root = values();
    std::size_t checked = 0;
    for (const auto& [name, text] : all_templates()) {
        for (const auto& path : values_paths_used(text)) {
            ++checked;
            YAML::Node node = YAML::Clone(root);
            std::string walked;
            std::istringstream segments(path);
            std::string segment;
            while (std::getline(segments, segment, '.')) {
                walked += (walked.empty() ? "" : ".") + segment;
                if (!node.IsMap() || !node[segment]) {
                    BOOST_ERROR(name << " uses .Values." << path << " but values.yaml has no "
                                     << walked);
                    break;
                }
                node = node[segment];
            }
        }
    }
    BOOST_TEST(checked > 30u, "found only " << checked << " .Values paths in the templates");
}

BOOST_AUTO_TEST_CASE(given_values_yaml_every_value_should_be_used_by_a_template) {
    std::set<std::string> used;
    for (const auto& [name, text] : all_templates()) {
        used.merge(values_paths_used(text));
    }
    const auto lines = lines_of(read_file(k_chart / "values.yaml"));
    std::vector<std::string> documented;
    std::vector<std::string> undocumented;
    documented_keys(values(), "", lines, documented, undocumented);
    for (const auto& key : documented) {
        // Used itself, through a key below it, or wholesale through its parent.
        const bool is_used = std::any_of(used.begin(), used.end(), [&](const std::string& u) {
            return u == key || u.starts_with(key + ".") || key.starts_with(u + ".");
        });
        BOOST_TEST(is_used, "values.yaml has " << key << " but no template uses it");
    }
}

BOOST_AUTO_TEST_CASE(given_values_yaml_every_top_level_key_should_have_a_doc_comment) {
    const auto lines = lines_of(read_file(k_chart / "values.yaml"));
    std::size_t keys = 0;
    for (const auto& kv : values()) {
        ++keys;
        BOOST_TEST(has_doc_comment(lines, static_cast<std::size_t>(kv.first.Mark().line)),
                   kv.first.as<std::string>() << " in values.yaml has no `# --` comment above it");
    }
    BOOST_TEST(keys > 10u);
}

BOOST_AUTO_TEST_CASE(given_values_yaml_every_key_of_a_documented_group_should_be_documented_too) {
    const auto lines = lines_of(read_file(k_chart / "values.yaml"));
    std::vector<std::string> documented;
    std::vector<std::string> undocumented;
    documented_keys(values(), "", lines, documented, undocumented);
    for (const auto& key : undocumented) {
        BOOST_ERROR(key << " in values.yaml has no `# --` comment, unlike the keys beside it");
    }
    BOOST_TEST(documented.size() > 40u);
}

BOOST_AUTO_TEST_CASE(given_the_documented_values_the_readme_table_should_list_each_one) {
    const std::string readme = read_file(k_chart / "README.md");
    const auto lines = lines_of(read_file(k_chart / "values.yaml"));
    std::vector<std::string> documented;
    std::vector<std::string> undocumented;
    documented_keys(values(), "", lines, documented, undocumented);
    for (const auto& key : documented) {
        BOOST_TEST(contains(readme, "| `" + key + "` |"),
                   "charts/fairweather/README.md's values table has no row for " << key);
    }
}

BOOST_AUTO_TEST_CASE(given_the_default_values_they_should_be_safe) {
    const YAML::Node v = values();
    // One pod with its SQLite state on a PVC: several need a database.
    BOOST_TEST(v["replicaCount"].as<int>(0) == 1, "the monitor runs as one pod by default");
    BOOST_TEST(v["state"]["postgres"]["url"].as<std::string>("x").empty());
    BOOST_TEST(v["state"]["postgres"]["existingSecret"].as<std::string>("x").empty());
    // The monitor's own lease defaults hold unless the user sets these.
    BOOST_TEST(v["state"]["lease"].as<std::string>("x").empty());
    BOOST_TEST(v["state"]["renewInterval"].as<std::string>("x").empty());

    const YAML::Node pod = v["podSecurityContext"];
    BOOST_TEST(pod["runAsNonRoot"].as<bool>(false));
    BOOST_TEST(pod["runAsUser"].as<int>(0) != 0);
    BOOST_TEST(pod["runAsGroup"].as<int>(0) != 0);
    BOOST_TEST(pod["fsGroup"].as<int>(0) != 0, "fsGroup makes the state volume writable");
    BOOST_TEST(pod["seccompProfile"]["type"].as<std::string>("") == "RuntimeDefault");

    const YAML::Node container = v["securityContext"];
    BOOST_TEST(container["runAsNonRoot"].as<bool>(false));
    BOOST_TEST(container["readOnlyRootFilesystem"].as<bool>(false));
    BOOST_TEST(!container["allowPrivilegeEscalation"].as<bool>(true));
    const YAML::Node drop = container["capabilities"]["drop"];
    BOOST_TEST((drop.IsSequence() && drop.size() == 1 && drop[0].as<std::string>() == "ALL"));

    const YAML::Node resources = v["resources"];
    BOOST_TEST((resources["requests"].IsMap() && resources["requests"].size() > 0));
    BOOST_TEST((resources["limits"].IsMap() && resources["limits"]["memory"].IsScalar()));

    BOOST_TEST(v["persistence"]["enabled"].as<bool>(false));
    BOOST_TEST(v["persistence"]["accessModes"][0].as<std::string>("") == "ReadWriteOnce");
    BOOST_TEST(!v["serviceAccount"]["automountServiceAccountToken"].as<bool>(true));
    BOOST_TEST(v["service"]["type"].as<std::string>("") == "ClusterIP");

    // No token ships in the defaults: the API token is generated per install.
    BOOST_TEST(v["github"]["token"].as<std::string>("x").empty());
    BOOST_TEST(v["api"]["token"].as<std::string>("x").empty());
    BOOST_TEST(!v["serviceMonitor"]["enabled"].as<bool>(true));
    BOOST_TEST(!v["prometheusRule"]["enabled"].as<bool>(true));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(chart_templates)

BOOST_AUTO_TEST_CASE(given_each_template_its_actions_should_be_balanced_and_its_includes_defined) {
    static const std::regex opener(R"(\{\{-?\s*(if|with|range|define|block)\b)");
    static const std::regex closer(R"(\{\{-?\s*end\b)");
    static const std::regex define(R"re(define\s+"([^"]+)")re");
    static const std::regex include(R"re((?:include|template)\s+"([^"]+)")re");
    const auto templates = all_templates();
    std::set<std::string> defined;
    for (const auto& [name, text] : templates) {
        for (const auto& d : matches(without_comments(text), define)) {
            defined.insert(d);
        }
    }
    for (const std::string must :
         {"fairweather.name", "fairweather.fullname", "fairweather.chart", "fairweather.labels",
          "fairweather.selectorLabels", "fairweather.serviceAccountName"}) {
        BOOST_TEST(defined.contains(must), "_helpers.tpl should define " << must);
    }
    for (const auto& [name, raw] : templates) {
        const std::string text = without_comments(raw);
        BOOST_TEST(count(text, "{{") == count(text, "}}"), name << ": unmatched {{ or }}");
        BOOST_TEST(matches(text, opener).size() == matches(text, closer, 0).size(),
                   name << ": every if/with/range/define needs its end");
        BOOST_TEST(!contains(text, "\t"), name << ": tabs are not YAML indentation");
        for (const auto& used : matches(text, include)) {
            BOOST_TEST(defined.contains(used),
                       name << " includes \"" << used << "\", which no template defines");
        }
    }
}

BOOST_AUTO_TEST_CASE(given_the_chart_no_file_in_it_should_be_a_link) {
    // A link is only as good as the checkout it points into: a chart copied
    // on its own (vendored, or pulled by a GitOps tool from a subdirectory)
    // finds it dangling.
    std::size_t entries = 0;
    for (const auto& entry : fs::recursive_directory_iterator(k_chart)) {
        ++entries;
        const std::string relative = entry.path().lexically_relative(k_chart).string();
        if (entry.is_symlink()) {
            BOOST_ERROR(relative << " is a link to " << fs::read_symlink(entry.path())
                                 << ": put the file itself in the chart");
        }
    }
    BOOST_TEST(entries > 10u);
}

BOOST_AUTO_TEST_CASE(
    given_a_copy_of_the_chart_on_its_own_every_file_its_templates_read_should_be_in_it) {
    TempDir dir;
    const fs::path copy = dir / "fairweather";
    // Links are copied as links: one that points out of the chart dangles in
    // the copy, as it would wherever the chart is copied to.
    fs::copy(k_chart, copy, fs::copy_options::recursive | fs::copy_options::copy_symlinks);

    const auto read = files_read("Get");
    BOOST_TEST(read.contains("files/fairweather-rules.yml"));
    BOOST_TEST(read.contains("dashboards/fairweather.json"));
    std::set<std::string> files = read;
    for (const auto& pattern : files_read("Glob")) {
        std::size_t matched = 0;
        for (const auto& entry : fs::recursive_directory_iterator(copy)) {
            const std::string relative = entry.path().lexically_relative(copy).generic_string();
            if (!entry.is_directory() && glob_matches(pattern, relative)) {
                files.insert(relative);
                ++matched;
            }
        }
        BOOST_TEST(matched > 0u, ".Files.Glob \"" << pattern << "\" matches nothing in the chart");
    }
    for (const auto& file : files) {
        const fs::path path = copy / file;
        BOOST_TEST_CONTEXT(file) {
            if (!fs::is_regular_file(path)) {
                BOOST_ERROR("missing from a copy of charts/fairweather"
                            << (fs::is_symlink(path) ? " (a link that dangles there)" : ""));
                continue;
            }
            BOOST_TEST(fs::file_size(path) > 0u);
            // helm package leaves out what .helmignore names.
            const std::string ignored_by = helmignored_by(copy, file);
            BOOST_TEST(ignored_by.empty(), ".helmignore leaves it out: " << ignored_by);
            if (path.extension() == ".json") {
                simdjson::dom::parser parser;
                simdjson::dom::element root;
                const auto error = parser.load(path.string()).get(root);
                BOOST_TEST(error == simdjson::SUCCESS, simdjson::error_message(error));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(given_sqlite_state_the_deployment_should_run_one_pod_replaced_not_rolled) {
    const std::string d = template_text("deployment.yaml");
    BOOST_TEST(contains(d, "{{- " + k_postgres + " := include \"fairweather.postgres\" . }}"));
    BOOST_TEST(contains(d, "\n  replicas: {{ .Values.replicaCount }}\n"));
    // More than one pod only with PostgreSQL: the render fails otherwise.
    BOOST_TEST(guard_of(d, "fail (printf \"replicaCount is") ==
               "{{- if and (gt (int .Values.replicaCount) 1) (not " + k_postgres + ") }}");

    const std::string strategy = block_after(deployment_with(false), "strategy:");
    BOOST_TEST(contains(strategy, "type: Recreate"), strategy);
    BOOST_TEST(!contains(strategy, "RollingUpdate"), strategy);

    // The switch is whether a URL can be had: from the value or from the Secret.
    const std::string helpers = template_text("_helpers.tpl");
    const std::string define = helpers.substr(helpers.find("define \"fairweather.postgres\""));
    const std::string helper = define.substr(0, define.find("{{- end }}"));
    BOOST_TEST(contains(helper,
                        "{{- if or .Values.state.postgres.url "
                        ".Values.state.postgres.existingSecret }}true{{ end }}"),
               helper);
}

BOOST_AUTO_TEST_CASE(given_postgres_state_the_deployment_should_roll_its_replicas) {
    const std::string strategy = block_after(deployment_with(true), "strategy:");
    BOOST_TEST(contains(strategy, "type: RollingUpdate"), strategy);
    BOOST_TEST(!contains(strategy, "Recreate"), strategy);
}

BOOST_AUTO_TEST_CASE(given_replicas_without_postgres_the_chart_should_fail_saying_what_to_set) {
    const std::string d = template_text("deployment.yaml");
    const auto at = d.find("fail (printf \"replicaCount is");
    BOOST_REQUIRE(at != std::string::npos);
    const std::string message = d.substr(at, d.find('\n', at) - at);
    for (const std::string must : {"SQLite", "state.postgres.url", "state.postgres.existingSecret",
                                   "state.postgres.urlKey", "set replicaCount to 1"}) {
        BOOST_TEST(contains(message, must), "the message should say " << must << ": " << message);
    }
    BOOST_TEST(contains(message, "\" .Values.replicaCount)"), "it should say the value given");
}

BOOST_AUTO_TEST_CASE(given_the_templates_fail_messages_every_value_they_name_should_exist) {
    // A message that says "set x.y" must name a value there is.
    static const std::regex fail(R"re(\{\{-?\s*fail\s*\(?(?:printf\s*)?"([^"]*)")re");
    static const std::regex dotted(R"(\b([A-Za-z]+(?:\.[A-Za-z]+)+)\b)");
    const YAML::Node root = values();
    std::size_t named = 0;
    for (const auto& [name, text] : all_templates()) {
        for (const auto& message : matches(without_comments(text), fail)) {
            for (const auto& path : matches(message, dotted)) {
                const std::string top = path.substr(0, path.find('.'));
                if (!root[top]) {
                    continue;  // a file name such as fairweather-rules.yml
                }
                ++named;
                YAML::Node node = YAML::Clone(root);
                std::istringstream segments(path);
                std::string segment;
                while (node && std::getline(segments, segment, '.')) {
                    node = node.IsMap() ? node[segment] : YAML::Node();
                }
                BOOST_TEST(node.IsDefined(), name << "'s fail message names " << path
                                                  << ", which values.yaml does not have");
            }
        }
    }
    BOOST_TEST(named >= 3u, "found only " << named << " values named in fail messages");
}

BOOST_AUTO_TEST_CASE(given_the_deployment_it_should_probe_healthz_and_readyz_on_the_http_port) {
    const std::string d = template_text("deployment.yaml");
    const std::string liveness = block_after(d, "livenessProbe:");
    const std::string readiness = block_after(d, "readinessProbe:");
    BOOST_TEST(contains(liveness, "path: /healthz"), liveness);
    BOOST_TEST(contains(liveness, "port: http"));
    BOOST_TEST(contains(readiness, "path: /readyz"), readiness);
    BOOST_TEST(contains(readiness, "port: http"));
    const std::string ports = block_after(d, "ports:");
    BOOST_TEST(contains(ports, "- name: http"));
    BOOST_TEST(contains(ports, "containerPort: 9464"));
}

BOOST_AUTO_TEST_CASE(
    given_sqlite_state_the_deployment_should_listen_beyond_loopback_and_keep_state_on_the_volume) {
    const auto args = deployment_args(false);
    const std::vector<std::string> expected = {"--config",     k_config_in_pod, "--listen",
                                               "0.0.0.0:9464", "--state-dir",   k_state_in_pod};
    BOOST_TEST(args == expected, boost::test_tools::per_element());

    // The config file is the ConfigMap's key under the config mount, and the
    // state dir is the state volume's mount.
    const std::string d = deployment_with(false);
    const std::string mounts = block_after(d, "volumeMounts:");
    BOOST_TEST(contains(mounts, "mountPath: /etc/fairweather\n"));
    BOOST_TEST(contains(mounts, "mountPath: " + k_state_in_pod + "\n"));
    BOOST_TEST(contains(mounts, "mountPath: /tmp\n"), "the root file system is read-only");
    BOOST_TEST(contains(template_text("configmap.yaml"), "  fairweather.toml: |"));
    const std::string volumes = block_after(d, "volumes:");
    BOOST_TEST(contains(volumes, "persistentVolumeClaim:"));
    BOOST_TEST(contains(volumes, "emptyDir: {}"));
    BOOST_TEST(contains(d, "checksum/config:"));
    BOOST_TEST(!contains(d, "FAIRWEATHER_STATE_URL"));
    BOOST_TEST(!contains(d, "PGPASSWORD"));

    // The chart creates its PVC only for the SQLite state.
    const auto pvc = lines_of(without_comments(template_text("pvc.yaml")));
    const auto first = std::find_if(pvc.begin(), pvc.end(),
                                    [](const std::string& l) { return !trimmed(l).empty(); });
    BOOST_REQUIRE(first != pvc.end());
    BOOST_TEST(trimmed(*first) ==
               "{{- if and .Values.persistence.enabled (not .Values.persistence.existingClaim) "
               "(not (include \"fairweather.postgres\" .)) }}");
}

BOOST_AUTO_TEST_CASE(given_postgres_state_the_deployment_should_pass_the_url_and_mount_no_volume) {
    const auto args = deployment_args(true);
    const std::vector<std::string> expected = {"--config", k_config_in_pod, "--listen",
                                               "0.0.0.0:9464", k_state_url_arg};
    BOOST_TEST(args == expected, boost::test_tools::per_element());

    const std::string d = deployment_with(true);
    BOOST_TEST(!contains(block_after(d, "volumeMounts:"), k_state_in_pod));
    const std::string volumes = block_after(d, "volumes:");
    BOOST_TEST(!contains(volumes, "- name: state"), volumes);
    BOOST_TEST(!contains(volumes, "persistentVolumeClaim:"), volumes);
    BOOST_TEST(contains(volumes, "- name: tmp"), "the root file system is still read-only");
}

BOOST_AUTO_TEST_CASE(given_postgres_state_the_url_should_reach_the_args_through_the_env) {
    // $(NAME) in the args is expanded by Kubernetes from the container's env:
    // NAME must be defined there, and only with PostgreSQL.
    static const std::regex reference(R"(\$\(([A-Z_]+)\))");
    const auto referenced = matches(k_state_url_arg, reference);
    BOOST_REQUIRE_EQUAL(referenced.size(), 1u);
    const std::string var = "- name: " + referenced.front();
    const std::string pg = deployment_with(true);
    BOOST_TEST(contains(block_after(pg, "env:"), var), var << " should be in the env");
    BOOST_TEST(!contains(block_after(deployment_with(false), "env:"), var));

    // From the Secret, by default of a URL given as a value...
    const std::string from_secret =
        block_after(with_condition(pg, ".Values.state.postgres.url", false), var);
    BOOST_TEST(contains(from_secret, "secretKeyRef:"), from_secret);
    BOOST_TEST(contains(from_secret, "name: {{ .Values.state.postgres.existingSecret }}"));
    BOOST_TEST(contains(from_secret, "key: {{ .Values.state.postgres.urlKey }}"));
    BOOST_TEST(!contains(from_secret, "value:"), from_secret);

    // ...or the value itself, which is no secret.
    const std::string given =
        block_after(with_condition(pg, ".Values.state.postgres.url", true), var);
    BOOST_TEST(contains(given, "value: {{ .Values.state.postgres.url | quote }}"), given);
    BOOST_TEST(!contains(given, "secretKeyRef:"), given);
}

BOOST_AUTO_TEST_CASE(given_a_postgres_secret_the_password_should_come_from_it_as_pgpassword) {
    const std::string d = template_text("deployment.yaml");
    const std::string env = block_after(d, "- name: PGPASSWORD");
    BOOST_TEST(contains(env, "secretKeyRef:"), env);
    BOOST_TEST(contains(env, "name: {{ .Values.state.postgres.existingSecret }}"), env);
    BOOST_TEST(contains(env, "key: {{ .Values.state.postgres.passwordKey }}"), env);
    BOOST_TEST(!contains(env, "value:"), env);
    BOOST_TEST(guard_of(d, "- name: PGPASSWORD") ==
               "{{- if .Values.state.postgres.existingSecret }}");
    // Never in the ConfigMap.
    BOOST_TEST(!contains(template_text("configmap.yaml"), ".Values.state.postgres"));
}

BOOST_AUTO_TEST_CASE(given_a_url_with_a_password_the_chart_should_refuse_it_as_the_monitor_does) {
    // The chart's check of state.postgres.url (a Go regexp, in a raw string),
    // run here as ECMAScript, which reads this pattern the same way.
    const std::string d = template_text("deployment.yaml");
    static const std::regex check(R"re(regexMatch `([^`]+)` \.\) \(contains "password=" \.\))re");
    const auto found = matches(d, check);
    BOOST_REQUIRE_EQUAL(found.size(), 1u);
    const std::regex password(found.front());
    const auto refused = guard_of(d, "fail \"state.postgres.url carries a password");
    BOOST_TEST(contains(refused, found.front()), refused);
    BOOST_TEST(contains(d,
                        "put it in the Secret state.postgres.existingSecret under "
                        "state.postgres.passwordKey"));

    for (const std::string& url :
         {k_state_url, std::string("postgresql://fw:secret@db:5432/fw"),
          std::string("postgres://fw:p@ss@db/fw"), std::string("postgresql://fw:@db/fw"),
          std::string("postgresql://db:5432/fw"), std::string("postgresql://fw@[::1]:5432/fw"),
          std::string("postgresql://fw@db/fw?password=x"),
          std::string("postgresql://fw@db/fw?sslmode=require"),
          std::string("postgresql://fw@x:y@db/fw"), std::string("postgresql://db/fw?u=a:b@c")}) {
        const bool chart_refuses = std::regex_search(url, password) || contains(url, "password=");
        const bool monitor_refuses = !fairweather::check_state_url(url).empty();
        BOOST_TEST(chart_refuses == monitor_refuses,
                   url << ": the chart " << (chart_refuses ? "refuses" : "accepts")
                       << " it, the monitor " << (monitor_refuses ? "refuses" : "accepts"));
    }
}

BOOST_AUTO_TEST_CASE(given_several_replicas_the_chart_should_budget_disruptions_one_at_a_time) {
    const auto lines = lines_of(without_comments(template_text("pdb.yaml")));
    std::vector<std::string> body;
    for (const auto& l : lines) {
        if (!trimmed(l).empty()) {
            body.push_back(l);
        }
    }
    BOOST_REQUIRE(body.size() > 2u);
    // The whole budget is conditional, on the guard's own test: one pod has
    // nothing to keep, and a budget would block every drain.
    BOOST_TEST(trimmed(body.front()) == "{{- if gt (int .Values.replicaCount) 1 }}");
    BOOST_TEST(trimmed(body.back()) == "{{- end }}");
    BOOST_TEST(contains(template_text("deployment.yaml"), "(gt (int .Values.replicaCount) 1)"));

    const std::string pdb = template_text("pdb.yaml");
    BOOST_TEST(contains(pdb, "\napiVersion: policy/v1\nkind: PodDisruptionBudget\n"));
    const std::string spec = block_after(pdb, "spec:");
    BOOST_TEST((contains(spec, "  maxUnavailable: 1\n") || contains(spec, "  minAvailable: 1\n")),
               spec);
    // It selects the deployment's pods.
    BOOST_TEST(contains(block_after(spec, "matchLabels:"),
                        "{{- include \"fairweather.selectorLabels\" . | nindent 6 }}"));
}

BOOST_AUTO_TEST_CASE(given_lease_values_the_config_should_get_a_state_table_only_when_set) {
    const std::string cm = template_text("configmap.yaml");
    BOOST_TEST(contains(cm, "{{- $lease := or .Values.state.lease .Values.state.renewInterval }}"));
    BOOST_TEST(!contains(block_after(with_condition(cm, "$lease", false), "fairweather.toml:"),
                         "[state]"));
    const std::string table = block_after(with_condition(cm, "$lease", true), "fairweather.toml:");
    BOOST_TEST(contains(table,
                        "    [state]\n"
                        "    {{- with .Values.state.lease }}\n"
                        "    lease = {{ . | quote }}\n"
                        "    {{- end }}\n"
                        "    {{- with .Values.state.renewInterval }}\n"
                        "    renew_interval = {{ . | quote }}\n"
                        "    {{- end }}\n"),
               table);
    // After the user's config, so that it is its own table.
    BOOST_TEST(table.find("[state]") > table.find(".Values.config"));

    // TOML allows one [state] table: a config that has its own is refused
    // when the chart would add another. The template's test (a Go regexp,
    // multi-line) read here line by line.
    static const std::regex check(R"(regexMatch `\(\?m\)([^`]+)` \.Values\.config)");
    const auto found = matches(cm, check);
    BOOST_REQUIRE_EQUAL(found.size(), 1u);
    const std::regex state_table(found.front());
    const auto has_state_table = [&](const std::string& toml) {
        const auto ls = lines_of(toml);
        return std::any_of(ls.begin(), ls.end(),
                           [&](const std::string& l) { return std::regex_search(l, state_table); });
    };
    const std::string config = values()["config"].as<std::string>();
    BOOST_TEST(!has_state_table(config));
    BOOST_TEST(!has_state_table(uncommented(config)));
    BOOST_TEST(has_state_table(config + "\n[state]\nurl = \"" + k_state_url + "\"\n"));
    BOOST_TEST(has_state_table(config + "\n  [state]\n"));
    BOOST_TEST(!has_state_table(config + "\n# [state]\n"));
    BOOST_TEST(guard_of(cm, "fail \"config has a [state] table") ==
               "{{- if and $lease (regexMatch `(?m)" + found.front() + "` .Values.config) }}");
}

BOOST_AUTO_TEST_CASE(given_the_deployment_it_should_take_both_tokens_from_secrets) {
    const std::string d = template_text("deployment.yaml");
    for (const std::string var : {"GITHUB_TOKEN", "FAIRWEATHER_API_TOKEN"}) {
        const std::string env = block_after(d, "- name: " + var);
        BOOST_TEST(contains(env, "secretKeyRef:"), var << " should come from a Secret: " << env);
        BOOST_TEST(!contains(env, "value:"), var);
    }
    // The API token is unconditional: the monitor refuses to listen beyond
    // loopback without it.
    const auto lines = lines_of(d);
    const auto api = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
        return trimmed(l) == "- name: FAIRWEATHER_API_TOKEN";
    });
    BOOST_REQUIRE(api != lines.end());
    BOOST_TEST(!trimmed(*(api - 1)).starts_with("{{- if"), "FAIRWEATHER_API_TOKEN must be set");

    // Tokens never reach the ConfigMap.
    const std::string cm = template_text("configmap.yaml");
    BOOST_TEST(!contains(cm, ".Values.github"));
    BOOST_TEST(!contains(cm, ".Values.api"));
    const std::string config = values()["config"].as<std::string>();
    BOOST_TEST(!contains(config, "token_file ="), "tokens come from Secrets, not token_file");
}

BOOST_AUTO_TEST_CASE(given_no_api_token_the_chart_should_generate_one_and_keep_it_across_upgrades) {
    const std::string helpers = template_text("_helpers.tpl");
    const std::string token = helpers.substr(helpers.find("define \"fairweather.apiToken\""));
    BOOST_TEST(contains(token, ".Values.api.token"));
    BOOST_TEST(contains(token, "lookup \"v1\" \"Secret\" .Release.Namespace"));
    BOOST_TEST(contains(token, "\"api-token\""));
    BOOST_TEST(contains(token, "randAlphaNum 32"));
    const std::string secret = template_text("secret.yaml");
    BOOST_TEST(contains(secret, "$api := not .Values.api.existingSecret"));
    BOOST_TEST(contains(secret, "api-token: {{ include \"fairweather.apiToken\" . | b64enc"));
}

BOOST_AUTO_TEST_CASE(given_the_templates_the_pods_ids_should_come_from_the_values_alone) {
    // OpenShift's restricted-v2 SCC assigns the ids and rejects a pod that
    // asks for others. `--set podSecurityContext.runAsUser=null` deletes a
    // default: it leaves the pod only if the template writes the contexts
    // whole from the values and sets no id itself.
    for (const auto& [name, raw] : all_templates()) {
        const std::string text = without_comments(raw);
        BOOST_TEST(!contains(text, "65532"), name << " hard-codes the image's user id");
        for (const std::string key : {"runAsUser:", "runAsGroup:", "fsGroup:", "runAsNonRoot:"}) {
            BOOST_TEST(!contains(text, key), name << " sets " << key << " itself");
        }
    }
    const std::string d = template_text("deployment.yaml");
    BOOST_TEST(contains(d,
                        "      {{- with .Values.podSecurityContext }}\n"
                        "      securityContext:\n"
                        "        {{- toYaml . | nindent 8 }}\n"
                        "      {{- end }}\n"));
    BOOST_TEST(contains(d,
                        "          {{- with .Values.securityContext }}\n"
                        "          securityContext:\n"
                        "            {{- toYaml . | nindent 12 }}\n"
                        "          {{- end }}\n"));
    BOOST_TEST(count(d, "securityContext:") == 2u);
}

BOOST_AUTO_TEST_CASE(given_openshift_the_readme_should_say_which_ids_to_delete) {
    const std::string readme = read_file(k_chart / "README.md");
    const auto at = readme.find("\n### OpenShift\n");
    BOOST_REQUIRE_MESSAGE(at != std::string::npos,
                          "charts/fairweather/README.md has no OpenShift section");
    const std::string section = readme.substr(at, readme.find("\n## ", at + 1) - at);
    const YAML::Node pod = values()["podSecurityContext"];
    for (const std::string key : {"runAsUser", "runAsGroup", "fsGroup"}) {
        // Each id the section deletes is one the defaults set...
        BOOST_TEST(pod[key].IsScalar(), "podSecurityContext has no " << key);
        BOOST_TEST(contains(section, "--set podSecurityContext." + key + "=null"), key);
        BOOST_TEST(contains(section, "`" + key + ": null`"), key);
    }
    // ...and what stays is what restricted-v2 allows.
    BOOST_TEST(contains(section, "restricted-v2"));
    BOOST_TEST(contains(section, "seccompProfile: {type: RuntimeDefault}"));
    BOOST_TEST(pod["seccompProfile"]["type"].as<std::string>("") == "RuntimeDefault");
    BOOST_TEST(
        contains(read_file(k_chart / "values.yaml"), "`--set podSecurityContext.runAsUser=null"));
}

BOOST_AUTO_TEST_CASE(given_the_service_monitor_it_should_scrape_the_services_http_port) {
    const std::string svc = template_text("service.yaml");
    BOOST_TEST(contains(svc, "- name: http"));
    BOOST_TEST(contains(svc, "targetPort: http"));
    const YAML::Node v = values();
    BOOST_TEST(v["service"]["port"].as<int>(0) == 9464);
    const std::string sm = template_text("servicemonitor.yaml");
    BOOST_TEST(contains(sm, "apiVersion: monitoring.coreos.com/v1"));
    BOOST_TEST(contains(sm, "- port: http"));
    BOOST_TEST(v["serviceMonitor"]["path"].as<std::string>("") == "/metrics");
    BOOST_TEST(v["serviceMonitor"]["interval"].as<std::string>("") == "30s");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(chart_and_monitor)

// --check-config loads the config and the tokens as a start would, and
// polls nothing (a start would poll the internet).
ProcessResult check_config(const fs::path& config, const fs::path& state) {
    auto args = args_for(config, state);
    args.push_back("--check-config");
    return run_process(monitor_binary(), args);
}

BOOST_AUTO_TEST_CASE(given_the_charts_args_and_default_config_the_monitor_should_accept_them) {
    require_binary(monitor_binary());
    TempDir dir;
    write_file(dir / "fairweather.toml", values()["config"].as<std::string>());
    const auto r = check_config(dir / "fairweather.toml", dir / "state");
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "is usable: it would listen on 0.0.0.0:9464"), r.out);
    BOOST_TEST(contains(r.out, "keep state in " + (dir / "state" / "fairweather.db").string()),
               r.out);
    BOOST_TEST(!contains(r.err, "fairweather.toml:"), "the config has problems: " << r.err);
}

BOOST_AUTO_TEST_CASE(
    given_the_charts_postgres_args_as_kubernetes_expands_them_the_monitor_should_use_the_url) {
    require_binary(monitor_binary());
    TempDir dir;
    write_file(dir / "fairweather.toml", values()["config"].as<std::string>());
    auto args = args_for(dir / "fairweather.toml", dir / "state", k_state_url);
    args.push_back("--check-config");
    const auto r = run_process(monitor_binary(), args);
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "keep state in " + k_state_url + " "), r.out);

    // A URL from a Secret is not seen by the chart: the monitor refuses one
    // with a password, without repeating it.
    args = args_for(dir / "fairweather.toml", dir / "state",
                    "postgresql://fairweather:hunter2@postgres.db.svc:5432/fairweather");
    args.push_back("--check-config");
    const auto refused = run_process(monitor_binary(), args);
    BOOST_TEST(refused.exit_code != 0, refused.out << refused.err);
    BOOST_TEST(contains(refused.err, "password"), refused.err);
    BOOST_TEST(!contains(refused.out + refused.err, "hunter2"));
}

BOOST_AUTO_TEST_CASE(
    given_the_default_configs_examples_uncommented_monitor_and_gate_should_load_them) {
    require_binary(monitor_binary());
    require_binary(gate_binary());
    const std::string toml = uncommented(values()["config"].as<std::string>());
    BOOST_REQUIRE(contains(toml, "\n[[repos]]\n"));
    BOOST_REQUIRE(contains(toml, "\n[policy]\n"));
    TempDir dir;
    write_file(dir / "fairweather.toml", toml);

    const auto monitor = check_config(dir / "fairweather.toml", dir / "state");
    BOOST_TEST(monitor.exit_code == 0, monitor.out << monitor.err);
    BOOST_TEST(contains(monitor.out, "is usable"), monitor.out);
    BOOST_TEST(!contains(monitor.err, "fairweather.toml:"), monitor.err);

    // The policy example is Wasmtime's: its plan on 2025-11-20 is known.
    const auto plan =
        run_process(gate_binary(), {"plan", "--config", (dir / "fairweather.toml").string(),
                                    "--date", "2025-11-20", "--current", "39.0.0"});
    BOOST_TEST(plan.exit_code == 0, plan.err);
    BOOST_TEST(contains(plan.out, "ships on: 39.0.x, 38.0.x, 36.0.x, 24.0.x"), plan.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(chart_alert_rules)

BOOST_AUTO_TEST_CASE(
    given_the_projects_rules_path_it_should_be_a_relative_link_to_the_charts_file) {
    // One real file, in the chart (which must carry it); the project's
    // exporters/alerts/ path is kept for those who look for the rules there.
    BOOST_TEST(fs::is_regular_file(fs::symlink_status(k_rules_in_chart)));
    BOOST_REQUIRE(fs::is_symlink(k_rules_link));
    const fs::path target = fs::read_symlink(k_rules_link);
    BOOST_TEST(target.is_relative(), "an absolute link breaks in every other checkout: " << target);
    BOOST_TEST(fs::canonical(k_rules_link) == fs::canonical(k_rules_in_chart));
}

BOOST_AUTO_TEST_CASE(given_the_charts_rules_file_promtool_should_accept_it) {
    const auto r = promtool_check_rules(k_rules_in_chart);
    BOOST_TEST(r.exit_code == 0, "promtool check rules (Debian's prometheus package):\n"
                                     << r.out << r.err);
}

BOOST_AUTO_TEST_CASE(given_the_chart_substitutes_job_and_runbook_the_rules_should_stay_valid) {
    const std::string rules = read_file(k_rules_in_chart);
    const std::string tpl = template_text("prometheusrule.yaml");
    // What the template replaces is in the rules, so the replacement is not a no-op...
    BOOST_TEST(contains(tpl, "`" + k_rules_job + "`"));
    BOOST_TEST(contains(tpl, "\"" + k_runbook + "\""));
    BOOST_TEST(count(rules, k_rules_job) >= 1u);
    BOOST_TEST(count(rules, k_runbook + "#") >= 1u);
    BOOST_TEST(values()["prometheusRule"]["runbookBaseUrl"].as<std::string>("") == k_runbook);

    // ...and the rules as the chart writes them, for a release named "ci",
    // are still rules promtool accepts, with no trace of the defaults.
    std::string substituted = replace_all(rules, k_rules_job, "job=\"ci-fairweather\"");
    substituted = replace_all(substituted, k_runbook, "https://runbooks.example.org/fairweather");
    BOOST_TEST(!contains(substituted, k_rules_job));
    BOOST_TEST(!contains(substituted, "github.com/fairweather-ci"));
    BOOST_TEST(contains(substituted, "https://runbooks.example.org/fairweather#monitor-down"));
    TempDir dir;
    write_file(dir / "rules.yml", substituted);
    const auto r = promtool_check_rules(dir / "rules.yml");
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(contains(tpl, "spec:\n  {{- $rules | nindent 2 }}"),
               "the rules file's groups go under the PrometheusRule's spec");
}

BOOST_AUTO_TEST_SUITE_END()
