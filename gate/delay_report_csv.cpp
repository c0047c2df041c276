// The release-delay report as CSV, one row a release, for a spreadsheet.

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/util/text.h"
#include "gate/delay_report_render.h"
#include "gate/delay_report_text.h"

namespace fairweather::gate {
namespace {

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

// A patch release's verdict against the policy of its day; "" for others.
std::string policy_check(const DelayReport& report, const DelayRow& row) {
    if (!report.conformance) {
        return "";
    }
    const std::string version = row.release.version.text();
    for (const auto& check : report.conformance->checks) {
        if (check.version == version) {
            return std::string(to_string(check.verdict));
        }
    }
    return "";
}

}  // namespace

std::string render_delay_report_csv(const DelayReport& report) {
    std::string out =
        "version,tag,kind,scheduled,published,delay_days,incidents,incident_hours,decisions,"
        "time_to_ship_hours,sla_met,due,branch_policy\n";
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
            row.due ? format_date(*row.due) : "",
            policy_check(report, row),
        };
        for (std::size_t i = 0; i < fields.size(); ++i) {
            out += (i == 0 ? "" : ",") + csv(fields[i]);
        }
        out += "\n";
    }
    return out;
}

}  // namespace fairweather::gate
