#pragma once
// The gate's decision: from a release kind and the weather, proceed, defer or
// block, by a policy table. Pure functions over plain structs.

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/release/kind.h"
#include "core/util/time.h"
#include "core/weather/weather.h"

namespace fairweather {

enum class Decision { proceed, defer, block };

std::string_view to_string(Decision d);
std::optional<Decision> parse_decision(std::string_view text);
std::ostream& operator<<(std::ostream& out, Decision d);

// What to do for one release kind in each weather.
struct KindPolicy {
    Decision fair = Decision::proceed;
    Decision degraded = Decision::defer;
    Decision outage = Decision::defer;
    Decision unknown = Decision::defer;

    Decision for_weather(Weather w) const;
    Decision& for_weather(Weather w);
};

struct GatePolicy {
    // fair -> proceed; degraded -> defer; outage -> defer; unknown -> defer
    KindPolicy regular;
    KindPolicy patch;
    // A security fix goes out unless CI is known to be down: degraded and
    // unknown proceed (unknown with a warning).
    KindPolicy security{Decision::proceed, Decision::proceed, Decision::defer, Decision::proceed};
    // --wait: first pause between polls, and the most the pause grows to.
    Duration wait_interval = std::chrono::seconds{30};
    Duration wait_max_interval = std::chrono::minutes{5};

    const KindPolicy& for_kind(ReleaseKind k) const;
    KindPolicy& for_kind(ReleaseKind k);
};

struct GateDecision {
    Decision decision = Decision::defer;
    ReleaseKind kind = ReleaseKind::regular;
    Weather weather = Weather::unknown;
    // The decision in one line, then the evidence, worst first.
    std::vector<std::string> reasons;
    // Things a human should know even when the release proceeds.
    std::vector<std::string> warnings;
    std::vector<std::string> incident_ids;
    // The line of `reasons` that says what the weather's table decided
    // ("CI weather is fair: the regular release may proceed ([gate...])").
    std::string weather_line;
    // The table's rule alone: [gate.regular] fair = "proceed".
    std::string weather_rule;
};

// Decides by the policy's table for `kind` and the combined weather of `conditions`.
// Proceeding while the weather is not fair always carries a warning.
GateDecision decide(ReleaseKind kind, const Conditions& conditions, const GatePolicy& policy);

// Another rule (the release policy, a scheduled maintenance) decides `now`
// over the weather's table: the weather's line becomes a plain fact ("CI
// weather is fair ([gate.regular] fair = \"proceed\")"), so that no line of
// a block or a defer says the release may proceed.
void overrule(GateDecision& d, Decision now);

}  // namespace fairweather
