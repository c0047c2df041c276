#include "core/store/memory_store.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>
#include <unordered_set>

namespace fairweather {
namespace {

// Everything the SQLite store keeps, in plain containers, with the same
// ordering and the same rules (see state_store.h); what SQLite does with a
// statement is done here by hand. Every call takes the one mutex.
class MemoryStore final : public StateStore {
  public:
    StoreResult<void> health() override { return {}; }

    // Never fails, so the round's writes one after another are all or nothing.
    StoreResult<void> record_round(const PollRound& round) override {
        for (const auto& o : round.observations) {
            record_observation(o);
        }
        for (const CachedResponse* r : round.responses) {
            save_response(*r);
        }
        for (const auto& page : round.incidents) {
            std::vector<std::string> open;
            for (const auto& i : page.listed) {
                upsert_incident(i);
                open.push_back(i.id);
            }
            resolve_incidents_except(page.source, open, page.at);
        }
        return upsert_releases(round.releases);
    }

    StoreResult<void> record_observation(const ObservationRecord& o) override {
        std::lock_guard lock(m_mutex);
        // The source's newest record (the last recorded among equal times):
        // the same reading extends it.
        ObservationRecord* newest = nullptr;
        for (auto& r : m_observations) {
            if (r.source == o.source && (newest == nullptr || r.at >= newest->at)) {
                newest = &r;
            }
        }
        if (newest != nullptr && newest->same_reading(o)) {
            newest->last_at = std::max(newest->last_at, o.at);
            ++newest->polls;
            return {};
        }
        ObservationRecord added = o;
        added.last_at = o.at;
        added.polls = 1;
        m_observations.push_back(std::move(added));
        return {};
    }

    StoreResult<std::vector<ObservationRecord>> observations(const std::string& source,
                                                             TimePoint since) override {
        std::lock_guard lock(m_mutex);
        std::vector<ObservationRecord> out;
        for (const auto& o : m_observations) {
            if ((source.empty() || o.source == source) && o.last_at >= since) {
                out.push_back(o);
            }
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });
        return out;
    }

    StoreResult<void> save_response(const CachedResponse& r) override {
        std::lock_guard lock(m_mutex);
        m_responses[r.url] = r;
        return {};
    }

    StoreResult<std::int64_t> forget_responses_except(
        const std::vector<std::string>& live) override {
        std::lock_guard lock(m_mutex);
        return static_cast<std::int64_t>(std::erase_if(m_responses, [&](const auto& entry) {
            return std::find(live.begin(), live.end(), entry.first) == live.end();
        }));
    }

    StoreResult<std::optional<CachedResponse>> load_response(const std::string& url) override {
        std::lock_guard lock(m_mutex);
        const auto it = m_responses.find(url);
        return it == m_responses.end() ? std::nullopt : std::optional<CachedResponse>(it->second);
    }

    StoreResult<void> upsert_incident(const IncidentRecord& r) override {
        std::lock_guard lock(m_mutex);
        const auto key = std::pair(r.source, r.id);
        const auto it = m_incidents.find(key);
        if (it == m_incidents.end()) {
            m_incidents.emplace(key, r);
            return {};
        }
        IncidentRecord& old = it->second;
        const TimePoint first_seen = old.first_seen;
        const std::optional<TimePoint> started_at = r.started_at ? r.started_at : old.started_at;
        old = r;
        old.first_seen = first_seen;
        old.started_at = started_at;
        return {};
    }

    StoreResult<void> resolve_incidents_except(const std::string& source,
                                               const std::vector<std::string>& open_ids,
                                               TimePoint now) override {
        std::lock_guard lock(m_mutex);
        const std::unordered_set<std::string> open(open_ids.begin(), open_ids.end());
        for (auto& [key, r] : m_incidents) {
            if (r.source == source && !r.resolved_at && !open.contains(r.id)) {
                r.resolved_at = now;
            }
        }
        return {};
    }

    StoreResult<std::vector<IncidentRecord>> incidents(const std::string& source) override {
        std::lock_guard lock(m_mutex);
        std::vector<IncidentRecord> out;
        for (const auto& [key, r] : m_incidents) {
            if (r.source == source) {
                out.push_back(r);
            }
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return std::tie(a.first_seen, a.id) < std::tie(b.first_seen, b.id);
        });
        return out;
    }

    StoreResult<void> save_verdict(const VerdictState& v,
                                   const std::optional<Transition>& t) override {
        std::lock_guard lock(m_mutex);
        m_verdict = v;
        if (t) {
            m_transitions.push_back(*t);
        }
        return {};
    }

    StoreResult<std::optional<VerdictState>> load_verdict() override {
        std::lock_guard lock(m_mutex);
        return m_verdict;
    }

    StoreResult<std::vector<Transition>> transitions(TimePoint since) override {
        std::lock_guard lock(m_mutex);
        std::vector<Transition> out;
        for (const auto& t : m_transitions) {
            if (t.at >= since) {
                out.push_back(t);
            }
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });
        return out;
    }

    StoreResult<void> upsert_releases(const std::vector<ReleaseRecord>& releases) override {
        std::lock_guard lock(m_mutex);
        for (const auto& r : releases) {
            const auto key = std::pair(r.repo, r.id);
            const auto it = m_releases.find(key);
            if (it == m_releases.end()) {
                m_releases.emplace(key, r);
            } else {
                const TimePoint first_seen = it->second.first_seen;
                it->second = r;
                it->second.first_seen = first_seen;
            }
        }
        return {};
    }

    StoreResult<std::vector<ReleaseRecord>> releases(const std::string& repo) override {
        std::lock_guard lock(m_mutex);
        std::vector<ReleaseRecord> out;
        for (const auto& [key, r] : m_releases) {
            if (r.repo == repo) {
                out.push_back(r);
            }
        }
        // Newest published first, never published (drafts) last, then by id, newest first.
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            if (a.published_at.has_value() != b.published_at.has_value()) {
                return a.published_at.has_value();
            }
            if (a.published_at != b.published_at) {
                return *a.published_at > *b.published_at;
            }
            return a.id > b.id;
        });
        return out;
    }

    StoreResult<PruneCounts> prune(TimePoint before) override {
        std::lock_guard lock(m_mutex);
        PruneCounts counts;
        counts.observations = static_cast<std::int64_t>(std::erase_if(
            m_observations, [&](const ObservationRecord& o) { return o.last_at < before; }));
        counts.transitions = static_cast<std::int64_t>(
            std::erase_if(m_transitions, [&](const Transition& t) { return t.at < before; }));
        counts.incidents = static_cast<std::int64_t>(std::erase_if(m_incidents, [&](const auto& e) {
            return e.second.resolved_at && *e.second.resolved_at < before;
        }));
        counts.decisions = static_cast<std::int64_t>(
            std::erase_if(m_decisions, [&](const GateDecisionRecord& d) { return d.at < before; }));
        return counts;
    }

    StoreResult<void> record_decision(const GateDecisionRecord& d) override {
        std::lock_guard lock(m_mutex);
        m_decisions.push_back(d);
        return {};
    }

    StoreResult<std::vector<GateDecisionRecord>> decisions(const std::string& repo,
                                                           TimePoint since) override {
        std::lock_guard lock(m_mutex);
        std::vector<GateDecisionRecord> out;
        for (const auto& d : m_decisions) {
            if (d.at >= since && (repo.empty() || d.repo == repo)) {
                out.push_back(d);
            }
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });
        return out;
    }

    StoreResult<std::pair<QueueItem, bool>> enqueue(const QueueItem& item,
                                                    const QueueEvent& created) override {
        std::lock_guard lock(m_mutex);
        for (const auto& [id, stored] : m_queue) {
            if (stored.repo == item.repo && stored.version == item.version) {
                return std::pair(stored, false);
            }
        }
        if (m_queue.contains(item.id)) {
            return make_unexpected(StoreError{"in-memory state: could not enqueue " + item.id +
                                              ": an item with this id exists already; this is a "
                                              "bug in fairweather, please report it"});
        }
        QueueItem stored = item;
        stored.history = {created};
        m_queue.emplace(stored.id, stored);
        return std::pair(std::move(stored), true);
    }

    // One process, no lease to lose: a fence is accepted and ignored.
    StoreResult<bool> save_queue_item(const QueueItem& item, QueueState expected,
                                      const std::optional<QueueEvent>& event,
                                      const std::optional<Fence>& /*fence*/) override {
        std::lock_guard lock(m_mutex);
        const auto it = m_queue.find(item.id);
        if (it == m_queue.end()) {
            return make_unexpected(StoreError{
                "in-memory state: could not save a queue item: there is no queue item with id \"" +
                item.id +
                "\"; only an enqueued item can be saved (this is a bug in fairweather, please "
                "report it)"});
        }
        // Only the mutable fields: what was asked for never changes after enqueue.
        QueueItem& stored = it->second;
        if (stored.state != expected) {
            return false;
        }
        stored.state = item.state;
        stored.attempts = item.attempts;
        stored.next_attempt_at = item.next_attempt_at;
        stored.dispatched_at = item.dispatched_at;
        stored.run_id = item.run_id;
        stored.run_url = item.run_url;
        stored.shipped_at = item.shipped_at;
        stored.ref = item.ref;
        stored.sla_breach_counted = item.sla_breach_counted;
        if (event) {
            stored.history.push_back(*event);
        }
        return true;
    }

    StoreResult<std::optional<QueueItem>> queue_item(const std::string& id) override {
        std::lock_guard lock(m_mutex);
        const auto it = m_queue.find(id);
        return it == m_queue.end() ? std::nullopt : std::optional<QueueItem>(it->second);
    }

    StoreResult<QueueListing> queue_items(bool unfinished_only) override {
        std::lock_guard lock(m_mutex);
        QueueListing listing;
        std::vector<QueueItem>& out = listing.items;
        for (const auto& [id, item] : m_queue) {
            if (!unfinished_only || !is_final(item.state)) {
                out.push_back(item);
            }
        }
        // Newest enqueued first, ties by id (the map's order, kept by the stable sort).
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return a.enqueued_at > b.enqueued_at;
        });
        return listing;
    }

  private:
    std::mutex m_mutex;
    std::vector<ObservationRecord> m_observations;
    std::map<std::string, CachedResponse> m_responses;
    std::map<std::pair<std::string, std::string>, IncidentRecord> m_incidents;
    std::optional<VerdictState> m_verdict;
    std::vector<Transition> m_transitions;
    std::map<std::pair<std::string, std::int64_t>, ReleaseRecord> m_releases;
    std::vector<GateDecisionRecord> m_decisions;
    std::map<std::string, QueueItem> m_queue;
};

}  // namespace

std::unique_ptr<StateStore> make_memory_store() {
    return std::make_unique<MemoryStore>();
}

}  // namespace fairweather
