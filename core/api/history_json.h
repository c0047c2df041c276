#pragma once
// The monitor's history as its API serves it, both ways: the releases it
// read for a repository, the status-page incidents it saw, and the
// verdict's transitions. A gate reads the first two back (plan, report);
// so does the report's file reader, for answers saved to a file.

#include <string>
#include <string_view>
#include <vector>

#include "core/store/records.h"
#include "core/util/expected.h"
#include "core/util/parse_error.h"
#include "core/weather/verdict.h"

namespace fairweather {

// GET /api/v1/repos/{owner}/{name}/releases: {"repo": ..., "releases": [...]}.
std::string render_releases_answer(const std::string& repo,
                                   const std::vector<ReleaseRecord>& records);
// Reads it back; first_seen is not served, so it stays unset.
Expected<std::vector<ReleaseRecord>, ParseError> parse_releases_answer(std::string_view json);

// GET /api/v1/incidents: {"since": ..., "incidents": [...]}. An incident's
// "watched_components" is null when it was recorded before the monitor kept
// them (whether it hit CI is unknown).
std::string render_incidents_answer(TimePoint since, const std::vector<IncidentRecord>& records);
Expected<std::vector<IncidentRecord>, ParseError> parse_incidents_answer(std::string_view json);

// GET /api/v1/history: {"since": ..., "transitions": [...]}.
std::string render_history_answer(TimePoint since, const std::vector<Transition>& transitions);

}  // namespace fairweather
