#include "config/config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "core/util/text.h"

namespace fairweather {
namespace {

// Levenshtein distance, for "did you mean" hints on misspelt keys.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string quoted_list(const std::vector<std::string_view>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        out += i == 0 ? "" : (i + 1 == words.size() ? " or " : ", ");
        out += "\"" + std::string(words[i]) + "\"";
    }
    return out;
}

// Collects problems while walking the TOML tree.
class Checker {
  public:
    Checker(std::string file, std::filesystem::path zoneinfo)
        : zoneinfo(std::move(zoneinfo)), m_file(std::move(file)) {}

    // Where [policy] time_zone names are looked up.
    const std::filesystem::path zoneinfo;

    void error(const toml::source_region& where, std::string message) {
        m_errors.push_back({m_file, static_cast<int>(where.begin.line),
                            static_cast<int>(where.begin.column), std::move(message)});
    }
    void error(const toml::node& node, std::string message) {
        error(node.source(), std::move(message));
    }

    std::vector<ConfigError> take() && {
        std::stable_sort(m_errors.begin(), m_errors.end(), [](const auto& a, const auto& b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
        });
        return std::move(m_errors);
    }
    bool ok() const { return m_errors.empty(); }

    // Reports keys of `table` that are not in `known`, with a suggestion.
    void only_keys(const toml::table& table, std::string_view where,
                   const std::vector<std::string_view>& known) {
        for (const auto& [key, value] : table) {
            const std::string_view name = key.str();
            if (std::find(known.begin(), known.end(), name) != known.end()) {
                continue;
            }
            std::string message =
                "unknown key \"" + std::string(name) + "\" in " + std::string(where);
            std::string_view best;
            std::size_t best_distance = 3;
            for (const auto k : known) {
                const auto d = edit_distance(name, k);
                if (d < best_distance) {
                    best = k;
                    best_distance = d;
                }
            }
            if (!best.empty()) {
                message += "; did you mean \"" + std::string(best) + "\"?";
            } else {
                message += "; known keys: " + quoted_list(known);
            }
            error(key.source().begin.line != 0 ? key.source() : value.source(), std::move(message));
        }
    }

    std::optional<std::string> string(const toml::node& node, std::string_view what) {
        if (const auto* s = node.as_string()) {
            return s->get();
        }
        error(node, std::string(what) + " must be a string");
        return std::nullopt;
    }

    std::optional<Duration> duration(const toml::node& node, std::string_view what) {
        const auto text = string(node, what);
        if (!text) {
            return std::nullopt;
        }
        auto parsed = parse_duration(*text);
        if (!parsed) {
            error(node, std::string(what) + ": " + parsed.error());
            return std::nullopt;
        }
        return *parsed;
    }

    // Reads t[key] as a duration of at least `min` into `target`, if present.
    void read_duration(const toml::table& t, std::string_view key, std::string_view section,
                       Duration& target, Duration min = Duration{0}) {
        const auto* n = t.get(key);
        if (n == nullptr) {
            return;
        }
        const std::string what = std::string(section) + " " + std::string(key);
        if (auto d = duration(*n, what)) {
            if (*d < min) {
                error(*n, what + " must be at least " + format_duration(min));
            } else {
                target = *d;
            }
        }
    }

    // Reads t[key] as a whole number in [min, max] into `target`, if present.
    void read_int(const toml::table& t, std::string_view key, std::string_view section, int& target,
                  int min, int max) {
        const auto* n = t.get(key);
        if (n == nullptr) {
            return;
        }
        const std::string what = std::string(section) + " " + std::string(key);
        if (auto v = integer(*n, what)) {
            if (*v < min || *v > max) {
                error(*n, what + " must be between " + std::to_string(min) + " and " +
                              std::to_string(max));
            } else {
                target = static_cast<int>(*v);
            }
        }
    }

    std::optional<Weather> weather(const toml::node& node, std::string_view what) {
        const auto text = string(node, what);
        if (!text) {
            return std::nullopt;
        }
        if (auto w = parse_weather(*text)) {
            return w;
        }
        error(node, std::string(what) + ": \"" + *text + "\" is not a weather; use " +
                        quoted_list({"fair", "degraded", "outage", "unknown"}));
        return std::nullopt;
    }

    std::optional<Decision> decision(const toml::node& node, std::string_view what) {
        const auto text = string(node, what);
        if (!text) {
            return std::nullopt;
        }
        if (auto d = parse_decision(*text)) {
            return d;
        }
        error(node, std::string(what) + ": \"" + *text + "\" is not a decision; use " +
                        quoted_list({"proceed", "defer", "block"}));
        return std::nullopt;
    }

    std::optional<std::int64_t> integer(const toml::node& node, std::string_view what) {
        if (const auto* i = node.as_integer()) {
            return i->get();
        }
        error(node, std::string(what) + " must be a whole number");
        return std::nullopt;
    }

    const toml::table* table(const toml::node& node, std::string_view what) {
        if (const auto* t = node.as_table()) {
            return t;
        }
        error(node, std::string(what) + " must be a table");
        return nullptr;
    }

  private:
    std::string m_file;
    std::vector<ConfigError> m_errors;
};

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
                    {"name", "url", "components", "status_weather", "incident_weather"});
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
        } else if (!is_github_status(page.url)) {
            page.components.clear();  // another Statuspage: watch all of it
        }
        if (const auto* n = t.get("status_weather")) {
            read_weather_map(c, *n, "status_weather", page.status_weather);
        }
        if (const auto* n = t.get("incident_weather")) {
            read_weather_map(c, *n, "incident_weather", page.incident_weather);
        }
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
                 "listen", "state_dir"});
    // 1s is allowed for tests against local fakes; real status pages update
    // about once a minute, so the default is 30s.
    c.read_duration(t, "poll_interval", "[monitor]", monitor.poll_interval,
                    std::chrono::seconds{1});
    c.read_duration(t, "recovery_window", "[monitor]", monitor.recovery_window);
    c.read_duration(t, "stale_after", "[monitor]", monitor.stale_after, std::chrono::seconds{1});
    c.read_duration(t, "max_backoff", "[monitor]", monitor.max_backoff, std::chrono::seconds{1});
    c.read_duration(t, "retention", "[monitor]", monitor.retention, std::chrono::hours{1});
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
    c.only_keys(t, "[github]", {"api_url", "token_file"});
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
}

// GitHub's rules: owner 1-39 of [A-Za-z0-9-] not starting with '-'; name 1-100
// of [A-Za-z0-9._-], not "." or "..".
std::vector<std::string> read_string_list(Checker& c, const toml::node& node,
                                          std::string_view what) {
    std::vector<std::string> out;
    const auto* array = node.as_array();
    if (array == nullptr) {
        c.error(node, std::string(what) + " must be an array of strings, e.g. [\"ci.yml\"]");
        return out;
    }
    for (const auto& item : *array) {
        if (auto s = c.string(item, what)) {
            out.push_back(*s);
        }
    }
    return out;
}

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
        c.only_keys(
            t, section,
            {"name", "workflows", "release_workflow", "release_ref", "queued_too_long", "window",
             "stuck_runs_degraded", "stuck_runs_outage", "queue_p90_degraded", "queue_p90_outage",
             "startup_failures_degraded", "startup_failures_outage", "releases_interval"});
        github::RepoSettings repo;
        if (const auto* n = t.get("name")) {
            if (auto s = c.string(*n, "[[repos]] name")) {
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
            repo.workflows = read_string_list(c, *n, "[[repos]] workflows");
        }
        if (const auto* n = t.get("release_workflow")) {
            repo.release_workflow = c.string(*n, "[[repos]] release_workflow").value_or("");
        }
        if (const auto* n = t.get("release_ref")) {
            repo.release_ref = c.string(*n, "[[repos]] release_ref").value_or("");
        }
        c.read_duration(t, "queued_too_long", section, repo.queued_too_long,
                        std::chrono::minutes{1});
        c.read_duration(t, "window", section, repo.window, std::chrono::minutes{5});
        c.read_duration(t, "queue_p90_degraded", section, repo.queue_p90_degraded);
        c.read_duration(t, "queue_p90_outage", section, repo.queue_p90_outage);
        c.read_duration(t, "releases_interval", section, repo.releases_interval,
                        std::chrono::minutes{1});
        c.read_int(t, "stuck_runs_degraded", section, repo.stuck_runs_degraded, 0, 1000);
        c.read_int(t, "stuck_runs_outage", section, repo.stuck_runs_outage, 0, 1000);
        c.read_int(t, "startup_failures_degraded", section, repo.startup_failures_degraded, 0,
                   1000);
        c.read_int(t, "startup_failures_outage", section, repo.startup_failures_outage, 0, 1000);
        out.push_back(std::move(repo));
    }
}

// A date written as "YYYY-MM-DD" or as a TOML date (2022-09-20, unquoted).
std::optional<Date> read_date(Checker& c, const toml::node& node, const std::string& what) {
    if (const auto* d = node.as_date()) {
        const toml::date v = d->get();
        const Date date{std::chrono::year{v.year}, std::chrono::month{v.month},
                        std::chrono::day{v.day}};
        if (date.ok()) {
            return date;
        }
    } else if (const auto* s = node.as_string()) {
        if (auto date = parse_calendar_date(s->get())) {
            return date;
        }
    }
    c.error(node, what + " must be a date, e.g. \"2026-11-20\" or 2026-11-20");
    return std::nullopt;
}

std::optional<Version> read_version(Checker& c, const toml::node& node, const std::string& what,
                                    VersionScheme scheme) {
    const auto text = c.string(node, what);
    if (!text) {
        return std::nullopt;
    }
    auto v = parse_version(*text, scheme);
    if (!v) {
        c.error(node, what + ": " + v.error().describe() + "; [policy] scheme is \"" +
                          std::string(to_string(scheme)) + "\"");
        return std::nullopt;
    }
    return *v;
}

// "MM-DD" as a month and day that exist in some year (02-29 allowed).
std::optional<std::chrono::month_day> read_month_day(std::string_view text) {
    if (text.size() != 5 || text[2] != '-') {
        return std::nullopt;
    }
    const auto date = parse_calendar_date("2000-" + std::string(text));  // 2000 is a leap year
    if (!date) {
        return std::nullopt;
    }
    return std::chrono::month_day{date->month(), date->day()};
}

void read_freezes(Checker& c, const toml::node& node, std::vector<FreezeWindow>& out) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        c.error(
            node,
            "[policy] freeze must be an array of tables: write each window as [[policy.freeze]]");
        return;
    }
    for (const auto& item : *array) {
        const auto& t = *item.as_table();
        c.only_keys(t, "[[policy.freeze]]", {"from", "to", "every", "reason"});
        FreezeWindow f;
        if (const auto* n = t.get("reason")) {
            f.reason = c.string(*n, "[[policy.freeze]] reason").value_or("");
        }
        if (const auto* n = t.get("every")) {
            const auto text = c.string(*n, "[[policy.freeze]] every");
            const auto dots = text ? text->find("..") : std::string::npos;
            const auto a =
                dots == std::string::npos ? std::nullopt : read_month_day(text->substr(0, dots));
            const auto b =
                dots == std::string::npos ? std::nullopt : read_month_day(text->substr(dots + 2));
            if (text && (!a || !b)) {
                c.error(*n, "[[policy.freeze]] every \"" + *text +
                                "\" is not MM-DD..MM-DD; e.g. every = \"12-20..01-05\" (it may "
                                "wrap the year end)");
            }
            f.every_from = a;
            f.every_to = b;
        } else if (t.get("from") != nullptr && t.get("to") != nullptr) {
            f.from = read_date(c, *t.get("from"), "[[policy.freeze]] from");
            f.to = read_date(c, *t.get("to"), "[[policy.freeze]] to");
            if (f.from && f.to && std::chrono::sys_days{*f.to} < std::chrono::sys_days{*f.from}) {
                c.error(*t.get("to"), "[[policy.freeze]] to (" + format_date(*f.to) +
                                          ") is before from (" + format_date(*f.from) + ")");
            }
        } else {
            c.error(t, "[[policy.freeze]] needs from and to dates, or every = \"MM-DD..MM-DD\"");
        }
        out.push_back(std::move(f));
    }
}

void read_policy(Checker& c, const toml::table& t, ReleasePolicy& p) {
    c.only_keys(t, "[policy]",
                {"scheme",
                 "regular",
                 "time_zone",
                 "cadence",
                 "day",
                 "weekend",
                 "every",
                 "anchor",
                 "branch_cut_day",
                 "branch_cut_before",
                 "support_months",
                 "support_releases",
                 "lts_every_major",
                 "lts_every_months",
                 "lts_anchor",
                 "lts_versions",
                 "lts_support_months",
                 "security_sla",
                 "maintenance_lookahead",
                 "freeze",
                 "releases",
                 "overrides"});
    p.configured = true;
    if (const auto* n = t.get("scheme")) {
        if (auto s = c.string(*n, "[policy] scheme")) {
            if (auto scheme = parse_version_scheme(*s)) {
                p.scheme = *scheme;
            } else {
                c.error(*n, "[policy] scheme \"" + *s +
                                "\" is unknown; use \"semver\", \"major.point\" or \"pep440\"");
            }
        }
    }
    if (const auto* n = t.get("regular")) {
        if (auto s = c.string(*n, "[policy] regular")) {
            if (*s == "major") {
                p.regular_component = 0;
            } else if (*s == "minor" && p.scheme != VersionScheme::major_point) {
                p.regular_component = 1;
            } else {
                c.error(*n, "[policy] regular \"" + *s +
                                "\" must be \"major\" or (except for major.point) \"minor\": "
                                "the part a regular release increments");
            }
        }
    }
    if (const auto* n = t.get("time_zone")) {
        if (auto s = c.string(*n, "[policy] time_zone")) {
            if (auto zone = TimeZone::load(*s, c.zoneinfo)) {
                p.time_zone = *zone;
            } else {
                c.error(*n, "[policy] time_zone: " + zone.error());
            }
        }
    }
    if (const auto* n = t.get("cadence")) {
        if (auto s = c.string(*n, "[policy] cadence")) {
            if (*s == "monthly") {
                p.cadence = Cadence::monthly;
            } else if (*s == "every") {
                p.cadence = Cadence::every;
            } else if (*s == "on_demand") {
                p.cadence = Cadence::on_demand;
            } else {
                c.error(*n, "[policy] cadence \"" + *s +
                                "\" is unknown; use \"monthly\" (with day), "
                                "\"every\" (with every = \"6w\") or \"on_demand\"");
            }
        }
    }
    if (const auto* n = t.get("day")) {
        if (auto v = c.integer(*n, "[policy] day")) {
            if (*v < 1 || *v > 31) {
                c.error(*n, "[policy] day " + std::to_string(*v) +
                                " is not a day of the month; use 1 to 31 (months without it use "
                                "their last day)");
            } else {
                p.day = static_cast<unsigned>(*v);
            }
        }
    } else if (p.cadence == Cadence::monthly) {
        c.error(t,
                "[policy] cadence \"monthly\" needs day, the day of the month releases are made "
                "(e.g. day = 20)");
    }
    if (const auto* n = t.get("weekend")) {
        if (auto s = c.string(*n, "[policy] weekend")) {
            if (*s == "none") {
                p.weekend = WeekendRule::none;
            } else if (*s == "next monday") {
                p.weekend = WeekendRule::next_monday;
            } else if (*s == "previous friday") {
                p.weekend = WeekendRule::previous_friday;
            } else {
                c.error(*n,
                        "[policy] weekend \"" + *s +
                            "\" is unknown; use \"next monday\", \"previous friday\" or \"none\"");
            }
        }
    }
    if (const auto* n = t.get("every")) {
        if (auto d = c.duration(*n, "[policy] every")) {
            const auto weeks = std::chrono::duration_cast<std::chrono::weeks>(*d);
            if (weeks.count() < 1 || Duration{weeks} != *d) {
                c.error(*n, "[policy] every must be a whole number of weeks, e.g. \"6w\"");
            } else {
                p.every_weeks = static_cast<int>(weeks.count());
            }
        }
    } else if (p.cadence == Cadence::every) {
        c.error(t,
                "[policy] cadence \"every\" needs every, the period between releases (e.g. every = "
                "\"6w\")");
    }
    if (const auto* n = t.get("anchor")) {
        if (const auto* a = c.table(*n, "[policy] anchor")) {
            c.only_keys(*a, "[policy] anchor", {"version", "date"});
            if (const auto* v = a->get("version")) {
                p.anchor_version = read_version(c, *v, "[policy] anchor version", p.scheme);
            }
            if (const auto* d = a->get("date")) {
                p.anchor_date = read_date(c, *d, "[policy] anchor date");
            }
            if (a->get("version") == nullptr || a->get("date") == nullptr) {
                c.error(*n,
                        "[policy] anchor needs version and date, e.g. anchor = { version = "
                        "\"1.0.0\", date = \"2022-09-20\" }");
            }
            if (p.anchor_version && !p.is_regular(*p.anchor_version)) {
                c.error(*a->get("version"),
                        "[policy] anchor version " + p.anchor_version->text() +
                            " is not a regular release (it must be one the schedule makes)");
            }
        }
    } else if (p.cadence != Cadence::on_demand) {
        c.error(t, "[policy] cadence \"" + std::string(to_string(p.cadence)) +
                       "\" needs an anchor, a release on the schedule, e.g. anchor = { version = "
                       "\"1.0.0\", date = \"2022-09-20\" }");
    }
    int branch_cut_day = 0;
    c.read_int(t, "branch_cut_day", "[policy]", branch_cut_day, 1, 31);
    if (branch_cut_day > 0) {
        p.branch_cut_day = static_cast<unsigned>(branch_cut_day);
    }
    if (const auto* n = t.get("branch_cut_before")) {
        if (auto d = c.duration(*n, "[policy] branch_cut_before")) {
            const auto whole = std::chrono::duration_cast<std::chrono::days>(*d);
            if (Duration{whole} != *d) {
                c.error(*n, "[policy] branch_cut_before must be whole days, e.g. \"15d\"");
            } else {
                p.branch_cut_days_before = static_cast<int>(whole.count());
            }
        }
    }
    c.read_int(t, "support_months", "[policy]", p.support_months, 0, 240);
    c.read_int(t, "support_releases", "[policy]", p.support_releases, 0, 100);
    if (p.support_months > 0 && p.support_releases > 0) {
        c.error(t, "[policy] give support_months or support_releases, not both");
    }
    c.read_int(t, "lts_every_major", "[policy]", p.lts_every_major, 0, 1000);
    c.read_int(t, "lts_every_months", "[policy]", p.lts_every_months, 0, 240);
    c.read_int(t, "lts_support_months", "[policy]", p.lts_support_months, 0, 240);
    if (const auto* n = t.get("lts_anchor")) {
        if (auto v = read_version(c, *n, "[policy] lts_anchor", p.scheme)) {
            p.lts_anchor = v->text();
        }
    } else if (p.lts_every_months > 0) {
        c.error(t,
                "[policy] lts_every_months needs lts_anchor, the first LTS release (e.g. "
                "lts_anchor = \"28.0\")");
    }
    if (const auto* n = t.get("lts_versions")) {
        for (const auto& text : read_string_list(c, *n, "[policy] lts_versions")) {
            if (auto v = parse_version(text, p.scheme)) {
                p.lts_versions.push_back(v->text());
            } else {
                c.error(*n, "[policy] lts_versions: " + v.error().describe());
            }
        }
    }
    c.read_duration(t, "security_sla", "[policy]", p.security_sla, std::chrono::hours{1});
    c.read_duration(t, "maintenance_lookahead", "[policy]", p.maintenance_lookahead);
    if (const auto* n = t.get("freeze")) {
        read_freezes(c, *n, p.freezes);
    }
    if (const auto* n = t.get("releases")) {
        const auto* array = n->as_array();
        if (array == nullptr || !array->is_array_of_tables()) {
            c.error(
                *n,
                "[policy] releases must be an array of tables: write each as [[policy.releases]]");
        } else {
            for (const auto& item : *array) {
                const auto& r = *item.as_table();
                c.only_keys(r, "[[policy.releases]]", {"version", "date"});
                const auto* v = r.get("version");
                const auto* d = r.get("date");
                if (v == nullptr || d == nullptr) {
                    c.error(r, "[[policy.releases]] needs version and date");
                    continue;
                }
                auto version = read_version(c, *v, "[[policy.releases]] version", p.scheme);
                auto date = read_date(c, *d, "[[policy.releases]] date");
                if (version && date) {
                    p.releases.push_back(KnownRelease{*version, *date, "config"});
                }
            }
        }
    }
    if (const auto* n = t.get("overrides")) {
        const auto* array = n->as_array();
        if (array == nullptr || !array->is_array_of_tables()) {
            c.error(*n,
                    "[policy] overrides must be an array of tables: write each as "
                    "[[policy.overrides]]");
        } else {
            for (const auto& item : *array) {
                const auto& o = *item.as_table();
                c.only_keys(o, "[[policy.overrides]]", {"version", "released_on", "eol", "lts"});
                VersionOverride ov;
                if (const auto* v = o.get("version")) {
                    if (auto version =
                            read_version(c, *v, "[[policy.overrides]] version", p.scheme)) {
                        ov.version = version->text();
                    }
                } else {
                    c.error(o, "[[policy.overrides]] needs the version it is about");
                }
                if (const auto* d = o.get("released_on")) {
                    ov.released_on = read_date(c, *d, "[[policy.overrides]] released_on");
                }
                if (const auto* d = o.get("eol")) {
                    ov.eol = read_date(c, *d, "[[policy.overrides]] eol");
                }
                if (const auto* l = o.get("lts")) {
                    if (const auto* b = l->as_boolean()) {
                        ov.lts = b->get();
                    } else {
                        c.error(*l, "[[policy.overrides]] lts must be true or false");
                    }
                }
                p.overrides.push_back(std::move(ov));
            }
        }
    }
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
        rules.targets.push_back(QueueTarget{r.name, r.release_workflow, r.release_ref});
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
                 "queue", "report"});
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
            read_policy(c, *t, config.policy);
        }
    }
    if (const auto* n = root.get("api")) {
        if (const auto* t = c.table(*n, "[api]")) {
            read_api(c, *t, config.api);
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

ConfigResult load_config(const std::filesystem::path& path, const std::filesystem::path& zoneinfo) {
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
                 "; check the path given to --config"}});
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
