#pragma once
// GitHub's API answering badly, as weather of its own, independent of the
// status page: of everything the monitor asked GitHub's API over a window
// (runs, their next pages, jobs, releases), the share of answers that were a
// 5xx or never came (timed out, or the connection was cut mid-answer).
// Connections that could not be made at all (DNS, refused, TLS) say more
// about the monitor's own network than about GitHub: they are counted apart
// and, when nothing else was answered, make the weather unknown.

#include <deque>
#include <string>

#include "config/config.h"
#include "core/http/client.h"
#include "core/weather/weather.h"

namespace fairweather::monitor {

class ApiHealth {
  public:
    // The source's name in reasons, metrics and the API.
    static constexpr const char* k_name = "github-api";

    enum class Outcome { answered, server_error, no_answer, unreachable };
    static Outcome classify(const Expected<HttpResponse, HttpError>& answer);

    explicit ApiHealth(const GithubSettings& settings);

    // Keeps one window of answers, in the order recorded.
    void record(TimePoint at, Outcome outcome);
    // The weather at `now` over the window before it: kind "github-api".
    Observation judge(TimePoint now) const;

  private:
    const GithubSettings& m_settings;
    std::deque<std::pair<TimePoint, Outcome>> m_answers;  // in the order recorded
};

std::string_view to_string(ApiHealth::Outcome outcome);

}  // namespace fairweather::monitor
