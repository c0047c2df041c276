#pragma once
// Reading a file whole; writing files so that a reader never sees half of one.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/util/expected.h"

namespace fairweather {

// The whole content of `path`, bytes as they are. The error is "cannot read
// <path>: <the system's reason>" (missing, not permitted, a directory, or a
// read that failed part way); callers prefix who is reading. Safe to call
// from any thread.
Expected<std::string, std::string> read_whole_file(const std::filesystem::path& path);

// Writes `text` to `path` through a temporary file beside it (same
// directory, so the rename cannot cross file systems), flushed to disk, then
// renamed over `path`: a reader sees the old file or the new one, never a
// part. Nothing is left behind on failure. The error says what failed, for
// `path`, with the system's reason. Not safe against two writers of the same
// path at once beyond that each write is whole.
Expected<void, std::string> write_file_atomically(const std::filesystem::path& path,
                                                  std::string_view text);

}  // namespace fairweather
