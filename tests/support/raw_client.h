#pragma once
// A plain TCP client for tests that speak HTTP bytes by hand: slow senders,
// smuggling attempts, HEAD answers and what a server closes. Every read waits
// for the server (30 s at most), never for time to pass. Header-only.

#include <arpa/inet.h>
#include <cerrno>
#include <cstdint>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

namespace fairweather::testing {

// A client socket connected to 127.0.0.1:port.
class RawClient {
  public:
    explicit RawClient(int port) {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        BOOST_REQUIRE(::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        // Every read waits for the server, never longer than this.
        timeval limit{30, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    }
    ~RawClient() { ::close(m_fd); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    void send(const std::string& bytes) {
        BOOST_REQUIRE(::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                      static_cast<ssize_t>(bytes.size()));
    }
    // One response: the head, then Content-Length bytes of body (none for
    // `head_only`). Empty when the server closed first.
    std::string response(bool head_only = false) {
        while (m_in.find("\r\n\r\n") == std::string::npos) {
            if (!fill()) {
                return {};
            }
        }
        const std::size_t head = m_in.find("\r\n\r\n") + 4;
        std::size_t length = 0;
        const auto at = m_in.find("Content-Length: ");
        if (at != std::string::npos && at < head) {
            length = std::stoul(m_in.substr(at + 16));
        }
        const std::size_t total = head + (head_only ? 0 : length);
        while (m_in.size() < total) {
            if (!fill()) {
                return {};
            }
        }
        std::string out = m_in.substr(0, total);
        m_in.erase(0, total);
        return out;
    }
    // Whether the server closes the connection (reading until it does).
    bool closed_by_server() {
        while (fill()) {
        }
        return m_eof;
    }
    const std::string& leftover() const { return m_in; }

  private:
    bool fill() {
        char buffer[65536];
        const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            // A close with unread request bytes is a reset, still the server's close.
            m_eof = n == 0 || errno == ECONNRESET;
            return false;
        }
        m_in.append(buffer, static_cast<std::size_t>(n));
        return true;
    }

    int m_fd = -1;
    std::string m_in;
    bool m_eof = false;
};

}  // namespace fairweather::testing
