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

// One entry of GitHub's list-releases answer; no `published` makes a draft.
std::string github_release(int id, const std::string& tag, const char* published);

// Wasmtime's releases up to 50.0.1, newest first as GitHub lists them: five
// majors on the schedule (48.0.0 on its day, 49.0.0 a day late, 50.0.0 two
// days late, and the LTS 24.0.0 and 36.0.0), the patch 50.0.1, and the next
// major 51.0.0 as a draft. `newer` (entries) goes in front.
std::string wasmtime_releases_to_50(const std::string& newer = "");

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
