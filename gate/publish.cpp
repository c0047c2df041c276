#include "gate/publish.h"

#include "core/util/text.h"

namespace fairweather::gate {

std::vector<std::pair<std::string, std::string>> push_grouping(const GateDecisionMetrics& d,
                                                               const std::string& instance) {
    std::string chosen = instance;
    if (chosen.empty()) {
        chosen = d.repo.empty() ? std::string("unknown") : d.repo;
    }
    return {{"job", "fairweather-gate"},
            {"instance", chosen},
            {"kind", std::string(to_string(d.kind))}};
}

std::string push_url(std::string_view base,
                     const std::vector<std::pair<std::string, std::string>>& grouping) {
    std::string url(base);
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    url += "/metrics";
    for (const auto& [name, value] : grouping) {
        if (value.empty() || value.find('/') != std::string::npos) {
            url += "/" + name + "@base64/" + base64url(value);
        } else {
            url += "/" + name + "/" + url_escape(value);
        }
    }
    return url;
}

Expected<void, std::string> push_metrics(HttpClient& http, const std::string& url,
                                         const std::string& text) {
    HttpRequest request;
    request.method = "PUT";
    request.url = url;
    request.headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    request.body = text;
    const auto response = http.send(request);
    const std::string where = redact_url(url);  // a URL may carry user:password
    if (!response) {
        return make_unexpected("could not push the metrics to " + where + ": " +
                               response.error().message +
                               "; check --pushgateway (e.g. http://pushgateway:9091)");
    }
    if (response->status < 200 || response->status >= 300) {
        std::string why = std::string(trim(response->body)).substr(0, 300);
        return make_unexpected("the Pushgateway at " + where + " refused the metrics: HTTP " +
                               std::to_string(response->status) +
                               (why.empty() ? std::string() : ": " + why));
    }
    return {};
}

std::string textfile_name(const GateDecisionMetrics& d) {
    std::string repo = d.repo.empty() ? std::string("unknown") : d.repo;
    for (char& c : repo) {
        if (c == '/') {
            c = '_';
        }
    }
    return "fairweather-gate_" + repo + "_" + std::string(to_string(d.kind)) + ".prom";
}

}  // namespace fairweather::gate
