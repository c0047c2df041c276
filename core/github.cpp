#include "core/github.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <utility>

#include "core/json_reader.h"
#include "core/text.h"

namespace fairweather::github {
namespace {

using Reader = JsonReader;
using element = JsonReader::element;
using object = JsonReader::object;

// A header holding a whole number and nothing else; anything else is treated
// as absent rather than guessed at.
std::optional<std::int64_t> integer_header(const Headers& headers, std::string_view name) {
    const auto value = headers.get(name);
    if (!value) {
        return std::nullopt;
    }
    const std::string_view text = trim(*value);
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return n;
}

// The run's path without the "@ref" GitHub appends for reusable or
// ref-pinned workflows. The ref may contain '/' (refs/heads/main) but workflow
// file paths do not contain '@', so everything from the first '@' goes.
std::string strip_ref(std::string_view path) {
    return std::string(path.substr(0, path.find('@')));
}

std::string last_segment(std::string_view path) {
    const auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Reads one "; name=value" (or "; name") parameter of a Link header's
// link-value at `pos`, moving past it; nullopt at the end of the parameters.
std::optional<std::pair<std::string_view, std::string>> read_link_param(std::string_view text,
                                                                        std::size_t& pos) {
    const auto skip_space = [&] {
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) {
            ++pos;
        }
    };
    skip_space();
    if (pos >= text.size() || text[pos] != ';') {
        return std::nullopt;
    }
    ++pos;
    const auto name_end = std::min(text.find_first_of("=;,", pos), text.size());
    const std::string_view name = trim(text.substr(pos, name_end - pos));
    pos = name_end;
    std::string value;
    if (pos < text.size() && text[pos] == '=') {
        ++pos;
        skip_space();
        if (pos < text.size() && text[pos] == '"') {
            for (++pos; pos < text.size() && text[pos] != '"'; ++pos) {
                if (text[pos] == '\\' && pos + 1 < text.size()) {
                    ++pos;
                }
                value += text[pos];
            }
            pos = std::min(pos + 1, text.size());  // past the closing quote
        } else {
            const auto end = std::min(text.find_first_of(";, \t", pos), text.size());
            value = text.substr(pos, end - pos);
            pos = end;
        }
    }
    return std::pair{name, std::move(value)};
}

// Whether a rel value (space-separated relation types: "next last") has `relation`.
bool has_relation(std::string_view rel, std::string_view relation) {
    std::size_t start = 0;
    while (start < rel.size()) {
        const auto end = std::min(rel.find_first_of(" \t", start), rel.size());
        if (iequals(rel.substr(start, end - start), relation)) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

std::optional<WorkflowRun> read_run(Reader& r, element item, const std::string& path) {
    const auto o = r.as_object(item, path);
    if (!o) {
        return std::nullopt;
    }
    WorkflowRun run;
    const auto id = r.integer(*o, "id", path);
    if (!id && !r.failed()) {
        r.fail(Reader::join(path, "id"), "missing; every workflow run has it");
    }
    run.id = id.value_or(0);
    run.name = r.string(*o, "name", path);
    run.path = strip_ref(r.string(*o, "path", path));
    run.workflow_file = last_segment(run.path);
    run.event = r.string(*o, "event", path);
    run.status = r.required_string(*o, "status", path);
    run.conclusion = r.string(*o, "conclusion", path);
    run.display_title = r.string(*o, "display_title", path);
    run.html_url = r.string(*o, "html_url", path);
    run.run_attempt = r.integer(*o, "run_attempt", path).value_or(1);
    run.created_at = r.timestamp(*o, "created_at", path);
    if (!run.created_at && !r.failed()) {
        r.fail(Reader::join(path, "created_at"), "missing; every workflow run has it");
    }
    run.run_started_at = r.timestamp(*o, "run_started_at", path);
    run.updated_at = r.timestamp(*o, "updated_at", path);
    if (r.failed()) {
        return std::nullopt;
    }
    return run;
}

std::optional<Release> read_release(Reader& r, element item, const std::string& path) {
    const auto o = r.as_object(item, path);
    if (!o) {
        return std::nullopt;
    }
    Release release;
    const auto id = r.integer(*o, "id", path);
    if (!id && !r.failed()) {
        r.fail(Reader::join(path, "id"), "missing; every release has it");
    }
    release.id = id.value_or(0);
    release.tag_name = r.required_string(*o, "tag_name", path);
    release.name = r.string(*o, "name", path);
    release.html_url = r.string(*o, "html_url", path);
    release.draft = r.boolean(*o, "draft", path);
    release.prerelease = r.boolean(*o, "prerelease", path);
    release.created_at = r.timestamp(*o, "created_at", path);
    release.published_at = r.timestamp(*o, "published_at", path);
    if (r.failed()) {
        return std::nullopt;
    }
    return release;
}

std::string api_root(std::string_view api_base) {
    std::string base(api_base);
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base;
}

bool is_queued(const WorkflowRun& run) {
    return run.status == "queued" || run.status == "waiting" || run.status == "pending" ||
           run.status == "requested";
}

// A configured workflow is a file name (exact: file names are case-sensitive)
// or a workflow name (as people type it, so any case).
// A path (".github/workflows/ci.yml") matches the run's path.
bool is_workflow(const WorkflowRun& run, std::string_view wanted) {
    if (wanted.find('/') != std::string_view::npos) {
        return run.path == wanted;
    }
    return run.workflow_file == wanted || iequals(run.name, wanted);
}

std::optional<Duration> queue_latency(const WorkflowRun& run) {
    // GitHub fills run_started_at when the run is created, before a runner
    // takes it (its own documented example is a queued run with both times
    // equal): a run whose status says it is still waiting has not started,
    // whatever that field says.
    if (!run.created_at || !run.run_started_at || is_queued(run)) {
        return std::nullopt;
    }
    // Clock skew between GitHub's services can put the start a moment before
    // the creation; that is no wait at all, not a negative one.
    return std::max(Duration{0}, *run.run_started_at - *run.created_at);
}

// Nearest rank: the smallest value with at least p% of the values at or below
// it. Always one of the observed values, so "p90 8m" is a run that waited 8m.
Duration nearest_rank(const std::vector<Duration>& sorted, int percent) {
    const std::size_t n = sorted.size();
    const std::size_t rank = std::max<std::size_t>(1, (n * percent + 99) / 100);
    return sorted[std::min(rank, n) - 1];
}

// Durations for people: whole seconds (GitHub's timestamps have no finer
// resolution anyway), "23m58s".
std::string human(Duration d) {
    return format_duration(std::chrono::floor<std::chrono::seconds>(d));
}

std::string runs_phrase(int n) {
    return std::to_string(n) + (n == 1 ? " run" : " runs");
}

}  // namespace

Expected<std::vector<WorkflowRun>, ParseError> parse_workflow_runs(std::string_view json) {
    simdjson::dom::parser parser;
    const auto root = Reader::parse(parser, json, "a GitHub workflow runs list");
    if (!root) {
        return make_unexpected(root.error());
    }
    Reader r;
    object top;
    if (root->get_object().get(top) != simdjson::SUCCESS) {
        r.fail("(top level)", "expected an object with a \"workflow_runs\" array, got " +
                                  std::string(Reader::type_name(root->type())) +
                                  "; the body may not be a list of workflow runs");
        return make_unexpected(*r.error());
    }
    const auto list = r.array_field(top, "workflow_runs", "");
    if (!list && !r.failed()) {
        r.fail("workflow_runs",
               "missing; the body may not be a list of workflow runs (GET "
               "/repos/{owner}/{repo}/actions/runs)");
    }
    std::vector<WorkflowRun> runs;
    if (list) {
        std::size_t i = 0;
        for (const element item : *list) {
            auto run = read_run(r, item, Reader::index("workflow_runs", i++));
            if (!run) {
                break;
            }
            runs.push_back(std::move(*run));
        }
    }
    if (r.failed()) {
        return make_unexpected(*r.error());
    }
    return runs;
}

Expected<WorkflowRun, ParseError> parse_workflow_run(std::string_view json) {
    simdjson::dom::parser parser;
    const auto root = Reader::parse(parser, json, "a GitHub workflow run");
    if (!root) {
        return make_unexpected(root.error());
    }
    Reader r;
    auto run = read_run(r, *root, "");
    if (!run) {
        return make_unexpected(r.failed() ? *r.error() : ParseError{"", "not a workflow run"});
    }
    return std::move(*run);
}

Expected<std::string, ParseError> parse_default_branch(std::string_view json) {
    simdjson::dom::parser parser;
    const auto root = Reader::parse(parser, json, "a GitHub repository");
    if (!root) {
        return make_unexpected(root.error());
    }
    Reader r;
    const auto top = r.as_object(*root, "(top level)");
    const std::string branch = top ? r.required_string(*top, "default_branch", "") : std::string();
    if (r.failed()) {
        return make_unexpected(*r.error());
    }
    return branch;
}

Expected<std::vector<Release>, ParseError> parse_releases(std::string_view json) {
    simdjson::dom::parser parser;
    const auto root = Reader::parse(parser, json, "a GitHub releases list");
    if (!root) {
        return make_unexpected(root.error());
    }
    Reader r;
    JsonReader::array list;
    if (root->get_array().get(list) != simdjson::SUCCESS) {
        // The likely mix-up: /releases/latest or /releases/tags/{tag} answer
        // with one release object, not a list.
        r.fail("(top level)", "expected an array of releases, got " +
                                  std::string(Reader::type_name(root->type())) +
                                  "; the body may be a single release or not a releases list "
                                  "(GET /repos/{owner}/{repo}/releases)");
        return make_unexpected(*r.error());
    }
    std::vector<Release> releases;
    std::size_t i = 0;
    for (const element item : list) {
        auto release = read_release(r, item, Reader::index("", i++));
        if (!release) {
            break;
        }
        releases.push_back(std::move(*release));
    }
    if (r.failed()) {
        return make_unexpected(*r.error());
    }
    return releases;
}

RateLimit parse_rate_limit(const Headers& headers) {
    RateLimit limit;
    limit.limit = integer_header(headers, "X-RateLimit-Limit");
    limit.remaining = integer_header(headers, "X-RateLimit-Remaining");
    limit.used = integer_header(headers, "X-RateLimit-Used");
    if (const auto reset = integer_header(headers, "X-RateLimit-Reset")) {
        limit.reset = TimePoint{std::chrono::seconds{*reset}};
    }
    if (const auto resource = headers.get("X-RateLimit-Resource")) {
        limit.resource = std::string(trim(*resource));
    }
    return limit;
}

std::optional<std::string> next_page(const Headers& headers) {
    const auto header = headers.get("Link");
    if (!header) {
        return std::nullopt;
    }
    // RFC 8288: link-value *("," link-value), each "<URI>" then "; name=value"
    // parameters whose values may be quoted. A URI may itself hold ',' or ';',
    // and a quoted value may hold ',', so the text is walked, not split.
    const std::string_view text = *header;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto open = text.find('<', pos);
        const auto close = open == std::string_view::npos ? open : text.find('>', open);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        const std::string_view uri = text.substr(open + 1, close - open - 1);
        pos = close + 1;
        bool is_next = false;
        while (const auto param = read_link_param(text, pos)) {
            if (iequals(param->first, "rel") && has_relation(param->second, "next")) {
                is_next = true;
            }
        }
        if (is_next) {
            return std::string(uri);
        }
        // On to the next link-value, past the ',' that ends this one.
        const auto comma = text.find(',', pos);
        if (comma == std::string_view::npos) {
            return std::nullopt;
        }
        pos = comma + 1;
    }
    return std::nullopt;
}

std::string runs_url(std::string_view api_base, std::string_view repo, TimePoint since) {
    // GitHub's search syntax takes whole seconds; "created=>=…" URL-encoded.
    const TimePoint from = std::chrono::floor<std::chrono::seconds>(since);
    return api_root(api_base) + "/repos/" + std::string(repo) +
           "/actions/runs?per_page=100&created=%3E%3D" + format_timestamp(from);
}

std::string releases_url(std::string_view api_base, std::string_view repo) {
    return api_root(api_base) + "/repos/" + std::string(repo) + "/releases?per_page=100";
}

std::string repo_url(std::string_view api_base, std::string_view repo) {
    return api_root(api_base) + "/repos/" + std::string(repo);
}

std::string dispatch_url(std::string_view api_base, std::string_view repo,
                         std::string_view workflow) {
    return repo_url(api_base, repo) + "/actions/workflows/" + std::string(workflow) + "/dispatches";
}

std::string dispatched_runs_url(std::string_view api_base, std::string_view repo,
                                std::string_view workflow, TimePoint since) {
    return repo_url(api_base, repo) + "/actions/workflows/" + std::string(workflow) +
           "/runs?event=workflow_dispatch&per_page=100&created=%3E%3D" +
           format_timestamp(std::chrono::floor<std::chrono::seconds>(since));
}

std::string run_url(std::string_view api_base, std::string_view repo, std::int64_t id) {
    return repo_url(api_base, repo) + "/actions/runs/" + std::to_string(id);
}

std::string cancel_run_url(std::string_view api_base, std::string_view repo, std::int64_t id) {
    return run_url(api_base, repo, id) + "/cancel";
}

ActionsSignals compute_signals(const std::vector<WorkflowRun>& runs, const RepoSettings& settings,
                               TimePoint now) {
    ActionsSignals s;
    const TimePoint from = now - settings.window;
    const auto in_window = [&](const WorkflowRun& run) {
        return run.created_at && *run.created_at >= from && *run.created_at <= now;
    };
    const auto counts = [&](const WorkflowRun& run) {
        return settings.workflows.empty() ||
               std::any_of(settings.workflows.begin(), settings.workflows.end(),
                           [&](const std::string& w) { return is_workflow(run, w); });
    };

    std::vector<Duration> latencies;
    const WorkflowRun* release = nullptr;
    for (const auto& run : runs) {
        if (!in_window(run)) {
            continue;
        }
        if (!settings.release_workflow.empty() && is_workflow(run, settings.release_workflow) &&
            run.status == "completed" &&
            (release == nullptr || *run.created_at > *release->created_at)) {
            release = &run;
        }
        if (!counts(run)) {
            continue;
        }
        ++s.runs_considered;
        const auto latency = queue_latency(run);
        if (latency) {
            ++s.runs_started;
            latencies.push_back(*latency);
        }
        if (is_queued(run)) {
            ++s.queued_now;
            const Duration waiting = now - *run.created_at;
            if (waiting > settings.queued_too_long) {
                ++s.queued_too_long;
            }
            if (!s.longest_queued || waiting > *s.longest_queued) {
                s.longest_queued = waiting;
            }
        }
        if (run.conclusion == "startup_failure") {
            ++s.startup_failures;
        }
        // Cancelled before a runner ever took it, or after waiting so long
        // that someone (or a timeout) gave up: the infrastructure's doing,
        // not the code's.
        if (run.conclusion == "cancelled" && (!latency || *latency > settings.queued_too_long)) {
            ++s.infra_cancellations;
        }
    }

    if (!latencies.empty()) {
        std::sort(latencies.begin(), latencies.end());
        s.queue_latency_p50 = nearest_rank(latencies, 50);
        s.queue_latency_p90 = nearest_rank(latencies, 90);
        s.queue_latency_max = latencies.back();
    }
    if (release != nullptr) {
        s.release_conclusion = release->conclusion;
        s.release_url = release->html_url;
        s.release_at = release->created_at;
    }
    return s;
}

SourceReport evaluate_repo(const ActionsSignals& signals, const RepoSettings& settings,
                           TimePoint now) {
    SourceReport report;
    report.name = "actions:" + settings.name;
    report.kind = "actions";
    report.observed_at = now;
    report.weather = Weather::fair;
    report.actions = signals;

    const std::string prefix = report.name + ": ";
    const std::string window = "in the last " + human(settings.window);

    // Reasons are gathered per weather so the worst can come first.
    std::vector<std::string> bad;
    std::vector<std::string> poor;
    const auto note = [&](Weather w, std::string reason) {
        report.weather = worst(report.weather, w);
        (w == Weather::outage ? bad : poor).push_back(std::move(reason));
    };
    // Which weather a count or duration reaches; a threshold of 0 is off.
    const auto level = [](bool outage, bool degraded) -> std::optional<Weather> {
        if (outage) {
            return Weather::outage;
        }
        if (degraded) {
            return Weather::degraded;
        }
        return std::nullopt;
    };

    const int stuck = signals.queued_too_long;
    if (const auto w =
            level(settings.stuck_runs_outage > 0 && stuck >= settings.stuck_runs_outage,
                  settings.stuck_runs_degraded > 0 && stuck >= settings.stuck_runs_degraded)) {
        std::string reason =
            prefix + runs_phrase(stuck) + " queued longer than " + human(settings.queued_too_long);
        if (signals.longest_queued) {
            reason += " (longest " + human(*signals.longest_queued) + ")";
        }
        note(*w, std::move(reason));
    }

    // One slow run is bad luck, not weather: p90 needs a few runs to mean anything.
    if (signals.queue_latency_p90 && signals.runs_started >= 3) {
        const Duration p90 = *signals.queue_latency_p90;
        const auto w =
            level(settings.queue_p90_outage.count() > 0 && p90 > settings.queue_p90_outage,
                  settings.queue_p90_degraded.count() > 0 && p90 > settings.queue_p90_degraded);
        if (w) {
            const Duration limit =
                *w == Weather::outage ? settings.queue_p90_outage : settings.queue_p90_degraded;
            std::string reason = prefix + "runs waited " + human(p90) + " for a runner at p90";
            if (signals.queue_latency_p50) {
                reason += " (p50 " + human(*signals.queue_latency_p50) + ")";
            }
            reason += " over " + std::to_string(signals.runs_started) + " started runs " + window +
                      ", above " + human(limit);
            note(*w, std::move(reason));
        }
    }

    const int failures = signals.startup_failures;
    if (const auto w = level(
            settings.startup_failures_outage > 0 && failures >= settings.startup_failures_outage,
            settings.startup_failures_degraded > 0 &&
                failures >= settings.startup_failures_degraded)) {
        note(*w, prefix + runs_phrase(failures) + " failed to start (startup_failure) " + window);
    }

    report.reasons = std::move(bad);
    report.reasons.insert(report.reasons.end(), poor.begin(), poor.end());
    if (report.weather == Weather::fair) {
        // No runs is not a problem by itself: a quiet repository is not an outage.
        if (signals.runs_considered == 0) {
            report.reasons.push_back(prefix + "no runs " + window);
        } else {
            std::string reason = prefix + runs_phrase(signals.runs_considered) + " " + window;
            if (signals.queue_latency_p90) {
                reason += ", queue p90 " + human(*signals.queue_latency_p90);
            }
            reason += stuck == 0 ? ", none stuck"
                                 : ", " + std::to_string(stuck) + " queued longer than " +
                                       human(settings.queued_too_long);
            report.reasons.push_back(std::move(reason));
        }
    }
    return report;
}

}  // namespace fairweather::github
