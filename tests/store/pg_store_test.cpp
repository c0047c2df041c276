// The PostgreSQL store beyond the shared contract (contract_test.cpp): its
// migrations, a lost connection, a round that fails half-way, and two
// monitors sharing one database. Each case runs against the binary's
// private server (tests/support/pg_server.h) on a fresh database.
#include "core/store/pg_store.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "tests/support/pg_server.h"
#include "tests/support/store_checks.h"

using namespace fairweather;
using namespace fairweather::testing;

namespace {

namespace utf = boost::unit_test;

TimePoint at(std::int64_t ms) {
    return TimePoint{Duration{ms}};
}

std::unique_ptr<StateStore> open_store(const std::string& database) {
    auto& server = PgServer::get();
    auto store = open_postgres_store(server.url(database), server.password());
    BOOST_REQUIRE_MESSAGE(store.has_value(), (store ? "" : store.error().message));
    return std::move(*store);
}

ObservationRecord observation(std::int64_t ms, const std::string& summary) {
    return ObservationRecord{"github", at(ms), Weather::fair, summary, 200, ""};
}

QueueItem item(const std::string& id, const std::string& version) {
    QueueItem i;
    i.id = id;
    i.repo = "o/r";
    i.version = version;
    i.workflow = "release.yml";
    i.inputs = {{"version", version}, {"note", "a, \"quoted\"\nline"}};
    i.enqueued_at = at(10);
    i.deadline = at(1000);
    return i;
}

QueueEvent created(const QueueItem& i) {
    return QueueEvent{i.enqueued_at, QueueState::queued, QueueState::queued, "queued"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pg_store, *utf::precondition(postgres_present))

BOOST_AUTO_TEST_CASE(given_a_migrated_database_reopening_it_migrates_nothing_and_keeps_the_rows) {
    std::string db;
    {
        auto store = fresh_postgres_store(&db);
        ok(store->record_observation(observation(10, "kept")));
    }
    auto& server = PgServer::get();
    BOOST_TEST(server.sql(db, "SELECT version FROM fairweather_schema") ==
               std::to_string(postgres_store_schema_version()));
    auto again = open_store(db);
    auto other = open_store(db);  // a second monitor on the same database
    BOOST_TEST(server.sql(db, "SELECT count(*) FROM fairweather_schema") == "1");
    BOOST_TEST(ok(other->observations("github", at(0))).size() == 1u);
    ok(again->health());
}

BOOST_AUTO_TEST_CASE(given_a_schema_newer_than_this_build_it_refuses_the_database_saying_why) {
    std::string db;
    fresh_postgres_store(&db).reset();
    auto& server = PgServer::get();
    server.sql(db, "UPDATE fairweather_schema SET version = version + 1");
    const auto refused = open_postgres_store(server.url(db), server.password());
    const std::string message = error_of(refused);
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find("newer than this fairweather knows") != std::string::npos);
    BOOST_TEST(message.find(db) != std::string::npos);
    BOOST_TEST(message.find("upgrade fairweather") != std::string::npos);
    // Left as it was.
    BOOST_TEST(server.sql(db, "SELECT version FROM fairweather_schema") ==
               std::to_string(postgres_store_schema_version() + 1));
}

BOOST_AUTO_TEST_CASE(
    given_a_wrong_password_opening_fails_naming_the_database_but_not_the_password) {
    auto& server = PgServer::get();
    const std::string db = server.fresh_database();
    const Secret wrong("wrong-pw-7f3e");
    const std::string message = error_of(open_postgres_store(server.url(db), wrong));
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find(db) != std::string::npos);
    BOOST_TEST(message.find("127.0.0.1") != std::string::npos);
    BOOST_TEST(message.find(wrong.reveal()) == std::string::npos);
    BOOST_TEST(message.find(server.password().reveal()) == std::string::npos);
    // Nor one written in the URL itself.
    const std::string in_url = "postgresql://" + server.user() +
                               ":url-pw-91ab@127.0.0.1:" + std::to_string(server.port()) + "/" + db;
    const std::string from_url = error_of(open_postgres_store(in_url, Secret{}));
    BOOST_TEST(from_url.find(db) != std::string::npos);
    BOOST_TEST(from_url.find("url-pw-91ab") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(given_a_killed_connection_one_call_fails_cleanly_and_the_next_reconnects) {
    std::string db;
    auto store = fresh_postgres_store(&db);
    ok(store->record_observation(observation(10, "before")));
    PgServer::get().terminate_connections(db);

    const std::string message = error_of(store->observations("github", at(0)));
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find(db) != std::string::npos);
    BOOST_TEST(message.find("connection was lost") != std::string::npos);
    BOOST_TEST(message.find(PgServer::get().password().reveal()) == std::string::npos);

    ok(store->record_observation(observation(20, "after")));
    BOOST_TEST(ok(store->observations("github", at(0))).size() == 2u);
    ok(store->health());
}

BOOST_AUTO_TEST_CASE(given_a_server_that_refuses_it_reconnects_at_most_once_a_second) {
    std::string db;
    auto store = fresh_postgres_store(&db);
    auto& server = PgServer::get();
    server.sql("postgres", "ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
    server.terminate_connections(db);

    BOOST_TEST(error_of(store->load_verdict()).find("connection was lost") != std::string::npos);
    const std::string failed = error_of(store->load_verdict());  // tries, and fails
    BOOST_TEST_MESSAGE(failed);
    BOOST_TEST(failed.find("reconnecting failed") != std::string::npos);
    BOOST_TEST(failed.find(db) != std::string::npos);
    BOOST_TEST(failed.find(server.password().reveal()) == std::string::npos);
    // Within the second, calls fail at once without trying again.
    const std::string waiting = error_of(store->health());
    BOOST_TEST(waiting.find("at most once a second") != std::string::npos);
    BOOST_TEST(error_of(store->load_verdict()).find("at most once a second") != std::string::npos);
    server.sql("postgres", "ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
}

BOOST_AUTO_TEST_CASE(given_a_round_that_fails_half_way_none_of_it_is_saved) {
    std::string db;
    auto store = fresh_postgres_store(&db);
    auto& server = PgServer::get();
    server.sql(db,
               "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
               "$$ BEGIN RAISE EXCEPTION 'no releases today'; END $$");
    server.sql(db,
               "CREATE TRIGGER refuse_releases BEFORE INSERT ON releases "
               "FOR EACH ROW EXECUTE FUNCTION refuse()");
    const CachedResponse page{"https://x/summary", "\"1\"", "body", at(20)};
    ReleaseRecord release;
    release.repo = "o/r";
    release.id = 1;
    release.first_seen = at(20);
    IncidentRecord incident;
    incident.source = "github";
    incident.id = "i1";
    incident.first_seen = incident.last_seen = at(20);
    PollRound round;
    round.observations = {observation(20, "ok")};
    round.responses = {&page};
    round.incidents = {{"github", {incident}, at(20)}};
    round.releases = {release};

    const std::string message = error_of(store->record_round(round));
    BOOST_TEST(message.find("no releases today") != std::string::npos);
    BOOST_TEST(ok(store->observations("github", at(0))).empty());
    BOOST_TEST(!ok(store->load_response(page.url)).has_value());
    BOOST_TEST(ok(store->incidents("github")).empty());

    server.sql(db, "DROP TRIGGER refuse_releases ON releases");
    ok(store->record_round(round));  // the same round, once the server takes it
    BOOST_TEST(ok(store->releases("o/r")).size() == 1u);
}

BOOST_AUTO_TEST_CASE(given_a_body_of_any_bytes_it_comes_back_exactly) {
    auto store = fresh_postgres_store();
    const char raw[] = "\0\x01\xff\xfe not UTF-8 \xc3\x28 \\x00 '\"";
    std::string body(raw, sizeof raw - 1);
    body += std::string(100000, 'x');
    ok(store->save_response({"https://x/bytes", "\"e\"", body, at(5)}));
    const auto loaded = ok(store->load_response("https://x/bytes"));
    BOOST_REQUIRE(loaded.has_value());
    BOOST_TEST((loaded->body == body));
    BOOST_TEST((loaded->fetched_at == at(5)));
}

BOOST_AUTO_TEST_CASE(given_two_monitors_saving_the_same_item_at_once_only_one_wins) {
    std::string db;
    auto first = fresh_postgres_store(&db);
    auto second = open_store(db);
    constexpr int k_items = 20;
    for (int n = 0; n < k_items; ++n) {
        const QueueItem i = item("sr-" + std::to_string(n), "1.0." + std::to_string(n));
        ok(first->enqueue(i, created(i)));
    }
    // Each item is moved on by both monitors at the same moment, each
    // expecting it still queued.
    std::atomic<int> ready{0};
    std::vector<int> wins(k_items, 0);
    const auto save = [&](StateStore& store, QueueState to, std::vector<bool>& won) {
        ++ready;
        while (ready.load() < 2) {
        }
        for (int n = 0; n < k_items; ++n) {
            QueueItem changed = item("sr-" + std::to_string(n), "1.0." + std::to_string(n));
            changed.state = to;
            const auto saved = store.save_queue_item(
                changed, QueueState::queued, QueueEvent{at(20), QueueState::queued, to, "moved"},
                std::nullopt);
            won[static_cast<std::size_t>(n)] = saved.has_value() && *saved;
        }
    };
    std::vector<bool> first_won(k_items), second_won(k_items);
    std::thread a([&] { save(*first, QueueState::dispatching, first_won); });
    std::thread b([&] { save(*second, QueueState::cancelled, second_won); });
    a.join();
    b.join();
    for (int n = 0; n < k_items; ++n) {
        const auto u = static_cast<std::size_t>(n);
        BOOST_TEST(first_won[u] != second_won[u], "item " << n << ": exactly one save wins");
        const auto stored = ok(first->queue_item("sr-" + std::to_string(n)));
        BOOST_REQUIRE(stored.has_value());
        BOOST_TEST(stored->history.size() == 2u);  // created, and the one winning move
        BOOST_TEST(
            (stored->state == (first_won[u] ? QueueState::dispatching : QueueState::cancelled)));
        BOOST_TEST((stored->inputs == item("x", "1.0." + std::to_string(n)).inputs));
    }
}

BOOST_AUTO_TEST_CASE(given_a_queue_row_in_an_unknown_state_it_is_listed_apart) {
    std::string db;
    auto store = fresh_postgres_store(&db);
    const QueueItem good = item("sr-good", "1.0.0");
    const QueueItem odd = item("sr-odd", "1.0.1");
    ok(store->enqueue(good, created(good)));
    ok(store->enqueue(odd, created(odd)));
    PgServer::get().sql(db, "UPDATE queue_items SET state = 'teleported' WHERE id = 'sr-odd'");
    const auto listing = ok(store->queue_items(false));
    BOOST_REQUIRE(listing.items.size() == 1u);
    BOOST_TEST(listing.items[0].id == "sr-good");
    BOOST_REQUIRE(listing.unreadable.size() == 1u);
    BOOST_TEST(listing.unreadable[0].problem.find("teleported") != std::string::npos);
    BOOST_TEST(error_of(store->queue_item("sr-odd")).find(db) != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
