// The release-delay report in GitHub-flavoured Markdown, for an issue or a
// step summary.

#include <sstream>

#include "core/util/text.h"
#include "gate/delay_report_render.h"
#include "gate/delay_report_text.h"
#include "gate/markdown.h"

namespace fairweather::gate {
namespace {

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
           (row.scheduled ? scheduled_text(row) : std::string("—")) + " | " +
           format_date(row.published) + " | " + delay + " | " + join(incidents, "<br>") + " | " +
           md(gate_text(row)) + " | " + md(security_text(row)) + " |";
}

// The policy against practice: the counts, the patch releases on branches
// the policy did not support, and every day several branches were patched.
void md_conformance(std::ostream& out, const Conformance& c) {
    const ConformanceLines lines = conformance_lines(c);
    out << "\n#### Policy against practice\n\n- " << lines.patches << "\n- " << lines.rounds
        << "\n";
    if (!lines.staging.empty()) {
        out << "- " << md(lines.staging) << "\n";
    }
    bool header = false;
    for (const auto& check : c.checks) {
        if (check.verdict == PatchCheck::Verdict::supported) {
            continue;
        }
        if (!header) {
            out << "\n| Patch release | Published | Branch | Why |\n|---|---|---|---|\n";
            header = true;
        }
        out << "| " << md(check.version) << " | " << format_date(check.published) << " | "
            << md(check.branch) << " | " << md(patch_check_text(check)) << " |\n";
    }
    if (!c.round_checks.empty()) {
        out << "\n| Day | Patched | Policy's backport targets | Differences |\n|---|---|---|---|\n";
        for (const auto& r : c.round_checks) {
            std::string differences = md(round_differences(r));
            for (const auto& note : r.notes) {
                differences += "<br>" + md(note);
            }
            out << "| " << format_date(r.day) << " | " << md(join(r.patched, ", ")) << " | "
                << md(join(r.targets, ", ")) << " | " << differences << " |\n";
        }
    }
    for (const auto& n : c.notes) {
        out << "\n_" << md(n) << "_\n";
    }
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
    if (report.conformance) {
        md_conformance(out, *report.conformance);
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

}  // namespace fairweather::gate
