#include "tests/support/fake_github.h"

#include <simdjson.h>

#include "core/json/writer.h"
#include "core/util/time.h"

namespace fairweather::testing {
namespace {

ScriptedResponse json(int status, std::string body) {
    ScriptedResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = std::move(body);
    return r;
}

std::string now_text() {
    return format_timestamp(std::chrono::floor<std::chrono::seconds>(
        std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now())));
}

}  // namespace

FakeGitHub::FakeGitHub(std::string repo, std::string correlation_input)
    : m_repo(std::move(repo)), m_correlation_input(std::move(correlation_input)) {
    m_actions_runs = R"({"total_count":0,"workflow_runs":[]})";
    m_server.set_handler([this](const RecordedRequest& r) { return handle(r); });
}

void FakeGitHub::set_actions_runs(std::string json) {
    std::lock_guard lock(m_mutex);
    m_actions_runs = std::move(json);
}

void FakeGitHub::set_dispatch_status(int status) {
    std::lock_guard lock(m_mutex);
    m_dispatch_status = status;
}

void FakeGitHub::set_run_outcome(std::string conclusion, int reads_to_finish) {
    std::lock_guard lock(m_mutex);
    m_conclusion = std::move(conclusion);
    m_reads_to_finish = reads_to_finish;
}

void FakeGitHub::set_reads_to_start(int reads) {
    std::lock_guard lock(m_mutex);
    m_reads_to_start = reads;
}

void FakeGitHub::set_dispatch_fate(DispatchFate fate) {
    std::lock_guard lock(m_mutex);
    m_dispatch_fate = fate;
}

void FakeGitHub::set_run_details(RunDetails mode) {
    std::lock_guard lock(m_mutex);
    m_run_details = mode;
}

std::vector<FakeGitHub::Dispatch> FakeGitHub::dispatches() const {
    std::lock_guard lock(m_mutex);
    return m_dispatches;
}

std::map<std::string, int> FakeGitHub::dispatch_counts() const {
    std::lock_guard lock(m_mutex);
    std::map<std::string, int> counts;
    for (const auto& d : m_dispatches) {
        ++counts[d.correlation];
    }
    return counts;
}

std::size_t FakeGitHub::runs_cancelled() const {
    std::lock_guard lock(m_mutex);
    return m_cancelled;
}

std::string FakeGitHub::run_json(const Run& run) const {
    JsonWriter j;
    j.begin_object();
    j.field("id", static_cast<std::int64_t>(run.id));
    j.field("name", "Release");
    j.field("display_title", run.title);
    j.field("path", ".github/workflows/" + run.workflow + "@main");
    j.field("event", "workflow_dispatch");
    j.field("status", run.status);
    j.key("conclusion");
    run.conclusion.empty() ? j.null() : j.value(run.conclusion);
    j.field("html_url", "https://github.com/" + m_repo + "/actions/runs/" + std::to_string(run.id));
    j.field("run_attempt", 1);
    j.field("created_at", run.created_at);
    j.field("updated_at", run.created_at);
    j.field("run_started_at", run.created_at);
    j.end_object();
    return j.str();
}

std::string FakeGitHub::jobs_json(const Run& run) const {
    JsonWriter j;
    j.begin_object().field("total_count", 1).key("jobs").begin_array().begin_object();
    j.field("id", static_cast<std::int64_t>(run.id) * 10)
        .field("run_id", static_cast<std::int64_t>(run.id));
    j.field("run_attempt", 1).field("name", "release").field("workflow_name", "Release");
    j.field("status", run.status == "completed" ? "completed" : run.status);
    j.key("conclusion");
    run.conclusion.empty() ? j.null() : j.value(run.conclusion);
    j.string_array("labels", {"ubuntu-latest"});
    j.field("runner_group_name", run.status == "queued" ? "" : "GitHub Actions");
    j.field("created_at", run.created_at).field("started_at", run.created_at);
    j.end_object().end_array().end_object();
    return j.str();
}

std::optional<ScriptedResponse> FakeGitHub::handle(const RecordedRequest& request) {
    std::lock_guard lock(m_mutex);
    const std::string path = request.target.substr(0, request.target.find('?'));
    const std::string base = "/repos/" + m_repo;
    if (request.method == "GET" && path == base) {
        return json(200, R"({"full_name":")" + m_repo + R"(","default_branch":"main"})");
    }
    if (request.method == "GET" && path == base + "/actions/runs") {
        return json(200, m_actions_runs);
    }
    if (request.method == "GET" && path == base + "/releases") {
        return json(200, "[]");
    }
    const std::string workflows = base + "/actions/workflows/";
    if (path.starts_with(workflows)) {
        const std::string rest = path.substr(workflows.size());
        const std::string workflow = rest.substr(0, rest.find('/'));
        if (request.method == "POST" && rest == workflow + "/dispatches") {
            if (m_dispatch_fate == DispatchFate::lost) {
                ScriptedResponse closed;
                closed.mode = ScriptedResponse::Mode::hang_up;
                return closed;
            }
            Dispatch d;
            d.workflow = workflow;
            d.body = request.body;
            d.authorization = request.header("Authorization");
            simdjson::dom::parser parser;
            simdjson::dom::element doc;
            bool run_details = false;
            if (parser.parse(request.body).get(doc) == simdjson::SUCCESS) {
                bool asked = false;
                run_details =
                    doc["return_run_details"].get_bool().get(asked) == simdjson::SUCCESS && asked;
                std::string_view s;
                if (doc["ref"].get_string().get(s) == simdjson::SUCCESS) {
                    d.ref = std::string(s);
                }
                if (doc["inputs"][m_correlation_input].get_string().get(s) == simdjson::SUCCESS) {
                    d.correlation = std::string(s);
                }
            }
            if (run_details && m_run_details == RunDetails::refused) {
                return json(
                    422, R"({"message":"Invalid request.\n\n\"return_run_details\" is not a )"
                         R"(permitted key.","documentation_url":"https://docs.github.com/rest"})");
            }
            m_dispatches.push_back(d);
            if (m_dispatch_status >= 200 && m_dispatch_status < 300) {
                // GitHub starts the run; its run-name carries the correlation input.
                Run run;
                run.id = m_next_run++;
                run.workflow = workflow;
                run.title = "Release " + d.correlation;
                run.created_at = now_text();
                const long long id = run.id;
                m_runs.push_back(std::move(run));
                if (m_dispatch_fate == DispatchFate::unanswered) {
                    ScriptedResponse never;
                    never.mode = ScriptedResponse::Mode::silent;
                    return never;
                }
                if (run_details && m_run_details == RunDetails::answered) {
                    const std::string api = url() + "/repos/" + m_repo + "/actions/runs/";
                    return json(200, R"({"workflow_run_id":)" + std::to_string(id) +
                                         R"(,"run_url":")" + api + std::to_string(id) +
                                         R"(","html_url":"https://github.com/)" + m_repo +
                                         "/actions/runs/" + std::to_string(id) + "\"}");
                }
                return json(m_dispatch_status, "");
            }
            return json(m_dispatch_status, R"({"message":"Unexpected inputs provided"})");
        }
        if (request.method == "GET" && rest == workflow + "/runs") {
            std::string body =
                R"({"total_count":)" + std::to_string(m_runs.size()) + R"(,"workflow_runs":[)";
            for (auto it = m_runs.rbegin(); it != m_runs.rend();
                 ++it) {  // newest first, as GitHub lists
                body += (it == m_runs.rbegin() ? "" : ",") + run_json(*it);
            }
            return json(200, body + "]}");
        }
    }
    const std::string runs = base + "/actions/runs/";
    if (path.starts_with(runs)) {
        const std::string rest = path.substr(runs.size());
        const long long id = std::atoll(rest.c_str());
        if (request.method == "GET" && rest.ends_with("/jobs")) {
            // Reading a run's jobs moves nothing along: a dispatched run
            // has one job in its own state, any other run none.
            for (const auto& run : m_runs) {
                if (run.id == id) {
                    return json(200, jobs_json(run));
                }
            }
            return json(200, R"({"total_count":0,"jobs":[]})");
        }
        for (auto& run : m_runs) {
            if (run.id != id) {
                continue;
            }
            if (request.method == "POST" && rest.ends_with("/cancel")) {
                run.status = "completed";
                run.conclusion = "cancelled";
                ++m_cancelled;
                return json(202, "{}");
            }
            if (request.method == "GET" && run.status != "completed") {
                ++run.reads;
                if (run.reads >= m_reads_to_start + m_reads_to_finish - 1) {
                    run.status = "completed";
                    run.conclusion = m_conclusion;
                } else if (run.reads >= m_reads_to_start) {
                    run.status = "in_progress";
                }
            }
            return json(200, run_json(run));
        }
        return json(404, R"({"message":"Not Found"})");
    }
    return std::nullopt;
}

}  // namespace fairweather::testing
