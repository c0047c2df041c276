#include "core/http/response_headers.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <utility>

#include "core/util/text.h"

namespace fairweather {
namespace {

// A header holding a whole number and nothing else; anything else is treated
// as absent rather than guessed at.
std::optional<std::int64_t> integer_header(const Headers& headers, std::string_view name) {
    const auto value = headers.get(name);
    if (!value) {
        return std::nullopt;
    }
    const std::string_view text = trim(*value);
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return n;
}

// Reads one "; name=value" (or "; name") parameter of a Link header's
// link-value at `pos`, moving past it; nullopt at the end of the parameters.
std::optional<std::pair<std::string_view, std::string>> read_link_param(std::string_view text,
                                                                        std::size_t& pos) {
    const auto skip_space = [&] {
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) {
            ++pos;
        }
    };
    skip_space();
    if (pos >= text.size() || text[pos] != ';') {
        return std::nullopt;
    }
    ++pos;
    const auto name_end = std::min(text.find_first_of("=;,", pos), text.size());
    const std::string_view name = trim(text.substr(pos, name_end - pos));
    pos = name_end;
    std::string value;
    if (pos < text.size() && text[pos] == '=') {
        ++pos;
        skip_space();
        if (pos < text.size() && text[pos] == '"') {
            for (++pos; pos < text.size() && text[pos] != '"'; ++pos) {
                if (text[pos] == '\\' && pos + 1 < text.size()) {
                    ++pos;
                }
                value += text[pos];
            }
            pos = std::min(pos + 1, text.size());  // past the closing quote
        } else {
            const auto end = std::min(text.find_first_of(";, \t", pos), text.size());
            value = text.substr(pos, end - pos);
            pos = end;
        }
    }
    return std::pair{name, std::move(value)};
}

// Whether a rel value (space-separated relation types: "next last") has `relation`.
bool has_relation(std::string_view rel, std::string_view relation) {
    std::size_t start = 0;
    while (start < rel.size()) {
        const auto end = std::min(rel.find_first_of(" \t", start), rel.size());
        if (iequals(rel.substr(start, end - start), relation)) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

}  // namespace

RateLimit parse_rate_limit(const Headers& headers) {
    RateLimit limit;
    limit.limit = integer_header(headers, "X-RateLimit-Limit");
    limit.remaining = integer_header(headers, "X-RateLimit-Remaining");
    limit.used = integer_header(headers, "X-RateLimit-Used");
    if (const auto reset = integer_header(headers, "X-RateLimit-Reset")) {
        limit.reset = TimePoint{std::chrono::seconds{*reset}};
    }
    if (const auto resource = headers.get("X-RateLimit-Resource")) {
        limit.resource = std::string(trim(*resource));
    }
    return limit;
}

std::optional<std::string> next_page(const Headers& headers) {
    const auto header = headers.get("Link");
    if (!header) {
        return std::nullopt;
    }
    // RFC 8288: link-value *("," link-value), each "<URI>" then "; name=value"
    // parameters whose values may be quoted. A URI may itself hold ',' or ';',
    // and a quoted value may hold ',', so the text is walked, not split.
    const std::string_view text = *header;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto open = text.find('<', pos);
        const auto close = open == std::string_view::npos ? open : text.find('>', open);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        const std::string_view uri = text.substr(open + 1, close - open - 1);
        pos = close + 1;
        bool is_next = false;
        while (const auto param = read_link_param(text, pos)) {
            if (iequals(param->first, "rel") && has_relation(param->second, "next")) {
                is_next = true;
            }
        }
        if (is_next) {
            return std::string(uri);
        }
        // On to the next link-value, past the ',' that ends this one.
        const auto comma = text.find(',', pos);
        if (comma == std::string_view::npos) {
            return std::nullopt;
        }
        pos = comma + 1;
    }
    return std::nullopt;
}

}  // namespace fairweather
