#pragma once
// Gate decisions as the monitor's API carries them: a gate reports one
// (POST /api/v1/decisions), reports read them back (GET).

#include <string>
#include <string_view>
#include <vector>

#include "core/queue/item.h"
#include "core/store/state_store.h"
#include "core/util/expected.h"
#include "core/util/parse_error.h"

namespace fairweather {

// The body a gate sends; `at` is left to the monitor.
std::string render_decision_body(const GateDecisionRecord& d);
// Reads and validates that body: kind regular|patch|security, decision
// proceed|defer|block, weather fair|degraded|outage|unknown, repo OWNER/NAME
// when given, text fields at most 500 characters without control characters.
Expected<GateDecisionRecord, ParseError> parse_decision_body(std::string_view json);

class JsonWriter;

// One decision as a JSON object with its time: "at", "repo", "version",
// "kind", "decision", "weather", "reason", "requested_by".
void write_decision(JsonWriter& j, const GateDecisionRecord& d);

// {"decisions": [...]}, each with "at".
std::string render_decisions(const std::vector<GateDecisionRecord>& decisions);
Expected<std::vector<GateDecisionRecord>, ParseError> parse_decisions(std::string_view json);

}  // namespace fairweather
