#pragma once
// A small HTTP/1.1 server on 127.0.0.1 for end-to-end tests: it serves
// scripted responses (recorded payloads, errors, misbehaviour such as
// truncated bodies or no answer at all) and records every request. Each
// connection gets one response and is closed. Started by the constructor on a
// free port, stopped by the destructor.

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fairweather::testing {

struct RecordedRequest {
    std::string method;
    std::string target;  // path and query, as sent
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    // The first value of a header (case-insensitive), or "" when absent.
    std::string header(std::string_view name) const;
};

struct ScriptedResponse {
    enum class Mode {
        normal,
        truncated,  // declares Content-Length `declared_length` but sends only `body`, then closes
        silent,     // reads the request and never answers (until the server stops)
        hang_up,    // closes the connection without a response
    };
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    Mode mode = Mode::normal;
    std::size_t declared_length = 0;
};

class LoopbackServer {
  public:
    LoopbackServer();
    ~LoopbackServer();
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    std::uint16_t port() const { return m_port; }
    // "http://127.0.0.1:<port>"
    std::string url() const;

    // Serves `response` for requests whose path (without the query) is `path`.
    // Several responses for one path are given in order; the last repeats.
    void route(const std::string& path, ScriptedResponse response);
    // Shorthand: 200 with a JSON body.
    void serve_json(const std::string& path, std::string body);

    std::vector<RecordedRequest> requests() const;
    std::size_t request_count() const;

  private:
    void accept_loop();
    void handle(int fd);

    int m_listen_fd = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stopping{false};
    mutable std::mutex m_mutex;
    std::map<std::string, std::vector<ScriptedResponse>> m_routes;
    std::map<std::string, std::size_t> m_served;  // per path, how many answered
    std::vector<RecordedRequest> m_requests;
    std::vector<int> m_silent_fds;
    std::thread m_thread;
};

}  // namespace fairweather::testing
