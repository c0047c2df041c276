#include "core/weather/decision.h"

#include <ostream>

namespace fairweather {

std::string_view to_string(Decision d) {
    switch (d) {
        case Decision::proceed:
            return "proceed";
        case Decision::defer:
            return "defer";
        case Decision::block:
            return "block";
    }
    return "defer";
}

std::optional<Decision> parse_decision(std::string_view text) {
    for (const auto d : {Decision::proceed, Decision::defer, Decision::block}) {
        if (text == to_string(d)) {
            return d;
        }
    }
    return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, Decision d) {
    return out << to_string(d);
}

namespace {

// One switch serves the const and the mutable accessor.
template <class Policy>
auto& cell(Policy& policy, Weather w) {
    switch (w) {
        case Weather::fair:
            return policy.fair;
        case Weather::degraded:
            return policy.degraded;
        case Weather::outage:
            return policy.outage;
        case Weather::unknown:
            return policy.unknown;
    }
    return policy.unknown;
}

template <class Gate>
auto& row(Gate& gate, ReleaseKind k) {
    switch (k) {
        case ReleaseKind::regular:
            return gate.regular;
        case ReleaseKind::patch:
            return gate.patch;
        case ReleaseKind::security:
            return gate.security;
    }
    return gate.regular;
}

}  // namespace

Decision KindPolicy::for_weather(Weather w) const {
    return cell(*this, w);
}
Decision& KindPolicy::for_weather(Weather w) {
    return cell(*this, w);
}
const KindPolicy& GatePolicy::for_kind(ReleaseKind k) const {
    return row(*this, k);
}
KindPolicy& GatePolicy::for_kind(ReleaseKind k) {
    return row(*this, k);
}

GateDecision decide(ReleaseKind kind, const Conditions& conditions, const GatePolicy& policy) {
    GateDecision v;
    v.kind = kind;
    v.weather = conditions.weather;
    v.decision = policy.for_kind(kind).for_weather(conditions.weather);
    v.incident_ids = conditions.incident_ids();

    const std::string rule = "[gate." + std::string(to_string(kind)) + "] " +
                             std::string(to_string(conditions.weather)) + " = \"" +
                             std::string(to_string(v.decision)) + "\"";
    std::string headline = "CI weather is " + std::string(to_string(conditions.weather)) + ": ";
    switch (v.decision) {
        case Decision::proceed:
            headline += "the " + std::string(to_string(kind)) + " release may proceed";
            break;
        case Decision::defer:
            headline +=
                "defer the " + std::string(to_string(kind)) + " release and try again later";
            break;
        case Decision::block:
            headline += "the " + std::string(to_string(kind)) + " release is blocked";
            break;
    }
    v.weather_rule = rule;
    v.weather_line = headline + " (" + rule + ")";
    v.reasons.push_back(v.weather_line);
    const auto evidence = conditions.reasons();
    v.reasons.insert(v.reasons.end(), evidence.begin(), evidence.end());

    if (v.decision == Decision::proceed && conditions.weather != Weather::fair) {
        std::string warning = "proceeding although CI weather is " +
                              std::string(to_string(conditions.weather)) + " (" + rule + ")";
        if (conditions.weather == Weather::unknown) {
            warning += ": the sources could not be read, so nobody checked that CI is up";
        }
        v.warnings.push_back(std::move(warning));
    }
    return v;
}

void overrule(GateDecision& d, Decision now) {
    d.decision = now;
    const std::string fact =
        "CI weather is " + std::string(to_string(d.weather)) + " (" + d.weather_rule + ")";
    for (auto& reason : d.reasons) {
        if (!d.weather_line.empty() && reason == d.weather_line) {
            reason = fact;
        }
    }
    d.weather_line = fact;
}

}  // namespace fairweather
