#pragma once
// What every fairweather-gate command runs with: the environment, the output
// streams, the clock and a way to make an HTTP client (the real ones in
// main(), fakes in tests), and the few things all commands share.

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/api/monitor_client.h"
#include "core/http/client.h"
#include "core/util/clock.h"
#include "core/util/environment.h"
#include "core/util/secret.h"

namespace fairweather::gate {

struct GateContext {
    Environment env;
    std::ostream& out;
    std::ostream& err;
    Clock& clock;
    std::function<std::unique_ptr<HttpClient>(const HttpSettings&)> make_http;
};

// The config at `path`, or the defaults when it is empty. On problems,
// prints each (file:line:column) and a summary ending "nothing was
// <doing>" to ctx.err, and returns nullopt (the caller exits 78).
std::optional<Config> load_gate_config(const std::string& path, std::string_view doing,
                                       GateContext& ctx);

// Who asks, for the monitor's records: the GitHub actor in Actions, else the user.
std::string requester(const Environment& env);

// The monitor's API token for the calls that change something
// ($FAIRWEATHER_API_TOKEN; empty when unset).
Secret api_token(const Environment& env);

// A monitor that did not answer as asked, in one line: "the monitor refused
// <what>: ...", "the monitor at URL could not be asked for <what>: ...", or
// "the monitor's answer from URL could not be read: ...". `what` may be empty.
std::string describe(const MonitorError& e, std::string_view what = "");

// The exit status for a monitor that did not answer as asked: 1 when it
// refused (the request is wrong), 69 (EX_UNAVAILABLE) otherwise.
int exit_code(const MonitorError& e);

}  // namespace fairweather::gate
