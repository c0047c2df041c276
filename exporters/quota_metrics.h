#pragma once
// Prometheus families for the GitHub quota: what the monitor's GitHub
// sources cost an hour against the limit it plans for. Set once at start
// (the quota does not change while the monitor runs). Thread-safe as
// prometheus-cpp gauges are.

#include <cstdint>

#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace fairweather {

class QuotaMetrics {
  public:
    explicit QuotaMetrics(prometheus::Registry& registry);

    // Requests an hour in the worst case (every poll a 200) at the configured
    // intervals and at the intervals polled, and the limit per hour.
    void record(double configured_per_hour, double planned_per_hour, std::int64_t limit_per_hour);

  private:
    prometheus::Gauge& m_configured;
    prometheus::Gauge& m_planned;
    prometheus::Gauge& m_limit;
};

}  // namespace fairweather
