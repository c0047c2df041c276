#pragma once
// The libcurl implementation of HttpClient: the only file that includes curl.

#include "core/http/client.h"

namespace fairweather {

// Applies HttpSettings to every request: connect and total timeouts, at most
// `max_redirects` redirects (http and https only), TLS peer and host
// verification always on, bodies capped at `max_response_bytes`, gzip/deflate
// accepted, User-Agent fairweather/<version>.
//
// Thread-safe: each send() uses its own curl handle.
class CurlHttpClient final : public HttpClient {
  public:
    explicit CurlHttpClient(HttpSettings settings);
    Expected<HttpResponse, HttpError> send(const HttpRequest& request) override;

  private:
    HttpSettings m_settings;
};

}  // namespace fairweather
