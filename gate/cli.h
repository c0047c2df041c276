#pragma once
// fairweather-gate's command line, as a function that tests can call: the
// binary's main() only builds a GateContext from the real process.

#include "gate/context.h"

namespace fairweather::gate {

// Runs `fairweather-gate <argv...>` and returns its exit status (see
// exit_codes.h). Never throws: unexpected failures print an error and return
// exit_codes::software.
int run(int argc, const char* const* argv, GateContext& ctx);

}  // namespace fairweather::gate
