#include "exporters/gate_metrics.h"

#include "exporters/catalogue.h"
#include "exporters/families.h"
#include "exporters/registry.h"
#include "exporters/weather_metrics.h"

namespace fairweather {

std::string render_gate_metrics(const GateDecisionMetrics& d) {
    metrics::Registry registry;
    const metrics::Labels who{
        {"kind", std::string(to_string(d.kind))}, {"repo", d.repo}, {"release", d.release}};

    auto& decision = register_gauge(registry, "fairweather_gate_decision");
    for (const Decision each : {Decision::proceed, Decision::defer, Decision::block}) {
        metrics::Labels labels = who;
        labels["decision"] = std::string(to_string(each));
        decision.add(labels).set(each == d.decision ? 1 : 0);
    }
    auto& weather = register_gauge(registry, "fairweather_gate_weather_state");
    for (const Weather each :
         {Weather::fair, Weather::degraded, Weather::outage, Weather::unknown}) {
        metrics::Labels labels = who;
        labels["state"] = std::string(to_string(each));
        weather.add(labels).set(each == d.weather ? 1 : 0);
    }
    register_gauge(registry, "fairweather_gate_exit_code").add(who).set(d.exit_code);
    register_gauge(registry, "fairweather_gate_last_decision_timestamp_seconds")
        .add(who)
        .set(to_unix_seconds(d.decided_at));
    register_gauge(registry, "fairweather_gate_wait_seconds")
        .add(who)
        .set(exporters::seconds(d.waited));
    return serialize_metrics(registry);
}

}  // namespace fairweather
