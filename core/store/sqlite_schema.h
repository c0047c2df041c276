#pragma once
// The SQLite store's schema as the migrations that build it: step i takes a
// database from schema version i to i + 1 (PRAGMA user_version). Released
// steps are never edited; a later schema is a new step at the end.

#include <span>

namespace fairweather::sqlite {

std::span<const char* const> migrations();

}  // namespace fairweather::sqlite
