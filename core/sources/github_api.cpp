#include "core/sources/github_api.h"

namespace fairweather::github {
namespace {

std::string api_root(std::string_view api_base) {
    std::string base(api_base);
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base;
}

}  // namespace

HttpRequest Api::request(std::string method, std::string target) const {
    HttpRequest r;
    r.method = std::move(method);
    r.url = std::move(target);
    r.headers.add("Accept", "application/vnd.github+json");
    r.headers.add("X-GitHub-Api-Version", "2022-11-28");
    if (!token.empty()) {
        r.headers.add("Authorization", "Bearer " + token.reveal());
    }
    return r;
}

std::string refusal_hint(int status, std::string_view repo, bool actions) {
    if (status == 401 || status == 403) {
        return actions ? "; check that the GitHub token can read Actions of " + std::string(repo)
                       : std::string();
    }
    if (status == 404) {
        return "; check [[repos]] name \"" + std::string(repo) +
               "\" (a private repository also needs a token that can read it)";
    }
    return {};
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

std::string jobs_url(std::string_view api_base, std::string_view repo, std::int64_t run_id,
                     std::int64_t attempt) {
    return run_url(api_base, repo, run_id) + "/attempts/" + std::to_string(attempt) +
           "/jobs?per_page=100";
}

std::string cancel_run_url(std::string_view api_base, std::string_view repo, std::int64_t id) {
    return run_url(api_base, repo, id) + "/cancel";
}

}  // namespace fairweather::github
