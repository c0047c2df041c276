#include "exporters/release_metrics.h"

namespace fairweather {
namespace {

constexpr double k_day = 86400.0;

prometheus::Family<prometheus::Gauge>& gauge(prometheus::Registry& r, const char* name,
                                             const char* help) {
    return prometheus::BuildGauge().Name(name).Help(help).Register(r);
}

}  // namespace

ReleaseMetrics::ReleaseMetrics(prometheus::Registry& r)
    : m_next(gauge(r, "fairweather_release_next_scheduled_timestamp_seconds",
                   "When the repository's next release is scheduled (start of the day in the "
                   "policy's time zone).")),
      m_last(gauge(r, "fairweather_release_last_published_timestamp_seconds",
                   "When the repository's newest release was published.")),
      m_since_last(
          gauge(r, "fairweather_release_since_last_seconds",
                "Time since the repository's newest release was published (days: / 86400).")),
      m_overdue(gauge(r, "fairweather_release_overdue",
                      "1 if a scheduled release's day has passed and it is not out, else 0.")),
      m_overdue_seconds(
          gauge(r, "fairweather_release_overdue_seconds",
                "How long the overdue release is past its scheduled day; 0 when none is overdue.")),
      m_delay(gauge(
          r, "fairweather_release_delay_seconds",
          "Delay of each recent scheduled release against its scheduled day (negative: early).")),
      m_delays(prometheus::BuildHistogram()
                   .Name("fairweather_release_delays_seconds")
                   .Help("Distribution of the recent scheduled releases' delays.")
                   .Register(r)),
      m_supported(gauge(r, "fairweather_release_supported",
                        "1 for each release branch supported today (lts label: true or false).")),
      m_eol(gauge(r, "fairweather_release_eol_timestamp_seconds",
                  "End of life of each supported release branch.")),
      m_eol_remaining(
          gauge(r, "fairweather_release_eol_remaining_seconds",
                "Time left until each supported release branch's end of life (days: / 86400).")) {}

void ReleaseMetrics::record(const std::string& repo, const ReleasePolicy& policy, const Plan& plan,
                            const Report& recent, TimePoint now) {
    std::lock_guard lock(m_mutex);
    const prometheus::Labels r{{"repo", repo}};
    if (plan.next_release) {
        m_next.Add(r).Set(to_unix_seconds(policy.time_zone.start_of_day(plan.next_release->date)));
        const bool overdue = plan.next_release->overdue;
        m_overdue.Add(r).Set(overdue ? 1 : 0);
        m_overdue_seconds.Add(r).Set(
            overdue ? std::chrono::duration<double>(
                          now - policy.time_zone.start_of_day(plan.next_release->date))
                          .count()
                    : 0.0);
    } else {
        m_overdue.Add(r).Set(0);
        m_overdue_seconds.Add(r).Set(0);
    }
    if (!recent.rows.empty()) {
        const TimePoint last = recent.rows.back().release.published_at;
        m_last.Add(r).Set(to_unix_seconds(last));
        m_since_last.Add(r).Set(std::chrono::duration<double>(now - last).count());
    }

    // Families whose label sets change (versions, branches): drop this
    // repository's old series and write the current ones.
    for (auto* g : m_changing[repo]) {
        // The gauge belongs to one of these families; Remove is a no-op on the others.
        m_delay.Remove(g);
        m_supported.Remove(g);
        m_eol.Remove(g);
        m_eol_remaining.Remove(g);
    }
    auto& owned = m_changing[repo];
    owned.clear();
    for (const auto& row : recent.rows) {
        if (row.delay_days) {
            auto& g = m_delay.Add({{"repo", repo}, {"version", row.release.version.text()}});
            g.Set(*row.delay_days * k_day);
            owned.push_back(&g);
        }
    }
    for (const auto& line : plan.supported) {
        const prometheus::Labels labels{
            {"repo", repo}, {"branch", line.branch}, {"lts", line.lts ? "true" : "false"}};
        auto& s = m_supported.Add(labels);
        s.Set(1);
        owned.push_back(&s);
        if (line.eol) {
            const TimePoint eol = policy.time_zone.start_of_day(*line.eol);
            auto& e = m_eol.Add(labels);
            e.Set(to_unix_seconds(eol));
            auto& left = m_eol_remaining.Add({{"repo", repo}, {"branch", line.branch}});
            left.Set(std::chrono::duration<double>(eol - now).count());
            owned.push_back(&e);
            owned.push_back(&left);
        }
    }
    if (auto it = m_histograms.find(repo); it != m_histograms.end()) {
        m_delays.Remove(it->second);
    }
    auto& h =
        m_delays.Add(r, prometheus::Histogram::BucketBoundaries{0, k_day, 2 * k_day, 3 * k_day,
                                                                7 * k_day, 14 * k_day, 30 * k_day});
    for (const auto& row : recent.rows) {
        if (row.delay_days) {
            h.Observe(*row.delay_days * k_day);
        }
    }
    m_histograms[repo] = &h;
}

}  // namespace fairweather
