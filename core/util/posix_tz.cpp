#include "core/util/posix_tz.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace fairweather::detail {
namespace {

constexpr std::int64_t k_seconds_per_day = 86'400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0 && ((a < 0) != (b < 0))) ? 1 : 0);
}

class PosixParser {
  public:
    explicit PosixParser(std::string_view text) : m_text(text) {}

    std::optional<PosixRule> parse() {
        PosixRule rule;
        if (!skip_name()) {
            return std::nullopt;
        }
        const auto std_offset = read_hms(24);
        if (!std_offset) {
            return std::nullopt;
        }
        rule.std_offset = -*std_offset;
        if (at_end()) {
            return rule;
        }
        if (!skip_name()) {
            return std::nullopt;
        }
        rule.has_dst = true;
        rule.dst_offset = rule.std_offset + 3600;
        if (!at_end() && peek() != ',') {
            const auto dst_offset = read_hms(24);
            if (!dst_offset) {
                return std::nullopt;
            }
            rule.dst_offset = -*dst_offset;
        }
        if (at_end()) {
            // POSIX leaves the dates to the implementation; zic never writes
            // such a footer, so take the traditional default, the US rules.
            rule.start = RuleDate{RuleDate::Kind::month_week_day, 0, 3, 2, 0, 2 * 3600};
            rule.end = RuleDate{RuleDate::Kind::month_week_day, 0, 11, 1, 0, 2 * 3600};
            return rule;
        }
        const auto start = read_rule_date();
        const auto end = start ? read_rule_date() : std::nullopt;
        if (!end || !at_end()) {
            return std::nullopt;
        }
        rule.start = *start;
        rule.end = *end;
        return rule;
    }

  private:
    bool at_end() const { return m_pos >= m_text.size(); }
    char peek() const { return m_text[m_pos]; }
    static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
    static bool is_digit(char c) { return c >= '0' && c <= '9'; }

    // An abbreviation: three or more letters, or "<...>" of letters, digits
    // and signs. Only its extent matters here.
    bool skip_name() {
        if (!at_end() && peek() == '<') {
            const std::size_t start = ++m_pos;
            while (!at_end() &&
                   (is_alpha(peek()) || is_digit(peek()) || peek() == '+' || peek() == '-')) {
                ++m_pos;
            }
            if (at_end() || peek() != '>' || m_pos == start) {
                return false;
            }
            ++m_pos;
            return true;
        }
        const std::size_t start = m_pos;
        while (!at_end() && is_alpha(peek())) {
            ++m_pos;
        }
        return m_pos - start >= 3;
    }

    std::optional<int> read_number(int max_digits) {
        int value = 0;
        int digits = 0;
        while (!at_end() && is_digit(peek()) && digits < max_digits) {
            value = value * 10 + (peek() - '0');
            ++m_pos;
            ++digits;
        }
        if (digits == 0) {
            return std::nullopt;
        }
        return value;
    }

    // [+-]hh[:mm[:ss]] in seconds, as written (not sign-inverted).
    std::optional<std::int64_t> read_hms(int max_hours) {
        bool negative = false;
        if (!at_end() && (peek() == '+' || peek() == '-')) {
            negative = peek() == '-';
            ++m_pos;
        }
        const auto hours = read_number(3);
        if (!hours || *hours > max_hours) {
            return std::nullopt;
        }
        std::int64_t total = *hours * std::int64_t{3600};
        for (const std::int64_t unit : {60, 1}) {
            if (at_end() || peek() != ':') {
                break;
            }
            ++m_pos;
            const auto part = read_number(2);
            if (!part || *part > 59) {
                return std::nullopt;
            }
            total += *part * unit;
        }
        return negative ? -total : total;
    }

    // ",date[/time]"
    std::optional<RuleDate> read_rule_date() {
        if (at_end() || peek() != ',') {
            return std::nullopt;
        }
        ++m_pos;
        RuleDate date;
        if (at_end()) {
            return std::nullopt;
        }
        if (peek() == 'J') {
            ++m_pos;
            const auto day = read_number(3);
            if (!day || *day < 1 || *day > 365) {
                return std::nullopt;
            }
            date.kind = RuleDate::Kind::julian_no_leap;
            date.day = *day;
        } else if (peek() == 'M') {
            ++m_pos;
            const auto month = read_number(2);
            if (!month || *month < 1 || *month > 12 || at_end() || peek() != '.') {
                return std::nullopt;
            }
            ++m_pos;
            const auto week = read_number(1);
            if (!week || *week < 1 || *week > 5 || at_end() || peek() != '.') {
                return std::nullopt;
            }
            ++m_pos;
            const auto weekday = read_number(1);
            if (!weekday || *weekday > 6) {
                return std::nullopt;
            }
            date.kind = RuleDate::Kind::month_week_day;
            date.month = *month;
            date.week = *week;
            date.weekday = *weekday;
        } else {
            const auto day = read_number(3);
            if (!day || *day > 365) {
                return std::nullopt;
            }
            date.kind = RuleDate::Kind::julian_zero;
            date.day = *day;
        }
        if (!at_end() && peek() == '/') {
            ++m_pos;
            const auto time = read_hms(167);
            if (!time) {
                return std::nullopt;
            }
            date.time = *time;
        }
        return date;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

// The local date a rule names in `year`, as days since the epoch.
std::int64_t rule_day(const RuleDate& date, int year_number) {
    using namespace std::chrono;
    const year y{year_number};
    const sys_days jan1{y / January / 1};
    switch (date.kind) {
        case RuleDate::Kind::julian_no_leap: {
            // J60 is March 1 in every year: skip February 29 when it exists.
            const int offset = date.day - 1 + (y.is_leap() && date.day >= 60 ? 1 : 0);
            return (jan1 + days{offset}).time_since_epoch().count();
        }
        case RuleDate::Kind::julian_zero:
            return (jan1 + days{date.day}).time_since_epoch().count();
        case RuleDate::Kind::month_week_day: {
            const month m{static_cast<unsigned>(date.month)};
            const weekday wd{static_cast<unsigned>(date.weekday)};
            const sys_days day = date.week == 5
                                     ? sys_days{y / m / weekday_last{wd}}
                                     : sys_days{y / m / wd[static_cast<unsigned>(date.week)]};
            return day.time_since_epoch().count();
        }
    }
    return jan1.time_since_epoch().count();
}

}  // namespace

std::optional<PosixRule> parse_posix_rule(std::string_view text) {
    return PosixParser(text).parse();
}

std::int64_t rule_offset_at(const PosixRule& rule, std::int64_t t) {
    if (!rule.has_dst) {
        return rule.std_offset;
    }
    using namespace std::chrono;
    // Year arithmetic is only defined for +-32767; far-off instants are
    // answered with the rule of a year in range, which is the same rule.
    constexpr std::int64_t k_limit = 9'000LL * 366 * k_seconds_per_day;
    const std::int64_t clamped = std::clamp(t, -k_limit, k_limit);
    const int y = static_cast<int>(
        year_month_day{sys_days{days{floor_div(clamped, k_seconds_per_day)}}}.year());

    // Rule times may reach 167 hours past (or before) the named date, so a
    // change belonging to a neighbouring year can govern `t`; collect every
    // change from two years before to one after and take the latest not after t.
    struct Change {
        std::int64_t at;
        bool dst;
    };
    std::array<Change, 8> changes{};
    std::size_t n = 0;
    for (int year = y - 2; year <= y + 1; ++year) {
        // The start is written in standard time, the end in daylight time.
        changes[n++] = {
            rule_day(rule.start, year) * k_seconds_per_day + rule.start.time - rule.std_offset,
            true};
        changes[n++] = {
            rule_day(rule.end, year) * k_seconds_per_day + rule.end.time - rule.dst_offset, false};
    }
    // On a tie (a rule for DST all year, "0/0,J365/25") the start wins.
    std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
        return a.at != b.at ? a.at < b.at : (!a.dst && b.dst);
    });
    bool dst = false;
    for (const Change& change : changes) {
        if (change.at > t) {
            break;
        }
        dst = change.dst;
    }
    return dst ? rule.dst_offset : rule.std_offset;
}

}  // namespace fairweather::detail
