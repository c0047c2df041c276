#pragma once
// Small helpers the exporters share for registering families and writing
// durations in Prometheus's base unit.

#include <chrono>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "core/util/time.h"

namespace fairweather::exporters {

inline prometheus::Family<prometheus::Gauge>& gauge(prometheus::Registry& r, const char* name,
                                                    const char* help) {
    return prometheus::BuildGauge().Name(name).Help(help).Register(r);
}

inline prometheus::Family<prometheus::Counter>& counter(prometheus::Registry& r, const char* name,
                                                        const char* help) {
    return prometheus::BuildCounter().Name(name).Help(help).Register(r);
}

// Seconds, as Prometheus wants every duration.
inline double seconds(Duration d) {
    return std::chrono::duration<double>(d).count();
}

}  // namespace fairweather::exporters
