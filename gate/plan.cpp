#include "gate/plan.h"

#include <sstream>

#include "core/api/monitor_client.h"
#include "core/history/release_history.h"
#include "core/json/writer.h"
#include "gate/exit_codes.h"
#include "gate/report_command.h"

namespace fairweather::gate {

using std::chrono::sys_days;

Date today(const ReleasePolicy& policy, Clock& clock) {
    return policy.time_zone.local_date(clock.now());
}

namespace {

// A project's whole list of releases as the plan and the gate take it: the
// final releases, the pre-releases, and a note for each skipped tag
// ("skipped <what> tag ...").
History complete_history(const std::vector<PublishedRelease>& releases,
                         const std::vector<SkippedRelease>& skipped, const ReleasePolicy& policy,
                         const std::string& source, const std::string& what) {
    History history;
    history.complete = true;
    history.releases = known_releases(releases, policy, source);
    history.prereleases = known_prereleases(releases, policy, source);
    for (const auto& s : skipped) {
        history.notes.push_back("skipped " + what + " tag \"" + s.tag + "\": " + s.reason);
    }
    return history;
}

// Release dates from the file at `path` (GitHub's releases JSON, a monitor's
// saved answer, or version,released_on CSV), read as `report --releases`
// reads it. The file is taken as the project's whole list.
Expected<History, ReportFailure> load_history_file(const std::string& path,
                                                   const ReleasePolicy& policy) {
    const auto file = read_release_file(path, policy);
    if (!file) {
        return make_unexpected(file.error());
    }
    History history = complete_history(file->releases, file->skipped, policy, "file", "release");
    history.source = "releases in " + path;
    if (history.releases.empty()) {
        history.notes.push_back(
            path + " holds no release (pre-releases aside): the plan follows the schedule");
    }
    return history;
}

}  // namespace

History history_from_records(const std::vector<ReleaseRecord>& records,
                             const ReleasePolicy& policy) {
    const ReleaseHistory read = to_release_history(records, policy);
    return complete_history(read.releases, read.skipped, policy, "github", "GitHub release");
}

History load_history(HttpClient& http, const Config& config, const std::string& monitor_url,
                     const std::string& repo) {
    History fallback;
    for (const auto& r : config.policy.releases) {
        (r.version.is_prerelease() ? fallback.prereleases : fallback.releases).push_back(r);
    }
    fallback.source =
        config.policy.releases.empty() ? "the schedule" : "[[policy.releases]] in " + config.source;
    if (monitor_url.empty() || repo.empty()) {
        return fallback;
    }
    MonitorClient monitor(http, monitor_url);
    const auto records = monitor.releases(repo);
    std::string problem;
    if (!records) {
        problem = records.error().kind == MonitorError::Kind::unreadable
                      ? "its answer could not be read: " + records.error().message
                      : records.error().message;
    } else if (History history = history_from_records(*records, config.policy);
               history.releases.empty() && history.prereleases.empty()) {
        problem = "it has no releases of " + repo + " yet";
    } else {
        history.source = "GitHub releases of " + repo + " (monitor " + monitor.url("") + ")";
        return history;
    }
    fallback.notes.push_back("the release history of " + repo + " could not be read from " +
                             monitor.url("/api/v1/repos/" + repo + "/releases") + " (" + problem +
                             "); using " + fallback.source);
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
        if (sys_days{plan.next_release->date} < sys_days{plan.next_release->due}) {
            out << " (a weekend day: on time up to " << format_date(plan.next_release->due) << ")";
        }
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
            << (line.eol_reason.empty() ? "" : " (" + line.eol_reason + ")")
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
        j.field("due", format_date(plan.next_release->due));
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
        j.field("eol_reason", line.eol_reason);
        j.field("lts", line.lts);
        j.key("rules");
        line.rules.empty() ? j.null() : j.value(line.rules);
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

int run_plan_command(const PlanOptions& options, GateContext& ctx) {
    const std::string& config_path = options.config_path;
    auto config = load_gate_config(config_path, "planned", ctx);
    if (!config) {
        return exit_codes::config;
    }
    if (!config->policy.configured) {
        ctx.err << (config_path.empty() ? std::string("fairweather-gate") : config_path)
                << ": error: no [policy] in the config: `plan` needs the project's release policy "
                   "(see config/examples/wasmtime.toml); pass it with --config\n";
        return exit_codes::config;
    }
    std::optional<Version> current_version;
    if (!options.current.empty()) {
        auto v = parse_version(options.current, config->policy.scheme);
        if (!v) {
            ctx.err << "fairweather-gate plan: --current: " << v.error().describe() << "\n";
            return exit_codes::usage;
        }
        current_version = *v;
    }
    History history;
    if (!options.releases_file.empty()) {
        auto file = load_history_file(options.releases_file, config->policy);
        if (!file) {
            ctx.err << "fairweather-gate plan: " << file.error().message << "\n";
            return file.error().exit_code;
        }
        history = std::move(*file);
    } else {
        const auto http = ctx.make_http(config->http);
        const std::string monitor =
            options.monitor.empty() ? config->gate_monitor_url : options.monitor;
        history = load_history(*http, *config, monitor, options.repo);
    }
    const Date day = options.date.value_or(today(config->policy, ctx.clock));
    const Plan plan =
        make_plan(config->policy, history.releases, history.complete, day, current_version);
    ctx.out << (options.json ? render_plan_json(plan, history)
                             : render_plan_text(plan, config->policy, history));
    return exit_codes::proceed;
}

}  // namespace fairweather::gate
