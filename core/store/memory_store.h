#pragma once
// A StateStore that keeps everything in memory: for a monitor run without a
// state directory (--once) and for tests. It keeps the same rules and orders
// as the SQLite store (state_store.h), and loses everything with the process.

#include <memory>

#include "core/store/state_store.h"

namespace fairweather {

// Thread-safe: every call takes one internal mutex. Never fails.
std::unique_ptr<StateStore> make_memory_store();

}  // namespace fairweather
