#include "exporters/quota_metrics.h"

#include "exporters/catalogue.h"

namespace fairweather {

QuotaMetrics::QuotaMetrics(metrics::Registry& r)
    : m_configured(register_gauge(r, "fairweather_github_configured_requests_per_hour").add({})),
      m_planned(register_gauge(r, "fairweather_github_planned_requests_per_hour").add({})),
      m_limit(register_gauge(r, "fairweather_github_request_limit_per_hour").add({})) {}

void QuotaMetrics::record(double configured_per_hour, double planned_per_hour,
                          std::int64_t limit_per_hour) {
    m_configured.set(configured_per_hour);
    m_planned.set(planned_per_hour);
    m_limit.set(static_cast<double>(limit_per_hour));
}

}  // namespace fairweather
