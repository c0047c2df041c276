#pragma once
// How fairweather asks GitHub's REST API: where (the API's base URL), as
// whom (a token, never logged), with GitHub's media type and API version;
// and the URLs of the endpoints it calls. Reading the answers is
// github_payload.h's part.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/http/client.h"
#include "core/util/secret.h"
#include "core/util/time.h"

namespace fairweather::github {

struct Api {
    std::string url = "https://api.github.com";
    Secret token;  // empty: unauthenticated (60 requests an hour)

    // A request to `url` with "Accept: application/vnd.github+json", the API
    // version header and, when there is a token, "Authorization: Bearer".
    HttpRequest request(std::string method, std::string url) const;
};

// What to check when GitHub refuses to read `repo` with `status` (401, 403,
// 404): "; check that the GitHub token can read Actions of o/r", or empty.
// `actions`: the request was for the repository's Actions runs.
std::string refusal_hint(int status, std::string_view repo, bool actions);

// "{api}/repos/{repo}"
std::string repo_url(std::string_view api_base, std::string_view repo);
// "{api}/repos/{repo}/actions/workflows/{workflow}/dispatches"
std::string dispatch_url(std::string_view api_base, std::string_view repo,
                         std::string_view workflow);
// The workflow's runs started by workflow_dispatch since `since`:
// "{api}/repos/{repo}/actions/workflows/{workflow}/runs?event=workflow_dispatch&per_page=100&created=%3E%3D{since}"
std::string dispatched_runs_url(std::string_view api_base, std::string_view repo,
                                std::string_view workflow, TimePoint since);
// "{api}/repos/{repo}/actions/runs/{id}" and its "/cancel".
std::string run_url(std::string_view api_base, std::string_view repo, std::int64_t id);
std::string cancel_run_url(std::string_view api_base, std::string_view repo, std::int64_t id);

// "{api}/repos/{repo}/actions/runs?per_page=100&created=%3E%3D{since, RFC 3339}"
std::string runs_url(std::string_view api_base, std::string_view repo, TimePoint since);
// The jobs of one attempt of a run:
// "{api}/repos/{repo}/actions/runs/{id}/attempts/{attempt}/jobs?per_page=100"
std::string jobs_url(std::string_view api_base, std::string_view repo, std::int64_t run_id,
                     std::int64_t attempt);
// "{api}/repos/{repo}/releases?per_page=100"
std::string releases_url(std::string_view api_base, std::string_view repo);

}  // namespace fairweather::github
