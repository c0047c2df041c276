#pragma once
// A fake GitHub REST API on loopback for the release queue's tests: it takes
// workflow dispatches (and remembers every one), starts a run for each whose
// title carries the correlation input, moves that run along each time it is
// read, and serves the repository's own runs, releases and default branch.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tests/support/loopback_server.h"

namespace fairweather::testing {

class FakeGitHub {
  public:
    explicit FakeGitHub(std::string repo = "acme/widget",
                        std::string correlation_input = "fairweather_id");
    FakeGitHub(const FakeGitHub&) = delete;
    FakeGitHub& operator=(const FakeGitHub&) = delete;

    std::string url() const { return m_server.url(); }
    LoopbackServer& server() { return m_server; }

    // The repository's own Actions runs (GET /repos/{repo}/actions/runs).
    void set_actions_runs(std::string json);
    // How dispatch requests are answered (204 normally).
    void set_dispatch_status(int status);
    // What a dispatch asking for "return_run_details" gets: 204 as if the key
    // were not there (the default), 200 naming the run (github.com today), or
    // 422 refusing the key and dispatching nothing (a server that validates
    // keys and does not know it).
    enum class RunDetails { ignored, answered, refused };
    void set_run_details(RunDetails mode);
    // What becomes of a dispatch request: answered (the default); taken but
    // never answered (GitHub starts the run, the answer never comes back, as
    // when the connection dies on the way); or lost before GitHub saw it (the
    // connection is closed unanswered, nothing is dispatched nor counted).
    enum class DispatchFate { answered, unanswered, lost };
    void set_dispatch_fate(DispatchFate fate);
    // How runs end, and after how many reads of the run.
    void set_run_outcome(std::string conclusion, int reads_to_finish);
    // After how many reads a run leaves the queue for a runner (1 by default).
    void set_reads_to_start(int reads);

    struct Dispatch {
        std::string workflow;
        std::string ref;
        std::string correlation;  // the correlation input's value
        std::string authorization;
        std::string body;
    };
    std::vector<Dispatch> dispatches() const;
    // Dispatches per correlation id.
    std::map<std::string, int> dispatch_counts() const;
    std::size_t runs_cancelled() const;

  private:
    struct Run {
        long long id = 0;
        std::string workflow;
        std::string title;
        std::string created_at;
        int reads = 0;
        std::string status = "queued";
        std::string conclusion;
    };
    std::optional<ScriptedResponse> handle(const RecordedRequest& request);
    std::string run_json(const Run& run) const;
    std::string jobs_json(const Run& run) const;

    std::string m_repo;
    std::string m_correlation_input;
    mutable std::mutex
        m_mutex;  // the server calls handle() under its own lock; this guards the reads from tests
    std::string m_actions_runs;
    int m_dispatch_status = 204;
    RunDetails m_run_details = RunDetails::ignored;
    DispatchFate m_dispatch_fate = DispatchFate::answered;
    std::string m_conclusion = "success";
    int m_reads_to_finish = 3;
    int m_reads_to_start = 1;
    long long m_next_run = 9000;
    std::vector<Dispatch> m_dispatches;
    std::vector<Run> m_runs;
    std::size_t m_cancelled = 0;
    LoopbackServer m_server;  // last: stopped first, before the state it calls into
};

}  // namespace fairweather::testing
