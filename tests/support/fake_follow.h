#pragma once
// A Source::Follow for tests of sources that read further pages or a run's
// jobs: it answers by URL, in order (the last answer repeats), and
// remembers every request.

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/sources/source.h"

namespace fairweather::testing {

struct FakeFollow {
    std::map<std::string, std::deque<Expected<HttpResponse, HttpError>>> answers;
    std::vector<HttpRequest> requests;

    void answer(const std::string& url, int status, std::string body, Headers headers = {}) {
        HttpResponse r;
        r.status = status;
        r.body = std::move(body);
        r.headers = std::move(headers);
        r.url = url;
        answers[url].push_back(std::move(r));
    }
    int count(std::string_view part) const {
        return static_cast<int>(std::count_if(requests.begin(), requests.end(), [&](const auto& r) {
            return r.url.find(part) != std::string::npos;
        }));
    }
    Source::Follow follow() {
        return [this](const HttpRequest& request) -> Expected<HttpResponse, HttpError> {
            requests.push_back(request);
            auto it = answers.find(request.url);
            if (it == answers.end() || it->second.empty()) {
                return make_unexpected(
                    HttpError{HttpError::Kind::connect, request.url, "no answer in the test"});
            }
            auto answer = it->second.front();
            if (it->second.size() > 1) {
                it->second.pop_front();
            }
            return answer;
        };
    }
};

inline FetchResult first_page(std::string body, Headers headers = {}) {
    HttpResponse r;
    r.status = 200;
    r.body = std::move(body);
    r.headers = std::move(headers);
    FetchResult result;
    result.response = std::move(r);
    return result;
}

}  // namespace fairweather::testing
