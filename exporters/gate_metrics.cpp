#include "exporters/gate_metrics.h"

#include <prometheus/registry.h>

#include "exporters/catalogue.h"
#include "exporters/families.h"
#include "exporters/weather_metrics.h"

namespace fairweather {

std::string render_gate_metrics(const GateDecisionMetrics& d) {
    prometheus::Registry registry;
    const prometheus::Labels who{
        {"kind", std::string(to_string(d.kind))}, {"repo", d.repo}, {"release", d.release}};

    auto& decision = register_gauge(registry, "fairweather_gate_decision");
    for (const Decision each : {Decision::proceed, Decision::defer, Decision::block}) {
        prometheus::Labels labels = who;
        labels["decision"] = std::string(to_string(each));
        decision.Add(labels).Set(each == d.decision ? 1 : 0);
    }
    auto& weather = register_gauge(registry, "fairweather_gate_weather_state");
    for (const Weather each :
         {Weather::fair, Weather::degraded, Weather::outage, Weather::unknown}) {
        prometheus::Labels labels = who;
        labels["state"] = std::string(to_string(each));
        weather.Add(labels).Set(each == d.weather ? 1 : 0);
    }
    register_gauge(registry, "fairweather_gate_exit_code").Add(who).Set(d.exit_code);
    register_gauge(registry, "fairweather_gate_last_decision_timestamp_seconds")
        .Add(who)
        .Set(to_unix_seconds(d.decided_at));
    register_gauge(registry, "fairweather_gate_wait_seconds")
        .Add(who)
        .Set(exporters::seconds(d.waited));
    return serialize_metrics(registry);
}

}  // namespace fairweather
