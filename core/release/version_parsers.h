#pragma once
// What the version schemes share, and what each scheme file provides to the
// dispatch in versions.cpp. Internal to the release area: everything else
// goes through versions.h.
//
// semver.cpp parses and orders SemVer and MAJOR.POINT, pep440.cpp PEP 440;
// versions.cpp holds the public API and the Cursor and comparisons below.
// Parse errors come back with VersionError::scheme at its default (semver);
// parse_version() fills it in.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/release/versions.h"
#include "core/util/expected.h"

namespace fairweather::versioning {

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
inline bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool is_alnum(char c) {
    return is_digit(c) || is_letter(c);
}
inline bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

template <class T>
int three_way(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

// Compares two runs of digits as whole numbers of any length: SemVer numeric
// pre-release identifiers and PEP 440 local segments need not fit 64 bits.
int compare_digit_strings(std::string_view a, std::string_view b);

// The release numbers, component by component.
int compare_release(const Version& a, const Version& b);

// What parsing is looking at: the original text (errors point into it), the
// current position and where the version ends (before PEP 440's trailing
// whitespace; the text's end for the other schemes).
class Cursor {
  public:
    Cursor(std::string_view text, std::size_t begin, std::size_t end)
        : text_(text), pos_(begin), end_(end) {}

    std::size_t pos() const { return pos_; }
    void seek(std::size_t pos) { pos_ = pos; }
    bool at_end() const { return pos_ >= end_; }
    // The character `ahead` places on, or '\0' past the end.
    char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < end_ ? text_[pos_ + ahead] : '\0';
    }
    bool accept(char c) {
        if (!at_end() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    // Consumes `word` ignoring ASCII case if it is next.
    bool accept_word(std::string_view word);
    std::string_view slice(std::size_t from) const { return text_.substr(from, pos_ - from); }

    // An error at `pos`; at the end of the version it points past the whole
    // text, so trailing whitespace PEP 440 ignores reads as "at the end".
    tl::unexpected<VersionError> fail(std::size_t pos, std::string message) const;
    tl::unexpected<VersionError> fail(std::string message) const {
        return fail(pos_, std::move(message));
    }

    // A release number. `leading_zeros` is the message refusing "01", or
    // nullptr where the scheme allows and drops them (PEP 440).
    Expected<std::int64_t, VersionError> number(const char* leading_zeros);

    // Accepts a leading "v" or "V" as in a git tag ("v38.0").
    void skip_v() {
        if (peek() == 'v' || peek() == 'V') {
            ++pos_;
        }
    }

  private:
    std::string_view text_;
    std::size_t pos_;
    std::size_t end_;
};

// semver.cpp
Expected<Version, VersionError> parse_semver(std::string_view text);
Expected<Version, VersionError> parse_major_point(std::string_view text);
// SemVer 2.0 precedence: release numbers, then pre-release identifiers;
// build metadata ignored.
int compare_semver(const Version& a, const Version& b);

// pep440.cpp
// Leading and trailing whitespace is ignored, as PEP 440 says.
Expected<Version, VersionError> parse_pep440(std::string_view text);
int compare_pep440(const Version& a, const Version& b);

}  // namespace fairweather::versioning
