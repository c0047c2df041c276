#include "gate/check.h"

#include <algorithm>

#include "core/weather_json.h"

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

WeatherReport observe_via_monitor(HttpClient& http, const std::string& monitor_url,
                                  const std::vector<StatusPageSettings>& pages, Clock& clock) {
    std::string base = monitor_url;
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    HttpRequest request;
    request.url = base + "/api/v1/weather";
    request.headers.add("Accept", "application/json");
    const auto response = http.send(request);
    std::string problem;
    if (!response) {
        problem = std::string(to_string(response.error().kind)) + ": " + response.error().message;
    } else if (response->status != 200) {
        problem = describe_status(response->status);
    } else if (auto snapshot = parse_weather_snapshot(response->body); !snapshot) {
        problem = "its answer is not a fairweather weather report: " + snapshot.error().describe();
    } else if (!snapshot->ready) {
        problem = "it has not polled every source yet (just started?)";
    } else {
        return snapshot->to_report();
    }
    WeatherReport report = observe(http, pages, clock);
    report.notes.insert(report.notes.begin(),
                        "monitor " + request.url + " could not be asked (" + problem +
                            "); the gate polled the status pages itself, without the monitor's "
                            "repository signals and recovery window");
    return report;
}

CheckResult run_check(const CheckRequest& request, const Config& config, HttpClient& http,
                      Clock& clock, std::ostream& progress) {
    const TimePoint start = clock.now();
    const bool waiting = request.wait.has_value();
    const TimePoint deadline = start + request.wait.value_or(Duration{0});
    Duration interval = config.gate.wait_interval;

    CheckResult result;
    for (;;) {
        result.report =
            request.monitor_url.empty()
                ? observe(http, config.status_pages, clock)
                : observe_via_monitor(http, request.monitor_url, config.status_pages, clock);
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
