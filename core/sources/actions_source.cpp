#include "core/sources/actions_source.h"

#include <algorithm>

#include "core/util/text.h"

namespace fairweather::github {
namespace {

// The runs query's created>= bound moves once a UTC day, so the URL (and its
// ETag) holds all day: a repository with no new runs costs only 304s, which
// do not count against GitHub's rate limit. The window is still applied to
// each run read.
constexpr Duration k_runs_since_granularity = std::chrono::hours{24};
// A run's jobs rarely fill one page of 100; a matrix of thousands would.
constexpr int k_max_job_pages = 3;

}  // namespace

ActionsSource::ActionsSource(RepoSettings repo, Api api, Duration interval,
                             std::shared_ptr<JobBook> book)
    : m_repo(std::move(repo)),
      m_api(std::move(api)),
      m_interval(interval),
      m_name("actions:" + m_repo.name),
      m_book(book ? std::move(book) : std::make_shared<JobBook>()) {}

HttpRequest ActionsSource::request(TimePoint now) const {
    const auto since = now - m_repo.window;
    const TimePoint rounded{since.time_since_epoch() / k_runs_since_granularity *
                            k_runs_since_granularity};
    return m_api.request("GET", runs_url(m_api.url, m_repo.name, rounded));
}

Reading ActionsSource::read(const FetchResult& result, TimePoint now) const {
    return read_following(result, now, Follow{});
}

Reading ActionsSource::read_following(const FetchResult& result, TimePoint now,
                                      const Follow& follow) const {
    Observation base;
    base.name = m_name;
    base.kind = "actions";
    base.url = request(now).url;
    base.not_modified = result.not_modified;
    Reading reading;
    if (!take_response(base, result.response, now)) {
        // A refusal with Retry-After is a rate limit, not a missing permission.
        if (base.http_status && (*base.http_status == 404 || !base.retry_after)) {
            base.reasons.back() += refusal_hint(*base.http_status, m_repo.name, true);
        }
        reading.observation = std::move(base);
        return reading;
    }
    auto runs = parse_workflow_runs(result.response->body);
    if (!runs) {
        fail_observation(
            base, base.url + " did not return a workflow-runs list: " + runs.error().describe());
        reading.observation = std::move(base);
        return reading;
    }
    std::optional<std::string> partial;
    if (follow) {
        partial = read_more_pages(result, now, follow, *runs);
    }
    ActionsSignals signals;
    if (follow && m_repo.read_jobs) {
        const RunJobs jobs = read_jobs(*runs, now, follow);
        signals = compute_signals(*runs, m_repo, now, &jobs);
    } else {
        signals = compute_signals(*runs, m_repo, now);
    }
    auto delays = m_book->delays_since(now - m_repo.window);
    if (!delays.empty()) {
        std::sort(delays.begin(), delays.end());
        signals.deliveries = static_cast<int>(delays.size());
        signals.delivery_delay_p90 = nearest_rank(delays, 90);
    }
    m_book->prune(now - 2 * m_repo.window);
    m_pages.prune(now - 2 * m_repo.window);
    reading.observation = evaluate_repo(signals, m_repo, now);
    if (partial) {
        reading.observation.reasons.push_back(m_name + ": " + *partial);
    }
    keep_transport(reading.observation, base);
    return reading;
}

std::optional<std::string> ActionsSource::read_more_pages(const FetchResult& first, TimePoint now,
                                                          const Follow& follow,
                                                          std::vector<WorkflowRun>& runs) const {
    const TimePoint from = now - m_repo.window;
    // Runs come newest first: once a page ends before the window, the rest do too.
    const auto reaches_back = [&] {
        return !runs.empty() && runs.back().created_at && *runs.back().created_at >= from;
    };
    const auto take = [&](std::string_view body) -> std::optional<std::string> {
        auto more = parse_workflow_runs(body);
        if (!more) {
            return more.error().describe();
        }
        runs.insert(runs.end(), std::make_move_iterator(more->begin()),
                    std::make_move_iterator(more->end()));
        return std::nullopt;
    };
    return follow_pages(m_api, follow, m_pages, first, request(now).url, m_repo.max_pages, now,
                        "runs", reaches_back, take);
}

bool ActionsSource::worth_asking(const JobBook::Entry& entry, const WorkflowRun& run,
                                 TimePoint now) const {
    // A finished run's jobs are read once more, finally; a GitHub-hosted job
    // seen waiting is asked after every poll, to see it picked up (or
    // stuck). Otherwise an unfinished run's jobs change only as they start
    // and end, which matters to no signal until a new job could have waited
    // pickup_too_long: asking that often sees every job before it counts.
    const bool hosted_waiting = std::any_of(
        entry.jobs.begin(), entry.jobs.end(),
        [&](const WorkflowJob& job) { return job_waiting(job) && !is_self_hosted(job, m_repo); });
    return run.status == "completed" || hosted_waiting ||
           now - entry.read_at >= m_repo.pickup_too_long;
}

RunJobs ActionsSource::read_jobs(const std::vector<WorkflowRun>& runs, TimePoint now,
                                 const Follow& follow) const {
    RunJobs jobs;
    int reads = 0;
    bool server_failing = false;
    for (const auto& run : runs) {
        if (!judges_jobs_of(run, m_repo, now)) {
            continue;
        }
        const RunAttempt key{run.id, run.run_attempt};
        auto entry = m_book->entry(key);
        if (entry && (entry->final || entry->pushed || !worth_asking(*entry, run, now))) {
            jobs.emplace(key, std::move(entry->jobs));
            m_book->touch(key, now);
            continue;
        }
        if (reads >= m_repo.max_job_reads || server_failing) {
            if (entry) {  // the last reading, a poll old: better than none
                jobs.emplace(key, std::move(entry->jobs));
                m_book->touch(key, now);
            }
            continue;
        }
        ++reads;
        std::vector<WorkflowJob> read;
        std::string url = jobs_url(m_api.url, m_repo.name, run.id, run.run_attempt);
        std::string etag;
        bool ok = true;
        for (int page = 1; ok && !url.empty() && page <= k_max_job_pages; ++page) {
            const PageCache::Page kept{entry ? entry->etag : "", "", "", now, false};
            const auto got =
                get_page(m_api, follow, url, page == 1 && entry ? &kept : nullptr, now);
            if (!got) {
                server_failing = got.error().server_failing;
                ok = false;
                break;
            }
            if (got->not_modified) {
                read = entry->jobs;  // a 304: unchanged since the last reading
                etag = entry->etag;
                break;
            }
            auto list = parse_workflow_jobs(got->body);
            if (!list) {
                ok = false;
                break;
            }
            if (page == 1) {
                etag = got->etag;
            }
            read.insert(read.end(), list->begin(), list->end());
            url = got->next;
        }
        if (!ok) {
            if (entry) {
                jobs.emplace(key, std::move(entry->jobs));
            }
            continue;
        }
        const bool finished = run.status == "completed" &&
                              std::all_of(read.begin(), read.end(), [](const WorkflowJob& j) {
                                  return j.status == "completed";
                              });
        m_book->store(key, JobBook::Entry{read, etag, finished, false, now, now});
        jobs.emplace(key, std::move(read));
    }
    return jobs;
}

std::optional<std::string> ActionsSource::compact(std::string_view body) const {
    const auto list = parse_workflow_runs(body);
    if (!list) {
        return std::nullopt;
    }
    return write_workflow_runs(*list);
}

}  // namespace fairweather::github
