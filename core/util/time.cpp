#include "core/util/time.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>

namespace fairweather {
namespace {

// Reads exactly `width` decimal digits at `pos`; advances `pos` on success.
std::optional<int> read_digits(std::string_view text, std::size_t& pos, std::size_t width) {
    if (pos + width > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    pos += width;
    return value;
}

bool expect_char(std::string_view text, std::size_t& pos, char c) {
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

std::optional<std::chrono::sys_days> read_date(std::string_view text, std::size_t& pos) {
    const auto year = read_digits(text, pos, 4);
    if (!year || !expect_char(text, pos, '-')) {
        return std::nullopt;
    }
    const auto month = read_digits(text, pos, 2);
    if (!month || !expect_char(text, pos, '-')) {
        return std::nullopt;
    }
    const auto day = read_digits(text, pos, 2);
    if (!day) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{*year},
                                          std::chrono::month{static_cast<unsigned>(*month)},
                                          std::chrono::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return std::chrono::sys_days{ymd};
}

}  // namespace

std::optional<TimePoint> parse_timestamp(std::string_view text) {
    std::size_t pos = 0;
    const auto day = read_date(text, pos);
    if (!day) {
        return std::nullopt;
    }
    if (!(expect_char(text, pos, 'T') || expect_char(text, pos, 't') ||
          expect_char(text, pos, ' '))) {
        return std::nullopt;
    }
    const auto hour = read_digits(text, pos, 2);
    if (!hour || *hour > 23 || !expect_char(text, pos, ':')) {
        return std::nullopt;
    }
    const auto minute = read_digits(text, pos, 2);
    if (!minute || *minute > 59 || !expect_char(text, pos, ':')) {
        return std::nullopt;
    }
    const auto second = read_digits(text, pos, 2);
    if (!second || *second > 60) {  // 60: a leap second, read as the next second
        return std::nullopt;
    }
    int millis = 0;
    if (expect_char(text, pos, '.')) {
        int digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (digits < 3) {
                millis = millis * 10 + (text[pos] - '0');
            }
            ++digits;
            ++pos;
        }
        if (digits == 0) {
            return std::nullopt;
        }
        for (int i = digits; i < 3; ++i) {
            millis *= 10;
        }
    }
    std::chrono::minutes offset{0};
    if (expect_char(text, pos, 'Z') || expect_char(text, pos, 'z')) {
        // UTC
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const bool negative = text[pos] == '-';
        ++pos;
        const auto oh = read_digits(text, pos, 2);
        if (!oh || *oh > 23) {
            return std::nullopt;
        }
        expect_char(text, pos, ':');  // "+0700" is seen in the wild too
        const auto om = read_digits(text, pos, 2);
        if (!om || *om > 59) {
            return std::nullopt;
        }
        offset = std::chrono::hours{*oh} + std::chrono::minutes{*om};
        if (negative) {
            offset = -offset;
        }
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    const auto local = TimePoint{*day} + std::chrono::hours{*hour} + std::chrono::minutes{*minute} +
                       std::chrono::seconds{*second} + std::chrono::milliseconds{millis};
    return local - offset;
}

std::string format_date(TimePoint t) {
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf.data();
}

std::string format_timestamp(TimePoint t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::hh_mm_ss hms{t - day};
    std::array<char, 48> buf{};
    const auto millis = hms.subseconds().count();
    if (millis != 0) {
        std::snprintf(buf.data(), buf.size(), "%sT%02d:%02d:%02d.%03dZ", format_date(t).c_str(),
                      static_cast<int>(hms.hours().count()),
                      static_cast<int>(hms.minutes().count()),
                      static_cast<int>(hms.seconds().count()), static_cast<int>(millis));
    } else {
        std::snprintf(buf.data(), buf.size(), "%sT%02d:%02d:%02dZ", format_date(t).c_str(),
                      static_cast<int>(hms.hours().count()),
                      static_cast<int>(hms.minutes().count()),
                      static_cast<int>(hms.seconds().count()));
    }
    return buf.data();
}

std::optional<TimePoint> parse_date(std::string_view text) {
    std::size_t pos = 0;
    const auto day = read_date(text, pos);
    if (!day || pos != text.size()) {
        return std::nullopt;
    }
    return TimePoint{*day};
}

Expected<Duration, std::string> parse_duration(std::string_view text) {
    const auto bad = [&](std::string_view why) {
        return make_unexpected("invalid duration \"" + std::string(text) +
                               "\": " + std::string(why) +
                               "; write a number and a unit, e.g. \"30s\", \"10m\", \"2h\", "
                               "\"1h30m\" (units: ms, s, m, h, d, w)");
    };
    if (text.empty()) {
        return bad("it is empty");
    }
    Duration total{0};
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::int64_t number = 0;
        const auto [end, ec] =
            std::from_chars(text.data() + pos, text.data() + text.size(), number);
        if (ec != std::errc{} || end == text.data() + pos) {
            return bad("expected a whole number at character " + std::to_string(pos + 1));
        }
        if (number < 0) {
            return bad("durations cannot be negative");
        }
        pos = static_cast<std::size_t>(end - text.data());
        std::size_t unit_end = pos;
        while (unit_end < text.size() && ((text[unit_end] >= 'a' && text[unit_end] <= 'z'))) {
            ++unit_end;
        }
        const std::string_view unit = text.substr(pos, unit_end - pos);
        std::int64_t factor_ms = 0;
        if (unit == "ms") {
            factor_ms = 1;
        } else if (unit == "s") {
            factor_ms = 1000;
        } else if (unit == "m") {
            factor_ms = 60'000;
        } else if (unit == "h") {
            factor_ms = 3'600'000;
        } else if (unit == "d") {
            factor_ms = 86'400'000;
        } else if (unit == "w") {
            factor_ms = 7 * 86'400'000LL;
        } else if (unit.empty() && unit_end < text.size()) {
            return bad("unexpected \"" + std::string(1, text[unit_end]) + "\" at character " +
                       std::to_string(unit_end + 1));
        } else if (unit.empty()) {
            return bad("the number that ends it has no unit");
        } else {
            return bad("unknown unit \"" + std::string(unit) + "\"");
        }
        // 10 years is far beyond any interval fairweather uses; rejecting more keeps
        // arithmetic on durations far from overflow.
        constexpr std::int64_t k_max_ms = 10LL * 366 * 86'400'000LL;
        if (number > k_max_ms / factor_ms || total.count() + number * factor_ms > k_max_ms) {
            return bad("it is longer than 10 years");
        }
        total += Duration{number * factor_ms};
        pos = unit_end;
    }
    return total;
}

std::string format_duration(Duration d) {
    if (d.count() == 0) {
        return "0s";
    }
    std::string out;
    std::int64_t ms = d.count();
    if (ms < 0) {
        out += '-';
        ms = -ms;
    }
    constexpr std::array<std::pair<std::int64_t, const char*>, 5> units{{
        {86'400'000, "d"},
        {3'600'000, "h"},
        {60'000, "m"},
        {1000, "s"},
        {1, "ms"},
    }};
    for (const auto& [size, name] : units) {
        if (ms >= size) {
            out += std::to_string(ms / size);
            out += name;
            ms %= size;
        }
    }
    return out;
}

std::string format_elapsed(Duration d) {
    using namespace std::chrono;
    const auto magnitude = d < Duration::zero() ? -d : d;
    const auto round_to = [&](Duration unit) {
        return Duration{(d.count() + (d.count() < 0 ? -1 : 1) * unit.count() / 2) / unit.count() *
                        unit.count()};
    };
    if (magnitude < seconds{1}) {
        return format_duration(d);
    }
    if (magnitude < hours{1}) {
        return format_duration(round_to(seconds{1}));
    }
    if (magnitude < hours{24}) {
        return format_duration(round_to(minutes{1}));
    }
    return format_duration(round_to(hours{1}));
}

double to_unix_seconds(TimePoint t) {
    return static_cast<double>(t.time_since_epoch().count()) / 1000.0;
}

}  // namespace fairweather
