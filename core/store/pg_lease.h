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

#include "core/store/lease.h"
#include "core/store/state_store.h"
#include "core/util/secret.h"
#include "core/util/time.h"

namespace fairweather {

namespace pg {
class Database;
}

class LeaderLease final : public Lease {
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

    // See Lease.
    StoreResult<LeaseView> acquire_or_renew(const std::string& holder, Duration length) override;
    StoreResult<void> release(const std::string& holder, std::int64_t epoch) override;

  private:
    explicit LeaderLease(std::unique_ptr<pg::Database> db);

    std::unique_ptr<pg::Database> m_db;
};

}  // namespace fairweather
