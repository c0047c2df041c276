#include "core/history/conformance.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>

#include "core/history/delay_report.h"
#include "core/history/release_history.h"
#include "core/release/staging.h"

namespace fairweather {
namespace {

using std::chrono::sys_days;

int days_between(Date from, Date to) {
    return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

// Whether `day` is in [since, until] (unset = unbounded).
bool in_period(Date day, std::optional<Date> since, std::optional<Date> until) {
    return !(since && sys_days{day} < sys_days{*since}) &&
           !(until && sys_days{*until} < sys_days{day});
}

struct Patch {
    Version version;
    Version line;  // the regular release of its branch
    std::string branch;
    Date day;
};

// The release lines of the whole history with their ends of life. Whether a
// line was supported as a day began needs no plan of that day: a successor
// not out by then ends the line's support after it in either view (on its
// scheduled day, when it ships if overdue, or, looking back, the day it
// shipped), and one out by then gives the same day in both. So the plan at
// the end of the history answers for every day.
class HistoryLines {
  public:
    HistoryLines(const ReleasePolicy& policy, const std::vector<KnownRelease>& history) {
        if (history.empty()) {
            return;
        }
        Date last = history.front().date;
        for (const auto& r : history) {
            last = sys_days{last} < sys_days{r.date} ? r.date : last;
        }
        m_plan = make_plan(policy, history, true, last);
        for (const auto& line : m_plan.lines) {
            m_by_version.emplace(line.version, &line);
        }
    }

    const ReleaseLine* find(const Version& line) const {
        const auto it = m_by_version.find(line);
        return it == m_by_version.end() ? nullptr : it->second;
    }

    // Out before `day` and its support not ended by then.
    static bool supported_as(const ReleaseLine& line, Date day) {
        return sys_days{line.released_on} < sys_days{day} &&
               (!line.eol || !(sys_days{*line.eol} < sys_days{day}));
    }

    // The branches a fix went to as `day` began: the supported lines, newest first.
    std::vector<std::string> targets_as(Date day) const {
        std::vector<std::string> targets;
        for (const auto& line : m_plan.lines) {
            if (supported_as(line, day)) {
                targets.push_back(line.branch);
            }
        }
        return targets;
    }

  private:
    Plan m_plan;
    std::map<Version, const ReleaseLine*> m_by_version;
};

// The patch releases (not regular, not pre-releases) published in the period, by day.
std::vector<Patch> patches_in(const ReleasePolicy& policy,
                              const std::vector<PublishedRelease>& releases,
                              std::optional<Date> since, std::optional<Date> until) {
    std::vector<Patch> patches;
    for (const auto& r : releases) {
        if (r.prerelease || policy.is_regular(r.version)) {
            continue;
        }
        const Date day = policy.time_zone.local_date(r.published_at);
        if (!in_period(day, since, until)) {
            continue;
        }
        const Version line = policy.line_of(r.version);
        patches.push_back(Patch{r.version, line, line.branch(policy.branch_depth()), day});
    }
    std::stable_sort(patches.begin(), patches.end(), [](const Patch& a, const Patch& b) {
        return sys_days{a.day} != sys_days{b.day} ? sys_days{a.day} < sys_days{b.day}
                                                  : b.version < a.version;
    });
    return patches;
}

PatchCheck check_patch(const HistoryLines& lines, const Patch& patch) {
    PatchCheck check;
    check.version = patch.version.text();
    check.branch = patch.branch;
    check.published = patch.day;
    const ReleaseLine* line = lines.find(patch.line);
    if (line == nullptr) {
        check.verdict = PatchCheck::Verdict::no_line;
        check.why = "no regular release " + patch.line.text() + " is known";
        return check;
    }
    check.rules = line->rules;
    const std::string reason = line->eol_reason.empty() ? "" : " (" + line->eol_reason + ")";
    if (sys_days{line->released_on} == sys_days{patch.day}) {
        check.why = "its line " + patch.line.text() + " came out the same day";
    } else if (sys_days{patch.day} < sys_days{line->released_on}) {
        check.verdict = PatchCheck::Verdict::no_line;
        check.why = "its line " + patch.line.text() + " came out later, on " +
                    format_date(line->released_on);
    } else if (HistoryLines::supported_as(*line, patch.day)) {
        check.why = line->eol ? "supported until " + format_date(*line->eol) + reason
                              : "supported" + reason;
    } else {
        check.verdict = PatchCheck::Verdict::unsupported;
        const int after = days_between(*line->eol, patch.day);
        check.why = "support ended " + format_date(*line->eol) + reason + ", " +
                    std::to_string(after) + (after == 1 ? " day" : " days") + " before";
    }
    return check;
}

bool holds(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// The nearest patch on `branch` within a week of `day` (another day), said in words.
std::string nearest_patch(const std::vector<Patch>& all, const std::string& branch, Date day) {
    const Patch* best = nullptr;
    for (const auto& p : all) {
        const int gap = std::abs(days_between(day, p.day));
        if (p.branch == branch && gap > 0 && gap <= 7 &&
            (best == nullptr || gap < std::abs(days_between(day, best->day)))) {
            best = &p;
        }
    }
    if (best == nullptr) {
        return branch + ": not patched within a week";
    }
    const int gap = days_between(day, best->day);
    return branch + ": " + best->version.text() + " came " + std::to_string(std::abs(gap)) +
           (std::abs(gap) == 1 ? " day " : " days ") + (gap > 0 ? "later" : "earlier");
}

// The patches of one day, when on two or more branches, against that day's targets.
RoundCheck check_round(const HistoryLines& lines, const std::vector<Patch>& all,
                       const std::vector<PatchCheck>& checks, std::size_t first, std::size_t end) {
    RoundCheck round;
    round.day = all[first].day;
    round.targets = lines.targets_as(round.day);
    for (std::size_t i = first; i < end; ++i) {
        const Patch& p = all[i];
        if (holds(round.patched, p.branch)) {
            continue;
        }
        round.patched.push_back(p.branch);
        // A line out the same day is neither a target nor extra.
        const ReleaseLine* line = lines.find(p.line);
        const bool same_day = line != nullptr && sys_days{line->released_on} == sys_days{round.day};
        if (!holds(round.targets, p.branch) && !same_day) {
            round.extra.push_back(p.branch);
            round.notes.push_back(p.branch + ": " + checks[i].why);
        }
    }
    for (const auto& target : round.targets) {
        if (!holds(round.patched, target)) {
            round.missing.push_back(target);
        }
    }
    for (const auto& branch : round.missing) {
        round.notes.push_back(nearest_patch(all, branch, round.day));
    }
    return round;
}

// require_prerelease against the releases, by the gate's own rule
// (staging_blocks): each final release of a listed kind (regular, or patch)
// and whether a pre-release of its version came out before it or the same day.
void check_staging(const ReleasePolicy& policy, const std::vector<PublishedRelease>& releases,
                   std::optional<Date> since, std::optional<Date> until, Conformance& out) {
    if (policy.require_prerelease.empty()) {
        return;
    }
    std::vector<const PublishedRelease*> finals;
    for (const auto& r : releases) {
        if (!r.prerelease && in_period(policy.time_zone.local_date(r.published_at), since, until)) {
            finals.push_back(&r);
        }
    }
    std::sort(finals.begin(), finals.end(),
              [](const auto* a, const auto* b) { return a->published_at < b->published_at; });
    const std::vector<KnownRelease> prereleases = known_prereleases(releases, policy, "history");
    for (const auto* r : finals) {
        const ReleaseKind kind =
            policy.is_regular(r->version) ? ReleaseKind::regular : ReleaseKind::patch;
        const std::string version = r->version.text();
        if (!requires_prerelease(policy, kind, version)) {
            continue;
        }
        ++out.staging_required;
        const Date day = policy.time_zone.local_date(r->published_at);
        if (staging_blocks(policy, prereleases, kind, version, day).empty()) {
            ++out.staged;
        } else {
            out.unstaged.push_back(version);
        }
    }
}

}  // namespace

Conformance check_conformance(const ReleasePolicy& policy,
                              const std::vector<PublishedRelease>& releases,
                              std::optional<Date> since, std::optional<Date> until) {
    Conformance out;
    const HistoryLines lines(policy, known_releases(releases, policy, "history"));
    const std::vector<Patch> patches = patches_in(policy, releases, since, until);
    for (const auto& patch : patches) {
        out.checks.push_back(check_patch(lines, patch));
        switch (out.checks.back().verdict) {
            case PatchCheck::Verdict::supported:
                ++out.supported;
                break;
            case PatchCheck::Verdict::unsupported:
                ++out.unsupported;
                break;
            case PatchCheck::Verdict::no_line:
                ++out.no_line;
                break;
        }
    }
    out.patches = static_cast<int>(patches.size());
    for (std::size_t first = 0; first < patches.size();) {
        std::size_t end = first;
        std::vector<std::string> branches;
        while (end < patches.size() && sys_days{patches[end].day} == sys_days{patches[first].day}) {
            if (!holds(branches, patches[end].branch)) {
                branches.push_back(patches[end].branch);
            }
            ++end;
        }
        if (branches.size() >= 2) {
            out.round_checks.push_back(check_round(lines, patches, out.checks, first, end));
            ++out.rounds;
            out.rounds_matching += out.round_checks.back().matches() ? 1 : 0;
        }
        first = end;
    }
    if (out.patches == 0) {
        out.notes.push_back("no patch releases in the period");
    }
    check_staging(policy, releases, since, until, out);
    return out;
}

}  // namespace fairweather
