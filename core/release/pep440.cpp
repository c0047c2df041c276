// PEP 440: parsing with normalisation, and ordering. The dispatch in
// versions.cpp calls these through version_parsers.h.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/release/version_parsers.h"
#include "core/util/text.h"

namespace fairweather::versioning {
namespace {

// PEP 440 lets '.', '-' and '_' separate the parts of a version interchangeably.
bool is_pep_separator(char c) {
    return c == '.' || c == '-' || c == '_';
}
// Python's str.strip() set, minus the Unicode spaces a byte string cannot hold.
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// "a", "b", "c" from {"a", "b", "c"} or "a, b or c": what an error expected.
std::string one_of(const std::vector<std::string>& items) {
    if (items.size() <= 1) {
        return items.empty() ? std::string() : items.front();
    }
    const std::vector<std::string> head(items.begin(), items.end() - 1);
    return join(head, ", ") + " or " + items.back();
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

}  // namespace

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

}  // namespace fairweather::versioning
