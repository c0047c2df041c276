#pragma once
// The monitor's log: whole lines from any thread. Events carry the time they
// are about (the loop's `now`, so a test on a manual clock reads the times it
// set); errors carry the program's name.

#include <mutex>
#include <ostream>
#include <string_view>

#include "core/util/time.h"

namespace fairweather::monitor {

// Thread-safe: each line is written and flushed under one mutex.
class Log {
  public:
    explicit Log(std::ostream& out) : m_out(out) {}

    // "2026-11-20T14:30:00Z <text>"
    void event(TimePoint at, std::string_view text) {
        std::lock_guard lock(m_mutex);
        m_out << format_timestamp(at) << " " << text << std::endl;
    }
    // "fairweather-monitor: error: <text>"
    void error(std::string_view text) {
        std::lock_guard lock(m_mutex);
        m_out << "fairweather-monitor: error: " << text << std::endl;
    }

  private:
    std::mutex m_mutex;
    std::ostream& m_out;
};

}  // namespace fairweather::monitor
