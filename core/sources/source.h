#pragma once
// The part of judging a source that does not depend on what it is: turning
// the response to a poll into the start of a Observation, or into an
// "unknown" report that says why the response cannot be used.

#include <string>

#include "core/http/client.h"
#include "core/weather/weather.h"

namespace fairweather {

// Makes the report unknown because of `cause`: sets weather, error and the
// one reason "<name>: <cause>".
void fail_observation(Observation& report, std::string cause);

// Copies the transport facts of `response` (HTTP status, elapsed time,
// Retry-After) into `report` (whose name, kind and url are set), and fails it
// when the response is no payload: a transport error, a status outside 2xx,
// or an empty body. Returns whether the body can be judged.
bool take_response(Observation& report, const Expected<HttpResponse, HttpError>& response,
                   TimePoint now);

// Carries the transport facts of `from` over to a report made from its body.
void keep_transport(Observation& to, const Observation& from);

}  // namespace fairweather
