#include "monitor/service.h"

#include "monitor/source_set.h"

namespace fairweather::monitor {

Service::Service(const Config& config, const Secret& github_token, HttpClient& http,
                 StateStore& store, MonitorMetrics& metrics, std::ostream& out, std::uint64_t seed,
                 QueueIds ids)
    : log(out),
      recorder(config, store, metrics.weather, log),
      monitor(config, make_sources(config, github_token), http, recorder, metrics.weather, log,
              seed),
      queue(config, store, std::move(ids), queue_mutex, recorder, log),
      dispatcher(config, github_token, http, store, metrics.queue, queue_mutex, recorder, log) {
    const std::string github = host_of(config.github.api_url);
    if (config.policy.configured) {
        cadence.emplace(config, store, metrics.release, recorder);
        monitor.run_on_lane(github, [this](TimePoint now) { return cadence->refresh(now); });
    }
    monitor.run_on_lane(
        github, [this](TimePoint now) { return dispatcher.step(now, monitor.recovered(now)); });
}

}  // namespace fairweather::monitor
