#pragma once
// Internal to the gate library: what the release-delay report says in words,
// the same in every format (Markdown, CSV, JSON, HTML), so that the formats
// cannot drift apart. Each format escapes these strings its own way.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/history/delay_report.h"

namespace fairweather::gate {

// "+3d", "0d", "-1d"
std::string delay_text(int days);

// "+3 days", "+1 day", "0 days", "-2 days"
std::string delay_phrase(int days);

// How long the incident lasted; unset while it is unresolved.
std::optional<Duration> incident_duration(const IncidentSpan& i);

// "2020-04-02T20:20:54Z": to the second, whatever the milliseconds.
std::string timestamp_to_second(TimePoint t);

// Only web links become links: a hostile "javascript:" URL stays text.
bool is_web_url(std::string_view url);

std::vector<std::string> incident_ids(const DelayRow& row);

// "2025-01-01 to 2025-03-31", "from ...", "up to ...", "all releases".
std::string period_text(const DelayReport& report);

// "defer ×2 → proceed": runs of the same decision, oldest first.
std::string gate_text(const DelayRow& row);

// One line per decision, for tooltips: "2025-01-20T10:00:00Z defer (degraded): reason".
std::string gate_detail(const DelayRow& row);

// "shipped in 1d 4h, SLA met"; empty for a release with no security data.
std::string security_text(const DelayRow& row);

// "major, 2h 30m" / "minor, unresolved"
std::string incident_facts(const IncidentSpan& i);

// The summary, one sentence a line, for a list in Markdown or HTML.
struct SummaryLines {
    std::string releases;
    std::string delay;
    std::string incidents;
    std::string security;
};

SummaryLines summary_lines(const DelaySummary& s);

// "2024-01-20", or "2024-01-20 (due 2024-01-22)" when its due day is later;
// "" when not scheduled.
std::string scheduled_text(const DelayRow& row);

// The policy against practice in words: "85 patch releases: 77 on branches the
// policy supported that day, 8 on branches it did not" and "22 days with
// several branches patched: 13 matched the backport targets exactly".
struct ConformanceLines {
    std::string patches;
    std::string rounds;
    // "4 releases needed a pre-release first: 3 had one (missing: 1.3.0)";
    // empty when the policy asks for none.
    std::string staging;
};

ConformanceLines conformance_lines(const Conformance& c);

// "patched but not a target: 4.0.x; a target not patched: 24.0.x", or "matches".
std::string round_differences(const RoundCheck& r);

// "supported", "unsupported", "no known line".
std::string_view to_string(PatchCheck::Verdict v);

// "unsupported: support ended 2023-02-20 (until 6.0.0 shipped), 16 days
// before; rules until 24.0.0 (...)".
std::string patch_check_text(const PatchCheck& check);

// `s` safe as HTML or SVG text and inside a quoted attribute: & < > " and '
// as entities. The HTML page and the SVG chart in it both write it.
std::string html_text(std::string_view s);

}  // namespace fairweather::gate
