#include "monitor/http_wire.h"

#include <algorithm>
#include <charconv>

#include "core/util/text.h"

namespace fairweather::monitor::wire {
namespace {

using Result = Expected<RequestHead, HeadError>;

tl::unexpected<HeadError> refuse(int status, std::string message) {
    return make_unexpected(HeadError{status, std::move(message)});
}

// RFC 9110 token characters (methods and header names).
bool is_tchar(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar);
}

// The path percent-decoded ('+' stays '+': it is not a form), refusing
// what no API path holds: control characters and "." or ".." segments.
Expected<std::string, HeadError> decode_path(std::string_view raw) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '%') {
            out += raw[i];
            continue;
        }
        if (i + 2 >= raw.size() || hex_value(raw[i + 1]) < 0 || hex_value(raw[i + 2]) < 0) {
            return refuse(400, "the path has a '%' that is not followed by two hex digits");
        }
        out += static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
        i += 2;
    }
    if (has_control_character(out)) {
        return refuse(400, "the path holds a control character");
    }
    for (const auto& segment : split(out, '/')) {
        if (segment == "." || segment == "..") {
            return refuse(400, "the path has a \".\" or \"..\" segment; ask for the path itself");
        }
    }
    return out;
}

// "GET /path?query HTTP/1.1"
Expected<bool, HeadError> read_request_line(std::string_view line, RequestHead& head) {
    const auto first = line.find(' ');
    const auto last = line.rfind(' ');
    if (first == std::string_view::npos || first == last) {
        return refuse(400, "the request line is not METHOD TARGET HTTP/1.1");
    }
    head.method = std::string(line.substr(0, first));
    const std::string_view target = line.substr(first + 1, last - first - 1);
    const std::string_view version = line.substr(last + 1);
    if (!is_token(head.method)) {
        return refuse(400, "the method is not a token");
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        return refuse(505, "only HTTP/1.1 and HTTP/1.0 are spoken here");
    }
    if (target.empty() || target.front() != '/' || target.find(' ') != std::string_view::npos) {
        return refuse(400, "the request target is not a path such as /api/v1/weather");
    }
    const auto question = target.find('?');
    auto path = decode_path(target.substr(0, question));
    if (!path) {
        return make_unexpected(path.error());
    }
    head.path = std::move(*path);
    head.query = question == std::string_view::npos ? "" : std::string(target.substr(question + 1));
    return version == "HTTP/1.1";
}

// One "Name: value" line into `head`.
Expected<void, HeadError> read_header(std::string_view line, RequestHead& head) {
    if (line.front() == ' ' || line.front() == '\t') {
        return refuse(400, "obsolete line folding in the headers is not accepted");
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
        return refuse(400, "a header line is not NAME: VALUE");
    }
    const std::string_view value = trim(line.substr(colon + 1));
    if (std::any_of(value.begin(), value.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return (u < 0x20 && c != '\t') || u == 0x7f;
        })) {
        return refuse(400, "a header value holds a control character");
    }
    head.headers.add(std::string(line.substr(0, colon)), std::string(value));
    return {};
}

// Content-Length, Transfer-Encoding, Connection and Expect, read once the
// headers are all in.
Expected<void, HeadError> read_framing(RequestHead& head, bool http11, std::size_t max_body) {
    int lengths = 0;
    bool transfer_encoding = false;
    std::optional<std::string> connection;
    for (const auto& [name, value] : head.headers.fields()) {
        if (iequals(name, "Content-Length")) {
            ++lengths;
            std::size_t n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (value.empty() || ec != std::errc{} || end != value.data() + value.size()) {
                return refuse(400, "Content-Length is not a number");
            }
            head.content_length = n;
        } else if (iequals(name, "Transfer-Encoding")) {
            transfer_encoding = true;
        } else if (iequals(name, "Connection")) {
            connection = lower(value);
        } else if (iequals(name, "Expect")) {
            if (!iequals(value, "100-continue")) {
                return refuse(417, "only Expect: 100-continue is understood");
            }
            head.expects_continue = true;
        }
    }
    if (lengths > 1) {
        return refuse(400, "Content-Length is given more than once");
    }
    if (transfer_encoding && lengths > 0) {
        return refuse(400, "Content-Length and Transfer-Encoding together are refused");
    }
    if (transfer_encoding) {
        return refuse(411, "chunked bodies are not read here; send the body with Content-Length");
    }
    if (head.content_length > max_body) {
        return refuse(413, "request body larger than " + std::to_string(max_body) + " bytes");
    }
    const bool close = connection && connection->find("close") != std::string::npos;
    const bool keep = connection && connection->find("keep-alive") != std::string::npos;
    head.keep_alive = http11 ? !close : keep;
    return {};
}

}  // namespace

std::size_t head_length(std::string_view buffer) {
    const auto end = buffer.find("\r\n\r\n");
    return end == std::string_view::npos ? 0 : end + 4;
}

Expected<RequestHead, HeadError> parse_head(std::string_view head_text, std::size_t max_body) {
    RequestHead head;
    std::string_view rest = head_text.substr(0, head_length(head_text));
    if (rest.empty()) {
        return refuse(400, "the request head does not end with an empty line");
    }
    rest.remove_suffix(2);  // the empty line's CRLF
    const auto line_end = rest.find("\r\n");
    const auto http11 = read_request_line(rest.substr(0, line_end), head);
    if (!http11) {
        return make_unexpected(http11.error());
    }
    rest.remove_prefix(line_end + 2);
    while (!rest.empty()) {
        const auto end = rest.find("\r\n");
        const std::string_view line = rest.substr(0, end);
        if (line.empty() || line.find('\n') != std::string_view::npos ||
            line.find('\r') != std::string_view::npos) {
            return refuse(400, "a header line is empty or holds a bare CR or LF");
        }
        if (auto read = read_header(line, head); !read) {
            return make_unexpected(read.error());
        }
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 2);
    }
    if (auto framed = read_framing(head, *http11, max_body); !framed) {
        return make_unexpected(framed.error());
    }
    return head;
}

std::string serialize(const ServerResponse& r, bool head_only, bool close) {
    const std::string_view phrase = reason_phrase(r.status);
    std::string out;
    out.reserve(256 + (head_only ? 0 : r.body.size()));
    out += "HTTP/1.1 " + std::to_string(r.status) + " ";
    out += phrase.empty() ? std::string_view("Status") : phrase;
    out += "\r\nContent-Type: " + r.content_type;
    out += "\r\nContent-Length: " + std::to_string(r.body.size());
    out += "\r\nCache-Control: no-store\r\n";
    for (const auto& [name, value] : r.headers.fields()) {
        out += name + ": " + value + "\r\n";
    }
    if (close) {
        out += "Connection: close\r\n";
    }
    out += "\r\n";
    if (!head_only) {
        out += r.body;
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace fairweather::monitor::wire
