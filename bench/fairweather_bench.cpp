// fairweather-bench: measurements that are not tests.
//
//   fairweather-bench parse [--iterations N] FILE...
//       Parses and judges each Statuspage summary N times (as the gate does:
//       simdjson parse, then the weather of the default GitHub components),
//       prints the extraction once and the throughput per file.
//   fairweather-bench serve FILE
//       Serves FILE at /api/v2/summary.json on 127.0.0.1 (a free port, printed
//       on the first line) until killed: the far end for end-to-end timing.
//   fairweather-bench serve-github N RUNS_FILE RELEASES_FILE
//       A fake GitHub API for N repositories bench/repo-0 .. bench/repo-(N-1),
//       each serving RUNS_FILE as its runs and RELEASES_FILE as its releases
//       (with ETags, so conditional requests get 304s); prints its URL.
//   fairweather-bench state-month REPOS DAYS DB [FIXTURES]
//       Runs the monitor for DAYS days of a manual clock watching REPOS
//       repositories against in-process fakes, its state in DB (a new file);
//       prints requests, 304s and the database size as it goes. FIXTURES is
//       the shared fixtures folder (default ../shared/fixtures).
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "bench/state_growth.h"
#include "core/sources/statuspage_payload.h"
#include "core/sources/statuspage_source.h"
#include "tests/support/fixtures.h"
#include "tests/support/loopback_server.h"

namespace fw = fairweather;

namespace {

int usage() {
    std::cerr << "usage: fairweather-bench parse [--iterations N] FILE...\n"
                 "       fairweather-bench serve FILE\n"
                 "       fairweather-bench serve-github N RUNS_FILE RELEASES_FILE\n"
                 "       fairweather-bench state-month REPOS DAYS DB [FIXTURES]\n";
    return 64;
}

// What the gate extracts from a summary: each watched component's status and
// the unresolved incidents, with the weather they give.
std::string extract(std::string_view body, const fw::StatusPageSettings& settings) {
    const auto doc = fw::statuspage::parse_document(body);
    if (!doc) {
        return "error: " + doc.error().describe() + "\n";
    }
    const auto report = fw::evaluate_status_page(*doc, settings, fw::TimePoint{});
    std::string out;
    for (const auto& c : report.components) {
        out += c.name + "=" + (c.found ? c.status : "missing") + "\n";
    }
    for (const auto& i : report.incidents) {
        out += i.id + " " + i.impact + "\n";
    }
    out += "weather=" + std::string(fw::to_string(report.weather)) + "\n";
    return out;
}

int parse(int argc, char** argv) {
    long iterations = 1000;
    std::vector<std::string> files;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--iterations" && i + 1 < argc) {
            iterations = std::stol(argv[++i]);
        } else {
            files.push_back(arg);
        }
    }
    if (files.empty() || iterations < 1) {
        return usage();
    }
    const fw::StatusPageSettings settings;
    for (const auto& file : files) {
        const std::string body = fw::testing::read_file(file);
        std::string last;
        const auto start = std::chrono::steady_clock::now();
        for (long n = 0; n < iterations; ++n) {
            last = extract(body, settings);
        }
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::cout << last;
        const double bytes = static_cast<double>(body.size()) * static_cast<double>(iterations);
        std::fprintf(stderr, "%s: %zu bytes x %ld in %.3f s: %.1f MB/s, %.2f us per summary\n",
                     file.c_str(), body.size(), iterations, took.count(),
                     bytes / took.count() / 1e6,
                     took.count() * 1e6 / static_cast<double>(iterations));
    }
    return 0;
}

// Blocks until SIGINT or SIGTERM.
void wait_for_stop() {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    int sig = 0;
    sigwait(&stop, &sig);
}

int serve(int argc, char** argv) {
    if (argc != 3) {
        return usage();
    }
    fw::testing::LoopbackServer server;
    server.serve_json("/api/v2/summary.json", fw::testing::read_file(argv[2]), "\"bench\"");
    std::cout << server.url() << std::endl;
    wait_for_stop();
    std::cerr << "requests: " << server.request_count() << std::endl;
    return 0;
}

int serve_github(int argc, char** argv) {
    if (argc != 5) {
        return usage();
    }
    const int repos = std::stoi(argv[2]);
    const std::string runs = fw::testing::read_file(argv[3]);
    const std::string releases = fw::testing::read_file(argv[4]);
    fw::testing::LoopbackServer server;
    for (int i = 0; i < repos; ++i) {
        const std::string base = "/repos/bench/repo-" + std::to_string(i);
        server.serve_json(base + "/actions/runs", runs, "\"runs-" + std::to_string(i) + "\"");
        server.serve_json(base + "/releases", releases, "\"releases-" + std::to_string(i) + "\"");
    }
    std::cout << server.url() << std::endl;
    wait_for_stop();
    std::cerr << "requests: " << server.request_count() << std::endl;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        return usage();
    }
    const std::string command = argv[1];
    if (command == "parse") {
        return parse(argc, argv);
    }
    if (command == "serve") {
        return serve(argc, argv);
    }
    if (command == "serve-github") {
        return serve_github(argc, argv);
    }
    if (command == "state-month" && (argc == 5 || argc == 6)) {
        return fw::bench::state_month(std::stoi(argv[2]), std::stoi(argv[3]), argv[4],
                                      argc == 6 ? argv[5] : "../shared/fixtures");
    }
    return usage();
}
