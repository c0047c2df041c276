#include "core/json/writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace fairweather {

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (const char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

void JsonWriter::newline() {
    if (m_indent > 0) {
        m_out += '\n';
        m_out.append(m_first.size() * static_cast<std::size_t>(m_indent), ' ');
    }
}

void JsonWriter::before_value() {
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (!m_first.empty()) {
        if (!m_first.back()) {
            m_out += ',';
        }
        m_first.back() = false;
        newline();
    }
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    m_out += '{';
    m_first.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    m_out += '[';
    m_first.push_back(true);
    return *this;
}

void JsonWriter::close(char bracket) {
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty) {
        newline();
    }
    m_out += bracket;
}

JsonWriter& JsonWriter::end_object() {
    close('}');
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    close(']');
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    before_value();
    append_json_string(m_out, name);
    m_out += m_indent > 0 ? ": " : ":";
    m_after_key = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
    before_value();
    append_json_string(m_out, s);
    return *this;
}

JsonWriter& JsonWriter::value(bool b) {
    before_value();
    m_out += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t n) {
    before_value();
    m_out += std::to_string(n);
    return *this;
}

JsonWriter& JsonWriter::value(double d) {
    before_value();
    if (!std::isfinite(d)) {
        m_out += "null";
        return *this;
    }
    char buf[32];
    // Shortest text that reads back as the same double.
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    m_out.append(buf, ec == std::errc{} ? end : buf);
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    m_out += "null";
    return *this;
}

JsonWriter& JsonWriter::time_field(std::string_view name, const std::optional<TimePoint>& t) {
    key(name);
    return t ? value(format_timestamp(*t)) : null();
}

JsonWriter& JsonWriter::seconds_field(std::string_view name, const std::optional<Duration>& d) {
    key(name);
    return d ? value(std::chrono::duration<double>(*d).count()) : null();
}

JsonWriter& JsonWriter::string_array(std::string_view name, const std::vector<std::string>& items) {
    key(name);
    begin_array();
    for (const auto& item : items) {
        value(item);
    }
    return end_array();
}

}  // namespace fairweather
