#pragma once
// The metrics of one fairweather-gate decision, for a Pushgateway or a
// node_exporter textfile: a gate is a short-lived job, so it hands its result
// to something that is scraped rather than being scraped itself.

#include <string>

#include "core/util/time.h"
#include "core/weather/decision.h"
#include "core/weather/weather.h"

namespace fairweather {

struct GateDecisionMetrics {
    ReleaseKind kind = ReleaseKind::regular;
    std::string repo;     // may be empty
    std::string release;  // may be empty
    Decision decision = Decision::proceed;
    Weather weather = Weather::unknown;
    int exit_code = 0;
    TimePoint decided_at{};
    Duration waited{0};  // time spent in --wait
};

// The Prometheus text exposition of `d`: fairweather_gate_decision (1 for the
// decision made, 0 for the others, so `== 1` selects it), the weather seen,
// the exit status, when it was decided and how long it waited. Labels: kind,
// repo, release. Passes `promtool check metrics`.
std::string render_gate_metrics(const GateDecisionMetrics& d);

}  // namespace fairweather
