#pragma once
// Reading JSON payloads field by field with simdjson's DOM, keeping the first
// problem with its JSON path. Internal to the core's parsers (it exposes
// simdjson); everything else sees plain structs and ParseError.
//
// Absent and null fields read as "not there"; a present field of the wrong
// type is an error.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "core/util/expected.h"
#include "core/util/parse_error.h"
#include "core/util/time.h"

namespace fairweather {

class JsonReader {
  public:
    using element = simdjson::dom::element;
    using object = simdjson::dom::object;
    using array = simdjson::dom::array;

    bool failed() const { return m_error.has_value(); }
    const std::optional<ParseError>& error() const { return m_error; }
    // Records a problem; only the first one is kept.
    void fail(std::string path, std::string message);

    // Parses `json` with `parser` (whose buffers back the returned element).
    // An empty body, invalid JSON or a top level of another type is an error.
    static Expected<element, ParseError> parse(simdjson::dom::parser& parser, std::string_view json,
                                               std::string_view what);

    std::optional<element> field(object obj, std::string_view key);
    std::string string(object obj, std::string_view key, const std::string& path);
    std::string required_string(object obj, std::string_view key, const std::string& path);
    bool boolean(object obj, std::string_view key, const std::string& path);
    std::optional<std::int64_t> integer(object obj, std::string_view key, const std::string& path);
    std::optional<double> number(object obj, std::string_view key, const std::string& path);
    std::optional<TimePoint> timestamp(object obj, std::string_view key, const std::string& path);
    std::optional<array> array_field(object obj, std::string_view key, const std::string& path);
    std::optional<object> as_object(element value, const std::string& path);

    static std::string join(const std::string& path, std::string_view key);
    static std::string index(const std::string& path, std::size_t i);
    static std::string_view type_name(simdjson::dom::element_type t);

  private:
    std::optional<ParseError> m_error;
};

}  // namespace fairweather
