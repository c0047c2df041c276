#include "monitor/queue.h"

#include <algorithm>
#include <cctype>

#include "core/release/versions.h"

namespace fairweather::monitor {
namespace {

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

std::optional<ParseError> check_text(const std::string& field, std::string_view value,
                                     std::size_t max) {
    if (value.size() > max) {
        return ParseError{field, "longer than " + std::to_string(max) + " characters"};
    }
    if (has_control(value)) {
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

}  // namespace

bool same_secret(std::string_view a, std::string_view b) {
    // Look at every byte of the longer one whatever matches, so the time taken
    // says nothing about how much of a guess was right.
    const std::size_t n = std::max(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

Expected<QueueItem, ParseError> make_queue_item(const EnqueueRequest& request, const Config& config,
                                                TimePoint now) {
    const auto fail = [](std::string field, std::string message) {
        return make_unexpected(ParseError{std::move(field), std::move(message)});
    };
    if (request.repo.empty()) {
        return fail("repo", "missing; give the repository as OWNER/NAME");
    }
    if (auto e = check_text("repo", request.repo, 140)) {
        return make_unexpected(*e);
    }
    const auto* repo = config.repo(request.repo);
    if (repo == nullptr) {
        std::string watched;
        for (const auto& r : config.repos) {
            watched += (watched.empty() ? "" : ", ") + r.name;
        }
        return fail("repo", request.repo + " is not watched by this monitor (watched: " +
                                (watched.empty() ? std::string("none") : watched) +
                                "); add it as [[repos]] in the monitor's config");
    }
    if (request.version.empty()) {
        return fail("version", "missing; give the version being released, e.g. 39.0.1");
    }
    if (auto e = check_text("version", request.version, 100)) {
        return make_unexpected(*e);
    }
    const auto version = parse_version(request.version, config.policy.scheme);
    if (!version) {
        return fail("version", version.error().describe());
    }
    const std::string kind_text = request.kind.empty() ? "security" : request.kind;
    const auto kind = parse_release_kind(kind_text);
    if (kind != ReleaseKind::security && kind != ReleaseKind::patch) {
        return fail("kind",
                    "\"" + kind_text +
                        "\" cannot be queued; the queue holds security (and patch) releases");
    }
    const std::string workflow =
        request.workflow.empty() ? repo->release_workflow : request.workflow;
    if (workflow.empty()) {
        return fail("workflow",
                    "missing, and [[repos]] " + repo->name +
                        " has no release_workflow; give the release workflow's file name");
    }
    if (!workflow_name_ok(workflow)) {
        return fail("workflow",
                    "\"" + workflow + "\" is not a workflow file name (e.g. release.yml) or id");
    }
    const std::string ref = request.ref.empty() ? repo->release_ref : request.ref;
    if (!ref.empty() && !ref_ok(ref)) {
        return fail("ref", "\"" + ref + "\" is not a branch or tag name");
    }
    if (request.inputs.size() > k_max_inputs) {
        return fail("inputs", "has " + std::to_string(request.inputs.size()) + " inputs; at most " +
                                  std::to_string(k_max_inputs) + " are allowed");
    }
    for (const auto& [name, value] : request.inputs) {
        if (!input_name_ok(name)) {
            return fail("inputs",
                        "\"" + name + "\" is not an input name (letters, digits, '_', '-')");
        }
        if (name == config.queue.correlation_input) {
            return fail("inputs." + name, "is set by the monitor itself (the queue id)");
        }
        if (auto e = check_text("inputs." + name, value, 1000)) {
            return make_unexpected(*e);
        }
    }
    for (const auto& [field, value] :
         {std::pair<const char*, const std::string&>{"reason", request.reason},
          {"requested_by", request.requested_by},
          {"advisory_id", request.advisory_id}}) {
        if (auto e = check_text(field, value, 500)) {
            return make_unexpected(*e);
        }
    }
    std::optional<TimePoint> advisory_at;
    if (!request.advisory_at.empty()) {
        advisory_at = parse_timestamp(request.advisory_at);
        if (!advisory_at) {
            return fail("advisory_at",
                        "\"" + request.advisory_at +
                            "\" is not an RFC 3339 time such as 2026-11-20T14:00:00Z");
        }
    }

    QueueItem item;
    item.id = new_queue_id();
    item.repo = repo->name;
    item.version = version->text();
    item.kind = *kind;
    item.workflow = workflow;
    item.ref = ref;
    item.inputs = request.inputs;
    item.reason = request.reason;
    item.requested_by = request.requested_by;
    item.advisory_id = request.advisory_id;
    item.advisory_at = advisory_at;
    item.enqueued_at = now;
    item.deadline = advisory_at.value_or(now) + config.policy.security_sla;
    item.state = QueueState::queued;
    return item;
}

}  // namespace fairweather::monitor
