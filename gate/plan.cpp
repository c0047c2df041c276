#include "gate/plan.h"

#include <sstream>

#include "core/history/history_files.h"
#include "core/history/release_history.h"
#include "core/json/reader.h"
#include "core/json/writer.h"
#include "gate/monitor_client.h"

namespace fairweather::gate {

Date today(const ReleasePolicy& policy, Clock& clock) {
    return policy.time_zone.local_date(clock.now());
}

History history_from_records(const std::vector<ReleaseRecord>& records,
                             const ReleasePolicy& policy) {
    const ReleaseHistory read = to_release_history(records, policy);
    History history;
    history.complete = true;
    history.releases = known_releases(read.releases, policy, "github");
    for (const auto& s : read.skipped) {
        history.notes.push_back("skipped GitHub release tag \"" + s.tag + "\": " + s.reason);
    }
    return history;
}

History load_history(HttpClient& http, const Config& config, const std::string& monitor_url,
                     const std::string& repo) {
    History fallback;
    fallback.releases = config.policy.releases;
    fallback.source =
        config.policy.releases.empty() ? "the schedule" : "[[policy.releases]] in " + config.source;
    if (monitor_url.empty() || repo.empty()) {
        return fallback;
    }
    const MonitorReply reply =
        get_from_monitor(http, monitor_url, "/api/v1/repos/" + repo + "/releases");
    std::string problem = reply.problem;
    if (reply.body) {
        auto records = parse_monitor_releases(*reply.body);
        auto history =
            records ? Expected<History, std::string>(history_from_records(*records, config.policy))
                    : make_unexpected(records.error());
        if (!history) {
            problem = "its answer could not be read: " + history.error();
        } else if (history->releases.empty()) {
            problem = "it has no releases of " + repo + " yet";
        } else {
            std::string base = monitor_url;
            while (!base.empty() && base.back() == '/') {
                base.pop_back();
            }
            history->source = "GitHub releases of " + repo + " (monitor " + base + ")";
            return std::move(*history);
        }
    }
    fallback.notes.push_back("the release history of " + repo + " could not be read from " +
                             reply.url + " (" + problem + "); using " + fallback.source);
    return fallback;
}

std::string render_plan_text(const Plan& plan, const ReleasePolicy& policy,
                             const History& history) {
    std::ostringstream out;
    out << "release plan on " << format_date(plan.date) << " (" << describe_policy(policy) << ")\n";
    out << "release dates from: " << history.source << "\n";
    if (plan.next_release) {
        out << "next release: " << plan.next_release->version.text() << " on "
            << format_date(plan.next_release->date);
        if (plan.next_release->overdue) {
            out << " (overdue)";
        }
        if (plan.next_release->branch_cut) {
            out << ", branch cut " << format_date(*plan.next_release->branch_cut);
        }
        out << "\n";
    } else {
        out << "next release: not scheduled (" << to_string(policy.cadence) << ")\n";
    }
    out << "supported releases:\n";
    if (plan.supported.empty()) {
        out << "  none\n";
    }
    for (const auto& line : plan.supported) {
        out << "  " << line.branch << "  released " << format_date(line.released_on)
            << "  end of life " << (line.eol ? format_date(*line.eol) : std::string("not set"))
            << (line.lts ? "  LTS" : "") << "\n";
    }
    if (plan.current) {
        out << "a security fix to " << plan.current->text() << " ships on: ";
        for (std::size_t i = 0; i < plan.backport_targets.size(); ++i) {
            out << (i == 0 ? "" : ", ") << plan.backport_targets[i];
        }
        out << (plan.backport_targets.empty() ? "no supported branch" : "") << "\n";
    }
    for (const auto& note : plan.notes) {
        out << "note: " << note << "\n";
    }
    for (const auto& note : history.notes) {
        out << "note: " << note << "\n";
    }
    return out.str();
}

std::string render_plan_json(const Plan& plan, const History& history) {
    JsonWriter j(2);
    j.begin_object();
    j.field("date", format_date(plan.date));
    j.key("next_release");
    if (plan.next_release) {
        j.begin_object();
        j.field("version", plan.next_release->version.text());
        j.field("date", format_date(plan.next_release->date));
        j.field("overdue", plan.next_release->overdue);
        j.end_object();
    } else {
        j.null();
    }
    j.key("next_branch_cut");
    if (plan.next_release && plan.next_release->branch_cut) {
        j.value(format_date(*plan.next_release->branch_cut));
    } else {
        j.null();
    }
    j.key("supported").begin_array();
    for (const auto& line : plan.supported) {
        j.begin_object();
        j.field("version", line.version.text());
        j.field("branch", line.branch);
        j.field("released_on", format_date(line.released_on));
        j.key("eol");
        line.eol ? j.value(format_date(*line.eol)) : j.null();
        j.field("lts", line.lts);
        j.field("source", line.source);
        j.end_object();
    }
    j.end_array();
    j.key("current");
    plan.current ? j.value(plan.current->text()) : j.null();
    j.string_array("backport_targets", plan.backport_targets);
    j.field("history_source", history.source);
    std::vector<std::string> notes = plan.notes;
    notes.insert(notes.end(), history.notes.begin(), history.notes.end());
    j.string_array("notes", notes);
    j.end_object();
    return j.str() + "\n";
}

}  // namespace fairweather::gate
