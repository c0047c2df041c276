#include "config/config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "config/checker.h"
#include "config/policy_section.h"
#include "config/state_section.h"
#include "config/text_check.h"
#include "core/util/text.h"

namespace fairweather {
namespace {

using config_file::Checker;

bool is_http_url(std::string_view url) {
    return url.starts_with("https://") || url.starts_with("http://");
}

void read_http(Checker& c, const toml::table& t, HttpSettings& http) {
    c.only_keys(t, "[http]",
                {"connect_timeout", "timeout", "max_response_bytes", "max_redirects", "ca_file"});
    if (const auto* n = t.get("connect_timeout")) {
        if (auto d = c.duration(*n, "[http] connect_timeout")) {
            http.connect_timeout = *d;
        }
    }
    if (const auto* n = t.get("timeout")) {
        if (auto d = c.duration(*n, "[http] timeout")) {
            http.timeout = *d;
        }
    }
    if (const auto* n = t.get("max_response_bytes")) {
        if (auto v = c.integer(*n, "[http] max_response_bytes")) {
            if (*v < 1024) {
                c.error(*n, "[http] max_response_bytes must be at least 1024");
            } else {
                http.max_response_bytes = static_cast<std::size_t>(*v);
            }
        }
    }
    if (const auto* n = t.get("max_redirects")) {
        if (auto v = c.integer(*n, "[http] max_redirects")) {
            if (*v < 0 || *v > 20) {
                c.error(*n, "[http] max_redirects must be between 0 and 20");
            } else {
                http.max_redirects = static_cast<long>(*v);
            }
        }
    }
    if (const auto* n = t.get("ca_file")) {
        if (auto s = c.string(*n, "[http] ca_file")) {
            http.ca_file = *s;
        }
    }
}

void read_weather_map(Checker& c, const toml::node& node, std::string_view what, WeatherMap& map) {
    const auto* t = c.table(node, what);
    if (t == nullptr) {
        return;
    }
    for (const auto& [key, value] : *t) {
        const std::string entry = std::string(what) + "." + std::string(key.str());
        if (auto w = c.weather(value, entry)) {
            map[std::string(key.str())] = *w;
        }
    }
}

void read_components(Checker& c, const toml::node& node, std::string_view what,
                     std::vector<ComponentSelector>& out) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        c.error(node, std::string(what) +
                          " must be an array of component ids or names, or of { id = \"...\", "
                          "name = \"...\" } tables");
        return;
    }
    out.clear();
    for (const auto& item : *array) {
        if (const auto* s = item.as_string()) {
            if (s->get().empty()) {
                c.error(item, std::string(what) + ": a component cannot be an empty string");
                continue;
            }
            out.push_back({s->get(), s->get()});
        } else if (const auto* t = item.as_table()) {
            c.only_keys(*t, std::string(what) + " entry", {"id", "name"});
            ComponentSelector sel;
            if (const auto* id = t->get("id")) {
                sel.id = c.string(*id, std::string(what) + " id").value_or("");
            }
            if (const auto* name = t->get("name")) {
                sel.name = c.string(*name, std::string(what) + " name").value_or("");
            }
            if (sel.id.empty() && sel.name.empty()) {
                c.error(item, std::string(what) + ": give the component an id, a name, or both");
                continue;
            }
            out.push_back(std::move(sel));
        } else {
            c.error(item,
                    std::string(what) + ": each component is a string or a { id, name } table");
        }
    }
}

bool is_github_status(std::string_view url) {
    return url.find("://www.githubstatus.com") != std::string_view::npos ||
           url.find("://githubstatus.com") != std::string_view::npos;
}

void read_status_pages(Checker& c, const toml::node& node, std::vector<StatusPageSettings>& out) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        c.error(node,
                "status_pages must be an array of tables: write each page as [[status_pages]]");
        return;
    }
    out.clear();
    std::set<std::string> names;
    for (const auto& item : *array) {
        const auto& t = *item.as_table();
        c.only_keys(t, "[[status_pages]]",
                    {"name", "url", "components", "status_weather", "incident_weather",
                     "max_components", "max_incidents", "max_scheduled_maintenances"});
        StatusPageSettings page;
        if (const auto* n = t.get("url")) {
            if (auto url = c.string(*n, "[[status_pages]] url")) {
                if (!is_http_url(*url)) {
                    c.error(*n, "[[status_pages]] url \"" + *url +
                                    "\" must start with https:// (or http://), e.g. "
                                    "\"https://www.githubstatus.com\"");
                }
                page.url = *url;
            }
        } else {
            c.error(t, "[[status_pages]] needs a url, e.g. url = \"https://www.githubstatus.com\"");
        }
        if (const auto* n = t.get("name")) {
            page.name = c.string(*n, "[[status_pages]] name").value_or(page.name);
        } else if (out.empty()) {
            page.name = is_github_status(page.url) ? "github" : "status";
        } else {
            page.name = "status" + std::to_string(out.size() + 1);
        }
        if (!names.insert(page.name).second) {
            c.error(t.get("name") != nullptr ? *t.get("name") : static_cast<const toml::node&>(t),
                    "[[status_pages]] name \"" + page.name +
                        "\" is used twice; give each page its own name");
        }
        if (const auto* n = t.get("components")) {
            read_components(c, *n, "[[status_pages]] components", page.components);
            page.components_given = true;
        } else if (!is_github_status(page.url) && page.name != "github") {
            // Another Statuspage: watch all of it. GitHub's page (by its
            // name here, or its page id once read) keeps GitHub's defaults
            // whatever URL serves it.
            page.components.clear();
        }
        if (const auto* n = t.get("status_weather")) {
            read_weather_map(c, *n, "status_weather", page.status_weather);
        }
        if (const auto* n = t.get("incident_weather")) {
            read_weather_map(c, *n, "incident_weather", page.incident_weather);
        }
        // A watched component costs the monitor ~12 KiB and /metrics ~600
        // bytes: 5000 keeps a page under ~100 MiB and a few MB of /metrics.
        c.read_int(t, "max_components", "[[status_pages]]", page.max_components, 1, 5000);
        c.read_int(t, "max_incidents", "[[status_pages]]", page.max_incidents, 1, 1000);
        c.read_int(t, "max_scheduled_maintenances", "[[status_pages]]",
                   page.max_scheduled_maintenances, 1, 1000);
        out.push_back(std::move(page));
    }
    if (array->empty()) {
        c.error(node, "status_pages is empty; leave it out to watch GitHub's status page");
    }
}

void read_gate(Checker& c, const toml::table& t, GatePolicy& gate, std::string& monitor_url) {
    c.only_keys(t, "[gate]",
                {"regular", "patch", "security", "wait_interval", "wait_max_interval", "monitor"});
    if (const auto* n = t.get("monitor")) {
        if (auto s = c.string(*n, "[gate] monitor")) {
            if (!is_http_url(*s)) {
                c.error(*n,
                        "[gate] monitor \"" + *s +
                            "\" must be the monitor's base URL, e.g. \"http://fairweather:9464\"");
            } else {
                monitor_url = *s;
            }
        }
    }
    for (const auto kind : {ReleaseKind::regular, ReleaseKind::patch, ReleaseKind::security}) {
        const std::string section = "[gate." + std::string(to_string(kind)) + "]";
        const auto* n = t.get(to_string(kind));
        if (n == nullptr) {
            continue;
        }
        const auto* kt = c.table(*n, section);
        if (kt == nullptr) {
            continue;
        }
        c.only_keys(*kt, section, {"fair", "degraded", "outage", "unknown"});
        for (const auto w : {Weather::fair, Weather::degraded, Weather::outage, Weather::unknown}) {
            if (const auto* v = kt->get(to_string(w))) {
                if (auto d = c.decision(*v, section + " " + std::string(to_string(w)))) {
                    gate.for_kind(kind).for_weather(w) = *d;
                }
            }
        }
    }
    if (const auto* n = t.get("wait_interval")) {
        if (auto d = c.duration(*n, "[gate] wait_interval")) {
            gate.wait_interval = *d;
        }
    }
    if (const auto* n = t.get("wait_max_interval")) {
        if (auto d = c.duration(*n, "[gate] wait_max_interval")) {
            gate.wait_max_interval = *d;
        }
    }
    if (gate.wait_interval.count() < 1000) {
        c.error(t,
                "[gate] wait_interval must be at least 1s so waiting does not hammer the sources");
    } else if (gate.wait_max_interval < gate.wait_interval) {
        c.error(t, "[gate] wait_max_interval (" + format_duration(gate.wait_max_interval) +
                       ") is shorter than wait_interval (" + format_duration(gate.wait_interval) +
                       ")");
    }
}

void read_monitor(Checker& c, const toml::table& t, MonitorSettings& monitor) {
    c.only_keys(t, "[monitor]",
                {"poll_interval", "recovery_window", "stale_after", "max_backoff", "retention",
                 "listen", "state_dir", "request_timeout", "max_connections"});
    // 1s is allowed for tests against local fakes; real status pages update
    // about once a minute, so the default is 30s.
    c.read_duration(t, "poll_interval", "[monitor]", monitor.poll_interval,
                    std::chrono::seconds{1});
    c.read_duration(t, "recovery_window", "[monitor]", monitor.recovery_window);
    c.read_duration(t, "stale_after", "[monitor]", monitor.stale_after, std::chrono::seconds{1});
    c.read_duration(t, "max_backoff", "[monitor]", monitor.max_backoff, std::chrono::seconds{1});
    c.read_duration(t, "retention", "[monitor]", monitor.retention, std::chrono::hours{1});
    c.read_duration(t, "request_timeout", "[monitor]", monitor.request_timeout,
                    std::chrono::milliseconds{100});
    c.read_int(t, "max_connections", "[monitor]", monitor.max_connections, 8, 100'000);
    if (const auto* n = t.get("listen")) {
        if (auto s = c.string(*n, "[monitor] listen")) {
            if (s->find(':') == std::string::npos) {
                c.error(*n, "[monitor] listen must be HOST:PORT, e.g. \"127.0.0.1:9464\"");
            } else {
                monitor.listen = *s;
            }
        }
    }
    if (const auto* n = t.get("state_dir")) {
        if (auto s = c.string(*n, "[monitor] state_dir")) {
            if (s->empty()) {
                c.error(*n, "[monitor] state_dir cannot be empty; e.g. \"/var/lib/fairweather\"");
            } else {
                monitor.state_dir = *s;
            }
        }
    }
    if (monitor.stale_after < monitor.poll_interval) {
        c.error(t, "[monitor] stale_after (" + format_duration(monitor.stale_after) +
                       ") is shorter than poll_interval (" +
                       format_duration(monitor.poll_interval) +
                       "): every source would always be stale");
    }
}

void read_github(Checker& c, const toml::table& t, GithubSettings& gh) {
    c.only_keys(t, "[github]",
                {"api_url", "token_file", "webhook_secret_file", "api_window", "api_min_requests",
                 "api_errors_degraded", "api_errors_outage"});
    c.read_duration(t, "api_window", "[github]", gh.api_window, std::chrono::minutes{1});
    c.read_int(t, "api_min_requests", "[github]", gh.api_min_requests, 1, 100000);
    c.read_share(t, "api_errors_degraded", "[github]", gh.api_errors_degraded);
    c.read_share(t, "api_errors_outage", "[github]", gh.api_errors_outage);
    if (const auto* n = t.get("api_url")) {
        if (auto s = c.string(*n, "[github] api_url")) {
            if (!is_http_url(*s)) {
                c.error(*n, "[github] api_url \"" + *s +
                                "\" must start with https:// (or http://), e.g. "
                                "\"https://api.github.com\"");
            } else {
                gh.api_url = *s;
            }
        }
    }
    if (const auto* n = t.get("token_file")) {
        if (auto s = c.string(*n, "[github] token_file")) {
            gh.token_file = *s;
        }
    }
    if (const auto* n = t.get("webhook_secret_file")) {
        if (auto s = c.string(*n, "[github] webhook_secret_file")) {
            gh.webhook_secret_file = *s;
        }
    }
}

void read_repo_thresholds(Checker& c, const toml::table& t, github::RepoSettings& repo);

void read_repos(Checker& c, const toml::node& node, std::vector<github::RepoSettings>& out) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        c.error(node, "repos must be an array of tables: write each repository as [[repos]]");
        return;
    }
    std::set<std::string> names;
    for (const auto& item : *array) {
        const auto& t = *item.as_table();
        const std::string_view section = "[[repos]]";
        c.only_keys(t, section,
                    {"name",
                     "workflows",
                     "release_workflow",
                     "release_workflows",
                     "release_ref",
                     "queued_too_long",
                     "window",
                     "stuck_runs_degraded",
                     "stuck_runs_outage",
                     "queue_p90_degraded",
                     "queue_p90_outage",
                     "startup_failures_degraded",
                     "startup_failures_outage",
                     "releases_interval",
                     "jobs",
                     "pickup_too_long",
                     "stuck_jobs_degraded",
                     "stuck_jobs_outage",
                     "self_hosted",
                     "webhook_delay_degraded",
                     "max_pages",
                     "max_job_reads"});
        github::RepoSettings repo;
        if (const auto* n = t.get("name")) {
            if (auto s = c.string(*n, "[[repos]] name")) {
                // GitHub's rules: owner 1-39 of [A-Za-z0-9-] not starting with '-'; name
                // 1-100 of [A-Za-z0-9._-], not "." or "..".
                if (!github::repo_name_problem(*s).empty()) {
                    c.error(*n,
                            "[[repos]] name \"" + *s +
                                "\" is not OWNER/NAME; e.g. name = \"bytecodealliance/wasmtime\"");
                } else if (!names.insert(*s).second) {
                    c.error(*n, "[[repos]] name \"" + *s + "\" is listed twice");
                }
                repo.name = *s;
            }
        } else {
            c.error(t, "[[repos]] needs a name, e.g. name = \"bytecodealliance/wasmtime\"");
        }
        if (const auto* n = t.get("workflows")) {
            repo.workflows = c.string_list(*n, "[[repos]] workflows");
        }
        if (const auto* n = t.get("release_workflow")) {
            repo.release_workflow = c.string(*n, "[[repos]] release_workflow").value_or("");
        }
        if (const auto* n = t.get("release_workflows")) {
            repo.release_workflows = c.string_list(*n, "[[repos]] release_workflows");
        }
        if (const auto* n = t.get("release_ref")) {
            repo.release_ref = c.string(*n, "[[repos]] release_ref").value_or("");
        }
        read_repo_thresholds(c, t, repo);
        out.push_back(std::move(repo));
    }
}

// The [[repos]] keys that say when a repository's runs and jobs are weather.
void read_repo_thresholds(Checker& c, const toml::table& t, github::RepoSettings& repo) {
    const std::string_view section = "[[repos]]";
    c.read_bool(t, "jobs", section, repo.read_jobs);
    c.read_duration(t, "pickup_too_long", section, repo.pickup_too_long, std::chrono::seconds{30});
    c.read_int(t, "stuck_jobs_degraded", section, repo.stuck_jobs_degraded, 0, 1000);
    c.read_int(t, "stuck_jobs_outage", section, repo.stuck_jobs_outage, 0, 1000);
    if (const auto* n = t.get("self_hosted")) {
        repo.self_hosted = c.string_list(*n, "[[repos]] self_hosted");
    }
    c.read_duration(t, "webhook_delay_degraded", section, repo.webhook_delay_degraded);
    c.read_int(t, "max_pages", section, repo.max_pages, 1, 100);
    c.read_int(t, "max_job_reads", section, repo.max_job_reads, 0, 1000);
    c.read_duration(t, "queued_too_long", section, repo.queued_too_long, std::chrono::minutes{1});
    c.read_duration(t, "window", section, repo.window, std::chrono::minutes{5});
    c.read_duration(t, "queue_p90_degraded", section, repo.queue_p90_degraded);
    c.read_duration(t, "queue_p90_outage", section, repo.queue_p90_outage);
    c.read_duration(t, "releases_interval", section, repo.releases_interval,
                    std::chrono::minutes{1});
    c.read_int(t, "stuck_runs_degraded", section, repo.stuck_runs_degraded, 0, 1000);
    c.read_int(t, "stuck_runs_outage", section, repo.stuck_runs_outage, 0, 1000);
    c.read_int(t, "startup_failures_degraded", section, repo.startup_failures_degraded, 0, 1000);
    c.read_int(t, "startup_failures_outage", section, repo.startup_failures_outage, 0, 1000);
}

void read_api(Checker& c, const toml::table& t, ApiSettings& api) {
    c.only_keys(t, "[api]", {"token_file"});
    if (const auto* n = t.get("token_file")) {
        if (auto s = c.string(*n, "[api] token_file")) {
            api.token_file = *s;
        }
    }
}

void read_report(Checker& c, const toml::table& t, ReportSettings& r) {
    c.only_keys(t, "[report]", {"include_prereleases", "security_marker", "recent_releases"});
    if (const auto* n = t.get("include_prereleases")) {
        if (const auto* b = n->as_boolean()) {
            r.include_prereleases = b->get();
        } else {
            c.error(*n, "[report] include_prereleases must be true or false");
        }
    }
    if (const auto* n = t.get("security_marker")) {
        if (auto s = c.string(*n, "[report] security_marker")) {
            if (s->size() > 100 || std::any_of(s->begin(), s->end(), [](char ch) {
                    return static_cast<unsigned char>(ch) < 0x20;
                })) {
                c.error(*n,
                        "[report] security_marker must be a short piece of a tag or release name, "
                        "e.g. \"security\"");
            } else {
                r.security_marker = *s;
            }
        }
    }
    c.read_int(t, "recent_releases", "[report]", r.recent_releases, 1, 100);
}

void read_queue(Checker& c, const toml::table& t, QueueSettings& q) {
    c.only_keys(t, "[queue]",
                {"max_attempts", "retry_backoff", "max_retry_backoff", "dispatch_grace",
                 "follow_interval", "run_start_timeout", "correlation_input"});
    c.read_int(t, "max_attempts", "[queue]", q.max_attempts, 1, 100);
    c.read_duration(t, "retry_backoff", "[queue]", q.retry_backoff, std::chrono::seconds{1});
    c.read_duration(t, "max_retry_backoff", "[queue]", q.max_retry_backoff,
                    std::chrono::seconds{1});
    c.read_duration(t, "dispatch_grace", "[queue]", q.dispatch_grace, std::chrono::seconds{1});
    c.read_duration(t, "follow_interval", "[queue]", q.follow_interval,
                    std::chrono::milliseconds{100});
    c.read_duration(t, "run_start_timeout", "[queue]", q.run_start_timeout,
                    std::chrono::minutes{1});
    if (const auto* n = t.get("correlation_input")) {
        if (auto s = c.string(*n, "[queue] correlation_input")) {
            const bool ok =
                !s->empty() && s->size() <= 100 && std::all_of(s->begin(), s->end(), [](char ch) {
                    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
                });
            if (!ok) {
                c.error(
                    *n,
                    "[queue] correlation_input must be a workflow input name: letters, digits, '_' "
                    "and '-'");
            } else {
                q.correlation_input = *s;
            }
        }
    }
}

}  // namespace

const github::RepoSettings* Config::repo(std::string_view name) const {
    for (const auto& r : repos) {
        if (iequals(r.name, name)) {
            return &r;
        }
    }
    return nullptr;
}

QueueRules queue_rules(const Config& config) {
    QueueRules rules;
    for (const auto& r : config.repos) {
        rules.targets.push_back(
            QueueTarget{r.name, r.release_workflow, r.release_ref, r.release_workflows});
    }
    rules.scheme = config.policy.scheme;
    rules.security_sla = config.policy.security_sla;
    rules.correlation_input = config.queue.correlation_input;
    return rules;
}

std::string ConfigError::describe() const {
    std::string out = file;
    if (line > 0) {
        out += ":" + std::to_string(line) + ":" + std::to_string(column);
    }
    return out + ": error: " + message;
}

ConfigResult parse_config(std::string_view toml_text, std::string_view source_name,
                          const std::filesystem::path& zoneinfo) {
    // toml++ 3.3.0 must not see bytes that trip its own bugs (text_check.h).
    if (auto bad = check_config_text(toml_text, source_name)) {
        return make_unexpected(std::vector<ConfigError>{std::move(*bad)});
    }
    toml::table root;
    try {
        root = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& e) {
        return make_unexpected(std::vector<ConfigError>{
            {std::string(source_name), static_cast<int>(e.source().begin.line),
             static_cast<int>(e.source().begin.column),
             std::string(e.description()) + " (the file is not valid TOML)"}});
    }

    Config config;
    config.source = std::string(source_name);
    Checker c{std::string(source_name), zoneinfo};
    c.only_keys(root, "the top level",
                {"http", "status_pages", "gate", "monitor", "github", "repos", "policy", "api",
                 "state", "queue", "report"});
    if (const auto* n = root.get("http")) {
        if (const auto* t = c.table(*n, "[http]")) {
            read_http(c, *t, config.http);
        }
    }
    if (const auto* n = root.get("status_pages")) {
        read_status_pages(c, *n, config.status_pages);
    }
    if (const auto* n = root.get("gate")) {
        if (const auto* t = c.table(*n, "[gate]")) {
            read_gate(c, *t, config.gate, config.gate_monitor_url);
        }
    }
    if (const auto* n = root.get("monitor")) {
        if (const auto* t = c.table(*n, "[monitor]")) {
            read_monitor(c, *t, config.monitor);
        }
    }
    if (const auto* n = root.get("github")) {
        if (const auto* t = c.table(*n, "[github]")) {
            read_github(c, *t, config.github);
        }
    }
    if (const auto* n = root.get("repos")) {
        read_repos(c, *n, config.repos);
    }
    if (const auto* n = root.get("policy")) {
        if (const auto* t = c.table(*n, "[policy]")) {
            config_file::read_policy(c, *t, config.policy);
        }
    }
    if (const auto* n = root.get("api")) {
        if (const auto* t = c.table(*n, "[api]")) {
            read_api(c, *t, config.api);
        }
    }
    if (const auto* n = root.get("state")) {
        if (const auto* t = c.table(*n, "[state]")) {
            config_file::read_state(c, *t, config.state);
        }
    }
    if (const auto* n = root.get("queue")) {
        if (const auto* t = c.table(*n, "[queue]")) {
            read_queue(c, *t, config.queue);
        }
    }
    if (const auto* n = root.get("report")) {
        if (const auto* t = c.table(*n, "[report]")) {
            read_report(c, *t, config.report);
        }
    }
    if (!c.ok()) {
        return make_unexpected(std::move(c).take());
    }
    return config;
}

ConfigResult load_config(const std::filesystem::path& path, const std::filesystem::path& zoneinfo,
                         std::string_view given_by) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return make_unexpected(std::vector<ConfigError>{
            {path.string(), 0, 0,
             "is a directory, not a config file; pass the .toml file itself"}});
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_unexpected(std::vector<ConfigError>{
            {path.string(), 0, 0,
             std::string("cannot read the config file: ") + std::strerror(errno) +
                 (given_by == "--config" ? std::string("; check the path given to --config")
                                         : "; check the path in " + std::string(given_by) +
                                               ", or pass the file with --config")}});
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return make_unexpected(std::vector<ConfigError>{
            {path.string(), 0, 0, "reading the config file failed part way; check the file"}});
    }
    return parse_config(text.str(), path.string(), zoneinfo);
}

}  // namespace fairweather
