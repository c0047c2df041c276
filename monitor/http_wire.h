#pragma once
// HTTP/1.1 on the wire, as the monitor's listener speaks it: reading a
// request's head strictly (RFC 9112), and writing a response whole. Pure
// functions over bytes, so every rule is tested (and fuzzed) without a socket.
//
// Strict where leniency hides requests: a Content-Length given twice, or
// with Transfer-Encoding, is refused (request smuggling behind a proxy);
// chunked bodies are not read (send Content-Length); obsolete line folding,
// control characters and dot segments in the path are refused.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/client.h"
#include "core/util/expected.h"
#include "monitor/http_server.h"

namespace fairweather::monitor::wire {

struct RequestHead {
    std::string method;
    std::string path;   // percent-decoded, without the query
    std::string query;  // as sent, without the '?'
    Headers headers;
    std::size_t content_length = 0;
    bool keep_alive = true;         // HTTP/1.1 unless "Connection: close"; 1.0 only if asked
    bool expects_continue = false;  // "Expect: 100-continue"
};

// Why a head cannot be served: the status to answer (400, 411, 413, 501,
// 505) and what is wrong, for the answer's body.
struct HeadError {
    int status = 400;
    std::string message;
};

// The length of the head at the start of `buffer`, up to and including the
// empty line that ends it; 0 while it is incomplete.
std::size_t head_length(std::string_view buffer);

// Reads a request's head (the bytes head_length() counted). A body longer
// than `max_body` is a 413 before it is read.
Expected<RequestHead, HeadError> parse_head(std::string_view head, std::size_t max_body);

// The whole response in one buffer: status line, Content-Type,
// Content-Length, Cache-Control: no-store, the response's own headers,
// "Connection: close" when `close`, then the body, unless `head_only` (a
// HEAD request: the same head, no body).
std::string serialize(const ServerResponse& response, bool head_only, bool close);

// The value of a hexadecimal digit, or -1 (for percent-decoding).
int hex_value(char c);

}  // namespace fairweather::monitor::wire
