#pragma once
// fairweather-monitor as a function: main() calls run() and returns what it
// returns.

#include <ostream>

#include "core/util/environment.h"

namespace fairweather::monitor {

// Parses the command line, opens the state database, wires the monitor,
// serves the API and polls until SIGINT or SIGTERM, then stops cleanly.
// Returns the exit status (options.h lists them). Every exception is caught
// here, once: it is logged with what failed and run() returns 70
// (EX_SOFTWARE); an exception in a lane thread stops the monitor the same
// way, never through std::terminate.
int run(int argc, const char* const* argv, const Environment& env, std::ostream& out,
        std::ostream& err);

}  // namespace fairweather::monitor
