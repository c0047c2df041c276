#include "core/sources/actions_source.h"

#include <algorithm>

#include "core/http/response_headers.h"
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

// One page asked for through `follow`, with If-None-Match when a copy is
// kept: its body (the kept one on a 304) and what comes next.
struct Page {
    std::string body;
    std::string etag;
    std::string next;
    bool not_modified = false;
};

struct PageError {
    std::string reason;
    bool server_failing = false;  // a 5xx or no answer: ask GitHub nothing more this poll
};

Expected<Page, PageError> get_page(const Api& api, const Source::Follow& follow,
                                   const std::string& url, const JobBook::Page* kept) {
    HttpRequest request = api.request("GET", url);
    if (kept != nullptr && !kept->etag.empty()) {
        request.headers.add("If-None-Match", kept->etag);
    }
    const auto response = follow(request);
    if (!response) {
        return make_unexpected(PageError{redact_url(url) + ": " + response.error().message, true});
    }
    if (response->status == 304 && kept != nullptr) {
        return Page{kept->body, kept->etag, kept->next, true};
    }
    if (response->status < 200 || response->status > 299) {
        return make_unexpected(
            PageError{redact_url(url) + " answered " + describe_status(response->status),
                      response->status >= 500});
    }
    return Page{response->body, response->headers.get("ETag").value_or(""),
                next_page(response->headers).value_or(""), false};
}

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
    // A 304 repeats no Link header: the first page's next is kept with it.
    const std::string first_url = request(now).url;
    std::string next;
    if (first.not_modified) {
        const auto kept = m_book->page(first_url);
        next = kept ? kept->next : std::string();
    } else {
        next = next_page(first.response->headers).value_or("");
        m_book->store_page(first_url, JobBook::Page{"", "", next, now});
    }
    const TimePoint from = now - m_repo.window;
    // Runs come newest first: once a page ends before the window, the rest do too.
    const auto reaches_back = [&] {
        return !runs.empty() && runs.back().created_at && *runs.back().created_at >= from;
    };
    for (int page = 2; !next.empty() && reaches_back(); ++page) {
        if (page > m_repo.max_pages) {
            return "judged on the newest " + std::to_string(runs.size()) + " runs (" +
                   std::to_string(m_repo.max_pages) + " pages, max_pages); older runs of the " +
                   "window were not read";
        }
        const auto kept = m_book->page(next);
        const auto got = get_page(m_api, follow, next, kept ? &*kept : nullptr);
        if (!got) {
            return "page " + std::to_string(page) + " of the runs could not be read (" +
                   got.error().reason + "); judged on the first " + std::to_string(runs.size()) +
                   " runs";
        }
        auto more = parse_workflow_runs(got->body);
        if (!more) {
            return "page " + std::to_string(page) + " of the runs did not read (" +
                   more.error().describe() + "); judged on the first " +
                   std::to_string(runs.size()) + " runs";
        }
        m_book->store_page(next, JobBook::Page{got->etag, got->body, got->next, now});
        runs.insert(runs.end(), std::make_move_iterator(more->begin()),
                    std::make_move_iterator(more->end()));
        next = got->next;
    }
    return std::nullopt;
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
        if (entry && (entry->final || entry->pushed)) {
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
            const JobBook::Page kept{entry ? entry->etag : "", "", "", now};
            const auto got = get_page(m_api, follow, url, page == 1 && entry ? &kept : nullptr);
            if (!got) {
                server_failing = got.error().server_failing;
                ok = false;
                break;
            }
            if (got->not_modified) {
                read = entry->jobs;  // unchanged since the last reading
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
        m_book->store(key, JobBook::Entry{read, etag, finished, false, now});
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
