#pragma once
// The release queue as JSON, both ways: what a gate sends to queue a release
// (POST /api/v1/releases) and what the monitor answers about its items.

#include <string>
#include <string_view>
#include <vector>

#include "core/queue/item.h"
#include "core/util/expected.h"
#include "core/util/parse_error.h"

namespace fairweather {

// Reads the JSON body of POST /api/v1/releases. Unknown fields are an error
// (a misspelt "advisory_at" must not be lost silently).
Expected<EnqueueRequest, ParseError> parse_enqueue_request(std::string_view json);
std::string render_enqueue_request(const EnqueueRequest& r);

std::string render_queue_item(const QueueItem& item, bool with_history);
// {"items": [...]}, and "unreadable": [{"id", "problem"}] when rows were skipped.
std::string render_queue_items(const std::vector<QueueItem>& items,
                               const std::vector<UnreadableQueueItem>& unreadable = {});
Expected<QueueItem, ParseError> parse_queue_item(std::string_view json);
Expected<std::vector<QueueItem>, ParseError> parse_queue_items(std::string_view json);

}  // namespace fairweather
