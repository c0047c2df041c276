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

// A password file: its content without the line end after it (a password
// may hold spaces). The error names the file, never what is in it.
Expected<Secret, std::string> read_password_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_unexpected("cannot read [state] password_file " + path.string() + ": " +
                               std::strerror(errno) +
                               "; fix the path, or unset password_file to use $PGPASSWORD");
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::string password = text.str();
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
        password.pop_back();
    }
    if (password.empty()) {
        return make_unexpected("[state] password_file " + path.string() +
                               " is empty; put the database password in it");
    }
    return Secret(std::move(password));
}

// What the command line set; empty: not given.
struct Flags {
    std::string config_path;
    std::string listen;
    std::string state_dir;
    std::string state_url;
    std::string status_url;
    std::string api_url;
    bool once = false;
    bool check_config = false;
};

void define_flags(CLI::App& app, Flags& flags) {
    app.set_version_flag("--version", "fairweather-monitor " + std::string(version()) +
                                          " (revision " + std::string(revision()) + ")");
    app.add_option("--config", flags.config_path,
                   "Config file (TOML); default $FAIRWEATHER_CONFIG");
    app.add_option("--listen", flags.listen,
                   "Address for the API and /metrics, HOST:PORT (default 127.0.0.1:9464)")
        ->check(CLI::Validator(
            [](const std::string& v) {
                return v.find(':') == std::string::npos
                           ? "\"" + v + "\" is not HOST:PORT, e.g. 127.0.0.1:9464"
                           : std::string();
            },
            "HOST:PORT"));
    app.add_option("--state-dir", flags.state_dir,
                   "Directory for the state database (default ./var)");
    app.add_option("--state-url", flags.state_url,
                   "Shared PostgreSQL state database, postgresql://USER@HOST:PORT/DATABASE "
                   "(default: SQLite under --state-dir); the password from [state] "
                   "password_file or $PGPASSWORD")
        ->check(CLI::Validator(check_state_url, "URL"));
    app.add_option("--status-url", flags.status_url,
                   "Status page base URL (default https://www.githubstatus.com)")
        ->check(CLI::Validator(check_url, "URL"));
    app.add_option("--github-api-url", flags.api_url,
                   "GitHub API base URL (default https://api.github.com)")
        ->check(CLI::Validator(check_url, "URL"));
    app.add_flag("--once", flags.once,
                 "Poll every source once, print the weather and exit (0; 69 when it is unknown); "
                 "keeps no state unless --state-dir is given");
    app.add_flag("--check-config", flags.check_config,
                 "Load the config and the token files, print what would be watched and exit (0 "
                 "when the monitor would start, 78 when not); nothing is polled or opened");
}

// Loads the config file, if one is named, into `options`; false (after
// printing every problem to `err`) when it cannot be used.
bool load_config_file(const std::string& config_path, const Environment& env,
                      MonitorOptions& options, std::ostream& err) {
    if (config_path.empty()) {
        options.notices.push_back(
            "no config file (--config or $FAIRWEATHER_CONFIG): using the defaults");
        return true;
    }
    // The path is $FAIRWEATHER_CONFIG's when --config was left out.
    const bool from_env = env.get("FAIRWEATHER_CONFIG") == std::optional<std::string>(config_path);
    auto loaded =
        load_config(config_path, zoneinfo_dir(env), from_env ? "$FAIRWEATHER_CONFIG" : "--config");
    if (!loaded) {
        for (const auto& e : loaded.error()) {
            err << e.describe() << "\n";
        }
        return false;
    }
    options.config = std::move(*loaded);
    return true;
}

void apply_flags(const Flags& flags, Config& config) {
    if (!flags.listen.empty()) {
        config.monitor.listen = flags.listen;
    }
    if (!flags.state_dir.empty()) {
        config.monitor.state_dir = flags.state_dir;
    }
    if (!flags.state_url.empty()) {
        config.state.url = flags.state_url;
    }
    if (!flags.status_url.empty()) {
        config.status_pages.front().url = flags.status_url;
    }
    if (!flags.api_url.empty()) {
        config.github.api_url = flags.api_url;
    }
}

// A token from its token file when one is set, else from $`env_var` (if
// set); false (after printing why to `err`) when the file cannot be used.
bool take_token(const Config& config, const std::filesystem::path& token_file,
                const std::string& key, const std::string& env_var, const Environment& env,
                Secret& token, std::ostream& err) {
    if (!token_file.empty()) {
        auto from_file = read_token_file(token_file, key, env_var);
        if (!from_file) {
            err << config.source << ": error: " << from_file.error() << "\n";
            return false;
        }
        token = std::move(*from_file);
    } else if (const auto value = env.get(env_var)) {
        token = Secret(*value);
    }
    return true;
}

// The webhook secret: the file's content without trailing whitespace (a
// secret may hold inner spaces; an editor's line end is not part of it). The
// error names the file, never what is in it.
Expected<Secret, std::string> read_webhook_secret_file(const std::filesystem::path& path) {
    const std::string key = "[github] webhook_secret_file " + path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_unexpected("cannot read " + key + ": " + std::strerror(errno) +
                               "; fix the path, or remove the key to turn webhooks off");
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::string secret = text.str();
    const auto last = secret.find_last_not_of(" \t\r\n");
    secret.erase(last == std::string::npos ? 0 : last + 1);
    if (secret.empty()) {
        return make_unexpected(key +
                               " is empty; put in it the secret given to GitHub in the "
                               "webhook's settings, or remove the key to turn webhooks off");
    }
    return Secret(std::move(secret));
}

void add_notices(MonitorOptions& options) {
    if (options.api_token.empty()) {
        options.notices.push_back(
            "no API token ([api] token_file or $FAIRWEATHER_API_TOKEN): changes are off (queueing "
            "and cancelling releases, reporting decisions answer 403); reading the weather, the "
            "metrics and the API works without one");
    }

    const Config& config = options.config;
    if (!config.state.url.empty()) {
        options.notices.push_back(
            "state in PostgreSQL: monitors sharing this database elect one leader (lease " +
            format_duration(config.state.lease) + ", renewed every " +
            format_duration(config.state.renew_interval) +
            "), which alone polls and dispatches; the others serve what it saves");
    }
    if (config.repos.empty()) {
        options.notices.push_back("no [[repos]] configured: watching the status page(s) alone");
    } else if (options.github_token.empty()) {
        options.notices.push_back(
            "no GitHub token ($GITHUB_TOKEN or [github] token_file): unauthenticated requests are "
            "limited to 60 an hour, too few to watch " +
            std::to_string(config.repos.size()) + " repositories; polls will slow down to fit");
    }
}

}  // namespace

std::filesystem::path state_file(const std::filesystem::path& state_dir) {
    return state_dir / "fairweather.db";
}

std::string state_location(const Config& config) {
    return config.state.url.empty() ? state_file(config.monitor.state_dir).string()
                                    : config.state.url;
}

std::variant<MonitorOptions, int> parse_options(int argc, const char* const* argv,
                                                const Environment& env, std::ostream& out,
                                                std::ostream& err) {
    CLI::App app{
        "fairweather-monitor: watches CI weather, keeps its history and serves it as a JSON "
        "API and Prometheus metrics.",
        "fairweather-monitor"};
    Flags flags;
    flags.config_path = env.get("FAIRWEATHER_CONFIG").value_or("");
    define_flags(app, flags);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e, out, err);
        return code == 0 ? exit_codes::ok : exit_codes::usage;
    }

    MonitorOptions options;
    options.once = flags.once;
    options.state_dir_given = !flags.state_dir.empty();
    options.check_config = flags.check_config;
    if (!load_config_file(flags.config_path, env, options, err)) {
        return exit_codes::config;
    }
    Config& config = options.config;
    apply_flags(flags, config);

    if (!take_token(config, config.github.token_file, "[github] token_file", "GITHUB_TOKEN", env,
                    options.github_token, err) ||
        !take_token(config, config.api.token_file, "[api] token_file", "FAIRWEATHER_API_TOKEN", env,
                    options.api_token, err)) {
        return exit_codes::config;
    }
    if (!config.github.webhook_secret_file.empty()) {
        auto secret = read_webhook_secret_file(config.github.webhook_secret_file);
        if (!secret) {
            err << config.source << ": error: " << secret.error() << "\n";
            return exit_codes::config;
        }
        options.webhook_secret = std::move(*secret);
    }
    if (!config.state.password_file.empty()) {
        auto password = read_password_file(config.state.password_file);
        if (!password) {
            err << config.source << ": error: " << password.error() << "\n";
            return exit_codes::config;
        }
        options.state_password = std::move(*password);
    }
    add_notices(options);
    return options;
}

}  // namespace fairweather::monitor
