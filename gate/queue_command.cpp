#include "gate/queue_command.h"

#include <sstream>

#include "core/api/queue_json.h"
#include "gate/exit_codes.h"

namespace fairweather::gate {
namespace {

// Prints what `answer` holds (with `text`) or why it holds nothing.
template <class T, class Text>
int finish(const MonitorResult<T>& answer, Text text, GateContext& ctx) {
    if (!answer) {
        ctx.err << "fairweather-gate queue: " << describe(answer.error()) << "\n";
        return exit_code(answer.error());
    }
    ctx.out << text(*answer);
    return exit_codes::proceed;
}

}  // namespace

int run_queue_command(const QueueOptions& options, GateContext& ctx) {
    auto config = load_gate_config(options.config_path, "asked", ctx);
    if (!config) {
        return exit_codes::config;
    }
    const std::string monitor =
        options.monitor.empty() ? config->gate_monitor_url : options.monitor;
    if (monitor.empty()) {
        ctx.err << "fairweather-gate queue: error: which monitor? pass --monitor URL or "
                   "set [gate] monitor\n";
        return exit_codes::usage;
    }
    const auto http = ctx.make_http(config->http);
    MonitorClient client(*http, monitor, api_token(ctx.env));
    const auto item_text = [&](const QueueItem& i) {
        return options.json ? render_queue_item(i, true) : render_queue_item_text(i);
    };
    switch (options.action) {
        case QueueOptions::Action::add: {
            EnqueueRequest request = options.request;
            for (const auto& input : options.inputs) {
                const auto eq = input.find('=');
                request.inputs.emplace_back(input.substr(0, eq), input.substr(eq + 1));
            }
            if (request.requested_by.empty()) {
                request.requested_by = requester(ctx.env);
            }
            return finish(
                client.enqueue(request), [&](const Enqueued& e) { return item_text(e.item); }, ctx);
        }
        case QueueOptions::Action::list:
            return finish(
                client.queue(),
                [&](const std::vector<QueueItem>& items) {
                    return options.json ? render_queue_items(items) : render_queue_list_text(items);
                },
                ctx);
        case QueueOptions::Action::show:
            return finish(client.queue_item(options.id), item_text, ctx);
        case QueueOptions::Action::cancel:
            return finish(client.cancel(options.id, requester(ctx.env)), item_text, ctx);
    }
    return exit_codes::software;
}

std::string render_queue_list_text(const std::vector<QueueItem>& items) {
    std::ostringstream out;
    if (items.empty()) {
        out << "the release queue is empty\n";
    }
    for (const auto& i : items) {
        out << i.id << "  " << i.repo << " " << i.version << "  " << to_string(i.state)
            << "  attempts " << i.attempts << "  deadline " << format_timestamp(i.deadline);
        if (!i.run_url.empty()) {
            out << "  " << i.run_url;
        }
        out << "\n";
    }
    return out.str();
}

std::string render_queue_item_text(const QueueItem& i) {
    std::ostringstream out;
    out << i.id << ": " << i.kind << " release " << i.version << " of " << i.repo << " is "
        << to_string(i.state) << "\n";
    out << "  workflow " << i.workflow << " on "
        << (i.ref.empty() ? std::string("the default branch") : i.ref) << ", attempts "
        << i.attempts << "\n";
    out << "  queued " << format_timestamp(i.enqueued_at) << ", deadline "
        << format_timestamp(i.deadline);
    if (i.shipped_at) {
        out << ", shipped " << format_timestamp(*i.shipped_at);
    }
    out << "\n";
    if (!i.run_url.empty()) {
        out << "  run " << i.run_url << "\n";
    }
    for (const auto& e : i.history) {
        out << "  " << format_timestamp(e.at) << "  " << to_string(e.from) << " -> "
            << to_string(e.to) << ": " << e.cause << "\n";
    }
    return out.str();
}

}  // namespace fairweather::gate
