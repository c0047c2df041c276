#pragma once
// A small HTTP/1.1 server on 127.0.0.1 for end-to-end tests: it serves
// scripted responses (recorded payloads, errors, misbehaviour such as
// truncated bodies or no answer at all) and records every request.
// Connections are kept alive (HTTP/1.1): one serves requests until the client
// closes it or says `Connection: close`, a scripted response says
// `Connection: close`, or a mode below ends it. One thread serves every
// connection, one request at a time. Started by the constructor on a free
// port, stopped by the destructor (which closes every connection).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fairweather::testing {

struct RecordedRequest {
    std::string method;
    std::string target;   // path and query, as sent
    std::string version;  // "HTTP/1.1"
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::steady_clock::time_point arrived;  // when the request was read

    // The first value of a header (case-insensitive), or "" when absent.
    std::string header(std::string_view name) const;
};

struct ScriptedResponse {
    enum class Mode {
        normal,     // answers and keeps the connection (unless `headers` say Connection: close)
        truncated,  // declares Content-Length `declared_length` but sends only `body`, then closes
        silent,     // reads the request and never answers, nor reads that connection again
                    // (until the server stops)
        hang_up,    // closes the connection without a response
    };
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    Mode mode = Mode::normal;
    std::size_t declared_length = 0;
    // When set, the response carries this ETag, and a request whose
    // If-None-Match equals it gets 304 Not Modified with no body.
    std::string etag;
};

// A loopback port nothing listens on right now (for servers the tests start,
// such as Prometheus, that need a port number up front).
std::uint16_t free_port();

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
    // Shorthand: 200 with a JSON body (and an ETag, when given).
    void serve_json(const std::string& path, std::string body, std::string etag = "");
    // Replaces whatever `path` served: switches a fake between scenarios.
    void replace(const std::string& path, ScriptedResponse response);
    void replace_json(const std::string& path, std::string body, std::string etag = "");

    // A handler asked first for every request (under the server's lock, one
    // request at a time); nullopt falls through to the routes.
    using Handler = std::function<std::optional<ScriptedResponse>(const RecordedRequest&)>;
    void set_handler(Handler handler);

    std::vector<RecordedRequest> requests() const;
    std::size_t request_count() const;
    // How many TCP connections were accepted so far: a client that keeps its
    // connections alive makes this smaller than request_count().
    std::size_t connections() const;
    // Requests whose path (without the query) is `path`.
    std::size_t count(const std::string& path) const;
    // Of those, how many were answered 304.
    std::size_t not_modified(const std::string& path) const;
    // Blocks until `path` has had at least `n` requests (true) or `timeout`
    // passed (false). It waits on the server's own signal, not on a timer.
    bool wait_for_count(const std::string& path, std::size_t n,
                        std::chrono::milliseconds timeout = std::chrono::seconds{30}) const;
    // The same for all requests whatever their path.
    bool wait_for_total(std::size_t n,
                        std::chrono::milliseconds timeout = std::chrono::seconds{30}) const;

  private:
    // An open connection and the bytes read from it that no request used yet.
    struct Connection {
        int fd = -1;
        std::string pending;
    };
    enum class After { keep, close, park };  // what a connection does once answered

    void serve_loop();
    void accept_connection();
    // Reads what `c` has and answers each whole request; false when `c` is done.
    bool read_from(Connection& c);
    ScriptedResponse answer(const RecordedRequest& request);
    After respond(int fd, const RecordedRequest& request, const ScriptedResponse& response);

    int m_listen_fd = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stopping{false};
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_arrived;
    std::map<std::string, std::vector<ScriptedResponse>> m_routes;
    std::map<std::string, std::size_t> m_served;  // per path, how many answered
    std::map<std::string, std::size_t> m_304;     // per path, how many 304s
    std::vector<RecordedRequest> m_requests;
    std::size_t m_accepted = 0;
    // The serving thread's alone:
    std::vector<Connection> m_open;
    std::vector<int> m_silent_fds;  // parked by Mode::silent, closed when the server stops
    Handler m_handler;
    std::thread m_thread;
};

}  // namespace fairweather::testing
