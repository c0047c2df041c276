#pragma once
// A problem in a payload fairweather read (JSON from Statuspage, GitHub, the
// monitor): where it is and what is wrong.

#include <string>

namespace fairweather {

struct ParseError {
    std::string path;     // JSON path of the offending value, e.g. "components[3].status"
    std::string message;  // what is wrong with it
    // "path: message", or the message alone for the document as a whole.
    std::string describe() const { return path.empty() ? message : path + ": " + message; }
};

}  // namespace fairweather
