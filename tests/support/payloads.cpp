#include "tests/support/payloads.h"

namespace fairweather::testing {

std::string github_summary(const std::string& actions_status, const std::string& incidents_json) {
    return R"({"components":[
      {"id":"br0l2tvcx85d","name":"Actions","status":")" +
           actions_status + R"("},
      {"id":"brv1bkgrwx7q","name":"API Requests","status":"operational"},
      {"id":"8l4ygp009s5s","name":"Git Operations","status":"operational"},
      {"id":"4230lsnqdsld","name":"Webhooks","status":"operational"}],"incidents":)" +
           incidents_json + "}";
}

Argv::Argv(std::string program, const std::vector<std::string>& args) {
    m_strings.push_back(std::move(program));
    m_strings.insert(m_strings.end(), args.begin(), args.end());
    for (auto& s : m_strings) {
        m_pointers.push_back(s.data());
    }
    m_pointers.push_back(nullptr);
}

std::string github_release(int id, const std::string& tag, const char* published) {
    const std::string when = published ? std::string("\"") + published + "\"" : "null";
    return "{\"id\":" + std::to_string(id) + ",\"tag_name\":\"" + tag + "\",\"name\":\"" + tag +
           "\",\"draft\":" + (published ? "false" : "true") +
           ",\"prerelease\":false,\"created_at\":" + when + ",\"published_at\":" + when + "}";
}

std::string wasmtime_releases_to_50(const std::string& newer) {
    return "[" + (newer.empty() ? "" : newer + ",") + github_release(9, "v51.0.0", nullptr) + "," +
           github_release(8, "v50.0.1", "2026-11-10T12:00:00Z") + "," +
           github_release(7, "v50.0.0", "2026-10-22T09:00:00Z") + "," +
           github_release(6, "v49.0.0", "2026-09-21T16:00:00Z") + "," +
           github_release(5, "v48.0.0", "2026-08-20T16:00:00Z") + "," +
           github_release(2, "v36.0.0", "2025-08-20T16:00:00Z") + "," +
           github_release(1, "v24.0.0", "2024-08-20T16:00:00Z") + "]";
}

}  // namespace fairweather::testing
