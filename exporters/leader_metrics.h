#pragma once
// Prometheus families for the leader lease of monitors that share one
// database: whether this one leads, the lease's epoch, and how often
// leadership changed here. Thread-safe as its series are.

#include <cstdint>

#include "exporters/registry.h"

namespace fairweather {

class LeaderMetrics {
  public:
    explicit LeaderMetrics(metrics::Registry& registry);

    void record(bool leading, std::int64_t epoch);
    void record_change();

  private:
    metrics::Gauge& m_leading;
    metrics::Gauge& m_epoch;
    metrics::Counter& m_changes;
};

}  // namespace fairweather
