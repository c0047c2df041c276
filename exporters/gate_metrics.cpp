#include "exporters/gate_metrics.h"

#include <prometheus/registry.h>

#include "exporters/families.h"
#include "exporters/weather_metrics.h"

namespace fairweather {

std::string render_gate_metrics(const GateDecisionMetrics& d) {
    using exporters::gauge;
    prometheus::Registry registry;
    const prometheus::Labels who{
        {"kind", std::string(to_string(d.kind))}, {"repo", d.repo}, {"release", d.release}};

    auto& decision = gauge(registry, "fairweather_gate_decision",
                           "The gate's decision for the release: 1 for the one made (proceed, "
                           "defer or block), 0 for the others.");
    for (const Decision each : {Decision::proceed, Decision::defer, Decision::block}) {
        prometheus::Labels labels = who;
        labels["decision"] = std::string(to_string(each));
        decision.Add(labels).Set(each == d.decision ? 1 : 0);
    }
    auto& weather = gauge(registry, "fairweather_gate_weather_state",
                          "The CI weather the gate decided on: 1 for the current state.");
    for (const Weather each :
         {Weather::fair, Weather::degraded, Weather::outage, Weather::unknown}) {
        prometheus::Labels labels = who;
        labels["state"] = std::string(to_string(each));
        weather.Add(labels).Set(each == d.weather ? 1 : 0);
    }
    gauge(registry, "fairweather_gate_exit_code",
          "The gate's exit status: 0 proceed, 75 defer, 1 block, 74 outputs not written.")
        .Add(who)
        .Set(d.exit_code);
    gauge(registry, "fairweather_gate_last_decision_timestamp_seconds", "When the gate decided.")
        .Add(who)
        .Set(to_unix_seconds(d.decided_at));
    gauge(registry, "fairweather_gate_wait_seconds",
          "How long the gate waited for the weather to clear (--wait) before deciding.")
        .Add(who)
        .Set(exporters::seconds(d.waited));
    return serialize_metrics(registry);
}

}  // namespace fairweather
