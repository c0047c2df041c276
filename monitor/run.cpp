// The composition root: the only place with the real clock, the network,
// the database file, threads, a listener and signals.
#include "monitor/run.h"

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include <prometheus/registry.h>

#include "core/http/curl_client.h"
#include "core/util/build_info.h"
#include "core/util/clock.h"
#include "monitor/api.h"
#include "monitor/http_server.h"
#include "monitor/options.h"
#include "monitor/service.h"

namespace fairweather::monitor {
namespace {

std::chrono::system_clock::time_point wall(TimePoint t) {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(t.time_since_epoch()));
}

// One thread per lane (host): requests to a host go one at a time, and a
// slow host never holds up another. A lane that throws records why, stops
// the others and wakes the main thread (with SIGTERM, which it waits for).
class Lanes {
  public:
    Lanes(Monitor& monitor, Clock& clock) {
        for (std::size_t lane = 0; lane < monitor.lane_count(); ++lane) {
            m_threads.emplace_back([this, &monitor, &clock, lane] {
                try {
                    loop(monitor, clock, lane);
                } catch (const std::exception& e) {
                    fail("lane " + monitor.lane_host(lane) + " failed: " + e.what());
                } catch (...) {
                    fail("lane " + monitor.lane_host(lane) + " failed with an unknown exception");
                }
            });
        }
    }
    Lanes(const Lanes&) = delete;
    Lanes& operator=(const Lanes&) = delete;
    ~Lanes() { stop(); }

    void stop() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        for (auto& t : m_threads) {
            if (t.joinable()) {
                t.join();
            }
        }
    }
    std::optional<std::string> failure() {
        std::lock_guard lock(m_mutex);
        return m_failure;
    }

  private:
    void loop(Monitor& monitor, Clock& clock, std::size_t lane) {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            lock.unlock();
            const TimePoint next = monitor.tick_lane(lane, clock.now());
            lock.lock();
            m_wake.wait_until(lock, wall(next), [&] { return m_stopping; });
        }
    }
    void fail(std::string why) {
        {
            std::lock_guard lock(m_mutex);
            if (!m_failure) {
                m_failure = std::move(why);
            }
            m_stopping = true;
        }
        m_wake.notify_all();
        ::kill(::getpid(), SIGTERM);
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::optional<std::string> m_failure;
    std::vector<std::thread> m_threads;
};

void announce(const MonitorOptions& options, const HttpServer& server,
              const std::filesystem::path& db, std::ostream& err) {
    const Config& config = options.config;
    const std::string host = config.monitor.listen.substr(0, config.monitor.listen.rfind(':'));
    err << "fairweather-monitor " << version() << ": serving /metrics and /api/v1 on http://"
        << host << ":" << server.port() << ", state in " << db.string() << ", watching "
        << config.status_pages.size() << " status page(s) and " << config.repos.size()
        << " repositories every " << format_duration(config.monitor.poll_interval)
        << " (config: " << config.source << ")\n";
    for (const auto& notice : options.notices) {
        err << "fairweather-monitor: " << notice << "\n";
    }
}

int serve(const MonitorOptions& options, std::ostream& out, std::ostream& err) {
    const Config& config = options.config;
    // SIGINT/SIGTERM are taken synchronously by sigwait below; block them
    // before any thread starts so that no other thread receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    const auto db = state_file(config.monitor.state_dir);
    auto store = open_sqlite_store(db);
    if (!store) {
        err << "fairweather-monitor: error: " << store.error().message << "\n";
        return exit_codes::io_error;
    }
    SystemClock clock;
    CurlHttpClient http(config.http);
    prometheus::Registry registry;
    MonitorMetrics metrics(registry);
    std::random_device entropy;
    Service service(config, options.github_token, http, **store, metrics, err, entropy(),
                    QueueIds((std::uint64_t{entropy()} << 32) ^ entropy()));
    if (auto resumed = service.monitor.resume(); !resumed) {
        err << "fairweather-monitor: error: " << resumed.error().message << "\n";
        return exit_codes::io_error;
    }
    if (options.once) {
        service.monitor.tick(clock.now());
        out << to_string(service.monitor.snapshot(clock.now()).weather) << "\n";
        return exit_codes::ok;
    }

    const Api api(service.monitor, service.recorder, service.queue, registry, clock,
                  options.api_token);
    // Request bodies are small (a queue request); refuse anything larger.
    auto server = HttpServer::start(
        config.monitor.listen, [&api](const ServerRequest& r) { return api.handle(r); }, 4,
        64 * 1024);
    if (!server) {
        err << "fairweather-monitor: error: cannot listen on " << config.monitor.listen << ": "
            << server.error() << "; pass --listen with a free HOST:PORT\n";
        return exit_codes::unavailable;
    }
    announce(options, **server, db, err);

    Lanes lanes(service.monitor, clock);
    int signal = 0;
    sigwait(&stop_signals, &signal);
    const auto failure = lanes.failure();
    if (!failure) {
        err << "fairweather-monitor: stopping on signal " << signal
            << ": finishing the current polls and closing the state database\n";
    }
    lanes.stop();
    server->reset();
    store->reset();
    if (failure) {
        err << "fairweather-monitor: error: " << *failure
            << "; stopped with the state database closed; please report this with the log above\n";
        return exit_codes::software;
    }
    err << "fairweather-monitor: stopped\n";
    return exit_codes::ok;
}

}  // namespace

int run(int argc, const char* const* argv, const Environment& env, std::ostream& out,
        std::ostream& err) {
    try {
        auto parsed = parse_options(argc, argv, env, out, err);
        if (const int* code = std::get_if<int>(&parsed)) {
            return *code;
        }
        return serve(std::get<MonitorOptions>(parsed), out, err);
    } catch (const std::exception& e) {
        err << "fairweather-monitor: error: internal error: " << e.what()
            << "; please report this with the log above\n";
    } catch (...) {
        err << "fairweather-monitor: error: internal error (an unknown exception); please "
               "report this with the log above\n";
    }
    return exit_codes::software;
}

}  // namespace fairweather::monitor
