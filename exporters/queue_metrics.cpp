#include "exporters/queue_metrics.h"

#include <set>

#include "exporters/catalogue.h"
#include "exporters/families.h"

namespace fairweather {
namespace {

using exporters::seconds;

constexpr QueueState k_states[] = {
    QueueState::queued,  QueueState::dispatching, QueueState::dispatched, QueueState::running,
    QueueState::shipped, QueueState::failed,      QueueState::cancelled};

}  // namespace

QueueMetrics::QueueMetrics(metrics::Registry& r)
    : m_size(register_gauge(r, "fairweather_security_releases")),
      m_unreadable(register_gauge(r, "fairweather_security_releases_unreadable").add({})),
      m_oldest(register_gauge(r, "fairweather_security_release_oldest_pending_seconds")),
      m_deadline(register_gauge(r, "fairweather_security_release_deadline_seconds")),
      m_breaches(register_counter(r, "fairweather_security_release_sla_breaches_total")),
      m_dispatches(register_counter(r, "fairweather_security_release_dispatches_total")),
      m_failures(register_counter(r, "fairweather_security_release_failures_total").add({})),
      m_time_to_ship(register_histogram(r, "fairweather_security_release_time_to_ship_seconds")
                         .add({}, std::vector<double>{600, 1800, 3600, 7200, 21600, 43200, 86400,
                                                      172800, 259200, 604800})) {
    m_breaches.add({});
    for (const char* result : {"accepted", "rejected", "unknown"}) {
        m_dispatches.add({{"result", result}});
    }
    for (const QueueState s : k_states) {
        m_size.add({{"state", std::string(to_string(s))}}).set(0);
    }
    m_oldest.add({}).set(0);
}

void QueueMetrics::record_queue(const std::vector<QueueItem>& items, std::size_t unreadable,
                                TimePoint now) {
    std::lock_guard lock(m_mutex);
    m_unreadable.set(static_cast<double>(unreadable));
    std::map<QueueState, int> counts;
    std::optional<TimePoint> oldest;
    std::set<std::string> pending;
    for (const auto& item : items) {
        ++counts[item.state];
        if (is_final(item.state)) {
            continue;
        }
        if (!oldest || item.enqueued_at < *oldest) {
            oldest = item.enqueued_at;
        }
        pending.insert(item.id);
        auto& g = m_deadline_series[item.id];
        if (g == nullptr) {
            g = &m_deadline.add({{"id", item.id}, {"repo", item.repo}, {"version", item.version}});
        }
        g->set(seconds(item.deadline - now));
    }
    for (const QueueState s : k_states) {
        m_size.add({{"state", std::string(to_string(s))}}).set(counts[s]);
    }
    m_oldest.add({}).set(oldest ? seconds(now - *oldest) : 0);
    for (auto it = m_deadline_series.begin(); it != m_deadline_series.end();) {
        if (!pending.contains(it->first)) {
            m_deadline.remove(it->second);
            it = m_deadline_series.erase(it);
        } else {
            ++it;
        }
    }
}

void QueueMetrics::record_dispatch(const std::string& result) {
    m_dispatches.add({{"result", result}}).increment();
}

void QueueMetrics::record_shipped(Duration time_to_ship) {
    m_time_to_ship.observe(seconds(time_to_ship));
}

void QueueMetrics::record_sla_breach() {
    m_breaches.add({}).increment();
}

void QueueMetrics::record_failure() {
    m_failures.increment();
}

}  // namespace fairweather
