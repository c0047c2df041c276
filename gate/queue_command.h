#pragma once
// `fairweather-gate queue add|list|show|cancel`: the monitor's queue of
// deferred security releases.

#include <string>
#include <vector>

#include "core/queue/item.h"
#include "gate/context.h"

namespace fairweather::gate {

struct QueueOptions {
    enum class Action { add, list, show, cancel };
    Action action = Action::list;
    std::string monitor;      // base URL; empty: [gate] monitor
    std::string config_path;  // empty: the defaults
    bool json = false;
    std::string id;                   // show, cancel
    EnqueueRequest request;           // add
    std::vector<std::string> inputs;  // add: NAME=VALUE
};

// Exit status: 0 done, 1 the monitor refused, 64 no monitor given, 69 the
// monitor could not be asked, 78 a bad config.
int run_queue_command(const QueueOptions& options, GateContext& ctx);

std::string render_queue_list_text(const std::vector<QueueItem>& items);
std::string render_queue_item_text(const QueueItem& item);

}  // namespace fairweather::gate
