// The release-delay report as a self-contained HTML page: its own style, the
// chart of delay per release, and a table of the releases.

#include <sstream>

#include "core/util/text.h"
#include "gate/delay_report_chart.h"
#include "gate/delay_report_render.h"
#include "gate/delay_report_text.h"

namespace fairweather::gate {
namespace {

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
    const std::string title = i.name.empty() ? "" : " title=\"" + html_text(i.name) + "\"";
    if (is_web_url(i.url)) {
        out += "<a href=\"" + html_text(i.url) + "\"" + title + ">" + html_text(i.id) + "</a>";
    } else {
        out += "<code" + title + ">" + html_text(i.id) + "</code>";
    }
    if (!i.name.empty()) {
        out += " " + html_text(i.name);
    }
    return out + " <span class=\"muted\">(" + html_text(incident_facts(i)) + ")</span></span>";
}

std::string html_row(const DelayRow& row) {
    std::string out = "<tr>";
    std::string version_title;
    if (!row.release.tag.empty() || !row.release.name.empty()) {
        version_title =
            " title=\"" + html_text(row.release.tag) +
            (row.release.name.empty() || row.release.name == row.release.tag
                 ? std::string()
                 : (row.release.tag.empty() ? "" : ": ") + html_text(row.release.name)) +
            "\"";
    }
    out += "<td" + version_title + ">" + html_text(row.release.version.text()) + "</td>";
    out += "<td class=\"date\">" +
           (row.scheduled ? html_text(scheduled_text(row))
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
    out += "<td" + (detail.empty() ? std::string() : " title=\"" + html_text(detail) + "\"") + ">" +
           html_text(gate_text(row)) + "</td>";
    out += "<td" +
           (row.queue_id.empty() ? std::string()
                                 : " title=\"queue " + html_text(row.queue_id) + "\"") +
           ">" + html_text(security_text(row)) + "</td>";
    return out + "</tr>\n";
}

// The policy against practice: counts, patch releases on branches the policy
// did not support, and every day several branches were patched.
void html_conformance(std::ostringstream& out, const Conformance& c) {
    const ConformanceLines lines = conformance_lines(c);
    out << "<h2>Policy against practice</h2>\n<ul class=\"summary\">\n<li>"
        << html_text(lines.patches) << "</li>\n<li>" << html_text(lines.rounds) << "</li>\n";
    if (!lines.staging.empty()) {
        out << "<li>" << html_text(lines.staging) << "</li>\n";
    }
    out << "</ul>\n";
    bool header = false;
    for (const auto& check : c.checks) {
        if (check.verdict == PatchCheck::Verdict::supported) {
            continue;
        }
        if (!header) {
            out << "<table>\n<thead><tr><th>Patch release</th><th>Published</th><th>Branch</th>"
                   "<th>Why</th></tr></thead>\n<tbody>\n";
            header = true;
        }
        out << "<tr><td>" << html_text(check.version) << "</td><td class=\"date\">"
            << format_date(check.published) << "</td><td>" << html_text(check.branch) << "</td><td>"
            << html_text(patch_check_text(check)) << "</td></tr>\n";
    }
    if (header) {
        out << "</tbody>\n</table>\n";
    }
    if (!c.round_checks.empty()) {
        out << "<table>\n<thead><tr><th>Day</th><th>Patched</th><th>Policy's backport "
               "targets</th><th>Differences</th></tr></thead>\n<tbody>\n";
        for (const auto& r : c.round_checks) {
            out << "<tr><td class=\"date\">" << format_date(r.day) << "</td><td>"
                << html_text(join(r.patched, ", ")) << "</td><td>"
                << html_text(join(r.targets, ", ")) << "</td><td>"
                << html_text(round_differences(r));
            for (const auto& note : r.notes) {
                out << "<br>" << html_text(note);
            }
            out << "</td></tr>\n";
        }
        out << "</tbody>\n</table>\n";
    }
    for (const auto& n : c.notes) {
        out << "<p class=\"empty\">" << html_text(n) << "</p>\n";
    }
}

}  // namespace

std::string render_delay_report_html(const DelayReport& report) {
    std::ostringstream out;
    const std::string title = "Release delays: " + report.repo;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>"
        << html_text(title) << "</title>\n<style>" << kStyle
        << "</style>\n</head>\n<body>\n<main>\n";
    out << "<h1>" << html_text(title) << "</h1>\n";
    out << "<p class=\"meta\">Period: " << html_text(period_text(report));
    if (!report.policy.empty()) {
        out << " · Policy: " << html_text(report.policy);
    }
    out << "</p>\n";
    const SummaryLines s = summary_lines(report.summary);
    out << "<ul class=\"summary\">\n<li>" << html_text(s.releases) << "</li>\n<li>"
        << html_text(s.delay) << "</li>\n<li>" << html_text(s.incidents) << "</li>\n<li>"
        << html_text(s.security) << "</li>\n</ul>\n";

    const std::string chart = delay_chart_svg(report);
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
    if (report.conformance) {
        html_conformance(out, *report.conformance);
    }
    if (!report.skipped.empty()) {
        out << "<h2>Skipped</h2>\n<ul>\n";
        for (const auto& sk : report.skipped) {
            out << "<li><code>" << html_text(sk.tag) << "</code>: " << html_text(sk.reason)
                << "</li>\n";
        }
        out << "</ul>\n";
    }
    if (!report.notes.empty()) {
        out << "<h2>Notes</h2>\n<ul>\n";
        for (const auto& n : report.notes) {
            out << "<li>" << html_text(n) << "</li>\n";
        }
        out << "</ul>\n";
    }
    out << "</main>\n</body>\n</html>\n";
    return out.str();
}

}  // namespace fairweather::gate
