// Packaging for a host without Kubernetes: `cmake --install` into a scratch
// prefix puts everything where the README says, the systemd unit it writes
// points at the installed binary and config, passes `systemd-analyze verify`,
// and is hardened (`systemd-analyze security` rates it OK or better); a
// second install keeps the operator's config.
#include <filesystem>
#include <fstream>
#include <regex>

#include <boost/test/unit_test.hpp>

#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather::testing;
namespace fs = std::filesystem;

namespace {

ProcessResult install_into(const fs::path& prefix) {
    return run_process("/usr/bin/cmake",
                       {"--install", FAIRWEATHER_BUILD_DIR, "--prefix", prefix.string()});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(packaging)

BOOST_AUTO_TEST_CASE(given_cmake_install_it_should_put_every_file_in_its_usual_place) {
    TempDir dir;
    const fs::path prefix = dir / "usr-local";
    const auto r = install_into(prefix);
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
    for (const char* file :
         {"bin/fairweather-monitor", "bin/fairweather-gate",
          "lib/systemd/system/fairweather-monitor.service", "etc/fairweather/fairweather.toml",
          "share/fairweather/examples/wasmtime.toml",
          "share/fairweather/examples/cloud-hypervisor.toml",
          "share/fairweather/alerts/fairweather-rules.yml",
          "share/fairweather/dashboards/fairweather.json",
          "share/fairweather/gitlab/fairweather-gate.gitlab-ci.yml",
          "share/doc/fairweather/README.md", "share/doc/fairweather/runbook.md"}) {
        BOOST_TEST(fs::is_regular_file(prefix / file), file);
    }
    // The installed gate runs.
    const auto version = run_process((prefix / "bin" / "fairweather-gate").string(), {"--version"});
    BOOST_TEST(version.exit_code == 0, version.err);
}

BOOST_AUTO_TEST_CASE(given_the_installed_unit_it_should_point_at_the_install_and_verify) {
    TempDir dir;
    const fs::path prefix = dir / "opt";
    BOOST_REQUIRE(install_into(prefix).exit_code == 0);
    const fs::path unit = prefix / "lib/systemd/system/fairweather-monitor.service";
    const std::string text = read_file(unit);
    BOOST_TEST(!contains(text, "@FAIRWEATHER_"), "placeholders left in the unit");
    BOOST_TEST(
        contains(text, "ExecStart=" + (prefix / "bin/fairweather-monitor").string() + " --config " +
                           (prefix / "etc/fairweather/fairweather.toml").string() +
                           " --state-dir ${STATE_DIRECTORY}\n"),
        text);
    for (const char* line : {"DynamicUser=yes\n", "StateDirectory=fairweather\n",
                             "ProtectSystem=strict\n", "NoNewPrivileges=yes\n"}) {
        BOOST_TEST(contains(text, line), line);
    }
    // systemd-analyze comes with Debian's systemd package, which the setup installs.
    const auto verify = run_process("/usr/bin/systemd-analyze", {"verify", unit.string()});
    BOOST_TEST(verify.exit_code == 0, "systemd-analyze verify:\n" << verify.out << verify.err);
    BOOST_TEST(verify.err.empty(), verify.err);

    const auto security =
        run_process("/usr/bin/systemd-analyze", {"security", "--offline=yes", unit.string()});
    std::smatch m;
    const std::string all = security.out + security.err;
    BOOST_REQUIRE_MESSAGE(
        std::regex_search(all, m, std::regex("Overall exposure level for [^:]+: ([0-9.]+)")), all);
    // 0-10, lower is better: systemd calls up to 1.9 "OK", up to 0.9 "SAFE".
    BOOST_TEST(std::stod(m[1].str()) < 2.0, "exposure " << m[1].str() << "\n" << all);
}

BOOST_AUTO_TEST_CASE(given_an_existing_config_a_second_install_should_keep_it) {
    TempDir dir;
    const fs::path prefix = dir / "p";
    BOOST_REQUIRE(install_into(prefix).exit_code == 0);
    const fs::path config = prefix / "etc/fairweather/fairweather.toml";
    std::ofstream(config) << "# the operator's own\n";
    const auto again = install_into(prefix);
    BOOST_REQUIRE(again.exit_code == 0);
    BOOST_TEST(read_file(config) == "# the operator's own\n");
    BOOST_TEST(contains(again.out, "Keeping: " + config.string()), again.out);
}

BOOST_AUTO_TEST_SUITE_END()
