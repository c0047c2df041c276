#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/state_store.h"
#include "tests/support/checks.h"
#include "tests/support/temp_dir.h"

using fairweather::testing::contains;
using namespace fairweather;
using fairweather::testing::TempDir;
namespace fs = std::filesystem;

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

Observation observation(const std::string& source, std::int64_t ms, Weather w,
                        const std::string& summary) {
    return Observation{source, at(ms), w, summary, 200, "\"etag-" + std::to_string(ms) + "\""};
}

IncidentRecord incident(const std::string& source, const std::string& id, std::int64_t seen_ms) {
    return IncidentRecord{source,           id,
                          "Incident " + id, "major",
                          "investigating",  "https://status.example/incidents/" + id,
                          at(seen_ms),      at(seen_ms),
                          std::nullopt};
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

}  // namespace

BOOST_AUTO_TEST_SUITE(opening_a_state_database)

BOOST_AUTO_TEST_CASE(given_a_missing_nested_directory_it_should_create_it_and_the_database) {
    TempDir dir;
    const fs::path file = dir / "a/b/c/state.db";
    auto store = open_ok(file);
    BOOST_TEST(fs::is_regular_file(file));
    BOOST_TEST(fs::is_regular_file(file.string() + ".lock"));
    BOOST_TEST(sqlite_store_schema_version() == 1);
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
                              " is in use by another fairweather-monitor (lock " + file.string() +
                              ".lock is held); stop the other monitor or give this one its own "
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

    Observation o{"github", at(1000), Weather::degraded, "Actions is slow", 503, "\"abc\""};
    Observation failed{"npm", at(2000), Weather::unknown, "timed out", std::nullopt, ""};
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

    const PruneCounts counts = ok(store->prune(at(1000)));
    BOOST_TEST(counts.observations == 3);
    BOOST_TEST(counts.transitions == 1);
    BOOST_TEST(counts.incidents == 1);
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

    const PruneCounts again = ok(store->prune(at(1000)));
    BOOST_TEST(again.observations == 0);
    BOOST_TEST(again.transitions == 0);
    BOOST_TEST(again.incidents == 0);
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
