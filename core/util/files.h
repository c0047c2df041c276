#pragma once
// Writing files so that a reader never sees half of one.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/util/expected.h"

namespace fairweather {

// Writes `text` to `path` through a temporary file beside it (same
// directory, so the rename cannot cross file systems), flushed to disk, then
// renamed over `path`: a reader sees the old file or the new one, never a
// part. Nothing is left behind on failure. The error says what failed, for
// `path`, with the system's reason. Not safe against two writers of the same
// path at once beyond that each write is whole.
Expected<void, std::string> write_file_atomically(const std::filesystem::path& path,
                                                  std::string_view text);

}  // namespace fairweather
