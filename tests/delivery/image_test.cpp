// The container image (Dockerfile, .dockerignore), checked without building
// it: base images cannot be pulled where these tests run. What is checked:
// the runtime stage installs exactly the Debian packages of the libraries the
// built binaries link, and what it leaves to apt and to the base image covers
// every library they load; the image is the one the chart runs (repository,
// version, entrypoint, user, port, state directory); `cmake --install` as the
// image runs it puts the default config where the CMD looks, and the monitor
// accepts that CMD; the build context leaves out .git and build trees.
#include <algorithm>
#include <filesystem>
#include <fnmatch.h>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

#include <boost/test/unit_test.hpp>
#include <simdjson.h>

#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather::testing;
namespace fs = std::filesystem;

namespace {

const fs::path k_source = FAIRWEATHER_SOURCE_DIR;
const fs::path k_chart = k_source / "charts" / "fairweather";
const fs::path k_release_workflow = k_source / ".github" / "workflows" / "release.yml";
const std::string k_image = "ghcr.io/fairweather-ci/fairweather-monitor";

// Packages the runtime stage installs that no binary links: data read at run
// time, which neither ldd nor objdump sees.
const std::map<std::string, std::string> k_data_packages = {
    {"ca-certificates", "the CA certificates libcurl verifies HTTPS servers with"},
    {"tzdata", "the zoneinfo files [policy] time_zone is read from (in debian:12-slim already)"},
};

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    const auto last = text.find_last_not_of(" \t\r");
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string word;
    while (in >> word) {
        out.push_back(word);
    }
    return out;
}

// ---------------------------------------------------------------------------
// The Dockerfile, as instructions grouped by stage.

struct Instruction {
    std::string keyword;  // upper case: FROM, RUN, ...
    std::string args;     // continuation lines joined with spaces
};
using Stage = std::vector<Instruction>;

std::string dockerfile_text() {
    return read_file(k_source / "Dockerfile");
}

// Comment lines go (the `# syntax=` directive too), a line ending in a
// backslash continues on the next, and each FROM starts a stage.
std::vector<Stage> stages() {
    std::vector<Stage> out;
    std::string logical;
    const auto finish = [&] {
        const std::string line = trimmed(logical);
        logical.clear();
        if (line.empty()) {
            return;
        }
        const auto space = line.find_first_of(" \t");
        Instruction instruction{line.substr(0, space),
                                space == std::string::npos ? "" : trimmed(line.substr(space))};
        std::transform(instruction.keyword.begin(), instruction.keyword.end(),
                       instruction.keyword.begin(), ::toupper);
        if (instruction.keyword == "FROM") {
            out.emplace_back();
        }
        BOOST_REQUIRE_MESSAGE(!out.empty(), "Dockerfile: " << line << " before the first FROM");
        out.back().push_back(instruction);
    };
    for (const auto& raw : lines_of(dockerfile_text())) {
        const std::string line = trimmed(raw);
        if (line.starts_with("#")) {
            continue;
        }
        if (line.ends_with("\\")) {
            logical += line.substr(0, line.size() - 1) + " ";
            continue;
        }
        logical += line;
        finish();
    }
    finish();
    return out;
}

std::vector<std::string> args_of(const Stage& stage, const std::string& keyword) {
    std::vector<std::string> out;
    for (const auto& i : stage) {
        if (i.keyword == keyword) {
            out.push_back(i.args);
        }
    }
    return out;
}

// The one instruction `keyword` of the stage; fails the test when there is
// not exactly one.
std::string only(const Stage& stage, const std::string& keyword) {
    const auto all = args_of(stage, keyword);
    BOOST_REQUIRE_MESSAGE(all.size() == 1u, "the Dockerfile's runtime stage has "
                                                << all.size() << " " << keyword
                                                << " instructions, not one");
    return all.front();
}

Stage runtime_stage() {
    const auto all = stages();
    BOOST_REQUIRE_MESSAGE(all.size() >= 2u,
                          "the Dockerfile should build in one stage and run in "
                          "another");
    return all.back();
}

// The packages of the runtime stage's `apt-get install`: its words up to
// the next `&&`, options left out.
std::set<std::string> apt_installed(const Stage& stage) {
    std::vector<std::vector<std::string>> installs;
    for (const auto& run : args_of(stage, "RUN")) {
        const auto w = words(run);
        for (std::size_t i = 0; i + 1 < w.size(); ++i) {
            if (w[i] == "apt-get" && w[i + 1] == "install") {
                installs.emplace_back();
                for (std::size_t j = i + 2; j < w.size() && w[j] != "&&"; ++j) {
                    if (!w[j].starts_with("-")) {
                        installs.back().push_back(w[j]);
                    }
                }
            }
        }
    }
    BOOST_REQUIRE_MESSAGE(
        installs.size() == 1u,
        "the runtime stage should have one apt-get install, not " << installs.size());
    return {installs.front().begin(), installs.front().end()};
}

// An exec-form instruction (ENTRYPOINT ["..."], CMD [...], VOLUME [...]) as
// its strings; a shell-form one as its words.
std::vector<std::string> exec_form(const std::string& args) {
    if (!args.starts_with("[")) {
        return words(args);
    }
    simdjson::dom::parser parser;
    simdjson::dom::array array;
    const auto error = parser.parse(args).get(array);
    BOOST_REQUIRE_MESSAGE(error == simdjson::SUCCESS, args << ": " << error);
    std::vector<std::string> out;
    for (const auto element : array) {
        std::string_view s;
        BOOST_REQUIRE(element.get(s) == simdjson::SUCCESS);
        out.emplace_back(s);
    }
    return out;
}

// The value after `flag` in `args`; "" when it is not there.
std::string flag_value(const std::vector<std::string>& args, const std::string& flag) {
    const auto at = std::find(args.begin(), args.end(), flag);
    return at == args.end() || at + 1 == args.end() ? std::string() : *(at + 1);
}

// The build stage's `DESTDIR=... cmake --install <build> --prefix <prefix>`:
// the prefix the image's files are under.
std::string install_prefix() {
    static const std::regex install(R"(DESTDIR=\S+ cmake --install \S+ --prefix (\S+))");
    std::smatch m;
    std::string run;
    for (const auto& r : args_of(stages().front(), "RUN")) {
        run += r + "\n";
    }
    BOOST_REQUIRE_MESSAGE(std::regex_search(run, m, install),
                          "the build stage should cmake --install into a DESTDIR: " << run);
    return m[1].str();
}

// ---------------------------------------------------------------------------
// The binaries' libraries and their Debian packages.

ProcessResult shell(const std::string& script, const std::vector<std::string>& args = {}) {
    std::vector<std::string> argv = {"-c", script, "sh"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process("/bin/sh", argv);
}

// Sanitizer runtimes are in the binaries of a sanitizer build only; the
// image is built without.
bool sanitizer_runtime(const std::string& library) {
    static const std::regex sanitizer(R"(^lib(a|ub|t|l|hwa)san\.so.*)");
    return std::regex_match(library, sanitizer);
}

// The binary's DT_NEEDED entries: the libraries it links itself.
std::vector<std::string> needed(const std::string& binary) {
    const auto r = shell("objdump -p \"$1\"", {binary});
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "objdump -p " << binary << ": " << r.err);
    std::vector<std::string> out;
    for (const auto& line : lines_of(r.out)) {
        const auto w = words(line);
        if (w.size() == 2 && w[0] == "NEEDED" && !sanitizer_runtime(w[1])) {
            out.push_back(w[1]);
        }
    }
    BOOST_REQUIRE_MESSAGE(!out.empty(), "objdump found no NEEDED entry in " << binary);
    return out;
}

// Every library the loader resolves for the binary, directly needed or
// not, by name: ldd's "name => path (address)".
std::map<std::string, fs::path> loaded(const std::string& binary) {
    const auto r = shell("ldd \"$1\"", {binary});
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "ldd " << binary << ": " << r.err);
    std::map<std::string, fs::path> out;
    for (const auto& line : lines_of(r.out)) {
        const auto w = words(line);
        if (w.size() >= 3 && w[1] == "=>") {
            BOOST_TEST(w[2] != "not", binary << ": " << trimmed(line));
            if (!sanitizer_runtime(w[0])) {
                out[w[0]] = w[2];
            }
        }
    }
    return out;
}

// The names a library file has: the path ldd gives, the file the links
// lead to, and each of those with and without /usr in front (Debian 12
// merges /lib into /usr/lib, and dpkg knows a file only under the path its
// package ships it at).
std::vector<fs::path> names_of(const fs::path& file) {
    std::vector<fs::path> names = {file};
    std::error_code ec;
    if (const auto real = fs::canonical(file, ec); !ec && real != file) {
        names.push_back(real);
    }
    for (std::size_t i = 0, n = names.size(); i < n; ++i) {
        const std::string s = names[i].string();
        names.push_back(s.starts_with("/usr/") ? fs::path(s.substr(4)) : fs::path("/usr" + s));
    }
    return names;
}

// The package that installed each file, by file, from one `dpkg -S` (which
// takes a second or so however many files it is asked about); a file no
// package has is reported as a test error and left out.
std::map<fs::path, std::string> packages_of(const std::set<fs::path>& files) {
    std::set<std::string> asked;
    for (const auto& file : files) {
        for (const auto& name : names_of(file)) {
            asked.insert(name.string());
        }
    }
    // dpkg fails when any name is unknown, and prints the others all the same.
    const auto r = run_process("/usr/bin/dpkg-query", [&] {
        std::vector<std::string> args = {"-S"};
        args.insert(args.end(), asked.begin(), asked.end());
        return args;
    }());
    std::map<std::string, std::string> by_name;
    for (const auto& line : lines_of(r.out)) {
        // "libcurl4:amd64: /usr/lib/x86_64-linux-gnu/libcurl.so.4"; a diversion
        // has lines of its own.
        const auto colon = line.find(": ");
        if (line.starts_with("diversion ") || colon == std::string::npos) {
            continue;
        }
        const std::string package = line.substr(0, colon);
        by_name[line.substr(colon + 2)] = package.substr(0, package.find(':'));
    }
    std::map<fs::path, std::string> out;
    for (const auto& file : files) {
        for (const auto& name : names_of(file)) {
            if (const auto found = by_name.find(name.string()); found != by_name.end()) {
                out[file] = found->second;
                break;
            }
        }
        if (!out.contains(file)) {
            BOOST_ERROR("no Debian package has " << file << " (dpkg -S)");
        }
    }
    return out;
}

// What dpkg knows of the installed packages: each one's priority, whether it
// is essential, what it depends on, and who provides a virtual package.
struct InstalledPackages {
    struct Package {
        std::string priority;
        bool essential = false;
        // Pre-Depends and Depends: each a list of alternatives.
        std::vector<std::vector<std::string>> depends;
    };
    std::map<std::string, Package> packages;
    std::map<std::string, std::string> providers;  // virtual name -> an installed package

    static InstalledPackages read() {
        const auto r = run_process("/usr/bin/dpkg-query",
                                   {"-W",
                                    "-f=${db:Status-Abbrev}\t${Package}\t${Priority}\t${"
                                    "Essential}\t${Pre-Depends}, ${Depends}\t${Provides}\n"});
        BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "dpkg-query: " << r.err);
        InstalledPackages out;
        for (const auto& line : lines_of(r.out)) {
            std::vector<std::string> fields;
            std::istringstream in(line);
            std::string field;
            while (std::getline(in, field, '\t')) {
                fields.push_back(field);
            }
            if (fields.size() < 5 || !fields[0].starts_with("ii")) {
                continue;  // not installed (removed, config files only)
            }
            Package& p = out.packages[fields[1]];
            p.priority = fields[2];
            p.essential = fields[3] == "yes";
            for (const auto& dependency : list(fields[4])) {
                std::vector<std::string> alternatives;
                std::istringstream alts(dependency);
                std::string alt;
                while (std::getline(alts, alt, '|')) {
                    alternatives.push_back(name_in(alt));
                }
                p.depends.push_back(alternatives);
            }
            for (const auto& provided : list(fields.size() > 5 ? fields[5] : "")) {
                out.providers.emplace(name_in(provided), fields[1]);
            }
        }
        BOOST_REQUIRE_MESSAGE(out.packages.size() > 50u, "dpkg-query listed too few packages");
        return out;
    }

    // The installed packages `seeds` need to work: they and, recursively,
    // what they depend on. Of alternatives, the first one installed counts,
    // as apt and debootstrap pick it.
    std::set<std::string> closure(const std::set<std::string>& seeds) const {
        std::set<std::string> out;
        std::vector<std::string> todo(seeds.begin(), seeds.end());
        while (!todo.empty()) {
            const std::string name = todo.back();
            todo.pop_back();
            const auto it = packages.find(name);
            if (it == packages.end() || !out.insert(name).second) {
                continue;
            }
            for (const auto& alternatives : it->second.depends) {
                for (const auto& alt : alternatives) {
                    if (packages.contains(alt)) {
                        todo.push_back(alt);
                        break;
                    }
                    if (const auto p = providers.find(alt); p != providers.end()) {
                        todo.push_back(p->second);
                        break;
                    }
                }
            }
        }
        return out;
    }

    // What debian:12-slim holds, as far as this Debian 12 host can tell.
    // Debian's images are debootstrap's minbase variant: the packages of
    // priority "required" and the essential ones, with their dependencies
    // (apt, priority "important", is added too). The C and C++ runtimes
    // (libc6, libstdc++6, libgcc-s1) are there as dependencies of those
    // (coreutils, apt), not by their own priority, which is "optional".
    std::set<std::string> base_image() const {
        std::set<std::string> seeds = {"apt"};
        for (const auto& [name, p] : packages) {
            if (p.priority == "required" || p.essential) {
                seeds.insert(name);
            }
        }
        return closure(seeds);
    }

  private:
    static std::vector<std::string> list(const std::string& field) {
        std::vector<std::string> out;
        std::istringstream in(field);
        std::string item;
        while (std::getline(in, item, ',')) {
            if (!trimmed(item).empty()) {
                out.push_back(trimmed(item));
            }
        }
        return out;
    }
    // "libc6 (>= 2.34)", "python3:any" -> "libc6", "python3".
    static std::string name_in(const std::string& relation) {
        const std::string t = trimmed(relation);
        const std::string name = t.substr(0, t.find_first_of(" (["));
        return name.substr(0, name.find(':'));
    }
};

std::string joined(const std::set<std::string>& items) {
    std::string out;
    for (const auto& i : items) {
        out += (out.empty() ? "" : " ") + i;
    }
    return out;
}

// ---------------------------------------------------------------------------
// The build context.

std::vector<std::string> dockerignore_patterns() {
    std::vector<std::string> out;
    for (const auto& line : lines_of(read_file(k_source / ".dockerignore"))) {
        const std::string t = trimmed(line);
        if (!t.empty() && !t.starts_with("#")) {
            out.push_back(t);
        }
    }
    return out;
}

// Whether .dockerignore leaves the top-level entry `name` out of the build
// context. Docker matches a pattern against the path from the context's root
// (Go's filepath.Match; `*` within one segment); the patterns here name
// top-level entries only, and negations ('!') are not supported.
bool docker_ignores(const std::string& name) {
    for (auto pattern : dockerignore_patterns()) {
        BOOST_TEST(!pattern.starts_with("!"), ".dockerignore: negations are not checked here");
        if (pattern.starts_with("/")) {
            pattern = pattern.substr(1);
        }
        if (fnmatch(pattern.c_str(), name.c_str(), FNM_PATHNAME) == 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(image_packages)

BOOST_AUTO_TEST_CASE(given_the_binaries_direct_libraries_the_image_should_install_their_packages) {
    // The image installs the package of each library the binaries link
    // directly (DT_NEEDED) and lets apt bring those packages' own
    // dependencies (libcurl4 brings libssl3, libnghttp2-14, ...): naming the
    // whole ldd closure would copy Debian's dependency data into the
    // Dockerfile, and go stale with it. What the base image holds already
    // (libc6, libstdc++6, libgcc-s1) is not named either.
    const auto db = InstalledPackages::read();
    const auto base = db.base_image();
    for (const std::string must : {"libc6", "libstdc++6", "libgcc-s1", "apt", "tzdata"}) {
        BOOST_TEST(base.contains(must), must << " should be in debian:12-slim as derived here");
    }
    for (const std::string must_not : {"libcurl4", "libpq5", "ca-certificates", "libssl3"}) {
        BOOST_TEST(!base.contains(must_not), must_not << " is not in debian:12-slim");
    }

    std::set<fs::path> linked;
    for (const auto& binary : {monitor_binary(), gate_binary()}) {
        const auto paths = loaded(binary);
        for (const auto& library : needed(binary)) {
            const auto path = paths.find(library);
            BOOST_TEST((path != paths.end()),
                       binary << " needs " << library << ", which ldd does not resolve");
            if (path != paths.end()) {
                linked.insert(path->second);
            }
        }
    }
    std::set<std::string> expected;
    for (const auto& [path, package] : packages_of(linked)) {
        if (!base.contains(package)) {
            expected.insert(package);
        }
    }
    BOOST_TEST(expected.contains("libcurl4"), joined(expected));

    std::set<std::string> installed = apt_installed(runtime_stage());
    for (const auto& [package, why] : k_data_packages) {
        BOOST_TEST(installed.contains(package),
                   "the runtime stage should install " << package << ": " << why);
        installed.erase(package);
    }
    for (const auto& package : expected) {
        BOOST_TEST(installed.contains(package),
                   "the binaries link a library of "
                       << package << ", which the runtime stage does not install");
    }
    for (const auto& package : installed) {
        BOOST_TEST(expected.contains(package), "the runtime stage installs "
                                                   << package
                                                   << ", which neither binary links directly");
    }
}

BOOST_AUTO_TEST_CASE(given_every_library_the_binaries_load_the_image_should_have_its_package) {
    // What the previous case leaves to apt and to the base image must cover
    // the libraries the loader resolves indirectly too: each comes from the
    // base image or from the installed packages' dependencies.
    const auto db = InstalledPackages::read();
    const auto base = db.base_image();
    const auto with_installed = db.closure(apt_installed(runtime_stage()));
    std::map<fs::path, std::string> loaded_by;  // library -> a binary that loads it
    for (const auto& binary : {monitor_binary(), gate_binary()}) {
        for (const auto& [library, path] : loaded(binary)) {
            loaded_by.emplace(path, binary);
        }
    }
    std::set<fs::path> libraries;
    for (const auto& [path, binary] : loaded_by) {
        libraries.insert(path);
    }
    for (const auto& [path, package] : packages_of(libraries)) {
        BOOST_TEST((base.contains(package) || with_installed.contains(package)),
                   loaded_by[path] << " loads " << path << " of " << package
                                   << ", which neither debian:12-slim nor the packages the "
                                      "image installs bring");
    }
    BOOST_TEST(libraries.size() > 10u, "ldd resolved only " << libraries.size() << " libraries");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(image_and_chart)

BOOST_AUTO_TEST_CASE(given_the_charts_default_image_it_should_be_what_the_dockerfile_builds) {
    const YAML::Node values = YAML::LoadFile((k_chart / "values.yaml").string());
    const YAML::Node chart = YAML::LoadFile((k_chart / "Chart.yaml").string());
    BOOST_TEST(values["image"]["repository"].as<std::string>("") == k_image);
    BOOST_TEST(values["image"]["tag"].as<std::string>("x").empty(), "the tag is the appVersion");
    BOOST_TEST(contains(dockerfile_text(), k_image + ":<version>"),
               "the Dockerfile should name the image it is published as");

    // The image's version is the chart's appVersion, which is the project's.
    static const std::regex project(R"(project\(fairweather VERSION ([0-9.]+))");
    std::smatch m;
    const std::string cmake = read_file(k_source / "CMakeLists.txt");
    BOOST_REQUIRE(std::regex_search(cmake, m, project));
    const std::string version = m[1].str();
    BOOST_TEST(chart["appVersion"].as<std::string>("") == version);
    const Stage runtime = runtime_stage();
    BOOST_TEST(only(runtime, "ARG") == "VERSION=" + version);

    // The labels say where the image comes from: the chart's project.
    const std::string labels = only(runtime, "LABEL");
    const std::string home = chart["home"].as<std::string>("");
    BOOST_TEST(!home.empty());
    for (const std::string& label :
         {"org.opencontainers.image.source=\"" + home + "\"",
          std::string("org.opencontainers.image.title=\"fairweather-monitor\""),
          std::string("org.opencontainers.image.version=\"${VERSION}\"")}) {
        BOOST_TEST(contains(labels, label), label);
    }
    BOOST_TEST(contains(labels, "org.opencontainers.image.description="));

    // The release workflow (when there is one) builds this Dockerfile and
    // pushes it under the chart's repository.
    if (fs::exists(k_release_workflow)) {
        const std::string workflow = read_file(k_release_workflow);
        BOOST_TEST(
            (contains(workflow, k_image) ||
             contains(workflow, "ghcr.io/${{ github.repository_owner }}/fairweather-monitor")),
            ".github/workflows/release.yml should push " << k_image);
    } else {
        BOOST_TEST_MESSAGE(
            "no .github/workflows/release.yml: only the Dockerfile and the chart "
            "are checked");
    }
}

BOOST_AUTO_TEST_CASE(given_the_chart_the_image_should_run_the_monitor_as_it_expects) {
    const Stage runtime = runtime_stage();
    const YAML::Node values = YAML::LoadFile((k_chart / "values.yaml").string());
    const std::string deployment = read_file(k_chart / "templates" / "deployment.yaml");

    // The entrypoint is the installed monitor, where values.yaml says it is.
    const std::string entrypoint = install_prefix() + "/bin/fairweather-monitor";
    BOOST_TEST(exec_form(only(runtime, "ENTRYPOINT")) == std::vector<std::string>{entrypoint},
               boost::test_tools::per_element());
    BOOST_TEST(contains(read_file(k_chart / "values.yaml"), "`" + entrypoint + "`"));
    BOOST_TEST(contains(deployment, "args:"), "the chart passes args, keeping the entrypoint");
    BOOST_TEST(!contains(deployment, "command:"));

    // A numeric user that is not root (a name cannot be checked by
    // runAsNonRoot), the one the chart's defaults ask for.
    static const std::regex numeric(R"(^([0-9]+):([0-9]+)$)");
    std::smatch m;
    const std::string user = only(runtime, "USER");
    BOOST_REQUIRE_MESSAGE(std::regex_match(user, m, numeric), "USER " << user);
    BOOST_TEST(std::stoi(m[1].str()) != 0);
    BOOST_TEST(std::stoi(m[2].str()) != 0);
    BOOST_TEST(values["podSecurityContext"]["runAsUser"].as<std::string>("") == m[1].str());
    BOOST_TEST(values["podSecurityContext"]["runAsGroup"].as<std::string>("") == m[2].str());

    // The state directory is the volume, the CMD's --state-dir and the
    // chart's mount, and writable by the user and by any user of group 0
    // (OpenShift's arbitrary uids).
    const std::string state_dir = "/var/lib/fairweather";
    BOOST_TEST(exec_form(only(runtime, "VOLUME")) == std::vector<std::string>{state_dir},
               boost::test_tools::per_element());
    const auto cmd = exec_form(only(runtime, "CMD"));
    BOOST_TEST(flag_value(cmd, "--state-dir") == state_dir);
    BOOST_TEST(contains(deployment, "mountPath: " + state_dir + "\n"));
    std::string runs;
    for (const auto& r : args_of(runtime, "RUN")) {
        runs += r + "\n";
    }
    BOOST_TEST(contains(runs, "chown " + m[1].str() + ":0 " + state_dir), runs);
    BOOST_TEST(contains(runs, "chmod g=u " + state_dir), runs);
    // Docker discards what a RUN changes in a volume after VOLUME declares it.
    const auto last = [&](const std::string& keyword) {
        const auto at = std::find_if(runtime.rbegin(), runtime.rend(),
                                     [&](const Instruction& i) { return i.keyword == keyword; });
        return runtime.rend() - at;
    };
    BOOST_TEST(last("VOLUME") > last("RUN"));
    BOOST_TEST(last("USER") > last("RUN"), "the state directory is made as root");

    // The port is the chart's, and the CMD listens on it beyond loopback.
    const std::string port = only(runtime, "EXPOSE");
    BOOST_TEST(port == "9464");
    BOOST_TEST(contains(deployment, "containerPort: " + port + "\n"));
    BOOST_TEST(flag_value(cmd, "--listen") == "0.0.0.0:" + port);
}

BOOST_AUTO_TEST_CASE(given_the_install_the_image_makes_the_monitor_should_accept_its_cmd) {
    // The build stage's install, into a scratch DESTDIR with the same prefix.
    TempDir dir;
    const fs::path root = dir / "root";
    const std::string prefix = install_prefix();
    const auto install =
        run_process("/usr/bin/cmake", {"--install", FAIRWEATHER_BUILD_DIR, "--prefix", prefix},
                    {{"DESTDIR", root.string()}});
    BOOST_REQUIRE_MESSAGE(install.exit_code == 0, install.out << install.err);
    const auto in_root = [&](const std::string& path) {
        return root / fs::path(path).relative_path();
    };
    BOOST_TEST(fs::is_regular_file(in_root(prefix + "/bin/fairweather-monitor")));
    BOOST_TEST(fs::is_regular_file(in_root(prefix + "/bin/fairweather-gate")));
    BOOST_TEST(
        fs::is_regular_file(in_root(prefix + "/share/fairweather/examples/fairweather.toml")));

    // The CMD's config is the one the install writes, and the installed
    // monitor accepts the CMD (--check-config polls nothing), the state
    // directory moved to a scratch one.
    auto cmd = exec_form(only(runtime_stage(), "CMD"));
    const std::string config = flag_value(cmd, "--config");
    BOOST_TEST(config == prefix + "/etc/fairweather/fairweather.toml");
    BOOST_REQUIRE_MESSAGE(fs::is_regular_file(in_root(config)),
                          "the install has no " << config << ", which the CMD names");
    const std::string state_dir = flag_value(cmd, "--state-dir");
    for (auto& arg : cmd) {
        if (arg == config) {
            arg = in_root(config).string();
        } else if (arg == state_dir) {
            arg = (dir / "state").string();
        }
    }
    cmd.push_back("--check-config");
    const auto r = run_process(in_root(prefix + "/bin/fairweather-monitor").string(), cmd);
    BOOST_TEST(r.exit_code == 0, r.out << r.err);
    BOOST_TEST(contains(r.out, "is usable: it would listen on 0.0.0.0:9464"), r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(image_build_context)

BOOST_AUTO_TEST_CASE(given_the_build_context_it_should_leave_out_git_and_build_trees) {
    for (const std::string name : {".git", "build", "build-asan", "var", "compile_commands.json"}) {
        BOOST_TEST(docker_ignores(name), ".dockerignore should leave out " << name);
    }
}

BOOST_AUTO_TEST_CASE(given_the_build_context_it_should_keep_what_the_build_reads) {
    // The top-level folders CMake adds and the files the install takes from
    // the source tree (CMakeLists.txt, cmake/*.cmake), and what the
    // Dockerfile copies by name.
    std::string cmake = read_file(k_source / "CMakeLists.txt");
    for (const auto& entry : fs::directory_iterator(k_source / "cmake")) {
        cmake += read_file(entry.path());
    }
    static const std::regex subdirectory(R"(add_subdirectory\((\w+)\))");
    static const std::regex source_path(R"(\$\{CMAKE_SOURCE_DIR\}/([^/\s)]+))");
    std::set<std::string> read = {"CMakeLists.txt"};
    for (const auto* re : {&subdirectory, &source_path}) {
        for (auto it = std::sregex_iterator(cmake.begin(), cmake.end(), *re);
             it != std::sregex_iterator(); ++it) {
            read.insert((*it)[1].str());
        }
    }
    for (const auto& c : args_of(stages().front(), "COPY")) {
        const auto source = words(c).front();
        read.insert(source == "." ? "." : fs::path(source).begin()->string());
    }
    read.erase(".");
    // Fetched sources that only the release archive's portable gate needs
    // (cmake/PortableGate.cmake builds it when they are there); the image
    // runs the ordinary binaries.
    read.erase(".tools");
    BOOST_TEST(read.contains("core"));
    BOOST_TEST(read.contains("charts"), "the install takes the rules and the dashboard from it");
    BOOST_TEST(read.contains("scripts"));
    for (const auto& name : read) {
        BOOST_TEST(fs::exists(k_source / name), name);
        BOOST_TEST(!docker_ignores(name),
                   ".dockerignore leaves out " << name << ", which the build reads");
    }
}

BOOST_AUTO_TEST_SUITE_END()
