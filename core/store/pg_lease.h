#pragma once
// The leader lease of monitors that share one PostgreSQL database (see
// DESIGN.md, "More than one monitor"): only the replica holding it polls
// GitHub and dispatches. The lease is one row (holder, epoch, expiry) in the
// shared database, taken and renewed by the database's clock (now()), never
// a replica's, so replicas whose clocks disagree still agree on who leads.
//
// The epoch is a fencing token. It grows by one each time the lease changes
// hands, and also when a holder takes back a lease that expired under it (an
// expired lease is lost: writes made under the old epoch must stay refused).
// The leader passes it as a Fence to StateStore::save_queue_item, which
// checks it in the write's own transaction, so a former leader that was
// paused past its lease changes nothing and learns at once that it lost.

#include <cstdint>
#include <memory>
#include <string>

#include "core/store/state_store.h"
#include "core/util/secret.h"
#include "core/util/time.h"

namespace fairweather {

namespace pg {
class Database;
}

// The lease as it stands after a call.
struct LeaseView {
    std::string holder;  // "" when nobody has ever taken it
    std::int64_t epoch = 0;
    // The caller holds it, unexpired.
    bool ours = false;
    // Until it expires, by the database's clock; zero when it has expired.
    Duration remaining{};

    Fence fence() const { return Fence{holder, epoch}; }
};

class LeaderLease {
  public:
    // Opens its own connection to the database at `url` with `password`
    // (as open_postgres_store takes them) and migrates the schema to the
    // current version, as the store does. Fails with a clear StoreError,
    // naming the database but never the password.
    static StoreResult<std::unique_ptr<LeaderLease>> open(const std::string& url,
                                                          const Secret& password);
    ~LeaderLease();
    LeaderLease(const LeaderLease&) = delete;
    LeaderLease& operator=(const LeaderLease&) = delete;

    // In one transaction: takes the lease for `holder` for `length` when
    // nobody holds it or it has expired (at the next epoch), renews it
    // (expires `length` from now, the same epoch) when `holder` holds it
    // unexpired, and otherwise changes nothing. Answers the lease as it
    // stands after the call. Of several replicas racing for a free lease,
    // exactly one gets it. Fails (changing nothing) when `holder` is empty,
    // `length` is not positive, or the database cannot be reached.
    StoreResult<LeaseView> acquire_or_renew(const std::string& holder, Duration length);

    // Gives the lease up at once (it expires now) when `holder` holds it at
    // `epoch`, so a follower need not wait out a whole lease after a clean
    // shutdown; otherwise changes nothing. Either way the caller no longer
    // leads: taking the lease again starts a new epoch.
    StoreResult<void> release(const std::string& holder, std::int64_t epoch);

  private:
    explicit LeaderLease(std::unique_ptr<pg::Database> db);

    std::unique_ptr<pg::Database> m_db;
};

}  // namespace fairweather
