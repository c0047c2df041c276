#include "core/sources/github_payload.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <utility>

#include "core/json/reader.h"
#include "core/json/writer.h"
#include "core/util/text.h"

namespace fairweather::github {
namespace {

using json::Reader;
using element = json::Value;
using object = json::Object;

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

std::optional<WorkflowJob> read_job(Reader& r, object job_object, const std::string& path) {
    const std::optional<object> o = job_object;
    WorkflowJob job;
    const auto id = r.integer(*o, "id", path);
    const auto run_id = r.integer(*o, "run_id", path);
    if (!r.failed() && (!id || !run_id)) {
        r.fail(Reader::join(path, id ? "run_id" : "id"), "missing; every workflow job has it");
    }
    job.id = id.value_or(0);
    job.run_id = run_id.value_or(0);
    job.run_attempt = r.integer(*o, "run_attempt", path).value_or(1);
    job.name = r.string(*o, "name", path);
    job.workflow_name = r.string(*o, "workflow_name", path);
    job.status = r.required_string(*o, "status", path);
    job.conclusion = r.string(*o, "conclusion", path);
    if (const auto labels = r.array_field(*o, "labels", path)) {
        std::size_t i = 0;
        for (const element label : *labels) {
            const auto text = label.string();
            if (!text) {
                r.fail(Reader::index(Reader::join(path, "labels"), i),
                       "expected a string (a runs-on label)");
                break;
            }
            job.labels.emplace_back(*text);
            ++i;
        }
    }
    job.runner_group_name = r.string(*o, "runner_group_name", path);
    job.runner_name = r.string(*o, "runner_name", path);
    job.created_at = r.timestamp(*o, "created_at", path);
    job.started_at = r.timestamp(*o, "started_at", path);
    job.completed_at = r.timestamp(*o, "completed_at", path);
    if (r.failed()) {
        return std::nullopt;
    }
    return job;
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

}  // namespace

Expected<std::vector<WorkflowRun>, ParseError> parse_workflow_runs(std::string_view json) {
    const auto doc = json::Document::parse(json, "a GitHub workflow runs list");
    if (!doc) {
        return make_unexpected(doc.error());
    }
    const json::Value root = doc->root();
    Reader r;
    const auto top = root.object();
    if (!top) {
        r.fail("(top level)", "expected an object with a \"workflow_runs\" array, got " +
                                  std::string(json::type_name(root.type())) +
                                  "; the body may not be a list of workflow runs");
        return make_unexpected(*r.error());
    }
    const auto list = r.array_field(*top, "workflow_runs", "");
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

Expected<std::vector<WorkflowJob>, ParseError> parse_workflow_jobs(std::string_view json) {
    std::vector<WorkflowJob> jobs;
    const auto read = json::read_listed(json, "a GitHub workflow jobs list", "jobs",
                                        [&](Reader& r, object, object o, const std::string& path) {
                                            if (auto job = read_job(r, o, path)) {
                                                jobs.push_back(std::move(*job));
                                            }
                                        });
    if (!read) {
        return make_unexpected(read.error());
    }
    return jobs;
}

std::optional<WorkflowJob> read_workflow_job(json::Reader& r, json::Object job,
                                             const std::string& path) {
    return read_job(r, job, path);
}

Expected<WorkflowJob, ParseError> parse_workflow_job(std::string_view json) {
    const auto doc = json::Document::parse(json, "a GitHub workflow job");
    if (!doc) {
        return make_unexpected(doc.error());
    }
    Reader r;
    const auto o = r.as_object(doc->root(), "(top level)");
    auto job = o ? read_job(r, *o, "") : std::nullopt;
    if (!job) {
        return make_unexpected(r.failed() ? *r.error() : ParseError{"", "not a workflow job"});
    }
    return std::move(*job);
}

Expected<WorkflowRun, ParseError> parse_workflow_run(std::string_view json) {
    const auto doc = json::Document::parse(json, "a GitHub workflow run");
    if (!doc) {
        return make_unexpected(doc.error());
    }
    const json::Value root = doc->root();
    Reader r;
    auto run = read_run(r, root, "");
    if (!run) {
        return make_unexpected(r.failed() ? *r.error() : ParseError{"", "not a workflow run"});
    }
    return std::move(*run);
}

Expected<std::string, ParseError> parse_default_branch(std::string_view json) {
    const auto doc = json::Document::parse(json, "a GitHub repository");
    if (!doc) {
        return make_unexpected(doc.error());
    }
    const json::Value root = doc->root();
    Reader r;
    const auto top = r.as_object(root, "(top level)");
    const std::string branch = top ? r.required_string(*top, "default_branch", "") : std::string();
    if (r.failed()) {
        return make_unexpected(*r.error());
    }
    return branch;
}

Expected<std::vector<Release>, ParseError> parse_releases(std::string_view json) {
    const auto doc = json::Document::parse(json, "a GitHub releases list");
    if (!doc) {
        return make_unexpected(doc.error());
    }
    const json::Value root = doc->root();
    Reader r;
    const auto list = root.array();
    if (!list) {
        // The likely mix-up: /releases/latest or /releases/tags/{tag} answer
        // with one release object, not a list.
        r.fail("(top level)", "expected an array of releases, got " +
                                  std::string(json::type_name(root.type())) +
                                  "; the body may be a single release or not a releases list "
                                  "(GET /repos/{owner}/{repo}/releases)");
        return make_unexpected(*r.error());
    }
    std::vector<Release> releases;
    std::size_t i = 0;
    for (const element item : *list) {
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

Expected<DispatchedRun, ParseError> parse_dispatched_run(std::string_view json) {
    const auto doc = json::Document::parse(json, "a GitHub dispatch answer");
    if (!doc) {
        return make_unexpected(doc.error());
    }
    Reader r;
    const auto top = r.as_object(doc->root(), "(top level)");
    DispatchedRun run;
    if (top) {
        const auto id = r.integer(*top, "workflow_run_id", "");
        if (!r.failed() && (!id || *id <= 0)) {
            r.fail("workflow_run_id", "missing; a dispatch asked for its run details names it");
        }
        run.workflow_run_id = id.value_or(0);
        run.run_url = r.string(*top, "run_url", "");
        run.html_url = r.string(*top, "html_url", "");
    }
    if (r.failed()) {
        return make_unexpected(*r.error());
    }
    return run;
}

std::string write_workflow_runs(const std::vector<WorkflowRun>& runs) {
    JsonWriter w;
    w.begin_object().field("total_count", static_cast<std::int64_t>(runs.size()));
    w.key("workflow_runs").begin_array();
    for (const auto& run : runs) {
        // workflow_file is derived from path when read.
        w.begin_object().field("id", run.id).field("name", run.name).field("path", run.path);
        w.field("event", run.event).field("status", run.status);
        w.field("conclusion", run.conclusion).field("display_title", run.display_title);
        w.field("html_url", run.html_url).field("run_attempt", run.run_attempt);
        w.time_field("created_at", run.created_at);
        w.time_field("run_started_at", run.run_started_at);
        w.time_field("updated_at", run.updated_at);
        w.end_object();
    }
    w.end_array().end_object();
    return w.str();
}

std::string write_workflow_jobs(const std::vector<WorkflowJob>& jobs) {
    JsonWriter w;
    w.begin_object().field("total_count", static_cast<std::int64_t>(jobs.size()));
    w.key("jobs").begin_array();
    for (const auto& job : jobs) {
        w.begin_object().field("id", job.id).field("run_id", job.run_id);
        w.field("run_attempt", job.run_attempt).field("name", job.name);
        w.field("workflow_name", job.workflow_name).field("status", job.status);
        w.field("conclusion", job.conclusion).string_array("labels", job.labels);
        w.field("runner_group_name", job.runner_group_name).field("runner_name", job.runner_name);
        w.time_field("created_at", job.created_at);
        w.time_field("started_at", job.started_at);
        w.time_field("completed_at", job.completed_at);
        w.end_object();
    }
    w.end_array().end_object();
    return w.str();
}

std::string write_releases(const std::vector<Release>& releases) {
    JsonWriter w;
    w.begin_array();
    for (const auto& release : releases) {
        w.begin_object().field("id", release.id).field("tag_name", release.tag_name);
        w.field("name", release.name).field("html_url", release.html_url);
        w.field("draft", release.draft).field("prerelease", release.prerelease);
        w.time_field("created_at", release.created_at);
        w.time_field("published_at", release.published_at);
        w.end_object();
    }
    w.end_array();
    return w.str();
}

}  // namespace fairweather::github
