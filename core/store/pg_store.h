#pragma once
// The PostgreSQL StateStore, for monitors that share their state (see
// DESIGN.md, "More than one monitor").

#include <memory>
#include <string>

#include "core/store/state_store.h"
#include "core/util/secret.h"

namespace fairweather {

// Connects to the PostgreSQL database at `url` (postgresql://user@host:port/db,
// or a libpq key=value string) with `password` (empty: the URL's, or libpq's
// own PGPASSWORD or ~/.pgpass), and migrates its schema to the current
// version, once, whichever of several monitors opening it at the same time
// gets there first. Fails with a clear StoreError, naming the host and the
// database but never the password, when the server cannot be reached or
// refuses the login, or the schema is newer than this build knows.
//
// Every call is one transaction, committed durably (the server's
// synchronous_commit). A call that finds the connection lost fails, saying
// so; the next call reconnects first (a failed reconnect is not tried again
// for a second) and health() reports a connection that cannot be made.
// Thread-safe: calls are serialised over one connection.
StoreResult<std::unique_ptr<StateStore>> open_postgres_store(const std::string& url,
                                                             const Secret& password);

// The schema version this build writes.
int postgres_store_schema_version();

}  // namespace fairweather
