#pragma once
// What the exporters share besides the catalogue: durations in Prometheus's
// base unit.

#include <chrono>

#include "core/util/time.h"

namespace fairweather::exporters {

// Seconds, as Prometheus wants every duration.
inline double seconds(Duration d) {
    return std::chrono::duration<double>(d).count();
}

}  // namespace fairweather::exporters
