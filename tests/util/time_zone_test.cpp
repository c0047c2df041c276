#include "core/util/time_zone.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace std::chrono_literals;

namespace {

TimePoint utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
    return TimePoint{std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} /
                                           std::chrono::day{d}}} +
           std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss};
}

LocalTime local(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
    return LocalTime{utc(y, m, d, hh, mm, ss).time_since_epoch()};
}

std::chrono::year_month_day ymd(int y, unsigned m, unsigned d) {
    return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

// Wall times print like timestamps without the "Z", so failures read plainly.
std::string wall(LocalTime t) {
    std::string text = format_timestamp(TimePoint{t.time_since_epoch()});
    text.pop_back();
    return text;
}

std::string date_text(std::chrono::year_month_day d) {
    return format_date(TimePoint{std::chrono::sys_days{d}});
}

long long offset_seconds(const TimeZone& zone, TimePoint t) {
    return zone.offset_at(t).count();
}

// The zone, or a failed test saying why it did not load.
TimeZone loaded(const Expected<TimeZone, std::string>& zone, const std::string& what) {
    BOOST_REQUIRE_MESSAGE(zone.has_value(), what << ": " << (zone ? std::string() : zone.error()));
    return *zone;
}

// A zone from the system's tz database, whatever TZDIR the test runner has.
TimeZone system_zone(const std::string& name) {
    return loaded(TimeZone::load(name, "/usr/share/zoneinfo"), name);
}

// The contents of a TZif file, built byte by byte as RFC 8536 lays it out.
struct Tzif {
    char version = '2';
    std::vector<std::int64_t> transitions;
    std::vector<std::uint8_t> types;
    std::vector<std::int32_t> offsets{0};  // one local time type each
    std::string footer;
    bool leap_second = false;  // adds a leap-second record that must be skipped
};

void put_be(std::string& out, std::uint64_t value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out += static_cast<char>((value >> (8 * i)) & 0xff);
    }
}

void put_header(std::string& out, char version, std::size_t leapcnt, std::size_t timecnt,
                std::size_t typecnt) {
    out += "TZif";
    out += version;
    out += std::string(15, '\0');
    // isutcnt and isstdcnt: one indicator per type, to be skipped.
    for (const std::size_t count : {typecnt, typecnt, leapcnt, timecnt, typecnt, std::size_t{4}}) {
        put_be(out, count, 4);
    }
}

void put_block(std::string& out, const Tzif& zone, int time_size) {
    const std::size_t leapcnt = zone.leap_second ? 1 : 0;
    for (const std::int64_t t : zone.transitions) {
        put_be(out, static_cast<std::uint64_t>(t), time_size);
    }
    for (const std::uint8_t type : zone.types) {
        out += static_cast<char>(type);
    }
    for (const std::int32_t offset : zone.offsets) {
        put_be(out, static_cast<std::uint32_t>(offset), 4);
        out += '\0';  // isdst
        out += '\0';  // abbreviation index
    }
    out += std::string("ZZZ", 4);
    if (leapcnt != 0) {
        put_be(out, 78796800, time_size);  // 1972-07-01
        put_be(out, 1, 4);
    }
    out += std::string(2 * zone.offsets.size(), '\0');
}

std::string tzif_bytes(const Tzif& zone) {
    const std::size_t leapcnt = zone.leap_second ? 1 : 0;
    std::string out;
    if (zone.version == '\0') {
        put_header(out, '\0', leapcnt, zone.transitions.size(), zone.offsets.size());
        put_block(out, zone, 4);
        return out;
    }
    // A decoy v1 block nine hours east: a reader that used it would be caught.
    Tzif decoy;
    decoy.offsets = {9 * 3600};
    put_header(out, zone.version, 0, 0, 1);
    put_block(out, decoy, 4);
    put_header(out, zone.version, leapcnt, zone.transitions.size(), zone.offsets.size());
    put_block(out, zone, 8);
    out += '\n' + zone.footer + '\n';
    return out;
}

// A tz database holding one zone "Test/Zone" with the given bytes.
class SyntheticZone {
  public:
    explicit SyntheticZone(const std::string& bytes) {
        std::filesystem::create_directories(m_dir / "Test");
        std::ofstream(m_dir / "Test/Zone", std::ios::binary) << bytes;
    }

    Expected<TimeZone, std::string> load() const {
        return TimeZone::load("Test/Zone", m_dir.path());
    }
    std::string path() const { return (m_dir / "Test/Zone").string(); }

  private:
    testing::TempDir m_dir;
};

TimeZone footer_zone(const std::string& footer) {
    Tzif tzif;
    tzif.footer = footer;
    const SyntheticZone file{tzif_bytes(tzif)};
    return loaded(file.load(), footer);
}

// Checks that `zone` changes from `before` to `after` seconds exactly at `at`.
void check_switch(const TimeZone& zone, TimePoint at, long long before, long long after) {
    BOOST_TEST(offset_seconds(zone, at - 1ms) == before, format_timestamp(at));
    BOOST_TEST(offset_seconds(zone, at) == after, format_timestamp(at));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(time_zone_names)

BOOST_AUTO_TEST_CASE(given_the_default_it_should_be_utc) {
    const TimeZone zone;
    BOOST_TEST(zone.name() == "UTC");
    BOOST_TEST(offset_seconds(zone, utc(2026, 7, 1)) == 0);
    BOOST_TEST(wall(zone.to_local(utc(2026, 7, 1, 12, 34, 56))) == "2026-07-01T12:34:56");
}

BOOST_AUTO_TEST_CASE(given_utc_aliases_it_should_load_utc) {
    for (const char* name : {"UTC", "utc", "Etc/UTC", "etc/utc", "Z", "z", "GMT", "Etc/GMT"}) {
        const TimeZone zone = loaded(TimeZone::load(name), name);
        BOOST_TEST(zone.name() == "UTC", name);
        BOOST_TEST(offset_seconds(zone, utc(2026, 1, 1)) == 0, name);
        BOOST_TEST(format_timestamp(zone.from_local(local(2026, 3, 8, 2, 30))) ==
                   "2026-03-08T02:30:00Z");
    }
}

BOOST_AUTO_TEST_CASE(given_fixed_offsets_it_should_normalise_their_names) {
    const struct {
        const char* text;
        const char* name;
        long long seconds;
    } cases[] = {
        {"+05:30", "+05:30", 19'800},   {"-07:00", "-07:00", -25'200},
        {"+0200", "+02:00", 7'200},     {"+02", "+02:00", 7'200},
        {"UTC+2", "+02:00", 7'200},     {"UTC-03:30", "-03:30", -12'600},
        {"utc+5:45", "+05:45", 20'700}, {"+18:00", "+18:00", 64'800},
        {"-18:00", "-18:00", -64'800},  {"-00:00", "+00:00", 0},
    };
    for (const auto& c : cases) {
        const TimeZone zone = loaded(TimeZone::load(c.text), c.text);
        BOOST_TEST(zone.name() == c.name, c.text);
        BOOST_TEST(offset_seconds(zone, utc(2026, 7, 1)) == c.seconds, c.text);
    }
}

BOOST_AUTO_TEST_CASE(given_a_fixed_offset_it_should_convert_both_ways) {
    const TimeZone zone = loaded(TimeZone::load("+05:30"), "+05:30");
    BOOST_TEST(wall(zone.to_local(utc(2026, 11, 20, 20, 0))) == "2026-11-21T01:30:00");
    BOOST_TEST(format_timestamp(zone.from_local(local(2026, 11, 21, 1, 30))) ==
               "2026-11-20T20:00:00Z");
    BOOST_TEST(date_text(zone.local_date(utc(2026, 11, 20, 18, 30))) == "2026-11-21");
    BOOST_TEST(date_text(zone.local_date(utc(2026, 11, 20, 18, 29, 59))) == "2026-11-20");
    BOOST_TEST(format_timestamp(zone.start_of_day(ymd(2026, 11, 21))) == "2026-11-20T18:30:00Z");
}

BOOST_AUTO_TEST_CASE(given_bad_offsets_it_should_say_how_to_write_one) {
    for (const char* text :
         {"+5:3", "+123", "+02:60", "UTC+", "+", "-", "+02:00:00", "++02", "+2x", "+12345"}) {
        const auto zone = TimeZone::load(text);
        BOOST_REQUIRE_MESSAGE(!zone.has_value(), text);
        BOOST_TEST(zone.error().find("invalid UTC offset") != std::string::npos, zone.error());
        BOOST_TEST(zone.error().find("\"+05:30\"") != std::string::npos, zone.error());
    }
    for (const char* text : {"+19:00", "-18:01", "UTC+19", "+2400"}) {
        const auto zone = TimeZone::load(text);
        BOOST_REQUIRE_MESSAGE(!zone.has_value(), text);
        BOOST_TEST(zone.error().find("out of range") != std::string::npos, zone.error());
    }
}

BOOST_AUTO_TEST_CASE(given_names_that_are_not_zone_names_it_should_refuse) {
    for (const char* text : {"../etc/passwd", "/etc/localtime", "Europe/../../etc/passwd",
                             "Europe/Berlin;rm", "Europe Berlin", "Europe/Berlin\n"}) {
        const auto zone = TimeZone::load(text);
        BOOST_REQUIRE_MESSAGE(!zone.has_value(), text);
        BOOST_TEST(zone.error().find("is not a time zone name") != std::string::npos, zone.error());
        BOOST_TEST(zone.error().find("\"Europe/Berlin\"") != std::string::npos, zone.error());
    }
    const auto empty = TimeZone::load("");
    BOOST_REQUIRE(!empty.has_value());
    BOOST_TEST(empty.error().find("empty") != std::string::npos, empty.error());
}

BOOST_AUTO_TEST_CASE(given_an_unknown_zone_it_should_say_where_it_looked) {
    const auto zone = TimeZone::load("Europe/Atlantis");
    BOOST_REQUIRE(!zone.has_value());
    BOOST_TEST(zone.error() ==
               "unknown time zone \"Europe/Atlantis\": no /usr/share/zoneinfo/Europe/Atlantis; "
               "use an IANA name such as \"Europe/Berlin\" or an offset such as \"+02:00\"");
}

BOOST_AUTO_TEST_CASE(given_tzdir_in_the_environment_it_should_read_zones_from_there) {
    BOOST_TEST(zoneinfo_dir(Environment{}) == std::filesystem::path("/usr/share/zoneinfo"));
    Environment env;
    env.set("TZDIR", "/opt/tz");
    BOOST_TEST(zoneinfo_dir(env) == std::filesystem::path("/opt/tz"));
    const auto zone = TimeZone::load("Europe/Atlantis", zoneinfo_dir(env));
    BOOST_REQUIRE(!zone.has_value());
    BOOST_TEST(zone.error().find("no /opt/tz/Europe/Atlantis") != std::string::npos, zone.error());
}

BOOST_AUTO_TEST_CASE(given_a_directory_of_zones_it_should_refuse) {
    const testing::TempDir dir;
    std::filesystem::create_directories(dir / "America");
    const auto zone = TimeZone::load("America", dir.path());
    BOOST_REQUIRE(!zone.has_value());
    BOOST_TEST(zone.error().find("is a directory") != std::string::npos, zone.error());
}

BOOST_AUTO_TEST_CASE(given_a_file_that_is_not_tzif_it_should_name_it) {
    const SyntheticZone file{"# not a zone\nEurope/Berlin\n"};
    const auto zone = file.load();
    BOOST_REQUIRE(!zone.has_value());
    BOOST_TEST(zone.error().find(file.path()) != std::string::npos, zone.error());
    BOOST_TEST(zone.error().find("not a compiled time zone (TZif) file") != std::string::npos,
               zone.error());
}

BOOST_AUTO_TEST_CASE(given_a_truncated_tzif_file_it_should_refuse) {
    Tzif tzif;
    tzif.transitions = {946'684'800};
    tzif.types = {0};
    tzif.footer = "EST5EDT,M3.2.0,M11.1.0";
    const std::string bytes = tzif_bytes(tzif);
    for (const std::size_t keep : {std::size_t{10}, std::size_t{60}, bytes.size() - 40}) {
        const SyntheticZone file{bytes.substr(0, keep)};
        const auto zone = file.load();
        BOOST_REQUIRE_MESSAGE(!zone.has_value(), keep);
        BOOST_TEST(zone.error().find(file.path()) != std::string::npos, zone.error());
    }
}

BOOST_AUTO_TEST_CASE(given_a_copy_it_should_share_the_zone) {
    const TimeZone berlin = system_zone("Europe/Berlin");
    const TimeZone copy = berlin;  // NOLINT(performance-unnecessary-copy-initialization)
    BOOST_TEST(copy.name() == "Europe/Berlin");
    BOOST_TEST(offset_seconds(copy, utc(2026, 7, 1)) == 7'200);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(iana_zones)

BOOST_AUTO_TEST_CASE(given_los_angeles_in_2026_it_should_switch_at_the_transitions) {
    const TimeZone la = system_zone("America/Los_Angeles");
    BOOST_TEST(offset_seconds(la, utc(2026, 1, 15, 12)) == -8 * 3600);
    BOOST_TEST(offset_seconds(la, utc(2026, 7, 1, 12)) == -7 * 3600);
    check_switch(la, utc(2026, 3, 8, 10), -8 * 3600, -7 * 3600);
    check_switch(la, utc(2026, 11, 1, 9), -7 * 3600, -8 * 3600);
    BOOST_TEST(wall(la.to_local(utc(2026, 3, 8, 9, 59, 59))) == "2026-03-08T01:59:59");
    BOOST_TEST(wall(la.to_local(utc(2026, 3, 8, 10))) == "2026-03-08T03:00:00");
}

BOOST_AUTO_TEST_CASE(given_wall_times_in_a_gap_it_should_read_them_with_the_earlier_offset) {
    const TimeZone la = system_zone("America/Los_Angeles");
    const TimePoint t = la.from_local(local(2026, 3, 8, 2, 30));
    BOOST_TEST(format_timestamp(t) == "2026-03-08T10:30:00Z");
    BOOST_TEST(wall(la.to_local(t)) == "2026-03-08T03:30:00");
    BOOST_TEST(format_timestamp(la.from_local(local(2026, 3, 8, 1, 59, 59))) ==
               "2026-03-08T09:59:59Z");
    BOOST_TEST(format_timestamp(la.from_local(local(2026, 3, 8, 3))) == "2026-03-08T10:00:00Z");
}

BOOST_AUTO_TEST_CASE(given_wall_times_in_an_overlap_it_should_pick_the_earlier_instant) {
    const TimeZone la = system_zone("America/Los_Angeles");
    BOOST_TEST(format_timestamp(la.from_local(local(2026, 11, 1, 1, 30))) ==
               "2026-11-01T08:30:00Z");
    BOOST_TEST(wall(la.to_local(utc(2026, 11, 1, 8, 30))) == "2026-11-01T01:30:00");
    BOOST_TEST(wall(la.to_local(utc(2026, 11, 1, 9, 30))) == "2026-11-01T01:30:00");
    BOOST_TEST(format_timestamp(la.from_local(local(2026, 11, 1, 0, 59))) ==
               "2026-11-01T07:59:00Z");
    BOOST_TEST(format_timestamp(la.from_local(local(2026, 11, 1, 2))) == "2026-11-01T10:00:00Z");
}

BOOST_AUTO_TEST_CASE(given_berlin_it_should_follow_the_last_sunday_rules) {
    const TimeZone berlin = system_zone("Europe/Berlin");
    BOOST_TEST(offset_seconds(berlin, utc(2026, 1, 15)) == 3'600);
    BOOST_TEST(offset_seconds(berlin, utc(2026, 7, 1)) == 7'200);
    check_switch(berlin, utc(2026, 3, 29, 1), 3'600, 7'200);
    check_switch(berlin, utc(2026, 10, 25, 1), 7'200, 3'600);
    BOOST_TEST(format_timestamp(berlin.from_local(local(2026, 3, 29, 2, 30))) ==
               "2026-03-29T01:30:00Z");
    BOOST_TEST(format_timestamp(berlin.from_local(local(2026, 10, 25, 2, 30))) ==
               "2026-10-25T00:30:00Z");
}

BOOST_AUTO_TEST_CASE(given_kolkata_it_should_be_five_and_a_half_hours_ahead_all_year) {
    const TimeZone kolkata = system_zone("Asia/Kolkata");
    for (const TimePoint t : {utc(2026, 1, 15), utc(2026, 3, 29, 1), utc(2026, 7, 1)}) {
        BOOST_TEST(offset_seconds(kolkata, t) == 19'800, format_timestamp(t));
    }
    BOOST_TEST(format_timestamp(kolkata.from_local(local(2026, 7, 1, 9))) ==
               "2026-07-01T03:30:00Z");
}

BOOST_AUTO_TEST_CASE(given_sydney_it_should_keep_summer_time_across_the_year_end) {
    const TimeZone sydney = system_zone("Australia/Sydney");
    check_switch(sydney, utc(2026, 4, 4, 16), 11 * 3600, 10 * 3600);
    check_switch(sydney, utc(2026, 10, 3, 16), 10 * 3600, 11 * 3600);
    BOOST_TEST(offset_seconds(sydney, utc(2026, 7, 1)) == 10 * 3600);
    BOOST_TEST(offset_seconds(sydney, utc(2026, 12, 31, 14)) == 11 * 3600);
    BOOST_TEST(offset_seconds(sydney, utc(2027, 1, 15)) == 11 * 3600);
    BOOST_TEST(date_text(sydney.local_date(utc(2026, 12, 31, 13))) == "2027-01-01");
    BOOST_TEST(date_text(sydney.local_date(utc(2026, 12, 31, 12, 59, 59))) == "2026-12-31");
}

BOOST_AUTO_TEST_CASE(given_a_date_after_2037_it_should_apply_the_footer_rule) {
    const TimeZone la = system_zone("America/Los_Angeles");
    BOOST_TEST(offset_seconds(la, utc(2060, 7, 1)) == -7 * 3600);
    BOOST_TEST(offset_seconds(la, utc(2060, 1, 15)) == -8 * 3600);
    check_switch(la, utc(2060, 3, 14, 10), -8 * 3600, -7 * 3600);
    check_switch(la, utc(2060, 11, 7, 9), -7 * 3600, -8 * 3600);
    BOOST_TEST(format_timestamp(la.from_local(local(2060, 3, 14, 2, 30))) ==
               "2060-03-14T10:30:00Z");
    BOOST_TEST(format_timestamp(la.from_local(local(2060, 11, 7, 1, 30))) ==
               "2060-11-07T08:30:00Z");

    const TimeZone berlin = system_zone("Europe/Berlin");
    BOOST_TEST(offset_seconds(berlin, utc(2060, 7, 1)) == 7'200);
    check_switch(berlin, utc(2060, 3, 28, 1), 3'600, 7'200);
    check_switch(berlin, utc(2060, 10, 31, 1), 7'200, 3'600);
}

BOOST_AUTO_TEST_CASE(given_a_date_before_the_first_transition_it_should_use_the_first_type) {
    const TimeZone la = system_zone("America/Los_Angeles");
    // Local mean time, -7:52:58, until railway time came in 1883.
    BOOST_TEST(offset_seconds(la, utc(1850, 1, 1)) == -28'378);
    check_switch(la, utc(1883, 11, 18, 20), -28'378, -8 * 3600);
}

BOOST_AUTO_TEST_CASE(given_tehran_it_should_stay_three_and_a_half_hours_ahead) {
    // Iran dropped DST in 2022; its footer is "<+0330>-3:30".
    const TimeZone tehran = system_zone("Asia/Tehran");
    for (const TimePoint t : {utc(2026, 1, 15), utc(2026, 7, 1), utc(2060, 7, 1)}) {
        BOOST_TEST(offset_seconds(tehran, t) == 12'600, format_timestamp(t));
    }
}

BOOST_AUTO_TEST_CASE(given_an_instant_near_midnight_it_should_give_each_zone_its_own_date) {
    const TimePoint t = utc(2026, 11, 20, 23, 30);
    BOOST_TEST(date_text(system_zone("Europe/Berlin").local_date(t)) == "2026-11-21");
    BOOST_TEST(date_text(system_zone("America/Los_Angeles").local_date(t)) == "2026-11-20");
    BOOST_TEST(date_text(system_zone("Asia/Kolkata").local_date(t)) == "2026-11-21");
    BOOST_TEST(date_text(TimeZone{}.local_date(t)) == "2026-11-20");

    const TimeZone la = system_zone("America/Los_Angeles");
    BOOST_TEST(date_text(la.local_date(utc(2026, 11, 21, 7, 59, 59))) == "2026-11-20");
    BOOST_TEST(date_text(la.local_date(utc(2026, 11, 21, 8))) == "2026-11-21");
}

BOOST_AUTO_TEST_CASE(given_a_dst_change_day_in_berlin_start_of_day_should_be_local_midnight) {
    const TimeZone berlin = system_zone("Europe/Berlin");
    BOOST_TEST(format_timestamp(berlin.start_of_day(ymd(2026, 3, 29))) == "2026-03-28T23:00:00Z");
    BOOST_TEST(format_timestamp(berlin.start_of_day(ymd(2026, 3, 30))) == "2026-03-29T22:00:00Z");
    BOOST_TEST(format_timestamp(berlin.start_of_day(ymd(2026, 10, 25))) == "2026-10-24T22:00:00Z");
    BOOST_TEST(format_timestamp(berlin.start_of_day(ymd(2026, 10, 26))) == "2026-10-25T23:00:00Z");
}

BOOST_AUTO_TEST_CASE(given_midnight_in_a_gap_start_of_day_should_be_the_first_instant) {
    // Both spring forward from 00:00 to 01:00.
    const TimeZone sao_paulo = system_zone("America/Sao_Paulo");
    BOOST_TEST(format_timestamp(sao_paulo.start_of_day(ymd(2018, 11, 4))) ==
               "2018-11-04T03:00:00Z");
    const TimeZone beirut = system_zone("Asia/Beirut");
    BOOST_TEST(format_timestamp(beirut.start_of_day(ymd(2026, 3, 29))) == "2026-03-28T22:00:00Z");
    BOOST_TEST(wall(beirut.to_local(beirut.start_of_day(ymd(2026, 3, 29)))) ==
               "2026-03-29T01:00:00");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(synthetic_tzif)

BOOST_AUTO_TEST_CASE(given_only_a_us_style_footer_it_should_switch_on_the_sundays) {
    const TimeZone zone = footer_zone("EST5EDT,M3.2.0,M11.1.0");
    BOOST_TEST(offset_seconds(zone, utc(2026, 1, 15)) == -5 * 3600);
    BOOST_TEST(offset_seconds(zone, utc(2026, 7, 1)) == -4 * 3600);
    check_switch(zone, utc(2026, 3, 8, 7), -5 * 3600, -4 * 3600);
    check_switch(zone, utc(2026, 11, 1, 6), -4 * 3600, -5 * 3600);
    BOOST_TEST(format_timestamp(zone.from_local(local(2026, 3, 8, 2, 30))) ==
               "2026-03-08T07:30:00Z");
}

BOOST_AUTO_TEST_CASE(given_a_quoted_footer_without_dst_it_should_apply_its_offset) {
    const TimeZone tehran_like = footer_zone("<+0330>-3:30");
    BOOST_TEST(offset_seconds(tehran_like, utc(2026, 7, 1)) == 12'600);
    BOOST_TEST(offset_seconds(tehran_like, utc(1970, 1, 1)) == 12'600);
    const TimeZone minus_three = footer_zone("<-03>3");
    BOOST_TEST(offset_seconds(minus_three, utc(2026, 7, 1)) == -10'800);
}

BOOST_AUTO_TEST_CASE(given_julian_day_rules_it_should_count_february_29_only_for_plain_days) {
    // "59" is zero-based and counts February 29; "J300" never counts it.
    const TimeZone zone = footer_zone("<+00>0<+01>,59/0,J300/0");
    check_switch(zone, utc(2026, 3, 1), 0, 3'600);
    check_switch(zone, utc(2028, 2, 29), 0, 3'600);
    check_switch(zone, utc(2026, 10, 26, 23), 3'600, 0);
    check_switch(zone, utc(2028, 10, 26, 23), 3'600, 0);
}

BOOST_AUTO_TEST_CASE(given_rule_times_past_a_day_or_negative_it_should_shift_the_instant) {
    // Israel: the Friday before the last Sunday in March, written as Thursday 26:00.
    const TimeZone israel = footer_zone("IST-2IDT,M3.4.4/26,M10.5.0");
    check_switch(israel, utc(2026, 3, 27), 7'200, 10'800);
    check_switch(israel, utc(2026, 10, 24, 23), 10'800, 7'200);
    // Greenland: EU instants written in its own local time.
    const TimeZone nuuk = footer_zone("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
    check_switch(nuuk, utc(2026, 3, 29, 1), -7'200, -3'600);
    check_switch(nuuk, utc(2026, 10, 25, 1), -3'600, -7'200);
}

BOOST_AUTO_TEST_CASE(given_a_southern_footer_it_should_wrap_around_the_year) {
    const TimeZone zone = footer_zone("AEST-10AEDT,M10.1.0,M4.1.0/3");
    check_switch(zone, utc(2026, 4, 4, 16), 11 * 3600, 10 * 3600);
    check_switch(zone, utc(2026, 10, 3, 16), 10 * 3600, 11 * 3600);
    BOOST_TEST(offset_seconds(zone, utc(2026, 12, 31, 23)) == 11 * 3600);
    BOOST_TEST(offset_seconds(zone, utc(2027, 1, 1, 1)) == 11 * 3600);
}

BOOST_AUTO_TEST_CASE(given_a_footer_that_is_not_a_tz_rule_it_should_refuse) {
    for (const char* footer : {"EST5EDT,M13.1.0,M11.1.0", "E5", "EST", "EST5EDT,M3.2.0",
                               "EST5EDT,M3.2.0,M11.1.0/200", "<+03-3", "EST5EDT,J0,J300"}) {
        Tzif tzif;
        tzif.footer = footer;
        const SyntheticZone file{tzif_bytes(tzif)};
        const auto zone = file.load();
        BOOST_REQUIRE_MESSAGE(!zone.has_value(), footer);
        BOOST_TEST(zone.error().find(std::string("footer \"") + footer) != std::string::npos,
                   zone.error());
    }
}

BOOST_AUTO_TEST_CASE(given_transitions_then_a_footer_it_should_use_the_footer_after_the_last) {
    Tzif tzif;
    tzif.offsets = {0, 3'600, 7'200};
    tzif.transitions = {631'152'000, 946'684'800};  // 1990-01-01, 2000-01-01
    tzif.types = {1, 2};
    tzif.footer = "<+03>-3";  // differs from the last type, to show which one answers
    tzif.leap_second = true;
    const SyntheticZone file{tzif_bytes(tzif)};
    const auto zone = loaded(file.load(), "Test/Zone");
    BOOST_TEST(offset_seconds(zone, utc(1980, 1, 1)) == 0);
    check_switch(zone, utc(1990, 1, 1), 0, 3'600);
    BOOST_TEST(offset_seconds(zone, utc(2000, 1, 1)) == 7'200);
    BOOST_TEST(offset_seconds(zone, utc(2000, 1, 1, 0, 0, 1)) == 10'800);
}

BOOST_AUTO_TEST_CASE(given_a_version_1_file_it_should_read_the_32_bit_block) {
    Tzif tzif;
    tzif.version = '\0';
    tzif.offsets = {-3'600, 3'600};
    tzif.transitions = {-86'400, 946'684'800};
    tzif.types = {1, 0};
    tzif.leap_second = true;
    const SyntheticZone file{tzif_bytes(tzif)};
    const auto zone = loaded(file.load(), "Test/Zone");
    BOOST_TEST(offset_seconds(zone, utc(1960, 1, 1)) == -3'600);
    check_switch(zone, utc(1969, 12, 31), -3'600, 3'600);
    check_switch(zone, utc(2000, 1, 1), 3'600, -3'600);
    BOOST_TEST(offset_seconds(zone, utc(2060, 1, 1)) == -3'600);
}

BOOST_AUTO_TEST_CASE(given_midnight_deep_in_a_gap_start_of_day_should_be_the_jump) {
    // Clocks jump from 23:30 to 00:30, so the day begins at 00:30.
    Tzif tzif;
    tzif.offsets = {0, 3'600};
    tzif.transitions = {1'893'540'600};  // 2030-01-01T23:30Z
    tzif.types = {1};
    tzif.footer = "<+01>-1";
    const SyntheticZone file{tzif_bytes(tzif)};
    const auto zone = loaded(file.load(), "Test/Zone");
    BOOST_TEST(format_timestamp(zone.start_of_day(ymd(2030, 1, 2))) == "2030-01-01T23:30:00Z");
    BOOST_TEST(wall(zone.to_local(zone.start_of_day(ymd(2030, 1, 2)))) == "2030-01-02T00:30:00");
    BOOST_TEST(format_timestamp(zone.from_local(local(2030, 1, 2))) == "2030-01-02T00:00:00Z");
    BOOST_TEST(format_timestamp(zone.start_of_day(ymd(2030, 1, 1))) == "2030-01-01T00:00:00Z");
}

BOOST_AUTO_TEST_SUITE_END()
