#include "core/util/time_zone.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <vector>

#include "core/util/text.h"

namespace fairweather {

namespace detail {

// One end of a POSIX TZ rule ("M3.2.0/2", "J60", "59/-1").
struct RuleDate {
    enum class Kind {
        julian_no_leap,  // Jn: 1..365, February 29 is never counted
        julian_zero,     // n: 0..365, February 29 counted in leap years
        month_week_day,  // Mm.w.d: day d (0 = Sunday) of week w (5 = last) of month m
    };
    Kind kind = Kind::month_week_day;
    int day = 0;
    int month = 0;
    int week = 0;
    int weekday = 0;
    // Local wall time of the change, after midnight of that date; RFC 8536
    // allows -167h..167h so rules like "the Friday before the last Sunday"
    // can be written as "M3.4.4/26".
    std::int64_t time = 2 * 3600;
};

// The TZ string in a TZif footer, which governs instants after the last
// transition. Offsets are stored east-positive (POSIX writes them inverted).
struct PosixRule {
    std::int64_t std_offset = 0;
    bool has_dst = false;
    std::int64_t dst_offset = 0;
    RuleDate start;
    RuleDate end;
};

struct ZoneData {
    std::vector<std::int64_t> transitions;  // UTC seconds, strictly ascending
    std::vector<std::uint8_t> transition_types;
    std::vector<std::int64_t> type_offsets;  // utoff of each ttinfo, seconds
    std::optional<PosixRule> rule;           // nullopt: the last type stays in force
};

}  // namespace detail

namespace {

using detail::PosixRule;
using detail::RuleDate;
using detail::ZoneData;

constexpr std::int64_t k_seconds_per_day = 86'400;
constexpr std::string_view k_advice =
    "use an IANA name such as \"Europe/Berlin\" or an offset such as \"+02:00\"";

std::int64_t to_seconds(TimePoint t) {
    return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0 && ((a < 0) != (b < 0))) ? 1 : 0);
}

// ---- POSIX TZ strings (RFC 8536 section 3.3) ----

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

// ---- TZif files (RFC 8536) ----

constexpr std::size_t k_header_size = 44;
// The largest TZif file in tzdata is a few kilobytes; anything far bigger is
// not one, and reading it whole would only waste memory.
constexpr std::uintmax_t k_max_file_size = 1 << 20;

struct TzifHeader {
    char version = 0;
    std::uint64_t isutcnt = 0;
    std::uint64_t isstdcnt = 0;
    std::uint64_t leapcnt = 0;
    std::uint64_t timecnt = 0;
    std::uint64_t typecnt = 0;
    std::uint64_t charcnt = 0;

    std::uint64_t data_size(std::uint64_t time_size) const {
        return timecnt * time_size + timecnt + typecnt * 6 + charcnt + leapcnt * (time_size + 4) +
               isstdcnt + isutcnt;
    }
};

std::uint64_t read_be(std::string_view bytes, std::size_t at, std::size_t width) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    }
    return value;
}

std::optional<TzifHeader> read_header(std::string_view bytes, std::size_t at) {
    if (at > bytes.size() || bytes.size() - at < k_header_size || bytes.substr(at, 4) != "TZif") {
        return std::nullopt;
    }
    TzifHeader header;
    header.version = bytes[at + 4];
    const std::array<std::uint64_t*, 6> counts{&header.isutcnt, &header.isstdcnt, &header.leapcnt,
                                               &header.timecnt, &header.typecnt,  &header.charcnt};
    for (std::size_t i = 0; i < counts.size(); ++i) {
        *counts[i] = read_be(bytes, at + 20 + 4 * i, 4);
    }
    return header;
}

// Reads the transitions and local time types of one data block; the
// abbreviations, leap seconds and std/wall and UT/local indicators are not
// needed to map instants to offsets.
Expected<ZoneData, std::string> read_data_block(std::string_view bytes, std::size_t at,
                                                const TzifHeader& header, std::size_t time_size) {
    if (header.typecnt == 0) {
        return make_unexpected(std::string("it declares no local time types"));
    }
    if (header.data_size(time_size) > bytes.size() - at) {
        return make_unexpected(std::string("it is truncated"));
    }
    ZoneData zone;
    zone.transitions.reserve(header.timecnt);
    for (std::uint64_t i = 0; i < header.timecnt; ++i) {
        const std::uint64_t raw = read_be(bytes, at, time_size);
        at += time_size;
        const std::int64_t t = time_size == 8
                                   ? static_cast<std::int64_t>(raw)
                                   : std::int64_t{static_cast<std::int32_t>(raw & 0xffffffffU)};
        if (!zone.transitions.empty() && t <= zone.transitions.back()) {
            return make_unexpected(std::string("its transition times are out of order"));
        }
        zone.transitions.push_back(t);
    }
    zone.transition_types.reserve(header.timecnt);
    for (std::uint64_t i = 0; i < header.timecnt; ++i) {
        const auto type = static_cast<std::uint8_t>(bytes[at++]);
        if (type >= header.typecnt) {
            return make_unexpected(std::string("a transition names a local time type it lacks"));
        }
        zone.transition_types.push_back(type);
    }
    zone.type_offsets.reserve(header.typecnt);
    for (std::uint64_t i = 0; i < header.typecnt; ++i) {
        const auto utoff = static_cast<std::int32_t>(read_be(bytes, at, 4) & 0xffffffffU);
        at += 6;  // utoff, isdst, abbreviation index
        // RFC 8536 keeps offsets within -25h..+26h; from_local relies on
        // offsets being well under a day.
        if (utoff < -89'999 || utoff > 93'599) {
            return make_unexpected(std::string("a UTC offset in it is out of range"));
        }
        zone.type_offsets.push_back(utoff);
    }
    return zone;
}

Expected<ZoneData, std::string> parse_tzif(std::string_view bytes) {
    const auto first = read_header(bytes, 0);
    if (!first) {
        return make_unexpected(std::string("it does not start with \"TZif\""));
    }
    if (first->version == '\0') {
        // Version 1 has only the 32-bit block and no footer.
        return read_data_block(bytes, k_header_size, *first, 4);
    }
    if (first->version < '2' || first->version > '9') {
        return make_unexpected(std::string("its TZif version is unknown"));
    }
    // Versions 2+ repeat everything with 64-bit times after the v1 block.
    const std::uint64_t v1_size = first->data_size(4);
    if (v1_size > bytes.size() - k_header_size) {
        return make_unexpected(std::string("it is truncated"));
    }
    const std::size_t second_at = k_header_size + static_cast<std::size_t>(v1_size);
    const auto second = read_header(bytes, second_at);
    if (!second) {
        return make_unexpected(std::string("its 64-bit header is missing"));
    }
    const std::size_t data_at = second_at + k_header_size;
    auto zone = read_data_block(bytes, data_at, *second, 8);
    if (!zone) {
        return zone;
    }
    std::size_t footer_at = data_at + static_cast<std::size_t>(second->data_size(8));
    if (footer_at >= bytes.size()) {
        return zone;  // no footer: the last type stays in force
    }
    const std::size_t footer_end = bytes.find('\n', footer_at + 1);
    if (bytes[footer_at] != '\n' || footer_end == std::string_view::npos) {
        return make_unexpected(std::string("its footer is not a newline-enclosed TZ string"));
    }
    ++footer_at;
    const std::string_view footer = bytes.substr(footer_at, footer_end - footer_at);
    if (!footer.empty()) {
        zone->rule = PosixParser(footer).parse();
        if (!zone->rule) {
            return make_unexpected("its footer \"" + std::string(footer) +
                                   "\" is not a TZ rule fairweather understands");
        }
    }
    return zone;
}

std::int64_t zone_offset_at(const ZoneData& zone, std::int64_t t) {
    const auto& transitions = zone.transitions;
    const auto next = std::upper_bound(transitions.begin(), transitions.end(), t);
    // RFC 8536: the footer governs instants after the last transition, so the
    // last transition itself still reads the table.
    if (zone.rule && (transitions.empty() || t > transitions.back())) {
        return rule_offset_at(*zone.rule, t);
    }
    if (next == transitions.begin()) {
        // Before the first transition (or with none): RFC 8536 suggests type 0.
        return zone.type_offsets.front();
    }
    return zone.type_offsets[zone.transition_types[static_cast<std::size_t>(
        std::distance(transitions.begin(), next) - 1)]];
}

// ---- names ----

bool is_utc_alias(std::string_view name) {
    for (const std::string_view alias : {"UTC", "Etc/UTC", "Z", "GMT", "Etc/GMT"}) {
        if (iequals(name, alias)) {
            return true;
        }
    }
    return false;
}

bool looks_like_offset(std::string_view name) {
    if (!name.empty() && (name[0] == '+' || name[0] == '-')) {
        return true;
    }
    return name.size() > 3 && iequals(name.substr(0, 3), "UTC") &&
           (name[3] == '+' || name[3] == '-');
}

// "+05:30", "-0700", "+2", "UTC+2", "UTC-03:30". Unlike POSIX TZ, "UTC+2" is
// two hours ahead of UTC, as people read it.
Expected<std::chrono::seconds, std::string> parse_offset(std::string_view name) {
    const auto bad = [&] {
        return make_unexpected("invalid UTC offset \"" + std::string(name) +
                               "\"; write it as \"+HH:MM\", e.g. \"+05:30\" or \"-07:00\"");
    };
    std::string_view text = name;
    if (text.size() > 3 && iequals(text.substr(0, 3), "UTC")) {
        text.remove_prefix(3);
    }
    const bool negative = text[0] == '-';
    text.remove_prefix(1);
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        ++digits;
    }
    const auto number = [&](std::size_t from, std::size_t count) {
        int value = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    int hours = 0;
    int minutes = 0;
    if (digits == 4 && text.size() == 4) {
        hours = number(0, 2);
        minutes = number(2, 2);
    } else if (digits == 1 || digits == 2) {
        hours = number(0, digits);
        if (text.size() != digits) {
            if (text.size() != digits + 3 || text[digits] != ':' || text[digits + 1] < '0' ||
                text[digits + 1] > '9' || text[digits + 2] < '0' || text[digits + 2] > '9') {
                return bad();
            }
            minutes = number(digits + 1, 2);
        }
    } else {
        return bad();
    }
    if (minutes > 59) {
        return bad();
    }
    const std::chrono::seconds offset = std::chrono::hours{hours} + std::chrono::minutes{minutes};
    if (offset > std::chrono::hours{18}) {
        return make_unexpected("UTC offset \"" + std::string(name) +
                               "\" is out of range; offsets go from -18:00 to +18:00");
    }
    return negative ? -offset : offset;
}

// "+05:30": the offset is at most 18 hours, so two digits each.
std::string offset_name(std::chrono::seconds offset) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
    const int magnitude = static_cast<int>(minutes < 0 ? -minutes : minutes);
    const auto two_digits = [](int value) {
        return std::string{static_cast<char>('0' + value / 10),
                           static_cast<char>('0' + value % 10)};
    };
    return (minutes < 0 ? "-" : "+") + two_digits(magnitude / 60) + ":" +
           two_digits(magnitude % 60);
}

// Names become paths under the zoneinfo directory, so only the characters
// IANA names use are let through.
std::optional<std::string> zone_name_problem(std::string_view name) {
    if (name.front() == '/') {
        return "absolute paths are not accepted";
    }
    if (name.find("..") != std::string_view::npos) {
        return "\"..\" is not accepted";
    }
    for (const char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '+' || c == '-';
        if (!ok) {
            return "it contains '" + std::string(1, c) + "'";
        }
    }
    return std::nullopt;
}

Expected<ZoneData, std::string> load_zone_file(std::string_view name,
                                               const std::filesystem::path& dir) {
    const std::filesystem::path path = dir / std::string(name);
    const std::string quoted = "\"" + std::string(name) + "\"";

    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        return make_unexpected("unknown time zone " + quoted + ": no " + path.string() + "; " +
                               std::string(k_advice));
    }
    if (std::filesystem::is_directory(status)) {
        return make_unexpected("unknown time zone " + quoted + ": " + path.string() +
                               " is a directory of zones, not a zone; " + std::string(k_advice));
    }
    const auto not_tzif = [&](const std::string& why) {
        return make_unexpected("time zone " + quoted + ": " + path.string() +
                               " is not a compiled time zone (TZif) file: " + why);
    };
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return make_unexpected("time zone " + quoted + ": cannot read " + path.string() + ": " +
                               ec.message());
    }
    if (size > k_max_file_size) {
        return not_tzif("it is too large");
    }
    std::ifstream in(path, std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad() || !in.is_open()) {
        return make_unexpected("time zone " + quoted + ": cannot read " + path.string());
    }
    auto zone = parse_tzif(bytes);
    if (!zone) {
        return not_tzif(zone.error());
    }
    return zone;
}

}  // namespace

TimeZone::TimeZone() : m_name("UTC") {}

Expected<TimeZone, std::string> TimeZone::load(std::string_view name,
                                               const std::filesystem::path& zoneinfo) {
    try {
        TimeZone zone;
        if (is_utc_alias(name)) {
            return zone;
        }
        if (looks_like_offset(name)) {
            const auto offset = parse_offset(name);
            if (!offset) {
                return make_unexpected(offset.error());
            }
            zone.m_fixed = *offset;
            zone.m_name = offset_name(*offset);
            return zone;
        }
        if (name.empty()) {
            return make_unexpected("the time zone name is empty; " + std::string(k_advice));
        }
        if (const auto problem = zone_name_problem(name)) {
            return make_unexpected("\"" + std::string(name) + "\" is not a time zone name (" +
                                   *problem + "); " + std::string(k_advice));
        }
        auto data = load_zone_file(name, zoneinfo);
        if (!data) {
            return make_unexpected(data.error());
        }
        zone.m_name = std::string(name);
        zone.m_data = std::make_shared<const ZoneData>(std::move(*data));
        return zone;
    } catch (const std::exception& e) {
        // Allocation or filesystem failures; callers expect errors as values.
        return make_unexpected("time zone \"" + std::string(name) + "\": " + e.what());
    }
}

std::chrono::seconds TimeZone::offset_at(TimePoint t) const {
    if (!m_data) {
        return m_fixed;
    }
    return std::chrono::seconds{zone_offset_at(*m_data, to_seconds(t))};
}

LocalTime TimeZone::to_local(TimePoint t) const {
    return LocalTime{t.time_since_epoch() + offset_at(t)};
}

TimePoint TimeZone::from_local(LocalTime t) const {
    const TimePoint as_utc{t.time_since_epoch()};
    if (!m_data) {
        return as_utc - m_fixed;
    }
    // Offsets stay well within a day, so the offsets a day either side are the
    // ones in force before and after any change that touches this wall time.
    // Each candidate offset is valid if the instant it gives has that offset.
    const std::chrono::seconds before = offset_at(as_utc - std::chrono::hours{24});
    const std::chrono::seconds after = offset_at(as_utc + std::chrono::hours{24});
    std::optional<TimePoint> earliest;
    for (const auto offset :
         {before, after, offset_at(as_utc - before), offset_at(as_utc - after)}) {
        const TimePoint candidate = as_utc - offset;
        if (offset_at(candidate) == offset && (!earliest || candidate < *earliest)) {
            earliest = candidate;
        }
    }
    if (earliest) {
        return *earliest;
    }
    // A gap: read with the offset before it, which lands after the jump.
    return as_utc - before;
}

std::chrono::year_month_day TimeZone::local_date(TimePoint t) const {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(to_local(t))};
}

TimePoint TimeZone::start_of_day(std::chrono::year_month_day d) const {
    const LocalTime midnight{std::chrono::local_days{d}};
    const TimePoint t = from_local(midnight);
    const LocalTime seen = to_local(t);
    if (seen <= midnight) {
        return t;
    }
    // Midnight was skipped, and from_local landed as far past the jump as
    // midnight was into the gap. The day begins at the jump itself: the first
    // second whose wall time is midnight or later. Transitions fall on whole
    // seconds, so a binary search over seconds finds it.
    const auto starts_day = [&](std::int64_t s) {
        return to_local(TimePoint{std::chrono::seconds{s}}) >= midnight;
    };
    std::int64_t lo = to_seconds(t - (seen - midnight));
    std::int64_t hi = to_seconds(t);
    if (starts_day(lo)) {
        return TimePoint{std::chrono::seconds{lo}};
    }
    while (hi - lo > 1) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        (starts_day(mid) ? hi : lo) = mid;
    }
    return TimePoint{std::chrono::seconds{hi}};
}

std::filesystem::path zoneinfo_dir(const Environment& env) {
    return env.get("TZDIR").value_or(TimeZone::k_system_zoneinfo);
}

}  // namespace fairweather
