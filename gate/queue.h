#pragma once
// The gate's side of the security-release queue: queue a deferred release in
// the monitor, and show the queue.

#include <string>
#include <vector>

#include "core/http/client.h"
#include "core/queue/item.h"
#include "core/util/expected.h"

namespace fairweather::gate {

// How a queue call ended, for the exit status: done, refused by the monitor
// (a 4xx: the request is wrong), or the monitor could not be asked.
enum class QueueOutcome { done, refused, unavailable };

template <class T>
struct QueueAnswer {
    QueueOutcome outcome = QueueOutcome::unavailable;
    T value{};
    bool created = false;  // add: a new item (201) rather than the existing one (200)
    std::string problem;
};

QueueAnswer<QueueItem> queue_add(HttpClient& http, const std::string& monitor,
                                 const std::string& token, const EnqueueRequest& request);
QueueAnswer<std::vector<QueueItem>> queue_list(HttpClient& http, const std::string& monitor);
QueueAnswer<QueueItem> queue_show(HttpClient& http, const std::string& monitor,
                                  const std::string& id);
QueueAnswer<QueueItem> queue_cancel(HttpClient& http, const std::string& monitor,
                                    const std::string& token, const std::string& id,
                                    const std::string& by);

std::string render_queue_list_text(const std::vector<QueueItem>& items);
std::string render_queue_item_text(const QueueItem& item);

}  // namespace fairweather::gate
