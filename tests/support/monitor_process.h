#pragma once
// What the end-to-end tests of the real fairweather-monitor share: starting
// it on a free loopback port and learning its base URL from its log, its
// command line, and calling it over HTTP. Header-only.

#include <filesystem>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/http/curl_client.h"
#include "tests/support/process.h"

namespace fairweather::testing {

// The monitor's arguments for `config`, state under `state_dir`, on a port
// the kernel picks.
inline std::vector<std::string> monitor_args(const std::string& config,
                                             const std::filesystem::path& state_dir) {
    return {"--config", config, "--listen", "127.0.0.1:0", "--state-dir", state_dir.string()};
}

// Waits for the monitor's "serving ..." line and returns its base URL
// ("http://127.0.0.1:PORT"); fails the test with its log when it did not start.
inline std::string wait_until_serving(BackgroundProcess& process) {
    const std::string line = process.wait_for_line("serving /metrics and /api/v1 on ");
    BOOST_REQUIRE_MESSAGE(!line.empty(), "the monitor did not start:\n" << process.err());
    const auto start = line.find("http://");
    return line.substr(start, line.find(',', start) - start);
}

// A request to the monitor's API: a JSON `body` when not empty, `token` as
// its bearer token when not empty.
inline HttpRequest monitor_request(const std::string& method, const std::string& url,
                                   const std::string& body, const std::string& token) {
    HttpRequest r;
    r.method = method;
    r.url = url;
    r.body = body;
    if (!body.empty()) {
        r.headers.add("Content-Type", "application/json");
    }
    if (!token.empty()) {
        r.headers.add("Authorization", "Bearer " + token);
    }
    return r;
}

// One request (with `token` as its bearer token when not empty); fails the
// test when no answer came.
inline HttpResponse call_monitor(const std::string& method, const std::string& url,
                                 const std::string& body = "", const std::string& token = "") {
    CurlHttpClient http(HttpSettings{});
    const auto response = http.send(monitor_request(method, url, body, token));
    BOOST_REQUIRE_MESSAGE(response.has_value(), method
                                                    << " " << url << ": "
                                                    << (response ? "" : response.error().message));
    return *response;
}

// The body of GET `url`, whatever its status.
inline std::string get_body(const std::string& url) {
    return call_monitor("GET", url).body;
}

}  // namespace fairweather::testing
