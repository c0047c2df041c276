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

// Code points toml++ 3.3.0's is_non_ascii_horizontal_whitespace() sends to
// __builtin_unreachable(): the members of its lookup blocks 0, 11 and 63 that
// are not whitespace. It asks wherever whitespace may stand: between tokens,
// after a backslash in a string, after a line-ending backslash.
bool unsafe_for_toml_plus_plus(char32_t c) {
    return (c > 0xA0 && c < 0x49A) || (c >= 0x2FEE && c < 0x33E8 && c != 0x3000) ||
           (c >= 0xFB26 && c < 0xFEFF);
}

// Where the scanner is: TOML's strings and comments are the only places a
// code point outside ASCII may stand.
enum class Place { code, comment, basic, literal, multi_basic, multi_literal };

// Follows TOML's strings and comments through the text, one code point at a
// time, and knows where toml++ will ask whether a character is whitespace.
struct Lexer {
    std::string_view text;
    Place place = Place::code;
    bool escaped = false;     // the last character was a backslash in a basic string
    bool continuing = false;  // after a line-ending backslash in a """ string
    // The last character read outside strings and comments ('\n' at a line's
    // start): a quote opens a string only where a value or a key may start.
    // Elsewhere ("1_x'...") toml++ reads it as part of a bare token and asks
    // of every following character whether it ends the token.
    char32_t previous = '\n';

    bool may_open_string() const {
        return previous == '\n' || previous == ' ' || previous == '\t' || previous == '=' ||
               previous == '[' || previous == '{' || previous == ',';
    }

    bool starts(std::size_t at, std::string_view s) const { return text.substr(at, s.size()) == s; }
    // A closing triple quote may follow one or two quotes of the string's own.
    std::size_t closing(std::size_t at, char quote) const {
        std::size_t run = 0;
        while (at + run < text.size() && text[at + run] == quote && run < 5) {
            ++run;
        }
        return run;
    }

    // Takes the code point `c` (`length` bytes) at `at`; returns how many
    // bytes it consumed (more than `length` for a triple quote).
    std::size_t take(std::size_t at, char32_t c, std::size_t length) {
        const bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        switch (place) {
            case Place::code:
                if (c == '#') {
                    place = Place::comment;
                } else if (!may_open_string()) {
                    // part of a token
                } else if (starts(at, "\"\"\"")) {
                    place = Place::multi_basic, length = 3;
                } else if (starts(at, "'''")) {
                    place = Place::multi_literal, length = 3;
                } else if (c == '"') {
                    place = Place::basic;
                } else if (c == '\'') {
                    place = Place::literal;
                }
                previous = c == '\r' ? previous : c;
                break;
            case Place::comment:
                if (c == '\n') {
                    place = Place::code, previous = '\n';
                }
                break;
            case Place::basic:
            case Place::multi_basic:
                if (continuing && blank) {
                    break;
                }
                continuing = false;
                if (escaped) {
                    escaped = false;
                    continuing = place == Place::multi_basic && blank;
                } else if (c == '\\') {
                    escaped = true;
                } else if (place == Place::basic && (c == '"' || c == '\n')) {
                    place = Place::code, previous = c;  // a newline ends it too (toml++ says why)
                } else if (place == Place::multi_basic && starts(at, "\"\"\"")) {
                    place = Place::code, previous = '"', length = closing(at, '"');
                }
                break;
            case Place::literal:
                if (c == '\'' || c == '\n') {
                    place = Place::code, previous = c;
                }
                break;
            case Place::multi_literal:
                if (starts(at, "'''")) {
                    place = Place::code, previous = '\'', length = closing(at, '\'');
                }
                break;
        }
        return length;
    }
};

// Why code point `c` may not stand where `lexer` is, if it may not.
std::optional<std::string> misplaced(const Lexer& lexer, char32_t c) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
        return "a control character (" + code_point_name(c) +
               "), which TOML allows nowhere in a file; remove it";
    }
    if (c < 0x80) {
        return std::nullopt;
    }
    if (lexer.place == Place::code) {
        return code_point_name(c) +
               " outside a quoted string or comment; TOML keys are ASCII unless quoted: quote "
               "the key, or remove the character";
    }
    if ((lexer.escaped || lexer.continuing) && unsafe_for_toml_plus_plus(c)) {
        return code_point_name(c) +
               (lexer.escaped ? " right after a backslash" : " after a line-ending backslash") +
               " cannot be read safely by the TOML library (toml++ 3.3.0); write it as the "
               "escape \\u" +
               code_point_name(c).substr(2);
    }
    return std::nullopt;
}

}  // namespace

std::optional<ConfigError> check_config_text(std::string_view text, std::string_view file) {
    int line = 1;
    int column = 1;
    Lexer lexer{text};
    // A UTF-8 byte order mark may open the file.
    for (std::size_t at = lexer.starts(0, "\xEF\xBB\xBF") ? 3 : 0; at < text.size();) {
        char32_t c = 0;
        std::size_t length = decode(text, at, c);
        if (length == 0) {
            char byte[8];
            std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[at]));
            return ConfigError{std::string(file), line, column,
                               std::string("byte ") + byte +
                                   " is not UTF-8; TOML files are UTF-8: save the file as UTF-8"};
        }
        if (auto why = misplaced(lexer, c)) {
            return ConfigError{std::string(file), line, column, std::move(*why)};
        }
        length = lexer.take(at, c, length);
        for (std::size_t i = 0; i < length; ++i) {
            if (text[at + i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) {
                ++column;
            }
        }
        at += length;
    }
    return std::nullopt;
}

}  // namespace fairweather
