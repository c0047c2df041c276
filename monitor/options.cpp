#include "monitor/options.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "core/util/build_info.h"

namespace fairweather::monitor {
namespace {

std::string check_url(const std::string& v) {
    return v.starts_with("https://") || v.starts_with("http://")
               ? std::string()
               : "\"" + v + "\" is not an http(s) URL";
}

// Reads a token file: its content without surrounding whitespace. The error
// names the file, never what is in it. `key` names the setting.
Expected<Secret, std::string> read_token_file(const std::filesystem::path& path,
                                              const std::string& key, const std::string& env_var) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_unexpected("cannot read " + key + " " + path.string() + ": " +
                               std::strerror(errno) +
                               "; fix the path or unset token_file to use $" + env_var);
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::string token = text.str();
    const auto first = token.find_first_not_of(" \t\r\n");
    const auto last = token.find_last_not_of(" \t\r\n");
    token = first == std::string::npos ? std::string() : token.substr(first, last - first + 1);
    if (token.empty()) {
        return make_unexpected(key + " " + path.string() + " is empty; put the token in it");
    }
    if (token.find_first_of(" \t\r\n") != std::string::npos) {
        return make_unexpected(key + " " + path.string() +
                               " holds more than one word; it should hold the token alone");
    }
    return Secret(std::move(token));
}

}  // namespace

bool is_loopback_listen(std::string_view listen) {
    const auto colon = listen.rfind(':');
    std::string_view host =
        listen.substr(0, colon == std::string_view::npos ? listen.size() : colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::filesystem::path state_file(const std::filesystem::path& state_dir) {
    return state_dir / "fairweather.db";
}

std::variant<MonitorOptions, int> parse_options(int argc, const char* const* argv,
                                                const Environment& env, std::ostream& out,
                                                std::ostream& err) {
    CLI::App app{
        "fairweather-monitor: watches CI weather, keeps its history and serves it as a JSON "
        "API and Prometheus metrics.",
        "fairweather-monitor"};
    app.set_version_flag("--version", std::string(version()));
    std::string config_path = env.get("FAIRWEATHER_CONFIG").value_or("");
    std::string listen;
    std::string state_dir;
    std::string status_url;
    std::string api_url;
    MonitorOptions options;
    app.add_option("--config", config_path, "Config file (TOML); default $FAIRWEATHER_CONFIG");
    app.add_option("--listen", listen,
                   "Address for the API and /metrics, HOST:PORT (default 127.0.0.1:9464)")
        ->check(CLI::Validator(
            [](const std::string& v) {
                return v.find(':') == std::string::npos
                           ? "\"" + v + "\" is not HOST:PORT, e.g. 127.0.0.1:9464"
                           : std::string();
            },
            "HOST:PORT"));
    app.add_option("--state-dir", state_dir, "Directory for the state database (default ./var)");
    app.add_option("--status-url", status_url,
                   "Status page base URL (default https://www.githubstatus.com)")
        ->check(CLI::Validator(check_url, "URL"));
    app.add_option("--github-api-url", api_url,
                   "GitHub API base URL (default https://api.github.com)")
        ->check(CLI::Validator(check_url, "URL"));
    app.add_flag("--once", options.once, "Poll every source once, print the weather and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, out, err);
        return code == 0 ? exit_codes::ok : exit_codes::usage;
    }
    if (!config_path.empty()) {
        auto loaded = load_config(config_path, zoneinfo_dir(env));
        if (!loaded) {
            for (const auto& e : loaded.error()) {
                err << e.describe() << "\n";
            }
            return exit_codes::config;
        }
        options.config = std::move(*loaded);
    } else {
        options.notices.push_back(
            "no config file (--config or $FAIRWEATHER_CONFIG): using the defaults");
    }
    Config& config = options.config;
    if (!listen.empty()) {
        config.monitor.listen = listen;
    }
    if (!state_dir.empty()) {
        config.monitor.state_dir = state_dir;
    }
    if (!status_url.empty()) {
        config.status_pages.front().url = status_url;
    }
    if (!api_url.empty()) {
        config.github.api_url = api_url;
    }

    if (!config.github.token_file.empty()) {
        auto token =
            read_token_file(config.github.token_file, "[github] token_file", "GITHUB_TOKEN");
        if (!token) {
            err << config.source << ": error: " << token.error() << "\n";
            return exit_codes::config;
        }
        options.github_token = std::move(*token);
    } else if (const auto token = env.get("GITHUB_TOKEN")) {
        options.github_token = Secret(*token);
    }

    if (!config.api.token_file.empty()) {
        auto token =
            read_token_file(config.api.token_file, "[api] token_file", "FAIRWEATHER_API_TOKEN");
        if (!token) {
            err << config.source << ": error: " << token.error() << "\n";
            return exit_codes::config;
        }
        options.api_token = std::move(*token);
    } else if (const auto token = env.get("FAIRWEATHER_API_TOKEN")) {
        options.api_token = Secret(*token);
    }
    if (!is_loopback_listen(config.monitor.listen) && options.api_token.empty()) {
        err << "fairweather-monitor: error: refusing to listen on " << config.monitor.listen
            << " without an API token: anyone who can reach it could queue releases; set [api] "
               "token_file or "
               "$FAIRWEATHER_API_TOKEN, or listen on 127.0.0.1\n";
        return exit_codes::config;
    }
    if (options.api_token.empty()) {
        options.notices.push_back(
            "no API token ([api] token_file or $FAIRWEATHER_API_TOKEN): the release queue "
            "accepts no changes");
    }

    if (config.repos.empty()) {
        options.notices.push_back("no [[repos]] configured: watching the status page(s) alone");
    } else if (options.github_token.empty()) {
        options.notices.push_back(
            "no GitHub token ($GITHUB_TOKEN or [github] token_file): unauthenticated requests are "
            "limited to 60 an hour, too few to watch " +
            std::to_string(config.repos.size()) + " repositories; polls will slow down to fit");
    }
    return options;
}

}  // namespace fairweather::monitor
