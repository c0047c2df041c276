#include "core/api/queue_json.h"

#include "core/json/reader.h"
#include "core/json/writer.h"

namespace fairweather {
namespace {

void write_inputs(JsonWriter& j, const std::vector<std::pair<std::string, std::string>>& inputs) {
    j.key("inputs").begin_object();
    for (const auto& [k, v] : inputs) {
        j.field(k, v);
    }
    j.end_object();
}

void write_item(JsonWriter& j, const QueueItem& item, bool with_history) {
    j.begin_object();
    j.field("id", item.id);
    j.field("repo", item.repo);
    j.field("version", item.version);
    j.field("kind", item.kind);
    j.field("state", to_string(item.state));
    j.field("workflow", item.workflow);
    j.key("ref");
    item.ref.empty() ? j.null() : j.value(item.ref);
    write_inputs(j, item.inputs);
    j.field("reason", item.reason);
    j.field("requested_by", item.requested_by);
    j.key("advisory_id");
    item.advisory_id.empty() ? j.null() : j.value(item.advisory_id);
    j.time_field("advisory_at", item.advisory_at);
    j.field("enqueued_at", format_timestamp(item.enqueued_at));
    j.field("deadline", format_timestamp(item.deadline));
    j.field("attempts", item.attempts);
    j.time_field("next_attempt_at", item.next_attempt_at);
    j.time_field("dispatched_at", item.dispatched_at);
    j.key("run_id");
    item.run_id != 0 ? j.value(item.run_id) : j.null();
    j.key("run_url");
    item.run_url.empty() ? j.null() : j.value(item.run_url);
    j.time_field("shipped_at", item.shipped_at);
    if (with_history) {
        j.key("history").begin_array();
        for (const auto& e : item.history) {
            j.begin_object();
            j.field("at", format_timestamp(e.at));
            j.field("from", to_string(e.from));
            j.field("to", to_string(e.to));
            j.field("cause", e.cause);
            j.end_object();
        }
        j.end_array();
    }
    j.end_object();
}

std::optional<QueueState> read_state(json::Reader& r, json::Object o, std::string_view key,
                                     const std::string& path) {
    return r.word(o, key, path, parse_queue_state, "a queue state");
}

QueueItem read_item(json::Reader& r, json::Object o, const std::string& path) {
    QueueItem item;
    item.id = r.required_string(o, "id", path);
    item.repo = r.string(o, "repo", path);
    item.version = r.string(o, "version", path);
    item.kind = r.word(o, "kind", path, parse_release_kind, "regular, patch or security")
                    .value_or(ReleaseKind::security);
    item.state = read_state(r, o, "state", path).value_or(QueueState::queued);
    item.workflow = r.string(o, "workflow", path);
    item.ref = r.string(o, "ref", path);
    if (const auto inputs = r.field(o, "inputs")) {
        if (const auto io = r.as_object(*inputs, json::Reader::join(path, "inputs"))) {
            for (const auto field : *io) {
                if (const auto value = field.value.string()) {
                    item.inputs.emplace_back(std::string(field.key), std::string(*value));
                }
            }
        }
    }
    item.reason = r.string(o, "reason", path);
    item.requested_by = r.string(o, "requested_by", path);
    item.advisory_id = r.string(o, "advisory_id", path);
    item.advisory_at = r.timestamp(o, "advisory_at", path);
    item.enqueued_at = r.timestamp(o, "enqueued_at", path).value_or(TimePoint{});
    item.deadline = r.timestamp(o, "deadline", path).value_or(TimePoint{});
    item.attempts = static_cast<int>(r.integer(o, "attempts", path).value_or(0));
    item.next_attempt_at = r.timestamp(o, "next_attempt_at", path);
    item.dispatched_at = r.timestamp(o, "dispatched_at", path);
    item.run_id = r.integer(o, "run_id", path).value_or(0);
    item.run_url = r.string(o, "run_url", path);
    item.shipped_at = r.timestamp(o, "shipped_at", path);
    if (const auto history = r.array_field(o, "history", path)) {
        std::size_t i = 0;
        for (const auto e : *history) {
            const std::string p = json::Reader::index(json::Reader::join(path, "history"), i++);
            const auto eo = r.as_object(e, p);
            if (!eo) {
                break;
            }
            QueueEvent ev;
            ev.at = r.timestamp(*eo, "at", p).value_or(TimePoint{});
            ev.from = read_state(r, *eo, "from", p).value_or(QueueState::queued);
            ev.to = read_state(r, *eo, "to", p).value_or(QueueState::queued);
            ev.cause = r.string(*eo, "cause", p);
            item.history.push_back(std::move(ev));
        }
    }
    return item;
}

}  // namespace

Expected<EnqueueRequest, ParseError> parse_enqueue_request(std::string_view json) {
    const auto doc = json::Document::parse(json, "a JSON object");
    if (!doc) {
        return make_unexpected(ParseError{"(body)", doc.error().describe()});
    }
    const json::Value root = doc->root();
    json::Reader r;
    const auto top = r.as_object(root, "(body)");
    if (!top) {
        return make_unexpected(ParseError{"(body)", r.error()->message});
    }
    static const std::string_view k_known[] = {
        "repo",   "version", "kind",         "workflow",    "ref",
        "inputs", "reason",  "requested_by", "advisory_id", "advisory_at"};
    if (auto bad = json::check_keys(*top, std::begin(k_known), std::end(k_known),
                                    "repo, version, kind, workflow, ref, inputs, reason, "
                                    "requested_by, advisory_id, advisory_at")) {
        return make_unexpected(*bad);
    }
    EnqueueRequest req;
    req.repo = r.string(*top, "repo", "");
    req.version = r.string(*top, "version", "");
    req.kind = r.string(*top, "kind", "");
    req.workflow = r.string(*top, "workflow", "");
    req.ref = r.string(*top, "ref", "");
    req.reason = r.string(*top, "reason", "");
    req.requested_by = r.string(*top, "requested_by", "");
    req.advisory_id = r.string(*top, "advisory_id", "");
    req.advisory_at = r.string(*top, "advisory_at", "");
    if (const auto inputs = r.field(*top, "inputs")) {
        const auto io = r.as_object(*inputs, "inputs");
        if (io) {
            if (auto twice = json::duplicate_key(*io)) {
                return make_unexpected(
                    ParseError{"inputs." + *twice, "given twice; give each input once"});
            }
            for (const auto field : *io) {
                const auto value = field.value.string();
                if (!value) {
                    return make_unexpected(ParseError{"inputs." + std::string(field.key),
                                                      "workflow_dispatch inputs are strings"});
                }
                req.inputs.emplace_back(std::string(field.key), std::string(*value));
            }
        }
    }
    if (r.failed()) {
        return make_unexpected(ParseError{r.error()->path, r.error()->message});
    }
    return req;
}

std::string render_enqueue_request(const EnqueueRequest& r) {
    JsonWriter j;
    j.begin_object();
    j.field("repo", r.repo);
    j.field("version", r.version);
    if (!r.kind.empty()) {
        j.field("kind", r.kind);
    }
    if (!r.workflow.empty()) {
        j.field("workflow", r.workflow);
    }
    if (!r.ref.empty()) {
        j.field("ref", r.ref);
    }
    if (!r.inputs.empty()) {
        write_inputs(j, r.inputs);
    }
    if (!r.reason.empty()) {
        j.field("reason", r.reason);
    }
    if (!r.requested_by.empty()) {
        j.field("requested_by", r.requested_by);
    }
    if (!r.advisory_id.empty()) {
        j.field("advisory_id", r.advisory_id);
    }
    if (!r.advisory_at.empty()) {
        j.field("advisory_at", r.advisory_at);
    }
    j.end_object();
    return j.str();
}

std::string render_queue_item(const QueueItem& item, bool with_history) {
    JsonWriter j(2);
    write_item(j, item, with_history);
    return j.str() + "\n";
}

std::string render_queue_items(const std::vector<QueueItem>& items,
                               const std::vector<UnreadableQueueItem>& unreadable) {
    JsonWriter j(2);
    j.begin_object();
    j.key("items").begin_array();
    for (const auto& item : items) {
        write_item(j, item, false);
    }
    j.end_array();
    if (!unreadable.empty()) {
        j.key("unreadable").begin_array();
        for (const auto& row : unreadable) {
            j.begin_object().field("id", row.id).field("problem", row.problem).end_object();
        }
        j.end_array();
    }
    j.end_object();
    return j.str() + "\n";
}

Expected<QueueItem, ParseError> parse_queue_item(std::string_view json) {
    const auto doc = json::Document::parse(json, "a fairweather-monitor queue item");
    if (!doc) {
        return make_unexpected(doc.error());
    }
    const json::Value root = doc->root();
    json::Reader r;
    const auto top = r.as_object(root, "(top level)");
    if (!top) {
        return make_unexpected(*r.error());
    }
    QueueItem item = read_item(r, *top, "");
    if (r.failed()) {
        return make_unexpected(*r.error());
    }
    return item;
}

Expected<std::vector<QueueItem>, ParseError> parse_queue_items(std::string_view json) {
    std::vector<QueueItem> items;
    auto read =
        json::read_listed(json, "a fairweather-monitor queue listing", "items",
                          [&](json::Reader& r, json::Object, json::Object o, const std::string& p) {
                              items.push_back(read_item(r, o, p));
                          });
    if (!read) {
        return make_unexpected(read.error());
    }
    return items;
}

}  // namespace fairweather
