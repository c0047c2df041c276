// fairweather-detect's in-process GitHub: see detection_github.h. The JSON
// follows the runs and jobs GitHub returned to PyGithub (its replay files
// Repository.testGetWorkflowRuns, WorkflowJob.setUp, WorkflowRun.test_jobs),
// without the nested repository and commit objects nothing reads.
#include "bench/detection_github.h"

#include <algorithm>
#include <charconv>
#include <functional>

#include "core/json/writer.h"
#include "core/util/text.h"

namespace fairweather::bench {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t k_rate_limit = 5000;  // a token's primary limit an hour
constexpr const char* k_api = "https://api.github.com";
constexpr const char* k_repo = "fairweather-bench/busy";

std::string stamp(TimePoint t) {
    return format_timestamp(std::chrono::floor<std::chrono::seconds>(t));
}

std::optional<std::string> param(const std::string& query, const std::string& name) {
    for (std::size_t at = 0; at <= query.size();) {
        const std::size_t end = std::min(query.find('&', at), query.size());
        const std::string pair = query.substr(at, end - at);
        if (pair.rfind(name + "=", 0) == 0) {
            return pair.substr(name.size() + 1);
        }
        at = end + 1;
    }
    return std::nullopt;
}

int int_param(const std::string& query, const std::string& name, int fallback) {
    const auto text = param(query, name);
    int value = fallback;
    if (text) {
        std::from_chars(text->data(), text->data() + text->size(), value);
    }
    return value;
}

// The query with page=N in place of any page parameter.
std::string with_page(const std::string& base, const std::string& query, int page) {
    std::string out;
    for (const auto& part : split(query, '&')) {
        if (!part.empty() && part.rfind("page=", 0) != 0) {
            out += part + "&";
        }
    }
    return base + "?" + out + "page=" + std::to_string(page);
}

// GitHub's Link header for page `page` of `pages`.
std::string link_header(const std::string& base, const std::string& query, int page, int pages) {
    std::vector<std::string> parts;
    if (page > 1) {
        parts.push_back("<" + with_page(base, query, page - 1) + ">; rel=\"prev\"");
    }
    if (page < pages) {
        parts.push_back("<" + with_page(base, query, page + 1) + ">; rel=\"next\"");
        parts.push_back("<" + with_page(base, query, pages) + ">; rel=\"last\"");
    }
    if (page > 1) {
        parts.push_back("<" + with_page(base, query, 1) + ">; rel=\"first\"");
    }
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : ", ") + p;
    }
    return out;
}

void write_run(JsonWriter& w, const Run& run, TimePoint now) {
    const RunView v = run_at(run, now);
    const std::string url =
        std::string(k_api) + "/repos/" + k_repo + "/actions/runs/" + std::to_string(run.id);
    const int attempt = v.attempt ? v.attempt->number : 1;
    w.begin_object().field("id", run.id).field("name", run.workflow);
    w.field("head_branch", run.branch).field("path", ".github/workflows/" + run.file);
    w.field("display_title", run.workflow + " #" + std::to_string(run.number));
    w.field("run_number", run.number).field("event", run.event).field("status", v.status);
    w.key("conclusion");
    v.conclusion.empty() ? w.null() : w.value(v.conclusion);
    w.field("url", url)
        .field("html_url", "https://github.com/" + std::string(k_repo) + "/actions/runs/" +
                               std::to_string(run.id));
    w.key("pull_requests").begin_array().end_array();
    w.field("created_at", stamp(run.created)).field("updated_at", stamp(v.updated));
    w.field("run_attempt", attempt);
    // GitHub fills it at creation (and at each re-run), before any runner.
    w.field("run_started_at", stamp(v.attempt ? v.attempt->started : run.created));
    w.field("jobs_url", url + "/jobs");
    w.key("previous_attempt_url");
    attempt > 1 ? w.value(url + "/attempts/" + std::to_string(attempt - 1)) : w.null();
    w.end_object();
}

void write_job(JsonWriter& w, const Run& run, const Attempt& attempt, const Job& job,
               TimePoint now) {
    const JobView v = job_at(job, now);
    const bool picked = v.status == "in_progress" || v.status == "completed";
    w.begin_object().field("id", job.id).field("run_id", run.id);
    w.field("workflow_name", run.workflow).field("head_branch", run.branch);
    w.field("run_attempt", attempt.number).field("status", v.status);
    w.key("conclusion");
    v.conclusion.empty() ? w.null() : w.value(v.conclusion);
    w.field("created_at", stamp(job.created));
    // While queued (or waiting) GitHub sends started_at equal to created_at.
    w.field("started_at", stamp(picked ? job.started : job.created));
    w.key("completed_at");
    v.status == "completed" ? w.value(stamp(job.completed)) : w.null();
    w.field("name", job.name).string_array("labels", job.labels);
    if (picked) {
        w.field("runner_id", job.hosted ? std::int64_t{job.id % 97 + 1} : std::int64_t{7});
        w.field("runner_name", job.hosted ? "GitHub Actions " + std::to_string(job.id % 97 + 1)
                                          : std::string("hw-runner-1"));
        w.field("runner_group_id", job.hosted ? 2 : 1);
        w.field("runner_group_name", job.hosted ? "GitHub Actions" : "Default");
    } else {
        w.key("runner_id").null().key("runner_name").null();
        w.key("runner_group_id").null().key("runner_group_name").null();
    }
    w.end_object();
}

std::string etag_of(const std::string& body) {
    return "W/\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
}

}  // namespace

const char* to_string(Endpoint e) {
    switch (e) {
        case Endpoint::runs:
            return "runs";
        case Endpoint::jobs:
            return "jobs";
        case Endpoint::releases:
            return "releases";
        case Endpoint::status:
            return "status page";
        case Endpoint::other:
            return "other";
    }
    return "?";
}

FakeGithub::FakeGithub(const std::vector<Run>& runs, Clock& clock, const StatusPayloads& status,
                       std::string releases, std::optional<Span> page_outage)
    : m_runs(runs),
      m_clock(clock),
      m_status(status),
      m_releases(std::move(releases)),
      m_page_outage(page_outage) {}

const Run* FakeGithub::run_by_id(std::int64_t id, TimePoint now) const {
    const std::int64_t offset = id - 9'000'000'000;
    if (offset < 0 || offset % 7 != 0 || offset / 7 >= static_cast<std::int64_t>(m_runs.size())) {
        return nullptr;
    }
    const Run& run = m_runs[static_cast<std::size_t>(offset / 7)];
    return run.created <= now ? &run : nullptr;
}

FakeGithub::Answer FakeGithub::runs_list(const std::string& query, TimePoint now) {
    std::optional<TimePoint> since;
    if (auto created = param(query, "created")) {
        if (created->rfind("%3E%3D", 0) == 0) {
            since = parse_timestamp(created->substr(6));
        }
        if (!since) {
            return {422, R"({"message":"Validation Failed"})", ""};
        }
    }
    const int per_page = std::clamp(int_param(query, "per_page", 30), 1, 100);
    const int page = std::max(1, int_param(query, "page", 1));
    std::vector<const Run*> matching;  // newest first
    for (auto it = m_runs.rbegin(); it != m_runs.rend(); ++it) {
        const auto created = std::chrono::floor<std::chrono::seconds>(it->created);
        if (it->created <= now && (!since || created >= *since)) {
            matching.push_back(&*it);
        }
    }
    const int total = static_cast<int>(matching.size());
    JsonWriter w;
    w.begin_object().field("total_count", total).key("workflow_runs").begin_array();
    for (int i = (page - 1) * per_page; i < std::min(total, page * per_page); ++i) {
        write_run(w, *matching[static_cast<std::size_t>(i)], now);
    }
    w.end_array().end_object();
    const int pages = std::max(1, (total + per_page - 1) / per_page);
    const std::string base = std::string(k_api) + "/repos/" + k_repo + "/actions/runs";
    return {200, w.str(), link_header(base, query, page, pages)};
}

FakeGithub::Answer FakeGithub::jobs_list(std::int64_t run_id, std::optional<int> attempt_no,
                                         const std::string& query, TimePoint now,
                                         const std::string& base) {
    const Run* run = run_by_id(run_id, now);
    if (run == nullptr) {
        return {404, R"({"message":"Not Found"})", ""};
    }
    const RunView view = run_at(*run, now);
    // filter=latest (the default) is the newest attempt's jobs, filter=all every attempt's.
    std::vector<const Attempt*> attempts;
    for (const auto& a : run->attempts) {
        const bool visible = view.attempt != nullptr && a.number <= view.attempt->number;
        const bool wanted = attempt_no ? a.number == *attempt_no
                                       : (param(query, "filter") == "all" || &a == view.attempt);
        if (visible && wanted) {
            attempts.push_back(&a);
        }
    }
    // A run listed as queued before its first attempt began has that attempt
    // already, with no jobs yet (GitHub answers an empty list, not a 404).
    if (attempt_no && attempts.empty() && !(view.attempt == nullptr && *attempt_no == 1)) {
        return {404, R"({"message":"Not Found"})", ""};
    }
    std::vector<std::pair<const Attempt*, const Job*>> jobs;
    for (const Attempt* a : attempts) {
        for (const auto& job : a->jobs) {
            if (job.created <= now) {
                jobs.emplace_back(a, &job);
            }
        }
    }
    const int per_page = std::clamp(int_param(query, "per_page", 30), 1, 100);
    const int page = std::max(1, int_param(query, "page", 1));
    const int total = static_cast<int>(jobs.size());
    JsonWriter w;
    w.begin_object().field("total_count", total).key("jobs").begin_array();
    for (int i = (page - 1) * per_page; i < std::min(total, page * per_page); ++i) {
        const auto& [a, job] = jobs[static_cast<std::size_t>(i)];
        write_job(w, *run, *a, *job, now);
    }
    w.end_array().end_object();
    const int pages = std::max(1, (total + per_page - 1) / per_page);
    return {200, w.str(), link_header(base, query, page, pages)};
}

HttpResponse FakeGithub::finish(const HttpRequest& request, Endpoint kind, Answer answer,
                                TimePoint now) {
    auto& count = m_counts[static_cast<std::size_t>(kind)];
    HttpResponse response;
    response.url = request.url;
    response.status = answer.status;
    response.headers.add("Content-Type", "application/json; charset=utf-8");
    const std::string etag = etag_of(answer.body);
    if (answer.status == 200) {
        response.headers.add("ETag", etag);
        response.headers.add("Cache-Control", "private, max-age=60, s-maxage=60");
    }
    if (!answer.link.empty()) {
        response.headers.add("Link", answer.link);
    }
    const bool github = kind != Endpoint::status;
    if (answer.status == 200 && request.headers.get("If-None-Match") == etag) {
        response.status = 304;  // GitHub: a 304 does not count against the limit
        ++count.not_modified;
    } else if (answer.status == 200) {
        response.body = std::move(answer.body);
        ++count.ok;
        m_used_this_hour += github ? 1 : 0;
    } else {
        response.body = std::move(answer.body);
        ++count.other;
        m_used_this_hour += github ? 1 : 0;
    }
    if (github) {
        const auto reset = std::chrono::ceil<std::chrono::hours>(now + 1s);
        response.headers.add("X-RateLimit-Limit", std::to_string(k_rate_limit));
        response.headers.add("X-RateLimit-Remaining",
                             std::to_string(std::max<long>(0, k_rate_limit - m_used_this_hour)));
        response.headers.add("X-RateLimit-Used", std::to_string(m_used_this_hour));
        response.headers.add("X-RateLimit-Reset",
                             std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                reset.time_since_epoch())
                                                .count()));
        response.headers.add("X-RateLimit-Resource", "core");
    }
    return response;
}

Expected<HttpResponse, HttpError> FakeGithub::send(const HttpRequest& request) {
    const TimePoint now = m_clock.now();
    if (std::chrono::floor<std::chrono::hours>(now) != m_hour) {
        m_hour = std::chrono::floor<std::chrono::hours>(now);
        m_used_this_hour = 0;
    }
    const std::string& url = request.url;
    const std::size_t q = url.find('?');
    const std::string path = url.substr(0, q);
    const std::string query = q == std::string::npos ? "" : url.substr(q + 1);
    if (path.find("githubstatus.com") != std::string::npos) {
        const bool admitted = m_page_outage && m_page_outage->contains(now);
        return finish(request, Endpoint::status,
                      {200, admitted ? m_status.outage : m_status.operational, ""}, now);
    }
    const std::size_t runs_at = path.find("/actions/runs");
    if (path.ends_with("/releases")) {
        return finish(request, Endpoint::releases, {200, m_releases, ""}, now);
    }
    if (runs_at != std::string::npos && path.ends_with("/actions/runs")) {
        if (int_param(query, "page", 1) == 1) {
            m_runs_polls.push_back(now);
        }
        return finish(request, Endpoint::runs, runs_list(query, now), now);
    }
    if (runs_at != std::string::npos && path.ends_with("/jobs")) {
        // .../actions/runs/{id}/jobs or .../actions/runs/{id}/attempts/{n}/jobs
        const auto parts = split(path.substr(runs_at + 14), '/');
        std::int64_t id = 0;
        std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), id);
        std::optional<int> attempt;
        if (parts.size() == 4 && parts[1] == "attempts") {
            attempt = std::stoi(parts[2]);
        }
        return finish(request, Endpoint::jobs, jobs_list(id, attempt, query, now, path), now);
    }
    return finish(request, Endpoint::other, {404, R"({"message":"Not Found"})", ""}, now);
}

}  // namespace fairweather::bench
