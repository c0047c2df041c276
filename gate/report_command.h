#pragma once
// `fairweather-gate report`: where the history comes from (the monitor, or
// files for history from before it existed) and how the report is written.

#include <optional>
#include <string>

#include "config/config.h"
#include "core/history/delay_report.h"
#include "core/history/history_files.h"
#include "core/http/client.h"
#include "gate/context.h"

namespace fairweather::gate {

struct ReportRequest {
    std::string repo;
    std::optional<Date> since;
    std::optional<Date> until;
    std::string releases_file;  // GitHub JSON or version,released_on CSV
    std::string
        incidents_file;  // Statuspage JSON or id,name,impact,created_at,resolved_at,components CSV
    std::string monitor_url;
    bool include_prereleases_flag = false;  // --include-prereleases (or [report])
    // Tag/name substring that marks a security release; unset: [report]'s.
    std::optional<std::string> security_marker;
};

// How gathering the history failed, as the exit status to give: a data
// error (65: a file could not be understood), a file that cannot be read
// (66), no source of history given (64), the monitor refused (1: e.g. an
// unknown repository) or could not be asked (69).
struct ReportFailure {
    int exit_code;
    std::string message;
};

// The releases in the file at `path` (read_releases' formats: GitHub's JSON,
// a monitor's saved answer, version,released_on CSV): 66 when it cannot be
// read, 65 when it is in no known format. `plan --releases` reads the same.
Expected<ReleaseFile, ReportFailure> read_release_file(const std::string& path,
                                                       const ReleasePolicy& policy);

// Releases from the file, else from the monitor's GitHub history of the
// repository; incidents from the file, else from the monitor; the release
// queue and the gate decisions from the monitor when there is one (their
// absence is a note, not a failure).
Expected<DelayReportInputs, ReportFailure> gather_report_inputs(HttpClient& http,
                                                                const Config& config,
                                                                const ReportRequest& request,
                                                                std::vector<std::string>& notes);

struct ReportOptions {
    std::string config_path;
    std::string since;  // YYYY-MM-DD, may be empty
    std::string until;
    std::string format = "md";  // md, csv, json, html
    std::string output;         // a file; empty: stdout
    ReportRequest request;
};

// `fairweather-gate report`. Exit status: 0, 1 the monitor refused, 64 a
// bad period or no history, 65 an unreadable file, 66 a missing one, 69 no
// monitor to ask, 74 the output not written, 78 a bad config or none with a
// [policy].
int run_report_command(const ReportOptions& options, GateContext& ctx);

}  // namespace fairweather::gate
