#pragma once
// Small string helpers shared across the libraries.

#include <string>
#include <string_view>
#include <vector>

namespace fairweather {

// ASCII lower case.
std::string lower(std::string_view s);
// Equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);
// The items with `sep` between them.
std::string join(const std::vector<std::string>& items, std::string_view sep);
// `s` percent-encoded for a URL path segment or query value (RFC 3986:
// everything but unreserved characters).
std::string url_escape(std::string_view s);
// `bytes` in base64 with the URL-safe alphabet ('-', '_') and '=' padding.
std::string base64url(std::string_view bytes);
// `s` without leading and trailing spaces, tabs, CRs and LFs.
std::string_view trim(std::string_view s);
// The pieces of `text` between `sep`s, each trimmed; empty pieces are dropped.
std::vector<std::string> split(std::string_view text, char sep);
// Whether `s` holds an ASCII control character (below 0x20, or DEL): text
// fairweather accepts from requests has none, so none reaches a log line.
bool has_control_character(std::string_view s);

}  // namespace fairweather
