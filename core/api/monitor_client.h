#pragma once
// The gate's side of a fairweather-monitor's API: one typed call per
// endpoint, each answering with the value asked for or a MonitorError that
// says which of four things went wrong, so every command words its notes and
// picks its exit status from the same facts.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/api/weather_json.h"
#include "core/http/client.h"
#include "core/queue/item.h"
#include "core/store/records.h"
#include "core/util/expected.h"
#include "core/util/secret.h"

namespace fairweather {

struct MonitorError {
    enum class Kind {
        unreachable,  // no answer: the connection failed or timed out
        refused,      // a 4xx: the request is wrong, and the monitor says why
        failed,       // another status than the one the call expects (a 5xx, ...)
        unreadable,   // an answer that is not what was asked for
    };
    Kind kind = Kind::unreachable;
    std::string url;  // what was asked
    int status = 0;   // the HTTP status, when there was an answer
    // unreachable: the transport problem ("connect: ..."); refused and
    // failed: the status and what the monitor said ("HTTP 400 Bad Request:
    // version: ..."); unreadable: what is wrong with the answer.
    std::string message;
};

template <class T>
using MonitorResult = Expected<T, MonitorError>;

// A queue request's answer: the item, and whether it was queued now (201)
// rather than found queued already (200).
struct Enqueued {
    QueueItem item;
    bool created = false;
};

// Not thread-safe beyond what the HttpClient is; cheap to make per command.
class MonitorClient {
  public:
    // `base_url`: the monitor's (a trailing slash is fine). `token`: the
    // bearer token the calls that change something send (may be empty; the
    // monitor then refuses them with 401).
    MonitorClient(HttpClient& http, std::string base_url, Secret token = {});

    // The URL of `path` ("/api/v1/weather") on this monitor.
    std::string url(std::string_view path) const;

    // Waits at most this long for each call (shorter than the HttpClient's
    // own limits): for a caller that has something better to do than wait.
    void limit_wait(Duration connect, Duration total) {
        m_connect_timeout = connect;
        m_timeout = total;
    }

    MonitorResult<WeatherSnapshot> weather();
    // The GitHub releases the monitor read for `repo` (OWNER/NAME).
    MonitorResult<std::vector<ReleaseRecord>> releases(std::string_view repo);
    // Status-page incidents seen since `since` (YYYY-MM-DD or RFC 3339).
    MonitorResult<std::vector<IncidentRecord>> incidents(std::string_view since);
    // Gate decisions since `since`, of `repo` (all when empty).
    MonitorResult<std::vector<GateDecisionRecord>> decisions(std::string_view repo,
                                                             std::string_view since);
    MonitorResult<void> record_decision(const GateDecisionRecord& decision);

    MonitorResult<std::vector<QueueItem>> queue();
    MonitorResult<QueueItem> queue_item(std::string_view id);
    MonitorResult<Enqueued> enqueue(const EnqueueRequest& request);
    // Cancels a queued item; `by` says who asked.
    MonitorResult<QueueItem> cancel(std::string_view id, std::string_view by);

  private:
    struct Answer {
        int status;
        std::string body;
    };
    // Sends the request; an answer whose status is not one of `expected`
    // is an error.
    MonitorResult<Answer> call(std::string_view method, std::string_view path,
                               const std::string& body, std::initializer_list<int> expected);
    template <class T, class Parse>
    MonitorResult<T> get(std::string_view path, Parse parse);

    HttpClient& m_http;
    std::string m_base;
    Secret m_token;
    std::optional<Duration> m_connect_timeout;
    std::optional<Duration> m_timeout;
};

}  // namespace fairweather
