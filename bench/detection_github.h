#pragma once
// fairweather-detect's GitHub and status page, in process: answers the
// monitor's requests from the traffic model at the simulated time, as
// GitHub answers them (newest first, total_count, Link pagination, ETag and
// 304, X-RateLimit headers), and counts every request by endpoint kind.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "bench/detection_traffic.h"
#include "core/http/client.h"
#include "core/util/clock.h"

namespace fairweather::bench {

enum class Endpoint { runs, jobs, releases, status, other };
inline constexpr std::size_t k_endpoints = 5;
const char* to_string(Endpoint e);

struct EndpointCount {
    long ok = 0;            // 200
    long not_modified = 0;  // 304
    long other = 0;         // anything else (404, 422)
};

// The status page's two payloads (the real summaries, see SOURCES.md).
struct StatusPayloads {
    std::string operational;
    std::string outage;
};

class FakeGithub final : public HttpClient {
  public:
    // Keeps references to runs, clock and payloads. The status page admits
    // the outage from `admits` until `resolved`.
    FakeGithub(const std::vector<Run>& runs, Clock& clock, const StatusPayloads& status,
               std::string releases, std::optional<Span> page_outage);

    Expected<HttpResponse, HttpError> send(const HttpRequest& request) override;

    const EndpointCount& count(Endpoint e) const { return m_counts[static_cast<std::size_t>(e)]; }
    // When each runs-list request (page 1) came.
    const std::vector<TimePoint>& runs_polls() const { return m_runs_polls; }

  private:
    struct Answer {
        int status = 200;
        std::string body;
        std::string link;  // the Link header, if any
    };
    Answer runs_list(const std::string& query, TimePoint now);
    Answer jobs_list(std::int64_t run_id, std::optional<int> attempt, const std::string& query,
                     TimePoint now, const std::string& base);
    const Run* run_by_id(std::int64_t id, TimePoint now) const;
    HttpResponse finish(const HttpRequest& request, Endpoint kind, Answer answer, TimePoint now);

    const std::vector<Run>& m_runs;
    Clock& m_clock;
    const StatusPayloads& m_status;
    std::string m_releases;
    std::optional<Span> m_page_outage;
    std::array<EndpointCount, k_endpoints> m_counts{};
    std::vector<TimePoint> m_runs_polls;
    long m_used_this_hour = 0;
    TimePoint m_hour{};
};

}  // namespace fairweather::bench
