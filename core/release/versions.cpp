#include "core/release/versions.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <utility>

#include "core/release/version_parsers.h"
#include "core/util/text.h"

namespace fairweather {

namespace {

using versioning::three_way;

std::string join_numbers(const std::vector<std::int64_t>& numbers) {
    std::string out;
    for (const auto n : numbers) {
        if (!out.empty()) {
            out += '.';
        }
        out += std::to_string(n);
    }
    return out;
}

std::string_view scheme_name(VersionScheme s) {
    switch (s) {
        case VersionScheme::semver:
            return "SemVer";
        case VersionScheme::major_point:
            return "MAJOR.POINT";
        case VersionScheme::pep440:
            return "PEP 440";
    }
    return "valid";
}

// How a character is shown in an error: itself when printable, else its byte
// (a UTF-8 character's first byte alone is not worth printing).
std::string shown(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
        return std::string("'") + c + "'";
    }
    std::array<char, 16> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "byte 0x%02x", static_cast<unsigned>(byte));
    return buffer.data();
}

}  // namespace

std::string_view to_string(VersionScheme s) {
    switch (s) {
        case VersionScheme::semver:
            return "semver";
        case VersionScheme::major_point:
            return "major.point";
        case VersionScheme::pep440:
            return "pep440";
    }
    return "unknown";
}

std::optional<VersionScheme> parse_version_scheme(std::string_view text) {
    for (const auto s :
         {VersionScheme::semver, VersionScheme::major_point, VersionScheme::pep440}) {
        if (iequals(text, to_string(s))) {
            return s;
        }
    }
    return std::nullopt;
}

std::string Version::text() const {
    std::string out;
    switch (scheme) {
        case VersionScheme::semver:
            out = join_numbers(release);
            if (!pre.empty()) {
                out += "-" + join(pre, ".");
            }
            if (!build.empty()) {
                out += "+" + build;
            }
            break;
        case VersionScheme::major_point:
            out = join_numbers(release);
            break;
        case VersionScheme::pep440:
            if (epoch != 0) {
                out = std::to_string(epoch) + "!";
            }
            out += join_numbers(release);
            if (!pep_pre_kind.empty()) {
                out += pep_pre_kind + std::to_string(pep_pre_number);
            }
            if (post) {
                out += ".post" + std::to_string(*post);
            }
            if (dev) {
                out += ".dev" + std::to_string(*dev);
            }
            if (!local.empty()) {
                out += "+" + local;
            }
            break;
    }
    return out;
}

bool Version::is_prerelease() const {
    switch (scheme) {
        case VersionScheme::semver:
            return !pre.empty();
        case VersionScheme::major_point:
            return false;
        case VersionScheme::pep440:
            return !pep_pre_kind.empty() || dev.has_value();
    }
    return false;
}

std::int64_t Version::component(std::size_t i) const {
    return i < release.size() ? release[i] : 0;
}

std::string Version::branch(std::size_t depth) const {
    const std::size_t d =
        std::clamp<std::size_t>(depth, 1, std::max<std::size_t>(release.size(), 1));
    // 1!2.0 and 2.0 are different lines of releases, so the epoch stays.
    std::string out =
        scheme == VersionScheme::pep440 && epoch != 0 ? std::to_string(epoch) + "!" : "";
    for (std::size_t i = 0; i < d; ++i) {
        out += std::to_string(component(i)) + ".";
    }
    return out + "x";
}

bool Version::same_branch(const Version& other, std::size_t depth) const {
    if (scheme != other.scheme || epoch != other.epoch) {
        return false;
    }
    const std::size_t d =
        std::clamp<std::size_t>(depth, 1, std::max<std::size_t>(other.release.size(), 1));
    for (std::size_t i = 0; i < d; ++i) {
        if (component(i) != other.component(i)) {
            return false;
        }
    }
    return true;
}

Version Version::bumped(std::size_t index) const {
    std::size_t count = 0;
    switch (scheme) {
        case VersionScheme::semver:
            count = 3;
            break;
        case VersionScheme::major_point:
            count = 2;
            break;
        case VersionScheme::pep440:
            count = std::max(release.size(), index + 1);
            break;
    }
    // SemVer and MAJOR.POINT cannot grow: an index past their last number
    // bumps the last one.
    index = std::min(index, count - 1);
    Version next;
    next.scheme = scheme;
    next.epoch = epoch;
    next.release.resize(count, 0);
    for (std::size_t i = 0; i < index; ++i) {
        next.release[i] = component(i);
    }
    // Saturates rather than overflow; no real project gets there.
    const std::int64_t current = component(index);
    next.release[index] =
        current < std::numeric_limits<std::int64_t>::max() ? current + 1 : current;
    return next;
}

Version final_of(const Version& v) {
    Version f = v;
    f.pre.clear();
    f.build.clear();
    f.pep_pre_kind.clear();
    f.pep_pre_number = 0;
    f.post.reset();
    f.dev.reset();
    f.local.clear();
    return f;
}

std::string VersionError::describe() const {
    std::string out =
        "\"" + text + "\" is not a " + std::string(scheme_name(scheme)) + " version: ";
    out += position < text.size()
               ? "character " + std::to_string(position + 1) + " (" + shown(text[position]) + ")"
               : std::string("at the end");
    out += ": " + message;
    // A version that another scheme reads with the parts this one lacks
    // (pre-release, post, dev, local, epoch, build) says which: "1.6.0rc1 is
    // PEP 440, the policy's scheme is semver". A plain "1.2" is left alone.
    for (const auto other : {VersionScheme::semver, VersionScheme::pep440}) {
        if (other == scheme) {
            continue;
        }
        const auto v = parse_version(text, other);
        if (v && (v->is_prerelease() || v->post || v->dev || !v->local.empty() ||
                  !v->build.empty() || v->epoch != 0)) {
            out += "; " + text + " is " + std::string(scheme_name(other)) +
                   ", the policy's scheme is " + std::string(to_string(scheme));
            break;
        }
    }
    return out;
}

Expected<Version, VersionError> parse_version(std::string_view text, VersionScheme scheme) {
    auto parsed = [&]() -> Expected<Version, VersionError> {
        switch (scheme) {
            case VersionScheme::semver:
                return versioning::parse_semver(text);
            case VersionScheme::major_point:
                return versioning::parse_major_point(text);
            case VersionScheme::pep440:
                return versioning::parse_pep440(text);
        }
        return tl::unexpected(VersionError{scheme, std::string(text), 0, "unknown version scheme"});
    }();
    if (!parsed) {
        parsed.error().scheme = scheme;  // the parsers report where; the scheme is known here
    }
    return parsed;
}

int compare(const Version& a, const Version& b) {
    if (a.scheme != b.scheme) {
        // Callers must not mix schemes; order by scheme so sorting stays a
        // strict weak order if they do.
        return three_way(a.scheme, b.scheme);
    }
    switch (a.scheme) {
        case VersionScheme::semver:
            return versioning::compare_semver(a, b);
        case VersionScheme::major_point:
            return versioning::compare_release(a, b);
        case VersionScheme::pep440:
            return versioning::compare_pep440(a, b);
    }
    return 0;
}

// What the scheme files share (version_parsers.h).
namespace versioning {

int compare_digit_strings(std::string_view a, std::string_view b) {
    const auto strip = [](std::string_view s) {
        while (s.size() > 1 && s.front() == '0') {
            s.remove_prefix(1);
        }
        return s;
    };
    a = strip(a);
    b = strip(b);
    if (a.size() != b.size()) {
        return three_way(a.size(), b.size());
    }
    return three_way(a, b);
}

int compare_release(const Version& a, const Version& b) {
    // component() is 0 past the end, so PEP 440's 1.0 and 1.0.0 compare equal.
    const std::size_t n = std::max(a.release.size(), b.release.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (const int r = three_way(a.component(i), b.component(i)); r != 0) {
            return r;
        }
    }
    return 0;
}

bool Cursor::accept_word(std::string_view word) {
    if (end_ - std::min(pos_, end_) < word.size() ||
        !iequals(text_.substr(pos_, word.size()), word)) {
        return false;
    }
    pos_ += word.size();
    return true;
}

tl::unexpected<VersionError> Cursor::fail(std::size_t pos, std::string message) const {
    return tl::unexpected<VersionError>(VersionError{VersionScheme::semver, std::string(text_),
                                                     pos >= end_ ? text_.size() : pos,
                                                     std::move(message)});
}

Expected<std::int64_t, VersionError> Cursor::number(const char* leading_zeros) {
    const std::size_t start = pos_;
    if (!is_digit(peek())) {
        return fail("expected a digit");
    }
    if (leading_zeros != nullptr && peek() == '0' && is_digit(peek(1))) {
        return fail(leading_zeros);
    }
    std::int64_t value = 0;
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    for (; is_digit(peek()); ++pos_) {
        const int digit = peek() - '0';
        if (value > (max - digit) / 10) {
            return fail(start, "the number is too large (at most " + std::to_string(max) + ")");
        }
        value = value * 10 + digit;
    }
    return value;
}

}  // namespace versioning

}  // namespace fairweather
