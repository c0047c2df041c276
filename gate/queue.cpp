#include "gate/queue.h"

#include <sstream>

#include "core/api/queue_json.h"
#include "core/util/text.h"
#include "gate/monitor_client.h"

namespace fairweather::gate {
namespace {

template <class T, class Parse>
QueueAnswer<T> finish(const MonitorCall& call, Parse parse) {
    QueueAnswer<T> answer;
    if (call.status == 0 || call.status >= 500) {
        answer.outcome = QueueOutcome::unavailable;
        answer.problem = "the monitor at " + call.url + " could not be asked: " + call.refusal();
        return answer;
    }
    if (call.status >= 400) {
        answer.outcome = QueueOutcome::refused;
        answer.problem = "the monitor refused: " + call.refusal();
        return answer;
    }
    auto parsed = parse(call.body);
    if (!parsed) {
        answer.outcome = QueueOutcome::unavailable;
        answer.problem = "the monitor's answer from " + call.url +
                         " could not be read: " + parsed.error().describe();
        return answer;
    }
    answer.outcome = QueueOutcome::done;
    answer.value = std::move(*parsed);
    answer.created = call.status == 201;
    return answer;
}

}  // namespace

QueueAnswer<QueueItem> queue_add(HttpClient& http, const std::string& monitor,
                                 const std::string& token, const EnqueueRequest& request) {
    return finish<QueueItem>(call_monitor(http, monitor, "POST", "/api/v1/releases",
                                          render_enqueue_request(request), token),
                             parse_queue_item);
}

QueueAnswer<std::vector<QueueItem>> queue_list(HttpClient& http, const std::string& monitor) {
    return finish<std::vector<QueueItem>>(
        call_monitor(http, monitor, "GET", "/api/v1/releases", "", ""), parse_queue_items);
}

QueueAnswer<QueueItem> queue_show(HttpClient& http, const std::string& monitor,
                                  const std::string& id) {
    return finish<QueueItem>(
        call_monitor(http, monitor, "GET", "/api/v1/releases/" + url_escape(id), "", ""),
        parse_queue_item);
}

QueueAnswer<QueueItem> queue_cancel(HttpClient& http, const std::string& monitor,
                                    const std::string& token, const std::string& id,
                                    const std::string& by) {
    return finish<QueueItem>(
        call_monitor(http, monitor, "DELETE",
                     "/api/v1/releases/" + url_escape(id) + "?by=" + url_escape(by), "", token),
        parse_queue_item);
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
