// The release policy engine: calendar arithmetic, schedules, support windows,
// LTS, backport targets and the successor rules, on the example configs and
// on Wasmtime's and Cloud Hypervisor's real release history.
#include "core/release/policy.h"

#include <algorithm>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "config/config.h"
#include "tests/support/checks.h"
#include "tests/support/fixtures.h"

using namespace fairweather;
using fairweather::testing::contains;
using fairweather::testing::real_fixture;
using fairweather::testing::real_fixtures_present;
namespace utf = boost::unit_test;

namespace {

Date d(const char* text) {
    return *parse_calendar_date(text);
}

ReleasePolicy example(const std::string& name) {
    const auto config =
        load_config(std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "config" / "examples" / name);
    BOOST_REQUIRE_MESSAGE(config.has_value(), name);
    return config->policy;
}

Version v(const ReleasePolicy& p, const char* text) {
    auto parsed = parse_version(text, p.scheme);
    BOOST_REQUIRE_MESSAGE(parsed.has_value(), text);
    return *parsed;
}

// Releases from one of the recorded CSV files (version,released_on).
std::vector<KnownRelease> history_csv(const ReleasePolicy& p, const std::string& file) {
    std::vector<KnownRelease> out;
    std::istringstream in(real_fixture(file));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        const auto comma = line.find(',');
        const auto version = parse_version(line.substr(0, comma), p.scheme);
        if (version) {  // Cloud Hypervisor's 0.x.y tags are not MAJOR.POINT
            out.push_back(KnownRelease{*version, d(line.substr(comma + 1).c_str()), "github"});
        }
    }
    return out;
}

std::vector<std::string> strings(std::initializer_list<const char*> items) {
    return std::vector<std::string>(items.begin(), items.end());
}

const ReleaseLine* line_of(const Plan& plan, const std::string& branch) {
    const auto it = std::find_if(plan.lines.begin(), plan.lines.end(),
                                 [&](const ReleaseLine& l) { return l.branch == branch; });
    return it == plan.lines.end() ? nullptr : &*it;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(calendar)

BOOST_AUTO_TEST_CASE(adding_months_clamps_to_the_month_end_and_knows_leap_years) {
    BOOST_TEST(format_date(add_months(d("2025-10-20"), 2)) == "2025-12-20");
    BOOST_TEST(format_date(add_months(d("2025-12-20"), 2)) == "2026-02-20");
    BOOST_TEST(format_date(add_months(d("2024-01-31"), 1)) == "2024-02-29");
    BOOST_TEST(format_date(add_months(d("2023-01-31"), 1)) == "2023-02-28");
    BOOST_TEST(format_date(add_months(d("2024-02-29"), 12)) == "2025-02-28");
    BOOST_TEST(format_date(add_months(d("2025-03-31"), -1)) == "2025-02-28");
    BOOST_TEST(format_date(add_months(d("2024-08-20"), 24)) == "2026-08-20");
}

BOOST_AUTO_TEST_CASE(freeze_windows_cover_fixed_ranges_and_wrap_the_year_end) {
    FreezeWindow every;
    every.every_from = std::chrono::month_day{std::chrono::December, std::chrono::day{20}};
    every.every_to = std::chrono::month_day{std::chrono::January, std::chrono::day{5}};
    BOOST_TEST(every.contains(d("2026-12-20")));
    BOOST_TEST(every.contains(d("2026-12-31")));
    BOOST_TEST(every.contains(d("2027-01-05")));
    BOOST_TEST(!every.contains(d("2027-01-06")));
    BOOST_TEST(!every.contains(d("2026-12-19")));
    FreezeWindow fixed;
    fixed.from = d("2026-07-27");
    fixed.to = d("2026-08-07");
    fixed.reason = "offsite";
    BOOST_TEST(fixed.contains(d("2026-07-27")));
    BOOST_TEST(fixed.contains(d("2026-08-07")));
    BOOST_TEST(!fixed.contains(d("2026-08-08")));
    BOOST_TEST(fixed.describe() == "2026-07-27..2026-08-07 (offsite)");
    BOOST_TEST(every.describe() == "12-20..01-05 every year");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(schedules)

BOOST_AUTO_TEST_CASE(wasmtime_releases_a_major_on_the_20th_with_the_branch_cut_on_the_5th) {
    const auto p = example("wasmtime.toml");
    const auto slots = schedule(p, d("2025-12-31"));
    BOOST_REQUIRE(slots.size() == 40u);  // 1.0.0 (2022-09) .. 40.0.0 (2025-12)
    BOOST_TEST(slots.front().version.text() == "1.0.0");
    BOOST_TEST(format_date(slots.front().date) == "2022-09-20");
    const auto& s39 = slots[38];
    BOOST_TEST(s39.version.text() == "39.0.0");
    BOOST_TEST(format_date(s39.date) == "2025-11-20");
    BOOST_TEST(format_date(*s39.branch_cut) == "2025-11-05");
    BOOST_TEST(format_date(slots[39].date) == "2025-12-20");  // a Saturday: weekend = "none"
}

BOOST_AUTO_TEST_CASE(weekend_rules_move_a_release_off_saturday_and_sunday) {
    auto p = example("wasmtime.toml");
    p.weekend = WeekendRule::next_monday;
    auto slots = schedule(p, d("2023-08-31"));
    BOOST_TEST(format_date(slots[11].date) == "2023-08-21");  // 12.0.0: Sunday the 20th -> Monday
    BOOST_TEST(format_date(slots[8].date) == "2023-05-22");   // 9.0.0: Saturday -> Monday
    BOOST_TEST(format_date(*slots[11].branch_cut) == "2023-08-05");
    p.weekend = WeekendRule::previous_friday;
    slots = schedule(p, d("2023-08-31"));
    BOOST_TEST(format_date(slots[11].date) == "2023-08-18");
    BOOST_TEST(format_date(slots[8].date) == "2023-05-19");
}

BOOST_AUTO_TEST_CASE(a_day_past_the_month_end_falls_on_its_last_day) {
    auto p = example("wasmtime.toml");
    p.day = 31;
    p.anchor_date = d("2024-01-31");
    const auto slots = schedule(p, d("2025-03-31"));
    BOOST_TEST(format_date(slots[1].date) == "2024-02-29");
    BOOST_TEST(format_date(slots[2].date) == "2024-03-31");
    BOOST_TEST(format_date(slots[3].date) == "2024-04-30");
    BOOST_TEST(format_date(slots[13].date) == "2025-02-28");
}

BOOST_AUTO_TEST_CASE(cloud_hypervisor_releases_every_six_weeks_from_its_anchor) {
    const auto p = example("cloud-hypervisor.toml");
    const auto slots = schedule(p, d("2026-06-30"));
    BOOST_REQUIRE(slots.size() >= 4u);
    BOOST_TEST(slots[0].version.text() == "50.0");
    BOOST_TEST(slots[1].version.text() == "51.0");
    BOOST_TEST(format_date(slots[1].date) == "2026-01-30");
    BOOST_TEST(format_date(slots[2].date) == "2026-03-13");
    BOOST_TEST(!slots[1].branch_cut.has_value());
}

BOOST_AUTO_TEST_CASE(on_demand_has_no_schedule) {
    const auto p = example("semver-pep440.toml");
    BOOST_TEST(schedule(p, d("2030-01-01")).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(plans)

BOOST_AUTO_TEST_CASE(wasmtime_39_security_fix_ships_on_39_38_36_and_24) {
    const auto p = example("wasmtime.toml");
    const Plan plan = make_plan(p, {}, false, d("2025-11-20"), v(p, "39.0.0"));
    BOOST_TEST(plan.backport_targets == strings({"39.0.x", "38.0.x", "36.0.x", "24.0.x"}));
    BOOST_REQUIRE(plan.supported.size() == 4u);
    BOOST_TEST(format_date(*plan.supported[0].eol) == "2026-01-20");
    BOOST_TEST(format_date(*plan.supported[1].eol) == "2025-12-20");
    BOOST_TEST(plan.supported[1].eol_reason == "2 months");
    BOOST_TEST(plan.supported[2].lts);
    BOOST_TEST(format_date(*plan.supported[2].eol) == "2027-08-20");
    BOOST_TEST(plan.supported[2].eol_reason == "LTS, 24 months");
    BOOST_TEST(format_date(*plan.supported[3].eol) == "2026-08-20");
    BOOST_TEST(format_date(*line_of(plan, "37.0.x")->eol) ==
               "2025-11-20");  // ends the day 39 comes out
    // 12.0.0 came before the LTS process (it began with 24.0.0): it was never an LTS.
    BOOST_TEST(!line_of(plan, "12.0.x")->lts);
    BOOST_TEST(contains(line_of(plan, "12.0.x")->rules, "until 24.0.0"));
    BOOST_TEST(line_of(plan, "24.0.x")->rules.empty());
    BOOST_REQUIRE(plan.next_release.has_value());
    BOOST_TEST(plan.next_release->version.text() == "40.0.0");
    BOOST_TEST(format_date(plan.next_release->date) == "2025-12-20");  // a Saturday
    BOOST_TEST(format_date(plan.next_release->due) == "2025-12-22");   // the Monday after
    BOOST_TEST(format_date(*plan.next_release->branch_cut) == "2025-12-05");
}

BOOST_AUTO_TEST_CASE(wasmtime_supported_sets_move_with_the_date) {
    const auto p = example("wasmtime.toml");
    struct Row {
        const char* date;
        std::vector<std::string> targets;
    };
    const Row rows[] = {
        {"2025-11-19", strings({"38.0.x", "37.0.x", "36.0.x", "24.0.x"})},
        {"2025-12-20", strings({"40.0.x", "39.0.x", "36.0.x", "24.0.x"})},
        {"2026-08-19", strings({"47.0.x", "46.0.x", "36.0.x", "24.0.x"})},
        {"2026-08-20", strings({"48.0.x", "47.0.x", "36.0.x"})},  // 24 ends as 48 (an LTS) begins
        // The first LTS; 23.0.x keeps the earlier rule (until two newer
        // releases are out, 25.0.0 on 2024-09-20); 12.0.x was never an LTS.
        {"2024-08-20", strings({"24.0.x", "23.0.x"})},
        {"2024-09-20", strings({"25.0.x", "24.0.x"})},
        // The issue's example: 2024-01-15 with 16.0.0 current, before LTS.
        {"2024-01-15", strings({"16.0.x", "15.0.x"})},
        {"2022-09-20", strings({"1.0.x"})},
    };
    for (const auto& row : rows) {
        const Plan plan = make_plan(p, {}, false, d(row.date));
        BOOST_TEST(plan.backport_targets == row.targets, row.date);
    }
}

BOOST_AUTO_TEST_CASE(before_the_first_release_nothing_is_supported) {
    const auto p = example("wasmtime.toml");
    const Plan plan = make_plan(p, {}, false, d("2022-01-01"));
    BOOST_TEST(plan.supported.empty());
    BOOST_TEST(!plan.current.has_value());
    BOOST_TEST(plan.next_release->version.text() == "1.0.0");
}

BOOST_AUTO_TEST_CASE(the_pep440_project_keeps_two_lines_and_an_extended_one) {
    const auto p = example("semver-pep440.toml");
    const Plan plan = make_plan(p, p.releases, false, d("2026-10-01"));
    BOOST_TEST(plan.backport_targets == strings({"1.4.x", "1.3.x", "1.2.x"}));
    BOOST_TEST(format_date(*line_of(plan, "1.2.x")->eol) == "2027-03-10");  // the override
    BOOST_TEST(!line_of(plan, "1.3.x")->eol.has_value());  // until 1.5.0, not yet known
    BOOST_TEST(!plan.next_release.has_value());
    BOOST_TEST(plan.current->text() == "1.4.0");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(real_history, *utf::precondition(real_fixtures_present))

// Each Wasmtime major since 1.0.0 against the schedule: the 20th of the
// month, "or shortly after if that happens to fall on a weekend" (due by the
// next business day). Checked by hand against the CSV and a calendar (and by
// a separate script): 3.0.0, 9.0.0, 12.0.0, 20.0.0, 23.0.0, 32.0.0 and 46.0.0
// came the Monday after a weekend 20th, on time; 37.0.0 and 40.0.0 on the
// Saturday itself, on time; late are 17.0.0 (Saturday 2024-01-20, out
// Thursday the 25th: 3 days after the Monday), 26.0.0 and 35.0.0 (a Sunday,
// out on Tuesday: 1), 42.0.0 (Friday 2026-02-20, out the 24th: 4) and 45.0.0 (1).
BOOST_AUTO_TEST_CASE(wasmtime_majors_against_the_schedule) {
    const auto p = example("wasmtime.toml");
    const auto history = history_csv(p, "wasmtime_releases.csv");
    const auto slots = schedule(p, d("2026-08-31"));
    BOOST_REQUIRE(slots.size() == 48u);
    std::map<std::string, std::int64_t> late;  // version -> days past the due day
    for (const auto& slot : slots) {
        const auto actual =
            std::find_if(history.begin(), history.end(),
                         [&](const KnownRelease& r) { return r.version == slot.version; });
        BOOST_REQUIRE_MESSAGE(actual != history.end(), slot.version.text());
        const auto out = std::chrono::sys_days{actual->date};
        late[slot.version.text()] =
            std::max<std::int64_t>(0, (out - std::chrono::sys_days{slot.due}).count());
        BOOST_TEST(!(out < std::chrono::sys_days{slot.date}), slot.version.text());  // none early
        BOOST_TEST_MESSAGE(slot.version.text()
                           << " scheduled " << format_date(slot.date) << " due "
                           << format_date(slot.due) << " released " << format_date(actual->date));
    }
    BOOST_TEST(format_date(slots[2].date) == "2022-11-20");  // 3.0.0, a Sunday
    BOOST_TEST(format_date(slots[2].due) == "2022-11-21");
    BOOST_TEST(late["3.0.0"] == 0);
    BOOST_TEST(late["9.0.0"] == 0);   // Saturday 2023-05-20 -> Monday 22nd
    BOOST_TEST(late["12.0.0"] == 0);  // Sunday 2023-08-20 -> Monday 21st
    BOOST_TEST(late["17.0.0"] == 3);  // Saturday 2024-01-20 -> Thursday 25th
    BOOST_TEST(late["26.0.0"] == 1);
    BOOST_TEST(late["35.0.0"] == 1);
    BOOST_TEST(late["37.0.0"] == 0);  // 2025-09-20, the Saturday itself
    BOOST_TEST(late["39.0.0"] == 0);
    BOOST_TEST(late["42.0.0"] == 4);  // Friday 2026-02-20 -> 24th
    BOOST_TEST(late["45.0.0"] == 1);
    BOOST_TEST(late["48.0.0"] == 0);
    const auto on_time =
        std::count_if(late.begin(), late.end(), [](const auto& e) { return e.second == 0; });
    BOOST_TEST(on_time == 43);
}

BOOST_AUTO_TEST_CASE(wasmtime_history_gives_the_same_backport_targets) {
    const auto p = example("wasmtime.toml");
    const auto history = history_csv(p, "wasmtime_releases.csv");
    const Plan plan = make_plan(p, history, true, d("2025-11-20"), v(p, "39.0.0"));
    BOOST_TEST(plan.backport_targets == strings({"39.0.x", "38.0.x", "36.0.x", "24.0.x"}));
    BOOST_TEST(line_of(plan, "38.0.x")->source == "github");
    BOOST_TEST(format_date(line_of(plan, "12.0.x")->released_on) == "2023-08-21");
    // Before the LTS process: until two newer releases were out (14.0.0).
    BOOST_TEST(format_date(*line_of(plan, "12.0.x")->eol) == "2023-10-20");
    BOOST_TEST(line_of(plan, "12.0.x")->eol_reason == "until 14.0.0 shipped");
}

BOOST_AUTO_TEST_CASE(a_release_missing_from_complete_history_is_overdue) {
    const auto p = example("wasmtime.toml");
    const auto history = history_csv(p, "wasmtime_releases.csv");  // ends with 48.0.0 on 2026-08-20
    Plan plan = make_plan(p, history, true, d("2026-09-01"));
    BOOST_TEST(plan.next_release->version.text() == "49.0.0");
    BOOST_TEST(!plan.next_release->overdue);
    plan = make_plan(p, history, true, d("2026-09-25"));
    BOOST_TEST(plan.next_release->version.text() == "49.0.0");
    BOOST_TEST(format_date(plan.next_release->date) == "2026-09-20");
    BOOST_TEST(plan.next_release->overdue);
    BOOST_TEST(plan.current->text() == "48.0.0");
    // Without complete history the schedule is trusted instead.
    plan = make_plan(p, history, false, d("2026-09-25"));
    BOOST_TEST(plan.current->text() == "49.0.0");
    BOOST_TEST(plan.next_release->version.text() == "50.0.0");
}

BOOST_AUTO_TEST_CASE(cloud_hypervisor_lts_lines_follow_the_twelve_month_rule) {
    const auto p = example("cloud-hypervisor.toml");
    const auto history = history_csv(p, "cloud_hypervisor_releases.csv");
    const Plan plan = make_plan(p, history, true, d("2026-03-01"));
    std::vector<std::string> lts;
    for (auto it = plan.lines.rbegin(); it != plan.lines.rend(); ++it) {
        if (it->lts) {
            lts.push_back(it->version.text());
        }
    }
    BOOST_TEST(lts == strings({"28.0", "37.0", "43.0", "50.0"}));
    BOOST_TEST(plan.backport_targets == strings({"51.x", "50.x", "43.x"}));
    BOOST_TEST(format_date(*line_of(plan, "49.x")->eol) == "2026-02-20");  // two releases on: 51.0
    BOOST_TEST(format_date(*line_of(plan, "43.x")->eol) == "2026-06-18");  // 18 months
    BOOST_TEST(plan.next_release->version.text() == "52.0");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(successor_rules)

struct Wasmtime {
    ReleasePolicy p = example("wasmtime.toml");
    Plan plan = make_plan(p, history(), false, d("2025-11-25"));

    std::vector<KnownRelease> history() const {
        auto parse = [&](const char* t) { return *parse_version(t, VersionScheme::semver); };
        return {{parse("38.0.1"), d("2025-10-20"), "config"},
                {parse("38.0.2"), d("2025-11-02"), "config"}};
    }
    std::vector<std::string> blocks(ReleaseKind kind, const std::string& version,
                                    const char* date = "2025-11-25") const {
        return policy_blocks(p, plan, history(), kind, version, d(date));
    }
};

BOOST_AUTO_TEST_CASE(a_regular_release_must_be_the_next_major) {
    Wasmtime w;
    BOOST_TEST(w.blocks(ReleaseKind::regular, "40.0.0").empty());
    BOOST_TEST(w.blocks(ReleaseKind::regular, "v40.0.0").empty());
    BOOST_TEST(w.blocks(ReleaseKind::regular, "40.0.0-rc.1").empty());
    auto b = w.blocks(ReleaseKind::regular, "41.0.0");
    BOOST_TEST(b == strings({"41.0.0 is not the next regular release: after 39.0.0 comes 40.0.0"}));
    // With only the schedule to go by, 39.0.0 five days after its date may be it, late.
    BOOST_TEST(w.blocks(ReleaseKind::regular, "39.0.0").empty());
    // GitHub's history says it is out: releasing it again is refused.
    const std::vector<KnownRelease> github{
        {*parse_version("39.0.0", VersionScheme::semver), d("2025-11-20"), "github"}};
    const Plan known = make_plan(w.p, github, true, d("2025-11-25"));
    b = policy_blocks(w.p, known, github, ReleaseKind::regular, "39.0.0", d("2025-11-25"));
    BOOST_TEST(b == strings({"39.0.0 is not newer than the latest regular release 39.0.0; the "
                             "next regular release is 40.0.0"}));
    // On its scheduled day the schedule counts 40.0.0 as out; releasing it is still allowed.
    const Plan on_the_day = make_plan(w.p, {}, false, d("2025-12-20"));
    BOOST_TEST(on_the_day.lines.front().version.text() == "40.0.0");
    BOOST_TEST(policy_blocks(w.p, on_the_day, {}, ReleaseKind::regular, "40.0.0", d("2025-12-20"))
                   .empty());
    BOOST_TEST(!policy_blocks(w.p, on_the_day, {}, ReleaseKind::regular, "39.0.0", d("2025-12-20"))
                    .empty());
    b = w.blocks(ReleaseKind::regular, "40.1.0");
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST(contains(b[0], "40.1.0 is not a regular release"), b[0]);
}

BOOST_AUTO_TEST_CASE(a_patch_must_be_the_next_on_a_supported_branch) {
    Wasmtime w;
    BOOST_TEST(w.blocks(ReleaseKind::security, "39.0.1").empty());
    BOOST_TEST(w.blocks(ReleaseKind::patch, "38.0.3").empty());
    BOOST_TEST(w.blocks(ReleaseKind::security, "24.0.1").empty());
    auto b = w.blocks(ReleaseKind::patch, "38.0.2");
    BOOST_TEST(b == strings({"38.0.2 is not the next release on 38.0.x: the latest there is "
                             "38.0.2, so the next is 38.0.3"}));
    b = w.blocks(ReleaseKind::security, "37.0.1");
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST(
        b[0] ==
        "branch 37.0.x reached its end of life on 2025-11-20; supported branches: 39.0.x, 38.0.x, "
        "36.0.x, 24.0.x");
    b = w.blocks(ReleaseKind::security, "41.0.1");
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST(contains(b[0], "no release branch 41.0.x exists for 41.0.1"), b[0]);
    b = w.blocks(ReleaseKind::security, "39.0.0");
    BOOST_TEST(contains(b.at(0), "release it as --kind regular"));
    b = w.blocks(ReleaseKind::patch, "39.0.x");
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST(contains(b[0], "is not a SemVer version"), b[0]);
}

BOOST_AUTO_TEST_CASE(freeze_windows_block_everything_but_security_releases) {
    auto p = example("semver-pep440.toml");
    const Plan plan = make_plan(p, p.releases, false, d("2026-12-24"));
    auto b = policy_blocks(p, plan, p.releases, ReleaseKind::regular, "1.5.0", d("2026-12-24"));
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST(
        b[0] ==
        "2026-12-24 is in the freeze window 12-20..01-05 every year (end-of-year freeze): only "
        "security releases may ship");
    BOOST_TEST(
        policy_blocks(p, plan, p.releases, ReleaseKind::patch, "1.4.1", d("2026-12-24")).size() ==
        1u);
    BOOST_TEST(policy_blocks(p, plan, p.releases, ReleaseKind::security, "1.4.1", d("2026-12-24"))
                   .empty());
    BOOST_TEST(policy_blocks(p, plan, p.releases, ReleaseKind::security, "1.3.2", d("2026-12-24"))
                   .empty());
    BOOST_TEST(policy_blocks(p, plan, p.releases, ReleaseKind::regular, "1.5.0rc1", d("2027-01-06"))
                   .empty());
}

BOOST_AUTO_TEST_CASE(major_point_patches_are_point_releases) {
    const auto p = example("cloud-hypervisor.toml");
    const auto parse = [&](const char* t) { return *parse_version(t, p.scheme); };
    const std::vector<KnownRelease> history{{parse("50.0"), d("2025-12-19"), "github"},
                                            {parse("50.1"), d("2026-02-20"), "github"},
                                            {parse("51.0"), d("2026-02-20"), "github"}};
    const Plan plan = make_plan(p, history, true, d("2026-03-01"));
    BOOST_TEST(
        policy_blocks(p, plan, history, ReleaseKind::security, "50.2", d("2026-03-01")).empty());
    BOOST_TEST(
        policy_blocks(p, plan, history, ReleaseKind::regular, "v52.0", d("2026-03-01")).empty());
    const auto b = policy_blocks(p, plan, history, ReleaseKind::security, "50.1", d("2026-03-01"));
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST(
        b[0] ==
        "50.1 is not the next release on 50.x: the latest there is 50.1, so the next is 50.2");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(policy_config)

std::vector<ConfigError> bad(const std::string& text) {
    auto config = parse_config(text, "p.toml");
    BOOST_REQUIRE(!config.has_value());
    return config.error();
}

std::string all(const std::vector<ConfigError>& errors) {
    std::string out;
    for (const auto& e : errors) {
        out += e.describe() + "\n";
    }
    return out;
}

BOOST_AUTO_TEST_CASE(every_example_policy_loads) {
    for (const char* name :
         {"wasmtime.toml", "cloud-hypervisor.toml", "semver-pep440.toml", "aleph-vm.toml"}) {
        BOOST_TEST(example(name).configured, name);
    }
}

BOOST_AUTO_TEST_CASE(day_0_or_32_is_refused_with_its_place) {
    auto e =
        bad("[policy]\ncadence = \"monthly\"\nday = 0\nanchor = { version = \"1.0.0\", date = "
            "\"2022-09-20\" }\n");
    BOOST_TEST(
        all(e).find("p.toml:3:7: error: [policy] day 0 is not a day of the month; use 1 to 31") !=
            std::string::npos,
        all(e));
    e =
        bad("[policy]\ncadence = \"monthly\"\nday = 32\nanchor = { version = \"1.0.0\", date = "
            "\"2022-09-20\" }\n");
    BOOST_TEST(all(e).find("p.toml:3:7: error: [policy] day 32") != std::string::npos, all(e));
}

BOOST_AUTO_TEST_CASE(an_unknown_cadence_and_bad_durations_are_refused) {
    const auto e = bad(R"([policy]
cadence = "fortnightly"
security_sla = "3 days"
branch_cut_before = "36h"
)");
    const std::string text = all(e);
    BOOST_TEST(
        text.find(
            "p.toml:2:11: error: [policy] cadence \"fortnightly\" is unknown; use \"monthly\"") !=
            std::string::npos,
        text);
    BOOST_TEST(
        text.find("p.toml:3:16: error: [policy] security_sla: invalid duration \"3 days\"") !=
            std::string::npos,
        text);
    BOOST_TEST(text.find("p.toml:4:21: error: [policy] branch_cut_before must be whole days") !=
                   std::string::npos,
               text);
}

BOOST_AUTO_TEST_CASE(schedules_need_what_they_are_built_from) {
    std::string text = all(bad("[policy]\ncadence = \"every\"\n"));
    BOOST_TEST(text.find("cadence \"every\" needs every") != std::string::npos, text);
    BOOST_TEST(text.find("needs an anchor") != std::string::npos, text);
    text =
        all(bad("[policy]\ncadence = \"every\"\nevery = \"10d\"\nanchor = { version = \"1.0.0\", "
                "date = \"2022-09-20\" }\n"));
    BOOST_TEST(text.find("p.toml:3:9: error: [policy] every must be a whole number of weeks") !=
                   std::string::npos,
               text);
    text =
        all(bad("[policy]\nscheme = \"major.point\"\ncadence = \"every\"\nevery = \"6w\"\nanchor = "
                "{ version = \"1.0.0\", date = \"2022-09-20\" }\n"));
    BOOST_TEST(text.find("[policy] anchor version: \"1.0.0\" is not a MAJOR.POINT version") !=
                   std::string::npos,
               text);
    // (support_months and support_releases together mean the later of the two.)
    text = all(bad("[policy]\nlts_every_months = 12\nsupport_months = 2\nsupport_releases = 2\n"));
    BOOST_TEST(text.find("lts_every_months needs lts_anchor") != std::string::npos, text);
    text = all(bad("[policy]\ntime_zone = \"Mars/Olympus_Mons\"\nscheme = \"calver\"\n"));
    BOOST_TEST(
        text.find(
            "p.toml:2:13: error: [policy] time_zone: unknown time zone \"Mars/Olympus_Mons\"") !=
            std::string::npos,
        text);
    BOOST_TEST(
        text.find("p.toml:3:10: error: [policy] scheme \"calver\" is unknown") != std::string::npos,
        text);
}

BOOST_AUTO_TEST_CASE(freeze_windows_and_overrides_are_checked) {
    const std::string text = all(bad(R"([policy]
[[policy.freeze]]
every = "12-32..01-05"
[[policy.freeze]]
from = 2026-08-07
to = 2026-07-27
[[policy.overrides]]
version = "1.x"
eol = "soon"
lts = "yes"
)"));
    BOOST_TEST(
        text.find(
            "p.toml:3:9: error: [[policy.freeze]] every \"12-32..01-05\" is not MM-DD..MM-DD") !=
            std::string::npos,
        text);
    BOOST_TEST(text.find("[[policy.freeze]] to (2026-07-27) is before from (2026-08-07)") !=
                   std::string::npos,
               text);
    BOOST_TEST(text.find("[[policy.overrides]] version: \"1.x\" is not a SemVer version") !=
                   std::string::npos,
               text);
    BOOST_TEST(text.find("[[policy.overrides]] eol must be a date") != std::string::npos, text);
    BOOST_TEST(text.find("[[policy.overrides]] lts must be true or false") != std::string::npos,
               text);
}

BOOST_AUTO_TEST_SUITE_END()
