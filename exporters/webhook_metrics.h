#pragma once
// Prometheus families for GitHub's workflow_job webhook: deliveries by
// outcome and how late the accepted ones arrived. The families are
// registered always but carry no series (and so are not exported) until
// enable(): a monitor without [github] webhook_secret_file shows none of
// them. Thread-safe as the registry's series are.

#include <array>
#include <string_view>

#include "core/util/time.h"
#include "exporters/registry.h"

namespace fairweather {

class WebhookMetrics {
  public:
    // Every outcome fairweather_webhook_deliveries_total counts.
    static constexpr std::array<std::string_view, 6> k_outcomes = {
        "accepted", "duplicate", "unsigned", "bad_signature", "invalid", "ignored"};

    explicit WebhookMetrics(metrics::Registry& registry);

    // Adds every series at 0, so a rate() has a start before the first
    // delivery. Called once webhooks are on; idempotent.
    void enable();
    // One delivery with `outcome` (one of k_outcomes).
    void count(std::string_view outcome);
    // An accepted delivery's delay: from the moment the event happened on
    // GitHub to its arrival here.
    void observe_delay(Duration delay);

  private:
    metrics::Family<metrics::Counter>& m_deliveries;
    metrics::Family<metrics::Histogram>& m_delays;
};

}  // namespace fairweather
