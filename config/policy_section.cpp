#include "config/policy_section.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fairweather::config_file {
namespace {

// A date written as "YYYY-MM-DD" or as a TOML date (2022-09-20, unquoted).
std::optional<Date> read_date(Checker& c, const toml::node& node, const std::string& what) {
    if (const auto* d = node.as_date()) {
        const toml::date v = d->get();
        const Date date{std::chrono::year{v.year}, std::chrono::month{v.month},
                        std::chrono::day{v.day}};
        if (date.ok()) {
            return date;
        }
    } else if (const auto* s = node.as_string()) {
        if (auto date = parse_calendar_date(s->get())) {
            return date;
        }
    }
    c.error(node, what + " must be a date, e.g. \"2026-11-20\" or 2026-11-20");
    return std::nullopt;
}

std::optional<Version> read_version(Checker& c, const toml::node& node, const std::string& what,
                                    VersionScheme scheme) {
    const auto text = c.string(node, what);
    if (!text) {
        return std::nullopt;
    }
    auto v = parse_version(*text, scheme);
    if (!v) {
        c.error(node, what + ": " + v.error().describe() + "; [policy] scheme is \"" +
                          std::string(to_string(scheme)) + "\"");
        return std::nullopt;
    }
    return *v;
}

// A list of versions of the scheme, normalised; each one that is not is an error.
std::vector<std::string> read_versions(Checker& c, const toml::node& node, const std::string& what,
                                       VersionScheme scheme) {
    std::vector<std::string> out;
    for (const auto& text : c.string_list(node, what)) {
        if (auto v = parse_version(text, scheme)) {
            out.push_back(v->text());
        } else {
            c.error(node, what + ": " + v.error().describe());
        }
    }
    return out;
}

// "MM-DD" as a month and day that exist in some year (02-29 allowed).
std::optional<std::chrono::month_day> read_month_day(std::string_view text) {
    if (text.size() != 5 || text[2] != '-') {
        return std::nullopt;
    }
    const auto date = parse_calendar_date("2000-" + std::string(text));  // 2000 is a leap year
    if (!date) {
        return std::nullopt;
    }
    return std::chrono::month_day{date->month(), date->day()};
}

// scheme, then regular: which part of a version a regular release
// increments, which the scheme limits.
void read_scheme(Checker& c, const toml::table& t, ReleasePolicy& p) {
    if (const auto* n = t.get("scheme")) {
        if (auto s = c.string(*n, "[policy] scheme")) {
            if (auto scheme = parse_version_scheme(*s)) {
                p.scheme = *scheme;
            } else {
                c.error(*n, "[policy] scheme \"" + *s +
                                "\" is unknown; use \"semver\", \"major.point\" or \"pep440\"");
            }
        }
    }
    if (const auto* n = t.get("regular")) {
        if (auto s = c.string(*n, "[policy] regular")) {
            if (*s == "major") {
                p.regular_component = 0;
            } else if (*s == "minor" && p.scheme != VersionScheme::major_point) {
                p.regular_component = 1;
            } else {
                c.error(*n, "[policy] regular \"" + *s +
                                "\" must be \"major\" or (except for major.point) \"minor\": "
                                "the part a regular release increments");
            }
        }
    }
}

void read_time_zone(Checker& c, const toml::table& t, ReleasePolicy& p) {
    if (const auto* n = t.get("time_zone")) {
        if (auto s = c.string(*n, "[policy] time_zone")) {
            if (auto zone = TimeZone::load(*s, c.zoneinfo)) {
                p.time_zone = *zone;
            } else {
                c.error(*n, "[policy] time_zone: " + zone.error());
            }
        }
    }
}

// A weekend rule: what happens to a release day on a Saturday or Sunday.
std::optional<WeekendRule> read_weekend(Checker& c, const toml::node& n, const std::string& what) {
    const auto s = c.string(n, what);
    if (!s) {
        return std::nullopt;
    }
    for (const auto rule : {WeekendRule::none, WeekendRule::next_monday,
                            WeekendRule::previous_friday, WeekendRule::shortly_after}) {
        if (*s == to_string(rule)) {
            return rule;
        }
    }
    c.error(n, what + " \"" + *s +
                   "\" is unknown; use \"shortly after\" (on the day or by the next business "
                   "day), \"next monday\", \"previous friday\" or \"none\"");
    return std::nullopt;
}

// cadence, and what places its releases: day (monthly), every (every,
// rolling) and weekend, which moves a release off a Saturday or Sunday.
void read_cadence(Checker& c, const toml::table& t, ReleasePolicy& p) {
    if (const auto* n = t.get("cadence")) {
        if (auto s = c.string(*n, "[policy] cadence")) {
            if (*s == "monthly") {
                p.cadence = Cadence::monthly;
            } else if (*s == "every") {
                p.cadence = Cadence::every;
            } else if (*s == "rolling") {
                p.cadence = Cadence::rolling;
            } else if (*s == "on_demand") {
                p.cadence = Cadence::on_demand;
            } else {
                c.error(*n, "[policy] cadence \"" + *s +
                                "\" is unknown; use \"monthly\" (with day), "
                                "\"every\" (a fixed grid, with every = \"6w\"), \"rolling\" "
                                "(every = \"6w\" after the previous release) or \"on_demand\"");
            }
        }
    }
    if (const auto* n = t.get("day")) {
        if (auto v = c.integer(*n, "[policy] day")) {
            if (*v < 1 || *v > 31) {
                c.error(*n, "[policy] day " + std::to_string(*v) +
                                " is not a day of the month; use 1 to 31 (months without it use "
                                "their last day)");
            } else {
                p.day = static_cast<unsigned>(*v);
            }
        }
    } else if (p.cadence == Cadence::monthly) {
        c.error(t,
                "[policy] cadence \"monthly\" needs day, the day of the month releases are made "
                "(e.g. day = 20)");
    }
    if (const auto* n = t.get("weekend")) {
        p.weekend = read_weekend(c, *n, "[policy] weekend").value_or(p.weekend);
    }
    if (const auto* n = t.get("every")) {
        if (auto d = c.duration(*n, "[policy] every")) {
            const auto weeks = std::chrono::duration_cast<std::chrono::weeks>(*d);
            if (weeks.count() < 1 || Duration{weeks} != *d) {
                c.error(*n, "[policy] every must be a whole number of weeks, e.g. \"6w\"");
            } else {
                p.every_weeks = static_cast<int>(weeks.count());
            }
        }
    } else if (p.cadence == Cadence::every || p.cadence == Cadence::rolling) {
        c.error(t, "[policy] cadence \"" + std::string(to_string(p.cadence)) +
                       "\" needs every, the period between releases (e.g. every = \"6w\")");
    }
}

// anchor: a release on the schedule, which every scheduled cadence needs.
void read_anchor(Checker& c, const toml::table& t, ReleasePolicy& p) {
    if (const auto* n = t.get("anchor")) {
        if (const auto* a = c.table(*n, "[policy] anchor")) {
            c.only_keys(*a, "[policy] anchor", {"version", "date"});
            if (const auto* v = a->get("version")) {
                p.anchor_version = read_version(c, *v, "[policy] anchor version", p.scheme);
            }
            if (const auto* d = a->get("date")) {
                p.anchor_date = read_date(c, *d, "[policy] anchor date");
            }
            if (a->get("version") == nullptr || a->get("date") == nullptr) {
                c.error(*n,
                        "[policy] anchor needs version and date, e.g. anchor = { version = "
                        "\"1.0.0\", date = \"2022-09-20\" }");
            }
            if (p.anchor_version && !p.is_regular(*p.anchor_version)) {
                c.error(*a->get("version"),
                        "[policy] anchor version " + p.anchor_version->text() +
                            " is not a regular release (it must be one the schedule makes)");
            }
        }
    } else if (p.cadence != Cadence::on_demand && p.cadence != Cadence::rolling) {
        // (rolling needs one only for plans without any release history)
        c.error(t, "[policy] cadence \"" + std::string(to_string(p.cadence)) +
                       "\" needs an anchor, a release on the schedule, e.g. anchor = { version = "
                       "\"1.0.0\", date = \"2022-09-20\" }");
    }
}

// The branch cut: a day of the release month, or a time before the release.
void read_branch_cut(Checker& c, const toml::table& t, ReleasePolicy& p) {
    int branch_cut_day = 0;
    c.read_int(t, "branch_cut_day", "[policy]", branch_cut_day, 1, 31);
    if (branch_cut_day > 0) {
        p.branch_cut_day = static_cast<unsigned>(branch_cut_day);
    }
    if (const auto* n = t.get("branch_cut_before")) {
        if (auto d = c.duration(*n, "[policy] branch_cut_before")) {
            const auto whole = std::chrono::duration_cast<std::chrono::days>(*d);
            if (Duration{whole} != *d) {
                c.error(*n, "[policy] branch_cut_before must be whole days, e.g. \"15d\"");
            } else {
                p.branch_cut_days_before = static_cast<int>(whole.count());
            }
        }
    }
}

// Support of a regular release: months after it, and/or until the Nth
// regular release after it (with both, the later of the two).
void read_support(Checker& c, const toml::table& t, ReleasePolicy& p) {
    c.read_int(t, "support_months", "[policy]", p.support_months, 0, 240);
    c.read_int(t, "support_releases", "[policy]", p.support_releases, 0, 100);
}

// LTS: which release lines are long-term supported, and for how long.
void read_lts(Checker& c, const toml::table& t, ReleasePolicy& p) {
    c.read_int(t, "lts_every_major", "[policy]", p.lts_every_major, 0, 1000);
    c.read_int(t, "lts_every_months", "[policy]", p.lts_every_months, 0, 240);
    c.read_int(t, "lts_support_months", "[policy]", p.lts_support_months, 0, 240);
    if (const auto* n = t.get("lts_anchor")) {
        if (auto v = read_version(c, *n, "[policy] lts_anchor", p.scheme)) {
            p.lts_anchor = v->text();
        }
    } else if (p.lts_every_months > 0) {
        c.error(t,
                "[policy] lts_every_months needs lts_anchor, the first LTS release (e.g. "
                "lts_anchor = \"28.0\")");
    }
    if (const auto* n = t.get("lts_versions")) {
        p.lts_versions = read_versions(c, *n, "[policy] lts_versions", p.scheme);
    }
}

void read_freezes(Checker& c, const toml::node& node, std::vector<FreezeWindow>& out) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        c.error(
            node,
            "[policy] freeze must be an array of tables: write each window as [[policy.freeze]]");
        return;
    }
    for (const auto& item : *array) {
        const auto& t = *item.as_table();
        c.only_keys(t, "[[policy.freeze]]", {"from", "to", "every", "reason"});
        FreezeWindow f;
        if (const auto* n = t.get("reason")) {
            f.reason = c.string(*n, "[[policy.freeze]] reason").value_or("");
        }
        if (const auto* n = t.get("every")) {
            const auto text = c.string(*n, "[[policy.freeze]] every");
            const auto dots = text ? text->find("..") : std::string::npos;
            const auto a =
                dots == std::string::npos ? std::nullopt : read_month_day(text->substr(0, dots));
            const auto b =
                dots == std::string::npos ? std::nullopt : read_month_day(text->substr(dots + 2));
            if (text && (!a || !b)) {
                c.error(*n, "[[policy.freeze]] every \"" + *text +
                                "\" is not MM-DD..MM-DD; e.g. every = \"12-20..01-05\" (it may "
                                "wrap the year end)");
            }
            f.every_from = a;
            f.every_to = b;
        } else if (t.get("from") != nullptr && t.get("to") != nullptr) {
            f.from = read_date(c, *t.get("from"), "[[policy.freeze]] from");
            f.to = read_date(c, *t.get("to"), "[[policy.freeze]] to");
            if (f.from && f.to && std::chrono::sys_days{*f.to} < std::chrono::sys_days{*f.from}) {
                c.error(*t.get("to"), "[[policy.freeze]] to (" + format_date(*f.to) +
                                          ") is before from (" + format_date(*f.from) + ")");
            }
        } else {
            c.error(t, "[[policy.freeze]] needs from and to dates, or every = \"MM-DD..MM-DD\"");
        }
        out.push_back(std::move(f));
    }
}

// require_prerelease: the kinds of release that must follow a published
// pre-release of the same version. MAJOR.POINT has no pre-release versions.
void read_require_prerelease(Checker& c, const toml::node& node, ReleasePolicy& p) {
    for (const auto& text : c.string_list(node, "[policy] require_prerelease")) {
        if (auto kind = parse_release_kind(text)) {
            p.require_prerelease.push_back(*kind);
        } else {
            c.error(node, "[policy] require_prerelease: \"" + text +
                              "\" is not a kind of release; use \"regular\", \"patch\" or "
                              "\"security\"");
        }
    }
    if (!p.require_prerelease.empty() && p.scheme == VersionScheme::major_point) {
        c.error(node,
                "[policy] require_prerelease: major.point versions have no pre-releases; use "
                "scheme \"semver\" (1.4.0-rc.1) or \"pep440\" (1.4.0rc1)");
    }
}

// [[policy.releases]]: releases listed in the config, with their dates.
void read_known_releases(Checker& c, const toml::node& node, VersionScheme scheme,
                         std::vector<KnownRelease>& out) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        c.error(node,
                "[policy] releases must be an array of tables: write each as [[policy.releases]]");
        return;
    }
    for (const auto& item : *array) {
        const auto& r = *item.as_table();
        c.only_keys(r, "[[policy.releases]]", {"version", "date"});
        const auto* v = r.get("version");
        const auto* d = r.get("date");
        if (v == nullptr || d == nullptr) {
            c.error(r, "[[policy.releases]] needs version and date");
            continue;
        }
        auto version = read_version(c, *v, "[[policy.releases]] version", scheme);
        auto date = read_date(c, *d, "[[policy.releases]] date");
        if (version && date) {
            out.push_back(KnownRelease{*version, *date, "config"});
        }
    }
}

// [[policy.overrides]]: facts about one version that the schedule cannot know.
void read_overrides(Checker& c, const toml::node& node, VersionScheme scheme,
                    std::vector<VersionOverride>& out) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        c.error(node,
                "[policy] overrides must be an array of tables: write each as "
                "[[policy.overrides]]");
        return;
    }
    for (const auto& item : *array) {
        const auto& o = *item.as_table();
        c.only_keys(o, "[[policy.overrides]]", {"version", "released_on", "eol", "lts"});
        VersionOverride ov;
        if (const auto* v = o.get("version")) {
            if (auto version = read_version(c, *v, "[[policy.overrides]] version", scheme)) {
                ov.version = version->text();
            }
        } else {
            c.error(o, "[[policy.overrides]] needs the version it is about");
        }
        if (const auto* d = o.get("released_on")) {
            ov.released_on = read_date(c, *d, "[[policy.overrides]] released_on");
        }
        if (const auto* d = o.get("eol")) {
            ov.eol = read_date(c, *d, "[[policy.overrides]] eol");
        }
        if (const auto* l = o.get("lts")) {
            if (const auto* b = l->as_boolean()) {
                ov.lts = b->get();
            } else {
                c.error(*l, "[[policy.overrides]] lts must be true or false");
            }
        }
        out.push_back(std::move(ov));
    }
}

// A period's bound: a date (2024-08-20, quoted or not) or a version of the scheme.
std::optional<RuleBound> read_bound(Checker& c, const toml::node& node, const std::string& what,
                                    VersionScheme scheme) {
    if (node.is_date()) {
        if (auto date = read_date(c, node, what)) {
            return RuleBound{std::nullopt, date};
        }
        return std::nullopt;
    }
    const auto text = c.string(node, what);
    if (!text) {
        return std::nullopt;
    }
    if (auto date = parse_calendar_date(*text)) {
        return RuleBound{std::nullopt, date};
    }
    auto v = parse_version(*text, scheme);
    if (!v) {
        c.error(node, what +
                          " must be a version of the scheme (\"24.0.0\") or a date "
                          "(2024-08-20): " +
                          v.error().describe());
        return std::nullopt;
    }
    return RuleBound{*v, std::nullopt};
}

// A rule key of a period: set only when written (and valid).
void read_period_int(Checker& c, const toml::table& t, std::string_view key,
                     std::optional<int>& out, int max) {
    int value = -1;
    c.read_int(t, key, "[[policy.rules]]", value, 0, max);
    if (t.get(key) != nullptr && value >= 0) {
        out = value;
    }
}

// from and until of a period: at least one, and from before until when both
// are versions or both dates.
void read_period_bounds(Checker& c, const toml::table& t, VersionScheme scheme, RulePeriod& r) {
    if (const auto* n = t.get("from")) {
        r.from = read_bound(c, *n, "[[policy.rules]] from", scheme);
    }
    if (const auto* n = t.get("until")) {
        r.until = read_bound(c, *n, "[[policy.rules]] until", scheme);
    }
    if (t.get("from") == nullptr && t.get("until") == nullptr) {
        c.error(t,
                "[[policy.rules]] needs from and/or until: the first release the rules hold for "
                "and the first they no longer do, each a version (\"24.0.0\") or a date");
    }
    if (r.from && r.until &&
        ((r.from->version && r.until->version && !(*r.from->version < *r.until->version)) ||
         (r.from->date && r.until->date &&
          !(std::chrono::sys_days{*r.from->date} < std::chrono::sys_days{*r.until->date})))) {
        c.error(*t.get("until"), "[[policy.rules]] until (" + r.until->text() +
                                     ") must come after from (" + r.from->text() + ")");
    }
}

// [[policy.rules]]: rules that held for part of the project's history.
void read_rule_periods(Checker& c, const toml::node& node, VersionScheme scheme,
                       std::vector<RulePeriod>& out) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        c.error(node,
                "[policy] rules must be an array of tables: write each period as "
                "[[policy.rules]]");
        return;
    }
    for (const auto& item : *array) {
        const auto& t = *item.as_table();
        c.only_keys(t, "[[policy.rules]]",
                    {"from", "until", "note", "weekend", "support_months", "support_releases",
                     "lts_every_major", "lts_every_months", "lts_anchor", "lts_versions",
                     "lts_support_months"});
        RulePeriod r;
        read_period_bounds(c, t, scheme, r);
        if (const auto* n = t.get("note")) {
            r.note = c.string(*n, "[[policy.rules]] note").value_or("");
        }
        if (const auto* n = t.get("weekend")) {
            r.weekend = read_weekend(c, *n, "[[policy.rules]] weekend");
        }
        read_period_int(c, t, "support_months", r.support_months, 240);
        read_period_int(c, t, "support_releases", r.support_releases, 100);
        read_period_int(c, t, "lts_every_major", r.lts_every_major, 1000);
        read_period_int(c, t, "lts_every_months", r.lts_every_months, 240);
        read_period_int(c, t, "lts_support_months", r.lts_support_months, 240);
        if (const auto* n = t.get("lts_anchor")) {
            if (auto v = read_version(c, *n, "[[policy.rules]] lts_anchor", scheme)) {
                r.lts_anchor = v->text();
            }
        }
        if (const auto* n = t.get("lts_versions")) {
            r.lts_versions = read_versions(c, *n, "[[policy.rules]] lts_versions", scheme);
        }
        out.push_back(std::move(r));
    }
}

}  // namespace

// The parts are read in this order because later ones depend on earlier
// ones (regular and versions on the scheme, day/every/anchor on the cadence)
// and because problems at one place are reported in the order found.
void read_policy(Checker& c, const toml::table& t, ReleasePolicy& p) {
    c.only_keys(t, "[policy]",
                {"scheme",
                 "regular",
                 "time_zone",
                 "cadence",
                 "day",
                 "weekend",
                 "every",
                 "anchor",
                 "branch_cut_day",
                 "branch_cut_before",
                 "support_months",
                 "support_releases",
                 "lts_every_major",
                 "lts_every_months",
                 "lts_anchor",
                 "lts_versions",
                 "lts_support_months",
                 "security_sla",
                 "maintenance_lookahead",
                 "freeze",
                 "releases",
                 "overrides",
                 "rules",
                 "require_prerelease"});
    p.configured = true;
    read_scheme(c, t, p);
    read_time_zone(c, t, p);
    read_cadence(c, t, p);
    read_anchor(c, t, p);
    read_branch_cut(c, t, p);
    read_support(c, t, p);
    read_lts(c, t, p);
    c.read_duration(t, "security_sla", "[policy]", p.security_sla, std::chrono::hours{1});
    c.read_duration(t, "maintenance_lookahead", "[policy]", p.maintenance_lookahead);
    if (const auto* n = t.get("freeze")) {
        read_freezes(c, *n, p.freezes);
    }
    if (const auto* n = t.get("releases")) {
        read_known_releases(c, *n, p.scheme, p.releases);
    }
    if (const auto* n = t.get("overrides")) {
        read_overrides(c, *n, p.scheme, p.overrides);
    }
    if (const auto* n = t.get("rules")) {
        read_rule_periods(c, *n, p.scheme, p.periods);
        for (const auto& r : p.periods) {
            if (r.lts_every_months.value_or(0) > 0 && !r.lts_anchor && p.lts_anchor.empty()) {
                c.error(*n, "[[policy.rules]] " + r.describe() +
                                ": lts_every_months needs lts_anchor, the first LTS release");
            }
        }
    }
    if (const auto* n = t.get("require_prerelease")) {
        read_require_prerelease(c, *n, p);
    }
}

}  // namespace fairweather::config_file
