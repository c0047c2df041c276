// The monitor's loop on a manual clock with a fake HTTP client: polling and
// politeness, repository signals, staleness, hysteresis, history and restart.
#include "monitor/monitor.h"

#include <algorithm>
#include <fstream>
#include <future>
#include <set>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "core/store/memory_store.h"
#include "exporters/registry.h"
#include "monitor/api.h"
#include "monitor/lanes.h"
#include "monitor/options.h"
#include "monitor/source_set.h"
#include "tests/support/checks.h"
#include "tests/support/fake_http.h"
#include "tests/support/fixtures.h"
#include "tests/support/payloads.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;

namespace {

const std::string k_status = "https://www.githubstatus.com/api/v2/summary.json";
const std::string k_runs = "https://api.github.com/repos/acme/widget/actions/runs";
const std::string k_releases = "https://api.github.com/repos/acme/widget/releases";
// The moment the runs fixtures were written for.
const TimePoint k_start = *parse_timestamp("2026-11-20T14:30:00Z");

// Actions in `actions_status`, plus an unresolved minor incident on it.
std::string summary(const std::string& actions_status) {
    return github_summary(
        actions_status,
        R"([{"id":"inc1","name":"Incident with Actions","status":"investigating",)"
        R"("impact":"minor","components":[{"id":"br0l2tvcx85d","name":"Actions"}]}])");
}

Config status_only() {
    Config c;
    c.monitor.recovery_window = 10min;
    return c;
}

Config with_repo() {
    Config c = status_only();
    github::RepoSettings repo;
    repo.name = "acme/widget";
    repo.release_workflow = "release.yml";
    // Reading jobs has its own cases (monitor_jobs): here the runs alone.
    repo.read_jobs = false;
    c.repos.push_back(repo);
    return c;
}

Headers headers(std::initializer_list<std::pair<std::string, std::string>> fields) {
    Headers h;
    for (const auto& [n, v] : fields) {
        h.add(n, v);
    }
    return h;
}

// The loop, what it keeps (in `store`, else in memory) and the queue's
// front end, wired as monitor::Service wires them, with only the weather
// metrics registered.
struct Rig {
    explicit Rig(Config c = status_only(), StateStore* store = nullptr, Secret token = {})
        : config(std::move(c)),
          store(store != nullptr ? *store : *owned),
          recorder(config, this->store, metrics, logger),
          monitor(config, monitor::make_sources(config, token), http, recorder, metrics, logger),
          queue(config, this->store, QueueIds(1), queue_mutex, recorder, logger) {}
    Config config;
    FakeHttpClient http;
    metrics::Registry registry;
    WeatherMetrics metrics{registry};
    std::ostringstream log;
    monitor::Log logger{log};
    std::unique_ptr<StateStore> owned = make_memory_store();
    StateStore& store;
    monitor::Recorder recorder;
    monitor::Monitor monitor;
    std::mutex queue_mutex;
    monitor::QueueService queue;

    Weather verdict(TimePoint now) const { return monitor.snapshot(now).weather; }
    std::string metrics_text() { return serialize_metrics(registry); }
};

// A store read that must succeed.
template <class T>
T ok_value(StoreResult<T> r) {
    BOOST_REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().message));
    return std::move(*r);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(monitor_polling)

// An HttpClient that throws: what a bug below the loop looks like.
struct ThrowingHttpClient final : HttpClient {
    Expected<HttpResponse, HttpError> send(const HttpRequest&) override {
        throw std::runtime_error("boom");
    }
};

BOOST_AUTO_TEST_CASE(a_lane_that_throws_stops_every_lane_and_says_why) {
    Config config = status_only();
    ThrowingHttpClient http;
    metrics::Registry registry;
    WeatherMetrics metrics{registry};
    std::ostringstream out;
    monitor::Log log{out};
    const auto store = make_memory_store();
    monitor::Recorder recorder(config, *store, metrics, log);
    monitor::Monitor loop(config, monitor::make_sources(config, Secret{}), http, recorder, metrics,
                          log);
    ManualClock clock(k_start);
    std::promise<void> failed;
    monitor::Lanes lanes(loop, clock, [&] { failed.set_value(); });
    // Waits for the lane's own report, not for time: it throws on its first poll.
    BOOST_REQUIRE(failed.get_future().wait_for(std::chrono::seconds{30}) ==
                  std::future_status::ready);
    lanes.stop();
    BOOST_REQUIRE(lanes.failure().has_value());
    BOOST_TEST(*lanes.failure() == "lane www.githubstatus.com failed: boom");
}

BOOST_AUTO_TEST_CASE(it_should_poll_at_the_interval_and_not_between) {
    Rig rig;
    rig.http.answer(k_status, 200, summary("operational"));
    BOOST_TEST((rig.monitor.tick(k_start) == k_start + 30s));
    BOOST_TEST(rig.http.count(k_status) == 1);
    BOOST_TEST((rig.monitor.tick(k_start + 10s) == k_start + 30s));
    BOOST_TEST(rig.http.count(k_status) == 1);
    BOOST_TEST((rig.monitor.tick(k_start + 30s) == k_start + 60s));
    BOOST_TEST(rig.http.count(k_status) == 2);
    BOOST_TEST((rig.verdict(k_start + 30s) == Weather::fair));
}

BOOST_AUTO_TEST_CASE(it_should_send_if_none_match_and_reuse_the_body_on_304) {
    Rig rig;
    rig.http.answer(k_status, 200, summary("major_outage"), headers({{"ETag", "W/\"v1\""}}));
    rig.http.answer(k_status, 304, "");
    rig.monitor.tick(k_start);
    rig.monitor.tick(k_start + 30s);
    const auto& second = rig.http.requests().at(1);
    BOOST_TEST(*second.headers.get("If-None-Match") == "W/\"v1\"");
    BOOST_TEST((rig.verdict(k_start + 30s) == Weather::outage));  // the cached body still says so
    const auto text = rig.metrics_text();
    BOOST_TEST(contains(
        text, "fairweather_source_http_responses_total{code=\"304\",source=\"github\"} 1"));
    BOOST_TEST(contains(
        text, "fairweather_source_http_responses_total{code=\"200\",source=\"github\"} 1"));
}

BOOST_AUTO_TEST_CASE(a_cached_body_that_no_longer_reads_is_dropped_and_asked_for_again) {
    const auto store = make_memory_store();
    // Saved by another build, or damaged: upstream's ETag still matches it.
    BOOST_REQUIRE(store->save_response(CachedResponse{k_status, "W/\"v1\"", "{\"page\":", k_start})
                      .has_value());
    Rig rig(status_only(), store.get());
    BOOST_REQUIRE(rig.monitor.resume().has_value());
    rig.http.answer(k_status, 304, "");
    rig.http.answer(k_status, 200, summary("operational"), headers({{"ETag", "W/\"v2\""}}));
    rig.monitor.tick(k_start);
    BOOST_REQUIRE(rig.http.requests().size() == 2u);
    BOOST_TEST(*rig.http.requests()[0].headers.get("If-None-Match") == "W/\"v1\"");
    BOOST_TEST(!rig.http.requests()[1].headers.get("If-None-Match").has_value());
    BOOST_TEST((rig.verdict(k_start) == Weather::fair));
    BOOST_TEST(contains(rig.log.str(), "source github: the cached answer cannot be read ("),
               rig.log.str());
    // The good answer replaced the bad one, here and in the store.
    rig.http.answer(k_status, 304, "");
    rig.monitor.tick(k_start + 30s);
    BOOST_TEST(*rig.http.requests().back().headers.get("If-None-Match") == "W/\"v2\"");
    BOOST_TEST((rig.verdict(k_start + 30s) == Weather::fair));
    const auto saved = store->load_response(k_status);
    BOOST_REQUIRE((saved.has_value() && saved->has_value()));
    BOOST_TEST((*saved)->etag == "W/\"v2\"");
}

// The monitor keeps a saved body in the store only (at 1000 repositories the
// bodies were a third of its memory): a 304 reads the answer back from there.
// Changing the stored body shows where the 304's answer came from.
BOOST_AUTO_TEST_CASE(a_304_reads_the_body_saved_in_the_store_not_a_copy_in_memory) {
    const auto store = make_memory_store();
    Rig rig(status_only(), store.get());
    rig.http.answer(k_status, 200, summary("operational"), headers({{"ETag", "W/\"v1\""}}));
    rig.http.answer(k_status, 304, "");
    rig.monitor.tick(k_start);
    BOOST_TEST((rig.verdict(k_start) == Weather::fair));
    BOOST_REQUIRE(
        store->save_response(CachedResponse{k_status, "W/\"v1\"", summary("major_outage"), k_start})
            .has_value());
    rig.monitor.tick(k_start + 30s);
    BOOST_TEST(*rig.http.requests().back().headers.get("If-None-Match") == "W/\"v1\"");
    BOOST_TEST((rig.verdict(k_start + 30s) == Weather::outage),
               rig.log.str() << render_weather_snapshot(rig.monitor.snapshot(k_start + 30s)));
    BOOST_TEST(rig.http.requests().size() == 2u, "the stored body read: no second request");
}

// A store that lost the body: the 304 does not read, and the poll asks again
// without the ETag rather than report the source unreadable.
BOOST_AUTO_TEST_CASE(a_304_whose_saved_body_is_gone_asks_again_without_the_etag) {
    const auto store = make_memory_store();
    Rig rig(status_only(), store.get());
    rig.http.answer(k_status, 200, summary("operational"), headers({{"ETag", "W/\"v1\""}}));
    rig.http.answer(k_status, 304, "");
    rig.http.answer(k_status, 200, summary("partial_outage"), headers({{"ETag", "W/\"v2\""}}));
    rig.monitor.tick(k_start);
    BOOST_REQUIRE(store->forget_responses_except({}).has_value());
    rig.monitor.tick(k_start + 30s);
    BOOST_REQUIRE(rig.http.requests().size() == 3u);
    BOOST_TEST(!rig.http.requests()[2].headers.get("If-None-Match").has_value());
    BOOST_TEST(rig.monitor.snapshot(k_start + 30s).sources.at(0).error.empty());
}

BOOST_AUTO_TEST_CASE(it_should_wait_as_long_as_retry_after_asks) {
    Rig rig;
    rig.http.answer(k_status, 429, "", headers({{"Retry-After", "300"}}));
    BOOST_TEST((rig.monitor.tick(k_start) == k_start + 300s));
    rig.monitor.tick(k_start + 299s);
    BOOST_TEST(rig.http.count(k_status) == 1);
    BOOST_TEST(contains(rig.log.str(), "source github cannot be read: HTTP 429"), rig.log.str());
}

BOOST_AUTO_TEST_CASE(errors_back_off_exponentially_with_jitter_up_to_the_cap) {
    Config c = status_only();
    c.monitor.max_backoff = 4min;
    Rig rig(c);
    rig.http.answer(k_status, 503, "");
    TimePoint now = k_start;
    std::vector<Duration> waits;
    for (int i = 0; i < 6; ++i) {
        const TimePoint next = rig.monitor.tick(now);
        waits.push_back(next - now);
        now = next;
    }
    // 2x, 4x, 8x the 30s interval (capped at 4m), each somewhere in its upper half.
    const std::vector<Duration> ceilings{60s, 120s, 240s, 240s, 240s, 240s};
    for (std::size_t i = 0; i < waits.size(); ++i) {
        BOOST_TEST((waits[i] >= ceilings[i] / 2 && waits[i] <= ceilings[i]),
                   "wait " << i << " was " << format_duration(waits[i]));
    }
    BOOST_TEST(rig.http.count(k_status) == 6);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_jitter) {
    std::vector<TimePoint> a;
    std::vector<TimePoint> b;
    for (auto* out : {&a, &b}) {
        Rig rig;
        rig.http.answer(k_status, 503, "");
        TimePoint now = k_start;
        for (int i = 0; i < 4; ++i) {
            now = rig.monitor.tick(now);
            out->push_back(now);
        }
    }
    BOOST_TEST((a == b));
}

BOOST_AUTO_TEST_CASE(one_failing_source_never_stops_the_others) {
    Rig rig(with_repo());
    rig.http.answer(k_status,
                    make_unexpected(http_error(HttpError::Kind::timeout, k_status, "timed out")));
    rig.http.answer(k_runs, 200, own_fixture("github/runs_healthy.json"));
    rig.http.answer(k_releases, 200, "[]");
    rig.monitor.tick(k_start);
    BOOST_TEST(rig.http.count(k_runs) == 1);
    BOOST_TEST(rig.http.count(k_releases) == 1);
    const auto snap = rig.monitor.snapshot(k_start);
    // The status page, the repository, and GitHub's API as the polls met it.
    BOOST_REQUIRE(snap.sources.size() == 3u);
    BOOST_TEST((snap.sources[0].weather == Weather::unknown));
    BOOST_TEST((snap.sources[1].weather == Weather::fair));
    BOOST_TEST(snap.sources[2].name == "github-api");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_github)

BOOST_AUTO_TEST_CASE(it_sees_an_actions_outage_before_the_status_page_admits_it) {
    Rig rig(with_repo());
    rig.http.answer(k_status, 200, summary("operational"));
    rig.http.answer(k_runs, 200, own_fixture("github/runs_early_outage.json"));
    rig.http.answer(k_releases, 200, "[]");
    rig.monitor.tick(k_start);
    const auto snap = rig.monitor.snapshot(k_start);
    BOOST_TEST((snap.weather == Weather::outage));
    BOOST_TEST((snap.sources[0].weather == Weather::fair));  // the status page: all operational
    BOOST_TEST((snap.sources[1].weather == Weather::outage));
    BOOST_TEST(contains(snap.cause, "actions:acme/widget: 4 runs queued longer than 10m"),
               snap.cause);
    const auto text = rig.metrics_text();
    BOOST_TEST(contains(text, "fairweather_actions_runs_queued_too_long{repo=\"acme/widget\"} 4"),
               text);
    BOOST_TEST(contains(
        text, "fairweather_actions_queue_latency_seconds{repo=\"acme/widget\",stat=\"p90\"}"));
}

BOOST_AUTO_TEST_CASE(github_requests_carry_the_token_and_api_headers_but_nothing_shows_the_token) {
    Config c = with_repo();
    Rig rig(c, nullptr, Secret("ghp_s3cr3tTOKENvalue"));
    rig.http.answer(k_status, 200, summary("operational"));
    rig.http.answer(k_runs, 401, R"({"message":"Bad credentials"})");
    rig.http.answer(k_releases, 200, "[]");
    rig.monitor.tick(k_start);
    const auto& runs =
        *std::find_if(rig.http.requests().begin(), rig.http.requests().end(),
                      [](const HttpRequest& r) { return r.url.starts_with(k_runs); });
    BOOST_TEST(*runs.headers.get("Authorization") == "Bearer ghp_s3cr3tTOKENvalue");
    BOOST_TEST(*runs.headers.get("Accept") == "application/vnd.github+json");
    BOOST_TEST(*runs.headers.get("X-GitHub-Api-Version") == "2022-11-28");
    // The window's start (13:30), rounded down to the day: the URL holds all day.
    BOOST_TEST(runs.url == k_runs + "?per_page=100&created=%3E%3D2026-11-20T00:00:00Z");
    // The status page gets no GitHub credentials.
    BOOST_TEST(!rig.http.requests().front().headers.get("Authorization").has_value());
    const std::string api = render_weather_snapshot(rig.monitor.snapshot(k_start));
    for (const std::string& text : {rig.log.str(), rig.metrics_text(), api}) {
        BOOST_TEST(!contains(text, "s3cr3t"));
    }
    BOOST_TEST(contains(api, "check that the GitHub token can read Actions of acme/widget"), api);
}

// GitHub does not count a 304 against the rate limit: with a URL that stays
// the same and ETags, a repository where nothing happens costs one counted
// request for the rest of the day.
BOOST_AUTO_TEST_CASE(an_idle_repository_costs_only_304s_for_the_rest_of_the_day) {
    Rig rig(with_repo());
    rig.http.answer(k_status, 200, summary("operational"));
    rig.http.answer(k_runs, 200, own_fixture("github/runs_healthy.json"),
                    headers({{"ETag", "W/\"runs-1\""}}));
    rig.http.answer(k_runs, 304, "");
    rig.http.answer(k_releases, 200, "[]", headers({{"ETag", "W/\"releases-1\""}}));
    rig.http.answer(k_releases, 304, "");
    // From 14:30 to 23:30 UTC at the default intervals.
    for (TimePoint now = k_start; now < k_start + 9h;) {
        now = std::max(rig.monitor.tick(now), now + 1s);
    }
    std::set<std::string> urls;
    int runs = 0;
    int conditional = 0;
    for (const auto& r : rig.http.requests()) {
        if (r.url.starts_with(k_runs) || r.url.starts_with(k_releases)) {
            urls.insert(r.url);
            runs += r.url.starts_with(k_runs) ? 1 : 0;
            conditional += r.headers.get("If-None-Match").has_value() ? 1 : 0;
        }
    }
    BOOST_TEST(urls.size() == 2u);  // one runs URL and one releases URL all day
    BOOST_TEST(runs > 100);
    const int fresh = rig.http.count(k_runs) + rig.http.count(k_releases) - conditional;
    BOOST_TEST(fresh == 2, "requests without If-None-Match: " << fresh);
}

// Every table is bounded: the cached answer of a URL no source asks any more
// (yesterday's runs query) is deleted at the next prune.
BOOST_AUTO_TEST_CASE(the_cached_answer_of_yesterdays_runs_query_is_forgotten) {
    Rig rig(with_repo());
    rig.http.answer(k_status, 200, summary("operational"));
    rig.http.answer(k_runs, 200, own_fixture("github/runs_healthy.json"),
                    headers({{"ETag", "W/\"runs-1\""}}));
    rig.http.answer(k_releases, 200, "[]", headers({{"ETag", "W/\"releases-1\""}}));
    rig.monitor.tick(k_start);
    const std::string yesterday = k_runs + "?per_page=100&created=%3E%3D2026-11-20T00:00:00Z";
    BOOST_REQUIRE(ok_value(rig.store.load_response(yesterday)).has_value());
    // Past midnight the query moves to the next day; the prune after that
    // (every 6 hours from the first tick: 02:30) drops the old row.
    for (TimePoint now = k_start; now < k_start + 12h + 1min;) {
        now = std::max(rig.monitor.tick(now), now + 1s);
    }
    BOOST_TEST(!ok_value(rig.store.load_response(yesterday)).has_value());
    BOOST_TEST(ok_value(rig.store.load_response(k_runs +
                                                "?per_page=100&created=%3E%3D2026-11-21T00:00:00Z"))
                   .has_value());
    BOOST_TEST(ok_value(rig.store.load_response(k_releases + "?per_page=100")).has_value());
}

BOOST_AUTO_TEST_CASE(a_low_rate_limit_budget_slows_github_polls_down) {
    Rig rig(with_repo());
    rig.http.answer(k_status, 200, summary("operational"));
    const std::string reset = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>((k_start + 50min).time_since_epoch())
            .count());
    rig.http.answer(k_runs, 200, own_fixture("github/runs_healthy.json"),
                    headers({{"X-RateLimit-Limit", "5000"},
                             {"X-RateLimit-Remaining", "100"},
                             {"X-RateLimit-Reset", reset}}));
    rig.http.answer(k_releases, 200, "[]",
                    headers({{"X-RateLimit-Limit", "5000"},
                             {"X-RateLimit-Remaining", "99"},
                             {"X-RateLimit-Reset", reset}}));
    rig.monitor.tick(k_start);
    // 99 requests left for 50 minutes, shared by 2 sources: about one a minute each.
    rig.monitor.tick(k_start + 30s);
    BOOST_TEST(rig.http.count(k_runs) == 1);
    BOOST_TEST(rig.http.count(k_status) == 2);  // another host, another budget
    rig.monitor.tick(k_start + 61s);
    BOOST_TEST(rig.http.count(k_runs) == 2);
    BOOST_TEST(contains(
        rig.metrics_text(),
        "fairweather_github_rate_limit_remaining{host=\"api.github.com\",resource=\"core\"} 100"));
}

BOOST_AUTO_TEST_CASE(an_exhausted_budget_waits_for_the_reset) {
    Rig rig(with_repo());
    rig.http.answer(k_status, 200, summary("operational"));
    const std::string reset = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>((k_start + 20min).time_since_epoch())
            .count());
    const Headers empty = headers({{"X-RateLimit-Limit", "5000"},
                                   {"X-RateLimit-Remaining", "0"},
                                   {"X-RateLimit-Reset", reset}});
    rig.http.answer(k_runs, 403, R"({"message":"API rate limit exceeded"})", empty);
    rig.http.answer(k_releases, 403, R"({"message":"API rate limit exceeded"})", empty);
    const TimePoint next = rig.monitor.tick(k_start);
    BOOST_TEST((next == k_start + 30s));  // the status page, on another host
    rig.monitor.tick(k_start + 19min);
    BOOST_TEST(rig.http.count(k_runs) == 1);
    rig.monitor.tick(k_start + 20min + 1s);
    BOOST_TEST(rig.http.count(k_runs) == 2);
}

BOOST_AUTO_TEST_CASE(releases_are_stored) {
    TempDir dir;
    auto store = open_sqlite_store(dir / "state.db");
    BOOST_REQUIRE(store.has_value());
    Rig rig(with_repo(), store->get());
    rig.http.answer(k_status, 200, summary("operational"));
    rig.http.answer(k_runs, 200, own_fixture("github/runs_healthy.json"));
    rig.http.answer(
        k_releases, 200,
        R"([{"id":2,"tag_name":"v2.0.0","name":"2.0","draft":false,"prerelease":false,)"
        R"("created_at":"2026-11-20T10:00:00Z","published_at":"2026-11-20T10:05:00Z"},)"
        R"({"id":1,"tag_name":"v1.0.0","draft":false,"prerelease":false,)"
        R"("created_at":"2026-10-20T10:00:00Z","published_at":"2026-10-20T10:05:00Z"}])");
    rig.monitor.tick(k_start);
    const auto releases = (*store)->releases("acme/widget");
    BOOST_REQUIRE(releases.has_value());
    BOOST_REQUIRE(releases->size() == 2u);
    BOOST_TEST((*releases)[0].tag == "v2.0.0");
    BOOST_TEST(contains(rig.metrics_text(), "fairweather_github_releases{repo=\"acme/widget\"} 2"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_verdict)

BOOST_AUTO_TEST_CASE(nothing_is_judged_before_every_source_has_answered) {
    Rig rig(with_repo());
    BOOST_TEST(!rig.monitor.ready());
    BOOST_TEST(rig.monitor.pending_sources().size() == 3u);
    BOOST_TEST((rig.verdict(k_start) == Weather::unknown));
}

BOOST_AUTO_TEST_CASE(recovery_holds_the_verdict_for_the_window_and_wakes_to_release_it) {
    Rig rig;
    rig.http.answer(k_status, 200, summary("operational"));
    rig.http.answer(k_status, 200, summary("major_outage"));
    rig.http.answer(k_status, 200, summary("operational"));
    rig.monitor.tick(k_start);
    rig.monitor.tick(k_start + 30s);
    BOOST_TEST((rig.verdict(k_start + 30s) == Weather::outage));
    const TimePoint next = rig.monitor.tick(k_start + 60s);  // fair again, held
    auto snap = rig.monitor.snapshot(k_start + 60s);
    BOOST_TEST((snap.weather == Weather::outage));
    BOOST_TEST((snap.raw_weather == Weather::fair));
    BOOST_TEST((*snap.recovering_until == k_start + 60s + 10min));
    BOOST_TEST((next == k_start + 90s));
    BOOST_TEST(contains(rig.metrics_text(), "fairweather_weather_recovering 1"));
    TimePoint now = k_start + 90s;
    while (now < k_start + 60s + 10min) {
        now = rig.monitor.tick(now);
    }
    BOOST_TEST((now == k_start + 60s + 10min));  // it woke at the end of the window
    rig.monitor.tick(now);
    BOOST_TEST((rig.verdict(now) == Weather::fair));
    const std::string log = rig.log.str();
    BOOST_TEST(
        contains(log, "weather changed to outage (was fair): github: Actions is major_outage"),
        log);
    BOOST_TEST(contains(log, "weather changed to fair (was outage): every source fair for 10m"),
               log);
    const auto text = rig.metrics_text();
    BOOST_TEST(
        contains(text, "fairweather_verdict_transitions_total{from=\"outage\",to=\"fair\"} 1"),
        text);
}

BOOST_AUTO_TEST_CASE(a_failed_poll_keeps_the_last_reading_until_it_goes_stale) {
    Config c = status_only();
    c.monitor.stale_after = 2min;
    Rig rig(c);
    rig.http.answer(k_status, 200, summary("operational"));
    rig.http.answer(k_status,
                    make_unexpected(http_error(HttpError::Kind::connect, k_status, "refused")));
    rig.monitor.tick(k_start);
    TimePoint now = rig.monitor.tick(k_start + 30s);  // fails
    auto snap = rig.monitor.snapshot(k_start + 30s);
    BOOST_TEST((snap.weather == Weather::fair));
    BOOST_TEST(contains(snap.sources[0].reasons.back(), "the last poll failed"),
               snap.sources[0].reasons.back());
    while (now <= k_start + 2min) {
        now = rig.monitor.tick(now);
    }
    rig.monitor.tick(now);                      // it woke just after the reading went stale
    BOOST_TEST(rig.http.count(k_status) <= 3);  // backing off meanwhile
    snap = rig.monitor.snapshot(now);
    BOOST_TEST(snap.sources[0].stale);
    BOOST_TEST((snap.weather == Weather::unknown));
    BOOST_TEST(
        contains(snap.cause, "github: stale: last read successfully at 2026-11-20T14:30:00Z"),
        snap.cause);
    BOOST_TEST(contains(rig.metrics_text(), "fairweather_source_stale{source=\"github\"} 1"));
}

BOOST_AUTO_TEST_CASE(a_restart_resumes_the_verdict_and_its_recovery_clock) {
    TempDir dir;
    {
        auto store = open_sqlite_store(dir / "state.db");
        BOOST_REQUIRE(store.has_value());
        Rig rig(status_only(), store->get());
        BOOST_REQUIRE(rig.monitor.resume().has_value());
        rig.http.answer(k_status, 200, summary("major_outage"));
        rig.http.answer(k_status, 200, summary("operational"));
        rig.monitor.tick(k_start);
        rig.monitor.tick(k_start + 30s);  // recovering from here
    }
    auto store = open_sqlite_store(dir / "state.db");
    BOOST_REQUIRE(store.has_value());
    Rig rig(status_only(), store->get());
    BOOST_REQUIRE(rig.monitor.resume().has_value());
    BOOST_TEST((rig.verdict(k_start + 60s) == Weather::outage));  // before any poll
    rig.http.answer(k_status, 200, summary("operational"));
    rig.monitor.tick(k_start + 5min);
    auto snap = rig.monitor.snapshot(k_start + 5min);
    BOOST_TEST((snap.weather == Weather::outage));
    BOOST_TEST((*snap.recovering_until == k_start + 30s + 10min));
    rig.monitor.tick(k_start + 30s + 10min);
    BOOST_TEST((rig.verdict(k_start + 30s + 10min) == Weather::fair));
    const auto history = rig.recorder.history(k_start - 1h);
    BOOST_REQUIRE(history.has_value());
    BOOST_REQUIRE(history->size() == 2u);
    BOOST_TEST(((*history)[0].to == Weather::outage));
    BOOST_TEST(((*history)[1].to == Weather::fair));
}

BOOST_AUTO_TEST_CASE(observations_and_incidents_are_kept) {
    TempDir dir;
    auto store = open_sqlite_store(dir / "state.db");
    BOOST_REQUIRE(store.has_value());
    Rig rig(status_only(), store->get());
    rig.http.answer(k_status, 200, summary("degraded_performance"), headers({{"ETag", "\"e1\""}}));
    rig.http.answer(k_status, 200, github_summary("operational"));
    rig.monitor.tick(k_start);
    rig.monitor.tick(k_start + 30s);
    const auto observations = (*store)->observations("github", k_start - 1min);
    BOOST_REQUIRE(observations->size() == 2u);
    BOOST_TEST(((*observations)[0].weather == Weather::degraded));
    BOOST_TEST((*observations)[0].etag == "\"e1\"");
    BOOST_TEST(*(*observations)[0].http_status == 200);
    const auto incidents = (*store)->incidents("github");
    BOOST_REQUIRE(incidents->size() == 1u);
    BOOST_TEST((*incidents)[0].id == "inc1");
    BOOST_TEST(((*incidents)[0].resolved_at == k_start + 30s));  // gone from the page: resolved
    const auto cached = (*store)->load_response(k_status);
    BOOST_TEST((cached->has_value() && (*cached)->etag == "\"e1\""));
}

BOOST_AUTO_TEST_CASE(history_older_than_the_retention_is_pruned) {
    TempDir dir;
    auto store = open_sqlite_store(dir / "state.db");
    BOOST_REQUIRE(store.has_value());
    ObservationRecord old;
    old.source = "github";
    old.at = k_start - std::chrono::days{401};
    old.weather = Weather::fair;
    BOOST_REQUIRE((*store)->record_observation(old).has_value());
    Config c = status_only();  // retention 400d
    Rig rig(c, store->get());
    rig.http.answer(k_status, 200, summary("operational"));
    rig.monitor.tick(k_start);
    const auto left = (*store)->observations("github", k_start - std::chrono::days{1000});
    BOOST_REQUIRE(left.has_value());
    BOOST_REQUIRE(left->size() == 1u);  // only the new one
    BOOST_TEST((left->front().at == k_start));
    BOOST_TEST(contains(rig.log.str(), "pruned history older than 400d: 1 observations"),
               rig.log.str());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_api)

struct ApiRig : Rig {
    ApiRig() : Rig(with_repo()), clock(k_start), api(monitor, recorder, queue, registry, clock) {}
    ManualClock clock;
    monitor::Api api;

    monitor::ServerResponse get(const std::string& path, const std::string& query = "") {
        monitor::ServerRequest r;
        r.method = "GET";
        r.path = path;
        r.query = query;
        return api.handle(r);
    }
};

BOOST_AUTO_TEST_CASE(readyz_is_503_until_every_source_answered) {
    ApiRig rig;
    auto r = rig.get("/readyz");
    BOOST_TEST(r.status == 503);
    BOOST_TEST(
        contains(r.body,
                 "\"pending\":[\"github\",\"actions:acme/widget\",\"releases:acme/widget\"]"),
        r.body);
    rig.http.answer(k_status, 200, summary("operational"));
    rig.http.answer(k_runs, 200, own_fixture("github/runs_healthy.json"));
    rig.http.answer(k_releases, 200, "[]");
    rig.monitor.tick(k_start);
    BOOST_TEST(rig.get("/readyz").status == 200);
    BOOST_TEST(rig.get("/healthz").status == 200);
}

BOOST_AUTO_TEST_CASE(weather_answers_the_verdict_with_its_evidence) {
    ApiRig rig;
    rig.http.answer(k_status, 200, summary("major_outage"));
    rig.http.answer(k_runs, 200, own_fixture("github/runs_healthy.json"));
    rig.http.answer(k_releases, 200, "[]");
    rig.monitor.tick(k_start);
    const auto r = rig.get("/api/v1/weather");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.content_type == "application/json");
    const auto snap = parse_weather_snapshot(r.body);
    BOOST_REQUIRE(snap.has_value());
    BOOST_TEST((snap->weather == Weather::outage));
    BOOST_TEST(snap->ready);
    BOOST_TEST((snap->since == k_start));
    BOOST_TEST(!snap->recovering_until.has_value());
    BOOST_REQUIRE(snap->sources.size() == 3u);  // and github-api
    BOOST_TEST(snap->sources[0].components.size() == 4u);
    BOOST_TEST(snap->sources[0].incidents[0].id == "inc1");
    BOOST_REQUIRE(snap->sources[1].actions.has_value());
    BOOST_TEST(snap->sources[1].actions->release_conclusion == "success");
    BOOST_TEST(
        contains(r.body,
                 "\"incidents\": [\n    {\n      \"source\": \"github\",\n      \"id\": \"inc1\""),
        r.body);
}

BOOST_AUTO_TEST_CASE(history_lists_transitions_and_refuses_a_bad_since) {
    ApiRig rig;
    rig.http.answer(k_status, 200, summary("major_outage"));
    rig.http.answer(k_runs, 200, own_fixture("github/runs_healthy.json"));
    rig.http.answer(k_releases, 200, "[]");
    rig.monitor.tick(k_start);
    auto r = rig.get("/api/v1/history", "since=2026-11-20");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(contains(r.body, "\"since\": \"2026-11-20T00:00:00Z\""), r.body);
    BOOST_TEST(contains(r.body, "\"to\": \"outage\""), r.body);
    r = rig.get("/api/v1/history", "since=2026-11-20T15%3A00%3A00Z");
    BOOST_TEST(!contains(r.body, "\"to\": \"outage\""), r.body);
    r = rig.get("/api/v1/history", "since=last%20week");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(
        r.body ==
        "{\"error\":\"since \\\"last week\\\" is not a date or timestamp; write YYYY-MM-DD or "
        "2026-11-20T14:00:00Z\",\"field\":\"since\"}\n");
}

BOOST_AUTO_TEST_CASE(unknown_paths_and_methods_are_refused_clearly) {
    ApiRig rig;
    auto r = rig.get("/api/v2/weather");
    BOOST_TEST(r.status == 404);
    BOOST_TEST(contains(r.body, "try /api/v1/weather"));
    monitor::ServerRequest post;
    post.method = "POST";
    post.path = "/api/v1/weather";
    r = rig.api.handle(post);
    BOOST_TEST(r.status == 405);
    BOOST_TEST(*r.headers.get("Allow") == "GET, HEAD");
}

BOOST_AUTO_TEST_CASE(metrics_are_served_as_prometheus_text) {
    ApiRig rig;
    const auto r = rig.get("/metrics");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.content_type.starts_with("text/plain; version=0.0.4"));
    BOOST_TEST(contains(r.body, "# TYPE fairweather_weather_state gauge"));
}

BOOST_AUTO_TEST_CASE(the_release_history_of_a_watched_repository_is_served) {
    TempDir dir;
    auto store = open_sqlite_store(dir / "state.db");
    BOOST_REQUIRE(store.has_value());
    Rig rig(with_repo(), store->get());
    ManualClock clock(k_start);
    monitor::Api api(rig.monitor, rig.recorder, rig.queue, rig.registry, clock);
    rig.http.answer(k_status, 200, summary("operational"));
    rig.http.answer(k_runs, 200, own_fixture("github/runs_healthy.json"));
    rig.http.answer(
        k_releases, 200,
        R"([{"id":7,"tag_name":"v2.0.0","name":"2.0","draft":false,"prerelease":false,)"
        R"("created_at":"2026-11-20T10:00:00Z","published_at":"2026-11-20T10:05:00Z"}])");
    rig.monitor.tick(k_start);
    monitor::ServerRequest r;
    r.method = "GET";
    r.path = "/api/v1/repos/acme/widget/releases";
    auto response = api.handle(r);
    BOOST_TEST(response.status == 200);
    BOOST_TEST(contains(response.body, "\"tag\": \"v2.0.0\""), response.body);
    BOOST_TEST(contains(response.body, "\"published_at\": \"2026-11-20T10:05:00Z\""),
               response.body);
    r.path = "/api/v1/repos/other/thing/releases";
    response = api.handle(r);
    BOOST_TEST(response.status == 404);
    BOOST_TEST(
        contains(response.body,
                 "repository other/thing is not watched by this monitor; watched: acme/widget"),
        response.body);
}

BOOST_AUTO_TEST_CASE(query_values_are_percent_decoded) {
    BOOST_TEST(*monitor::query_value("a=1&since=2026-11-20T15%3A00%3A00Z", "since") ==
               "2026-11-20T15:00:00Z");
    BOOST_TEST(*monitor::query_value("x=a+b", "x") == "a b");
    BOOST_TEST(!monitor::query_value("a=1", "since").has_value());
    BOOST_TEST(*monitor::query_value("flag", "flag") == "");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_metrics)

void fill_golden(Rig& rig) {
    rig.http.answer(k_status, 200, summary("partial_outage"));
    rig.http.answer(k_runs, 200, own_fixture("github/runs_early_outage.json"),
                    headers({{"X-RateLimit-Limit", "5000"},
                             {"X-RateLimit-Remaining", "4990"},
                             {"X-RateLimit-Reset", "1795185000"}}));
    rig.http.answer(k_releases, 200, "[]");
    rig.monitor.tick(k_start);
}

BOOST_AUTO_TEST_CASE(metrics_match_the_golden_exposition) {
    Rig rig(with_repo());
    fill_golden(rig);
    fairweather::testing::compare_with_golden_metrics(rig.metrics_text(), "monitor_outage.prom");
}

BOOST_AUTO_TEST_CASE(metrics_pass_promtool_check_metrics) {
    Rig rig(with_repo());
    fill_golden(rig);
    TempDir dir;
    const auto path = dir / "metrics.prom";
    std::ofstream(path) << rig.metrics_text();
    const auto r =
        run_process("/bin/sh", {"-c", "promtool check metrics < '" + path.string() + "'"});
    BOOST_TEST(r.exit_code == 0, "promtool check metrics (install Debian's prometheus package):\n"
                                     << r.out << r.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(monitor_options)

std::variant<monitor::MonitorOptions, int> parse(const std::vector<std::string>& args,
                                                 const Environment& env,
                                                 std::string* err_out = nullptr) {
    Argv argv("fairweather-monitor", args);
    std::ostringstream out;
    std::ostringstream err;
    auto result = monitor::parse_options(argv.argc(), argv.argv(), env, out, err);
    if (err_out != nullptr) {
        *err_out = err.str();
    }
    return result;
}

BOOST_AUTO_TEST_CASE(flags_override_the_config) {
    auto result = parse({"--listen", "127.0.0.1:9999", "--status-url", "http://127.0.0.1:8",
                         "--state-dir", "/tmp/fw", "--github-api-url", "http://127.0.0.1:7"},
                        Environment{});
    const auto& options = std::get<monitor::MonitorOptions>(result);
    BOOST_TEST(options.config.monitor.listen == "127.0.0.1:9999");
    BOOST_TEST(options.config.status_pages[0].url == "http://127.0.0.1:8");
    BOOST_TEST(options.config.monitor.state_dir == "/tmp/fw");
    BOOST_TEST(options.config.github.api_url == "http://127.0.0.1:7");
    BOOST_TEST(monitor::state_file("/tmp/fw") == "/tmp/fw/fairweather.db");
}

BOOST_AUTO_TEST_CASE(with_no_config_and_no_token_it_says_it_watches_the_status_page_alone) {
    auto result = parse({}, Environment{});
    const auto& options = std::get<monitor::MonitorOptions>(result);
    BOOST_TEST(options.github_token.empty());
    BOOST_TEST(contains(options.notices.at(0), "no config file"));
    BOOST_TEST(std::any_of(
        options.notices.begin(), options.notices.end(),
        [](const std::string& n) { return contains(n, "watching the status page(s) alone"); }));
    BOOST_TEST(std::any_of(options.notices.begin(), options.notices.end(),
                           [](const std::string& n) { return contains(n, "changes are off"); }));
}

BOOST_AUTO_TEST_CASE(the_token_comes_from_the_environment_or_a_file) {
    Environment env;
    env.set("GITHUB_TOKEN", "ghp_fromenv");
    BOOST_TEST(std::get<monitor::MonitorOptions>(parse({}, env)).github_token.reveal() ==
               "ghp_fromenv");

    TempDir dir;
    std::ofstream(dir / "token") << "ghp_fromfile\n";
    std::ofstream(dir / "fw.toml") << "[github]\ntoken_file = \"" << (dir / "token").string()
                                   << "\"\n[[repos]]\nname = \"acme/widget\"\n";
    auto result = parse({"--config", (dir / "fw.toml").string()}, env);
    BOOST_TEST(std::get<monitor::MonitorOptions>(result).github_token.reveal() == "ghp_fromfile");

    std::ofstream(dir / "bad.toml")
        << "[github]\ntoken_file = \"" << (dir / "missing").string() << "\"\n";
    std::string err;
    result = parse({"--config", (dir / "bad.toml").string()}, env, &err);
    BOOST_TEST(std::get<int>(result) == 78);
    BOOST_TEST(contains(err, "cannot read [github] token_file"), err);
}

BOOST_AUTO_TEST_CASE(repos_without_a_token_are_warned_about) {
    TempDir dir;
    std::ofstream(dir / "fw.toml") << "[[repos]]\nname = \"acme/widget\"\n";
    auto result = parse({"--config", (dir / "fw.toml").string()}, Environment{});
    const auto& options = std::get<monitor::MonitorOptions>(result);
    BOOST_TEST(contains(options.notices.back(), "no GitHub token"));
}

BOOST_AUTO_TEST_CASE(bad_flags_and_config_give_64_and_78) {
    BOOST_TEST(std::get<int>(parse({"--listen", "9464"}, Environment{})) == 64);
    BOOST_TEST(std::get<int>(parse({"--bogus"}, Environment{})) == 64);
    BOOST_TEST(std::get<int>(parse({"--github-api-url", "api.github.com"}, Environment{})) == 64);
    BOOST_TEST(std::get<int>(parse({"--config", "/nonexistent.toml"}, Environment{})) == 78);
}

BOOST_AUTO_TEST_SUITE_END()
