#include "core/http/client.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/util/text.h"

namespace fairweather {
namespace {

// RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<TimePoint> parse_http_date(std::string_view text) {
    static constexpr std::array<std::string_view, 12> k_months{
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (text.size() != 29 || text.substr(25) != " GMT") {
        return std::nullopt;
    }
    const auto number = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
        int v = 0;
        const auto [p, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, v);
        if (ec != std::errc{} || p != text.data() + pos + len) {
            return std::nullopt;
        }
        return v;
    };
    const auto day = number(5, 2);
    const auto year = number(12, 4);
    const auto hour = number(17, 2);
    const auto minute = number(20, 2);
    const auto second = number(23, 2);
    const auto month_it = std::find(k_months.begin(), k_months.end(), text.substr(8, 3));
    if (!day || !year || !hour || !minute || !second || month_it == k_months.end()) {
        return std::nullopt;
    }
    const std::chrono::year_month_day ymd{
        std::chrono::year{*year},
        std::chrono::month{static_cast<unsigned>(month_it - k_months.begin() + 1)},
        std::chrono::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return TimePoint{std::chrono::sys_days{ymd}} + std::chrono::hours{*hour} +
           std::chrono::minutes{*minute} + std::chrono::seconds{*second};
}

}  // namespace

void Headers::add(std::string name, std::string value) {
    m_fields.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Headers::get(std::string_view name) const {
    for (const auto& [n, v] : m_fields) {
        if (iequals(n, name)) {
            return v;
        }
    }
    return std::nullopt;
}

std::string_view to_string(HttpError::Kind kind) {
    switch (kind) {
        case HttpError::Kind::connect:
            return "connect";
        case HttpError::Kind::timeout:
            return "timeout";
        case HttpError::Kind::tls:
            return "tls";
        case HttpError::Kind::too_large:
            return "too_large";
        case HttpError::Kind::protocol:
            return "protocol";
        case HttpError::Kind::invalid:
            return "invalid";
        case HttpError::Kind::other:
            return "other";
    }
    return "other";
}

std::string redact_url(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        return std::string(url);
    }
    const auto authority_start = scheme_end + 3;
    const auto authority_end = url.find_first_of("/?#", authority_start);
    const auto authority = url.substr(authority_start, authority_end == std::string_view::npos
                                                           ? std::string_view::npos
                                                           : authority_end - authority_start);
    const auto at = authority.rfind('@');
    if (at == std::string_view::npos) {
        return std::string(url);
    }
    std::string out(url.substr(0, authority_start));
    out += "***@";
    out += url.substr(authority_start + at + 1);
    return out;
}

std::optional<Duration> parse_retry_after(std::string_view value, TimePoint now) {
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
        value.remove_prefix(1);
    }
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
        value.remove_suffix(1);
    }
    long long seconds = 0;
    const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc{} && p == value.data() + value.size()) {
        if (seconds < 0) {
            return std::nullopt;
        }
        return std::chrono::duration_cast<Duration>(std::chrono::seconds{seconds});
    }
    if (const auto date = parse_http_date(value)) {
        return *date > now ? *date - now : Duration{0};
    }
    return std::nullopt;
}

std::string_view reason_phrase(int status) {
    // The statuses fairweather meets or sends, with RFC 9110's phrases.
    static constexpr std::pair<int, std::string_view> k_phrases[] = {
        {200, "OK"},
        {201, "Created"},
        {204, "No Content"},
        {301, "Moved Permanently"},
        {304, "Not Modified"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {408, "Request Timeout"},
        {409, "Conflict"},
        {410, "Gone"},
        {411, "Length Required"},
        {413, "Payload Too Large"},
        {417, "Expectation Failed"},
        {422, "Unprocessable Content"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
        {505, "HTTP Version Not Supported"},
    };
    for (const auto& [code, phrase] : k_phrases) {
        if (code == status) {
            return phrase;
        }
    }
    return {};
}

std::string describe_status(int status) {
    std::string out = "HTTP " + std::to_string(status);
    // A success needs no words: "answered HTTP 200 with an empty body".
    const std::string_view phrase = status >= 200 && status < 300 ? "" : reason_phrase(status);
    if (!phrase.empty()) {
        out += ' ';
        out += phrase;
    }
    return out;
}

std::string host_of(std::string_view url) {
    const auto scheme = url.find("://");
    const auto start = scheme == std::string_view::npos ? 0 : scheme + 3;
    const auto end = url.find_first_of("/?#", start);
    auto authority =
        url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
    }
    return std::string(authority);
}

}  // namespace fairweather
