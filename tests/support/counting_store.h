#pragma once
// A StateStore that counts the writes a caller makes and hands every call to
// another store: for tests of how many transactions a caller asks for.

#include <atomic>
#include <memory>

#include "core/store/state_store.h"

namespace fairweather::testing {

class CountingStore final : public StateStore {
  public:
    explicit CountingStore(std::unique_ptr<StateStore> inner) : m_inner(std::move(inner)) {}

    // Calls of record_round, and its rounds' observations.
    std::atomic<int> rounds{0};
    std::atomic<int> round_observations{0};
    // Calls of the one-row history writes (record_observation, save_response,
    // upsert_incident, resolve_incidents_except, upsert_releases).
    std::atomic<int> single_writes{0};

    StoreResult<void> health() override { return m_inner->health(); }
    StoreResult<void> record_round(const PollRound& round) override {
        ++rounds;
        round_observations += static_cast<int>(round.observations.size());
        return m_inner->record_round(round);
    }
    StoreResult<void> record_observation(const ObservationRecord& o) override {
        ++single_writes;
        return m_inner->record_observation(o);
    }
    StoreResult<std::vector<ObservationRecord>> observations(const std::string& source,
                                                             TimePoint since) override {
        return m_inner->observations(source, since);
    }
    StoreResult<void> save_response(const CachedResponse& r) override {
        ++single_writes;
        return m_inner->save_response(r);
    }
    StoreResult<std::optional<CachedResponse>> load_response(const std::string& url) override {
        return m_inner->load_response(url);
    }
    StoreResult<std::int64_t> forget_responses_except(
        const std::vector<std::string>& live) override {
        return m_inner->forget_responses_except(live);
    }
    StoreResult<void> upsert_incident(const IncidentRecord& r) override {
        ++single_writes;
        return m_inner->upsert_incident(r);
    }
    StoreResult<void> resolve_incidents_except(const std::string& source,
                                               const std::vector<std::string>& open_ids,
                                               TimePoint now) override {
        ++single_writes;
        return m_inner->resolve_incidents_except(source, open_ids, now);
    }
    StoreResult<std::vector<IncidentRecord>> incidents(const std::string& source) override {
        return m_inner->incidents(source);
    }
    StoreResult<void> save_verdict(const VerdictState& v,
                                   const std::optional<Transition>& t) override {
        return m_inner->save_verdict(v, t);
    }
    StoreResult<std::optional<VerdictState>> load_verdict() override {
        return m_inner->load_verdict();
    }
    StoreResult<std::vector<Transition>> transitions(TimePoint since) override {
        return m_inner->transitions(since);
    }
    StoreResult<void> upsert_releases(const std::vector<ReleaseRecord>& releases) override {
        ++single_writes;
        return m_inner->upsert_releases(releases);
    }
    StoreResult<std::vector<ReleaseRecord>> releases(const std::string& repo) override {
        return m_inner->releases(repo);
    }
    StoreResult<PruneCounts> prune(TimePoint before) override { return m_inner->prune(before); }
    StoreResult<void> record_decision(const GateDecisionRecord& d) override {
        return m_inner->record_decision(d);
    }
    StoreResult<std::vector<GateDecisionRecord>> decisions(const std::string& repo,
                                                           TimePoint since) override {
        return m_inner->decisions(repo, since);
    }
    StoreResult<std::pair<QueueItem, bool>> enqueue(const QueueItem& item,
                                                    const QueueEvent& event) override {
        return m_inner->enqueue(item, event);
    }
    StoreResult<bool> save_queue_item(const QueueItem& item, QueueState expected,
                                      const std::optional<QueueEvent>& event,
                                      const std::optional<Fence>& fence) override {
        return m_inner->save_queue_item(item, expected, event, fence);
    }
    StoreResult<std::optional<QueueItem>> queue_item(const std::string& id) override {
        return m_inner->queue_item(id);
    }
    StoreResult<QueueListing> queue_items(bool unfinished_only) override {
        return m_inner->queue_items(unfinished_only);
    }

  private:
    std::unique_ptr<StateStore> m_inner;
};

}  // namespace fairweather::testing
