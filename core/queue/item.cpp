#include "core/queue/item.h"

namespace fairweather {
namespace {

constexpr QueueState k_states[] = {
    QueueState::queued,  QueueState::dispatching, QueueState::dispatched, QueueState::running,
    QueueState::shipped, QueueState::failed,      QueueState::cancelled};

}  // namespace

std::string_view to_string(QueueState s) {
    switch (s) {
        case QueueState::queued:
            return "queued";
        case QueueState::dispatching:
            return "dispatching";
        case QueueState::dispatched:
            return "dispatched";
        case QueueState::running:
            return "running";
        case QueueState::shipped:
            return "shipped";
        case QueueState::failed:
            return "failed";
        case QueueState::cancelled:
            return "cancelled";
    }
    return "queued";
}

std::optional<QueueState> parse_queue_state(std::string_view text) {
    for (const QueueState s : k_states) {
        if (text == to_string(s)) {
            return s;
        }
    }
    return std::nullopt;
}

bool is_final(QueueState s) {
    return s == QueueState::shipped || s == QueueState::failed || s == QueueState::cancelled;
}

}  // namespace fairweather
