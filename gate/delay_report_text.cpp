#include "gate/delay_report_text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/util/text.h"

namespace fairweather::gate {
namespace {

using std::chrono::floor;
using std::chrono::seconds;
using std::chrono::time_point_cast;

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

std::vector<GateDecisionRecord> by_time(std::vector<GateDecisionRecord> decisions) {
    std::stable_sort(decisions.begin(), decisions.end(),
                     [](const auto& a, const auto& b) { return a.at < b.at; });
    return decisions;
}

bool has_security_data(const DelayRow& row) {
    return row.kind == "security" || row.time_to_ship || row.sla_met || !row.queue_id.empty();
}

}  // namespace

std::string delay_text(int days) {
    return (days > 0 ? "+" : "") + std::to_string(days) + "d";
}

std::string delay_phrase(int days) {
    return (days > 0 ? "+" : "") + std::to_string(days) + (std::abs(days) == 1 ? " day" : " days");
}

std::optional<Duration> incident_duration(const IncidentSpan& i) {
    if (!i.resolved) {
        return std::nullopt;
    }
    return *i.resolved - i.started;
}

std::string timestamp_to_second(TimePoint t) {
    return format_timestamp(time_point_cast<Duration>(floor<seconds>(t)));
}

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

std::string incident_facts(const IncidentSpan& i) {
    std::string out = i.impact;
    if (!out.empty()) {
        out += ", ";
    }
    const auto d = incident_duration(i);
    return out + (d ? human_duration(*d) : std::string("unresolved"));
}

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

std::string scheduled_text(const DelayRow& row) {
    if (!row.scheduled) {
        return "";
    }
    return format_date(*row.scheduled) + (row.due ? " (due " + format_date(*row.due) + ")" : "");
}

ConformanceLines conformance_lines(const Conformance& c) {
    ConformanceLines out;
    out.patches = std::to_string(c.patches) +
                  (c.patches == 1 ? " patch release: " : " patch releases: ") +
                  std::to_string(c.supported) + " on branches the policy supported that day, " +
                  std::to_string(c.unsupported) + " on branches it did not";
    if (c.no_line > 0) {
        out.patches += ", " + std::to_string(c.no_line) + " on branches with no known release";
    }
    out.rounds = std::to_string(c.rounds) + (c.rounds == 1 ? " day" : " days") +
                 " with several branches patched: " + std::to_string(c.rounds_matching) +
                 " matched the backport targets exactly";
    if (c.staging_required > 0) {
        out.staging =
            std::to_string(c.staging_required) +
            (c.staging_required == 1 ? " release" : " releases") +
            " needed a pre-release first (require_prerelease): " + std::to_string(c.staged) +
            " had one";
        if (!c.unstaged.empty()) {
            out.staging += " (not: " + join(c.unstaged, ", ") + ")";
        }
    }
    return out;
}

std::string round_differences(const RoundCheck& r) {
    if (r.matches()) {
        return "matches";
    }
    std::string out;
    if (!r.extra.empty()) {
        out = "patched but not a target: " + join(r.extra, ", ");
    }
    if (!r.missing.empty()) {
        out += (out.empty() ? "" : "; ") + std::string("a target not patched: ") +
               join(r.missing, ", ");
    }
    return out;
}

std::string_view to_string(PatchCheck::Verdict v) {
    switch (v) {
        case PatchCheck::Verdict::supported:
            return "supported";
        case PatchCheck::Verdict::unsupported:
            return "unsupported";
        case PatchCheck::Verdict::no_line:
            return "no known line";
    }
    return "supported";
}

std::string patch_check_text(const PatchCheck& check) {
    return std::string(to_string(check.verdict)) + ": " + check.why +
           (check.rules.empty() ? "" : "; rules " + check.rules);
}

std::string html_text(std::string_view s) {
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

}  // namespace fairweather::gate
