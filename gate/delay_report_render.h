#pragma once
// The release-delay report in the formats people read it in: Markdown (a
// GitHub issue or step summary), CSV (a spreadsheet), JSON (machines) and a
// self-contained HTML page with an SVG chart of delay per release.

#include <string>

#include "core/history/delay_report.h"

namespace fairweather::gate {

std::string render_delay_report_markdown(const DelayReport& report);
std::string render_delay_report_csv(const DelayReport& report);
std::string render_delay_report_json(const DelayReport& report);
std::string render_delay_report_html(const DelayReport& report);

}  // namespace fairweather::gate
