#pragma once
// The release-delay report in the formats people read it in: Markdown (a
// GitHub issue or step summary), CSV (a spreadsheet), JSON (machines) and a
// self-contained HTML page with an SVG chart of delay per release. Pure
// functions of `report`: no I/O, no shared state, safe from any thread.
//
// One file a format (delay_report_markdown.cpp, _csv, _json, _html, and the
// chart in _chart); what they all say in words is in delay_report_text.h.

#include <string>

#include "core/history/delay_report.h"

namespace fairweather::gate {

std::string render_delay_report_markdown(const DelayReport& report);
std::string render_delay_report_csv(const DelayReport& report);
std::string render_delay_report_json(const DelayReport& report);
std::string render_delay_report_html(const DelayReport& report);

}  // namespace fairweather::gate
