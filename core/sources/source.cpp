#include "core/sources/source.h"

namespace fairweather {

void fail_observation(Observation& report, std::string cause) {
    report.weather = Weather::unknown;
    report.error = std::move(cause);
    report.reasons = {report.name + ": " + report.error};
}

bool take_response(Observation& report, const Expected<HttpResponse, HttpError>& response,
                   TimePoint now) {
    report.observed_at = now;
    if (!response) {
        fail_observation(report, "could not read " + response.error().url + ": " +
                                     std::string(to_string(response.error().kind)) + ": " +
                                     response.error().message);
        return false;
    }
    report.http_status = response->status;
    report.elapsed = response->elapsed;
    if (const auto retry = response->headers.get("Retry-After")) {
        report.retry_after = parse_retry_after(*retry, now);
    }
    if (response->status < 200 || response->status > 299) {
        std::string cause = describe_status(response->status) + " from " + report.url;
        if (report.retry_after) {
            cause += "; the server asked to retry after " + format_duration(*report.retry_after);
        }
        fail_observation(report, std::move(cause));
        return false;
    }
    if (response->body.empty()) {
        fail_observation(report, report.url + " answered " + describe_status(response->status) +
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
