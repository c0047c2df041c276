#pragma once
// What a config file's bytes must be before toml++ sees them. TOML is UTF-8
// and allows no control character but tab (and CR in CRLF); Debian's toml++
// 3.3.0 also has two bugs that bytes a stranger (or a fuzzer) can reach:
// "[[" followed by NUL trips an assertion in parse_key, and a code point in
// U+FB26..U+FEFE where whitespace may stand (e.g. bytes EF BB B7, U+FEF7)
// reaches a __builtin_unreachable() in is_non_ascii_horizontal_whitespace,
// which is undefined behaviour in a release build. Release builds happened to
// exit 78 cleanly on both (tests pin that); this check keeps such bytes from
// toml++ at all, with a message that says where and what to do.

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
