#include "monitor/api.h"

#include "core/json_writer.h"
#include "exporters/weather_metrics.h"

namespace fairweather::monitor {
namespace {

constexpr Duration k_default_history = std::chrono::days{30};

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
                   hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

ServerResponse json(int status, std::string body) {
    return ServerResponse{status, "application/json", std::move(body), {}};
}

}  // namespace

std::optional<std::string> query_value(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (percent_decode(pair.substr(0, eq)) == name) {
            return eq == std::string_view::npos ? std::string()
                                                : percent_decode(pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

ServerResponse json_error(int status, const std::string& message, const std::string& field) {
    JsonWriter j;
    j.begin_object().field("error", message);
    if (!field.empty()) {
        j.field("field", field);
    }
    j.end_object();
    return json(status, j.str() + "\n");
}

Api::Api(const Monitor& monitor, prometheus::Registry& registry, Clock& clock)
    : m_monitor(monitor), m_registry(registry), m_clock(clock) {}

ServerResponse Api::handle(const ServerRequest& request) const {
    const std::string& path = request.path;
    const std::string repos_prefix = "/api/v1/repos/";
    const std::string releases_suffix = "/releases";
    const bool repo_releases = path.starts_with(repos_prefix) && path.ends_with(releases_suffix) &&
                               path.size() > repos_prefix.size() + releases_suffix.size();
    const bool known = path == "/api/v1/weather" || path == "/api/v1/history" ||
                       path == "/healthz" || path == "/readyz" || path == "/metrics" ||
                       repo_releases;
    if (!known) {
        return json_error(404,
                          "no endpoint " + path +
                              "; try /api/v1/weather, /api/v1/history, "
                              "/api/v1/repos/OWNER/NAME/releases, /healthz, /readyz or /metrics");
    }
    if (request.method != "GET" && request.method != "HEAD") {
        ServerResponse r =
            json_error(405, request.method + " is not allowed on " + path + "; use GET");
        r.headers.add("Allow", "GET, HEAD");
        return r;
    }
    if (path == "/api/v1/weather") {
        return weather();
    }
    if (path == "/api/v1/history") {
        return history(request);
    }
    if (repo_releases) {
        return releases(path.substr(repos_prefix.size(),
                                    path.size() - repos_prefix.size() - releases_suffix.size()));
    }
    if (path == "/healthz") {
        return json(200, "{\"status\":\"ok\"}\n");
    }
    if (path == "/readyz") {
        return ready();
    }
    return ServerResponse{
        200, "text/plain; version=0.0.4; charset=utf-8", serialize_metrics(m_registry), {}};
}

ServerResponse Api::weather() const {
    return json(200, render_weather_snapshot(m_monitor.snapshot(m_clock.now())));
}

ServerResponse Api::ready() const {
    const auto pending = m_monitor.pending_sources();
    JsonWriter j;
    j.begin_object().field("ready", pending.empty()).string_array("pending", pending).end_object();
    return json(pending.empty() ? 200 : 503, j.str() + "\n");
}

ServerResponse Api::releases(const std::string& repo) const {
    const auto* settings = m_monitor.config().repo(repo);
    if (settings == nullptr) {
        std::string watched;
        for (const auto& r : m_monitor.config().repos) {
            watched += (watched.empty() ? "" : ", ") + r.name;
        }
        return json_error(404,
                          "repository " + repo + " is not watched by this monitor; watched: " +
                              (watched.empty() ? "none (add [[repos]] to its config)" : watched),
                          "repo");
    }
    const auto records = m_monitor.releases(settings->name);
    if (!records) {
        return json_error(500, "could not read the releases: " + records.error().message);
    }
    JsonWriter j(2);
    j.begin_object();
    j.field("repo", settings->name);
    j.key("releases").begin_array();
    for (const auto& r : *records) {
        j.begin_object();
        j.field("id", r.id);
        j.field("tag", r.tag);
        j.field("name", r.name);
        j.field("url", r.url);
        j.field("draft", r.draft);
        j.field("prerelease", r.prerelease);
        j.key("created_at");
        r.created_at ? j.value(format_timestamp(*r.created_at)) : j.null();
        j.key("published_at");
        r.published_at ? j.value(format_timestamp(*r.published_at)) : j.null();
        j.end_object();
    }
    j.end_array();
    j.end_object();
    return json(200, j.str() + "\n");
}

ServerResponse Api::history(const ServerRequest& request) const {
    const TimePoint now = m_clock.now();
    TimePoint since = now - k_default_history;
    if (const auto value = query_value(request.query, "since")) {
        const auto t = parse_timestamp(*value);
        const auto d = t ? std::nullopt : parse_date(*value);
        if (!t && !d) {
            return json_error(400,
                              "since \"" + *value +
                                  "\" is not a date or timestamp; write YYYY-MM-DD or "
                                  "2026-11-20T14:00:00Z",
                              "since");
        }
        since = t ? *t : *d;
    }
    const auto transitions = m_monitor.history(since);
    if (!transitions) {
        return json_error(500, "could not read the history: " + transitions.error().message);
    }
    JsonWriter j(2);
    j.begin_object();
    j.field("since", format_timestamp(since));
    j.key("transitions").begin_array();
    for (const auto& t : *transitions) {
        j.begin_object();
        j.field("at", format_timestamp(t.at));
        j.field("from", to_string(t.from));
        j.field("to", to_string(t.to));
        j.field("cause", t.cause);
        j.end_object();
    }
    j.end_array();
    j.end_object();
    return json(200, j.str() + "\n");
}

}  // namespace fairweather::monitor
