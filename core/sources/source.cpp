#include "core/sources/source.h"

namespace fairweather {

void fail_observation(Observation& observation, std::string cause) {
    observation.weather = Weather::unknown;
    observation.error = std::move(cause);
    observation.reasons = {observation.name + ": " + observation.error};
}

bool take_response(Observation& observation, const Expected<HttpResponse, HttpError>& response,
                   TimePoint now) {
    observation.observed_at = now;
    if (!response) {
        fail_observation(observation, "could not read " + response.error().url + ": " +
                                          std::string(to_string(response.error().kind)) + ": " +
                                          response.error().message);
        return false;
    }
    observation.http_status = response->status;
    observation.elapsed = response->elapsed;
    if (const auto retry = response->headers.get("Retry-After")) {
        observation.retry_after = parse_retry_after(*retry, now);
    }
    if (response->status < 200 || response->status > 299) {
        std::string cause = describe_status(response->status) + " from " + observation.url;
        if (observation.retry_after) {
            cause +=
                "; the server asked to retry after " + format_duration(*observation.retry_after);
        }
        fail_observation(observation, std::move(cause));
        return false;
    }
    if (response->body.empty()) {
        fail_observation(observation, observation.url + " answered " +
                                          describe_status(response->status) +
                                          " with an empty body");
        return false;
    }
    return true;
}

void keep_transport(Observation& to, const Observation& from) {
    to.url = from.url;
    to.http_status = from.http_status;
    to.elapsed = from.elapsed;
    to.retry_after = from.retry_after;
    to.not_modified = from.not_modified;
}

}  // namespace fairweather
