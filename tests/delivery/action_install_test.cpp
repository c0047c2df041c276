// The gate as the GitHub Action gets it: the install step
// (gate/action/install.sh) downloading the release of the action's own
// version from a loopback server laid out as GitHub's release downloads,
// checking it and keeping it in a tool cache; the release workflow that
// publishes those releases; and action-validator over every file GitHub reads.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/github_action.h"
#include "tests/support/loopback_server.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather::testing;
namespace fs = std::filesystem;

namespace {

const fs::path k_source = FAIRWEATHER_SOURCE_DIR;
const fs::path k_install = k_source / "gate" / "action" / "install.sh";

// Runs a shell command line, failing the test when it fails.
std::string shell(const std::string& command) {
    const auto r = run_process("/bin/sh", {"-c", command});
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, command << ": " << r.out << r.err);
    return r.out;
}

std::string sha256(const fs::path& file) {
    return shell("sha256sum '" + file.string() + "' | cut -d' ' -f1").substr(0, 64);
}

// The version of the project() line in CMakeLists.txt: the action's own.
std::string project_version() {
    std::smatch m;
    const std::string cmake = read_file(k_source / "CMakeLists.txt");
    BOOST_REQUIRE(std::regex_search(cmake, m, std::regex(R"(project\(fairweather VERSION (\S+))")));
    return m[1];
}

// A release archive as scripts/package.sh lays it out: bin/fairweather-gate
// (the built gate, stripped as a release's is) and lib/, no leading folder.
struct Archive {
    TempDir dir;
    std::string name;
    fs::path path;
    std::string bytes;
    std::string sha256;
};

// `gate` is the program to put in it as bin/fairweather-gate.
std::unique_ptr<Archive> make_archive(const std::string& version, const std::string& gate) {
    auto a = std::make_unique<Archive>();
    a->name = "fairweather-gate-" + version + "-linux-x86_64.tar.gz";
    a->path = a->dir / a->name;
    const fs::path tree = a->dir / "tree";
    fs::create_directories(tree / "bin");
    fs::create_directories(tree / "lib");
    shell("strip -o '" + (tree / "bin" / "fairweather-gate").string() + "' '" + gate +
          "' 2>/dev/null" + " || cp '" + gate + "' '" +
          (tree / "bin" / "fairweather-gate").string() + "'");
    shell("tar -czf '" + a->path.string() + "' -C '" + tree.string() + "' bin lib");
    a->bytes = read_file(a->path);
    a->sha256 = sha256(a->path);
    return a;
}

// The real gate's archive, made once for all the cases.
const Archive& gate_archive() {
    static const std::unique_ptr<Archive> archive = make_archive(project_version(), gate_binary());
    return *archive;
}

ScriptedResponse file_response(std::string body, std::string type) {
    ScriptedResponse r;
    r.headers = {{"Content-Type", std::move(type)}};
    r.body = std::move(body);
    return r;
}

// One release of the action's version on loopback, at the paths GitHub
// serves release assets from: <base>/v<VERSION>/<asset>.
struct Release {
    LoopbackServer server;
    std::string version = project_version();
    const Archive& archive = gate_archive();

    // Serves the archive and a SHA256SUMS with `sums` (by default the
    // archive's real line, between those of the release's other assets).
    explicit Release(std::string sums = "") {
        if (sums.empty()) {
            sums = std::string(64, 'a') + "  fairweather-gate_" + version + "_amd64.deb\n" +
                   archive.sha256 + "  " + archive.name + "\n" + std::string(64, 'b') +
                   "  fairweather-monitor_" + version + "_amd64.deb\n";
        }
        server.route(asset("SHA256SUMS"), file_response(std::move(sums), "text/plain"));
        server.route(asset(archive.name), file_response(archive.bytes, "application/gzip"));
    }
    std::string base() const { return server.url() + "/releases/download"; }
    std::string asset(const std::string& name) const {
        return "/releases/download/v" + version + "/" + name;
    }
};

struct Install {
    ProcessResult process;
    std::string output;  // what the step wrote to $GITHUB_OUTPUT
};

// A runner: its tool cache and temp folder outlive one run of the install
// step, as a self-hosted runner's do between jobs.
struct Runner {
    TempDir tool_cache;
    TempDir temp;

    // Runs install.sh as action.yml does, with `env` over the action's
    // checkout as SOURCE_DIR and this runner's folders. `path_first` goes in
    // front of PATH.
    Install install(std::map<std::string, std::string> env, const std::string& path_first = "") {
        const fs::path output = temp / "output";
        fs::remove(output);
        env.emplace("SOURCE_DIR", k_source.string());
        env.emplace("RUNNER_TOOL_CACHE", tool_cache.path().string());
        env.emplace("RUNNER_TEMP", temp.path().string());
        env.emplace("GITHUB_OUTPUT", output.string());
        env.emplace("PATH_FIRST", path_first);
        Install r;
        r.process =
            run_process("/bin/bash",
                        {"-c", "[ -n \"$PATH_FIRST\" ] && PATH=$PATH_FIRST:$PATH; exec \"$0\"",
                         k_install.string()},
                        env);
        r.output = fs::exists(output) ? read_file(output) : "";
        return r;
    }

    fs::path cached_gate(const std::string& version) const {
        return tool_cache / "fairweather-gate" / version / "x86_64" / "bin" / "fairweather-gate";
    }
    // Everything in the tool cache, one path a line: empty when nothing was
    // left there.
    std::string cache_contents() const {
        std::string all;
        for (const auto& entry : fs::recursive_directory_iterator(tool_cache.path())) {
            all += entry.path().string() + "\n";
        }
        return all;
    }
};

// A program on PATH named fairweather-gate that says it is `version`.
struct GateOnPath {
    TempDir dir;
    explicit GateOnPath(const std::string& version) {
        const fs::path gate = dir / "fairweather-gate";
        std::ofstream(gate) << "#!/bin/sh\necho '" << version << "'\n";
        fs::permissions(gate, fs::perms::owner_all);
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(action_install)

BOOST_AUTO_TEST_CASE(given_the_release_it_should_install_the_checked_gate_that_then_decides) {
    Release release;
    Runner runner;
    const auto r = runner.install({{"RELEASES_URL", release.base()}});
    BOOST_TEST_REQUIRE(r.process.exit_code == 0, r.process.out << r.process.err);
    const fs::path gate = runner.cached_gate(release.version);
    BOOST_TEST(r.output == "gate=" + gate.string() + "\n");
    BOOST_TEST(fs::exists(gate.parent_path().parent_path().string() + ".complete"));
    BOOST_TEST(contains(r.process.out, "fairweather-gate " + release.version + " installed"),
               r.process.out);
    BOOST_TEST(contains(r.process.out, "(fairweather-gate " + release.version), r.process.out);
    BOOST_TEST(release.server.count(release.asset("SHA256SUMS")) == 1);
    BOOST_TEST(release.server.count(release.asset(release.archive.name)) == 1);

    const auto version = run_process(gate.string(), {"--version"});
    BOOST_TEST(version.out == release.version + "\n");

    // The check step runs the installed gate against a status page.
    StatusPage page("major_outage");
    const auto check =
        run_check_step(page, {{"FAIRWEATHER_GATE", gate.string()}, {"INPUT_KIND", "regular"}});
    // A defer nothing retries fails the step (fail-on-defer auto).
    BOOST_TEST(check.process.exit_code == 75, check.process.out << check.process.err);
    BOOST_TEST(contains(check.output, "decision=defer\n"), check.output);
    BOOST_TEST(page.server.count(k_statuspage_summary) >= 1);
}

BOOST_AUTO_TEST_CASE(given_a_cached_release_a_second_run_should_not_download_it) {
    Release release;
    Runner runner;
    BOOST_TEST_REQUIRE(runner.install({{"RELEASES_URL", release.base()}}).process.exit_code == 0);
    const std::size_t requests = release.server.request_count();

    const auto r = runner.install({{"RELEASES_URL", release.base()}});
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(r.output == "gate=" + runner.cached_gate(release.version).string() + "\n");
    BOOST_TEST(contains(r.process.out, "found in the tool cache"), r.process.out);
    BOOST_TEST(release.server.request_count() == requests);
}

BOOST_AUTO_TEST_CASE(given_a_cache_without_its_complete_marker_it_should_install_again) {
    // An install interrupted after the gate landed but before the marker:
    // the folder is not trusted.
    Release release;
    Runner runner;
    const fs::path gate = runner.cached_gate(release.version);
    fs::create_directories(gate.parent_path());
    std::ofstream(gate) << "#!/bin/sh\necho half-written\n";
    fs::permissions(gate, fs::perms::owner_all);

    const auto r = runner.install({{"RELEASES_URL", release.base()}});
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(release.server.count(release.asset(release.archive.name)) == 1);
    BOOST_TEST(run_process(gate.string(), {"--version"}).out == release.version + "\n");
}

BOOST_AUTO_TEST_CASE(given_a_wrong_checksum_it_should_refuse_and_cache_nothing) {
    const std::string wrong(64, 'e');
    Release release(wrong + "  " + gate_archive().name + "\n");
    Runner runner;
    const auto r = runner.install({{"RELEASES_URL", release.base()}});
    BOOST_TEST(r.process.exit_code == 1, r.process.out << r.process.err);
    const std::string url = release.base() + "/v" + release.version + "/" + release.archive.name;
    BOOST_TEST(
        contains(r.process.out, "::error title=fairweather gate::checksum mismatch for " + url),
        r.process.out);
    BOOST_TEST(contains(r.process.out, "SHA256SUMS says " + wrong), r.process.out);
    BOOST_TEST(contains(r.process.out, "the download is " + release.archive.sha256), r.process.out);
    BOOST_TEST(contains(r.process.out, "deleted and nothing was installed"), r.process.out);
    BOOST_TEST(runner.cache_contents().empty(), runner.cache_contents());
    BOOST_TEST(r.output.empty(), r.output);
}

BOOST_AUTO_TEST_CASE(given_sha256sums_without_the_archive_it_should_refuse_before_downloading) {
    Release release(std::string(64, 'a') + "  fairweather-gate_9.9.9_amd64.deb\n");
    Runner runner;
    const auto r = runner.install({{"RELEASES_URL", release.base()}});
    BOOST_TEST(r.process.exit_code == 1, r.process.out << r.process.err);
    BOOST_TEST(
        contains(r.process.out, "::error title=fairweather gate::" + release.base() + "/v" +
                                    release.version + "/SHA256SUMS has no SHA-256 line for " +
                                    release.archive.name),
        r.process.out);
    BOOST_TEST(release.server.count(release.asset(release.archive.name)) == 0);
    BOOST_TEST(runner.cache_contents().empty(), runner.cache_contents());
}

BOOST_AUTO_TEST_CASE(given_an_archive_of_another_version_it_should_refuse_it) {
    // A mispackaged release: the checksum is right, the gate inside is not
    // the version it is filed under.
    GateOnPath other("0.0.1");
    const auto archive = make_archive(project_version(), (other.dir / "fairweather-gate").string());
    LoopbackServer server;
    const std::string dir = "/releases/download/v" + project_version() + "/";
    server.route(dir + "SHA256SUMS",
                 file_response(archive->sha256 + "  " + archive->name + "\n", "text/plain"));
    server.route(dir + archive->name, file_response(archive->bytes, "application/gzip"));
    Runner runner;
    const auto r = runner.install({{"RELEASES_URL", server.url() + "/releases/download"}});
    BOOST_TEST(r.process.exit_code == 1, r.process.out << r.process.err);
    BOOST_TEST(contains(r.process.out, "is not version " + project_version() + " (0.0.1)"),
               r.process.out);
    BOOST_TEST(runner.cache_contents().empty(), runner.cache_contents());
}

BOOST_AUTO_TEST_CASE(given_an_unreachable_server_it_should_fail_at_once_saying_what_to_do) {
    const std::string base = "http://127.0.0.1:" + std::to_string(free_port()) + "/releases";
    Runner runner;
    const auto start = std::chrono::steady_clock::now();
    const auto r = runner.install({{"RELEASES_URL", base}});
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(r.process.exit_code == 1, r.process.out << r.process.err);
    BOOST_TEST(contains(r.process.out, "::error title=fairweather gate::could not download " +
                                           base + "/v" + project_version() + "/SHA256SUMS"),
               r.process.out);
    BOOST_TEST(contains(r.process.out, "check releases-url and the runner's network"),
               r.process.out);
    BOOST_TEST(contains(r.process.out, "build-from-source: true"), r.process.out);
    // A refused connection is not retried: the step fails in well under the
    // retries' delays (measured, not waited for).
    BOOST_TEST(took < std::chrono::seconds(5));
    BOOST_TEST(runner.cache_contents().empty(), runner.cache_contents());
}

BOOST_AUTO_TEST_CASE(given_no_such_release_it_should_say_so_without_printing_credentials) {
    LoopbackServer server;  // no routes: every asset is a 404
    const std::string base = server.url() + "/releases/download";
    const std::string with_credentials =
        "http://mirror-user:s3cret-token@" + base.substr(std::string("http://").size());
    Runner runner;
    const auto r = runner.install({{"RELEASES_URL", with_credentials}});
    BOOST_TEST(r.process.exit_code == 1, r.process.out << r.process.err);
    BOOST_TEST(contains(r.process.out, "::error title=fairweather gate::no fairweather-gate " +
                                           project_version() + " release at http://***@"),
               r.process.out);
    BOOST_TEST(contains(r.process.out, "(HTTP 404)"), r.process.out);
    BOOST_TEST(contains(r.process.out, "v" + project_version() + " is released there"),
               r.process.out);
    BOOST_TEST(!contains(r.process.out + r.process.err, "s3cret-token"),
               r.process.out << r.process.err);
    BOOST_TEST(server.request_count() == 1);  // SHA256SUMS, not retried
}

BOOST_AUTO_TEST_CASE(given_an_architecture_with_no_release_it_should_say_to_build_from_source) {
    Release release;
    Runner runner;
    const auto r =
        runner.install({{"RELEASES_URL", release.base()}, {"FAIRWEATHER_ARCH", "aarch64"}});
    BOOST_TEST(r.process.exit_code == 1, r.process.out << r.process.err);
    BOOST_TEST(contains(r.process.out,
                        "::error title=fairweather gate::no fairweather-gate release is built for "
                        "aarch64 (only x86_64): set build-from-source: true"),
               r.process.out);
    BOOST_TEST(contains(r.process.out, "or gate-path"), r.process.out);
    BOOST_TEST(release.server.request_count() == 0);
}

BOOST_AUTO_TEST_CASE(given_a_gate_path_the_install_step_should_use_it) {
    Release release;
    Runner runner;
    auto r = runner.install({{"GATE_PATH", gate_binary()}, {"RELEASES_URL", release.base()}});
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(r.output == "gate=" + gate_binary() + "\n");
    BOOST_TEST(contains(r.process.out, "(fairweather-gate " + project_version()), r.process.out);
    BOOST_TEST(release.server.request_count() == 0);

    r = runner.install({{"GATE_PATH", (runner.temp / "nope").string()}});
    BOOST_TEST(r.process.exit_code == 1);
    BOOST_TEST(contains(r.process.out, "::error title=fairweather gate::gate-path"), r.process.out);
}

BOOST_AUTO_TEST_CASE(given_a_gate_on_path_of_the_actions_version_it_should_use_it) {
    Release release;
    Runner runner;
    GateOnPath same(project_version());
    const auto r = runner.install({{"RELEASES_URL", release.base()}}, same.dir.path().string());
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(r.output == "gate=" + (same.dir / "fairweather-gate").string() + "\n");
    BOOST_TEST(release.server.request_count() == 0);
}

BOOST_AUTO_TEST_CASE(given_a_gate_on_path_of_another_version_it_should_install_its_own) {
    Release release;
    Runner runner;
    GateOnPath other("0.0.1");
    const auto r = runner.install({{"RELEASES_URL", release.base()}}, other.dir.path().string());
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(r.output == "gate=" + runner.cached_gate(release.version).string() + "\n");
    BOOST_TEST(contains(r.process.out, "::notice title=fairweather gate::not using " +
                                           (other.dir / "fairweather-gate").string() +
                                           " (0.0.1): the action is version " + release.version),
               r.process.out);
}

BOOST_AUTO_TEST_CASE(given_no_version_in_the_source_it_should_say_so) {
    TempDir source;
    std::ofstream(source / "CMakeLists.txt") << "project(something_else)\n";
    Runner runner;
    const auto r = runner.install({{"SOURCE_DIR", source.path().string()}});
    BOOST_TEST(r.process.exit_code == 1, r.process.out << r.process.err);
    BOOST_TEST(contains(r.process.out,
                        "::error title=fairweather gate::cannot read the action's "
                        "version from " +
                            (source / "CMakeLists.txt").string()),
               r.process.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(action_validator)

namespace {

// scripts/setup-debian.sh installs it from npm.
const fs::path k_validator =
    k_source / ".tools" / "npm" / "node_modules" / ".bin" / "action-validator";

ProcessResult validate(const fs::path& file) {
    BOOST_REQUIRE_MESSAGE(fs::exists(k_validator),
                          k_validator << " is not installed: run scripts/setup-debian.sh");
    return run_process(k_validator.string(), {file.string()});
}

}  // namespace

BOOST_AUTO_TEST_CASE(given_the_action_and_every_workflow_github_should_accept_them) {
    std::vector<fs::path> files = {k_source / "gate" / "action.yml",
                                   k_source / "docs" / "release-workflow.yml"};
    for (const auto& entry : fs::directory_iterator(k_source / ".github" / "workflows")) {
        if (entry.path().extension() == ".yml" || entry.path().extension() == ".yaml") {
            files.push_back(entry.path());
        }
    }
    BOOST_TEST(files.size() >= 3u);
    for (const auto& file : files) {
        const auto r = validate(file);
        BOOST_TEST(r.exit_code == 0, file << " is not valid:\n" << r.out << r.err);
    }
}

BOOST_AUTO_TEST_CASE(given_a_broken_action_yml_the_validator_should_reject_it) {
    // The check above can fail: a composite action whose steps are misspelt.
    TempDir dir;
    std::ofstream(dir / "action.yml") << "name: broken\ndescription: x\nruns:\n  using: composite\n"
                                         "  stepz: []\n";
    const auto r = validate(dir / "action.yml");
    BOOST_TEST(r.exit_code != 0, r.out << r.err);
    BOOST_TEST(contains(r.out + r.err, "stepz"), r.out << r.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(release_workflow)

namespace {

const fs::path k_release = k_source / ".github" / "workflows" / "release.yml";
const fs::path k_policy = k_source / ".github" / "fairweather.toml";

struct Step {
    std::string job;
    std::size_t index = 0;  // in its job
    YAML::Node node;
};

std::vector<Step> steps_of(const YAML::Node& workflow) {
    std::vector<Step> steps;
    for (const auto& job : workflow["jobs"]) {
        std::size_t index = 0;
        for (const auto& step : job.second["steps"]) {
            steps.push_back({job.first.as<std::string>(), index++, step});
        }
    }
    return steps;
}

// The first step whose `run` contains `text` (or whose `uses` is it).
const Step* find_step(const std::vector<Step>& steps, const std::string& text) {
    for (const auto& s : steps) {
        if (contains(s.node["run"].as<std::string>(""), text) ||
            s.node["uses"].as<std::string>("") == text) {
            return &s;
        }
    }
    return nullptr;
}

// The version step's script, run by bash as a runner runs it, in a folder
// whose CMakeLists.txt says `cmake_version`, for the tag `tag`.
ActionRun run_version_step(const std::string& cmake_version, const std::string& tag) {
    const auto steps = steps_of(YAML::LoadFile(k_release.string()));
    const Step* step = find_step(steps, "CMakeLists.txt");
    BOOST_REQUIRE(step != nullptr);
    TempDir dir;
    std::ofstream(dir / "CMakeLists.txt")
        << "cmake_minimum_required(VERSION 3.25)\nproject(fairweather VERSION " << cmake_version
        << " LANGUAGES CXX)\n";
    ActionRun r;
    r.process =
        run_process("/bin/bash",
                    {"--noprofile", "--norc", "-eo", "pipefail", "-c",
                     "cd '" + dir.path().string() + "'\n" + step->node["run"].as<std::string>()},
                    {{"GITHUB_REF_NAME", tag}, {"GITHUB_OUTPUT", (dir / "output").string()}});
    r.output = fs::exists(dir / "output") ? read_file(dir / "output") : "";
    return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(given_the_release_workflow_it_should_publish_only_what_the_gate_let_through) {
    const YAML::Node workflow = YAML::LoadFile(k_release.string());
    BOOST_TEST(workflow["on"]["push"]["tags"][0].as<std::string>("") == "v*");
    BOOST_TEST(workflow["permissions"]["contents"].as<std::string>("") == "read");
    const auto steps = steps_of(workflow);

    const Step* test = find_step(steps, "scripts/test.sh");
    const Step* package = find_step(steps, "scripts/package.sh dist");
    const Step* gate = find_step(steps, "./gate");
    BOOST_REQUIRE(test != nullptr);
    BOOST_REQUIRE(package != nullptr);
    BOOST_REQUIRE(gate != nullptr);
    BOOST_TEST(package->job == test->job);
    BOOST_TEST(package->index > test->index);
    // The gate decides after the packages exist, with this checkout's gate.
    BOOST_TEST(gate->job == package->job);
    BOOST_TEST(gate->index > package->index);
    const YAML::Node with = gate->node["with"];
    BOOST_TEST(gate->node["id"].as<std::string>("") == "weather");
    BOOST_TEST(!with["gate-path"].as<std::string>("").empty());
    BOOST_TEST(with["kind"].as<std::string>("") == "auto");
    BOOST_TEST(contains(with["release"].as<std::string>(""), "steps.version.outputs.version"));
    BOOST_TEST(fs::exists(k_source / with["config"].as<std::string>("")));
    const YAML::Node gate_job = workflow["jobs"][gate->job];
    BOOST_TEST(contains(gate_job["outputs"]["decision"].as<std::string>(""),
                        "steps.weather.outputs.decision"));

    // Every publishing step runs only on proceed: after the gate in its job
    // under the step's decision, or in a job that needs the gate's job and
    // is conditioned on its decision.
    for (const std::string publish : {"gh release create", "docker push"}) {
        BOOST_TEST_CONTEXT(publish) {
            const Step* step = find_step(steps, publish);
            BOOST_REQUIRE(step != nullptr);
            const YAML::Node job = workflow["jobs"][step->job];
            if (step->job == gate->job) {
                BOOST_TEST(step->index > gate->index);
                BOOST_TEST(step->node["if"].as<std::string>("") ==
                           "steps.weather.outputs.decision == 'proceed'");
            } else {
                BOOST_TEST(job["needs"].as<std::string>("") == gate->job);
                BOOST_TEST(job["if"].as<std::string>("") ==
                           "needs." + gate->job + ".outputs.decision == 'proceed'");
            }
            BOOST_TEST(job["permissions"]["contents"].as<std::string>("") == "write");
            BOOST_TEST(job["permissions"]["packages"].as<std::string>("") == "write");
        }
    }
    const Step* release = find_step(steps, "gh release create");
    BOOST_TEST(contains(release->node["run"].as<std::string>(), "dist/*"));
    BOOST_TEST(contains(release->node["env"]["GH_TOKEN"].as<std::string>(""), "github.token"));
    BOOST_TEST(workflow["env"]["IMAGE"].as<std::string>("") ==
               "ghcr.io/fairweather-ci/fairweather-monitor");
    // The image carries the release's version in its labels.
    BOOST_TEST(
        contains(find_step(steps, "docker push")->node["run"].as<std::string>(),
                 "docker build --build-arg \"VERSION=$VERSION\" --tag \"$IMAGE:$VERSION\" ."));
}

BOOST_AUTO_TEST_CASE(given_a_tag_the_version_step_should_check_it) {
    auto r = run_version_step("1.2.0", "v1.2.0");
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(r.output == "version=1.2.0\n");

    r = run_version_step("1.2.3", "v1.2.3");
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(r.output == "version=1.2.3\n");

    r = run_version_step("1.2.3", "v1.2.4");
    BOOST_TEST(r.process.exit_code == 1, r.process.out << r.process.err);
    BOOST_TEST(contains(r.process.out,
                        "::error title=Release::the tag v1.2.4 is not the version in "
                        "CMakeLists.txt (1.2.3)"),
               r.process.out);
    BOOST_TEST(r.output.empty());
}

BOOST_AUTO_TEST_CASE(given_the_workflows_policy_the_version_in_cmakelists_should_be_releasable) {
    // Bumping the version without listing the release before it in
    // .github/fairweather.toml would have the gate block the release.
    // The workflow asks with kind auto, as here.
    const std::string version = project_version();
    StatusPage page("operational");
    std::ofstream(page.config, std::ios::app) << read_file(k_policy);
    const auto r = run_process(
        gate_binary(), {"check", "--config", page.config, "--kind", "auto", "--release", version});
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
}

BOOST_AUTO_TEST_SUITE_END()
