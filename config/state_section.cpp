#include "config/state_section.h"

namespace fairweather {

std::string check_state_url(std::string_view url) {
    std::string_view rest;
    for (const std::string_view scheme : {"postgresql://", "postgres://"}) {
        if (url.starts_with(scheme)) {
            rest = url.substr(scheme.size());
        }
    }
    if (rest.empty()) {
        return "expected a PostgreSQL URL, postgresql://USER@HOST:PORT/DATABASE (leave it unset "
               "for the embedded SQLite database under [monitor] state_dir)";
    }
    // USER:PASSWORD@ before the host: refuse it without repeating it.
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
    const auto at = authority.rfind('@');
    if (at != std::string_view::npos &&
        authority.substr(0, at).find(':') != std::string_view::npos) {
        return "the URL carries a password, which would show wherever the URL is shown; remove "
               "it and put it in [state] password_file or $PGPASSWORD";
    }
    if (rest.find("password=") != std::string_view::npos) {
        return "the URL carries a password parameter, which would show wherever the URL is "
               "shown; remove it and put it in [state] password_file or $PGPASSWORD";
    }
    return {};
}

namespace config_file {

void read_state(Checker& c, const toml::table& t, StateSettings& state) {
    c.only_keys(t, "[state]", {"url", "password_file"});
    if (const auto* n = t.get("url")) {
        if (auto s = c.string(*n, "[state] url")) {
            if (const auto problem = check_state_url(*s); !problem.empty()) {
                c.error(*n, "[state] url: " + problem);
            } else {
                state.url = *s;
            }
        }
    }
    if (const auto* n = t.get("password_file")) {
        if (auto s = c.string(*n, "[state] password_file")) {
            state.password_file = *s;
        }
    }
}

}  // namespace config_file
}  // namespace fairweather
