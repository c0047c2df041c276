#include "core/store/sqlite_queue.h"

#include <map>
#include <unordered_map>

#include "core/util/text.h"

namespace fairweather::sqlite {
namespace {

StoreResult<void> insert_event(Database& db, const std::string& item_id, const QueueEvent& e) {
    return db.run(
        "record a queue event",
        "INSERT INTO queue_events (item_id, at_ms, from_state, to_state, cause) "
        "VALUES (?, ?, ?, ?, ?)",
        [&](Statement& s) { s.bind(item_id).bind(e.at).bind(e.from).bind(e.to).bind(e.cause); });
}

// Reads queue items with their inputs and history, three queries over the
// same condition. Unlike a weather, a queue state or kind is never guessed:
// reading an unknown state as "queued" could ship a release twice, so an
// item with an unknown word anywhere (its state, kind or history) is left
// out and listed as unreadable.
class QueueLoader {
  public:
    QueueLoader(Database& db, std::string_view what, std::string_view where)
        : m_db(db), m_what(what), m_filter(where) {}

    template <class Bind>
    StoreResult<void> items(Bind& bind) {
        const std::string sql =
            "SELECT q.id, q.repo, q.version, q.kind, q.workflow, q.ref, q.reason, "
            "q.requested_by, q.advisory_id, q.advisory_at_ms, q.enqueued_at_ms, q.deadline_ms, "
            "q.state, q.attempts, q.next_attempt_ms, q.dispatched_at_ms, q.run_id, q.run_url, "
            "q.shipped_at_ms, q.sla_breach_counted FROM queue_items q WHERE " +
            m_filter + " ORDER BY q.enqueued_at_ms DESC, q.id";
        return m_db.query(m_what, sql.c_str(), bind, [&](const Statement& s) {
            QueueItem item;
            item.id = s.text(0);
            item.repo = s.text(1);
            item.version = s.text(2);
            item.kind = kind(item.id, s, 3);
            item.workflow = s.text(4);
            item.ref = s.text(5);
            item.reason = s.text(6);
            item.requested_by = s.text(7);
            item.advisory_id = s.text(8);
            item.advisory_at = s.optional_time(9);
            item.enqueued_at = s.time(10);
            item.deadline = s.time(11);
            item.state = state(item.id, s, 12);
            item.attempts = static_cast<int>(s.int64(13));
            item.next_attempt_at = s.optional_time(14);
            item.dispatched_at = s.optional_time(15);
            item.run_id = s.int64(16);
            item.run_url = s.text(17);
            item.shipped_at = s.optional_time(18);
            item.sla_breach_counted = s.int64(19) != 0;
            m_index.emplace(item.id, m_items.size());
            m_items.push_back(std::move(item));
        });
    }

    template <class Bind>
    StoreResult<void> inputs(Bind& bind) {
        const std::string sql =
            "SELECT i.item_id, i.name, i.value FROM queue_inputs i "
            "JOIN queue_items q ON q.id = i.item_id WHERE " +
            m_filter + " ORDER BY i.item_id, i.position";
        return m_db.query(m_what, sql.c_str(), bind, [&](const Statement& s) {
            if (QueueItem* item = item_of(s.text(0))) {
                item->inputs.emplace_back(s.text(1), s.text(2));
            }
        });
    }

    template <class Bind>
    StoreResult<void> events(Bind& bind) {
        const std::string sql =
            "SELECT e.item_id, e.at_ms, e.from_state, e.to_state, e.cause FROM queue_events e "
            "JOIN queue_items q ON q.id = e.item_id WHERE " +
            m_filter + " ORDER BY e.id";
        return m_db.query(m_what, sql.c_str(), bind, [&](const Statement& s) {
            if (QueueItem* item = item_of(s.text(0))) {
                const QueueState from = state(item->id, s, 2);
                const QueueState to = state(item->id, s, 3);
                item->history.push_back(QueueEvent{s.time(1), from, to, s.text(4)});
            }
        });
    }

    bool empty() const { return m_items.empty(); }

    // The items read, and apart from them the ones that cannot be trusted.
    QueueListing take() && {
        QueueListing out;
        for (auto& item : m_items) {
            if (const auto bad = m_unreadable.find(item.id); bad != m_unreadable.end()) {
                out.unreadable.push_back(UnreadableQueueItem{item.id, bad->second});
            } else {
                out.items.push_back(std::move(item));
            }
        }
        return out;
    }

  private:
    QueueState state(const std::string& id, const Statement& s, int column) {
        const std::string word = s.text(column);
        const auto parsed = parse_queue_state(word);
        if (!parsed) {
            unreadable(id, "state", word);
        }
        return parsed.value_or(QueueState::queued);
    }
    ReleaseKind kind(const std::string& id, const Statement& s, int column) {
        const std::string word = s.text(column);
        const auto parsed = parse_release_kind(word);
        if (!parsed) {
            unreadable(id, "release kind", word);
        }
        return parsed.value_or(ReleaseKind::security);
    }
    void unreadable(const std::string& id, std::string_view what, const std::string& word) {
        // The first problem of an item is the one reported.
        // The word is shown only when it is short and printable (it came
        // from a file, not from us).
        const std::string shown =
            word.size() <= 40 && !has_control_character(word) ? " \"" + word + "\"" : "";
        m_unreadable.try_emplace(
            id, "release " + id + " has a " + std::string(what) + shown +
                    " this fairweather does not know (the file was written by a newer "
                    "fairweather or changed by hand); it is skipped: upgrade fairweather, or "
                    "correct or delete the row");
    }
    QueueItem* item_of(const std::string& id) {
        const auto found = m_index.find(id);
        return found == m_index.end() ? nullptr : &m_items[found->second];
    }

    Database& m_db;
    std::string_view m_what;
    const std::string m_filter;
    std::vector<QueueItem> m_items;
    std::unordered_map<std::string, std::size_t> m_index;
    std::map<std::string, std::string> m_unreadable;  // id -> problem
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
