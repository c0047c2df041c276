// The weather as JSON: what the monitor writes, the gate reads back.
#include "core/api/weather_json.h"

#include <boost/test/unit_test.hpp>

using namespace fairweather;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(weather_json)

BOOST_AUTO_TEST_CASE(a_snapshot_reads_back_as_it_was_written) {
    WeatherSnapshot s;
    s.weather = Weather::outage;
    s.raw_weather = Weather::fair;
    s.since = *parse_timestamp("2026-11-20T14:05:31Z");
    s.cause = "actions:acme/widget: 4 runs queued longer than 10m";
    s.recovering_until = *parse_timestamp("2026-11-20T14:40:00Z");
    s.checked_at = *parse_timestamp("2026-11-20T14:32:10.250Z");
    s.ready = true;
    Observation page;
    page.name = "github";
    page.kind = "statuspage";
    page.url = "https://www.githubstatus.com/api/v2/summary.json";
    page.weather = Weather::fair;
    page.observed_at = s.checked_at;
    page.http_status = 200;
    page.not_modified = true;
    page.reasons = {"github: all operational"};
    page.components = {{"br0l2tvcx85d", "Actions", "operational", Weather::fair, true, false},
                       {"4230lsnqdsld", "Webhooks", "", Weather::unknown, false, false}};
    IncidentObservation i;
    i.id = "inc1";
    i.name = "Incident with \"Actions\"\n(quoted)";
    i.impact = "minor";
    i.status = "monitoring";
    i.url = "https://stspg.io/x";
    i.started_at = *parse_timestamp("2026-11-20T14:00:00Z");
    i.watched_components = {"Actions"};
    i.latest_update = "We are monitoring.";
    page.incidents = {i};
    MaintenanceObservation m;
    m.id = "m1";
    m.name = "DB upgrade";
    m.status = "scheduled";
    m.scheduled_for = *parse_timestamp("2026-11-21T02:00:00Z");
    m.watched_components = {"Actions"};
    page.maintenances = {m};
    Observation repo;
    repo.name = "actions:acme/widget";
    repo.kind = "actions";
    repo.weather = Weather::outage;
    repo.stale = true;
    repo.error = "HTTP 502 Bad Gateway from https://api.github.com/...";
    ActionsSignals a;
    a.runs_considered = 13;
    a.runs_started = 7;
    a.queue_latency_p50 = 31s;
    a.queue_latency_p90 = Duration{52500};
    a.queued_too_long = 4;
    a.longest_queued = 23min;
    a.release_conclusion = "success";
    a.release_at = *parse_timestamp("2026-11-20T14:05:00Z");
    a.jobs_read = true;
    a.jobs_considered = 21;
    a.jobs_queued_now = 5;
    a.jobs_waiting_too_long = 3;
    a.longest_job_wait = 9min + 55s;
    a.jobs_self_hosted = 2;
    a.runs_waiting = 1;
    a.runs_pending = 4;
    a.deliveries = 12;
    a.delivery_delay_p90 = 2s;
    repo.actions = a;
    s.sources = {page, repo};

    const auto back = parse_weather_snapshot(render_weather_snapshot(s));
    BOOST_REQUIRE_MESSAGE(back.has_value(), (back ? std::string() : back.error().describe()));
    BOOST_TEST((back->weather == Weather::outage));
    BOOST_TEST((back->raw_weather == Weather::fair));
    BOOST_TEST((back->since == s.since));
    BOOST_TEST(back->cause == s.cause);
    BOOST_TEST((*back->recovering_until == *s.recovering_until));
    BOOST_TEST((back->checked_at == s.checked_at));
    BOOST_TEST(back->ready);
    BOOST_REQUIRE(back->sources.size() == 2u);
    const auto& p = back->sources[0];
    BOOST_TEST(p.url == page.url);
    BOOST_TEST(*p.http_status == 200);
    BOOST_TEST(p.components[1].found == false);
    BOOST_TEST(p.incidents[0].name == i.name);
    BOOST_TEST((*p.incidents[0].started_at == *i.started_at));
    BOOST_TEST(p.maintenances[0].id == "m1");
    const auto& r = back->sources[1];
    BOOST_TEST(r.stale);
    BOOST_TEST(r.error == repo.error);
    BOOST_REQUIRE(r.actions.has_value());
    BOOST_TEST(r.actions->queued_too_long == 4);
    BOOST_TEST((*r.actions->queue_latency_p90 == Duration{52500}));
    BOOST_TEST((*r.actions->longest_queued == Duration{23min}));
    BOOST_TEST(!r.actions->queue_latency_max.has_value());
    BOOST_TEST(r.actions->release_conclusion == "success");
    BOOST_TEST(r.actions->jobs_read);
    BOOST_TEST(r.actions->jobs_considered == 21);
    BOOST_TEST(r.actions->jobs_queued_now == 5);
    BOOST_TEST(r.actions->jobs_waiting_too_long == 3);
    BOOST_TEST((*r.actions->longest_job_wait == 9min + 55s));
    BOOST_TEST(r.actions->jobs_self_hosted == 2);
    BOOST_TEST(r.actions->runs_waiting == 1);
    BOOST_TEST(r.actions->runs_pending == 4);
    BOOST_TEST(r.actions->deliveries == 12);
    BOOST_TEST((*r.actions->delivery_delay_p90 == 2s));
    // Jobs not read stay not read.
    s.sources[1].actions->jobs_read = false;
    const auto runs_only = parse_weather_snapshot(render_weather_snapshot(s));
    BOOST_REQUIRE(runs_only.has_value());
    BOOST_TEST(!runs_only->sources[1].actions->jobs_read);
}

BOOST_AUTO_TEST_CASE(the_report_for_a_gate_explains_a_held_verdict) {
    WeatherSnapshot s;
    s.weather = Weather::outage;
    s.raw_weather = Weather::fair;
    s.recovering_until = *parse_timestamp("2026-11-20T14:40:00Z");
    const auto report = s.to_conditions();
    BOOST_TEST((report.weather == Weather::outage));
    BOOST_REQUIRE(!report.reasons().empty());
    BOOST_TEST(report.reasons()[0].find("stays outage until 2026-11-20T14:40:00Z") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(answers_that_are_not_a_monitor_snapshot_are_refused_with_the_place) {
    BOOST_TEST(parse_weather_snapshot("").error().describe() == "the body is empty");
    BOOST_TEST(parse_weather_snapshot("{}").error().describe() ==
               "weather: missing; is this a fairweather-monitor?");
    BOOST_TEST(parse_weather_snapshot(R"({"weather":"sunny"})").error().describe() ==
               "weather: \"sunny\" is not fair, degraded, outage or unknown");
    BOOST_TEST(parse_weather_snapshot(R"({"weather":"fair","sources":[{"weather":"fair"}]})")
                   .error()
                   .describe() == "sources[0].name: missing; every object of this kind has it");
}

BOOST_AUTO_TEST_SUITE_END()
