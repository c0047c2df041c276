#include "gate/report.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/api/decisions_json.h"
#include "core/api/queue_json.h"
#include "core/history/history_files.h"
#include "core/history/release_history.h"
#include "core/json/reader.h"
#include "core/sources/statuspage_source.h"
#include "gate/exit_codes.h"
#include "gate/monitor_client.h"
#include "gate/plan.h"

namespace fairweather::gate {
namespace {

Expected<std::string, ReportFailure> read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_unexpected(ReportFailure{exit_codes::no_input,
                                             "cannot read " + path + ": " + std::strerror(errno)});
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

ReportFailure refused_or_unavailable(const MonitorCall& call, const std::string& what) {
    if (call.status >= 400 && call.status < 500) {
        return ReportFailure{exit_codes::block,
                             "the monitor refused " + what + ": " + call.refusal()};
    }
    return ReportFailure{
        exit_codes::unavailable,
        "the monitor at " + call.url + " could not be asked for " + what + ": " + call.refusal()};
}

}  // namespace

Expected<DelayReportInputs, ReportFailure> gather_report_inputs(HttpClient& http,
                                                                const Config& config,
                                                                const ReportRequest& request,
                                                                std::vector<std::string>& notes) {
    DelayReportInputs inputs;
    inputs.security_marker = request.security_marker.value_or("");
    const ReleasePolicy& policy = config.policy;
    const bool monitor = !request.monitor_url.empty();
    // What the monitor is asked for: from two months before the period, so
    // the incidents and gate decisions of a release scheduled then but
    // published in the period are there too (the report picks what overlaps).
    const std::string history_since =
        request.since ? format_date(add_months(*request.since, -2)) : "2000-01-01";

    if (!request.releases_file.empty()) {
        const auto text = read_whole(request.releases_file);
        if (!text) {
            return make_unexpected(text.error());
        }
        auto file = read_releases(*text, request.releases_file, policy);
        if (!file) {
            return make_unexpected(ReportFailure{exit_codes::data_error, file.error()});
        }
        inputs.releases = std::move(file->releases);
        inputs.skipped = std::move(file->skipped);
    } else if (monitor) {
        const auto call = call_monitor(http, request.monitor_url, "GET",
                                       "/api/v1/repos/" + request.repo + "/releases", "", "");
        if (call.status != 200) {
            return make_unexpected(refused_or_unavailable(call, "the releases of " + request.repo));
        }
        const auto records = parse_monitor_releases(call.body);
        if (!records) {
            return make_unexpected(
                ReportFailure{exit_codes::unavailable,
                              "the monitor's releases could not be read: " + records.error()});
        }
        ReleaseHistory history = to_release_history(*records, policy);
        inputs.releases = std::move(history.releases);
        inputs.skipped = std::move(history.skipped);
    } else {
        return make_unexpected(ReportFailure{
            exit_codes::usage,
            "no release history: pass --releases FILE, or --monitor URL (or [gate] monitor)"});
    }

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
    } else if (monitor) {
        const auto call = call_monitor(http, request.monitor_url, "GET",
                                       "/api/v1/incidents?since=" + history_since, "", "");
        if (call.status != 200) {
            return make_unexpected(refused_or_unavailable(call, "its incidents"));
        }
        auto incidents = parse_monitor_incidents(call.body);
        if (!incidents) {
            return make_unexpected(
                ReportFailure{exit_codes::unavailable,
                              "the monitor's incidents could not be read: " + incidents.error()});
        }
        inputs.incidents = std::move(*incidents);
    } else {
        notes.push_back(
            "no incident history (--incidents FILE or --monitor URL): delays are not attributed to "
            "CI incidents");
    }

    if (monitor) {
        const auto queue =
            call_monitor(http, request.monitor_url, "GET", "/api/v1/releases", "", "");
        if (queue.status == 200) {
            if (auto items = parse_queue_items(queue.body)) {
                inputs.queue = std::move(*items);
            } else {
                notes.push_back("the monitor's release queue could not be read (" +
                                items.error().describe() +
                                "): security releases have no time to ship");
            }
        } else {
            notes.push_back("the monitor's release queue could not be read (" + queue.refusal() +
                            "): security releases have no time to ship");
        }
        const auto decisions = call_monitor(
            http, request.monitor_url, "GET",
            "/api/v1/decisions?since=" + history_since + "&repo=" + request.repo, "", "");
        if (decisions.status == 200) {
            if (auto list = parse_decisions(decisions.body)) {
                inputs.decisions = std::move(*list);
            } else {
                notes.push_back("the monitor's gate decisions could not be read (" +
                                list.error().describe() + ")");
            }
        } else {
            notes.push_back("the monitor's gate decisions could not be read (" +
                            decisions.refusal() + ")");
        }
    }
    return inputs;
}

}  // namespace fairweather::gate
