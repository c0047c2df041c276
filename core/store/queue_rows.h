#pragma once
// Internal to the store area: queue items put together from the rows the
// SQL stores read (sqlite_queue.cpp, pg_queue.cpp), so both read the same
// columns in the same order and judge an unknown word alike. Unlike a
// weather, a queue state or kind is never guessed: reading an unknown state
// as "queued" could ship a release twice, so an item with an unknown word
// anywhere (its state, kind or history) is left out and listed as
// unreadable.

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/store/state_store.h"
#include "core/util/text.h"

namespace fairweather::store_rows {

// The three queries, each followed by a condition on `q` (queue_items) and
// its order: an item's columns, its inputs, its history.
inline constexpr std::string_view k_items_sql =
    "SELECT q.id, q.repo, q.version, q.kind, q.workflow, q.ref, q.reason, "
    "q.requested_by, q.advisory_id, q.advisory_at_ms, q.enqueued_at_ms, q.deadline_ms, "
    "q.state, q.attempts, q.next_attempt_ms, q.dispatched_at_ms, q.run_id, q.run_url, "
    "q.shipped_at_ms, q.sla_breach_counted FROM queue_items q WHERE ";
inline constexpr std::string_view k_items_order = " ORDER BY q.enqueued_at_ms DESC, q.id";
inline constexpr std::string_view k_inputs_sql =
    "SELECT i.item_id, i.name, i.value FROM queue_inputs i "
    "JOIN queue_items q ON q.id = i.item_id WHERE ";
inline constexpr std::string_view k_inputs_order = " ORDER BY i.item_id, i.position";
inline constexpr std::string_view k_events_sql =
    "SELECT e.item_id, e.at_ms, e.from_state, e.to_state, e.cause FROM queue_events e "
    "JOIN queue_items q ON q.id = e.item_id WHERE ";
inline constexpr std::string_view k_events_order = " ORDER BY e.id";

class QueueRows {
  public:
    // A row of k_items_sql; `Row` reads text, int64, time and optional_time
    // by column; `sla_breach_counted` is column 19 as the store reads flags.
    template <class Row>
    void add_item(const Row& s, bool sla_breach_counted) {
        QueueItem item;
        item.id = s.text(0);
        item.repo = s.text(1);
        item.version = s.text(2);
        item.kind = kind(item.id, s.text(3));
        item.workflow = s.text(4);
        item.ref = s.text(5);
        item.reason = s.text(6);
        item.requested_by = s.text(7);
        item.advisory_id = s.text(8);
        item.advisory_at = s.optional_time(9);
        item.enqueued_at = s.time(10);
        item.deadline = s.time(11);
        item.state = state(item.id, s.text(12));
        item.attempts = static_cast<int>(s.int64(13));
        item.next_attempt_at = s.optional_time(14);
        item.dispatched_at = s.optional_time(15);
        item.run_id = s.int64(16);
        item.run_url = s.text(17);
        item.shipped_at = s.optional_time(18);
        item.sla_breach_counted = sla_breach_counted;
        m_index.emplace(item.id, m_items.size());
        m_items.push_back(std::move(item));
    }
    // A row of k_inputs_sql.
    template <class Row>
    void add_input(const Row& s) {
        if (QueueItem* item = item_of(s.text(0))) {
            item->inputs.emplace_back(s.text(1), s.text(2));
        }
    }
    // A row of k_events_sql.
    template <class Row>
    void add_event(const Row& s) {
        if (QueueItem* item = item_of(s.text(0))) {
            const QueueState from = state(item->id, s.text(2));
            const QueueState to = state(item->id, s.text(3));
            item->history.push_back(QueueEvent{s.time(1), from, to, s.text(4)});
        }
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
    QueueState state(const std::string& id, const std::string& word) {
        const auto parsed = parse_queue_state(word);
        if (!parsed) {
            unreadable(id, "state", word);
        }
        return parsed.value_or(QueueState::queued);
    }
    ReleaseKind kind(const std::string& id, const std::string& word) {
        const auto parsed = parse_release_kind(word);
        if (!parsed) {
            unreadable(id, "release kind", word);
        }
        return parsed.value_or(ReleaseKind::security);
    }
    void unreadable(const std::string& id, std::string_view what, const std::string& word) {
        // The first problem of an item is the one reported; the word only
        // when it is short and printable (someone else wrote it).
        const std::string shown =
            word.size() <= 40 && !has_control_character(word) ? " \"" + word + "\"" : "";
        m_unreadable.try_emplace(
            id, "release " + id + " has a " + std::string(what) + shown +
                    " this fairweather does not know (the row was written by a newer "
                    "fairweather or changed by hand); it is skipped: upgrade fairweather, or "
                    "correct or delete the row");
    }
    QueueItem* item_of(const std::string& id) {
        const auto found = m_index.find(id);
        return found == m_index.end() ? nullptr : &m_items[found->second];
    }

    std::vector<QueueItem> m_items;
    std::unordered_map<std::string, std::size_t> m_index;
    std::map<std::string, std::string> m_unreadable;  // id -> problem
};

}  // namespace fairweather::store_rows
