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
    c.only_keys(t, "[state]", {"url", "password_file", "lease", "renew_interval"});
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
    c.read_duration(t, "lease", "[state]", state.lease, std::chrono::seconds{1});
    c.read_duration(t, "renew_interval", "[state]", state.renew_interval,
                    std::chrono::milliseconds{100});
    // Two renewals fit in a lease: one may fail without a change of leader,
    // and the leader steps down (renew_interval before expiry) in time.
    if (const auto* n = t.get("renew_interval"); n && state.renew_interval * 3 > state.lease) {
        c.error(*n, "[state] renew_interval " + format_duration(state.renew_interval) +
                        " must be at most a third of [state] lease " +
                        format_duration(state.lease) +
                        ", so a renewal may fail once before the leader steps down; shorten it or "
                        "lengthen the lease");
    } else if (const auto* l = t.get("lease"); l && state.renew_interval * 3 > state.lease) {
        c.error(*l, "[state] lease " + format_duration(state.lease) +
                        " must be at least three times [state] renew_interval " +
                        format_duration(state.renew_interval) + "; lengthen it");
    }
}

}  // namespace config_file
}  // namespace fairweather
