#include "monitor/leadership.h"

namespace fairweather::monitor {

Leadership::Leadership(LeaderMetrics& metrics) : m_metrics(metrics) {
    m_metrics.record(true, 0);
}

Leadership::Leadership(Lease& lease, std::string holder, Duration length, Duration renew_interval,
                       Clock& steady, Clock& wall, LeaderMetrics& metrics, Recorder& recorder,
                       Log& log)
    : m_lease(&lease),
      m_holder(std::move(holder)),
      m_length(length),
      m_renew(renew_interval),
      m_steady(&steady),
      m_wall(&wall),
      m_metrics(metrics),
      m_recorder(&recorder),
      m_log(&log) {
    m_metrics.record(false, 0);
}

bool Leadership::leading_locked() const {
    return m_lease == nullptr || (m_ours && m_steady->now() < m_trusted_until);
}

bool Leadership::leading() const {
    std::lock_guard lock(m_mutex);
    return leading_locked();
}

std::optional<Fence> Leadership::fence() const {
    if (m_lease == nullptr) {
        return std::nullopt;
    }
    std::lock_guard lock(m_mutex);
    return Fence{m_holder, m_epoch};
}

Duration Leadership::step() {
    if (m_lease == nullptr) {
        return m_renew;
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_ours && !leading_locked()) {
            // Paused, or cut off from the database, past the time it trusted itself.
            step_down_locked(
                "the lease was not renewed in time (this process was paused or "
                "could not reach the database)");
        }
    }
    // Trust is measured from before the request: the database's expiry is
    // at least `remaining` after this moment.
    const TimePoint sent = m_steady->now();
    const auto view = m_lease->acquire_or_renew(m_holder, m_length);
    std::lock_guard lock(m_mutex);
    if (!view) {
        m_recorder->store_failed("renewing the leader lease", view.error(), m_wall->now());
        return m_renew;
    }
    if (view->ours) {
        const bool new_term = !m_ours || view->epoch != m_epoch;
        m_ours = true;
        m_epoch = view->epoch;
        m_trusted_until = sent + view->remaining - m_renew;
        if (new_term) {
            m_metrics.record_change();
            m_log->event(m_wall->now(), "now leading (lease epoch " + std::to_string(m_epoch) +
                                            ", holder " + m_holder +
                                            "): polling and dispatching for every monitor on "
                                            "this database");
        }
    } else {
        m_epoch = view->epoch;
        if (m_ours) {
            step_down_locked(view->holder + " holds the lease (epoch " +
                             std::to_string(view->epoch) + ")");
        }
    }
    m_metrics.record(leading_locked(), m_epoch);
    return m_renew;
}

void Leadership::step_down_locked(const std::string& why) {
    m_ours = false;
    m_metrics.record_change();
    m_metrics.record(false, m_epoch);
    m_log->event(m_wall->now(), "no longer leading (lease epoch " + std::to_string(m_epoch) +
                                    "): " + why + "; following: serving the shared state");
}

void Leadership::lost(const std::string& why) {
    if (m_lease == nullptr) {
        return;
    }
    std::lock_guard lock(m_mutex);
    if (m_ours) {
        step_down_locked(why);
    }
}

void Leadership::resign() {
    if (m_lease == nullptr) {
        return;
    }
    std::lock_guard lock(m_mutex);
    if (!m_ours) {
        return;
    }
    if (auto r = m_lease->release(m_holder, m_epoch); !r) {
        m_recorder->store_failed("giving up the leader lease", r.error(), m_wall->now());
    }
    m_ours = false;
    m_metrics.record(false, m_epoch);
    m_log->event(m_wall->now(), "no longer leading (lease epoch " + std::to_string(m_epoch) +
                                    "): gave the lease up on stopping");
}

}  // namespace fairweather::monitor
