#include "monitor/api_health.h"

#include <algorithm>
#include <cmath>

namespace fairweather::monitor {

std::string_view to_string(ApiHealth::Outcome outcome) {
    switch (outcome) {
        case ApiHealth::Outcome::answered:
            return "answered";
        case ApiHealth::Outcome::server_error:
            return "server_error";
        case ApiHealth::Outcome::no_answer:
            return "no_answer";
        case ApiHealth::Outcome::unreachable:
            return "unreachable";
    }
    return "answered";
}

ApiHealth::Outcome ApiHealth::classify(const Expected<HttpResponse, HttpError>& answer) {
    if (answer) {
        // A 4xx is GitHub answering (a rate limit, a missing permission): not its weather.
        return answer->status >= 500 ? Outcome::server_error : Outcome::answered;
    }
    switch (answer.error().kind) {
        case HttpError::Kind::timeout:
        case HttpError::Kind::protocol:
        case HttpError::Kind::too_large:
            return Outcome::no_answer;
        case HttpError::Kind::connect:
        case HttpError::Kind::tls:
        case HttpError::Kind::invalid:
        case HttpError::Kind::other:
            return Outcome::unreachable;
    }
    return Outcome::unreachable;
}

ApiHealth::ApiHealth(const GithubSettings& settings) : m_settings(settings) {}

void ApiHealth::record(TimePoint at, Outcome outcome) {
    m_answers.emplace_back(at, outcome);
    while (m_answers.front().first < at - m_settings.api_window) {
        m_answers.pop_front();
    }
}

namespace {

std::string percent(int part, int whole) {
    return std::to_string(static_cast<int>(std::lround(100.0 * part / whole))) + "%";
}

}  // namespace

Observation ApiHealth::judge(TimePoint now) const {
    const TimePoint from = now - m_settings.api_window;
    int asked = 0;
    int server_errors = 0;
    int no_answer = 0;
    int unreachable = 0;
    for (const auto& [at, outcome] : m_answers) {
        if (at < from || at > now) {
            continue;
        }
        ++asked;
        server_errors += outcome == Outcome::server_error ? 1 : 0;
        no_answer += outcome == Outcome::no_answer ? 1 : 0;
        unreachable += outcome == Outcome::unreachable ? 1 : 0;
    }
    Observation o;
    o.name = k_name;
    o.kind = k_name;
    o.url = m_settings.api_url;
    o.observed_at = now;
    o.weather = Weather::fair;
    const std::string prefix = std::string(k_name) + ": ";
    const std::string window = " in the last " + format_duration(m_settings.api_window);
    const int reached = asked - unreachable;
    if (asked > 0 && reached == 0) {
        o.weather = Weather::unknown;
        o.error = "GitHub's API could not be reached";
        o.reasons = {prefix + "none of " + std::to_string(asked) +
                     " requests reached GitHub's API" + window +
                     " (connection refused, DNS or TLS): check the monitor's own network"};
        return o;
    }
    const int failed = server_errors + no_answer;
    if (reached < m_settings.api_min_requests) {
        o.reasons = {prefix + std::to_string(reached) +
                     (reached == 1 ? " request answered" : " requests answered") + window +
                     ", fewer than api_min_requests (" +
                     std::to_string(m_settings.api_min_requests) + ") to judge by"};
        return o;
    }
    // reached >= api_min_requests >= 1 from here on.
    const std::string tally =
        std::to_string(failed) + " of " + std::to_string(reached) + " requests to GitHub's API" +
        window + " (" + percent(failed, reached) + ") failed: " + std::to_string(server_errors) +
        " 5xx, " + std::to_string(no_answer) + " without an answer";
    const double share = static_cast<double>(failed) / reached;
    // One 5xx is a blip, whatever share of a quiet window it is.
    const auto reaches = [&](double level) { return level > 0 && failed >= 2 && share >= level; };
    if (reaches(m_settings.api_errors_outage)) {
        o.weather = Weather::outage;
        o.reasons = {prefix + tally + ", at or above api_errors_outage"};
    } else if (reaches(m_settings.api_errors_degraded)) {
        o.weather = Weather::degraded;
        o.reasons = {prefix + tally + ", at or above api_errors_degraded"};
    } else {
        o.reasons = {prefix + tally};
    }
    return o;
}

}  // namespace fairweather::monitor
