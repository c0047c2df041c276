#pragma once
// A credential (a GitHub token, an API token). It prints as "***" and must be
// asked for by name (reveal()) where it is really needed, so it cannot slip
// into a log line, a metric or an error message by accident.

#include <ostream>
#include <string>

namespace fairweather {

class Secret {
  public:
    Secret() = default;
    explicit Secret(std::string value) : m_value(std::move(value)) {}

    bool empty() const { return m_value.empty(); }
    const std::string& reveal() const { return m_value; }

    friend std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "***"; }

  private:
    std::string m_value;
};

}  // namespace fairweather
