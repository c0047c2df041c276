#pragma once
// A problem in input fairweather read: a payload (JSON from Statuspage,
// GitHub, the monitor) or a request (a field of an API request body): where
// it is and what is wrong.

#include <string>

namespace fairweather {

struct ParseError {
    // Where: the JSON path of the offending value ("components[3].status"),
    // or the request field ("inputs.version"); empty for the input as a whole.
    std::string path;
    std::string message;  // what is wrong with it, and what is expected
    // "path: message", or the message alone for the input as a whole.
    std::string describe() const { return path.empty() ? message : path + ": " + message; }
};

}  // namespace fairweather
