// fairweather-gate's command line: the flags of each command, checked as
// they are read, into that command's options. Nothing else happens here;
// each command is in its own file.
#include "gate/cli.h"

#include <CLI/CLI.hpp>

#include "core/release/policy.h"
#include "core/sources/repo_settings.h"
#include "core/util/build_info.h"
#include "gate/check_command.h"
#include "gate/exit_codes.h"
#include "gate/plan.h"
#include "gate/queue_command.h"
#include "gate/report_command.h"

namespace fairweather::gate {
namespace {

// Validators: an empty answer means the value is good.

std::string check_repo(const std::string& value) {
    const std::string problem = github::repo_name_problem(value);
    return problem.empty() ? problem
                           : problem + "; write it as OWNER/NAME, e.g. bytecodealliance/wasmtime";
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

std::string check_input(const std::string& value) {
    return value.find('=') == std::string::npos || value.front() == '='
               ? "\"" + value + "\" is not NAME=VALUE"
               : std::string();
}

const CLI::Validator k_repo(check_repo, "OWNER/NAME");
const CLI::Validator k_url(check_url, "URL");
const CLI::Validator k_date(check_date, "YYYY-MM-DD");
const CLI::Validator k_time(check_time, "TIME");

// What `check` reads as text and turns into its request once parsed.
struct CheckFlags {
    CheckOptions options;
    std::string kind;
    std::string wait;
    std::string date;
    std::string format = "text";
};

CLI::App* add_check(CLI::App& app, CheckFlags& f, std::string& config_path) {
    CLI::App* check = app.add_subcommand("check", "Decide whether a release may start now");
    CheckRequest& request = f.options.request;
    CheckOutputs& outputs = f.options.outputs;
    check
        ->add_option("--kind", f.kind,
                     "Release kind; auto: regular or patch from --release and the policy")
        ->required()
        ->check(CLI::IsMember({"regular", "patch", "security", "auto"}));
    check->add_option("--release", request.release, "Version being released, e.g. 39.0.1");
    check->add_flag("--queue", request.queue_deferred,
                    "Queue a deferred regular or patch release in the monitor too, so it is "
                    "dispatched once CI has recovered (security releases always are)");
    check->add_option("--repo", request.repo, "Repository, OWNER/NAME")->check(k_repo);
    check->add_option("--config", config_path, "Config file (TOML); default $FAIRWEATHER_CONFIG");
    check
        ->add_option("--status-url", f.options.status_url,
                     "Status page base URL (default https://www.githubstatus.com)")
        ->check(k_url);
    check
        ->add_option("--monitor", request.monitor_url,
                     "Ask this fairweather-monitor (base URL) for the weather instead of polling")
        ->check(k_url);
    check->add_option("--format", f.format, "Output format")
        ->check(CLI::IsMember({"text", "json"}));
    check->add_option("--wait", f.wait, "Keep checking while deferred, up to this long (e.g. 30m)")
        ->check(CLI::Validator(check_duration, "DURATION"));
    check->add_option("--date", f.date, "Judge the release policy as of this day (YYYY-MM-DD)")
        ->check(k_date);
    check->add_option("--advisory", request.advisory_id,
                      "Security advisory id, recorded when a deferred security release is queued");
    check
        ->add_option("--advisory-at", request.advisory_at,
                     "When the advisory was published (RFC 3339); the SLA deadline counts from it")
        ->check(k_time);
    check
        ->add_option("--on-unknown", outputs.on_unknown,
                     "Decision when the weather is unknown (sources unreadable), overriding "
                     "[gate.<kind>] unknown")
        ->check(CLI::IsMember({"proceed", "defer", "block"}));
    check
        ->add_option("--pushgateway", outputs.pushgateway,
                     "Push the decision's metrics to this Prometheus Pushgateway (base URL)")
        ->check(k_url);
    check->add_option("--push-instance", outputs.push_instance,
                      "The Pushgateway's instance label; default the repository");
    check->add_option("--textfile", outputs.textfile_dir,
                      "Write the decision's metrics into this node_exporter textfile directory");
    return check;
}

// The options every queue subcommand takes.
void add_queue_common(CLI::App* sub, QueueOptions& q, std::string& config_path,
                      std::string& format) {
    sub->add_option("--monitor", q.monitor, "The monitor's base URL; default [gate] monitor")
        ->check(k_url);
    sub->add_option("--config", config_path, "Config file (TOML); default $FAIRWEATHER_CONFIG");
    sub->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json"}));
}

CLI::App* add_queue(CLI::App& app, QueueOptions& q, std::string& config_path, std::string& format) {
    CLI::App* queue =
        app.add_subcommand("queue", "The monitor's queue of deferred security releases");
    queue->require_subcommand(1);
    CLI::App* add =
        queue->add_subcommand("add", "Queue a security release to ship when CI is fair");
    add_queue_common(add, q, config_path, format);
    add->add_option("--repo", q.request.repo, "Repository, OWNER/NAME")->required()->check(k_repo);
    add->add_option("--release", q.request.version, "Version to release")->required();
    add->add_option("--kind", q.request.kind, "security (default), patch or regular")
        ->check(CLI::IsMember({"security", "patch"}));
    add->add_option("--workflow", q.request.workflow,
                    "Release workflow file; default from [[repos]]");
    add->add_option("--ref", q.request.ref, "Branch or tag to run it on; default from [[repos]]");
    add->add_option("--input", q.inputs, "Workflow input NAME=VALUE (repeatable)")
        ->check(CLI::Validator(check_input, "NAME=VALUE"));
    add->add_option("--reason", q.request.reason, "Why it is queued");
    add->add_option("--advisory", q.request.advisory_id, "Security advisory id");
    add->add_option("--advisory-at", q.request.advisory_at, "Advisory time (RFC 3339)")
        ->check(k_time);
    add->callback([&q] { q.action = QueueOptions::Action::add; });
    CLI::App* list = queue->add_subcommand("list", "List the queue");
    add_queue_common(list, q, config_path, format);
    list->callback([&q] { q.action = QueueOptions::Action::list; });
    CLI::App* show = queue->add_subcommand("show", "Show one item with its history");
    add_queue_common(show, q, config_path, format);
    show->add_option("id", q.id, "Queue id")->required();
    show->callback([&q] { q.action = QueueOptions::Action::show; });
    CLI::App* cancel =
        queue->add_subcommand("cancel", "Cancel a queued item (before it is dispatched)");
    add_queue_common(cancel, q, config_path, format);
    cancel->add_option("id", q.id, "Queue id")->required();
    cancel->callback([&q] { q.action = QueueOptions::Action::cancel; });
    return queue;
}

CLI::App* add_report(CLI::App& app, ReportOptions& r, std::string& config_path) {
    CLI::App* report = app.add_subcommand(
        "report", "How late releases were, why, and whether security fixes met the SLA");
    ReportRequest& request = r.request;
    report->add_option("--repo", request.repo, "Repository, OWNER/NAME")->required()->check(k_repo);
    report->add_option("--config", config_path,
                       "Config file (TOML) with the [policy]; default $FAIRWEATHER_CONFIG");
    report->add_option("--since", r.since, "First day (YYYY-MM-DD)")->check(k_date);
    report->add_option("--until", r.until, "Last day (YYYY-MM-DD)")->check(k_date);
    report->add_option("--format", r.format, "Output format")
        ->check(CLI::IsMember({"md", "csv", "json", "html"}));
    report->add_option("--output", r.output, "Write to this file instead of stdout");
    report->add_option("--releases", request.releases_file,
                       "Releases from a file: GitHub's JSON, or CSV with version,released_on");
    report->add_option("--incidents", request.incidents_file,
                       "Incidents from a file: Statuspage JSON, or CSV with "
                       "id,name,impact,created_at,resolved_at,components");
    report
        ->add_option("--monitor", request.monitor_url,
                     "A fairweather-monitor to read the history from")
        ->check(k_url);
    report->add_flag("--include-prereleases", request.include_prereleases_flag,
                     "Count pre-releases too (default: [report] include_prereleases)");
    report->add_option("--security-marker", request.security_marker,
                       "Count releases whose tag or name contains this (e.g. security) as "
                       "security releases (default: [report] security_marker)");
    return report;
}

CLI::App* add_plan(CLI::App& app, PlanOptions& p, std::string& date, std::string& format,
                   std::string& config_path) {
    CLI::App* plan = app.add_subcommand("plan", "What the release policy says on a date");
    plan->add_option("--date", date, "The day to answer for (YYYY-MM-DD); default today")
        ->check(k_date);
    plan->add_option("--current", p.current,
                     "The version a security fix starts from; default the newest release");
    plan->add_option("--config", config_path,
                     "Config file (TOML) with the [policy]; default $FAIRWEATHER_CONFIG");
    plan->add_option("--repo", p.repo,
                     "Repository, OWNER/NAME, whose GitHub releases the monitor knows")
        ->check(k_repo);
    plan->add_option("--monitor", p.monitor,
                     "A fairweather-monitor to read the release history from")
        ->check(k_url);
    plan->add_option("--releases", p.releases_file,
                     "Releases from a file: GitHub's JSON, or CSV with version,released_on "
                     "(outranks --monitor and [[policy.releases]])");
    plan->add_option("--format", format, "Output format")->check(CLI::IsMember({"text", "json"}));
    return plan;
}

// Runs the check parsed into `f`: its text flags become the request's values.
int run_check(CheckFlags& f, const std::string& config_path, GateContext& ctx) {
    CheckOptions& options = f.options;
    options.config_path = config_path;
    options.json = f.format == "json";
    options.auto_kind = f.kind == "auto";
    options.request.kind = options.auto_kind ? ReleaseKind::regular : *parse_release_kind(f.kind);
    if (!f.wait.empty()) {
        options.request.wait = *parse_duration(f.wait);
    }
    if (!f.date.empty()) {
        options.request.date = parse_calendar_date(f.date);
    }
    return run_check_command(options, ctx);
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

    std::string config_path = ctx.env.get("FAIRWEATHER_CONFIG").value_or("");
    CheckFlags check_flags;
    QueueOptions queue_options;
    std::string queue_format = "text";
    ReportOptions report_options;
    PlanOptions plan_options;
    std::string plan_date;
    std::string plan_format = "text";
    CLI::App* check = add_check(app, check_flags, config_path);
    CLI::App* queue = add_queue(app, queue_options, config_path, queue_format);
    CLI::App* report = add_report(app, report_options, config_path);
    CLI::App* plan = add_plan(app, plan_options, plan_date, plan_format, config_path);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, ctx.out, ctx.err);
        return code == 0 ? 0 : exit_codes::usage;
    }

    try {
        if (check->parsed()) {
            return run_check(check_flags, config_path, ctx);
        }
        if (queue->parsed()) {
            queue_options.config_path = config_path;
            queue_options.json = queue_format == "json";
            return run_queue_command(queue_options, ctx);
        }
        if (report->parsed()) {
            report_options.config_path = config_path;
            return run_report_command(report_options, ctx);
        }
        if (plan->parsed()) {
            plan_options.config_path = config_path;
            plan_options.json = plan_format == "json";
            if (!plan_date.empty()) {
                plan_options.date = parse_calendar_date(plan_date);
            }
            return run_plan_command(plan_options, ctx);
        }
        return exit_codes::usage;
    } catch (const std::exception& e) {
        ctx.err << "fairweather-gate: internal error: " << e.what()
                << "; please report this with the command line you ran\n";
        return exit_codes::software;
    }
}

}  // namespace fairweather::gate
