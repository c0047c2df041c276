#include "monitor/monitor.h"

#include <algorithm>
#include <map>

#include "core/http/response_headers.h"

namespace fairweather::monitor {

Monitor::Monitor(const Config& config, std::vector<std::unique_ptr<Source>> sources,
                 HttpClient& http, Recorder& recorder, WeatherMetrics& metrics, Log& log,
                 std::uint64_t seed)
    : m_config(config),
      m_http(http),
      m_recorder(recorder),
      m_metrics(metrics),
      m_log(log),
      m_hysteresis(config.monitor.recovery_window, std::nullopt) {
    for (auto& source : sources) {
        const Duration interval = source->interval();
        m_states.push_back(
            State{std::move(source),
                  PoliteFetcher(interval, config.monitor.max_backoff, seed + m_states.size()),
                  config.monitor.stale_after, false, std::nullopt, std::nullopt});
    }
    for (std::size_t i = 0; i < m_states.size(); ++i) {
        const std::string host = host_of(m_states[i].source->request(TimePoint{}).url);
        auto it = std::find_if(m_lanes.begin(), m_lanes.end(),
                               [&](const Lane& l) { return l.host == host; });
        if (it == m_lanes.end()) {
            m_lanes.push_back(Lane{host, {}, RateBudget{}, {}, {}, true});
            it = m_lanes.end() - 1;
        }
        it->sources.push_back(i);
    }
    if (std::any_of(m_states.begin(), m_states.end(),
                    [](const State& s) { return s.source->spends_rate_budget(); })) {
        m_api_health.emplace(config.github);
    }
    m_metrics.record_verdict(Weather::unknown, Weather::unknown, TimePoint{}, false);
}

StoreResult<void> Monitor::resume() {
    std::lock_guard lock(m_mutex);
    auto verdict = m_recorder.verdict();
    if (!verdict) {
        return make_unexpected(verdict.error());
    }
    if (*verdict) {
        m_hysteresis = Hysteresis(m_config.monitor.recovery_window, **verdict);
        m_metrics.record_verdict(m_hysteresis.state().weather, m_hysteresis.state().weather,
                                 m_hysteresis.state().since,
                                 m_hysteresis.recovering_until().has_value());
    }
    for (auto& state : m_states) {
        if (auto restored = restore_cache(state); !restored) {
            return restored;
        }
    }
    return {};
}

StoreResult<void> Monitor::restore_cache(State& state) {
    // A URL that depends on the time cannot be restored.
    if (!state.source->stable_url()) {
        return {};
    }
    auto cached = m_recorder.cached_response(state.source->request(TimePoint{}).url);
    if (!cached) {
        return make_unexpected(cached.error());
    }
    if (*cached) {
        state.fetcher.restore(**cached);
        state.fetcher.keep_body_elsewhere();  // it is in the store
    }
    return {};
}

void Monitor::pace(const GithubQuota& quota) {
    std::map<std::string_view, const QuotaPace*> by_name;
    for (const auto& pace : quota.sources) {
        by_name.emplace(pace.name, &pace);
    }
    for (auto& state : m_states) {
        const auto it = by_name.find(state.source->name());
        if (it == by_name.end()) {
            continue;
        }
        const QuotaPace& pace = *it->second;
        state.fetcher.pace(pace.interval, pace.first);
        state.stale_after =
            m_config.monitor.stale_after + std::max(pace.interval - pace.configured, Duration{});
    }
}

void Monitor::follow(const Leadership& leadership, Duration follow_every) {
    m_leadership = &leadership;
    m_follow_every = follow_every;
}

void Monitor::run_on_lane(std::string_view host, LaneTask task) {
    for (auto& lane : m_lanes) {
        if (lane.host == host) {
            lane.tasks.push_back(std::move(task));
            return;
        }
    }
}

TimePoint Monitor::tick(TimePoint now) {
    TimePoint next = TimePoint::max();
    for (std::size_t lane = 0; lane < m_lanes.size(); ++lane) {
        next = std::min(next, tick_lane(lane, now));
    }
    if (m_lanes.empty()) {
        std::lock_guard lock(m_mutex);
        update_verdict_locked(now);
        return now + m_config.monitor.poll_interval;
    }
    return next;
}

TimePoint Monitor::tick_lane(std::size_t lane_index, TimePoint now) {
    Lane& lane = m_lanes[lane_index];
    if (!leading()) {
        return follow_lane(lane, now);
    }
    if (!lane.led) {
        restore_cached(lane);
        lane.led = true;
    }
    // The round's writes go to the store in one transaction (or one per
    // 4 MiB of new response bodies), outside the monitor's lock.
    for (const std::size_t index : lane.sources) {
        if (now >= m_states[index].fetcher.next_due()) {
            poll(index, lane, now);
            if (lane.round.full()) {
                m_recorder.commit(lane.round, now);
            }
        }
    }
    if (!leading()) {
        // Leadership ended during the polls (this process was paused, or
        // lost the database): what it read is another leader's to write.
        m_recorder.discard(lane.round);
        return follow_lane(lane, now);
    }
    m_recorder.commit(lane.round, now);
    TimePoint wake;
    {
        std::lock_guard lock(m_mutex);
        update_verdict_locked(now);
        wake = next_wake_locked(lane, now);
    }
    if (lane_index == 0 && m_recorder.prune_due(now)) {
        std::vector<std::string> live;
        for (const auto& state : m_states) {
            live.push_back(state.source->request(now).url);
        }
        m_recorder.prune(now, live);
    }
    for (const auto& task : lane.tasks) {
        wake = std::min(wake, task(now));
    }
    return wake;
}

TimePoint Monitor::follow_lane(Lane& lane, TimePoint now) {
    lane.led = false;
    // One read for the lane: every source's rows whose last poll is within
    // the longest stale_after; the leader extends one row while a source
    // reads the same, so a source's last row is its reading now.
    Duration window{};
    for (const std::size_t index : lane.sources) {
        window = std::max(window, m_states[index].stale_after);
    }
    std::map<std::string, ObservationRecord, std::less<>> newest;
    if (auto rows = m_recorder.observations("", now - window)) {
        for (auto& row : *rows) {
            newest.insert_or_assign(row.source, std::move(row));
        }
    }
    std::vector<std::pair<std::size_t, ObservationRecord>> saved;
    for (const std::size_t index : lane.sources) {
        const auto it = newest.find(m_states[index].source->name());
        if (it != newest.end()) {
            saved.emplace_back(index, std::move(it->second));
        }
    }
    const auto verdict = m_recorder.verdict();
    TimePoint wake = now + m_follow_every;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& [index, row] : saved) {
            adopt_saved_locked(m_states[index], row);
        }
        if (verdict) {
            adopt_verdict_locked(*verdict, now);
        }
    }
    for (const auto& task : lane.tasks) {
        wake = std::min(wake, task(now));
    }
    return wake;
}

void Monitor::adopt_saved_locked(State& state, const ObservationRecord& saved) {
    Observation o;
    o.name = saved.source;
    o.kind = std::string(state.source->kind());
    o.weather = saved.weather;
    if (!saved.summary.empty()) {
        o.reasons = {saved.summary};
    }
    o.observed_at = saved.last_at > saved.at ? saved.last_at : saved.at;
    state.polled = true;
    state.last = o;
    state.last_good = std::move(o);
}

void Monitor::adopt_verdict_locked(const std::optional<VerdictState>& saved, TimePoint now) {
    // A follower asks GitHub nothing: the leader's verdict carries its API weather.
    m_raw = combine(judged_locked(now, false), now).weather;
    if (saved) {
        m_hysteresis = Hysteresis(m_config.monitor.recovery_window, *saved);
    }
    m_metrics.record_verdict(m_hysteresis.state().weather, m_raw, m_hysteresis.state().since,
                             m_hysteresis.recovering_until().has_value());
}

void Monitor::restore_cached(const Lane& lane) {
    // The leader before this one may have polled since: its ETag, not ours.
    // A store that fails to answer leaves the fetcher as it was; its next
    // poll asks without a fresh ETag and is no less right for it.
    for (const std::size_t index : lane.sources) {
        (void)restore_cache(m_states[index]);
    }
}

namespace {

// `source`'s reading of `result`; one source's surprise must not stop the others.
Reading read_safely(const Source& source, const FetchResult& result, TimePoint now,
                    const Source::Follow& follow) {
    try {
        return source.read_following(result, now, follow);
    } catch (const std::exception& e) {
        Reading reading;
        Observation& o = reading.observation;
        o.name = source.name();
        o.weather = Weather::unknown;
        o.error = std::string("internal error while reading the response: ") + e.what();
        o.reasons = {source.name() + ": " + o.error};
        o.observed_at = now;
        return reading;
    }
}

}  // namespace

void Monitor::load_saved_body(const State& state, FetchResult& result) {
    const auto& cache = state.fetcher.cache();
    if (!result.body_elsewhere || !result.response || !cache) {
        return;
    }
    // A store that fails to answer leaves the body empty: it does not read,
    // and the poll asks again without the ETag (below).
    if (auto saved = m_recorder.cached_response(cache->url); saved && *saved) {
        result.response->body = std::move((*saved)->body);
    }
}

void Monitor::poll(std::size_t index, Lane& lane, TimePoint now) {
    State& state = m_states[index];
    const Source& source = *state.source;
    // The fetch itself runs without the lock: it is this lane's alone.
    const auto fetch = [&] {
        return state.fetcher.fetch(m_http, source.request(now), now,
                                   source.spends_rate_budget() ? &lane.budget : nullptr,
                                   static_cast<int>(lane.sources.size()));
    };
    // The further requests a reading makes (the next pages, the jobs) go
    // out on this lane too, and count toward the host's budget.
    const Source::Follow follow = [&](const HttpRequest& request) {
        auto answer = m_http.send(request);
        if (answer && source.spends_rate_budget()) {
            lane.budget.observe(parse_rate_limit(answer->headers));
        }
        note_answer(source, answer, now);
        return answer;
    };
    FetchResult result = fetch();
    note_answer(source, result.response, now);
    load_saved_body(state, result);
    Reading reading = read_safely(source, result, now, follow);
    if (result.not_modified && !reading.observation.error.empty()) {
        // The cached body no longer reads (saved by another build, or damaged),
        // and upstream would answer 304 to its ETag forever: drop it and ask
        // again without.
        m_log.event(now, "source " + source.name() + ": the cached answer cannot be read (" +
                             reading.observation.error + "); asking again without its ETag");
        state.fetcher.forget_cache();
        result = fetch();
        note_answer(source, result.response, now);
        load_saved_body(state, result);
        reading = read_safely(source, result, now, follow);
    }

    if (result.response && state.fetcher.cache_changed()) {
        if (auto compact = source.compact(state.fetcher.cache()->body)) {
            state.fetcher.compact_cache(std::move(*compact));
        }
    }

    std::lock_guard lock(m_mutex);
    if (source.spends_rate_budget()) {
        m_metrics.record_rate_limit(lane.host, lane.budget.last());
    }
    record_locked(state, lane, reading, result, now);
}

void Monitor::note_answer(const Source& source, const Expected<HttpResponse, HttpError>& answer,
                          TimePoint now) {
    if (!m_api_health || !source.spends_rate_budget()) {
        return;
    }
    const auto outcome = ApiHealth::classify(answer);
    m_metrics.record_api_answer(to_string(outcome));
    std::lock_guard lock(m_mutex);
    m_api_health->record(now, outcome);
}

std::vector<Observation> Monitor::judged_locked(TimePoint now, bool with_api) {
    std::vector<Observation> effective;
    for (const auto& state : m_states) {
        if (state.source->judges_weather()) {
            effective.push_back(effective_locked(state, now));
            m_metrics.record_source_weather(state.source->name(), effective.back().weather,
                                            effective.back().stale);
        }
    }
    if (with_api && m_api_health) {
        effective.push_back(m_api_health->judge(now));
        m_metrics.record_source_weather(effective.back().name, effective.back().weather, false);
    }
    return effective;
}

void Monitor::record_locked(State& state, Lane& lane, const Reading& reading,
                            const FetchResult& result, TimePoint now) {
    const Observation& observation = reading.observation;
    const bool ok = observation.error.empty();
    const bool was_ok = state.last && state.last->error.empty();
    if (!ok && (was_ok || !state.last)) {
        m_log.event(now, "source " + observation.name + " cannot be read: " + observation.error);
    } else if (ok && state.last && !was_ok) {
        m_log.event(now, "source " + observation.name + " readable again");
    }
    state.polled = true;
    state.last = observation;
    if (ok) {
        state.last_good = observation;
    }
    m_metrics.record_poll(observation);
    m_recorder.add(lane.round, reading, result, state.fetcher, now);
}

// "stale_after 5m", or "stale_after 5m + 24m18s the GitHub quota stretched
// its interval by".
std::string Monitor::stale_after_text(Duration stale_after) const {
    const Duration configured = m_config.monitor.stale_after;
    std::string text = "stale_after " + format_duration(configured);
    if (stale_after > configured) {
        text += " + " + format_duration(stale_after - configured) +
                " the GitHub quota stretched its interval by";
    }
    return text;
}

Observation Monitor::effective_locked(const State& state, TimePoint now) const {
    const std::string& name = state.source->name();
    if (!state.polled) {
        Observation r;
        r.name = name;
        r.kind = std::string(state.source->kind());
        r.weather = Weather::unknown;
        r.reasons = {r.name + ": not polled yet"};
        return r;
    }
    if (state.last_good && now - state.last_good->observed_at <= state.stale_after) {
        Observation r = *state.last_good;
        if (state.last && !state.last->error.empty()) {
            // A failed poll does not change the weather until the last good reading goes stale.
            r.reasons.push_back(name + ": the last poll failed (" + state.last->error +
                                "); using the reading from " + format_timestamp(r.observed_at));
        }
        return r;
    }
    Observation r = state.last_good ? *state.last_good : *state.last;
    r.weather = Weather::unknown;
    if (state.last_good) {
        r.stale = true;
        r.error = state.last ? state.last->error : std::string();
        r.reasons = {name + ": stale: last read successfully at " +
                     format_timestamp(state.last_good->observed_at) + " (" +
                     format_duration(std::chrono::floor<std::chrono::seconds>(
                         now - state.last_good->observed_at)) +
                     " ago, more than " + stale_after_text(state.stale_after) + ")" +
                     (r.error.empty() ? std::string() : "; last poll: " + r.error)};
    }
    return r;
}

void Monitor::update_verdict_locked(TimePoint now) {
    const bool all_polled = std::all_of(m_states.begin(), m_states.end(), [](const State& s) {
        return s.polled || !s.source->judges_weather();
    });
    const Conditions conditions = combine(judged_locked(now, true), now);
    m_raw = conditions.weather;
    if (!all_polled) {
        // Judge nothing before every source has answered once: a start-up
        // "unknown" would otherwise need a whole recovery window to clear,
        // and a resumed verdict would be dropped for "not polled yet".
        m_metrics.record_verdict(m_hysteresis.state().weather, m_raw, m_hysteresis.state().since,
                                 m_hysteresis.recovering_until().has_value());
        return;
    }
    const auto reasons = conditions.reasons();
    const std::string cause =
        reasons.empty() ? std::string(to_string(conditions.weather)) : reasons.front();
    const VerdictState before = m_hysteresis.state();
    const bool was_recovering = m_hysteresis.recovering_until().has_value();
    const auto transition = m_hysteresis.update(conditions.weather, cause, now);
    const VerdictState& after = m_hysteresis.state();
    if (transition) {
        m_metrics.record_transition(transition->from, transition->to);
        m_log.event(now, "weather changed to " + std::string(to_string(transition->to)) + " (was " +
                             std::string(to_string(transition->from)) + "): " + transition->cause);
    }
    if (const auto until = m_hysteresis.recovering_until(); until && !was_recovering) {
        // Every source is fair again, but the verdict holds until the window
        // has passed: say so, or on-call sees "outage" with nothing failing.
        m_log.event(now, "every source is fair again; the verdict stays " +
                             std::string(to_string(after.weather)) +
                             " through the recovery window, until " + format_timestamp(*until));
    }
    m_metrics.record_verdict(after.weather, m_raw, after.since,
                             m_hysteresis.recovering_until().has_value());
    if (transition || before.fair_since != after.fair_since) {
        m_recorder.record_verdict(after, transition, now);
    }
}

TimePoint Monitor::next_wake_locked(const Lane& lane, TimePoint now) const {
    TimePoint next = TimePoint::max();
    for (const std::size_t index : lane.sources) {
        const State& state = m_states[index];
        next = std::min(next, state.fetcher.next_due());
        // Wake when the last good reading would go stale, so the verdict follows.
        if (state.last_good) {
            const TimePoint stale_at = state.last_good->observed_at + state.stale_after;
            if (stale_at > now) {
                next = std::min(next, stale_at + Duration{1});
            }
        }
    }
    if (const auto until = m_hysteresis.recovering_until(); until && *until > now) {
        next = std::min(next, *until);
    }
    return next == TimePoint::max() ? now + m_config.monitor.poll_interval : std::max(next, now);
}

WeatherSnapshot Monitor::snapshot(TimePoint now) const {
    std::lock_guard lock(m_mutex);
    WeatherSnapshot s;
    const VerdictState& v = m_hysteresis.state();
    s.weather = v.weather;
    s.raw_weather = m_raw;
    s.since = v.since;
    s.cause = v.cause;
    s.recovering_until = m_hysteresis.recovering_until();
    s.checked_at = now;
    s.ready = true;
    for (const auto& state : m_states) {
        s.ready = s.ready && state.polled;
        if (state.source->judges_weather()) {
            s.sources.push_back(effective_locked(state, now));
        }
    }
    if (m_api_health && leading()) {
        s.sources.push_back(m_api_health->judge(now));
    }
    return s;
}

bool Monitor::ready() const {
    return pending_sources().empty();
}

std::vector<std::string> Monitor::pending_sources() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> pending;
    for (const auto& state : m_states) {
        if (!state.polled) {
            pending.push_back(state.source->name());
        }
    }
    return pending;
}

bool Monitor::recovered(TimePoint now) const {
    std::lock_guard lock(m_mutex);
    const auto& v = m_hysteresis.state();
    return m_hysteresis.initialised() && v.weather == Weather::fair && v.fair_since &&
           now - *v.fair_since >= m_config.monitor.recovery_window;
}

}  // namespace fairweather::monitor
