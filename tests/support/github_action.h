#pragma once
// The GitHub Action's steps as a runner runs them (tests/delivery): a status
// page on loopback for the gate to read, and the check step run with INPUT_*
// variables, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files.

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "tests/support/fixtures.h"
#include "tests/support/loopback_server.h"
#include "tests/support/payloads.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace fairweather::testing {

inline const std::string k_statuspage_summary = "/api/v2/summary.json";

// A status page on loopback in the given state, and a config pointing at it.
struct StatusPage {
    LoopbackServer server;
    TempDir dir;
    std::string config;

    explicit StatusPage(const std::string& actions_status) {
        server.serve_json(k_statuspage_summary, github_summary(actions_status));
        config = (dir / "fairweather.toml").string();
        std::ofstream(config) << "[[status_pages]]\nname = \"github\"\nurl = \"" << server.url()
                              << "\"\n";
    }
};

struct ActionRun {
    ProcessResult process;
    std::string output;   // what the step wrote to $GITHUB_OUTPUT
    std::string summary;  // ... and to $GITHUB_STEP_SUMMARY
};

// Runs gate/action/check.sh with `inputs` over these defaults: the built
// gate as FAIRWEATHER_GATE (an input of that name replaces it) and `page`'s
// config.
inline ActionRun run_check_step(const StatusPage& page, std::map<std::string, std::string> inputs) {
    namespace fs = std::filesystem;
    TempDir dir;
    const auto output = dir / "output";
    const auto summary = dir / "summary";
    inputs.emplace("FAIRWEATHER_GATE", gate_binary());
    inputs.emplace("INPUT_CONFIG", page.config);
    inputs.emplace("GITHUB_ACTIONS", "true");
    inputs.emplace("GITHUB_OUTPUT", output.string());
    inputs.emplace("GITHUB_STEP_SUMMARY", summary.string());
    ActionRun r;
    r.process = run_process(
        (fs::path(FAIRWEATHER_SOURCE_DIR) / "gate" / "action" / "check.sh").string(), {}, inputs);
    r.output = fs::exists(output) ? read_file(output) : "";
    r.summary = fs::exists(summary) ? read_file(summary) : "";
    return r;
}

}  // namespace fairweather::testing
