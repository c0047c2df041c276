#pragma once
// Small payloads and command lines that several test files build.

#include <string>
#include <vector>

namespace fairweather::testing {

// A Statuspage summary with GitHub's four default components, Actions in
// `actions_status` and the others operational, and `incidents_json` as the
// incidents array.
std::string github_summary(const std::string& actions_status,
                           const std::string& incidents_json = "[]");

// argv for a program's entry point: owns the strings, hands out char pointers.
class Argv {
  public:
    Argv(std::string program, const std::vector<std::string>& args);
    int argc() const { return static_cast<int>(m_strings.size()); }
    // Null-terminated, as exec and main() expect.
    char* const* argv() { return m_pointers.data(); }

  private:
    std::vector<std::string> m_strings;
    std::vector<char*> m_pointers;
};

}  // namespace fairweather::testing
