#pragma once
// A credential (a GitHub token, an API token). It prints as "***" and must be
// asked for by name (reveal()) where it is really needed, so it cannot slip
// into a log line, a metric or an error message by accident.

#include <ostream>
#include <string>
#include <string_view>

namespace fairweather {

class Secret {
  public:
    Secret() = default;
    explicit Secret(std::string value) : m_value(std::move(value)) {}

    bool empty() const { return m_value.empty(); }
    const std::string& reveal() const { return m_value; }
    // Whether `candidate` is this secret, compared in constant time.
    bool matches(std::string_view candidate) const;

    friend std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "***"; }

  private:
    std::string m_value;
};

// Whether `a` and `b` are equal, looking at every byte of the longer one
// whatever matches, so the time taken says nothing about how much of a guess
// was right.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace fairweather
