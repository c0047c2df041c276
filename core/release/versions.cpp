#include "core/release/versions.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <utility>

#include "core/util/text.h"

namespace fairweather {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
    return is_digit(c) || is_letter(c);
}
// SemVer identifiers are [0-9A-Za-z-].
bool is_identifier_char(char c) {
    return is_alnum(c) || c == '-';
}
// PEP 440 lets '.', '-' and '_' separate the parts of a version interchangeably.
bool is_pep_separator(char c) {
    return c == '.' || c == '-' || c == '_';
}
// Python's str.strip() set, minus the Unicode spaces a byte string cannot hold.
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

template <class T>
int three_way(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

// Compares two runs of digits as whole numbers of any length: SemVer numeric
// pre-release identifiers and PEP 440 local segments need not fit 64 bits.
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

// "a", "b", "c" from {"a", "b", "c"} or "a, b or c": what an error expected.
std::string one_of(const std::vector<std::string>& items) {
    if (items.size() <= 1) {
        return items.empty() ? std::string() : items.front();
    }
    const std::vector<std::string> head(items.begin(), items.end() - 1);
    return join(head, ", ") + " or " + items.back();
}

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
    bool accept_word(std::string_view word) {
        if (end_ - std::min(pos_, end_) < word.size() ||
            !iequals(text_.substr(pos_, word.size()), word)) {
            return false;
        }
        pos_ += word.size();
        return true;
    }
    std::string_view slice(std::size_t from) const { return text_.substr(from, pos_ - from); }

    // An error at `pos`; at the end of the version it points past the whole
    // text, so trailing whitespace PEP 440 ignores reads as "at the end".
    tl::unexpected<VersionError> fail(std::size_t pos, std::string message) const {
        return tl::unexpected<VersionError>(VersionError{VersionScheme::semver, std::string(text_),
                                                         pos >= end_ ? text_.size() : pos,
                                                         std::move(message)});
    }
    tl::unexpected<VersionError> fail(std::string message) const {
        return fail(pos_, std::move(message));
    }

    // A release number. `leading_zeros` is the message refusing "01", or
    // nullptr where the scheme allows and drops them (PEP 440).
    Expected<std::int64_t, VersionError> number(const char* leading_zeros) {
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

// PEP 440's spellings and their normal forms, longest first where one is a
// prefix of another, in the order of the spec's reference regular expression.
struct Spelling {
    std::string_view spelling;
    std::string_view normal;
};
constexpr std::array<Spelling, 8> pre_spellings{{{"alpha", "a"},
                                                 {"a", "a"},
                                                 {"beta", "b"},
                                                 {"b", "b"},
                                                 {"preview", "rc"},
                                                 {"pre", "rc"},
                                                 {"c", "rc"},
                                                 {"rc", "rc"}}};
constexpr std::array<Spelling, 3> post_spellings{
    {{"post", "post"}, {"rev", "post"}, {"r", "post"}}};
constexpr std::array<Spelling, 1> dev_spellings{{{"dev", "dev"}}};

// Which PEP 440 part was parsed last: it decides what may still follow.
enum class PepPart { release, pre, post, dev };

// An optional separator, then one of `spellings`; nothing is consumed unless
// a spelling matches.
template <std::size_t N>
std::optional<std::string_view> accept_label(Cursor& c, const std::array<Spelling, N>& spellings) {
    const std::size_t start = c.pos();
    if (is_pep_separator(c.peek())) {
        c.seek(start + 1);
    }
    for (const auto& s : spellings) {
        if (c.accept_word(s.spelling)) {
            return s.normal;
        }
    }
    c.seek(start);
    return std::nullopt;
}

// The number after a pre/post/dev label: an optional separator, then digits
// or nothing (implicit 0). The separator stays consumed without digits, as
// in the spec's regular expression ("1.0a." is 1.0a0).
Expected<std::int64_t, VersionError> label_number(Cursor& c) {
    if (is_pep_separator(c.peek())) {
        c.seek(c.pos() + 1);
    }
    return is_digit(c.peek()) ? c.number(nullptr) : Expected<std::int64_t, VersionError>(0);
}

// The error for text left after the last part that parsed: name what could
// have come next. After a separator the offending character is the one after
// it ("1.0.x" fails at 'x'), except where nothing may follow a separator.
tl::unexpected<VersionError> pep_trailing_error(const Cursor& c, PepPart last) {
    std::vector<std::string> labels;
    switch (last) {
        case PepPart::release:
            labels = {"'a'", "'b'", "'rc'", "'post'", "'dev'"};
            break;
        case PepPart::pre:
            labels = {"'post'", "'dev'"};
            break;
        case PepPart::post:
            labels = {"'dev'"};
            break;
        case PepPart::dev:
            break;
    }
    const char here = c.peek();
    if (is_pep_separator(here) && !labels.empty()) {
        // "." continues the release, "-N" is a post-release ("1.0-1").
        const bool digit_allowed =
            (last == PepPart::release && here != '_') || (last == PepPart::pre && here == '-');
        std::vector<std::string> items;
        if (digit_allowed) {
            items.emplace_back("a digit");
        }
        items.insert(items.end(), labels.begin(), labels.end());
        return c.fail(c.pos() + 1, "expected " + one_of(items));
    }
    std::vector<std::string> items;
    if (last == PepPart::release) {
        items.emplace_back("'.'");
    }
    items.insert(items.end(), labels.begin(), labels.end());
    items.emplace_back("'+'");
    items.emplace_back("the end");
    return c.fail("expected " + one_of(items));
}

// "+ubuntu-1" -> "ubuntu.1": lower case, '.' between segments, numeric
// segments without leading zeros (as the reference implementation prints them).
Expected<std::string, VersionError> pep_local(Cursor& c) {
    std::vector<std::string> segments;
    while (true) {
        const std::size_t start = c.pos();
        while (is_alnum(c.peek())) {
            c.seek(c.pos() + 1);
        }
        std::string_view segment = c.slice(start);
        if (segment.empty()) {
            if (segments.empty() && c.at_end()) {
                return c.fail("expected a local version label after '+'");
            }
            if (c.at_end() || is_pep_separator(c.peek())) {
                return c.fail("empty local version segment");
            }
            return c.fail("expected a letter or digit in the local version label");
        }
        if (all_digits(segment)) {
            while (segment.size() > 1 && segment.front() == '0') {
                segment.remove_prefix(1);
            }
        }
        segments.push_back(lower(segment));
        if (c.at_end()) {
            return join(segments, ".");
        }
        if (!is_pep_separator(c.peek())) {
            return c.fail(
                "expected a letter, digit, '.', '-' or '_' in the local version label, or the "
                "end");
        }
        c.seek(c.pos() + 1);
    }
}

Expected<Version, VersionError> parse_pep440(std::string_view text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && is_space(text[begin])) {
        ++begin;
    }
    while (end > begin && is_space(text[end - 1])) {
        --end;
    }
    Cursor c(text, begin, end);
    c.skip_v();
    Version v;
    v.scheme = VersionScheme::pep440;

    auto first = c.number(nullptr);
    if (!first) {
        return tl::unexpected(first.error());
    }
    if (c.accept('!')) {
        v.epoch = *first;
        first = c.number(nullptr);
        if (!first) {
            return tl::unexpected(first.error());
        }
    }
    v.release.push_back(*first);
    // A '.' continues the release only before a digit: "1.0.post1" has a
    // two-number release and a dotted post-release.
    while (c.peek() == '.' && is_digit(c.peek(1))) {
        c.seek(c.pos() + 1);
        const auto n = c.number(nullptr);
        if (!n) {
            return tl::unexpected(n.error());
        }
        v.release.push_back(*n);
    }

    PepPart last = PepPart::release;
    if (const auto kind = accept_label(c, pre_spellings)) {
        const auto n = label_number(c);
        if (!n) {
            return tl::unexpected(n.error());
        }
        v.pep_pre_kind = std::string(*kind);
        v.pep_pre_number = *n;
        last = PepPart::pre;
    }
    if (c.peek() == '-' && is_digit(c.peek(1))) {
        // "1.0-1": the implicit post-release spelling.
        c.seek(c.pos() + 1);
        const auto n = c.number(nullptr);
        if (!n) {
            return tl::unexpected(n.error());
        }
        v.post = *n;
        last = PepPart::post;
    } else if (accept_label(c, post_spellings)) {
        const auto n = label_number(c);
        if (!n) {
            return tl::unexpected(n.error());
        }
        v.post = *n;
        last = PepPart::post;
    }
    if (accept_label(c, dev_spellings)) {
        const auto n = label_number(c);
        if (!n) {
            return tl::unexpected(n.error());
        }
        v.dev = *n;
        last = PepPart::dev;
    }
    if (c.accept('+')) {
        auto local = pep_local(c);
        if (!local) {
            return tl::unexpected(local.error());
        }
        v.local = std::move(*local);
    } else if (!c.at_end()) {
        return pep_trailing_error(c, last);
    }
    return v;
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

// PEP 440 local labels: segment by segment, numbers as numbers and above
// strings, strings by ASCII; a label that is a prefix of the other sorts first.
int compare_local(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) {
        return three_way(!a.empty(), !b.empty());
    }
    while (!a.empty() && !b.empty()) {
        const auto cut = [](std::string_view& s) {
            const auto dot = std::min(s.find('.'), s.size());
            const std::string_view segment = s.substr(0, dot);
            s.remove_prefix(std::min(dot + 1, s.size()));
            return segment;
        };
        const std::string_view x = cut(a);
        const std::string_view y = cut(b);
        const bool x_numeric = all_digits(x);
        const bool y_numeric = all_digits(y);
        int r = 0;
        if (x_numeric && y_numeric) {
            r = compare_digit_strings(x, y);
        } else if (x_numeric != y_numeric) {
            r = x_numeric ? 1 : -1;
        } else {
            r = three_way(x, y);
        }
        if (r != 0) {
            return r;
        }
    }
    return three_way(!a.empty(), !b.empty());
}

int compare_pep440(const Version& a, const Version& b) {
    if (const int r = three_way(a.epoch, b.epoch); r != 0) {
        return r;
    }
    if (const int r = compare_release(a, b); r != 0) {
        return r;
    }
    // Where the pre-release puts a version among its release's others: a
    // bare dev release (1.0.dev1) before every pre-release, the final
    // release (and its post-releases) after them.
    const auto pre_rank = [](const Version& v) {
        if (!v.pep_pre_kind.empty()) {
            return 1;
        }
        return v.dev && !v.post ? 0 : 2;
    };
    if (const int r = three_way(pre_rank(a), pre_rank(b)); r != 0) {
        return r;
    }
    if (!a.pep_pre_kind.empty()) {
        // "a" < "b" < "rc" holds as plain strings.
        if (const int r = three_way(a.pep_pre_kind, b.pep_pre_kind); r != 0) {
            return r;
        }
        if (const int r = three_way(a.pep_pre_number, b.pep_pre_number); r != 0) {
            return r;
        }
    }
    // No post-release sorts before any; no dev-release sorts after any.
    if (const int r = three_way(a.post.has_value(), b.post.has_value()); r != 0) {
        return r;
    }
    if (const int r = three_way(a.post.value_or(0), b.post.value_or(0)); r != 0) {
        return r;
    }
    if (const int r = three_way(!a.dev.has_value(), !b.dev.has_value()); r != 0) {
        return r;
    }
    if (const int r = three_way(a.dev.value_or(0), b.dev.value_or(0)); r != 0) {
        return r;
    }
    return compare_local(a.local, b.local);
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

std::string VersionError::describe() const {
    std::string out =
        "\"" + text + "\" is not a " + std::string(scheme_name(scheme)) + " version: ";
    out += position < text.size()
               ? "character " + std::to_string(position + 1) + " (" + shown(text[position]) + ")"
               : std::string("at the end");
    return out + ": " + message;
}

Expected<Version, VersionError> parse_version(std::string_view text, VersionScheme scheme) {
    auto parsed = [&]() -> Expected<Version, VersionError> {
        switch (scheme) {
            case VersionScheme::semver:
                return parse_semver(text);
            case VersionScheme::major_point:
                return parse_major_point(text);
            case VersionScheme::pep440:
                return parse_pep440(text);
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
            if (const int r = compare_release(a, b); r != 0) {
                return r;
            }
            return compare_semver_pre(a.pre, b.pre);
        case VersionScheme::major_point:
            return compare_release(a, b);
        case VersionScheme::pep440:
            return compare_pep440(a, b);
    }
    return 0;
}

}  // namespace fairweather
