#pragma once
// A fairweather-monitor on loopback as the gate sees it during an outage:
// GET /api/v1/weather says outage, POST /api/v1/releases queues what it is
// given as `queued_id` (201). For the gate's and the action's tests of a
// deferred release.

#include <chrono>
#include <string>
#include <vector>

#include "core/api/queue_json.h"
#include "core/api/weather_json.h"
#include "core/util/time.h"
#include "tests/support/loopback_server.h"

namespace fairweather::testing {

struct OutageMonitor {
    LoopbackServer server;

    OutageMonitor(const std::string& queued_id, const std::string& repo,
                  const std::string& version) {
        WeatherSnapshot s;
        s.weather = s.raw_weather = Weather::outage;
        s.since = s.checked_at = *parse_timestamp("2026-11-21T10:00:00Z");
        s.cause = "github: Actions is major_outage";
        s.ready = true;
        Observation github;
        github.name = "github";
        github.kind = "statuspage";
        github.weather = Weather::outage;
        github.reasons = {"github: Actions is major_outage"};
        s.sources = {github};
        server.serve_json("/api/v1/weather", render_weather_snapshot(s));
        QueueItem queued;
        queued.id = queued_id;
        queued.repo = repo;
        queued.version = version;
        queued.enqueued_at = s.checked_at;
        queued.deadline = s.checked_at + std::chrono::hours(72);
        ScriptedResponse created;
        created.status = 201;
        created.headers = {{"Content-Type", "application/json"}};
        created.body = render_queue_item(queued, true);
        server.route("/api/v1/releases", created);
    }

    std::string url() const { return server.url(); }

    // The queue requests it was sent.
    std::vector<RecordedRequest> posts() const {
        std::vector<RecordedRequest> out;
        for (const auto& r : server.requests()) {
            if (r.method == "POST" && r.target == "/api/v1/releases") {
                out.push_back(r);
            }
        }
        return out;
    }
};

}  // namespace fairweather::testing
