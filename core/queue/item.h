#pragma once
// Deferred security releases: the queue items the monitor keeps and ships
// once CI has recovered. Plain data and the state names.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/release/kind.h"
#include "core/util/expected.h"
#include "core/util/parse_error.h"
#include "core/util/time.h"

namespace fairweather {

// queued -> dispatching -> dispatched -> running -> shipped | failed | cancelled.
// "dispatching" records the intent before the dispatch request is sent, so a
// monitor killed at any moment can tell, after a restart, that it must look
// for the run before dispatching again.
enum class QueueState { queued, dispatching, dispatched, running, shipped, failed, cancelled };

std::string_view to_string(QueueState s);
std::optional<QueueState> parse_queue_state(std::string_view text);
// shipped, failed and cancelled: nothing more will happen to the item.
bool is_final(QueueState s);

struct QueueEvent {
    TimePoint at{};
    QueueState from = QueueState::queued;
    QueueState to = QueueState::queued;
    std::string cause;
};

struct QueueItem {
    std::string id;  // "sr-" and 16 hex digits; also the dispatch's correlation input
    std::string repo;
    std::string version;
    ReleaseKind kind = ReleaseKind::security;
    std::string workflow;  // file name (release.yml) or numeric workflow id
    std::string ref;       // empty: resolved to the repository's default branch at dispatch
    std::vector<std::pair<std::string, std::string>> inputs;
    std::string reason;
    std::string requested_by;
    std::string advisory_id;
    std::optional<TimePoint> advisory_at;

    TimePoint enqueued_at{};
    TimePoint deadline{};  // (advisory_at or enqueued_at) + the policy's security SLA
    QueueState state = QueueState::queued;
    int attempts = 0;                          // dispatches tried
    std::optional<TimePoint> next_attempt_at;  // not before (backoff)
    std::optional<TimePoint> dispatched_at;    // when the last dispatch intent was recorded
    std::int64_t run_id = 0;
    std::string run_url;
    std::optional<TimePoint> shipped_at;
    bool sla_breach_counted = false;  // the deadline passed unshipped, and that was counted once
    std::vector<QueueEvent> history;  // oldest first (filled when read from the store)
};

// A queue row this build cannot read: a state or kind it does not know
// (written by a newer fairweather, or changed by hand). It is skipped, never
// guessed: reading an unknown state as "queued" could ship a release twice.
struct UnreadableQueueItem {
    std::string id;
    std::string problem;  // what is wrong with it and what to do
};

// A request to enqueue, as the API receives it (fields may be empty).
struct EnqueueRequest {
    std::string repo;
    std::string version;
    std::string kind;
    std::string workflow;
    std::string ref;
    std::vector<std::pair<std::string, std::string>> inputs;
    std::string reason;
    std::string requested_by;
    std::string advisory_id;
    std::string advisory_at;  // RFC 3339, may be empty
};

}  // namespace fairweather
