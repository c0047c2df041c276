#pragma once
// The state database file as the one thing a monitor owns: an exclusive
// flock() on the database file itself keeps a second monitor off it (a
// separate lock file could be deleted, and then two monitors would share one
// database), and the file's identity (device and inode) tells when the file
// at the path is no longer the one being written (deleted, or replaced by a
// restore), so that nothing is reported saved that would be lost on restart.
//
// flock() and SQLite's own fcntl() locks do not interact on a local file
// system. The guard's descriptor stays open until after SQLite has closed
// the database: closing any descriptor of a file drops the process's fcntl()
// locks on it, SQLite's included.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/store/state_store.h"

namespace fairweather::sqlite {

class FileGuard {
  public:
    // Opens (creating an empty file if needed; an empty file is a new
    // SQLite database) and locks `file`. Fails when another process holds
    // it, naming what to do.
    static StoreResult<std::unique_ptr<FileGuard>> take(const std::filesystem::path& file);
    ~FileGuard();
    FileGuard(const FileGuard&) = delete;
    FileGuard& operator=(const FileGuard&) = delete;

    // Empty while the database file (and, once SQLite has made it, its
    // write-ahead log) at the path are the ones this process opened;
    // otherwise why not, with what to do. Once lost, it stays lost: a new
    // file at the path is not the history this process holds.
    std::optional<std::string> lost();

  private:
    struct Identity {
        unsigned long long device = 0;
        unsigned long long inode = 0;
        bool operator==(const Identity&) const = default;
    };

    FileGuard(std::string file, int fd, Identity identity);
    std::optional<std::string> check();

    const std::string m_file;
    const int m_fd;
    const Identity m_identity;
    std::optional<Identity> m_wal;
    std::optional<std::string> m_lost;
};

}  // namespace fairweather::sqlite
