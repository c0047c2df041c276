#pragma once
// One monitor, wired: the sources and the loop over them, what it keeps, the
// release queue and its dispatcher, and the cadence metrics. run() builds one
// over the real clock, network and database; tests build one over fakes.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>

#include "config/config.h"
#include "core/http/client.h"
#include "core/queue/validation.h"
#include "core/store/lease.h"
#include "core/store/state_store.h"
#include "core/util/clock.h"
#include "core/util/secret.h"
#include "exporters/leader_metrics.h"
#include "exporters/queue_metrics.h"
#include "exporters/quota_metrics.h"
#include "exporters/registry.h"
#include "exporters/release_metrics.h"
#include "exporters/weather_metrics.h"
#include "exporters/webhook_metrics.h"
#include "monitor/cadence.h"
#include "monitor/dispatcher.h"
#include "monitor/leadership.h"
#include "monitor/log.h"
#include "monitor/monitor.h"
#include "monitor/queue_service.h"
#include "monitor/quota.h"
#include "monitor/recorder.h"
#include "monitor/source_set.h"
#include "monitor/webhook.h"

namespace fairweather::monitor {

// Every metric family the monitor exports, in one registry.
struct MonitorMetrics {
    explicit MonitorMetrics(metrics::Registry& registry)
        : weather(registry),
          queue(registry),
          release(registry),
          quota(registry),
          leader(registry),
          webhook(registry) {}
    WeatherMetrics weather;
    QueueMetrics queue;
    ReleaseMetrics release;
    QuotaMetrics quota;
    LeaderMetrics leader;
    WebhookMetrics webhook;  // no series unless webhooks are on
};

// How monitors sharing one database ([state] url) elect their leader: the
// lease, this monitor's name as its holder, a monotonic clock to trust it
// by, and the wall clock for the log. Its length and renewal interval are
// [state] lease and renew_interval.
struct SharedLease {
    Lease& lease;
    std::string holder;
    Clock& steady;
    Clock& wall;
};

// On GitHub's lane, after its polls: the cadence metrics (with a [policy]),
// then the dispatcher, which ships queued releases once the loop says CI has
// recovered. The GitHub sources are paced by the quota (with the token's
// limit), which the metrics show; run() logs it. Not copyable or movable:
// the parts refer to each other.
class Service {
  public:
    // Keeps references to config, http, store, metrics and log; they must
    // outlive the Service. `seed` drives the backoff jitter, `ids` the queue
    // ids. With `shared`, it polls and dispatches only while it holds the
    // lease (leadership.step() takes and renews it); without, it always leads.
    Service(const Config& config, const Secret& github_token, HttpClient& http, StateStore& store,
            MonitorMetrics& metrics, std::ostream& log, std::uint64_t seed, QueueIds ids,
            const std::optional<SharedLease>& shared = std::nullopt);
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // Turns on GitHub's workflow_job webhook (POST /api/v1/webhooks/github,
    // see monitor/webhook.h): `webhooks` is built over `secret` and the
    // config's [[repos]], and every accepted delivery goes to `sink`; by
    // default into the repository's job book, which its Actions source
    // judges (and then asks GitHub no more for that run attempt's jobs).
    // Call once, before the Api is built over `webhooks`.
    void receive_webhooks(Secret secret, JobSink sink = {});

  private:
    // Plans the quota from `sources`, then gives them to the Monitor: the
    // config's sources are built once.
    Service(const Config& config, const Secret& github_token, HttpClient& http, StateStore& store,
            MonitorMetrics& metrics, std::ostream& log, std::uint64_t seed, QueueIds ids,
            const std::optional<SharedLease>& shared, SourceSet sources);

  public:
    const GithubQuota quota;

  private:
    JobBooks m_books;

  public:
    Log log;
    Recorder recorder;

  private:
    std::unique_ptr<Leadership> m_leadership;

  public:
    Leadership& leadership;
    Monitor monitor;
    std::mutex queue_mutex;
    QueueService queue;
    Dispatcher dispatcher;
    std::optional<Cadence> cadence;

  private:
    WebhookMetrics& m_webhook_metrics;

  public:
    // Set by receive_webhooks; empty while webhooks are off.
    std::optional<WebhookReceiver> webhooks;
};

}  // namespace fairweather::monitor
