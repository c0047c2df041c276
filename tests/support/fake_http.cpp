#include "tests/support/fake_http.h"

#include <algorithm>

namespace fairweather::testing {

void FakeHttpClient::answer(const std::string& url, HttpResult result) {
    m_answers[url].push_back(std::move(result));
}

void FakeHttpClient::answer(const std::string& url, int status, std::string body, Headers headers) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers = std::move(headers);
    response.url = url;
    answer(url, HttpResult(std::move(response)));
}

HttpResult FakeHttpClient::send(const HttpRequest& request) {
    m_requests.push_back(request);
    auto it = m_answers.find(request.url);
    if (it == m_answers.end()) {
        // Answers registered without a query serve any query (a moving created>= filter).
        it = m_answers.find(request.url.substr(0, request.url.find('?')));
    }
    if (it == m_answers.end() || it->second.empty()) {
        return make_unexpected(http_error(HttpError::Kind::connect, request.url,
                                          "the fake has no answer for this URL"));
    }
    HttpResult result = it->second.front();
    if (it->second.size() > 1) {
        it->second.pop_front();
    }
    return result;
}

int FakeHttpClient::count(const std::string& url) const {
    return static_cast<int>(
        std::count_if(m_requests.begin(), m_requests.end(), [&](const HttpRequest& r) {
            return r.url == url || r.url.substr(0, r.url.find('?')) == url;
        }));
}

HttpError http_error(HttpError::Kind kind, std::string url, std::string message) {
    return HttpError{kind, std::move(url), std::move(message)};
}

}  // namespace fairweather::testing
