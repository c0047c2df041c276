#pragma once
// The sources a config asks the monitor to poll.

#include <memory>
#include <vector>

#include "config/config.h"
#include "core/sources/source.h"
#include "core/util/secret.h"

namespace fairweather::monitor {

// In config order: each status page, then for each [[repos]] entry its
// Actions runs and its releases. GitHub sources ask with `github_token`
// (when there is one).
std::vector<std::unique_ptr<Source>> make_sources(const Config& config, const Secret& github_token);

}  // namespace fairweather::monitor
