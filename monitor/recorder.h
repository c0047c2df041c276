#pragma once
// What the monitor keeps: every poll's observation, the responses cached for
// conditional requests, the incidents a status page listed, the releases a
// repository published, the verdict and its transitions, and the decisions
// gates report; and reading them back for a restart and for the API. A store
// failure is logged and counted, never thrown: the loop goes on with what it
// has in memory.

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/http/polite_fetcher.h"
#include "core/sources/source.h"
#include "core/store/state_store.h"
#include "exporters/weather_metrics.h"
#include "monitor/log.h"

namespace fairweather::monitor {

// Thread-safe as far as the store is (every StateStore is); prune_if_due()
// is meant for one lane only.
class Recorder {
  public:
    // Keeps references; all must outlive the Recorder.
    Recorder(const Config& config, StateStore& store, WeatherMetrics& metrics, Log& log);

    // The writes of one lane's poll round, gathered by add() and saved
    // together by commit().
    class Round {
      public:
        bool empty() const { return m_writes.empty(); }
        // Whether the response bodies it holds call for a commit before the
        // round ends: they stay in the fetchers until it (4 MiB).
        bool full() const { return m_body_bytes >= k_max_body_bytes; }

      private:
        friend class Recorder;
        static constexpr std::size_t k_max_body_bytes = std::size_t{4} << 20;

        PollRound m_writes;
        std::vector<PoliteFetcher*> m_saving;  // their cache() is in m_writes.responses
        std::size_t m_body_bytes = 0;
    };

    // Adds one poll to `round`: its observation record (with the ETag
    // `fetcher` holds), the response `fetcher` cached when it changed, and,
    // when the poll could be read, what the reading lists (a page's
    // incidents, a repository's releases). `fetcher` must stay as it is
    // until commit().
    void add(Round& round, const Reading& reading, const FetchResult& result,
             PoliteFetcher& fetcher, TimePoint now);
    // Saves `round` in one transaction and empties it. Once the responses
    // are saved, their fetchers leave the bodies to the store; when the
    // store fails, the failure is logged and counted and the fetchers keep
    // theirs.
    void commit(Round& round, TimePoint now);
    // Empties `round` without saving it: its fetchers keep their bodies.
    void discard(Round& round) { round = Round{}; }
    // The verdict and, when it changed, the transition that changed it.
    void record_verdict(const VerdictState& state, const std::optional<Transition>& transition,
                        TimePoint now);
    // Whether prune() is due (every 6 hours, and at the first tick).
    bool prune_due(TimePoint now) const { return now >= m_next_prune; }
    // Deletes history older than [monitor] retention and the cached
    // responses of URLs not in `live_urls` (what the sources ask now).
    void prune(TimePoint now, const std::vector<std::string>& live_urls);

    // Observations of `source` whose last poll was at or after `since`, oldest first.
    StoreResult<std::vector<ObservationRecord>> observations(const std::string& source,
                                                             TimePoint since) const {
        return m_store.observations(source, since);
    }

    // What a restart resumes from.
    StoreResult<std::optional<VerdictState>> verdict();
    StoreResult<std::optional<CachedResponse>> cached_response(const std::string& url);

    // For the API. Incidents of the configured status pages seen at or
    // after `since`, first seen first.
    StoreResult<std::vector<IncidentRecord>> incidents(TimePoint since) const;
    // Records a decision a gate reported, and counts it; the error says why not.
    Expected<void, std::string> record_decision(const GateDecisionRecord& d, TimePoint now);
    StoreResult<std::vector<GateDecisionRecord>> decisions(const std::string& repo,
                                                           TimePoint since) const;
    // Verdict transitions at or after `since`, oldest first.
    StoreResult<std::vector<Transition>> history(TimePoint since) const;
    StoreResult<std::vector<ReleaseRecord>> releases(const std::string& repo) const;

    // Counts a failed store call and logs it, a repeat of the same `what`
    // (a constant saying what was being done) at most every few minutes
    // with the count held back (Log::repeated_error).
    void store_failed(const char* what, const StoreError& e, TimePoint now);
    // Whether the store still takes writes (StateStore::health), for /readyz.
    StoreResult<void> store_health() const;

  private:
    const Config& m_config;
    StateStore& m_store;
    WeatherMetrics& m_metrics;
    Log& m_log;
    TimePoint m_next_prune{};
};

}  // namespace fairweather::monitor
