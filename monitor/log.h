#pragma once
// The monitor's log: whole lines from any thread. Events carry the time they
// are about (the loop's `now`, so a test on a manual clock reads the times it
// set); errors carry the program's name.

#include <map>
#include <mutex>
#include <ostream>
#include <string>
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

    // An error that may repeat on every write (a failing disk): the first
    // of a `key` is written, the repeats within `quiet` of the last line
    // written are only counted, and the next line written says how many
    // there were. `key` names the kind of failure (a constant, or one per
    // row or file: keys are kept for the process's life).
    void repeated_error(TimePoint at, std::string_view key, std::string_view text,
                        Duration quiet = std::chrono::minutes{5}) {
        std::lock_guard lock(m_mutex);
        auto [it, first] = m_repeats.try_emplace(std::string(key));
        Repeats& r = it->second;
        if (!first && at < r.last_written + quiet) {
            ++r.held_back;
            return;
        }
        m_out << "fairweather-monitor: error: " << text;
        if (r.held_back > 0) {
            m_out << " (" << r.held_back << " more like this since "
                  << format_timestamp(r.last_written) << ")";
        }
        m_out << std::endl;
        r.last_written = at;
        r.held_back = 0;
    }

  private:
    struct Repeats {
        TimePoint last_written{};
        long long held_back = 0;
    };

    std::mutex m_mutex;
    std::ostream& m_out;
    std::map<std::string, Repeats, std::less<>> m_repeats;
};

}  // namespace fairweather::monitor
