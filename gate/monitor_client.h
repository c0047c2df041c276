#pragma once
// How the gate talks to a fairweather-monitor's API.

#include <optional>
#include <string>
#include <string_view>

#include "core/http.h"

namespace fairweather::gate {

struct MonitorReply {
    std::string url;                  // what was asked
    std::optional<std::string> body;  // the answer, when it was 200
    std::string problem;              // why there is no body: transport error or HTTP status
};

// GETs `path` ("/api/v1/weather") of the monitor at `base_url` (a trailing
// slash is fine), asking for JSON.
MonitorReply get_from_monitor(HttpClient& http, std::string_view base_url, std::string_view path);

}  // namespace fairweather::gate
