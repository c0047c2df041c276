// The real fairweather-monitor keeping its state in a real PostgreSQL
// ([state] url, the password from [state] password_file): a queued release
// outlives the process that accepted it, and neither a bad password nor a
// password written into the URL ever shows in what the monitor prints.
#include <csignal>
#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>

#include "core/api/queue_json.h"
#include "core/http/curl_client.h"
#include "tests/support/checks.h"
#include "tests/support/fake_github.h"
#include "tests/support/loopback_server.h"
#include "tests/support/monitor_process.h"
#include "tests/support/payloads.h"
#include "tests/support/pg_server.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;
namespace fs = std::filesystem;
namespace utf = boost::unit_test;

namespace {

const std::string k_summary = "/api/v2/summary.json";
const std::string k_token = "pg-e2e-api-token";

// A config whose [state] names `url`, the password in a file beside it.
struct World {
    LoopbackServer status;
    FakeGitHub github;
    TempDir dir;
    std::string config;

    World(const std::string& url, const std::string& password) {
        status.serve_json(k_summary, github_summary("operational"));
        std::ofstream(dir / "api-token") << k_token << "\n";
        std::ofstream(dir / "pg-password") << password << "\n";
        config = (dir / "fairweather.toml").string();
        std::ofstream(config) << "[monitor]\npoll_interval = \"1s\"\n[state]\nurl = \"" << url
                              << "\"\npassword_file = \"" << (dir / "pg-password").string()
                              << "\"\n[[status_pages]]\nname = \"github\"\nurl = \"" << status.url()
                              << "\"\ncomponents = [\"br0l2tvcx85d\"]\n"
                              << "[github]\napi_url = \"" << github.url() << "\"\n"
                              << "[api]\ntoken_file = \"" << (dir / "api-token").string()
                              << "\"\n[[repos]]\nname = \"acme/widget\"\n"
                              << "release_workflow = \"release.yml\"\n";
    }
    std::vector<std::string> args() const {
        // No --state-dir: nothing may be written there when the state is in PostgreSQL.
        return {"--config", config, "--listen", "127.0.0.1:0"};
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(monitor_on_postgres, *utf::precondition(postgres_present))

BOOST_AUTO_TEST_CASE(a_release_queued_by_one_monitor_is_there_for_the_next) {
    PgServer& server = PgServer::get();
    const std::string database = server.fresh_database();
    const std::string url = server.url(database);
    World world(url, server.password().reveal());
    std::string id;
    {
        BackgroundProcess process(monitor_binary(), world.args());
        const std::string base = wait_until_serving(process);
        BOOST_TEST(contains(process.err(), "state in " + url), process.err());
        const auto queued = call_monitor("POST", base + "/api/v1/releases",
                                         R"({"repo":"acme/widget","version":"1.0.1"})", k_token);
        BOOST_REQUIRE_MESSAGE(queued.status == 201 || queued.status == 200, queued.body);
        const auto item = parse_queue_item(queued.body);
        BOOST_REQUIRE(item.has_value());
        id = item->id;
        BOOST_TEST(process.stop(SIGTERM) == 0, process.err());
        BOOST_TEST(!contains(process.err(), server.password().reveal()));
    }
    BOOST_TEST(server.sql(database, "SELECT count(*) FROM queue_items") == "1");

    BackgroundProcess again(monitor_binary(), world.args());
    const std::string base = wait_until_serving(again);
    const auto listed = call_monitor("GET", base + "/api/v1/releases/" + id);
    BOOST_TEST(listed.status == 200, listed.body);
    const auto item = parse_queue_item(listed.body);
    BOOST_REQUIRE(item.has_value());
    BOOST_TEST(item->version == "1.0.1");
    BOOST_TEST((item->state == QueueState::queued));
}

BOOST_AUTO_TEST_CASE(a_wrong_password_stops_the_start_naming_the_database_not_the_password) {
    PgServer& server = PgServer::get();
    const std::string url = server.url(server.fresh_database());
    const std::string wrong = "not-the-pw-77aa";
    World world(url, wrong);
    const auto r = run_process(monitor_binary(), world.args());
    BOOST_TEST(r.exit_code == 74, r.err);
    BOOST_TEST(contains(r.err, "127.0.0.1"), r.err);
    BOOST_TEST(!contains(r.err, wrong), r.err);
    BOOST_TEST(!contains(r.err, server.password().reveal()), r.err);
}

BOOST_AUTO_TEST_CASE(a_password_in_the_url_is_refused_without_repeating_it) {
    const std::string secret = "hunter2-in-url";
    World world("postgresql://fairweather:" + secret + "@127.0.0.1:5432/fw", "unused");
    const auto r = run_process(monitor_binary(), world.args());
    BOOST_TEST(r.exit_code == 78, r.err);
    BOOST_TEST(contains(r.err, "fairweather.toml:"), r.err);
    BOOST_TEST(contains(r.err, "[state] url"), r.err);
    BOOST_TEST(contains(r.err, "password_file"), r.err);
    BOOST_TEST(!contains(r.err, secret), r.err);

    const auto flag = run_process(
        monitor_binary(), {"--state-url", "postgres://u:" + secret + "@db/fw", "--check-config"});
    BOOST_TEST(flag.exit_code == 64, flag.err);
    BOOST_TEST(!contains(flag.out + flag.err, secret), flag.out + flag.err);
}

BOOST_AUTO_TEST_SUITE_END()
