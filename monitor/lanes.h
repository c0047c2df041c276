#pragma once
// The monitor's threads: one per lane (host), so requests to a host go one
// at a time and a slow host never holds up another. Each ticks its lane and
// sleeps on the clock until the lane next has something to do.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/util/clock.h"
#include "monitor/monitor.h"

namespace fairweather::monitor {

// A lane that throws is guarded like run() itself: it records why, stops
// every lane and calls `on_failure` (run() wakes its main thread with it),
// never std::terminate. Thread-safe.
class Lanes {
  public:
    // Starts the threads at once. `monitor` and `clock` must outlive the Lanes.
    Lanes(Monitor& monitor, Clock& clock, std::function<void()> on_failure);
    Lanes(const Lanes&) = delete;
    Lanes& operator=(const Lanes&) = delete;
    ~Lanes();

    // Asks every lane to stop after its current tick, and waits for them.
    void stop();
    // Why a lane stopped the monitor, if one did: "lane api.github.com failed: ...".
    std::optional<std::string> failure();

  private:
    void loop(Monitor& monitor, Clock& clock, std::size_t lane);
    void fail(std::string why);

    std::function<void()> m_on_failure;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::optional<std::string> m_failure;
    std::vector<std::thread> m_threads;
};

}  // namespace fairweather::monitor
