// One replay of fairweather-detect: see detection_replay.h.
#include "bench/detection_replay.h"

#include <algorithm>
#include <ostream>

#include "core/store/memory_store.h"
#include "core/util/clock.h"
#include "exporters/registry.h"
#include "monitor/service.h"

namespace fairweather::bench {
namespace {

using namespace std::chrono_literals;

std::string first_bad_reason(const WeatherSnapshot& s) {
    const Observation* worst_source = nullptr;
    for (const auto& o : s.sources) {
        if (worst_source == nullptr || worst(o.weather, worst_source->weather) == o.weather) {
            worst_source = &o;
        }
    }
    if (worst_source == nullptr || worst_source->reasons.empty()) {
        return {};
    }
    return worst_source->reasons.front();
}

}  // namespace

Replay replay(const ReplayInputs& in, const TrafficPlan& plan, std::optional<Span> page_outage,
              TimePoint start, TimePoint end) {
    Replay result;
    result.runs = generate_traffic(plan);
    ManualClock clock(start);
    FakeGithub github(result.runs, clock, in.status, in.releases, page_outage);
    auto store = make_memory_store();
    metrics::Registry registry;
    monitor::MonitorMetrics metrics(registry);
    std::ostream log(nullptr);  // the monitor's log goes nowhere: a week of it is large
    monitor::Service service(in.config, Secret("bench-token"), github, *store, metrics, log, 1,
                             QueueIds(1));
    (void)service.monitor.resume();
    service.leadership.step();
    Weather weather = Weather::unknown, raw = Weather::unknown;
    for (TimePoint now = start; now < end;) {
        clock.set(now);
        const TimePoint next = service.monitor.tick(now);
        const auto snapshot = service.monitor.snapshot(now);
        if (snapshot.weather != weather || snapshot.raw_weather != raw) {
            weather = snapshot.weather;
            raw = snapshot.raw_weather;
            result.changes.push_back(
                {now, weather, raw, snapshot.cause, first_bad_reason(snapshot)});
        }
        now = std::max(next, now + 1s);
    }
    result.runs_polls = github.runs_polls();
    for (std::size_t i = 0; i < k_endpoints; ++i) {
        result.counts[i] = github.count(static_cast<Endpoint>(i));
    }
    return result;
}

const Change* first_unfair(const Replay& r, TimePoint from, bool raw) {
    for (const auto& c : r.changes) {
        if (c.at >= from && (raw ? c.raw : c.weather) != Weather::fair) {
            return &c;
        }
    }
    return nullptr;
}

Weather weather_at(const Replay& r, TimePoint t, bool raw) {
    Weather w = Weather::unknown;
    for (const auto& c : r.changes) {
        if (c.at > t) {
            break;
        }
        w = raw ? c.raw : c.weather;
    }
    return w;
}

std::optional<TimePoint> threshold_crossed(const std::vector<Run>& runs, Duration threshold,
                                           TimePoint from) {
    std::optional<TimePoint> first;
    for (const auto& run : runs) {
        for (const auto& attempt : run.attempts) {
            for (const auto& job : attempt.jobs) {
                if (!job.hosted || job.approved) {
                    continue;
                }
                // The job still waits at created + threshold: its wait passed then.
                const TimePoint at = std::max(job.created + threshold, from);
                if (job.started > at && (!first || at < *first)) {
                    first = at;
                }
            }
        }
    }
    return first;
}

}  // namespace fairweather::bench
