#include "monitor/monitor.h"

#include <algorithm>

#include "core/history/release_history.h"
#include "monitor/queue.h"

namespace fairweather::monitor {
namespace {

constexpr Duration k_prune_every = std::chrono::hours{6};

std::string first_reason(const Observation& r) {
    return r.reasons.empty() ? r.name + ": " + std::string(to_string(r.weather))
                             : r.reasons.front();
}

}  // namespace

Monitor::Monitor(const Config& config, Secret github_token, HttpClient& http, StateStore* store,
                 WeatherMetrics& metrics, std::ostream& log, std::uint64_t seed)
    : m_config(config),
      m_token(std::move(github_token)),
      m_http(http),
      m_store(store),
      m_metrics(metrics),
      m_log(log),
      m_hysteresis(config.monitor.recovery_window, std::nullopt) {
    for (auto& source : make_sources(config, seed)) {
        m_states.push_back(State{std::move(source), false, std::nullopt, std::nullopt});
    }
    for (std::size_t i = 0; i < m_states.size(); ++i) {
        const std::string& host = m_states[i].source.host;
        auto it = std::find_if(m_lanes.begin(), m_lanes.end(),
                               [&](const Lane& l) { return l.host == host; });
        if (it == m_lanes.end()) {
            m_lanes.push_back(Lane{host, {}, RateBudget{}});
            it = m_lanes.end() - 1;
        }
        it->sources.push_back(i);
    }
    m_metrics.record_verdict(Weather::unknown, Weather::unknown, TimePoint{}, false);
}

StoreResult<void> Monitor::resume() {
    if (m_store == nullptr) {
        return {};
    }
    std::lock_guard lock(m_mutex);
    auto verdict = m_store->load_verdict();
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
        const auto url = make_request(state.source, m_config, Secret{}, TimePoint{}).url;
        // A runs URL depends on the time; only fixed URLs can be restored.
        if (state.source.kind == SourceKind::actions) {
            continue;
        }
        auto cached = m_store->load_response(url);
        if (!cached) {
            return make_unexpected(cached.error());
        }
        if (*cached) {
            state.source.fetcher.restore(**cached);
        }
    }
    return {};
}

void Monitor::enable_release_queue(QueueMetrics& metrics) {
    if (m_store == nullptr) {
        return;
    }
    m_queue_metrics = &metrics;
    m_dispatcher =
        std::make_unique<Dispatcher>(m_config, m_token, m_http, *m_store, metrics, m_queue_mutex,
                                     [this](TimePoint at, const std::string& line) {
                                         std::lock_guard lock(m_mutex);
                                         log_locked(at, line);
                                     });
}

void Monitor::enable_release_metrics(ReleaseMetrics& metrics) {
    if (m_store != nullptr && m_config.policy.configured) {
        m_release_metrics = &metrics;
    }
}

void Monitor::update_cadence(TimePoint now) {
    const ReleasePolicy& policy = m_config.policy;
    const Date today = policy.time_zone.local_date(now);
    DelayReportInputs inputs;
    inputs.security_marker = m_config.report.security_marker;
    if (auto items = m_store->queue_items(false)) {
        inputs.queue = std::move(*items);
    } else {
        std::lock_guard lock(m_mutex);
        store_failed_locked("reading the queue for the cadence metrics", items.error());
    }
    for (const auto& repo : m_config.repos) {
        const auto records = m_store->releases(repo.name);
        if (!records) {
            std::lock_guard lock(m_mutex);
            store_failed_locked("reading releases for the cadence metrics", records.error());
            continue;
        }
        ReleaseHistory history = to_release_history(*records, policy);
        const auto known = known_releases(history.releases, policy, "github");
        const Plan plan = make_plan(policy, known, !known.empty(), today);
        inputs.releases = std::move(history.releases);
        const DelayReport report = make_delay_report(policy, repo.name, inputs, std::nullopt, today,
                                                     now, m_config.report.include_prereleases);
        m_release_metrics->record(repo.name, policy, plan, report, m_config.report.recent_releases,
                                  now);
    }
}

StoreResult<std::vector<IncidentRecord>> Monitor::incidents(TimePoint since) const {
    std::vector<IncidentRecord> out;
    if (m_store == nullptr) {
        return out;
    }
    for (const auto& page : m_config.status_pages) {
        auto records = m_store->incidents(page.name);
        if (!records) {
            return make_unexpected(records.error());
        }
        for (auto& r : *records) {
            if (r.last_seen >= since) {
                out.push_back(std::move(r));
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const IncidentRecord& a, const IncidentRecord& b) {
        return a.first_seen < b.first_seen;
    });
    return out;
}

Expected<void, std::string> Monitor::record_decision(const GateDecisionRecord& d) {
    if (m_store == nullptr) {
        return make_unexpected(std::string("this monitor keeps no history (no state database)"));
    }
    if (auto r = m_store->record_decision(d); !r) {
        return make_unexpected(r.error().message);
    }
    m_metrics.record_gate_decision(d.kind, d.decision);
    return {};
}

StoreResult<std::vector<GateDecisionRecord>> Monitor::decisions(const std::string& repo,
                                                                TimePoint since) const {
    if (m_store == nullptr) {
        return std::vector<GateDecisionRecord>{};
    }
    return m_store->decisions(repo, since);
}

Expected<std::pair<QueueItem, bool>, Monitor::QueueError> Monitor::enqueue(
    const EnqueueRequest& request, TimePoint now) {
    if (!m_dispatcher) {
        return make_unexpected(
            QueueError{QueueProblem::unavailable, "",
                       "this monitor has no release queue (it needs [[repos]] and its state "
                       "database)"});
    }
    auto item = make_queue_item(request, m_config, now);
    if (!item) {
        return make_unexpected(
            QueueError{QueueProblem::invalid, item.error().path, item.error().message});
    }
    std::lock_guard lock(m_queue_mutex);
    const QueueEvent created{
        now, QueueState::queued, QueueState::queued,
        "queued by " +
            (item->requested_by.empty() ? std::string("an API client") : item->requested_by) +
            (item->reason.empty() ? std::string() : ": " + item->reason)};
    auto stored = m_store->enqueue(*item, created);
    if (!stored) {
        return make_unexpected(QueueError{QueueProblem::unavailable, "", stored.error().message});
    }
    if (stored->second) {
        std::lock_guard log_lock(m_mutex);
        log_locked(now, "release queue: queued " + stored->first.repo + " " +
                            stored->first.version + " (" + stored->first.id + "), deadline " +
                            format_timestamp(stored->first.deadline));
    }
    return std::move(*stored);
}

Expected<QueueItem, Monitor::QueueError> Monitor::cancel(const std::string& id,
                                                         const std::string& by, TimePoint now) {
    if (!m_dispatcher) {
        return make_unexpected(
            QueueError{QueueProblem::unavailable, "", "this monitor has no release queue"});
    }
    std::lock_guard lock(m_queue_mutex);
    auto item = m_store->queue_item(id);
    if (!item) {
        return make_unexpected(QueueError{QueueProblem::unavailable, "", item.error().message});
    }
    if (!*item) {
        return make_unexpected(
            QueueError{QueueProblem::not_found, "id", "no release " + id + " in the queue"});
    }
    QueueItem found = **item;
    if (found.state != QueueState::queued) {
        return make_unexpected(
            QueueError{QueueProblem::conflict, "id",
                       "release " + id + " is " + std::string(to_string(found.state)) +
                           "; only a queued release can be cancelled (it has been dispatched or "
                           "is finished)"});
    }
    const QueueEvent event{now, QueueState::queued, QueueState::cancelled,
                           "cancelled by " + (by.empty() ? std::string("an API client") : by)};
    found.state = QueueState::cancelled;
    if (auto saved = m_store->save_queue_item(found, event); !saved) {
        return make_unexpected(QueueError{QueueProblem::unavailable, "", saved.error().message});
    }
    found.history.push_back(event);
    std::lock_guard log_lock(m_mutex);
    log_locked(now,
               "release queue: " + found.repo + " " + found.version + " (" + id + ") cancelled");
    return found;
}

Expected<std::vector<QueueItem>, Monitor::QueueError> Monitor::queue_items() const {
    if (m_store == nullptr) {
        return std::vector<QueueItem>{};
    }
    auto items = m_store->queue_items(false);
    if (!items) {
        return make_unexpected(QueueError{QueueProblem::unavailable, "", items.error().message});
    }
    return std::move(*items);
}

Expected<QueueItem, Monitor::QueueError> Monitor::queue_item(const std::string& id) const {
    if (m_store == nullptr) {
        return make_unexpected(
            QueueError{QueueProblem::not_found, "id", "no release " + id + " in the queue"});
    }
    auto item = m_store->queue_item(id);
    if (!item) {
        return make_unexpected(QueueError{QueueProblem::unavailable, "", item.error().message});
    }
    if (!*item) {
        return make_unexpected(
            QueueError{QueueProblem::not_found, "id", "no release " + id + " in the queue"});
    }
    return std::move(**item);
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
    for (const std::size_t index : lane.sources) {
        if (now >= m_states[index].source.fetcher.next_due()) {
            poll(index, lane, now);
        }
    }
    std::unique_lock lock(m_mutex);
    update_verdict_locked(now);
    if (lane_index == 0 && m_store != nullptr && now >= m_next_prune) {
        m_next_prune = now + k_prune_every;
        const auto pruned = m_store->prune(now - m_config.monitor.retention);
        if (!pruned) {
            store_failed_locked("pruning old history", pruned.error());
        } else if (pruned->observations + pruned->transitions + pruned->incidents > 0) {
            log_locked(now, "pruned history older than " +
                                format_duration(m_config.monitor.retention) + ": " +
                                std::to_string(pruned->observations) + " observations, " +
                                std::to_string(pruned->transitions) + " transitions, " +
                                std::to_string(pruned->incidents) + " incidents");
        }
    }
    TimePoint wake = next_wake_locked(lane, now);
    const bool github_lane = lane.host == host_of(m_config.github.api_url);
    if (github_lane && m_release_metrics != nullptr && now >= m_next_cadence) {
        m_next_cadence = now + std::chrono::minutes{1};
        lock.unlock();
        update_cadence(now);
        lock.lock();
    }
    if (github_lane && m_release_metrics != nullptr) {
        // The ages (since last release, overdue, to end of life) move with
        // the clock even while GitHub is backed off or out of budget.
        wake = std::min(wake, m_next_cadence);
    }
    if (m_dispatcher && github_lane) {
        // The queue talks to GitHub, so it runs on GitHub's lane: one request
        // at a time there. CI counts as recovered once the verdict has been
        // fair for the whole recovery window.
        const auto& v = m_hysteresis.state();
        const bool ci_fair = m_hysteresis.initialised() && v.weather == Weather::fair &&
                             v.fair_since &&
                             now - *v.fair_since >= m_config.monitor.recovery_window;
        lock.unlock();
        wake = std::min(wake, m_dispatcher->step(now, ci_fair));
    }
    return wake;
}

void Monitor::poll(std::size_t index, Lane& lane, TimePoint now) {
    State& state = m_states[index];
    Source& source = state.source;
    // The fetch itself runs without the lock: it is this lane's alone.
    const HttpRequest request = make_request(source, m_config, m_token, now);
    const FetchResult result = source.fetcher.fetch(
        m_http, request, now, source.kind == SourceKind::status_page ? nullptr : &lane.budget,
        static_cast<int>(lane.sources.size()));
    Reading reading;
    try {
        reading = interpret(source, result, m_config, now);
    } catch (const std::exception& e) {
        // One source's surprise must not stop the others.
        reading.report.name = source.name;
        reading.report.weather = Weather::unknown;
        reading.report.error =
            std::string("internal error while reading the response: ") + e.what();
        reading.report.reasons = {source.name + ": " + reading.report.error};
        reading.report.observed_at = now;
    }

    std::lock_guard lock(m_mutex);
    if (source.kind != SourceKind::status_page) {
        m_metrics.record_rate_limit(lane.host, lane.budget.last());
    }
    record_locked(state, reading, result, now);
}

void Monitor::record_locked(State& state, const Reading& reading, const FetchResult& result,
                            TimePoint now) {
    const Observation& report = reading.report;
    const bool ok = report.error.empty();
    const bool was_ok = state.last && state.last->error.empty();
    if (!ok && (was_ok || !state.last)) {
        log_locked(now, "source " + report.name + " cannot be read: " + report.error);
    } else if (ok && state.last && !was_ok) {
        log_locked(now, "source " + report.name + " readable again");
    }
    state.polled = true;
    state.last = report;
    if (ok) {
        state.last_good = report;
    }
    m_metrics.record_poll(report);
    if (m_store == nullptr) {
        return;
    }

    ObservationRecord o;
    o.source = report.name;
    o.at = now;
    o.weather = report.weather;
    o.summary = ok ? first_reason(report) : report.error;
    o.http_status = report.not_modified ? std::optional<int>(304) : report.http_status;
    if (const auto& cache = state.source.fetcher.cache()) {
        o.etag = cache->etag;
    }
    if (auto r = m_store->record_observation(o); !r) {
        store_failed_locked("recording an observation", r.error());
    }
    if (result.response && state.source.fetcher.cache_changed()) {
        if (auto r = m_store->save_response(*state.source.fetcher.cache()); !r) {
            store_failed_locked("saving a response for conditional requests", r.error());
        }
    }
    if (!ok) {
        return;
    }
    if (state.source.kind == SourceKind::status_page) {
        std::vector<std::string> open;
        for (const auto& i : report.incidents) {
            open.push_back(i.id);
            const IncidentRecord rec{report.name,
                                     i.id,
                                     i.name,
                                     i.impact,
                                     i.status,
                                     i.url,
                                     now,
                                     now,
                                     std::nullopt,
                                     i.started_at,
                                     i.watched_components};
            if (auto r = m_store->upsert_incident(rec); !r) {
                store_failed_locked("recording an incident", r.error());
            }
        }
        if (auto r = m_store->resolve_incidents_except(report.name, open, now); !r) {
            store_failed_locked("resolving incidents", r.error());
        }
    } else if (state.source.kind == SourceKind::releases) {
        std::vector<ReleaseRecord> records;
        for (const auto& rel : reading.releases) {
            records.push_back(ReleaseRecord{state.source.repo->name, rel.id, rel.tag_name, rel.name,
                                            rel.html_url, rel.draft, rel.prerelease, rel.created_at,
                                            rel.published_at, now});
        }
        if (auto r = m_store->upsert_releases(records); !r) {
            store_failed_locked("recording releases", r.error());
        }
        m_metrics.record_releases(state.source.repo->name, records.size());
    }
}

Observation Monitor::effective_locked(const State& state, TimePoint now) const {
    if (!state.polled) {
        Observation r;
        r.name = state.source.name;
        r.kind = state.source.kind == SourceKind::status_page ? "statuspage" : "actions";
        r.weather = Weather::unknown;
        r.reasons = {r.name + ": not polled yet"};
        return r;
    }
    const Duration stale_after = m_config.monitor.stale_after;
    if (state.last_good && now - state.last_good->observed_at <= stale_after) {
        Observation r = *state.last_good;
        if (state.last && !state.last->error.empty()) {
            // A failed poll does not change the weather until the last good reading goes stale.
            r.reasons.push_back(state.source.name + ": the last poll failed (" + state.last->error +
                                "); using the reading from " + format_timestamp(r.observed_at));
        }
        return r;
    }
    Observation r = state.last_good ? *state.last_good : *state.last;
    r.weather = Weather::unknown;
    if (state.last_good) {
        r.stale = true;
        r.error = state.last ? state.last->error : std::string();
        r.reasons = {state.source.name + ": stale: last read successfully at " +
                     format_timestamp(state.last_good->observed_at) + " (" +
                     format_duration(std::chrono::floor<std::chrono::seconds>(
                         now - state.last_good->observed_at)) +
                     " ago, more than stale_after " + format_duration(stale_after) + ")" +
                     (r.error.empty() ? std::string() : "; last poll: " + r.error)};
    }
    return r;
}

void Monitor::update_verdict_locked(TimePoint now) {
    std::vector<Observation> effective;
    bool all_polled = true;
    for (const auto& state : m_states) {
        if (!state.source.weather_source()) {
            continue;
        }
        all_polled = all_polled && state.polled;
        effective.push_back(effective_locked(state, now));
        m_metrics.record_source_weather(state.source.name, effective.back().weather,
                                        effective.back().stale);
    }
    const Conditions report = combine(std::move(effective), now);
    m_raw = report.weather;
    if (!all_polled) {
        // Judge nothing before every source has answered once: a start-up
        // "unknown" would otherwise need a whole recovery window to clear,
        // and a resumed verdict would be dropped for "not polled yet".
        m_metrics.record_verdict(m_hysteresis.state().weather, m_raw, m_hysteresis.state().since,
                                 m_hysteresis.recovering_until().has_value());
        return;
    }
    const auto reasons = report.reasons();
    const std::string cause =
        reasons.empty() ? std::string(to_string(report.weather)) : reasons.front();
    const VerdictState before = m_hysteresis.state();
    const auto transition = m_hysteresis.update(report.weather, cause, now);
    const VerdictState& after = m_hysteresis.state();
    if (transition) {
        m_metrics.record_transition(transition->from, transition->to);
        log_locked(now, "weather changed to " + std::string(to_string(transition->to)) + " (was " +
                            std::string(to_string(transition->from)) + "): " + transition->cause);
        if (m_store == nullptr) {
            m_transitions.push_back(*transition);
        }
    }
    m_metrics.record_verdict(after.weather, m_raw, after.since,
                             m_hysteresis.recovering_until().has_value());
    const bool changed = transition || before.fair_since != after.fair_since;
    if (changed && m_store != nullptr) {
        if (auto r = m_store->save_verdict(after, transition); !r) {
            store_failed_locked("saving the verdict", r.error());
        }
    }
}

TimePoint Monitor::next_wake_locked(const Lane& lane, TimePoint now) const {
    TimePoint next = TimePoint::max();
    for (const std::size_t index : lane.sources) {
        const State& state = m_states[index];
        next = std::min(next, state.source.fetcher.next_due());
        // Wake when the last good reading would go stale, so the verdict follows.
        if (state.last_good) {
            const TimePoint stale_at = state.last_good->observed_at + m_config.monitor.stale_after;
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
        if (state.source.weather_source()) {
            s.sources.push_back(effective_locked(state, now));
        }
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
            pending.push_back(state.source.name);
        }
    }
    return pending;
}

StoreResult<std::vector<Transition>> Monitor::history(TimePoint since) const {
    if (m_store != nullptr) {
        return m_store->transitions(since);
    }
    std::lock_guard lock(m_mutex);
    std::vector<Transition> out;
    for (const auto& t : m_transitions) {
        if (t.at >= since) {
            out.push_back(t);
        }
    }
    return out;
}

StoreResult<std::vector<ReleaseRecord>> Monitor::releases(const std::string& repo) const {
    if (m_store == nullptr) {
        return std::vector<ReleaseRecord>{};
    }
    return m_store->releases(repo);
}

void Monitor::store_failed_locked(const char* what, const StoreError& e) {
    m_metrics.record_store_error();
    m_log << "fairweather-monitor: error: state store failed while " << what << ": " << e.message
          << std::endl;
}

void Monitor::log_locked(TimePoint now, const std::string& line) {
    m_log << format_timestamp(now) << " " << line << std::endl;
}

}  // namespace fairweather::monitor
