#include "config/config.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <toml++/toml.h>

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
    explicit Checker(std::string file) : m_file(std::move(file)) {}

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

void read_gate(Checker& c, const toml::table& t, GatePolicy& gate) {
    c.only_keys(t, "[gate]",
                {"regular", "patch", "security", "wait_interval", "wait_max_interval"});
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
    c.only_keys(t, "[monitor]", {"poll_interval", "listen"});
    if (const auto* n = t.get("poll_interval")) {
        if (auto d = c.duration(*n, "[monitor] poll_interval")) {
            if (*d < std::chrono::seconds{5}) {
                c.error(*n,
                        "[monitor] poll_interval must be at least 5s; status pages update "
                        "about once a minute");
            } else {
                monitor.poll_interval = *d;
            }
        }
    }
    if (const auto* n = t.get("listen")) {
        if (auto s = c.string(*n, "[monitor] listen")) {
            if (s->find(':') == std::string::npos) {
                c.error(*n, "[monitor] listen must be HOST:PORT, e.g. \"127.0.0.1:9464\"");
            } else {
                monitor.listen = *s;
            }
        }
    }
}

}  // namespace

std::string ConfigError::describe() const {
    std::string out = file;
    if (line > 0) {
        out += ":" + std::to_string(line) + ":" + std::to_string(column);
    }
    return out + ": error: " + message;
}

ConfigResult parse_config(std::string_view toml_text, std::string_view source_name) {
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
    Checker c{std::string(source_name)};
    c.only_keys(root, "the top level", {"http", "status_pages", "gate", "monitor"});
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
            read_gate(c, *t, config.gate);
        }
    }
    if (const auto* n = root.get("monitor")) {
        if (const auto* t = c.table(*n, "[monitor]")) {
            read_monitor(c, *t, config.monitor);
        }
    }
    if (!c.ok()) {
        return make_unexpected(std::move(c).take());
    }
    return config;
}

ConfigResult load_config(const std::filesystem::path& path) {
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
    return parse_config(text.str(), path.string());
}

}  // namespace fairweather
