#pragma once
// What the monitor knows of a repository's jobs, by run attempt: read from
// GitHub's jobs lists (a finished attempt once; an unfinished one again on
// each poll, with If-None-Match) or pushed by workflow_job webhook
// deliveries. The repository's Actions source reads and judges it on its
// lane's thread; the webhook receiver pushes from the HTTP server's: it locks.

#include <compare>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/sources/github_payload.h"
#include "core/util/time.h"

namespace fairweather::github {

struct RunAttempt {
    std::int64_t run_id = 0;
    std::int64_t attempt = 1;
    auto operator<=>(const RunAttempt&) const = default;
};

// The jobs of run attempts, as judged together with the runs list.
using RunJobs = std::map<RunAttempt, std::vector<WorkflowJob>>;

class JobBook {
  public:
    struct Entry {
        std::vector<WorkflowJob> jobs;
        std::string etag;     // of the last 200, for If-None-Match
        bool final = false;   // read after the attempt finished: never read again
        bool pushed = false;  // a webhook delivery reported a job of this attempt
        TimePoint touched{};  // last read, pushed or judged
        TimePoint read_at{};  // last asked of GitHub
    };
    // A webhook delivery's job, as of `received_at`, `delay` after the event
    // it reports: replaces the job with the same id in its attempt.
    void push(const WorkflowJob& job, TimePoint received_at, std::optional<Duration> delay);
    std::optional<Entry> entry(RunAttempt key) const;
    void store(RunAttempt key, Entry entry);
    void touch(RunAttempt key, TimePoint now);

    // The delays of the deliveries received at or after `from`.
    std::vector<Duration> delays_since(TimePoint from) const;
    // Forgets attempts and delays not touched since `before`: the
    // book holds about one window of a repository's jobs.
    void prune(TimePoint before);
    std::size_t attempts() const;

  private:
    mutable std::mutex m_mutex;
    std::map<RunAttempt, Entry> m_entries;
    std::deque<std::pair<TimePoint, Duration>> m_delays;  // in order received
};

}  // namespace fairweather::github
