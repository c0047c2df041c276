#include "tests/support/loopback_server.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <stdexcept>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>

#include "core/util/text.h"

namespace fairweather::testing {
namespace {

// False when the client went away before taking it all.
bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string reason_phrase(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 304:
            return "Not Modified";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        default:
            return "Status";
    }
}

// The size of the first whole request in `data` (its head and Content-Length
// bytes of body), or nullopt while more is to come.
std::optional<std::size_t> whole_request(std::string_view data) {
    const auto head_end = data.find("\r\n\r\n");
    if (head_end == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t content_length = 0;
    const std::string head = lower(data.substr(0, head_end));
    if (const auto cl = head.find("\r\ncontent-length:"); cl != std::string::npos) {
        content_length = std::stoul(head.substr(cl + 17));
    }
    const std::size_t size = head_end + 4 + content_length;
    return data.size() >= size ? std::optional(size) : std::nullopt;
}

// One whole request, as whole_request() measured it.
RecordedRequest parse_request(std::string_view data) {
    RecordedRequest req;
    const std::string_view head = data.substr(0, data.find("\r\n\r\n"));
    std::size_t line_end = head.find("\r\n");
    const std::string_view request_line = head.substr(0, line_end);
    const auto sp1 = request_line.find(' ');
    const auto sp2 = request_line.find(' ', sp1 + 1);
    req.method = request_line.substr(0, sp1);
    req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    req.version = sp2 == std::string_view::npos ? "" : request_line.substr(sp2 + 1);
    while (line_end != std::string_view::npos && line_end < head.size()) {
        const std::size_t start = line_end + 2;
        line_end = head.find("\r\n", start);
        const std::string_view line = head.substr(
            start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
        const auto colon = line.find(':');
        if (colon != std::string_view::npos) {
            std::string value(line.substr(colon + 1));
            value.erase(0, value.find_first_not_of(" \t"));
            req.headers.emplace_back(line.substr(0, colon), value);
        }
    }
    req.body = data.substr(head.size() + 4);
    req.arrived = std::chrono::steady_clock::now();
    return req;
}

// Whether header fields carry "Connection: close".
bool says_close(const std::vector<std::pair<std::string, std::string>>& headers) {
    return std::any_of(headers.begin(), headers.end(), [](const auto& field) {
        return iequals(field.first, "Connection") &&
               lower(field.second).find("close") != std::string::npos;
    });
}

}  // namespace

std::uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::string RecordedRequest::header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
        if (iequals(n, name)) {
            return v;
        }
    }
    return {};
}

LoopbackServer::LoopbackServer() {
    m_listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listen_fd < 0) {
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    }
    const int yes = 1;
    ::setsockopt(m_listen_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;  // the kernel picks a free port
    if (::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(m_listen_fd, 64) != 0) {
        const std::string why = std::strerror(errno);
        ::close(m_listen_fd);
        throw std::runtime_error("bind/listen on 127.0.0.1: " + why);
    }
    socklen_t len = sizeof addr;
    ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve_loop(); });
}

LoopbackServer::~LoopbackServer() {
    m_stopping = true;
    m_thread.join();  // closes every connection
    ::close(m_listen_fd);
}

std::string LoopbackServer::url() const {
    return "http://127.0.0.1:" + std::to_string(m_port);
}

void LoopbackServer::route(const std::string& path, ScriptedResponse response) {
    std::lock_guard lock(m_mutex);
    m_routes[path].push_back(std::move(response));
}

namespace {
ScriptedResponse json_response(std::string body, std::string etag) {
    ScriptedResponse r;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = std::move(body);
    r.etag = std::move(etag);
    return r;
}
}  // namespace

void LoopbackServer::serve_json(const std::string& path, std::string body, std::string etag) {
    route(path, json_response(std::move(body), std::move(etag)));
}

void LoopbackServer::replace(const std::string& path, ScriptedResponse response) {
    std::lock_guard lock(m_mutex);
    m_routes[path] = {std::move(response)};
    m_served[path] = 0;
}

void LoopbackServer::replace_json(const std::string& path, std::string body, std::string etag) {
    replace(path, json_response(std::move(body), std::move(etag)));
}

void LoopbackServer::set_handler(Handler handler) {
    std::lock_guard lock(m_mutex);
    m_handler = std::move(handler);
}

std::size_t LoopbackServer::count(const std::string& path) const {
    std::lock_guard lock(m_mutex);
    return static_cast<std::size_t>(std::count_if(
        m_requests.begin(), m_requests.end(),
        [&](const auto& r) { return r.target.substr(0, r.target.find('?')) == path; }));
}

bool LoopbackServer::wait_for_count(const std::string& path, std::size_t n,
                                    std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_arrived.wait_for(lock, timeout, [&] {
        return static_cast<std::size_t>(
                   std::count_if(m_requests.begin(), m_requests.end(), [&](const auto& r) {
                       return r.target.substr(0, r.target.find('?')) == path;
                   })) >= n;
    });
}

bool LoopbackServer::wait_for_total(std::size_t n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    return m_arrived.wait_for(lock, timeout, [&] { return m_requests.size() >= n; });
}

std::size_t LoopbackServer::not_modified(const std::string& path) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_304.find(path);
    return it == m_304.end() ? 0 : it->second;
}

std::vector<RecordedRequest> LoopbackServer::requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
}

std::size_t LoopbackServer::request_count() const {
    std::lock_guard lock(m_mutex);
    return m_requests.size();
}

std::size_t LoopbackServer::connections() const {
    std::lock_guard lock(m_mutex);
    return m_accepted;
}

void LoopbackServer::serve_loop() {
    while (!m_stopping) {
        std::vector<pollfd> fds{{m_listen_fd, POLLIN, 0}};
        for (const Connection& c : m_open) {
            fds.push_back({c.fd, POLLIN, 0});
        }
        // A short poll timeout only bounds how long shutdown takes; no test waits on it.
        if (::poll(fds.data(), fds.size(), 50) <= 0) {
            continue;
        }
        std::vector<Connection> still_open;
        for (std::size_t i = 1; i < fds.size(); ++i) {
            Connection& c = m_open[i - 1];
            if (fds[i].revents == 0 || read_from(c)) {
                still_open.push_back(std::move(c));
            }
        }
        m_open = std::move(still_open);
        if ((fds[0].revents & POLLIN) != 0) {
            accept_connection();
        }
    }
    for (const Connection& c : m_open) {
        ::close(c.fd);
    }
    for (const int fd : m_silent_fds) {
        ::close(fd);
    }
}

void LoopbackServer::accept_connection() {
    // Close-on-exec: a child process the test starts must not hold the
    // server's end of a kept-alive connection open after the server closes it.
    const int fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
        return;
    }
    m_open.push_back(Connection{fd, {}});
    std::lock_guard lock(m_mutex);
    ++m_accepted;
}

bool LoopbackServer::read_from(Connection& c) {
    char buf[16384];
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n <= 0) {
        ::close(c.fd);  // the client closed it (or reset it)
        return false;
    }
    c.pending.append(buf, static_cast<std::size_t>(n));
    while (const auto size = whole_request(c.pending)) {
        const std::string data = c.pending.substr(0, *size);
        c.pending.erase(0, *size);
        const RecordedRequest request = parse_request(data);
        switch (respond(c.fd, request, answer(request))) {
            case After::keep:
                break;
            case After::close:
                ::shutdown(c.fd, SHUT_RDWR);
                ::close(c.fd);
                return false;
            case After::park:
                m_silent_fds.push_back(c.fd);  // closed when the server stops
                return false;
        }
    }
    return true;
}

ScriptedResponse LoopbackServer::answer(const RecordedRequest& req) {
    const std::string path = req.target.substr(0, req.target.find('?'));
    ScriptedResponse response;
    {
        std::lock_guard lock(m_mutex);
        m_requests.push_back(req);
        const auto it = m_routes.find(path);
        std::optional<ScriptedResponse> handled = m_handler ? m_handler(req) : std::nullopt;
        if (handled) {
            response = std::move(*handled);
        } else if (it == m_routes.end() || it->second.empty()) {
            response.status = 404;
            response.body = "no route for " + path;
        } else {
            std::size_t& served = m_served[path];
            response = it->second[std::min(served, it->second.size() - 1)];
            ++served;
        }
        if (!response.etag.empty()) {
            if (req.header("If-None-Match") == response.etag) {
                response.status = 304;
                response.body.clear();
                ++m_304[path];
            }
            response.headers.emplace_back("ETag", response.etag);
        }
    }
    m_arrived.notify_all();
    return response;
}

LoopbackServer::After LoopbackServer::respond(int fd, const RecordedRequest& req,
                                              const ScriptedResponse& response) {
    switch (response.mode) {
        case ScriptedResponse::Mode::silent:
            return After::park;
        case ScriptedResponse::Mode::hang_up:
            return After::close;
        case ScriptedResponse::Mode::normal:
        case ScriptedResponse::Mode::truncated:
            break;
    }
    const bool truncated = response.mode == ScriptedResponse::Mode::truncated;
    const bool scripted_close = says_close(response.headers);
    const bool close =
        truncated || scripted_close || says_close(req.headers) || req.version == "HTTP/1.0";
    const std::size_t length = truncated ? response.declared_length : response.body.size();
    std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " +
                      reason_phrase(response.status) + "\r\n";
    for (const auto& [name, value] : response.headers) {
        out += name + ": " + value + "\r\n";
    }
    out += "Content-Length: " + std::to_string(length) + "\r\n";
    if (close && !scripted_close) {
        out += "Connection: close\r\n";
    }
    out += "\r\n";
    if (req.method != "HEAD") {
        out += response.body;
    }
    return send_all(fd, out) && !close ? After::keep : After::close;
}

}  // namespace fairweather::testing
