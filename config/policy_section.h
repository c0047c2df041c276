#pragma once
// Internal to the config library (fairweather_config): reading the [policy]
// section, the release policy, which has more parts and more rules between
// them than any other section, so it has its own file.

#include <toml++/toml.h>

#include "config/checker.h"
#include "core/release/policy.h"

namespace fairweather::config_file {

// Reads the [policy] table `t` into `p` and marks it configured; every
// problem is reported through `c`.
void read_policy(Checker& c, const toml::table& t, ReleasePolicy& p);

}  // namespace fairweather::config_file
