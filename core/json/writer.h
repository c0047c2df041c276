#pragma once
// A small streaming JSON writer for fairweather's own output (gate decisions,
// API answers). Reading is reader.h's job; this only writes, and escapes every
// string per RFC 8259.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/util/time.h"

namespace fairweather {

class JsonWriter {
  public:
    // indent > 0 pretty-prints with that many spaces per level.
    explicit JsonWriter(int indent = 0) : m_indent(indent) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(bool b);
    JsonWriter& value(std::int64_t n);
    JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
    JsonWriter& value(double d);  // non-finite numbers are written as null
    // An enum as its word (to_string, found by argument lookup): "fair".
    template <class Enum>
    requires std::is_enum_v<Enum> JsonWriter& value(Enum e) { return value(to_string(e)); }
    JsonWriter& null();

    // Shorthand for key(name).value(v).
    template <class T>
    JsonWriter& field(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }
    JsonWriter& string_array(std::string_view name, const std::vector<std::string>& items);
    // key(name) and the value, or null when unset.
    template <class T>
    JsonWriter& optional_field(std::string_view name, const std::optional<T>& v) {
        key(name);
        return v ? value(*v) : null();
    }
    // An RFC 3339 time (format_timestamp), or null when unset.
    JsonWriter& time_field(std::string_view name, const std::optional<TimePoint>& t);
    // A duration in seconds, or null when unset.
    JsonWriter& seconds_field(std::string_view name, const std::optional<Duration>& d);

    const std::string& str() const { return m_out; }

  private:
    void before_value();
    void newline();
    void close(char bracket);

    std::string m_out;
    int m_indent;
    // One entry per open container: true until its first member is written.
    std::vector<bool> m_first;
    bool m_after_key = false;
};

// Appends `s` to `out` as a quoted, escaped JSON string.
void append_json_string(std::string& out, std::string_view s);

}  // namespace fairweather
