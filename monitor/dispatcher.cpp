#include "monitor/dispatcher.h"

#include <algorithm>

#include "core/json/writer.h"
#include "core/sources/github_api.h"
#include "core/sources/github_payload.h"

namespace fairweather::monitor {
namespace {

bool is_waiting(const std::string& status) {
    return status == "queued" || status == "waiting" || status == "pending" ||
           status == "requested";
}

std::string http_problem(const Expected<HttpResponse, HttpError>& r) {
    if (!r) {
        return std::string(to_string(r.error().kind)) + ": " + r.error().message;
    }
    std::string out = describe_status(r->status);
    if (!r->body.empty()) {
        out += " (" + r->body.substr(0, 300) + ")";
    }
    return out;
}

}  // namespace

Dispatcher::Dispatcher(const Config& config, const Secret& github_token, HttpClient& http,
                       StateStore& store, QueueMetrics& metrics, std::mutex& queue_mutex,
                       Recorder& recorder, Leadership& leadership, Log& log)
    : m_config(config),
      m_github{config.github.api_url, github_token},
      m_http(http),
      m_store(store),
      m_metrics(metrics),
      m_queue_mutex(queue_mutex),
      m_recorder(recorder),
      m_leadership(leadership),
      m_log(log) {}

bool Dispatcher::save(QueueItem& item, std::optional<QueueState> to, TimePoint now,
                      const std::string& cause) {
    std::lock_guard lock(m_queue_mutex);
    return save_locked(item, to, now, cause);
}

bool Dispatcher::save_locked(QueueItem& item, std::optional<QueueState> to, TimePoint now,
                             const std::string& cause) {
    // Compare and set, in the database: the item must still be in the state
    // this step read (a cancel through the API, or another dispatcher on the
    // same database, may have moved it on meanwhile).
    const QueueState before = item.state;
    std::optional<QueueEvent> event;
    if (to) {
        event = QueueEvent{now, before, *to, cause};
        item.state = *to;
    }
    const auto saved = m_store.save_queue_item(item, before, event, m_leadership.fence());
    if (!saved || !*saved) {
        item.state = before;
        if (!saved && saved.error().fenced) {
            m_leadership.lost("the database refused a release queue change of " + item.id +
                              " under this monitor's lease (" + saved.error().message + ")");
        } else if (!saved) {
            m_recorder.store_failed("recording a release queue change", saved.error(), now);
        }
        return false;
    }
    if (to == QueueState::failed) {
        m_metrics.record_failure();
    }
    if (to) {
        m_log.event(now, "release queue: " + item.repo + " " + item.version + " (" + item.id +
                             ") " + std::string(to_string(before)) + " -> " +
                             std::string(to_string(*to)) + ": " + cause);
    }
    return true;
}

TimePoint Dispatcher::step(TimePoint now, bool ci_fair) {
    if (!m_leadership.leading()) {
        // The leader ships; a follower counts what the shared queue holds.
        if (auto all = m_store.queue_items(false)) {
            m_metrics.record_queue(all->items, all->unreadable.size(), now);
        }
        return now + m_config.queue.follow_interval;
    }
    auto listing = m_store.queue_items(true);
    if (!listing) {
        m_recorder.store_failed("reading the release queue", listing.error(), now);
        return now + m_config.queue.follow_interval;
    }
    auto& items = listing->items;
    TimePoint next = TimePoint::max();
    // Oldest first: the first deferred is the first shipped.
    std::reverse(items.begin(), items.end());
    for (auto& item : items) {
        if (!m_leadership.leading()) {
            break;  // the next leader goes on from the saved queue
        }
        if (now >= item.deadline && !item.sla_breach_counted) {
            item.sla_breach_counted = true;
            if (save(item, std::nullopt, now, "")) {
                m_metrics.record_sla_breach();
                m_log.event(now, "release queue: " + item.repo + " " + item.version + " (" +
                                     item.id + ") missed its SLA deadline " +
                                     format_timestamp(item.deadline));
            }
        }
        switch (item.state) {
            case QueueState::queued:
                if (!ci_fair) {
                    break;
                }
                if (item.next_attempt_at && now < *item.next_attempt_at) {
                    next = std::min(next, *item.next_attempt_at);
                    break;
                }
                dispatch(item, now);
                break;
            case QueueState::dispatching:
            case QueueState::dispatched:
                find_run(item, now);
                break;
            case QueueState::running:
                follow(item, now, ci_fair);
                break;
            case QueueState::shipped:
            case QueueState::failed:
            case QueueState::cancelled:
                break;
        }
        if (!is_final(item.state)) {
            next = std::min(next, now + m_config.queue.follow_interval);
        }
    }
    if (auto all = m_store.queue_items(false)) {
        m_metrics.record_queue(all->items, all->unreadable.size(), now);
    }
    // Said after the metric counts them, once an hour per row.
    for (const auto& row : listing->unreadable) {
        m_log.repeated_error(now, "unreadable release queue row " + row.id,
                             "release queue: skipping a row: " + row.problem,
                             std::chrono::hours{1});
    }
    return next;
}

std::optional<std::string> Dispatcher::resolve_ref(const QueueItem& item, TimePoint now) {
    if (!item.ref.empty()) {
        return item.ref;
    }
    const auto response =
        m_http.send(m_github.request("GET", github::repo_url(m_config.github.api_url, item.repo)));
    if (response && response->status == 200) {
        if (auto branch = github::parse_default_branch(response->body)) {
            return *branch;
        }
    }
    m_log.event(now, "release queue: cannot learn the default branch of " + item.repo + " (" +
                         http_problem(response) + "); will try again");
    return std::nullopt;
}

void Dispatcher::dispatch(QueueItem& item, TimePoint now) {
    const auto ref = resolve_ref(item, now);
    if (!ref) {
        return;
    }
    {
        // Re-read under the lock: a cancel may have come in since the step began.
        std::lock_guard lock(m_queue_mutex);
        const auto fresh = m_store.queue_item(item.id);
        if (!fresh || !*fresh || (*fresh)->state != QueueState::queued) {
            return;
        }
        item = **fresh;
        item.attempts += 1;
        item.dispatched_at = now;
        item.ref = *ref;
        item.run_id = 0;
        item.run_url.clear();
        // The intent is on disk before the request leaves: after a crash the
        // run is looked for before anything is dispatched again.
        if (!save_locked(item, QueueState::dispatching, now,
                         "CI has been fair for the recovery window: dispatching " + item.workflow +
                             " on " + *ref + " (attempt " + std::to_string(item.attempts) + " of " +
                             std::to_string(m_config.queue.max_attempts) + ")" + epoch_note())) {
            return;
        }
    }
    if (!m_leadership.leading()) {
        // Deposed since the intent was saved: the item is in doubt, and the
        // next leader looks for its run before dispatching it again.
        return;
    }
    auto response = send_dispatch(item, *ref, true);
    if (response && response->status == 422 &&
        response->body.find("return_run_details") != std::string::npos) {
        // An older GitHub Enterprise Server refuses the key it does not know
        // (and dispatched nothing): ask again the old way.
        response = send_dispatch(item, *ref, false);
    }
    if (response && response->status >= 200 && response->status < 300) {
        m_metrics.record_dispatch("accepted");
        std::optional<github::DispatchedRun> run;
        if (response->status == 200) {
            if (auto details = github::parse_dispatched_run(response->body)) {
                run = std::move(*details);
            }
        }
        if (run) {
            // GitHub named the run it started: no search by correlation id.
            item.run_id = run->workflow_run_id;
            item.run_url = run->html_url;
            save(item, QueueState::running, now,
                 "GitHub accepted the dispatch (" + describe_status(response->status) +
                     ") and started run " + std::to_string(run->workflow_run_id));
            return;
        }
        save(item, QueueState::dispatched, now,
             "GitHub accepted the dispatch (" + describe_status(response->status) + ")");
        return;
    }
    if (response && response->status >= 400 && response->status < 500 && response->status != 429 &&
        response->status != 408) {
        m_metrics.record_dispatch("rejected");
        save(item, QueueState::failed, now,
             "GitHub refused the dispatch: " + http_problem(response) +
                 "; check the workflow has a workflow_dispatch trigger with these inputs and the "
                 "token may run it");
        return;
    }
    // No answer: it may or may not have happened. Stay dispatching; the run
    // decides.
    m_metrics.record_dispatch("unknown");
    m_log.event(now, "release queue: no answer to the dispatch of " + item.id + " (" +
                         http_problem(response) + "); looking for its run before anything else");
}

Expected<HttpResponse, HttpError> Dispatcher::send_dispatch(const QueueItem& item,
                                                            const std::string& ref,
                                                            bool run_details) {
    JsonWriter body;
    body.begin_object().field("ref", ref).key("inputs").begin_object();
    for (const auto& [k, v] : item.inputs) {
        body.field(k, v);
    }
    body.field(m_config.queue.correlation_input, item.id);
    body.end_object();
    if (run_details) {
        // GitHub then answers 200 with the run it started (204 without).
        body.field("return_run_details", true);
    }
    body.end_object();
    HttpRequest request = m_github.request(
        "POST", github::dispatch_url(m_config.github.api_url, item.repo, item.workflow));
    request.headers.add("Content-Type", "application/json");
    request.body = body.str();
    return m_http.send(request);
}

void Dispatcher::find_run(QueueItem& item, TimePoint now) {
    const TimePoint since = item.dispatched_at.value_or(item.enqueued_at) - std::chrono::minutes{2};
    const auto response = m_http.send(m_github.request(
        "GET",
        github::dispatched_runs_url(m_config.github.api_url, item.repo, item.workflow, since)));
    if (!response || response->status != 200) {
        m_log.event(now, "release queue: cannot list the runs of " + item.workflow + " for " +
                             item.id + " (" + http_problem(response) + "); will try again");
        return;
    }
    const auto runs = github::parse_workflow_runs(response->body);
    if (!runs) {
        m_log.event(now, "release queue: the runs of " + item.workflow +
                             " could not be read: " + runs.error().describe());
        return;
    }
    const auto run = std::find_if(runs->begin(), runs->end(), [&](const github::WorkflowRun& r) {
        return r.display_title.find(item.id) != std::string::npos ||
               r.name.find(item.id) != std::string::npos;
    });
    if (run != runs->end()) {
        item.run_id = run->id;
        item.run_url = run->html_url;
        save(item, QueueState::running, now,
             "found its run " + std::to_string(run->id) + " (" + run->status + ")");
        return;
    }
    const Duration waited = now - item.dispatched_at.value_or(now);
    const Duration grace =
        item.state == QueueState::dispatching ? in_doubt_grace() : m_config.queue.dispatch_grace;
    if (waited < grace) {
        return;  // runs take a moment to appear
    }
    if (item.state == QueueState::dispatching) {
        // No run, and no acceptance on record: the dispatch never happened
        // (the monitor stopped before sending it, or the request was lost).
        item.next_attempt_at.reset();
        save(item, QueueState::queued, now,
             "no run with id " + item.id + " appeared within " + format_duration(grace) +
                 " of the dispatch, so it did not happen; dispatching again");
        return;
    }
    retry_or_fail(item, now,
                  "GitHub accepted the dispatch but no run with id " + item.id +
                      " appeared within " + format_duration(m_config.queue.dispatch_grace) +
                      " (does the workflow's run-name include ${{ inputs." +
                      m_config.queue.correlation_input + " }}?)");
}

Duration Dispatcher::in_doubt_grace() const {
    if (!m_leadership.shared()) {
        return m_config.queue.dispatch_grace;
    }
    // A deposed leader trusts itself until renew_interval before its lease
    // ends, checks that just before sending, and its request then takes at
    // most the HTTP timeouts.
    return std::max(m_config.queue.dispatch_grace,
                    m_leadership.length() + m_config.http.connect_timeout + m_config.http.timeout);
}

std::string Dispatcher::epoch_note() const {
    const auto fence = m_leadership.fence();
    return fence ? " (leader lease epoch " + std::to_string(fence->epoch) + ")" : std::string();
}

void Dispatcher::follow(QueueItem& item, TimePoint now, bool ci_fair) {
    const auto response = m_http.send(
        m_github.request("GET", github::run_url(m_config.github.api_url, item.repo, item.run_id)));
    if (!response || response->status != 200) {
        m_log.event(now, "release queue: cannot read run " + std::to_string(item.run_id) + " of " +
                             item.id + " (" + http_problem(response) + "); will try again");
        return;
    }
    const auto run = github::parse_workflow_run(response->body);
    if (!run) {
        m_log.event(now, "release queue: run " + std::to_string(item.run_id) +
                             " could not be read: " + run.error().describe());
        return;
    }
    if (!run->html_url.empty()) {
        item.run_url = run->html_url;
    }
    if (run->status == "completed") {
        if (run->conclusion == "success") {
            item.shipped_at = now;
            if (save(item, QueueState::shipped, now,
                     "run " + std::to_string(item.run_id) + " succeeded: " + item.run_url)) {
                m_metrics.record_shipped(now - item.advisory_at.value_or(item.enqueued_at));
            }
            return;
        }
        retry_or_fail(item, now,
                      "run " + std::to_string(item.run_id) + " ended " + run->conclusion);
        return;
    }
    const TimePoint started = item.dispatched_at.value_or(now);
    if (is_waiting(run->status) && !ci_fair && now - started >= m_config.queue.run_start_timeout) {
        // CI went bad again and the run never got a runner: stop it and wait
        // for fair weather rather than let it start at a random later moment.
        m_http.send(m_github.request(
            "POST", github::cancel_run_url(m_config.github.api_url, item.repo, item.run_id)));
        retry_or_fail(item, now,
                      "run " + std::to_string(item.run_id) + " has waited " +
                          format_elapsed(now - started) +
                          " for a runner while CI is bad again; cancelled it");
    }
}

void Dispatcher::retry_or_fail(QueueItem& item, TimePoint now, const std::string& cause) {
    if (item.attempts >= m_config.queue.max_attempts) {
        save(item, QueueState::failed, now,
             cause + "; giving up after " + std::to_string(item.attempts) +
                 " attempts ([queue] max_attempts)");
        return;
    }
    Duration backoff = m_config.queue.retry_backoff;
    for (int i = 1; i < item.attempts && backoff < m_config.queue.max_retry_backoff; ++i) {
        backoff *= 2;
    }
    backoff = std::min(backoff, m_config.queue.max_retry_backoff);
    item.next_attempt_at = now + backoff;
    save(item, QueueState::queued, now,
         cause + "; trying again after " + format_timestamp(*item.next_attempt_at));
}

}  // namespace fairweather::monitor
