#pragma once
// A project's release process, as written in [policy], and what follows from
// it on a given day: the next scheduled release and branch cut, the supported
// releases with their end of life, the branches a security fix must ship on,
// and whether a proposed release is allowed at all. Pure functions over plain
// structs; dates are calendar dates in the policy's time zone.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/release/kind.h"
#include "core/release/versions.h"
#include "core/util/time.h"
#include "core/util/time_zone.h"

namespace fairweather {

using Date = std::chrono::year_month_day;

std::string format_date(Date d);
std::optional<Date> parse_calendar_date(std::string_view text);  // YYYY-MM-DD
// `d` plus `months` calendar months, the day clamped to the month's last day.
Date add_months(Date d, int months);

enum class Cadence { on_demand, monthly, every };
enum class WeekendRule { none, next_monday, previous_friday };

std::string_view to_string(Cadence c);
std::string_view to_string(WeekendRule w);

// A period during which non-security releases are blocked: either fixed dates
// (inclusive) or the same month-days every year ("12-20".."01-05" wraps the
// year end).
struct FreezeWindow {
    std::optional<Date> from;
    std::optional<Date> to;
    std::optional<std::chrono::month_day> every_from;
    std::optional<std::chrono::month_day> every_to;
    std::string reason;

    bool contains(Date d) const;
    std::string describe() const;  // "2026-12-20..2027-01-05 (end-of-year freeze)"
};

// Facts about one version that the schedule cannot know.
struct VersionOverride {
    std::string version;  // as written; matched by parsed value
    std::optional<Date> released_on;
    std::optional<Date> eol;
    std::optional<bool> lts;
};

// A release that happened (or is listed in the config).
struct KnownRelease {
    Version version;
    Date date;
    std::string source;  // "github", "config", "override"
};

struct ReleasePolicy {
    bool configured = false;  // false: no [policy]; only the weather is checked
    VersionScheme scheme = VersionScheme::semver;
    // The component a regular release increments: 0 major (Wasmtime, Cloud
    // Hypervisor), 1 minor (a PEP 440 project releasing 1.2, 1.3, ...).
    std::size_t regular_component = 0;
    TimeZone time_zone;

    Cadence cadence = Cadence::on_demand;
    unsigned day = 20;  // monthly: day of the month (1-31; short months use their last day)
    WeekendRule weekend = WeekendRule::none;
    int every_weeks = 6;  // every: the period
    // A release on the schedule: numbers the slots (and, for `every`, sets their phase).
    std::optional<Version> anchor_version;
    std::optional<Date> anchor_date;
    // Branch cut: a day of the release month (monthly), or a time before the release.
    std::optional<unsigned> branch_cut_day;
    std::optional<int> branch_cut_days_before;

    // Support of a regular release: a number of months after it, or until the
    // Nth regular release after it (whichever is set; months by default).
    int support_months = 0;
    int support_releases = 0;
    // LTS: every Nth major, and/or one every N months (the first regular
    // release at least N months after the previous LTS, starting at
    // lts_anchor), and/or an explicit list; LTS lines are supported for
    // lts_support_months.
    int lts_every_major = 0;
    int lts_every_months = 0;
    std::string lts_anchor;
    std::vector<std::string> lts_versions;
    int lts_support_months = 0;

    std::vector<VersionOverride> overrides;
    std::vector<FreezeWindow> freezes;
    std::vector<KnownRelease> releases;  // [[policy.releases]]
    // Kinds of release whose final version must follow a published
    // pre-release of it (tested on staging first); see core/release/staging.h.
    std::vector<ReleaseKind> require_prerelease;
    Duration security_sla = std::chrono::hours{72};
    Duration maintenance_lookahead = std::chrono::hours{2};

    // Version components that name a release branch: 39.0.x for SemVer with
    // major releases, 38.x for MAJOR.POINT, 1.2.x for minor releases.
    std::size_t branch_depth() const;
    // Whether `v` is a regular release (its components after the regular one are 0).
    bool is_regular(const Version& v) const;
    const VersionOverride* override_for(const Version& v) const;
};

// A regular release and the branch its fixes go to.
struct ReleaseLine {
    Version version;
    Date released_on;
    std::optional<Date> eol;  // unset: no end of life known (no support rule)
    bool lts = false;
    std::string source;  // "github", "config", "override", "schedule"
    std::string branch;  // "39.0.x"
};

struct ScheduledRelease {
    Version version;
    Date date;
    std::optional<Date> branch_cut;
    bool overdue = false;  // its date has passed and it is not out
};

struct Plan {
    Date date;
    std::optional<ScheduledRelease> next_release;
    std::vector<ReleaseLine>
        lines;  // every regular release known or scheduled up to `date`, newest first
    std::vector<ReleaseLine> supported;         // those supported on `date`, newest first
    std::optional<Version> current;             // the version a fix starts from
    std::vector<std::string> backport_targets;  // branches of supported lines up to `current`
    std::vector<std::string> notes;             // things a reader should know (skipped tags, ...)
};

// The schedule's slots (regular release dates) from the anchor up to and
// including `until`, each with the version it should carry. Empty for
// on_demand or without an anchor.
std::vector<ScheduledRelease> schedule(const ReleasePolicy& policy, Date until);

// The policy in one line: "semver versions, monthly on day 20, time zone UTC".
std::string describe_policy(const ReleasePolicy& policy);

// What the policy says on `date`. `history`: releases known from GitHub or
// the config (any order; patches included). Regular releases missing from
// history are taken from the schedule while their date has come, unless
// `history_is_complete` (GitHub's list is), in which case a scheduled
// release whose date passed without it is reported as the overdue next one.
// `current` defaults to the newest line released by `date`.
Plan make_plan(const ReleasePolicy& policy, const std::vector<KnownRelease>& history,
               bool history_is_complete, Date date, std::optional<Version> current = std::nullopt);

// Why `version` (as written) may not be released as `kind` on `date`; empty
// when it may. Checks: it parses in the scheme; a regular release is the next
// one after the latest (or a pre-release of it); a patch or security release
// is the next on an existing branch that has not reached its end of life; a
// non-security release is not in a freeze window.
std::vector<std::string> policy_blocks(const ReleasePolicy& policy, const Plan& plan,
                                       const std::vector<KnownRelease>& history, ReleaseKind kind,
                                       const std::string& version, Date date);

}  // namespace fairweather
