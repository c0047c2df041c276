#pragma once
// The release queue's tables in the PostgreSQL store (queue_items,
// queue_inputs, queue_events). Each call is one read or write of `db`, as
// StateStore promises; internal to the store area.

#include <optional>
#include <string>
#include <utility>

#include "core/queue/item.h"
#include "core/store/pg_db.h"

namespace fairweather::pg {

StoreResult<std::pair<QueueItem, bool>> enqueue(Database& db, const QueueItem& item,
                                                const QueueEvent& created);
// With a `fence`, fails with StoreError::fenced, changing nothing, unless
// its holder holds the leader lease at its epoch (see StateStore).
StoreResult<bool> save_queue_item(Database& db, const QueueItem& item, QueueState expected,
                                  const std::optional<QueueEvent>& event,
                                  const std::optional<Fence>& fence);
StoreResult<std::optional<QueueItem>> queue_item(Database& db, const std::string& id);
StoreResult<QueueListing> queue_items(Database& db, bool unfinished_only);

}  // namespace fairweather::pg
