#include "monitor/cadence.h"

#include "core/history/delay_report.h"
#include "core/history/release_history.h"

namespace fairweather::monitor {

Cadence::Cadence(const Config& config, StateStore& store, ReleaseMetrics& metrics,
                 Recorder& recorder)
    : m_config(config), m_store(store), m_metrics(metrics), m_recorder(recorder) {}

TimePoint Cadence::refresh(TimePoint now) {
    if (now >= m_next) {
        m_next = now + std::chrono::minutes{1};
        update(now);
    }
    return m_next;
}

void Cadence::update(TimePoint now) {
    const ReleasePolicy& policy = m_config.policy;
    const Date today = policy.time_zone.local_date(now);
    DelayReportInputs inputs;
    inputs.security_marker = m_config.report.security_marker;
    if (auto items = m_store.queue_items(false)) {
        inputs.queue = std::move(items->items);
    } else {
        m_recorder.store_failed("reading the queue for the cadence metrics", items.error(), now);
    }
    for (const auto& repo : m_config.repos) {
        const auto records = m_store.releases(repo.name);
        if (!records) {
            m_recorder.store_failed("reading releases for the cadence metrics", records.error(),
                                    now);
            continue;
        }
        ReleaseHistory history = to_release_history(*records, policy);
        const auto known = known_releases(history.releases, policy, "github");
        const Plan plan = make_plan(policy, known, !known.empty(), today);
        inputs.releases = std::move(history.releases);
        const DelayReport report = make_delay_report(policy, repo.name, inputs, std::nullopt, today,
                                                     now, m_config.report.include_prereleases);
        m_metrics.record(repo.name, policy, plan, report, m_config.report.recent_releases, now);
    }
}

}  // namespace fairweather::monitor
