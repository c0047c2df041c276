#include "core/store/sqlite_file_guard.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fairweather::sqlite {
namespace {

constexpr const char* k_refused =
    "; writes are refused so that nothing is reported saved that a restart would lose";

}  // namespace

StoreResult<std::unique_ptr<FileGuard>> FileGuard::take(const std::filesystem::path& file) {
    const std::string path = file.string();
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int err = errno;
        return make_unexpected(StoreError{"could not open state database " + path + ": " +
                                          std::strerror(err) +
                                          "; check that the file and its directory exist and are "
                                          "writable by this user"});
    }
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        if (err == EINTR) {
            continue;
        }
        ::close(fd);
        if (err == EWOULDBLOCK) {
            return make_unexpected(StoreError{
                "state database " + path +
                " is in use by another fairweather-monitor (it holds a lock on the file); stop "
                "the other monitor or give this one its own --state-dir"});
        }
        return make_unexpected(StoreError{"could not lock state database " + path + ": " +
                                          std::strerror(err) +
                                          "; put --state-dir on a local file system that "
                                          "supports flock()"});
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return make_unexpected(StoreError{"could not read the state of state database " + path +
                                          ": " + std::strerror(err) +
                                          "; check the disk and the file system it is on"});
    }
    return std::unique_ptr<FileGuard>(
        new FileGuard(path, fd,
                      Identity{static_cast<unsigned long long>(st.st_dev),
                               static_cast<unsigned long long>(st.st_ino)}));
}

FileGuard::FileGuard(std::string file, int fd, Identity identity)
    : m_file(std::move(file)), m_fd(fd), m_identity(identity) {}

FileGuard::~FileGuard() {
    ::close(m_fd);  // releases the flock
}

std::optional<std::string> FileGuard::lost() {
    if (!m_lost) {
        m_lost = check();
    }
    return m_lost;
}

std::optional<std::string> FileGuard::check() {
    struct stat at_path {};
    if (::stat(m_file.c_str(), &at_path) != 0) {
        const int err = errno;
        if (err != ENOENT && err != ENOTDIR) {
            // Not knowing is not the same as gone (e.g. a transient EIO):
            // ask again on the next write.
            return std::nullopt;
        }
        return "state database " + m_file + " was deleted while fairweather-monitor was running" +
               k_refused +
               ": restore the file from a backup, or restart fairweather-monitor to start a new "
               "history at that path";
    }
    const Identity now{static_cast<unsigned long long>(at_path.st_dev),
                       static_cast<unsigned long long>(at_path.st_ino)};
    if (now != m_identity) {
        return "state database " + m_file +
               " was replaced by another file while fairweather-monitor was running" + k_refused +
               ": restart fairweather-monitor to use the file now at that path";
    }
    const std::string wal = m_file + "-wal";
    struct stat wal_st {};
    if (::stat(wal.c_str(), &wal_st) != 0) {
        if (m_wal) {
            return "the write-ahead log " + wal + " of state database " + m_file +
                   " was deleted while fairweather-monitor was running (changes not yet copied "
                   "into the database are lost on restart)" +
                   k_refused + ": restart fairweather-monitor";
        }
        return std::nullopt;  // SQLite has not made it yet
    }
    const Identity wal_now{static_cast<unsigned long long>(wal_st.st_dev),
                           static_cast<unsigned long long>(wal_st.st_ino)};
    if (!m_wal) {
        m_wal = wal_now;
    } else if (*m_wal != wal_now) {
        return "the write-ahead log " + wal + " of state database " + m_file +
               " was replaced while fairweather-monitor was running" + k_refused +
               ": restart fairweather-monitor";
    }
    return std::nullopt;
}

}  // namespace fairweather::sqlite
