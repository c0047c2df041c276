#include "core/util/files.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace fairweather {
namespace {

std::string failure(const std::filesystem::path& path, std::string_view doing, int error) {
    return "could not write " + path.string() + " (" + std::string(doing) +
           "): " + std::strerror(error) + "; check the directory exists and is writable";
}

}  // namespace

Expected<void, std::string> write_file_atomically(const std::filesystem::path& path,
                                                  std::string_view text) {
    std::filesystem::path temporary = path;
    temporary += ".tmp." + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return make_unexpected(failure(path, "creating " + temporary.string(), errno));
    }
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const int error = n < 0 ? errno : EIO;
            ::close(fd);
            ::unlink(temporary.c_str());
            return make_unexpected(failure(path, "writing", error));
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        return make_unexpected(failure(path, "flushing", error));
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        return make_unexpected(failure(path, "renaming the temporary file over it", error));
    }
    return {};
}

}  // namespace fairweather
