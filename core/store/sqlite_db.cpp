// The only file that includes sqlite3.h.
#include "core/store/sqlite_db.h"

#include <algorithm>
#include <system_error>

#include <sqlite3.h>

namespace fairweather::sqlite {
namespace {

namespace fs = std::filesystem;

constexpr int k_busy_timeout_ms = 5000;

std::string corrupt_advice(const std::string& file) {
    return "fairweather will not modify it: move it aside (e.g. mv " + file + " " + file +
           ".corrupt) to start a new history, or restore a backup";
}

// What to do about a failed SQLite call, by its primary result code.
std::string advice(int rc, const std::string& file) {
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return "close any other program that has it open (e.g. a sqlite3 shell) and retry";
        case SQLITE_FULL:
            return "free some space on its file system, or move --state-dir elsewhere";
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_CANTOPEN:
        case SQLITE_AUTH:
            return "check that the file and its directory exist and are writable by this user";
        case SQLITE_IOERR:
            return "check the disk and the file system it is on";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return corrupt_advice(file);
        case SQLITE_NOMEM:
            return "the process ran out of memory; retry with more memory available";
        case SQLITE_TOOBIG:
            return "the value is larger than SQLite accepts; this is a bug in fairweather, please "
                   "report it";
        default:
            return "if this keeps happening, move " + file +
                   " aside to start a new history and report the problem";
    }
}

StoreError sqlite_error(sqlite3* db, const std::string& file, std::string_view what, int rc) {
    std::string detail;
    const int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        detail = "database is locked by another process (still locked after " +
                 std::to_string(k_busy_timeout_ms) + " ms)";
    } else {
        // The message describes the failure (e.g. "disk I/O error", "CHECK
        // constraint failed: draft IN (0, 1)"), never the bound values.
        detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    }
    return StoreError{"state database " + file + ": could not " + std::string(what) + ": " +
                      detail + "; " + advice(rc, file)};
}

// Runs SQL that has no parameters (pragmas, transaction control, migrations).
int exec(sqlite3* db, const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// Runs a query expected to return one text row (a pragma's answer).
int query_text(sqlite3* db, const char* sql, std::string& out) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
    const Statement stmt(raw);  // finalizes it
    if (rc != SQLITE_OK) {
        return rc;
    }
    rc = sqlite3_step(raw);
    if (rc == SQLITE_ROW) {
        const auto* p = sqlite3_column_text(raw, 0);
        out = p == nullptr ? std::string() : reinterpret_cast<const char*>(p);
        return SQLITE_OK;
    }
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

// Rolls back unless committed: for the migrations, which run before the
// Database object exists.
class Transaction {
  public:
    explicit Transaction(sqlite3* db) : m_db(db) {}
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
        if (m_active) {
            exec(m_db, "ROLLBACK");
        }
    }
    int begin() {
        const int rc = exec(m_db, "BEGIN IMMEDIATE");
        m_active = rc == SQLITE_OK;
        return rc;
    }
    int commit() {
        const int rc = exec(m_db, "COMMIT");
        // A failed COMMIT leaves the transaction open; the destructor rolls it back.
        m_active = rc != SQLITE_OK;
        return rc;
    }

  private:
    sqlite3* m_db;
    bool m_active = false;
};

StoreResult<void> create_parent(const fs::path& file) {
    const fs::path dir = file.parent_path();
    if (dir.empty()) {
        return {};
    }
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
        return make_unexpected(StoreError{"could not create state database " + file.string() +
                                          ": " + dir.string() +
                                          " exists but is not a directory; move it away or choose "
                                          "another --state-dir"});
    }
    fs::create_directories(dir, ec);
    if (ec) {
        return make_unexpected(StoreError{"could not create the directory " + dir.string() +
                                          " for state database " + file.string() + ": " +
                                          ec.message() +
                                          "; create it yourself, or choose another --state-dir"});
    }
    return {};
}

// Reads the file without writing it: is it a SQLite database, intact, ours
// and not newer than this build? Returns the schema version it has.
StoreResult<int> inspect(sqlite3* db, const std::string& file, int newest) {
    std::string check;
    int rc = query_text(db, "PRAGMA quick_check(1)", check);
    if ((rc & 0xff) == SQLITE_NOTADB) {
        return make_unexpected(StoreError{"state database " + file +
                                          " is not a readable SQLite database (" +
                                          sqlite3_errmsg(db) + "); " + corrupt_advice(file)});
    }
    if ((rc & 0xff) == SQLITE_CORRUPT) {
        return make_unexpected(StoreError{"state database " + file + " is corrupt (" +
                                          sqlite3_errmsg(db) + "); " + corrupt_advice(file)});
    }
    if (rc != SQLITE_OK) {
        return make_unexpected(sqlite_error(db, file, "check the integrity", rc));
    }
    if (check != "ok") {
        // quick_check describes pages and trees, never row contents; it
        // starts with a "*** in database main ***" line that says nothing here.
        constexpr std::string_view noise = "*** in database main ***\n";
        if (std::string_view(check).starts_with(noise)) {
            check.erase(0, noise.size());
        }
        std::replace(check.begin(), check.end(), '\n', ' ');
        return make_unexpected(StoreError{"state database " + file +
                                          " is corrupt (integrity check: " + check + "); " +
                                          corrupt_advice(file)});
    }

    std::string text;
    if (rc = query_text(db, "PRAGMA user_version", text); rc != SQLITE_OK) {
        return make_unexpected(sqlite_error(db, file, "read the schema version", rc));
    }
    const long long version = std::stoll(text);
    if (version > newest) {
        return make_unexpected(StoreError{"state database " + file + " has schema version " + text +
                                          ", newer than this fairweather (" +
                                          std::to_string(newest) +
                                          "); upgrade fairweather or use another --state-dir"});
    }
    if (version < 0) {
        return make_unexpected(StoreError{"state database " + file + " has schema version " + text +
                                          ", which no fairweather writes; " +
                                          corrupt_advice(file)});
    }
    if (version == 0) {
        // Version 0 is a new, empty file; tables in it belong to something else.
        if (rc = query_text(db, "SELECT count(*) FROM sqlite_schema", text); rc != SQLITE_OK) {
            return make_unexpected(sqlite_error(db, file, "read the schema", rc));
        }
        if (text != "0") {
            return make_unexpected(StoreError{
                "state database " + file +
                " is a SQLite database but not a fairweather state database (it has tables and "
                "no fairweather schema version); fairweather will not modify it: choose "
                "another --state-dir, or move it aside"});
        }
    }
    return static_cast<int>(version);
}

StoreResult<void> configure(sqlite3* db, const std::string& file) {
    std::string mode;
    if (const int rc = query_text(db, "PRAGMA journal_mode=WAL", mode); rc != SQLITE_OK) {
        return make_unexpected(sqlite_error(db, file, "switch to WAL mode", rc));
    }
    if (mode != "wal") {
        return make_unexpected(StoreError{"could not switch state database " + file +
                                          " to WAL mode (SQLite kept journal mode \"" + mode +
                                          "\"); put --state-dir on a local file system"});
    }
    // NORMAL: commits reach the WAL (a crash loses nothing) and the disk at
    // the next checkpoint; durable writes raise it to FULL (Database::Sync).
    // cache_size: 512 KiB of pages rather than SQLite's 2 MiB. The monitor
    // writes far more than it reads, and what it reads again (a cached body
    // on a 304) is in the system's page cache anyway; at 100 repositories
    // the default cache was a tenth of the resident memory.
    for (const char* pragma :
         {"PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-512"}) {
        if (const int rc = exec(db, pragma); rc != SQLITE_OK) {
            return make_unexpected(sqlite_error(db, file, "configure the connection", rc));
        }
    }
    return {};
}

StoreResult<void> migrate(sqlite3* db, const std::string& file,
                          std::span<const char* const> migrations, int from) {
    for (int version = from; version < static_cast<int>(migrations.size()); ++version) {
        const std::string what = "migrate the schema to version " + std::to_string(version + 1);
        Transaction transaction(db);
        if (const int rc = transaction.begin(); rc != SQLITE_OK) {
            return make_unexpected(sqlite_error(db, file, what, rc));
        }
        if (const int rc = exec(db, migrations[static_cast<std::size_t>(version)]);
            rc != SQLITE_OK) {
            return make_unexpected(sqlite_error(db, file, what, rc));
        }
        // PRAGMA takes no bound parameters; the number is ours, not data.
        const std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
        if (const int rc = exec(db, bump.c_str()); rc != SQLITE_OK) {
            return make_unexpected(sqlite_error(db, file, what, rc));
        }
        if (const int rc = transaction.commit(); rc != SQLITE_OK) {
            return make_unexpected(sqlite_error(db, file, what, rc));
        }
    }
    return {};
}

}  // namespace

// Statement

Statement::Statement(Statement&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)), m_next(other.m_next), m_rc(other.m_rc) {}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);  // a no-op on null
}

Statement& Statement::check(int rc) {
    if (m_rc == SQLITE_OK && rc != SQLITE_OK) {
        m_rc = rc;
    }
    ++m_next;
    return *this;
}

Statement& Statement::bind(std::string_view text) {
    return check(sqlite3_bind_text64(m_stmt, m_next, text.data(), text.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8));
}

Statement& Statement::bind_blob(std::string_view bytes) {
    // data() of an empty string_view may be null, which would bind NULL.
    static const char empty = 0;
    return check(sqlite3_bind_blob64(m_stmt, m_next, bytes.empty() ? &empty : bytes.data(),
                                     bytes.size(), SQLITE_TRANSIENT));
}

Statement& Statement::bind(std::int64_t value) {
    return check(sqlite3_bind_int64(m_stmt, m_next, value));
}

Statement& Statement::bind_null() {
    return check(sqlite3_bind_null(m_stmt, m_next));
}

Statement::Step Statement::step() {
    if (m_rc != SQLITE_OK) {
        return Step::failed;
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return Step::row;
    }
    if (rc == SQLITE_DONE) {
        return Step::done;
    }
    m_rc = rc;
    return Step::failed;
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), n);
}

std::string Statement::blob(int column) const {
    const auto* p = sqlite3_column_blob(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

// Database

Database::Database(std::string file, std::unique_ptr<FileGuard> guard, sqlite3* db)
    : m_file(std::move(file)), m_guard(std::move(guard)), m_db(db) {}

Database::~Database() {
    sqlite3_close_v2(m_db);
}

StoreResult<std::unique_ptr<Database>> Database::open(const fs::path& path,
                                                      std::span<const char* const> migrations) {
    const std::string file = path.string();
    if (auto made = create_parent(path); !made) {
        return make_unexpected(made.error());
    }
    if (std::error_code ec; fs::is_directory(path, ec)) {
        return make_unexpected(StoreError{"state database " + file +
                                          " is a directory; give the path of a file, or move the "
                                          "directory away"});
    }
    auto guard = FileGuard::take(path);
    if (!guard) {
        return make_unexpected(guard.error());
    }

    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
    // Owns the handle even when opening failed.
    std::unique_ptr<Database> db(new Database(file, std::move(*guard), raw));
    if (rc != SQLITE_OK) {
        return make_unexpected(sqlite_error(raw, file, "open it", rc));
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, k_busy_timeout_ms);
    // Closing normally checkpoints a leftover write-ahead log into the file;
    // a file we refuse must not be written, so that waits until it passes.
    sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);

    // Everything up to here only read the file; only a file that passes is written.
    auto version = inspect(raw, file, static_cast<int>(migrations.size()));
    if (!version) {
        return make_unexpected(version.error());
    }
    sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    if (auto configured = configure(raw, file); !configured) {
        return make_unexpected(configured.error());
    }
    if (auto migrated = migrate(raw, file, migrations, *version); !migrated) {
        return make_unexpected(migrated.error());
    }
    return db;
}

Database::SyncScope::SyncScope(Database& db, Sync sync) : m_db(db), m_full(sync == Sync::durable) {
    if (m_full) {
        exec(m_db.m_db, "PRAGMA synchronous=FULL");
    }
}

Database::SyncScope::~SyncScope() {
    if (m_full) {
        exec(m_db.m_db, "PRAGMA synchronous=NORMAL");
    }
}

int Database::begin() {
    const int rc = exec(m_db, "BEGIN IMMEDIATE");
    m_in_transaction = rc == SQLITE_OK;
    return rc;
}

int Database::commit() {
    const int rc = exec(m_db, "COMMIT");
    if (rc == SQLITE_OK) {
        m_in_transaction = false;
    }
    return rc;
}

void Database::rollback() {
    if (m_in_transaction) {
        exec(m_db, "ROLLBACK");
        m_in_transaction = false;
    }
}

StoreResult<Statement> Database::prepare(std::string_view what, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql, -1, &raw, nullptr);
    Statement stmt(raw);
    if (rc != SQLITE_OK) {
        return make_unexpected(error(what, rc));
    }
    return stmt;
}

StoreResult<void> Database::health() {
    std::lock_guard lock(m_mutex);
    if (auto lost = m_guard->lost()) {
        return make_unexpected(StoreError{std::move(*lost)});
    }
    return {};
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(m_db);
}

StoreError Database::error(std::string_view what, int rc) const {
    return sqlite_error(m_db, m_file, what, rc);
}

StoreError Database::failure(std::string_view what, const std::string& detail) const {
    return StoreError{"state database " + m_file + ": could not " + std::string(what) + ": " +
                      detail};
}

// The store promises not to throw; an exception (in practice bad_alloc)
// becomes an error like any other.
StoreError Database::exception_error(std::string_view what, const std::exception& e) const {
    return StoreError{"state database " + m_file + ": could not " + std::string(what) + ": " +
                      e.what() + "; retry, and report it if it keeps happening"};
}

}  // namespace fairweather::sqlite
