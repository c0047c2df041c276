#pragma once
// Turning a request to queue a release into a queue item: defaults from the
// watched repository, validation of every field (the API answers 400 naming
// the field), and the id the item will carry.

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/queue/item.h"
#include "core/release/versions.h"
#include "core/util/expected.h"
#include "core/util/parse_error.h"
#include "core/util/time.h"

namespace fairweather {

// At most this many caller inputs (the correlation input is added on top).
constexpr std::size_t k_max_queue_inputs = 10;

// A repository the queue may ship releases of, with its defaults.
struct QueueTarget {
    std::string repo;              // OWNER/NAME
    std::string release_workflow;  // default workflow; may be empty
    std::string release_ref;       // default ref; empty: the default branch at dispatch
    // Workflows the queue may dispatch besides release_workflow.
    std::vector<std::string> other_workflows;
};

// What a request is checked against (the monitor's config, in short).
struct QueueRules {
    std::vector<QueueTarget> targets;
    VersionScheme scheme = VersionScheme::semver;
    Duration security_sla = std::chrono::hours{72};
    std::string correlation_input = "fairweather_id";  // set by the monitor, never by a caller
};

// Builds a queued item with id `id` from `request` at `now`: the repository
// must be a target (case-insensitive, stored as the target spells it); the
// version must parse in the scheme (stored normalised); kind defaults to
// security (patch is allowed too); workflow and ref default from the target;
// inputs are at most k_max_queue_inputs names of [A-Za-z0-9_-] (not the
// correlation input) with values up to 1000 characters; no field holds a
// control character. The deadline is the advisory time (else now) plus the
// SLA. The error names the field (its path) and says what to give.
Expected<QueueItem, ParseError> make_queue_item(const EnqueueRequest& request,
                                                const QueueRules& rules, TimePoint now,
                                                std::string id);

// Why `item`'s workflow may not be queued, naming what is allowed; empty
// when it may. The queue dispatches only a repository's release_workflow and
// the workflows its [[repos]] entry lists: an API token must not become a
// way to run any workflow of a watched repository.
std::optional<std::string> workflow_not_allowed(const QueueItem& item, const QueueRules& rules);

// Queue ids, "sr-" and 16 hex digits, from a generator seeded once: the
// composition root seeds it from the system's entropy, a test with a number
// of its choosing. Not thread-safe.
class QueueIds {
  public:
    explicit QueueIds(std::uint64_t seed) : m_rng(seed) {}
    std::string next();

  private:
    std::mt19937_64 m_rng;
};

}  // namespace fairweather
