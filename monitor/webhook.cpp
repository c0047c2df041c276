#include "monitor/webhook.h"

#include <algorithm>
#include <array>

#include "core/json/reader.h"
#include "core/json/writer.h"
#include "core/util/sha256.h"
#include "core/util/text.h"

namespace fairweather::monitor {
namespace {

constexpr std::string_view k_signature_header = "X-Hub-Signature-256";
constexpr std::string_view k_signature_prefix = "sha256=";
// A GUID is 36 characters; anything much longer is not GitHub's, and the
// de-duplication set must not grow by what a signed sender chooses.
constexpr std::size_t k_max_delivery_id = 64;
constexpr std::array<std::string_view, 4> k_actions = {"queued", "waiting", "in_progress",
                                                       "completed"};

std::string error_body(std::string_view message, std::string_view field = {}) {
    JsonWriter j;
    j.begin_object().field("error", message);
    if (!field.empty()) {
        j.field("field", field);
    }
    j.end_object();
    return j.str() + "\n";
}

std::string ignored_body(std::string_view what, std::string_view reason) {
    JsonWriter j;
    j.begin_object().field("ignored", what).field("reason", reason).end_object();
    return j.str() + "\n";
}

std::string delivery_body(std::string_view key, std::string_view delivery_id) {
    JsonWriter j;
    j.begin_object().field(key, true).field("delivery", delivery_id).end_object();
    return j.str() + "\n";
}

bool is_hex(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

}  // namespace

Expected<WorkflowJobEvent, ParseError> parse_workflow_job_event(std::string_view body) {
    const auto doc = json::Document::parse(body, "a GitHub workflow_job webhook delivery");
    if (!doc) {
        return make_unexpected(doc.error());
    }
    json::Reader r;
    const auto top = r.as_object(doc->root(), "(top level)");
    if (!top) {
        return make_unexpected(*r.error());
    }
    WorkflowJobEvent event;
    event.action = r.required_string(*top, "action", "");
    const auto repository = r.field(*top, "repository");
    if (!repository && !r.failed()) {
        r.fail("repository", "missing; every workflow_job delivery names its repository");
    }
    if (repository) {
        if (const auto o = r.as_object(*repository, "repository")) {
            event.repo = r.required_string(*o, "full_name", "repository");
        }
    }
    const auto job = r.field(*top, "workflow_job");
    if (!job && !r.failed()) {
        r.fail("workflow_job", "missing; is this a workflow_job delivery?");
    }
    if (job && !r.failed()) {
        if (const auto o = r.as_object(*job, "workflow_job")) {
            if (auto read = github::read_workflow_job(r, *o, "workflow_job")) {
                event.job = std::move(*read);
            }
        }
    }
    if (r.failed()) {
        return make_unexpected(*r.error());
    }
    return event;
}

std::optional<TimePoint> action_time(const std::string& action, const github::WorkflowJob& job) {
    if (action == "queued" || action == "waiting") {
        return job.created_at;
    }
    if (action == "in_progress") {
        return job.started_at;
    }
    if (action == "completed") {
        return job.completed_at;
    }
    return std::nullopt;
}

WebhookReceiver::WebhookReceiver(Secret secret, const std::vector<std::string>& watched,
                                 JobSink sink, WebhookMetrics& metrics, WebhookLimits limits)
    : m_secret(std::move(secret)), m_sink(std::move(sink)), m_metrics(metrics), m_limits(limits) {
    for (const auto& repo : watched) {
        m_watched.push_back(lowercase(repo));
    }
    m_metrics.enable();
}

WebhookAnswer WebhookReceiver::answer(std::string_view outcome, int status, std::string body) {
    m_metrics.count(outcome);
    return WebhookAnswer{status, std::move(body)};
}

std::optional<WebhookAnswer> WebhookReceiver::refuse_size(std::size_t length) {
    if (length <= m_limits.max_body_bytes) {
        return std::nullopt;
    }
    return answer("invalid", 413,
                  error_body("body larger than " + std::to_string(m_limits.max_body_bytes) +
                             " bytes; a workflow_job delivery is far smaller: is the hook "
                             "sending this monitor another event?"));
}

std::optional<WebhookAnswer> WebhookReceiver::check_signature(const Headers& headers,
                                                              std::string_view body) const {
    const auto header = headers.get(k_signature_header);
    if (!header) {
        return WebhookAnswer{
            401, error_body("missing X-Hub-Signature-256: set a secret in the webhook's settings "
                            "on GitHub, the one in [github] webhook_secret_file")};
    }
    const std::string_view value = trim(*header);
    const std::string_view hex = value.substr(std::min(value.size(), k_signature_prefix.size()));
    if (!value.starts_with(k_signature_prefix) || hex.size() != 64 || !is_hex(hex)) {
        return WebhookAnswer{
            401, error_body("malformed X-Hub-Signature-256: expected sha256= and 64 hexadecimal "
                            "digits (GitHub's HMAC-SHA256 of the body)")};
    }
    const std::string expected = to_hex(hmac_sha256(m_secret.reveal(), body));
    if (!constant_time_equal(lowercase(hex), expected)) {
        return WebhookAnswer{
            401, error_body("X-Hub-Signature-256 does not match the body: the webhook's secret on "
                            "GitHub differs from the one in [github] webhook_secret_file, or the "
                            "body was changed on the way")};
    }
    return std::nullopt;
}

WebhookAnswer WebhookReceiver::handle(const Headers& headers, std::string_view body,
                                      TimePoint now) {
    if (auto refused = refuse_size(body.size())) {
        return *refused;
    }
    if (auto refused = check_signature(headers, body)) {
        return answer(headers.get(k_signature_header) ? "bad_signature" : "unsigned",
                      refused->status, std::move(refused->body));
    }
    const std::string delivery_id(trim(headers.get("X-GitHub-Delivery").value_or("")));
    if (delivery_id.empty() || delivery_id.size() > k_max_delivery_id) {
        return answer("invalid", 400,
                      error_body("missing or overlong X-GitHub-Delivery; GitHub sends a GUID "
                                 "with every delivery",
                                 "X-GitHub-Delivery"));
    }
    const std::string event(trim(headers.get("X-GitHub-Event").value_or("")));
    if (event.empty()) {
        return answer("invalid", 400,
                      error_body("missing X-GitHub-Event; GitHub names the event of every delivery",
                                 "X-GitHub-Event"));
    }
    if (event == "ping") {
        // GitHub's first delivery to a new hook: the secret is right.
        return answer("ignored", 200, "{\"ping\":true}\n");
    }
    if (event != "workflow_job") {
        return answer("ignored", 202,
                      ignored_body(event,
                                   "this endpoint reads workflow_job deliveries only; choose "
                                   "\"Workflow jobs\" in the webhook's events"));
    }
    return workflow_job(delivery_id, body, now);
}

WebhookAnswer WebhookReceiver::workflow_job(const std::string& delivery_id, std::string_view body,
                                            TimePoint now) {
    if (seen(delivery_id)) {
        return answer("duplicate", 200, delivery_body("duplicate", delivery_id));
    }
    auto event = parse_workflow_job_event(body);
    if (!event) {
        return answer("invalid", 400,
                      error_body("not a workflow_job delivery: " + event.error().describe(),
                                 event.error().path));
    }
    if (std::find(k_actions.begin(), k_actions.end(), event->action) == k_actions.end()) {
        // An action GitHub added since: not an error for GitHub to retry.
        return answer("ignored", 202,
                      ignored_body("workflow_job", "action \"" + event->action +
                                                       "\" is not one this monitor reads"));
    }
    if (!watches(event->repo)) {
        return answer("ignored", 202,
                      ignored_body("workflow_job", "repository " + event->repo +
                                                       " is not watched by this monitor"));
    }
    if (!remember(delivery_id)) {
        return answer("duplicate", 200, delivery_body("duplicate", delivery_id));
    }
    JobDelivery delivery{std::move(event->repo),
                         std::move(event->action),
                         std::move(event->job),
                         delivery_id,
                         now,
                         std::nullopt};
    if (const auto happened = action_time(delivery.action, delivery.job)) {
        delivery.delay = std::max(Duration::zero(), now - *happened);
        m_metrics.observe_delay(*delivery.delay);
    }
    if (m_sink) {
        m_sink(delivery);
    }
    return answer("accepted", 200, delivery_body("accepted", delivery_id));
}

bool WebhookReceiver::watches(std::string_view repo) const {
    const std::string name = lowercase(repo);
    return std::find(m_watched.begin(), m_watched.end(), name) != m_watched.end();
}

bool WebhookReceiver::seen(const std::string& delivery_id) {
    std::lock_guard lock(m_mutex);
    return m_seen.contains(delivery_id);
}

bool WebhookReceiver::remember(const std::string& delivery_id) {
    std::lock_guard lock(m_mutex);
    if (!m_seen.insert(delivery_id).second) {
        return false;
    }
    m_order.push_back(delivery_id);
    while (m_order.size() > std::max<std::size_t>(1, m_limits.remembered_deliveries)) {
        m_seen.erase(m_order.front());
        m_order.pop_front();
    }
    return true;
}

}  // namespace fairweather::monitor
