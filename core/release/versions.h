#pragma once
// Release version numbers in the schemes fairweather's users have: SemVer 2.0
// (Wasmtime: 39.0.1, 40.0.0-rc.1+build.5), MAJOR.POINT (Cloud Hypervisor:
// v38.0, 38.1) and PEP 440 (aleph-vm: 1.2.0a1, 1.2.0rc2, 1.2.0.post1,
// 1.2.0.dev3, 1!2.0). Parsing, normalisation, precedence and the arithmetic
// release policies need (next major/minor/patch, branch of a version).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/expected.h"

namespace fairweather {

enum class VersionScheme { semver, major_point, pep440 };

// "semver", "major.point", "pep440".
std::string_view to_string(VersionScheme s);
std::optional<VersionScheme> parse_version_scheme(std::string_view text);

struct Version {
    VersionScheme scheme = VersionScheme::semver;
    // Numeric release components: SemVer exactly 3 (major, minor, patch),
    // MAJOR.POINT exactly 2 (major, point), PEP 440 one or more.
    std::vector<std::int64_t> release;
    // SemVer pre-release identifiers ("rc", "1" for "-rc.1"); empty if none.
    std::vector<std::string> pre;
    // SemVer build metadata ("build.5"); ignored for precedence.
    std::string build;
    // PEP 440 (normalised): epoch, pre-release ("a", "b" or "rc" with its
    // number), post-release, dev-release and local label.
    std::int64_t epoch = 0;
    std::string pep_pre_kind;  // "", "a", "b", "rc"
    std::int64_t pep_pre_number = 0;
    std::optional<std::int64_t> post;
    std::optional<std::int64_t> dev;
    std::string local;

    // The normalised text, without a leading "v": "1.2.3-rc.1+build.5",
    // "38.1", "1!1.2.0rc2.post1.dev3+ubuntu.1".
    std::string text() const;
    // SemVer with pre-release identifiers; PEP 440 with a pre or dev part.
    bool is_prerelease() const;
    // release[i], or 0 when the version has fewer components.
    std::int64_t component(std::size_t i) const;
    std::int64_t major() const { return component(0); }

    // The release branch a fix to this version lands on: the first `depth`
    // release components and ".x" ("39.0.x" for 39.0.1 at depth 2, "38.x" for
    // 38.1 at depth 1).
    std::string branch(std::size_t depth) const;
    // Whether this version is on `branch(depth)` of `other`.
    bool same_branch(const Version& other, std::size_t depth) const;

    // The next release at component `index` (0 major, 1 minor, 2 patch):
    // that component + 1, later ones 0 (keeping the scheme's count), and no
    // pre/post/dev/local/build. 39.0.1 bumped at 0 is 40.0.0; 38.1 at 1 is 38.2.
    Version bumped(std::size_t index) const;
};

// Without pre-release, dev, post, local and build parts: the release it
// leads to (1.6.0rc1 -> 1.6.0).
Version final_of(const Version& v);

struct VersionError {
    VersionScheme scheme = VersionScheme::semver;  // what it was read as
    std::string text;                              // what was given
    std::size_t position;  // 0-based index of the offending character (text.size() at the end)
    std::string message;   // what was expected there
    // e.g. "\"1.2.x\" is not a SemVer version: character 5 ('x'): expected a digit"
    std::string describe() const;
};

// Parses `text` in `scheme`. A leading "v" or "V" is accepted. PEP 440 input
// is normalised as PEP 440 says (case, separators, "alpha" -> "a", "c"/"pre"/
// "preview" -> "rc", "rev"/"r" -> "post", implicit numbers, "-1" post).
Expected<Version, VersionError> parse_version(std::string_view text, VersionScheme scheme);

// Precedence: negative when a < b, 0 when equal, positive when a > b. SemVer
// 2.0 rules (build metadata ignored), MAJOR.POINT numerically, PEP 440's
// ordering (epoch, release with trailing zeros ignored, dev < pre < final <
// post, local labels last). Both must have the same scheme.
int compare(const Version& a, const Version& b);

inline bool operator<(const Version& a, const Version& b) {
    return compare(a, b) < 0;
}
inline bool operator==(const Version& a, const Version& b) {
    return compare(a, b) == 0;
}

}  // namespace fairweather
