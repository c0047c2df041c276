#include "monitor/options.h"

#include <CLI/CLI.hpp>

#include "core/version.h"

namespace fairweather::monitor {

std::variant<MonitorOptions, int> parse_options(int argc, const char* const* argv,
                                                const Environment& env, std::ostream& out,
                                                std::ostream& err) {
    CLI::App app{"fairweather-monitor: watches CI weather and serves it as Prometheus metrics.",
                 "fairweather-monitor"};
    app.set_version_flag("--version", std::string(version()));
    std::string config_path = env.get("FAIRWEATHER_CONFIG").value_or("");
    std::string listen;
    std::string status_url;
    MonitorOptions options;
    app.add_option("--config", config_path, "Config file (TOML); default $FAIRWEATHER_CONFIG");
    app.add_option("--listen", listen, "Address for /metrics, HOST:PORT (default 127.0.0.1:9464)")
        ->check(CLI::Validator(
            [](const std::string& v) {
                return v.find(':') == std::string::npos
                           ? "\"" + v + "\" is not HOST:PORT, e.g. 127.0.0.1:9464"
                           : std::string();
            },
            "HOST:PORT"));
    app.add_option("--status-url", status_url,
                   "Status page base URL (default https://www.githubstatus.com)")
        ->check(CLI::Validator(
            [](const std::string& v) {
                return v.starts_with("https://") || v.starts_with("http://")
                           ? std::string()
                           : "\"" + v + "\" is not an http(s) URL";
            },
            "URL"));
    app.add_flag("--once", options.once, "Poll every source once, print the weather and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, out, err);
        return code == 0 ? exit_codes::ok : exit_codes::usage;
    }
    if (!config_path.empty()) {
        auto loaded = load_config(config_path);
        if (!loaded) {
            for (const auto& e : loaded.error()) {
                err << e.describe() << "\n";
            }
            return exit_codes::config;
        }
        options.config = std::move(*loaded);
    }
    if (!listen.empty()) {
        options.config.monitor.listen = listen;
    }
    if (!status_url.empty()) {
        options.config.status_pages.front().url = status_url;
    }
    return options;
}

}  // namespace fairweather::monitor
