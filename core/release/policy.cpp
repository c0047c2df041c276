#include "core/release/policy.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace fairweather {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year;

Date clamp_day(year y, month m, unsigned d) {
    const unsigned last = static_cast<unsigned>((y / m / std::chrono::last).day());
    return Date{y, m, day{std::min(d, last)}};
}

Date plus_days(Date d, int n) {
    return Date{sys_days{d} + days{n}};
}

Date apply_weekend(Date d, WeekendRule rule) {
    const weekday wd{sys_days{d}};
    if (rule == WeekendRule::next_monday) {
        if (wd == std::chrono::Saturday) {
            return plus_days(d, 2);
        }
        if (wd == std::chrono::Sunday) {
            return plus_days(d, 1);
        }
    } else if (rule == WeekendRule::previous_friday) {
        if (wd == std::chrono::Saturday) {
            return plus_days(d, -1);
        }
        if (wd == std::chrono::Sunday) {
            return plus_days(d, -2);
        }
    }
    return d;
}

// The version `steps` regular releases after `base`.
Version advanced(const Version& base, std::size_t component, std::int64_t steps) {
    Version v = base.bumped(component);
    v.release[component] = base.component(component) + steps;
    return v;
}

std::string join_branches(const std::vector<ReleaseLine>& lines) {
    std::string out;
    for (const auto& l : lines) {
        out += (out.empty() ? "" : ", ") + l.branch;
    }
    return out.empty() ? "none" : out;
}

}  // namespace

std::string format_date(Date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

std::optional<Date> parse_calendar_date(std::string_view text) {
    const auto t = parse_date(text);
    if (!t) {
        return std::nullopt;
    }
    return Date{std::chrono::floor<days>(*t)};
}

Date add_months(Date d, int months) {
    const int total = static_cast<int>(d.year()) * 12 +
                      static_cast<int>(static_cast<unsigned>(d.month())) - 1 + months;
    return clamp_day(year{total / 12}, month{static_cast<unsigned>(total % 12 + 1)},
                     static_cast<unsigned>(d.day()));
}

std::string_view to_string(Cadence c) {
    switch (c) {
        case Cadence::on_demand:
            return "on_demand";
        case Cadence::monthly:
            return "monthly";
        case Cadence::every:
            return "every";
    }
    return "on_demand";
}

std::string_view to_string(WeekendRule w) {
    switch (w) {
        case WeekendRule::none:
            return "none";
        case WeekendRule::next_monday:
            return "next monday";
        case WeekendRule::previous_friday:
            return "previous friday";
    }
    return "none";
}

bool FreezeWindow::contains(Date d) const {
    if (from && to) {
        return sys_days{*from} <= sys_days{d} && sys_days{d} <= sys_days{*to};
    }
    if (every_from && every_to) {
        const std::chrono::month_day md{d.month(), d.day()};
        if (*every_from <= *every_to) {
            return *every_from <= md && md <= *every_to;
        }
        return md >= *every_from || md <= *every_to;  // wraps the year end
    }
    return false;
}

std::string FreezeWindow::describe() const {
    std::string out;
    if (from && to) {
        out = format_date(*from) + ".." + format_date(*to);
    } else if (every_from && every_to) {
        char buf[32];
        std::snprintf(
            buf, sizeof buf, "%02u-%02u..%02u-%02u every year",
            static_cast<unsigned>(every_from->month()), static_cast<unsigned>(every_from->day()),
            static_cast<unsigned>(every_to->month()), static_cast<unsigned>(every_to->day()));
        out = buf;
    }
    if (!reason.empty()) {
        out += " (" + reason + ")";
    }
    return out;
}

std::size_t ReleasePolicy::branch_depth() const {
    switch (scheme) {
        case VersionScheme::semver:
            return 2;
        case VersionScheme::major_point:
            return 1;
        case VersionScheme::pep440:
            return regular_component + 1;
    }
    return 2;
}

bool ReleasePolicy::is_regular(const Version& v) const {
    if (v.is_prerelease()) {
        return false;
    }
    for (std::size_t i = regular_component + 1; i < v.release.size(); ++i) {
        if (v.release[i] != 0) {
            return false;
        }
    }
    return true;
}

const VersionOverride* ReleasePolicy::override_for(const Version& v) const {
    for (const auto& o : overrides) {
        const auto parsed = parse_version(o.version, scheme);
        if (parsed && *parsed == v) {
            return &o;
        }
    }
    return nullptr;
}

std::vector<ScheduledRelease> schedule(const ReleasePolicy& policy, Date until) {
    std::vector<ScheduledRelease> slots;
    if (policy.cadence == Cadence::on_demand || !policy.anchor_version || !policy.anchor_date) {
        return slots;
    }
    const Date anchor = *policy.anchor_date;
    for (std::int64_t k = 0;; ++k) {
        Date nominal;
        if (policy.cadence == Cadence::monthly) {
            const Date first =
                add_months(Date{anchor.year(), anchor.month(), day{1}}, static_cast<int>(k));
            nominal = clamp_day(first.year(), first.month(), policy.day);
        } else {
            nominal = plus_days(anchor, static_cast<int>(k * policy.every_weeks * 7));
        }
        const Date date = apply_weekend(nominal, policy.weekend);
        if (sys_days{date} > sys_days{until}) {
            break;
        }
        ScheduledRelease slot{advanced(*policy.anchor_version, policy.regular_component, k), date,
                              std::nullopt, false};
        if (policy.branch_cut_day && policy.cadence == Cadence::monthly) {
            slot.branch_cut = clamp_day(nominal.year(), nominal.month(), *policy.branch_cut_day);
        } else if (policy.branch_cut_days_before) {
            slot.branch_cut = plus_days(date, -*policy.branch_cut_days_before);
        }
        slots.push_back(std::move(slot));
    }
    return slots;
}

namespace {

struct ByVersion {
    bool operator()(const Version& a, const Version& b) const { return a < b; }
};

using KnownLines = std::map<Version, ReleaseLine, ByVersion>;

// Regular releases known from history (earliest date per version), with overrides applied.
KnownLines known_lines(const ReleasePolicy& policy, const std::vector<KnownRelease>& history) {
    KnownLines known;
    for (const auto& r : history) {
        if (!policy.is_regular(r.version)) {
            continue;
        }
        Date released = r.date;
        if (const auto* o = policy.override_for(r.version); o && o->released_on) {
            released = *o->released_on;
        }
        auto [it, inserted] = known.try_emplace(
            r.version, ReleaseLine{r.version, released, std::nullopt, false, r.source,
                                   r.version.branch(policy.branch_depth())});
        if (!inserted && sys_days{released} < sys_days{it->second.released_on}) {
            it->second.released_on = released;
        }
    }
    for (const auto& o : policy.overrides) {
        const auto v = parse_version(o.version, policy.scheme);
        if (v && o.released_on && policy.is_regular(*v) && !known.contains(*v)) {
            known.emplace(*v, ReleaseLine{*v, *o.released_on, std::nullopt, false, "override",
                                          v->branch(policy.branch_depth())});
        }
    }
    return known;
}

// The lines released by `date`, ascending by version: the known ones, plus
// the slots whose date has come when `fill_from_schedule`.
std::vector<ReleaseLine> released_by(const ReleasePolicy& policy, const KnownLines& known,
                                     const std::vector<ScheduledRelease>& slots, Date date,
                                     bool fill_from_schedule) {
    std::vector<ReleaseLine> released;
    for (const auto& [v, line] : known) {
        if (sys_days{line.released_on} <= sys_days{date}) {
            released.push_back(line);
        }
    }
    if (fill_from_schedule) {
        for (const auto& slot : slots) {
            if (sys_days{slot.date} <= sys_days{date} && !known.contains(slot.version)) {
                released.push_back(ReleaseLine{slot.version, slot.date, std::nullopt, false,
                                               "schedule",
                                               slot.version.branch(policy.branch_depth())});
            }
        }
        std::sort(released.begin(), released.end(),
                  [](const ReleaseLine& a, const ReleaseLine& b) { return a.version < b.version; });
    }
    return released;
}

// The next release: the first slot after the newest line (overdue when its date has passed).
std::optional<ScheduledRelease> next_release(const std::vector<ScheduledRelease>& slots,
                                             const std::optional<Version>& newest, Date date,
                                             bool fill_from_schedule) {
    for (const auto& slot : slots) {
        if (newest && !(*newest < slot.version)) {
            continue;
        }
        if (sys_days{slot.date} <= sys_days{date} && fill_from_schedule) {
            continue;  // assumed released by released_by()
        }
        ScheduledRelease next = slot;
        next.overdue = sys_days{slot.date} < sys_days{date};
        return next;
    }
    return std::nullopt;
}

using ReleaseSequence = std::vector<std::pair<Version, Date>>;

// The regular releases in order, past and scheduled, for "until the Nth release after".
ReleaseSequence release_sequence(const std::vector<ReleaseLine>& released,
                                 const std::vector<ScheduledRelease>& slots,
                                 const std::optional<Version>& newest) {
    ReleaseSequence sequence;
    for (const auto& l : released) {
        sequence.emplace_back(l.version, l.released_on);
    }
    for (const auto& slot : slots) {
        if (!newest || *newest < slot.version) {
            sequence.emplace_back(slot.version, slot.date);
        }
    }
    return sequence;
}

// LTS flags.
void flag_lts(const ReleasePolicy& policy, std::vector<ReleaseLine>& released) {
    std::vector<Version> lts_list;
    for (const auto& text : policy.lts_versions) {
        if (const auto v = parse_version(text, policy.scheme)) {
            lts_list.push_back(*v);
        }
    }
    std::optional<Date> last_lts;
    std::optional<Version> lts_anchor;
    if (!policy.lts_anchor.empty()) {
        if (auto v = parse_version(policy.lts_anchor, policy.scheme)) {
            lts_anchor = *v;
        }
    }
    for (auto& line : released) {
        bool lts = std::any_of(lts_list.begin(), lts_list.end(), [&](const Version& v) {
            return v.same_branch(line.version, policy.branch_depth());
        });
        if (policy.lts_every_major > 0 && line.version.major() > 0 &&
            line.version.major() % policy.lts_every_major == 0) {
            lts = true;
        }
        if (policy.lts_every_months > 0 && lts_anchor) {
            if (line.version == *lts_anchor ||
                (last_lts && *lts_anchor < line.version &&
                 sys_days{line.released_on} >=
                     sys_days{add_months(*last_lts, policy.lts_every_months)})) {
                lts = true;
                last_lts = line.released_on;
            }
        }
        if (const auto* o = policy.override_for(line.version); o && o->lts) {
            lts = *o->lts;
        }
        line.lts = lts;
    }
}

// End of life.
void set_end_of_life(const ReleasePolicy& policy, const ReleaseSequence& sequence,
                     std::vector<ReleaseLine>& released) {
    for (auto& line : released) {
        if (const auto* o = policy.override_for(line.version); o && o->eol) {
            line.eol = o->eol;
        } else if (line.lts && policy.lts_support_months > 0) {
            line.eol = add_months(line.released_on, policy.lts_support_months);
        } else if (policy.support_months > 0) {
            line.eol = add_months(line.released_on, policy.support_months);
        } else if (policy.support_releases > 0) {
            const auto it = std::find_if(sequence.begin(), sequence.end(),
                                         [&](const auto& s) { return s.first == line.version; });
            const auto index =
                static_cast<std::size_t>(it - sequence.begin()) + policy.support_releases;
            if (index < sequence.size()) {
                line.eol = sequence[index].second;
            }
        }
    }
}

// The supported lines on the plan's date and, up to `current`, the branches a fix goes to.
void set_support(Plan& plan, const std::optional<Version>& current) {
    for (const auto& line : plan.lines) {
        if (!line.eol || sys_days{plan.date} < sys_days{*line.eol}) {
            plan.supported.push_back(line);
        }
    }
    plan.current = current;
    if (plan.current) {
        for (const auto& line : plan.supported) {
            if (!(*plan.current < line.version)) {
                plan.backport_targets.push_back(line.branch);
            }
        }
    }
}

}  // namespace

Plan make_plan(const ReleasePolicy& policy, const std::vector<KnownRelease>& history,
               bool history_is_complete, Date date, std::optional<Version> current) {
    Plan plan;
    plan.date = date;

    const KnownLines known = known_lines(policy, history);

    // Two years of slots beyond the date: enough for the next release and for
    // support counted in releases.
    const auto slots = schedule(policy, add_months(date, 24));
    const bool fill_from_schedule = !history_is_complete || known.empty();

    std::vector<ReleaseLine> released =
        released_by(policy, known, slots, date, fill_from_schedule);  // ascending by version
    const std::optional<Version> newest =
        released.empty() ? std::nullopt : std::optional<Version>(released.back().version);
    plan.next_release = next_release(slots, newest, date, fill_from_schedule);

    const ReleaseSequence sequence = release_sequence(released, slots, newest);
    flag_lts(policy, released);
    set_end_of_life(policy, sequence, released);

    std::reverse(released.begin(), released.end());  // newest first
    plan.lines = std::move(released);
    set_support(plan, current ? current : newest);
    if (policy.cadence != Cadence::on_demand && (!policy.anchor_version || !policy.anchor_date)) {
        plan.notes.push_back(
            "the policy has a cadence but no anchor release, so no date is scheduled");
    }
    return plan;
}

std::vector<std::string> policy_blocks(const ReleasePolicy& policy, const Plan& plan,
                                       const std::vector<KnownRelease>& history, ReleaseKind kind,
                                       const std::string& version, Date date) {
    std::vector<std::string> blocks;
    if (kind != ReleaseKind::security) {
        for (const auto& f : policy.freezes) {
            if (f.contains(date)) {
                blocks.push_back(format_date(date) + " is in the freeze window " + f.describe() +
                                 ": only security releases may ship");
            }
        }
    }
    if (version.empty()) {
        return blocks;
    }
    const auto parsed = parse_version(version, policy.scheme);
    if (!parsed) {
        blocks.push_back(parsed.error().describe());
        return blocks;
    }
    const Version& v = *parsed;
    const Version target = final_of(v);
    const std::size_t depth = policy.branch_depth();

    if (kind == ReleaseKind::regular) {
        if (!policy.is_regular(target)) {
            blocks.push_back(
                v.text() + " is not a regular release (a regular release is " +
                (plan.lines.empty()
                     ? std::string("X.0.0")
                     : plan.lines.front().version.bumped(policy.regular_component).text()) +
                " or a pre-release of it); release it as --kind patch or --kind security");
            return blocks;
        }
        if (plan.lines.empty()) {
            return blocks;  // the first release: any regular version will do
        }
        const Version& latest = plan.lines.front().version;
        if (target == latest && plan.lines.front().source == "schedule") {
            return blocks;  // the schedule took it as out already: this is that release being made
        }
        const Version expected = latest.bumped(policy.regular_component);
        if (!(target == expected)) {
            if (!(latest < target)) {
                blocks.push_back(v.text() + " is not newer than the latest regular release " +
                                 latest.text() + "; the next regular release is " +
                                 expected.text());
            } else {
                blocks.push_back(v.text() + " is not the next regular release: after " +
                                 latest.text() + " comes " + expected.text());
            }
        }
        return blocks;
    }

    // Patch and security releases go on an existing branch.
    const auto line = std::find_if(plan.lines.begin(), plan.lines.end(), [&](const ReleaseLine& l) {
        return l.version.same_branch(target, depth);
    });
    if (line == plan.lines.end()) {
        blocks.push_back("no release branch " + target.branch(depth) + " exists for " + v.text() +
                         "; the branches are " + join_branches(plan.lines));
        return blocks;
    }
    if (policy.is_regular(target)) {
        blocks.push_back(
            v.text() +
            " is the branch's first release, a regular release; release it as --kind regular");
        return blocks;
    }
    if (line->eol && sys_days{*line->eol} <= sys_days{date}) {
        blocks.push_back("branch " + line->branch + " reached its end of life on " +
                         format_date(*line->eol) +
                         "; supported branches: " + join_branches(plan.supported));
    }
    Version latest_on_branch = line->version;
    for (const auto& r : history) {
        if (r.version.same_branch(target, depth) && !r.version.is_prerelease() &&
            latest_on_branch < r.version && sys_days{r.date} <= sys_days{date}) {
            latest_on_branch = final_of(r.version);
        }
    }
    const Version expected = latest_on_branch.bumped(depth);
    if (!(target == expected)) {
        blocks.push_back(v.text() + " is not the next release on " + line->branch +
                         ": the latest there is " + latest_on_branch.text() + ", so the next is " +
                         expected.text());
    }
    return blocks;
}

std::string describe_policy(const ReleasePolicy& p) {
    std::string cadence;
    switch (p.cadence) {
        case Cadence::monthly:
            cadence = "monthly on day " + std::to_string(p.day);
            if (p.weekend != WeekendRule::none) {
                cadence += " (weekends: " + std::string(to_string(p.weekend)) + ")";
            }
            break;
        case Cadence::every:
            cadence = "every " + std::to_string(p.every_weeks) + " weeks";
            break;
        case Cadence::on_demand:
            cadence = "on demand";
            break;
    }
    return std::string(to_string(p.scheme)) + " versions, " + cadence + ", time zone " +
           p.time_zone.name();
}

}  // namespace fairweather
