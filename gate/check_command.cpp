#include "gate/check_command.h"

#include <filesystem>
#include <fstream>

#include "core/release/versions.h"
#include "core/util/files.h"
#include "core/util/time.h"
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

// The version being released and its kind, before anything is asked:
//   - under Actions, a missing --release is the pushed tag (GITHUB_REF_NAME
//     on a tag push) when the policy reads it as a version;
//   - with a [policy], no version at all is a usage error;
//   - a version the policy cannot read is a usage error, like `plan
//     --current`, not a release the policy blocks;
//   - --kind auto: a regular release of the policy is regular, any other
//     version a patch (security is never guessed); with neither a version
//     nor a policy, regular.
// Returns false after saying why on stderr (exit 64).
bool resolve_release_and_kind(const CheckOptions& options, const Config& config, bool in_actions,
                              CheckRequest& request, GateContext& ctx) {
    const VersionScheme scheme = config.policy.scheme;
    if (request.release.empty() && in_actions &&
        ctx.env.get("GITHUB_REF_TYPE") == std::optional<std::string>("tag")) {
        const std::string tag = ctx.env.get("GITHUB_REF_NAME").value_or("");
        if (!tag.empty() && parse_version(tag, scheme)) {
            request.release = tag;
            ctx.err << "fairweather-gate check: --release not given: checking the pushed tag "
                    << tag << " (GITHUB_REF_NAME)\n";
        }
    }
    if (request.release.empty() && config.policy.configured) {
        // An empty version would skip the policy without a word: a typo in a
        // workflow expression must not turn the policy off.
        ctx.err << "fairweather-gate check: the config has a [policy], so the version being "
                   "released is needed to check it: pass --release VERSION (the action's "
                   "`release` input; on a tag push it defaults to the pushed tag)\n";
        return false;
    }
    std::optional<Version> version;
    if (!request.release.empty() && (config.policy.configured || options.auto_kind)) {
        auto v = parse_version(request.release, scheme);
        if (!v) {
            ctx.err << "fairweather-gate check: --release: " << v.error().describe() << "\n";
            return false;
        }
        version = *v;
    }
    if (!options.auto_kind) {
        return true;
    }
    if (!version && !config.policy.configured) {
        // No version and no policy: nothing to tell a patch by, and nothing
        // that a kind changes but the weather's table.
        ctx.err << "fairweather-gate check: --kind auto with no --release and no [policy]: "
                   "checked as a regular release\n";
        return true;
    }
    if (!version) {
        ctx.err << "fairweather-gate check: --kind auto needs the version being released to tell "
                   "a regular release from a patch: pass --release VERSION (the action's "
                   "`release` input), or run on a tag push; or give --kind\n";
        return false;
    }
    // A pre-release of a regular release (1.6.0rc1) is judged as that
    // release, as the policy's own checks judge it.
    request.kind =
        config.policy.is_regular(final_of(*version)) ? ReleaseKind::regular : ReleaseKind::patch;
    ctx.err << "fairweather-gate check: --kind auto: " << request.release << " is a "
            << to_string(request.kind) << " release of the " << to_string(scheme) << " policy\n";
    return true;
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
    const bool in_actions = ctx.env.get("GITHUB_ACTIONS") == std::optional<std::string>("true");
    if (!resolve_release_and_kind(options, config, in_actions, request, ctx)) {
        return exit_codes::usage;
    }
    if (request.monitor_url.empty()) {
        request.monitor_url = config.gate_monitor_url;
    }
    request.requested_by = requester(ctx.env);
    request.api_token = api_token(ctx.env);
    if (in_actions && request.wait && *request.wait > std::chrono::hours(6)) {
        // GitHub cancels a job on a hosted runner after 6 hours.
        const std::string warning =
            "--wait " + format_duration(*request.wait) +
            " is longer than a job on a GitHub-hosted runner may run (6h): the job is cancelled "
            "before the wait ends; wait less, or let a monitor queue the release (queue: true)";
        ctx.err << "fairweather-gate check: warning: " << warning << "\n";
        // The runner reads workflow commands from both streams; JSON keeps stdout.
        (options.json ? ctx.err : ctx.out)
            << "::warning title=fairweather gate::" << escape_command_data(warning) << "\n";
    }
    if (request.repo.empty() && in_actions) {
        // In Actions the repository is the workflow's own (--repo overrides).
        request.repo = ctx.env.get("GITHUB_REPOSITORY").value_or("");
    }

    const auto http = ctx.make_http(config.http);
    const CheckResult result = run_check(request, config, *http, ctx.clock, ctx.err);
    const bool json = options.json;
    ctx.out << (json ? render_json(request, result) : render_text(request, result));

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
