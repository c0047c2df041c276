#pragma once
// What every Prometheus exporter carries besides its own series:
// fairweather_build_info and the standard process_* metrics (CPU, memory,
// file descriptors, start time), read from /proc at each scrape. Kept apart
// from the monitor's registry so the golden expositions stay free of values
// that change with every build and every second.

#include <string>

namespace fairweather {

// The families in Prometheus text format (HELP, TYPE, one sample each), from
// /proc/self; a figure that cannot be read is left out.
std::string render_process_metrics();

}  // namespace fairweather
