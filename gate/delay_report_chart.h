#pragma once
// Internal to the gate library: the chart on the release-delay report's HTML
// page, an inline SVG of the delay of each scheduled release against its
// slot, with a tooltip per bar.

#include <string>

#include "core/history/delay_report.h"

namespace fairweather::gate {

// An <svg> element, ready to put in the page as it is (its text escaped);
// empty when no release in `report` is on the schedule, so nothing to chart.
std::string delay_chart_svg(const DelayReport& report);

}  // namespace fairweather::gate
