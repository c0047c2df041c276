#pragma once
// Every metric family fairweather exports, in one table: name, type, labels
// and help. The exporters register their families from it (so a name, a type
// or a help text is written once), and a test checks the README's metric
// list against it.

#include <span>
#include <string_view>
#include <vector>

#include "exporters/registry.h"

namespace fairweather {

// The registry's kinds (metrics::to_string names them).
using MetricType = metrics::Kind;

struct MetricFamily {
    std::string_view name;  // "fairweather_weather_state"
    MetricType type;
    std::string_view
        labels;  // "source,state": the labels its series carry (histograms: besides le)
    std::string_view help;

    std::vector<std::string_view> label_names() const;
};

// The monitor's families, then the gate's, each group in the order its
// exporter registers them.
std::span<const MetricFamily> metric_catalogue();

// The family called `name`. Throws std::logic_error when it is not in the
// catalogue: a family is added to the table before it is registered.
const MetricFamily& metric_family(std::string_view name);

// Register the family called `name` in `registry`, with its catalogued help.
// Throw std::logic_error for a name not catalogued, or catalogued as another
// type. Thread-safe as metrics::Registry is.
metrics::Family<metrics::Gauge>& register_gauge(metrics::Registry& registry, std::string_view name);
metrics::Family<metrics::Counter>& register_counter(metrics::Registry& registry,
                                                    std::string_view name);
metrics::Family<metrics::Histogram>& register_histogram(metrics::Registry& registry,
                                                        std::string_view name);

}  // namespace fairweather
