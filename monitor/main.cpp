// fairweather-monitor: wiring only. Polling, weather and metrics live in the
// monitor and exporters libraries; this file owns the real clock, the HTTP
// listener and the signals.
#include <csignal>
#include <ctime>
#include <iostream>

#include <prometheus/exposer.h>
#include <prometheus/registry.h>

#include "core/clock.h"
#include "core/curl_http.h"
#include "core/version.h"
#include "exporters/weather_metrics.h"
#include "monitor/monitor.h"
#include "monitor/options.h"

namespace fw = fairweather;

int main(int argc, char** argv) {
    auto parsed = fw::monitor::parse_options(argc, argv, fw::Environment::from_process(), std::cout,
                                             std::cerr);
    if (const int* code = std::get_if<int>(&parsed)) {
        return *code;
    }
    const auto& options = std::get<fw::monitor::MonitorOptions>(parsed);
    const fw::Config& config = options.config;

    // SIGINT/SIGTERM are taken synchronously by sigtimedwait below; block them
    // before any thread starts so no thread receives them asynchronously.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    fw::SystemClock clock;
    fw::CurlHttpClient http(config.http);
    auto registry = std::make_shared<prometheus::Registry>();
    fw::WeatherMetrics metrics(*registry);
    fw::monitor::Monitor monitor(config, http, metrics, std::cerr);

    if (options.once) {
        monitor.tick(clock.now());
        std::cout << fw::to_string(monitor.weather().weather) << "\n";
        return fw::monitor::exit_codes::ok;
    }

    std::unique_ptr<prometheus::Exposer> exposer;
    try {
        exposer = std::make_unique<prometheus::Exposer>(config.monitor.listen);
        exposer->RegisterCollectable(registry);
    } catch (const std::exception& e) {
        std::cerr << "fairweather-monitor: error: cannot listen on " << config.monitor.listen
                  << ": " << e.what() << "; pass --listen with a free HOST:PORT\n";
        return fw::monitor::exit_codes::unavailable;
    }
    // With port 0 the system picks one: report the port actually bound.
    const auto ports = exposer->GetListeningPorts();
    const std::string host = config.monitor.listen.substr(0, config.monitor.listen.rfind(':'));
    const std::string bound =
        ports.empty() ? config.monitor.listen : host + ":" + std::to_string(ports.front());
    std::cerr << "fairweather-monitor " << fw::version() << ": serving /metrics on http://" << bound
              << "/metrics, watching " << config.status_pages.size() << " status page(s) every "
              << fw::format_duration(config.monitor.poll_interval) << " (config: " << config.source
              << ")\n";

    for (;;) {
        const fw::TimePoint next = monitor.tick(clock.now());
        const auto wait = std::max(next - clock.now(), fw::Duration{0});
        const auto secs = std::chrono::duration_cast<std::chrono::seconds>(wait);
        const timespec timeout{static_cast<time_t>(secs.count()),
                               static_cast<long>((wait - secs).count()) * 1'000'000L};
        const int sig = sigtimedwait(&stop_signals, nullptr, &timeout);
        if (sig == SIGINT || sig == SIGTERM) {
            std::cerr << "fairweather-monitor: stopping on signal " << sig << "\n";
            return fw::monitor::exit_codes::ok;
        }
    }
}
