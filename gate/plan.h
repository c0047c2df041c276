#pragma once
// `fairweather-gate plan` and the policy half of `check`: where release dates
// come from, and how a plan is shown.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/http/client.h"
#include "core/release/policy.h"
#include "core/store/state_store.h"
#include "core/util/clock.h"
#include "gate/context.h"

namespace fairweather::gate {

struct History {
    // Final releases only: the plan engine makes release lines of these.
    std::vector<KnownRelease> releases;
    // Pre-releases (by version, or by GitHub's flag), for [policy] require_prerelease.
    std::vector<KnownRelease> prereleases;
    // The project's whole list (GitHub's through the monitor, or a --releases
    // file): a scheduled release missing from it did not happen.
    bool complete = false;
    std::string source;              // where the dates came from, for the output
    std::vector<std::string> notes;  // skipped tags, a monitor that could not be asked

    // Nothing is known of what was released: the plan follows the schedule,
    // which knows no pre-releases.
    bool schedule_only() const { return !complete && releases.empty() && prereleases.empty(); }
};

// Release dates when no --releases file is given, in order of preference:
// the monitor's record of `repo`'s GitHub releases (when both are given and
// it has any), the config's [[policy.releases]] (pre-release versions among
// them go to `prereleases`), else none (the plan then follows the schedule).
History load_history(HttpClient& http, const Config& config, const std::string& monitor_url,
                     const std::string& repo);

// Releases dates from those records under `policy`: drafts left out,
// pre-releases kept apart in `prereleases`; a tag that is not a version of the
// scheme left out with a note; dates are publication days in the policy's
// time zone.
History history_from_records(const std::vector<ReleaseRecord>& records,
                             const ReleasePolicy& policy);

// Today in the policy's time zone.
Date today(const ReleasePolicy& policy, Clock& clock);

std::string render_plan_text(const Plan& plan, const ReleasePolicy& policy, const History& history);
std::string render_plan_json(const Plan& plan, const History& history);

struct PlanOptions {
    std::string config_path;
    std::optional<Date> date;  // default: today in the policy's time zone
    std::string current;       // the version a fix starts from; default the newest release
    std::string repo;          // whose GitHub releases the monitor knows
    std::string monitor;       // default: [gate] monitor
    // Release dates from this file (the formats of read_releases), the
    // project's whole list; it outranks the monitor and [[policy.releases]].
    std::string releases_file;
    bool json = false;
};

// `fairweather-gate plan`. Exit status: 0, 64 a bad --current, 65 a
// --releases file in no known format, 66 one that cannot be read, 78 a bad
// config or none with a [policy].
int run_plan_command(const PlanOptions& options, GateContext& ctx);

}  // namespace fairweather::gate
