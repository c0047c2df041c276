#pragma once
// `fairweather-gate check`: observe the CI weather and decide, optionally
// waiting for it to clear. No I/O of its own beyond the seams it is given.

#include <optional>
#include <ostream>
#include <string>

#include "config/config.h"
#include "core/http/client.h"
#include "core/queue/item.h"
#include "core/release/policy.h"
#include "core/util/clock.h"
#include "core/util/secret.h"
#include "core/weather/decision.h"
#include "core/weather/weather.h"

namespace fairweather::gate {

struct CheckRequest {
    ReleaseKind kind = ReleaseKind::regular;
    std::string release;  // version being released, may be empty
    std::string repo;     // OWNER/NAME, may be empty
    // Keep polling while the decision is defer, for at most this long.
    std::optional<Duration> wait;
    // Ask this fairweather-monitor (base URL) instead of polling the sources.
    std::string monitor_url;
    // Judge the release policy as of this day (what-if); default: today in
    // the policy's time zone.
    std::optional<Date> date;
    // Queue a deferred regular or patch release in the monitor too (a
    // deferred security release always is).
    bool queue_deferred = false;
    // For a deferred security release queued in the monitor.
    std::string advisory_id;
    std::string advisory_at;
    // Who asks, for the monitor's records of the queued release and the decision.
    std::string requested_by;
    // The monitor's API token: with one, the decision is recorded in the
    // monitor; a deferred security release is queued with it (or refused
    // without it, and the result says so).
    Secret api_token;
};

struct CheckResult {
    GateDecision decision;
    Conditions conditions;  // the last observation of every source
    int polls = 0;
    Duration waited{0};
    std::vector<std::string> policy_notes;  // e.g. the release history could not be read
    // A deferred security release queued in the monitor, or why it was not.
    std::optional<QueueItem> queued;
    bool queued_now = false;  // false: the monitor already had it
    std::string queue_problem;
};

// Polls every configured status page once, in order, and combines them.
Conditions observe(HttpClient& http, const std::vector<StatusPageSettings>& pages, Clock& clock);

// Asks a fairweather-monitor for its verdict (GET {monitor}/api/v1/weather).
// When the monitor cannot be asked or its answer cannot be read, polls the
// status pages instead, with a note saying so.
Conditions observe_via_monitor(HttpClient& http, const std::string& monitor_url,
                               const std::vector<StatusPageSettings>& pages, Clock& clock);

// A watched component's scheduled maintenance that overlaps [now, now +
// lookahead], as a reason; nullopt when there is none.
std::optional<std::string> upcoming_maintenance(const Conditions& conditions, TimePoint now,
                                                Duration lookahead);

// Observes and decides. The release policy (when configured) can block: the
// version is not a valid successor, its branch is past end of life, a
// non-security release falls in a freeze window, or a final release the
// policy wants a pre-release before has none (without release history, that
// last rule is a note instead); a block is final, so it is not waited on. A
// scheduled maintenance of a watched component within the policy's
// maintenance_lookahead defers a release that could otherwise proceed. With
// `wait`, while the decision is defer and time is left, it sleeps on `clock`
// (starting at the policy's wait_interval, doubling up to wait_max_interval,
// never less than a source's Retry-After, never past the deadline), printing
// one progress line per wait to `progress`, then decides on the last
// observation. With a monitor, it then shares the result: a deferred security
// release (with a repository and a version) is queued there, so that the
// monitor ships it once CI has recovered, and with an API token the decision
// is recorded there; what could not be done is in the result (queue_problem,
// policy_notes), never a failure of the check.
CheckResult run_check(const CheckRequest& request, const Config& config, HttpClient& http,
                      Clock& clock, std::ostream& progress);

}  // namespace fairweather::gate
