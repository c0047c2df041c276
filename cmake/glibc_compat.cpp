// For the portable gate (cmake/PortableGate.cmake), which must load on glibc
// 2.35. Debian 12's static libstdc++ (random.o, pulled in with the old-ABI
// std::string that std::runtime_error uses) calls arc4random, which glibc
// only has since 2.36; defined here, the link binds to this one and the
// binary asks nothing newer of glibc. getrandom(2) is in glibc since 2.25.
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <sys/random.h>

extern "C" std::uint32_t arc4random() noexcept {
    std::uint32_t value = 0;
    auto* out = reinterpret_cast<unsigned char*>(&value);
    std::size_t got = 0;
    while (got < sizeof value) {
        const ssize_t n = getrandom(out + got, sizeof value - got, 0);
        if (n > 0) {
            got += static_cast<std::size_t>(n);
        } else if (n < 0 && errno != EINTR) {
            std::abort();  // as glibc's own arc4random does when the kernel cannot give entropy
        }
    }
    return value;
}
