#include "monitor/service.h"

#include <algorithm>

#include "core/util/text.h"
#include "monitor/source_set.h"

namespace fairweather::monitor {

Service::Service(const Config& config, const Secret& github_token, HttpClient& http,
                 StateStore& store, MonitorMetrics& metrics, std::ostream& out, std::uint64_t seed,
                 QueueIds ids, const std::optional<SharedLease>& shared)
    : Service(config, github_token, http, store, metrics, out, seed, std::move(ids), shared,
              make_source_set(config, github_token)) {}

namespace {

std::unique_ptr<Leadership> make_leadership(const Config& config,
                                            const std::optional<SharedLease>& shared,
                                            MonitorMetrics& metrics, Recorder& recorder, Log& log) {
    if (!shared) {
        return std::make_unique<Leadership>(metrics.leader);
    }
    return std::make_unique<Leadership>(shared->lease, shared->holder, config.state.lease,
                                        config.state.renew_interval, shared->steady, shared->wall,
                                        metrics.leader, recorder, log);
}

}  // namespace

Service::Service(const Config& config, const Secret& github_token, HttpClient& http,
                 StateStore& store, MonitorMetrics& metrics, std::ostream& out, std::uint64_t seed,
                 QueueIds ids, const std::optional<SharedLease>& shared, SourceSet sources)
    : quota(github_quota_for(sources.sources, github_token)),
      m_books(std::move(sources.books)),
      log(out),
      recorder(config, store, metrics.weather, log),
      m_leadership(make_leadership(config, shared, metrics, recorder, log)),
      leadership(*m_leadership),
      monitor(config, std::move(sources.sources), http, recorder, metrics.weather, log, seed),
      queue(config, store, std::move(ids), queue_mutex, recorder, log),
      dispatcher(config, github_token, http, store, metrics.queue, queue_mutex, recorder,
                 leadership, log),
      m_webhook_metrics(metrics.webhook) {
    monitor.pace(quota);
    if (shared) {
        monitor.follow(leadership, config.state.renew_interval);
    }
    metrics.quota.record(quota.configured_per_hour, quota.planned_per_hour, quota.limit_per_hour);
    const std::string github = host_of(config.github.api_url);
    if (config.policy.configured) {
        cadence.emplace(config, store, metrics.release, recorder);
        monitor.run_on_lane(github, [this](TimePoint now) { return cadence->refresh(now); });
    }
    // The lane runs its tasks only when it wakes, and nothing wakes it when
    // a release is queued: at least every poll_interval, as when its sources
    // were polled that often, however far the quota stretched them.
    monitor.run_on_lane(github, [this, idle = config.monitor.poll_interval](TimePoint now) {
        return std::min(dispatcher.step(now, monitor.recovered(now)), now + idle);
    });
}

void Service::receive_webhooks(Secret secret, JobSink sink) {
    std::vector<std::string> watched;
    for (const auto& repo : monitor.config().repos) {
        watched.push_back(repo.name);
    }
    if (!sink) {
        // Each delivered job goes into its repository's book, where the
        // repository's Actions source judges it at its next poll and reads
        // that run attempt's jobs from GitHub no more. The map is never
        // changed after construction; each book locks.
        sink = [this](const JobDelivery& delivery) {
            if (const auto it = m_books.find(lower(delivery.repo)); it != m_books.end()) {
                it->second->push(delivery.job, delivery.received_at, delivery.delay);
            }
        };
    }
    webhooks.emplace(std::move(secret), watched, std::move(sink), m_webhook_metrics);
}

}  // namespace fairweather::monitor
