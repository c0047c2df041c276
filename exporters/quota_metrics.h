#pragma once
// Prometheus families for the GitHub quota: what the monitor's GitHub
// sources cost an hour against the limit it plans for. Set once at start
// (the quota does not change while the monitor runs). Thread-safe as
// its gauges are.

#include <cstdint>

#include "exporters/registry.h"

namespace fairweather {

class QuotaMetrics {
  public:
    explicit QuotaMetrics(metrics::Registry& registry);

    // Requests an hour in the worst case (every poll a 200) at the configured
    // intervals and at the intervals polled, and the limit per hour.
    void record(double configured_per_hour, double planned_per_hour, std::int64_t limit_per_hour);

  private:
    metrics::Gauge& m_configured;
    metrics::Gauge& m_planned;
    metrics::Gauge& m_limit;
};

}  // namespace fairweather
