#include "exporters/webhook_metrics.h"

#include <string>
#include <vector>

#include "exporters/catalogue.h"
#include "exporters/families.h"

namespace fairweather {
namespace {

// GitHub delivers within a second or two when healthy and retries nothing
// by itself; the upper buckets catch a backlog on GitHub's side.
std::vector<double> delay_buckets() {
    return {0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900};
}

}  // namespace

WebhookMetrics::WebhookMetrics(metrics::Registry& r)
    : m_deliveries(register_counter(r, "fairweather_webhook_deliveries_total")),
      m_delays(register_histogram(r, "fairweather_webhook_delivery_delay_seconds")) {}

void WebhookMetrics::enable() {
    for (const std::string_view outcome : k_outcomes) {
        m_deliveries.add({{"outcome", std::string(outcome)}});
    }
    m_delays.add({}, delay_buckets());
}

void WebhookMetrics::count(std::string_view outcome) {
    m_deliveries.add({{"outcome", std::string(outcome)}}).increment();
}

void WebhookMetrics::observe_delay(Duration delay) {
    m_delays.add({}, delay_buckets()).observe(exporters::seconds(delay));
}

}  // namespace fairweather
