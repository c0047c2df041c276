#pragma once
// The clock seam. Code that needs "now" or has to wait takes a Clock&; only the
// composition roots (the two main()s) create a SystemClock, so tests step a
// ManualClock instead of sleeping.

#include <vector>

#include "core/util/time.h"

namespace fairweather {

class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint now() = 0;
    // Blocks for `d` (a SystemClock) or moves time on by `d` (a ManualClock).
    virtual void sleep_for(Duration d) = 0;
};

// Wall-clock time. Thread-safe.
class SystemClock final : public Clock {
  public:
    TimePoint now() override;
    void sleep_for(Duration d) override;
};

// Monotonic time (CLOCK_MONOTONIC: never set back, keeps counting while the
// process is stopped), for deadlines that must not move with the wall
// clock; its epoch is arbitrary. Thread-safe.
class SteadyClock final : public Clock {
  public:
    TimePoint now() override;
    void sleep_for(Duration d) override;
};

// Time that moves only when told to. sleep_for() advances it at once and
// remembers each request, so a test can assert how long code chose to wait.
// Not thread-safe.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(TimePoint start) : m_now(start) {}

    TimePoint now() override { return m_now; }
    void sleep_for(Duration d) override {
        m_sleeps.push_back(d);
        m_now += d;
    }

    void advance(Duration d) { m_now += d; }
    void set(TimePoint t) { m_now = t; }
    const std::vector<Duration>& sleeps() const { return m_sleeps; }

  private:
    TimePoint m_now;
    std::vector<Duration> m_sleeps;
};

}  // namespace fairweather
