#pragma once
// fairweather's configuration: TOML read once into plain structs with
// defaults, validated once, then passed by const&. No globals: a test builds
// its config from a TOML string.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/client.h"
#include "core/queue/validation.h"
#include "core/release/policy.h"
#include "core/sources/actions_source.h"
#include "core/sources/statuspage_source.h"
#include "core/util/expected.h"
#include "core/weather/decision.h"

namespace fairweather {

struct MonitorSettings {
    Duration poll_interval = std::chrono::seconds{30};
    // Leaving outage/degraded/unknown for fair needs every source fair this long.
    Duration recovery_window = std::chrono::minutes{10};
    // A source not read successfully for this long counts as unknown.
    Duration stale_after = std::chrono::minutes{5};
    // Errors back off exponentially (with jitter) up to this.
    Duration max_backoff = std::chrono::minutes{10};
    // History older than this is pruned (observations, transitions, resolved incidents).
    Duration retention = std::chrono::days{400};
    std::string listen = "127.0.0.1:9464";
    std::filesystem::path state_dir = "var";
    // A request, head and body, must arrive within this of its first byte.
    Duration request_timeout = std::chrono::seconds{10};
    // Open connections at once; beyond it the one that has waited longest
    // for its request is closed.
    int max_connections = 256;
};

struct GithubSettings {
    std::string api_url = "https://api.github.com";
    // A file holding the token; empty: $GITHUB_TOKEN. The token itself is
    // never part of the config, so it cannot be printed with it.
    std::filesystem::path token_file;
    // A file holding the secret GitHub signs workflow_job webhook deliveries
    // with; empty: POST /api/v1/webhooks/github is off (404). Read once at
    // start, like the token.
    std::filesystem::path webhook_secret_file;
    // GitHub's API answering badly is weather of its own: over api_window,
    // once at least api_min_requests were asked, the share of answers that
    // were a 5xx or never came (timed out, cut off). 0 turns a level off.
    Duration api_window = std::chrono::minutes{10};
    // A failing host is asked less and less often (backoff): one repository
    // fails about 3 times in 10 minutes.
    int api_min_requests = 3;
    double api_errors_degraded = 0.25;
    double api_errors_outage = 0.6;
};

struct ApiSettings {
    // A file holding the bearer token the mutating API requires; empty:
    // $FAIRWEATHER_API_TOKEN.
    std::filesystem::path token_file;
};

// Where the monitor keeps its state when more than one monitor shares it.
struct StateSettings {
    // A PostgreSQL URL (postgresql://USER@HOST:PORT/DATABASE); empty: the
    // embedded SQLite database under [monitor] state_dir. Never a password.
    std::string url;
    // A file holding the database password; empty: $PGPASSWORD or
    // ~/.pgpass, as libpq reads them.
    std::filesystem::path password_file;
    // The leader lease of monitors sharing the database: how long a taken
    // lease lasts, and how often its holder renews it (and a follower asks
    // for it). The leader stops trusting itself renew_interval before its
    // last renewal would expire, so a renewal may fail once without a
    // change of leader.
    Duration lease = std::chrono::seconds{15};
    Duration renew_interval = std::chrono::seconds{5};
};

// "" when `url` can name the shared state database; else what is wrong with
// it and what to do. Never repeats a password the URL carries.
std::string check_state_url(std::string_view url);

// How deferred security releases are dispatched and followed.
struct QueueSettings {
    int max_attempts = 5;                              // dispatches per item before it is failed
    Duration retry_backoff = std::chrono::minutes{5};  // after a failed attempt; doubles each time
    Duration max_retry_backoff = std::chrono::hours{2};
    // A dispatch whose run has not appeared this long after counts as lost
    // (it is dispatched again, within max_attempts).
    Duration dispatch_grace = std::chrono::minutes{5};
    Duration follow_interval = std::chrono::seconds{15};  // how often dispatched runs are checked
    // A dispatched run still waiting for a runner this long, while CI is bad
    // again, is cancelled and the item queued again.
    Duration run_start_timeout = std::chrono::minutes{30};
    // The workflow_dispatch input carrying the queue id; the workflow's
    // run-name must include it so the run can be found.
    std::string correlation_input = "fairweather_id";
};

// How releases count in the release-delay report and the cadence metrics.
struct ReportSettings {
    // Pre-releases (rc, beta) count as releases; by default they are left out.
    bool include_prereleases = false;
    // A release whose tag or name contains this (ignoring case) is a security
    // release; empty: only releases that went through the deferred queue are.
    std::string security_marker;
    // The monitor keeps a per-version delay gauge for this many recent
    // scheduled releases (the histogram counts the same ones).
    int recent_releases = 12;
};

struct Config {
    std::string source = "(built-in defaults)";  // the file it came from
    HttpSettings http;
    // Default: GitHub's status page with Actions, API Requests, Git
    // Operations and Webhooks.
    std::vector<StatusPageSettings> status_pages{StatusPageSettings{}};
    GatePolicy gate;
    // [gate] monitor: ask this fairweather-monitor for the weather instead of
    // polling the sources (empty: poll them).
    std::string gate_monitor_url;
    MonitorSettings monitor;
    GithubSettings github;
    std::vector<github::RepoSettings> repos;
    ReleasePolicy policy;
    ApiSettings api;
    StateSettings state;
    QueueSettings queue;
    ReportSettings report;

    // The [[repos]] entry for `name` (OWNER/NAME), if configured.
    const github::RepoSettings* repo(std::string_view name) const;
};

// What the release queue checks requests against: the [[repos]] entries
// (with their release workflow and ref), the policy's version scheme and
// security SLA, and [queue] correlation_input.
QueueRules queue_rules(const Config& config);

// One problem in a config file, with its place.
struct ConfigError {
    std::string file;
    int line = 0;  // 0: the problem is with the file as a whole
    int column = 0;
    std::string message;  // says what is wrong and what to write instead

    // "file:line:column: error: message"
    std::string describe() const;
};

using ConfigResult = Expected<Config, std::vector<ConfigError>>;

// Parses TOML text. `source_name` names it in errors; [policy] time_zone
// names are looked up in `zoneinfo` (zoneinfo_dir(env) for a process).
// Reports every problem found, not only the first; on any problem no Config
// is returned.
ConfigResult parse_config(std::string_view toml_text, std::string_view source_name,
                          const std::filesystem::path& zoneinfo = TimeZone::k_system_zoneinfo);

// Reads and parses a file. An unreadable file is one ConfigError, which
// names where the path came from (`given_by`: "--config", or
// "$FAIRWEATHER_CONFIG" when the flag was left out).
ConfigResult load_config(const std::filesystem::path& path,
                         const std::filesystem::path& zoneinfo = TimeZone::k_system_zoneinfo,
                         std::string_view given_by = "--config");

}  // namespace fairweather
