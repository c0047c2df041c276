#include "monitor/api.h"

#include <algorithm>
#include <cstdlib>

#include "core/api/decisions_json.h"
#include "core/api/history_json.h"
#include "core/api/queue_json.h"
#include "core/json/writer.h"
#include "core/util/build_info.h"
#include "core/util/text.h"
#include "exporters/process_metrics.h"
#include "exporters/weather_metrics.h"
#include "monitor/http_wire.h"

namespace fairweather::monitor {
namespace {

constexpr Duration k_default_history = std::chrono::days{30};
// Request bodies of the API itself are small (a queue request, a decision).
constexpr std::size_t k_max_api_body = 64 * 1024;
constexpr std::string_view k_webhook_path = "/api/v1/webhooks/github";

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && wire::hex_value(s[i + 1]) >= 0 &&
                   wire::hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(wire::hex_value(s[i + 1]) * 16 + wire::hex_value(s[i + 2]));
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

Api::Api(Monitor& monitor, Recorder& recorder, QueueService& queue, metrics::Registry& registry,
         Clock& clock, Secret api_token, WebhookReceiver* webhooks)
    : m_monitor(monitor),
      m_recorder(recorder),
      m_queue(queue),
      m_registry(registry),
      m_clock(clock),
      m_api_token(std::move(api_token)),
      m_webhooks(webhooks) {}

std::size_t Api::max_body_bytes() const {
    return m_webhooks != nullptr ? std::max(k_max_api_body, m_webhooks->limits().max_body_bytes)
                                 : k_max_api_body;
}

ServerResponse Api::handle(const ServerRequest& request) const {
    const std::string& path = request.path;
    if (path == "/api/v1/releases" || path.starts_with("/api/v1/releases/")) {
        return queue(request);
    }
    if (path == "/api/v1/decisions") {
        return decisions(request);
    }
    if (path == k_webhook_path) {
        return webhook(request);
    }
    const std::string repos_prefix = "/api/v1/repos/";
    const std::string releases_suffix = "/releases";
    const bool repo_releases = path.starts_with(repos_prefix) && path.ends_with(releases_suffix) &&
                               path.size() > repos_prefix.size() + releases_suffix.size();
    const bool known = path == "/" || path == "/api/v1/weather" || path == "/api/v1/history" ||
                       path == "/api/v1/incidents" || path == "/healthz" || path == "/readyz" ||
                       path == "/metrics" || repo_releases;
    if (!known) {
        return json_error(
            404, "no endpoint " + path +
                     "; try /api/v1/weather, /api/v1/history, "
                     "/api/v1/repos/OWNER/NAME/releases, /api/v1/releases, /healthz, /readyz or "
                     "/metrics");
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
    if (path == "/api/v1/incidents") {
        return incidents(request);
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
    if (path == "/") {
        return landing_page();
    }
    return ServerResponse{200, "text/plain; version=0.0.4; charset=utf-8", metrics_text(), {}};
}

std::string Api::metrics_text() const {
    std::string text;
    // The last exposition's size, so the text is written into one buffer.
    text.reserve(m_metrics_size.load(std::memory_order_relaxed) + 4096);
    m_registry.render(text);
    text += render_process_metrics();
    m_metrics_size.store(text.size(), std::memory_order_relaxed);
    return text;
}

std::optional<ServerResponse> Api::admit(const ServerRequest& head) const {
    // The listener has already refused anything over max_body_bytes().
    const auto length = head.headers.get("Content-Length");
    const std::size_t bytes = length ? std::strtoull(length->c_str(), nullptr, 10) : 0;
    if (head.path == k_webhook_path) {
        // GitHub cannot send the bearer token: the signature, checked once
        // the body is in, is the webhook's authentication.
        if (m_webhooks != nullptr && head.method == "POST") {
            if (auto refused = m_webhooks->refuse_size(bytes)) {
                return json(refused->status, std::move(refused->body));
            }
        }
        return std::nullopt;
    }
    if (bytes > k_max_api_body) {
        return json_error(413,
                          "request body larger than " + std::to_string(k_max_api_body) + " bytes");
    }
    const bool changes = (head.method == "POST" &&
                          (head.path == "/api/v1/releases" || head.path == "/api/v1/decisions")) ||
                         (head.method == "DELETE" && head.path.starts_with("/api/v1/releases/"));
    return changes ? refuse_unauthorised(head) : std::nullopt;
}

std::optional<ServerResponse> Api::refuse_unauthorised(const ServerRequest& request) const {
    if (m_api_token.empty()) {
        // No token can be right: the change itself is off, not the caller's credentials.
        return json_error(
            403,
            "this monitor has no API token, so it accepts no changes; set [api] token_file or "
            "$FAIRWEATHER_API_TOKEN on the monitor");
    }
    // RFC 9110: the scheme is case-insensitive ("bearer" is "Bearer").
    const auto header = request.headers.get("Authorization");
    const std::string_view value = header ? std::string_view(*header) : std::string_view();
    const auto space = value.find(' ');
    const bool bearer =
        space != std::string_view::npos && iequals(value.substr(0, space), "Bearer");
    if (!bearer || !m_api_token.matches(trim(value.substr(space + 1)))) {
        ServerResponse r =
            json_error(401,
                       "missing or wrong bearer token; send Authorization: Bearer <token> "
                       "with the monitor's API token ($FAIRWEATHER_API_TOKEN for the gate)");
        r.headers.add("WWW-Authenticate", "Bearer");
        return r;
    }
    return std::nullopt;
}

ServerResponse Api::queue(const ServerRequest& request) const {
    const std::string prefix = "/api/v1/releases/";
    const std::string id = request.path.size() > prefix.size() && request.path.starts_with(prefix)
                               ? request.path.substr(prefix.size())
                               : std::string();
    const auto problem = [](const QueueError& e) {
        switch (e.problem) {
            case QueueProblem::invalid:
                return json_error(400, e.message, e.field);
            case QueueProblem::forbidden:
                return json_error(403, e.message, e.field);
            case QueueProblem::not_found:
                return json_error(404, e.message, e.field);
            case QueueProblem::conflict:
                return json_error(409, e.message, e.field);
            case QueueProblem::unavailable:
                break;
        }
        return json_error(503, e.message);
    };
    const auto allow = [&](const char* methods) {
        ServerResponse r = json_error(405, request.method + " is not allowed on " + request.path);
        r.headers.add("Allow", methods);
        return r;
    };
    if (id.empty() && request.path != "/api/v1/releases") {
        return json_error(404, "no endpoint " + request.path);
    }
    if (id.empty()) {
        if (request.method == "GET" || request.method == "HEAD") {
            const auto listing = m_queue.items(m_clock.now());
            return listing ? json(200, render_queue_items(listing->items, listing->unreadable))
                           : problem(listing.error());
        }
        if (request.method != "POST") {
            return allow("GET, HEAD, POST");
        }
        if (auto refused = refuse_unauthorised(request)) {
            return *refused;
        }
        const auto parsed = parse_enqueue_request(request.body);
        if (!parsed) {
            return json_error(400, parsed.error().message, parsed.error().path);
        }
        const auto stored = m_queue.enqueue(*parsed, m_clock.now());
        if (!stored) {
            return problem(stored.error());
        }
        return json(stored->second ? 201 : 200, render_queue_item(stored->first, true));
    }
    if (request.method == "GET" || request.method == "HEAD") {
        const auto item = m_queue.item(id, m_clock.now());
        return item ? json(200, render_queue_item(*item, true)) : problem(item.error());
    }
    if (request.method != "DELETE") {
        return allow("GET, HEAD, DELETE");
    }
    if (auto refused = refuse_unauthorised(request)) {
        return *refused;
    }
    const auto by = query_value(request.query, "by");
    const auto cancelled = m_queue.cancel(id, by.value_or(""), m_clock.now());
    return cancelled ? json(200, render_queue_item(*cancelled, true)) : problem(cancelled.error());
}

ServerResponse Api::webhook(const ServerRequest& request) const {
    if (m_webhooks == nullptr) {
        return json_error(404,
                          "webhooks are off on this monitor; set [github] webhook_secret_file to "
                          "a file holding the webhook's secret to turn them on");
    }
    if (request.method != "POST") {
        ServerResponse r = json_error(405, request.method + " is not allowed on " + request.path +
                                               "; GitHub delivers with POST");
        r.headers.add("Allow", "POST");
        return r;
    }
    auto answer = m_webhooks->handle(request.headers, request.body, m_clock.now());
    return json(answer.status, std::move(answer.body));
}

ServerResponse Api::weather() const {
    return json(200, render_weather_snapshot(m_monitor.snapshot(m_clock.now())));
}

// Ready once every source has answered and while the store takes writes: a
// monitor that cannot keep what it accepts must not get traffic.
ServerResponse Api::ready() const {
    const auto pending = m_monitor.pending_sources();
    const auto store = m_recorder.store_health();
    const bool ready = pending.empty() && store.has_value();
    JsonWriter j;
    j.begin_object().field("ready", ready).string_array("pending", pending);
    if (!store) {
        j.field("store_error", store.error().message);
    }
    j.end_object();
    return json(ready ? 200 : 503, j.str() + "\n");
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
    const auto records = m_recorder.releases(settings->name);
    if (!records) {
        return json_error(500, "could not read the releases: " + records.error().message);
    }
    return json(200, render_releases_answer(settings->name, *records));
}

Expected<TimePoint, ServerResponse> Api::since_of(const ServerRequest& request) const {
    const auto value = query_value(request.query, "since");
    if (!value) {
        return m_clock.now() - k_default_history;
    }
    if (const auto t = parse_timestamp(*value)) {
        return *t;
    }
    if (const auto d = parse_date(*value)) {
        return *d;
    }
    return make_unexpected(
        json_error(400,
                   "since \"" + *value +
                       "\" is not a date or timestamp; write YYYY-MM-DD or 2026-11-20T14:00:00Z",
                   "since"));
}

ServerResponse Api::incidents(const ServerRequest& request) const {
    const auto since = since_of(request);
    if (!since) {
        return since.error();
    }
    const auto records = m_recorder.incidents(*since);
    if (!records) {
        return json_error(500, "could not read the incidents: " + records.error().message);
    }
    return json(200, render_incidents_answer(*since, *records));
}

ServerResponse Api::decisions(const ServerRequest& request) const {
    if (request.method == "GET" || request.method == "HEAD") {
        const auto since = since_of(request);
        if (!since) {
            return since.error();
        }
        const auto records =
            m_recorder.decisions(query_value(request.query, "repo").value_or(""), *since);
        if (!records) {
            return json_error(500, "could not read the decisions: " + records.error().message);
        }
        return json(200, render_decisions(*records));
    }
    if (request.method != "POST") {
        ServerResponse r = json_error(405, request.method + " is not allowed on " + request.path);
        r.headers.add("Allow", "GET, HEAD, POST");
        return r;
    }
    if (auto refused = refuse_unauthorised(request)) {
        return *refused;
    }
    auto decision = parse_decision_body(request.body);
    if (!decision) {
        return json_error(400, decision.error().message, decision.error().path);
    }
    decision->at = m_clock.now();
    if (auto recorded = m_recorder.record_decision(*decision, m_clock.now()); !recorded) {
        return json_error(503, recorded.error());
    }
    return json(201, "{\"recorded\":true}\n");
}

ServerResponse Api::history(const ServerRequest& request) const {
    const auto since_or = since_of(request);
    if (!since_or) {
        return since_or.error();
    }
    const TimePoint since = *since_or;
    const auto transitions = m_recorder.history(since);
    if (!transitions) {
        return json_error(500, "could not read the history: " + transitions.error().message);
    }
    return json(200, render_history_answer(since, *transitions));
}

// A small page for a human who opens the monitor's address in a browser.
ServerResponse Api::landing_page() const {
    std::string body =
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>fairweather-monitor</title>"
        "</head>\n<body>\n<h1>fairweather-monitor " +
        std::string(version()) + "</h1>\n<p>CI weather: <b>" +
        std::string(to_string(m_monitor.snapshot(m_clock.now()).weather)) + "</b></p>\n<ul>\n";
    for (const auto& [href, what] : std::initializer_list<std::pair<const char*, const char*>>{
             {"/api/v1/weather", "the verdict and every source (JSON)"},
             {"/metrics", "Prometheus metrics"},
             {"/api/v1/history", "weather transitions (JSON)"},
             {"/api/v1/incidents", "status-page incidents seen (JSON)"},
             {"/api/v1/releases", "deferred security releases (JSON)"},
             {"/api/v1/decisions", "gate decisions reported (JSON)"},
             {"/healthz", "liveness"},
             {"/readyz", "readiness: every source read once, the state database writable"}}) {
        body += std::string("<li><a href=\"") + href + "\">" + href + "</a>: " + what + "</li>\n";
    }
    body += "</ul>\n</body></html>\n";
    return ServerResponse{200, "text/html; charset=utf-8", std::move(body), {}};
}

}  // namespace fairweather::monitor
