// The written policy against what the projects did: every patch release of
// Wasmtime (1.0.0 on) and Cloud Hypervisor checked against the policy of its
// day, and every day several branches were patched against the backport
// targets. The expected numbers were worked out by hand from the CSVs (the
// days with several branches by a separate script) and are explained in
// bench/README.md's "Policy against practice".
#include "core/history/conformance.h"

#include <algorithm>

#include <boost/test/unit_test.hpp>

#include "core/history/delay_report.h"
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

std::vector<std::string> strings(std::initializer_list<const char*> items) {
    return std::vector<std::string>(items.begin(), items.end());
}

const RoundCheck& round_on(const Conformance& c, const char* date) {
    const auto it = std::find_if(c.round_checks.begin(), c.round_checks.end(),
                                 [&](const RoundCheck& r) { return format_date(r.day) == date; });
    BOOST_REQUIRE_MESSAGE(it != c.round_checks.end(), date);
    return *it;
}

const PatchCheck& check_of(const Conformance& c, const char* version) {
    const auto it = std::find_if(c.checks.begin(), c.checks.end(),
                                 [&](const PatchCheck& p) { return p.version == version; });
    BOOST_REQUIRE_MESSAGE(it != c.checks.end(), version);
    return *it;
}

std::vector<std::string> unsupported(const Conformance& c) {
    std::vector<std::string> out;
    for (const auto& check : c.checks) {
        if (check.verdict == PatchCheck::Verdict::unsupported) {
            out.push_back(check.version);
        }
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(conformance_real_history, *utf::precondition(real_fixtures_present))

// 118 patch releases from 1.0.0 (2022-09-20) to 2026-08-20. Eight fell on
// branches the written policy no longer supported: under the earlier
// process ("the latest two releases") the project patched three lines four
// times (4.0.1, 6.0.2, 10.0.2, 17.0.3) and five once (21.0.2, 22.0.1, 23.0.3
// on 2024-10-09, as the LTS process began); 32.0.1 came 3 days after its two
// months ended. 22 days had several branches patched; 13 matched the
// targets exactly.
BOOST_AUTO_TEST_CASE(wasmtime_patches_and_rounds) {
    const auto p = example_policy("wasmtime.toml");
    const Conformance c = check_conformance(p, recorded_releases(p, "wasmtime_releases.csv"),
                                            day("2022-09-20"), day("2026-08-20"));
    BOOST_TEST(c.patches == 118);
    BOOST_TEST(c.no_line == 0);
    BOOST_TEST(unsupported(c) == strings({"4.0.1", "6.0.2", "10.0.2", "17.0.3", "23.0.3", "22.0.1",
                                          "21.0.2", "32.0.1"}));
    BOOST_TEST(c.supported == 110);
    BOOST_TEST(c.rounds == 22);
    BOOST_TEST(c.rounds_matching == 13);

    const auto& p32 = check_of(c, "32.0.1");
    BOOST_TEST(p32.why == "support ended 2025-06-21 (2 months), 3 days before");
    const auto& p4 = check_of(c, "4.0.1");
    BOOST_TEST(p4.why == "support ended 2023-02-20 (until 6.0.0 shipped), 16 days before");
    BOOST_TEST(p4.rules == "until 24.0.0 (before the LTS process: the latest two releases)");
    BOOST_TEST(p32.rules.empty());
    // 38.0.1 came the same day as 38.0.0.
    BOOST_TEST(check_of(c, "38.0.1").why == "its line 38.0.0 came out the same day");
    BOOST_TEST(contains(check_of(c, "36.0.9").why, "LTS, 24 months"));

    const auto& march_2023 = round_on(c, "2023-03-08");
    BOOST_TEST(march_2023.patched == strings({"6.0.x", "5.0.x", "4.0.x"}));
    BOOST_TEST(march_2023.targets == strings({"6.0.x", "5.0.x"}));
    BOOST_TEST(march_2023.extra == strings({"4.0.x"}));
    BOOST_TEST(march_2023.missing.empty());
    // 42.0.0 was late: 40.0.x was still supported the day 42.0.0 shipped with the fix.
    const auto& february_2026 = round_on(c, "2026-02-24");
    BOOST_TEST(february_2026.matches());
    BOOST_TEST(february_2026.targets == strings({"41.0.x", "40.0.x", "36.0.x", "24.0.x"}));
    // 45.0.0 shipped the same day as the round and the project left 43.0.x out.
    const auto& may_2026 = round_on(c, "2026-05-21");
    BOOST_TEST(may_2026.missing == strings({"43.0.x"}));
    BOOST_TEST(may_2026.notes == strings({"43.0.x: not patched within a week"}));
    // 24.0.x (LTS) was not patched in two January rounds.
    BOOST_TEST(round_on(c, "2026-01-14").missing == strings({"24.0.x"}));
    BOOST_TEST(round_on(c, "2026-01-26").missing == strings({"24.0.x"}));
    BOOST_TEST(round_on(c, "2025-11-11").matches());
    BOOST_TEST(round_on(c, "2026-08-20").matches());  // 24.0.x's last day, with 48.0.0
}

// 20 point releases of MAJOR.POINT lines (2021-12-13 on): 31.2 and 35.1 came
// after two newer releases were out. 4 days had two branches patched; only
// 2022-03-11 matched: the LTS 28.x was patched a day later (28.3) or not
// within a week, and 37.x, the new LTS, not in January 2024.
BOOST_AUTO_TEST_CASE(cloud_hypervisor_patches_and_rounds) {
    const auto p = example_policy("cloud-hypervisor.toml");
    const Conformance c = check_conformance(
        p, recorded_releases(p, "cloud_hypervisor_releases.csv"), std::nullopt, std::nullopt);
    BOOST_TEST(c.patches == 20);
    BOOST_TEST(unsupported(c) == strings({"31.2", "35.1"}));
    BOOST_TEST(c.rounds == 4);
    BOOST_TEST(c.rounds_matching == 1);
    BOOST_TEST(round_on(c, "2022-03-11").matches());
    const auto& april_2023 = round_on(c, "2023-04-18");
    BOOST_TEST(april_2023.missing == strings({"28.x"}));
    BOOST_TEST(april_2023.notes == strings({"28.x: 28.3 came 1 day later"}));
    const auto& january_2024 = round_on(c, "2024-01-10");
    BOOST_TEST(january_2024.extra == strings({"35.x"}));
    BOOST_TEST(january_2024.missing == strings({"37.x", "28.x"}));
    BOOST_TEST(contains(check_of(c, "28.4").why, "LTS, 18 months"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(conformance_rules)

PublishedRelease published(const ReleasePolicy& p, const char* version, const char* date) {
    PublishedRelease r;
    r.version = *parse_version(version, p.scheme);
    r.tag = version;
    r.published_at = p.time_zone.start_of_day(day(date));
    r.prerelease = r.version.is_prerelease();
    return r;
}

BOOST_AUTO_TEST_CASE(the_period_limits_what_is_checked_not_the_history_used) {
    const auto p = example_policy("semver-pep440.toml");
    const std::vector<PublishedRelease> releases = {
        published(p, "1.2.0", "2026-03-10"),    published(p, "1.3.0", "2026-06-02"),
        published(p, "1.3.1rc1", "2026-06-15"), published(p, "1.3.1", "2026-06-20"),
        published(p, "1.2.1", "2026-06-20"),    published(p, "1.4.0", "2026-09-15"),
        published(p, "1.5.0", "2026-10-01"),    published(p, "1.3.2", "2026-10-05"),
        published(p, "0.9.1", "2026-10-06")};
    const Conformance c = check_conformance(p, releases, day("2026-10-01"), std::nullopt);
    BOOST_TEST(c.patches == 2);  // 1.3.2 and 0.9.1; the pre-release is left out
    BOOST_TEST(c.unsupported == 1);
    BOOST_TEST(check_of(c, "1.3.2").why ==
               "support ended 2026-10-01 (until 1.5.0 shipped), 4 days before");
    BOOST_TEST(c.no_line == 1);
    BOOST_TEST(check_of(c, "0.9.1").why == "no regular release 0.9.0 is known");
    const Conformance june = check_conformance(p, releases, day("2026-06-01"), day("2026-06-30"));
    BOOST_TEST(june.rounds == 1);
    BOOST_TEST(june.round_checks.front().matches());
    BOOST_TEST(june.round_checks.front().patched == strings({"1.3.x", "1.2.x"}));
    const Conformance none = check_conformance(p, {}, std::nullopt, std::nullopt);
    BOOST_TEST(none.notes == strings({"no patch releases in the period"}));
}

// aleph-vm's staging step: a pre-release of the version before (or the same
// day as) each regular and patch release.
BOOST_AUTO_TEST_CASE(aleph_vm_releases_are_checked_for_their_pre_release) {
    const auto p = example_policy("aleph-vm.toml");
    const std::vector<PublishedRelease> releases = {
        published(p, "1.2.0rc1", "2026-01-05"), published(p, "1.2.0", "2026-01-10"),
        published(p, "1.3.0", "2026-03-01"),    published(p, "1.3.1rc1", "2026-03-10"),
        published(p, "1.3.1", "2026-03-10"),    published(p, "1.4.0", "2026-04-01"),
        published(p, "1.4.0rc1", "2026-04-02"), published(p, "1.2.1", "2026-04-03")};
    const Conformance c = check_conformance(p, releases, std::nullopt, std::nullopt);
    BOOST_TEST(c.staging_required == 5);
    BOOST_TEST(c.staged == 2);
    BOOST_TEST(c.unstaged == strings({"1.3.0", "1.4.0", "1.2.1"}));
    // Only the newest line is supported: 1.2.1 came after 1.3.0 had replaced 1.2.x.
    BOOST_TEST((check_of(c, "1.2.1").verdict == PatchCheck::Verdict::unsupported));
    BOOST_TEST((check_of(c, "1.3.1").verdict == PatchCheck::Verdict::supported));
    // A policy without the rule checks none.
    BOOST_TEST(check_conformance(example_policy("semver-pep440.toml"), releases, std::nullopt,
                                 std::nullopt)
                   .staging_required == 0);
}

BOOST_AUTO_TEST_SUITE_END()
