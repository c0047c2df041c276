#pragma once
// The leader lease seam: what monitors sharing one database elect their
// leader with (see DESIGN.md, "More than one monitor"). The PostgreSQL
// lease (pg_lease.h) is the one in production; tests may put a fake here.

#include <cstdint>
#include <string>

#include "core/store/state_store.h"
#include "core/util/time.h"

namespace fairweather {

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

class Lease {
  public:
    virtual ~Lease() = default;

    // In one transaction: takes the lease for `holder` for `length` when
    // nobody holds it or it has expired (at the next epoch), renews it
    // (expires `length` from now, the same epoch) when `holder` holds it
    // unexpired, and otherwise changes nothing. Answers the lease as it
    // stands after the call. Of several replicas racing for a free lease,
    // exactly one gets it. Fails (changing nothing) when `holder` is empty,
    // `length` is not positive, or the database cannot be reached.
    virtual StoreResult<LeaseView> acquire_or_renew(const std::string& holder, Duration length) = 0;

    // Gives the lease up at once (it expires now) when `holder` holds it at
    // `epoch`, so a follower need not wait out a whole lease after a clean
    // shutdown; otherwise changes nothing. Either way the caller no longer
    // leads: taking the lease again starts a new epoch.
    virtual StoreResult<void> release(const std::string& holder, std::int64_t epoch) = 0;
};

}  // namespace fairweather
