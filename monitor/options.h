#pragma once
// fairweather-monitor's command line and config loading, as functions tests can call.

#include <optional>
#include <ostream>
#include <string>
#include <variant>

#include "config/config.h"
#include "core/environment.h"

namespace fairweather::monitor {

namespace exit_codes {
constexpr int ok = 0;
constexpr int usage = 64;        // EX_USAGE
constexpr int unavailable = 69;  // EX_UNAVAILABLE: cannot listen on the address
constexpr int software = 70;     // EX_SOFTWARE
constexpr int config = 78;       // EX_CONFIG
}  // namespace exit_codes

struct MonitorOptions {
    Config config;
    bool once = false;  // poll once, print the weather, exit
};

// Parses the flags and loads the config (--config, else $FAIRWEATHER_CONFIG,
// else defaults), applying --listen and --status-url on top. Returns the
// options, or the exit status to end with after printing help, the version
// or the problems to `out`/`err`.
std::variant<MonitorOptions, int> parse_options(int argc, const char* const* argv,
                                                const Environment& env, std::ostream& out,
                                                std::ostream& err);

}  // namespace fairweather::monitor
