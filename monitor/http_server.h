#pragma once
// The monitor's HTTP listener: one port for /metrics, the JSON API and the
// health checks. Handlers see plain request and response values, so tests
// call them without a socket.
//
// Built so that slow or hostile clients cannot silence it. One thread reads
// and writes every connection without blocking (poll), so a client sending a
// byte a second holds a file descriptor, never a worker; a request, body
// included, must arrive within `request_timeout` of its first byte or its
// connection is closed; a request is admitted (its token checked) on its
// head, before any body is read; a refused request closes its connection;
// when every connection slot is taken, the one that has waited longest for
// its request is closed to make room. Only whole requests reach the workers,
// so /healthz and /metrics keep answering while slow clients hang around.
// Every response goes out in one write, with TCP_NODELAY, and kept-alive
// connections are as fast as new ones.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/http/client.h"
#include "core/util/expected.h"

namespace fairweather::monitor {

struct ServerRequest {
    std::string method;
    std::string path;   // decoded, without the query
    std::string query;  // raw, without the '?'
    Headers headers;
    std::string body;
};

struct ServerResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    Headers headers;  // extra headers, e.g. Allow
};

struct ServerLimits {
    int threads = 4;                    // workers calling the handler
    std::size_t max_connections = 256;  // open connections at once
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 64 * 1024;
    // From a request's first byte to its last (head and body).
    std::chrono::milliseconds request_timeout{10'000};
    // A kept-alive connection waiting for its next request.
    std::chrono::milliseconds idle_timeout{60'000};
    // Sending a response to a client that does not read it.
    std::chrono::milliseconds write_timeout{10'000};
};

class HttpServer {
  public:
    using Handler = std::function<ServerResponse(const ServerRequest&)>;
    // Sees a request's head (its body is empty) before the body is read: a
    // response refuses the request there and then, and its connection is
    // closed; nullopt lets it through to the handler. Called on the I/O
    // thread: keep it quick (a token comparison).
    using Admission = std::function<std::optional<ServerResponse>(const ServerRequest& head)>;

    // Listens on `listen` (HOST:PORT or [IPV6]:PORT; port 0 picks a free
    // one). `handler` may be called from several workers at once. Fails with
    // a message when the address cannot be resolved or bound.
    static Expected<std::unique_ptr<HttpServer>, std::string> start(const std::string& listen,
                                                                    Handler handler,
                                                                    Admission admit = {},
                                                                    ServerLimits limits = {});
    // Stops accepting, closes every connection and joins the threads.
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // The port actually bound.
    int port() const { return m_port; }

  private:
    HttpServer() = default;
    struct Context;
    std::unique_ptr<Context> m_context;
    int m_port = 0;
};

}  // namespace fairweather::monitor
