#include "core/store/pg_db.h"

#include <charconv>
#include <cstring>
#include <libpq-fe.h>

namespace fairweather::pg {
namespace {

constexpr unsigned k_bytea_oid = 17;
// Serialises migrations between monitors opening the same database at once
// (a transaction-scoped advisory lock; any constant the project owns).
constexpr const char* k_migration_lock = "SELECT pg_advisory_xact_lock(7361626873360101)";
constexpr auto k_reconnect_backoff = std::chrono::seconds(1);

// libpq's message on one line: runs of whitespace (its newlines and tabs)
// become one space, and the trailing period goes.
std::string trimmed(const char* message) {
    std::string out;
    bool space = false;
    for (const char* c = message == nullptr ? "" : message; *c != '\0'; ++c) {
        if (*c == ' ' || *c == '\n' || *c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += *c;
    }
    while (!out.empty() && out.back() == '.') {
        out.pop_back();
    }
    return out;
}

std::string masked(std::string text, const std::string& password) {
    if (password.empty()) {
        return text;
    }
    for (auto at = text.find(password); at != std::string::npos; at = text.find(password, at + 3)) {
        text.replace(at, password.size(), "***");
    }
    return text;
}

// "DATABASE on HOST:PORT (PostgreSQL)": where, for messages; never the password.
std::string describe(const PGconn* conn) {
    const char* db = PQdb(conn);
    const char* host = PQhost(conn);
    const char* port = PQport(conn);
    std::string where = db != nullptr ? db : "?";
    if (host != nullptr && *host != '\0') {
        where += " on " + std::string(host);
        if (port != nullptr && *port != '\0') {
            where += ":" + std::string(port);
        }
    }
    return where + " (PostgreSQL)";
}

constexpr const char* k_reach_advice =
    "check that the PostgreSQL server is up and reachable and that the URL, user and password are "
    "right; fairweather tries to reconnect on its next call";

}  // namespace

Params& Params::bind(std::string_view text) {
    m_values.emplace_back(std::string(text));
    m_lengths.push_back(0);
    m_formats.push_back(0);
    m_types.push_back(0);
    return *this;
}

Params& Params::bind_bytes(std::string_view bytes) {
    m_values.emplace_back(std::string(bytes));
    m_lengths.push_back(static_cast<int>(bytes.size()));
    m_formats.push_back(1);
    m_types.push_back(k_bytea_oid);
    return *this;
}

Params& Params::bind_null() {
    m_values.emplace_back(std::nullopt);
    m_lengths.push_back(0);
    m_formats.push_back(0);
    m_types.push_back(0);
    return *this;
}

std::vector<const char*> Params::values() const {
    std::vector<const char*> out;
    out.reserve(m_values.size());
    for (const auto& v : m_values) {
        out.push_back(v ? v->c_str() : nullptr);
    }
    return out;
}

std::string Row::text(int column) const {
    return std::string(PQgetvalue(m_result, m_row, column),
                       static_cast<std::size_t>(PQgetlength(m_result, m_row, column)));
}

std::string Row::bytes(int column) const {
    if (PQfformat(m_result, column) == 1) {
        return text(column);
    }
    std::size_t length = 0;
    unsigned char* raw = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(m_result, m_row, column)), &length);
    if (raw == nullptr) {
        throw std::runtime_error("could not decode a bytea value (out of memory)");
    }
    std::string out(reinterpret_cast<const char*>(raw), length);
    PQfreemem(raw);
    return out;
}

bool Row::is_null(int column) const {
    return PQgetisnull(m_result, m_row, column) != 0;
}

std::int64_t Row::int64(int column) const {
    const char* value = PQgetvalue(m_result, m_row, column);
    const int length = PQgetlength(m_result, m_row, column);
    if (PQfformat(m_result, column) == 1) {
        // Network byte order, 8 bytes (int8) or 4 (int4).
        std::uint64_t out = 0;
        for (int i = 0; i < length; ++i) {
            out = (out << 8) | static_cast<unsigned char>(value[i]);
        }
        return length == 4 ? static_cast<std::int32_t>(out) : static_cast<std::int64_t>(out);
    }
    std::int64_t out = 0;
    std::from_chars(value, value + length, out);
    return out;
}

bool Row::boolean(int column) const {
    const char* value = PQgetvalue(m_result, m_row, column);
    return PQfformat(m_result, column) == 1 ? value[0] != 0 : value[0] == 't';
}

Result::~Result() {
    if (m_result != nullptr) {
        PQclear(m_result);
    }
}

int Result::rows() const {
    return PQntuples(m_result);
}

std::int64_t Result::changed() const {
    const char* n = PQcmdTuples(m_result);
    std::int64_t out = 0;
    std::from_chars(n, n + std::strlen(n), out);
    return out;
}

Database::Database(pg_conn* conn, std::string password)
    : m_conn(conn), m_password(std::move(password)), m_where(describe(conn)) {}

Database::~Database() {
    PQfinish(m_conn);
}

StoreResult<std::unique_ptr<Database>> Database::open(const std::string& url,
                                                      const Secret& password,
                                                      std::span<const char* const> migrations) {
    // The URL is expanded as dbname; later keywords override what it says.
    // An empty password is left out, so the URL's or libpq's own sources
    // (PGPASSWORD, ~/.pgpass) still count.
    //
    // The server ends a session left idle inside a transaction for 5 s: a
    // monitor paused (or cut off) between a fenced write's fence check and
    // its COMMIT would otherwise hold the lease row FOR SHARE for as long as
    // the pause lasts, and no replica could take the lease over. Nothing of
    // fairweather's waits between the statements of a transaction. TCP
    // keepalives notice a server that went away within about half a minute.
    std::vector<const char*> keys = {
        "dbname",          "fallback_application_name", "connect_timeout", "options",
        "keepalives_idle", "keepalives_interval",       "keepalives_count"};
    std::vector<const char*> values = {
        url.c_str(), "fairweather", "10", "-c idle_in_transaction_session_timeout=5000",
        "10",        "5",           "3"};
    if (!password.empty()) {
        keys.push_back("password");
        values.push_back(password.reveal().c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 1);
    if (conn == nullptr) {
        return make_unexpected(
            StoreError{"state database (PostgreSQL): could not connect: out of memory; retry"});
    }
    // Notices (an IF NOT EXISTS that found the table) are not news.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    std::unique_ptr<Database> db(new Database(conn, password.reveal()));
    if (PQstatus(conn) != CONNECTION_OK) {
        return make_unexpected(db->failure(
            "connect", db->connection_message() + "; check that the PostgreSQL server is up and "
                                                  "reachable and that the URL, user and password "
                                                  "are right"));
    }
    if (auto migrated = db->migrate(migrations); !migrated) {
        return make_unexpected(migrated.error());
    }
    return db;
}

StoreResult<void> Database::migrate(std::span<const char* const> migrations) {
    constexpr std::string_view what = "migrate the schema";
    const int known = static_cast<int>(migrations.size());
    return write(what, [&]() -> StoreResult<void> {
        if (auto locked = command(what, k_migration_lock); !locked) {
            return locked;
        }
        if (auto made = command(what,
                                "CREATE TABLE IF NOT EXISTS fairweather_schema ("
                                "id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
            !made) {
            return made;
        }
        int version = 0;
        auto read = query(what, "SELECT version FROM fairweather_schema WHERE id = 1", Params{},
                          [&](const Row& r) { version = static_cast<int>(r.int64(0)); });
        if (!read) {
            return read;
        }
        if (version > known) {
            return make_unexpected(failure(
                "open it", "its schema is version " + std::to_string(version) +
                               ", newer than this fairweather knows (" + std::to_string(known) +
                               "): a newer fairweather has used it; upgrade fairweather, or point "
                               "it at another database"));
        }
        for (int step = version; step < known; ++step) {
            if (auto done = command(what, migrations[static_cast<std::size_t>(step)]); !done) {
                return done;
            }
        }
        if (version == known) {
            return {};
        }
        auto saved = run(what,
                         "INSERT INTO fairweather_schema (id, version) VALUES (1, $1) "
                         "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
                         Params{}.bind(std::int64_t{known}));
        if (!saved) {
            return make_unexpected(saved.error());
        }
        return {};
    });
}

StoreResult<Result> Database::exec(std::string_view what, const char* sql, const Params& params,
                                   ResultFormat format) {
    const auto values = params.values();
    Result result(PQexecParams(m_conn, sql, params.size(), params.types().data(), values.data(),
                               params.lengths().data(), params.formats().data(),
                               format == ResultFormat::binary ? 1 : 0));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        return result;
    }
    return make_unexpected(server_error(what, result.get()));
}

StoreResult<std::int64_t> Database::run(std::string_view what, const char* sql,
                                        const Params& params) {
    auto result = exec(what, sql, params, ResultFormat::text);
    if (!result) {
        return make_unexpected(result.error());
    }
    return result->changed();
}

StoreResult<void> Database::command(std::string_view what, const char* sql) {
    PGresult* result = PQexec(m_conn, sql);
    const ExecStatusType status = PQresultStatus(result);
    StoreResult<void> out;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        out = make_unexpected(server_error(what, result));
    }
    PQclear(result);
    return out;
}

void Database::rollback() {
    const auto state = PQtransactionStatus(m_conn);
    if (state == PQTRANS_INTRANS || state == PQTRANS_INERROR) {
        PQclear(PQexec(m_conn, "ROLLBACK"));
    }
}

StoreResult<void> Database::connected(std::string_view what) {
    if (!m_lost && PQstatus(m_conn) == CONNECTION_OK) {
        return {};
    }
    const auto now = std::chrono::steady_clock::now();
    if (m_failed_reconnect && now - *m_failed_reconnect < k_reconnect_backoff) {
        return make_unexpected(
            failure(what,
                    "the connection is lost and reconnecting failed less than a second ago (it is "
                    "tried at most once a second); check that the PostgreSQL server is up and "
                    "reachable"));
    }
    PQreset(m_conn);
    if (PQstatus(m_conn) != CONNECTION_OK) {
        m_lost = true;
        m_failed_reconnect = now;
        return make_unexpected(failure(what, "the connection is lost and reconnecting failed: " +
                                                 connection_message() + "; " + k_reach_advice));
    }
    m_lost = false;
    m_failed_reconnect.reset();
    return {};
}

StoreResult<void> Database::health() {
    return read("check the connection",
                [&]() -> StoreResult<void> { return command("check the connection", "SELECT 1"); });
}

std::string Database::connection_message() const {
    return mask(trimmed(PQerrorMessage(m_conn)));
}

std::string Database::mask(std::string text) const {
    // The password given, and the one libpq uses (perhaps from the URL).
    const char* in_use = PQpass(m_conn);
    return masked(masked(std::move(text), m_password), in_use != nullptr ? in_use : "");
}

StoreError Database::server_error(std::string_view what, const pg_result* result) {
    if (PQstatus(m_conn) != CONNECTION_OK) {
        // The next call reconnects; this one's outcome is what the server did.
        m_lost = true;
        return failure(what, "the connection was lost (" + connection_message() + "); " +
                                 k_reach_advice +
                                 " (a write cut off at its commit may or may not have been saved)");
    }
    std::string message =
        result == nullptr ? connection_message() : mask(trimmed(PQresultErrorMessage(result)));
    return failure(what, message + "; retry, and report it if it keeps happening");
}

StoreError Database::failure(std::string_view what, const std::string& detail) const {
    return StoreError{"state database " + m_where + ": could not " + std::string(what) + ": " +
                      detail};
}

}  // namespace fairweather::pg
