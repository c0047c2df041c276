#include "gate/delay_report_render.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "core/api/decisions_json.h"
#include "core/json/writer.h"
#include "core/util/text.h"
#include "gate/markdown.h"

namespace fairweather::gate {
namespace {

using std::chrono::duration_cast;
using std::chrono::floor;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::time_point_cast;

// ---------------------------------------------------------------------------
// Shared text

// "+3d", "0d", "-1d"
std::string delay_text(int days) {
    return (days > 0 ? "+" : "") + std::to_string(days) + "d";
}

// "+3 days", "+1 day", "0 days", "-2 days"
std::string delay_phrase(int days) {
    return (days > 0 ? "+" : "") + std::to_string(days) + (std::abs(days) == 1 ? " day" : " days");
}

// Rounded to the minute: "2d 4h", "3h 20m", "45m", "0m".
std::string human_duration(Duration d) {
    const bool negative = d.count() < 0;
    const auto total =
        std::llabs(static_cast<long long>(std::llround(static_cast<double>(d.count()) / 60'000.0)));
    const long long days = total / 1440;
    const long long hours = total % 1440 / 60;
    const long long mins = total % 60;
    std::string out = negative && total > 0 ? "-" : "";
    if (days > 0) {
        out += std::to_string(days) + "d";
        if (hours > 0) {
            out += " " + std::to_string(hours) + "h";
        }
    } else if (hours > 0) {
        out += std::to_string(hours) + "h";
        if (mins > 0) {
            out += " " + std::to_string(mins) + "m";
        }
    } else {
        out += std::to_string(mins) + "m";
    }
    return out;
}

// Hours with one decimal: "2.5".
std::string hours_text(Duration d) {
    double hours = static_cast<double>(d.count()) / 3'600'000.0;
    if (std::fabs(hours) < 0.05) {
        hours = 0.0;  // no "-0.0"
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", hours);
    return buf;
}

std::optional<Duration> incident_duration(const IncidentSpan& i) {
    if (!i.resolved) {
        return std::nullopt;
    }
    return *i.resolved - i.started;
}

// The summed durations of the resolved incidents; unset when none is resolved.
std::optional<Duration> resolved_incident_time(const DelayRow& row) {
    std::optional<Duration> sum;
    for (const auto& i : row.incidents) {
        if (const auto d = incident_duration(i)) {
            sum = sum.value_or(Duration{0}) + std::max(*d, Duration{0});
        }
    }
    return sum;
}

// "2020-04-02T20:20:54Z": to the second, whatever the milliseconds.
std::string timestamp_to_second(TimePoint t) {
    return format_timestamp(time_point_cast<Duration>(floor<seconds>(t)));
}

// Only web links become links: a hostile "javascript:" URL stays text.
bool is_web_url(std::string_view url) {
    return url.starts_with("https://") || url.starts_with("http://");
}

std::vector<std::string> incident_ids(const DelayRow& row) {
    std::vector<std::string> ids;
    for (const auto& i : row.incidents) {
        ids.push_back(i.id);
    }
    return ids;
}

std::string period_text(const DelayReport& report) {
    if (report.since && report.until) {
        return format_date(*report.since) + " to " + format_date(*report.until);
    }
    if (report.since) {
        return "from " + format_date(*report.since);
    }
    if (report.until) {
        return "up to " + format_date(*report.until);
    }
    return "all releases";
}

std::vector<GateDecisionRecord> by_time(std::vector<GateDecisionRecord> decisions) {
    std::stable_sort(decisions.begin(), decisions.end(),
                     [](const auto& a, const auto& b) { return a.at < b.at; });
    return decisions;
}

// "defer ×2 → proceed": runs of the same decision, oldest first.
std::string gate_text(const DelayRow& row) {
    std::string out;
    const auto decisions = by_time(row.decisions);
    for (std::size_t i = 0; i < decisions.size();) {
        std::size_t j = i;
        while (j < decisions.size() && decisions[j].decision == decisions[i].decision) {
            ++j;
        }
        if (!out.empty()) {
            out += " → ";
        }
        out += to_string(decisions[i].decision);
        if (j - i > 1) {
            out += " ×" + std::to_string(j - i);
        }
        i = j;
    }
    return out;
}

// One line per decision, for tooltips: "2025-01-20T10:00:00Z defer (degraded): reason".
std::string gate_detail(const DelayRow& row) {
    std::vector<std::string> lines;
    for (const auto& d : by_time(row.decisions)) {
        std::string line = timestamp_to_second(d.at) + " " + std::string(to_string(d.decision)) +
                           " (" + std::string(to_string(d.weather)) + ")";
        if (!d.reason.empty()) {
            line += ": " + d.reason;
        }
        lines.push_back(line);
    }
    return join(lines, "\n");
}

bool has_security_data(const DelayRow& row) {
    return row.kind == "security" || row.time_to_ship || row.sla_met || !row.queue_id.empty();
}

// "shipped in 1d 4h, SLA met"
std::string security_text(const DelayRow& row) {
    if (!has_security_data(row)) {
        return "";
    }
    std::vector<std::string> parts;
    if (row.time_to_ship) {
        parts.push_back("shipped in " + human_duration(*row.time_to_ship));
    }
    if (row.sla_met) {
        parts.push_back(*row.sla_met ? "SLA met" : "SLA missed");
    }
    if (parts.empty()) {
        parts.push_back("no SLA data");
    }
    return join(parts, ", ");
}

// "major, 2h 30m" / "minor, unresolved"
std::string incident_facts(const IncidentSpan& i) {
    std::string out = i.impact;
    if (!out.empty()) {
        out += ", ";
    }
    const auto d = incident_duration(i);
    return out + (d ? human_duration(*d) : std::string("unresolved"));
}

struct SummaryLines {
    std::string releases;
    std::string delay;
    std::string incidents;
    std::string security;
};

SummaryLines summary_lines(const DelaySummary& s) {
    SummaryLines out;
    out.releases = std::to_string(s.releases) + (s.releases == 1 ? " release" : " releases") +
                   ": " + std::to_string(s.on_time) + " on time, " + std::to_string(s.late) +
                   " late";
    if (s.releases > s.scheduled) {
        out.releases += ", " + std::to_string(s.releases - s.scheduled) + " not on the schedule";
    }
    if (s.median_delay_days || s.p90_delay_days) {
        out.delay = "Delay: median " +
                    (s.median_delay_days ? delay_text(*s.median_delay_days) : std::string("—")) +
                    ", p90 " +
                    (s.p90_delay_days ? delay_text(*s.p90_delay_days) : std::string("—"));
    } else {
        out.delay = "Delay: no scheduled releases";
    }
    out.incidents = "Delay days: " + std::to_string(s.delay_days_with_incidents) +
                    " with CI incidents (" + std::to_string(s.late_with_incidents) +
                    (s.late_with_incidents == 1 ? " release" : " releases") + "), " +
                    std::to_string(s.delay_days_other) + " other";
    if (s.security == 0) {
        out.security = "Security releases: none";
    } else {
        out.security = "Security releases: " + std::to_string(s.sla_met) + " of " +
                       std::to_string(s.sla_known) + " within the SLA";
        if (s.security > s.sla_known) {
            out.security += " (" + std::to_string(s.security - s.sla_known) + " of " +
                            std::to_string(s.security) + " with no SLA outcome)";
        }
    }
    return out;
}

// ---------------------------------------------------------------------------
// Markdown

// Table cells and list items: no pipes, newlines or raw tags.
std::string md(std::string_view s) {
    return markdown_text(s);
}

// A link destination: nothing that would end it or the cell.
std::string md_url(std::string_view url) {
    std::string out;
    for (const char c : url) {
        switch (c) {
            case ' ':
                out += "%20";
                break;
            case '(':
                out += "%28";
                break;
            case ')':
                out += "%29";
                break;
            case '|':
                out += "%7C";
                break;
            case '<':
                out += "%3C";
                break;
            case '>':
                out += "%3E";
                break;
            case '\n':
            case '\r':
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string md_code(std::string_view s) {
    std::string plain;
    for (const char c : s) {
        if (c != '`') {
            plain += c;
        }
    }
    return "`" + md(plain) + "`";
}

std::string md_incident(const IncidentSpan& i) {
    std::string out;
    if (is_web_url(i.url)) {
        out = "[" + md(i.id) + "](" + md_url(i.url) + ")";
    } else {
        out = md_code(i.id);
    }
    if (!i.name.empty()) {
        out += " " + md(i.name);
    }
    return out + " (" + md(incident_facts(i)) + ")";
}

std::string md_row(const DelayRow& row) {
    std::vector<std::string> incidents;
    for (const auto& i : row.incidents) {
        incidents.push_back(md_incident(i));
    }
    const std::string delay =
        row.scheduled && row.delay_days ? delay_text(*row.delay_days) : std::string("—");
    return "| " + md(row.release.version.text()) + " | " +
           (row.scheduled ? format_date(*row.scheduled) : std::string("—")) + " | " +
           format_date(row.published) + " | " + delay + " | " + join(incidents, "<br>") + " | " +
           md(gate_text(row)) + " | " + md(security_text(row)) + " |";
}

// ---------------------------------------------------------------------------
// CSV

std::string csv(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(s);
    }
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    return out + "\"";
}

// ---------------------------------------------------------------------------
// HTML

std::string h(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// Coordinates with at most one decimal.
std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", std::fabs(v) < 0.05 ? 0.0 : v);
    std::string s = buf;
    if (s.size() > 2 && s.ends_with(".0")) {
        s.resize(s.size() - 2);
    }
    return s;
}

// At most `max` characters (by code point) with an ellipsis.
std::string shorten(const std::string& s, std::size_t max) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (points == max) {
                return s.substr(0, i) + "…";
            }
            ++points;
        }
    }
    return s;
}

constexpr const char* kLateColour = "#cf3f4f";
constexpr const char* kOnTimeColour = "#3f8f5f";
constexpr const char* kIncidentColour = "#6a3fb5";

constexpr const char* kStyle = R"(
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1f2328; background: #fff; margin: 0; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 32px 0 8px; border-bottom: 1px solid #d8dee4; padding-bottom: 4px; }
.meta { color: #59636e; margin: 0 0 16px; }
ul.summary { margin: 0 0 16px; padding-left: 20px; }
figure { margin: 16px 0 0; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { color: #59636e; font-size: 0.9em; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #3d444d; }
svg .grid { stroke: #e4e8ec; stroke-width: 1; }
svg .zero { stroke: #3d444d; stroke-width: 1.5; }
svg .bar:hover rect { opacity: 0.75; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e4e8ec; vertical-align: top; }
th { background: #f4f6f8; position: sticky; top: 0; }
th.num { text-align: right; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.late { color: #b3263a; font-weight: 600; }
td.early { color: #2d7a4d; }
.muted { color: #818b98; }
.incident { display: block; }
.empty { color: #59636e; font-style: italic; }
a { color: #0969da; }
)";

std::string html_incident(const IncidentSpan& i) {
    std::string out = "<span class=\"incident\">";
    const std::string title = i.name.empty() ? "" : " title=\"" + h(i.name) + "\"";
    if (is_web_url(i.url)) {
        out += "<a href=\"" + h(i.url) + "\"" + title + ">" + h(i.id) + "</a>";
    } else {
        out += "<code" + title + ">" + h(i.id) + "</code>";
    }
    if (!i.name.empty()) {
        out += " " + h(i.name);
    }
    return out + " <span class=\"muted\">(" + h(incident_facts(i)) + ")</span></span>";
}

std::string html_row(const DelayRow& row) {
    std::string out = "<tr>";
    std::string version_title;
    if (!row.release.tag.empty() || !row.release.name.empty()) {
        version_title = " title=\"" + h(row.release.tag) +
                        (row.release.name.empty() || row.release.name == row.release.tag
                             ? std::string()
                             : (row.release.tag.empty() ? "" : ": ") + h(row.release.name)) +
                        "\"";
    }
    out += "<td" + version_title + ">" + h(row.release.version.text()) + "</td>";
    out += "<td class=\"date\">" +
           (row.scheduled ? format_date(*row.scheduled)
                          : std::string("<span class=\"muted\">—</span>")) +
           "</td>";
    out += "<td class=\"date\">" + format_date(row.published) + "</td>";
    if (row.scheduled && row.delay_days) {
        const int d = *row.delay_days;
        out += std::string("<td class=\"num ") +
               (d > 0   ? "late"
                : d < 0 ? "early"
                        : "ontime") +
               "\">" + delay_text(d) + "</td>";
    } else {
        out += "<td class=\"num muted\">—</td>";
    }
    out += "<td>";
    for (const auto& i : row.incidents) {
        out += html_incident(i);
    }
    out += "</td>";
    const std::string detail = gate_detail(row);
    out += "<td" + (detail.empty() ? std::string() : " title=\"" + h(detail) + "\"") + ">" +
           h(gate_text(row)) + "</td>";
    out += "<td" +
           (row.queue_id.empty() ? std::string() : " title=\"queue " + h(row.queue_id) + "\"") +
           ">" + h(security_text(row)) + "</td>";
    return out + "</tr>\n";
}

// A "nice" tick step (1, 2 or 5 times a power of ten) for about `ticks` ticks.
int tick_step(int span, int ticks) {
    const double raw = std::max(1.0, static_cast<double>(span) / ticks);
    int step = 1;
    for (;;) {
        for (const int m : {1, 2, 5}) {
            if (step * m >= raw) {
                return step * m;
            }
        }
        step *= 10;
    }
}

int floor_to(int v, int step) {
    return static_cast<int>(std::floor(static_cast<double>(v) / step)) * step;
}
int ceil_to(int v, int step) {
    return static_cast<int>(std::ceil(static_cast<double>(v) / step)) * step;
}

std::string svg_chart(const DelayReport& report) {
    std::vector<const DelayRow*> rows;
    for (const auto& r : report.rows) {
        if (r.scheduled && r.delay_days) {
            rows.push_back(&r);
        }
    }
    if (rows.empty()) {
        return "";
    }
    int lo = 0;
    int hi = 0;
    std::size_t longest = 1;
    std::vector<std::string> labels;
    for (const auto* r : rows) {
        lo = std::min(lo, *r->delay_days);
        hi = std::max(hi, *r->delay_days);
        labels.push_back(shorten(r->release.version.text(), 14));
    }
    for (const auto& l : labels) {
        std::size_t points = 0;
        for (const char c : l) {
            points += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
        }
        longest = std::max(longest, points);
    }
    if (lo == hi) {
        hi = lo + 1;
    }
    const int step = tick_step(hi - lo, 6);
    lo = floor_to(lo, step);
    hi = ceil_to(hi, step);
    if (hi == 0 && lo < 0) {
        hi = step;  // room for the markers above the zero line
    }

    const std::size_t n = rows.size();
    // Up to 56 units per release, between room for the legend and 1000 units;
    // the page shows it at most at its natural size, so text keeps its size.
    const double width = std::clamp(78.0 + 56.0 * static_cast<double>(n), 600.0, 1000.0);
    const double left = 62;
    const double right = 16;
    const double top = 52;
    const double plot_h = 280;
    const double plot_w = width - left - right;
    const double slot = plot_w / static_cast<double>(n);
    const double bar_w = std::min(36.0, std::max(1.5, slot * 0.7));
    constexpr double char_w = 6.4;  // at font-size 11
    const bool rotate = slot < static_cast<double>(longest) * char_w + 6;
    // Rotated labels need about 15 units each; show every k-th one.
    const std::size_t every =
        rotate ? static_cast<std::size_t>(std::ceil(15.0 / slot)) : static_cast<std::size_t>(1);
    const double label_space = rotate ? static_cast<double>(longest) * char_w * 0.71 + 22 : 26;
    const double bottom = label_space + 22;
    const double height = top + plot_h + bottom;
    const auto y_of = [&](double days) {
        return top + (static_cast<double>(hi) - days) / static_cast<double>(hi - lo) * plot_h;
    };
    const double zero_y = y_of(0);

    std::ostringstream out;
    out << "<svg viewBox=\"0 0 " << num(width) << " " << num(height)
        << "\" width=\"100%\" style=\"max-width: " << num(width)
        << "px\" role=\"img\" aria-label=\"Delay in days per release, " << n
        << (n == 1 ? " release" : " releases") << "\">\n";
    // Legend.
    double lx = left;
    const auto legend_box = [&](const char* colour, const char* text) {
        out << "<rect x=\"" << num(lx) << "\" y=\"12\" width=\"12\" height=\"12\" rx=\"2\" fill=\""
            << colour << "\"/><text x=\"" << num(lx + 17) << "\" y=\"22\" font-size=\"12\">" << text
            << "</text>\n";
        lx += 17 + static_cast<double>(std::string_view(text).size()) * 6.8 + 22;
    };
    legend_box(kLateColour, "late");
    legend_box(kOnTimeColour, "on time or early");
    out << "<circle cx=\"" << num(lx + 6) << "\" cy=\"18\" r=\"4.5\" fill=\"" << kIncidentColour
        << "\"/><text x=\"" << num(lx + 17)
        << "\" y=\"22\" font-size=\"12\">CI incident overlapped the delay</text>\n";

    // Grid and y labels.
    for (int t = lo; t <= hi; t += step) {
        const double y = y_of(t);
        out << "<line class=\"grid\" x1=\"" << num(left) << "\" x2=\"" << num(width - right)
            << "\" y1=\"" << num(y) << "\" y2=\"" << num(y) << "\"/><text x=\"" << num(left - 8)
            << "\" y=\"" << num(y + 4) << "\" font-size=\"11\" text-anchor=\"end\">"
            << h(delay_text(t)) << "</text>\n";
    }
    out << "<text transform=\"translate(14 " << num(top + plot_h / 2)
        << ") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">delay (days)</text>\n";

    // The zero line over the grid.
    out << "<line class=\"zero\" x1=\"" << num(left) << "\" x2=\"" << num(width - right)
        << "\" y1=\"" << num(zero_y) << "\" y2=\"" << num(zero_y) << "\"/>\n";
    // Bars, each with its tooltip.
    for (std::size_t k = 0; k < n; ++k) {
        const DelayRow& r = *rows[k];
        const int d = *r.delay_days;
        const double cx = left + slot * (static_cast<double>(k) + 0.5);
        double y0 = std::min(y_of(d), zero_y);
        double bh = std::fabs(y_of(d) - zero_y);
        if (bh < 3) {  // on the day: a stub, still visible and hoverable
            y0 = zero_y - 1.5;
            bh = 3;
        }
        std::string tip = r.release.version.text() + ": " + delay_phrase(d) + ", incidents: " +
                          (r.incidents.empty() ? std::string("none") : join(incident_ids(r), ", "));
        out << "<g class=\"bar\"><title>" << h(tip) << "</title><rect x=\"" << num(cx - bar_w / 2)
            << "\" y=\"" << num(y0) << "\" width=\"" << num(bar_w) << "\" height=\"" << num(bh)
            << "\" fill=\"" << (d > 0 ? kLateColour : kOnTimeColour) << "\"/>";
        if (!r.incidents.empty()) {
            const double my = std::min(y0, zero_y) - 7;
            out << "<circle cx=\"" << num(cx) << "\" cy=\"" << num(my) << "\" r=\""
                << num(std::min(4.5, std::max(2.5, bar_w / 2))) << "\" fill=\"" << kIncidentColour
                << "\"/>";
        }
        out << "</g>\n";
        if (k % every == 0) {
            const double ly = top + plot_h + 14;
            if (rotate) {
                out << "<text transform=\"translate(" << num(cx + 3) << " " << num(ly)
                    << ") rotate(-45)\" font-size=\"11\" text-anchor=\"end\">" << h(labels[k])
                    << "</text>\n";
            } else {
                out << "<text x=\"" << num(cx) << "\" y=\"" << num(ly)
                    << "\" font-size=\"11\" text-anchor=\"middle\">" << h(labels[k]) << "</text>\n";
            }
        }
    }
    out << "<text x=\"" << num(left + plot_w / 2) << "\" y=\"" << num(height - 6)
        << "\" font-size=\"12\" text-anchor=\"middle\">releases in order of publication"
        << (every > 1 ? " (a label every " + std::to_string(every) + ")" : std::string())
        << "</text>\n";
    out << "</svg>";
    return out.str();
}

}  // namespace

std::string render_delay_report_markdown(const DelayReport& report) {
    std::ostringstream out;
    out << "### Release delays: " << md(report.repo) << "\n\n";
    out << "**Period:** " << period_text(report);
    if (!report.policy.empty()) {
        out << " · **Policy:** " << md(report.policy);
    }
    out << "\n\n";
    const SummaryLines s = summary_lines(report.summary);
    out << "- " << s.releases << "\n- " << s.delay << "\n- " << s.incidents << "\n- " << s.security
        << "\n\n";
    if (report.rows.empty()) {
        out << "_No releases in the period._\n";
    } else {
        out << "| Version | Scheduled | Published | Delay | CI incidents | Gate | Security |\n"
               "|---|---|---|--:|---|---|---|\n";
        for (const auto& row : report.rows) {
            out << md_row(row) << "\n";
        }
    }
    if (!report.skipped.empty()) {
        out << "\n**Skipped**\n\n";
        for (const auto& sk : report.skipped) {
            out << "- " << md_code(sk.tag) << ": " << md(sk.reason) << "\n";
        }
    }
    if (!report.notes.empty()) {
        out << "\n**Notes**\n\n";
        for (const auto& n : report.notes) {
            out << "- " << md(n) << "\n";
        }
    }
    return out.str();
}

std::string render_delay_report_csv(const DelayReport& report) {
    std::string out =
        "version,tag,kind,scheduled,published,delay_days,incidents,incident_hours,decisions,"
        "time_to_ship_hours,sla_met\n";
    for (const auto& row : report.rows) {
        std::vector<std::string> decisions;
        for (const auto& d : row.decisions) {
            decisions.push_back(std::string(to_string(d.decision)) + "@" +
                                timestamp_to_second(d.at));
        }
        const auto hours = resolved_incident_time(row);
        const std::vector<std::string> fields = {
            row.release.version.text(),
            row.release.tag,
            row.kind,
            row.scheduled ? format_date(*row.scheduled) : "",
            format_date(row.published),
            row.delay_days ? std::to_string(*row.delay_days) : "",
            join(incident_ids(row), ";"),
            hours ? hours_text(*hours) : "",
            join(decisions, ";"),
            row.time_to_ship ? hours_text(*row.time_to_ship) : "",
            row.sla_met ? (*row.sla_met ? "yes" : "no") : "",
        };
        for (std::size_t i = 0; i < fields.size(); ++i) {
            out += (i == 0 ? "" : ",") + csv(fields[i]);
        }
        out += "\n";
    }
    return out;
}

std::string render_delay_report_json(const DelayReport& report) {
    JsonWriter w(2);
    const auto optional_date = [&](std::string_view name, const std::optional<Date>& d) {
        w.key(name);
        if (d) {
            w.value(format_date(*d));
        } else {
            w.null();
        }
    };

    w.begin_object();
    w.field("repo", report.repo);
    optional_date("since", report.since);
    optional_date("until", report.until);
    w.field("policy", report.policy);
    w.key("releases").begin_array();
    for (const auto& row : report.rows) {
        w.begin_object();
        w.field("version", row.release.version.text());
        w.field("tag", row.release.tag);
        w.field("name", row.release.name);
        w.field("kind", row.kind);
        w.field("prerelease", row.release.prerelease);
        optional_date("scheduled", row.scheduled);
        w.field("published", format_date(row.published));
        w.field("published_at", format_timestamp(row.release.published_at));
        w.optional_field("delay_days", row.delay_days);
        w.string_array("incidents", incident_ids(row));
        w.key("incident_details").begin_array();
        for (const auto& i : row.incidents) {
            w.begin_object();
            w.field("id", i.id);
            w.field("name", i.name);
            w.field("impact", i.impact);
            w.field("url", i.url);
            w.field("started", format_timestamp(i.started));
            w.time_field("resolved", i.resolved);
            w.seconds_field("duration_seconds", incident_duration(i));
            w.string_array("components", i.components);
            w.end_object();
        }
        w.end_array();
        w.key("decisions").begin_array();
        for (const auto& d : row.decisions) {
            write_decision(w, d);
        }
        w.end_array();
        w.key("queue_id");
        if (row.queue_id.empty()) {
            w.null();
        } else {
            w.value(row.queue_id);
        }
        w.seconds_field("time_to_ship_seconds", row.time_to_ship);
        w.optional_field("sla_met", row.sla_met);
        w.end_object();
    }
    w.end_array();

    const DelaySummary& s = report.summary;
    w.key("summary").begin_object();
    w.field("releases", s.releases);
    w.field("scheduled", s.scheduled);
    w.field("on_time", s.on_time);
    w.field("late", s.late);
    w.optional_field("median_delay_days", s.median_delay_days);
    w.optional_field("p90_delay_days", s.p90_delay_days);
    w.field("late_with_incidents", s.late_with_incidents);
    w.field("delay_days_with_incidents", s.delay_days_with_incidents);
    w.field("delay_days_other", s.delay_days_other);
    w.field("security", s.security);
    w.field("sla_known", s.sla_known);
    w.field("sla_met", s.sla_met);
    w.end_object();

    w.key("skipped").begin_array();
    for (const auto& sk : report.skipped) {
        w.begin_object();
        w.field("tag", sk.tag);
        w.field("reason", sk.reason);
        w.end_object();
    }
    w.end_array();
    w.string_array("notes", report.notes);
    w.end_object();
    return w.str() + "\n";
}

std::string render_delay_report_html(const DelayReport& report) {
    std::ostringstream out;
    const std::string title = "Release delays: " + report.repo;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>"
        << h(title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<main>\n";
    out << "<h1>" << h(title) << "</h1>\n";
    out << "<p class=\"meta\">Period: " << h(period_text(report));
    if (!report.policy.empty()) {
        out << " · Policy: " << h(report.policy);
    }
    out << "</p>\n";
    const SummaryLines s = summary_lines(report.summary);
    out << "<ul class=\"summary\">\n<li>" << h(s.releases) << "</li>\n<li>" << h(s.delay)
        << "</li>\n<li>" << h(s.incidents) << "</li>\n<li>" << h(s.security) << "</li>\n</ul>\n";

    const std::string chart = svg_chart(report);
    if (!chart.empty()) {
        out << "<figure>\n"
            << chart << "\n<figcaption>Delay of each scheduled release against "
            << "its slot; hover a bar for details. Releases not on the schedule are not "
               "charted.</figcaption>\n</figure>\n";
    }

    out << "<h2>Releases</h2>\n";
    if (report.rows.empty()) {
        out << "<p class=\"empty\">No releases in the period.</p>\n";
    } else {
        out << "<table>\n<thead><tr><th>Version</th><th>Scheduled</th><th>Published</th>"
               "<th class=\"num\">Delay</th><th>CI "
               "incidents</th><th>Gate</th><th>Security</th></tr></thead>\n"
               "<tbody>\n";
        for (const auto& row : report.rows) {
            out << html_row(row);
        }
        out << "</tbody>\n</table>\n";
    }
    if (!report.skipped.empty()) {
        out << "<h2>Skipped</h2>\n<ul>\n";
        for (const auto& sk : report.skipped) {
            out << "<li><code>" << h(sk.tag) << "</code>: " << h(sk.reason) << "</li>\n";
        }
        out << "</ul>\n";
    }
    if (!report.notes.empty()) {
        out << "<h2>Notes</h2>\n<ul>\n";
        for (const auto& n : report.notes) {
            out << "<li>" << h(n) << "</li>\n";
        }
        out << "</ul>\n";
    }
    out << "</main>\n</body>\n</html>\n";
    return out.str();
}

}  // namespace fairweather::gate
