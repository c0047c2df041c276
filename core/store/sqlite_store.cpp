// The SQLite StateStore: one WAL-mode database file, one connection, every
// call serialised by a mutex. This is the only file that includes sqlite3.h.
//
// Opening is careful about files it did not write: the lock, the type and
// integrity of the file, and its schema version are all checked before the
// first byte is written, so a foreign, damaged or newer file is reported and
// left exactly as it was.

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <iterator>
#include <memory>
#include <mutex>
#include <string_view>
#include <sys/file.h>
#include <system_error>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <sqlite3.h>

#include "core/store/state_store.h"
#include "core/util/text.h"

namespace fairweather {
namespace {

namespace fs = std::filesystem;

constexpr int k_busy_timeout_ms = 5000;

// Each step moves the schema from version i to i + 1 and runs in its own
// transaction together with the user_version bump. Steps are never edited
// once released: a later schema is a new step appended here.
constexpr const char* k_migrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    weather TEXT NOT NULL,
    summary TEXT NOT NULL,
    http_status INTEGER,
    etag TEXT NOT NULL
);
CREATE INDEX observations_by_source_at ON observations (source, at_ms);
CREATE INDEX observations_by_at ON observations (at_ms);

CREATE TABLE cached_responses (
    url TEXT PRIMARY KEY NOT NULL,
    etag TEXT NOT NULL,
    body BLOB NOT NULL,
    fetched_at_ms INTEGER NOT NULL
);

CREATE TABLE incidents (
    source TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    impact TEXT NOT NULL,
    status TEXT NOT NULL,
    url TEXT NOT NULL,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL,
    resolved_at_ms INTEGER,
    PRIMARY KEY (source, id)
);
CREATE INDEX incidents_by_resolved_at ON incidents (resolved_at_ms);

CREATE TABLE transitions (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    from_weather TEXT NOT NULL,
    to_weather TEXT NOT NULL,
    cause TEXT NOT NULL
);
CREATE INDEX transitions_by_at ON transitions (at_ms);

CREATE TABLE verdict (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    weather TEXT NOT NULL,
    since_ms INTEGER NOT NULL,
    cause TEXT NOT NULL,
    fair_since_ms INTEGER
);

CREATE TABLE releases (
    repo TEXT NOT NULL,
    id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    draft INTEGER NOT NULL CHECK (draft IN (0, 1)),
    prerelease INTEGER NOT NULL CHECK (prerelease IN (0, 1)),
    created_at_ms INTEGER,
    published_at_ms INTEGER,
    first_seen_ms INTEGER NOT NULL,
    PRIMARY KEY (repo, id)
);
)sql",

    // 2: the security-release queue. Items are kept for good (prune leaves
    // them), so a finished item still answers a repeated request.
    R"sql(
CREATE TABLE queue_items (
    id TEXT PRIMARY KEY NOT NULL,
    repo TEXT NOT NULL,
    version TEXT NOT NULL,
    kind TEXT NOT NULL,
    workflow TEXT NOT NULL,
    ref TEXT NOT NULL,
    reason TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    advisory_id TEXT NOT NULL,
    advisory_at_ms INTEGER,
    enqueued_at_ms INTEGER NOT NULL,
    deadline_ms INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_ms INTEGER,
    dispatched_at_ms INTEGER,
    run_id INTEGER NOT NULL,
    run_url TEXT NOT NULL,
    shipped_at_ms INTEGER,
    sla_breach_counted INTEGER NOT NULL CHECK (sla_breach_counted IN (0, 1)),
    UNIQUE (repo, version)
);
CREATE INDEX queue_items_by_enqueued_at ON queue_items (enqueued_at_ms);

-- An item's workflow inputs in the order given; a row per pair keeps any
-- text (quotes, commas, newlines, repeated names) exactly as it was.
CREATE TABLE queue_inputs (
    item_id TEXT NOT NULL REFERENCES queue_items (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
);

-- id (the rowid) is the order the events happened in.
CREATE TABLE queue_events (
    id INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES queue_items (id),
    at_ms INTEGER NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    cause TEXT NOT NULL
);
CREATE INDEX queue_events_by_item ON queue_events (item_id);
)sql",

    // 3: the decisions fairweather-gate reported, kept with the history
    // (prune deletes them like observations). The fields are the gate's
    // words as given, never parsed. id (the rowid) is the order they were
    // recorded in, which decides between equal times.
    R"sql(
CREATE TABLE gate_decisions (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    repo TEXT NOT NULL,
    version TEXT NOT NULL,
    kind TEXT NOT NULL,
    decision TEXT NOT NULL,
    weather TEXT NOT NULL,
    reason TEXT NOT NULL,
    requested_by TEXT NOT NULL
);
CREATE INDEX gate_decisions_by_repo_at ON gate_decisions (repo, at_ms);
CREATE INDEX gate_decisions_by_at ON gate_decisions (at_ms);

-- Incidents also keep the page's own start time and the watched components
-- they touch, so a report can tell how long each one lasted and whether it
-- hit CI. watched_components: the names, one per line ('' for none; NULL
-- for incidents recorded before this version, which nobody can tell).
ALTER TABLE incidents ADD COLUMN started_at_ms INTEGER;
ALTER TABLE incidents ADD COLUMN watched_components TEXT;
)sql",
};

constexpr int k_schema_version = static_cast<int>(std::size(k_migrations));

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// The open "<file>.lock" descriptor; closing it releases the flock.
class LockFile {
  public:
    explicit LockFile(int fd) : m_fd(fd) {}
    LockFile(LockFile&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    LockFile& operator=(LockFile&&) = delete;
    LockFile(const LockFile&) = delete;
    LockFile& operator=(const LockFile&) = delete;
    ~LockFile() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }

  private:
    int m_fd;
};

std::int64_t to_ms(TimePoint t) {
    return t.time_since_epoch().count();
}

TimePoint from_ms(std::int64_t ms) {
    return TimePoint{Duration{ms}};
}

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

// `what` is an action ("record an observation"); never pass row data in it.
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

// A prepared statement that binds parameters left to right and remembers
// the first failure, so call sites read as one chain.
class Statement {
  public:
    explicit Statement(Stmt stmt) : m_stmt(std::move(stmt)) {}

    Statement& bind(std::string_view text) {
        return check(sqlite3_bind_text64(m_stmt.get(), m_next, text.data(), text.size(),
                                         SQLITE_TRANSIENT, SQLITE_UTF8));
    }
    Statement& bind_blob(std::string_view bytes) {
        // data() of an empty string_view may be null, which would bind NULL.
        static const char empty = 0;
        return check(sqlite3_bind_blob64(m_stmt.get(), m_next,
                                         bytes.empty() ? &empty : bytes.data(), bytes.size(),
                                         SQLITE_TRANSIENT));
    }
    Statement& bind(std::int64_t value) {
        return check(sqlite3_bind_int64(m_stmt.get(), m_next, value));
    }
    Statement& bind(bool value) { return bind(std::int64_t{value ? 1 : 0}); }
    Statement& bind(TimePoint t) { return bind(to_ms(t)); }
    Statement& bind(Weather w) { return bind(to_string(w)); }
    Statement& bind(QueueState state) { return bind(to_string(state)); }
    Statement& bind(const std::string& text) { return bind(std::string_view(text)); }
    Statement& bind(const std::optional<int>& value) {
        return value ? bind(std::int64_t{*value}) : bind_null();
    }
    Statement& bind(const std::optional<TimePoint>& t) { return t ? bind(*t) : bind_null(); }
    Statement& bind_null() { return check(sqlite3_bind_null(m_stmt.get(), m_next)); }

    // SQLITE_ROW, SQLITE_DONE, or the error (including a failed bind).
    int step() {
        if (m_rc != SQLITE_OK) {
            return m_rc;
        }
        return sqlite3_step(m_stmt.get());
    }

    std::string text(int column) const {
        const auto* p = sqlite3_column_text(m_stmt.get(), column);
        const int n = sqlite3_column_bytes(m_stmt.get(), column);
        return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), n);
    }
    std::string blob(int column) const {
        const auto* p = sqlite3_column_blob(m_stmt.get(), column);
        const int n = sqlite3_column_bytes(m_stmt.get(), column);
        return p == nullptr ? std::string() : std::string(static_cast<const char*>(p), n);
    }
    bool is_null(int column) const {
        return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
    }
    std::int64_t int64(int column) const { return sqlite3_column_int64(m_stmt.get(), column); }
    TimePoint time(int column) const { return from_ms(int64(column)); }
    std::optional<TimePoint> optional_time(int column) const {
        return is_null(column) ? std::nullopt : std::optional<TimePoint>(time(column));
    }
    Weather weather(int column) const {
        // Only this code writes these columns; anything unreadable is, honestly, unknown.
        return parse_weather(text(column)).value_or(Weather::unknown);
    }
    // Unlike weather, a queue state is never guessed: reading an unknown one
    // as "queued" could ship a release twice.
    std::optional<QueueState> queue_state(int column) const {
        return parse_queue_state(text(column));
    }

  private:
    Statement& check(int rc) {
        if (m_rc == SQLITE_OK && rc != SQLITE_OK) {
            m_rc = rc;
        }
        ++m_next;
        return *this;
    }

    Stmt m_stmt;
    int m_next = 1;
    int m_rc = SQLITE_OK;
};

// Runs SQL that has no parameters (pragmas, transaction control, migrations).
int exec(sqlite3* db, const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// Rolls back unless committed, so an early return or an exception in a
// write leaves nothing half-written.
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

class SqliteStore final : public StateStore {
  public:
    SqliteStore(std::string file, LockFile lock, Db db)
        : m_file(std::move(file)), m_lock(std::move(lock)), m_db(std::move(db)) {}

    StoreResult<void> record_observation(const ObservationRecord& o) override {
        constexpr std::string_view what = "record an observation";
        return write(what, [&]() -> StoreResult<void> {
            return run(what,
                       "INSERT INTO observations (source, at_ms, weather, summary, http_status, "
                       "etag) VALUES (?, ?, ?, ?, ?, ?)",
                       [&](Statement& s) {
                           s.bind(o.source).bind(o.at).bind(o.weather).bind(o.summary);
                           s.bind(o.http_status).bind(o.etag);
                       });
        });
    }

    StoreResult<std::vector<ObservationRecord>> observations(const std::string& source,
                                                             TimePoint since) override {
        constexpr std::string_view what = "read observations";
        return read(what, [&]() -> StoreResult<std::vector<ObservationRecord>> {
            std::vector<ObservationRecord> out;
            auto done = query(
                what,
                "SELECT source, at_ms, weather, summary, http_status, etag FROM observations "
                "WHERE source = ? AND at_ms >= ? ORDER BY at_ms, id",
                [&](Statement& s) { s.bind(source).bind(since); },
                [&](const Statement& s) {
                    ObservationRecord o;
                    o.source = s.text(0);
                    o.at = s.time(1);
                    o.weather = s.weather(2);
                    o.summary = s.text(3);
                    if (!s.is_null(4)) {
                        o.http_status = static_cast<int>(s.int64(4));
                    }
                    o.etag = s.text(5);
                    out.push_back(std::move(o));
                });
            if (!done) {
                return unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<void> save_response(const CachedResponse& r) override {
        constexpr std::string_view what = "save a cached response";
        return write(what, [&]() -> StoreResult<void> {
            return run(what,
                       "INSERT INTO cached_responses (url, etag, body, fetched_at_ms) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                       "etag = excluded.etag, body = excluded.body, "
                       "fetched_at_ms = excluded.fetched_at_ms",
                       [&](Statement& s) {
                           s.bind(r.url).bind(r.etag).bind_blob(r.body).bind(r.fetched_at);
                       });
        });
    }

    StoreResult<std::optional<CachedResponse>> load_response(const std::string& url) override {
        constexpr std::string_view what = "load a cached response";
        return read(what, [&]() -> StoreResult<std::optional<CachedResponse>> {
            std::optional<CachedResponse> out;
            auto done = query(
                what,
                "SELECT url, etag, body, fetched_at_ms FROM cached_responses "
                "WHERE url = ?",
                [&](Statement& s) { s.bind(url); },
                [&](const Statement& s) {
                    out = CachedResponse{s.text(0), s.text(1), s.blob(2), s.time(3)};
                });
            if (!done) {
                return unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<void> upsert_incident(const IncidentRecord& r) override {
        constexpr std::string_view what = "save an incident";
        return write(what, [&]() -> StoreResult<void> {
            return run(
                what,
                "INSERT INTO incidents (source, id, name, impact, status, url, "
                "first_seen_ms, last_seen_ms, resolved_at_ms, started_at_ms, watched_components) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, id) DO "
                "UPDATE SET name = excluded.name, impact = excluded.impact, "
                "status = excluded.status, url = excluded.url, "
                "last_seen_ms = excluded.last_seen_ms, "
                "resolved_at_ms = excluded.resolved_at_ms, "
                "started_at_ms = COALESCE(excluded.started_at_ms, started_at_ms), "
                "watched_components = excluded.watched_components",
                [&](Statement& s) {
                    s.bind(r.source).bind(r.id).bind(r.name).bind(r.impact);
                    s.bind(r.status).bind(r.url).bind(r.first_seen).bind(r.last_seen);
                    s.bind(r.resolved_at).bind(r.started_at);
                    if (r.watched_components) {
                        s.bind(join(*r.watched_components, "\n"));
                    } else {
                        s.bind_null();
                    }
                });
        });
    }

    StoreResult<void> resolve_incidents_except(const std::string& source,
                                               const std::vector<std::string>& open_ids,
                                               TimePoint now) override {
        // The set difference is taken here rather than in SQL so the ids stay
        // bound parameters however many there are.
        constexpr std::string_view what = "mark incidents resolved";
        return write(what, [&]() -> StoreResult<void> {
            const std::unordered_set<std::string> open(open_ids.begin(), open_ids.end());
            std::vector<std::string> gone;
            auto listed = query(
                what, "SELECT id FROM incidents WHERE source = ? AND resolved_at_ms IS NULL",
                [&](Statement& s) { s.bind(source); },
                [&](const Statement& s) {
                    auto id = s.text(0);
                    if (open.count(id) == 0) {
                        gone.push_back(std::move(id));
                    }
                });
            if (!listed) {
                return listed;
            }
            for (const auto& id : gone) {
                auto done = run(what,
                                "UPDATE incidents SET resolved_at_ms = ? "
                                "WHERE source = ? AND id = ?",
                                [&](Statement& s) { s.bind(now).bind(source).bind(id); });
                if (!done) {
                    return done;
                }
            }
            return {};
        });
    }

    StoreResult<std::vector<IncidentRecord>> incidents(const std::string& source) override {
        constexpr std::string_view what = "read incidents";
        return read(what, [&]() -> StoreResult<std::vector<IncidentRecord>> {
            std::vector<IncidentRecord> out;
            auto done = query(
                what,
                "SELECT source, id, name, impact, status, url, first_seen_ms, "
                "last_seen_ms, resolved_at_ms, started_at_ms, watched_components FROM incidents "
                "WHERE source = ? ORDER BY first_seen_ms, id",
                [&](Statement& s) { s.bind(source); },
                [&](const Statement& s) {
                    out.push_back(IncidentRecord{
                        s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.time(6),
                        s.time(7), s.optional_time(8), s.optional_time(9),
                        s.is_null(10) ? std::nullopt : std::optional(split(s.text(10), '\n'))});
                });
            if (!done) {
                return unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<void> save_verdict(const VerdictState& v,
                                   const std::optional<Transition>& t) override {
        constexpr std::string_view what = "save the verdict";
        return write(what, [&]() -> StoreResult<void> {
            auto saved = run(what,
                             "INSERT INTO verdict (id, weather, since_ms, cause, fair_since_ms) "
                             "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                             "weather = excluded.weather, since_ms = excluded.since_ms, "
                             "cause = excluded.cause, fair_since_ms = excluded.fair_since_ms",
                             [&](Statement& s) {
                                 s.bind(v.weather).bind(v.since).bind(v.cause).bind(v.fair_since);
                             });
            if (!saved || !t) {
                return saved;
            }
            return run(
                "record a verdict transition",
                "INSERT INTO transitions (at_ms, from_weather, to_weather, cause) "
                "VALUES (?, ?, ?, ?)",
                [&](Statement& s) { s.bind(t->at).bind(t->from).bind(t->to).bind(t->cause); });
        });
    }

    StoreResult<std::optional<VerdictState>> load_verdict() override {
        constexpr std::string_view what = "load the verdict";
        return read(what, [&]() -> StoreResult<std::optional<VerdictState>> {
            std::optional<VerdictState> out;
            auto done = query(
                what, "SELECT weather, since_ms, cause, fair_since_ms FROM verdict WHERE id = 1",
                [](Statement&) {},
                [&](const Statement& s) {
                    out = VerdictState{s.weather(0), s.time(1), s.text(2), s.optional_time(3)};
                });
            if (!done) {
                return unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<std::vector<Transition>> transitions(TimePoint since) override {
        constexpr std::string_view what = "read verdict transitions";
        return read(what, [&]() -> StoreResult<std::vector<Transition>> {
            std::vector<Transition> out;
            auto done = query(
                what,
                "SELECT at_ms, from_weather, to_weather, cause FROM transitions "
                "WHERE at_ms >= ? ORDER BY at_ms, id",
                [&](Statement& s) { s.bind(since); },
                [&](const Statement& s) {
                    out.push_back(Transition{s.time(0), s.weather(1), s.weather(2), s.text(3)});
                });
            if (!done) {
                return unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<void> upsert_releases(const std::vector<ReleaseRecord>& releases) override {
        constexpr std::string_view what = "save releases";
        return write(what, [&]() -> StoreResult<void> {
            for (const auto& r : releases) {
                auto done = run(
                    what,
                    "INSERT INTO releases (repo, id, tag, name, url, draft, prerelease, "
                    "created_at_ms, published_at_ms, first_seen_ms) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (repo, id) DO UPDATE SET "
                    "tag = excluded.tag, name = excluded.name, url = excluded.url, "
                    "draft = excluded.draft, prerelease = excluded.prerelease, "
                    "created_at_ms = excluded.created_at_ms, "
                    "published_at_ms = excluded.published_at_ms",
                    [&](Statement& s) {
                        s.bind(r.repo).bind(r.id).bind(r.tag).bind(r.name).bind(r.url);
                        s.bind(r.draft).bind(r.prerelease).bind(r.created_at);
                        s.bind(r.published_at).bind(r.first_seen);
                    });
                if (!done) {
                    return done;
                }
            }
            return {};
        });
    }

    StoreResult<std::vector<ReleaseRecord>> releases(const std::string& repo) override {
        constexpr std::string_view what = "read releases";
        return read(what, [&]() -> StoreResult<std::vector<ReleaseRecord>> {
            std::vector<ReleaseRecord> out;
            auto done = query(
                what,
                "SELECT repo, id, tag, name, url, draft, prerelease, created_at_ms, "
                "published_at_ms, first_seen_ms FROM releases WHERE repo = ? "
                "ORDER BY published_at_ms IS NULL, published_at_ms DESC, id DESC",
                [&](Statement& s) { s.bind(repo); },
                [&](const Statement& s) {
                    out.push_back(ReleaseRecord{s.text(0), s.int64(1), s.text(2), s.text(3),
                                                s.text(4), s.int64(5) != 0, s.int64(6) != 0,
                                                s.optional_time(7), s.optional_time(8), s.time(9)});
                });
            if (!done) {
                return unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<PruneCounts> prune(TimePoint before) override {
        constexpr std::string_view what = "prune old history";
        return write(what, [&]() -> StoreResult<PruneCounts> {
            PruneCounts counts;
            const std::pair<const char*, std::int64_t*> deletes[] = {
                {"DELETE FROM observations WHERE at_ms < ?", &counts.observations},
                {"DELETE FROM transitions WHERE at_ms < ?", &counts.transitions},
                {"DELETE FROM incidents WHERE resolved_at_ms IS NOT NULL AND resolved_at_ms < ?",
                 &counts.incidents},
                {"DELETE FROM gate_decisions WHERE at_ms < ?", &counts.decisions},
            };
            for (const auto& [sql, count] : deletes) {
                auto done = run(what, sql, [&](Statement& s) { s.bind(before); });
                if (!done) {
                    return unexpected(done.error());
                }
                *count = sqlite3_changes64(m_db.get());
            }
            return counts;
        });
    }

    StoreResult<void> record_decision(const GateDecisionRecord& d) override {
        constexpr std::string_view what = "record a gate decision";
        return write(what, [&]() -> StoreResult<void> {
            return run(what,
                       "INSERT INTO gate_decisions (at_ms, repo, version, kind, decision, "
                       "weather, reason, requested_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [&](Statement& s) {
                           s.bind(d.at).bind(d.repo).bind(d.version).bind(d.kind);
                           s.bind(d.decision).bind(d.weather).bind(d.reason).bind(d.requested_by);
                       });
        });
    }

    StoreResult<std::vector<GateDecisionRecord>> decisions(const std::string& repo,
                                                           TimePoint since) override {
        constexpr std::string_view what = "read gate decisions";
        return read(what, [&]() -> StoreResult<std::vector<GateDecisionRecord>> {
            // Two constant statements rather than "repo = ? OR ? = ''", so
            // each can use its own index.
            const bool all = repo.empty();
            const char* sql =
                all ? "SELECT at_ms, repo, version, kind, decision, weather, reason, "
                      "requested_by FROM gate_decisions WHERE at_ms >= ? ORDER BY at_ms, id"
                    : "SELECT at_ms, repo, version, kind, decision, weather, reason, "
                      "requested_by FROM gate_decisions WHERE repo = ? AND at_ms >= ? "
                      "ORDER BY at_ms, id";
            std::vector<GateDecisionRecord> out;
            auto done = query(
                what, sql,
                [&](Statement& s) {
                    if (!all) {
                        s.bind(repo);
                    }
                    s.bind(since);
                },
                [&](const Statement& s) {
                    out.push_back(GateDecisionRecord{s.time(0), s.text(1), s.text(2), s.text(3),
                                                     s.text(4), s.text(5), s.text(6), s.text(7)});
                });
            if (!done) {
                return unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<std::pair<QueueItem, bool>> enqueue(const QueueItem& item,
                                                    const QueueEvent& created) override {
        constexpr std::string_view what = "enqueue a security release";
        return write(what, [&]() -> StoreResult<std::pair<QueueItem, bool>> {
            // UNIQUE (repo, version) decides, inside the transaction: an
            // existing item wins and nothing is written. A clash of ids alone
            // is still an error.
            auto inserted = run(
                what,
                "INSERT INTO queue_items (id, repo, version, kind, workflow, ref, reason, "
                "requested_by, advisory_id, advisory_at_ms, enqueued_at_ms, deadline_ms, state, "
                "attempts, next_attempt_ms, dispatched_at_ms, run_id, run_url, shipped_at_ms, "
                "sla_breach_counted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?) ON CONFLICT (repo, version) DO NOTHING",
                [&](Statement& s) {
                    s.bind(item.id).bind(item.repo).bind(item.version).bind(item.kind);
                    s.bind(item.workflow).bind(item.ref).bind(item.reason).bind(item.requested_by);
                    s.bind(item.advisory_id).bind(item.advisory_at).bind(item.enqueued_at);
                    s.bind(item.deadline).bind(item.state).bind(std::int64_t{item.attempts});
                    s.bind(item.next_attempt_at).bind(item.dispatched_at).bind(item.run_id);
                    s.bind(item.run_url).bind(item.shipped_at).bind(item.sla_breach_counted);
                });
            if (!inserted) {
                return unexpected(inserted.error());
            }
            const bool created_now = sqlite3_changes64(m_db.get()) > 0;
            if (created_now) {
                for (std::size_t i = 0; i < item.inputs.size(); ++i) {
                    const auto& [name, value] = item.inputs[i];
                    auto done = run(what,
                                    "INSERT INTO queue_inputs (item_id, position, name, value) "
                                    "VALUES (?, ?, ?, ?)",
                                    [&](Statement& s) {
                                        s.bind(item.id).bind(static_cast<std::int64_t>(i));
                                        s.bind(name).bind(value);
                                    });
                    if (!done) {
                        return unexpected(done.error());
                    }
                }
                if (auto done = insert_queue_event(item.id, created); !done) {
                    return unexpected(done.error());
                }
            }
            // Read back, so the caller gets exactly what is stored, history included.
            auto stored = load_queue(what, "q.repo = ? AND q.version = ?",
                                     [&](Statement& s) { s.bind(item.repo).bind(item.version); });
            if (!stored) {
                return unexpected(stored.error());
            }
            if (stored->size() != 1) {
                return unexpected(StoreError{"state database " + m_file + ": could not " +
                                             std::string(what) +
                                             ": the item was not there to read back after "
                                             "storing it; this is a bug in fairweather, please "
                                             "report it"});
            }
            return std::pair<QueueItem, bool>(std::move(stored->front()), created_now);
        });
    }

    StoreResult<void> save_queue_item(const QueueItem& item,
                                      const std::optional<QueueEvent>& event) override {
        constexpr std::string_view what = "save a queue item";
        return write(what, [&]() -> StoreResult<void> {
            // Only the mutable columns: what was asked for (repo, version,
            // inputs, advisory, deadline, ...) never changes after enqueue.
            auto updated =
                run(what,
                    "UPDATE queue_items SET state = ?, attempts = ?, next_attempt_ms = ?, "
                    "dispatched_at_ms = ?, run_id = ?, run_url = ?, shipped_at_ms = ?, ref = ?, "
                    "sla_breach_counted = ? WHERE id = ?",
                    [&](Statement& s) {
                        s.bind(item.state).bind(std::int64_t{item.attempts});
                        s.bind(item.next_attempt_at).bind(item.dispatched_at).bind(item.run_id);
                        s.bind(item.run_url).bind(item.shipped_at).bind(item.ref);
                        s.bind(item.sla_breach_counted).bind(item.id);
                    });
            if (!updated) {
                return updated;
            }
            if (sqlite3_changes64(m_db.get()) == 0) {
                return unexpected(StoreError{"state database " + m_file + ": could not " +
                                             std::string(what) +
                                             ": there is no queue item with id \"" + item.id +
                                             "\"; only an enqueued item can be saved (this is a "
                                             "bug in fairweather, please report it)"});
            }
            if (!event) {
                return {};
            }
            return insert_queue_event(item.id, *event);
        });
    }

    StoreResult<std::optional<QueueItem>> queue_item(const std::string& id) override {
        constexpr std::string_view what = "read a queue item";
        return read(what, [&]() -> StoreResult<std::optional<QueueItem>> {
            auto items = load_queue(what, "q.id = ?", [&](Statement& s) { s.bind(id); });
            if (!items) {
                return unexpected(items.error());
            }
            if (items->empty()) {
                return std::optional<QueueItem>();
            }
            return std::optional<QueueItem>(std::move(items->front()));
        });
    }

    StoreResult<std::vector<QueueItem>> queue_items(bool unfinished_only) override {
        constexpr std::string_view what = "read the release queue";
        return read(what, [&]() -> StoreResult<std::vector<QueueItem>> {
            if (!unfinished_only) {
                return load_queue(what, "1", [](Statement&) {});
            }
            return load_queue(what, "q.state NOT IN (?, ?, ?)", [](Statement& s) {
                s.bind(QueueState::shipped).bind(QueueState::failed).bind(QueueState::cancelled);
            });
        });
    }

  private:
    StoreError error(std::string_view what, int rc) const {
        return sqlite_error(m_db.get(), m_file, what, rc);
    }

    // The store promises not to throw; an exception (in practice bad_alloc)
    // becomes an error like any other.
    StoreError exception_error(std::string_view what, const std::exception& e) const {
        return StoreError{"state database " + m_file + ": could not " + std::string(what) + ": " +
                          e.what() + "; retry, and report it if it keeps happening"};
    }

    // One public read: serialised, no explicit transaction (each is one statement).
    template <class Body>
    auto read(std::string_view what, Body&& body) -> decltype(body()) {
        try {
            std::lock_guard lock(m_mutex);
            return body();
        } catch (const std::exception& e) {
            return unexpected(exception_error(what, e));
        }
    }

    // One public write: serialised and all-or-nothing.
    template <class Body>
    auto write(std::string_view what, Body&& body) -> decltype(body()) {
        try {
            std::lock_guard lock(m_mutex);
            Transaction transaction(m_db.get());
            if (const int rc = transaction.begin(); rc != SQLITE_OK) {
                return unexpected(error(what, rc));
            }
            auto result = body();
            if (!result) {
                return result;
            }
            if (const int rc = transaction.commit(); rc != SQLITE_OK) {
                return unexpected(error(what, rc));
            }
            return result;
        } catch (const std::exception& e) {
            return unexpected(exception_error(what, e));
        }
    }

    StoreResult<Statement> prepare(std::string_view what, const char* sql) {
        sqlite3_stmt* raw = nullptr;
        const int rc = sqlite3_prepare_v2(m_db.get(), sql, -1, &raw, nullptr);
        Stmt stmt(raw);
        if (rc != SQLITE_OK) {
            return unexpected(error(what, rc));
        }
        return Statement(std::move(stmt));
    }

    // Runs a statement that returns no rows.
    template <class Bind>
    StoreResult<void> run(std::string_view what, const char* sql, Bind&& bind) {
        return query(what, sql, std::forward<Bind>(bind), [](const Statement&) {});
    }

    // Runs a statement, calling `row` for each row it returns.
    template <class Bind, class Row>
    StoreResult<void> query(std::string_view what, const char* sql, Bind&& bind, Row&& row) {
        auto stmt = prepare(what, sql);
        if (!stmt) {
            return unexpected(stmt.error());
        }
        bind(*stmt);
        for (;;) {
            const int rc = stmt->step();
            if (rc == SQLITE_DONE) {
                return {};
            }
            if (rc != SQLITE_ROW) {
                return unexpected(error(what, rc));
            }
            row(std::as_const(*stmt));
        }
    }

    // Appends one event to an item's history (inside a write).
    StoreResult<void> insert_queue_event(const std::string& item_id, const QueueEvent& e) {
        return run("record a queue event",
                   "INSERT INTO queue_events (item_id, at_ms, from_state, to_state, cause) "
                   "VALUES (?, ?, ?, ?, ?)",
                   [&](Statement& s) {
                       s.bind(item_id).bind(e.at).bind(e.from).bind(e.to).bind(e.cause);
                   });
    }

    // The items `where` selects, newest enqueued first (ties by id), each
    // with its inputs and its history oldest first. `where` is a constant
    // condition on queue_items as "q", never data; `bind` binds its
    // parameters, once per query. Callers hold the mutex and only this
    // process writes the file (it holds the lock), so the three queries
    // see the same rows.
    template <class Bind>
    StoreResult<std::vector<QueueItem>> load_queue(std::string_view what, std::string_view where,
                                                   Bind&& bind) {
        std::vector<QueueItem> items;
        std::unordered_map<std::string, std::size_t> index;
        bool unknown_state = false;
        const auto state = [&](const Statement& s, int column) {
            const auto parsed = s.queue_state(column);
            unknown_state = unknown_state || !parsed;
            return parsed.value_or(QueueState::queued);
        };
        const auto item_of = [&](const std::string& id) -> QueueItem* {
            const auto found = index.find(id);
            return found == index.end() ? nullptr : &items[found->second];
        };
        const std::string filter(where);

        const std::string select_items =
            "SELECT q.id, q.repo, q.version, q.kind, q.workflow, q.ref, q.reason, "
            "q.requested_by, q.advisory_id, q.advisory_at_ms, q.enqueued_at_ms, q.deadline_ms, "
            "q.state, q.attempts, q.next_attempt_ms, q.dispatched_at_ms, q.run_id, q.run_url, "
            "q.shipped_at_ms, q.sla_breach_counted FROM queue_items q WHERE " +
            filter + " ORDER BY q.enqueued_at_ms DESC, q.id";
        auto listed = query(what, select_items.c_str(), bind, [&](const Statement& s) {
            QueueItem item;
            item.id = s.text(0);
            item.repo = s.text(1);
            item.version = s.text(2);
            item.kind = s.text(3);
            item.workflow = s.text(4);
            item.ref = s.text(5);
            item.reason = s.text(6);
            item.requested_by = s.text(7);
            item.advisory_id = s.text(8);
            item.advisory_at = s.optional_time(9);
            item.enqueued_at = s.time(10);
            item.deadline = s.time(11);
            item.state = state(s, 12);
            item.attempts = static_cast<int>(s.int64(13));
            item.next_attempt_at = s.optional_time(14);
            item.dispatched_at = s.optional_time(15);
            item.run_id = s.int64(16);
            item.run_url = s.text(17);
            item.shipped_at = s.optional_time(18);
            item.sla_breach_counted = s.int64(19) != 0;
            index.emplace(item.id, items.size());
            items.push_back(std::move(item));
        });
        if (!listed) {
            return unexpected(listed.error());
        }
        if (items.empty()) {
            return items;
        }

        const std::string select_inputs =
            "SELECT i.item_id, i.name, i.value FROM queue_inputs i "
            "JOIN queue_items q ON q.id = i.item_id WHERE " +
            filter + " ORDER BY i.item_id, i.position";
        auto inputs = query(what, select_inputs.c_str(), bind, [&](const Statement& s) {
            if (QueueItem* item = item_of(s.text(0))) {
                item->inputs.emplace_back(s.text(1), s.text(2));
            }
        });
        if (!inputs) {
            return unexpected(inputs.error());
        }

        const std::string select_events =
            "SELECT e.item_id, e.at_ms, e.from_state, e.to_state, e.cause FROM queue_events e "
            "JOIN queue_items q ON q.id = e.item_id WHERE " +
            filter + " ORDER BY e.id";
        auto events = query(what, select_events.c_str(), bind, [&](const Statement& s) {
            if (QueueItem* item = item_of(s.text(0))) {
                item->history.push_back(QueueEvent{s.time(1), state(s, 2), state(s, 3), s.text(4)});
            }
        });
        if (!events) {
            return unexpected(events.error());
        }

        if (unknown_state) {
            return unexpected(StoreError{
                "state database " + m_file + ": could not " + std::string(what) +
                ": the release queue holds a state this fairweather does not know (the file "
                "was written by a newer fairweather or changed by hand); upgrade fairweather, "
                "or restore a backup"});
        }
        return items;
    }

    const std::string m_file;
    // Declared before m_db so the database is closed before the lock is released.
    LockFile m_lock;
    Db m_db;
    std::mutex m_mutex;
};

StoreResult<void> create_parent(const fs::path& file) {
    const fs::path dir = file.parent_path();
    if (dir.empty()) {
        return {};
    }
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
        return unexpected(StoreError{"could not create state database " + file.string() + ": " +
                                     dir.string() +
                                     " exists but is not a directory; move it away or choose "
                                     "another --state-dir"});
    }
    fs::create_directories(dir, ec);
    if (ec) {
        return unexpected(StoreError{"could not create the directory " + dir.string() +
                                     " for state database " + file.string() + ": " + ec.message() +
                                     "; create it yourself, or choose another --state-dir"});
    }
    return {};
}

StoreResult<LockFile> take_lock(const fs::path& file) {
    const std::string lock_path = file.string() + ".lock";
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int err = errno;
        return unexpected(StoreError{
            "could not create lock file " + lock_path + " for state database " + file.string() +
            ": " + std::strerror(err) + "; check that its directory is writable by this user"});
    }
    LockFile lock(fd);
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        if (err == EINTR) {
            continue;
        }
        if (err == EWOULDBLOCK) {
            return unexpected(StoreError{
                "state database " + file.string() +
                " is in use by another fairweather-monitor (lock " + lock_path +
                " is held); stop the other monitor or give this one its own --state-dir"});
        }
        return unexpected(StoreError{"could not lock " + lock_path + " for state database " +
                                     file.string() + ": " + std::strerror(err) +
                                     "; put --state-dir on a file system that supports flock()"});
    }
    return lock;
}

// Runs a query expected to return one text row (a pragma's answer).
int query_text(sqlite3* db, const char* sql, std::string& out) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
    Stmt stmt(raw);
    if (rc != SQLITE_OK) {
        return rc;
    }
    rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_ROW) {
        const auto* p = sqlite3_column_text(stmt.get(), 0);
        out = p == nullptr ? std::string() : reinterpret_cast<const char*>(p);
        return SQLITE_OK;
    }
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

// Reads the file without writing it: is it a SQLite database, intact, ours
// and not newer than this build? Returns the schema version it has.
StoreResult<int> inspect(sqlite3* db, const std::string& file) {
    std::string check;
    int rc = query_text(db, "PRAGMA quick_check(1)", check);
    if ((rc & 0xff) == SQLITE_NOTADB) {
        return unexpected(StoreError{"state database " + file +
                                     " is not a readable SQLite database (" + sqlite3_errmsg(db) +
                                     "); " + corrupt_advice(file)});
    }
    if ((rc & 0xff) == SQLITE_CORRUPT) {
        return unexpected(StoreError{"state database " + file + " is corrupt (" +
                                     sqlite3_errmsg(db) + "); " + corrupt_advice(file)});
    }
    if (rc != SQLITE_OK) {
        return unexpected(sqlite_error(db, file, "check the integrity", rc));
    }
    if (check != "ok") {
        // quick_check describes pages and trees, never row contents; it
        // starts with a "*** in database main ***" line that says nothing here.
        constexpr std::string_view noise = "*** in database main ***\n";
        if (std::string_view(check).starts_with(noise)) {
            check.erase(0, noise.size());
        }
        std::replace(check.begin(), check.end(), '\n', ' ');
        return unexpected(StoreError{"state database " + file + " is corrupt (integrity check: " +
                                     check + "); " + corrupt_advice(file)});
    }

    std::string text;
    if (rc = query_text(db, "PRAGMA user_version", text); rc != SQLITE_OK) {
        return unexpected(sqlite_error(db, file, "read the schema version", rc));
    }
    const long long version = std::stoll(text);
    if (version > k_schema_version) {
        return unexpected(StoreError{"state database " + file + " has schema version " + text +
                                     ", newer than this fairweather (" +
                                     std::to_string(k_schema_version) +
                                     "); upgrade fairweather or use another --state-dir"});
    }
    if (version < 0) {
        return unexpected(StoreError{"state database " + file + " has schema version " + text +
                                     ", which no fairweather writes; " + corrupt_advice(file)});
    }
    if (version == 0) {
        // Version 0 is a new, empty file; tables in it belong to something else.
        if (rc = query_text(db, "SELECT count(*) FROM sqlite_schema", text); rc != SQLITE_OK) {
            return unexpected(sqlite_error(db, file, "read the schema", rc));
        }
        if (text != "0") {
            return unexpected(StoreError{
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
        return unexpected(sqlite_error(db, file, "switch to WAL mode", rc));
    }
    if (mode != "wal") {
        return unexpected(StoreError{"could not switch state database " + file +
                                     " to WAL mode (SQLite kept journal mode \"" + mode +
                                     "\"); put --state-dir on a local file system"});
    }
    // FULL: a verdict reported as saved survives a power cut, not only a crash.
    for (const char* pragma : {"PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        if (const int rc = exec(db, pragma); rc != SQLITE_OK) {
            return unexpected(sqlite_error(db, file, "configure the connection", rc));
        }
    }
    return {};
}

StoreResult<void> migrate(sqlite3* db, const std::string& file, int from) {
    for (int version = from; version < k_schema_version; ++version) {
        const std::string what = "migrate the schema to version " + std::to_string(version + 1);
        Transaction transaction(db);
        if (const int rc = transaction.begin(); rc != SQLITE_OK) {
            return unexpected(sqlite_error(db, file, what, rc));
        }
        if (const int rc = exec(db, k_migrations[version]); rc != SQLITE_OK) {
            return unexpected(sqlite_error(db, file, what, rc));
        }
        // PRAGMA takes no bound parameters; the number is ours, not data.
        const std::string bump = "PRAGMA user_version = " + std::to_string(version + 1);
        if (const int rc = exec(db, bump.c_str()); rc != SQLITE_OK) {
            return unexpected(sqlite_error(db, file, what, rc));
        }
        if (const int rc = transaction.commit(); rc != SQLITE_OK) {
            return unexpected(sqlite_error(db, file, what, rc));
        }
    }
    return {};
}

StoreResult<std::unique_ptr<StateStore>> open_store(const fs::path& path) {
    const std::string file = path.string();
    if (auto made = create_parent(path); !made) {
        return unexpected(made.error());
    }
    if (std::error_code ec; fs::is_directory(path, ec)) {
        return unexpected(StoreError{"state database " + file +
                                     " is a directory; give the path of a file, or move the "
                                     "directory away"});
    }
    auto lock = take_lock(path);
    if (!lock) {
        return unexpected(lock.error());
    }

    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
        nullptr);
    Db db(raw);  // owns the handle even when opening failed
    if (rc != SQLITE_OK) {
        return unexpected(sqlite_error(db.get(), file, "open it", rc));
    }
    sqlite3_extended_result_codes(db.get(), 1);
    sqlite3_busy_timeout(db.get(), k_busy_timeout_ms);
    // Closing normally checkpoints a leftover write-ahead log into the file;
    // a file we refuse must not be written, so that waits until it passes.
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);

    // Everything up to here only read the file; only a file that passes is written.
    auto version = inspect(db.get(), file);
    if (!version) {
        return unexpected(version.error());
    }
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    if (auto configured = configure(db.get(), file); !configured) {
        return unexpected(configured.error());
    }
    if (auto migrated = migrate(db.get(), file, *version); !migrated) {
        return unexpected(migrated.error());
    }
    return std::make_unique<SqliteStore>(file, std::move(*lock), std::move(db));
}

}  // namespace

StoreResult<std::unique_ptr<StateStore>> open_sqlite_store(const std::filesystem::path& file) {
    try {
        return open_store(file);
    } catch (const std::exception& e) {
        return unexpected(StoreError{"state database " + file.string() + ": could not open it: " +
                                     e.what() + "; retry, and report it if it keeps happening"});
    }
}

int sqlite_store_schema_version() {
    return k_schema_version;
}

}  // namespace fairweather
