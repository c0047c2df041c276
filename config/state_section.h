#pragma once
// Internal to the config library (fairweather_config): reading the [state]
// section, where a shared PostgreSQL database is named instead of the
// embedded SQLite one.

#include <toml++/toml.h>

#include "config/checker.h"
#include "config/config.h"

namespace fairweather::config_file {

// Reads the [state] table `t` into `state`; every problem is reported
// through `c`. A URL with a password in it is refused (check_state_url).
void read_state(Checker& c, const toml::table& t, StateSettings& state);

}  // namespace fairweather::config_file
