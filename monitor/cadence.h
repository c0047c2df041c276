#pragma once
// The release cadence metrics: each watched repository's next and last
// release, whether one is overdue, recent delays and the supported releases,
// from the releases the monitor has read and the [policy]. Refreshed every
// minute on GitHub's lane (the ages move with the clock even while GitHub is
// backed off or out of budget).

#include "config/config.h"
#include "core/store/state_store.h"
#include "exporters/release_metrics.h"
#include "monitor/recorder.h"

namespace fairweather::monitor {

// Meant for one lane: not thread-safe itself (the metrics and the store are).
class Cadence {
  public:
    // Keeps references; all must outlive the Cadence. Needs a [policy].
    Cadence(const Config& config, StateStore& store, ReleaseMetrics& metrics, Recorder& recorder);

    // Refreshes the metrics when a minute has passed since the last time;
    // returns when it next wants to.
    TimePoint refresh(TimePoint now);

  private:
    void update(TimePoint now);

    const Config& m_config;
    StateStore& m_store;
    ReleaseMetrics& m_metrics;
    Recorder& m_recorder;
    TimePoint m_next{};
};

}  // namespace fairweather::monitor
