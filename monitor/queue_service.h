#pragma once
// The release queue as the API sees it: queue a release, cancel one that
// has not been dispatched, list and show items. The Dispatcher ships them.

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "core/queue/validation.h"
#include "core/store/state_store.h"
#include "monitor/log.h"
#include "monitor/recorder.h"

namespace fairweather::monitor {

// Why a queue call did not do what was asked, as the API answers it: a bad
// request (400, naming the field), a workflow the repository does not let
// the queue dispatch (403), no such item (404), an item past the state the
// call needs (409), or the store failing (503).
enum class QueueProblem { invalid, forbidden, not_found, conflict, unavailable };

struct QueueError {
    QueueProblem problem = QueueProblem::unavailable;
    std::string field;  // the request field (invalid), or "id"
    std::string message;
};

// Thread-safe: changes take `queue_mutex`, shared with the Dispatcher, so a
// cancel and a dispatch of one item cannot cross.
class QueueService {
  public:
    // Keeps references; all must outlive the QueueService. Store failures
    // are counted and logged through `recorder`.
    QueueService(const Config& config, StateStore& store, QueueIds ids, std::mutex& queue_mutex,
                 Recorder& recorder, Log& log);

    // Adds a release (second = true) or returns the existing one for the
    // same repository and version (second = false). Committed before it returns.
    Expected<std::pair<QueueItem, bool>, QueueError> enqueue(const EnqueueRequest& request,
                                                             TimePoint now);
    // Cancels an item that has not been dispatched yet; `by` says who asked.
    Expected<QueueItem, QueueError> cancel(const std::string& id, const std::string& by,
                                           TimePoint now);
    // Every item, and the rows that cannot be read.
    Expected<QueueListing, QueueError> items(TimePoint now) const;
    Expected<QueueItem, QueueError> item(const std::string& id, TimePoint now) const;

  private:
    QueueError unavailable(const char* what, const StoreError& e, TimePoint now) const;

    const QueueRules m_rules;
    StateStore& m_store;
    QueueIds m_ids;
    std::mutex& m_queue_mutex;
    Recorder& m_recorder;
    Log& m_log;
};

}  // namespace fairweather::monitor
