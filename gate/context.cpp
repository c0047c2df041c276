#include "gate/context.h"

#include "gate/exit_codes.h"

namespace fairweather::gate {

std::optional<Config> load_gate_config(const std::string& path, std::string_view doing,
                                       GateContext& ctx) {
    if (path.empty()) {
        return Config{};
    }
    // The path is $FAIRWEATHER_CONFIG's when --config was left out.
    const bool from_env = ctx.env.get("FAIRWEATHER_CONFIG") == std::optional<std::string>(path);
    auto loaded =
        load_config(path, zoneinfo_dir(ctx.env), from_env ? "$FAIRWEATHER_CONFIG" : "--config");
    if (!loaded) {
        for (const auto& e : loaded.error()) {
            ctx.err << e.describe() << "\n";
        }
        ctx.err << "fairweather-gate: " << loaded.error().size()
                << (loaded.error().size() == 1 ? " problem" : " problems") << " in " << path
                << "; nothing was " << doing << "\n";
        return std::nullopt;
    }
    return std::move(*loaded);
}

std::string requester(const Environment& env) {
    if (const auto actor = env.get("GITHUB_ACTOR")) {
        const auto run = env.get("GITHUB_RUN_ID");
        return *actor + " (fairweather-gate" + (run ? " in Actions run " + *run : std::string()) +
               ")";
    }
    return env.get("USER").value_or("someone") + " (fairweather-gate)";
}

Secret api_token(const Environment& env) {
    return Secret(env.get("FAIRWEATHER_API_TOKEN").value_or(""));
}

std::string describe(const MonitorError& e, std::string_view what) {
    const std::string object = what.empty() ? std::string() : " " + std::string(what);
    switch (e.kind) {
        case MonitorError::Kind::refused:
            return "the monitor refused" + object + ": " + e.message;
        case MonitorError::Kind::unreadable:
            return "the monitor's answer from " + e.url + " could not be read: " + e.message;
        case MonitorError::Kind::unreachable:
        case MonitorError::Kind::failed:
            break;
    }
    return "the monitor at " + e.url + " could not be asked" +
           (what.empty() ? std::string() : " for " + std::string(what)) + ": " + e.message;
}

int exit_code(const MonitorError& e) {
    return e.kind == MonitorError::Kind::refused ? exit_codes::block : exit_codes::unavailable;
}

}  // namespace fairweather::gate
