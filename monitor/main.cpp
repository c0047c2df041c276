// fairweather-monitor: everything is in the monitor library; run() wires it.
#include <iostream>

#include "monitor/run.h"

int main(int argc, char** argv) {
    return fairweather::monitor::run(argc, argv, fairweather::Environment::from_process(),
                                     std::cout, std::cerr);
}
