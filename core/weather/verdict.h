#pragma once
// The combined verdict with hysteresis: bad news is believed at once, good
// news only after it has held for the recovery window, so a release never
// starts into a flapping recovery.

#include <optional>
#include <string>

#include "core/util/time.h"
#include "core/weather/weather.h"

namespace fairweather {

// A change of the combined verdict.
struct Transition {
    TimePoint at{};
    Weather from = Weather::unknown;
    Weather to = Weather::unknown;
    std::string cause;
};

// The combined verdict and its hysteresis clock, enough to resume after a restart.
struct VerdictState {
    Weather weather = Weather::unknown;
    TimePoint since{};
    std::string cause;
    // The raw (un-held) weather has been fair continuously since then.
    std::optional<TimePoint> fair_since;
};

// Rules, for the raw combined weather fed in at each step:
// - The very first observation (no saved state) is taken as it is.
// - A raw weather that is not fair becomes the verdict at once (outage,
//   degraded and unknown alike; from one to another too).
// - While the verdict is not fair and the raw weather is fair, the verdict is
//   held until the raw weather has been fair for the whole recovery window;
//   recovering_until() says when that will be.
// Not thread-safe.
class Hysteresis {
  public:
    // `resumed`: the state saved before a restart, if any.
    Hysteresis(Duration recovery_window, std::optional<VerdictState> resumed);

    // Feeds the raw combined weather at `now` with its cause (the first
    // reason). Returns the transition when the verdict changed.
    std::optional<Transition> update(Weather raw, const std::string& cause, TimePoint now);

    // The current verdict; weather unknown before the first update.
    const VerdictState& state() const { return m_state; }
    // Set while a non-fair verdict is held although the raw weather is fair.
    std::optional<TimePoint> recovering_until() const;
    // True once there is a verdict (after the first update or a resume).
    bool initialised() const { return m_initialised; }

  private:
    Duration m_window;
    VerdictState m_state;
    bool m_initialised = false;
};

}  // namespace fairweather
