#include "gate/check.h"

#include <algorithm>

namespace fairweather::gate {

WeatherReport observe(HttpClient& http, const std::vector<StatusPageSettings>& pages,
                      Clock& clock) {
    std::vector<SourceReport> sources;
    sources.reserve(pages.size());
    for (const auto& page : pages) {
        sources.push_back(poll_status_page(http, page, clock.now()));
    }
    return combine(std::move(sources), clock.now());
}

CheckResult run_check(const CheckRequest& request, const Config& config, HttpClient& http,
                      Clock& clock, std::ostream& progress) {
    const TimePoint start = clock.now();
    const bool waiting = request.wait.has_value();
    const TimePoint deadline = start + request.wait.value_or(Duration{0});
    Duration interval = config.gate.wait_interval;

    CheckResult result;
    for (;;) {
        result.report = observe(http, config.status_pages, clock);
        result.verdict = decide(request.kind, result.report, config.gate);
        ++result.polls;
        if (!waiting || result.verdict.decision != Decision::defer) {
            break;
        }
        const TimePoint now = clock.now();
        if (now >= deadline) {
            break;
        }
        const Duration left = deadline - now;
        Duration pause = std::max(interval, result.report.retry_after().value_or(Duration{0}));
        pause = std::min(pause, left);
        const auto reasons = result.report.reasons();
        progress << format_timestamp(now) << " waiting: CI weather is "
                 << to_string(result.report.weather)
                 << (reasons.empty() ? std::string() : " (" + reasons.front() + ")")
                 << "; checking again in " << format_duration(pause) << ", "
                 << format_duration(left) << " of " << format_duration(*request.wait) << " left"
                 << std::endl;
        clock.sleep_for(pause);
        interval = std::min(interval * 2, config.gate.wait_max_interval);
    }
    result.waited = clock.now() - start;
    if (waiting && result.verdict.decision == Decision::defer && result.polls > 1) {
        result.verdict.reasons.push_back("waited " + format_duration(result.waited) + " over " +
                                         std::to_string(result.polls) +
                                         " checks and the weather did not clear");
    }
    return result;
}

}  // namespace fairweather::gate
