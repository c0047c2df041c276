#include "monitor/http_server.h"

#include <cstring>

#include <civetweb.h>

namespace fairweather::monitor {
namespace {

void send(mg_connection* conn, const ServerResponse& r) {
    const std::string_view phrase = reason_phrase(r.status);
    std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " +
                       std::string(phrase.empty() ? "Status" : phrase) + "\r\n";
    head += "Content-Type: " + r.content_type + "\r\n";
    head += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    head += "Cache-Control: no-store\r\n";
    for (const auto& [name, value] : r.headers.fields()) {
        head += name + ": " + value + "\r\n";
    }
    head += "\r\n";
    mg_write(conn, head.data(), head.size());
    mg_write(conn, r.body.data(), r.body.size());
}

}  // namespace

struct HttpServer::Context {
    Handler handler;
    std::size_t max_body = 0;
    mg_context* ctx = nullptr;

    static int on_request(mg_connection* conn, void* data) {
        auto* self = static_cast<Context*>(data);
        const mg_request_info* info = mg_get_request_info(conn);
        ServerRequest request;
        request.method = info->request_method != nullptr ? info->request_method : "";
        request.path = info->local_uri != nullptr ? info->local_uri : "/";
        request.query = info->query_string != nullptr ? info->query_string : "";
        for (int i = 0; i < info->num_headers; ++i) {
            request.headers.add(info->http_headers[i].name, info->http_headers[i].value);
        }
        if (info->content_length > 0 &&
            static_cast<std::size_t>(info->content_length) > self->max_body) {
            ServerResponse too_big{413,
                                   "application/json",
                                   "{\"error\":\"request body larger than " +
                                       std::to_string(self->max_body) + " bytes\"}\n",
                                   {}};
            send(conn, too_big);
            return 413;
        }
        char buf[8192];
        for (;;) {
            const int n = mg_read(conn, buf, sizeof buf);
            if (n <= 0) {
                break;
            }
            request.body.append(buf, static_cast<std::size_t>(n));
            if (request.body.size() > self->max_body) {
                send(conn,
                     ServerResponse{
                         413, "application/json", "{\"error\":\"request body too large\"}\n", {}});
                return 413;
            }
        }
        ServerResponse response;
        try {
            response = self->handler(request);
        } catch (const std::exception&) {
            // One bad request must not take the listener down.
            response = ServerResponse{
                500, "application/json", "{\"error\":\"internal error while answering\"}\n", {}};
        }
        send(conn, response);
        return response.status;
    }
};

Expected<std::unique_ptr<HttpServer>, std::string> HttpServer::start(const std::string& listen,
                                                                     Handler handler, int threads,
                                                                     std::size_t max_body_bytes) {
    mg_init_library(0);
    std::unique_ptr<HttpServer> server(new HttpServer());
    server->m_context = std::make_unique<Context>();
    server->m_context->handler = std::move(handler);
    server->m_context->max_body = max_body_bytes;

    const std::string thread_count = std::to_string(threads);
    const char* options[] = {"listening_ports",
                             listen.c_str(),
                             "num_threads",
                             thread_count.c_str(),
                             "request_timeout_ms",
                             "10000",
                             "enable_keep_alive",
                             "yes",
                             nullptr};
    mg_callbacks callbacks;
    std::memset(&callbacks, 0, sizeof callbacks);
    mg_init_data init{&callbacks, nullptr, options};
    char error_text[256] = {};
    unsigned error_code = 0;
    mg_error_data error{&error_code, error_text, sizeof error_text};
    mg_context* ctx = mg_start2(&init, &error);
    if (ctx == nullptr) {
        return make_unexpected(
            std::string(error_text[0] != '\0' ? error_text : "cannot start the listener"));
    }
    server->m_context->ctx = ctx;
    mg_set_request_handler(ctx, "/", &Context::on_request, server->m_context.get());
    mg_server_port ports[4];
    const int n = mg_get_server_ports(ctx, 4, ports);
    server->m_port = n > 0 ? ports[0].port : 0;
    return server;
}

HttpServer::~HttpServer() {
    if (m_context && m_context->ctx != nullptr) {
        mg_stop(m_context->ctx);
    }
}

}  // namespace fairweather::monitor
