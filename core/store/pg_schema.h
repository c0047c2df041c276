#pragma once
// The PostgreSQL store's schema, as migration steps (internal to the store area).

#include <span>

namespace fairweather::pg {

// Step i takes the schema from version i to i + 1.
std::span<const char* const> migrations();

}  // namespace fairweather::pg
