#pragma once
// Reading release and incident history from files, for reports on history
// from before the monitor existed: the JSON that GitHub's and Statuspage's
// APIs return, a fairweather-monitor's own answers saved to a file, and CSV
// with the columns of the recorded histories (version,released_on and
// id,name,impact,created_at,resolved_at,components).

#include <string>
#include <string_view>
#include <vector>

#include "core/history/delay_report.h"
#include "core/release/policy.h"
#include "core/store/state_store.h"
#include "core/util/expected.h"

namespace fairweather {

struct ReleaseFile {
    std::vector<PublishedRelease> releases;
    std::vector<SkippedRelease>
        skipped;  // tags that are not versions of the scheme, with the reason
};

// Releases from `text`, which is GitHub's JSON (GET
// /repos/{owner}/{repo}/releases: an array; drafts are dropped, pre-releases
// marked), a monitor's releases answer (the same records) or CSV whose header has "version" and
// "released_on" (extra columns ignored). Versions parse in the policy's scheme; a CSV date is taken
// as the start of that day in the policy's time zone. The error names `source_name` and the line
// (CSV) or JSON path and says what is wrong.
Expected<ReleaseFile, std::string> read_releases(std::string_view text,
                                                 std::string_view source_name,
                                                 const ReleasePolicy& policy);

// Incidents from `text`: Statuspage JSON (incidents.json or
// incidents/unresolved.json {"incidents": [...]}, a single incident
// {"incident": {...}}, or summary.json), a monitor's incidents answer, or CSV whose header has id,
// name, impact, created_at, resolved_at and components (";"-separated). An empty resolved_at means
// unresolved.
Expected<std::vector<IncidentSpan>, std::string> read_incidents(std::string_view text,
                                                                std::string_view source_name);

// The incidents a monitor recorded (its incidents answer) as the report
// counts them: each starts at the page's started_at, or, when the page gave
// none, when the monitor first saw it; it is `watched` unless the monitor
// found it touched none of its watched components.
std::vector<IncidentSpan> incident_spans(const std::vector<IncidentRecord>& records);

}  // namespace fairweather
