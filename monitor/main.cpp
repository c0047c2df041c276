// fairweather-monitor: wiring only. Polling, weather, history and the API
// live in the monitor library; this file owns the real clock, the threads,
// the listener and the signals.
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include <prometheus/registry.h>

#include "core/http/curl_client.h"
#include "core/util/build_info.h"
#include "core/util/clock.h"
#include "exporters/queue_metrics.h"
#include "exporters/release_metrics.h"
#include "exporters/weather_metrics.h"
#include "monitor/api.h"
#include "monitor/http_server.h"
#include "monitor/monitor.h"
#include "monitor/options.h"

namespace fw = fairweather;
namespace mon = fairweather::monitor;

namespace {

std::chrono::system_clock::time_point wall(fw::TimePoint t) {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(t.time_since_epoch()));
}

}  // namespace

int main(int argc, char** argv) {
    auto parsed =
        mon::parse_options(argc, argv, fw::Environment::from_process(), std::cout, std::cerr);
    if (const int* code = std::get_if<int>(&parsed)) {
        return *code;
    }
    auto& options = std::get<mon::MonitorOptions>(parsed);
    const fw::Config& config = options.config;

    // SIGINT/SIGTERM are taken synchronously by sigwait below; block them
    // before any thread starts so that no other thread receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    const auto db = mon::state_file(config.monitor.state_dir);
    auto store = fw::open_sqlite_store(db);
    if (!store) {
        std::cerr << "fairweather-monitor: error: " << store.error().message << "\n";
        return mon::exit_codes::io_error;
    }

    fw::SystemClock clock;
    fw::CurlHttpClient http(config.http);
    prometheus::Registry registry;
    fw::WeatherMetrics metrics(registry);
    fw::QueueMetrics queue_metrics(registry);
    mon::Monitor monitor(config, options.github_token, http, store->get(), metrics, std::cerr,
                         std::random_device{}());
    monitor.enable_release_queue(queue_metrics);
    fw::ReleaseMetrics release_metrics(registry);
    monitor.enable_release_metrics(release_metrics);
    if (auto resumed = monitor.resume(); !resumed) {
        std::cerr << "fairweather-monitor: error: " << resumed.error().message << "\n";
        return mon::exit_codes::io_error;
    }

    if (options.once) {
        monitor.tick(clock.now());
        std::cout << fw::to_string(monitor.snapshot(clock.now()).weather) << "\n";
        return mon::exit_codes::ok;
    }

    const mon::Api api(monitor, registry, clock, options.api_token);
    // Request bodies are small (a queue request); refuse anything larger.
    auto server = mon::HttpServer::start(
        config.monitor.listen, [&api](const mon::ServerRequest& r) { return api.handle(r); }, 4,
        64 * 1024);
    if (!server) {
        std::cerr << "fairweather-monitor: error: cannot listen on " << config.monitor.listen
                  << ": " << server.error() << "; pass --listen with a free HOST:PORT\n";
        return mon::exit_codes::unavailable;
    }
    const std::string host = config.monitor.listen.substr(0, config.monitor.listen.rfind(':'));
    std::cerr << "fairweather-monitor " << fw::version()
              << ": serving /metrics and /api/v1 on http://" << host << ":" << (*server)->port()
              << ", state in " << db.string() << ", watching " << config.status_pages.size()
              << " status page(s) and " << config.repos.size() << " repositories every "
              << fw::format_duration(config.monitor.poll_interval) << " (config: " << config.source
              << ")\n";
    for (const auto& notice : options.notices) {
        std::cerr << "fairweather-monitor: " << notice << "\n";
    }

    // One thread per lane (host): requests to a host go one at a time, and a
    // slow host never holds up another.
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    std::vector<std::thread> lanes;
    for (std::size_t lane = 0; lane < monitor.lane_count(); ++lane) {
        lanes.emplace_back([&, lane] {
            std::unique_lock lock(mutex);
            while (!stopping) {
                lock.unlock();
                const fw::TimePoint next = monitor.tick_lane(lane, clock.now());
                lock.lock();
                wake.wait_until(lock, wall(next), [&] { return stopping; });
            }
        });
    }

    int signal = 0;
    sigwait(&stop_signals, &signal);
    std::cerr << "fairweather-monitor: stopping on signal " << signal
              << ": finishing the current polls and closing the state database\n";
    {
        std::lock_guard lock(mutex);
        stopping = true;
    }
    wake.notify_all();
    for (auto& t : lanes) {
        t.join();
    }
    server->reset();
    store->reset();
    std::cerr << "fairweather-monitor: stopped\n";
    return mon::exit_codes::ok;
}
