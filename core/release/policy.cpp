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
    return d;  // shortly_after keeps the day and stretches its due day (due_day)
}

// A slot for `version` on the nominal day `nominal`, moved or stretched by the
// weekend rule its version follows, with its branch cut.
ScheduledRelease make_slot(const ReleasePolicy& p, Version version, Date nominal) {
    const WeekendRule rule = p.rules_for(version, nominal).weekend;
    const Date date = apply_weekend(nominal, rule);
    ScheduledRelease slot{std::move(version), date, due_day(date, rule), std::nullopt, false};
    if (p.branch_cut_day && p.cadence == Cadence::monthly) {
        slot.branch_cut = clamp_day(nominal.year(), nominal.month(), *p.branch_cut_day);
    } else if (p.branch_cut_days_before) {
        slot.branch_cut = plus_days(date, -*p.branch_cut_days_before);
    }
    return slot;
}

// Rolling: each known regular release is due N weeks after the one before it
// (in version order) shipped; after the newest, N weeks apart from its day.
// Without history, from the anchor.
std::vector<ScheduledRelease> rolling_schedule(const ReleasePolicy& p, Date until,
                                               const std::vector<KnownRelease>& history) {
    std::map<Version, Date> shipped;  // the earliest day of each regular release
    for (const auto& r : history) {
        if (p.is_regular(r.version)) {
            auto [it, inserted] = shipped.try_emplace(r.version, r.date);
            if (!inserted && sys_days{r.date} < sys_days{it->second}) {
                it->second = r.date;
            }
        }
    }
    std::vector<ScheduledRelease> slots;
    const days period{p.every_weeks * 7};
    std::optional<std::pair<Version, Date>> previous;
    if (shipped.empty()) {
        if (!p.anchor_version || !p.anchor_date) {
            return slots;
        }
        if (sys_days{*p.anchor_date} <= sys_days{until}) {
            slots.push_back(make_slot(p, *p.anchor_version, *p.anchor_date));
        }
        previous.emplace(*p.anchor_version, *p.anchor_date);
    }
    for (const auto& [version, day] : shipped) {
        if (previous) {
            const Date nominal{sys_days{previous->second} + period};
            if (sys_days{nominal} <= sys_days{until}) {
                slots.push_back(make_slot(p, version, nominal));
            }
        }
        previous.emplace(version, day);
    }
    Version version = previous->first;
    for (Date nominal{sys_days{previous->second} + period}; sys_days{nominal} <= sys_days{until};
         nominal = Date{sys_days{nominal} + period}) {
        version = version.bumped(p.regular_component);
        slots.push_back(make_slot(p, version, nominal));
    }
    return slots;
}

// The version `steps` regular releases after `base`.
Version advanced(const Version& base, std::size_t component, std::int64_t steps) {
    Version v = base.bumped(component);
    v.release[component] = base.component(component) + steps;
    return v;
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
        case Cadence::rolling:
            return "rolling";
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
        case WeekendRule::shortly_after:
            return "shortly after";
    }
    return "none";
}

Date due_day(Date d, WeekendRule rule) {
    // Due by the day "next monday" would have moved it to.
    return rule == WeekendRule::shortly_after ? apply_weekend(d, WeekendRule::next_monday) : d;
}

std::string RuleBound::text() const {
    return version ? version->text() : date ? format_date(*date) : std::string("?");
}

bool RulePeriod::covers(const Version& v, Date released) const {
    const auto before = [&](const RuleBound& b) {
        return b.version ? v < *b.version : b.date && sys_days{released} < sys_days{*b.date};
    };
    return !(from && before(*from)) && !(until && !before(*until));
}

std::string RulePeriod::describe() const {
    std::string out;
    if (from) {
        out = "from " + from->text();
    }
    if (until) {
        out += (out.empty() ? "until " : " until ") + until->text();
    }
    if (!note.empty()) {
        out += " (" + note + ")";
    }
    return out;
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

Version ReleasePolicy::line_of(const Version& v) const {
    Version line = final_of(v);
    for (std::size_t i = regular_component + 1; i < line.release.size(); ++i) {
        line.release[i] = 0;
    }
    return line;
}

LineRules ReleasePolicy::rules_for(const Version& v, Date released) const {
    LineRules r;
    static_cast<SupportRules&>(r) = *this;
    for (const auto& period : periods) {
        if (!period.covers(v, released)) {
            continue;
        }
        r.weekend = period.weekend.value_or(r.weekend);
        r.support_months = period.support_months.value_or(r.support_months);
        r.support_releases = period.support_releases.value_or(r.support_releases);
        r.lts_every_major = period.lts_every_major.value_or(r.lts_every_major);
        r.lts_every_months = period.lts_every_months.value_or(r.lts_every_months);
        r.lts_anchor = period.lts_anchor.value_or(r.lts_anchor);
        r.lts_versions = period.lts_versions.value_or(r.lts_versions);
        r.lts_support_months = period.lts_support_months.value_or(r.lts_support_months);
        r.period = &period;
        break;
    }
    return r;
}

std::vector<ScheduledRelease> schedule(const ReleasePolicy& policy, Date until,
                                       const std::vector<KnownRelease>& history) {
    if (policy.cadence == Cadence::rolling) {
        return rolling_schedule(policy, until, history);
    }
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
        ScheduledRelease slot = make_slot(
            policy, advanced(*policy.anchor_version, policy.regular_component, k), nominal);
        if (sys_days{slot.date} > sys_days{until}) {
            break;
        }
        slots.push_back(std::move(slot));
    }
    return slots;
}

std::string describe_policy(const ReleasePolicy& p) {
    std::string cadence;
    switch (p.cadence) {
        case Cadence::monthly:
            cadence = "monthly on day " + std::to_string(p.day);
            break;
        case Cadence::every:
            cadence = "every " + std::to_string(p.every_weeks) + " weeks";
            break;
        case Cadence::rolling:
            cadence = std::to_string(p.every_weeks) + " weeks after the previous release";
            break;
        case Cadence::on_demand:
            cadence = "on demand";
            break;
    }
    if (p.cadence != Cadence::on_demand && p.weekend != WeekendRule::none) {
        cadence += " (weekends: " + std::string(to_string(p.weekend)) + ")";
    }
    std::string out = std::string(to_string(p.scheme)) + " versions, " + cadence + ", time zone " +
                      p.time_zone.name();
    for (std::size_t i = 0; i < p.periods.size(); ++i) {
        out += (i == 0 ? "; other rules " : "; ") + p.periods[i].describe();
    }
    return out;
}

}  // namespace fairweather
