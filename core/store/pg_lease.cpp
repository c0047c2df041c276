// The leader lease (pg_lease.h): one row of leader_lease (pg_schema.cpp),
// every decision about it made by the database in one statement, by its
// clock, under the row's lock.

#include "core/store/pg_lease.h"

#include <algorithm>
#include <utility>

#include "core/store/pg_db.h"
#include "core/store/pg_schema.h"

namespace fairweather {
namespace {

using pg::Database;
using pg::Params;
using pg::Row;

// Takes, renews, or leaves the lease, in one statement. With no row yet,
// the insert takes it at epoch 1. Otherwise the row is locked (a racing
// replica's statement waits for this transaction, then sees its outcome)
// and changed only when it has expired by now() (taken, at the next epoch,
// whoever took it before) or is held by the caller (renewed, same epoch).
constexpr const char* k_acquire_or_renew =
    "INSERT INTO leader_lease AS l (id, holder, epoch, expires_at) "
    "VALUES (1, $1, 1, now() + $2::bigint * interval '1 millisecond') "
    "ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, "
    "epoch = CASE WHEN l.expires_at > now() THEN l.epoch ELSE l.epoch + 1 END, "
    "expires_at = excluded.expires_at "
    "WHERE l.expires_at <= now() OR l.holder = excluded.holder";

// The lease as it stands, for the caller $1: holder, epoch, ours,
// milliseconds left (0 once expired).
constexpr const char* k_view =
    "SELECT holder, epoch, holder = $1 AND expires_at > now(), "
    "GREATEST(0, floor(EXTRACT(EPOCH FROM (expires_at - now())) * 1000))::bigint "
    "FROM leader_lease WHERE id = 1";

// Expires the lease now, if the caller still holds it at its epoch.
constexpr const char* k_release =
    "UPDATE leader_lease SET expires_at = now() "
    "WHERE id = 1 AND holder = $1 AND epoch = $2 AND expires_at > now()";

StoreResult<LeaseView> view(Database& db, std::string_view what, const std::string& holder) {
    LeaseView out;
    auto read = db.query(what, k_view, Params{}.bind(holder), [&](const Row& r) {
        out.holder = r.text(0);
        out.epoch = r.int64(1);
        out.ours = r.boolean(2);
        out.remaining = Duration{r.int64(3)};
    });
    if (!read) {
        return make_unexpected(read.error());
    }
    return out;
}

}  // namespace

LeaderLease::LeaderLease(std::unique_ptr<Database> db) : m_db(std::move(db)) {}

LeaderLease::~LeaderLease() = default;

StoreResult<std::unique_ptr<LeaderLease>> LeaderLease::open(const std::string& url,
                                                            const Secret& password) {
    try {
        auto db = Database::open(url, password, pg::migrations());
        if (!db) {
            return make_unexpected(db.error());
        }
        return std::unique_ptr<LeaderLease>(new LeaderLease(std::move(*db)));
    } catch (const std::exception& e) {
        return make_unexpected(StoreError{std::string("state database (PostgreSQL): could not "
                                                      "open it for the leader lease: ") +
                                          e.what() +
                                          "; retry, and report it if it keeps happening"});
    }
}

StoreResult<LeaseView> LeaderLease::acquire_or_renew(const std::string& holder, Duration length) {
    constexpr std::string_view what = "take or renew the leader lease";
    if (holder.empty()) {
        return make_unexpected(m_db->failure(
            what,
            "no holder was named; each replica needs a name of its own (this is a bug in "
            "fairweather, please report it)"));
    }
    if (length <= Duration::zero()) {
        return make_unexpected(m_db->failure(
            what, "a lease of " + std::to_string(length.count()) +
                      " ms would be over before it began; give it a positive length"));
    }
    // A lease row locked by a fenced write that does not commit (its monitor
    // paused) is waited for only so long; the server ends that write's
    // session after 5 s idle (pg_db.cpp), and the next renewal goes through.
    const std::string lock_wait = std::to_string(std::max<std::int64_t>(100, length.count() / 3));
    return m_db->write(what, [&]() -> StoreResult<LeaseView> {
        // SET LOCAL lock_timeout, with a parameter.
        if (auto limited = m_db->run(what, "SELECT set_config('lock_timeout', $1, true)",
                                     Params{}.bind(lock_wait));
            !limited) {
            return make_unexpected(limited.error());
        }
        auto changed = m_db->run(what, k_acquire_or_renew,
                                 Params{}.bind(holder).bind(std::int64_t{length.count()}));
        if (!changed) {
            return make_unexpected(changed.error());
        }
        // A new statement, so it sees the row as a racing replica left it
        // when this one changed nothing.
        return view(*m_db, what, holder);
    });
}

StoreResult<void> LeaderLease::release(const std::string& holder, std::int64_t epoch) {
    constexpr std::string_view what = "release the leader lease";
    return m_db->write(what, [&]() -> StoreResult<void> {
        auto changed = m_db->run(what, k_release, Params{}.bind(holder).bind(epoch));
        if (!changed) {
            return make_unexpected(changed.error());
        }
        return {};
    });
}

}  // namespace fairweather
