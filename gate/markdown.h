#pragma once
// Text in GitHub-flavoured Markdown written by the gate (step summaries,
// reports), where it comes from outside (incident names, reasons, tags).

#include <string>
#include <string_view>

namespace fairweather::gate {

// `s` safe inside a table cell or a list item: '|' escaped, line breaks as
// spaces, '<' as "&lt;" so that no raw HTML tag reaches the page.
std::string markdown_text(std::string_view s);

}  // namespace fairweather::gate
