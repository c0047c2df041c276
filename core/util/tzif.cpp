#include "core/util/tzif.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace fairweather::detail {
namespace {

constexpr std::size_t k_header_size = 44;

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

}  // namespace

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
        zone->rule = parse_posix_rule(footer);
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

}  // namespace fairweather::detail
