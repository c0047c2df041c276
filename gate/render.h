#pragma once
// How a check result is shown: plain text for a terminal or CI log, JSON for
// machines, and the GitHub Actions forms (outputs, step summary, annotations).
// Pure functions from a result to text.

#include <string>
#include <string_view>

#include "gate/check.h"

namespace fairweather::gate {

// The exit status for a decision: proceed 0, block 1, defer 75 (EX_TEMPFAIL).
int exit_code(Decision d);

std::string render_text(const CheckRequest& request, const CheckResult& result);
std::string render_json(const CheckRequest& request, const CheckResult& result);

// Lines for $GITHUB_OUTPUT: decision, weather, reason (all reasons joined with
// "; "), incidents (comma-separated ids). Values that contain a newline use
// the name<<DELIMITER form.
std::string render_github_output(const CheckResult& result);

// Markdown for $GITHUB_STEP_SUMMARY: the decision, why, a components table
// and links to the incidents.
std::string render_step_summary(const CheckRequest& request, const CheckResult& result);

// Workflow commands: ::error:: for block, ::warning:: for defer and for each
// warning of a proceed.
std::string render_annotations(const CheckRequest& request, const CheckResult& result);

// Escapes a workflow command's message (%, CR, LF).
std::string escape_command_data(std::string_view s);

}  // namespace fairweather::gate
