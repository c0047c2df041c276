#pragma once
// Ships deferred security releases once CI has recovered, exactly once.
//
// Each step reads the unfinished queue from the store and moves every item
// on by what it can learn now:
//   queued      -> dispatching: CI has been fair for the recovery window and
//                  the item's backoff is over. The intent (state, attempt,
//                  time) is committed BEFORE the dispatch request is sent.
//   dispatching -> running:     GitHub accepted the dispatch and named its run
//                  (200 with return_run_details).
//   dispatching -> dispatched:  GitHub accepted the dispatch (204). With no
//                  answer (network error, 5xx, a monitor killed mid-request)
//                  it stays dispatching and the run is looked for: found ->
//                  running; none within dispatch_grace -> the dispatch did not
//                  happen, queued again. A refusal (4xx) fails the item.
//   dispatched  -> running:     its run (the correlation id in the run name)
//                  is found; none within dispatch_grace -> queued with backoff.
//   running     -> shipped on success; any other conclusion, or a run still
//                  waiting for a runner after run_start_timeout while CI is bad
//                  again (it is cancelled), -> queued with backoff, or failed
//                  after max_attempts.
// Every change is committed with its time and cause before the next step, so
// a monitor killed at any instant neither loses an item nor dispatches twice.
//
// Only the leader (Leadership) steps; a follower only counts the queue for
// its metrics. Each change carries the leader's fence, so a write from a
// monitor that lost the lease changes nothing and ends its leadership at
// once; and the dispatch request leaves only while this monitor still leads
// after its intent is saved. An item left `dispatching` (by this leader or
// one before it) is in doubt: its run is looked for, and it is dispatched
// again only when none appeared within dispatch_grace, and never sooner
// than a lease plus the HTTP timeouts after the intent, by when a request
// a deposed leader had in flight has arrived or never will.

#include <mutex>
#include <optional>
#include <string>

#include "config/config.h"
#include "core/http/client.h"
#include "core/sources/github_api.h"
#include "core/store/state_store.h"
#include "core/util/secret.h"
#include "exporters/queue_metrics.h"
#include "monitor/leadership.h"
#include "monitor/log.h"
#include "monitor/recorder.h"

namespace fairweather::monitor {

class Dispatcher {
  public:
    // References must outlive the Dispatcher. `queue_mutex` is shared with
    // whoever cancels items, so a cancel and a dispatch cannot cross in this
    // process; every change is also a compare-and-set in the store.
    // Store failures are counted and logged through `recorder`.
    Dispatcher(const Config& config, const Secret& github_token, HttpClient& http,
               StateStore& store, QueueMetrics& metrics, std::mutex& queue_mutex,
               Recorder& recorder, Leadership& leadership, Log& log);

    // One step at `now`. `ci_fair`: the verdict has been fair for the whole
    // recovery window. Returns when it next has something to do.
    TimePoint step(TimePoint now, bool ci_fair);

  private:
    void dispatch(QueueItem& item, TimePoint now);
    // POSTs the dispatch of `item` on `ref`, asking for the run's details
    // when `run_details`.
    Expected<HttpResponse, HttpError> send_dispatch(const QueueItem& item, const std::string& ref,
                                                    bool run_details);
    void find_run(QueueItem& item, TimePoint now);
    void follow(QueueItem& item, TimePoint now, bool ci_fair);
    void retry_or_fail(QueueItem& item, TimePoint now, const std::string& cause);
    // Records the item (moving it to `to` when given) if it is still in the
    // state this step read it in; false when it changed meanwhile or the
    // store failed.
    bool save(QueueItem& item, std::optional<QueueState> to, TimePoint now,
              const std::string& cause);
    bool save_locked(QueueItem& item, std::optional<QueueState> to, TimePoint now,
                     const std::string& cause);
    std::optional<std::string> resolve_ref(const QueueItem& item, TimePoint now);
    // How long an item in doubt is looked for before it is dispatched again.
    Duration in_doubt_grace() const;
    // " (leader lease epoch N)" in a shared database, for the queue's history.
    std::string epoch_note() const;

    const Config& m_config;
    const github::Api m_github;
    HttpClient& m_http;
    StateStore& m_store;
    QueueMetrics& m_metrics;
    std::mutex& m_queue_mutex;
    Recorder& m_recorder;
    Leadership& m_leadership;
    Log& m_log;
};

}  // namespace fairweather::monitor
