// The policy engine as projects practise their processes: "on the 20th, or
// shortly after if it falls on a weekend", rules that held for part of the
// history, support that lasts until successors really ship, an explicit
// current version over the schedule, and a cadence counted from the previous
// release. On the example configs and Wasmtime's and Cloud Hypervisor's
// recorded history.
#include <algorithm>

#include <boost/test/unit_test.hpp>

#include "core/history/release_history.h"
#include "tests/support/checks.h"
#include "tests/support/policies.h"

using namespace fairweather;
using fairweather::testing::contains;
using fairweather::testing::day;
using fairweather::testing::example_policy;
using fairweather::testing::real_fixtures_present;
using fairweather::testing::recorded_releases;
namespace utf = boost::unit_test;

namespace {

Version v(const ReleasePolicy& p, const char* text) {
    auto parsed = parse_version(text, p.scheme);
    BOOST_REQUIRE_MESSAGE(parsed.has_value(), text);
    return *parsed;
}

std::vector<std::string> strings(std::initializer_list<const char*> items) {
    return std::vector<std::string>(items.begin(), items.end());
}

const ReleaseLine* line_of(const Plan& plan, const std::string& branch) {
    const auto it = std::find_if(plan.lines.begin(), plan.lines.end(),
                                 [&](const ReleaseLine& l) { return l.branch == branch; });
    BOOST_REQUIRE_MESSAGE(it != plan.lines.end(), branch);
    return &*it;
}

std::vector<KnownRelease> recorded(const ReleasePolicy& p, const std::string& file) {
    return known_releases(recorded_releases(p, file), p, "github");
}

// The recorded history up to and including `last`.
std::vector<KnownRelease> until(std::vector<KnownRelease> history, Date last) {
    std::erase_if(history, [&](const KnownRelease& r) {
        return std::chrono::sys_days{last} < std::chrono::sys_days{r.date};
    });
    return history;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(weekend_shortly_after)

BOOST_AUTO_TEST_CASE(a_weekend_day_is_due_by_the_next_business_day) {
    BOOST_TEST(format_date(due_day(day("2024-01-20"), WeekendRule::shortly_after)) ==
               "2024-01-22");  // Saturday -> Monday
    BOOST_TEST(format_date(due_day(day("2023-08-20"), WeekendRule::shortly_after)) ==
               "2023-08-21");  // Sunday -> Monday
    BOOST_TEST(format_date(due_day(day("2026-02-20"), WeekendRule::shortly_after)) ==
               "2026-02-20");  // a Friday stays
    BOOST_TEST(format_date(due_day(day("2024-01-20"), WeekendRule::none)) == "2024-01-20");
    BOOST_TEST(format_date(due_day(day("2024-01-20"), WeekendRule::next_monday)) == "2024-01-20");
}

BOOST_AUTO_TEST_CASE(a_release_is_overdue_only_after_its_due_day) {
    const auto p = example_policy("wasmtime.toml");
    // 17.0.0: Saturday 2024-01-20; history known up to 16.0.0.
    const auto history = until(recorded(p, "wasmtime_releases.csv"), day("2024-01-19"));
    for (const auto& [date, overdue] :
         {std::pair{"2024-01-20", false}, std::pair{"2024-01-22", false},
          std::pair{"2024-01-23", true}}) {
        const Plan plan = make_plan(p, history, true, day(date));
        BOOST_REQUIRE(plan.next_release.has_value());
        BOOST_TEST(plan.next_release->version.text() == "17.0.0");
        BOOST_TEST(format_date(plan.next_release->due) == "2024-01-22");
        BOOST_TEST(plan.next_release->overdue == overdue, date);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rule_periods)

BOOST_AUTO_TEST_CASE(a_period_covers_releases_by_version_or_by_day) {
    const auto p = example_policy("wasmtime.toml");
    BOOST_REQUIRE(p.periods.size() == 1u);
    const RulePeriod& before_lts = p.periods.front();
    BOOST_TEST(before_lts.covers(v(p, "23.0.0"), day("2024-07-22")));
    BOOST_TEST(!before_lts.covers(v(p, "24.0.0"), day("2024-08-20")));
    BOOST_TEST(before_lts.describe() ==
               "until 24.0.0 (before the LTS process: the latest two "
               "releases)");
    RulePeriod by_day;
    by_day.from = RuleBound{std::nullopt, day("2024-08-20")};
    BOOST_TEST(!by_day.covers(v(p, "23.0.0"), day("2024-07-22")));
    BOOST_TEST(by_day.covers(v(p, "23.0.0"), day("2024-08-20")));
    BOOST_TEST(by_day.describe() == "from 2024-08-20");
}

BOOST_AUTO_TEST_CASE(a_release_follows_the_first_period_that_covers_it_else_the_policy) {
    auto p = example_policy("wasmtime.toml");
    LineRules r = p.rules_for(v(p, "12.0.0"), day("2023-08-21"));
    BOOST_TEST(r.lts_every_major == 0);
    BOOST_TEST(r.support_releases == 2);
    BOOST_TEST(r.support_months == 0);
    BOOST_TEST(to_string(r.weekend) == "shortly after");  // not set by the period: [policy]'s
    BOOST_TEST(r.period == &p.periods.front());
    r = p.rules_for(v(p, "36.0.0"), day("2025-08-20"));
    BOOST_TEST(r.lts_every_major == 12);
    BOOST_TEST(r.support_months == 2);
    BOOST_TEST(r.period == nullptr);
    RulePeriod later;
    later.until = RuleBound{v(p, "30.0.0"), std::nullopt};
    later.support_releases = 5;
    p.periods.push_back(later);  // 12.0.0 is in both: the first written wins
    BOOST_TEST(p.rules_for(v(p, "12.0.0"), day("2023-08-21")).support_releases == 2);
    BOOST_TEST(p.rules_for(v(p, "25.0.0"), day("2024-09-20")).support_releases == 5);
}

BOOST_AUTO_TEST_CASE(lts_began_with_24_so_12_was_never_a_backport_target) {
    const auto p = example_policy("wasmtime.toml");
    const Plan plan = make_plan(p, {}, false, day("2024-01-15"), v(p, "16.0.0"));
    BOOST_TEST(plan.backport_targets == strings({"16.0.x", "15.0.x"}));
    BOOST_TEST(!line_of(plan, "12.0.x")->lts);
    BOOST_TEST(line_of(plan, "14.0.x")->eol_reason == "until 16.0.0 shipped");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(support_until_successors_ship, *utf::precondition(real_fixtures_present))

// 40.0.0 came out 2025-12-20; two months end 2026-02-20, but 42.0.0, the
// second release after it, was late (2026-02-24): 40.0.x was patched that day.
BOOST_AUTO_TEST_CASE(support_lasts_until_the_second_successor_ships) {
    const auto p = example_policy("wasmtime.toml");
    const auto history = recorded(p, "wasmtime_releases.csv");
    Plan plan = make_plan(p, until(history, day("2026-02-23")), true, day("2026-02-23"));
    BOOST_TEST(plan.backport_targets == strings({"41.0.x", "40.0.x", "36.0.x", "24.0.x"}));
    BOOST_TEST(!line_of(plan, "40.0.x")->eol.has_value());
    BOOST_TEST(line_of(plan, "40.0.x")->eol_reason ==
               "until 42.0.0 ships, due 2026-02-20 and not out yet");
    BOOST_TEST(plan.next_release->overdue);
    // The whole history: 42.0.0 shipped on the 24th and ended 40.0.x's support.
    plan = make_plan(p, history, true, day("2026-02-24"));
    BOOST_TEST(format_date(*line_of(plan, "40.0.x")->eol) == "2026-02-24");
    BOOST_TEST(line_of(plan, "40.0.x")->eol_reason == "until 42.0.0 shipped");
    BOOST_TEST(plan.backport_targets == strings({"42.0.x", "41.0.x", "36.0.x", "24.0.x"}));
    // The months end later than the successor shipped: the months hold.
    plan = make_plan(p, history, true, day("2026-03-01"));
    BOOST_TEST(format_date(*line_of(plan, "41.0.x")->eol) == "2026-03-20");
    BOOST_TEST(line_of(plan, "41.0.x")->eol_reason == "2 months");
}

BOOST_AUTO_TEST_CASE(a_scheduled_successor_ends_support_on_its_day) {
    const auto p = example_policy("wasmtime.toml");
    const auto history = recorded(p, "wasmtime_releases.csv");
    const Plan plan = make_plan(p, until(history, day("2026-04-25")), true, day("2026-04-25"));
    // 43.0.0 (2026-03-20): two months end 2026-05-20, 45.0.0 is scheduled then too.
    BOOST_TEST(format_date(*line_of(plan, "43.0.x")->eol) == "2026-05-20");
    BOOST_TEST(line_of(plan, "43.0.x")->eol_reason == "2 months");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(current_over_the_schedule)

BOOST_AUTO_TEST_CASE(lines_the_schedule_has_out_after_current_are_not_out) {
    const auto p = example_policy("wasmtime.toml");
    // No history: the schedule alone would have 42.0.0 out on 2026-02-20.
    Plan plan = make_plan(p, {}, false, day("2026-02-23"));
    BOOST_TEST(plan.current->text() == "42.0.0");
    plan = make_plan(p, {}, false, day("2026-02-23"), v(p, "41.0.4"));
    BOOST_TEST(plan.current->text() == "41.0.4");
    BOOST_TEST(plan.lines.front().version.text() == "41.0.0");
    BOOST_TEST(plan.backport_targets == strings({"41.0.x", "40.0.x", "36.0.x", "24.0.x"}));
    BOOST_REQUIRE(plan.next_release.has_value());
    BOOST_TEST(plan.next_release->version.text() == "42.0.0");
    BOOST_TEST(plan.next_release->overdue);
}

BOOST_AUTO_TEST_CASE(a_current_line_the_schedule_has_not_reached_is_out) {
    const auto p = example_policy("wasmtime.toml");
    const Plan plan = make_plan(p, {}, false, day("2025-11-19"), v(p, "39.0.0"));
    BOOST_TEST(line_of(plan, "39.0.x")->source == "--current");
    BOOST_TEST(format_date(line_of(plan, "39.0.x")->released_on) == "2025-11-19");
    // 37.0.x: two months after 2025-09-20 end on 2025-11-20.
    BOOST_TEST(plan.backport_targets ==
               strings({"39.0.x", "38.0.x", "37.0.x", "36.0.x", "24.0.x"}));
    BOOST_TEST(plan.next_release->version.text() == "40.0.0");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rolling_cadence)

BOOST_AUTO_TEST_CASE(without_history_the_anchor_starts_the_count) {
    const auto p = example_policy("cloud-hypervisor.toml");
    BOOST_TEST(to_string(p.cadence) == "rolling");
    const auto slots = schedule(p, day("2026-03-31"));
    BOOST_REQUIRE(slots.size() == 3u);
    BOOST_TEST(slots[0].version.text() == "50.0");
    BOOST_TEST(format_date(slots[1].date) == "2026-01-30");
    BOOST_TEST(slots[2].version.text() == "52.0");
    BOOST_TEST(format_date(slots[2].date) == "2026-03-13");
    BOOST_TEST(describe_policy(p) ==
               "major.point versions, 6 weeks after the previous release, time zone UTC; other "
               "rules until 50.0 (the 12-month LTS count from 28.0)");
}

BOOST_AUTO_TEST_CASE(each_release_is_due_six_weeks_after_the_previous_one_shipped,
                     *utf::precondition(real_fixtures_present)) {
    const auto p = example_policy("cloud-hypervisor.toml");
    const auto history = recorded(p, "cloud_hypervisor_releases.csv");
    const auto slots = schedule(p, day("2026-12-31"), history);
    const auto slot = [&](const char* version) {
        const auto it = std::find_if(slots.begin(), slots.end(), [&](const ScheduledRelease& s) {
            return s.version.text() == version;
        });
        BOOST_REQUIRE_MESSAGE(it != slots.end(), version);
        return format_date(it->date);
    };
    BOOST_TEST(slot("29.0") == "2022-12-29");  // 28.0 on 2022-11-17 + 6 weeks
    BOOST_TEST(slot("52.0") == "2026-04-03");  // 51.0 on 2026-02-20 + 6 weeks
    BOOST_TEST(slot("54.0") == "2026-08-23");  // 53.0 on 2026-07-12 + 6 weeks
    BOOST_TEST(slot("55.0") == "2026-10-04");  // then every 6 weeks
    const Plan plan = make_plan(p, history, true, day("2026-03-01"));
    BOOST_TEST(plan.next_release->version.text() == "52.0");
    BOOST_TEST(format_date(plan.next_release->date) == "2026-04-03");
    BOOST_TEST(plan.backport_targets == strings({"51.x", "50.x", "43.x"}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(practice_config)

std::string errors_of(const std::string& text) {
    auto config = parse_config(text, "p.toml");
    BOOST_REQUIRE(!config.has_value());
    std::string out;
    for (const auto& e : config.error()) {
        out += e.describe() + "\n";
    }
    return out;
}

const char* const k_monthly =
    "[policy]\ncadence = \"monthly\"\nday = 20\nanchor = { version = \"1.0.0\", date = "
    "\"2022-09-20\" }\n";

BOOST_AUTO_TEST_CASE(rule_periods_read_versions_and_dates) {
    const auto config = parse_config(std::string(k_monthly) +
                                         "weekend = \"shortly after\"\n"
                                         "[[policy.rules]]\nuntil = \"24.0.0\"\nnote = \"old\"\n"
                                         "support_releases = 2\nlts_every_major = 0\n"
                                         "[[policy.rules]]\nfrom = 2020-01-01\n"
                                         "until = \"2021-01-01\"\nweekend = \"next monday\"\n",
                                     "p.toml");
    BOOST_REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().front().describe()));
    const auto& p = config->policy;
    BOOST_TEST(to_string(p.weekend) == "shortly after");
    BOOST_REQUIRE(p.periods.size() == 2u);
    BOOST_TEST(p.periods[0].until->version->text() == "24.0.0");
    BOOST_TEST(*p.periods[0].support_releases == 2);
    BOOST_TEST(!p.periods[0].support_months.has_value());
    BOOST_TEST(format_date(*p.periods[1].from->date) == "2020-01-01");
    BOOST_TEST(format_date(*p.periods[1].until->date) == "2021-01-01");
    BOOST_TEST(to_string(*p.periods[1].weekend) == "next monday");
}

BOOST_AUTO_TEST_CASE(bad_rule_periods_say_where_and_what_to_do) {
    auto e = errors_of(std::string(k_monthly) + "[[policy.rules]]\nsupport_releases = 2\n");
    BOOST_TEST(contains(e, "p.toml:5:1: error: [[policy.rules]] needs from and/or until"), e);
    e = errors_of(std::string(k_monthly) +
                  "[[policy.rules]]\nfrom = \"24.0.0\"\nuntil = \"12.0.0\"\n");
    BOOST_TEST(contains(e,
                        "p.toml:7:9: error: [[policy.rules]] until (12.0.0) must come after "
                        "from (24.0.0)"),
               e);
    e = errors_of(std::string(k_monthly) + "[[policy.rules]]\nuntil = \"24.x\"\n");
    BOOST_TEST(contains(e,
                        "p.toml:6:9: error: [[policy.rules]] until must be a version of the "
                        "scheme (\"24.0.0\") or a date (2024-08-20)"),
               e);
    e = errors_of(std::string(k_monthly) + "[[policy.rules]]\nuntil = \"24.0.0\"\ncadence = 1\n");
    BOOST_TEST(contains(e, "p.toml:7:1: error: unknown key \"cadence\" in [[policy.rules]]"), e);
    e = errors_of(std::string(k_monthly) + "weekend = \"sometime\"\n");
    BOOST_TEST(contains(e, "[policy] weekend \"sometime\" is unknown; use \"shortly after\""), e);
    e = errors_of("[policy]\ncadence = \"rolling\"\n");
    BOOST_TEST(contains(e, "[policy] cadence \"rolling\" needs every"), e);
}

BOOST_AUTO_TEST_CASE(support_months_and_releases_together_mean_the_later) {
    const auto config = parse_config(
        std::string(k_monthly) + "support_months = 2\nsupport_releases = 2\n", "p.toml");
    BOOST_REQUIRE(config.has_value());
    BOOST_TEST(config->policy.support_months == 2);
    BOOST_TEST(config->policy.support_releases == 2);
    // A rolling cadence needs no anchor: the releases give the dates.
    BOOST_TEST(
        parse_config("[policy]\ncadence = \"rolling\"\nevery = \"6w\"\n", "p.toml").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(regular_release_successors)

// aleph-vm follows SemVer with minor regular releases: after 1.4.0 the next
// regular release is 1.5.0, or 2.0.0 when it breaks compatibility.
BOOST_AUTO_TEST_CASE(with_minor_regular_releases_a_major_bump_is_regular_too) {
    const auto p = example_policy("semver-pep440.toml");
    const Plan plan = make_plan(p, p.releases, false, day("2026-10-01"));
    const auto blocks = [&](const char* version) {
        return policy_blocks(p, plan, p.releases, ReleaseKind::regular, version, day("2026-10-01"));
    };
    BOOST_TEST(blocks("1.5.0").empty());
    BOOST_TEST(blocks("2.0.0").empty());
    BOOST_TEST(blocks("2.0.0rc1").empty());
    BOOST_REQUIRE(blocks("3.0.0").size() == 1u);
    BOOST_TEST(blocks("3.0.0").front() ==
               "3.0.0 is not the next regular release: after 1.4.0 comes 1.5.0");
    BOOST_REQUIRE(blocks("1.6.0").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
