#include "exporters/leader_metrics.h"

#include "exporters/catalogue.h"

namespace fairweather {

LeaderMetrics::LeaderMetrics(metrics::Registry& r)
    : m_leading(register_gauge(r, "fairweather_leader").add({})),
      m_epoch(register_gauge(r, "fairweather_leader_epoch").add({})),
      m_changes(register_counter(r, "fairweather_leader_changes_total").add({})) {}

void LeaderMetrics::record(bool leading, std::int64_t epoch) {
    m_leading.set(leading ? 1.0 : 0.0);
    m_epoch.set(static_cast<double>(epoch));
}

void LeaderMetrics::record_change() {
    m_changes.increment();
}

}  // namespace fairweather
