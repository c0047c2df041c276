#pragma once
// Prometheus families for the deferred security-release queue.
// Thread-safe.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/queue/item.h"
#include "exporters/registry.h"

namespace fairweather {

class QueueMetrics {
  public:
    explicit QueueMetrics(metrics::Registry& registry);

    // Sets the size by state, the oldest pending age and each pending item's
    // time to its deadline, from every item in the queue, and how many rows
    // could not be read.
    void record_queue(const std::vector<QueueItem>& items, std::size_t unreadable, TimePoint now);
    // result: accepted (GitHub took it), rejected (GitHub refused it for good),
    // unknown (no answer: the run is looked for before anything else is done).
    void record_dispatch(const std::string& result);
    void record_shipped(Duration time_to_ship);
    void record_sla_breach();
    // An item failed for good (GitHub refused it, or max_attempts ran out).
    void record_failure();

  private:
    std::mutex m_mutex;
    metrics::Family<metrics::Gauge>& m_size;
    metrics::Gauge& m_unreadable;
    metrics::Family<metrics::Gauge>& m_oldest;
    metrics::Family<metrics::Gauge>& m_deadline;
    metrics::Family<metrics::Counter>& m_breaches;
    metrics::Family<metrics::Counter>& m_dispatches;
    metrics::Counter& m_failures;
    metrics::Histogram& m_time_to_ship;
    std::map<std::string, metrics::Gauge*> m_deadline_series;  // by item id
};

}  // namespace fairweather
