#include "core/queue/validation.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>

#include "core/util/text.h"

namespace fairweather {
namespace {

using Problem = std::optional<ParseError>;

Problem check_text(const std::string& field, std::string_view value, std::size_t max) {
    if (value.size() > max) {
        return ParseError{field, "longer than " + std::to_string(max) + " characters"};
    }
    if (has_control_character(value)) {
        return ParseError{field, "contains a control character"};
    }
    return std::nullopt;
}

bool workflow_name_ok(std::string_view w) {
    if (w.empty() || w.size() > 255) {
        return false;
    }
    if (std::all_of(w.begin(), w.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        return true;  // a workflow id
    }
    const bool chars = std::all_of(w.begin(), w.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
    return chars && w.front() != '.' && (w.ends_with(".yml") || w.ends_with(".yaml"));
}

bool ref_ok(std::string_view r) {
    return !r.empty() && r.size() <= 255 && r.front() != '-' &&
           r.find("..") == std::string_view::npos && std::none_of(r.begin(), r.end(), [](char c) {
               const auto u = static_cast<unsigned char>(c);
               return u <= 0x20 || u == 0x7f || c == '~' || c == '^' || c == ':' || c == '?' ||
                      c == '*' || c == '[' || c == '\\';
           });
}

bool input_name_ok(std::string_view n) {
    return !n.empty() && n.size() <= 100 && std::all_of(n.begin(), n.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
}

Expected<const QueueTarget*, ParseError> find_target(const std::string& repo,
                                                     const QueueRules& rules) {
    if (repo.empty()) {
        return make_unexpected(ParseError{"repo", "missing; give the repository as OWNER/NAME"});
    }
    if (auto e = check_text("repo", repo, 140)) {
        return make_unexpected(*e);
    }
    const auto it = std::find_if(rules.targets.begin(), rules.targets.end(),
                                 [&](const QueueTarget& t) { return iequals(t.repo, repo); });
    if (it != rules.targets.end()) {
        return &*it;
    }
    std::vector<std::string> watched;
    for (const auto& t : rules.targets) {
        watched.push_back(t.repo);
    }
    return make_unexpected(
        ParseError{"repo", repo + " is not watched by this monitor (watched: " +
                               (watched.empty() ? std::string("none") : join(watched, ", ")) +
                               "); add it as [[repos]] in the monitor's config"});
}

Expected<Version, ParseError> check_version(const std::string& text, VersionScheme scheme) {
    if (text.empty()) {
        return make_unexpected(
            ParseError{"version", "missing; give the version being released, e.g. 39.0.1"});
    }
    if (auto e = check_text("version", text, 100)) {
        return make_unexpected(*e);
    }
    auto version = parse_version(text, scheme);
    if (!version) {
        return make_unexpected(ParseError{"version", version.error().describe()});
    }
    return std::move(*version);
}

Expected<ReleaseKind, ParseError> check_kind(const std::string& text) {
    const std::string kind_text = text.empty() ? "security" : text;
    const auto kind = parse_release_kind(kind_text);
    if (!kind) {
        // Security releases are queued by the gate by themselves; regular and
        // patch ones when asked (`check --queue`).
        return make_unexpected(ParseError{
            "kind", "\"" + kind_text + "\" is not a release kind: regular, patch or security"});
    }
    return *kind;
}

// The workflow and ref, from the request or the target's defaults.
Problem check_workflow(QueueItem& item, const EnqueueRequest& request, const QueueTarget& target) {
    item.workflow = request.workflow.empty() ? target.release_workflow : request.workflow;
    if (item.workflow.empty()) {
        return ParseError{"workflow",
                          "missing, and [[repos]] " + target.repo +
                              " has no release_workflow; give the release workflow's file name"};
    }
    if (!workflow_name_ok(item.workflow)) {
        return ParseError{
            "workflow",
            "\"" + item.workflow + "\" is not a workflow file name (e.g. release.yml) or id"};
    }
    item.ref = request.ref.empty() ? target.release_ref : request.ref;
    if (!item.ref.empty() && !ref_ok(item.ref)) {
        return ParseError{"ref", "\"" + item.ref + "\" is not a branch or tag name"};
    }
    return std::nullopt;
}

Problem check_inputs(const EnqueueRequest& request, const QueueRules& rules) {
    if (request.inputs.size() > k_max_queue_inputs) {
        return ParseError{"inputs", "has " + std::to_string(request.inputs.size()) +
                                        " inputs; at most " + std::to_string(k_max_queue_inputs) +
                                        " are allowed"};
    }
    for (const auto& [name, value] : request.inputs) {
        if (!input_name_ok(name)) {
            return ParseError{"inputs",
                              "\"" + name + "\" is not an input name (letters, digits, '_', '-')"};
        }
        if (name == rules.correlation_input) {
            return ParseError{"inputs." + name, "is set by the monitor itself (the queue id)"};
        }
        if (auto e = check_text("inputs." + name, value, 1000)) {
            return e;
        }
    }
    return std::nullopt;
}

// The free-text fields and the advisory time.
Problem check_advisory(QueueItem& item, const EnqueueRequest& request, TimePoint now) {
    for (const auto& [field, value] :
         {std::pair<const char*, const std::string&>{"reason", request.reason},
          {"requested_by", request.requested_by},
          {"advisory_id", request.advisory_id}}) {
        if (auto e = check_text(field, value, 500)) {
            return e;
        }
    }
    if (!request.advisory_at.empty()) {
        item.advisory_at = parse_timestamp(request.advisory_at);
        if (!item.advisory_at) {
            return ParseError{"advisory_at",
                              "\"" + request.advisory_at +
                                  "\" is not an RFC 3339 time such as 2026-11-20T14:00:00Z"};
        }
        // An advisory from before 2000 or more than a year ahead is a typo:
        // year 0001 would breach the SLA at once and year 9999 has no RFC 3339
        // deadline.
        const auto earliest = *parse_timestamp("2000-01-01T00:00:00Z");
        const auto latest = now + std::chrono::hours{24 * 366};
        if (*item.advisory_at < earliest || *item.advisory_at > latest) {
            return ParseError{"advisory_at", "\"" + request.advisory_at +
                                                 "\" is out of range: give a time between "
                                                 "2000-01-01 and a year from now"};
        }
    }
    item.reason = request.reason;
    item.requested_by = request.requested_by;
    item.advisory_id = request.advisory_id;
    return std::nullopt;
}

}  // namespace

std::optional<std::string> workflow_not_allowed(const QueueItem& item, const QueueRules& rules) {
    const auto target = std::find_if(rules.targets.begin(), rules.targets.end(),
                                     [&](const QueueTarget& t) { return t.repo == item.repo; });
    std::vector<std::string> allowed;
    if (target != rules.targets.end()) {
        if (!target->release_workflow.empty()) {
            allowed.push_back(target->release_workflow);
        }
        allowed.insert(allowed.end(), target->other_workflows.begin(),
                       target->other_workflows.end());
    }
    if (std::find(allowed.begin(), allowed.end(), item.workflow) != allowed.end()) {
        return std::nullopt;
    }
    if (allowed.empty()) {
        return "workflow \"" + item.workflow + "\" may not be queued: [[repos]] " + item.repo +
               " names no release workflow; set its release_workflow (or release_workflows) in "
               "the monitor's config";
    }
    std::string names;
    for (const auto& w : allowed) {
        names += (names.empty() ? "" : ", ") + w;
    }
    return "workflow \"" + item.workflow + "\" may not be queued for " + item.repo +
           "; the queue dispatches only " + names +
           " (list others in release_workflows of its [[repos]] entry)";
}

Expected<QueueItem, ParseError> make_queue_item(const EnqueueRequest& request,
                                                const QueueRules& rules, TimePoint now,
                                                std::string id) {
    const auto target = find_target(request.repo, rules);
    if (!target) {
        return make_unexpected(target.error());
    }
    const auto version = check_version(request.version, rules.scheme);
    if (!version) {
        return make_unexpected(version.error());
    }
    const auto kind = check_kind(request.kind);
    if (!kind) {
        return make_unexpected(kind.error());
    }
    QueueItem item;
    if (auto e = check_workflow(item, request, **target)) {
        return make_unexpected(*e);
    }
    if (auto e = check_inputs(request, rules)) {
        return make_unexpected(*e);
    }
    if (auto e = check_advisory(item, request, now)) {
        return make_unexpected(*e);
    }
    item.id = std::move(id);
    item.repo = (*target)->repo;
    item.version = version->text();
    item.kind = *kind;
    item.inputs = request.inputs;
    item.enqueued_at = now;
    item.deadline = item.advisory_at.value_or(now) + rules.security_sla;
    item.state = QueueState::queued;
    return item;
}

std::string QueueIds::next() {
    char buf[24];
    std::snprintf(buf, sizeof buf, "sr-%016llx", static_cast<unsigned long long>(m_rng()));
    return buf;
}

}  // namespace fairweather
