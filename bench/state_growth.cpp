// fairweather-bench state-month: the monitor's state database after DAYS days
// of watching REPOS repositories, on a manual clock (no waiting).
//
// The whole monitor (monitor::Service: the loop, the recorder with its
// pruning, the quota, the dispatcher) polls an in-process GitHub and status
// page that answer like the real ones: an ETag on every answer and 304 to a
// request that sends it back; each repository's runs query changes URL every
// UTC day (its created>= bound) and so is answered 200 once a day; the status
// page reports an outage for two hours every third day. The SQLite store is a
// real file; the bench prints its size and its rows per table every DAYS/10
// days, so growth (or its absence) shows.
#include "bench/state_growth.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>

#include "config/config.h"
#include "core/http/client.h"
#include "core/store/state_store.h"
#include "core/util/clock.h"
#include "exporters/registry.h"
#include "monitor/service.h"
#include "tests/support/fixtures.h"

namespace fairweather::bench {
namespace {

using namespace std::chrono_literals;

// GitHub and its status page, in process: bodies from files, ETags honoured.
class ConditionalFake final : public HttpClient {
  public:
    ConditionalFake(std::string fair, std::string outage, std::string runs, std::string releases,
                    Clock& clock, TimePoint start)
        : m_fair(std::move(fair)),
          m_outage(std::move(outage)),
          m_runs(std::move(runs)),
          m_releases(std::move(releases)),
          m_clock(clock),
          m_start(start) {}

    Expected<HttpResponse, HttpError> send(const HttpRequest& request) override {
        ++requests;
        const std::string* body = &m_releases;
        std::string etag;
        if (request.url.find("summary.json") != std::string::npos) {
            const auto since = m_clock.now() - m_start;
            const auto day = std::chrono::duration_cast<std::chrono::hours>(since).count() / 24;
            const auto hour = std::chrono::duration_cast<std::chrono::hours>(since).count() % 24;
            const bool down = day % 3 == 2 && hour >= 10 && hour < 12;
            body = down ? &m_outage : &m_fair;
            etag = down ? "\"outage\"" : "\"fair\"";
        } else if (request.url.find("/actions/runs") != std::string::npos) {
            body = &m_runs;
            etag = "\"" + std::to_string(std::hash<std::string>{}(request.url)) + "\"";
        } else {
            etag = "\"releases\"";
        }
        HttpResponse response;
        response.url = request.url;
        response.headers.add("ETag", etag);
        if (request.headers.get("If-None-Match") == etag) {
            ++not_modified;
            response.status = 304;
            return response;
        }
        response.status = 200;
        response.body = *body;
        return response;
    }

    long requests = 0;
    long not_modified = 0;

  private:
    std::string m_fair, m_outage, m_runs, m_releases;
    Clock& m_clock;
    TimePoint m_start;
};

Config month_config(int repos) {
    Config config;
    config.status_pages[0].url = "https://www.githubstatus.com";
    for (int i = 0; i < repos; ++i) {
        github::RepoSettings repo;
        repo.name = "bench/repo-" + std::to_string(i);
        repo.release_workflow = "release.yml";
        config.repos.push_back(repo);
    }
    return config;
}

std::uintmax_t size_of(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    return ec ? 0 : size;
}

}  // namespace

int state_month(int repos, int days, const std::filesystem::path& db,
                const std::filesystem::path& fixtures) {
    namespace t = fairweather::testing;
    const TimePoint start = *parse_timestamp("2026-11-20T00:00:00Z");
    ManualClock clock(start);
    const std::filesystem::path status = fixtures / "real/statuspage";
    ConditionalFake http(
        t::read_file(status / "githubstatus_summary_2024-02-05_all_operational.json"),
        t::read_file(status /
                     "githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json"),
        t::read_file("tests/fixtures/github/runs_healthy.json"),
        t::read_file(fixtures / "real/github_rest/list_releases.example.json"), clock, start);
    const Config config = month_config(repos);
    auto store = open_sqlite_store(db);
    if (!store) {
        std::cerr << "state-month: " << store.error().message << "\n";
        return 1;
    }
    metrics::Registry registry;
    monitor::MonitorMetrics metrics(registry);
    std::ostringstream log;
    monitor::Service service(config, Secret("bench-token"), http, **store, metrics, log, 1,
                             QueueIds(1));
    if (auto resumed = service.monitor.resume(); !resumed) {
        std::cerr << "state-month: " << resumed.error().message << "\n";
        return 1;
    }
    std::cout << "day  requests  304s      database+wal bytes\n";
    const TimePoint end = start + std::chrono::hours(24) * days;
    const int step = std::max(1, days / 10);
    int next_report = step;
    for (TimePoint now = start; now < end;) {
        now = std::max(service.monitor.tick(now), now + 1s);
        clock.advance(now - clock.now());
        const auto day = static_cast<int>((now - start) / std::chrono::hours(24));
        if (day >= next_report || now >= end) {
            std::cout << day << "  " << http.requests << "  " << http.not_modified << "  "
                      << size_of(db) + size_of(db.string() + "-wal") << "\n";
            next_report += step;
        }
    }
    return 0;
}

}  // namespace fairweather::bench
