// Times and durations as payloads, config files and flags carry them:
// RFC 3339 timestamps, YYYY-MM-DD dates, "1h30m" durations and fixed UTC
// offsets. What parses must format to text that parses back to the same
// value, since fairweather writes these forms for its own readers (the API,
// the store, the config it prints).

#include "core/release/policy.h"
#include "core/util/text.h"
#include "core/util/time.h"
#include "core/util/time_zone.h"
#include "fuzz/fuzz_support.h"

using namespace fairweather;

namespace {

// Whether TimeZone::load reads `name` without the filesystem: UTC, its
// aliases and fixed offsets (the rule of time_zone.cpp, repeated here). Any
// other name is looked up as a file under the zoneinfo directory, which a
// fuzz target must not do with arbitrary bytes.
bool read_without_files(std::string_view name) {
    if (!name.empty() && (name[0] == '+' || name[0] == '-')) {
        return true;
    }
    if (name.size() > 3 && iequals(name.substr(0, 3), "UTC") &&
        (name[3] == '+' || name[3] == '-')) {
        return true;
    }
    for (const std::string_view alias : {"UTC", "Etc/UTC", "Z", "GMT", "Etc/GMT"}) {
        if (iequals(name, alias)) {
            return true;
        }
    }
    return false;
}

// Should the rule above drift from time_zone.cpp's, a name still finds no
// files here.
const char* const k_no_zoneinfo = "/nonexistent/fairweather-fuzz-zoneinfo";

void check_zone(std::string_view name, TimePoint t) {
    if (!read_without_files(name)) {
        return;
    }
    const auto zone = TimeZone::load(name, k_no_zoneinfo);
    if (!zone) {
        return;
    }
    const auto again = TimeZone::load(zone->name(), k_no_zoneinfo);
    fuzz::require(again.has_value(), "a zone's normalised name loads");
    fuzz::require(again->name() == zone->name(), "a zone's normalised name is stable");
    fuzz::require(again->offset_at(t) == zone->offset_at(t),
                  "a zone's normalised name has the same offset");
    fuzz::require(zone->from_local(zone->to_local(t)) == t,
                  "with a fixed offset, local time maps back to the same instant");
    const auto day = zone->local_date(t);
    fuzz::require(zone->start_of_day(day) <= t, "an instant is not before its day begins");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);

    TimePoint when = fuzz::k_now;
    if (const auto t = parse_timestamp(text)) {
        when = *t;
        const std::string formatted = format_timestamp(*t);
        const auto again = parse_timestamp(formatted);
        fuzz::require(again.has_value(), "a formatted timestamp parses");
        fuzz::require(*again == *t, "a formatted timestamp reads back the same instant");
    }

    if (const auto d = parse_date(text)) {
        const auto again = parse_date(format_date(*d));
        fuzz::require(again.has_value() && *again == *d, "a formatted date reads back the same");
        const auto calendar = parse_calendar_date(text);
        fuzz::require(calendar.has_value(), "a date is a calendar date");
        const auto calendar_again = parse_calendar_date(format_date(*calendar));
        fuzz::require(calendar_again.has_value() && *calendar_again == *calendar,
                      "a formatted calendar date reads back the same");
    }

    if (const auto d = parse_duration(text)) {
        fuzz::require(d->count() >= 0, "a parsed duration is not negative");
        const std::string formatted = format_duration(*d);
        const auto again = parse_duration(formatted);
        fuzz::require(again.has_value(), "a formatted duration parses");
        fuzz::require(*again == *d, "a formatted duration reads back the same");
    } else {
        fuzz::require(!d.error().empty(), "a duration error says what is wrong");
    }

    check_zone(text, when);
    return 0;
}
