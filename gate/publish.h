#pragma once
// Handing a decision's metrics to Prometheus from a short-lived gate: push
// them to a Pushgateway, or write a node_exporter textfile.

#include <string>
#include <utility>
#include <vector>

#include "core/http/client.h"
#include "core/util/expected.h"
#include "exporters/gate_metrics.h"

namespace fairweather::gate {

// The Pushgateway's group for a decision: job "fairweather-gate", instance
// `instance` (default: the repository, else "unknown"), and the release kind,
// so that a regular and a security check of one repository do not replace
// each other's metrics.
std::vector<std::pair<std::string, std::string>> push_grouping(const GateDecisionMetrics& d,
                                                               const std::string& instance);

// The URL to PUT to: {base}/metrics/job/<job>{/<label>/<value>}. A value that
// is empty or holds a '/' (OWNER/NAME) is written base64url-encoded as
// <label>@base64/<value>, as the Pushgateway expects.
std::string push_url(std::string_view base,
                     const std::vector<std::pair<std::string, std::string>>& grouping);

// PUTs `text` (the exposition) to the group, replacing what it held. The
// error says what failed and where (the URL, the HTTP status and the
// Pushgateway's own message).
Expected<void, std::string> push_metrics(HttpClient& http, const std::string& url,
                                         const std::string& text);

// The textfile for a decision in a node_exporter textfile directory:
// fairweather-gate_<repo with '/' as '_'>_<kind>.prom (one per repository and
// kind, so gates on one host do not overwrite each other).
std::string textfile_name(const GateDecisionMetrics& d);

}  // namespace fairweather::gate
