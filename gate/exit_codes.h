#pragma once
// fairweather-gate's exit statuses. The sysexits.h numbers let CI scripts
// tell "try later" (75) from "this release is wrong" (1) and from mistakes in
// the invocation (64) or the config file (78).

namespace fairweather::gate::exit_codes {

constexpr int proceed = 0;
constexpr int block = 1;
constexpr int usage = 64;        // EX_USAGE: unknown flag, bad value
constexpr int data_error = 65;   // EX_DATAERR: an input file (report) is not in a known format
constexpr int no_input = 66;     // EX_NOINPUT: an input file (report) cannot be read
constexpr int unavailable = 69;  // EX_UNAVAILABLE: the monitor could not be asked (queue, report)
constexpr int software = 70;     // EX_SOFTWARE: a bug in fairweather
constexpr int io_error = 74;     // EX_IOERR: could not write $GITHUB_OUTPUT or the step summary
constexpr int defer = 75;        // EX_TEMPFAIL: CI weather is bad, try later
constexpr int config = 78;       // EX_CONFIG: the config file is unreadable or wrong

}  // namespace fairweather::gate::exit_codes
