#pragma once
// A StateStore whose disk has gone: it opened, holds no saved verdict or
// responses, and every other call fails with the same StoreError, so a test
// can check what the monitor does when nothing can be kept or read back.

#include <string>

#include "core/store/state_store.h"

namespace fairweather::testing {

class FailingStore final : public StateStore {
  public:
    static constexpr const char* k_message =
        "state database /lost/fairweather.db: could not do it: disk I/O error; check the disk";

    StoreResult<void> health() override { return fail(); }
    StoreResult<void> record_round(const PollRound&) override { return fail(); }
    StoreResult<void> record_observation(const ObservationRecord&) override { return fail(); }
    StoreResult<std::vector<ObservationRecord>> observations(const std::string&,
                                                             TimePoint) override {
        return fail();
    }
    StoreResult<void> save_response(const CachedResponse&) override { return fail(); }
    StoreResult<std::optional<CachedResponse>> load_response(const std::string&) override {
        return std::nullopt;
    }
    StoreResult<std::int64_t> forget_responses_except(const std::vector<std::string>&) override {
        return fail();
    }
    StoreResult<void> upsert_incident(const IncidentRecord&) override { return fail(); }
    StoreResult<void> resolve_incidents_except(const std::string&, const std::vector<std::string>&,
                                               TimePoint) override {
        return fail();
    }
    StoreResult<std::vector<IncidentRecord>> incidents(const std::string&) override {
        return fail();
    }
    StoreResult<void> save_verdict(const VerdictState&, const std::optional<Transition>&) override {
        return fail();
    }
    StoreResult<std::optional<VerdictState>> load_verdict() override { return std::nullopt; }
    StoreResult<std::vector<Transition>> transitions(TimePoint) override { return fail(); }
    StoreResult<void> upsert_releases(const std::vector<ReleaseRecord>&) override { return fail(); }
    StoreResult<std::vector<ReleaseRecord>> releases(const std::string&) override { return fail(); }
    StoreResult<PruneCounts> prune(TimePoint) override { return fail(); }
    StoreResult<void> record_decision(const GateDecisionRecord&) override { return fail(); }
    StoreResult<std::vector<GateDecisionRecord>> decisions(const std::string&, TimePoint) override {
        return fail();
    }
    StoreResult<std::pair<QueueItem, bool>> enqueue(const QueueItem&, const QueueEvent&) override {
        return fail();
    }
    StoreResult<bool> save_queue_item(const QueueItem&, QueueState,
                                      const std::optional<QueueEvent>&,
                                      const std::optional<Fence>&) override {
        return fail();
    }
    StoreResult<std::optional<QueueItem>> queue_item(const std::string&) override { return fail(); }
    StoreResult<QueueListing> queue_items(bool) override { return fail(); }

  private:
    static tl::unexpected<StoreError> fail() { return make_unexpected(StoreError{k_message}); }
};

}  // namespace fairweather::testing
