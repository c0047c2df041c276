#include "core/release/versions.h"

#include <algorithm>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/support/checks.h"
#include "tests/support/fixtures.h"

using namespace fairweather;
using fairweather::testing::contains;
using fairweather::testing::real_fixture;
using fairweather::testing::real_fixtures_present;

namespace {

constexpr auto semver = VersionScheme::semver;
constexpr auto major_point = VersionScheme::major_point;
constexpr auto pep440 = VersionScheme::pep440;

Version parse(std::string_view text, VersionScheme scheme) {
    auto v = parse_version(text, scheme);
    BOOST_REQUIRE_MESSAGE(v.has_value(), (v ? std::string() : v.error().describe()));
    return *v;
}

std::vector<std::string> texts(const std::vector<Version>& versions) {
    std::vector<std::string> out;
    for (const auto& v : versions) {
        out.push_back(v.text());
    }
    return out;
}

// `ascending` is strictly increasing: every pair (not only neighbours) in
// both directions, and sorting a shuffled copy gives it back.
void check_ascending(const std::vector<std::string>& ascending, VersionScheme scheme) {
    std::vector<Version> versions;
    for (const auto& text : ascending) {
        versions.push_back(parse(text, scheme));
    }
    for (std::size_t i = 0; i < versions.size(); ++i) {
        BOOST_TEST(compare(versions[i], versions[i]) == 0, ascending[i]);
        for (std::size_t j = i + 1; j < versions.size(); ++j) {
            BOOST_TEST(compare(versions[i], versions[j]) < 0,
                       ascending[i] << " < " << ascending[j]);
            BOOST_TEST(compare(versions[j], versions[i]) > 0,
                       ascending[j] << " > " << ascending[i]);
        }
    }
    std::vector<Version> shuffled = versions;
    std::mt19937 random(20260821);  // fixed: a failure must reproduce
    for (int round = 0; round < 5; ++round) {
        std::shuffle(shuffled.begin(), shuffled.end(), random);
        std::sort(shuffled.begin(), shuffled.end());
        BOOST_TEST(texts(shuffled) == texts(versions), boost::test_tools::per_element());
    }
}

struct Bad {
    const char* text;
    std::size_t position;
    const char* message;
};

void check_errors(VersionScheme scheme, const std::vector<Bad>& table) {
    for (const auto& bad : table) {
        const auto v = parse_version(bad.text, scheme);
        BOOST_REQUIRE_MESSAGE(!v.has_value(), "\"" << bad.text << "\" should not parse");
        BOOST_TEST(v.error().text == bad.text);
        BOOST_TEST(v.error().position == bad.position, bad.text);
        BOOST_TEST(v.error().message == bad.message, bad.text);
    }
}

std::string describe(std::string_view text, VersionScheme scheme) {
    const auto v = parse_version(text, scheme);
    return v ? "parsed as " + v->text() : v.error().describe();
}

// The version column of a recorded "version,released_on" CSV.
std::vector<std::string> csv_versions(const std::string& csv) {
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    BOOST_REQUIRE(line == "version,released_on");
    std::vector<std::string> out;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            out.push_back(line.substr(0, line.find(',')));
        }
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(semver_versions)

BOOST_AUTO_TEST_CASE(given_the_spec_precedence_examples_it_should_order_them) {
    check_ascending({"1.0.0", "2.0.0", "2.1.0", "2.1.1"}, semver);
    check_ascending({"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                     "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"},
                    semver);
}

BOOST_AUTO_TEST_CASE(given_numeric_identifiers_it_should_compare_them_as_numbers) {
    // Numeric identifiers rank below alphanumeric ones, and need not fit 64 bits.
    check_ascending({"1.0.0-2", "1.0.0-10", "1.0.0-99999999999999999999", "1.0.0-1a", "1.0.0-a"},
                    semver);
    check_ascending({"1.9.0", "1.10.0", "1.10.9", "1.10.10", "10.0.0"}, semver);
}

BOOST_AUTO_TEST_CASE(given_build_metadata_it_should_ignore_it_for_precedence) {
    BOOST_TEST((parse("1.0.0+a", semver) == parse("1.0.0+b", semver)));
    BOOST_TEST(compare(parse("1.0.0-rc.1+x", semver), parse("1.0.0-rc.1", semver)) == 0);
    BOOST_TEST((parse("1.0.0-rc.1+zzz", semver) < parse("1.0.0+aaa", semver)));
}

BOOST_AUTO_TEST_CASE(given_the_spec_valid_examples_it_should_keep_their_text) {
    for (const char* text :
         {"1.0.0-0.3.7", "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.0+20130313144700",
          "1.0.0-beta+exp.sha.5114f85", "1.0.0+21AF26D3----117B344092BD", "0.0.0", "1.0.0-0a",
          "1.0.0+001", "40.0.0-rc.1+build.5"}) {
        BOOST_TEST(parse(text, semver).text() == text);
    }
}

BOOST_AUTO_TEST_CASE(given_a_semver_version_it_should_split_its_parts) {
    const auto v = parse("v40.0.0-rc.1+build.5", semver);
    BOOST_TEST((v.scheme == semver));
    BOOST_TEST(v.release == (std::vector<std::int64_t>{40, 0, 0}),
               boost::test_tools::per_element());
    BOOST_TEST(v.pre == (std::vector<std::string>{"rc", "1"}), boost::test_tools::per_element());
    BOOST_TEST(v.build == "build.5");
    BOOST_TEST(v.text() == "40.0.0-rc.1+build.5");
    BOOST_TEST(parse("V1.2.3", semver).text() == "1.2.3");
    BOOST_TEST(
        parse("1.0.0-x.7.z.92", semver).pre == (std::vector<std::string>{"x", "7", "z", "92"}),
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(given_invalid_semver_it_should_point_at_the_first_bad_character) {
    const char* zeros = "leading zeros are not allowed in a numeric identifier";
    check_errors(
        semver,
        {
            {"1.2", 3, "expected '.' followed by the patch version"},
            {"1", 1, "expected '.' followed by the minor version"},
            {"1.2.3.4", 5, "a SemVer version has exactly three numbers"},
            {"01.2.3", 0, zeros},
            {"1.02.3", 2, zeros},
            {"1.2.00", 4, zeros},
            {"1.2.3-01", 6, zeros},
            {"1.2.3-rc.00", 9, zeros},
            {"1.2.3-", 6, "empty pre-release identifier"},
            {"1.2.3-alpha..1", 12, "empty pre-release identifier"},
            {"1.2.3-alpha.", 12, "empty pre-release identifier"},
            {"1.2.3-+b", 6, "empty pre-release identifier"},
            {"1.2.3+", 6, "empty build identifier"},
            {"1.2.3+a..b", 8, "empty build identifier"},
            {"1.2.x", 4, "expected a digit"},
            {" 1.2.3", 0, "expected a digit"},
            {"1.2.3 ", 5, "expected '-' (pre-release), '+' (build) or the end"},
            {"1.2.3rc1", 5, "expected '-' (pre-release), '+' (build) or the end"},
            {"", 0, "expected a digit"},
            {"v", 1, "expected a digit"},
            {"vv1.2.3", 1, "expected a digit"},
            {"1.2.3-\xce\xb1", 6, "expected a letter, digit or '-' in a pre-release identifier"},
            {"1.2.3-rc!1", 8,
             "expected a letter, digit, '-', '.', '+' or the end in the pre-release"},
            {"1.2.3+b+c", 7, "expected a letter, digit, '-', '.' or the end in the build metadata"},
            {"1.2.3+b_c", 7, "expected a letter, digit, '-', '.' or the end in the build metadata"},
            {"1.99999999999999999999.0", 2,
             "the number is too large (at most 9223372036854775807)"},
        });
}

BOOST_AUTO_TEST_CASE(given_a_version_of_another_scheme_the_error_should_say_which) {
    BOOST_TEST(describe("1.6.0rc1", semver) ==
               "\"1.6.0rc1\" is not a SemVer version: character 6 ('r'): expected '-' "
               "(pre-release), '+' (build) or the end; 1.6.0rc1 is PEP 440, the policy's scheme "
               "is semver");
    BOOST_TEST(contains(describe("1.6.0+build.5", major_point),
                        "; 1.6.0+build.5 is SemVer, the policy's scheme is major.point"));
    // A plain number that another scheme also reads gets no hint.
    BOOST_TEST(!contains(describe("1.2", semver), ";"));
}

BOOST_AUTO_TEST_CASE(given_an_error_it_should_describe_it_for_a_person) {
    BOOST_TEST(describe("1.2.x", semver) ==
               "\"1.2.x\" is not a SemVer version: character 5 ('x'): expected a digit");
    BOOST_TEST(describe("1.2", semver) ==
               "\"1.2\" is not a SemVer version: at the end: expected '.' followed by the "
               "patch version");
    BOOST_TEST(describe("1.2.3-\xce\xb1", semver) ==
               "\"1.2.3-\xce\xb1\" is not a SemVer version: character 7 (byte 0xce): expected a "
               "letter, digit or '-' in a pre-release identifier");
    BOOST_TEST(describe("38.1.2", major_point) ==
               "\"38.1.2\" is not a MAJOR.POINT version: character 5 ('.'): a MAJOR.POINT "
               "version has exactly two numbers");
    BOOST_TEST(describe("1.0.x", pep440) ==
               "\"1.0.x\" is not a PEP 440 version: character 5 ('x'): expected a digit, 'a', "
               "'b', 'rc', 'post' or 'dev'");
    BOOST_TEST(describe("1.0+ ", pep440) ==
               "\"1.0+ \" is not a PEP 440 version: at the end: expected a local version label "
               "after '+'");
    // The error names the scheme it was read as.
    BOOST_TEST(describe("", major_point) ==
               "\"\" is not a MAJOR.POINT version: at the end: expected a digit");
    BOOST_TEST(describe("1.x", major_point) ==
               "\"1.x\" is not a MAJOR.POINT version: character 3 ('x'): expected a digit");
    BOOST_TEST((VersionError{VersionScheme::pep440, "1.0", 1, "made up"}.describe() ==
                "\"1.0\" is not a PEP 440 version: character 2 ('.'): made up"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(major_point_versions)

BOOST_AUTO_TEST_CASE(given_two_numbers_it_should_parse_and_order_them_numerically) {
    BOOST_TEST(parse("38.1", major_point).text() == "38.1");
    BOOST_TEST(parse("v38.0", major_point).text() == "38.0");
    BOOST_TEST(parse("0.0", major_point).text() == "0.0");
    BOOST_TEST(parse("v38.0", major_point).release == (std::vector<std::int64_t>{38, 0}),
               boost::test_tools::per_element());
    check_ascending({"0.9", "1.0", "1.1", "1.2", "1.10", "2.0", "9.0", "10.0", "38.0", "38.1"},
                    major_point);
    BOOST_TEST((parse("v38.1", major_point) == parse("38.1", major_point)));
}

BOOST_AUTO_TEST_CASE(given_anything_but_two_numbers_it_should_say_what_is_wrong) {
    const char* zeros = "leading zeros are not allowed in a MAJOR.POINT number";
    check_errors(major_point, {
                                  {"38", 2, "expected '.' followed by the point number"},
                                  {"38.1.2", 4, "a MAJOR.POINT version has exactly two numbers"},
                                  {"0.1.0", 3, "a MAJOR.POINT version has exactly two numbers"},
                                  {"038.1", 0, zeros},
                                  {"38.01", 3, zeros},
                                  {"38.1-rc1", 4, "expected a digit or the end"},
                                  {"38.1 ", 4, "expected a digit or the end"},
                                  {"38.x", 3, "expected a digit"},
                                  {"38.", 3, "expected a digit"},
                                  {"", 0, "expected a digit"},
                                  {"v", 1, "expected a digit"},
                                  {" 38.1", 0, "expected a digit"},
                              });
}

BOOST_AUTO_TEST_CASE(given_cloud_hypervisor_releases_it_should_parse_and_sort_them,
                     *boost::unit_test::precondition(real_fixtures_present)) {
    const auto all = csv_versions(real_fixture("cloud_hypervisor_releases.csv"));
    BOOST_TEST(all.size() == 75u);
    std::vector<Version> versions;
    std::size_t early = 0;
    for (const auto& text : all) {
        if (text.rfind("0.", 0) == 0) {
            // Before 15.0 the project used three numbers (0.1.0 .. 0.14.1):
            // SemVer-shaped, and refused as MAJOR.POINT at the third number.
            ++early;
            const auto v = parse_version(text, major_point);
            BOOST_REQUIRE(!v.has_value());
            BOOST_TEST(v.error().position == text.rfind('.'), text);
            BOOST_TEST(v.error().message == "a MAJOR.POINT version has exactly two numbers");
            BOOST_TEST(parse_version(text, semver).has_value(), text);
            continue;
        }
        versions.push_back(parse(text, major_point));
        BOOST_TEST(versions.back().text() == text);
        BOOST_TEST(versions.back().major() >= 15);
    }
    BOOST_TEST(early == 16u);
    BOOST_TEST(versions.size() == 59u);

    // The file lists versions in version order, not release-date order (28.4
    // came out after 29.0): sorting a shuffled copy must give the file back.
    BOOST_TEST(std::is_sorted(versions.begin(), versions.end()));
    std::vector<Version> sorted = versions;
    std::shuffle(sorted.begin(), sorted.end(), std::mt19937(38));
    std::sort(sorted.begin(), sorted.end());
    BOOST_TEST(texts(sorted) == texts(versions), boost::test_tools::per_element());
    const auto names = texts(sorted);
    const auto at = std::find(names.begin(), names.end(), "28.4") - names.begin();
    BOOST_REQUIRE(at > 0 && at + 1 < static_cast<std::ptrdiff_t>(names.size()));
    BOOST_TEST(names[at - 1] == "28.3");
    BOOST_TEST(names[at + 1] == "29.0");
    BOOST_TEST((std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()));

    // Point releases on the 28.x branch: 28.0 .. 28.4.
    const auto branch28 = parse("28.0", major_point);
    BOOST_TEST(std::count_if(versions.begin(), versions.end(),
                             [&](const Version& v) { return v.same_branch(branch28, 1); }) == 5);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pep440_versions)

BOOST_AUTO_TEST_CASE(given_the_spec_normalisation_examples_it_should_normalise_them) {
    const std::vector<std::pair<const char*, const char*>> table{
        {"1.0ALPHA1", "1.0a1"},
        {"1.0-a.1", "1.0a1"},
        {"1.1.a1", "1.1a1"},
        {"1.0BETA", "1.0b0"},
        {"1.0c1", "1.0rc1"},
        {"1.0-pre1", "1.0rc1"},
        {"1.0preview2", "1.0rc2"},
        {"1.0_c_3", "1.0rc3"},
        {"1.0rc", "1.0rc0"},
        {"1.0a", "1.0a0"},
        {"1.0-1", "1.0.post1"},
        {"1.0.rev1", "1.0.post1"},
        {"1.0r1", "1.0.post1"},
        {"1.0-r", "1.0.post0"},
        {"1.0-post", "1.0.post0"},
        {"1.2_post_2", "1.2.post2"},
        {"1.2.post-2", "1.2.post2"},
        {"1.0a1-1", "1.0a1.post1"},
        {"1.0.DEV", "1.0.dev0"},
        {"1.0-dev2", "1.0.dev2"},
        {"1.0dev2", "1.0.dev2"},
        {"1.0.alpha.1.post.dev", "1.0a1.post0.dev0"},
        {"1.0+ubuntu-1", "1.0+ubuntu.1"},
        {"1.0+Ubuntu_1.A", "1.0+ubuntu.1.a"},
        {"1.0+01", "1.0+1"},
        {"v1.0", "1.0"},
        {"V1.0", "1.0"},
        {"  1.0  ", "1.0"},
        {"\t1.0\n", "1.0"},
        {"01.02", "1.2"},
        {"0!1.0", "1.0"},
        {"1!2.0", "1!2.0"},
        {"1!01.0.0a01.post01.dev01+0A.00", "1!1.0.0a1.post1.dev1+0a.0"},
        // The spec's reference expression lets a separator end a label.
        {"1.0a.", "1.0a0"},
        {"1.0a.-1", "1.0a0.post1"},
        // aleph-vm's spellings, already normal.
        {"1.2.0a1", "1.2.0a1"},
        {"1.2.0rc2", "1.2.0rc2"},
        {"1.2.0.post1", "1.2.0.post1"},
        {"1.2.0.dev3", "1.2.0.dev3"},
        {"1.0a0", "1.0a0"},
        {"1.0.post0", "1.0.post0"},
    };
    for (const auto& [given, normal] : table) {
        BOOST_TEST(parse(given, pep440).text() == normal, given);
        // The normal form is a fixed point.
        BOOST_TEST(parse(normal, pep440).text() == normal, normal);
    }
}

BOOST_AUTO_TEST_CASE(given_every_part_it_should_fill_every_field) {
    const auto v = parse("1!1.2.0RC2-post1_dev3+Ubuntu-1", pep440);
    BOOST_TEST((v.scheme == pep440));
    BOOST_TEST(v.epoch == 1);
    BOOST_TEST(v.release == (std::vector<std::int64_t>{1, 2, 0}), boost::test_tools::per_element());
    BOOST_TEST(v.pep_pre_kind == "rc");
    BOOST_TEST(v.pep_pre_number == 2);
    BOOST_TEST((v.post == std::optional<std::int64_t>{1}));
    BOOST_TEST((v.dev == std::optional<std::int64_t>{3}));
    BOOST_TEST(v.local == "ubuntu.1");
    BOOST_TEST(v.text() == "1!1.2.0rc2.post1.dev3+ubuntu.1");
    BOOST_TEST(v.pre.empty());
    BOOST_TEST(v.build.empty());
}

BOOST_AUTO_TEST_CASE(given_aleph_vm_like_versions_it_should_order_them) {
    check_ascending({"1.2.0.dev3", "1.2.0a1", "1.2.0b2", "1.2.0rc2", "1.2.0", "1.2.0.post1",
                     "1.2.1.dev0", "1.3.0a1"},
                    pep440);
}

BOOST_AUTO_TEST_CASE(given_the_spec_ordering_example_it_should_order_it) {
    check_ascending({"1.dev0",
                     "1.0.dev456",
                     "1.0a1",
                     "1.0a2.dev456",
                     "1.0a12.dev456",
                     "1.0a12",
                     "1.0b1.dev456",
                     "1.0b2",
                     "1.0b2.post345.dev456",
                     "1.0b2.post345",
                     "1.0rc1.dev456",
                     "1.0rc1",
                     "1.0",
                     "1.0+abc.5",
                     "1.0+abc.7",
                     "1.0+5",
                     "1.0.post456.dev34",
                     "1.0.post456",
                     "1.0.15",
                     "1.1.dev1"},
                    pep440);
}

BOOST_AUTO_TEST_CASE(given_epochs_and_trailing_zeros_it_should_compare_by_the_spec) {
    BOOST_TEST((parse("2.0", pep440) < parse("1!0.1", pep440)));
    BOOST_TEST((parse("0!2.0", pep440) == parse("2.0", pep440)));
    BOOST_TEST((parse("1.0", pep440) == parse("1.0.0", pep440)));
    BOOST_TEST((parse("1", pep440) == parse("1.0.0.0", pep440)));
    BOOST_TEST((parse("1.0a1", pep440) == parse("1.0.0a1", pep440)));
    BOOST_TEST(compare(parse("1.0.0.1", pep440), parse("1.0", pep440)) > 0);
    // Equal precedence, different text: trailing zeros are kept as written.
    BOOST_TEST(parse("1.0.0", pep440).text() == "1.0.0");
    check_ascending({"1.0", "1!0.1", "1!1.0.dev0", "1!1.0", "2!0.0.1"}, pep440);
}

BOOST_AUTO_TEST_CASE(given_local_labels_it_should_sort_them_after_the_public_version) {
    // Numeric segments compare as numbers and above strings; strings by
    // ASCII; a label that is a prefix of another comes first; every local
    // version stays below the next post-release.
    check_ascending({"1.0", "1.0+a", "1.0+a.b", "1.0+a.b.c", "1.0+a.1", "1.0+abc", "1.0+abc.1",
                     "1.0+abc.2", "1.0+abc.10", "1.0+abd", "1.0+1", "1.0+2", "1.0+10",
                     "1.0+99999999999999999999", "1.0.post0"},
                    pep440);
    BOOST_TEST((parse("1.0+ubuntu-1", pep440) == parse("1.0+UBUNTU.1", pep440)));
    BOOST_TEST((parse("1.0+01", pep440) == parse("1.0+1", pep440)));
}

BOOST_AUTO_TEST_CASE(given_invalid_pep440_it_should_point_at_the_first_bad_character) {
    const char* after_release = "expected a digit, 'a', 'b', 'rc', 'post' or 'dev'";
    check_errors(
        pep440,
        {
            {"1.0.x", 4, after_release},
            {"1..0", 2, after_release},
            {"1.0-", 4, after_release},
            {"1.0_1", 4, "expected 'a', 'b', 'rc', 'post' or 'dev'"},
            {"1.0x", 3, "expected '.', 'a', 'b', 'rc', 'post', 'dev', '+' or the end"},
            {"1.0 x", 3, "expected '.', 'a', 'b', 'rc', 'post', 'dev', '+' or the end"},
            {"1.0a1a2", 5, "expected 'post', 'dev', '+' or the end"},
            {"1.0a1_b", 6, "expected 'post' or 'dev'"},
            {"1.0a1-x", 6, "expected a digit, 'post' or 'dev'"},
            {"1.0a1-1-1", 8, "expected 'dev'"},
            {"1.0.post1.post2", 10, "expected 'dev'"},
            {"1.0.post.-1", 10, "expected 'dev'"},
            {"1.0.dev1.x", 8, "expected '+' or the end"},
            {"1.0.dev1a1", 8, "expected '+' or the end"},
            {"1!2!3", 3, "expected '.', 'a', 'b', 'rc', 'post', 'dev', '+' or the end"},
            {"1!", 2, "expected a digit"},
            {"!1", 0, "expected a digit"},
            {"a1.0", 0, "expected a digit"},
            {"", 0, "expected a digit"},
            {"   ", 3, "expected a digit"},
            {"v", 1, "expected a digit"},
            {"1.0+", 4, "expected a local version label after '+'"},
            {"1.0+  ", 6, "expected a local version label after '+'"},
            {"1.0+a..b", 6, "empty local version segment"},
            {"1.0+a-", 6, "empty local version segment"},
            {"1.0+!", 4, "expected a letter or digit in the local version label"},
            {"1.0+a b", 5,
             "expected a letter, digit, '.', '-' or '_' in the local version label, or the end"},
            {"1.0+a+b", 5,
             "expected a letter, digit, '.', '-' or '_' in the local version label, or the end"},
            {"99999999999999999999", 0, "the number is too large (at most 9223372036854775807)"},
            {"1.0a99999999999999999999", 4,
             "the number is too large (at most 9223372036854775807)"},
        });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(version_arithmetic)

BOOST_AUTO_TEST_CASE(given_each_scheme_it_should_say_what_is_a_prerelease) {
    const std::vector<std::tuple<const char*, VersionScheme, bool>> table{
        {"1.0.0-rc.1", semver, true},     {"1.0.0-0", semver, true},
        {"1.0.0", semver, false},         {"1.0.0+build.1", semver, false},
        {"38.1", major_point, false},     {"1.0a1", pep440, true},
        {"1.0rc1.post1", pep440, true},   {"1.0.dev1", pep440, true},
        {"1.0.post1.dev1", pep440, true}, {"1.0.post1", pep440, false},
        {"1.0+local", pep440, false},     {"1!1.0", pep440, false},
    };
    for (const auto& [text, scheme, expected] : table) {
        BOOST_TEST(parse(text, scheme).is_prerelease() == expected, text);
    }
}

BOOST_AUTO_TEST_CASE(given_a_component_index_it_should_read_zero_past_the_end) {
    const auto v = parse("39.0.1", semver);
    BOOST_TEST(v.major() == 39);
    BOOST_TEST(v.component(1) == 0);
    BOOST_TEST(v.component(2) == 1);
    BOOST_TEST(v.component(3) == 0);
    BOOST_TEST(parse("38.1", major_point).component(1) == 1);
    BOOST_TEST(parse("38.1", major_point).component(2) == 0);
    BOOST_TEST(parse("1!1.2", pep440).major() == 1);
    BOOST_TEST(parse("1.2", pep440).component(2) == 0);
}

BOOST_AUTO_TEST_CASE(given_a_depth_it_should_name_the_branch) {
    const std::vector<std::tuple<const char*, VersionScheme, std::size_t, const char*>> table{
        {"39.0.1", semver, 2, "39.0.x"},      {"39.0.1", semver, 1, "39.x"},
        {"39.0.1", semver, 3, "39.0.1.x"},    {"39.0.1", semver, 0, "39.x"},  // clamped up to 1
        {"39.0.1", semver, 9, "39.0.1.x"},                                    // clamped down to 3
        {"40.0.0-rc.1", semver, 2, "40.0.x"},  // pre-releases are on their branch
        {"38.1", major_point, 1, "38.x"},     {"38.1", major_point, 2, "38.1.x"},
        {"38.1", major_point, 3, "38.1.x"},   {"1.2.0rc1", pep440, 2, "1.2.x"},
        {"1.2", pep440, 3, "1.2.x"},          {"1.2.0.post1+local", pep440, 3, "1.2.0.x"},
        {"1!2.0", pep440, 1, "1!2.x"},  // the epoch is part of the line
    };
    for (const auto& [text, scheme, depth, expected] : table) {
        BOOST_TEST(parse(text, scheme).branch(depth) == expected, text << " at " << depth);
    }
}

BOOST_AUTO_TEST_CASE(given_two_versions_it_should_say_whether_they_share_a_branch) {
    const auto v39 = parse("39.0.1", semver);
    BOOST_TEST(parse("39.0.2", semver).same_branch(v39, 2));
    BOOST_TEST(parse("39.0.0-rc.1", semver).same_branch(v39, 2));
    BOOST_TEST(!parse("39.1.0", semver).same_branch(v39, 2));
    BOOST_TEST(parse("39.1.0", semver).same_branch(v39, 1));
    BOOST_TEST(!parse("40.0.0", semver).same_branch(v39, 1));
    BOOST_TEST(!parse("39.0.2", semver).same_branch(v39, 3));
    BOOST_TEST(parse("38.2", major_point).same_branch(parse("38.1", major_point), 1));
    BOOST_TEST(!parse("38.2", major_point).same_branch(parse("38.1", major_point), 2));
    BOOST_TEST(!parse("39.0", major_point).same_branch(parse("38.1", major_point), 1));
    // PEP 440: missing components are zeros; the depth is clamped to the
    // other version's length; the epoch must match.
    BOOST_TEST(parse("1.2.0", pep440).same_branch(parse("1.2", pep440), 3));
    BOOST_TEST(parse("1.2.5rc1", pep440).same_branch(parse("1.2", pep440), 3));
    BOOST_TEST(!parse("1!1.2", pep440).same_branch(parse("1.2", pep440), 2));
    // Different schemes are never on one branch.
    BOOST_TEST(!parse("38.1.0", semver).same_branch(parse("38.1", major_point), 1));
}

BOOST_AUTO_TEST_CASE(given_an_index_it_should_bump_that_component) {
    const std::vector<std::tuple<const char*, VersionScheme, std::size_t, const char*>> table{
        {"39.0.1", semver, 0, "40.0.0"},
        {"39.0.1", semver, 1, "39.1.0"},
        {"39.0.1", semver, 2, "39.0.2"},
        {"39.0.1", semver, 7, "39.0.2"},  // past the patch: the patch
        {"1.0.0-rc.1+build.5", semver, 2, "1.0.1"},
        {"38.1", major_point, 0, "39.0"},
        {"38.1", major_point, 1, "38.2"},
        {"38.1", major_point, 4, "38.2"},
        {"1.2.0rc2", pep440, 1, "1.3.0"},
        {"1.2.0rc2", pep440, 0, "2.0.0"},
        {"1.2", pep440, 2, "1.2.1"},
        {"1.2", pep440, 4, "1.2.0.0.1"},
        {"1.2.3.4", pep440, 1, "1.3.0.0"},
        {"1.2.0.post1.dev2+ubuntu.1", pep440, 2, "1.2.1"},
        {"1!1.0", pep440, 0, "1!2.0"},
        {"1!1.0", pep440, 1, "1!1.1"},
    };
    for (const auto& [text, scheme, index, expected] : table) {
        const auto next = parse(text, scheme).bumped(index);
        BOOST_TEST(next.text() == expected, text << " at " << index);
        BOOST_TEST((next.scheme == scheme));
        BOOST_TEST(!next.is_prerelease(), text);
        BOOST_TEST(compare(next, parse(text, scheme)) > 0, text << " at " << index);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(version_schemes)

BOOST_AUTO_TEST_CASE(given_a_scheme_it_should_round_trip_its_name) {
    for (const auto scheme : {semver, major_point, pep440}) {
        BOOST_TEST((parse_version_scheme(to_string(scheme)) == scheme), to_string(scheme));
    }
    BOOST_TEST(to_string(semver) == "semver");
    BOOST_TEST(to_string(major_point) == "major.point");
    BOOST_TEST(to_string(pep440) == "pep440");
    BOOST_TEST((parse_version_scheme("SemVer") == semver));
    BOOST_TEST((parse_version_scheme("MAJOR.POINT") == major_point));
    BOOST_TEST((parse_version_scheme("PEP440") == pep440));
}

BOOST_AUTO_TEST_CASE(given_an_unknown_scheme_name_it_should_refuse) {
    for (const char* name : {"", "major_point", "pep-440", "pep 440", "semver2", " semver",
                             "calver", "major.point.patch"}) {
        BOOST_TEST(!parse_version_scheme(name).has_value(), name);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(recorded_releases)

BOOST_AUTO_TEST_CASE(given_wasmtime_releases_it_should_parse_and_sort_them,
                     *boost::unit_test::precondition(real_fixtures_present)) {
    const auto all = csv_versions(real_fixture("wasmtime_releases.csv"));
    BOOST_TEST(all.size() == 206u);
    std::vector<Version> versions;
    for (const auto& text : all) {
        versions.push_back(parse(text, semver));
        BOOST_TEST(versions.back().text() == text);
        BOOST_TEST(!versions.back().is_prerelease());
    }
    // The file is in version order, not date order (24.0.12 came out after
    // 47.0.0): a shuffled copy sorts back to it, with no duplicates.
    std::vector<Version> sorted = versions;
    std::shuffle(sorted.begin(), sorted.end(), std::mt19937(39));
    std::sort(sorted.begin(), sorted.end());
    BOOST_TEST(texts(sorted) == all, boost::test_tools::per_element());
    BOOST_TEST((std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()));
    const auto names = texts(sorted);
    const auto at = std::find(names.begin(), names.end(), "38.0.1") - names.begin();
    BOOST_REQUIRE(at > 0 && at + 1 < static_cast<std::ptrdiff_t>(names.size()));
    BOOST_TEST(names[at - 1] == "38.0.0");
    BOOST_TEST(names[at + 1] == "38.0.2");
    BOOST_TEST((parse("38.0.1", semver) < parse("39.0.0", semver)));

    BOOST_TEST(parse("38.0.1", semver).branch(2) == "38.0.x");
    std::set<std::int64_t> majors;
    for (const auto& v : versions) {
        if (v.major() >= 1) {
            majors.insert(v.major());
        }
    }
    BOOST_TEST(majors.size() == 48u);
    BOOST_TEST(*majors.begin() == 1);
    BOOST_TEST(*majors.rbegin() == 48);

    // The 24.0.x branch was patched for two years: 24.0.0 .. 24.0.13.
    const auto lts = parse("24.0.0", semver);
    BOOST_TEST(std::count_if(versions.begin(), versions.end(),
                             [&](const Version& v) { return v.same_branch(lts, 2); }) == 14);
}

BOOST_AUTO_TEST_SUITE_END()
