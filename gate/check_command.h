#pragma once
// `fairweather-gate check` as a command: the config and the flags that
// override it, the check itself (check.h), and where its result goes: stdout
// (text or JSON), GitHub Actions' outputs, step summary and annotations, a
// Pushgateway and a node_exporter textfile.

#include <string>

#include "gate/check.h"
#include "gate/context.h"

namespace fairweather::gate {

// Where a check's result goes besides stdout, and a policy override.
struct CheckOutputs {
    std::string on_unknown;     // proceed|defer|block; empty: the config's
    std::string pushgateway;    // base URL
    std::string push_instance;  // empty: the repository
    std::string textfile_dir;
};

struct CheckOptions {
    CheckRequest request;     // monitor_url empty: [gate] monitor; api_token,
                              // requested_by: from the environment
    std::string config_path;  // empty: the defaults
    std::string status_url;   // replaces the first status page's URL
    bool json = false;
    // --kind auto: the kind from the version and the policy (a regular
    // release of the policy is regular, any other version a patch).
    bool auto_kind = false;
    CheckOutputs outputs;
};

// Exit status: the decision's (0 proceed, 1 block, 75 defer), 74 when an
// Actions output could not be written, 78 a bad config.
int run_check_command(const CheckOptions& options, GateContext& ctx);

}  // namespace fairweather::gate
