#include "core/util/time_zone.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "core/util/text.h"
#include "core/util/tzif.h"

namespace fairweather {
namespace {

using detail::parse_tzif;
using detail::zone_offset_at;
using detail::ZoneData;

constexpr std::string_view k_advice =
    "use an IANA name such as \"Europe/Berlin\" or an offset such as \"+02:00\"";

// The largest TZif file in tzdata is a few kilobytes; anything far bigger is
// not one, and reading it whole would only waste memory.
constexpr std::uintmax_t k_max_file_size = 1 << 20;

std::int64_t to_seconds(TimePoint t) {
    return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
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
