#include "gate/monitor_client.h"

#include "core/json/reader.h"

namespace fairweather::gate {

namespace {

std::string join_url(std::string_view base_url, std::string_view path) {
    std::string base(base_url);
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base + std::string(path);
}

}  // namespace

MonitorReply get_from_monitor(HttpClient& http, std::string_view base_url, std::string_view path) {
    MonitorReply reply;
    reply.url = join_url(base_url, path);
    HttpRequest request;
    request.url = reply.url;
    request.headers.add("Accept", "application/json");
    const auto response = http.send(request);
    if (!response) {
        reply.problem =
            std::string(to_string(response.error().kind)) + ": " + response.error().message;
    } else if (response->status != 200) {
        reply.problem = describe_status(response->status);
    } else {
        reply.body = response->body;
    }
    return reply;
}

MonitorCall call_monitor(HttpClient& http, std::string_view base_url, std::string_view method,
                         std::string_view path, const std::string& body, const std::string& token) {
    MonitorCall call;
    call.url = join_url(base_url, path);
    HttpRequest request;
    request.method = std::string(method);
    request.url = call.url;
    request.headers.add("Accept", "application/json");
    if (!body.empty()) {
        request.headers.add("Content-Type", "application/json");
        request.body = body;
    }
    if (!token.empty()) {
        request.headers.add("Authorization", "Bearer " + token);
    }
    const auto response = http.send(request);
    if (!response) {
        call.problem =
            std::string(to_string(response.error().kind)) + ": " + response.error().message;
        return call;
    }
    call.status = response->status;
    call.body = response->body;
    return call;
}

std::string MonitorCall::refusal() const {
    if (status == 0) {
        return problem;
    }
    const auto doc = json::Document::parse(body, "JSON");
    std::string out = describe_status(status);
    if (doc) {
        json::Reader r;
        if (const auto o = r.as_object(doc->root(), "")) {
            const std::string error = r.string(*o, "error", "");
            const std::string field = r.string(*o, "field", "");
            if (!error.empty()) {
                out += ": " + (field.empty() ? std::string() : field + ": ") + error;
            }
        }
    }
    return out;
}

}  // namespace fairweather::gate
