#include "core/util/files.h"

#include <array>
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

Expected<std::string, std::string> read_whole_file(const std::filesystem::path& path) {
    const auto failed = [&path](int error) {
        return make_unexpected("cannot read " + path.string() + ": " + std::strerror(error));
    };
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return failed(errno);
    }
    // read(2) rather than an ifstream: a directory opens as a stream and
    // reads as empty, where read(2) says EISDIR.
    std::string text;
    std::array<char, 64 * 1024> buffer{};
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            return failed(error);
        }
        if (n == 0) {
            break;
        }
        text.append(buffer.data(), static_cast<std::size_t>(n));
    }
    ::close(fd);
    return text;
}

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
