#include "core/util/environment.h"

extern char** environ;

namespace fairweather {

Environment Environment::from_process() {
    Environment env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const auto eq = text.find('=');
        if (eq != std::string_view::npos) {
            env.set(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
        }
    }
    return env;
}

std::optional<std::string> Environment::get(std::string_view name) const {
    const auto it = m_vars.find(name);
    if (it == m_vars.end() || it->second.empty()) {
        return std::nullopt;
    }
    return it->second;
}

}  // namespace fairweather
