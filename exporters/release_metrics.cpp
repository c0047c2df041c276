#include "exporters/release_metrics.h"

#include <algorithm>

#include "exporters/catalogue.h"
#include "exporters/families.h"

namespace fairweather {
namespace {

using exporters::seconds;

constexpr double k_day = 86400.0;

// The newest `n` rows that pass `keep`, oldest first.
template <class Keep>
std::vector<const DelayRow*> newest(const DelayReport& report, int n, Keep keep) {
    std::vector<const DelayRow*> out;
    for (auto it = report.rows.rbegin();
         it != report.rows.rend() && out.size() < static_cast<std::size_t>(n); ++it) {
        if (keep(*it)) {
            out.push_back(&*it);
        }
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace

ReleaseMetrics::ReleaseMetrics(metrics::Registry& r)
    : m_next(register_gauge(r, "fairweather_release_next_scheduled_timestamp_seconds")),
      m_last(register_gauge(r, "fairweather_release_last_published_timestamp_seconds")),
      m_since_last(register_gauge(r, "fairweather_release_since_last_seconds")),
      m_overdue(register_gauge(r, "fairweather_release_overdue")),
      m_overdue_seconds(register_gauge(r, "fairweather_release_overdue_seconds")),
      m_delay(register_gauge(r, "fairweather_release_delay_seconds")),
      m_delays(register_histogram(r, "fairweather_release_publication_delay_seconds")),
      m_time_to_ship(register_gauge(r, "fairweather_release_security_time_to_ship_seconds")),
      m_sla_met(register_gauge(r, "fairweather_release_security_sla_met")),
      m_supported(register_gauge(r, "fairweather_release_supported")),
      m_eol(register_gauge(r, "fairweather_release_eol_timestamp_seconds")),
      m_eol_remaining(register_gauge(r, "fairweather_release_eol_remaining_seconds")) {}

void ReleaseMetrics::set(const std::string& repo, GaugeFamily& family,
                         const metrics::Labels& labels, double value) {
    auto& g = family.add(labels);
    g.set(value);
    m_owned[repo].emplace_back(&family, &g);
}

void ReleaseMetrics::record(const std::string& repo, const ReleasePolicy& policy, const Plan& plan,
                            const DelayReport& report, int recent, TimePoint now) {
    std::lock_guard lock(m_mutex);
    for (const auto& [family, g] : m_owned[repo]) {
        family->remove(g);
    }
    m_owned[repo].clear();

    const metrics::Labels r{{"repo", repo}};
    std::optional<TimePoint> overdue_since;
    if (plan.next_release) {
        const TimePoint day = policy.time_zone.start_of_day(plan.next_release->date);
        set(repo, m_next, r, to_unix_seconds(day));
        if (plan.next_release->overdue) {
            overdue_since = day;
        }
    }
    set(repo, m_overdue, r, overdue_since ? 1 : 0);
    set(repo, m_overdue_seconds, r, overdue_since ? seconds(now - *overdue_since) : 0.0);
    if (!report.rows.empty()) {
        const TimePoint last = report.rows.back().release.published_at;
        set(repo, m_last, r, to_unix_seconds(last));
        set(repo, m_since_last, r, seconds(now - last));
    }

    auto& histogram = m_delays.add(
        r, std::vector<double>{0, k_day, 2 * k_day, 3 * k_day, 7 * k_day, 14 * k_day, 30 * k_day});
    auto& observed = m_observed[repo];
    for (const DelayRow* row :
         newest(report, recent, [](const DelayRow& x) { return x.delay_days.has_value(); })) {
        const double delay = *row->delay_days * k_day;
        const std::string version = row->release.version.text();
        set(repo, m_delay, {{"repo", repo}, {"version", version}}, delay);
        if (observed.insert(version).second) {
            histogram.observe(delay);
        }
    }
    for (const DelayRow* row :
         newest(report, recent, [](const DelayRow& x) { return x.time_to_ship.has_value(); })) {
        const metrics::Labels labels{{"repo", repo}, {"version", row->release.version.text()}};
        set(repo, m_time_to_ship, labels, seconds(*row->time_to_ship));
        if (row->sla_met) {
            set(repo, m_sla_met, labels, *row->sla_met ? 1 : 0);
        }
    }
    for (const auto& line : plan.supported) {
        const metrics::Labels labels{
            {"repo", repo}, {"branch", line.branch}, {"lts", line.lts ? "true" : "false"}};
        set(repo, m_supported, labels, 1);
        if (line.eol) {
            const TimePoint eol = policy.time_zone.start_of_day(*line.eol);
            set(repo, m_eol, labels, to_unix_seconds(eol));
            set(repo, m_eol_remaining, {{"repo", repo}, {"branch", line.branch}},
                seconds(eol - now));
        }
    }
}

}  // namespace fairweather
