#pragma once
// The monitor's HTTP endpoints as a plain function from request to response:
//   GET /api/v1/weather          the verdict, per-source weather and evidence
//   GET /api/v1/history?since=   verdict transitions (since: RFC 3339 or YYYY-MM-DD)
//   GET /api/v1/repos/{owner}/{name}/releases   GitHub releases read for a watched repository
//   GET /healthz                 the process is up
//   GET /readyz                  every source has been polled once and the state store
//                                takes writes (503 otherwise, saying which)
//   GET /metrics                 Prometheus text exposition
//   POST /api/v1/releases        queue a deferred security release (bearer token)
//   GET /api/v1/releases         the queue: {"items": [...]}
//   GET /api/v1/releases/{id}    one item with its history
//   DELETE /api/v1/releases/{id} cancel a queued item (bearer token)
//   GET /api/v1/incidents?since= status-page incidents seen
//   GET /api/v1/decisions?repo=&since=  gate decisions reported
//   POST /api/v1/decisions       a gate reports a decision (bearer token)
//   POST /api/v1/webhooks/github GitHub's workflow_job webhook (its signature, no
//                                token; 404 without [github] webhook_secret_file)

#include <atomic>
#include <cstddef>

#include "core/util/clock.h"
#include "exporters/registry.h"
#include "monitor/http_server.h"
#include "monitor/monitor.h"
#include "monitor/queue_service.h"
#include "monitor/recorder.h"
#include "monitor/webhook.h"

namespace fairweather::monitor {

class Api {
  public:
    // Keeps references; all must outlive the Api. Thread-safe. The mutating
    // endpoints need "Authorization: Bearer <api_token>"; with no token
    // configured they are refused. With `webhooks` (kept by reference),
    // POST /api/v1/webhooks/github hands deliveries to it.
    Api(Monitor& monitor, Recorder& recorder, QueueService& queue, metrics::Registry& registry,
        Clock& clock, Secret api_token = {}, WebhookReceiver* webhooks = nullptr);

    // The largest request body the listener should read
    // (ServerLimits::max_body_bytes): the API's own 64 KiB, or the webhook's
    // limit when larger. admit() holds every other path to 64 KiB.
    std::size_t max_body_bytes() const;

    ServerResponse handle(const ServerRequest& request) const;
    // The listener's admission (HttpServer::Admission): a request that would
    // change something is refused on its head alone when its bearer token is
    // missing or wrong, so a stranger's body is never read. A body larger
    // than its path takes (Content-Length) is refused there too: 413.
    std::optional<ServerResponse> admit(const ServerRequest& head) const;

  private:
    ServerResponse weather() const;
    ServerResponse history(const ServerRequest& request) const;
    ServerResponse ready() const;
    ServerResponse landing_page() const;
    // The registry's exposition and the process families, in one buffer.
    std::string metrics_text() const;
    ServerResponse releases(const std::string& repo) const;
    ServerResponse queue(const ServerRequest& request) const;
    ServerResponse incidents(const ServerRequest& request) const;
    ServerResponse decisions(const ServerRequest& request) const;
    // The "since" query value (default: 30 days ago), or a 400.
    Expected<TimePoint, ServerResponse> since_of(const ServerRequest& request) const;
    std::optional<ServerResponse> refuse_unauthorised(const ServerRequest& request) const;
    ServerResponse webhook(const ServerRequest& request) const;

    Monitor& m_monitor;
    Recorder& m_recorder;
    QueueService& m_queue;
    metrics::Registry& m_registry;
    Clock& m_clock;
    Secret m_api_token;
    WebhookReceiver* m_webhooks;
    mutable std::atomic<std::size_t> m_metrics_size{0};  // the last /metrics body
};

// A JSON error body: {"error": message, "field": field} (field omitted when empty).
ServerResponse json_error(int status, const std::string& message, const std::string& field = "");

// The value of `name` in a query string ("a=1&b=x%20y"), percent-decoded.
std::optional<std::string> query_value(std::string_view query, std::string_view name);

}  // namespace fairweather::monitor
