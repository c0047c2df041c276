#include "monitor/monitor.h"

#include <algorithm>

namespace fairweather::monitor {

Monitor::Monitor(const Config& config, HttpClient& http, WeatherMetrics& metrics, std::ostream& log)
    : m_config(config), m_http(http), m_metrics(metrics), m_log(log) {
    for (const auto& page : m_config.status_pages) {
        m_sources.push_back(Source{&page, TimePoint{}, std::nullopt});
    }
    m_metrics.record_weather(m_weather.weather);
}

TimePoint Monitor::tick(TimePoint now) {
    for (auto& source : m_sources) {
        if (now < source.next_due) {
            continue;
        }
        SourceReport report = poll_status_page(m_http, *source.settings, now);
        m_metrics.record_poll(report);
        const bool was_ok = source.last && source.last->error.empty();
        if (!report.error.empty() && (was_ok || !source.last)) {
            m_log << format_timestamp(now) << " source " << report.name
                  << " cannot be read: " << report.error << "\n";
        } else if (report.error.empty() && source.last && !was_ok) {
            m_log << format_timestamp(now) << " source " << report.name << " readable again\n";
        }
        Duration wait = m_config.monitor.poll_interval;
        if (report.retry_after) {
            wait = std::max(wait, *report.retry_after);
        }
        source.next_due = now + wait;
        source.last = std::move(report);
    }

    std::vector<SourceReport> reports;
    for (const auto& source : m_sources) {
        if (source.last) {
            reports.push_back(*source.last);
        }
    }
    const Weather before = m_weather.weather;
    m_weather = combine(std::move(reports), now);
    m_metrics.record_weather(m_weather.weather);
    if (m_first_tick || before != m_weather.weather) {
        const auto reasons = m_weather.reasons();
        m_log << format_timestamp(now) << " weather " << (m_first_tick ? "is" : "changed to") << " "
              << to_string(m_weather.weather);
        if (!m_first_tick) {
            m_log << " (was " << to_string(before) << ")";
        }
        m_log << (reasons.empty() ? "" : ": ") << (reasons.empty() ? "" : reasons.front()) << "\n";
        for (std::size_t i = 1; i < reasons.size(); ++i) {
            m_log << "  " << reasons[i] << "\n";
        }
        m_log.flush();
    }
    m_first_tick = false;

    TimePoint next = TimePoint::max();
    for (const auto& source : m_sources) {
        next = std::min(next, source.next_due);
    }
    return next == TimePoint::max() ? now + m_config.monitor.poll_interval : next;
}

}  // namespace fairweather::monitor
