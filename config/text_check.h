#pragma once
// What a config file's bytes must be before toml++ sees them. TOML is UTF-8
// and allows no control character but tab (and CR in CRLF). Debian's toml++
// 3.3.0 also has two bugs a stranger's bytes (or a fuzzer's) reach:
// - a code point in U+FB26..U+FEFE where whitespace may stand (bytes
//   EF BB B7, U+FEF7, at the start of a file) reaches __builtin_unreachable()
//   in is_non_ascii_horizontal_whitespace: undefined behaviour in a release
//   build, so this check refuses those code points before toml++ sees them;
// - a table header whose key starts with neither a bare-key character nor a
//   quote ("[[\0", "[[.x]]") trips TOML_ASSERT_ASSUME in parse_key. Debian's
//   library is built by GCC, where that macro is empty in a release build,
//   and the parser then reports the bad key: exit 78 with file:line:column
//   (gate_cli_config pins it). Only a build that compiles toml++ in with
//   assertions (the fuzz build) aborts there; fuzz/fuzz_config.cpp skips it.
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
