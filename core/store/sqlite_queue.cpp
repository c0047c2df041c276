#include "core/store/sqlite_queue.h"

#include "core/store/queue_rows.h"

namespace fairweather::sqlite {
namespace {

using namespace store_rows;

StoreResult<void> insert_event(Database& db, const std::string& item_id, const QueueEvent& e) {
    return db.run(
        "record a queue event",
        "INSERT INTO queue_events (item_id, at_ms, from_state, to_state, cause) "
        "VALUES (?, ?, ?, ?, ?)",
        [&](Statement& s) { s.bind(item_id).bind(e.at).bind(e.from).bind(e.to).bind(e.cause); });
}

// Reads queue items with their inputs and history, three queries over the
// same condition, put together by store_rows::QueueRows.
class QueueLoader {
  public:
    QueueLoader(Database& db, std::string_view what, std::string_view where)
        : m_db(db), m_what(what), m_filter(where) {}

    template <class Bind>
    StoreResult<void> items(Bind& bind) {
        return m_db.query(m_what, sql(k_items_sql, k_items_order).c_str(), bind,
                          [&](const Statement& s) { m_rows.add_item(s, s.int64(19) != 0); });
    }
    template <class Bind>
    StoreResult<void> inputs(Bind& bind) {
        return m_db.query(m_what, sql(k_inputs_sql, k_inputs_order).c_str(), bind,
                          [&](const Statement& s) { m_rows.add_input(s); });
    }
    template <class Bind>
    StoreResult<void> events(Bind& bind) {
        return m_db.query(m_what, sql(k_events_sql, k_events_order).c_str(), bind,
                          [&](const Statement& s) { m_rows.add_event(s); });
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
    store_rows::QueueRows m_rows;
};

// The items `where` selects, newest enqueued first (ties by id), each
// with its inputs and its history oldest first. `where` is a constant
// condition on queue_items as "q", never data; `bind` binds its
// parameters, once per query. Callers hold the mutex and only this
// process writes the file (it holds the lock), so the three queries
// see the same rows.
template <class Bind>
StoreResult<QueueListing> load_queue(Database& db, std::string_view what, std::string_view where,
                                     Bind&& bind) {
    QueueLoader loader(db, what, where);
    if (auto done = loader.items(bind); !done) {
        return make_unexpected(done.error());
    }
    if (!loader.empty()) {
        if (auto done = loader.inputs(bind); !done) {
            return make_unexpected(done.error());
        }
        if (auto done = loader.events(bind); !done) {
            return make_unexpected(done.error());
        }
    }
    return std::move(loader).take();
}

// Exactly one item `where` selects, or why not (absent: nullopt).
template <class Bind>
StoreResult<std::optional<QueueItem>> load_one(Database& db, std::string_view what,
                                               std::string_view where, Bind&& bind) {
    auto listing = load_queue(db, what, where, std::forward<Bind>(bind));
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

}  // namespace

StoreResult<std::pair<QueueItem, bool>> enqueue(Database& db, const QueueItem& item,
                                                const QueueEvent& created) {
    constexpr std::string_view what = "enqueue a security release";
    return db.write(what, [&]() -> StoreResult<std::pair<QueueItem, bool>> {
        // UNIQUE (repo, version) decides, inside the transaction: an
        // existing item wins and nothing is written. A clash of ids alone
        // is still an error.
        auto inserted = db.run(
            what,
            "INSERT INTO queue_items (id, repo, version, kind, workflow, ref, reason, "
            "requested_by, advisory_id, advisory_at_ms, enqueued_at_ms, deadline_ms, state, "
            "attempts, next_attempt_ms, dispatched_at_ms, run_id, run_url, shipped_at_ms, "
            "sla_breach_counted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?) ON CONFLICT (repo, version) DO NOTHING",
            [&](Statement& s) {
                s.bind(item.id).bind(item.repo).bind(item.version).bind(item.kind);
                s.bind(item.workflow).bind(item.ref).bind(item.reason).bind(item.requested_by);
                s.bind(item.advisory_id).bind(item.advisory_at).bind(item.enqueued_at);
                s.bind(item.deadline).bind(item.state).bind(std::int64_t{item.attempts});
                s.bind(item.next_attempt_at).bind(item.dispatched_at).bind(item.run_id);
                s.bind(item.run_url).bind(item.shipped_at).bind(item.sla_breach_counted);
            });
        if (!inserted) {
            return make_unexpected(inserted.error());
        }
        const bool created_now = db.changes() > 0;
        if (created_now) {
            for (std::size_t i = 0; i < item.inputs.size(); ++i) {
                // Not a structured binding: clang 14 (the fuzz build's compiler)
                // cannot capture one in a lambda.
                const auto& input = item.inputs[i];
                auto done = db.run(what,
                                   "INSERT INTO queue_inputs (item_id, position, name, value) "
                                   "VALUES (?, ?, ?, ?)",
                                   [&](Statement& s) {
                                       s.bind(item.id).bind(static_cast<std::int64_t>(i));
                                       s.bind(input.first).bind(input.second);
                                   });
                if (!done) {
                    return make_unexpected(done.error());
                }
            }
            if (auto done = insert_event(db, item.id, created); !done) {
                return make_unexpected(done.error());
            }
        }
        // Read back, so the caller gets exactly what is stored, history included.
        auto stored = load_one(db, what, "q.repo = ? AND q.version = ?",
                               [&](Statement& s) { s.bind(item.repo).bind(item.version); });
        if (!stored) {
            return make_unexpected(stored.error());
        }
        if (!*stored) {
            return make_unexpected(StoreError{"state database " + db.file() + ": could not " +
                                              std::string(what) +
                                              ": the item was not there to read back after "
                                              "storing it; this is a bug in fairweather, please "
                                              "report it"});
        }
        return std::pair<QueueItem, bool>(std::move(**stored), created_now);
    });
}

StoreResult<bool> save_queue_item(Database& db, const QueueItem& item, QueueState expected,
                                  const std::optional<QueueEvent>& event) {
    constexpr std::string_view what = "save a queue item";
    return db.write(what, [&]() -> StoreResult<bool> {
        // Only the mutable columns: what was asked for (repo, version,
        // inputs, advisory, deadline, ...) never changes after enqueue. The
        // state condition makes it a compare-and-set in the database itself.
        auto updated =
            db.run(what,
                   "UPDATE queue_items SET state = ?, attempts = ?, next_attempt_ms = ?, "
                   "dispatched_at_ms = ?, run_id = ?, run_url = ?, shipped_at_ms = ?, ref = ?, "
                   "sla_breach_counted = ? WHERE id = ? AND state = ?",
                   [&](Statement& s) {
                       s.bind(item.state).bind(std::int64_t{item.attempts});
                       s.bind(item.next_attempt_at).bind(item.dispatched_at).bind(item.run_id);
                       s.bind(item.run_url).bind(item.shipped_at).bind(item.ref);
                       s.bind(item.sla_breach_counted).bind(item.id).bind(expected);
                   });
        if (!updated) {
            return make_unexpected(updated.error());
        }
        if (db.changes() == 0) {
            bool exists = false;
            auto looked = db.query(
                what, "SELECT 1 FROM queue_items WHERE id = ?",
                [&](Statement& s) { s.bind(item.id); }, [&](const Statement&) { exists = true; });
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
    return db.read(what, [&]() -> StoreResult<std::optional<QueueItem>> {
        return load_one(db, what, "q.id = ?", [&](Statement& s) { s.bind(id); });
    });
}

StoreResult<QueueListing> queue_items(Database& db, bool unfinished_only) {
    constexpr std::string_view what = "read the release queue";
    return db.read(what, [&]() -> StoreResult<QueueListing> {
        if (!unfinished_only) {
            return load_queue(db, what, "1", [](Statement&) {});
        }
        return load_queue(db, what, "q.state NOT IN (?, ?, ?)", [](Statement& s) {
            s.bind(QueueState::shipped).bind(QueueState::failed).bind(QueueState::cancelled);
        });
    });
}

}  // namespace fairweather::sqlite
