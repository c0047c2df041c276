// Statuspage v2 payloads as a status page (or anything between it and the
// monitor) may send them: parse_document, then the judgement the monitor and
// the gate make of the page, once for GitHub's default components and once
// watching every component.

#include "core/sources/statuspage_payload.h"
#include "core/sources/statuspage_source.h"
#include "fuzz/fuzz_support.h"

using namespace fairweather;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto doc = statuspage::parse_document(fuzz::as_text(data, size));
    if (!doc) {
        fuzz::require(!doc.error().describe().empty(), "a parse error says what is wrong");
        return 0;
    }
    static const StatusPageSettings github_page;
    static const StatusPageSettings every_component = [] {
        StatusPageSettings s;
        s.components.clear();
        return s;
    }();
    // "Now" just after the page's own time, so scheduled maintenances and
    // incident times in the payload are near it, as in a live poll.
    const TimePoint now =
        doc->page.updated_at ? *doc->page.updated_at + std::chrono::minutes{1} : fuzz::k_now;
    for (const auto* settings : {&github_page, &every_component}) {
        (void)evaluate_status_page(*doc, *settings, now);
    }
    if (doc->incidents) {
        for (const auto& incident : *doc->incidents) {
            std::vector<std::string> names;
            for (const auto& c : incident.components) {
                names.push_back(c.name);
            }
            // The saved-history form of the same rule evaluate_status_page applies.
            (void)incident_concerns(incident.name, names, github_page.components);
        }
    }
    return 0;
}
