#pragma once
// The process environment as a value, so code that reads variables
// (GITHUB_OUTPUT, tokens) can be tested without touching the real one.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace fairweather {

class Environment {
  public:
    Environment() = default;
    explicit Environment(std::map<std::string, std::string, std::less<>> vars)
        : m_vars(std::move(vars)) {}

    // A snapshot of this process's environment.
    static Environment from_process();

    // The value, or nullopt when unset. An empty value counts as unset.
    std::optional<std::string> get(std::string_view name) const;
    void set(std::string name, std::string value) { m_vars[std::move(name)] = std::move(value); }

  private:
    std::map<std::string, std::string, std::less<>> m_vars;
};

}  // namespace fairweather
