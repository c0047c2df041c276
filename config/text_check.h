#pragma once
// What a config file's bytes must be before toml++ sees them. TOML is UTF-8
// and allows no control character but tab (and CR in CRLF).
//
// Debian's toml++ 3.3.0 has bugs a stranger's bytes (or a fuzzer's) reach.
// One is undefined behaviour in a release build, so this check keeps such
// bytes from toml++ altogether:
// - is_non_ascii_horizontal_whitespace() reaches __builtin_unreachable() for
//   code points in U+00A1..U+0499, U+2FEE..U+33E7 (but U+3000) and
//   U+FB26..U+FEFE (bytes EF BB B7 are U+FEF7). toml++ asks it of the
//   character after a token, after a backslash in a string, and after a
//   line-ending backslash. Outside strings and comments no code point above
//   ASCII is valid TOML, so those are refused, and so are the unsafe ones in
//   the two string positions.
// The others are assertions (TOML_ASSERT_ASSUME), compiled out of Debian's
// library, after which the parser reports the bad input as an error: exit 78
// with file:line:column (gate_cli_config pins them):
// - parse_key: a table header whose key starts with neither a bare-key
//   character nor a quote ("[[" then NUL, "[[.x]]", "[" at a line's end);
// - parse_time: a date followed by 'T' and no digit ("2024-02-16Tx");
// - parse_value: a value that starts with a terminator ("x = [ }").
// A NUL is refused here anyway, as every control character is.

#include <optional>
#include <string_view>

#include "config/config.h"

namespace fairweather {

// The first problem with `text` as the bytes of a TOML file named `file`
// (invalid UTF-8, a control character, or a code point toml++ 3.3.0 cannot
// read safely), at its line and column (in characters, from 1); nullopt
// when toml++ may read it.
std::optional<ConfigError> check_config_text(std::string_view text, std::string_view file);

}  // namespace fairweather
