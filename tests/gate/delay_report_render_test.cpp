// The release-delay report as Markdown, CSV, JSON and HTML.
#include "gate/delay_report_render.h"

#include <string>
#include <string_view>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

using namespace fairweather;
using namespace fairweather::gate;

namespace {

Date day(const char* text) {
    return *parse_calendar_date(text);
}
TimePoint at(const char* text) {
    return *parse_timestamp(text);
}

Version version(const char* text) {
    return parse_version(text, VersionScheme::semver).value();
}

DelayRow row(const char* v, const char* kind, std::optional<Date> scheduled, const char* published,
             const char* published_at) {
    DelayRow r;
    r.release.version = version(v);
    r.release.tag = std::string("v") + v;
    r.release.published_at = at(published_at);
    r.kind = kind;
    r.scheduled = scheduled;
    r.published = day(published);
    if (scheduled) {
        r.delay_days = static_cast<int>(
            (std::chrono::sys_days(r.published) - std::chrono::sys_days(*scheduled)).count());
    }
    return r;
}

GateDecisionRecord decision(const char* when, Decision what, Weather weather, const char* reason) {
    GateDecisionRecord d;
    d.at = at(when);
    d.repo = "owner/repo";
    d.kind = ReleaseKind::regular;
    d.decision = what;
    d.weather = weather;
    d.reason = reason;
    d.requested_by = "octocat";
    return d;
}

// On time, late with two incidents (one unresolved), early, an unscheduled
// patch and a security release; with awkward text throughout.
DelayReport sample() {
    DelayReport report;
    report.repo = "owner/repo";
    report.since = day("2025-01-01");
    report.policy = "semver, monthly on the 20th, Europe/Paris";

    DelayRow on_time =
        row("39.0.0", "regular", day("2025-01-20"), "2025-01-20", "2025-01-20T09:00:00Z");
    on_time.decisions = {decision("2025-01-20T08:59:00Z", Decision::proceed, Weather::fair, "")};

    DelayRow late =
        row("40.0.0", "regular", day("2025-02-20"), "2025-02-23", "2025-02-23T08:30:00Z");
    IncidentSpan a;
    a.id = "inc-a";
    a.name = "Actions | slow\nagain";
    a.impact = "major";
    a.url = "https://www.githubstatus.com/incidents/inc-a";
    a.started = at("2025-02-20T06:00:00Z");
    a.resolved = at("2025-02-20T08:30:00Z");
    a.components = {"Actions", "Pages"};
    IncidentSpan b;
    b.id = "inc-b";
    b.name = "<script>alert(1)</script>";
    b.impact = "minor";
    b.url = "javascript:alert(2)";
    b.started = at("2025-02-22T12:00:00Z");
    b.components = {"Actions"};
    late.incidents = {a, b};
    late.decisions = {
        decision("2025-02-20T10:00:00.250Z", Decision::defer, Weather::degraded,
                 "Actions | degraded,\n\"wait\""),
        decision("2025-02-21T10:00:00Z", Decision::defer, Weather::degraded, "still degraded"),
        decision("2025-02-23T08:00:00Z", Decision::proceed, Weather::fair, ""),
    };

    DelayRow early =
        row("41.0.0", "regular", day("2025-03-20"), "2025-03-19", "2025-03-19T15:00:00Z");

    DelayRow patch = row("41.0.1", "patch", std::nullopt, "2025-03-25", "2025-03-25T10:00:00Z");
    patch.release.tag = "v41.0.1,\"hot\"\nfix";
    patch.release.name = "Fix, \"quick\" & <dirty>";

    DelayRow security =
        row("41.0.2", "security", std::nullopt, "2025-04-02", "2025-04-02T12:00:00Z");
    security.queue_id = "q-7";
    security.time_to_ship = std::chrono::hours(28);
    security.sla_met = true;
    security.decisions = {
        decision("2025-04-02T11:00:00Z", Decision::proceed, Weather::fair, "security")};

    report.rows = {on_time, late, early, patch, security};

    DelaySummary& s = report.summary;
    s.releases = 5;
    s.scheduled = 3;
    s.on_time = 2;
    s.late = 1;
    s.median_delay_days = 0;
    s.p90_delay_days = 3;
    s.late_with_incidents = 1;
    s.delay_days_with_incidents = 3;
    s.delay_days_other = 0;
    s.security = 1;
    s.sla_known = 1;
    s.sla_met = 1;

    report.skipped = {{"v1.x|beta", "not a SemVer version:\n\"1.x\" <bad> & worse", std::nullopt}};
    report.notes = {"2 regular releases | before the anchor,\nno delay"};
    return report;
}

// ~50 releases, every 7th one unscheduled, some with incidents.
DelayReport many(int count) {
    DelayReport report;
    report.repo = "bytecodealliance/wasmtime";
    report.policy = "semver, monthly on the 20th, UTC";
    for (int i = 0; i < count; ++i) {
        const std::string v = std::to_string(10 + i) + ".0.0";
        const bool scheduled = i % 7 != 3;
        DelayRow r;
        r.release.version = version(v.c_str());
        r.release.tag = "v" + v;
        r.kind = scheduled ? "regular" : "patch";
        r.published = Date{std::chrono::sys_days(day("2021-01-01")) + std::chrono::days(30 * i)};
        r.release.published_at = std::chrono::sys_days(r.published);
        if (scheduled) {
            const int delay = (i * 5) % 11 - 3;
            r.delay_days = delay;
            r.scheduled = Date{std::chrono::sys_days(r.published) - std::chrono::days(delay)};
            if (delay > 2) {
                IncidentSpan inc;
                inc.id = "inc" + std::to_string(i);
                inc.name = "Incident with Actions";
                inc.impact = "minor";
                inc.url = "https://www.githubstatus.com/incidents/inc" + std::to_string(i);
                inc.started = r.release.published_at - std::chrono::hours(30);
                inc.resolved = r.release.published_at - std::chrono::hours(26);
                r.incidents = {inc};
            }
        }
        report.rows.push_back(r);
    }
    report.summary.releases = count;
    return report;
}

std::size_t count(std::string_view haystack, std::string_view needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string_view::npos;
         pos = haystack.find(needle, pos + needle.size())) {
        ++n;
    }
    return n;
}

std::string_view svg_of(std::string_view html) {
    const auto begin = html.find("<svg");
    const auto end = html.find("</svg>");
    if (begin == std::string_view::npos || end == std::string_view::npos) {
        return {};
    }
    return html.substr(begin, end - begin);
}

// RFC 4180 records.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            record.push_back(field);
            field.clear();
        } else if (c == '\n') {
            record.push_back(field);
            field.clear();
            records.push_back(record);
            record.clear();
        } else {
            field += c;
        }
    }
    return records;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_render)

BOOST_AUTO_TEST_CASE(given_a_report_it_should_write_json_with_every_field) {
    const std::string json = render_delay_report_json(sample());
    BOOST_TEST(json.ends_with("}\n"));
    BOOST_TEST(json.find("\n  \"repo\": \"owner/repo\"") != std::string::npos, json);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE(parser.parse(json).get(doc) == simdjson::SUCCESS);

    std::string_view s;
    BOOST_TEST((doc["repo"].get(s) == simdjson::SUCCESS && s == "owner/repo"));
    BOOST_TEST((doc["since"].get(s) == simdjson::SUCCESS && s == "2025-01-01"));
    BOOST_TEST(doc["until"].is_null());
    BOOST_TEST((doc["policy"].get(s) == simdjson::SUCCESS &&
                s == "semver, monthly on the 20th, Europe/Paris"));

    simdjson::dom::array releases;
    BOOST_REQUIRE(doc["releases"].get(releases) == simdjson::SUCCESS);
    BOOST_REQUIRE(releases.size() == 5u);

    // The late one.
    const auto late = releases.at(1);
    BOOST_TEST((late["version"].get(s) == simdjson::SUCCESS && s == "40.0.0"));
    BOOST_TEST((late["tag"].get(s) == simdjson::SUCCESS && s == "v40.0.0"));
    BOOST_TEST((late["kind"].get(s) == simdjson::SUCCESS && s == "regular"));
    BOOST_TEST((late["scheduled"].get(s) == simdjson::SUCCESS && s == "2025-02-20"));
    BOOST_TEST((late["published"].get(s) == simdjson::SUCCESS && s == "2025-02-23"));
    std::int64_t n = 0;
    BOOST_TEST((late["delay_days"].get(n) == simdjson::SUCCESS && n == 3));
    simdjson::dom::array ids;
    BOOST_REQUIRE(late["incidents"].get(ids) == simdjson::SUCCESS);
    BOOST_REQUIRE(ids.size() == 2u);
    BOOST_TEST((ids.at(0).get(s) == simdjson::SUCCESS && s == "inc-a"));
    BOOST_TEST((ids.at(1).get(s) == simdjson::SUCCESS && s == "inc-b"));
    simdjson::dom::array details;
    BOOST_REQUIRE(late["incident_details"].get(details) == simdjson::SUCCESS);
    BOOST_REQUIRE(details.size() == 2u);
    const auto a = details.at(0);
    BOOST_TEST((a["id"].get(s) == simdjson::SUCCESS && s == "inc-a"));
    BOOST_TEST((a["name"].get(s) == simdjson::SUCCESS && s == "Actions | slow\nagain"));
    BOOST_TEST((a["impact"].get(s) == simdjson::SUCCESS && s == "major"));
    BOOST_TEST((a["url"].get(s) == simdjson::SUCCESS &&
                s == "https://www.githubstatus.com/incidents/inc-a"));
    BOOST_TEST((a["started"].get(s) == simdjson::SUCCESS && s == "2025-02-20T06:00:00Z"));
    BOOST_TEST((a["resolved"].get(s) == simdjson::SUCCESS && s == "2025-02-20T08:30:00Z"));
    double seconds = 0;
    BOOST_TEST((a["duration_seconds"].get(seconds) == simdjson::SUCCESS && seconds == 9000.0));
    simdjson::dom::array components;
    BOOST_TEST((a["components"].get(components) == simdjson::SUCCESS && components.size() == 2u));
    const auto b = details.at(1);
    BOOST_TEST((b["name"].get(s) == simdjson::SUCCESS && s == "<script>alert(1)</script>"));
    BOOST_TEST(b["resolved"].is_null());
    BOOST_TEST(b["duration_seconds"].is_null());
    simdjson::dom::array decisions;
    BOOST_REQUIRE(late["decisions"].get(decisions) == simdjson::SUCCESS);
    BOOST_REQUIRE(decisions.size() == 3u);
    const auto d = decisions.at(0);
    BOOST_TEST((d["at"].get(s) == simdjson::SUCCESS && s == "2025-02-20T10:00:00.250Z"));
    BOOST_TEST((d["kind"].get(s) == simdjson::SUCCESS && s == "regular"));
    BOOST_TEST((d["decision"].get(s) == simdjson::SUCCESS && s == "defer"));
    BOOST_TEST((d["weather"].get(s) == simdjson::SUCCESS && s == "degraded"));
    BOOST_TEST((d["reason"].get(s) == simdjson::SUCCESS && s == "Actions | degraded,\n\"wait\""));
    BOOST_TEST((d["requested_by"].get(s) == simdjson::SUCCESS && s == "octocat"));
    BOOST_TEST(late["queue_id"].is_null());
    BOOST_TEST(late["time_to_ship_seconds"].is_null());
    BOOST_TEST(late["sla_met"].is_null());

    // The unscheduled patch and the security release.
    const auto patch = releases.at(3);
    BOOST_TEST(patch["scheduled"].is_null());
    BOOST_TEST(patch["delay_days"].is_null());
    BOOST_TEST((patch["tag"].get(s) == simdjson::SUCCESS && s == "v41.0.1,\"hot\"\nfix"));
    const auto security = releases.at(4);
    BOOST_TEST((security["kind"].get(s) == simdjson::SUCCESS && s == "security"));
    BOOST_TEST((security["queue_id"].get(s) == simdjson::SUCCESS && s == "q-7"));
    BOOST_TEST((security["time_to_ship_seconds"].get(seconds) == simdjson::SUCCESS &&
                seconds == 100800.0));
    bool met = false;
    BOOST_TEST((security["sla_met"].get(met) == simdjson::SUCCESS && met));

    simdjson::dom::object summary;
    BOOST_REQUIRE(doc["summary"].get(summary) == simdjson::SUCCESS);
    const std::vector<std::pair<const char*, std::int64_t>> expected = {
        {"releases", 5},
        {"scheduled", 3},
        {"on_time", 2},
        {"late", 1},
        {"median_delay_days", 0},
        {"p90_delay_days", 3},
        {"late_with_incidents", 1},
        {"delay_days_with_incidents", 3},
        {"delay_days_other", 0},
        {"security", 1},
        {"sla_known", 1},
        {"sla_met", 1},
    };
    BOOST_TEST(summary.size() == expected.size());
    for (const auto& [key, value] : expected) {
        BOOST_TEST((summary[key].get(n) == simdjson::SUCCESS && n == value), key);
    }

    simdjson::dom::array skipped;
    BOOST_REQUIRE(doc["skipped"].get(skipped) == simdjson::SUCCESS);
    BOOST_REQUIRE(skipped.size() == 1u);
    BOOST_TEST((skipped.at(0)["tag"].get(s) == simdjson::SUCCESS && s == "v1.x|beta"));
    BOOST_TEST((skipped.at(0)["reason"].get(s) == simdjson::SUCCESS &&
                s == "not a SemVer version:\n\"1.x\" <bad> & worse"));
    simdjson::dom::array notes;
    BOOST_REQUIRE(doc["notes"].get(notes) == simdjson::SUCCESS);
    BOOST_TEST(notes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(given_unset_summary_values_it_should_write_json_nulls) {
    DelayReport report = sample();
    report.summary.median_delay_days.reset();
    report.summary.p90_delay_days.reset();
    const std::string json = render_delay_report_json(report);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE(parser.parse(json).get(doc) == simdjson::SUCCESS);
    BOOST_TEST(doc["summary"]["median_delay_days"].is_null());
    BOOST_TEST(doc["summary"]["p90_delay_days"].is_null());
}

BOOST_AUTO_TEST_CASE(given_a_report_it_should_write_csv_with_rfc4180_quoting) {
    const std::string csv = render_delay_report_csv(sample());
    const std::string header =
        "version,tag,kind,scheduled,published,delay_days,incidents,incident_hours,decisions,"
        "time_to_ship_hours,sla_met,due,branch_policy\n";
    BOOST_TEST(csv.starts_with(header), csv);
    BOOST_TEST(csv.find("\n39.0.0,v39.0.0,regular,2025-01-20,2025-01-20,0,,,"
                        "proceed@2025-01-20T08:59:00Z,,,,\n") != std::string::npos,
               csv);
    // Only the resolved incident counts; decisions to the second.
    BOOST_TEST(csv.find("\n40.0.0,v40.0.0,regular,2025-02-20,2025-02-23,3,inc-a;inc-b,2.5,"
                        "defer@2025-02-20T10:00:00Z;defer@2025-02-21T10:00:00Z;"
                        "proceed@2025-02-23T08:00:00Z,,,,\n") != std::string::npos,
               csv);
    BOOST_TEST(
        csv.find("\n41.0.0,v41.0.0,regular,2025-03-20,2025-03-19,-1,,,,,,,\n") != std::string::npos,
        csv);
    BOOST_TEST(csv.find("\n41.0.1,\"v41.0.1,\"\"hot\"\"\nfix\",patch,,2025-03-25,,,,,,,,\n") !=
                   std::string::npos,
               csv);
    BOOST_TEST(csv.find("\n41.0.2,v41.0.2,security,,2025-04-02,,,,proceed@2025-04-02T11:00:00Z,"
                        "28.0,yes,,\n") != std::string::npos,
               csv);
    BOOST_TEST(csv.ends_with("\n"));

    const auto records = parse_csv(csv);
    BOOST_REQUIRE(records.size() == 6u);  // header + 5 rows
    for (const auto& r : records) {
        BOOST_TEST(r.size() == 13u);
    }
    BOOST_TEST(records[4][1] == "v41.0.1,\"hot\"\nfix");
}

BOOST_AUTO_TEST_CASE(given_a_security_release_that_missed_the_sla_it_should_write_no) {
    DelayReport report = sample();
    report.rows[4].sla_met = false;
    report.rows[4].time_to_ship = std::chrono::minutes(90);
    const std::string csv = render_delay_report_csv(report);
    BOOST_TEST(csv.find(",1.5,no,,\n") != std::string::npos, csv);
}

BOOST_AUTO_TEST_CASE(given_a_report_it_should_write_a_markdown_summary_and_table) {
    const std::string md = render_delay_report_markdown(sample());
    BOOST_TEST(md.starts_with("### Release delays: owner/repo\n\n"
                              "**Period:** from 2025-01-01 · **Policy:** semver, monthly on the "
                              "20th, Europe/Paris\n\n"),
               md);
    BOOST_TEST(md.find("- 5 releases: 2 on time, 1 late, 2 not on the schedule\n"
                       "- Delay: median 0d, p90 +3d\n"
                       "- Delay days: 3 with CI incidents (1 release), 0 other\n"
                       "- Security releases: 1 of 1 within the SLA\n") != std::string::npos,
               md);
    BOOST_TEST(md.find("| Version | Scheduled | Published | Delay | CI incidents | Gate | "
                       "Security |\n") != std::string::npos,
               md);
    // Pipes and newlines escaped; a javascript: URL is no link.
    BOOST_TEST(md.find("\n| 40.0.0 | 2025-02-20 | 2025-02-23 | +3d | "
                       "[inc-a](https://www.githubstatus.com/incidents/inc-a) Actions \\| slow "
                       "again (major, 2h 30m)<br>`inc-b` &lt;script>alert(1)&lt;/script> (minor, "
                       "unresolved) | defer ×2 → proceed |  |\n") != std::string::npos,
               md);
    BOOST_TEST(md.find("\n| 39.0.0 | 2025-01-20 | 2025-01-20 | 0d |  | proceed |  |\n") !=
                   std::string::npos,
               md);
    BOOST_TEST(
        md.find("\n| 41.0.0 | 2025-03-20 | 2025-03-19 | -1d |  |  |  |\n") != std::string::npos,
        md);
    BOOST_TEST(md.find("\n| 41.0.1 | — | 2025-03-25 | — |  |  |  |\n") != std::string::npos, md);
    BOOST_TEST(md.find("\n| 41.0.2 | — | 2025-04-02 | — |  | proceed | shipped in 1d 4h, SLA "
                       "met |\n") != std::string::npos,
               md);
    BOOST_TEST(md.find("javascript:") == std::string::npos, md);
    BOOST_TEST(md.find("\n**Skipped**\n\n- `v1.x\\|beta`: not a SemVer version: \"1.x\" &lt;bad> & "
                       "worse\n") != std::string::npos,
               md);
    BOOST_TEST(md.find("\n**Notes**\n\n- 2 regular releases \\| before the anchor, no delay\n") !=
                   std::string::npos,
               md);
    // Every table line has the 8 unescaped pipes of 7 cells.
    std::size_t table_lines = 0;
    std::size_t pos = 0;
    while ((pos = md.find("\n|", pos)) != std::string::npos) {
        const auto end = md.find('\n', pos + 1);
        const std::string line = md.substr(pos + 1, end - pos - 1);
        std::size_t pipes = 0;
        for (std::size_t i = 0; i < line.size(); ++i) {
            pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\') ? 1 : 0;
        }
        BOOST_TEST(pipes == 8u, line);
        ++table_lines;
        pos = end;
    }
    BOOST_TEST(table_lines == 7u);  // header, separator, 5 rows
}

BOOST_AUTO_TEST_CASE(given_a_report_it_should_write_one_self_contained_html_page) {
    const std::string html = render_delay_report_html(sample());
    BOOST_TEST(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                                "<meta charset=\"utf-8\">\n"),
               html);
    BOOST_TEST(html.find("<title>Release delays: owner/repo</title>") != std::string::npos);
    BOOST_TEST(html.ends_with("</html>\n"));
    BOOST_TEST(count(html, "<svg") == 1u);
    BOOST_TEST(html.find("viewBox=\"0 0 ") != std::string::npos);
    BOOST_TEST(html.find("width=\"100%\"") != std::string::npos);

    // Three charted bars (the patch and the security release are unscheduled).
    const auto svg = svg_of(html);
    BOOST_TEST(count(svg, "<g class=\"bar\">") == 3u);
    BOOST_TEST(count(svg, "<title>") == 3u);
    BOOST_TEST(svg.find("<title>40.0.0: +3 days, incidents: inc-a, inc-b</title>") !=
               std::string_view::npos);
    BOOST_TEST(svg.find("<title>39.0.0: 0 days, incidents: none</title>") !=
               std::string_view::npos);
    BOOST_TEST(svg.find("<title>41.0.0: -1 day, incidents: none</title>") !=
               std::string_view::npos);
    BOOST_TEST(count(svg, "<circle") == 2u);  // the legend's and the late release's marker

    // Everything escaped; no script, however it is smuggled in.
    BOOST_TEST(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    BOOST_TEST(html.find("<script") == std::string::npos);
    BOOST_TEST(html.find("javascript:") == std::string::npos);
    BOOST_TEST(html.find("not a SemVer version:\n&quot;1.x&quot; &lt;bad&gt; &amp; worse") !=
               std::string::npos);
    BOOST_TEST(html.find("Fix, &quot;quick&quot; &amp; &lt;dirty&gt;") != std::string::npos);
    BOOST_TEST(html.find("<a href=\"https://www.githubstatus.com/incidents/inc-a\" "
                         "title=\"Actions | slow\nagain\">inc-a</a>") != std::string::npos);

    // No external resources: the only URLs are incident links.
    for (const std::string_view scheme : {"http://", "https://"}) {
        for (auto pos = html.find(scheme); pos != std::string::npos;
             pos = html.find(scheme, pos + 1)) {
            BOOST_TEST(std::string_view(html).substr(0, pos).ends_with("<a href=\""),
                       html.substr(pos, 60));
        }
    }
    BOOST_TEST(html.find("<link") == std::string::npos);
    BOOST_TEST(html.find("<img") == std::string::npos);
    BOOST_TEST(html.find("@import") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_an_empty_report_it_should_render_every_format) {
    const DelayReport empty;
    const std::string md = render_delay_report_markdown(empty);
    BOOST_TEST(md.starts_with("### Release delays: \n"), md);
    BOOST_TEST(md.find("- 0 releases: 0 on time, 0 late\n") != std::string::npos, md);
    BOOST_TEST(md.find("| Version |") == std::string::npos);

    BOOST_TEST(render_delay_report_csv(empty) ==
               "version,tag,kind,scheduled,published,delay_days,incidents,incident_hours,"
               "decisions,time_to_ship_hours,sla_met,due,branch_policy\n");

    const std::string json = render_delay_report_json(empty);
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE(parser.parse(json).get(doc) == simdjson::SUCCESS);
    simdjson::dom::array releases;
    BOOST_TEST((doc["releases"].get(releases) == simdjson::SUCCESS && releases.size() == 0u));
    BOOST_TEST(doc["since"].is_null());
    BOOST_TEST(doc["summary"]["median_delay_days"].is_null());

    const std::string html = render_delay_report_html(empty);
    BOOST_TEST(html.starts_with("<!DOCTYPE html>"));
    BOOST_TEST(html.ends_with("</html>\n"));
    BOOST_TEST(html.find("<svg") == std::string::npos);
    BOOST_TEST(html.find("No releases in the period.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_only_unscheduled_releases_it_should_render_html_without_a_chart) {
    DelayReport report = sample();
    report.rows = {report.rows[3], report.rows[4]};
    const std::string html = render_delay_report_html(report);
    BOOST_TEST(html.find("<svg") == std::string::npos);
    BOOST_TEST(count(html, "<tr>") == 3u);  // header + 2
}

BOOST_AUTO_TEST_CASE(given_fifty_releases_it_should_chart_every_scheduled_one) {
    const DelayReport report = many(50);
    const std::string html = render_delay_report_html(report);
    const auto svg = svg_of(html);
    BOOST_REQUIRE(!svg.empty());
    const std::size_t unscheduled = 7;  // i % 7 == 3 for i < 50
    BOOST_TEST(count(svg, "<g class=\"bar\">") == 50u - unscheduled);
    BOOST_TEST(count(svg, "<title>") == 50u - unscheduled);
    BOOST_TEST(count(html, "<tr>") == 51u);
    // Labels thinned or rotated, never more than one per bar.
    BOOST_TEST(count(svg, "rotate(-45)") <= 50u - unscheduled);
    BOOST_TEST(count(svg, "<svg") == 1u);

    BOOST_TEST(parse_csv(render_delay_report_csv(report)).size() == 51u);
    BOOST_TEST(count(render_delay_report_markdown(report), "\n| ") == 51u);  // header + 50 rows
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(report_render_conformance)

// The sample with a policy check: 41.0.1 on a branch whose support had
// ended, and one day with two branches patched and a target missed.
DelayReport with_conformance() {
    DelayReport report = sample();
    Conformance c;
    c.patches = 2;
    c.supported = 1;
    c.unsupported = 1;
    c.rounds = 1;
    PatchCheck late;
    late.version = "41.0.1";
    late.branch = "41.0.x";
    late.published = day("2025-03-25");
    late.verdict = PatchCheck::Verdict::unsupported;
    late.why = "support ended 2025-03-22 (2 months), 3 days before";
    late.rules = "until 50.0.0 (<old> process)";
    PatchCheck fine = late;
    fine.version = "41.0.2";
    fine.verdict = PatchCheck::Verdict::supported;
    fine.why = "supported until 2025-05-20 (2 months)";
    fine.rules.clear();
    c.checks = {late, fine};
    RoundCheck round;
    round.day = day("2025-04-02");
    round.patched = {"41.0.x", "40.0.x"};
    round.targets = {"41.0.x", "40.0.x", "36.0.x"};
    round.missing = {"36.0.x"};
    round.notes = {"36.0.x: 36.0.4 came 1 day later"};
    c.round_checks = {round};
    c.staging_required = 3;
    c.staged = 2;
    c.unstaged = {"41.0.1"};
    report.conformance = c;
    return report;
}

BOOST_AUTO_TEST_CASE(given_a_policy_check_every_format_shows_it) {
    const DelayReport report = with_conformance();
    const std::string md = render_delay_report_markdown(report);
    BOOST_TEST(
        md.find(
            "\n#### Policy against practice\n\n- 2 patch releases: 1 on branches the "
            "policy supported that day, 1 on branches it did not\n- 1 day with "
            "several branches patched: 0 matched the backport targets exactly\n- 3 releases needed "
            "a pre-release first (require_prerelease): 2 had one (not: 41.0.1)\n") !=
            std::string::npos,
        md);
    BOOST_TEST(md.find("| 41.0.1 | 2025-03-25 | 41.0.x | unsupported: support ended 2025-03-22 "
                       "(2 months), 3 days before; rules until 50.0.0 (&lt;old> process) |") !=
                   std::string::npos,
               md);
    BOOST_TEST(md.find("| 41.0.2 | 2025-03-25") == std::string::npos, md);  // supported: counted
    BOOST_TEST(md.find("| 2025-04-02 | 41.0.x, 40.0.x | 41.0.x, 40.0.x, 36.0.x | a target not "
                       "patched: 36.0.x<br>36.0.x: 36.0.4 came 1 day later |") != std::string::npos,
               md);

    const std::string html = render_delay_report_html(report);
    BOOST_TEST(html.find("<h2>Policy against practice</h2>") != std::string::npos);
    BOOST_TEST(html.find("(&lt;old&gt; process)") != std::string::npos);
    BOOST_TEST(html.find("<old>") == std::string::npos);

    const std::string csv = render_delay_report_csv(report);
    BOOST_TEST(csv.find(",,,unsupported\n") != std::string::npos, csv);
    BOOST_TEST(csv.find(",28.0,yes,,supported\n") != std::string::npos, csv);

    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    BOOST_REQUIRE(parser.parse(render_delay_report_json(report)).get(doc) == simdjson::SUCCESS);
    const auto c = doc["conformance"];
    BOOST_TEST(c["unsupported"].get_int64().value() == 1);
    BOOST_TEST(c["rounds_matching"].get_int64().value() == 0);
    BOOST_TEST(std::string(c["patch_checks"].at(0)["verdict"].get_string().value()) ==
               "unsupported");
    BOOST_TEST(c["patch_checks"].at(1)["rules"].is_null());
    BOOST_TEST(std::string(c["rounds_checked"].at(0)["missing"].at(0).get_string().value()) ==
               "36.0.x");
    BOOST_TEST(!c["rounds_checked"].at(0)["matches"].get_bool().value());
    // Without a check the field is null (the monitor's reports have none).
    BOOST_REQUIRE(parser.parse(render_delay_report_json(sample())).get(doc) == simdjson::SUCCESS);
    BOOST_TEST(doc["conformance"].is_null());
}

BOOST_AUTO_TEST_SUITE_END()
