#include "gate/cli.h"

#include <filesystem>
#include <fstream>

#include <CLI/CLI.hpp>

#include "config/config.h"
#include "core/api/decisions_json.h"
#include "core/api/queue_json.h"
#include "core/history/delay_report.h"
#include "core/util/build_info.h"
#include "core/util/files.h"
#include "gate/check.h"
#include "gate/delay_report_render.h"
#include "gate/exit_codes.h"
#include "gate/monitor_client.h"
#include "gate/plan.h"
#include "gate/publish.h"
#include "gate/queue.h"
#include "gate/render.h"
#include "gate/report.h"

namespace fairweather::gate {
namespace {

bool valid_owner_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
}
bool valid_repo_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// GitHub's rules: owner 1-39 of [A-Za-z0-9-] not starting with '-'; name 1-100
// of [A-Za-z0-9._-], not "." or "..".
std::string check_repo(const std::string& value) {
    const auto slash = value.find('/');
    const std::string hint = "; write it as OWNER/NAME, e.g. bytecodealliance/wasmtime";
    if (slash == std::string::npos || value.find('/', slash + 1) != std::string::npos) {
        return "\"" + value + "\" is not OWNER/NAME" + hint;
    }
    const std::string owner = value.substr(0, slash);
    const std::string name = value.substr(slash + 1);
    if (owner.empty() || owner.size() > 39 || owner.front() == '-' ||
        !std::all_of(owner.begin(), owner.end(), valid_owner_char)) {
        return "owner \"" + owner + "\" is not a GitHub user or organisation name" + hint;
    }
    if (name.empty() || name.size() > 100 || name == "." || name == ".." ||
        !std::all_of(name.begin(), name.end(), valid_repo_char)) {
        return "repository name \"" + name + "\" is not valid on GitHub" + hint;
    }
    return {};
}

std::string check_duration(const std::string& value) {
    const auto d = parse_duration(value);
    return d ? std::string() : d.error();
}

std::string check_date(const std::string& value) {
    return parse_calendar_date(value)
               ? std::string()
               : "\"" + value + "\" is not a date; write YYYY-MM-DD, e.g. 2026-11-20";
}

std::string check_time(const std::string& value) {
    return parse_timestamp(value)
               ? std::string()
               : "\"" + value + "\" is not an RFC 3339 time; e.g. 2026-11-20T14:00:00Z";
}

std::string check_url(const std::string& value) {
    if (value.starts_with("https://") || value.starts_with("http://")) {
        return {};
    }
    return "\"" + value + "\" is not an http(s) URL; e.g. https://www.githubstatus.com";
}

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

// Who asks, for the queue's records: the GitHub actor in Actions, else the user.
std::string requester(const Environment& env) {
    if (const auto actor = env.get("GITHUB_ACTOR")) {
        const auto run = env.get("GITHUB_RUN_ID");
        return *actor + " (fairweather-gate" + (run ? " in Actions run " + *run : std::string()) +
               ")";
    }
    return env.get("USER").value_or("someone") + " (fairweather-gate)";
}

int queue_exit(QueueOutcome outcome) {
    switch (outcome) {
        case QueueOutcome::done:
            return exit_codes::proceed;
        case QueueOutcome::refused:
            return exit_codes::block;
        case QueueOutcome::unavailable:
            return exit_codes::unavailable;
    }
    return exit_codes::unavailable;
}

// Loads the config (or the defaults when no path is given); on problems,
// prints them and returns nullopt.
std::optional<Config> load_gate_config(const std::string& config_path, std::string_view doing,
                                       GateContext& ctx) {
    if (config_path.empty()) {
        return Config{};
    }
    auto loaded = load_config(config_path);
    if (!loaded) {
        for (const auto& e : loaded.error()) {
            ctx.err << e.describe() << "\n";
        }
        ctx.err << "fairweather-gate: " << loaded.error().size()
                << (loaded.error().size() == 1 ? " problem" : " problems") << " in " << config_path
                << "; nothing was " << doing << "\n";
        return std::nullopt;
    }
    return std::move(*loaded);
}

int run_plan_command(const std::string& config_path, const std::optional<Date>& date,
                     const std::string& current, const std::string& repo,
                     const std::string& monitor_url, bool json, GateContext& ctx) {
    auto config = load_gate_config(config_path, "planned", ctx);
    if (!config) {
        return exit_codes::config;
    }
    if (!config->policy.configured) {
        ctx.err << (config_path.empty() ? std::string("fairweather-gate") : config_path)
                << ": error: no [policy] in the config: `plan` needs the project's release policy "
                   "(see config/examples/wasmtime.toml); pass it with --config\n";
        return exit_codes::config;
    }
    std::optional<Version> current_version;
    if (!current.empty()) {
        auto v = parse_version(current, config->policy.scheme);
        if (!v) {
            ctx.err << "fairweather-gate plan: --current: " << v.error().describe() << "\n";
            return exit_codes::usage;
        }
        current_version = *v;
    }
    const auto http = ctx.make_http(config->http);
    const std::string monitor = monitor_url.empty() ? config->gate_monitor_url : monitor_url;
    const History history = load_history(*http, *config, monitor, repo);
    const Date day = date.value_or(today(config->policy, ctx.clock));
    const Plan plan =
        make_plan(config->policy, history.releases, history.complete, day, current_version);
    ctx.out << (json ? render_plan_json(plan, history)
                     : render_plan_text(plan, config->policy, history));
    return exit_codes::proceed;
}

// Text of `report` in `format` (md, csv, json, html).
std::string render_report(const DelayReport& report, const std::string& format) {
    if (format == "json") {
        return render_delay_report_json(report);
    }
    if (format == "csv") {
        return render_delay_report_csv(report);
    }
    if (format == "html") {
        return render_delay_report_html(report);
    }
    return render_delay_report_markdown(report);
}

int run_report_command(const std::string& config_path, const std::string& since,
                       const std::string& until, const std::string& format,
                       const std::string& output, ReportRequest request, GateContext& ctx) {
    auto config = load_gate_config(config_path, "reported", ctx);
    if (!config) {
        return exit_codes::config;
    }
    if (!config->policy.configured) {
        ctx.err << (config_path.empty() ? std::string("fairweather-gate") : config_path)
                << ": error: no [policy] in the config: `report` needs the release schedule "
                   "(see config/examples/wasmtime.toml); pass it with --config\n";
        return exit_codes::config;
    }
    request.since = since.empty() ? std::nullopt : parse_calendar_date(since);
    request.until = until.empty() ? std::nullopt : parse_calendar_date(until);
    if (request.since && request.until &&
        std::chrono::sys_days{*request.until} < std::chrono::sys_days{*request.since}) {
        ctx.err << "fairweather-gate report: --until " << until << " is before --since " << since
                << "; give the first day as --since and the last as --until\n";
        return exit_codes::usage;
    }
    // The flags win over the config's [report].
    if (!request.security_marker) {
        request.security_marker = config->report.security_marker;
    }
    const bool include_prereleases =
        request.include_prereleases_flag || config->report.include_prereleases;
    if (request.monitor_url.empty() &&
        (request.releases_file.empty() || request.incidents_file.empty())) {
        request.monitor_url = config->gate_monitor_url;
    }
    const auto http = ctx.make_http(config->http);
    std::vector<std::string> notes;
    const auto inputs = gather_report_inputs(*http, *config, request, notes);
    if (!inputs) {
        ctx.err << "fairweather-gate report: " << inputs.error().message << "\n";
        return inputs.error().exit_code;
    }
    DelayReport made = make_delay_report(config->policy, request.repo, *inputs, request.since,
                                         request.until, ctx.clock.now(), include_prereleases);
    made.notes.insert(made.notes.end(), notes.begin(), notes.end());
    const std::string text = render_report(made, format);
    if (output.empty()) {
        ctx.out << text;
        return exit_codes::proceed;
    }
    if (auto written = write_file_atomically(output, text); !written) {
        ctx.err << "fairweather-gate report: " << written.error() << "\n";
        return exit_codes::io_error;
    }
    return exit_codes::proceed;
}

// Where a check's result goes besides stdout, and a policy override.
struct CheckOutputs {
    std::string on_unknown;     // proceed|defer|block; empty: the config's
    std::string pushgateway;    // base URL
    std::string push_instance;  // empty: the repository
    std::string textfile_dir;
};

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

int run_check_command(const CheckRequest& request, const std::string& config_path,
                      const std::string& status_url, bool json, const CheckOutputs& outputs,
                      GateContext& ctx) {
    auto loaded = load_gate_config(config_path, "checked", ctx);
    if (!loaded) {
        return exit_codes::config;
    }
    Config config = std::move(*loaded);
    if (!status_url.empty()) {
        config.status_pages.front().url = status_url;
    }
    if (!outputs.on_unknown.empty()) {
        config.gate.for_kind(request.kind).for_weather(Weather::unknown) =
            *parse_decision(outputs.on_unknown);
    }
    CheckRequest effective = request;
    if (effective.monitor_url.empty()) {
        effective.monitor_url = config.gate_monitor_url;
    }

    const auto http = ctx.make_http(config.http);
    CheckResult result = run_check(effective, config, *http, ctx.clock, ctx.err);
    if (result.decision.decision == Decision::defer && request.kind == ReleaseKind::security &&
        !effective.monitor_url.empty() && !request.repo.empty() && !request.release.empty()) {
        // Nobody should have to press the button again: the monitor ships it
        // once CI has recovered.
        EnqueueRequest enqueue;
        enqueue.repo = request.repo;
        enqueue.version = request.release;
        enqueue.kind = "security";
        enqueue.reason =
            result.decision.reasons.empty() ? std::string() : result.decision.reasons.front();
        enqueue.requested_by = requester(ctx.env);
        enqueue.advisory_id = request.advisory_id;
        enqueue.advisory_at = request.advisory_at;
        const auto answer = queue_add(*http, effective.monitor_url,
                                      ctx.env.get("FAIRWEATHER_API_TOKEN").value_or(""), enqueue);
        if (answer.outcome == QueueOutcome::done) {
            result.queued = answer.value;
            result.queued_now = answer.created;
        } else {
            result.queue_problem = answer.problem;
        }
    }
    if (const auto token = ctx.env.get("FAIRWEATHER_API_TOKEN");
        token && !effective.monitor_url.empty()) {
        // The monitor keeps the decision for reports and metrics.
        GateDecisionRecord d;
        d.repo = request.repo;
        d.version = request.release;
        d.kind = request.kind;
        d.decision = result.decision.decision;
        d.weather = result.decision.weather;
        d.reason = result.decision.reasons.empty() ? std::string()
                                                   : result.decision.reasons.front().substr(0, 500);
        d.requested_by = requester(ctx.env);
        const auto call = call_monitor(*http, effective.monitor_url, "POST", "/api/v1/decisions",
                                       render_decision_body(d), *token);
        if (call.status != 201) {
            result.policy_notes.push_back("the decision could not be reported to the monitor: " +
                                          call.refusal());
        }
    }
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

}  // namespace

int run(int argc, const char* const* argv, GateContext& ctx) {
    CLI::App app{
        "fairweather-gate: release only in fair CI weather.\n"
        "Exit status: 0 proceed (or done), 1 block (or refused by the monitor), 75 defer, 64 "
        "usage error, 65 unreadable input data, 66 missing input file, 69 monitor unavailable, "
        "74 output not written, 78 config error.",
        "fairweather-gate"};
    app.set_version_flag("--version", std::string(version()));
    app.require_subcommand(1);

    CLI::App* check = app.add_subcommand("check", "Decide whether a release may start now");
    std::string kind;
    CheckRequest request;
    std::string config_path = ctx.env.get("FAIRWEATHER_CONFIG").value_or("");
    std::string status_url;
    std::string format = "text";
    std::string wait;
    check->add_option("--kind", kind, "Release kind")
        ->required()
        ->check(CLI::IsMember({"regular", "patch", "security"}));
    check->add_option("--release", request.release, "Version being released, e.g. 39.0.1");
    check->add_option("--repo", request.repo, "Repository, OWNER/NAME")
        ->check(CLI::Validator(check_repo, "OWNER/NAME"));
    check->add_option("--config", config_path, "Config file (TOML); default $FAIRWEATHER_CONFIG");
    check
        ->add_option("--status-url", status_url,
                     "Status page base URL (default https://www.githubstatus.com)")
        ->check(CLI::Validator(check_url, "URL"));
    check
        ->add_option("--monitor", request.monitor_url,
                     "Ask this fairweather-monitor (base URL) for the weather instead of polling")
        ->check(CLI::Validator(check_url, "URL"));
    check->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json"}));
    check->add_option("--wait", wait, "Keep checking while deferred, up to this long (e.g. 30m)")
        ->check(CLI::Validator(check_duration, "DURATION"));

    std::string check_date_text;
    check
        ->add_option("--date", check_date_text,
                     "Judge the release policy as of this day (YYYY-MM-DD)")
        ->check(CLI::Validator(check_date, "YYYY-MM-DD"));

    check->add_option("--advisory", request.advisory_id,
                      "Security advisory id, recorded when a deferred security release is queued");
    check
        ->add_option("--advisory-at", request.advisory_at,
                     "When the advisory was published (RFC 3339); the SLA deadline counts from it")
        ->check(CLI::Validator(check_time, "TIME"));
    CheckOutputs outputs;
    check
        ->add_option("--on-unknown", outputs.on_unknown,
                     "Decision when the weather is unknown (sources unreadable), overriding "
                     "[gate.<kind>] unknown")
        ->check(CLI::IsMember({"proceed", "defer", "block"}));
    check
        ->add_option("--pushgateway", outputs.pushgateway,
                     "Push the decision's metrics to this Prometheus Pushgateway (base URL)")
        ->check(CLI::Validator(check_url, "URL"));
    check->add_option("--push-instance", outputs.push_instance,
                      "The Pushgateway's instance label; default the repository");
    check->add_option("--textfile", outputs.textfile_dir,
                      "Write the decision's metrics into this node_exporter textfile directory");

    CLI::App* queue =
        app.add_subcommand("queue", "The monitor's queue of deferred security releases");
    queue->require_subcommand(1);
    std::string queue_monitor;
    std::string queue_format = "text";
    std::string queue_id;
    EnqueueRequest queue_request;
    std::vector<std::string> queue_inputs;
    const auto queue_common = [&](CLI::App* sub) {
        sub->add_option("--monitor", queue_monitor,
                        "The monitor's base URL; default [gate] monitor")
            ->check(CLI::Validator(check_url, "URL"));
        sub->add_option("--config", config_path, "Config file (TOML); default $FAIRWEATHER_CONFIG");
        sub->add_option("--format", queue_format, "Output format")
            ->check(CLI::IsMember({"text", "json"}));
    };
    CLI::App* queue_add_cmd =
        queue->add_subcommand("add", "Queue a security release to ship when CI is fair");
    queue_common(queue_add_cmd);
    queue_add_cmd->add_option("--repo", queue_request.repo, "Repository, OWNER/NAME")
        ->required()
        ->check(CLI::Validator(check_repo, "OWNER/NAME"));
    queue_add_cmd->add_option("--release", queue_request.version, "Version to release")->required();
    queue_add_cmd->add_option("--kind", queue_request.kind, "security (default) or patch")
        ->check(CLI::IsMember({"security", "patch"}));
    queue_add_cmd->add_option("--workflow", queue_request.workflow,
                              "Release workflow file; default from [[repos]]");
    queue_add_cmd->add_option("--ref", queue_request.ref,
                              "Branch or tag to run it on; default from [[repos]]");
    queue_add_cmd->add_option("--input", queue_inputs, "Workflow input NAME=VALUE (repeatable)")
        ->check(CLI::Validator(
            [](const std::string& v) {
                return v.find('=') == std::string::npos || v.front() == '='
                           ? "\"" + v + "\" is not NAME=VALUE"
                           : std::string();
            },
            "NAME=VALUE"));
    queue_add_cmd->add_option("--reason", queue_request.reason, "Why it is queued");
    queue_add_cmd->add_option("--advisory", queue_request.advisory_id, "Security advisory id");
    queue_add_cmd
        ->add_option("--advisory-at", queue_request.advisory_at, "Advisory time (RFC 3339)")
        ->check(CLI::Validator(check_time, "TIME"));
    CLI::App* queue_list_cmd = queue->add_subcommand("list", "List the queue");
    queue_common(queue_list_cmd);
    CLI::App* queue_show_cmd = queue->add_subcommand("show", "Show one item with its history");
    queue_common(queue_show_cmd);
    queue_show_cmd->add_option("id", queue_id, "Queue id")->required();
    CLI::App* queue_cancel_cmd =
        queue->add_subcommand("cancel", "Cancel a queued item (before it is dispatched)");
    queue_common(queue_cancel_cmd);
    queue_cancel_cmd->add_option("id", queue_id, "Queue id")->required();

    CLI::App* report = app.add_subcommand(
        "report", "How late releases were, why, and whether security fixes met the SLA");
    ReportRequest report_request;
    std::string report_since;
    std::string report_until;
    std::string report_format = "md";
    std::string report_output;
    report->add_option("--repo", report_request.repo, "Repository, OWNER/NAME")
        ->required()
        ->check(CLI::Validator(check_repo, "OWNER/NAME"));
    report->add_option("--config", config_path,
                       "Config file (TOML) with the [policy]; default $FAIRWEATHER_CONFIG");
    report->add_option("--since", report_since, "First day (YYYY-MM-DD)")
        ->check(CLI::Validator(check_date, "YYYY-MM-DD"));
    report->add_option("--until", report_until, "Last day (YYYY-MM-DD)")
        ->check(CLI::Validator(check_date, "YYYY-MM-DD"));
    report->add_option("--format", report_format, "Output format")
        ->check(CLI::IsMember({"md", "csv", "json", "html"}));
    report->add_option("--output", report_output, "Write to this file instead of stdout");
    report->add_option("--releases", report_request.releases_file,
                       "Releases from a file: GitHub's JSON, or CSV with version,released_on");
    report->add_option("--incidents", report_request.incidents_file,
                       "Incidents from a file: Statuspage JSON, or CSV with "
                       "id,name,impact,created_at,resolved_at,components");
    report
        ->add_option("--monitor", report_request.monitor_url,
                     "A fairweather-monitor to read the history from")
        ->check(CLI::Validator(check_url, "URL"));
    report->add_flag("--include-prereleases", report_request.include_prereleases_flag,
                     "Count pre-releases too (default: [report] include_prereleases)");
    report->add_option("--security-marker", report_request.security_marker,
                       "Count releases whose tag or name contains this (e.g. security) as "
                       "security releases (default: [report] security_marker)");

    CLI::App* plan = app.add_subcommand("plan", "What the release policy says on a date");
    std::string plan_date;
    std::string plan_current;
    std::string plan_repo;
    std::string plan_monitor;
    std::string plan_format = "text";
    plan->add_option("--date", plan_date, "The day to answer for (YYYY-MM-DD); default today")
        ->check(CLI::Validator(check_date, "YYYY-MM-DD"));
    plan->add_option("--current", plan_current,
                     "The version a security fix starts from; default the newest release");
    plan->add_option("--config", config_path,
                     "Config file (TOML) with the [policy]; default $FAIRWEATHER_CONFIG");
    plan->add_option("--repo", plan_repo,
                     "Repository, OWNER/NAME, whose GitHub releases the monitor knows")
        ->check(CLI::Validator(check_repo, "OWNER/NAME"));
    plan->add_option("--monitor", plan_monitor,
                     "A fairweather-monitor to read the release history from")
        ->check(CLI::Validator(check_url, "URL"));
    plan->add_option("--format", plan_format, "Output format")
        ->check(CLI::IsMember({"text", "json"}));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, ctx.out, ctx.err);
        return code == 0 ? 0 : exit_codes::usage;
    }

    try {
        if (queue->parsed()) {
            auto config = load_gate_config(config_path, "asked", ctx);
            if (!config) {
                return exit_codes::config;
            }
            const std::string monitor =
                queue_monitor.empty() ? config->gate_monitor_url : queue_monitor;
            if (monitor.empty()) {
                ctx.err << "fairweather-gate queue: error: which monitor? pass --monitor URL or "
                           "set [gate] monitor\n";
                return exit_codes::usage;
            }
            const auto http = ctx.make_http(config->http);
            const std::string token = ctx.env.get("FAIRWEATHER_API_TOKEN").value_or("");
            const bool json_out = queue_format == "json";
            const auto report = [&](const auto& answer, auto text) {
                if (answer.outcome != QueueOutcome::done) {
                    ctx.err << "fairweather-gate queue: " << answer.problem << "\n";
                    return queue_exit(answer.outcome);
                }
                ctx.out << text(answer.value);
                return exit_codes::proceed;
            };
            const auto item_text = [&](const QueueItem& i) {
                return json_out ? render_queue_item(i, true) : render_queue_item_text(i);
            };
            if (queue_add_cmd->parsed()) {
                for (const auto& input : queue_inputs) {
                    const auto eq = input.find('=');
                    queue_request.inputs.emplace_back(input.substr(0, eq), input.substr(eq + 1));
                }
                if (queue_request.requested_by.empty()) {
                    queue_request.requested_by = requester(ctx.env);
                }
                return report(queue_add(*http, monitor, token, queue_request), item_text);
            }
            if (queue_list_cmd->parsed()) {
                return report(queue_list(*http, monitor), [&](const std::vector<QueueItem>& items) {
                    return json_out ? render_queue_items(items) : render_queue_list_text(items);
                });
            }
            if (queue_show_cmd->parsed()) {
                return report(queue_show(*http, monitor, queue_id), item_text);
            }
            return report(queue_cancel(*http, monitor, token, queue_id, requester(ctx.env)),
                          item_text);
        }
        if (report->parsed()) {
            return run_report_command(config_path, report_since, report_until, report_format,
                                      report_output, report_request, ctx);
        }
        if (plan->parsed()) {
            return run_plan_command(
                config_path, plan_date.empty() ? std::nullopt : parse_calendar_date(plan_date),
                plan_current, plan_repo, plan_monitor, plan_format == "json", ctx);
        }
        if (!check_date_text.empty()) {
            request.date = parse_calendar_date(check_date_text);
        }
        request.kind = *parse_release_kind(kind);
        if (!wait.empty()) {
            request.wait = *parse_duration(wait);
        }
        return run_check_command(request, config_path, status_url, format == "json", outputs, ctx);
    } catch (const std::exception& e) {
        ctx.err << "fairweather-gate: internal error: " << e.what()
                << "; please report this with the command line you ran\n";
        return exit_codes::software;
    }
}

}  // namespace fairweather::gate
