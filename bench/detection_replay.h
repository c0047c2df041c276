#pragma once
// One replay of fairweather-detect: the real monitor (monitor::Service, as
// monitor/run.cpp builds it, over an in-memory store) ticking on a manual
// clock against FakeGithub, recording every change of its verdict.

#include <optional>
#include <string>
#include <vector>

#include "bench/detection_github.h"
#include "bench/detection_traffic.h"
#include "config/config.h"

namespace fairweather::bench {

// A change of the verdict or of the raw weather, as Monitor::snapshot says.
struct Change {
    TimePoint at;
    Weather weather = Weather::unknown;
    Weather raw = Weather::unknown;
    std::string cause;   // the snapshot's cause (why the verdict last changed)
    std::string reason;  // the first reason of the worst source
};

struct Replay {
    std::vector<Change> changes;
    std::vector<TimePoint> runs_polls;  // runs-list requests (page 1)
    std::array<EndpointCount, k_endpoints> counts{};
    std::vector<Run> runs;
};

// What the replay needs besides the plan: the payloads and the config.
struct ReplayInputs {
    const Config& config;
    const StatusPayloads& status;
    const std::string& releases;
};

// Runs the monitor from `start` to `end` over the traffic of `plan`; the
// status page admits an outage during `page_outage`.
Replay replay(const ReplayInputs& in, const TrafficPlan& plan, std::optional<Span> page_outage,
              TimePoint start, TimePoint end);

// The first change at or after `from` whose verdict (raw: raw weather) is
// not fair; nullptr if none.
const Change* first_unfair(const Replay& r, TimePoint from, bool raw);
// The verdict (raw weather) in force at `t`.
Weather weather_at(const Replay& r, TimePoint t, bool raw);

// When the oldest waiting GitHub-hosted job (of a run not waiting for
// approval or a concurrency group) first waited longer than `threshold`
// at or after `from`; nullopt if none did.
std::optional<TimePoint> threshold_crossed(const std::vector<Run>& runs, Duration threshold,
                                           TimePoint from);

}  // namespace fairweather::bench
