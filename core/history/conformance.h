#pragma once
// Does the written policy match what the project does? Every patch release of
// a period checked against the policy of its day (was its branch supported?),
// and every day several branches were patched at once compared with the
// policy's backport targets of that day. "The policy of the day" is the plan
// as the day began: the lines out before it, each supported by the rules it
// follows until its end of life; a regular release made the same day counts
// after the patches (the fix ships in it too). Pure functions over plain
// structs.

#include <optional>
#include <string>
#include <vector>

#include "core/release/policy.h"

namespace fairweather {

struct PublishedRelease;  // core/history/delay_report.h

// One patch release against the policy of its day.
struct PatchCheck {
    std::string version;
    std::string branch;
    Date published;
    enum class Verdict {
        supported,    // its branch was supported that day
        unsupported,  // its branch's support had ended
        no_line,      // no regular release of its branch is known
    } verdict = Verdict::supported;
    // Why: "supported until 2025-12-20 (2 months)", "support ended 2025-06-21
    // (2 months), 3 days before".
    std::string why;
    std::string rules;  // the [[policy.rules]] period its line follows; empty: [policy]'s
};

// A day several branches were patched, against the backport targets.
struct RoundCheck {
    Date day;
    std::vector<std::string> patched;  // branches, newest first
    std::vector<std::string> targets;  // the policy's backport targets that day
    std::vector<std::string> extra;    // patched, not a target
    std::vector<std::string> missing;  // a target, not patched that day
    // Each extra branch's end of support; each missing one's nearest patch
    // within a week ("28.3 came 1 day later").
    std::vector<std::string> notes;

    bool matches() const { return extra.empty() && missing.empty(); }
};

struct Conformance {
    int patches = 0;      // patch releases in the period (pre-releases left out)
    int supported = 0;    // ... on a branch the policy supported that day
    int unsupported = 0;  // ... on one it did not
    int no_line = 0;      // ... on a branch with no known regular release
    int rounds = 0;       // days with patches on two or more branches
    int rounds_matching = 0;
    // [policy] require_prerelease: the final releases in the period of the
    // kinds listed (regular, and patch for every other one), how many had a
    // pre-release of their version out first, and those that did not.
    int staging_required = 0;
    int staged = 0;
    std::vector<std::string> unstaged;
    std::vector<PatchCheck> checks;  // every patch release, by publication
    std::vector<RoundCheck> round_checks;
    std::vector<std::string> notes;
};

// Checks the patch releases published in [since, until] (days in the
// policy's time zone; unset = unbounded) against the policy, with `releases`
// (all of them, any order) as the history the plans of each day are made from.
Conformance check_conformance(const ReleasePolicy& policy,
                              const std::vector<PublishedRelease>& releases,
                              std::optional<Date> since, std::optional<Date> until);

}  // namespace fairweather
