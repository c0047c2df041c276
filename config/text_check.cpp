#include "config/text_check.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace fairweather {
namespace {

std::string code_point_name(char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
    return buf;
}

// The length of the UTF-8 sequence at `text[at]` and its code point, or 0
// when the bytes there are not UTF-8 (overlong forms and surrogates too).
std::size_t decode(std::string_view text, std::size_t at, char32_t& out) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char b0 = byte(at);
    if (b0 < 0x80) {
        out = b0;
        return 1;
    }
    std::size_t length = 0;
    char32_t c = 0;
    char32_t least = 0;
    if ((b0 & 0xE0) == 0xC0) {
        length = 2, c = b0 & 0x1F, least = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        length = 3, c = b0 & 0x0F, least = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        length = 4, c = b0 & 0x07, least = 0x10000;
    } else {
        return 0;
    }
    if (at + length > text.size()) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (byte(at + i) & 0x3F);
    }
    if (c < least || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    out = c;
    return length;
}

}  // namespace

std::optional<ConfigError> check_config_text(std::string_view text, std::string_view file) {
    int line = 1;
    int column = 1;
    const auto error = [&](std::string message) {
        return ConfigError{std::string(file), line, column, std::move(message)};
    };
    for (std::size_t at = 0; at < text.size();) {
        char32_t c = 0;
        const std::size_t length = decode(text, at, c);
        if (length == 0) {
            char byte[8];
            std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[at]));
            return error(std::string("byte ") + byte +
                         " is not UTF-8; TOML files are UTF-8: save the file as UTF-8");
        }
        const bool control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
        if (control) {
            return error("a control character (" + code_point_name(c) +
                         "), which TOML allows nowhere in a file; remove it");
        }
        if (c >= 0xFB26 && c <= 0xFEFE) {
            return error(code_point_name(c) +
                         " cannot be read safely by the TOML library (toml++ 3.3.0); inside a "
                         "quoted string, write it as the escape \\u" +
                         code_point_name(c).substr(2));
        }
        if (c == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        at += length;
    }
    return std::nullopt;
}

}  // namespace fairweather
