// [policy] require_prerelease: a final release of a listed kind must follow a
// published pre-release of the same version (aleph-vm tests packages on
// staging before it tags a release).
#include "core/release/staging.h"

#include <filesystem>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "config/config.h"
#include "tests/support/checks.h"
#include "tests/support/config_checks.h"

using namespace fairweather;
using fairweather::testing::config_problems;
using fairweather::testing::contains;

namespace {

Date d(const char* text) {
    return *parse_calendar_date(text);
}

// A PEP 440 project releasing minors, with the rule for `kinds`.
ReleasePolicy pep440_policy(std::vector<ReleaseKind> kinds) {
    ReleasePolicy p;
    p.configured = true;
    p.scheme = VersionScheme::pep440;
    p.regular_component = 1;
    p.require_prerelease = std::move(kinds);
    return p;
}

KnownRelease published(const ReleasePolicy& p, const char* version, const char* date) {
    auto v = parse_version(version, p.scheme);
    BOOST_REQUIRE_MESSAGE(v.has_value(), version);
    return KnownRelease{*v, d(date), "config"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(staging_rule)

BOOST_AUTO_TEST_CASE(
    given_no_pre_release_a_regular_release_should_be_blocked_with_the_one_to_make) {
    const auto p = pep440_policy({ReleaseKind::regular});
    const auto b = staging_blocks(p, {}, ReleaseKind::regular, "1.4.0", d("2026-12-01"));
    BOOST_TEST(b == std::vector<std::string>{
                        "1.4.0 has no pre-release: the policy requires a pre-release tested on "
                        "staging before a regular release (release 1.4.0rc1 first)"});
    // A pre-release of another version does not count.
    BOOST_TEST(staging_blocks(p, {published(p, "1.3.0rc1", "2026-06-01")}, ReleaseKind::regular,
                              "1.4.0", d("2026-12-01"))
                   .size() == 1u);
}

BOOST_AUTO_TEST_CASE(given_a_pre_release_published_by_the_date_it_should_allow_the_release) {
    const auto p = pep440_policy({ReleaseKind::regular});
    for (const char* pre : {"1.4.0rc1", "1.4.0a1", "1.4.0b2", "1.4.0.dev3"}) {
        const std::vector<KnownRelease> pres{published(p, pre, "2026-11-20")};
        BOOST_TEST(staging_blocks(p, pres, ReleaseKind::regular, "1.4.0", d("2026-12-01")).empty(),
                   pre);
        // The same day counts, and a tag with a "v" names the same version.
        BOOST_TEST(staging_blocks(p, pres, ReleaseKind::regular, "v1.4.0", d("2026-11-20")).empty(),
                   pre);
    }
}

BOOST_AUTO_TEST_CASE(given_a_pre_release_published_after_the_date_it_should_not_count) {
    const auto p = pep440_policy({ReleaseKind::regular});
    const std::vector<KnownRelease> pres{published(p, "1.4.0rc1", "2026-12-02")};
    const auto b = staging_blocks(p, pres, ReleaseKind::regular, "1.4.0", d("2026-12-01"));
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST(contains(b[0], "1.4.0 has no pre-release"), b[0]);
}

BOOST_AUTO_TEST_CASE(releasing_a_pre_release_is_always_allowed) {
    const auto p = pep440_policy({ReleaseKind::regular, ReleaseKind::patch});
    BOOST_TEST(staging_blocks(p, {}, ReleaseKind::regular, "1.4.0rc1", d("2026-12-01")).empty());
    BOOST_TEST(staging_blocks(p, {}, ReleaseKind::patch, "1.3.2a1", d("2026-12-01")).empty());
    BOOST_TEST(!requires_prerelease(p, ReleaseKind::regular, "1.4.0rc1"));
    // An unparsable or missing version is policy_blocks' to report.
    BOOST_TEST(staging_blocks(p, {}, ReleaseKind::regular, "1.4.x", d("2026-12-01")).empty());
    BOOST_TEST(staging_blocks(p, {}, ReleaseKind::regular, "", d("2026-12-01")).empty());
}

BOOST_AUTO_TEST_CASE(a_patch_needs_its_pre_release_only_when_patch_is_listed) {
    const auto listed = pep440_policy({ReleaseKind::regular, ReleaseKind::patch});
    auto b = staging_blocks(listed, {}, ReleaseKind::patch, "1.3.2", d("2026-12-01"));
    BOOST_TEST(b == std::vector<std::string>{
                        "1.3.2 has no pre-release: the policy requires a pre-release tested on "
                        "staging before a patch release (release 1.3.2rc1 first)"});
    const std::vector<KnownRelease> pres{published(listed, "1.3.2rc1", "2026-11-30")};
    BOOST_TEST(staging_blocks(listed, pres, ReleaseKind::patch, "1.3.2", d("2026-12-01")).empty());
    const auto regular_only = pep440_policy({ReleaseKind::regular});
    BOOST_TEST(
        staging_blocks(regular_only, {}, ReleaseKind::patch, "1.3.2", d("2026-12-01")).empty());
}

BOOST_AUTO_TEST_CASE(a_security_release_is_exempt_unless_security_is_listed) {
    const auto p = pep440_policy({ReleaseKind::regular, ReleaseKind::patch});
    BOOST_TEST(staging_blocks(p, {}, ReleaseKind::security, "1.3.2", d("2026-12-01")).empty());
    const auto strict =
        pep440_policy({ReleaseKind::regular, ReleaseKind::patch, ReleaseKind::security});
    const auto b = staging_blocks(strict, {}, ReleaseKind::security, "1.3.2", d("2026-12-01"));
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST(contains(b[0], "before a security release (release 1.3.2rc1 first)"), b[0]);
}

BOOST_AUTO_TEST_CASE(under_semver_the_suggested_pre_release_is_spelt_the_semver_way) {
    ReleasePolicy p;
    p.configured = true;
    p.scheme = VersionScheme::semver;
    p.require_prerelease = {ReleaseKind::regular};
    const auto b = staging_blocks(p, {}, ReleaseKind::regular, "1.4.0", d("2026-12-01"));
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST(contains(b[0], "(release 1.4.0-rc.1 first)"), b[0]);
    const std::vector<KnownRelease> pres{published(p, "1.4.0-beta.2", "2026-11-01")};
    BOOST_TEST(staging_blocks(p, pres, ReleaseKind::regular, "1.4.0", d("2026-12-01")).empty());
}

BOOST_AUTO_TEST_CASE(a_release_github_flags_as_a_pre_release_counts_whatever_its_tag) {
    // known_prereleases keeps what GitHub flags, e.g. a 1.4.0 published as a
    // pre-release and later marked final.
    const auto p = pep440_policy({ReleaseKind::regular});
    const std::vector<KnownRelease> pres{published(p, "1.4.0", "2026-11-20")};
    BOOST_TEST(staging_blocks(p, pres, ReleaseKind::regular, "1.4.0", d("2026-12-01")).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(staging_config)

BOOST_AUTO_TEST_CASE(the_aleph_vm_example_loads_with_the_rule) {
    const auto config = load_config(std::filesystem::path(FAIRWEATHER_SOURCE_DIR) /
                                    "config/examples/aleph-vm.toml");
    BOOST_REQUIRE(config.has_value());
    const ReleasePolicy& p = config->policy;
    BOOST_TEST(p.configured);
    BOOST_TEST((p.scheme == VersionScheme::pep440));
    BOOST_TEST(p.regular_component == 1u);
    BOOST_TEST((p.cadence == Cadence::on_demand));
    BOOST_TEST(p.support_releases == 1);
    BOOST_TEST((p.require_prerelease ==
                std::vector<ReleaseKind>{ReleaseKind::regular, ReleaseKind::patch}));
    BOOST_REQUIRE(config->repos.size() == 1u);
    BOOST_TEST(config->repos[0].name == "aleph-im/aleph-vm");
    // Its versions: SemVer-shaped numbers with PEP 440 labels.
    const auto b = staging_blocks(p, {}, ReleaseKind::regular, "1.2.0", d("2026-12-01"));
    BOOST_REQUIRE(b.size() == 1u);
    BOOST_TEST(contains(b[0], "(release 1.2.0rc1 first)"), b[0]);
}

BOOST_AUTO_TEST_CASE(by_default_no_kind_needs_a_pre_release) {
    const auto config = parse_config("[policy]\nscheme = \"pep440\"\n", "p.toml");
    BOOST_REQUIRE(config.has_value());
    BOOST_TEST(config->policy.require_prerelease.empty());
}

BOOST_AUTO_TEST_CASE(an_unknown_kind_is_refused_with_its_place_and_the_kinds_there_are) {
    const std::string text = config_problems(
        "[policy]\nscheme = \"pep440\"\nrequire_prerelease = [\"regular\", \"minor\", 3]\n");
    BOOST_TEST(
        contains(text,
                 "test.toml:3:22: error: [policy] require_prerelease: \"minor\" is not a kind "
                 "of release; use \"regular\", \"patch\" or \"security\""),
        text);
    BOOST_TEST(contains(text, "[policy] require_prerelease must be a string"), text);
    BOOST_TEST(contains(config_problems("[policy]\nrequire_prerelease = \"regular\"\n"),
                        "test.toml:2:22: error: [policy] require_prerelease must be an array of "
                        "strings"));
}

BOOST_AUTO_TEST_CASE(major_point_cannot_require_a_pre_release) {
    const std::string text =
        config_problems("[policy]\nscheme = \"major.point\"\nrequire_prerelease = [\"regular\"]\n");
    BOOST_TEST(contains(text,
                        "test.toml:3:22: error: [policy] require_prerelease: major.point versions "
                        "have no pre-releases"),
               text);
}

BOOST_AUTO_TEST_SUITE_END()
