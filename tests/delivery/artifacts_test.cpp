// The release artifacts that scripts/package.sh builds (the CTest fixture
// artifact_tests/package runs it into <build>/artifacts before these cases):
// two Debian packages that lintian accepts and whose binaries run from an
// unpacked root, and a gate archive that needs nothing beyond glibc 2.35,
// the oldest glibc of a supported GitHub-hosted runner (Ubuntu 22.04).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/github_action.h"
#include "tests/support/loopback_server.h"
#include "tests/support/payloads.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather::testing;
namespace fs = std::filesystem;

namespace {

const fs::path k_artifacts = fs::path(FAIRWEATHER_BUILD_DIR) / "artifacts";
const std::string k_version = FAIRWEATHER_VERSION;
const std::string k_archive = "fairweather-gate-" + k_version + "-linux-x86_64.tar.gz";
const std::string k_gate_deb = "fairweather-gate_" + k_version + "_amd64.deb";
const std::string k_monitor_deb = "fairweather-monitor_" + k_version + "_amd64.deb";

fs::path artifact(const std::string& name) {
    const fs::path path = k_artifacts / name;
    BOOST_REQUIRE_MESSAGE(
        fs::is_regular_file(path),
        path << " is missing: the fixture artifact_tests/package runs "
                "scripts/package.sh before these tests (ctest -R artifact_tests)");
    return path;
}

ProcessResult run(const std::string& program, const std::vector<std::string>& args) {
    return run_process(program, args);
}

// A status page on loopback saying everything is operational, and a config
// that points the gate at it.
struct FairPage {
    LoopbackServer server;
    TempDir dir;
    fs::path config = dir / "fairweather.toml";

    FairPage() {
        server.serve_json("/api/v2/summary.json", github_summary("operational"));
        std::ofstream(config) << "[[status_pages]]\nname = \"github\"\nurl = \"" << server.url()
                              << "\"\n";
    }
};

void expect_a_proceed(const std::string& gate) {
    FairPage page;
    const auto r = run(gate, {"check", "--kind", "regular", "--config", page.config.string()});
    BOOST_TEST(r.exit_code == 0, gate << " check:\n" << r.out << r.err);
    BOOST_TEST(contains(r.out + r.err, "proceed"), r.out << r.err);
    BOOST_TEST(!page.server.requests().empty(), "the gate never asked the status page");
}

// The highest GLIBC_x.y version any dynamic symbol of `file` needs, as {x, y},
// and whether it names GLIBC_PRIVATE (glibc's internals, which change between
// releases).
struct GlibcNeeds {
    std::pair<int, int> newest{0, 0};
    std::string newest_symbol;
    bool private_symbols = false;
};

GlibcNeeds glibc_needs(const fs::path& file) {
    const auto r = run("/usr/bin/objdump", {"-T", file.string()});
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "objdump -T " << file << ": " << r.err);
    GlibcNeeds needs;
    const std::regex version(R"(\(GLIBC_(\d+)\.(\d+)(?:\.\d+)?\)\s+(\S+))");
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        if (contains(line, "GLIBC_PRIVATE")) {
            needs.private_symbols = true;
        }
        std::smatch m;
        if (!contains(line, "*UND*") || !std::regex_search(line, m, version)) {
            continue;
        }
        const std::pair<int, int> v{std::stoi(m[1].str()), std::stoi(m[2].str())};
        if (v > needs.newest) {
            needs.newest = v;
            needs.newest_symbol = m[3].str();
        }
    }
    return needs;
}

// glibc's own libraries: what every Linux runner brings.
bool is_glibc(const std::string& soname) {
    for (const char* prefix : {"linux-vdso.so", "ld-linux", "libc.so", "libm.so", "libpthread.so",
                               "libdl.so", "librt.so", "libresolv.so", "libutil.so", "libanl.so"}) {
        if (soname.rfind(prefix, 0) == 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(package_script)

BOOST_AUTO_TEST_CASE(given_package_sh_it_should_leave_the_artifacts_and_their_checksums) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(k_artifacts)) {
        names.insert(entry.path().filename().string());
    }
    const std::set<std::string> expected{k_gate_deb, k_monitor_deb, k_archive, "SHA256SUMS"};
    BOOST_TEST(names == expected, "in " << k_artifacts);

    const std::string sums = read_file(artifact("SHA256SUMS"));
    for (const auto& name : {k_gate_deb, k_monitor_deb, k_archive}) {
        BOOST_TEST(std::regex_search(sums, std::regex("(^|\n)[0-9a-f]{64}  " + name + "\n")),
                   name << " in SHA256SUMS:\n"
                        << sums);
    }
    // The sums are right: sha256sum checks them from the artifacts' directory.
    TempDir dir;
    const auto check = run_process(
        "/bin/sh", {"-c", "cd '" + k_artifacts.string() + "' && sha256sum -c SHA256SUMS"});
    BOOST_TEST(check.exit_code == 0, check.out << check.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(debian_packages)

BOOST_AUTO_TEST_CASE(given_the_packages_their_depends_should_come_from_the_shared_libraries) {
    for (const auto& deb : {k_gate_deb, k_monitor_deb}) {
        const auto fields = run("/usr/bin/dpkg-deb", {"-f", artifact(deb).string()});
        BOOST_REQUIRE_MESSAGE(fields.exit_code == 0, fields.err);
        // dpkg-shlibdeps writes each library's package with the minimum
        // version its symbols need: libc6 and libcurl4 for both binaries.
        for (const char* dependency : {"libc6 (>= ", "libcurl4 (>= "}) {
            BOOST_TEST(contains(fields.out, dependency), deb << " Depends lacks " << dependency
                                                             << ":\n"
                                                             << fields.out);
        }
        BOOST_TEST(contains(fields.out, "Version: " + k_version + "\n"), fields.out);
        BOOST_TEST(contains(fields.out, "Architecture: amd64\n"), fields.out);
    }
    const auto monitor = run("/usr/bin/dpkg-deb", {"-f", artifact(k_monitor_deb).string()});
    // The monitor keeps its history in SQLite or PostgreSQL.
    for (const char* dependency : {"libsqlite3-0 (>= ", "libpq5 (>= "}) {
        BOOST_TEST(contains(monitor.out, dependency), monitor.out);
    }
}

BOOST_AUTO_TEST_CASE(
    given_the_monitor_package_it_should_carry_the_unit_configs_rules_and_dashboard) {
    const auto listing = run("/usr/bin/dpkg-deb", {"-c", artifact(k_monitor_deb).string()});
    BOOST_REQUIRE_MESSAGE(listing.exit_code == 0, listing.err);
    for (const char* file :
         {"./usr/bin/fairweather-monitor", "./usr/lib/systemd/system/fairweather-monitor.service",
          "./etc/fairweather/fairweather.toml", "./usr/share/fairweather/examples/wasmtime.toml",
          "./usr/share/fairweather/alerts/fairweather-rules.yml",
          "./usr/share/fairweather/dashboards/fairweather.json",
          "./usr/share/doc/fairweather-monitor/copyright"}) {
        BOOST_TEST(contains(listing.out, std::string(" ") + file + "\n"), file);
    }
    BOOST_TEST(!contains(listing.out, "fairweather-gate\n"), "the gate is a package of its own");
    // The operator's config survives upgrades: dpkg treats it as a conffile.
    const auto conffiles = run_process(
        "/bin/sh", {"-c", "dpkg-deb --ctrl-tarfile '" + artifact(k_monitor_deb).string() +
                              "' | tar -xOf - ./conffiles"});
    BOOST_TEST(conffiles.out == "/etc/fairweather/fairweather.toml\n",
               conffiles.out << conffiles.err);
}

BOOST_AUTO_TEST_CASE(given_lintian_it_should_report_no_errors) {
    const auto r = run("/usr/bin/lintian", {"--fail-on", "error", artifact(k_gate_deb).string(),
                                            artifact(k_monitor_deb).string()});
    BOOST_TEST(r.exit_code == 0, "lintian:\n" << r.out << r.err);
    BOOST_TEST(!std::regex_search(r.out, std::regex("(^|\n)E: ")), "lintian:\n" << r.out);
}

BOOST_AUTO_TEST_CASE(given_the_unpacked_packages_both_binaries_should_run_from_there) {
    TempDir root;
    for (const auto& deb : {k_gate_deb, k_monitor_deb}) {
        const auto x = run("/usr/bin/dpkg", {"-x", artifact(deb).string(), root.path().string()});
        BOOST_REQUIRE_MESSAGE(x.exit_code == 0, x.out << x.err);
    }
    const std::string gate = (root / "usr/bin/fairweather-gate").string();
    const std::string monitor = (root / "usr/bin/fairweather-monitor").string();
    for (const auto& binary : {gate, monitor}) {
        const auto version = run(binary, {"--version"});
        BOOST_TEST(version.exit_code == 0, binary << ": " << version.err);
        BOOST_TEST(contains(version.out, k_version), version.out);
    }
    expect_a_proceed(gate);
    // The packaged config is one the packaged monitor starts with.
    const auto check = run(monitor, {"--check-config", "--config",
                                     (root / "etc/fairweather/fairweather.toml").string()});
    BOOST_TEST(check.exit_code == 0, check.out << check.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate_archive)

// The archive unpacked alone into an empty directory.
struct Unpacked {
    TempDir dir;
    fs::path gate = dir / "bin" / "fairweather-gate";

    Unpacked() {
        const auto x =
            run("/bin/tar", {"-xzf", artifact(k_archive).string(), "-C", dir.path().string()});
        BOOST_REQUIRE_MESSAGE(x.exit_code == 0, x.out << x.err);
    }
};

BOOST_AUTO_TEST_CASE(given_the_archive_it_should_hold_the_gate_at_bin_and_its_libraries_at_lib) {
    const auto listing = run("/bin/tar", {"-tzvf", artifact(k_archive).string()});
    BOOST_REQUIRE_MESSAGE(listing.exit_code == 0, listing.err);
    BOOST_TEST(contains(listing.out, " bin/fairweather-gate\n"), listing.out);
    std::istringstream lines(listing.out);
    for (std::string line; std::getline(lines, line);) {
        // Regular files and directories owned by root: no links that could
        // point out of the directory it is unpacked into.
        BOOST_TEST((line[0] == '-' || line[0] == 'd'), line);
        BOOST_TEST(contains(line, " 0/0 "), line);
        const std::string name = line.substr(line.rfind(' ') + 1);
        BOOST_TEST((name.rfind("bin/", 0) == 0 || name.rfind("lib/", 0) == 0 ||
                    name.rfind("licenses/", 0) == 0),
                   name);
    }
}

BOOST_AUTO_TEST_CASE(given_the_unpacked_archive_ldd_should_find_nothing_outside_it_but_glibc) {
    Unpacked unpacked;
    // From the archive's own directory, with an empty LD_LIBRARY_PATH: every
    // library the gate loads resolves into the archive, or is glibc's.
    const auto ldd =
        run_process("/bin/sh", {"-c", "cd '" + unpacked.dir.path().string() +
                                          "' && LD_LIBRARY_PATH= ldd bin/fairweather-gate"});
    BOOST_REQUIRE_MESSAGE(ldd.exit_code == 0, ldd.out << ldd.err);
    BOOST_TEST(!contains(ldd.out, "not found"), ldd.out);
    const fs::path lib = fs::canonical(unpacked.dir / "lib");
    std::istringstream lines(ldd.out);
    int bundled = 0;
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (!std::regex_search(line, m, std::regex(R"(^\s*(\S+) => (\S+))"))) {
            continue;
        }
        const std::string soname = m[1].str();
        const fs::path path = fs::weakly_canonical(m[2].str());
        if (path.parent_path() == lib) {
            ++bundled;
        } else {
            BOOST_TEST(is_glibc(soname), soname << " comes from " << path << ", not the archive");
        }
    }
    BOOST_TEST(bundled > 0, ldd.out);
    // libstdc++ travels inside the gate (Debian 12's needs glibc 2.36).
    BOOST_TEST(!contains(ldd.out, "libstdc++"), ldd.out);
}

BOOST_AUTO_TEST_CASE(
    given_every_file_of_the_archive_no_symbol_should_need_a_glibc_newer_than_2_35) {
    Unpacked unpacked;
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(unpacked.dir.path())) {
        const auto name = entry.path().filename().string();
        if (!entry.is_regular_file() || entry.path().parent_path().filename() == "licenses") {
            continue;
        }
        ++files;
        const auto needs = glibc_needs(entry.path());
        BOOST_TEST((needs.newest <= std::pair<int, int>{2, 35}),
                   name << " needs GLIBC_" << needs.newest.first << "." << needs.newest.second
                        << " for " << needs.newest_symbol);
        BOOST_TEST(!needs.private_symbols, name << " uses GLIBC_PRIVATE symbols");
    }
    BOOST_TEST(files > 1);
}

BOOST_AUTO_TEST_CASE(given_the_unpacked_archive_the_gate_should_run_a_check) {
    Unpacked unpacked;
    const auto version =
        run_process(unpacked.gate.string(), {"--version"}, {{"LD_LIBRARY_PATH", ""}});
    BOOST_TEST(version.exit_code == 0, version.err);
    BOOST_TEST(contains(version.out, k_version), version.out);
    expect_a_proceed(unpacked.gate.string());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(action_with_the_real_release)

// The action's two steps as a runner runs them, against the archive and
// SHA256SUMS that package.sh made, served on loopback where GitHub serves
// release assets: the contract between the two ends, end to end.
BOOST_AUTO_TEST_CASE(given_the_packaged_release_the_action_should_install_it_and_decide) {
    LoopbackServer releases;
    const std::string prefix = "/releases/download/v" + k_version + "/";
    for (const auto& name : {k_archive, std::string("SHA256SUMS")}) {
        ScriptedResponse r;
        r.headers = {{"Content-Type", "application/octet-stream"}};
        r.body = read_file(artifact(name));
        releases.route(prefix + name, r);
    }
    TempDir tool_cache;
    TempDir runner_temp;
    const fs::path output = runner_temp / "output";
    const auto install = run_process(
        (fs::path(FAIRWEATHER_SOURCE_DIR) / "gate" / "action" / "install.sh").string(), {},
        {{"SOURCE_DIR", FAIRWEATHER_SOURCE_DIR},
         {"RELEASES_URL", releases.url() + "/releases/download"},
         {"RUNNER_TOOL_CACHE", tool_cache.path().string()},
         {"RUNNER_TEMP", runner_temp.path().string()},
         {"GITHUB_OUTPUT", output.string()}});
    BOOST_TEST_REQUIRE(install.exit_code == 0, install.out << install.err);
    const fs::path gate =
        tool_cache / "fairweather-gate" / k_version / "x86_64" / "bin" / "fairweather-gate";
    BOOST_TEST(read_file(output) == "gate=" + gate.string() + "\n");
    BOOST_TEST(releases.count(prefix + k_archive) == 1);

    StatusPage page("operational");
    const auto check =
        run_check_step(page, {{"FAIRWEATHER_GATE", gate.string()}, {"INPUT_KIND", "regular"}});
    BOOST_TEST(check.process.exit_code == 0, check.process.out << check.process.err);
    BOOST_TEST(contains(check.output, "decision=proceed\n"), check.output);
}

BOOST_AUTO_TEST_SUITE_END()
