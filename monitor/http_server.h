#pragma once
// The monitor's HTTP listener: one port for /metrics, the JSON API and the
// health checks. The only file that includes civetweb; handlers see plain
// request and response values, so tests can call them without a socket.

#include <functional>
#include <memory>
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

class HttpServer {
  public:
    using Handler = std::function<ServerResponse(const ServerRequest&)>;

    // Listens on `listen` (HOST:PORT; port 0 picks a free one) with `threads`
    // worker threads; `handler` may be called from any of them at once.
    // Request bodies over `max_body_bytes` get 413 without reaching the
    // handler. Fails with a message when the address cannot be bound.
    static Expected<std::unique_ptr<HttpServer>, std::string> start(
        const std::string& listen, Handler handler, int threads = 4,
        std::size_t max_body_bytes = 1 << 20);
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
