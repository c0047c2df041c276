#pragma once
// The HTTP seam. Sources talk to the network only through HttpClient, so tests
// substitute a fake that serves recorded payloads and remembers each request.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/expected.h"
#include "core/util/time.h"

namespace fairweather {

// Header fields in the order received. Names compare case-insensitively.
class Headers {
  public:
    void add(std::string name, std::string value);
    void clear() { m_fields.clear(); }
    // The first value of `name`, if present.
    std::optional<std::string> get(std::string_view name) const;
    const std::vector<std::pair<std::string, std::string>>& fields() const { return m_fields; }

  private:
    std::vector<std::pair<std::string, std::string>> m_fields;
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    Headers headers;  // may carry credentials: never log or echo them
    std::string body;
    // Shorter limits than the client's settings for this request only (a
    // gate asking its monitor must not wait as long as for GitHub); the
    // settings' own apply when unset or longer.
    std::optional<Duration> connect_timeout;
    std::optional<Duration> timeout;
};

struct HttpResponse {
    int status = 0;
    Headers headers;
    std::string body;
    std::string url;  // after redirects
    Duration elapsed{0};
};

struct HttpError {
    enum class Kind {
        connect,    // DNS, refused, unreachable
        timeout,    // connect or total time limit hit
        tls,        // certificate or handshake failure
        too_large,  // the body exceeded the configured cap
        protocol,   // malformed response, connection closed early
        invalid,    // the request itself cannot be made (bad URL, unsupported scheme)
        other,
    };
    Kind kind = Kind::other;
    std::string url;      // with any credentials removed
    std::string message;  // says what happened; never contains request headers
};

std::string_view to_string(HttpError::Kind kind);

// How every client behaves. The curl client applies all of these; a fake may
// apply some (tests of the cap use the real client).
struct HttpSettings {
    Duration connect_timeout = std::chrono::seconds{5};
    Duration timeout = std::chrono::seconds{20};
    std::size_t max_response_bytes = 10 * 1024 * 1024;
    long max_redirects = 5;
    std::string user_agent;  // empty: "fairweather/<version>"
    std::string ca_file;     // empty: the system trust store (core/http/trust_store.h)
};

class HttpClient {
  public:
    virtual ~HttpClient() = default;
    // Performs one request. A response with any status (including 4xx/5xx) is a
    // value; only failing to get a complete response is an HttpError.
    virtual Expected<HttpResponse, HttpError> send(const HttpRequest& request) = 0;
};

// Removes "user:password@" from a URL so it can appear in messages.
std::string redact_url(std::string_view url);

// The host (and port) of a URL, without credentials:
// "www.githubstatus.com" from "https://www.githubstatus.com/api/v2/summary.json".
std::string host_of(std::string_view url);

// Reads a Retry-After header (delay-seconds or an HTTP-date) relative to `now`.
std::optional<Duration> parse_retry_after(std::string_view value, TimePoint now);

// A one-line description of a non-2xx status: "HTTP 503 Service Unavailable"
// (a 2xx or an unknown status is the number alone).
std::string describe_status(int status);

// The reason phrase of a status fairweather meets or sends ("Not Found"),
// empty for others.
std::string_view reason_phrase(int status);

}  // namespace fairweather
