// SemVer 2.0 and MAJOR.POINT: parsing and precedence. The dispatch in
// versions.cpp calls these through version_parsers.h.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/release/version_parsers.h"

namespace fairweather::versioning {
namespace {

// SemVer identifiers are [0-9A-Za-z-].
bool is_identifier_char(char c) {
    return is_alnum(c) || c == '-';
}

constexpr const char* semver_leading_zeros =
    "leading zeros are not allowed in a numeric identifier";

// Dot-separated SemVer identifiers after "-" or "+", up to "+" or the end.
Expected<std::vector<std::string>, VersionError> semver_identifiers(Cursor& c, bool pre) {
    std::vector<std::string> out;
    while (true) {
        const std::size_t start = c.pos();
        while (is_identifier_char(c.peek())) {
            c.seek(c.pos() + 1);
        }
        const std::string_view id = c.slice(start);
        if (id.empty()) {
            // A character that can end an identifier means the identifier was
            // skipped; anything else is a character SemVer does not allow.
            if (c.at_end() || c.peek() == '.' || c.peek() == '+') {
                return c.fail(pre ? "empty pre-release identifier" : "empty build identifier");
            }
            return c.fail(pre ? "expected a letter, digit or '-' in a pre-release identifier"
                              : "expected a letter, digit or '-' in a build identifier");
        }
        // Build identifiers keep leading zeros: they are labels, never compared.
        if (pre && all_digits(id) && id.size() > 1 && id.front() == '0') {
            return c.fail(start, semver_leading_zeros);
        }
        out.emplace_back(id);
        if (c.at_end() || (pre && c.peek() == '+')) {
            return out;
        }
        if (!c.accept('.')) {
            return c.fail(pre ? "expected a letter, digit, '-', '.', '+' or the end in the "
                                "pre-release"
                              : "expected a letter, digit, '-', '.' or the end in the build "
                                "metadata");
        }
    }
}

// SemVer 2.0 section 11.4.
int compare_semver_pre(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.empty() || b.empty()) {
        // A version without pre-release identifiers ranks above one with them.
        return three_way(a.empty(), b.empty());
    }
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        const bool a_numeric = all_digits(a[i]);
        const bool b_numeric = all_digits(b[i]);
        int r = 0;
        if (a_numeric && b_numeric) {
            r = compare_digit_strings(a[i], b[i]);
        } else if (a_numeric != b_numeric) {
            r = a_numeric ? -1 : 1;
        } else {
            r = three_way(a[i], b[i]);
        }
        if (r != 0) {
            return r;
        }
    }
    return three_way(a.size(), b.size());
}

}  // namespace

Expected<Version, VersionError> parse_semver(std::string_view text) {
    Cursor c(text, 0, text.size());
    c.skip_v();
    Version v;
    v.scheme = VersionScheme::semver;
    for (const char* next : {"", "expected '.' followed by the minor version",
                             "expected '.' followed by the patch version"}) {
        if (*next != '\0' && !c.accept('.')) {
            return c.fail(next);
        }
        const auto n = c.number(semver_leading_zeros);
        if (!n) {
            return tl::unexpected(n.error());
        }
        v.release.push_back(*n);
    }
    if (c.accept('-')) {
        auto pre = semver_identifiers(c, true);
        if (!pre) {
            return tl::unexpected(pre.error());
        }
        v.pre = std::move(*pre);
    }
    if (c.accept('+')) {
        const std::size_t start = c.pos();
        const auto build = semver_identifiers(c, false);
        if (!build) {
            return tl::unexpected(build.error());
        }
        v.build = std::string(c.slice(start));
    }
    if (!c.at_end()) {
        return c.fail(c.peek() == '.' ? "a SemVer version has exactly three numbers"
                                      : "expected '-' (pre-release), '+' (build) or the end");
    }
    return v;
}

Expected<Version, VersionError> parse_major_point(std::string_view text) {
    constexpr const char* leading_zeros = "leading zeros are not allowed in a MAJOR.POINT number";
    Cursor c(text, 0, text.size());
    c.skip_v();
    Version v;
    v.scheme = VersionScheme::major_point;
    const auto major = c.number(leading_zeros);
    if (!major) {
        return tl::unexpected(major.error());
    }
    if (!c.accept('.')) {
        return c.fail("expected '.' followed by the point number");
    }
    const auto point = c.number(leading_zeros);
    if (!point) {
        return tl::unexpected(point.error());
    }
    if (!c.at_end()) {
        return c.fail(c.peek() == '.' ? "a MAJOR.POINT version has exactly two numbers"
                                      : "expected a digit or the end");
    }
    v.release = {*major, *point};
    return v;
}

int compare_semver(const Version& a, const Version& b) {
    if (const int r = compare_release(a, b); r != 0) {
        return r;
    }
    return compare_semver_pre(a.pre, b.pre);
}

}  // namespace fairweather::versioning
