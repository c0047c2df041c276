// A poll round's writes: each lane saves what its tick polled in one
// transaction, and a response body leaves memory only once it is saved.
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "core/sources/github_payload.h"
#include "core/store/memory_store.h"
#include "exporters/registry.h"
#include "monitor/monitor.h"
#include "monitor/source_set.h"
#include "tests/support/checks.h"
#include "tests/support/counting_store.h"
#include "tests/support/failing_store.h"
#include "tests/support/fake_http.h"
#include "tests/support/fixtures.h"
#include "tests/support/payloads.h"

using namespace fairweather;
using namespace fairweather::testing;
using namespace std::chrono_literals;

namespace {

const std::string k_status = "https://www.githubstatus.com/api/v2/summary.json";
const TimePoint k_start = *parse_timestamp("2026-11-20T14:30:00Z");

// The status page and `repos` repositories (a runs and a releases source each).
Config with_repos(int repos) {
    Config c;
    for (int i = 0; i < repos; ++i) {
        github::RepoSettings repo;
        repo.name = "acme/widget-" + std::to_string(i);
        repo.release_workflow = "release.yml";
        repo.read_jobs = false;  // one request a source, so the rounds can be counted
        c.repos.push_back(repo);
    }
    return c;
}

struct Rig {
    Rig(Config c, StateStore& store)
        : config(std::move(c)),
          recorder(config, store, metrics, logger),
          monitor(config, monitor::make_sources(config, Secret("ghp_test")), http, recorder,
                  metrics, logger) {}
    Config config;
    FakeHttpClient http;
    metrics::Registry registry;
    WeatherMetrics metrics{registry};
    std::ostringstream log;
    monitor::Log logger{log};
    monitor::Recorder recorder;
    monitor::Monitor monitor;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(monitor_rounds)

// 7 sources on two hosts: GitHub's lane saves its 6 polls in one round, the
// status page's lane its one; nothing is written a row at a time.
BOOST_AUTO_TEST_CASE(each_lane_saves_a_tick_s_polls_in_one_transaction) {
    CountingStore store(make_memory_store());
    Rig rig(with_repos(3), store);
    rig.http.answer(k_status, 200, github_summary("operational"));
    for (int i = 0; i < 3; ++i) {
        const std::string repo = "https://api.github.com/repos/acme/widget-" + std::to_string(i);
        rig.http.answer(repo + "/actions/runs", 200, own_fixture("github/runs_healthy.json"));
        rig.http.answer(repo + "/releases", 200, "[]");
    }
    rig.monitor.tick(k_start);
    BOOST_TEST(rig.http.requests().size() == 7u);
    BOOST_TEST(store.rounds == 2);
    BOOST_TEST(store.round_observations == 7);
    BOOST_TEST(store.single_writes == 0);
    BOOST_TEST(store.observations("actions:acme/widget-2", k_start).value().size() == 1u,
               rig.log.str());
    // A tick that polls nothing writes nothing.
    rig.monitor.tick(k_start + 1s);
    BOOST_TEST(store.rounds == 2);
}

// The round failed, so the body was never saved: the fetcher still holds it
// and a 304 reads it, without asking again.
BOOST_AUTO_TEST_CASE(a_body_whose_round_failed_stays_in_memory_for_the_next_304) {
    FailingStore store;
    Rig rig(Config{}, store);
    Headers etag;
    etag.add("ETag", "W/\"v1\"");
    rig.http.answer(k_status, 200, github_summary("major_outage"), etag);
    rig.http.answer(k_status, 304, "");
    rig.monitor.tick(k_start);
    rig.monitor.tick(k_start + 30s);
    BOOST_REQUIRE(rig.http.requests().size() == 2u);
    BOOST_TEST(*rig.http.requests()[1].headers.get("If-None-Match") == "W/\"v1\"");
    const auto snapshot = rig.monitor.snapshot(k_start + 30s);
    BOOST_TEST(snapshot.sources.at(0).error.empty(), snapshot.sources.at(0).error);
    BOOST_TEST((snapshot.sources.at(0).weather == Weather::outage));
    BOOST_TEST(contains(rig.log.str(), "state store failed while recording a poll round"),
               rig.log.str());
}

// What is saved for a later 304 is the list with only the fields read: the
// store holds the compact runs list, and a 304 reads it to the same weather.
BOOST_AUTO_TEST_CASE(the_store_keeps_a_runs_list_s_compact_form_for_the_next_304) {
    const auto store = make_memory_store();
    Rig rig(with_repos(1), *store);
    const std::string runs_url = "https://api.github.com/repos/acme/widget-0/actions/runs";
    const std::string list = own_fixture("github/runs_early_outage.json");
    Headers etag;
    etag.add("ETag", "W/\"runs\"");
    rig.http.answer(k_status, 200, github_summary("operational"));
    rig.http.answer(runs_url, 200, list, etag);
    rig.http.answer(runs_url, 304, "");
    rig.http.answer("https://api.github.com/repos/acme/widget-0/releases", 200, "[]");
    rig.monitor.tick(k_start);
    const auto first = rig.monitor.snapshot(k_start).sources;
    const auto saved = store->load_response(rig.http.requests().at(1).url).value();
    BOOST_REQUIRE(saved.has_value());
    BOOST_TEST(saved->body.size() * 3 < list.size(), saved->body.size() << " bytes saved");
    BOOST_TEST((github::parse_workflow_runs(saved->body).value() ==
                github::parse_workflow_runs(list).value()));

    rig.monitor.tick(k_start + 30s);  // the status page and the runs again: a 304
    BOOST_TEST(rig.http.count(runs_url) == 2);
    const auto second = rig.monitor.snapshot(k_start + 30s).sources;
    BOOST_REQUIRE(second.size() == first.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        BOOST_TEST((second[i].weather == first[i].weather), second[i].name);
        BOOST_TEST(second[i].error.empty(), second[i].error);
    }
}

BOOST_AUTO_TEST_SUITE_END()
