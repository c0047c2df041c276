#include "gate/render.h"

#include <cctype>
#include <sstream>

#include "core/api/weather_json.h"
#include "core/json/writer.h"
#include "core/util/text.h"
#include "gate/exit_codes.h"
#include "gate/markdown.h"

namespace fairweather::gate {
namespace {

// "security release 39.0.1 of o/r"
std::string subject(const CheckRequest& request) {
    std::string s = std::string(to_string(request.kind)) + " release";
    if (!request.release.empty()) {
        s += " " + request.release;
    }
    if (!request.repo.empty()) {
        s += " of " + request.repo;
    }
    return s;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string cell(std::string_view s) {
    return markdown_text(s);
}

std::string one_line(std::string_view s, std::size_t max) {
    std::string out = cell(s);
    if (out.size() > max) {
        out.resize(max);
        out += "...";
    }
    return out;
}

std::string decision_mark(Decision d) {
    switch (d) {
        case Decision::proceed:
            return "✅";
        case Decision::defer:
            return "⏸️";
        case Decision::block:
            return "⛔";
    }
    return "";
}

// Why a deferred release that should have been queued was not: one text
// for the output and the annotation.
std::string not_queued(const CheckRequest& request, const CheckResult& result) {
    return "the deferred " + std::string(to_string(request.kind)) +
           " release could not be queued: " + result.queue_problem;
}

}  // namespace

int exit_code(Decision d) {
    switch (d) {
        case Decision::proceed:
            return exit_codes::proceed;
        case Decision::block:
            return exit_codes::block;
        case Decision::defer:
            return exit_codes::defer;
    }
    return exit_codes::block;
}

std::string render_text(const CheckRequest& request, const CheckResult& result) {
    const GateDecision& decision = result.decision;
    std::ostringstream out;
    out << "fairweather-gate: " << upper(to_string(decision.decision)) << " " << subject(request)
        << " (exit " << exit_code(decision.decision) << ")\n";
    out << "weather: " << to_string(decision.weather) << " (checked "
        << format_timestamp(result.conditions.observed_at) << ")\n";
    out << "why:\n";
    for (const auto& r : decision.reasons) {
        out << "  - " << r << "\n";
    }
    for (const auto& w : decision.warnings) {
        out << "warning: " << w << "\n";
    }
    for (const auto& source : result.conditions.sources) {
        out << "source " << source.name << " (" << source.url << "): " << to_string(source.weather)
            << "\n";
        for (const auto& c : source.components) {
            out << "  component " << c.name << ": " << (c.found ? c.status : "missing from page")
                << " -> " << to_string(c.weather) << "\n";
        }
        for (const auto& i : source.incidents) {
            out << "  incident " << i.id << " \"" << i.name << "\": " << i.impact << " impact, "
                << i.status;
            if (!i.watched_components.empty()) {
                out << ", affects " << join(i.watched_components, ", ");
            }
            if (!i.url.empty()) {
                out << " <" << i.url << ">";
            }
            out << "\n";
        }
        for (const auto& m : source.maintenances) {
            if (m.watched_components.empty()) {
                continue;
            }
            out << "  maintenance " << m.id << " \"" << m.name << "\": " << m.status;
            if (m.scheduled_for) {
                out << " from " << format_timestamp(*m.scheduled_for);
            }
            if (m.scheduled_until) {
                out << " until " << format_timestamp(*m.scheduled_until);
            }
            out << "\n";
        }
    }
    if (result.polls > 1) {
        out << "checked " << result.polls << " times over " << format_elapsed(result.waited)
            << "\n";
    }
    for (const auto& note : result.policy_notes) {
        out << "note: " << note << "\n";
    }
    if (result.queued) {
        out << (result.queued_now ? "queued" : "already queued") << " in the monitor as "
            << result.queued->id << " (" << to_string(result.queued->state) << ", SLA deadline "
            << format_timestamp(result.queued->deadline)
            << "): the monitor dispatches the release workflow once CI has been fair for the "
               "recovery window\n";
    }
    if (!result.queue_problem.empty()) {
        out << "warning: " << not_queued(request, result) << "\n";
    }
    return out.str();
}

std::string render_json(const CheckRequest& request, const CheckResult& result) {
    const GateDecision& decision = result.decision;
    JsonWriter j(2);
    j.begin_object();
    j.field("decision", to_string(decision.decision));
    j.field("exit_code", exit_code(decision.decision));
    j.field("kind", to_string(decision.kind));
    j.key("release");
    request.release.empty() ? j.null() : j.value(request.release);
    j.key("repo");
    request.repo.empty() ? j.null() : j.value(request.repo);
    j.field("weather", to_string(decision.weather));
    j.field("checked_at", format_timestamp(result.conditions.observed_at));
    j.string_array("reasons", decision.reasons);
    j.string_array("warnings", decision.warnings);
    j.string_array("incidents", decision.incident_ids);
    j.string_array("notes", result.policy_notes);
    j.key("queue");
    if (result.queued) {
        j.begin_object();
        j.field("id", result.queued->id);
        j.field("state", to_string(result.queued->state));
        j.field("created", result.queued_now);
        j.field("deadline", format_timestamp(result.queued->deadline));
        j.end_object();
    } else {
        j.null();
    }
    j.key("queue_problem");
    result.queue_problem.empty() ? j.null() : j.value(result.queue_problem);
    j.field("polls", result.polls);
    j.field("waited_seconds",
            static_cast<std::int64_t>(
                std::chrono::duration_cast<std::chrono::seconds>(result.waited).count()));
    j.key("sources").begin_array();
    for (const auto& s : result.conditions.sources) {
        write_observation(j, s);
    }
    j.end_array();
    j.end_object();
    return j.str() + "\n";
}

std::string render_github_output(const CheckResult& result) {
    const auto line = [](std::string_view name, const std::string& value) {
        if (value.find('\n') == std::string::npos && value.find('\r') == std::string::npos) {
            return std::string(name) + "=" + value + "\n";
        }
        // A delimiter that cannot occur in the value.
        std::string delimiter = "FAIRWEATHER_EOF";
        while (value.find(delimiter) != std::string::npos) {
            delimiter += "_";
        }
        return std::string(name) + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n";
    };
    const GateDecision& decision = result.decision;
    return line("decision", std::string(to_string(decision.decision))) +
           line("weather", std::string(to_string(decision.weather))) +
           (result.queued ? line("queue_id", result.queued->id) : std::string()) +
           line("reason", join(decision.reasons, "; ")) +
           line("incidents", join(decision.incident_ids, ","));
}

std::string render_step_summary(const CheckRequest& request, const CheckResult& result) {
    const GateDecision& decision = result.decision;
    std::ostringstream out;
    out << "### " << decision_mark(decision.decision)
        << " fairweather: " << to_string(decision.decision) << " the " << cell(subject(request))
        << "\n\n";
    out << "CI weather: **" << to_string(decision.weather) << "**, checked "
        << format_timestamp(result.conditions.observed_at);
    if (result.polls > 1) {
        out << " (" << result.polls << " checks over " << format_elapsed(result.waited) << ")";
    }
    out << "\n\n";
    for (const auto& r : decision.reasons) {
        out << "- " << cell(r) << "\n";
    }
    for (const auto& w : decision.warnings) {
        out << "- **Warning:** " << cell(w) << "\n";
    }
    if (result.queued) {
        out << "- **Queued** in the monitor as `" << result.queued->id << "` ("
            << to_string(result.queued->state) << ", SLA deadline "
            << format_timestamp(result.queued->deadline)
            << "): it is dispatched again once CI has been fair for the recovery window\n";
    } else if (decision.decision == Decision::defer) {
        out << "- **Not queued:** nothing retries this release by itself; run the workflow "
               "again once CI has recovered"
            << (result.queue_problem.empty() ? std::string()
                                             : " (" + cell(result.queue_problem) + ")")
            << "\n";
    }
    out << "\n| Source | Component | Status | Weather |\n|---|---|---|---|\n";
    for (const auto& s : result.conditions.sources) {
        if (s.components.empty()) {
            out << "| " << cell(s.name) << " | (none read) | "
                << cell(s.error.empty() ? "-" : s.error) << " | " << to_string(s.weather) << " |\n";
        }
        for (const auto& c : s.components) {
            out << "| " << cell(s.name) << " | " << cell(c.name) << " | "
                << (c.found ? cell(c.status) : "missing from page") << " | " << to_string(c.weather)
                << " |\n";
        }
    }
    bool heading = false;
    for (const auto& s : result.conditions.sources) {
        for (const auto& i : s.incidents) {
            if (!heading) {
                out << "\n**Unresolved incidents**\n\n";
                heading = true;
            }
            out << "- ";
            if (!i.url.empty()) {
                out << "[" << cell(i.name) << "](" << i.url << ")";
            } else {
                out << cell(i.name);
            }
            out << " (`" << i.id << "`, " << cell(i.impact) << " impact, " << cell(i.status);
            if (i.started_at) {
                out << ", since " << format_timestamp(*i.started_at);
            }
            out << ")";
            if (!i.watched_components.empty()) {
                out << ": affects " << cell(join(i.watched_components, ", "));
            }
            if (!i.latest_update.empty()) {
                out << "<br>_" << one_line(i.latest_update, 300) << "_";
            }
            out << "\n";
        }
    }
    return out.str();
}

std::string escape_command_data(std::string_view s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '%':
                out += "%25";
                break;
            case '\r':
                out += "%0D";
                break;
            case '\n':
                out += "%0A";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string render_annotations(const CheckRequest& request, const CheckResult& result) {
    const GateDecision& decision = result.decision;
    std::string out;
    const std::string headline =
        decision.reasons.empty() ? std::string() : decision.reasons.front();
    std::vector<std::string> evidence(decision.reasons.begin() + (decision.reasons.empty() ? 0 : 1),
                                      decision.reasons.end());
    const std::string body =
        escape_command_data(headline + (evidence.empty() ? "" : "\n" + join(evidence, "\n")));
    const std::string title =
        "fairweather: " + std::string(to_string(decision.decision)) + " " + subject(request);
    // Titles are properties: ',' and ':' must be escaped there too.
    std::string escaped_title;
    for (const char c : escape_command_data(title)) {
        if (c == ':') {
            escaped_title += "%3A";
        } else if (c == ',') {
            escaped_title += "%2C";
        } else {
            escaped_title += c;
        }
    }
    if (decision.decision == Decision::block) {
        out += "::error title=" + escaped_title + "::" + body + "\n";
    } else if (decision.decision == Decision::defer) {
        out += "::warning title=" + escaped_title + "::" + body + "\n";
    }
    for (const auto& w : decision.warnings) {
        out += "::warning title=" + escaped_title + "::" + escape_command_data(w) + "\n";
    }
    if (!result.queue_problem.empty()) {
        out += "::warning title=Not queued::" + escape_command_data(not_queued(request, result)) +
               "\n";
    }
    return out;
}

}  // namespace fairweather::gate
