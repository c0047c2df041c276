#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/store/state_store.h"
#include "tests/support/checks.h"
#include "tests/support/process.h"
#include "tests/support/sqlite_shell.h"
#include "tests/support/temp_dir.h"

using fairweather::testing::contains;
using namespace fairweather;
using fairweather::testing::sqlite3_run;
using fairweather::testing::sqlite3_shell_present;
using fairweather::testing::TempDir;
namespace fs = std::filesystem;
namespace utf = boost::unit_test;

namespace {

TimePoint at(std::int64_t ms) {
    return TimePoint{Duration{ms}};
}

std::unique_ptr<StateStore> open_ok(const fs::path& file) {
    auto store = open_sqlite_store(file);
    if (!store) {
        BOOST_TEST_MESSAGE(store.error().message);
    }
    BOOST_REQUIRE(store.has_value());
    return std::move(*store);
}

std::string open_error(const fs::path& file) {
    auto store = open_sqlite_store(file);
    BOOST_REQUIRE(!store.has_value());
    BOOST_TEST_MESSAGE(store.error().message);
    return store.error().message;
}

void ok(const StoreResult<void>& r) {
    if (!r) {
        BOOST_TEST_MESSAGE(r.error().message);
    }
    BOOST_REQUIRE(r.has_value());
}

template <class T>
T ok(StoreResult<T> r) {
    if (!r) {
        BOOST_TEST_MESSAGE(r.error().message);
    }
    BOOST_REQUIRE(r.has_value());
    return std::move(*r);
}

// Closes the store and opens it again, as a restarted monitor would.
void restart(std::unique_ptr<StateStore>& store, const fs::path& file) {
    store.reset();
    store = open_ok(file);
}

std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// The SQLite header keeps user_version (the schema version) big-endian at offset 60.
void patch_user_version(const fs::path& file, std::uint32_t version) {
    std::string bytes = read_bytes(file);
    BOOST_REQUIRE(bytes.size() >= 100u);
    for (int i = 0; i < 4; ++i) {
        bytes[60 + i] = static_cast<char>((version >> (8 * (3 - i))) & 0xff);
    }
    write_bytes(file, bytes);
}

std::uint32_t user_version(const fs::path& file) {
    const std::string bytes = read_bytes(file);
    BOOST_REQUIRE(bytes.size() >= 100u);
    std::uint32_t version = 0;
    for (int i = 0; i < 4; ++i) {
        version = (version << 8) | static_cast<unsigned char>(bytes[60 + i]);
    }
    return version;
}

ObservationRecord observation(const std::string& source, std::int64_t ms, Weather w,
                              const std::string& summary) {
    return ObservationRecord{source,  at(ms), w,
                             summary, 200,    "\"etag-" + std::to_string(ms) + "\""};
}

IncidentRecord incident(const std::string& source, const std::string& id, std::int64_t seen_ms) {
    return IncidentRecord{source,
                          id,
                          "Incident " + id,
                          "major",
                          "investigating",
                          "https://status.example/incidents/" + id,
                          at(seen_ms),
                          at(seen_ms),
                          std::nullopt,
                          std::nullopt,
                          {}};
}

ReleaseRecord release(const std::string& repo, std::int64_t id,
                      std::optional<std::int64_t> published_ms, std::int64_t seen_ms) {
    ReleaseRecord r;
    r.repo = repo;
    r.id = id;
    r.tag = "v" + std::to_string(id);
    r.name = "Release " + std::to_string(id);
    r.url = "https://github.com/" + repo + "/releases/tag/v" + std::to_string(id);
    r.draft = !published_ms.has_value();
    r.created_at = at(seen_ms - 10);
    if (published_ms) {
        r.published_at = at(*published_ms);
    }
    r.first_seen = at(seen_ms);
    return r;
}

// Enough rows that the file spans many pages, for damaging some of them. One
// call is one transaction, which keeps the test fast on a disk that syncs.
void fill(StateStore& store, int count) {
    std::vector<ReleaseRecord> many;
    for (int i = 0; i < count; ++i) {
        ReleaseRecord r = release("o/r", i, 1000 + i, 2000);
        r.name = std::string(200, static_cast<char>('a' + i % 26));
        many.push_back(std::move(r));
    }
    ok(store.upsert_releases(many));
}

// A queued item with only what every request has.
QueueItem queue_item(const std::string& id, const std::string& repo, const std::string& version,
                     std::int64_t enqueued_ms) {
    QueueItem item;
    item.id = id;
    item.repo = repo;
    item.version = version;
    item.workflow = "release.yml";
    item.reason = "fix for " + version;
    item.requested_by = "alice";
    item.enqueued_at = at(enqueued_ms);
    item.deadline = at(enqueued_ms + 86'400'000);
    return item;
}

// An item with every field set, and inputs no text encoding could take for granted.
QueueItem full_queue_item() {
    QueueItem item = queue_item("sr-00000000000000a1", "octo/widget", "2.4.1", 1'717'000'005'000);
    item.kind = ReleaseKind::security;
    item.ref = "release/2.4";
    item.inputs = {
        {"version", "2.4.1"},
        {"notes", "fixes \"CVE-2024-0001\", and more,\nline two\r\n\ttabbed \\ backslash"},
        {"a,b=\"c\";'d'", ""},
        {"", "an empty name"},
        {"version", "a repeated name"},
        {"ünïcødé ✓", "{\"json\": [1, 2], \"x\": null}"},
        {"nul", std::string("before\0after", 12)},
        {"--", "'); DROP TABLE queue_items; --"},
    };
    item.reason = "CVE-2024-0001: remote code execution, \"critical\"";
    item.requested_by = "alice@example.com";
    item.advisory_id = "GHSA-abcd-efgh-ijkl";
    item.advisory_at = at(1'717'000'001'000);
    item.deadline = at(1'717'000'001'000 + 86'400'000);
    // Columns the state machine fills later; the store keeps whatever it is given.
    item.state = QueueState::dispatched;
    item.attempts = 2;
    item.next_attempt_at = at(1'717'000'006'000);
    item.dispatched_at = at(1'717'000'005'500);
    item.run_id = 9'876'543'210'123;
    item.run_url = "https://github.com/octo/widget/actions/runs/9876543210123";
    item.shipped_at = at(1'717'000'009'000);
    item.sla_breach_counted = true;
    return item;
}

QueueEvent created_event(const QueueItem& item) {
    return QueueEvent{item.enqueued_at, QueueState::queued, QueueState::queued,
                      "requested by " + item.requested_by + ": " + item.reason};
}

// Every field but the history.
void check_same_item(const QueueItem& got, const QueueItem& want) {
    BOOST_TEST(got.id == want.id);
    BOOST_TEST(got.repo == want.repo);
    BOOST_TEST(got.version == want.version);
    BOOST_TEST(got.kind == want.kind);
    BOOST_TEST(got.workflow == want.workflow);
    BOOST_TEST(got.ref == want.ref);
    BOOST_TEST((got.inputs == want.inputs));
    BOOST_TEST(got.reason == want.reason);
    BOOST_TEST(got.requested_by == want.requested_by);
    BOOST_TEST(got.advisory_id == want.advisory_id);
    BOOST_TEST((got.advisory_at == want.advisory_at));
    BOOST_TEST((got.enqueued_at == want.enqueued_at));
    BOOST_TEST((got.deadline == want.deadline));
    BOOST_TEST(to_string(got.state) == to_string(want.state));
    BOOST_TEST(got.attempts == want.attempts);
    BOOST_TEST((got.next_attempt_at == want.next_attempt_at));
    BOOST_TEST((got.dispatched_at == want.dispatched_at));
    BOOST_TEST(got.run_id == want.run_id);
    BOOST_TEST(got.run_url == want.run_url);
    BOOST_TEST((got.shipped_at == want.shipped_at));
    BOOST_TEST(got.sla_breach_counted == want.sla_breach_counted);
}

void check_same_event(const QueueEvent& got, const QueueEvent& want) {
    BOOST_TEST((got.at == want.at));
    BOOST_TEST(to_string(got.from) == to_string(want.from));
    BOOST_TEST(to_string(got.to) == to_string(want.to));
    BOOST_TEST(got.cause == want.cause);
}

std::vector<std::string> ids_of(const std::vector<QueueItem>& items) {
    std::vector<std::string> ids;
    for (const auto& item : items) {
        ids.push_back(item.id);
    }
    return ids;
}

GateDecisionRecord gate_decision(const std::string& repo, std::int64_t ms,
                                 const std::string& reason) {
    return GateDecisionRecord{
        at(ms),        repo,   "1.0.0", ReleaseKind::regular, Decision::proceed,
        Weather::fair, reason, "ci"};
}

// An answer's reasons in order, for checking which decisions came back and how sorted.
std::vector<std::string> reasons_of(const std::vector<GateDecisionRecord>& decisions) {
    std::vector<std::string> reasons;
    for (const auto& d : decisions) {
        reasons.push_back(d.reason);
    }
    return reasons;
}

void check_same_decision(const GateDecisionRecord& got, const GateDecisionRecord& want) {
    BOOST_TEST((got.at == want.at));
    BOOST_TEST(got.repo == want.repo);
    BOOST_TEST(got.version == want.version);
    BOOST_TEST(got.kind == want.kind);
    BOOST_TEST(got.decision == want.decision);
    BOOST_TEST(got.weather == want.weather);
    BOOST_TEST(got.reason == want.reason);
    BOOST_TEST(got.requested_by == want.requested_by);
}

// Every table and index the file has, with the SQL that made it.
std::string schema_of(const fs::path& file) {
    return sqlite3_run(file, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(opening_a_state_database)

BOOST_AUTO_TEST_CASE(given_a_missing_nested_directory_it_should_create_it_and_the_database) {
    TempDir dir;
    const fs::path file = dir / "a/b/c/state.db";
    auto store = open_ok(file);
    BOOST_TEST(fs::is_regular_file(file));
    // The single-instance guard is the database file itself: no lock file to delete.
    BOOST_TEST(!fs::exists(file.string() + ".lock"));
    BOOST_TEST(sqlite_store_schema_version() == 4);
    store.reset();
    BOOST_TEST(user_version(file) == static_cast<std::uint32_t>(sqlite_store_schema_version()));
}

BOOST_AUTO_TEST_CASE(given_a_write_it_should_keep_a_write_ahead_log_until_closed) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    const fs::path wal = file.string() + "-wal";
    auto store = open_ok(file);
    ok(store->record_observation(observation("github", 1, Weather::fair, "all good")));
    BOOST_TEST(fs::exists(wal));
    store.reset();
    // Closing the last connection checkpoints the log into the file and removes it.
    BOOST_TEST(!fs::exists(wal));
    store = open_ok(file);
    BOOST_TEST(ok(store->observations("github", at(0))).size() == 1u);
}

BOOST_AUTO_TEST_CASE(given_an_empty_file_it_should_start_a_new_database_in_it) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    write_bytes(file, "");
    auto store = open_ok(file);
    ok(store->record_observation(observation("github", 1, Weather::fair, "all good")));
    restart(store, file);
    BOOST_TEST(ok(store->observations("github", at(0))).size() == 1u);
}

BOOST_AUTO_TEST_CASE(given_a_state_dir_that_is_a_regular_file_it_should_say_it_is_not_a_directory) {
    TempDir dir;
    write_bytes(dir / "state", "not a directory");
    const fs::path file = dir / "state" / "state.db";
    const std::string message = open_error(file);
    BOOST_TEST(contains(message, file.string()));
    BOOST_TEST(contains(message, "is not a directory"));
    BOOST_TEST(contains(message, "--state-dir"));
    BOOST_TEST(read_bytes(dir / "state") == "not a directory");
}

BOOST_AUTO_TEST_CASE(given_a_directory_where_the_file_should_be_it_should_say_so) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    fs::create_directory(file);
    const std::string message = open_error(file);
    BOOST_TEST(message == "state database " + file.string() +
                              " is a directory; give the path of a file, or move the directory "
                              "away");
}

BOOST_AUTO_TEST_CASE(given_a_store_already_open_it_should_refuse_a_second_until_the_first_is_gone) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto first = open_ok(file);
    const std::string message = open_error(file);
    BOOST_TEST(message == "state database " + file.string() +
                              " is in use by another fairweather-monitor (it holds a lock on the "
                              "file); stop the other monitor or give this one its own "
                              "--state-dir");
    // The refused open must not have disturbed the first store.
    ok(first->record_observation(observation("github", 1, Weather::fair, "all good")));
    first.reset();
    auto second = open_ok(file);
    BOOST_TEST(ok(second->observations("github", at(0))).size() == 1u);
}

BOOST_AUTO_TEST_CASE(given_a_file_that_is_not_a_database_it_should_refuse_it_and_leave_it_alone) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    std::string text;
    for (int i = 0; i < 200; ++i) {
        text += "these are my notes, not a database, line " + std::to_string(i) + "\n";
    }
    write_bytes(file, text);
    const std::string message = open_error(file);
    BOOST_TEST(contains(message,
                        "state database " + file.string() + " is not a readable SQLite database"));
    BOOST_TEST(contains(message, "fairweather will not modify it"));
    BOOST_TEST(contains(message, "mv " + file.string() + " " + file.string() + ".corrupt"));
    BOOST_TEST(read_bytes(file) == text);
    BOOST_TEST(!fs::exists(file.string() + "-wal"));
    // And it stays refused: nothing was half-converted.
    open_error(file);
    BOOST_TEST(read_bytes(file) == text);
}

BOOST_AUTO_TEST_CASE(given_a_damaged_database_it_should_refuse_it_and_leave_it_alone) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    {
        auto store = open_ok(file);
        fill(*store, 400);
    }
    std::string bytes = read_bytes(file);
    BOOST_REQUIRE(bytes.size() > 8 * 4096u);
    // Page 1 (the header and schema) stays readable; the tables' pages do not.
    for (std::size_t i = 4096; i < bytes.size(); ++i) {
        bytes[i] = static_cast<char>((i * 131 + 17) & 0xff);
    }
    write_bytes(file, bytes);

    const std::string message = open_error(file);
    BOOST_TEST(contains(message, "state database " + file.string() + " is corrupt"));
    BOOST_TEST(contains(message, "fairweather will not modify it"));
    BOOST_TEST(contains(message, "restore a backup"));
    BOOST_TEST(!contains(message, std::string(200, 'a')));  // no row data
    BOOST_TEST(!contains(message, "\n"));
    BOOST_TEST((read_bytes(file) == bytes));
}

BOOST_AUTO_TEST_CASE(given_a_damaged_database_with_a_leftover_log_it_should_not_apply_the_log) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    const fs::path wal = file.string() + "-wal";
    fill(*open_ok(file), 400);
    std::string log;
    {
        auto store = open_ok(file);
        ok(store->record_observation(observation("github", 1, Weather::fair, "all good")));
        // As a crash would leave it: a committed change still only in the log.
        log = read_bytes(wal);
        BOOST_REQUIRE(!log.empty());
    }
    std::string bytes = read_bytes(file);
    for (std::size_t i = 4096; i < bytes.size(); ++i) {
        bytes[i] = static_cast<char>((i * 131 + 17) & 0xff);
    }
    write_bytes(file, bytes);
    write_bytes(wal, log);

    const std::string message = open_error(file);
    BOOST_TEST(contains(message, "is corrupt"));
    // Closing the refused file must not have checkpointed the log into it.
    BOOST_TEST((read_bytes(file) == bytes));
}

BOOST_AUTO_TEST_CASE(given_a_schema_newer_than_this_build_it_should_refuse_it_and_leave_it_alone) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    {
        auto store = open_ok(file);
        ok(store->record_observation(observation("github", 1, Weather::fair, "all good")));
    }
    const int newer = sqlite_store_schema_version() + 41;
    patch_user_version(file, static_cast<std::uint32_t>(newer));
    const std::string bytes = read_bytes(file);

    const std::string message = open_error(file);
    BOOST_TEST(message == "state database " + file.string() + " has schema version " +
                              std::to_string(newer) + ", newer than this fairweather (" +
                              std::to_string(sqlite_store_schema_version()) +
                              "); upgrade fairweather or use another --state-dir");
    BOOST_TEST((read_bytes(file) == bytes));
}

BOOST_AUTO_TEST_CASE(given_tables_without_a_schema_version_it_should_not_claim_the_database) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    open_ok(file).reset();
    // A SQLite file that has tables but no version is some other program's.
    patch_user_version(file, 0);
    const std::string bytes = read_bytes(file);
    const std::string message = open_error(file);
    BOOST_TEST(contains(message, "not a fairweather state database"));
    BOOST_TEST((read_bytes(file) == bytes));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(storing_history)

BOOST_AUTO_TEST_CASE(given_everything_saved_it_should_read_it_all_back_after_a_restart) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);

    ObservationRecord o{"github", at(1000), Weather::degraded, "Actions is slow", 503, "\"abc\""};
    ObservationRecord failed{"npm", at(2000), Weather::unknown, "timed out", std::nullopt, ""};
    ok(store->record_observation(o));
    ok(store->record_observation(failed));
    const std::string body("{\"status\":\0\"ok\"}\xff", 18);  // bytes, not text
    ok(store->save_response(
        {"https://www.githubstatus.com/api/v2/summary.json", "W/\"1\"", body, at(1500)}));
    IncidentRecord open = incident("github", "inc1", 900);
    IncidentRecord resolved = incident("github", "inc0", 100);
    resolved.resolved_at = at(800);
    ok(store->upsert_incident(open));
    ok(store->upsert_incident(resolved));
    ok(store->save_verdict({Weather::degraded, at(1000), "github: Actions is slow", at(400)},
                           Transition{at(1000), Weather::fair, Weather::degraded, "github"}));
    ReleaseRecord published = release("o/r", 7, 3000, 3100);
    published.prerelease = true;
    const ReleaseRecord draft = release("o/r", 8, std::nullopt, 3200);
    ok(store->upsert_releases({published, draft}));

    restart(store, file);

    const auto github = ok(store->observations("github", at(0)));
    BOOST_REQUIRE(github.size() == 1u);
    BOOST_TEST(github[0].source == "github");
    BOOST_TEST((github[0].at == o.at));
    BOOST_TEST((github[0].weather == Weather::degraded));
    BOOST_TEST(github[0].summary == o.summary);
    BOOST_TEST((github[0].http_status == std::optional<int>(503)));
    BOOST_TEST(github[0].etag == o.etag);
    const auto npm = ok(store->observations("npm", at(0)));
    BOOST_REQUIRE(npm.size() == 1u);
    BOOST_TEST(!npm[0].http_status.has_value());
    BOOST_TEST((npm[0].weather == Weather::unknown));

    const auto response =
        ok(store->load_response("https://www.githubstatus.com/api/v2/summary.json"));
    BOOST_REQUIRE(response.has_value());
    BOOST_TEST(response->etag == "W/\"1\"");
    BOOST_TEST((response->body == body));
    BOOST_TEST((response->fetched_at == at(1500)));

    const auto incidents = ok(store->incidents("github"));
    BOOST_REQUIRE(incidents.size() == 2u);
    BOOST_TEST(incidents[0].id == "inc0");  // first seen first
    BOOST_TEST((incidents[0].resolved_at == std::optional<TimePoint>(at(800))));
    BOOST_TEST(incidents[1].id == "inc1");
    BOOST_TEST(incidents[1].name == open.name);
    BOOST_TEST(incidents[1].impact == "major");
    BOOST_TEST(incidents[1].status == "investigating");
    BOOST_TEST(incidents[1].url == open.url);
    BOOST_TEST((incidents[1].first_seen == at(900)));
    BOOST_TEST((incidents[1].last_seen == at(900)));
    BOOST_TEST(!incidents[1].resolved_at.has_value());

    const auto verdict = ok(store->load_verdict());
    BOOST_REQUIRE(verdict.has_value());
    BOOST_TEST((verdict->weather == Weather::degraded));
    BOOST_TEST((verdict->since == at(1000)));
    BOOST_TEST(verdict->cause == "github: Actions is slow");
    BOOST_TEST((verdict->fair_since == std::optional<TimePoint>(at(400))));
    const auto transitions = ok(store->transitions(at(0)));
    BOOST_REQUIRE(transitions.size() == 1u);
    BOOST_TEST((transitions[0].from == Weather::fair));
    BOOST_TEST((transitions[0].to == Weather::degraded));
    BOOST_TEST(transitions[0].cause == "github");

    const auto releases = ok(store->releases("o/r"));
    BOOST_REQUIRE(releases.size() == 2u);
    BOOST_TEST(releases[0].id == 7);
    BOOST_TEST(releases[0].tag == "v7");
    BOOST_TEST(releases[0].name == "Release 7");
    BOOST_TEST(releases[0].url == published.url);
    BOOST_TEST(!releases[0].draft);
    BOOST_TEST(releases[0].prerelease);
    BOOST_TEST((releases[0].created_at == published.created_at));
    BOOST_TEST((releases[0].published_at == published.published_at));
    BOOST_TEST((releases[0].first_seen == at(3100)));
    BOOST_TEST(releases[1].draft);
    BOOST_TEST(!releases[1].published_at.has_value());
}

BOOST_AUTO_TEST_CASE(given_observations_it_should_return_a_sources_since_a_time_oldest_first) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    ok(store->record_observation(observation("github", 300, Weather::fair, "third")));
    ok(store->record_observation(observation("github", 100, Weather::fair, "first")));
    ok(store->record_observation(observation("npm", 200, Weather::outage, "npm")));
    ok(store->record_observation(observation("github", 200, Weather::degraded, "second")));
    ok(store->record_observation(observation("github", 300, Weather::fair, "fourth")));
    restart(store, file);

    const auto since_200 = ok(store->observations("github", at(200)));
    BOOST_REQUIRE(since_200.size() == 3u);
    BOOST_TEST(since_200[0].summary == "second");  // `since` itself is included
    BOOST_TEST(since_200[1].summary == "third");   // equal times keep their order
    BOOST_TEST(since_200[2].summary == "fourth");
    BOOST_TEST(ok(store->observations("github", at(0))).size() == 4u);
    BOOST_TEST(ok(store->observations("github", at(301))).empty());
    BOOST_TEST(ok(store->observations("gitlab", at(0))).empty());
}

BOOST_AUTO_TEST_CASE(given_a_url_saved_twice_it_should_keep_only_the_newer_response) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    BOOST_TEST(!ok(store->load_response("https://a.example/")).has_value());
    ok(store->save_response({"https://a.example/", "\"1\"", "old body", at(1)}));
    ok(store->save_response({"https://a.example/", "\"2\"", "", at(2)}));
    ok(store->save_response({"https://b.example/", "\"9\"", "other", at(3)}));
    restart(store, file);

    const auto a = ok(store->load_response("https://a.example/"));
    BOOST_REQUIRE(a.has_value());
    BOOST_TEST(a->etag == "\"2\"");
    BOOST_TEST(a->body.empty());
    BOOST_TEST((a->fetched_at == at(2)));
    BOOST_TEST(ok(store->load_response("https://b.example/"))->body == "other");
}

BOOST_AUTO_TEST_CASE(
    given_an_incident_seen_again_it_should_keep_its_first_seen_and_update_the_rest) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    ok(store->upsert_incident(incident("github", "x", 100)));
    restart(store, file);

    IncidentRecord again = incident("github", "x", 500);
    again.name = "Degraded Actions";
    again.impact = "critical";
    again.status = "identified";
    again.url = "https://status.example/x2";
    again.first_seen = at(500);
    again.last_seen = at(600);
    ok(store->upsert_incident(again));
    ok(store->upsert_incident(incident("npm", "x", 700)));  // same id, another source
    restart(store, file);

    const auto github = ok(store->incidents("github"));
    BOOST_REQUIRE(github.size() == 1u);
    BOOST_TEST((github[0].first_seen == at(100)));
    BOOST_TEST((github[0].last_seen == at(600)));
    BOOST_TEST(github[0].name == "Degraded Actions");
    BOOST_TEST(github[0].impact == "critical");
    BOOST_TEST(github[0].status == "identified");
    BOOST_TEST(github[0].url == "https://status.example/x2");
    BOOST_REQUIRE(ok(store->incidents("npm")).size() == 1u);
    BOOST_TEST((ok(store->incidents("npm"))[0].first_seen == at(700)));
}

BOOST_AUTO_TEST_CASE(given_an_incident_with_its_start_and_watched_components_it_should_keep_them) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    IncidentRecord first = incident("github", "x", 500);
    first.started_at = at(100);
    first.watched_components = std::vector<std::string>{"Actions", "API Requests"};
    ok(store->upsert_incident(first));
    restart(store, file);
    auto read = ok(store->incidents("github"));
    BOOST_REQUIRE(read.size() == 1u);
    BOOST_TEST((read[0].started_at == std::optional<TimePoint>(at(100))));
    BOOST_TEST(*read[0].watched_components ==
               (std::vector<std::string>{"Actions", "API Requests"}));

    // A later reading without a start time keeps the one known; the
    // components are the page's latest word.
    IncidentRecord later = incident("github", "x", 700);
    later.watched_components = std::vector<std::string>{"Actions"};
    ok(store->upsert_incident(later));
    restart(store, file);
    read = ok(store->incidents("github"));
    BOOST_TEST((read[0].started_at == std::optional<TimePoint>(at(100))));
    BOOST_TEST(*read[0].watched_components == std::vector<std::string>{"Actions"});

    IncidentRecord elsewhere = incident("github", "elsewhere", 800);
    elsewhere.watched_components = std::vector<std::string>{};  // touches none
    ok(store->upsert_incident(elsewhere));
    ok(store->upsert_incident(incident("github", "unknown", 900)));  // as before version 3
    read = ok(store->incidents("github"));
    BOOST_REQUIRE(read.size() == 3u);
    BOOST_TEST(!read[1].started_at.has_value());
    BOOST_REQUIRE(read[1].watched_components.has_value());
    BOOST_TEST(read[1].watched_components->empty());
    BOOST_TEST(!read[2].watched_components.has_value());
}

BOOST_AUTO_TEST_CASE(
    given_open_ids_it_should_resolve_only_the_other_unresolved_incidents_of_that_source) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    ok(store->upsert_incident(incident("github", "still-open", 100)));
    ok(store->upsert_incident(incident("github", "gone", 110)));
    IncidentRecord earlier = incident("github", "resolved-earlier", 120);
    earlier.resolved_at = at(150);
    ok(store->upsert_incident(earlier));
    ok(store->upsert_incident(incident("npm", "gone", 130)));  // another source's
    ok(store->resolve_incidents_except("github", {"still-open", "never-stored"}, at(1000)));
    restart(store, file);

    const auto github = ok(store->incidents("github"));
    BOOST_REQUIRE(github.size() == 3u);
    BOOST_TEST(github[0].id == "still-open");
    BOOST_TEST(!github[0].resolved_at.has_value());
    BOOST_TEST(github[1].id == "gone");
    BOOST_TEST((github[1].resolved_at == std::optional<TimePoint>(at(1000))));
    BOOST_TEST(github[2].id == "resolved-earlier");
    BOOST_TEST((github[2].resolved_at == std::optional<TimePoint>(at(150))));
    BOOST_TEST(!ok(store->incidents("npm"))[0].resolved_at.has_value());

    // No open ids at all resolves everything still open.
    ok(store->resolve_incidents_except("github", {}, at(2000)));
    BOOST_TEST(
        (ok(store->incidents("github"))[0].resolved_at == std::optional<TimePoint>(at(2000))));
    BOOST_TEST(
        (ok(store->incidents("github"))[1].resolved_at == std::optional<TimePoint>(at(1000))));
}

BOOST_AUTO_TEST_CASE(given_no_verdict_saved_it_should_load_none_then_the_latest_saved) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    BOOST_TEST(!ok(store->load_verdict()).has_value());
    ok(store->save_verdict({Weather::outage, at(10), "npm down", std::nullopt}, std::nullopt));
    ok(store->save_verdict({Weather::fair, at(20), "all clear", at(15)}, std::nullopt));
    restart(store, file);

    const auto verdict = ok(store->load_verdict());
    BOOST_REQUIRE(verdict.has_value());
    BOOST_TEST((verdict->weather == Weather::fair));
    BOOST_TEST((verdict->since == at(20)));
    BOOST_TEST(verdict->cause == "all clear");
    BOOST_TEST((verdict->fair_since == std::optional<TimePoint>(at(15))));
    // Saving without a transition records none.
    BOOST_TEST(ok(store->transitions(at(0))).empty());

    ok(store->save_verdict({Weather::degraded, at(30), "slow", std::nullopt}, std::nullopt));
    BOOST_TEST(!ok(store->load_verdict())->fair_since.has_value());
}

BOOST_AUTO_TEST_CASE(given_transitions_it_should_return_those_since_a_time_oldest_first) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    const auto save = [&](std::int64_t ms, Weather from, Weather to, const std::string& cause) {
        ok(store->save_verdict({to, at(ms), cause, std::nullopt},
                               Transition{at(ms), from, to, cause}));
    };
    save(100, Weather::unknown, Weather::fair, "first poll");
    save(200, Weather::fair, Weather::outage, "npm down");
    save(300, Weather::outage, Weather::degraded, "npm recovering");
    save(300, Weather::degraded, Weather::fair, "npm back");
    restart(store, file);

    const auto since = ok(store->transitions(at(200)));
    BOOST_REQUIRE(since.size() == 3u);
    BOOST_TEST(since[0].cause == "npm down");
    BOOST_TEST((since[0].from == Weather::fair));
    BOOST_TEST((since[0].to == Weather::outage));
    BOOST_TEST(since[1].cause == "npm recovering");
    BOOST_TEST(since[2].cause == "npm back");
    BOOST_TEST(ok(store->transitions(at(0))).size() == 4u);
    BOOST_TEST(ok(store->transitions(at(301))).empty());
    BOOST_TEST(ok(store->load_verdict())->cause == "npm back");
}

BOOST_AUTO_TEST_CASE(
    given_releases_seen_again_it_should_keep_first_seen_and_list_newest_published_first) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    ok(store->upsert_releases({release("o/r", 1, 1000, 1100), release("o/r", 2, 3000, 3100),
                               release("o/r", 3, std::nullopt, 3200),
                               release("other/repo", 9, 9000, 9100)}));
    ok(store->upsert_releases({}));
    restart(store, file);

    // Seen again later: release 2 was edited, the draft 3 was published.
    ReleaseRecord edited = release("o/r", 2, 3000, 5000);
    edited.name = "Release 2 (security)";
    ReleaseRecord published = release("o/r", 3, 4000, 5000);
    ok(store->upsert_releases(
        {edited, published, release("o/r", 4, std::nullopt, 5000), release("o/r", 5, 2000, 5000)}));
    restart(store, file);

    const auto releases = ok(store->releases("o/r"));
    BOOST_REQUIRE(releases.size() == 5u);
    BOOST_TEST(releases[0].id == 3);
    BOOST_TEST((releases[0].first_seen == at(3200)));
    BOOST_TEST(!releases[0].draft);
    BOOST_TEST((releases[0].published_at == std::optional<TimePoint>(at(4000))));
    BOOST_TEST(releases[1].id == 2);
    BOOST_TEST(releases[1].name == "Release 2 (security)");
    BOOST_TEST((releases[1].first_seen == at(3100)));
    BOOST_TEST(releases[2].id == 5);
    BOOST_TEST((releases[2].first_seen == at(5000)));
    BOOST_TEST(releases[3].id == 1);
    BOOST_TEST(releases[4].id == 4);  // the draft, last
    BOOST_TEST(releases[4].draft);
    BOOST_TEST(ok(store->releases("other/repo")).size() == 1u);
    BOOST_TEST(ok(store->releases("nobody/none")).empty());
}

BOOST_AUTO_TEST_CASE(given_old_history_it_should_prune_it_and_keep_the_rest) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    for (const std::int64_t ms : {100, 200, 999, 1000, 1500}) {
        ok(store->record_observation(observation("github", ms, Weather::fair, "ok")));
    }
    ok(store->save_verdict({Weather::outage, at(100), "old", std::nullopt},
                           Transition{at(100), Weather::fair, Weather::outage, "old"}));
    ok(store->save_verdict({Weather::fair, at(1200), "new", at(1200)},
                           Transition{at(1200), Weather::outage, Weather::fair, "new"}));
    IncidentRecord resolved_long_ago = incident("github", "old", 50);
    resolved_long_ago.resolved_at = at(500);
    IncidentRecord resolved_lately = incident("github", "recent", 60);
    resolved_lately.resolved_at = at(1000);
    ok(store->upsert_incident(resolved_long_ago));
    ok(store->upsert_incident(resolved_lately));
    ok(store->upsert_incident(incident("github", "open-since-long-ago", 10)));
    ok(store->save_response({"https://a.example/", "\"1\"", "body", at(1)}));
    ok(store->upsert_releases({release("o/r", 1, 5, 6)}));
    for (const std::int64_t ms : {100, 999, 1000, 1500}) {
        ok(store->record_decision(gate_decision("o/r", ms, "at " + std::to_string(ms))));
    }

    const PruneCounts counts = ok(store->prune(at(1000)));
    BOOST_TEST(counts.observations == 3);
    BOOST_TEST(counts.transitions == 1);
    BOOST_TEST(counts.incidents == 1);
    BOOST_TEST(counts.decisions == 2);
    restart(store, file);

    const auto observations = ok(store->observations("github", at(0)));
    BOOST_REQUIRE(observations.size() == 2u);
    BOOST_TEST((observations[0].at == at(1000)));
    BOOST_TEST(ok(store->transitions(at(0))).size() == 1u);
    const auto incidents = ok(store->incidents("github"));
    BOOST_REQUIRE(incidents.size() == 2u);
    BOOST_TEST(incidents[0].id == "open-since-long-ago");
    BOOST_TEST(incidents[1].id == "recent");
    BOOST_TEST(ok(store->load_verdict())->cause == "new");
    BOOST_TEST(ok(store->load_response("https://a.example/")).has_value());
    BOOST_TEST(ok(store->releases("o/r")).size() == 1u);
    BOOST_TEST((reasons_of(ok(store->decisions("o/r", at(0)))) ==
                std::vector<std::string>{"at 1000", "at 1500"}));

    const PruneCounts again = ok(store->prune(at(1000)));
    BOOST_TEST(again.observations == 0);
    BOOST_TEST(again.transitions == 0);
    BOOST_TEST(again.incidents == 0);
    BOOST_TEST(again.decisions == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sharing_a_store_between_threads)

BOOST_AUTO_TEST_CASE(given_two_threads_recording_it_should_keep_every_observation) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    // Each commit syncs the disk, so a few hundred keep the test fast yet interleaved.
    constexpr int k_each = 200;
    std::atomic<int> failures{0};
    const auto writer = [&](const std::string& source) {
        for (int i = 0; i < k_each; ++i) {
            if (!store->record_observation(observation(source, i, Weather::fair, "ok"))) {
                ++failures;
            }
        }
    };
    std::thread a(writer, "github");
    std::thread b(writer, "npm");
    a.join();
    b.join();
    BOOST_TEST(failures.load() == 0);
    restart(store, file);
    BOOST_TEST(ok(store->observations("github", at(0))).size() == std::size_t{k_each});
    BOOST_TEST(ok(store->observations("npm", at(0))).size() == std::size_t{k_each});
}

BOOST_AUTO_TEST_CASE(
    given_a_reader_during_verdict_saves_it_should_never_see_a_verdict_without_its_transition) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    constexpr int k_saves = 100;
    std::atomic<bool> done{false};
    std::atomic<int> torn{0};
    std::atomic<int> errors{0};
    std::thread reader([&] {
        while (!done.load()) {
            // Read the verdict first: its transition must already be there.
            const auto verdict = store->load_verdict();
            const auto transitions = store->transitions(at(0));
            if (!verdict || !transitions) {
                ++errors;
                continue;
            }
            if (*verdict &&
                std::stoll((*verdict)->cause) > static_cast<long long>(transitions->size())) {
                ++torn;
            }
        }
    });
    for (int i = 1; i <= k_saves; ++i) {
        const std::string n = std::to_string(i);
        if (!store->save_verdict({Weather::fair, at(i), n, std::nullopt},
                                 Transition{at(i), Weather::unknown, Weather::fair, n})) {
            ++errors;
        }
    }
    done = true;
    reader.join();
    BOOST_TEST(errors.load() == 0);
    BOOST_TEST(torn.load() == 0);
    BOOST_TEST(ok(store->transitions(at(0))).size() == std::size_t{k_saves});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(storing_the_release_queue)

BOOST_AUTO_TEST_CASE(given_an_enqueued_item_it_should_read_back_every_field_after_a_restart) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    const QueueItem full = full_queue_item();
    // And one with nothing optional: no advisory time, inputs, ref or times.
    const QueueItem bare = queue_item("sr-00000000000000b2", "octo/widget", "2.4.2", 2'000);
    BOOST_TEST(!bare.advisory_at.has_value());

    const auto [stored, created] = ok(store->enqueue(full, created_event(full)));
    BOOST_TEST(created);
    check_same_item(stored, full);
    BOOST_REQUIRE(stored.history.size() == 1u);
    check_same_event(stored.history[0], created_event(full));
    BOOST_TEST(ok(store->enqueue(bare, created_event(bare))).second);
    restart(store, file);

    const auto got = ok(store->queue_item(full.id));
    BOOST_REQUIRE(got.has_value());
    check_same_item(*got, full);
    BOOST_REQUIRE(got->inputs.size() == 8u);
    BOOST_TEST(got->inputs[6].second.size() == 12u);  // the NUL and what follows it
    BOOST_REQUIRE(got->history.size() == 1u);
    check_same_event(got->history[0], created_event(full));

    const auto got_bare = ok(store->queue_item(bare.id));
    BOOST_REQUIRE(got_bare.has_value());
    check_same_item(*got_bare, bare);
    BOOST_TEST(!got_bare->advisory_at.has_value());
    BOOST_TEST(!got_bare->next_attempt_at.has_value());
    BOOST_TEST(!got_bare->dispatched_at.has_value());
    BOOST_TEST(!got_bare->shipped_at.has_value());
    BOOST_TEST(got_bare->inputs.empty());
    BOOST_TEST(got_bare->ref.empty());
    BOOST_REQUIRE(got_bare->history.size() == 1u);
    check_same_event(got_bare->history[0], created_event(bare));

    BOOST_TEST(!ok(store->queue_item("sr-0000000000000000")).has_value());
}

BOOST_AUTO_TEST_CASE(given_a_second_request_for_a_version_it_should_return_the_first_item) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    QueueItem first = queue_item("sr-0000000000000001", "octo/widget", "1.0.1", 1'000);
    first.inputs = {{"version", "1.0.1"}};
    BOOST_TEST(ok(store->enqueue(first, created_event(first))).second);
    restart(store, file);

    QueueItem again = queue_item("sr-0000000000000002", "octo/widget", "1.0.1", 2'000);
    again.reason = "asked again";
    again.requested_by = "bob";
    again.inputs = {{"other", "input"}};
    const auto [existing, created] = ok(store->enqueue(again, created_event(again)));
    BOOST_TEST(!created);
    check_same_item(existing, first);
    BOOST_REQUIRE(existing.history.size() == 1u);
    check_same_event(existing.history[0], created_event(first));
    restart(store, file);

    const auto items = ok(store->queue_items(false)).items;
    BOOST_REQUIRE(items.size() == 1u);
    check_same_item(items[0], first);
    BOOST_TEST(items[0].history.size() == 1u);  // the second request added no event
    BOOST_TEST(!ok(store->queue_item(again.id)).has_value());
}

BOOST_AUTO_TEST_CASE(given_the_same_version_of_another_repo_it_should_be_a_separate_item) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    const QueueItem widget = queue_item("sr-0000000000000001", "octo/widget", "1.0.1", 1'000);
    const QueueItem gadget = queue_item("sr-0000000000000002", "octo/gadget", "1.0.1", 2'000);
    const QueueItem next = queue_item("sr-0000000000000003", "octo/widget", "1.0.2", 3'000);
    BOOST_TEST(ok(store->enqueue(widget, created_event(widget))).second);
    BOOST_TEST(ok(store->enqueue(gadget, created_event(gadget))).second);
    BOOST_TEST(ok(store->enqueue(next, created_event(next))).second);
    restart(store, file);

    const auto items = ok(store->queue_items(false)).items;
    BOOST_TEST((ids_of(items) == std::vector<std::string>{next.id, gadget.id, widget.id}));
    BOOST_REQUIRE(items.size() == 3u);
    check_same_item(items[1], gadget);
    check_same_item(items[2], widget);
}

BOOST_AUTO_TEST_CASE(given_saves_it_should_update_the_mutable_fields_and_append_the_history) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    QueueItem item = queue_item("sr-00000000000000c3", "octo/widget", "3.0.1", 10'000);
    item.inputs = {{"version", "3.0.1"}, {"dry_run", "false"}};
    item.advisory_id = "GHSA-1111-2222-3333";
    item.advisory_at = at(9'000);
    item.next_attempt_at = at(10'000);
    ok(store->enqueue(item, created_event(item)));
    restart(store, file);

    QueueItem saved = item;
    // What is asked for never changes, whatever the caller's copy says.
    saved.repo = "someone/else";
    saved.version = "9.9.9";
    saved.kind = ReleaseKind::patch;
    saved.workflow = "other.yml";
    saved.inputs = {{"changed", "inputs"}};
    saved.reason = "changed";
    saved.requested_by = "mallory";
    saved.advisory_id = "changed";
    saved.advisory_at = std::nullopt;
    saved.enqueued_at = at(1);
    saved.deadline = at(2);
    // The rest does.
    saved.state = QueueState::dispatching;
    saved.attempts = 1;
    saved.ref = "main";
    saved.dispatched_at = at(20'000);
    saved.next_attempt_at = std::nullopt;
    const QueueEvent dispatching{at(20'000), QueueState::queued, QueueState::dispatching,
                                 "CI is fair again"};
    BOOST_TEST(ok(store->save_queue_item(saved, QueueState::queued, dispatching, std::nullopt)));

    saved.state = QueueState::dispatched;
    saved.run_id = 4'242'424'242;
    saved.run_url = "https://github.com/octo/widget/actions/runs/4242424242";
    // The same time as the previous event: insertion order decides.
    const QueueEvent dispatched{at(20'000), QueueState::dispatching, QueueState::dispatched,
                                "run 4242424242 found"};
    BOOST_TEST(
        ok(store->save_queue_item(saved, QueueState::dispatching, dispatched, std::nullopt)));
    restart(store, file);

    saved.sla_breach_counted = true;
    BOOST_TEST(ok(store->save_queue_item(saved, QueueState::dispatched, std::nullopt,
                                         std::nullopt)));  // no event
    saved.state = QueueState::shipped;
    saved.shipped_at = at(30'000);
    const QueueEvent shipped{at(30'000), QueueState::dispatched, QueueState::shipped,
                             "run succeeded"};
    BOOST_TEST(ok(store->save_queue_item(saved, QueueState::dispatched, shipped, std::nullopt)));
    restart(store, file);

    const auto got = ok(store->queue_item(item.id));
    BOOST_REQUIRE(got.has_value());
    QueueItem want = item;
    want.state = QueueState::shipped;
    want.attempts = 1;
    want.ref = "main";
    want.dispatched_at = at(20'000);
    want.next_attempt_at = std::nullopt;
    want.run_id = 4'242'424'242;
    want.run_url = saved.run_url;
    want.shipped_at = at(30'000);
    want.sla_breach_counted = true;
    check_same_item(*got, want);
    BOOST_REQUIRE(got->history.size() == 4u);
    check_same_event(got->history[0], created_event(item));
    check_same_event(got->history[1], dispatching);
    check_same_event(got->history[2], dispatched);
    check_same_event(got->history[3], shipped);
}

BOOST_AUTO_TEST_CASE(given_an_unknown_id_it_should_refuse_to_save_and_write_nothing) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    const fs::path wal = file.string() + "-wal";
    auto store = open_ok(file);
    const QueueItem item = queue_item("sr-0000000000000001", "octo/widget", "1.0.1", 1'000);
    ok(store->enqueue(item, created_event(item)));
    restart(store, file);
    const std::string bytes = read_bytes(file);
    const std::string log = read_bytes(wal);

    QueueItem unknown = item;
    unknown.id = "sr-00000000deadbeef";
    unknown.state = QueueState::dispatching;
    const auto saved = store->save_queue_item(
        unknown, QueueState::queued,
        QueueEvent{at(2'000), QueueState::queued, QueueState::dispatching, "dispatch"},
        std::nullopt);
    BOOST_REQUIRE(!saved.has_value());
    BOOST_TEST_MESSAGE(saved.error().message);
    BOOST_TEST(contains(saved.error().message, "state database " + file.string() +
                                                   ": could not save a queue item: there is no "
                                                   "queue item with id \"sr-00000000deadbeef\";"));

    // An id already taken (by another version) is refused too, not merged.
    QueueItem clash = queue_item(item.id, "octo/widget", "1.0.2", 3'000);
    const auto enqueued = store->enqueue(clash, created_event(clash));
    BOOST_REQUIRE(!enqueued.has_value());
    BOOST_TEST_MESSAGE(enqueued.error().message);
    BOOST_TEST(contains(enqueued.error().message,
                        "could not enqueue a security release: "
                        "UNIQUE constraint failed: queue_items.id"));

    // Nothing reached the file or its log.
    BOOST_TEST((read_bytes(file) == bytes));
    BOOST_TEST((read_bytes(wal) == log));
    restart(store, file);
    const auto items = ok(store->queue_items(false)).items;
    BOOST_REQUIRE(items.size() == 1u);
    check_same_item(items[0], item);
    BOOST_TEST(items[0].history.size() == 1u);
}

BOOST_AUTO_TEST_CASE(given_many_items_it_should_list_newest_first_and_leave_out_finished_ones) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    struct Row {
        std::string id;
        std::int64_t enqueued_ms;
        QueueState state;
    };
    // Stored in an order unlike either answer; b and c were enqueued at the same moment.
    const Row rows[] = {
        {"sr-000000000000000c", 5'000, QueueState::dispatched},
        {"sr-000000000000000a", 3'000, QueueState::queued},
        {"sr-000000000000000g", 6'000, QueueState::dispatching},
        {"sr-000000000000000d", 1'000, QueueState::failed},
        {"sr-000000000000000b", 5'000, QueueState::shipped},
        {"sr-000000000000000f", 4'000, QueueState::running},
        {"sr-000000000000000e", 2'000, QueueState::cancelled},
    };
    int version = 0;
    for (const auto& row : rows) {
        QueueItem item =
            queue_item(row.id, "octo/widget", "1.0." + std::to_string(++version), row.enqueued_ms);
        ok(store->enqueue(item, created_event(item)));
        if (row.state != QueueState::queued) {
            item.state = row.state;
            ok(store->save_queue_item(
                item, QueueState::queued,
                QueueEvent{at(row.enqueued_ms + 1), QueueState::queued, row.state, "moved on"},
                std::nullopt));
        }
    }
    restart(store, file);

    const auto all = ok(store->queue_items(false)).items;
    BOOST_TEST(
        (ids_of(all) == std::vector<std::string>{"sr-000000000000000g", "sr-000000000000000b",
                                                 "sr-000000000000000c", "sr-000000000000000f",
                                                 "sr-000000000000000a", "sr-000000000000000e",
                                                 "sr-000000000000000d"}));
    for (const auto& item : all) {
        // Each with its own history: the queued one has only its first event.
        BOOST_TEST(item.history.size() == (item.state == QueueState::queued ? 1u : 2u));
        BOOST_REQUIRE(!item.history.empty());
        BOOST_TEST(contains(item.history[0].cause, item.reason));
    }

    const auto unfinished = ok(store->queue_items(true)).items;
    BOOST_TEST((ids_of(unfinished) ==
                std::vector<std::string>{"sr-000000000000000g", "sr-000000000000000c",
                                         "sr-000000000000000f", "sr-000000000000000a"}));
    for (const auto& item : unfinished) {
        BOOST_TEST(!is_final(item.state));
        BOOST_TEST(!item.history.empty());
    }
}

BOOST_AUTO_TEST_CASE(given_an_empty_queue_it_should_list_nothing) {
    TempDir dir;
    auto store = open_ok(dir / "state.db");
    BOOST_TEST(ok(store->queue_items(false)).items.empty());
    BOOST_TEST(ok(store->queue_items(true)).items.empty());
}

BOOST_AUTO_TEST_CASE(given_old_queue_items_it_should_keep_them_when_pruning_history) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    QueueItem item = queue_item("sr-0000000000000001", "octo/widget", "1.0.1", 100);
    item.inputs = {{"version", "1.0.1"}};
    ok(store->enqueue(item, created_event(item)));
    item.state = QueueState::shipped;
    item.shipped_at = at(300);
    ok(store->save_queue_item(item, QueueState::queued,
                              QueueEvent{at(300), QueueState::queued, QueueState::shipped, "done"},
                              std::nullopt));
    // And one old row of each kind that prune does delete.
    ok(store->record_observation(observation("github", 100, Weather::fair, "ok")));
    ok(store->save_verdict({Weather::fair, at(100), "ok", at(100)},
                           Transition{at(100), Weather::unknown, Weather::fair, "first poll"}));
    IncidentRecord resolved = incident("github", "old", 50);
    resolved.resolved_at = at(60);
    ok(store->upsert_incident(resolved));
    ok(store->record_decision(gate_decision("octo/widget", 100, "old decision")));

    const PruneCounts counts = ok(store->prune(at(1'000'000)));
    BOOST_TEST(counts.observations == 1);
    BOOST_TEST(counts.transitions == 1);
    BOOST_TEST(counts.incidents == 1);
    BOOST_TEST(counts.decisions == 1);
    restart(store, file);

    const auto got = ok(store->queue_item(item.id));
    BOOST_REQUIRE(got.has_value());
    check_same_item(*got, item);
    BOOST_TEST(got->history.size() == 2u);
    BOOST_TEST(ok(store->queue_items(false)).items.size() == 1u);
    BOOST_TEST(ok(store->observations("github", at(0))).empty());
}

BOOST_AUTO_TEST_CASE(given_two_threads_enqueueing_the_same_versions_it_should_create_each_once) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    // Each commit syncs the disk, so a few dozen keep the test fast yet interleaved.
    constexpr int k_versions = 25;
    std::atomic<int> errors{0};
    // Per thread and version: whether it created the item, and the id it was given back.
    std::vector<std::vector<std::pair<bool, std::string>>> answers(
        2, std::vector<std::pair<bool, std::string>>(k_versions));
    const auto enqueuer = [&](int thread) {
        for (int v = 0; v < k_versions; ++v) {
            const QueueItem item =
                queue_item("sr-" + std::to_string(thread) + "-" + std::to_string(v), "octo/widget",
                           "1.0." + std::to_string(v), 1'000 + v);
            auto result = store->enqueue(item, created_event(item));
            if (!result) {
                ++errors;
                continue;
            }
            answers[thread][v] = {result->second, result->first.id};
        }
    };
    std::thread a(enqueuer, 0);
    std::thread b(enqueuer, 1);
    a.join();
    b.join();
    BOOST_TEST(errors.load() == 0);
    restart(store, file);

    const auto items = ok(store->queue_items(false)).items;
    BOOST_REQUIRE(items.size() == std::size_t{k_versions});
    for (int v = 0; v < k_versions; ++v) {
        const auto& [created_by_a, id_a] = answers[0][v];
        const auto& [created_by_b, id_b] = answers[1][v];
        BOOST_TEST(created_by_a != created_by_b,
                   "version 1.0." << v << " created " << (created_by_a ? 2 : 0) << " times");
        BOOST_TEST(id_a == id_b);  // both were given the one stored item
        // items are newest first, and version v was enqueued at 1000 + v.
        const QueueItem& stored = items[k_versions - 1 - v];
        BOOST_TEST(stored.version == "1.0." + std::to_string(v));
        BOOST_TEST(stored.id == id_a);
        BOOST_TEST(stored.history.size() == 1u);
    }
}

BOOST_AUTO_TEST_CASE(given_a_database_of_the_next_schema_version_it_should_refuse_it) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    {
        auto store = open_ok(file);
        const QueueItem item = queue_item("sr-0000000000000001", "octo/widget", "1.0.1", 1'000);
        ok(store->enqueue(item, created_event(item)));
    }
    BOOST_TEST(user_version(file) == 4u);
    patch_user_version(file, 5);
    const std::string bytes = read_bytes(file);
    const std::string message = open_error(file);
    BOOST_TEST(message == "state database " + file.string() +
                              " has schema version 5, newer than this fairweather (4); upgrade "
                              "fairweather or use another --state-dir");
    BOOST_TEST((read_bytes(file) == bytes));
}

BOOST_AUTO_TEST_CASE(given_a_version_1_database_it_should_add_the_queue_and_keep_every_row,
                     *utf::precondition(sqlite3_shell_present)) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    const fs::path fresh = dir / "fresh.db";
    open_ok(fresh).reset();
    {
        auto store = open_ok(file);
        ok(store->record_observation(observation("github", 1'000, Weather::degraded, "slow")));
        ok(store->save_response({"https://a.example/", "\"1\"", "body", at(1)}));
        ok(store->upsert_incident(incident("github", "inc1", 900)));
        ok(store->save_verdict({Weather::degraded, at(1'000), "github: slow", std::nullopt},
                               Transition{at(1'000), Weather::fair, Weather::degraded, "github"}));
        ok(store->upsert_releases({release("o/r", 7, 3'000, 3'100)}));
    }
    // Versions 2 to 4 only added tables (the queue's, then the gate
    // decisions'; their indexes go with them) and columns (two of incidents,
    // two of observations), so taking them away leaves the file as version 1
    // wrote it.
    sqlite3_run(file,
                "ALTER TABLE observations DROP COLUMN last_at_ms; "
                "ALTER TABLE observations DROP COLUMN polls; "
                "DROP TABLE gate_decisions; DROP TABLE queue_events; DROP TABLE queue_inputs; "
                "DROP TABLE queue_items; ALTER TABLE incidents DROP COLUMN started_at_ms; "
                "ALTER TABLE incidents DROP COLUMN watched_components; PRAGMA user_version = 1;");
    BOOST_REQUIRE(user_version(file) == 1u);
    BOOST_REQUIRE(!contains(schema_of(file), "queue"));
    BOOST_REQUIRE(!contains(schema_of(file), "gate_decisions"));

    auto store = open_ok(file);
    store.reset();
    BOOST_TEST(user_version(file) == 4u);
    BOOST_TEST(schema_of(file) == schema_of(fresh));  // as if it had been created now
    store = open_ok(file);

    const auto observations = ok(store->observations("github", at(0)));
    BOOST_REQUIRE(observations.size() == 1u);
    BOOST_TEST(observations[0].summary == "slow");
    BOOST_TEST(ok(store->load_response("https://a.example/"))->body == "body");
    BOOST_TEST(ok(store->incidents("github")).size() == 1u);
    BOOST_TEST(ok(store->load_verdict())->cause == "github: slow");
    BOOST_TEST(ok(store->transitions(at(0))).size() == 1u);
    BOOST_TEST(ok(store->releases("o/r")).size() == 1u);
    BOOST_TEST(ok(store->decisions("", at(0))).empty());

    const QueueItem item = full_queue_item();
    BOOST_TEST(ok(store->enqueue(item, created_event(item))).second);
    restart(store, file);
    const auto got = ok(store->queue_item(item.id));
    BOOST_REQUIRE(got.has_value());
    check_same_item(*got, item);
}

BOOST_AUTO_TEST_CASE(given_a_queue_state_it_does_not_know_it_should_skip_that_row_and_say_so,
                     *utf::precondition(sqlite3_shell_present)) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    const QueueItem item = queue_item("sr-0000000000000001", "octo/widget", "1.0.1", 1'000);
    const QueueItem other = queue_item("sr-0000000000000002", "octo/widget", "1.0.2", 2'000);
    const QueueItem good = queue_item("sr-0000000000000003", "octo/widget", "1.0.3", 3'000);
    {
        auto store = open_ok(file);
        ok(store->enqueue(item, created_event(item)));
        ok(store->enqueue(other, created_event(other)));
        ok(store->enqueue(good, created_event(good)));
    }
    // As a newer fairweather, or a hand edit, might leave it.
    sqlite3_run(file,
                "UPDATE queue_items SET state = 'teleported' WHERE id = 'sr-0000000000000001'; "
                "UPDATE queue_events SET to_state = 'teleported\x01' "
                "WHERE item_id = 'sr-0000000000000002';");
    auto store = open_ok(file);

    // Reading it as "queued" could dispatch a release twice; it is an error instead.
    for (const auto& id : {item.id, other.id}) {
        const auto got = store->queue_item(id);
        BOOST_REQUIRE(!got.has_value());
        BOOST_TEST_MESSAGE(got.error().message);
        BOOST_TEST(contains(got.error().message, "state database " + file.string() +
                                                     ": could not read a queue item: release " +
                                                     id + " has a state"));
        BOOST_TEST(contains(got.error().message, "this fairweather does not know"));
    }
    BOOST_TEST(contains(store->queue_item(item.id).error().message, "\"teleported\""));
    // A word that is not printable is not echoed.
    BOOST_TEST(!contains(store->queue_item(other.id).error().message, "teleported"));

    // The listing skips both, names them, and keeps the good one.
    const auto all = ok(store->queue_items(false));
    BOOST_TEST(ids_of(all.items) == std::vector<std::string>{good.id});
    BOOST_REQUIRE(all.unreadable.size() == 2u);
    std::vector<std::string> bad{all.unreadable[0].id, all.unreadable[1].id};
    std::sort(bad.begin(), bad.end());
    BOOST_TEST((bad == std::vector<std::string>{item.id, other.id}));
    BOOST_TEST(contains(all.unreadable[0].problem, "it is skipped"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(storing_gate_decisions)

BOOST_AUTO_TEST_CASE(given_decisions_recorded_it_should_read_every_field_back_after_a_restart) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    // Text no encoding could take for granted, in every field.
    const GateDecisionRecord awkward{
        at(1'717'000'000'123),
        "octo/wïdget ✓",
        "2.4.1-rc.1+build.5",
        ReleaseKind::security,
        Decision::defer,
        Weather::degraded,
        "GitHub Actions: \"degraded performance\", 3 of 4,\nline two\r\n\ttabbed \\ backslash " +
            std::string("before\0after", 12) + " '); DROP TABLE gate_decisions; --",
        "alice@example.com <Ålice 'the' \"releaser\">"};
    // And one with nothing the gate may leave out: no repo, version or requester.
    const GateDecisionRecord bare{
        at(1'717'000'000'200), "", "", ReleaseKind::regular, Decision::proceed,
        Weather::fair,         "", ""};
    ok(store->record_decision(awkward));
    ok(store->record_decision(bare));
    restart(store, file);

    const auto all = ok(store->decisions("", at(0)));
    BOOST_REQUIRE(all.size() == 2u);
    check_same_decision(all[0], awkward);
    BOOST_TEST(all[0].reason.size() == awkward.reason.size());  // the NUL and what follows it
    check_same_decision(all[1], bare);
    BOOST_TEST(all[1].repo.empty());
    BOOST_TEST(all[1].version.empty());
    BOOST_TEST(all[1].reason.empty());
    BOOST_TEST(all[1].requested_by.empty());

    const auto one = ok(store->decisions(awkward.repo, at(0)));
    BOOST_REQUIRE(one.size() == 1u);
    check_same_decision(one[0], awkward);
}

BOOST_AUTO_TEST_CASE(given_decisions_of_several_repos_it_should_return_one_repos_or_all_since) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    ok(store->record_decision(gate_decision("a/x", 100, "a1")));
    ok(store->record_decision(gate_decision("b/y", 150, "b1")));
    ok(store->record_decision(gate_decision("a/x", 200, "a2")));
    ok(store->record_decision(gate_decision("", 200, "no repo")));
    ok(store->record_decision(gate_decision("b/y", 250, "b2")));
    ok(store->record_decision(gate_decision("a/x", 300, "a3")));
    ok(store->record_decision(gate_decision("a/x", 50, "a0")));  // recorded late, happened first
    restart(store, file);

    using Reasons = std::vector<std::string>;
    // `since` itself is included.
    BOOST_TEST((reasons_of(ok(store->decisions("a/x", at(200)))) == Reasons{"a2", "a3"}));
    BOOST_TEST((reasons_of(ok(store->decisions("a/x", at(0)))) == Reasons{"a0", "a1", "a2", "a3"}));
    BOOST_TEST((reasons_of(ok(store->decisions("b/y", at(151)))) == Reasons{"b2"}));
    BOOST_TEST(ok(store->decisions("a/x", at(301))).empty());
    // An empty repo means every repo, the decisions without one included.
    BOOST_TEST(
        (reasons_of(ok(store->decisions("", at(200)))) == Reasons{"a2", "no repo", "b2", "a3"}));
    BOOST_TEST(ok(store->decisions("", at(0))).size() == 7u);
    BOOST_TEST(ok(store->decisions("", at(301))).empty());
    // A repo is matched exactly, never as a prefix or pattern.
    BOOST_TEST(ok(store->decisions("a", at(0))).empty());
    BOOST_TEST(ok(store->decisions("A/X", at(0))).empty());
    BOOST_TEST(ok(store->decisions("%", at(0))).empty());
    BOOST_TEST(ok(store->decisions("c/z", at(0))).empty());
}

BOOST_AUTO_TEST_CASE(given_decisions_at_the_same_time_it_should_keep_the_order_they_were_recorded) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    // An order unlike any field's sort order, across two repos.
    const std::pair<std::string, std::string> recorded[] = {
        {"o/r", "charlie"}, {"o/q", "alpha"}, {"o/r", "echo"}, {"o/r", "bravo"}, {"o/q", "delta"},
    };
    for (const auto& [repo, reason] : recorded) {
        ok(store->record_decision(gate_decision(repo, 1'000, reason)));
    }
    restart(store, file);
    ok(store->record_decision(gate_decision("o/r", 1'000, "foxtrot")));  // after a restart too
    ok(store->record_decision(gate_decision("o/r", 999, "earlier")));

    using Reasons = std::vector<std::string>;
    BOOST_TEST((reasons_of(ok(store->decisions("", at(0)))) ==
                Reasons{"earlier", "charlie", "alpha", "echo", "bravo", "delta", "foxtrot"}));
    BOOST_TEST((reasons_of(ok(store->decisions("o/r", at(1'000)))) ==
                Reasons{"charlie", "echo", "bravo", "foxtrot"}));
    BOOST_TEST((reasons_of(ok(store->decisions("o/q", at(1'000)))) == Reasons{"alpha", "delta"}));
}

BOOST_AUTO_TEST_CASE(given_old_decisions_it_should_prune_and_count_them_and_keep_newer_ones) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    auto store = open_ok(file);
    ok(store->record_decision(gate_decision("a/x", 100, "old")));
    ok(store->record_decision(gate_decision("b/y", 500, "old, another repo")));
    ok(store->record_decision(gate_decision("", 999, "just before")));
    ok(store->record_decision(gate_decision("a/x", 1'000, "at the boundary")));
    ok(store->record_decision(gate_decision("b/y", 1'500, "newer")));
    ok(store->record_decision(gate_decision("a/x", 1'000, "at the boundary, later")));

    const PruneCounts counts = ok(store->prune(at(1'000)));
    BOOST_TEST(counts.decisions == 3);
    BOOST_TEST(counts.observations == 0);
    BOOST_TEST(counts.transitions == 0);
    BOOST_TEST(counts.incidents == 0);
    restart(store, file);

    using Reasons = std::vector<std::string>;
    BOOST_TEST((reasons_of(ok(store->decisions("", at(0)))) ==
                Reasons{"at the boundary", "at the boundary, later", "newer"}));
    BOOST_TEST(ok(store->decisions("b/y", at(0))).size() == 1u);

    // Recording goes on after a prune, still in order; pruning again finds nothing.
    ok(store->record_decision(gate_decision("a/x", 1'000, "at the boundary, last")));
    BOOST_TEST((reasons_of(ok(store->decisions("a/x", at(0)))) ==
                Reasons{"at the boundary", "at the boundary, later", "at the boundary, last"}));
    BOOST_TEST(ok(store->prune(at(1'000))).decisions == 0);

    BOOST_TEST(ok(store->prune(at(1'501))).decisions == 4);
    BOOST_TEST(ok(store->decisions("", at(0))).empty());
}

BOOST_AUTO_TEST_CASE(given_a_version_2_database_it_should_add_the_decisions_and_keep_every_row,
                     *utf::precondition(sqlite3_shell_present)) {
    TempDir dir;
    const fs::path file = dir / "state.db";
    const fs::path fresh = dir / "fresh.db";
    open_ok(fresh).reset();
    const QueueItem item = full_queue_item();
    {
        auto store = open_ok(file);
        ok(store->record_observation(observation("github", 1'000, Weather::degraded, "slow")));
        ok(store->save_response({"https://a.example/", "\"1\"", "body", at(1)}));
        ok(store->upsert_incident(incident("github", "inc1", 900)));
        ok(store->save_verdict({Weather::degraded, at(1'000), "github: slow", std::nullopt},
                               Transition{at(1'000), Weather::fair, Weather::degraded, "github"}));
        ok(store->upsert_releases({release("o/r", 7, 3'000, 3'100)}));
        ok(store->enqueue(item, created_event(item)));
    }
    // Version 3 only added gate_decisions (its indexes go with it) and two
    // incident columns, so taking them away leaves the file as version 2
    // wrote it.
    sqlite3_run(file,
                "ALTER TABLE observations DROP COLUMN last_at_ms; "
                "ALTER TABLE observations DROP COLUMN polls; "
                "DROP TABLE gate_decisions; ALTER TABLE incidents DROP COLUMN started_at_ms; "
                "ALTER TABLE incidents DROP COLUMN watched_components; PRAGMA user_version = 2;");
    BOOST_REQUIRE(user_version(file) == 2u);
    BOOST_REQUIRE(!contains(schema_of(file), "gate_decisions"));

    auto store = open_ok(file);
    store.reset();
    BOOST_TEST(user_version(file) == 4u);
    BOOST_TEST(schema_of(file) == schema_of(fresh));  // as if it had been created now
    store = open_ok(file);

    const auto observations = ok(store->observations("github", at(0)));
    BOOST_REQUIRE(observations.size() == 1u);
    BOOST_TEST(observations[0].summary == "slow");
    BOOST_TEST(ok(store->load_response("https://a.example/"))->body == "body");
    BOOST_TEST(ok(store->incidents("github")).size() == 1u);
    BOOST_TEST(ok(store->load_verdict())->cause == "github: slow");
    BOOST_TEST(ok(store->transitions(at(0))).size() == 1u);
    BOOST_TEST(ok(store->releases("o/r")).size() == 1u);
    const auto queued = ok(store->queue_item(item.id));
    BOOST_REQUIRE(queued.has_value());
    check_same_item(*queued, item);
    BOOST_REQUIRE(queued->history.size() == 1u);
    check_same_event(queued->history[0], created_event(item));
    BOOST_TEST(ok(store->decisions("", at(0))).empty());

    const GateDecisionRecord decided{
        at(4'000),       "o/r",           "1.2.3",       ReleaseKind::security,
        Decision::block, Weather::outage, "npm is down", "bob"};
    ok(store->record_decision(decided));
    restart(store, file);
    const auto decisions = ok(store->decisions("o/r", at(0)));
    BOOST_REQUIRE(decisions.size() == 1u);
    check_same_decision(decisions[0], decided);
}

BOOST_AUTO_TEST_SUITE_END()
