#pragma once
// Turning an enqueue request into a queue item: defaults from the [[repos]]
// entry, validation of every field (the API answers 400 naming the field).

#include "config/config.h"
#include "core/queue/item.h"
#include "core/util/expected.h"

namespace fairweather::monitor {

// At most this many caller inputs (the correlation input is added on top).
constexpr std::size_t k_max_inputs = 10;

// Builds a queued item from `request` at `now`: the repository must be
// watched (a [[repos]] entry); the version must parse in the policy's scheme;
// kind defaults to "security" (or "patch"); workflow and ref default from the
// [[repos]] entry (an empty ref is resolved to the default branch at
// dispatch); inputs are at most 10 names of [A-Za-z0-9_-] (not the
// correlation input) with values up to 1000 characters; no field may hold a
// control character. The deadline is the advisory time (else now) plus the
// policy's security SLA.
Expected<QueueItem, ParseError> make_queue_item(const EnqueueRequest& request, const Config& config,
                                                TimePoint now);

// Constant-time comparison, for tokens.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace fairweather::monitor
