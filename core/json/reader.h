#pragma once
// Reading JSON payloads field by field, keeping the first problem with its
// JSON path. simdjson parses; it stays inside this area (only reader.cpp
// includes it), so the rest of fairweather sees Document, Value, Object,
// Array and ParseError, never a parser library.
//
// Values, objects and arrays are small views into the Document they came
// from: cheap to copy, valid while that Document lives. Absent and null
// fields read as "not there"; a present field of the wrong type is an error.
// Nothing here is thread-safe except that distinct Documents may be used
// from distinct threads.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/expected.h"
#include "core/util/parse_error.h"
#include "core/util/time.h"

namespace fairweather::json {

enum class Type { object, array, string, number, boolean, null };

// "an object", "an array", "a string", "a number", "a boolean", "null".
std::string_view type_name(Type t);

namespace detail {
// The parser's own handle of a value, array, object or iterator, kept as
// bytes so that no header outside this area sees the parser's types.
struct Handle {
    alignas(8) unsigned char bytes[16];
};
}  // namespace detail

class Object;
class Array;

// One value of a Document.
class Value {
  public:
    Type type() const;
    bool is_null() const { return type() == Type::null; }
    // The value as that type, or nullopt when it is of another.
    std::optional<std::string_view> string() const;
    std::optional<bool> boolean() const;
    // A whole number that fits in 64 bits (signed).
    std::optional<std::int64_t> integer() const;
    std::optional<double> number() const;
    std::optional<Object> object() const;
    std::optional<Array> array() const;

  private:
    friend class Document;
    friend class Object;
    friend class Array;
    friend class Reader;
    explicit Value(detail::Handle h) : m_handle(h) {}
    detail::Handle m_handle;
};

// An object's members in document order.
class Object {
  public:
    struct Member {
        std::string_view key;
        Value value;
    };
    class Iterator {
      public:
        Member operator*() const;
        Iterator& operator++();
        bool operator==(const Iterator& other) const;
        bool operator!=(const Iterator& other) const { return !(*this == other); }

      private:
        friend class Object;
        explicit Iterator(detail::Handle h) : m_handle(h) {}
        detail::Handle m_handle;
    };

    Iterator begin() const;
    Iterator end() const;
    // The value of `key` (null included), or nullopt when the key is absent.
    std::optional<Value> find(std::string_view key) const;

  private:
    friend class Value;
    friend class Reader;
    explicit Object(detail::Handle h) : m_handle(h) {}
    detail::Handle m_handle;
};

// Checks a request body's object: every key is one of `known` and none
// appears twice (a duplicate would otherwise silently let the first win).
// The error names the key; `known_text` lists the known keys for the
// message ("repo, version, ..."). `prefix` is the object's path ("" at the
// top, "inputs" below it) for the error's field.
std::optional<ParseError> check_keys(Object object, const std::string_view* known_begin,
                                     const std::string_view* known_end, std::string_view known_text,
                                     std::string_view prefix = "");

// The first key that appears twice in `object`, if any.
std::optional<std::string> duplicate_key(Object object);

// An array's elements in order.
class Array {
  public:
    class Iterator {
      public:
        Value operator*() const;
        Iterator& operator++();
        bool operator==(const Iterator& other) const;
        bool operator!=(const Iterator& other) const { return !(*this == other); }

      private:
        friend class Array;
        explicit Iterator(detail::Handle h) : m_handle(h) {}
        detail::Handle m_handle;
    };

    Iterator begin() const;
    Iterator end() const;
    std::size_t size() const;

  private:
    friend class Value;
    friend class Reader;
    explicit Array(detail::Handle h) : m_handle(h) {}
    detail::Handle m_handle;
};

// A parsed JSON text and the buffers its values live in.
class Document {
  public:
    // Parses `text`. An empty body, or text that is not JSON, is an error
    // that says so; `what` names what the body should have been ("a
    // Statuspage v2 payload"), for the message.
    static Expected<Document, ParseError> parse(std::string_view text, std::string_view what);

    Document(Document&&) noexcept;
    Document& operator=(Document&&) noexcept;
    ~Document();

    Value root() const;

  private:
    struct Impl;
    explicit Document(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Reads fields of objects, keeping the first problem with its JSON path, so a
// parser reads a whole structure and asks once at the end whether it failed.
class Reader {
  public:
    bool failed() const { return m_error.has_value(); }
    const std::optional<ParseError>& error() const { return m_error; }
    // Records a problem; only the first one is kept.
    void fail(std::string path, std::string message);

    // The value of `key`, or nullopt when it is absent or null.
    std::optional<Value> field(Object obj, std::string_view key);
    // The field's text; "" when absent (or when of another type: a problem).
    std::string string(Object obj, std::string_view key, const std::string& path);
    // Like string(), but an absent field is a problem too.
    std::string required_string(Object obj, std::string_view key, const std::string& path);
    bool boolean(Object obj, std::string_view key, const std::string& path);
    std::optional<std::int64_t> integer(Object obj, std::string_view key, const std::string& path);
    std::optional<double> number(Object obj, std::string_view key, const std::string& path);
    // An RFC 3339 time in a string field.
    std::optional<TimePoint> timestamp(Object obj, std::string_view key, const std::string& path);
    std::optional<Array> array_field(Object obj, std::string_view key, const std::string& path);
    // `value` as an object, else a problem at `path`.
    std::optional<Object> as_object(Value value, const std::string& path);
    // A string field holding one of the words `parse` reads (an enum's
    // to_string); any other text, or none, is a problem: "\"x\" is not
    // <expected>".
    template <class Parse>
    auto word(Object obj, std::string_view key, const std::string& path, Parse parse,
              std::string_view expected) -> decltype(parse(std::string_view())) {
        const std::string text = string(obj, key, path);
        auto value = parse(text);
        if (!value) {
            fail(join(path, key), "\"" + text + "\" is not " + std::string(expected));
        }
        return value;
    }

    // "path.key" (or "key" at the top); "path[i]".
    static std::string join(const std::string& path, std::string_view key);
    static std::string index(const std::string& path, std::size_t i);

  private:
    std::optional<ParseError> m_error;
};

// Reads the objects listed under `key` of a top-level object ({"key":
// [{...}, ...]}), calling each(reader, top, object, path) with the object's
// path ("key[2]"). A body that is not such an object is a problem naming
// what is missing; the first problem `each` records ends the reading.
// `what` names the payload for the messages ("a monitor's releases answer").
template <class Each>
Expected<void, ParseError> read_listed(std::string_view text, std::string_view what,
                                       std::string_view key, Each each) {
    const auto doc = Document::parse(text, what);
    if (!doc) {
        return make_unexpected(doc.error());
    }
    Reader r;
    const auto top = r.as_object(doc->root(), "(top level)");
    const auto list = top ? r.array_field(*top, key, "") : std::nullopt;
    if (!list) {
        return make_unexpected(r.failed() ? *r.error() : ParseError{std::string(key), "missing"});
    }
    std::size_t i = 0;
    for (const Value item : *list) {
        const std::string path = Reader::index(std::string(key), i++);
        const auto o = r.as_object(item, path);
        if (!o) {
            break;
        }
        each(r, *top, *o, path);
        if (r.failed()) {
            break;
        }
    }
    if (r.failed()) {
        return make_unexpected(*r.error());
    }
    return {};
}

}  // namespace fairweather::json
