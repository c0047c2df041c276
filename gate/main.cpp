// fairweather-gate: wiring only. Everything it does is in the gate library.
#include <iostream>

#include "core/http/curl_client.h"
#include "gate/cli.h"

int main(int argc, char** argv) {
    fairweather::SystemClock clock;
    fairweather::gate::GateContext ctx{fairweather::Environment::from_process(), std::cout,
                                       std::cerr, clock, [](const fairweather::HttpSettings& s) {
                                           return std::make_unique<fairweather::CurlHttpClient>(s);
                                       }};
    return fairweather::gate::run(argc, argv, ctx);
}
