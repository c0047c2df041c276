#include "core/weather/verdict.h"

namespace fairweather {

Hysteresis::Hysteresis(Duration recovery_window, std::optional<VerdictState> resumed)
    : m_window(recovery_window) {
    if (resumed) {
        m_state = std::move(*resumed);
        m_initialised = true;
    }
}

std::optional<TimePoint> Hysteresis::recovering_until() const {
    if (m_state.weather == Weather::fair || !m_state.fair_since) {
        return std::nullopt;
    }
    return *m_state.fair_since + m_window;
}

std::optional<Transition> Hysteresis::update(Weather raw, const std::string& cause, TimePoint now) {
    if (raw == Weather::fair) {
        if (!m_state.fair_since) {
            m_state.fair_since = now;
        }
    } else {
        m_state.fair_since.reset();
    }

    const Weather before = m_state.weather;
    Weather next = raw;
    std::string why = cause;
    if (!m_initialised) {
        m_initialised = true;
        why = "first observation: " + cause;
    } else if (raw == Weather::fair && before != Weather::fair) {
        const Duration fair_for = now - *m_state.fair_since;
        if (fair_for < m_window) {
            return std::nullopt;  // hold the verdict until the recovery window has passed
        }
        why = "every source fair for " + format_elapsed(fair_for) + " (recovery window " +
              format_duration(m_window) + "): " + cause;
    } else if (next == before) {
        return std::nullopt;
    }

    m_state.weather = next;
    m_state.since = now;
    m_state.cause = why;
    if (next == before) {
        return std::nullopt;  // the first observation agreed with the initial unknown
    }
    return Transition{now, before, next, why};
}

}  // namespace fairweather
