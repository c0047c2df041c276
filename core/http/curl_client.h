#pragma once
// The libcurl implementation of HttpClient: the only file that includes curl.

#include <memory>

#include "core/http/client.h"

namespace fairweather {

// Applies HttpSettings to every request: connect and total timeouts, at most
// `max_redirects` redirects (http and https only), TLS peer and host
// verification always on, bodies capped at `max_response_bytes`, gzip/deflate
// accepted, User-Agent fairweather/<version>.
//
// Keeps connections alive, so polling a host every few seconds costs one TCP
// (and TLS) handshake, not one per poll: a send() takes an idle curl handle
// kept for the request's origin (scheme, host and port), or makes one, and
// gives it back with its open connections once the response is complete. A
// handle whose transfer failed is closed with its connections instead. Over
// TLS it asks for HTTP/2 (HTTP/1.1 when the server does not offer it); plain
// http is HTTP/1.1 with keep-alive. A connection the server has closed is
// not reused: curl opens a new one, and sends a request again on a new one
// when the kept connection ended without a byte of response.
//
// Thread-safe: concurrent send()s take different handles, so a host keeps at
// most one idle connection per send() that ran at the same time. Connections
// idle for more than about two minutes are not reused (curl's limit).
class CurlHttpClient final : public HttpClient {
  public:
    explicit CurlHttpClient(HttpSettings settings);
    ~CurlHttpClient() override;
    CurlHttpClient(const CurlHttpClient&) = delete;
    CurlHttpClient& operator=(const CurlHttpClient&) = delete;

    Expected<HttpResponse, HttpError> send(const HttpRequest& request) override;

  private:
    class Pool;  // the idle curl handles, under a mutex

    HttpSettings m_settings;
    std::unique_ptr<Pool> m_pool;
};

}  // namespace fairweather
