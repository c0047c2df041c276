#include "core/weather/weather.h"

#include <algorithm>
#include <array>
#include <ostream>

namespace fairweather {

std::string_view to_string(Weather w) {
    switch (w) {
        case Weather::fair:
            return "fair";
        case Weather::degraded:
            return "degraded";
        case Weather::outage:
            return "outage";
        case Weather::unknown:
            return "unknown";
    }
    return "unknown";
}

std::optional<Weather> parse_weather(std::string_view text) {
    for (const Weather w : {Weather::fair, Weather::degraded, Weather::outage, Weather::unknown}) {
        if (text == to_string(w)) {
            return w;
        }
    }
    return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, Weather w) {
    return out << to_string(w);
}

int severity(Weather w) {
    switch (w) {
        case Weather::fair:
            return 0;
        case Weather::degraded:
            return 1;
        case Weather::unknown:
            return 2;
        case Weather::outage:
            return 3;
    }
    return 2;
}

Weather worst(Weather a, Weather b) {
    return severity(a) >= severity(b) ? a : b;
}

namespace {

std::vector<const Observation*> worst_first(const std::vector<Observation>& sources) {
    std::vector<const Observation*> order;
    for (const auto& s : sources) {
        order.push_back(&s);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
        return severity(a->weather) > severity(b->weather);
    });
    return order;
}

}  // namespace

std::vector<std::string> Conditions::reasons() const {
    std::vector<std::string> out = notes;
    for (const Observation* s : worst_first(sources)) {
        out.insert(out.end(), s->reasons.begin(), s->reasons.end());
    }
    return out;
}

std::vector<std::string> Conditions::incident_ids() const {
    std::vector<std::string> out;
    for (const auto& s : sources) {
        for (const auto& incident : s.incidents) {
            if (std::find(out.begin(), out.end(), incident.id) == out.end()) {
                out.push_back(incident.id);
            }
        }
    }
    return out;
}

std::optional<Duration> Conditions::retry_after() const {
    std::optional<Duration> longest;
    for (const auto& s : sources) {
        if (s.retry_after && (!longest || *s.retry_after > *longest)) {
            longest = s.retry_after;
        }
    }
    return longest;
}

Conditions combine(std::vector<Observation> sources, TimePoint observed_at) {
    Conditions conditions;
    conditions.observed_at = observed_at;
    conditions.weather = sources.empty() ? Weather::unknown : Weather::fair;
    for (const auto& s : sources) {
        conditions.weather = worst(conditions.weather, s.weather);
    }
    conditions.sources = std::move(sources);
    return conditions;
}

}  // namespace fairweather
