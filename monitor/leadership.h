#pragma once
// Who leads among monitors that share one database (see DESIGN.md, "More
// than one monitor"). Only the leader polls GitHub and the status pages and
// dispatches; a follower serves what the leader saved.
//
// step() takes or renews the lease (core/store/lease.h) every
// renew_interval. The leader trusts itself only until renew_interval before
// its last renewal would expire, measured from before that renewal was sent
// on its own monotonic clock: a process paused past its lease, or cut off
// from the database, stops leading by itself, before another can have taken
// the lease. A queue write the database refused because the fence no longer
// holds (lost()) ends leadership at once. A monitor with no lease (the
// embedded SQLite state, one monitor alone) always leads.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "core/store/lease.h"
#include "core/util/clock.h"
#include "exporters/leader_metrics.h"
#include "monitor/log.h"
#include "monitor/recorder.h"

namespace fairweather::monitor {

class Leadership {
  public:
    // The single-node case: always leads, no fence.
    explicit Leadership(LeaderMetrics& metrics);
    // Leads only while holding `lease` as `holder`, for `length`, renewed
    // every `renew_interval`. `steady` must be monotonic (SteadyClock; a
    // ManualClock in tests); `wall` stamps the log. All references must
    // outlive the Leadership.
    Leadership(Lease& lease, std::string holder, Duration length, Duration renew_interval,
               Clock& steady, Clock& wall, LeaderMetrics& metrics, Recorder& recorder, Log& log);
    Leadership(const Leadership&) = delete;
    Leadership& operator=(const Leadership&) = delete;

    // Takes or renews the lease once; returns how long until the next step.
    // Does nothing without a lease.
    Duration step();
    // Whether this monitor leads now, by its own monotonic clock. Thread-safe.
    bool leading() const;
    // The fence to pass with queue writes while leading; nullopt without a lease.
    std::optional<Fence> fence() const;
    // A fenced write was refused: another monitor took the lease. Stops leading.
    void lost(const std::string& why);
    // Gives the lease up (a clean shutdown), so a follower takes over at its
    // next step instead of after a whole lease.
    void resign();

    bool shared() const { return m_lease != nullptr; }
    const std::string& holder() const { return m_holder; }
    Duration length() const { return m_length; }

  private:
    void step_down_locked(const std::string& why);
    bool leading_locked() const;

    Lease* m_lease = nullptr;
    const std::string m_holder;
    const Duration m_length{};
    const Duration m_renew{};
    Clock* m_steady = nullptr;
    Clock* m_wall = nullptr;
    LeaderMetrics& m_metrics;
    Recorder* m_recorder = nullptr;
    Log* m_log = nullptr;

    mutable std::mutex m_mutex;
    bool m_ours = false;          // holds the lease at m_epoch, as last renewed
    TimePoint m_trusted_until{};  // on the monotonic clock
    std::int64_t m_epoch = 0;     // the lease's epoch as last read
};

}  // namespace fairweather::monitor
