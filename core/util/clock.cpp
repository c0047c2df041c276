#include "core/util/clock.h"

#include <thread>

namespace fairweather {

TimePoint SystemClock::now() {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

void SystemClock::sleep_for(Duration d) {
    if (d.count() > 0) {
        std::this_thread::sleep_for(d);
    }
}

TimePoint SteadyClock::now() {
    return TimePoint(
        std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now().time_since_epoch()));
}

void SteadyClock::sleep_for(Duration d) {
    if (d.count() > 0) {
        std::this_thread::sleep_for(d);
    }
}

}  // namespace fairweather
