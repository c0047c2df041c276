#include "gate/check.h"

#include <algorithm>

#include "core/api/monitor_client.h"
#include "core/api/weather_json.h"
#include "core/release/staging.h"
#include "core/util/text.h"
#include "gate/context.h"
#include "gate/plan.h"

namespace fairweather::gate {
namespace {

// A gate on a runner has a release to decide: a monitor that does not answer
// within this is not waited for (the gate decides by the status pages, and
// says so), however long [http] lets other requests take.
constexpr Duration k_monitor_connect_timeout = std::chrono::seconds{2};
constexpr Duration k_monitor_timeout = std::chrono::seconds{5};

}  // namespace

Conditions observe(HttpClient& http, const std::vector<StatusPageSettings>& pages, Clock& clock) {
    std::vector<Observation> sources;
    sources.reserve(pages.size());
    for (const auto& page : pages) {
        sources.push_back(poll_status_page(http, page, clock.now()));
    }
    return combine(std::move(sources), clock.now());
}

Conditions observe_via_monitor(HttpClient& http, const std::string& monitor_url,
                               const std::vector<StatusPageSettings>& pages, Clock& clock) {
    MonitorClient monitor(http, monitor_url);
    monitor.limit_wait(k_monitor_connect_timeout, k_monitor_timeout);
    const auto snapshot = monitor.weather();
    std::string problem;
    if (!snapshot) {
        problem =
            snapshot.error().kind == MonitorError::Kind::unreadable
                ? "its answer is not a fairweather weather report: " + snapshot.error().message
                : snapshot.error().message;
    } else if (!snapshot->ready) {
        problem = "it has not polled every source yet (just started?)";
    } else {
        return snapshot->to_conditions();
    }
    Conditions conditions = observe(http, pages, clock);
    conditions.notes.insert(conditions.notes.begin(),
                            "monitor " + monitor.url("/api/v1/weather") + " could not be asked (" +
                                problem +
                                "); the gate polled the status pages itself, without the monitor's "
                                "repository signals and recovery window");
    return conditions;
}

std::optional<std::string> upcoming_maintenance(const Conditions& conditions, TimePoint now,
                                                Duration lookahead) {
    for (const auto& source : conditions.sources) {
        for (const auto& m : source.maintenances) {
            if (m.status != "scheduled" || m.watched_components.empty() || !m.scheduled_for) {
                continue;
            }
            // A maintenance with no announced end is taken to last an hour.
            const TimePoint until =
                m.scheduled_until.value_or(*m.scheduled_for + std::chrono::hours{1});
            if (*m.scheduled_for < now + lookahead && now < until) {
                std::string affects;
                for (const auto& c : m.watched_components) {
                    affects += (affects.empty() ? "" : ", ") + c;
                }
                return source.name + ": maintenance " + m.id + " \"" + m.name + "\" of " + affects +
                       " from " + format_timestamp(*m.scheduled_for) + " to " +
                       format_timestamp(until) + " overlaps the next " +
                       format_duration(lookahead) +
                       " ([policy] maintenance_lookahead): a release started now would run into it";
            }
        }
    }
    return std::nullopt;
}

namespace {

void apply_maintenance(GateDecision& decision, const Conditions& conditions, TimePoint now,
                       Duration lookahead) {
    const auto maintenance = upcoming_maintenance(conditions, now, lookahead);
    if (!maintenance) {
        return;
    }
    if (decision.decision == Decision::proceed) {
        overrule(decision, Decision::defer);
        decision.reasons.insert(decision.reasons.begin(),
                                "a scheduled maintenance is about to begin: defer the " +
                                    std::string(to_string(decision.kind)) +
                                    " release until it is over");
        decision.reasons.insert(decision.reasons.begin() + 1, *maintenance);
    } else {
        decision.reasons.push_back(*maintenance);
    }
}

void apply_blocks(GateDecision& decision, const std::vector<std::string>& blocks,
                  const CheckRequest& request) {
    overrule(decision, Decision::block);
    decision.warnings.clear();
    std::vector<std::string> reasons{
        "the " + std::string(to_string(request.kind)) + " release" +
        (request.release.empty() ? std::string() : " " + request.release) +
        " is blocked by the release policy"};
    reasons.insert(reasons.end(), blocks.begin(), blocks.end());
    for (auto& r : decision.reasons) {
        reasons.push_back(std::move(r));
    }
    decision.reasons = std::move(reasons);
}

// [policy] require_prerelease, judged on the pre-releases in `history`. The
// schedule knows of no pre-release, so with nothing else to go by the rule is
// noted, not enforced: blocking would refuse every release of a project that
// has not yet told the gate its history.
void check_prerelease_rule(const ReleasePolicy& policy, const History& history,
                           const CheckRequest& request, Date day, std::vector<std::string>& blocks,
                           std::vector<std::string>& notes) {
    if (!requires_prerelease(policy, request.kind, request.release)) {
        return;
    }
    if (history.schedule_only()) {
        notes.push_back(
            "[policy] require_prerelease was not checked: without release history the gate "
            "cannot tell whether a pre-release of " +
            request.release +
            " was published; give it the monitor's record of GitHub releases (--monitor URL "
            "--repo OWNER/NAME) or list the releases and pre-releases as [[policy.releases]]");
        return;
    }
    const auto more =
        staging_blocks(policy, history.prereleases, request.kind, request.release, day);
    blocks.insert(blocks.end(), more.begin(), more.end());
}

// Queues a deferred security release in the monitor, and records the
// decision there (with a token), noting in `result` what could not be done.
void share_with_monitor(const CheckRequest& request, HttpClient& http, CheckResult& result) {
    MonitorClient monitor(http, request.monitor_url, request.api_token);
    monitor.limit_wait(k_monitor_connect_timeout, k_monitor_timeout);
    const GateDecision& decision = result.decision;
    const bool to_queue = decision.decision == Decision::defer &&
                          (request.kind == ReleaseKind::security || request.queue_deferred);
    if (to_queue && (request.repo.empty() || request.release.empty())) {
        // Said plainly: a deferred release that nothing will ship.
        std::vector<std::string> missing;
        if (request.repo.empty()) {
            missing.push_back("the repository (--repo OWNER/NAME)");
        }
        if (request.release.empty()) {
            missing.push_back("the version (--release VERSION)");
        }
        result.queue_problem = "the monitor needs " + join(missing, " and ") +
                               " to dispatch the release again once CI has recovered, so "
                               "nothing was queued; give " +
                               (missing.size() > 1 ? "them" : "it") +
                               " and check again, or queue it with `fairweather-gate queue add`";
    } else if (to_queue) {
        // Nobody should have to press the button again: the monitor ships it
        // once CI has recovered.
        EnqueueRequest enqueue;
        enqueue.repo = request.repo;
        enqueue.version = request.release;
        enqueue.kind = std::string(to_string(request.kind));
        enqueue.reason = decision.reasons.empty() ? std::string() : decision.reasons.front();
        enqueue.requested_by = request.requested_by;
        enqueue.advisory_id = request.advisory_id;
        enqueue.advisory_at = request.advisory_at;
        if (const auto queued = monitor.enqueue(enqueue)) {
            result.queued = queued->item;
            result.queued_now = queued->created;
        } else {
            result.queue_problem = describe(queued.error());
        }
    }
    if (!request.api_token.empty()) {
        // The monitor keeps the decision for reports and metrics.
        GateDecisionRecord d;
        d.repo = request.repo;
        d.version = request.release;
        d.kind = request.kind;
        d.decision = decision.decision;
        d.weather = decision.weather;
        d.reason =
            decision.reasons.empty() ? std::string() : decision.reasons.front().substr(0, 500);
        d.requested_by = request.requested_by;
        if (const auto recorded = monitor.record_decision(d); !recorded) {
            result.policy_notes.push_back("the decision could not be reported to the monitor: " +
                                          recorded.error().message);
        }
    }
}

}  // namespace

CheckResult run_check(const CheckRequest& request, const Config& config, HttpClient& http,
                      Clock& clock, std::ostream& progress) {
    const TimePoint start = clock.now();
    const bool waiting = request.wait.has_value();
    const TimePoint deadline = start + request.wait.value_or(Duration{0});
    Duration interval = config.gate.wait_interval;

    CheckResult result;
    std::vector<std::string> blocks;
    if (config.policy.configured) {
        const Date day = request.date.value_or(today(config.policy, clock));
        const History history = load_history(http, config, request.monitor_url, request.repo);
        const Plan plan = make_plan(config.policy, history.releases, history.complete, day);
        blocks = policy_blocks(config.policy, plan, history.releases, request.kind, request.release,
                               day);
        result.policy_notes = history.notes;
        check_prerelease_rule(config.policy, history, request, day, blocks, result.policy_notes);
    }
    for (;;) {
        result.conditions =
            request.monitor_url.empty()
                ? observe(http, config.status_pages, clock)
                : observe_via_monitor(http, request.monitor_url, config.status_pages, clock);
        result.decision = decide(request.kind, result.conditions, config.gate);
        apply_maintenance(result.decision, result.conditions, clock.now(),
                          config.policy.maintenance_lookahead);
        ++result.polls;
        if (!blocks.empty()) {
            apply_blocks(result.decision, blocks, request);
            break;  // the policy's answer does not change by waiting
        }
        if (!waiting || result.decision.decision != Decision::defer) {
            break;
        }
        const TimePoint now = clock.now();
        if (now >= deadline) {
            break;
        }
        const Duration left = deadline - now;
        Duration pause = std::max(interval, result.conditions.retry_after().value_or(Duration{0}));
        pause = std::min(pause, left);
        const auto reasons = result.conditions.reasons();
        progress << format_timestamp(now) << " waiting: CI weather is "
                 << to_string(result.conditions.weather)
                 << (reasons.empty() ? std::string() : " (" + reasons.front() + ")")
                 << "; checking again in " << format_elapsed(pause) << ", " << format_elapsed(left)
                 << " of " << format_duration(*request.wait) << " left" << std::endl;
        clock.sleep_for(pause);
        interval = std::min(interval * 2, config.gate.wait_max_interval);
    }
    result.waited = clock.now() - start;
    if (waiting && result.decision.decision == Decision::defer && result.polls > 1) {
        result.decision.reasons.push_back("waited " + format_elapsed(result.waited) + " over " +
                                          std::to_string(result.polls) +
                                          " checks and the weather did not clear");
    }
    if (!request.monitor_url.empty()) {
        share_with_monitor(request, http, result);
    }
    return result;
}

}  // namespace fairweather::gate
