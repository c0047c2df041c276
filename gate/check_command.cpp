#include "gate/check_command.h"

#include <filesystem>
#include <fstream>

#include "core/util/files.h"
#include "exporters/gate_metrics.h"
#include "gate/exit_codes.h"
#include "gate/publish.h"
#include "gate/render.h"

namespace fairweather::gate {
namespace {

bool append_to_file(const std::string& path, const std::string& text, std::ostream& err,
                    std::string_view what) {
    std::ofstream file(path, std::ios::app | std::ios::binary);
    if (file) {
        file << text;
        file.flush();
    }
    if (!file) {
        err << "fairweather-gate: error: could not write the " << what << " to " << path
            << "; check that the file is writable\n";
        return false;
    }
    return true;
}

// Pushes the decision's metrics and writes its textfile, as asked. A failure
// is a warning (stderr, and an annotation under Actions): the decision is
// the product, its metrics are not.
void publish_decision(const GateDecisionMetrics& metrics, const CheckOutputs& outputs,
                      HttpClient& http, bool in_actions, GateContext& ctx) {
    if (outputs.pushgateway.empty() && outputs.textfile_dir.empty()) {
        return;
    }
    const std::string text = render_gate_metrics(metrics);
    std::vector<std::string> problems;
    if (!outputs.pushgateway.empty()) {
        const auto url =
            push_url(outputs.pushgateway, push_grouping(metrics, outputs.push_instance));
        if (auto pushed = push_metrics(http, url, text); !pushed) {
            problems.push_back(pushed.error());
        }
    }
    if (!outputs.textfile_dir.empty()) {
        const auto path = std::filesystem::path(outputs.textfile_dir) / textfile_name(metrics);
        if (auto written = write_file_atomically(path, text); !written) {
            problems.push_back(written.error() + " (--textfile)");
        }
    }
    for (const auto& p : problems) {
        ctx.err << "fairweather-gate: warning: " << p << "\n";
        if (in_actions) {
            ctx.err << "::warning::" << p << "\n";
        }
    }
}

}  // namespace

int run_check_command(const CheckOptions& options, GateContext& ctx) {
    auto loaded = load_gate_config(options.config_path, "checked", ctx);
    if (!loaded) {
        return exit_codes::config;
    }
    Config config = std::move(*loaded);
    if (!options.status_url.empty()) {
        config.status_pages.front().url = options.status_url;
    }
    const CheckOutputs& outputs = options.outputs;
    if (!outputs.on_unknown.empty()) {
        config.gate.for_kind(options.request.kind).for_weather(Weather::unknown) =
            *parse_decision(outputs.on_unknown);
    }
    CheckRequest request = options.request;
    if (request.monitor_url.empty()) {
        request.monitor_url = config.gate_monitor_url;
    }
    request.requested_by = requester(ctx.env);
    request.api_token = api_token(ctx.env);

    const auto http = ctx.make_http(config.http);
    const CheckResult result = run_check(request, config, *http, ctx.clock, ctx.err);
    const bool json = options.json;
    ctx.out << (json ? render_json(request, result) : render_text(request, result));

    const bool in_actions = ctx.env.get("GITHUB_ACTIONS") == std::optional<std::string>("true");
    if (in_actions) {
        // The runner reads workflow commands from both streams; keep stdout pure JSON.
        (json ? ctx.err : ctx.out) << render_annotations(request, result);
    }
    bool written = true;
    if (const auto path = ctx.env.get("GITHUB_OUTPUT")) {
        written =
            append_to_file(*path, render_github_output(result), ctx.err, "step outputs") && written;
    }
    if (const auto path = ctx.env.get("GITHUB_STEP_SUMMARY")) {
        written =
            append_to_file(*path, render_step_summary(request, result), ctx.err, "step summary") &&
            written;
    }
    const int code = written ? exit_code(result.decision.decision) : exit_codes::io_error;
    GateDecisionMetrics metrics;
    metrics.kind = request.kind;
    metrics.repo = request.repo;
    metrics.release = request.release;
    metrics.decision = result.decision.decision;
    metrics.weather = result.decision.weather;
    metrics.exit_code = code;
    metrics.decided_at = ctx.clock.now();
    metrics.waited = result.waited;
    publish_decision(metrics, outputs, *http, in_actions, ctx);
    ctx.out.flush();
    return code;
}

}  // namespace fairweather::gate
