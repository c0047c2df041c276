#include "monitor/lanes.h"

namespace fairweather::monitor {
namespace {

std::chrono::system_clock::time_point wall(TimePoint t) {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(t.time_since_epoch()));
}

}  // namespace

Lanes::Lanes(Monitor& monitor, Clock& clock, std::function<void()> on_failure)
    : m_on_failure(std::move(on_failure)) {
    for (std::size_t lane = 0; lane < monitor.lane_count(); ++lane) {
        m_threads.emplace_back([this, &monitor, &clock, lane] {
            try {
                loop(monitor, clock, lane);
            } catch (const std::exception& e) {
                fail("lane " + monitor.lane_host(lane) + " failed: " + e.what());
            } catch (...) {
                fail("lane " + monitor.lane_host(lane) + " failed with an unknown exception");
            }
        });
    }
}

Lanes::~Lanes() {
    stop();
}

void Lanes::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (auto& t : m_threads) {
        if (t.joinable()) {
            t.join();
        }
    }
}

std::optional<std::string> Lanes::failure() {
    std::lock_guard lock(m_mutex);
    return m_failure;
}

void Lanes::loop(Monitor& monitor, Clock& clock, std::size_t lane) {
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        const TimePoint next = monitor.tick_lane(lane, clock.now());
        lock.lock();
        // A ManualClock does not move while the thread waits: only a stop wakes it.
        m_wake.wait_until(lock, wall(next), [&] { return m_stopping; });
    }
}

void Lanes::fail(std::string why) {
    {
        std::lock_guard lock(m_mutex);
        if (!m_failure) {
            m_failure = std::move(why);
        }
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_on_failure) {
        m_on_failure();
    }
}

}  // namespace fairweather::monitor
