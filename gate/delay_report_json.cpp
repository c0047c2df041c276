// The release-delay report as JSON, for machines.

#include "core/api/decisions_json.h"
#include "core/json/writer.h"
#include "gate/delay_report_render.h"
#include "gate/delay_report_text.h"

namespace fairweather::gate {
namespace {

void write_conformance(JsonWriter& w, const Conformance& c) {
    w.begin_object();
    w.field("patches", c.patches);
    w.field("supported", c.supported);
    w.field("unsupported", c.unsupported);
    w.field("no_line", c.no_line);
    w.field("rounds", c.rounds);
    w.field("rounds_matching", c.rounds_matching);
    w.field("staging_required", c.staging_required);
    w.field("staged", c.staged);
    w.string_array("unstaged", c.unstaged);
    w.key("patch_checks").begin_array();
    for (const auto& check : c.checks) {
        w.begin_object();
        w.field("version", check.version);
        w.field("branch", check.branch);
        w.field("published", format_date(check.published));
        w.field("verdict", to_string(check.verdict));
        w.field("why", check.why);
        w.key("rules");
        check.rules.empty() ? w.null() : w.value(check.rules);
        w.end_object();
    }
    w.end_array();
    w.key("rounds_checked").begin_array();
    for (const auto& r : c.round_checks) {
        w.begin_object();
        w.field("day", format_date(r.day));
        w.string_array("patched", r.patched);
        w.string_array("targets", r.targets);
        w.string_array("extra", r.extra);
        w.string_array("missing", r.missing);
        w.field("matches", r.matches());
        w.string_array("notes", r.notes);
        w.end_object();
    }
    w.end_array();
    w.string_array("notes", c.notes);
    w.end_object();
}

}  // namespace

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
        optional_date("due", row.due);
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
    w.key("conformance");
    if (report.conformance) {
        write_conformance(w, *report.conformance);
    } else {
        w.null();
    }
    w.string_array("notes", report.notes);
    w.end_object();
    return w.str() + "\n";
}

}  // namespace fairweather::gate
