// The monitor's loop reading jobs and judging GitHub's API on a manual clock
// with a fake HTTP client: a job left waiting turns the verdict within two
// polls of passing pickup_too_long, runs are read across pages, and 5xx
// answers and timeouts from GitHub's API are weather of their own.
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "core/sources/github_api.h"
#include "core/sources/github_payload.h"
#include "core/store/memory_store.h"
#include "exporters/registry.h"
#include "monitor/api_health.h"
#include "monitor/monitor.h"
#include "monitor/source_set.h"
#include "tests/support/checks.h"
#include "tests/support/fake_http.h"
#include "tests/support/payloads.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;

namespace {

const std::string k_status = "https://www.githubstatus.com/api/v2/summary.json";
const std::string k_runs = "https://api.github.com/repos/acme/widget/actions/runs";
const std::string k_releases = "https://api.github.com/repos/acme/widget/releases";
const TimePoint k_start = *parse_timestamp("2026-11-20T14:30:00Z");

Config with_repo() {
    Config c;
    c.monitor.recovery_window = 10min;
    github::RepoSettings repo;
    repo.name = "acme/widget";
    c.repos.push_back(repo);
    return c;
}

struct Rig {
    // `releases`: whether the releases list answers (an empty list).
    explicit Rig(Config c = with_repo(), bool releases = true)
        : config(std::move(c)),
          recorder(config, *store, metrics, logger),
          monitor(config, monitor::make_sources(config, Secret("ghp_t")), http, recorder, metrics,
                  logger) {
        http.answer(k_status, 200, github_summary("operational"));
        if (releases) {
            http.answer(k_releases, 200, "[]");
        }
    }
    Config config;
    FakeHttpClient http;
    metrics::Registry registry;
    WeatherMetrics metrics{registry};
    std::ostringstream log;
    monitor::Log logger{log};
    std::unique_ptr<StateStore> store = make_memory_store();
    monitor::Recorder recorder;
    monitor::Monitor monitor;

    const Observation& source(const WeatherSnapshot& snap, const std::string& name) {
        for (const auto& o : snap.sources) {
            if (o.name == name) {
                return o;
            }
        }
        BOOST_FAIL("no source " + name);
        return snap.sources.front();
    }
};

github::WorkflowRun run(std::int64_t id, TimePoint created, std::string status) {
    github::WorkflowRun r;
    r.id = id;
    r.name = "CI";
    r.path = ".github/workflows/ci.yml";
    r.status = std::move(status);
    r.conclusion = r.status == "completed" ? "success" : "";
    r.created_at = created;
    r.run_started_at = created;
    return r;
}

github::WorkflowJob job(std::int64_t id, const github::WorkflowRun& r, std::string status,
                        TimePoint created, Duration pickup = 0s) {
    github::WorkflowJob j;
    j.id = id;
    j.run_id = r.id;
    j.status = std::move(status);
    j.labels = {"ubuntu-latest"};
    j.created_at = created;
    j.started_at = created + pickup;
    return j;
}

std::string jobs_of(std::int64_t run) {
    return github::jobs_url("https://api.github.com", "acme/widget", run, 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(monitor_jobs)

BOOST_AUTO_TEST_CASE(a_job_no_runner_takes_turns_the_verdict_within_two_polls_of_the_threshold) {
    Rig rig;
    // Runners stop at 14:30: a run is queued with one job, and nothing picks it up.
    const auto queued = run(1, k_start, "queued");
    const auto done = run(2, k_start - 20min, "completed");
    rig.http.answer(k_runs, 200, github::write_workflow_runs({queued, done}));
    rig.http.answer(jobs_of(1), 200,
                    github::write_workflow_jobs({job(11, queued, "queued", k_start + 2s)}));
    rig.http.answer(jobs_of(2), 200,
                    github::write_workflow_jobs({job(21, done, "completed", k_start - 20min, 8s)}));
    TimePoint now = k_start + 30s;
    TimePoint passed{};  // when the job's wait passed pickup_too_long (3m)
    int polls_after = 0;
    while (now < k_start + 10min) {
        const TimePoint next = rig.monitor.tick(now);
        if (now - (k_start + 2s) > 3min && passed == TimePoint{}) {
            passed = now;
        }
        if (passed != TimePoint{}) {
            ++polls_after;
        }
        if (rig.monitor.snapshot(now).weather != Weather::fair) {
            break;
        }
        now = next;
    }
    const auto snap = rig.monitor.snapshot(now);
    BOOST_TEST(to_string(snap.weather) == "degraded");
    BOOST_TEST(polls_after <= 2, "polls after the threshold: " << polls_after);
    BOOST_TEST(contains(snap.cause, "1 job waiting longer than 3m for a GitHub-hosted runner"),
               snap.cause);
    // The finished run's jobs were read once; the queued one's every poll.
    BOOST_TEST(rig.http.count(jobs_of(2)) == 1);
    BOOST_TEST(rig.http.count(jobs_of(1)) > 1);
    const auto& actions = rig.source(snap, "actions:acme/widget");
    BOOST_TEST(actions.actions->runs_started == 1);
}

BOOST_AUTO_TEST_CASE(runs_beyond_the_first_page_are_read_and_judged) {
    Config c = with_repo();
    c.repos[0].read_jobs = false;
    Rig rig(c);
    std::vector<github::WorkflowRun> first;
    for (int i = 0; i < 3; ++i) {
        first.push_back(run(100 + i, k_start - (1 + i) * 1min, "completed"));
    }
    const std::string page2 = "https://api.github.com/repositories/1/actions/runs?page=2";
    Headers link;
    link.add("Link", "<" + page2 + ">; rel=\"next\"");
    rig.http.answer(k_runs, 200, github::write_workflow_runs(first), link);
    // The second page: two runs stuck in the queue for 20 minutes.
    rig.http.answer(page2, 200,
                    github::write_workflow_runs(
                        {run(90, k_start - 20min, "queued"), run(89, k_start - 21min, "queued")}));
    rig.monitor.tick(k_start);
    BOOST_TEST(rig.http.count(page2) == 1);
    const auto snap = rig.monitor.snapshot(k_start);
    const auto& actions = rig.source(snap, "actions:acme/widget");
    BOOST_TEST(actions.actions->runs_considered == 5);
    BOOST_TEST(actions.actions->queued_too_long == 2);
}

BOOST_AUTO_TEST_CASE(github_answering_5xx_and_timing_out_is_an_outage_of_its_own) {
    Config c = with_repo();
    c.repos[0].read_jobs = false;
    Rig rig(c);
    // The releases list answered once; the runs a 502, then only timeouts.
    rig.http.answer(k_runs, 502, "<html>Bad gateway</html>");
    rig.http.answer(k_runs,
                    make_unexpected(http_error(HttpError::Kind::timeout, k_runs, "timed out")));
    TimePoint now = k_start;
    for (int i = 0; i < 12; ++i) {
        now = std::max(rig.monitor.tick(now), now + 1s);
    }
    const auto snap = rig.monitor.snapshot(now);
    const auto& api = rig.source(snap, "github-api");
    BOOST_TEST(to_string(api.weather) == "outage");
    BOOST_TEST(contains(api.reasons.at(0),
                        "3 of 4 requests to GitHub's API in the last 10m (75%) "
                        "failed: 1 5xx, 2 without an answer"),
               api.reasons.at(0));
    BOOST_TEST(to_string(snap.weather) == "outage");
    const std::string text = serialize_metrics(rig.registry);
    BOOST_TEST(contains(text, "fairweather_github_api_answers_total{outcome=\"server_error\"}"),
               text);
    BOOST_TEST(contains(text, "fairweather_github_api_answers_total{outcome=\"no_answer\"}"));
}

BOOST_AUTO_TEST_CASE(a_monitor_that_cannot_reach_github_at_all_does_not_call_it_an_outage) {
    Config c = with_repo();
    c.repos[0].read_jobs = false;
    Rig rig(c, false);
    rig.http.answer(k_runs, make_unexpected(http_error(HttpError::Kind::connect, k_runs,
                                                       "Could not resolve host")));
    rig.http.answer(k_releases, make_unexpected(http_error(HttpError::Kind::connect, k_releases,
                                                           "Could not resolve host")));
    TimePoint now = k_start;
    for (int i = 0; i < 6; ++i) {
        now = std::max(rig.monitor.tick(now), now + 1s);
    }
    const auto snap = rig.monitor.snapshot(now);
    const auto& api = rig.source(snap, "github-api");
    BOOST_TEST(to_string(api.weather) == "unknown");
    BOOST_TEST(contains(api.reasons.at(0), "check the monitor's own network"), api.reasons.at(0));
}

BOOST_AUTO_TEST_CASE(a_few_5xx_among_many_answers_stay_fair) {
    Config c = with_repo();
    c.repos[0].read_jobs = false;
    Rig rig(c);
    rig.http.answer(k_runs, 200, github::write_workflow_runs({}));
    rig.http.answer(k_runs, 503, "");
    for (int i = 0; i < 20; ++i) {
        rig.http.answer(k_runs, 200, github::write_workflow_runs({}));
    }
    TimePoint now = k_start;
    for (int i = 0; i < 12; ++i) {
        now = std::max(rig.monitor.tick(now), now + 1s);
    }
    const auto snap = rig.monitor.snapshot(now);
    const auto& api = rig.source(snap, "github-api");
    BOOST_TEST(to_string(api.weather) == "fair");
    BOOST_TEST(contains(api.reasons.at(0), "1 of "), api.reasons.at(0));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(api_health)

using Outcome = monitor::ApiHealth::Outcome;

BOOST_AUTO_TEST_CASE(it_judges_the_share_of_failures_in_the_window_and_never_one_blip) {
    const GithubSettings settings;  // 10m, at least 3 answered, 0.25 and 0.6
    monitor::ApiHealth health(settings);
    const TimePoint t = k_start;
    BOOST_TEST(to_string(health.judge(t).weather) == "fair");  // nothing asked yet
    health.record(t, Outcome::server_error);
    health.record(t + 1min, Outcome::answered);
    health.record(t + 2min, Outcome::answered);
    BOOST_TEST(to_string(health.judge(t + 2min).weather) == "fair");  // 1 of 3: a blip
    health.record(t + 3min, Outcome::no_answer);
    const auto degraded = health.judge(t + 3min);  // 2 of 4
    BOOST_TEST(to_string(degraded.weather) == "degraded");
    BOOST_TEST(degraded.reasons.at(0) ==
               "github-api: 2 of 4 requests to GitHub's API in the last 10m (50%) failed: 1 5xx, "
               "1 without an answer, at or above api_errors_degraded");
    health.record(t + 4min, Outcome::server_error);
    health.record(t + 5min, Outcome::server_error);
    BOOST_TEST(to_string(health.judge(t + 5min).weather) == "outage");  // 4 of 6
    // Ten minutes on, the failures have left the window.
    for (int i = 0; i < 3; ++i) {
        health.record(t + 16min + i * 1s, Outcome::answered);
    }
    BOOST_TEST(to_string(health.judge(t + 16min + 2s).weather) == "fair");
}

BOOST_AUTO_TEST_CASE(it_classifies_answers_by_whose_fault_they_can_be) {
    const auto answered = [](int status) {
        HttpResponse r;
        r.status = status;
        return monitor::ApiHealth::classify(r);
    };
    const auto failed = [](HttpError::Kind kind) {
        return monitor::ApiHealth::classify(make_unexpected(HttpError{kind, "u", "m"}));
    };
    BOOST_TEST((answered(200) == Outcome::answered));
    BOOST_TEST((answered(304) == Outcome::answered));
    BOOST_TEST((answered(403) == Outcome::answered));  // a rate limit is GitHub answering
    BOOST_TEST((answered(429) == Outcome::answered));
    BOOST_TEST((answered(502) == Outcome::server_error));
    BOOST_TEST((failed(HttpError::Kind::timeout) == Outcome::no_answer));
    BOOST_TEST((failed(HttpError::Kind::protocol) == Outcome::no_answer));
    BOOST_TEST((failed(HttpError::Kind::connect) == Outcome::unreachable));
    BOOST_TEST((failed(HttpError::Kind::tls) == Outcome::unreachable));
}

BOOST_AUTO_TEST_SUITE_END()
