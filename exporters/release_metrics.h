#pragma once
// Prometheus families for each repository's release cadence: the next
// scheduled release, the last one, whether a release is overdue, the delay of
// recent releases against their schedule, and the supported releases with
// their end of life. Times are in seconds (Prometheus's base unit; divide by
// 86400 for days). Thread-safe.

#include <map>
#include <mutex>
#include <string>

#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "core/policy.h"
#include "core/report.h"

namespace fairweather {

class ReleaseMetrics {
  public:
    explicit ReleaseMetrics(prometheus::Registry& registry);

    // Replaces what is known about `repo`: its plan today and the report of
    // its recent releases (their delays).
    void record(const std::string& repo, const ReleasePolicy& policy, const Plan& plan,
                const Report& recent, TimePoint now);

  private:
    std::mutex m_mutex;
    prometheus::Family<prometheus::Gauge>& m_next;
    prometheus::Family<prometheus::Gauge>& m_last;
    prometheus::Family<prometheus::Gauge>& m_since_last;
    prometheus::Family<prometheus::Gauge>& m_overdue;
    prometheus::Family<prometheus::Gauge>& m_overdue_seconds;
    prometheus::Family<prometheus::Gauge>& m_delay;
    prometheus::Family<prometheus::Histogram>& m_delays;
    prometheus::Family<prometheus::Gauge>& m_supported;
    prometheus::Family<prometheus::Gauge>& m_eol;
    prometheus::Family<prometheus::Gauge>& m_eol_remaining;
    // The series this repository owns in the families whose label sets change.
    std::map<std::string, std::vector<prometheus::Gauge*>> m_changing;
    std::map<std::string, prometheus::Histogram*> m_histograms;
};

}  // namespace fairweather
