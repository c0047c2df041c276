// The JSON fairweather-monitor's API reads from anyone who can reach it (a
// queue request, a gate's decision) and what a gate reads back from a
// monitor (weather, queue items, decisions, releases, incidents, also read
// from files by the report). Every parser reads the same bytes.
//
// Where a parser has a renderer, what it parsed must render to JSON that
// parses back to the same thing (render(parse(render(x))) == render(x)):
// the monitor writes with one side and the gate reads with the other.

#include "core/api/decisions_json.h"
#include "core/api/history_json.h"
#include "core/api/queue_json.h"
#include "core/api/weather_json.h"
#include "core/queue/validation.h"
#include "fuzz/fuzz_support.h"

using namespace fairweather;

namespace {

// Renders what `parse` read, parses that and renders it again: the two
// renderings must be the same text.
template <class Parse, class Render>
void require_round_trip(std::string_view json, Parse parse, Render render, const char* what) {
    const auto first = parse(json);
    if (!first) {
        return;
    }
    const std::string rendered = render(*first);
    const auto second = parse(rendered);
    fuzz::require(second.has_value(), what);
    fuzz::require(render(*second) == rendered, what);
}

// POST /api/v1/releases: parsed, then checked as the monitor's queue does.
void enqueue(std::string_view json) {
    const auto request = parse_enqueue_request(json);
    if (!request) {
        return;
    }
    const std::string rendered = render_enqueue_request(*request);
    const auto again = parse_enqueue_request(rendered);
    fuzz::require(again.has_value() && render_enqueue_request(*again) == rendered,
                  "an enqueue request renders to a body that reads back the same");

    static const QueueRules rules = [] {
        QueueRules r;
        r.targets.push_back({"bytecodealliance/wasmtime", "publish-artifacts.yml", "", {}});
        r.targets.push_back(
            {"cloud-hypervisor/cloud-hypervisor", "release.yml", "main", {"backport.yml"}});
        return r;
    }();
    const auto item = make_queue_item(*request, rules, fuzz::k_now, "sr-00000000000000ff");
    if (!item) {
        return;
    }
    (void)workflow_not_allowed(*item, rules);
    const std::string served = render_queue_item(*item, true);
    const auto read_back = parse_queue_item(served);
    fuzz::require(read_back.has_value() && render_queue_item(*read_back, true) == served,
                  "a queued item renders to an answer that reads back the same");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view json = fuzz::as_text(data, size);
    enqueue(json);

    require_round_trip(json, parse_decision_body, render_decision_body,
                       "a decision body renders to a body that reads back the same");
    require_round_trip(json, parse_decisions, render_decisions,
                       "decisions render to an answer that reads back the same");
    require_round_trip(
        json, parse_weather_snapshot,
        [](const WeatherSnapshot& s) {
            (void)s.to_conditions();
            return render_weather_snapshot(s);
        },
        "a weather snapshot renders to an answer that reads back the same");
    require_round_trip(
        json, parse_queue_item, [](const QueueItem& i) { return render_queue_item(i, true); },
        "a queue item renders to an answer that reads back the same");
    require_round_trip(
        json, parse_queue_items,
        [](const std::vector<QueueItem>& items) { return render_queue_items(items); },
        "queue items render to an answer that reads back the same");
    require_round_trip(
        json, parse_releases_answer,
        [](const std::vector<ReleaseRecord>& records) {
            return render_releases_answer(records.empty() ? "" : records.front().repo, records);
        },
        "a releases answer renders to an answer that reads back the same");
    require_round_trip(
        json, parse_incidents_answer,
        [](const std::vector<IncidentRecord>& records) {
            return render_incidents_answer(fuzz::k_now, records);
        },
        "an incidents answer renders to an answer that reads back the same");
    return 0;
}
