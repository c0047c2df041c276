#pragma once
// fairweather-monitor's command line, config and secrets, as a function tests
// can call.

#include <optional>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "config/config.h"
#include "core/util/environment.h"
#include "core/util/secret.h"

namespace fairweather::monitor {

namespace exit_codes {
constexpr int ok = 0;
constexpr int usage = 64;        // EX_USAGE: bad flags
constexpr int unavailable = 69;  // EX_UNAVAILABLE: cannot listen on the address
constexpr int software = 70;     // EX_SOFTWARE: a bug
constexpr int io_error = 74;     // EX_IOERR: the state database cannot be used
constexpr int config = 78;       // EX_CONFIG: bad config file or token file
}  // namespace exit_codes

struct MonitorOptions {
    Config config;
    Secret github_token;
    Secret api_token;  // for the mutating API ([api] token_file, else $FAIRWEATHER_API_TOKEN)
    // What GitHub signs webhook deliveries with ([github] webhook_secret_file);
    // empty: webhooks are off.
    Secret webhook_secret;
    // The shared state database's password ([state] password_file); empty:
    // libpq's own $PGPASSWORD or ~/.pgpass.
    Secret state_password;
    bool once = false;             // poll once, print the weather, exit
    bool state_dir_given = false;  // --state-dir was passed (--once keeps state only then)
    bool check_config = false;     // load everything, say what would run, exit
    // What the monitor should say at start (no config, no token, ...).
    std::vector<std::string> notices;
};

// Parses the flags and loads the config (--config, else $FAIRWEATHER_CONFIG,
// else defaults), applies --listen, --state-dir, --state-url, --status-url
// and --github-api-url on top, reads the state database's password file, and reads the GitHub token
// ([github] token_file, else $GITHUB_TOKEN) and the API token ([api] token_file, else
// $FAIRWEATHER_API_TOKEN), and the webhook secret ([github] webhook_secret_file,
// a start-up error when set but empty or unreadable). Without an API token the monitor serves reads
// anywhere and refuses changes. Returns the options, or the exit status to end with
// after printing help, the version or the problems to `out`/`err`. Never
// prints the token.
std::variant<MonitorOptions, int> parse_options(int argc, const char* const* argv,
                                                const Environment& env, std::ostream& out,
                                                std::ostream& err);

// The state database's path under a state directory.
std::filesystem::path state_file(const std::filesystem::path& state_dir);
// Where the state is kept, for the log: the PostgreSQL URL ([state] url,
// which never holds a password) or the SQLite file under [monitor] state_dir.
std::string state_location(const Config& config);

}  // namespace fairweather::monitor
