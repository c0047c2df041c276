#pragma once
// The monitor's loop body. Sources are grouped into lanes, one per host, so
// requests to one host go one at a time while a slow host never holds up
// another. tick_lane(lane, now) polls that lane's due sources, records what
// they saw and updates the verdict; only main() sleeps between ticks, so tests
// step time by hand (tick(now) runs every lane in turn).

#include <cstdint>
#include <mutex>
#include <optional>
#include <ostream>
#include <vector>

#include "config/config.h"
#include "core/api/weather_json.h"
#include "core/http/client.h"
#include "core/store/state_store.h"
#include "core/util/secret.h"
#include "core/weather/verdict.h"
#include "exporters/queue_metrics.h"
#include "exporters/release_metrics.h"
#include "exporters/weather_metrics.h"
#include "monitor/dispatcher.h"
#include "monitor/sources.h"

namespace fairweather::monitor {

class Monitor {
  public:
    // Keeps references to config, http, metrics and log, and the store
    // pointer (may be null: nothing is kept); they must outlive the Monitor.
    // `seed` drives the backoff jitter.
    Monitor(const Config& config, Secret github_token, HttpClient& http, StateStore* store,
            WeatherMetrics& metrics, std::ostream& log, std::uint64_t seed = 1);

    // Restores the verdict (with its recovery clock) and the cached
    // responses saved before a restart. Call once, before the first tick.
    StoreResult<void> resume();

    // Turns on the security-release queue (needs the store): the GitHub lane
    // then dispatches queued releases once CI has been fair for the recovery
    // window and follows their runs. Call before the first tick.
    void enable_release_queue(QueueMetrics& metrics);

    // Turns on the cadence metrics (needs the store and a [policy]): each
    // repository's next and last release, overdue, recent delays and the
    // supported releases, refreshed every minute on GitHub's lane.
    void enable_release_metrics(ReleaseMetrics& metrics);

    // Incidents the status pages reported, seen at or after `since`.
    StoreResult<std::vector<IncidentRecord>> incidents(TimePoint since) const;
    // Gate decisions reported to the monitor.
    Expected<void, std::string> record_decision(const GateDecisionRecord& d);
    StoreResult<std::vector<GateDecisionRecord>> decisions(const std::string& repo,
                                                           TimePoint since) const;

    // The queue, for the API. Thread-safe. Without the queue enabled these
    // fail with a message saying so.
    enum class QueueProblem { invalid, not_found, conflict, unavailable };
    struct QueueError {
        QueueProblem problem;
        std::string field;  // for invalid
        std::string message;
    };
    // Adds a release (201) or returns the existing one for the same repo and
    // version (200: second = false). Committed before it returns.
    Expected<std::pair<QueueItem, bool>, QueueError> enqueue(const EnqueueRequest& request,
                                                             TimePoint now);
    // Cancels an item that has not been dispatched yet.
    Expected<QueueItem, QueueError> cancel(const std::string& id, const std::string& by,
                                           TimePoint now);
    Expected<std::vector<QueueItem>, QueueError> queue_items() const;
    Expected<QueueItem, QueueError> queue_item(const std::string& id) const;

    // Polls every lane's due sources; returns when something is next due.
    TimePoint tick(TimePoint now);

    std::size_t lane_count() const { return m_lanes.size(); }
    const std::string& lane_host(std::size_t lane) const { return m_lanes[lane].host; }
    // Polls one lane's due sources and updates the verdict; returns when that
    // lane next has something to do. Lanes may be ticked from different threads
    // (each lane from one thread only).
    TimePoint tick_lane(std::size_t lane, TimePoint now);

    // Thread-safe.
    WeatherSnapshot snapshot(TimePoint now) const;
    bool ready() const;
    std::vector<std::string> pending_sources() const;
    // Verdict transitions at or after `since`, oldest first (from the store
    // when there is one).
    StoreResult<std::vector<Transition>> history(TimePoint since) const;
    // The GitHub releases read for a configured repository (none without a store).
    StoreResult<std::vector<ReleaseRecord>> releases(const std::string& repo) const;
    const Config& config() const { return m_config; }

  private:
    struct State {
        Source source;
        bool polled = false;
        std::optional<Observation> last;       // the last attempt
        std::optional<Observation> last_good;  // the last successful reading
    };
    struct Lane {
        std::string host;
        std::vector<std::size_t> sources;
        RateBudget budget;
    };

    void poll(std::size_t index, Lane& lane, TimePoint now);
    void record_locked(State& state, const Reading& reading, const FetchResult& result,
                       TimePoint now);
    Observation effective_locked(const State& state, TimePoint now) const;
    void update_verdict_locked(TimePoint now);
    TimePoint next_wake_locked(const Lane& lane, TimePoint now) const;
    void store_failed_locked(const char* what, const StoreError& e);
    void update_cadence(TimePoint now);
    void log_locked(TimePoint now, const std::string& line);

    const Config& m_config;
    Secret m_token;
    HttpClient& m_http;
    StateStore* m_store;
    WeatherMetrics& m_metrics;
    std::ostream& m_log;

    mutable std::mutex m_mutex;  // guards everything below except each source's fetcher
    std::vector<State> m_states;
    std::vector<Lane> m_lanes;
    Hysteresis m_hysteresis;
    Weather m_raw = Weather::unknown;
    std::vector<Transition> m_transitions;  // kept in memory only without a store
    TimePoint m_next_prune{};
    // The release queue (null until enabled); m_queue_mutex keeps a cancel and
    // a dispatch of the same item from crossing.
    std::unique_ptr<Dispatcher> m_dispatcher;
    QueueMetrics* m_queue_metrics = nullptr;
    ReleaseMetrics* m_release_metrics = nullptr;
    TimePoint m_next_cadence{};
    mutable std::mutex m_queue_mutex;
};

}  // namespace fairweather::monitor
