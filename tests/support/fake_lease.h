#pragma once
// A leader lease in memory for the monitor's tests (core/store/lease.h):
// the same rules as the PostgreSQL lease, by a clock the test steps (the
// "database's" clock), and failures on demand. Shared by several monitors
// in one test as their one database. Header-only; thread-safe.

#include <mutex>
#include <string>

#include "core/store/lease.h"
#include "core/util/clock.h"

namespace fairweather::testing {

class FakeLease final : public Lease {
  public:
    explicit FakeLease(Clock& clock) : m_clock(clock) {}

    StoreResult<LeaseView> acquire_or_renew(const std::string& holder, Duration length) override {
        std::lock_guard lock(m_mutex);
        ++m_calls;
        if (m_failing) {
            return make_unexpected(StoreError{"cannot reach the database (a test's fake)"});
        }
        const TimePoint now = m_clock.now();
        if (m_holder.empty() || m_expires <= now) {
            m_holder = holder;
            m_epoch += 1;
            m_expires = now + length;
        } else if (m_holder == holder) {
            m_expires = now + length;
        }
        return view_locked(holder);
    }

    StoreResult<void> release(const std::string& holder, std::int64_t epoch) override {
        std::lock_guard lock(m_mutex);
        if (m_failing) {
            return make_unexpected(StoreError{"cannot reach the database (a test's fake)"});
        }
        if (m_holder == holder && m_epoch == epoch && m_expires > m_clock.now()) {
            m_expires = m_clock.now();
        }
        return {};
    }

    // Another replica takes the lease now, whatever its state (as after it expired).
    void take(const std::string& holder, Duration length) {
        std::lock_guard lock(m_mutex);
        m_holder = holder;
        m_epoch += 1;
        m_expires = m_clock.now() + length;
    }
    void set_failing(bool failing) {
        std::lock_guard lock(m_mutex);
        m_failing = failing;
    }
    std::string holder() const {
        std::lock_guard lock(m_mutex);
        return m_holder;
    }
    std::int64_t epoch() const {
        std::lock_guard lock(m_mutex);
        return m_epoch;
    }

  private:
    LeaseView view_locked(const std::string& caller) const {
        LeaseView v;
        v.holder = m_holder;
        v.epoch = m_epoch;
        const TimePoint now = m_clock.now();
        v.ours = m_holder == caller && m_expires > now;
        v.remaining = m_expires > now ? m_expires - now : Duration{};
        return v;
    }

    Clock& m_clock;
    mutable std::mutex m_mutex;
    std::string m_holder;
    std::int64_t m_epoch = 0;
    TimePoint m_expires{};
    bool m_failing = false;
    int m_calls = 0;
};

}  // namespace fairweather::testing
