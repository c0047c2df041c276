// The only file that includes simdjson: its handles travel through the rest
// of fairweather as opaque bytes (detail::Handle) and come back to life here.
#include "core/json/reader.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include <simdjson.h>

namespace fairweather::json {
namespace {

namespace dom = simdjson::dom;

template <class T>
detail::Handle wrap(const T& value) {
    static_assert(sizeof(T) <= sizeof(detail::Handle::bytes));
    static_assert(alignof(T) <= alignof(detail::Handle));
    static_assert(std::is_trivially_copyable_v<T>);
    detail::Handle h{};
    std::memcpy(h.bytes, &value, sizeof(T));
    return h;
}

template <class T>
T unwrap(const detail::Handle& h) {
    T value;
    std::memcpy(static_cast<void*>(&value), h.bytes, sizeof(T));
    return value;
}

Type type_of(dom::element_type t) {
    switch (t) {
        case dom::element_type::ARRAY:
            return Type::array;
        case dom::element_type::OBJECT:
            return Type::object;
        case dom::element_type::INT64:
        case dom::element_type::UINT64:
        case dom::element_type::DOUBLE:
            return Type::number;
        case dom::element_type::STRING:
            return Type::string;
        case dom::element_type::BOOL:
            return Type::boolean;
        case dom::element_type::NULL_VALUE:
            return Type::null;
    }
    return Type::null;
}

}  // namespace

std::string_view type_name(Type t) {
    switch (t) {
        case Type::array:
            return "an array";
        case Type::object:
            return "an object";
        case Type::number:
            return "a number";
        case Type::string:
            return "a string";
        case Type::boolean:
            return "a boolean";
        case Type::null:
            return "null";
    }
    return "a value";
}

// Value

Type Value::type() const {
    return type_of(unwrap<dom::element>(m_handle).type());
}

std::optional<std::string_view> Value::string() const {
    std::string_view s;
    if (unwrap<dom::element>(m_handle).get_string().get(s) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return s;
}

std::optional<bool> Value::boolean() const {
    bool b = false;
    if (unwrap<dom::element>(m_handle).get_bool().get(b) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return b;
}

std::optional<std::int64_t> Value::integer() const {
    std::int64_t n = 0;
    if (unwrap<dom::element>(m_handle).get_int64().get(n) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return n;
}

std::optional<double> Value::number() const {
    double d = 0;
    if (unwrap<dom::element>(m_handle).get_double().get(d) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return d;
}

std::optional<Object> Value::object() const {
    dom::object o;
    if (unwrap<dom::element>(m_handle).get_object().get(o) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return Object(wrap(o));
}

std::optional<Array> Value::array() const {
    dom::array a;
    if (unwrap<dom::element>(m_handle).get_array().get(a) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return Array(wrap(a));
}

// Object

Object::Member Object::Iterator::operator*() const {
    const auto it = unwrap<dom::object::iterator>(m_handle);
    return Member{it.key(), Value(wrap(it.value()))};
}

Object::Iterator& Object::Iterator::operator++() {
    auto it = unwrap<dom::object::iterator>(m_handle);
    ++it;
    m_handle = wrap(it);
    return *this;
}

bool Object::Iterator::operator==(const Iterator& other) const {
    return unwrap<dom::object::iterator>(m_handle) == unwrap<dom::object::iterator>(other.m_handle);
}

Object::Iterator Object::begin() const {
    return Iterator(wrap(unwrap<dom::object>(m_handle).begin()));
}

Object::Iterator Object::end() const {
    return Iterator(wrap(unwrap<dom::object>(m_handle).end()));
}

std::optional<Value> Object::find(std::string_view key) const {
    dom::element value;
    if (unwrap<dom::object>(m_handle)[key].get(value) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return Value(wrap(value));
}

// Array

Value Array::Iterator::operator*() const {
    return Value(wrap(*unwrap<dom::array::iterator>(m_handle)));
}

Array::Iterator& Array::Iterator::operator++() {
    auto it = unwrap<dom::array::iterator>(m_handle);
    ++it;
    m_handle = wrap(it);
    return *this;
}

bool Array::Iterator::operator==(const Iterator& other) const {
    return unwrap<dom::array::iterator>(m_handle) == unwrap<dom::array::iterator>(other.m_handle);
}

Array::Iterator Array::begin() const {
    return Iterator(wrap(unwrap<dom::array>(m_handle).begin()));
}

Array::Iterator Array::end() const {
    return Iterator(wrap(unwrap<dom::array>(m_handle).end()));
}

std::size_t Array::size() const {
    return unwrap<dom::array>(m_handle).size();
}

// Document

struct Document::Impl {
    dom::parser parser;
    dom::element root;
};

Document::Document(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

Expected<Document, ParseError> Document::parse(std::string_view text, std::string_view what) {
    if (text.empty()) {
        return make_unexpected(ParseError{"", "the body is empty"});
    }
    auto impl = std::make_unique<Impl>();
    if (const auto code = impl->parser.parse(text.data(), text.size()).get(impl->root);
        code != simdjson::SUCCESS) {
        return make_unexpected(
            ParseError{"", "not valid JSON (" + std::string(simdjson::error_message(code)) +
                               "); the body may be truncated or not be " + std::string(what)});
    }
    return Document(std::move(impl));
}

Value Document::root() const {
    return Value(wrap(m_impl->root));
}

// Reader

void Reader::fail(std::string path, std::string message) {
    if (!m_error) {
        m_error = ParseError{std::move(path), std::move(message)};
    }
}

// The Reader works on the parser's own handles: a payload is read field by
// field, thousands of times a second in a monitor, so these stay as direct
// as they were before the handles were wrapped.

namespace {

// The value of `key` in `obj`, or nullopt when it is absent or null.
std::optional<dom::element> present(const detail::Handle& obj, std::string_view key) {
    dom::element value;
    if (unwrap<dom::object>(obj)[key].get(value) != simdjson::SUCCESS || value.is_null()) {
        return std::nullopt;
    }
    return value;
}

std::string got(const dom::element& value) {
    return std::string(type_name(type_of(value.type())));
}

}  // namespace

std::optional<Value> Reader::field(Object obj, std::string_view key) {
    const auto value = present(obj.m_handle, key);
    return value ? std::optional<Value>(Value(wrap(*value))) : std::nullopt;
}

std::string Reader::string(Object obj, std::string_view key, const std::string& path) {
    const auto value = present(obj.m_handle, key);
    if (!value) {
        return {};
    }
    std::string_view s;
    if (value->get_string().get(s) != simdjson::SUCCESS) {
        fail(join(path, key), "expected a string, got " + got(*value));
        return {};
    }
    return std::string(s);
}

std::string Reader::required_string(Object obj, std::string_view key, const std::string& path) {
    if (!present(obj.m_handle, key)) {
        fail(join(path, key), "missing; every object of this kind has it");
        return {};
    }
    return string(obj, key, path);
}

bool Reader::boolean(Object obj, std::string_view key, const std::string& path) {
    const auto value = present(obj.m_handle, key);
    if (!value) {
        return false;
    }
    bool b = false;
    if (value->get_bool().get(b) != simdjson::SUCCESS) {
        fail(join(path, key), "expected true or false, got " + got(*value));
        return false;
    }
    return b;
}

std::optional<std::int64_t> Reader::integer(Object obj, std::string_view key,
                                            const std::string& path) {
    const auto value = present(obj.m_handle, key);
    if (!value) {
        return std::nullopt;
    }
    std::int64_t n = 0;
    if (value->get_int64().get(n) != simdjson::SUCCESS) {
        fail(join(path, key), "expected a whole number, got " + got(*value));
        return std::nullopt;
    }
    return n;
}

std::optional<double> Reader::number(Object obj, std::string_view key, const std::string& path) {
    const auto value = present(obj.m_handle, key);
    if (!value) {
        return std::nullopt;
    }
    double d = 0;
    if (value->get_double().get(d) != simdjson::SUCCESS) {
        fail(join(path, key), "expected a number, got " + got(*value));
        return std::nullopt;
    }
    return d;
}

std::optional<TimePoint> Reader::timestamp(Object obj, std::string_view key,
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

std::optional<Array> Reader::array_field(Object obj, std::string_view key,
                                         const std::string& path) {
    const auto value = present(obj.m_handle, key);
    if (!value) {
        return std::nullopt;
    }
    dom::array a;
    if (value->get_array().get(a) != simdjson::SUCCESS) {
        fail(join(path, key), "expected an array, got " + got(*value));
        return std::nullopt;
    }
    return Array(wrap(a));
}

std::optional<Object> Reader::as_object(Value value, const std::string& path) {
    const auto element = unwrap<dom::element>(value.m_handle);
    dom::object o;
    if (element.get_object().get(o) != simdjson::SUCCESS) {
        fail(path, "expected an object, got " + got(element));
        return std::nullopt;
    }
    return Object(wrap(o));
}

std::string Reader::join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string Reader::index(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

std::optional<std::string> duplicate_key(Object object) {
    std::vector<std::string_view> seen;
    for (const auto member : object) {
        if (std::find(seen.begin(), seen.end(), member.key) != seen.end()) {
            return std::string(member.key);
        }
        seen.push_back(member.key);
    }
    return std::nullopt;
}

std::optional<ParseError> check_keys(Object object, const std::string_view* known_begin,
                                     const std::string_view* known_end, std::string_view known_text,
                                     std::string_view prefix) {
    const auto path = [&](std::string_view key) {
        return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
    };
    for (const auto member : object) {
        if (std::find(known_begin, known_end, member.key) == known_end) {
            return ParseError{path(member.key),
                              "unknown field; known fields: " + std::string(known_text)};
        }
    }
    if (auto twice = duplicate_key(object)) {
        return ParseError{path(*twice), "given twice; give each field once"};
    }
    return std::nullopt;
}

}  // namespace fairweather::json
