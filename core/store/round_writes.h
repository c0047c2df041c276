#pragma once
// Internal to the store area: a poll round written row by row, in the order
// StateStore::record_round documents, by a store that wraps it in one
// transaction of its own (the SQLite and the PostgreSQL store).

#include <string>
#include <vector>

#include "core/store/state_store.h"

namespace fairweather::store_rows {

// Writes `round` through `store`'s observation_body, response_body,
// incident_body, resolve_body and releases_body (each one statement or a
// few, inside the caller's transaction), stopping at the first failure.
template <class Store>
StoreResult<void> write_round(Store& store, const PollRound& round) {
    for (const auto& o : round.observations) {
        if (auto done = store.observation_body(o); !done) {
            return done;
        }
    }
    for (const CachedResponse* r : round.responses) {
        if (auto done = store.response_body(*r); !done) {
            return done;
        }
    }
    for (const auto& page : round.incidents) {
        std::vector<std::string> open;
        for (const auto& i : page.listed) {
            if (auto done = store.incident_body(i); !done) {
                return done;
            }
            open.push_back(i.id);
        }
        if (auto done = store.resolve_body(page.source, open, page.at); !done) {
            return done;
        }
    }
    return store.releases_body(round.releases);
}

}  // namespace fairweather::store_rows
