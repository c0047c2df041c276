#pragma once
// fairweather-gate's command line, as a function that tests can call: the
// binary's main() only builds a GateContext from the real process.

#include <functional>
#include <memory>
#include <ostream>

#include "core/http/client.h"
#include "core/util/clock.h"
#include "core/util/environment.h"

namespace fairweather::gate {

struct GateContext {
    Environment env;
    std::ostream& out;
    std::ostream& err;
    Clock& clock;
    std::function<std::unique_ptr<HttpClient>(const HttpSettings&)> make_http;
};

// Runs `fairweather-gate <argv...>` and returns its exit status (see
// exit_codes.h). Never throws: unexpected failures print an error and return
// exit_codes::software.
int run(int argc, const char* const* argv, GateContext& ctx);

}  // namespace fairweather::gate
