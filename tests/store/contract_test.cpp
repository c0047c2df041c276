// The StateStore contract, run against every store: the SQLite file, the
// in-memory store and PostgreSQL (a private server, a fresh database per
// case) must keep, order, replace and prune alike, so a monitor behaves the
// same whichever it was given.
#include <memory>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/store/memory_store.h"
#include "core/store/state_store.h"
#include "tests/support/pg_server.h"
#include "tests/support/store_checks.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;

namespace {

TimePoint at(std::int64_t ms) {
    return TimePoint{Duration{ms}};
}

std::unique_ptr<StateStore> sqlite_store(const TempDir& dir) {
    auto store = open_sqlite_store(dir / "state.db");
    BOOST_REQUIRE_MESSAGE(store.has_value(), (store ? "" : store.error().message));
    return std::move(*store);
}

IncidentRecord incident(const std::string& id, std::int64_t seen_ms) {
    IncidentRecord r;
    r.source = "github";
    r.id = id;
    r.name = "Incident " + id;
    r.impact = "major";
    r.status = "investigating";
    r.first_seen = at(seen_ms);
    r.last_seen = at(seen_ms);
    return r;
}

ReleaseRecord release(std::int64_t id, std::optional<std::int64_t> published_ms) {
    ReleaseRecord r;
    r.repo = "o/r";
    r.id = id;
    r.tag = "v" + std::to_string(id);
    r.draft = !published_ms;
    if (published_ms) {
        r.published_at = at(*published_ms);
    }
    r.first_seen = at(1);
    return r;
}

QueueItem item(const std::string& id, const std::string& version, std::int64_t enqueued_ms) {
    QueueItem i;
    i.id = id;
    i.repo = "o/r";
    i.version = version;
    i.workflow = "release.yml";
    i.inputs = {{"version", version}};
    i.enqueued_at = at(enqueued_ms);
    i.deadline = at(enqueued_ms + 1000);
    return i;
}

QueueEvent created(const QueueItem& i) {
    return QueueEvent{i.enqueued_at, QueueState::queued, QueueState::queued, "queued"};
}

}  // namespace

// One case of the contract, run as three test cases: NAME_in_sqlite,
// NAME_in_memory and NAME_in_postgres, each on a new store.
#define STORE_CONTRACT(name)                                                                      \
    void name(StateStore& store);                                                                 \
    BOOST_AUTO_TEST_CASE(name##_in_sqlite) {                                                      \
        const TempDir dir;                                                                        \
        name(*sqlite_store(dir));                                                                 \
    }                                                                                             \
    BOOST_AUTO_TEST_CASE(name##_in_memory) {                                                      \
        name(*make_memory_store());                                                               \
    }                                                                                             \
    BOOST_AUTO_TEST_CASE(name##_in_postgres, *boost::unit_test::precondition(postgres_present)) { \
        name(*fresh_postgres_store());                                                            \
    }                                                                                             \
    void name(StateStore& store)

BOOST_AUTO_TEST_SUITE(store_contract)

STORE_CONTRACT(observations_come_back_per_source_oldest_first) {
    ok(store.record_observation({"github", at(30), Weather::fair, "b", 200, ""}));
    ok(store.record_observation({"github", at(10), Weather::outage, "a", 503, ""}));
    ok(store.record_observation({"npm", at(20), Weather::fair, "c", std::nullopt, ""}));
    const auto seen = ok(store.observations("github", at(0)));
    BOOST_REQUIRE(seen.size() == 2u);
    BOOST_TEST(seen[0].summary == "a");
    BOOST_TEST(seen[1].summary == "b");
    BOOST_TEST(ok(store.observations("github", at(11))).size() == 1u);
    // Every source's at once (what a follower reads), oldest first.
    const auto all = ok(store.observations("", at(0)));
    BOOST_REQUIRE(all.size() == 3u);
    BOOST_TEST(all[0].summary == "a");
    BOOST_TEST(all[1].summary == "c");
    BOOST_TEST(all[2].summary == "b");
    BOOST_TEST(ok(store.observations("", at(15))).size() == 2u);
}

STORE_CONTRACT(the_same_reading_again_extends_the_record_instead_of_adding_one) {
    ok(store.record_observation({"github", at(10), Weather::fair, "ok", 200, "\"a\""}));
    ok(store.record_observation({"github", at(20), Weather::fair, "ok", 200, "\"a\""}));
    ok(store.record_observation({"npm", at(25), Weather::fair, "ok", 200, "\"a\""}));
    ok(store.record_observation({"github", at(30), Weather::fair, "ok", 304, "\"a\""}));
    ok(store.record_observation({"github", at(40), Weather::fair, "ok", 304, "\"a\""}));
    ok(store.record_observation({"github", at(50), Weather::fair, "ok", 304, "\"a\""}));
    const auto seen = ok(store.observations("github", at(0)));
    BOOST_REQUIRE(seen.size() == 2u);
    BOOST_TEST((seen[0].at == at(10) && seen[0].last_at == at(20) && seen[0].polls == 2));
    BOOST_TEST((seen[1].at == at(30) && seen[1].last_at == at(50) && seen[1].polls == 3));
    BOOST_TEST(ok(store.observations("github", at(15))).size() == 2u);  // covers 10 to 20
    BOOST_TEST(ok(store.observations("github", at(21))).size() == 1u);
    // Pruned by the last poll a record covers, not its first.
    BOOST_TEST(ok(store.prune(at(21))).observations == 1);
    BOOST_TEST(ok(store.observations("github", at(0))).size() == 1u);
}

STORE_CONTRACT(a_cached_response_is_replaced_by_its_url) {
    ok(store.save_response({"https://x/a", "\"1\"", "one", at(1)}));
    ok(store.save_response({"https://x/a", "\"2\"", "two", at(2)}));
    const auto cached = ok(store.load_response("https://x/a"));
    BOOST_REQUIRE(cached.has_value());
    BOOST_TEST(cached->etag == "\"2\"");
    BOOST_TEST(cached->body == "two");
    BOOST_TEST(!ok(store.load_response("https://x/b")).has_value());
}

STORE_CONTRACT(cached_responses_of_urls_no_longer_asked_are_forgotten) {
    ok(store.save_response({"https://x/runs?day=1", "\"1\"", "one", at(1)}));
    ok(store.save_response({"https://x/runs?day=2", "\"2\"", "two", at(2)}));
    ok(store.save_response({"https://x/releases", "\"3\"", "three", at(3)}));
    BOOST_TEST(ok(store.forget_responses_except(
                   {"https://x/runs?day=2", "https://x/releases", "https://x/never-saved"})) == 1);
    BOOST_TEST(!ok(store.load_response("https://x/runs?day=1")).has_value());
    BOOST_TEST(ok(store.load_response("https://x/runs?day=2")).has_value());
    BOOST_TEST(ok(store.load_response("https://x/releases")).has_value());
    BOOST_TEST(ok(store.forget_responses_except({})) == 2);
}

STORE_CONTRACT(an_incident_keeps_when_it_was_first_seen_and_began) {
    IncidentRecord first = incident("i1", 100);
    first.started_at = at(50);
    ok(store.upsert_incident(first));
    ok(store.upsert_incident(incident("i2", 150)));
    IncidentRecord again = incident("i1", 200);  // seen again, without a start time
    again.status = "monitoring";
    ok(store.upsert_incident(again));
    ok(store.resolve_incidents_except("github", {"i1"}, at(300)));
    const auto all = ok(store.incidents("github"));
    BOOST_REQUIRE(all.size() == 2u);
    BOOST_TEST(all[0].id == "i1");
    BOOST_TEST((all[0].first_seen == at(100)));
    BOOST_TEST((all[0].last_seen == at(200)));
    BOOST_TEST((all[0].started_at == std::optional<TimePoint>(at(50))));
    BOOST_TEST(all[0].status == "monitoring");
    BOOST_TEST(!all[0].resolved_at.has_value());
    BOOST_TEST((all[1].resolved_at == std::optional<TimePoint>(at(300))));
}

STORE_CONTRACT(the_verdict_and_its_transitions_are_kept) {
    BOOST_TEST(!ok(store.load_verdict()).has_value());
    const VerdictState v{Weather::outage, at(10), "down", std::nullopt};
    ok(store.save_verdict(v, Transition{at(10), Weather::fair, Weather::outage, "down"}));
    ok(store.save_verdict(VerdictState{Weather::outage, at(10), "down", at(20)}, std::nullopt));
    const auto loaded = ok(store.load_verdict());
    BOOST_REQUIRE(loaded.has_value());
    BOOST_TEST((loaded->fair_since == std::optional<TimePoint>(at(20))));
    BOOST_TEST(ok(store.transitions(at(0))).size() == 1u);
    BOOST_TEST(ok(store.transitions(at(11))).empty());
}

STORE_CONTRACT(releases_come_back_newest_published_first_drafts_last) {
    ok(store.upsert_releases({release(1, 100), release(2, std::nullopt), release(3, 300)}));
    ReleaseRecord renamed = release(1, 100);
    renamed.name = "renamed";
    renamed.first_seen = at(999);
    ok(store.upsert_releases({renamed}));
    const auto all = ok(store.releases("o/r"));
    BOOST_REQUIRE(all.size() == 3u);
    BOOST_TEST(all[0].id == 3);
    BOOST_TEST(all[1].id == 1);
    BOOST_TEST(all[1].name == "renamed");
    BOOST_TEST((all[1].first_seen == at(1)));
    BOOST_TEST(all[2].id == 2);
    BOOST_TEST(ok(store.releases("other/repo")).empty());
}

STORE_CONTRACT(pruning_keeps_open_incidents_releases_and_the_queue) {
    ok(store.record_observation({"github", at(10), Weather::fair, "old", 200, ""}));
    ok(store.record_observation({"github", at(500), Weather::fair, "new", 200, ""}));
    ok(store.save_verdict(VerdictState{Weather::fair, at(10), "x", at(10)},
                          Transition{at(10), Weather::unknown, Weather::fair, "x"}));
    ok(store.upsert_incident(incident("open", 10)));
    ok(store.upsert_incident(incident("closed", 10)));
    ok(store.resolve_incidents_except("github", {"open"}, at(20)));
    ok(store.record_decision(GateDecisionRecord{at(10), "o/r", "1.0.0", ReleaseKind::regular,
                                                Decision::proceed, Weather::fair, "", ""}));
    ok(store.upsert_releases({release(1, 10)}));
    const QueueItem queued = item("sr-1", "1.0.1", 10);
    ok(store.enqueue(queued, created(queued)));
    const PruneCounts counts = ok(store.prune(at(100)));
    BOOST_TEST(counts.observations == 1);
    BOOST_TEST(counts.transitions == 1);
    BOOST_TEST(counts.incidents == 1);
    BOOST_TEST(counts.decisions == 1);
    BOOST_TEST(ok(store.incidents("github")).size() == 1u);
    BOOST_TEST(ok(store.releases("o/r")).size() == 1u);
    BOOST_TEST(ok(store.queue_items(false)).items.size() == 1u);
    BOOST_TEST(ok(store.load_verdict()).has_value());
}

STORE_CONTRACT(decisions_come_back_by_repository_oldest_first) {
    const auto decision = [](std::int64_t ms, const char* repo, Decision d) {
        return GateDecisionRecord{at(ms),          repo,  "1.0.0", ReleaseKind::security, d,
                                  Weather::outage, "why", "ci"};
    };
    ok(store.record_decision(decision(30, "a/b", Decision::proceed)));
    ok(store.record_decision(decision(10, "a/b", Decision::defer)));
    ok(store.record_decision(decision(20, "c/d", Decision::block)));
    const auto ab = ok(store.decisions("a/b", at(0)));
    BOOST_REQUIRE(ab.size() == 2u);
    BOOST_TEST((ab[0].decision == Decision::defer));
    BOOST_TEST((ab[0].kind == ReleaseKind::security));
    BOOST_TEST((ab[1].decision == Decision::proceed));
    BOOST_TEST(ok(store.decisions("", at(15))).size() == 2u);
}

STORE_CONTRACT(the_queue_keeps_one_item_per_version_and_its_history) {
    const QueueItem a = item("sr-a", "1.0.1", 10);
    const auto [stored, created_now] = ok(store.enqueue(a, created(a)));
    BOOST_TEST(created_now);
    BOOST_TEST(stored.history.size() == 1u);
    QueueItem twin = item("sr-twin", "1.0.1", 20);
    const auto again = ok(store.enqueue(twin, created(twin)));
    BOOST_TEST(!again.second);
    BOOST_TEST(again.first.id == "sr-a");
    QueueItem clash = item("sr-a", "2.0.0", 30);
    BOOST_TEST(!store.enqueue(clash, created(clash)).has_value());
    const QueueItem b = item("sr-b", "1.0.2", 40);
    ok(store.enqueue(b, created(b)));

    QueueItem changed = stored;
    changed.repo = "someone/else";  // what was asked for never changes
    changed.state = QueueState::shipped;
    changed.attempts = 1;
    changed.run_id = 77;
    BOOST_TEST(ok(store.save_queue_item(
        changed, QueueState::queued,
        QueueEvent{at(50), QueueState::queued, QueueState::shipped, "done"}, std::nullopt)));
    // A compare-and-set: a save that expects a state the row is no longer in
    // changes nothing.
    QueueItem stale = changed;
    stale.state = QueueState::cancelled;
    BOOST_TEST(!ok(store.save_queue_item(
        stale, QueueState::queued,
        QueueEvent{at(60), QueueState::queued, QueueState::cancelled, "too late"}, std::nullopt)));
    const auto read = ok(store.queue_item("sr-a"));
    BOOST_REQUIRE(read.has_value());
    BOOST_TEST(read->repo == "o/r");
    BOOST_TEST((read->state == QueueState::shipped));
    BOOST_TEST(read->run_id == 77);
    BOOST_TEST(read->history.size() == 2u);
    BOOST_TEST(!store
                    .save_queue_item(item("sr-none", "9.9.9", 1), QueueState::queued, std::nullopt,
                                     std::nullopt)
                    .has_value());

    const auto all = ok(store.queue_items(false)).items;
    BOOST_REQUIRE(all.size() == 2u);
    BOOST_TEST(all[0].id == "sr-b");  // newest enqueued first
    const auto open = ok(store.queue_items(true)).items;
    BOOST_REQUIRE(open.size() == 1u);
    BOOST_TEST(open[0].id == "sr-b");
}

// The single-node stores have no leader lease to lose: a fence, even one no
// lease ever granted, is accepted and ignored, and the save is the plain
// compare-and-set. (PostgreSQL checks it: pg_lease_test.cpp.)
void a_fence_is_accepted_and_ignored(StateStore& store) {
    const QueueItem a = item("sr-a", "1.0.1", 10);
    ok(store.enqueue(a, created(a)));
    const Fence fence{"nobody", 42};
    QueueItem changed = a;
    changed.state = QueueState::dispatching;
    BOOST_TEST(ok(store.save_queue_item(
        changed, QueueState::queued,
        QueueEvent{at(20), QueueState::queued, QueueState::dispatching, "fair"}, fence)));
    BOOST_TEST(!ok(store.save_queue_item(changed, QueueState::queued, std::nullopt, fence)));
    const auto missing =
        store.save_queue_item(item("sr-none", "9.9.9", 1), QueueState::queued, std::nullopt, fence);
    BOOST_REQUIRE(!missing.has_value());
    BOOST_TEST(!missing.error().fenced);
    const auto read = ok(store.queue_item("sr-a"));
    BOOST_REQUIRE(read.has_value());
    BOOST_TEST((read->state == QueueState::dispatching));
    BOOST_TEST(read->history.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_fence_is_accepted_and_ignored_in_sqlite) {
    const TempDir dir;
    a_fence_is_accepted_and_ignored(*sqlite_store(dir));
}

BOOST_AUTO_TEST_CASE(a_fence_is_accepted_and_ignored_in_memory) {
    a_fence_is_accepted_and_ignored(*make_memory_store());
}

// A poll round saved in one call keeps what the single calls would: the
// same reading extends its record, responses replace by URL, a page's
// listed incidents are upserted and its others resolved, releases upserted.
STORE_CONTRACT(a_poll_round_saves_what_its_single_calls_would) {
    ok(store.record_observation({"github", at(10), Weather::fair, "ok", 200, "\"a\""}));
    ok(store.upsert_incident(incident("old", 5)));
    const CachedResponse page{"https://x/summary", "\"2\"", "two", at(20)};
    const CachedResponse runs{"https://x/runs", "\"r\"", "runs", at(20)};
    PollRound round;
    round.observations = {{"github", at(20), Weather::fair, "ok", 200, "\"a\""},
                          {"o/r runs", at(20), Weather::degraded, "slow", 200, "\"r\""}};
    round.responses = {&page, &runs};
    round.incidents = {{"github", {incident("new", 20)}, at(20)}};
    round.releases = {release(1, 100), release(2, std::nullopt)};
    ok(store.record_round(round));

    const auto github = ok(store.observations("github", at(0)));
    BOOST_REQUIRE(github.size() == 1u);
    BOOST_TEST((github[0].last_at == at(20) && github[0].polls == 2));
    BOOST_TEST(ok(store.observations("o/r runs", at(0))).size() == 1u);
    BOOST_TEST(ok(store.load_response("https://x/summary"))->body == "two");
    BOOST_TEST(ok(store.load_response("https://x/runs"))->etag == "\"r\"");
    const auto incidents = ok(store.incidents("github"));
    BOOST_REQUIRE(incidents.size() == 2u);
    BOOST_TEST(incidents[0].id == "old");
    BOOST_TEST((incidents[0].resolved_at == at(20)));
    BOOST_TEST(incidents[1].id == "new");
    BOOST_TEST(!incidents[1].resolved_at.has_value());
    BOOST_TEST(ok(store.releases("o/r")).size() == 2u);
    ok(store.record_round(PollRound{}));  // an empty round is no error
}

BOOST_AUTO_TEST_SUITE_END()
