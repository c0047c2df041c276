#include "gate/report_command.h"

#include "core/api/monitor_client.h"
#include "core/history/history_files.h"
#include "core/history/release_history.h"
#include "core/sources/statuspage_source.h"
#include "core/util/files.h"
#include "gate/delay_report_render.h"
#include "gate/exit_codes.h"

namespace fairweather::gate {
namespace {

// Reads `path` whole, or says why not (66).
Expected<std::string, ReportFailure> read_whole(const std::string& path) {
    auto text = read_whole_file(path);
    if (!text) {
        return make_unexpected(ReportFailure{exit_codes::no_input, text.error()});
    }
    return std::move(*text);
}

// The monitor did not answer with `what`: 1 when it refused, 69 otherwise.
ReportFailure monitor_failure(const MonitorError& e, const std::string& what) {
    if (e.kind == MonitorError::Kind::unreadable) {
        return ReportFailure{exit_codes::unavailable,
                             "the monitor's " + what + " could not be read: " + e.message};
    }
    return ReportFailure{exit_code(e), describe(e, what)};
}

// Releases from the file, else from the monitor's GitHub history of the repository.
Expected<void, ReportFailure> gather_releases(MonitorClient* monitor, const Config& config,
                                              const ReportRequest& request,
                                              DelayReportInputs& inputs) {
    if (!request.releases_file.empty()) {
        auto file = read_release_file(request.releases_file, config.policy);
        if (!file) {
            return make_unexpected(file.error());
        }
        inputs.releases = std::move(file->releases);
        inputs.skipped = std::move(file->skipped);
        return {};
    }
    if (monitor == nullptr) {
        return make_unexpected(ReportFailure{
            exit_codes::usage,
            "no release history: pass --releases FILE, or --monitor URL (or [gate] monitor)"});
    }
    const auto records = monitor->releases(request.repo);
    if (!records) {
        return make_unexpected(
            records.error().kind == MonitorError::Kind::unreadable
                ? monitor_failure(records.error(), "releases")
                : monitor_failure(records.error(), "the releases of " + request.repo));
    }
    ReleaseHistory history = to_release_history(*records, config.policy);
    inputs.releases = std::move(history.releases);
    inputs.skipped = std::move(history.skipped);
    return {};
}

// Incidents from the file (only those concerning a watched component count),
// else from the monitor; neither is a note.
Expected<void, ReportFailure> gather_incidents(MonitorClient* monitor, const Config& config,
                                               const ReportRequest& request,
                                               const std::string& since, DelayReportInputs& inputs,
                                               std::vector<std::string>& notes) {
    if (!request.incidents_file.empty()) {
        const auto text = read_whole(request.incidents_file);
        if (!text) {
            return make_unexpected(text.error());
        }
        auto incidents = read_incidents(*text, request.incidents_file);
        if (!incidents) {
            return make_unexpected(ReportFailure{exit_codes::data_error, incidents.error()});
        }
        inputs.incidents = std::move(*incidents);
        // A saved history may hold incidents of other components (Pages,
        // Codespaces): only those concerning a watched one are CI incidents.
        std::vector<ComponentSelector> watched;
        for (const auto& page : config.status_pages) {
            if (page.components.empty()) {
                watched.clear();
                break;
            }
            watched.insert(watched.end(), page.components.begin(), page.components.end());
        }
        for (auto& incident : inputs.incidents) {
            incident.watched = incident_concerns(incident.name, incident.components, watched);
        }
        return {};
    }
    if (monitor == nullptr) {
        notes.push_back(
            "no incident history (--incidents FILE or --monitor URL): delays are not attributed to "
            "CI incidents");
        return {};
    }
    const auto records = monitor->incidents(since);
    if (!records) {
        return make_unexpected(records.error().kind == MonitorError::Kind::unreadable
                                   ? monitor_failure(records.error(), "incidents")
                                   : monitor_failure(records.error(), "its incidents"));
    }
    inputs.incidents = incident_spans(*records);
    return {};
}

// The release queue and the gate decisions: their absence is a note.
void gather_from_monitor(MonitorClient& monitor, const ReportRequest& request,
                         const std::string& since, DelayReportInputs& inputs,
                         std::vector<std::string>& notes) {
    if (auto items = monitor.queue()) {
        inputs.queue = std::move(*items);
    } else {
        notes.push_back("the monitor's release queue could not be read (" + items.error().message +
                        "): security releases have no time to ship");
    }
    if (auto decisions = monitor.decisions(request.repo, since)) {
        inputs.decisions = std::move(*decisions);
    } else {
        notes.push_back("the monitor's gate decisions could not be read (" +
                        decisions.error().message + ")");
    }
}

}  // namespace

Expected<ReleaseFile, ReportFailure> read_release_file(const std::string& path,
                                                       const ReleasePolicy& policy) {
    const auto text = read_whole(path);
    if (!text) {
        return make_unexpected(text.error());
    }
    auto file = read_releases(*text, path, policy);
    if (!file) {
        return make_unexpected(ReportFailure{exit_codes::data_error, file.error()});
    }
    return std::move(*file);
}

Expected<DelayReportInputs, ReportFailure> gather_report_inputs(HttpClient& http,
                                                                const Config& config,
                                                                const ReportRequest& request,
                                                                std::vector<std::string>& notes) {
    DelayReportInputs inputs;
    inputs.security_marker = request.security_marker.value_or("");
    std::optional<MonitorClient> monitor;
    if (!request.monitor_url.empty()) {
        monitor.emplace(http, request.monitor_url);
    }
    MonitorClient* client = monitor ? &*monitor : nullptr;
    // What the monitor is asked for: from two months before the period, so
    // the incidents and gate decisions of a release scheduled then but
    // published in the period are there too (the report picks what overlaps).
    const std::string since =
        request.since ? format_date(add_months(*request.since, -2)) : "2000-01-01";
    if (auto done = gather_releases(client, config, request, inputs); !done) {
        return make_unexpected(done.error());
    }
    if (auto done = gather_incidents(client, config, request, since, inputs, notes); !done) {
        return make_unexpected(done.error());
    }
    if (client != nullptr) {
        gather_from_monitor(*client, request, since, inputs, notes);
    }
    return inputs;
}

namespace {

// Text of `report` in `format` (md, csv, json, html).
std::string render_report(const DelayReport& report, const std::string& format) {
    if (format == "json") {
        return render_delay_report_json(report);
    }
    if (format == "csv") {
        return render_delay_report_csv(report);
    }
    if (format == "html") {
        return render_delay_report_html(report);
    }
    return render_delay_report_markdown(report);
}

}  // namespace

int run_report_command(const ReportOptions& options, GateContext& ctx) {
    const std::string& config_path = options.config_path;
    const std::string& since = options.since;
    const std::string& until = options.until;
    ReportRequest request = options.request;
    auto config = load_gate_config(config_path, "reported", ctx);
    if (!config) {
        return exit_codes::config;
    }
    if (!config->policy.configured) {
        ctx.err << (config_path.empty() ? std::string("fairweather-gate") : config_path)
                << ": error: no [policy] in the config: `report` needs the release schedule "
                   "(see config/examples/wasmtime.toml); pass it with --config\n";
        return exit_codes::config;
    }
    request.since = since.empty() ? std::nullopt : parse_calendar_date(since);
    request.until = until.empty() ? std::nullopt : parse_calendar_date(until);
    if (request.since && request.until &&
        std::chrono::sys_days{*request.until} < std::chrono::sys_days{*request.since}) {
        ctx.err << "fairweather-gate report: --until " << until << " is before --since " << since
                << "; give the first day as --since and the last as --until\n";
        return exit_codes::usage;
    }
    // The flags win over the config's [report].
    if (!request.security_marker) {
        request.security_marker = config->report.security_marker;
    }
    const bool include_prereleases =
        request.include_prereleases_flag || config->report.include_prereleases;
    if (request.monitor_url.empty() &&
        (request.releases_file.empty() || request.incidents_file.empty())) {
        request.monitor_url = config->gate_monitor_url;
    }
    const auto http = ctx.make_http(config->http);
    std::vector<std::string> notes;
    const auto inputs = gather_report_inputs(*http, *config, request, notes);
    if (!inputs) {
        ctx.err << "fairweather-gate report: " << inputs.error().message << "\n";
        return inputs.error().exit_code;
    }
    DelayReport made = make_delay_report(config->policy, request.repo, *inputs, request.since,
                                         request.until, ctx.clock.now(), include_prereleases);
    made.conformance =
        check_conformance(config->policy, inputs->releases, request.since, request.until);
    made.notes.insert(made.notes.end(), notes.begin(), notes.end());
    const std::string text = render_report(made, options.format);
    if (options.output.empty()) {
        ctx.out << text;
        return exit_codes::proceed;
    }
    if (auto written = write_file_atomically(options.output, text); !written) {
        ctx.err << "fairweather-gate report: " << written.error() << "\n";
        return exit_codes::io_error;
    }
    return exit_codes::proceed;
}

}  // namespace fairweather::gate
