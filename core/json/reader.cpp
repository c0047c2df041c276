#include "core/json/reader.h"

namespace fairweather {

using simdjson::dom::element_type;

std::string_view JsonReader::type_name(element_type t) {
    switch (t) {
        case element_type::ARRAY:
            return "an array";
        case element_type::OBJECT:
            return "an object";
        case element_type::INT64:
        case element_type::UINT64:
        case element_type::DOUBLE:
            return "a number";
        case element_type::STRING:
            return "a string";
        case element_type::BOOL:
            return "a boolean";
        case element_type::NULL_VALUE:
            return "null";
    }
    return "a value";
}

void JsonReader::fail(std::string path, std::string message) {
    if (!m_error) {
        m_error = ParseError{std::move(path), std::move(message)};
    }
}

Expected<JsonReader::element, ParseError> JsonReader::parse(simdjson::dom::parser& parser,
                                                            std::string_view json,
                                                            std::string_view what) {
    if (json.empty()) {
        return make_unexpected(ParseError{"", "the body is empty"});
    }
    element root;
    if (const auto code = parser.parse(json.data(), json.size()).get(root);
        code != simdjson::SUCCESS) {
        return make_unexpected(
            ParseError{"", "not valid JSON (" + std::string(simdjson::error_message(code)) +
                               "); the body may be truncated or not be " + std::string(what)});
    }
    return root;
}

std::optional<JsonReader::element> JsonReader::field(object obj, std::string_view key) {
    element value;
    if (obj[key].get(value) != simdjson::SUCCESS || value.is_null()) {
        return std::nullopt;
    }
    return value;
}

std::string JsonReader::string(object obj, std::string_view key, const std::string& path) {
    const auto value = field(obj, key);
    if (!value) {
        return {};
    }
    std::string_view s;
    if (value->get_string().get(s) != simdjson::SUCCESS) {
        fail(join(path, key), "expected a string, got " + std::string(type_name(value->type())));
        return {};
    }
    return std::string(s);
}

std::string JsonReader::required_string(object obj, std::string_view key, const std::string& path) {
    if (!field(obj, key)) {
        fail(join(path, key), "missing; every object of this kind has it");
        return {};
    }
    return string(obj, key, path);
}

bool JsonReader::boolean(object obj, std::string_view key, const std::string& path) {
    const auto value = field(obj, key);
    if (!value) {
        return false;
    }
    bool b = false;
    if (value->get_bool().get(b) != simdjson::SUCCESS) {
        fail(join(path, key),
             "expected true or false, got " + std::string(type_name(value->type())));
    }
    return b;
}

std::optional<std::int64_t> JsonReader::integer(object obj, std::string_view key,
                                                const std::string& path) {
    const auto value = field(obj, key);
    if (!value) {
        return std::nullopt;
    }
    std::int64_t n = 0;
    if (value->get_int64().get(n) != simdjson::SUCCESS) {
        fail(join(path, key),
             "expected a whole number, got " + std::string(type_name(value->type())));
        return std::nullopt;
    }
    return n;
}

std::optional<double> JsonReader::number(object obj, std::string_view key,
                                         const std::string& path) {
    const auto value = field(obj, key);
    if (!value) {
        return std::nullopt;
    }
    double d = 0;
    if (value->get_double().get(d) != simdjson::SUCCESS) {
        fail(join(path, key), "expected a number, got " + std::string(type_name(value->type())));
        return std::nullopt;
    }
    return d;
}

std::optional<TimePoint> JsonReader::timestamp(object obj, std::string_view key,
                                               const std::string& path) {
    const std::string text = string(obj, key, path);
    if (text.empty()) {
        return std::nullopt;
    }
    const auto t = parse_timestamp(text);
    if (!t) {
        fail(join(path, key), "\"" + text + "\" is not an RFC 3339 timestamp");
    }
    return t;
}

std::optional<JsonReader::array> JsonReader::array_field(object obj, std::string_view key,
                                                         const std::string& path) {
    const auto value = field(obj, key);
    if (!value) {
        return std::nullopt;
    }
    array a;
    if (value->get_array().get(a) != simdjson::SUCCESS) {
        fail(join(path, key), "expected an array, got " + std::string(type_name(value->type())));
        return std::nullopt;
    }
    return a;
}

std::optional<JsonReader::object> JsonReader::as_object(element value, const std::string& path) {
    object o;
    if (value.get_object().get(o) != simdjson::SUCCESS) {
        fail(path, "expected an object, got " + std::string(type_name(value.type())));
        return std::nullopt;
    }
    return o;
}

std::string JsonReader::join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string JsonReader::index(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

}  // namespace fairweather
