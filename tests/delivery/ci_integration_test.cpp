// The gate in other people's CI: the GitHub Action (its action.yml and the
// scripts its steps run, executed here with the real gate against a loopback
// status page), the GitLab CI job template (its script run the same way) and
// the example release workflow.
#include <filesystem>
#include <map>
#include <yaml-cpp/yaml.h>

#include <boost/test/unit_test.hpp>

#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/github_action.h"
#include "tests/support/outage_monitor.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather::testing;
namespace fs = std::filesystem;

namespace {

const fs::path k_source = FAIRWEATHER_SOURCE_DIR;
const fs::path k_action = k_source / "gate" / "action.yml";
const fs::path k_gitlab = k_source / "gate" / "gitlab" / "fairweather-gate.gitlab-ci.yml";
const fs::path k_workflow = k_source / "docs" / "release-workflow.yml";

}  // namespace

BOOST_AUTO_TEST_SUITE(github_action)

BOOST_AUTO_TEST_CASE(given_action_yml_it_should_be_a_composite_action_with_the_inputs_and_outputs) {
    const YAML::Node action = YAML::LoadFile(k_action.string());
    BOOST_TEST(action["runs"]["using"].as<std::string>() == "composite");
    for (const char* input :
         {"kind", "release", "repo", "monitor-url", "wait", "on-unknown", "api-token", "config",
          "fail-on-defer", "queue", "gate-path", "build-from-source", "releases-url"}) {
        BOOST_TEST_CONTEXT(input) {
            BOOST_REQUIRE(action["inputs"][input].IsMap());
            BOOST_TEST(!action["inputs"][input]["description"].as<std::string>("").empty());
        }
    }
    for (const char* output : {"decision", "weather", "reason", "queue-id"}) {
        BOOST_TEST_CONTEXT(output) {
            BOOST_TEST(contains(action["outputs"][output]["value"].as<std::string>(""),
                                "steps.check.outputs."));
        }
    }
    // Every step runs a script of the action that exists and is executable,
    // in bash, with each input the check script reads passed in.
    std::map<std::string, std::string> step_env;  // per step id, its variables
    for (const auto& step : action["runs"]["steps"]) {
        BOOST_TEST(step["shell"].as<std::string>("") == "bash");
        const std::string run = step["run"].as<std::string>("");
        const auto start = run.find("$GITHUB_ACTION_PATH/");
        BOOST_REQUIRE(start != std::string::npos);
        const std::string script = run.substr(start + 20, run.find('"', start) - start - 20);
        const fs::path path = k_source / "gate" / script;
        BOOST_TEST(fs::exists(path), path);
        BOOST_TEST(((fs::status(path).permissions() & fs::perms::owner_exec) != fs::perms::none),
                   path << " is not executable");
        for (const auto& kv : step["env"]) {
            step_env[step["id"].as<std::string>("")] += kv.first.as<std::string>() + " ";
        }
    }
    const std::string check = read_file(k_source / "gate" / "action" / "check.sh");
    for (const char* var : {"INPUT_KIND", "INPUT_RELEASE", "INPUT_REPO", "INPUT_MONITOR_URL",
                            "INPUT_WAIT", "INPUT_ON_UNKNOWN", "INPUT_CONFIG", "INPUT_FAIL_ON_DEFER",
                            "INPUT_QUEUE", "FAIRWEATHER_API_TOKEN", "FAIRWEATHER_GATE"}) {
        BOOST_TEST(contains(step_env["check"], var), var << " is not passed to the check step");
        BOOST_TEST(contains(check, var), var << " is not read by check.sh");
    }
    const std::string install = read_file(k_source / "gate" / "action" / "install.sh");
    for (const char* var :
         {"GATE_PATH", "BUILD_FROM_SOURCE", "RELEASES_URL", "ACTION_REPOSITORY", "SOURCE_DIR"}) {
        BOOST_TEST(contains(step_env["install"], var), var << " is not passed to the install step");
        BOOST_TEST(contains(install, var), var << " is not read by install.sh");
    }
}

BOOST_AUTO_TEST_CASE(given_an_outage_and_nothing_to_retry_it_the_step_should_fail_with_75) {
    // A deferred release that nothing will retry is never a green run.
    StatusPage page("major_outage");
    const auto r = run_check_step(page, {{"INPUT_KIND", "regular"}, {"INPUT_RELEASE", "2.0.0"}});
    BOOST_TEST(r.process.exit_code == 75, r.process.out << r.process.err);
    BOOST_TEST(contains(r.output, "decision=defer\n"), r.output);
    BOOST_TEST(contains(r.output, "weather=outage\n"), r.output);
    BOOST_TEST(contains(r.process.out,
                        "::error title=Release deferred::CI weather is bad, so this release did "
                        "not ship, and nothing will retry it"),
               r.process.out);
    BOOST_TEST(contains(r.summary, "fairweather: defer"), r.summary);
    BOOST_TEST(contains(r.summary, "**Not queued:** nothing retries this release by itself"),
               r.summary);
}

BOOST_AUTO_TEST_CASE(given_fail_on_defer_false_the_step_should_pass_with_decision_defer) {
    StatusPage page("major_outage");
    const auto r = run_check_step(
        page,
        {{"INPUT_KIND", "regular"}, {"INPUT_RELEASE", "2.0.0"}, {"INPUT_FAIL_ON_DEFER", "false"}});
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(contains(r.output, "decision=defer\n"), r.output);
    BOOST_TEST(contains(r.process.out, "::notice title=Release deferred::CI weather is bad"),
               r.process.out);
}

BOOST_AUTO_TEST_CASE(given_a_release_queued_in_the_monitor_the_step_should_pass_saying_so) {
    // A monitor on loopback in an outage, which queues what it is given.
    OutageMonitor monitor("sr-00000000000000d4", "acme/widget", "2.0.1");

    StatusPage page("major_outage");
    // A patch release queued because the workflow asked (queue: true).
    const auto r = run_check_step(page, {{"INPUT_KIND", "patch"},
                                         {"INPUT_RELEASE", "2.0.1"},
                                         {"INPUT_REPO", "acme/widget"},
                                         {"INPUT_MONITOR_URL", monitor.url()},
                                         {"INPUT_QUEUE", "true"},
                                         {"FAIRWEATHER_API_TOKEN", "test-token-1234"}});
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(contains(r.output, "queue_id=sr-00000000000000d4\n"), r.output);
    BOOST_TEST(contains(r.process.out,
                        "::notice title=Release deferred and queued::CI weather is bad, so this "
                        "release waits: it is queued in the monitor as sr-00000000000000d4"),
               r.process.out);
    BOOST_TEST(contains(r.summary, "**Queued** in the monitor as `sr-00000000000000d4`"),
               r.summary);
    bool posted_patch = false;
    for (const auto& request : monitor.posts()) {
        posted_patch = posted_patch ||
                       (contains(request.body, "\"kind\"") && contains(request.body, "\"patch\""));
    }
    BOOST_TEST(posted_patch, "the patch release was not queued as a patch");
}

BOOST_AUTO_TEST_CASE(given_fail_on_defer_the_step_should_fail_with_75) {
    StatusPage page("major_outage");
    const auto r = run_check_step(page, {{"INPUT_KIND", "patch"}, {"INPUT_FAIL_ON_DEFER", "true"}});
    BOOST_TEST(r.process.exit_code == 75, r.process.out << r.process.err);
    BOOST_TEST(contains(r.process.out, "::error title=Release deferred::"), r.process.out);
    BOOST_TEST(contains(r.output, "decision=defer\n"), r.output);
}

BOOST_AUTO_TEST_CASE(given_fair_weather_the_step_should_pass_with_decision_proceed) {
    StatusPage page("operational");
    const auto r = run_check_step(page, {{"INPUT_KIND", "security"}, {"INPUT_WAIT", "1m"}});
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(contains(r.output, "decision=proceed\n"), r.output);
    BOOST_TEST(!contains(r.process.out, "Release deferred"), r.process.out);
}

BOOST_AUTO_TEST_CASE(given_an_unreadable_page_on_unknown_block_should_fail_the_step) {
    StatusPage page("operational");
    page.server.replace_json(k_statuspage_summary, "not json");
    const auto r =
        run_check_step(page, {{"INPUT_KIND", "security"}, {"INPUT_ON_UNKNOWN", "block"}});
    BOOST_TEST(r.process.exit_code == 1, r.process.out << r.process.err);
    BOOST_TEST(contains(r.output, "decision=block\n"), r.output);
    BOOST_TEST(contains(r.output, "weather=unknown\n"), r.output);
}

BOOST_AUTO_TEST_CASE(given_a_bad_input_the_step_should_fail_with_64) {
    StatusPage page("operational");
    const auto r = run_check_step(page, {{"INPUT_KIND", "hotfix"}});
    BOOST_TEST(r.process.exit_code == 64, r.process.out << r.process.err);
}

BOOST_AUTO_TEST_CASE(given_an_empty_api_token_the_gate_should_not_see_one) {
    // The runner passes an empty string for an unset secret; the gate must
    // not try to queue or report with it.
    StatusPage page("major_outage");
    const auto r = run_check_step(page, {{"INPUT_KIND", "security"},
                                         {"INPUT_RELEASE", "1.0.1"},
                                         {"INPUT_REPO", "acme/widget"},
                                         {"INPUT_MONITOR_URL", page.server.url()},
                                         {"INPUT_FAIL_ON_DEFER", "false"},
                                         {"FAIRWEATHER_API_TOKEN", ""}});
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(!contains(r.process.out + r.process.err, "could not be reported"),
               r.process.out << r.process.err);
}

BOOST_AUTO_TEST_SUITE_END()

// The action's defaults on a tag push (issue 16): the kind is told from the
// version and the policy, and the version is the pushed tag.
BOOST_AUTO_TEST_SUITE(github_action_on_a_tag_push)

namespace {

// A SemVer policy with minor regular releases: 1.4.0, 1.5.0 and 1.5.1 out.
void add_policy(const StatusPage& page) {
    std::ofstream(page.config, std::ios::app)
        << "[policy]\nscheme = \"semver\"\nregular = \"minor\"\ncadence = \"on_demand\"\n"
           "support_releases = 2\n"
           "[[policy.releases]]\nversion = \"1.4.0\"\ndate = 2026-06-01\n"
           "[[policy.releases]]\nversion = \"1.5.0\"\ndate = 2026-09-01\n"
           "[[policy.releases]]\nversion = \"1.5.1\"\ndate = 2026-10-01\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(given_a_patch_tag_and_no_kind_the_step_should_check_it_as_a_patch) {
    StatusPage page("operational");
    add_policy(page);
    const auto r =
        run_check_step(page, {{"GITHUB_REF_TYPE", "tag"}, {"GITHUB_REF_NAME", "v1.5.2"}});
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(contains(r.output, "decision=proceed\n"), r.output << r.process.out);
    BOOST_TEST(contains(r.process.err, "checking the pushed tag v1.5.2 (GITHUB_REF_NAME)"),
               r.process.err);
    BOOST_TEST(contains(r.process.err, "--kind auto: v1.5.2 is a patch release"), r.process.err);
}

BOOST_AUTO_TEST_CASE(given_the_next_regular_tag_and_no_kind_the_step_should_check_it_as_regular) {
    StatusPage page("operational");
    add_policy(page);
    auto r = run_check_step(page, {{"GITHUB_REF_TYPE", "tag"}, {"GITHUB_REF_NAME", "v1.6.0"}});
    BOOST_TEST(r.process.exit_code == 0, r.process.out << r.process.err);
    BOOST_TEST(contains(r.process.err, "--kind auto: v1.6.0 is a regular release"), r.process.err);
    // A version that is not the next regular one is still blocked, as regular.
    r = run_check_step(page, {{"GITHUB_REF_TYPE", "tag"}, {"GITHUB_REF_NAME", "v1.8.0"}});
    BOOST_TEST(r.process.exit_code == 1, r.process.out << r.process.err);
    BOOST_TEST(contains(r.output, "decision=block\n"), r.output);
}

BOOST_AUTO_TEST_CASE(given_a_policy_and_no_version_the_step_should_be_a_usage_error) {
    StatusPage page("operational");
    add_policy(page);
    // A branch push (no tag to take the version from), with the kind left to
    // auto or given, and the release input empty (a typo in an expression).
    for (const std::string kind : {"", "regular"}) {
        const auto r = run_check_step(page, {{"INPUT_KIND", kind},
                                             {"INPUT_RELEASE", ""},
                                             {"GITHUB_REF_TYPE", "branch"},
                                             {"GITHUB_REF_NAME", "main"}});
        BOOST_TEST(r.process.exit_code == 64, kind << ": " << r.process.out << r.process.err);
        BOOST_TEST(contains(r.process.err,
                            "the config has a [policy], so the version being released is needed "
                            "to check it: pass --release VERSION (the action's `release` input"),
                   r.process.err);
        BOOST_TEST(r.output.empty(), r.output);
    }
    BOOST_TEST(page.server.requests().empty(), "a usage error asks nobody");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gitlab_template)

// The template's script, run by bash as a GitLab runner does (set -eo
// pipefail), with the real gate on PATH.
ProcessResult run_gitlab_job(const fs::path& workdir, std::map<std::string, std::string> vars) {
    const YAML::Node root = YAML::LoadFile(k_gitlab.string());
    const YAML::Node job = root[".fairweather-gate"];
    std::string script;
    for (const auto& line : job["script"]) {
        script += line.as<std::string>() + "\n";
    }
    // The job's default variables, as GitLab sets them, unless the test sets them.
    for (const auto& kv : job["variables"]) {
        vars.emplace(kv.first.as<std::string>(), kv.second.as<std::string>(""));
    }
    vars["CI_COMMIT_TAG"] = "";
    vars["FAIRWEATHER_RELEASE"] = vars["FAIRWEATHER_RELEASE"] == "$CI_COMMIT_TAG"
                                      ? std::string()
                                      : vars["FAIRWEATHER_RELEASE"];
    const std::string bin = fs::path(gate_binary()).parent_path().string();
    return run_process("/bin/bash",
                       {"-c", "set -eo pipefail; export PATH='" + bin + "':\"$PATH\"; cd '" +
                                  workdir.string() + "'\n" + script},
                       vars);
}

BOOST_AUTO_TEST_CASE(given_the_template_it_should_allow_75_and_hand_on_a_dotenv_report) {
    const YAML::Node root = YAML::LoadFile(k_gitlab.string());
    const YAML::Node job = root[".fairweather-gate"];
    BOOST_REQUIRE(job.IsMap());
    BOOST_TEST(job["allow_failure"]["exit_codes"][0].as<int>() == 75);
    BOOST_TEST(job["artifacts"]["reports"]["dotenv"].as<std::string>() == "fairweather.env");
    BOOST_TEST(job["artifacts"]["when"].as<std::string>() == "always");
}

BOOST_AUTO_TEST_CASE(given_an_outage_the_job_should_exit_75_with_the_decision_in_its_dotenv) {
    StatusPage page("major_outage");
    TempDir work;
    const auto r = run_gitlab_job(work.path(), {{"FAIRWEATHER_KIND", "regular"},
                                                {"FAIRWEATHER_REPO", "acme/widget"},
                                                {"FAIRWEATHER_GATE_CONFIG", page.config}});
    BOOST_TEST(r.exit_code == 75, r.out << r.err);
    BOOST_TEST(contains(r.out, "Release deferred: CI weather is bad."), r.out);
    const std::string env = read_file(work / "fairweather.env");
    BOOST_TEST(contains(env, "FAIRWEATHER_DECISION=defer\n"), env);
    BOOST_TEST(contains(env, "FAIRWEATHER_WEATHER=outage\n"), env);
    BOOST_TEST(contains(env, "FAIRWEATHER_REASON=CI weather is outage"), env);
}

BOOST_AUTO_TEST_CASE(given_fair_weather_the_job_should_pass_with_proceed) {
    StatusPage page("operational");
    TempDir work;
    const auto r = run_gitlab_job(
        work.path(), {{"FAIRWEATHER_KIND", "patch"}, {"FAIRWEATHER_GATE_CONFIG", page.config}});
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(contains(read_file(work / "fairweather.env"), "FAIRWEATHER_DECISION=proceed\n"));
}

BOOST_AUTO_TEST_CASE(given_a_bad_kind_the_job_should_fail_with_64_and_an_empty_dotenv) {
    TempDir work;
    const auto r = run_gitlab_job(work.path(), {{"FAIRWEATHER_KIND", "hotfix"}});
    BOOST_TEST(r.exit_code == 64, r.out << r.err);
    BOOST_TEST(read_file(work / "fairweather.env").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(example_workflow)

BOOST_AUTO_TEST_CASE(given_the_example_workflow_it_should_gate_publishing_on_the_decision) {
    const YAML::Node workflow = YAML::LoadFile(k_workflow.string());
    BOOST_TEST(contains(workflow["run-name"].as<std::string>(), "inputs.fairweather_id"));
    BOOST_TEST(workflow["on"]["workflow_dispatch"]["inputs"]["fairweather_id"].IsMap());
    const YAML::Node steps = workflow["jobs"]["release"]["steps"];
    bool gated = false;
    bool publishes_only_on_proceed = false;
    bool explains_defer = false;
    for (const auto& step : steps) {
        if (step["uses"] && contains(step["uses"].as<std::string>(), "/gate@")) {
            gated = step["id"].as<std::string>() == "weather";
        }
        const std::string name = step["name"].as<std::string>("");
        const std::string when = step["if"].as<std::string>("");
        if (name == "Publish") {
            publishes_only_on_proceed = when == "steps.weather.outputs.decision == 'proceed'";
        }
        if (contains(when, "steps.weather.outputs.decision == 'defer'")) {
            explains_defer = true;
        }
    }
    BOOST_TEST(gated);
    BOOST_TEST(publishes_only_on_proceed);
    BOOST_TEST(explains_defer);
}

BOOST_AUTO_TEST_SUITE_END()

// What a new user reads first: what fairweather does, then a quick start
// for the gate (the action) and the monitor, then the two set-up commands;
// the action always under one owner's name.
BOOST_AUTO_TEST_SUITE(readme_first_hour)

BOOST_AUTO_TEST_CASE(given_the_readme_it_should_open_with_a_quick_start_before_any_setup) {
    const std::string readme = read_file(k_source / "README.md");
    const auto first_fence = readme.find("```");
    const auto uses = readme.find("- uses: fairweather-ci/fairweather/gate@v");
    const auto monitor = readme.find("ghcr.io/fairweather-ci/fairweather-monitor:");
    const auto setup = readme.find("./scripts/run-monitor.sh");
    const auto first_heading = readme.find("\n## ");
    BOOST_REQUIRE(uses != std::string::npos);
    BOOST_REQUIRE(monitor != std::string::npos);
    BOOST_REQUIRE(setup != std::string::npos);
    // The first code block is the quick start, and both come before the
    // set-up commands, which come before the first section.
    BOOST_TEST(first_fence < uses);
    BOOST_TEST(readme.find("```", first_fence + 3) > uses);
    BOOST_TEST(uses < setup);
    BOOST_TEST(monitor < setup);
    BOOST_TEST(setup < first_heading);
    BOOST_TEST(readme.find("./scripts/test.sh") < first_heading);
    // Nothing before the quick start tells anyone to install packages.
    const std::string opening = readme.substr(0, uses);
    BOOST_TEST(!contains(opening, "apt-get"), opening);
    BOOST_TEST(!contains(opening, "as root"), opening);
}

BOOST_AUTO_TEST_CASE(given_the_docs_the_action_should_always_be_fairweather_ci_s) {
    for (const fs::path& file : {k_source / "README.md", k_action, k_workflow,
                                 k_source / "charts" / "fairweather" / "README.md"}) {
        const std::string text = read_file(file);
        BOOST_TEST(!contains(text, "<owner>/"), file << " names the owner as <owner>");
        for (auto at = text.find("/fairweather/gate@"); at != std::string::npos;
             at = text.find("/fairweather/gate@", at + 1)) {
            const auto start = text.find_last_of(" \n", at);
            BOOST_TEST(text.substr(start + 1, at - start - 1) == "fairweather-ci",
                       file << ": " << text.substr(start + 1, at - start + 20));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
