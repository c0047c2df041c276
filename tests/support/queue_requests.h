#pragma once
// A monitor config with one watched repository whose queue settings are
// short enough for tests, and queue requests for it; shared by the queue's
// validation tests and the dispatcher's.

#include <string>

#include "config/config.h"
#include "core/queue/item.h"
#include "core/util/time.h"

namespace fairweather::testing {

using namespace std::chrono_literals;

// The moment the queue tests start.
inline const TimePoint t0 = *parse_timestamp("2026-11-20T15:00:00Z");

inline Config queue_config(const std::string& status_url, const std::string& github_url) {
    Config c;
    c.status_pages.front().url = status_url;
    c.github.api_url = github_url;
    c.monitor.recovery_window = 2min;
    c.queue.dispatch_grace = 1min;
    c.queue.follow_interval = 10s;
    c.queue.retry_backoff = 5min;
    c.queue.max_attempts = 3;
    github::RepoSettings repo;
    repo.name = "acme/widget";
    repo.release_workflow = "release.yml";
    c.repos.push_back(repo);
    return c;
}

inline EnqueueRequest request_for(const std::string& version) {
    EnqueueRequest r;
    r.repo = "acme/widget";
    r.version = version;
    r.reason = "CI weather is outage";
    r.requested_by = "octocat";
    r.inputs = {{"version", version}};
    return r;
}

}  // namespace fairweather::testing
