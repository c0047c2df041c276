// Runner pickup read from jobs, every page of the runs, and the odd shapes
// real answers come in: the jobs PyGithub and octokit recorded (with and
// without created_at, paged by Link headers), a re-run days after its run,
// runs of 2020 without run_started_at or run_attempt, and the project's own
// jobs lists in the same shape.
#include <deque>
#include <map>

#include <boost/test/unit_test.hpp>

#include "core/http/response_headers.h"
#include "core/sources/actions_source.h"
#include "tests/support/cassette.h"
#include "tests/support/checks.h"
#include "tests/support/fake_follow.h"
#include "tests/support/fixtures.h"

using namespace fairweather;
using namespace fairweather::github;
using namespace fairweather::testing;
namespace utf = boost::unit_test;
using namespace std::chrono_literals;

namespace {

TimePoint at(std::string_view text) {
    const auto t = parse_timestamp(text);
    BOOST_REQUIRE(t.has_value());
    return *t;
}

std::string shown(const std::optional<Duration>& d) {
    return d ? format_duration(*d) : "unset";
}

RepoSettings settings() {
    RepoSettings s;
    s.name = "acme/widget";
    return s;
}

std::filesystem::path pygithub(const std::string& file) {
    return peer_fixtures_dir() / "PyGithub__PyGithub" / file;
}

std::filesystem::path octokit(const std::string& file) {
    return peer_fixtures_dir() / "octokit__octokit.rb" / file;
}

// The body PyGithub recorded for the first call whose path ends with `suffix`.
std::string recorded(const std::string& file, const std::string& suffix) {
    for (const auto& call : read_pygithub_replay(pygithub(file))) {
        if (call.path.size() >= suffix.size() &&
            call.path.compare(call.path.size() - suffix.size(), suffix.size(), suffix) == 0) {
            return call.response_body;
        }
    }
    BOOST_FAIL("no call ending with " + suffix + " in " + file);
    return {};
}

std::vector<WorkflowJob> jobs_from(const std::string& json) {
    auto jobs = parse_workflow_jobs(json);
    BOOST_REQUIRE_MESSAGE(jobs.has_value(), (jobs ? "" : jobs.error().describe()));
    return std::move(*jobs);
}

WorkflowRun run_from(const std::string& json) {
    auto run = parse_workflow_run(json);
    BOOST_REQUIRE_MESSAGE(run.has_value(), (run ? "" : run.error().describe()));
    return std::move(*run);
}

WorkflowRun make_run(std::int64_t id, TimePoint created, std::string status) {
    WorkflowRun run;
    run.id = id;
    run.name = "CI";
    run.path = ".github/workflows/ci.yml";
    run.workflow_file = "ci.yml";
    run.status = std::move(status);
    run.conclusion = run.status == "completed" ? "success" : "";
    run.created_at = created;
    run.run_started_at = created;  // as GitHub fills it
    return run;
}

WorkflowJob make_job(std::int64_t id, const WorkflowRun& run, std::string status, TimePoint created,
                     std::optional<Duration> pickup,
                     std::vector<std::string> labels = {"ubuntu-latest"}) {
    WorkflowJob job;
    job.id = id;
    job.run_id = run.id;
    job.run_attempt = run.run_attempt;
    job.status = std::move(status);
    job.labels = std::move(labels);
    job.created_at = created;
    job.started_at = created + pickup.value_or(Duration{0});
    if (pickup) {
        job.runner_group_name = "GitHub Actions";
    }
    return job;
}

// A runs list of `runs` as GitHub writes it (the fields read).
std::string runs_body(const std::vector<WorkflowRun>& runs) {
    return write_workflow_runs(runs);
}

const std::string k_api = "https://api.github.com";

std::string jobs_at(std::int64_t run, std::int64_t attempt = 1) {
    return jobs_url(k_api, "acme/widget", run, attempt);
}

Headers etag(std::string value) {
    Headers h;
    h.add("ETag", std::move(value));
    return h;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jobs_real_payloads, *utf::precondition(peer_fixtures_present))

BOOST_AUTO_TEST_CASE(given_pygithubs_recorded_run_and_jobs_it_should_read_pickup_from_the_jobs) {
    const auto run = run_from(recorded("WorkflowJob.setUp.txt", "/actions/runs/4205440316"));
    const auto jobs = jobs_from(recorded("WorkflowJob.setUp.txt", "/jobs"));
    BOOST_REQUIRE(jobs.size() == 5u);
    BOOST_TEST(jobs[0].runner_group_name == "GitHub Actions");
    BOOST_TEST(jobs[0].labels == std::vector<std::string>{"ubuntu-latest"});
    const RunJobs by_attempt{{RunAttempt{run.id, 1}, jobs}};
    const TimePoint now = *run.created_at + 10min;
    const auto s = compute_signals({run}, settings(), now, &by_attempt);
    BOOST_TEST(s.jobs_read);
    BOOST_TEST(s.jobs_considered == 5);
    BOOST_TEST(s.runs_started == 5);
    // Pickups of 5, 6, 8, 8 and 9 seconds.
    BOOST_TEST(shown(s.queue_latency_p50) == "8s");
    BOOST_TEST(shown(s.queue_latency_p90) == "9s");
    BOOST_TEST(s.jobs_self_hosted == 0);
    const auto o = evaluate_repo(s, settings(), now);
    BOOST_TEST(o.weather == Weather::fair);
    BOOST_TEST(o.reasons.at(0) ==
               "actions:acme/widget: 1 run in the last 1h, 5 jobs on "
               "GitHub-hosted runners, pickup p90 9s, none stuck");
}

BOOST_AUTO_TEST_CASE(given_the_other_recorded_jobs_list_it_should_read_every_job_and_its_runner) {
    const auto jobs = jobs_from(recorded("WorkflowRun.test_jobs.txt", "/jobs"));
    BOOST_REQUIRE(jobs.size() == 5u);
    for (const auto& job : jobs) {
        BOOST_TEST(job.run_id == 3881497935);
        BOOST_TEST(job.status == "completed");
        BOOST_TEST(!is_self_hosted(job, settings()));
        BOOST_TEST(job.created_at.has_value());
        BOOST_TEST((*job.started_at - *job.created_at <= 9s));
    }
    // Read back from the compact form to equal values.
    const auto again = parse_workflow_jobs(write_workflow_jobs(jobs));
    BOOST_REQUIRE(again.has_value());
    BOOST_TEST((*again == jobs));
}

BOOST_AUTO_TEST_CASE(given_a_rerun_days_after_its_run_it_should_count_it_when_rerun_not_as_a_wait) {
    // PyGithub recorded run 26365060973: created 2026-05-24, attempt 2 run
    // on 2026-05-29. Its run_started_at - created_at is five days.
    const auto run = run_from(recorded("WorkflowRun.testGetAttempt.txt", "/runs/26365060973"));
    BOOST_REQUIRE(run.run_attempt == 2);
    BOOST_TEST((*run.run_started_at - *run.created_at > 24h * 5));
    const TimePoint now = *run.run_started_at + 5min;
    const auto s = compute_signals({run}, settings(), now);
    BOOST_TEST(s.runs_considered == 1);  // re-run within the window
    BOOST_TEST(s.runs_started == 0);     // and no five-day wait
    BOOST_TEST(!s.queue_latency_max.has_value());
    BOOST_TEST(evaluate_repo(s, settings(), now).weather == Weather::fair);
    // The attempt's own record starts from the attempt.
    const auto attempt = run_from(recorded("WorkflowRun.testGetAttempt.txt", "/attempts/2"));
    BOOST_TEST(format_timestamp(*attempt.created_at) == "2026-05-29T15:42:07Z");
}

BOOST_AUTO_TEST_CASE(given_runs_of_2020_without_start_or_attempt_it_should_count_without_latency) {
    // total_count 124, five runs on the page, no run_started_at nor run_attempt.
    const auto body = recorded("Repository.testGetWorkflowRuns.txt", "/actions/runs");
    const auto runs = parse_workflow_runs(body);
    BOOST_REQUIRE(runs.has_value());
    BOOST_REQUIRE(runs->size() == 5u);
    for (const auto& run : *runs) {
        BOOST_TEST(run.run_attempt == 1);
        BOOST_TEST(!run.run_started_at.has_value());
    }
    const TimePoint now = *runs->front().created_at + 1min;
    const auto s = compute_signals(*runs, settings(), now);
    BOOST_TEST(s.runs_considered >= 2);
    BOOST_TEST(s.runs_started == 0);
    BOOST_TEST(evaluate_repo(s, settings(), now).weather == Weather::fair);
}

BOOST_AUTO_TEST_CASE(given_octokits_paged_jobs_without_created_at_it_should_follow_and_time_them) {
    // Two pages of one job each, linked by rel="next"; recorded in 2022,
    // before jobs had created_at: they wait from their run's creation.
    const auto calls = read_octokit_cassette(octokit(
        "Octokit_Client_ActionsWorkflowJobs/_workflow_run_jobs/auto-paginates_the_results.json"));
    BOOST_REQUIRE(calls.size() == 2u);
    WorkflowRun run = make_run(3163227438, at("2022-10-01T04:53:10Z"), "completed");
    FakeFollow follow;
    follow.answer(jobs_at(run.id), calls[0].response.status, calls[0].response.body,
                  calls[0].response.headers);
    const auto next = next_page(calls[0].response.headers);
    BOOST_REQUIRE(next.has_value());
    follow.answer(*next, calls[1].response.status, calls[1].response.body,
                  calls[1].response.headers);
    const ActionsSource source(settings(), Api{k_api, {}}, 1min);
    const TimePoint now = at("2022-10-01T05:00:00Z");
    const auto reading = source.read_following(first_page(runs_body({run})), now, follow.follow());
    const auto& s = *reading.observation.actions;
    BOOST_TEST(follow.requests.size() == 2u);
    BOOST_TEST(s.jobs_considered == 2);
    BOOST_TEST(s.runs_started == 2);
    BOOST_TEST(shown(s.queue_latency_max) == "16s");
}

BOOST_AUTO_TEST_CASE(given_octokits_paged_runs_it_should_read_every_page_of_the_window) {
    const auto calls = read_octokit_cassette(
        octokit("Octokit_Client_ActionsWorkflowRuns/_repository_workflow_runs/"
                "auto-paginates_the_results.json"));
    BOOST_REQUIRE(calls.size() == 3u);
    // Each page at the URL its predecessor's Link header names.
    const auto serve = [&](FakeFollow& f) {
        for (std::size_t i = 1; i < calls.size(); ++i) {
            const auto next = next_page(calls[i - 1].response.headers);
            BOOST_REQUIRE(next.has_value());
            f.answer(*next, calls[i].response.status, calls[i].response.body,
                     calls[i].response.headers);
        }
    };
    RepoSettings only_runs = settings();
    only_runs.read_jobs = false;
    const FetchResult first = first_page(calls[0].response.body, calls[0].response.headers);
    {
        FakeFollow f;
        serve(f);
        const ActionsSource source(only_runs, Api{k_api, {}}, 1min);
        const auto r = source.read_following(first, at("2022-09-22T23:10:00Z"), f.follow());
        BOOST_TEST(r.observation.actions->runs_considered == 3);
        BOOST_TEST(f.requests.size() == 2u);
    }
    {
        // Runs come newest first: a page ending before the window ends the reading.
        only_runs.window = 5min;
        FakeFollow f;
        serve(f);
        const ActionsSource source(only_runs, Api{k_api, {}}, 1min);
        const auto r = source.read_following(first, at("2022-09-22T23:11:15Z") + 500ms, f.follow());
        BOOST_TEST(f.requests.size() == 1u);
        BOOST_TEST(r.observation.actions->runs_considered == 1);
    }
    {
        only_runs.window = 1h;
        only_runs.max_pages = 2;
        FakeFollow f;
        serve(f);
        const ActionsSource source(only_runs, Api{k_api, {}}, 1min);
        const auto r = source.read_following(first, at("2022-09-22T23:10:00Z"), f.follow());
        BOOST_TEST(r.observation.actions->runs_considered == 2);
        BOOST_TEST(contains(all_reasons(r.observation),
                            "read 2 pages of the runs (max_pages); the older ones were not read"));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jobs_signals)

const TimePoint k_now =
    TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}} + 14h + 30min;

BOOST_AUTO_TEST_CASE(given_jobs_waiting_for_github_it_should_count_them_and_leave_self_hosted_out) {
    // tests/fixtures/github/jobs_outage.json: two GitHub-hosted jobs queued
    // (9m55s and 5m20s), one for a self-hosted runner queued for 27m, one
    // picked up after 12s.
    const auto jobs = jobs_from(own_fixture("github/jobs_outage.json"));
    const WorkflowRun run = make_run(9100000001, at("2026-11-20T14:01:58Z"), "queued");
    const RunJobs by_attempt{{RunAttempt{run.id, 1}, jobs}};
    const auto s = compute_signals({run}, settings(), k_now, &by_attempt);
    BOOST_TEST(s.jobs_considered == 3);
    BOOST_TEST(s.jobs_queued_now == 2);
    BOOST_TEST(s.jobs_waiting_too_long == 2);
    BOOST_TEST(shown(s.longest_job_wait) == "9m55s");
    BOOST_TEST(s.jobs_self_hosted == 1);
    BOOST_TEST(s.runs_started == 1);
    BOOST_TEST(shown(s.queue_latency_max) == "12s");
    const auto o = evaluate_repo(s, settings(), k_now);
    BOOST_TEST(o.weather == Weather::degraded);
    BOOST_TEST(o.reasons.at(0) ==
               "actions:acme/widget: 2 jobs waiting longer than 3m for a "
               "GitHub-hosted runner (longest 9m55s)");
    BOOST_TEST(contains(all_reasons(o),
                        "left out as the project's own queues: 1 job for "
                        "self-hosted runners"));
}

BOOST_AUTO_TEST_CASE(given_three_jobs_stuck_it_should_call_an_outage) {
    const WorkflowRun run = make_run(1, k_now - 20min, "queued");
    std::vector<WorkflowJob> jobs;
    for (int i = 0; i < 3; ++i) {
        jobs.push_back(make_job(10 + i, run, "queued", k_now - 4min - i * 1min, std::nullopt));
    }
    const RunJobs by_attempt{{RunAttempt{1, 1}, jobs}};
    const auto s = compute_signals({run}, settings(), k_now, &by_attempt);
    BOOST_TEST(s.jobs_waiting_too_long == 3);
    BOOST_TEST(evaluate_repo(s, settings(), k_now).weather == Weather::outage);
}

BOOST_AUTO_TEST_CASE(given_a_queued_run_whose_waiting_jobs_are_all_self_hosted_it_should_be_fair) {
    // A self-hosted runner offline for an hour: the project's queue, not GitHub's.
    RepoSettings own = settings();
    own.self_hosted = {"arc-runner-set"};
    const WorkflowRun a = make_run(1, k_now - 50min, "queued");
    const WorkflowRun b = make_run(2, k_now - 40min, "queued");
    const RunJobs by_attempt{
        {RunAttempt{1, 1},
         {make_job(11, a, "queued", k_now - 50min, std::nullopt, {"self-hosted", "linux"})}},
        {RunAttempt{2, 1},
         {make_job(21, b, "queued", k_now - 40min, std::nullopt, {"arc-runner-set"}),
          make_job(22, b, "completed", k_now - 40min, 7s)}},
    };
    const auto s = compute_signals({a, b}, own, k_now, &by_attempt);
    BOOST_TEST(s.queued_now == 0);
    BOOST_TEST(s.queued_too_long == 0);
    BOOST_TEST(s.jobs_self_hosted == 2);
    BOOST_TEST(s.jobs_waiting_too_long == 0);
    const auto o = evaluate_repo(s, own, k_now);
    BOOST_TEST(o.weather == Weather::fair);
    BOOST_TEST(contains(all_reasons(o), "2 jobs for self-hosted runners"));
}

BOOST_AUTO_TEST_CASE(given_a_run_just_released_by_its_concurrency_group_it_should_not_be_stuck) {
    // Created 12 minutes ago, pending behind a deployment until a moment ago:
    // its job was queued 5 seconds ago. The run's own created_at says 12m.
    const WorkflowRun run = make_run(1, k_now - 12min, "queued");
    const RunJobs by_attempt{
        {RunAttempt{1, 1}, {make_job(11, run, "queued", k_now - 5s, std::nullopt)}}};
    const auto s = compute_signals({run}, settings(), k_now, &by_attempt);
    BOOST_TEST(s.queued_now == 1);
    BOOST_TEST(s.queued_too_long == 0);
    BOOST_TEST(shown(s.longest_queued) == "5s");
    // Without its jobs, the run alone looks stuck: the false alarm jobs avoid.
    BOOST_TEST(compute_signals({run}, settings(), k_now).queued_too_long == 1);
}

BOOST_AUTO_TEST_CASE(given_a_rerun_queued_a_minute_ago_it_should_wait_from_the_rerun) {
    WorkflowRun rerun = make_run(1, k_now - 2h, "queued");
    rerun.run_attempt = 2;
    rerun.run_started_at = k_now - 1min;
    const auto s = compute_signals({rerun}, settings(), k_now);
    BOOST_TEST(s.runs_considered == 1);
    BOOST_TEST(s.queued_too_long == 0);
    BOOST_TEST(shown(s.longest_queued) == "1m");
}

BOOST_AUTO_TEST_CASE(given_a_runner_group_of_the_projects_own_it_should_leave_its_jobs_out) {
    RepoSettings own = settings();
    own.self_hosted = {"Build Farm"};
    const WorkflowRun run = make_run(1, k_now - 5min, "in_progress");
    WorkflowJob job = make_job(11, run, "in_progress", k_now - 5min, 4min, {"linux-large"});
    job.runner_group_name = "build farm";
    BOOST_TEST(is_self_hosted(job, own));
    job.runner_group_name = "GitHub Actions";
    BOOST_TEST(!is_self_hosted(job, own));
}

BOOST_AUTO_TEST_CASE(given_an_empty_jobs_list_for_a_queued_run_it_should_still_count_the_run) {
    const auto jobs = jobs_from(R"({"total_count":0,"jobs":[]})");
    BOOST_TEST(jobs.empty());
    const WorkflowRun run = make_run(1, k_now - 15min, "queued");
    const RunJobs by_attempt{{RunAttempt{1, 1}, jobs}};
    const auto s = compute_signals({run}, settings(), k_now, &by_attempt);
    BOOST_TEST(s.queued_too_long == 1);
    BOOST_TEST(s.jobs_considered == 0);
    BOOST_TEST(evaluate_repo(s, settings(), k_now).weather == Weather::degraded);
}

BOOST_AUTO_TEST_CASE(given_malformed_jobs_it_should_give_the_exact_path) {
    const auto bad = parse_workflow_jobs(R"({"jobs":[{"id":1,"run_id":2,"status":"queued",)"
                                         R"("labels":["ubuntu-latest",7]}]})");
    BOOST_REQUIRE(!bad.has_value());
    BOOST_TEST(bad.error().describe().find("jobs[0].labels[1]") != std::string::npos);
    const auto no_run = parse_workflow_jobs(R"({"jobs":[{"id":1,"status":"queued"}]})");
    BOOST_REQUIRE(!no_run.has_value());
    BOOST_TEST(no_run.error().describe().find("jobs[0].run_id") != std::string::npos);
    BOOST_TEST(!parse_workflow_jobs(R"([])").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jobs_reading)

const TimePoint k_now =
    TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}} + 14h + 30min;

std::string jobs_body(const std::vector<WorkflowJob>& jobs) {
    return write_workflow_jobs(jobs);
}

BOOST_AUTO_TEST_CASE(
    given_a_finished_run_it_should_read_its_jobs_once_and_an_unfinished_one_again) {
    const WorkflowRun done = make_run(1, k_now - 30min, "completed");
    const WorkflowRun going = make_run(2, k_now - 2min, "in_progress");
    FakeFollow f;
    f.answer(jobs_at(1), 200, jobs_body({make_job(11, done, "completed", k_now - 30min, 9s)}),
             etag("W/\"a\""));
    f.answer(jobs_at(2), 200, jobs_body({make_job(21, going, "in_progress", k_now - 2min, 5s)}),
             etag("W/\"b\""));
    f.answer(jobs_at(2), 304, "");
    const ActionsSource source(settings(), Api{k_api, {}}, 1min);
    const FetchResult page = first_page(runs_body({going, done}));
    auto first = source.read_following(page, k_now, f.follow());
    BOOST_TEST(f.count("/runs/1/") == 1);
    BOOST_TEST(f.count("/runs/2/") == 1);
    BOOST_TEST(first.observation.actions->runs_started == 2);

    // A minute on, every job of the unfinished run was running: nothing to ask.
    source.read_following(page, k_now + 1min, f.follow());
    BOOST_TEST(f.requests.size() == 2u);
    // Once a new job could have waited pickup_too_long (3m), it is asked again.
    auto second = source.read_following(page, k_now + 3min, f.follow());
    BOOST_TEST(f.count("/runs/1/") == 1);  // finished: kept
    BOOST_TEST(f.count("/runs/2/") == 2);  // unfinished: asked again, conditionally
    BOOST_TEST(f.requests.back().headers.get("If-None-Match").value_or("") == "W/\"b\"");
    BOOST_TEST(second.observation.actions->runs_started == 2);  // the 304 kept its jobs
    BOOST_TEST(second.observation.actions->runs_jobs_unread == 0);
}

BOOST_AUTO_TEST_CASE(given_github_failing_on_jobs_it_should_stop_asking_for_this_poll) {
    std::vector<WorkflowRun> runs;
    FakeFollow f;
    for (int i = 1; i <= 4; ++i) {
        runs.push_back(make_run(i, k_now - i * 1min, "completed"));
        f.answer(jobs_at(i), 502, "<html>Bad gateway</html>");
    }
    const ActionsSource source(settings(), Api{k_api, {}}, 1min);
    const auto r = source.read_following(first_page(runs_body(runs)), k_now, f.follow());
    BOOST_TEST(f.requests.size() == 1u);
    BOOST_TEST(r.observation.actions->runs_jobs_unread == 4);
    BOOST_TEST(
        contains(all_reasons(r.observation),
                 "the jobs of 4 runs could not be read this poll; judged by the runs alone"));
}

BOOST_AUTO_TEST_CASE(given_more_runs_than_max_job_reads_it_should_read_only_that_many_a_poll) {
    RepoSettings bounded = settings();
    bounded.max_job_reads = 2;
    std::vector<WorkflowRun> runs;
    FakeFollow f;
    for (int i = 1; i <= 5; ++i) {
        runs.push_back(make_run(i, k_now - i * 1min, "completed"));
        f.answer(jobs_at(i), 200,
                 jobs_body({make_job(i * 10, runs.back(), "completed", k_now - i * 1min, 3s)}));
    }
    const ActionsSource source(bounded, Api{k_api, {}}, 1min);
    const FetchResult page = first_page(runs_body(runs));
    const auto first = source.read_following(page, k_now, f.follow());
    BOOST_TEST(f.requests.size() == 2u);
    BOOST_TEST(first.observation.actions->runs_jobs_unread == 3);
    // The next polls read the rest, and none twice.
    source.read_following(page, k_now + 1min, f.follow());
    const auto third = source.read_following(page, k_now + 2min, f.follow());
    BOOST_TEST(f.requests.size() == 5u);
    BOOST_TEST(third.observation.actions->runs_jobs_unread == 0);
}

BOOST_AUTO_TEST_CASE(given_jobs_a_webhook_pushed_it_should_not_ask_for_them_and_judge_delays) {
    const WorkflowRun run = make_run(7, k_now - 20min, "queued");
    auto book = std::make_shared<JobBook>();
    for (int i = 0; i < 3; ++i) {
        // Queued 10 minutes ago, each delivered 6 minutes late.
        book->push(make_job(70 + i, run, "queued", k_now - 10min, std::nullopt), k_now - 4min,
                   6min);
    }
    FakeFollow f;
    const ActionsSource source(settings(), Api{k_api, {}}, 1min, book);
    const auto r = source.read_following(first_page(runs_body({run})), k_now, f.follow());
    BOOST_TEST(f.requests.empty());
    const auto& s = *r.observation.actions;
    BOOST_TEST(s.jobs_waiting_too_long == 3);
    BOOST_TEST(s.deliveries == 3);
    BOOST_TEST(shown(s.delivery_delay_p90) == "6m");
    BOOST_TEST(r.observation.weather == Weather::outage);
    BOOST_TEST(contains(all_reasons(r.observation),
                        "workflow_job webhook deliveries arrived 6m late at p90 over 3"));
}

BOOST_AUTO_TEST_CASE(given_a_late_queued_delivery_after_completed_it_should_keep_completed) {
    const WorkflowRun run = make_run(7, k_now - 20min, "completed");
    JobBook book;
    book.push(make_job(70, run, "completed", k_now - 20min, 8s), k_now - 5min, 1s);
    book.push(make_job(70, run, "queued", k_now - 20min, std::nullopt), k_now - 4min, 1s);
    const auto entry = book.entry(RunAttempt{7, 1});
    BOOST_REQUIRE(entry.has_value());
    BOOST_TEST(entry->jobs.at(0).status == "completed");
}

BOOST_AUTO_TEST_CASE(given_jobs_off_it_should_ask_for_nothing_more_and_judge_the_runs) {
    RepoSettings off = settings();
    off.read_jobs = false;
    FakeFollow f;
    const ActionsSource source(off, Api{k_api, {}}, 1min);
    const auto r = source.read_following(
        first_page(runs_body({make_run(1, k_now - 3min, "completed")})), k_now, f.follow());
    BOOST_TEST(f.requests.empty());
    BOOST_TEST(!r.observation.actions->jobs_read);
}

BOOST_AUTO_TEST_SUITE_END()
