// What the policy says on a day: the release lines out by then (known, or
// taken from the schedule), which are LTS, when each one's support ends, and
// the branches a fix goes to.
#include <algorithm>
#include <iterator>
#include <map>

#include "core/release/policy.h"

namespace fairweather {
namespace {

using std::chrono::sys_days;

bool before(Date a, Date b) {
    return sys_days{a} < sys_days{b};
}

using KnownLines = std::map<Version, ReleaseLine>;

ReleaseLine new_line(const ReleasePolicy& policy, const Version& v, Date released,
                     std::string source) {
    ReleaseLine line;
    line.version = v;
    line.released_on = released;
    line.source = std::move(source);
    line.branch = v.branch(policy.branch_depth());
    return line;
}

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
        auto [it, inserted] =
            known.try_emplace(r.version, new_line(policy, r.version, released, r.source));
        if (!inserted && before(released, it->second.released_on)) {
            it->second.released_on = released;
        }
    }
    for (const auto& o : policy.overrides) {
        const auto v = parse_version(o.version, policy.scheme);
        if (v && o.released_on && policy.is_regular(*v) && !known.contains(*v)) {
            known.emplace(*v, new_line(policy, *v, *o.released_on, "override"));
        }
    }
    return known;
}

void sort_by_version(std::vector<ReleaseLine>& lines) {
    std::sort(lines.begin(), lines.end(),
              [](const ReleaseLine& a, const ReleaseLine& b) { return a.version < b.version; });
}

// The lines released by `date`, ascending by version: the known ones, plus
// the slots whose date has come when `fill_from_schedule`.
std::vector<ReleaseLine> released_by(const ReleasePolicy& policy, const KnownLines& known,
                                     const std::vector<ScheduledRelease>& slots, Date date,
                                     bool fill_from_schedule) {
    std::vector<ReleaseLine> released;
    for (const auto& [v, line] : known) {
        if (!before(date, line.released_on)) {
            released.push_back(line);
        }
    }
    if (fill_from_schedule) {
        for (const auto& slot : slots) {
            if (!before(date, slot.date) && !known.contains(slot.version)) {
                released.push_back(new_line(policy, slot.version, slot.date, "schedule"));
            }
        }
        sort_by_version(released);
    }
    return released;
}

// An explicit current version outranks the schedule: the lines the schedule
// has out after it are not out, and its own line is (on its slot's day, or
// on `date` when the slot is later or there is none).
void trust_current(const ReleasePolicy& policy, const Version& current,
                   const std::vector<ScheduledRelease>& slots, Date date,
                   std::vector<ReleaseLine>& released) {
    const Version line = policy.line_of(current);
    std::erase_if(released,
                  [&](const ReleaseLine& l) { return l.source == "schedule" && line < l.version; });
    if (std::any_of(released.begin(), released.end(),
                    [&](const ReleaseLine& l) { return l.version == line; })) {
        return;
    }
    Date day = date;
    for (const auto& slot : slots) {
        if (slot.version == line && !before(date, slot.date)) {
            day = slot.date;
        }
    }
    released.push_back(new_line(policy, line, day, "--current"));
    sort_by_version(released);
}

// The next release: the first slot after the newest line (overdue when its due day has passed).
std::optional<ScheduledRelease> next_release(const std::vector<ScheduledRelease>& slots,
                                             const std::optional<Version>& newest, Date date,
                                             bool fill_from_schedule) {
    for (const auto& slot : slots) {
        if (newest && !(*newest < slot.version)) {
            continue;
        }
        if (!before(date, slot.date) && fill_from_schedule) {
            continue;  // assumed released by released_by()
        }
        ScheduledRelease next = slot;
        next.overdue = before(slot.due, date);
        return next;
    }
    return std::nullopt;
}

// A regular release in order, out or scheduled, for "until the Nth release after".
struct InSequence {
    Version version;
    Date date;     // when it shipped, or its scheduled day
    Date due;      // scheduled: its due day
    bool shipped;  // false: scheduled
};

using ReleaseSequence = std::vector<InSequence>;

ReleaseSequence release_sequence(const std::vector<ReleaseLine>& released,
                                 const std::vector<ScheduledRelease>& slots,
                                 const std::optional<Version>& newest) {
    ReleaseSequence sequence;
    for (const auto& l : released) {
        sequence.push_back(InSequence{l.version, l.released_on, l.released_on, true});
    }
    for (const auto& slot : slots) {
        if (!newest || *newest < slot.version) {
            sequence.push_back(InSequence{slot.version, slot.date, slot.due, false});
        }
    }
    return sequence;
}

// The rules each line follows (rules[i] for released[i]).
std::vector<LineRules> rules_of(const ReleasePolicy& policy,
                                const std::vector<ReleaseLine>& released) {
    std::vector<LineRules> rules;
    rules.reserve(released.size());
    for (const auto& line : released) {
        rules.push_back(policy.rules_for(line.version, line.released_on));
    }
    return rules;
}

// LTS flags, each line by the rules it follows; an LTS every N months counts
// from the previous LTS line, across rule periods.
void flag_lts(const ReleasePolicy& policy, const std::vector<LineRules>& rules_by_line,
              std::vector<ReleaseLine>& released) {
    // Versions the rules name (LTS lines, anchors), parsed once.
    std::map<std::string, std::optional<Version>> versions;
    const auto parsed = [&](const std::string& text) -> const std::optional<Version>& {
        auto it = versions.find(text);
        if (it == versions.end()) {
            auto v = parse_version(text, policy.scheme);
            it = versions.emplace(text, v ? std::optional<Version>(*v) : std::nullopt).first;
        }
        return it->second;
    };
    std::optional<Date> last_lts;
    for (std::size_t i = 0; i < released.size(); ++i) {
        ReleaseLine& line = released[i];
        const LineRules& rules = rules_by_line[i];
        bool lts = std::any_of(rules.lts_versions.begin(), rules.lts_versions.end(),
                               [&](const std::string& text) {
                                   const auto& v = parsed(text);
                                   return v && v->same_branch(line.version, policy.branch_depth());
                               });
        if (rules.lts_every_major > 0 && line.version.major() > 0 &&
            line.version.major() % rules.lts_every_major == 0) {
            lts = true;
        }
        const std::optional<Version>& anchor = parsed(rules.lts_anchor);
        if (rules.lts_every_months > 0 && anchor) {
            if (line.version == *anchor ||
                (last_lts && *anchor < line.version &&
                 !before(line.released_on, add_months(*last_lts, rules.lts_every_months)))) {
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

std::string ordinal(int n) {
    const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                         : n % 10 == 1                    ? "st"
                         : n % 10 == 2                    ? "nd"
                         : n % 10 == 3                    ? "rd"
                                                          : "th";
    return std::to_string(n) + suffix;
}

// Support counted in releases: until the Nth regular release after the line
// ships, or, when that is later, `months` after it. A successor not out yet
// ends support on its scheduled day; one overdue, when it ships (unknown).
// `position`: the line's place in `sequence` (the released lines come first, in order).
void end_by_successor(const LineRules& rules, const ReleaseSequence& sequence, std::size_t position,
                      Date date, ReleaseLine& line) {
    const std::size_t index = position + static_cast<std::size_t>(rules.support_releases);
    if (index >= sequence.size()) {
        if (!line.eol) {
            line.eol_reason =
                "until the " + ordinal(rules.support_releases) + " regular release after it ships";
        }
        return;
    }
    const InSequence& successor = sequence[index];
    const std::string name = successor.version.text();
    if (!successor.shipped && !before(date, successor.date)) {
        // Its day has come and it is not out: support lasts until it ships,
        // at least as long as the months.
        if (line.eol && before(date, *line.eol)) {
            line.eol_reason += ", or until " + name + " ships if later (due " +
                               format_date(successor.due) + ", not out yet)";
        } else {
            line.eol.reset();
            line.eol_reason =
                "until " + name + " ships, due " + format_date(successor.due) + " and not out yet";
        }
        return;
    }
    if (line.eol && !before(*line.eol, successor.date)) {
        return;  // the months end later
    }
    line.eol = successor.date;
    line.eol_reason = successor.shipped
                          ? "until " + name + " shipped"
                          : "until " + name + " ships, scheduled " + format_date(successor.date);
}

// End of life, each line by the rules it follows.
void set_end_of_life(const ReleasePolicy& policy, const std::vector<LineRules>& rules_by_line,
                     const ReleaseSequence& sequence, Date date,
                     std::vector<ReleaseLine>& released) {
    for (std::size_t position = 0; position < released.size(); ++position) {
        ReleaseLine& line = released[position];
        const LineRules& rules = rules_by_line[position];
        if (rules.period != nullptr) {
            line.rules = rules.period->describe();
        }
        if (const auto* o = policy.override_for(line.version); o && o->eol) {
            line.eol = o->eol;
            line.eol_reason = "set in [[policy.overrides]]";
            continue;
        }
        if (line.lts && rules.lts_support_months > 0) {
            line.eol = add_months(line.released_on, rules.lts_support_months);
            line.eol_reason = "LTS, " + std::to_string(rules.lts_support_months) + " months";
            continue;
        }
        if (rules.support_months > 0) {
            line.eol = add_months(line.released_on, rules.support_months);
            line.eol_reason = std::to_string(rules.support_months) + " months";
        }
        if (rules.support_releases > 0) {
            end_by_successor(rules, sequence, position, date, line);
        }
    }
}

// The supported lines on the plan's date and, up to `current`, the branches a fix goes to.
void set_support(Plan& plan, const std::optional<Version>& current) {
    for (const auto& line : plan.lines) {
        if (!line.eol || before(plan.date, *line.eol)) {
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
    // A rolling schedule follows the releases out by the date, not later ones.
    std::vector<KnownRelease> so_far;
    std::copy_if(history.begin(), history.end(), std::back_inserter(so_far),
                 [&](const KnownRelease& r) { return !before(date, r.date); });
    // Two years of slots beyond the date: enough for the next release and for
    // support counted in releases.
    const auto slots = schedule(policy, add_months(date, 24), so_far);
    const bool fill_from_schedule = !history_is_complete || known.empty();

    std::vector<ReleaseLine> released =
        released_by(policy, known, slots, date, fill_from_schedule);  // ascending by version
    if (current) {
        trust_current(policy, *current, slots, date, released);
    }
    const std::optional<Version> newest =
        released.empty() ? std::nullopt : std::optional<Version>(released.back().version);
    plan.next_release = next_release(slots, newest, date, fill_from_schedule && !current);

    const ReleaseSequence sequence = release_sequence(released, slots, newest);
    const std::vector<LineRules> rules = rules_of(policy, released);
    flag_lts(policy, rules, released);
    set_end_of_life(policy, rules, sequence, date, released);

    std::reverse(released.begin(), released.end());  // newest first
    plan.lines = std::move(released);
    set_support(plan, current ? current : newest);
    if (policy.cadence != Cadence::on_demand && slots.empty()) {
        plan.notes.push_back(
            policy.cadence == Cadence::rolling
                ? "the policy releases a set time after the previous release, but no release is "
                  "known and there is no anchor, so no date is scheduled"
                : "the policy has a cadence but no anchor release, so no date is scheduled");
    }
    return plan;
}

}  // namespace fairweather
