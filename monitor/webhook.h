#pragma once
// GitHub's workflow_job webhook: a delivery in, a status and a JSON body out,
// and each accepted job handed to a sink. The HTTP side is Api's
// (POST /api/v1/webhooks/github); here it is plain values, so tests call it
// without a socket.
//
// A delivery is authenticated by its signature alone (X-Hub-Signature-256,
// HMAC-SHA256 of the raw body under the hook's secret): GitHub cannot send
// the API's bearer token. Nothing of an unsigned or mis-signed delivery is
// read beyond its size and that header: no JSON is parsed, no delivery id is
// remembered, the sink is not called. Answers never hold the secret or the
// signature expected.
//
// The sink (JobSink) is what the monitor does with an accepted job:
// Service::receive_webhooks puts it into the repository's job book
// (core/sources/job_book.h), which the repository's Actions source judges.

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/http/client.h"
#include "core/sources/github_payload.h"
#include "core/util/expected.h"
#include "core/util/parse_error.h"
#include "core/util/secret.h"
#include "core/util/time.h"
#include "exporters/webhook_metrics.h"

namespace fairweather::monitor {

// One accepted workflow_job delivery.
struct JobDelivery {
    std::string repo;    // "owner/name" as GitHub spelled it in the delivery
    std::string action;  // queued, waiting, in_progress or completed
    github::WorkflowJob job;
    std::string delivery_id;  // X-GitHub-Delivery
    TimePoint received_at;
    // received_at minus when the action happened on GitHub (the job's
    // created_at for queued and waiting, started_at for in_progress,
    // completed_at for completed), at least 0; nullopt when that time is
    // absent from the job.
    std::optional<Duration> delay;
};

// Called once per accepted delivery id, on the listener's worker threads
// (possibly several at once), outside the receiver's lock. Must not throw.
using JobSink = std::function<void(const JobDelivery&)>;

struct WebhookLimits {
    // GitHub caps payloads at 25 MB; a workflow_job delivery is a few tens of
    // KB (the job with its steps, the repository, the sender). 1 MiB keeps
    // room for long step lists without letting one connection hold 25 MB.
    std::size_t max_body_bytes = 1024 * 1024;
    // Delivery ids remembered for de-duplication: the last this many
    // accepted, the oldest forgotten first. GitHub redelivers (by hand or
    // by the API) with the same id, usually within hours; 10,000 ids is
    // well over a day of jobs for most organisations, in under 1 MB.
    std::size_t remembered_deliveries = 10'000;
};

struct WebhookAnswer {
    int status = 200;
    std::string body;  // JSON, ending in a newline
};

// A workflow_job delivery's body, as far as the monitor reads it.
struct WorkflowJobEvent {
    std::string action;
    std::string repo;  // repository.full_name
    github::WorkflowJob job;
};
// {"action": ..., "workflow_job": {...}, "repository": {"full_name": ...}};
// a problem names its JSON path ("workflow_job.status").
Expected<WorkflowJobEvent, ParseError> parse_workflow_job_event(std::string_view body);

// When the action happened on GitHub: see JobDelivery::delay.
std::optional<TimePoint> action_time(const std::string& action, const github::WorkflowJob& job);

class WebhookReceiver {
  public:
    // `watched`: the repositories ("owner/name") whose jobs go to the sink,
    // compared case-insensitively as GitHub does; deliveries for others are
    // answered 202 and dropped. Calls metrics.enable(); keeps a reference to
    // `metrics`, which must outlive the receiver.
    WebhookReceiver(Secret secret, const std::vector<std::string>& watched, JobSink sink,
                    WebhookMetrics& metrics, WebhookLimits limits = {});
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    // One delivery: its headers and raw body as received. Answers 413 (too
    // large), 401 (unsigned, malformed or wrong signature), 400 (no delivery
    // id or event, or a malformed body: the error's "field" is the JSON
    // path), 200 (ping; accepted; {"duplicate": true} for an id seen
    // before), 202 (another event or action, a repository not watched).
    // Counts every delivery in the metrics. Thread-safe.
    WebhookAnswer handle(const Headers& headers, std::string_view body, TimePoint now);

    const WebhookLimits& limits() const { return m_limits; }

    // The answer to a body of `length` bytes when that is too large, else
    // nullopt: what the listener asks on a request's head alone.
    std::optional<WebhookAnswer> refuse_size(std::size_t length);

  private:
    // 401 with why, or nullopt when the signature is the body's.
    std::optional<WebhookAnswer> check_signature(const Headers& headers,
                                                 std::string_view body) const;
    WebhookAnswer workflow_job(const std::string& delivery_id, std::string_view body,
                               TimePoint now);
    bool watches(std::string_view repo) const;
    bool seen(const std::string& delivery_id);
    // Remembers the id; false when another thread got there first.
    bool remember(const std::string& delivery_id);
    WebhookAnswer answer(std::string_view outcome, int status, std::string body);

    Secret m_secret;
    std::vector<std::string> m_watched;
    JobSink m_sink;
    WebhookMetrics& m_metrics;
    WebhookLimits m_limits;
    std::mutex m_mutex;  // guards the two below
    std::unordered_set<std::string> m_seen;
    std::deque<std::string> m_order;  // oldest first
};

}  // namespace fairweather::monitor
