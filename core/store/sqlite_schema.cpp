#include "core/store/sqlite_schema.h"

#include <iterator>

namespace fairweather::sqlite {
namespace {

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

    // 4: an observation the same as its source's previous one (weather,
    // summary, HTTP status, ETag) extends that row instead of adding one, so
    // a quiet source costs one row, not one per poll. last_at_ms is the last
    // poll it covers (NULL: only at_ms), polls how many it covers.
    R"sql(
ALTER TABLE observations ADD COLUMN last_at_ms INTEGER;
ALTER TABLE observations ADD COLUMN polls INTEGER NOT NULL DEFAULT 1;
)sql",
};

}  // namespace

std::span<const char* const> migrations() {
    return k_migrations;
}

}  // namespace fairweather::sqlite
