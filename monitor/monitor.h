#pragma once
// The monitor's loop. Sources are grouped into lanes, one per host, so
// requests to one host go one at a time while a slow host never holds up
// another. tick_lane(lane, now) polls that lane's due sources, updates the
// verdict and runs the lane's tasks (the release queue and the cadence
// metrics ride on GitHub's lane); only the composition root sleeps between
// ticks, so tests step time by hand (tick(now) runs every lane in turn).

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/api/weather_json.h"
#include "core/http/client.h"
#include "core/http/polite_fetcher.h"
#include "core/sources/source.h"
#include "core/weather/verdict.h"
#include "exporters/weather_metrics.h"
#include "monitor/api_health.h"
#include "monitor/leadership.h"
#include "monitor/log.h"
#include "monitor/quota.h"
#include "monitor/recorder.h"

namespace fairweather::monitor {

// Work a lane does after its polls, at `now`; returns when it next wants to run.
using LaneTask = std::function<TimePoint(TimePoint now)>;

class Monitor {
  public:
    // Keeps references to config, http, recorder, metrics and log; they must
    // outlive the Monitor. `seed` drives the backoff jitter.
    Monitor(const Config& config, std::vector<std::unique_ptr<Source>> sources, HttpClient& http,
            Recorder& recorder, WeatherMetrics& metrics, Log& log, std::uint64_t seed = 1);

    // Restores the verdict (with its recovery clock) and the cached
    // responses saved before a restart. Call once, before the first tick.
    StoreResult<void> resume();

    // Polls the sources `quota` names at its intervals and staggers their
    // second polls as it says; a source stretched by d goes stale d later
    // than stale_after, so a longer interval does not turn it unknown
    // between polls. Call before the first tick.
    void pace(const GithubQuota& quota);

    // Polls only while `leadership` leads. While it follows, each lane
    // instead reads what the leader saved (every source's last observation
    // and the verdict) every `follow_every`, writes nothing, and still runs
    // its tasks. A lane that starts leading first takes the saved responses
    // back for its conditional requests. Call before the first tick;
    // without it the monitor always leads.
    void follow(const Leadership& leadership, Duration follow_every);

    // Runs `task` on the lane of `host` after its polls, in the order given.
    // A host no source polls has no lane, and its tasks never run. Call
    // before the first tick.
    void run_on_lane(std::string_view host, LaneTask task);

    // Polls every lane's due sources; returns when something is next due.
    TimePoint tick(TimePoint now);

    std::size_t lane_count() const { return m_lanes.size(); }
    const std::string& lane_host(std::size_t lane) const { return m_lanes[lane].host; }
    // Polls one lane's due sources, updates the verdict and runs the lane's
    // tasks; returns when that lane next has something to do. Lanes may be
    // ticked from different threads (each lane from one thread only).
    TimePoint tick_lane(std::size_t lane, TimePoint now);

    // Thread-safe.
    WeatherSnapshot snapshot(TimePoint now) const;
    bool ready() const;
    std::vector<std::string> pending_sources() const;
    // Whether the verdict has been fair for the whole recovery window at
    // `now`: CI has recovered, and a deferred release may go.
    bool recovered(TimePoint now) const;
    const Config& config() const { return m_config; }

  private:
    struct State {
        std::unique_ptr<Source> source;
        PoliteFetcher fetcher;
        Duration stale_after;  // stale_after, plus what pace() stretched its interval by
        bool polled = false;
        std::optional<Observation> last;       // the last attempt
        std::optional<Observation> last_good;  // the last successful reading
    };
    struct Lane {
        std::string host;
        std::vector<std::size_t> sources;
        RateBudget budget;
        std::vector<LaneTask> tasks;
        Recorder::Round round;  // this tick's polls, saved together
        bool led = true;        // whether its last tick polled (a leader's)
    };

    bool leading() const { return m_leadership == nullptr || m_leadership->leading(); }
    // A follower's tick: the lane's sources and the verdict as the leader saved them.
    TimePoint follow_lane(Lane& lane, TimePoint now);
    void adopt_saved_locked(State& state, const ObservationRecord& saved);
    void adopt_verdict_locked(const std::optional<VerdictState>& saved, TimePoint now);
    // A lane that starts leading takes the saved responses back for its conditional requests.
    void restore_cached(const Lane& lane);
    // Gives `state`'s fetcher the response saved for its URL, if any.
    StoreResult<void> restore_cache(State& state);
    void poll(std::size_t index, Lane& lane, TimePoint now);
    // Counts an answer to a request of `source`'s toward GitHub's API weather.
    void note_answer(const Source& source, const Expected<HttpResponse, HttpError>& answer,
                     TimePoint now);
    // Every source's effective observation, and GitHub's API weather when
    // this monitor polls GitHub itself.
    std::vector<Observation> judged_locked(TimePoint now, bool with_api);
    // Puts the body the fetcher left in the store into a 304's response.
    void load_saved_body(const State& state, FetchResult& result);
    void record_locked(State& state, Lane& lane, const Reading& reading, const FetchResult& result,
                       TimePoint now);
    Observation effective_locked(const State& state, TimePoint now) const;
    std::string stale_after_text(Duration stale_after) const;
    void update_verdict_locked(TimePoint now);
    TimePoint next_wake_locked(const Lane& lane, TimePoint now) const;

    const Config& m_config;
    HttpClient& m_http;
    Recorder& m_recorder;
    WeatherMetrics& m_metrics;
    Log& m_log;
    const Leadership* m_leadership = nullptr;
    Duration m_follow_every{};

    mutable std::mutex m_mutex;  // guards everything below except each source's fetcher
    std::vector<State> m_states;
    std::vector<Lane> m_lanes;
    Hysteresis m_hysteresis;
    Weather m_raw = Weather::unknown;
    // Set when a source asks GitHub's API (any [[repos]]).
    std::optional<ApiHealth> m_api_health;
};

}  // namespace fairweather::monitor
