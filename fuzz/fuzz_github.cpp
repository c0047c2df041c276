// GitHub REST payloads as api.github.com (or anything between it and the
// monitor) may send them. Every parser reads the same bytes, so one corpus
// of runs, releases and repositories serves all four; runs that parse go on
// to the Actions signals and weather, as the monitor's poll does.
//
// There is no parser of a run's jobs yet (GET .../runs/{id}/jobs); when one
// is written, it belongs here too.

#include <algorithm>

#include "core/sources/actions_source.h"
#include "core/sources/github_payload.h"
#include "fuzz/fuzz_support.h"

using namespace fairweather;

namespace {

void judge_runs(const std::vector<github::WorkflowRun>& runs) {
    static const github::RepoSettings every_workflow = [] {
        github::RepoSettings s;
        s.name = "octo-org/octo-repo";
        return s;
    }();
    static const github::RepoSettings some_workflows = [] {
        github::RepoSettings s;
        s.name = "octo-org/octo-repo";
        s.workflows = {"ci.yml", ".github/workflows/build.yml", "CI"};
        s.release_workflow = "release.yml";
        return s;
    }();
    // "Now" just after the newest run, so the window holds the runs, as in
    // a live poll.
    TimePoint now = fuzz::k_now;
    for (const auto& run : runs) {
        if (run.created_at) {
            now = std::max(now, *run.created_at + std::chrono::minutes{1});
        }
    }
    for (const auto* settings : {&every_workflow, &some_workflows}) {
        const auto signals = github::compute_signals(runs, *settings, now);
        fuzz::require(signals.runs_started <= signals.runs_considered,
                      "started runs are among the runs considered");
        fuzz::require(signals.queued_too_long <= signals.queued_now,
                      "runs queued too long are among the queued ones");
        if (signals.queue_latency_p50 && signals.queue_latency_p90 && signals.queue_latency_max) {
            fuzz::require(*signals.queue_latency_p50 <= *signals.queue_latency_p90 &&
                              *signals.queue_latency_p90 <= *signals.queue_latency_max,
                          "queue latency p50 <= p90 <= max");
        }
        (void)github::evaluate_repo(signals, *settings, now);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    if (const auto runs = github::parse_workflow_runs(text)) {
        judge_runs(*runs);
    }
    if (const auto run = github::parse_workflow_run(text)) {
        judge_runs({*run});
    }
    (void)github::parse_releases(text);
    (void)github::parse_default_branch(text);
    return 0;
}
