#include "monitor/queue_service.h"

namespace fairweather::monitor {
namespace {

QueueError not_found(const std::string& id) {
    return QueueError{QueueProblem::not_found, "id", "no release " + id + " in the queue"};
}

}  // namespace

QueueService::QueueService(const Config& config, StateStore& store, QueueIds ids,
                           std::mutex& queue_mutex, Recorder& recorder, Log& log)
    : m_rules(queue_rules(config)),
      m_store(store),
      m_ids(std::move(ids)),
      m_queue_mutex(queue_mutex),
      m_recorder(recorder),
      m_log(log) {}

QueueError QueueService::unavailable(const char* what, const StoreError& e, TimePoint now) const {
    m_recorder.store_failed(what, e, now);
    return QueueError{QueueProblem::unavailable, "", e.message};
}

Expected<std::pair<QueueItem, bool>, QueueError> QueueService::enqueue(
    const EnqueueRequest& request, TimePoint now) {
    std::lock_guard lock(m_queue_mutex);
    auto item = make_queue_item(request, m_rules, now, m_ids.next());
    if (!item) {
        return make_unexpected(
            QueueError{QueueProblem::invalid, item.error().path, item.error().message});
    }
    if (auto refused = workflow_not_allowed(*item, m_rules)) {
        return make_unexpected(
            QueueError{QueueProblem::forbidden, "workflow", std::move(*refused)});
    }
    const QueueEvent created{
        now, QueueState::queued, QueueState::queued,
        "queued by " +
            (item->requested_by.empty() ? std::string("an API client") : item->requested_by) +
            (item->reason.empty() ? std::string() : ": " + item->reason)};
    auto stored = m_store.enqueue(*item, created);
    if (!stored) {
        return make_unexpected(unavailable("queueing a release", stored.error(), now));
    }
    if (stored->second) {
        m_log.event(now, "release queue: queued " + stored->first.repo + " " +
                             stored->first.version + " (" + stored->first.id + "), deadline " +
                             format_timestamp(stored->first.deadline));
    }
    return std::move(*stored);
}

Expected<QueueItem, QueueError> QueueService::cancel(const std::string& id, const std::string& by,
                                                     TimePoint now) {
    std::lock_guard lock(m_queue_mutex);
    auto item = m_store.queue_item(id);
    if (!item) {
        return make_unexpected(unavailable("reading a release to cancel", item.error(), now));
    }
    if (!*item) {
        return make_unexpected(not_found(id));
    }
    QueueItem found = **item;
    const auto conflict = [&](QueueState state) {
        return QueueError{QueueProblem::conflict, "id",
                          "release " + id + " is " + std::string(to_string(state)) +
                              "; only a queued release can be cancelled (it has been dispatched or "
                              "is finished)"};
    };
    if (found.state != QueueState::queued) {
        return make_unexpected(conflict(found.state));
    }
    const QueueEvent event{now, QueueState::queued, QueueState::cancelled,
                           "cancelled by " + (by.empty() ? std::string("an API client") : by)};
    found.state = QueueState::cancelled;
    const auto saved = m_store.save_queue_item(found, QueueState::queued, event, std::nullopt);
    if (!saved) {
        return make_unexpected(unavailable("cancelling a release", saved.error(), now));
    }
    if (!*saved) {
        // Moved on in the database since it was read: whoever moved it wins.
        const auto now_stored = m_store.queue_item(id);
        return make_unexpected(
            conflict(now_stored && *now_stored ? (*now_stored)->state : QueueState::dispatching));
    }
    found.history.push_back(event);
    m_log.event(now,
                "release queue: " + found.repo + " " + found.version + " (" + id + ") cancelled");
    return found;
}

Expected<QueueListing, QueueError> QueueService::items(TimePoint now) const {
    auto items = m_store.queue_items(false);
    if (!items) {
        return make_unexpected(unavailable("reading the release queue", items.error(), now));
    }
    return std::move(*items);
}

Expected<QueueItem, QueueError> QueueService::item(const std::string& id, TimePoint now) const {
    auto item = m_store.queue_item(id);
    if (!item) {
        return make_unexpected(unavailable("reading a release", item.error(), now));
    }
    if (!*item) {
        return make_unexpected(not_found(id));
    }
    return std::move(**item);
}

}  // namespace fairweather::monitor
