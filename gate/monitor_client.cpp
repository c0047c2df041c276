#include "gate/monitor_client.h"

namespace fairweather::gate {

MonitorReply get_from_monitor(HttpClient& http, std::string_view base_url, std::string_view path) {
    std::string base(base_url);
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    MonitorReply reply;
    reply.url = base + std::string(path);
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

}  // namespace fairweather::gate
