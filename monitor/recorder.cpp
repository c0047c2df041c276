#include "monitor/recorder.h"

#include <algorithm>

namespace fairweather::monitor {
namespace {

constexpr Duration k_prune_every = std::chrono::hours{6};

std::string first_reason(const Observation& o) {
    return o.reasons.empty() ? o.name + ": " + std::string(to_string(o.weather))
                             : o.reasons.front();
}

}  // namespace

Recorder::Recorder(const Config& config, StateStore& store, WeatherMetrics& metrics, Log& log)
    : m_config(config), m_store(store), m_metrics(metrics), m_log(log) {}

void Recorder::add(Round& round, const Reading& reading, const FetchResult& result,
                   PoliteFetcher& fetcher, TimePoint now) {
    const Observation& observation = reading.observation;
    const bool ok = observation.error.empty();
    ObservationRecord o;
    o.source = observation.name;
    o.at = now;
    o.weather = observation.weather;
    o.summary = ok ? first_reason(observation) : observation.error;
    o.http_status = observation.not_modified ? std::optional<int>(304) : observation.http_status;
    if (const auto& cache = fetcher.cache()) {
        o.etag = cache->etag;
    }
    PollRound& writes = round.m_writes;
    writes.observations.push_back(std::move(o));
    if (result.response && fetcher.cache_changed()) {
        writes.responses.push_back(&*fetcher.cache());
        round.m_saving.push_back(&fetcher);
        round.m_body_bytes += fetcher.cache()->body.size();
    }
    if (!ok) {
        return;
    }
    if (reading.lists_incidents) {
        PollRound::PageIncidents page{observation.name, {}, now};
        for (const auto& i : observation.incidents) {
            page.listed.push_back(IncidentRecord{observation.name, i.id, i.name, i.impact, i.status,
                                                 i.url, now, now, std::nullopt, i.started_at,
                                                 i.watched_components});
        }
        writes.incidents.push_back(std::move(page));
    }
    if (const auto& list = reading.releases) {
        for (const auto& rel : list->releases) {
            writes.releases.push_back(ReleaseRecord{list->repo, rel.id, rel.tag_name, rel.name,
                                                    rel.html_url, rel.draft, rel.prerelease,
                                                    rel.created_at, rel.published_at, now});
        }
        m_metrics.record_releases(list->repo, list->releases.size());
    }
}

void Recorder::commit(Round& round, TimePoint now) {
    if (round.empty()) {
        return;
    }
    if (auto r = m_store.record_round(round.m_writes); !r) {
        store_failed("recording a poll round", r.error(), now);
    } else {
        for (PoliteFetcher* fetcher : round.m_saving) {
            fetcher->keep_body_elsewhere();
        }
    }
    round = Round{};
}

void Recorder::record_verdict(const VerdictState& state,
                              const std::optional<Transition>& transition, TimePoint now) {
    if (auto r = m_store.save_verdict(state, transition); !r) {
        store_failed("saving the verdict", r.error(), now);
    }
}

void Recorder::prune(TimePoint now, const std::vector<std::string>& live_urls) {
    m_next_prune = now + k_prune_every;
    const auto forgotten = m_store.forget_responses_except(live_urls);
    if (!forgotten) {
        store_failed("forgetting cached responses", forgotten.error(), now);
    }
    const auto pruned = m_store.prune(now - m_config.monitor.retention);
    if (!pruned) {
        store_failed("pruning old history", pruned.error(), now);
    } else if (pruned->observations + pruned->transitions + pruned->incidents > 0) {
        m_log.event(now, "pruned history older than " +
                             format_duration(m_config.monitor.retention) + ": " +
                             std::to_string(pruned->observations) + " observations, " +
                             std::to_string(pruned->transitions) + " transitions, " +
                             std::to_string(pruned->incidents) + " incidents");
    }
}

StoreResult<std::optional<VerdictState>> Recorder::verdict() {
    return m_store.load_verdict();
}

StoreResult<std::optional<CachedResponse>> Recorder::cached_response(const std::string& url) {
    return m_store.load_response(url);
}

StoreResult<std::vector<IncidentRecord>> Recorder::incidents(TimePoint since) const {
    std::vector<IncidentRecord> out;
    for (const auto& page : m_config.status_pages) {
        auto records = m_store.incidents(page.name);
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

Expected<void, std::string> Recorder::record_decision(const GateDecisionRecord& d, TimePoint now) {
    if (auto r = m_store.record_decision(d); !r) {
        store_failed("recording a gate decision", r.error(), now);
        return make_unexpected(r.error().message);
    }
    m_metrics.record_gate_decision(d.kind, d.decision);
    return {};
}

StoreResult<std::vector<GateDecisionRecord>> Recorder::decisions(const std::string& repo,
                                                                 TimePoint since) const {
    return m_store.decisions(repo, since);
}

StoreResult<std::vector<Transition>> Recorder::history(TimePoint since) const {
    return m_store.transitions(since);
}

StoreResult<std::vector<ReleaseRecord>> Recorder::releases(const std::string& repo) const {
    return m_store.releases(repo);
}

void Recorder::store_failed(const char* what, const StoreError& e, TimePoint now) {
    m_metrics.record_store_error();
    m_log.repeated_error(now, what,
                         std::string("state store failed while ") + what + ": " + e.message);
}

StoreResult<void> Recorder::store_health() const {
    return m_store.health();
}

}  // namespace fairweather::monitor
