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

// monthly: on a day of each month; every: a fixed grid N weeks apart from the
// anchor; rolling: each release due N weeks after the previous one shipped.
enum class Cadence { on_demand, monthly, every, rolling };
// What happens to a release day that falls on a Saturday or Sunday. none: it
// stays; next_monday / previous_friday: it moves; shortly_after: it stays,
// and the release is on time up to the next business day ("on the 20th, or
// shortly after if that falls on a weekend").
enum class WeekendRule { none, next_monday, previous_friday, shortly_after };

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

// Where a rule period starts or ends: a version (compared in the scheme) or a
// day; a release is placed by its version or by the day it came out.
struct RuleBound {
    std::optional<Version> version;
    std::optional<Date> date;

    std::string text() const;  // "24.0.0" or "2024-08-20"
};

// Rules that held for part of a project's history ([[policy.rules]]): a
// release whose version (or release day) is in [from, until) follows these;
// what a period does not set is [policy]'s. The first period that covers a
// release wins.
struct RulePeriod {
    std::optional<RuleBound> from;
    std::optional<RuleBound> until;
    std::string note;  // what this process was ("the original 1.0 process")
    std::optional<WeekendRule> weekend;
    std::optional<int> support_months;
    std::optional<int> support_releases;
    std::optional<int> lts_every_major;
    std::optional<int> lts_every_months;
    std::optional<std::string> lts_anchor;
    std::optional<std::vector<std::string>> lts_versions;
    std::optional<int> lts_support_months;

    bool covers(const Version& v, Date released) const;
    std::string describe() const;  // "until 24.0.0 (the original 1.0 process)"
};

// The rules of a release line that a project may change over time: [policy]
// holds them (a ReleasePolicy is one), and a [[policy.rules]] period may set
// any of them for part of the history.
struct SupportRules {
    // What happens to a release day on a Saturday or Sunday.
    WeekendRule weekend = WeekendRule::none;
    // Support of a regular release: a number of months after it, and/or until
    // the Nth regular release after it ships; with both, the later of the two
    // (Wasmtime's "2 months" lasts until two newer releases are out).
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
};

// The rules one release follows: [policy]'s, or a period's over them.
struct LineRules : SupportRules {
    const RulePeriod* period = nullptr;  // unset: [policy]'s own
};

struct ReleasePolicy : SupportRules {
    bool configured = false;  // false: no [policy]; only the weather is checked
    VersionScheme scheme = VersionScheme::semver;
    // The component a regular release increments: 0 major (Wasmtime, Cloud
    // Hypervisor), 1 minor (a PEP 440 project releasing 1.2, 1.3, ...).
    std::size_t regular_component = 0;
    TimeZone time_zone;

    Cadence cadence = Cadence::on_demand;
    unsigned day = 20;    // monthly: day of the month (1-31; short months use their last day)
    int every_weeks = 6;  // every, rolling: the period
    // A release on the schedule: numbers the slots (and, for `every`, sets their phase).
    std::optional<Version> anchor_version;
    std::optional<Date> anchor_date;
    // Branch cut: a day of the release month (monthly), or a time before the release.
    std::optional<unsigned> branch_cut_day;
    std::optional<int> branch_cut_days_before;
    // (weekend, support and LTS: SupportRules)

    std::vector<VersionOverride> overrides;
    std::vector<FreezeWindow> freezes;
    std::vector<KnownRelease> releases;  // [[policy.releases]]
    std::vector<RulePeriod> periods;     // [[policy.rules]], in the order written
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
    // The regular release whose branch `v` is on (39.0.2 -> 39.0.0, 1.3.0rc1 -> 1.3.0).
    Version line_of(const Version& v) const;
    // The rules the release `v` (out on `released`) follows.
    LineRules rules_for(const Version& v, Date released) const;
};

// A regular release and the branch its fixes go to.
struct ReleaseLine {
    Version version;
    Date released_on;
    // The first day it is no longer supported; unset: none known (no support
    // rule, or support lasts until a successor that is overdue ships).
    std::optional<Date> eol;
    std::string eol_reason;  // "2 months", "until 42.0.0 shipped", "LTS, 24 months", ...
    std::string rules;       // the [[policy.rules]] period it follows; empty: [policy]'s
    bool lts = false;
    std::string source;  // "github", "config", "override", "schedule"
    std::string branch;  // "39.0.x"
};

struct ScheduledRelease {
    Version version;
    Date date;
    Date due;  // the last day it is on time: `date`, or later under weekend = "shortly after"
    std::optional<Date> branch_cut;
    bool overdue = false;  // its due day has passed and it is not out
};

// The next business day on or after `d` when `rule` is shortly_after and `d`
// is a Saturday or Sunday; else `d`.
Date due_day(Date d, WeekendRule rule);

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

// The schedule's slots (regular release dates) up to and including `until`,
// each with the version it should carry: from the anchor (monthly, every),
// or, rolling, N weeks after each known regular release in `history` (the
// anchor only without history). Empty for on_demand or without an anchor.
std::vector<ScheduledRelease> schedule(const ReleasePolicy& policy, Date until,
                                       const std::vector<KnownRelease>& history = {});

// The policy in one line: "semver versions, monthly on day 20, time zone UTC".
std::string describe_policy(const ReleasePolicy& policy);

// What the policy says on `date`. `history`: releases known from GitHub or
// the config (any order; patches included). Regular releases missing from
// history are taken from the schedule while their date has come, unless
// `history_is_complete` (GitHub's list is), in which case a scheduled
// release whose date passed without it is reported as the overdue next one.
// `current` defaults to the newest line released by `date`; given, it is
// trusted over the schedule (lines the schedule would have out after it are
// not, and its own line is out even when no history has it yet).
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
