#pragma once
// How the gate talks to a fairweather-monitor's API.

#include <optional>
#include <string>
#include <string_view>

#include "core/http/client.h"

namespace fairweather::gate {

struct MonitorReply {
    std::string url;                  // what was asked
    std::optional<std::string> body;  // the answer, when it was 200
    std::string problem;              // why there is no body: transport error or HTTP status
};

// GETs `path` ("/api/v1/weather") of the monitor at `base_url` (a trailing
// slash is fine), asking for JSON.
MonitorReply get_from_monitor(HttpClient& http, std::string_view base_url, std::string_view path);

// An answer to a call that may be refused: the status and body whatever the
// status (the monitor explains refusals in JSON), or a transport problem.
struct MonitorCall {
    std::string url;
    int status = 0;  // 0: no answer
    std::string body;
    std::string problem;  // set when status is 0
    // The monitor's {"error": ..., "field": ...} as one line, or the status.
    std::string refusal() const;
};

// Sends `method` to `path` with a JSON `body` and, when the token is not
// empty, "Authorization: Bearer <token>".
MonitorCall call_monitor(HttpClient& http, std::string_view base_url, std::string_view method,
                         std::string_view path, const std::string& body, const std::string& token);

}  // namespace fairweather::gate
