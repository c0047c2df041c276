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

}  // namespace fairweather::testing
