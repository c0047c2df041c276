#include "core/api/monitor_client.h"

#include <algorithm>

#include "core/api/decisions_json.h"
#include "core/api/history_json.h"
#include "core/api/queue_json.h"
#include "core/json/reader.h"
#include "core/util/text.h"

namespace fairweather {
namespace {

// The monitor explains a refusal as {"error": ..., "field": ...}: as one
// line after the status, "HTTP 400 Bad Request: version: ...".
std::string refusal(int status, const std::string& body) {
    std::string out = describe_status(status);
    const auto doc = json::Document::parse(body, "JSON");
    if (!doc) {
        return out;
    }
    json::Reader r;
    if (const auto o = r.as_object(doc->root(), "")) {
        const std::string error = r.string(*o, "error", "");
        const std::string field = r.string(*o, "field", "");
        if (!error.empty()) {
            out += ": " + (field.empty() ? std::string() : field + ": ") + error;
        }
    }
    return out;
}

}  // namespace

MonitorClient::MonitorClient(HttpClient& http, std::string base_url, Secret token)
    : m_http(http), m_base(std::move(base_url)), m_token(std::move(token)) {
    while (!m_base.empty() && m_base.back() == '/') {
        m_base.pop_back();
    }
}

std::string MonitorClient::url(std::string_view path) const {
    return m_base + std::string(path);
}

MonitorResult<MonitorClient::Answer> MonitorClient::call(std::string_view method,
                                                         std::string_view path,
                                                         const std::string& body,
                                                         std::initializer_list<int> expected) {
    HttpRequest request;
    request.method = std::string(method);
    request.url = url(path);
    request.connect_timeout = m_connect_timeout;
    request.timeout = m_timeout;
    request.headers.add("Accept", "application/json");
    if (!body.empty()) {
        request.headers.add("Content-Type", "application/json");
        request.body = body;
    }
    if (!m_token.empty() && method != "GET") {
        request.headers.add("Authorization", "Bearer " + m_token.reveal());
    }
    const auto response = m_http.send(request);
    if (!response) {
        return make_unexpected(MonitorError{
            MonitorError::Kind::unreachable, request.url, 0,
            std::string(to_string(response.error().kind)) + ": " + response.error().message});
    }
    if (std::find(expected.begin(), expected.end(), response->status) == expected.end()) {
        const bool refused = response->status >= 400 && response->status < 500;
        return make_unexpected(
            MonitorError{refused ? MonitorError::Kind::refused : MonitorError::Kind::failed,
                         request.url, response->status, refusal(response->status, response->body)});
    }
    return Answer{response->status, response->body};
}

template <class T, class Parse>
MonitorResult<T> MonitorClient::get(std::string_view path, Parse parse) {
    auto answer = call("GET", path, "", {200});
    if (!answer) {
        return make_unexpected(answer.error());
    }
    auto parsed = parse(answer->body);
    if (!parsed) {
        return make_unexpected(MonitorError{MonitorError::Kind::unreadable, url(path), 200,
                                            parsed.error().describe()});
    }
    return std::move(*parsed);
}

MonitorResult<WeatherSnapshot> MonitorClient::weather() {
    return get<WeatherSnapshot>("/api/v1/weather", parse_weather_snapshot);
}

MonitorResult<std::vector<ReleaseRecord>> MonitorClient::releases(std::string_view repo) {
    return get<std::vector<ReleaseRecord>>("/api/v1/repos/" + std::string(repo) + "/releases",
                                           parse_releases_answer);
}

MonitorResult<std::vector<IncidentRecord>> MonitorClient::incidents(std::string_view since) {
    return get<std::vector<IncidentRecord>>("/api/v1/incidents?since=" + std::string(since),
                                            parse_incidents_answer);
}

MonitorResult<std::vector<GateDecisionRecord>> MonitorClient::decisions(std::string_view repo,
                                                                        std::string_view since) {
    return get<std::vector<GateDecisionRecord>>(
        "/api/v1/decisions?since=" + std::string(since) + "&repo=" + std::string(repo),
        parse_decisions);
}

MonitorResult<void> MonitorClient::record_decision(const GateDecisionRecord& decision) {
    auto answer = call("POST", "/api/v1/decisions", render_decision_body(decision), {201});
    if (!answer) {
        return make_unexpected(answer.error());
    }
    return {};
}

MonitorResult<std::vector<QueueItem>> MonitorClient::queue() {
    return get<std::vector<QueueItem>>("/api/v1/releases", parse_queue_items);
}

MonitorResult<QueueItem> MonitorClient::queue_item(std::string_view id) {
    return get<QueueItem>("/api/v1/releases/" + url_escape(id), parse_queue_item);
}

MonitorResult<Enqueued> MonitorClient::enqueue(const EnqueueRequest& request) {
    const std::string path = "/api/v1/releases";
    auto answer = call("POST", path, render_enqueue_request(request), {200, 201});
    if (!answer) {
        return make_unexpected(answer.error());
    }
    auto item = parse_queue_item(answer->body);
    if (!item) {
        return make_unexpected(MonitorError{MonitorError::Kind::unreadable, url(path),
                                            answer->status, item.error().describe()});
    }
    return Enqueued{std::move(*item), answer->status == 201};
}

MonitorResult<QueueItem> MonitorClient::cancel(std::string_view id, std::string_view by) {
    const std::string path = "/api/v1/releases/" + url_escape(id) + "?by=" + url_escape(by);
    auto answer = call("DELETE", path, "", {200});
    if (!answer) {
        return make_unexpected(answer.error());
    }
    auto item = parse_queue_item(answer->body);
    if (!item) {
        return make_unexpected(
            MonitorError{MonitorError::Kind::unreadable, url(path), 200, item.error().describe()});
    }
    return std::move(*item);
}

}  // namespace fairweather
