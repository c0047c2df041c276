#pragma once
// A fake HttpClient that serves scripted answers and remembers every request,
// so a test can assert what was sent ("asked once", "sent Accept").

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/http/client.h"

namespace fairweather::testing {

using HttpResult = Expected<HttpResponse, HttpError>;

class FakeHttpClient final : public HttpClient {
  public:
    // Queues an answer for requests to exactly `url`, or, when `url` has no
    // query, to it with any query. Answers are given in order; the last one
    // repeats.
    void answer(const std::string& url, HttpResult result);
    void answer(const std::string& url, int status, std::string body, Headers headers = {});

    HttpResult send(const HttpRequest& request) override;

    const std::vector<HttpRequest>& requests() const { return m_requests; }
    // Requests to `url` (with any query when `url` has none).
    int count(const std::string& url) const;

  private:
    std::map<std::string, std::deque<HttpResult>> m_answers;
    std::vector<HttpRequest> m_requests;
};

HttpError http_error(HttpError::Kind kind, std::string url, std::string message);

}  // namespace fairweather::testing
