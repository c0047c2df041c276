// The composition root: the only place with the real clock, the network,
// the database file, threads, a listener and signals.
#include "monitor/run.h"

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <malloc.h>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unistd.h>

#include "core/http/curl_client.h"
#include "core/store/memory_store.h"
#include "core/store/pg_lease.h"
#include "core/store/pg_store.h"
#include "core/util/build_info.h"
#include "core/util/clock.h"
#include "exporters/registry.h"
#include "monitor/api.h"
#include "monitor/http_server.h"
#include "monitor/lanes.h"
#include "monitor/options.h"
#include "monitor/service.h"

namespace fairweather::monitor {
namespace {

void announce(const MonitorOptions& options, const HttpServer& server, const GithubQuota& quota,
              std::ostream& err) {
    const Config& config = options.config;
    const std::string host = config.monitor.listen.substr(0, config.monitor.listen.rfind(':'));
    err << "fairweather-monitor " << version() << ": serving /metrics and /api/v1 on http://"
        << host << ":" << server.port() << ", state in " << state_location(config) << ", watching "
        << config.status_pages.size() << " status page(s) and " << config.repos.size()
        << " repositories every " << format_duration(config.monitor.poll_interval)
        << " (config: " << config.source << ")\n";
    err << "fairweather-monitor: " << describe(quota) << "\n";
    for (const auto& notice : options.notices) {
        err << "fairweather-monitor: " << notice << "\n";
    }
}

// --check-config: what the monitor would do, and nothing else.
int check_config(const MonitorOptions& options, std::ostream& out) {
    const Config& config = options.config;
    out << "fairweather-monitor " << version() << ": config " << config.source
        << " is usable: it would listen on " << config.monitor.listen << ", keep state in "
        << state_location(config) << " and watch " << config.status_pages.size()
        << " status page(s) and " << config.repos.size() << " repositories every "
        << format_duration(config.monitor.poll_interval) << "\n";
    out << "fairweather-monitor: " << describe(github_quota_for(config, options.github_token))
        << "\n";
    for (const auto& notice : options.notices) {
        out << "fairweather-monitor: " << notice << "\n";
    }
    return exit_codes::ok;
}

// A /metrics body is 250 KB at 100 repositories and 2.4 MB at 1000. Left to
// itself glibc gives such blocks back to the kernel when freed (mmap, or a
// trim of the heap's top) and faults them in again at the next scrape, or,
// once its thresholds have adapted, keeps one heap per worker thread
// resident: 71 MiB grew to 124 MiB under wrk at 1000 repositories. Here big
// blocks come from the heap and stay there between scrapes (no trim on
// free), at most two arenas are kept (the lanes and the workers are mostly
// idle), and wait_for_stop() trims every 10 seconds what is no longer used.
void keep_memory_flat() {
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_ARENA_MAX, 2);
}

// Waits for a stop signal. Every 10 seconds meanwhile, hands the memory freed
// since (a poll round's bodies and parses, scrape buffers) back to the
// system, which glibc otherwise keeps: at 100 repositories the first round
// leaves several MiB of free heap resident.
int wait_for_stop(const sigset_t& stop_signals) {
    const timespec every{10, 0};
    for (;;) {
        const int signal = sigtimedwait(&stop_signals, nullptr, &every);
        if (signal > 0) {
            return signal;
        }
        malloc_trim(0);
    }
}

// This process's name as a lease holder: the host (a pod's name under
// Kubernetes), the process id, and a random part, so a restarted process on
// the same host is a new holder.
std::string holder_name(std::uint32_t random) {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
        std::snprintf(host, sizeof host, "%s", "monitor");
    }
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", random);
    return std::string(host) + ":" + std::to_string(::getpid()) + ":" + suffix;
}

// Takes and renews the leader lease on a thread of its own, so a slow poll
// on a lane never delays a renewal.
class LeaseKeeper {
  public:
    explicit LeaseKeeper(Leadership& leadership)
        : m_leadership(leadership), m_thread([this] { loop(); }) {}
    LeaseKeeper(const LeaseKeeper&) = delete;
    LeaseKeeper& operator=(const LeaseKeeper&) = delete;
    ~LeaseKeeper() { stop(); }

    void stop() {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

  private:
    void loop() {
        std::unique_lock lock(m_mutex);
        while (!m_stopping) {
            lock.unlock();
            const Duration next = m_leadership.step();
            lock.lock();
            m_wake.wait_for(lock, next, [&] { return m_stopping; });
        }
    }

    Leadership& m_leadership;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;  // last: started once the rest is ready
};

// The SQLite file under the state directory, or the shared PostgreSQL
// database. --once keeps nothing unless told where: no ./var appears in the
// directory it is run from.
StoreResult<std::unique_ptr<StateStore>> open_state(const MonitorOptions& options) {
    const Config& config = options.config;
    if (!config.state.url.empty()) {
        return open_postgres_store(config.state.url, options.state_password);
    }
    if (options.once && !options.state_dir_given) {
        return make_memory_store();
    }
    return open_sqlite_store(state_file(config.monitor.state_dir));
}

// --once: one poll of every source, the weather on stdout; 0, or 69 when
// nobody could read it (not a success to a script), with why on stderr.
int poll_once(Monitor& monitor, TimePoint now, std::ostream& out, std::ostream& err) {
    monitor.tick(now);
    const auto snapshot = monitor.snapshot(now);
    out << to_string(snapshot.weather) << "\n";
    if (snapshot.weather != Weather::unknown) {
        return exit_codes::ok;
    }
    for (const auto& s : snapshot.sources) {
        for (const auto& reason : s.reasons) {
            err << "fairweather-monitor: " << reason << "\n";
        }
    }
    return exit_codes::unavailable;
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

    keep_memory_flat();
    auto store = open_state(options);
    if (!store) {
        err << "fairweather-monitor: error: " << store.error().message << "\n";
        return exit_codes::io_error;
    }
    SystemClock clock;
    SteadyClock steady;
    std::random_device entropy;
    std::unique_ptr<LeaderLease> lease;
    std::optional<SharedLease> shared;
    if (!config.state.url.empty()) {
        auto opened = LeaderLease::open(config.state.url, options.state_password);
        if (!opened) {
            err << "fairweather-monitor: error: " << opened.error().message << "\n";
            return exit_codes::io_error;
        }
        lease = std::move(*opened);
        shared.emplace(SharedLease{*lease, holder_name(entropy()), steady, clock});
    }
    CurlHttpClient http(config.http);
    metrics::Registry registry;
    MonitorMetrics metrics(registry);
    Service service(config, options.github_token, http, **store, metrics, err, entropy(),
                    QueueIds((std::uint64_t{entropy()} << 32) ^ entropy()), shared);
    if (auto resumed = service.monitor.resume(); !resumed) {
        err << "fairweather-monitor: error: " << resumed.error().message << "\n";
        return exit_codes::io_error;
    }
    // Before the first tick: the first monitor on a database leads from its
    // first poll, and a follower never polls.
    service.leadership.step();
    if (options.once) {
        return poll_once(service.monitor, clock.now(), out, err);
    }

    if (!options.webhook_secret.empty()) {
        // Each delivered job goes into its repository's job book.
        service.receive_webhooks(options.webhook_secret);
    }
    const Api api(service.monitor, service.recorder, service.queue, registry, clock,
                  options.api_token, service.webhooks ? &*service.webhooks : nullptr);
    // Request bodies are small (a queue request, 64 KiB), a webhook's larger.
    ServerLimits limits;
    limits.max_body_bytes = api.max_body_bytes();
    limits.request_timeout =
        std::chrono::duration_cast<std::chrono::milliseconds>(config.monitor.request_timeout);
    limits.max_connections = static_cast<std::size_t>(config.monitor.max_connections);
    auto server = HttpServer::start(
        config.monitor.listen, [&api](const ServerRequest& r) { return api.handle(r); },
        [&api](const ServerRequest& head) { return api.admit(head); }, limits);
    if (!server) {
        err << "fairweather-monitor: error: cannot listen on " << config.monitor.listen << ": "
            << server.error() << "; pass --listen with a free HOST:PORT\n";
        return exit_codes::unavailable;
    }
    announce(options, **server, service.quota, err);

    std::optional<LeaseKeeper> keeper;
    if (shared) {
        keeper.emplace(service.leadership);
    }
    // A lane that fails wakes the sigwait below, as a stop signal would.
    Lanes lanes(service.monitor, clock, [] { ::kill(::getpid(), SIGTERM); });
    const int signal = wait_for_stop(stop_signals);
    const auto failure = lanes.failure();
    if (!failure) {
        err << "fairweather-monitor: stopping on signal " << signal
            << ": finishing the current polls and closing the state database\n";
    }
    lanes.stop();
    if (keeper) {
        keeper->stop();
    }
    // A follower takes over at its next renewal, not after a whole lease.
    service.leadership.resign();
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
        const auto& options = std::get<MonitorOptions>(parsed);
        if (options.check_config) {
            return check_config(options, out);
        }
        return serve(options, out, err);
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
