#pragma once
// fairweather-gate run in-process, as its binary would be, with a fake HTTP
// client (which remembers what was asked), an environment of its own and a
// manual clock. Header-only: only the gate's tests link the gate.

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/util/clock.h"
#include "core/util/environment.h"
#include "gate/cli.h"
#include "tests/support/fake_http.h"
#include "tests/support/payloads.h"

namespace fairweather::testing {

struct GateRun {
    int code = -1;
    std::string out;
    std::string err;
};

class GateRig {
  public:
    // The clock stands at 2026-11-21T10:00:00Z.
    GateRig() : m_clock(*parse_timestamp("2026-11-21T10:00:00Z")) {}

    FakeHttpClient& http() { return *m_http; }
    Environment& env() { return m_env; }
    // The HTTP settings the gate built its client with, last run.
    const HttpSettings& settings() const { return m_settings; }

    GateRun run(const std::vector<std::string>& args) {
        Argv argv("fairweather-gate", args);
        std::ostringstream out;
        std::ostringstream err;
        gate::GateContext ctx{m_env, out, err, m_clock, [this](const HttpSettings& s) {
                                  m_settings = s;
                                  return std::unique_ptr<HttpClient>(new Forward(*m_http));
                              }};
        GateRun r;
        r.code = gate::run(argv.argc(), argv.argv(), ctx);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

  private:
    // Lets the gate own a client while the test keeps the fake.
    struct Forward final : HttpClient {
        explicit Forward(FakeHttpClient& f) : fake(f) {}
        Expected<HttpResponse, HttpError> send(const HttpRequest& r) override {
            return fake.send(r);
        }
        FakeHttpClient& fake;
    };
    std::unique_ptr<FakeHttpClient> m_http = std::make_unique<FakeHttpClient>();
    Environment m_env;
    ManualClock m_clock;
    HttpSettings m_settings;
};

}  // namespace fairweather::testing
