#pragma once
// Internal to the config library (fairweather_config): only config/*.cpp
// include this, and toml++ stays private to the library. The Checker is what
// every section reader walks the TOML tree with: it reads typed values and
// keeps every problem with its file:line:column, so a config is validated
// once and all its problems are reported together.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "config/config.h"
#include "core/util/time.h"
#include "core/weather/decision.h"
#include "core/weather/weather.h"

namespace fairweather::config_file {

// Collects problems while walking the TOML tree.
class Checker {
  public:
    Checker(std::string file, std::filesystem::path zoneinfo)
        : zoneinfo(std::move(zoneinfo)), m_file(std::move(file)) {}

    // Where [policy] time_zone names are looked up.
    const std::filesystem::path zoneinfo;

    void error(const toml::source_region& where, std::string message);
    void error(const toml::node& node, std::string message) {
        error(node.source(), std::move(message));
    }

    // Every problem reported, in file order (problems at one place keep the
    // order they were reported in).
    std::vector<ConfigError> take() &&;
    bool ok() const { return m_errors.empty(); }

    // Reports keys of `table` that are not in `known`, with a suggestion.
    void only_keys(const toml::table& table, std::string_view where,
                   const std::vector<std::string_view>& known);

    // The typed readers below report a value of the wrong kind, naming it
    // `what`, and return nothing for it.
    std::optional<std::string> string(const toml::node& node, std::string_view what);
    std::optional<Duration> duration(const toml::node& node, std::string_view what);
    std::optional<Weather> weather(const toml::node& node, std::string_view what);
    std::optional<Decision> decision(const toml::node& node, std::string_view what);
    std::optional<std::int64_t> integer(const toml::node& node, std::string_view what);
    const toml::table* table(const toml::node& node, std::string_view what);
    // An array of strings; items that are not strings are reported and left out.
    std::vector<std::string> string_list(const toml::node& node, std::string_view what);

    // Reads t[key] as a duration of at least `min` into `target`, if present.
    void read_duration(const toml::table& t, std::string_view key, std::string_view section,
                       Duration& target, Duration min = Duration{0});

    // Reads t[key] as a whole number in [min, max] into `target`, if present.
    void read_int(const toml::table& t, std::string_view key, std::string_view section, int& target,
                  int min, int max);

    // Reads t[key] as true or false into `target`, if present.
    void read_bool(const toml::table& t, std::string_view key, std::string_view section,
                   bool& target);

    // Reads t[key] as a share between 0 and 1 ("0.25": a quarter) into
    // `target`, if present.
    void read_share(const toml::table& t, std::string_view key, std::string_view section,
                    double& target);

  private:
    std::string m_file;
    std::vector<ConfigError> m_errors;
};

}  // namespace fairweather::config_file
