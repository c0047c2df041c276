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

void Recorder::record(const Reading& reading, const FetchResult& result, PoliteFetcher& fetcher,
                      TimePoint now) {
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
    if (auto r = m_store.record_observation(o); !r) {
        store_failed("recording an observation", r.error(), now);
    }
    if (result.response && fetcher.cache_changed()) {
        if (auto r = m_store.save_response(*fetcher.cache()); !r) {
            store_failed("saving a response for conditional requests", r.error(), now);
        } else {
            fetcher.keep_body_elsewhere();
        }
    }
    if (!ok) {
        return;
    }
    if (reading.lists_incidents) {
        record_incidents(observation, now);
    }
    if (reading.releases) {
        record_releases(*reading.releases, now);
    }
}

void Recorder::record_incidents(const Observation& observation, TimePoint now) {
    std::vector<std::string> open;
    for (const auto& i : observation.incidents) {
        open.push_back(i.id);
        const IncidentRecord record{observation.name,
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
        if (auto r = m_store.upsert_incident(record); !r) {
            store_failed("recording an incident", r.error(), now);
        }
    }
    if (auto r = m_store.resolve_incidents_except(observation.name, open, now); !r) {
        store_failed("resolving incidents", r.error(), now);
    }
}

void Recorder::record_releases(const ReleaseList& list, TimePoint now) {
    std::vector<ReleaseRecord> records;
    for (const auto& rel : list.releases) {
        records.push_back(ReleaseRecord{list.repo, rel.id, rel.tag_name, rel.name, rel.html_url,
                                        rel.draft, rel.prerelease, rel.created_at, rel.published_at,
                                        now});
    }
    if (auto r = m_store.upsert_releases(records); !r) {
        store_failed("recording releases", r.error(), now);
    }
    m_metrics.record_releases(list.repo, records.size());
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
