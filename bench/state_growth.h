#pragma once
// fairweather-bench state-month (see state_growth.cpp).

#include <filesystem>

namespace fairweather::bench {

// Runs the monitor for `days` days of a manual clock against in-process fakes
// with `repos` repositories and its state in `db`; prints the size as it goes.
int state_month(int repos, int days, const std::filesystem::path& db,
                const std::filesystem::path& fixtures);

}  // namespace fairweather::bench
