#include "core/history/conformance.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>

#include "core/history/delay_report.h"
#include "core/history/release_history.h"

namespace fairweather {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

int days_between(Date from, Date to) {
    return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

struct Patch {
    Version version;
    Version line;  // the regular release of its branch
    std::string branch;
    Date day;
};

// The plans "as the day began", made once per day from the whole history
// (make_plan only counts what was out by its date).
class PlansByDay {
  public:
    PlansByDay(const ReleasePolicy& policy, std::vector<KnownRelease> history)
        : m_policy(policy), m_history(std::move(history)) {}

    const Plan& at_start_of(Date day) {
        auto it = m_plans.find(sys_days{day});
        if (it == m_plans.end()) {
            const Date eve{sys_days{day} - days{1}};
            it = m_plans.emplace(sys_days{day}, make_plan(m_policy, m_history, true, eve)).first;
        }
        return it->second;
    }

    // Whether the regular release `line` came out on `day`.
    bool released_on(const Version& line, Date day) const {
        return std::any_of(m_history.begin(), m_history.end(), [&](const KnownRelease& r) {
            return r.version == line && sys_days{r.date} == sys_days{day};
        });
    }

  private:
    const ReleasePolicy& m_policy;
    std::vector<KnownRelease> m_history;
    std::map<sys_days, Plan> m_plans;
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
        if ((since && sys_days{day} < sys_days{*since}) ||
            (until && sys_days{*until} < sys_days{day})) {
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

PatchCheck check_patch(PlansByDay& plans, const Patch& patch) {
    PatchCheck check;
    check.version = patch.version.text();
    check.branch = patch.branch;
    check.published = patch.day;
    const Plan& plan = plans.at_start_of(patch.day);
    const auto line = std::find_if(plan.lines.begin(), plan.lines.end(),
                                   [&](const ReleaseLine& l) { return l.version == patch.line; });
    if (line == plan.lines.end()) {
        if (plans.released_on(patch.line, patch.day)) {
            check.why = "its line " + patch.line.text() + " came out the same day";
        } else {
            check.verdict = PatchCheck::Verdict::no_line;
            check.why = "no regular release " + patch.line.text() + " is known";
        }
        return check;
    }
    const bool supported =
        std::any_of(plan.supported.begin(), plan.supported.end(),
                    [&](const ReleaseLine& l) { return l.version == patch.line; });
    const std::string reason = line->eol_reason.empty() ? "" : " (" + line->eol_reason + ")";
    if (supported) {
        check.why = line->eol ? "supported until " + format_date(*line->eol) + reason
                              : "supported" + reason;
    } else {
        check.verdict = PatchCheck::Verdict::unsupported;
        const int after = days_between(*line->eol, patch.day);
        check.why = "support ended " + format_date(*line->eol) + reason + ", " +
                    std::to_string(after) + (after == 1 ? " day" : " days") + " before";
    }
    check.rules = line->rules;
    return check;
}

bool holds(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// The nearest patch on `branch` within a week of `day`, said in words.
std::string nearest_patch(const std::vector<Patch>& all, const std::string& branch, Date day) {
    const Patch* best = nullptr;
    for (const auto& p : all) {
        const int gap = std::abs(days_between(day, p.day));
        if (p.branch == branch && gap <= 7 &&
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
RoundCheck check_round(PlansByDay& plans, const std::vector<Patch>& all,
                       const std::vector<PatchCheck>& checks, std::size_t first, std::size_t end) {
    RoundCheck round;
    round.day = all[first].day;
    const Plan& plan = plans.at_start_of(round.day);
    round.targets = plan.backport_targets;
    for (std::size_t i = first; i < end; ++i) {
        const Patch& p = all[i];
        if (holds(round.patched, p.branch)) {
            continue;
        }
        round.patched.push_back(p.branch);
        // A line out the same day is neither a target nor extra.
        if (!holds(round.targets, p.branch) && !plans.released_on(p.line, round.day)) {
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
        std::vector<Patch> others;
        std::copy_if(all.begin(), all.end(), std::back_inserter(others),
                     [&](const Patch& p) { return sys_days{p.day} != sys_days{round.day}; });
        round.notes.push_back(nearest_patch(others, branch, round.day));
    }
    return round;
}

}  // namespace

Conformance check_conformance(const ReleasePolicy& policy,
                              const std::vector<PublishedRelease>& releases,
                              std::optional<Date> since, std::optional<Date> until) {
    Conformance out;
    PlansByDay plans(policy, known_releases(releases, policy, "history"));
    const std::vector<Patch> patches = patches_in(policy, releases, since, until);
    for (const auto& patch : patches) {
        out.checks.push_back(check_patch(plans, patch));
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
            out.round_checks.push_back(check_round(plans, patches, out.checks, first, end));
            ++out.rounds;
            out.rounds_matching += out.round_checks.back().matches() ? 1 : 0;
        }
        first = end;
    }
    if (out.patches == 0) {
        out.notes.push_back("no patch releases in the period");
    }
    return out;
}

}  // namespace fairweather
