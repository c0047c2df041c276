#pragma once
// The monitor's durable state. StateStore is the seam; two implementations:
// the SQLite store (sqlite_store.cpp over sqlite_db.cpp, the only file that
// includes sqlite3.h) keeps it in one WAL-mode database file under the state
// directory, and the memory store (memory_store.h) keeps it for as long as
// the process lives.
//
// Every method returns a StoreError instead of throwing; an error never
// leaves a half-written change behind (each call is one transaction).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/http/polite_fetcher.h"
#include "core/queue/item.h"
#include "core/store/records.h"
#include "core/util/expected.h"
#include "core/util/time.h"
#include "core/weather/verdict.h"

namespace fairweather {

struct StoreError {
    // Says what failed, on which file, and what to do.
    std::string message;
    // Set only when a fenced write (see Fence) was refused because its
    // fence no longer holds: this monitor has lost the leader lease, and
    // should stop leading rather than retry.
    bool fenced = false;
};

// A fencing token: the leader lease (core/store/pg_lease.h) as its holder
// took it. A write given a fence is made only while `holder` still holds
// the lease at `epoch` by the database's clock, checked in the write's own
// transaction, so a leader deposed while it was paused changes nothing.
struct Fence {
    std::string holder;
    std::int64_t epoch = 0;
};

template <class T>
using StoreResult = Expected<T, StoreError>;

// The queue as read: the items, and apart from them the rows that cannot be read.
struct QueueListing {
    std::vector<QueueItem> items;
    std::vector<UnreadableQueueItem> unreadable;
};

// What one poll round writes, saved together by StateStore::record_round.
struct PollRound {
    // A status page's incidents as one poll listed them: each is upserted,
    // and every other unresolved incident of `source` is resolved at `at`.
    struct PageIncidents {
        std::string source;
        std::vector<IncidentRecord> listed;
        TimePoint at;
    };

    std::vector<ObservationRecord> observations;
    // Responses to save for conditional requests (replaced by URL). Not
    // owned: each must outlive the record_round call.
    std::vector<const CachedResponse*> responses;
    std::vector<PageIncidents> incidents;
    std::vector<ReleaseRecord> releases;

    bool empty() const {
        return observations.empty() && responses.empty() && incidents.empty() && releases.empty();
    }
};

class StateStore {
  public:
    virtual ~StateStore() = default;

    // Fails, saying why, when writes are refused for good (the SQLite
    // store's file was deleted or replaced under it); a passing check says
    // nothing about the next write's disk space.
    virtual StoreResult<void> health() = 0;

    // Everything `round` holds, with the rules of record_observation,
    // save_response, upsert_incident, resolve_incidents_except and
    // upsert_releases, in one transaction: all of it or, on failure, none.
    virtual StoreResult<void> record_round(const PollRound& round) = 0;

    virtual StoreResult<void> record_observation(const ObservationRecord& o) = 0;
    // Observations of `source` (of every source when it is empty) whose last
    // poll was at or after `since`, oldest first.
    virtual StoreResult<std::vector<ObservationRecord>> observations(const std::string& source,
                                                                     TimePoint since) = 0;

    virtual StoreResult<void> save_response(const CachedResponse& r) = 0;  // replaces by url
    virtual StoreResult<std::optional<CachedResponse>> load_response(const std::string& url) = 0;
    // Deletes the cached responses of every URL not in `live` (one a source
    // no longer asks: an earlier day's runs query, a repository no longer
    // watched), so the table holds one row per live URL. Returns how many.
    virtual StoreResult<std::int64_t> forget_responses_except(
        const std::vector<std::string>& live) = 0;

    // Inserts or updates by (source, id); first_seen of an existing incident is kept.
    virtual StoreResult<void> upsert_incident(const IncidentRecord& r) = 0;
    // Marks resolved (at `now`) every unresolved incident of `source` whose id
    // is not in `open_ids`.
    virtual StoreResult<void> resolve_incidents_except(const std::string& source,
                                                       const std::vector<std::string>& open_ids,
                                                       TimePoint now) = 0;
    virtual StoreResult<std::vector<IncidentRecord>> incidents(const std::string& source) = 0;

    // Saves the verdict and, when given, the transition that led to it, in one transaction.
    virtual StoreResult<void> save_verdict(const VerdictState& v,
                                           const std::optional<Transition>& t) = 0;
    virtual StoreResult<std::optional<VerdictState>> load_verdict() = 0;
    // Transitions at or after `since`, oldest first.
    virtual StoreResult<std::vector<Transition>> transitions(TimePoint since) = 0;

    // Inserts or updates by (repo, id); first_seen of an existing release is kept.
    virtual StoreResult<void> upsert_releases(const std::vector<ReleaseRecord>& releases) = 0;
    // The releases of `repo`, newest published first (drafts last).
    virtual StoreResult<std::vector<ReleaseRecord>> releases(const std::string& repo) = 0;

    // Deletes observations, transitions and gate decisions older than
    // `before`, and incidents resolved before it. Releases, the current
    // verdict and the release queue are kept.
    virtual StoreResult<PruneCounts> prune(TimePoint before) = 0;

    // Gate decisions, kept with the rest of the history (pruned like observations).
    virtual StoreResult<void> record_decision(const GateDecisionRecord& d) = 0;
    // Decisions at or after `since`, oldest first; for one repository, or
    // all when `repo` is empty.
    virtual StoreResult<std::vector<GateDecisionRecord>> decisions(const std::string& repo,
                                                                   TimePoint since) = 0;

    // The security-release queue. Every call is one committed transaction.

    // Adds `item` (with its first event) unless an item for the same repo and
    // version exists. Returns the stored item (with its history) and whether
    // it was created now.
    virtual StoreResult<std::pair<QueueItem, bool>> enqueue(const QueueItem& item,
                                                            const QueueEvent& created) = 0;
    // Compare and set: if the stored item is still in state `expected`,
    // saves every mutable field of `item` (state, attempts, times, run, ref,
    // SLA flag) and appends `event` when given, in one transaction, and
    // answers true; answers false, changing nothing, when it is in another
    // state (someone else moved it on). Fails when no item has this id.
    //
    // With a `fence`, the PostgreSQL store first checks, in the same
    // transaction, that the fence's holder still holds the leader lease at
    // its epoch (and locks the lease row against a takeover until the
    // commit); when it does not, it changes nothing and fails with
    // StoreError::fenced set. The SQLite and memory stores serve one
    // monitor alone, with no lease to lose: they accept a fence and ignore it.
    virtual StoreResult<bool> save_queue_item(const QueueItem& item, QueueState expected,
                                              const std::optional<QueueEvent>& event,
                                              const std::optional<Fence>& fence) = 0;
    // Fails when the item's row cannot be read (see UnreadableQueueItem).
    virtual StoreResult<std::optional<QueueItem>> queue_item(const std::string& id) = 0;
    // Items, newest enqueued first, each with its history; `unfinished_only`
    // leaves out shipped, failed and cancelled ones. Rows that cannot be
    // read are listed apart, so one bad row stops nothing else.
    virtual StoreResult<QueueListing> queue_items(bool unfinished_only) = 0;
};

// Opens (creating if needed) the SQLite store at `file`, in WAL mode,
// migrating its schema to the current version. The verdict and the queue are
// synced before their calls return (synchronous=FULL); observations, cached
// responses, incidents, releases and decisions at the next checkpoint. Fails with a
// clear StoreError when: the directory cannot be created or written; another
// process holds the store (an exclusive flock() on the file itself); the file is
// not a SQLite database or fails its integrity check (it is left untouched);
// its schema is newer than this build knows. Thread-safe: calls are
// serialised internally.
StoreResult<std::unique_ptr<StateStore>> open_sqlite_store(const std::filesystem::path& file);

// The schema version this build writes.
int sqlite_store_schema_version();

}  // namespace fairweather
