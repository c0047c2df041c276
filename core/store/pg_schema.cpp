#include "core/store/pg_schema.h"

namespace fairweather::pg {
namespace {

// Each step moves the schema from version i to i + 1 and runs in one
// transaction with the version's update (PostgreSQL's DDL is
// transactional), under an advisory lock so two monitors starting at once
// migrate once. Steps are never edited once released: a later schema is a
// new step appended here.
//
// The tables are the SQLite store's as of its version 4, with the same
// columns and meanings: times are int64 milliseconds since the epoch
// (*_ms BIGINT), enums their words, a response body bytea. id columns that
// are SQLite rowids are identities here, the order rows were written in.
constexpr const char* k_migrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE observations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    weather TEXT NOT NULL,
    summary TEXT NOT NULL,
    http_status INTEGER,
    etag TEXT NOT NULL,
    last_at_ms BIGINT,
    polls BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX observations_by_source_at ON observations (source, at_ms);
CREATE INDEX observations_by_at ON observations (at_ms);

CREATE TABLE cached_responses (
    url TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    body BYTEA NOT NULL,
    fetched_at_ms BIGINT NOT NULL
);

CREATE TABLE incidents (
    source TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    impact TEXT NOT NULL,
    status TEXT NOT NULL,
    url TEXT NOT NULL,
    first_seen_ms BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL,
    resolved_at_ms BIGINT,
    started_at_ms BIGINT,
    -- The names, one per line ('' for none; NULL: not known).
    watched_components TEXT,
    PRIMARY KEY (source, id)
);
CREATE INDEX incidents_by_resolved_at ON incidents (resolved_at_ms);

CREATE TABLE transitions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_ms BIGINT NOT NULL,
    from_weather TEXT NOT NULL,
    to_weather TEXT NOT NULL,
    cause TEXT NOT NULL
);
CREATE INDEX transitions_by_at ON transitions (at_ms);

CREATE TABLE verdict (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    weather TEXT NOT NULL,
    since_ms BIGINT NOT NULL,
    cause TEXT NOT NULL,
    fair_since_ms BIGINT
);

CREATE TABLE releases (
    repo TEXT NOT NULL,
    id BIGINT NOT NULL,
    tag TEXT NOT NULL,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    draft BOOLEAN NOT NULL,
    prerelease BOOLEAN NOT NULL,
    created_at_ms BIGINT,
    published_at_ms BIGINT,
    first_seen_ms BIGINT NOT NULL,
    PRIMARY KEY (repo, id)
);

CREATE TABLE gate_decisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_ms BIGINT NOT NULL,
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

-- The security-release queue. Items are kept for good (prune leaves them),
-- so a finished item still answers a repeated request.
CREATE TABLE queue_items (
    id TEXT PRIMARY KEY,
    repo TEXT NOT NULL,
    version TEXT NOT NULL,
    kind TEXT NOT NULL,
    workflow TEXT NOT NULL,
    ref TEXT NOT NULL,
    reason TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    advisory_id TEXT NOT NULL,
    advisory_at_ms BIGINT,
    enqueued_at_ms BIGINT NOT NULL,
    deadline_ms BIGINT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_ms BIGINT,
    dispatched_at_ms BIGINT,
    run_id BIGINT NOT NULL,
    run_url TEXT NOT NULL,
    shipped_at_ms BIGINT,
    sla_breach_counted BOOLEAN NOT NULL,
    UNIQUE (repo, version)
);
CREATE INDEX queue_items_by_enqueued_at ON queue_items (enqueued_at_ms);

CREATE TABLE queue_inputs (
    item_id TEXT NOT NULL REFERENCES queue_items (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
);

CREATE TABLE queue_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES queue_items (id),
    at_ms BIGINT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    cause TEXT NOT NULL
);
CREATE INDEX queue_events_by_item ON queue_events (item_id);
)sql",

    // 2: the leader lease of replicas sharing the database (pg_lease.h):
    // at most one row, its times by the database's clock (timestamptz and
    // now(), never a replica's clock), its epoch the fencing token that
    // every fenced queue write checks.
    R"sql(
CREATE TABLE leader_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
)sql",
};

}  // namespace

std::span<const char* const> migrations() {
    return k_migrations;
}

}  // namespace fairweather::pg
