#pragma once
// A PostgreSQL database as the store uses it: one connection, guarded by a
// mutex, that reconnects after a loss; parameters bound left to right (text,
// or binary for bytea); all-or-nothing writes. Internal to the store area;
// pg_db.cpp is the only file that includes libpq-fe.h (the handles here are
// forward-declared).
//
// A lost connection is an ordinary error: the call that meets it fails,
// saying so, and the next call reconnects first. A failed reconnect is not
// tried again for a second, so a server that is down is not hammered.

#include <chrono>
#include <concepts>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/store/state_store.h"
#include "core/util/secret.h"
#include "core/util/time.h"

struct pg_conn;
struct pg_result;

namespace fairweather::pg {

// A statement's parameters ($1, $2, ...), bound left to right. Text
// parameters are typed by the server from their use; bytes are sent binary
// as bytea.
class Params {
  public:
    Params& bind(std::string_view text);
    Params& bind(const std::string& text) { return bind(std::string_view(text)); }
    Params& bind(const char* text) { return bind(std::string_view(text)); }
    Params& bind_bytes(std::string_view bytes);
    Params& bind(std::int64_t value) { return bind(std::to_string(value)); }
    Params& bind(bool value) { return bind(value ? "true" : "false"); }
    Params& bind(TimePoint t) { return bind(std::int64_t{t.time_since_epoch().count()}); }
    Params& bind(const std::optional<int>& value) {
        return value ? bind(std::int64_t{*value}) : bind_null();
    }
    Params& bind(const std::optional<TimePoint>& t) { return t ? bind(*t) : bind_null(); }
    // An enum is stored as its word (to_string, found by argument lookup).
    template <class Enum>
    requires std::is_enum_v<Enum> Params& bind(Enum value) { return bind(to_string(value)); }
    Params& bind_null();

    int size() const { return static_cast<int>(m_values.size()); }
    // For PQexecParams: pointers into this object, valid while it lives.
    std::vector<const char*> values() const;
    const std::vector<int>& lengths() const { return m_lengths; }
    const std::vector<int>& formats() const { return m_formats; }
    const std::vector<unsigned>& types() const { return m_types; }

  private:
    std::vector<std::optional<std::string>> m_values;
    std::vector<int> m_lengths;
    std::vector<int> m_formats;
    std::vector<unsigned> m_types;
};

// One row of a result. Text and binary columns read alike.
class Row {
  public:
    Row(const pg_result* result, int row) : m_result(result), m_row(row) {}

    std::string text(int column) const;
    std::string bytes(int column) const;  // a bytea column
    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    bool boolean(int column) const;
    TimePoint time(int column) const { return TimePoint{Duration{int64(column)}}; }
    std::optional<TimePoint> optional_time(int column) const {
        return is_null(column) ? std::nullopt : std::optional<TimePoint>(time(column));
    }

  private:
    const pg_result* m_result;
    int m_row;
};

// Owns a PGresult.
class Result {
  public:
    explicit Result(pg_result* result) : m_result(result) {}
    Result(Result&& other) noexcept : m_result(other.m_result) { other.m_result = nullptr; }
    Result& operator=(Result&&) = delete;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result();

    int rows() const;
    Row row(int i) const { return Row(m_result, i); }
    // Rows an INSERT, UPDATE or DELETE changed.
    std::int64_t changed() const;
    const pg_result* get() const { return m_result; }

  private:
    pg_result* m_result;
};

enum class ResultFormat { text, binary };

class Database {
  public:
    // Connects to `url` (a postgresql:// URI or key=value string) with
    // `password` (may be empty: then the URL's or libpq's own sources) and
    // migrates its schema with `migrations`. See open_postgres_store().
    static StoreResult<std::unique_ptr<Database>> open(const std::string& url,
                                                       const Secret& password,
                                                       std::span<const char* const> migrations);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // "NAME on HOST:PORT (PostgreSQL)": for messages, never the password.
    const std::string& where() const { return m_where; }

    // One public read: serialised; with `snapshot`, in one read-only
    // repeatable-read transaction, so several queries see the same rows.
    template <class Body>
    auto read(std::string_view what, Body&& body, bool snapshot = false) -> decltype(body()) {
        return transact(what, std::forward<Body>(body),
                        snapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : nullptr);
    }

    // One public write: serialised and all-or-nothing (one transaction,
    // committed durably before it returns).
    template <class Body>
    auto write(std::string_view what, Body&& body) -> decltype(body()) {
        return transact(what, std::forward<Body>(body), "BEGIN");
    }

    // Runs a statement; answers the rows it changed.
    StoreResult<std::int64_t> run(std::string_view what, const char* sql, const Params& params);

    // Runs a statement, calling `row` for each row it returns.
    template <class RowFn>
    StoreResult<void> query(std::string_view what, const char* sql, const Params& params,
                            RowFn&& row, ResultFormat format = ResultFormat::text) {
        auto result = exec(what, sql, params, format);
        if (!result) {
            return make_unexpected(result.error());
        }
        for (int i = 0; i < result->rows(); ++i) {
            row(result->row(i));
        }
        return {};
    }

    // Fails, saying why, when the server cannot be reached (after trying to
    // reconnect, at most once a second).
    StoreResult<void> health();

    // "state database WHERE: could not WHAT: DETAIL".
    StoreError failure(std::string_view what, const std::string& detail) const;

  private:
    Database(pg_conn* conn, std::string password);

    template <class Body>
    auto transact(std::string_view what, Body&& body, const char* begin) -> decltype(body()) {
        try {
            std::lock_guard lock(m_mutex);
            if (auto ready = connected(what); !ready) {
                return make_unexpected(ready.error());
            }
            if (begin == nullptr) {
                return body();
            }
            if (auto begun = command(what, begin); !begun) {
                return make_unexpected(begun.error());
            }
            auto result = body();
            if (!result) {
                rollback();
                return result;
            }
            if (auto committed = command(what, "COMMIT"); !committed) {
                rollback();
                return make_unexpected(committed.error());
            }
            return result;
        } catch (const std::exception& e) {
            rollback();
            return make_unexpected(failure(what, std::string("unexpected error: ") + e.what() +
                                                     "; retry, and report it if it keeps "
                                                     "happening"));
        }
    }

    StoreResult<Result> exec(std::string_view what, const char* sql, const Params& params,
                             ResultFormat format);
    StoreResult<void> command(std::string_view what, const char* sql);
    void rollback();
    // Reconnects when the connection was lost (see the top of this file).
    StoreResult<void> connected(std::string_view what);
    // Marks the connection lost when it is.
    StoreError server_error(std::string_view what, const pg_result* result);
    // The connection's message, with the password (if it somehow appears) masked.
    std::string connection_message() const;
    // `text` with any password (given, or in the URL) replaced by "***".
    std::string mask(std::string text) const;
    StoreResult<void> migrate(std::span<const char* const> migrations);

    pg_conn* m_conn;
    const std::string m_password;  // only to mask it in messages; libpq has its own copy
    std::string m_where;
    bool m_lost = false;
    std::optional<std::chrono::steady_clock::time_point> m_failed_reconnect;
    std::mutex m_mutex;
};

}  // namespace fairweather::pg
