#pragma once
// Prometheus families for each repository's release cadence: the next
// scheduled release, the last one, whether a release is overdue, the delay of
// recent releases against their schedule, security releases' time to ship,
// and the supported releases with their end of life. Times are in seconds
// (Prometheus's base unit; divide by 86400 for days). Thread-safe.

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/history/delay_report.h"
#include "core/release/policy.h"
#include "exporters/registry.h"

namespace fairweather {

class ReleaseMetrics {
  public:
    explicit ReleaseMetrics(metrics::Registry& registry);

    // Replaces what is exported about `repo` with its plan today and the
    // report of its releases up to now (oldest first): per-version gauges for
    // the newest `recent` scheduled releases and security releases. The
    // delay histogram counts each scheduled release once, when first seen
    // (so after a restart it counts the recent ones again, like any counter).
    void record(const std::string& repo, const ReleasePolicy& policy, const Plan& plan,
                const DelayReport& report, int recent, TimePoint now);

  private:
    using GaugeFamily = metrics::Family<metrics::Gauge>;
    // Sets the series `labels` of `family` to `value`, owned by `repo` until
    // its next record().
    void set(const std::string& repo, GaugeFamily& family, const metrics::Labels& labels,
             double value);

    std::mutex m_mutex;
    GaugeFamily& m_next;
    GaugeFamily& m_last;
    GaugeFamily& m_since_last;
    GaugeFamily& m_overdue;
    GaugeFamily& m_overdue_seconds;
    GaugeFamily& m_delay;
    metrics::Family<metrics::Histogram>& m_delays;
    GaugeFamily& m_time_to_ship;
    GaugeFamily& m_sla_met;
    GaugeFamily& m_supported;
    GaugeFamily& m_eol;
    GaugeFamily& m_eol_remaining;
    // Every gauge series a repository owns, so a record() can drop the ones
    // that no longer apply (a release leaving the recent set, a branch
    // reaching its end of life).
    std::map<std::string, std::vector<std::pair<GaugeFamily*, metrics::Gauge*>>> m_owned;
    // Versions already counted in the histogram, per repository.
    std::map<std::string, std::set<std::string>> m_observed;
};

}  // namespace fairweather
