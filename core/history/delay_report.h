#pragma once
// The release-delay report: each release against its scheduled slot, the CI
// incidents that overlapped the delay, the gate's decisions, and for security
// releases the time to ship and whether the SLA was met; with a summary.
// Pure functions over plain structs.

#include <optional>
#include <string>
#include <vector>

#include "core/history/conformance.h"
#include "core/queue/item.h"
#include "core/release/policy.h"
#include "core/store/state_store.h"

namespace fairweather {

struct PublishedRelease {
    Version version;
    std::string tag;   // as published ("v39.0.0"); the version text when read from a CSV
    std::string name;  // the GitHub release name, if any
    TimePoint published_at{};
    bool prerelease = false;  // GitHub's flag, or a pre-release version
};

struct IncidentSpan {
    std::string id;
    std::string name;
    std::string impact;
    std::string url;
    TimePoint started{};
    std::optional<TimePoint> resolved;  // unset: still unresolved
    std::vector<std::string> components;
    // Whether it concerns a component the config watches (Actions, ...):
    // only those count against a release's delay.
    bool watched = true;
};

// A release the report could not use, and why ("v1.x": not a SemVer version...).
struct SkippedRelease {
    std::string tag;
    std::string reason;
    // When it came out, if known: a report lists only those in its period
    // (and those of unknown date).
    std::optional<TimePoint> published_at;
};

struct DelayRow {
    PublishedRelease release;
    std::string kind;  // "regular", "patch", "security"
    std::optional<Date>
        scheduled;  // unset: not on the schedule (patch, on-demand, before the anchor)
    // The last day it is on time when later than `scheduled` (weekend =
    // "shortly after" and a slot on a Saturday or Sunday).
    std::optional<Date> due;
    Date published;  // in the policy's time zone
    // In days: published - due when later, 0 from scheduled to due, and
    // published - scheduled (negative) when early.
    std::optional<int> delay_days;
    // Incidents that overlapped the delay, from the scheduled day's start to publication.
    std::vector<IncidentSpan> incidents;
    std::vector<GateDecisionRecord> decisions;  // recorded for this version
    std::string queue_id;                       // the security-release queue item, if any
    std::optional<Duration> time_to_ship;       // security: advisory (or enqueue) to publication
    std::optional<bool> sla_met;                // security with a deadline known
};

struct DelaySummary {
    int releases = 0;                      // rows
    int scheduled = 0;                     // rows with a scheduled date
    int on_time = 0;                       // scheduled, delay <= 0
    int late = 0;                          // scheduled, delay > 0
    std::optional<int> median_delay_days;  // over scheduled rows, nearest rank
    std::optional<int> p90_delay_days;
    int late_with_incidents = 0;        // late rows whose delay overlapped a CI incident
    int delay_days_with_incidents = 0;  // sum of their delays
    int delay_days_other = 0;           // sum of the other late rows' delays
    int security = 0;                   // security rows
    int sla_known = 0;                  // ... with an SLA outcome
    int sla_met = 0;
};

struct DelayReport {
    std::string repo;
    std::optional<Date> since;
    std::optional<Date> until;
    std::string policy;          // one line: scheme, cadence, time zone
    std::vector<DelayRow> rows;  // by publication, oldest first
    DelaySummary summary;
    std::vector<SkippedRelease> skipped;
    std::vector<std::string> notes;
    // The policy against practice (check_conformance); `report` adds it, the
    // monitor's cadence metrics do not need it.
    std::optional<Conformance> conformance;
};

struct DelayReportInputs {
    std::vector<PublishedRelease> releases;
    std::vector<SkippedRelease> skipped;  // from reading them
    std::vector<IncidentSpan> incidents;
    std::vector<QueueItem> queue;  // for security releases
    std::vector<GateDecisionRecord> decisions;
    // Whether a release counts as a security release by its tag or name
    // (case-insensitive substring, e.g. "security"); empty: by the queue only.
    std::string security_marker;
};

// Builds the report for releases published in [since, until] (days in the
// policy's time zone; unset = unbounded). Matching to the schedule: monthly
// and rolling, a regular release to the slot of its own version; every N
// weeks, to the nearest slot at or before its publication; on demand, none. Patch releases
// are not scheduled. Drafts never reach here; pre-releases are left out
// unless `include_prereleases`. An unresolved incident counts as lasting
// until `now`.
DelayReport make_delay_report(const ReleasePolicy& policy, const std::string& repo,
                              const DelayReportInputs& inputs, std::optional<Date> since,
                              std::optional<Date> until, TimePoint now,
                              bool include_prereleases = false);

}  // namespace fairweather
