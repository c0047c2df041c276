#include "core/store/pg_queue.h"

#include "core/store/queue_rows.h"

namespace fairweather::pg {
namespace {

using namespace store_rows;

StoreResult<void> insert_event(Database& db, const std::string& item_id, const QueueEvent& e) {
    auto done = db.run("record a queue event",
                       "INSERT INTO queue_events (item_id, at_ms, from_state, to_state, cause) "
                       "VALUES ($1, $2, $3, $4, $5)",
                       Params{}.bind(item_id).bind(e.at).bind(e.from).bind(e.to).bind(e.cause));
    if (!done) {
        return make_unexpected(done.error());
    }
    return {};
}

// Reads queue items with their inputs and history, three queries over the
// same condition (in one snapshot: see queue_items), put together by
// store_rows::QueueRows.
class QueueLoader {
  public:
    QueueLoader(Database& db, std::string_view what, std::string_view where, Params params)
        : m_db(db), m_what(what), m_filter(where), m_params(std::move(params)) {}

    StoreResult<void> items() {
        return m_db.query(m_what, sql(k_items_sql, k_items_order).c_str(), m_params,
                          [&](const Row& s) { m_rows.add_item(s, s.boolean(19)); });
    }
    StoreResult<void> inputs() {
        return m_db.query(m_what, sql(k_inputs_sql, k_inputs_order).c_str(), m_params,
                          [&](const Row& s) { m_rows.add_input(s); });
    }
    StoreResult<void> events() {
        return m_db.query(m_what, sql(k_events_sql, k_events_order).c_str(), m_params,
                          [&](const Row& s) { m_rows.add_event(s); });
    }

    bool empty() const { return m_rows.empty(); }
    QueueListing take() && { return std::move(m_rows).take(); }

  private:
    std::string sql(std::string_view select, std::string_view order) const {
        return std::string(select) + m_filter + std::string(order);
    }

    Database& m_db;
    std::string_view m_what;
    const std::string m_filter;
    const Params m_params;
    store_rows::QueueRows m_rows;
};

// The items `where` selects (a constant condition on queue_items as "q",
// never data, its parameters in `params`), newest enqueued first, each with
// its inputs and history. Callers run it in one snapshot or transaction.
StoreResult<QueueListing> load_queue(Database& db, std::string_view what, std::string_view where,
                                     Params params) {
    QueueLoader loader(db, what, where, std::move(params));
    if (auto done = loader.items(); !done) {
        return make_unexpected(done.error());
    }
    if (!loader.empty()) {
        if (auto done = loader.inputs(); !done) {
            return make_unexpected(done.error());
        }
        if (auto done = loader.events(); !done) {
            return make_unexpected(done.error());
        }
    }
    return std::move(loader).take();
}

// Exactly one item `where` selects, or why not (absent: nullopt).
StoreResult<std::optional<QueueItem>> load_one(Database& db, std::string_view what,
                                               std::string_view where, Params params) {
    auto listing = load_queue(db, what, where, std::move(params));
    if (!listing) {
        return make_unexpected(listing.error());
    }
    if (!listing->unreadable.empty()) {
        return make_unexpected(db.failure(what, listing->unreadable.front().problem));
    }
    if (listing->items.empty()) {
        return std::optional<QueueItem>();
    }
    return std::optional<QueueItem>(std::move(listing->items.front()));
}

Params item_params(const QueueItem& item) {
    Params p;
    p.bind(item.id).bind(item.repo).bind(item.version).bind(item.kind);
    p.bind(item.workflow).bind(item.ref).bind(item.reason).bind(item.requested_by);
    p.bind(item.advisory_id).bind(item.advisory_at).bind(item.enqueued_at);
    p.bind(item.deadline).bind(item.state).bind(std::int64_t{item.attempts});
    p.bind(item.next_attempt_at).bind(item.dispatched_at).bind(item.run_id);
    p.bind(item.run_url).bind(item.shipped_at).bind(item.sla_breach_counted);
    return p;
}

StoreResult<void> insert_inputs(Database& db, std::string_view what, const QueueItem& item) {
    for (std::size_t i = 0; i < item.inputs.size(); ++i) {
        const auto& input = item.inputs[i];
        auto done = db.run(what,
                           "INSERT INTO queue_inputs (item_id, position, name, value) "
                           "VALUES ($1, $2, $3, $4)",
                           Params{}
                               .bind(item.id)
                               .bind(static_cast<std::int64_t>(i))
                               .bind(input.first)
                               .bind(input.second));
        if (!done) {
            return make_unexpected(done.error());
        }
    }
    return {};
}

// Passes when `fence.holder` holds the leader lease at `fence.epoch` and it
// has not expired by the database's clock. FOR SHARE keeps the row as it is
// until this transaction ends: a replica taking the lease over (an UPDATE of
// the row) waits for this write, and a write after the takeover sees the new
// epoch. Otherwise fails with StoreError::fenced, naming who leads now.
StoreResult<void> check_fence(Database& db, std::string_view what, const Fence& fence) {
    bool holds = false;
    auto checked =
        db.query(what,
                 "SELECT 1 FROM leader_lease WHERE id = 1 AND holder = $1 AND "
                 "epoch = $2 AND expires_at > now() FOR SHARE",
                 Params{}.bind(fence.holder).bind(fence.epoch), [&](const Row&) { holds = true; });
    if (!checked) {
        return make_unexpected(checked.error());
    }
    if (holds) {
        return {};
    }
    std::string now_held = "no replica has taken the lease";
    auto looked =
        db.query(what, "SELECT holder, epoch, expires_at > now() FROM leader_lease WHERE id = 1",
                 Params{}, [&](const Row& r) {
                     now_held = "the lease is held by \"" + r.text(0) + "\" at epoch " +
                                std::to_string(r.int64(1)) + (r.boolean(2) ? "" : ", expired");
                 });
    if (!looked) {
        return make_unexpected(looked.error());
    }
    StoreError error = db.failure(
        what,
        "this monitor (\"" + fence.holder + "\", epoch " + std::to_string(fence.epoch) +
            ") no longer leads: its leader lease expired or another replica has taken over (" +
            now_held +
            "); nothing was changed: stop leading, and take the lease again before writing");
    error.fenced = true;
    return make_unexpected(std::move(error));
}

}  // namespace

StoreResult<std::pair<QueueItem, bool>> enqueue(Database& db, const QueueItem& item,
                                                const QueueEvent& created) {
    constexpr std::string_view what = "enqueue a security release";
    return db.write(what, [&]() -> StoreResult<std::pair<QueueItem, bool>> {
        // UNIQUE (repo, version) decides, inside the transaction: an
        // existing item (another monitor's too: the insert waits for its
        // transaction) wins and nothing is written. A clash of ids alone
        // is still an error.
        auto inserted =
            db.run(what,
                   "INSERT INTO queue_items (id, repo, version, kind, workflow, ref, reason, "
                   "requested_by, advisory_id, advisory_at_ms, enqueued_at_ms, deadline_ms, state, "
                   "attempts, next_attempt_ms, dispatched_at_ms, run_id, run_url, shipped_at_ms, "
                   "sla_breach_counted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
                   "$13, $14, $15, $16, $17, $18, $19, $20) ON CONFLICT (repo, version) DO NOTHING",
                   item_params(item));
        if (!inserted) {
            return make_unexpected(inserted.error());
        }
        const bool created_now = *inserted > 0;
        if (created_now) {
            if (auto done = insert_inputs(db, what, item); !done) {
                return make_unexpected(done.error());
            }
            if (auto done = insert_event(db, item.id, created); !done) {
                return make_unexpected(done.error());
            }
        }
        // Read back, so the caller gets exactly what is stored, history included.
        auto stored = load_one(db, what, "q.repo = $1 AND q.version = $2",
                               Params{}.bind(item.repo).bind(item.version));
        if (!stored) {
            return make_unexpected(stored.error());
        }
        if (!*stored) {
            return make_unexpected(db.failure(what,
                                              "the item was not there to read back after "
                                              "storing it; this is a bug in fairweather, please "
                                              "report it"));
        }
        return std::pair<QueueItem, bool>(std::move(**stored), created_now);
    });
}

StoreResult<bool> save_queue_item(Database& db, const QueueItem& item, QueueState expected,
                                  const std::optional<QueueEvent>& event,
                                  const std::optional<Fence>& fence) {
    constexpr std::string_view what = "save a queue item";
    return db.write(what, [&]() -> StoreResult<bool> {
        if (fence) {
            if (auto holds = check_fence(db, what, *fence); !holds) {
                return make_unexpected(holds.error());
            }
        }
        // Only the mutable columns. The state condition makes it a
        // compare-and-set in the database itself: a second monitor's UPDATE
        // of the same row waits for the first to commit, then sees the new
        // state and changes nothing.
        auto updated =
            db.run(what,
                   "UPDATE queue_items SET state = $1, attempts = $2, next_attempt_ms = $3, "
                   "dispatched_at_ms = $4, run_id = $5, run_url = $6, shipped_at_ms = $7, "
                   "ref = $8, sla_breach_counted = $9 WHERE id = $10 AND state = $11",
                   Params{}
                       .bind(item.state)
                       .bind(std::int64_t{item.attempts})
                       .bind(item.next_attempt_at)
                       .bind(item.dispatched_at)
                       .bind(item.run_id)
                       .bind(item.run_url)
                       .bind(item.shipped_at)
                       .bind(item.ref)
                       .bind(item.sla_breach_counted)
                       .bind(item.id)
                       .bind(expected));
        if (!updated) {
            return make_unexpected(updated.error());
        }
        if (*updated == 0) {
            bool exists = false;
            auto looked = db.query(what, "SELECT 1 FROM queue_items WHERE id = $1",
                                   Params{}.bind(item.id), [&](const Row&) { exists = true; });
            if (!looked) {
                return make_unexpected(looked.error());
            }
            if (!exists) {
                return make_unexpected(
                    db.failure(what, "there is no queue item with id \"" + item.id +
                                         "\"; only an enqueued item can be saved (this is a bug in "
                                         "fairweather, please report it)"));
            }
            return false;
        }
        if (event) {
            if (auto done = insert_event(db, item.id, *event); !done) {
                return make_unexpected(done.error());
            }
        }
        return true;
    });
}

StoreResult<std::optional<QueueItem>> queue_item(Database& db, const std::string& id) {
    constexpr std::string_view what = "read a queue item";
    return db.read(
        what, [&] { return load_one(db, what, "q.id = $1", Params{}.bind(id)); },
        /*snapshot=*/true);
}

StoreResult<QueueListing> queue_items(Database& db, bool unfinished_only) {
    constexpr std::string_view what = "read the release queue";
    return db.read(
        what,
        [&]() -> StoreResult<QueueListing> {
            if (!unfinished_only) {
                return load_queue(db, what, "TRUE", Params{});
            }
            return load_queue(db, what, "q.state NOT IN ($1, $2, $3)",
                              Params{}
                                  .bind(QueueState::shipped)
                                  .bind(QueueState::failed)
                                  .bind(QueueState::cancelled));
        },
        /*snapshot=*/true);
}

}  // namespace fairweather::pg
