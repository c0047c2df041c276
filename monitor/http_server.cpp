#include "monitor/http_server.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "monitor/http_wire.h"

namespace fairweather::monitor {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Instant = SteadyClock::time_point;

std::string errno_text() {
    return std::strerror(errno);
}

// "HOST:PORT" or "[V6]:PORT" into its parts.
Expected<std::pair<std::string, std::string>, std::string> split_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon + 1 == listen.size()) {
        return make_unexpected("\"" + listen + "\" is not HOST:PORT");
    }
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    return std::pair{host, listen.substr(colon + 1)};
}

// A bound, listening, non-blocking socket.
Expected<int, std::string> open_listener(const std::string& listen) {
    const auto parts = split_listen(listen);
    if (!parts) {
        return make_unexpected(parts.error());
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const char* host = parts->first.empty() ? nullptr : parts->first.c_str();
    if (const int rc = ::getaddrinfo(host, parts->second.c_str(), &hints, &found); rc != 0) {
        return make_unexpected("cannot resolve " + listen + ": " + ::gai_strerror(rc));
    }
    std::string problem = "no address to listen on";
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            problem = errno_text();
            continue;
        }
        const int on = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 128) == 0) {
            ::freeaddrinfo(found);
            return fd;
        }
        problem = errno_text();
        ::close(fd);
    }
    ::freeaddrinfo(found);
    return make_unexpected(problem);
}

int bound_port(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        return 0;
    }
    if (address.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    }
    return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

ServerResponse error_response(int status, const std::string& message) {
    std::string body = "{\"error\":\"";
    for (const char c : message) {
        body += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
    }
    return ServerResponse{status, "application/json", body + "\"}\n", {}};
}

struct Connection {
    enum class State { reading, dispatched, writing };
    int fd = -1;
    State state = State::reading;
    std::string in;                         // read, not yet used
    std::optional<wire::RequestHead> head;  // once the head is in
    std::size_t head_bytes = 0;
    std::string out;  // to write
    std::size_t written = 0;
    bool close_after = false;
    Instant waiting_since;  // when it began waiting for its request
    Instant deadline;       // of the current phase
};

struct Job {
    std::uint64_t connection;
    ServerRequest request;
    bool head_only;
    bool close;
};

struct Done {
    std::uint64_t connection;
    std::string bytes;
    bool close;
};

}  // namespace

struct HttpServer::Context {
    Handler handler;
    Admission admit;
    ServerLimits limits;
    int listener = -1;
    int wake = -1;  // an eventfd: a worker finished, or stop
    bool stopping = false;

    std::mutex mutex;  // guards jobs, done, stopping
    std::condition_variable work;
    std::deque<Job> jobs;
    std::vector<Done> done;

    std::map<std::uint64_t, Connection> connections;  // the I/O thread's alone
    std::uint64_t next_id = 1;
    std::thread io;
    std::vector<std::thread> workers;

    void run_io();
    void run_worker();
    void accept_all(Instant now);
    void evict_one();
    void read_from(std::uint64_t id, Connection& c, Instant now);
    void advance(std::uint64_t id, Connection& c, Instant now);
    void respond(Connection& c, const ServerResponse& r, bool close, Instant now);
    void write_to(Connection& c, Instant now);
    void finish_response(std::uint64_t id, Connection& c, Instant now);
    void take_done(Instant now);
    void expire(Instant now);
    void close_connection(std::uint64_t id);
    std::optional<Instant> next_deadline() const;
};

void HttpServer::Context::run_worker() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex);
            work.wait(lock, [&] { return stopping || !jobs.empty(); });
            if (stopping) {
                return;
            }
            job = std::move(jobs.front());
            jobs.pop_front();
        }
        ServerResponse response;
        try {
            response = handler(job.request);
        } catch (...) {
            // One bad request must not take the listener down.
            response = ServerResponse{
                500, "application/json", "{\"error\":\"internal error while answering\"}\n", {}};
        }
        std::string bytes = wire::serialize(response, job.head_only, job.close);
        {
            std::lock_guard lock(mutex);
            done.push_back(Done{job.connection, std::move(bytes), job.close});
        }
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto n = ::write(wake, &one, sizeof one);
    }
}

void HttpServer::Context::run_io() {
    std::vector<pollfd> fds;
    std::vector<std::uint64_t> ids;
    for (;;) {
        {
            std::lock_guard lock(mutex);
            if (stopping) {
                return;
            }
        }
        fds.assign({pollfd{wake, POLLIN, 0}, pollfd{listener, POLLIN, 0}});
        ids.assign({0, 0});
        for (const auto& [id, c] : connections) {
            if (c.state != Connection::State::dispatched) {
                const short events = c.state == Connection::State::writing ? POLLOUT : POLLIN;
                fds.push_back(pollfd{c.fd, events, 0});
                ids.push_back(id);
            }
        }
        int timeout = -1;
        if (const auto deadline = next_deadline()) {
            const auto wait =
                std::chrono::ceil<std::chrono::milliseconds>(*deadline - SteadyClock::now());
            timeout = static_cast<int>(std::max<std::int64_t>(0, wait.count()));
        }
        if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) {
            return;
        }
        const Instant now = SteadyClock::now();
        if (fds[0].revents != 0) {
            std::uint64_t drained = 0;
            [[maybe_unused]] const auto n = ::read(wake, &drained, sizeof drained);
            take_done(now);
        }
        if (fds[1].revents != 0) {
            accept_all(now);
        }
        for (std::size_t i = 2; i < fds.size(); ++i) {
            const auto it = connections.find(ids[i]);
            if (fds[i].revents == 0 || it == connections.end()) {
                continue;
            }
            Connection& c = it->second;
            if (c.state == Connection::State::writing) {
                (fds[i].revents & (POLLERR | POLLHUP)) != 0 ? close_connection(ids[i])
                                                            : write_to(c, now);
                if (connections.contains(ids[i]) && c.written == c.out.size()) {
                    finish_response(ids[i], c, now);
                }
            } else {
                read_from(ids[i], c, now);
            }
        }
        expire(SteadyClock::now());
    }
}

void HttpServer::Context::accept_all(Instant now) {
    for (;;) {
        const int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            return;  // EAGAIN: all taken; anything else: try again next round
        }
        if (connections.size() >= limits.max_connections) {
            evict_one();
        }
        const int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        Connection c;
        c.fd = fd;
        c.waiting_since = now;
        c.deadline = now + limits.request_timeout;
        connections.emplace(next_id++, std::move(c));
    }
}

// Makes room: closes the connection that has waited longest for its request
// (a slow sender, or an idle keep-alive), never one being answered.
void HttpServer::Context::evict_one() {
    auto oldest = connections.end();
    for (auto it = connections.begin(); it != connections.end(); ++it) {
        // Ties (connections accepted in one round) go to the lower id, the
        // one accepted first.
        if (it->second.state == Connection::State::reading &&
            (oldest == connections.end() ||
             std::pair(it->second.waiting_since, it->first) <
                 std::pair(oldest->second.waiting_since, oldest->first))) {
            oldest = it;
        }
    }
    if (oldest != connections.end()) {
        close_connection(oldest->first);
    }
}

void HttpServer::Context::read_from(std::uint64_t id, Connection& c, Instant now) {
    char buffer[16 * 1024];
    for (;;) {
        const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            if (c.in.empty() && !c.head) {
                // The request's first byte starts its clock.
                c.deadline = now + limits.request_timeout;
            }
            c.in.append(buffer, static_cast<std::size_t>(n));
            if (c.in.size() > limits.max_header_bytes + limits.max_body_bytes + 4) {
                break;  // more than any request may be: advance() refuses it
            }
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            close_connection(id);
            return;
        }
        if (errno != EINTR) {
            break;
        }
    }
    advance(id, c, now);
}

// Moves a reading connection on: its head parsed and admitted, its body
// waited for, the whole request handed to a worker.
void HttpServer::Context::advance(std::uint64_t id, Connection& c, Instant now) {
    if (!c.head) {
        const std::size_t length = wire::head_length(c.in);
        if (length == 0) {
            if (c.in.size() > limits.max_header_bytes) {
                respond(c,
                        error_response(431, "request head larger than " +
                                                std::to_string(limits.max_header_bytes) + " bytes"),
                        true, now);
            }
            return;
        }
        auto head =
            wire::parse_head(std::string_view(c.in).substr(0, length), limits.max_body_bytes);
        if (!head) {
            respond(c, error_response(head.error().status, head.error().message), true, now);
            return;
        }
        ServerRequest seen{head->method, head->path, head->query, head->headers, {}};
        if (admit) {
            if (auto refused = admit(seen)) {
                respond(c, *refused, true, now);  // the body is never read
                return;
            }
        }
        if (head->expects_continue && head->content_length > 0) {
            static constexpr std::string_view k_continue = "HTTP/1.1 100 Continue\r\n\r\n";
            // A fresh socket's buffer always has room for these few bytes.
            if (::send(c.fd, k_continue.data(), k_continue.size(), MSG_NOSIGNAL) < 0) {
                close_connection(id);
                return;
            }
        }
        c.head = std::move(*head);
        c.head_bytes = length;
    }
    if (c.in.size() < c.head_bytes + c.head->content_length) {
        return;  // the body is still coming, within the request's deadline
    }
    wire::RequestHead& head = *c.head;
    ServerRequest request{head.method, head.path, head.query, head.headers,
                          c.in.substr(c.head_bytes, head.content_length)};
    c.in.erase(0, c.head_bytes + head.content_length);
    const bool close = !head.keep_alive;
    const bool head_only = head.method == "HEAD";
    c.head.reset();
    c.state = Connection::State::dispatched;
    {
        std::lock_guard lock(mutex);
        jobs.push_back(Job{id, std::move(request), head_only, close});
    }
    work.notify_one();
}

void HttpServer::Context::respond(Connection& c, const ServerResponse& r, bool close, Instant now) {
    c.out = wire::serialize(r, false, close);
    c.written = 0;
    c.close_after = close;
    c.state = Connection::State::writing;
    c.deadline = now + limits.write_timeout;
    write_to(c, now);
}

void HttpServer::Context::write_to(Connection& c, Instant) {
    while (c.written < c.out.size()) {
        const ssize_t n =
            ::send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
        if (n > 0) {
            c.written += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;  // poll says when there is room again
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        c.close_after = true;  // the peer is gone: nothing more to say
        c.written = c.out.size();
    }
}

void HttpServer::Context::finish_response(std::uint64_t id, Connection& c, Instant now) {
    if (c.close_after) {
        close_connection(id);
        return;
    }
    c.out.clear();
    c.written = 0;
    c.state = Connection::State::reading;
    c.waiting_since = now;
    c.deadline = now + (c.in.empty() ? limits.idle_timeout : limits.request_timeout);
    advance(id, c, now);  // a pipelined request may be in already
}

void HttpServer::Context::take_done(Instant now) {
    std::vector<Done> finished;
    {
        std::lock_guard lock(mutex);
        finished.swap(done);
    }
    for (auto& d : finished) {
        const auto it = connections.find(d.connection);
        if (it == connections.end()) {
            continue;  // closed meanwhile
        }
        Connection& c = it->second;
        c.out = std::move(d.bytes);
        c.written = 0;
        c.close_after = d.close;
        c.state = Connection::State::writing;
        c.deadline = now + limits.write_timeout;
        write_to(c, now);
        if (c.written == c.out.size()) {
            finish_response(d.connection, c, now);
        }
    }
}

// Closes connections past their deadline: a request that did not arrive in
// time gets a 408 (if it had begun), an idle one or a stalled write just ends.
void HttpServer::Context::expire(Instant now) {
    std::vector<std::uint64_t> late;
    for (auto& [id, c] : connections) {
        if (c.state != Connection::State::dispatched && now >= c.deadline) {
            late.push_back(id);
        }
    }
    for (const auto id : late) {
        Connection& c = connections.at(id);
        if (c.state == Connection::State::reading && (!c.in.empty() || c.head)) {
            const std::string bytes = wire::serialize(
                error_response(408, "the request did not arrive within " +
                                        std::to_string(limits.request_timeout.count()) + " ms"),
                false, true);
            // Best effort: the client may not be reading either.
            [[maybe_unused]] const auto n =
                ::send(c.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        close_connection(id);
    }
}

void HttpServer::Context::close_connection(std::uint64_t id) {
    const auto it = connections.find(id);
    if (it != connections.end()) {
        ::close(it->second.fd);
        connections.erase(it);
    }
}

std::optional<Instant> HttpServer::Context::next_deadline() const {
    std::optional<Instant> next;
    for (const auto& [id, c] : connections) {
        if (c.state != Connection::State::dispatched && (!next || c.deadline < *next)) {
            next = c.deadline;
        }
    }
    return next;
}

Expected<std::unique_ptr<HttpServer>, std::string> HttpServer::start(const std::string& listen,
                                                                     Handler handler,
                                                                     Admission admit,
                                                                     ServerLimits limits) {
    auto listener = open_listener(listen);
    if (!listener) {
        return make_unexpected(listener.error());
    }
    const int wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake < 0) {
        ::close(*listener);
        return make_unexpected("cannot create an eventfd: " + errno_text());
    }
    std::unique_ptr<HttpServer> server(new HttpServer());
    server->m_context = std::make_unique<Context>();
    Context& context = *server->m_context;
    context.handler = std::move(handler);
    context.admit = std::move(admit);
    context.limits = limits;
    context.listener = *listener;
    context.wake = wake;
    server->m_port = bound_port(*listener);
    for (int i = 0; i < std::max(1, limits.threads); ++i) {
        context.workers.emplace_back([&context] { context.run_worker(); });
    }
    context.io = std::thread([&context] { context.run_io(); });
    return server;
}

HttpServer::~HttpServer() {
    if (!m_context) {
        return;
    }
    Context& context = *m_context;
    {
        std::lock_guard lock(context.mutex);
        context.stopping = true;
    }
    context.work.notify_all();
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(context.wake, &one, sizeof one);
    context.io.join();
    for (auto& worker : context.workers) {
        worker.join();
    }
    for (const auto& [id, c] : context.connections) {
        ::close(c.fd);
    }
    ::close(context.listener);
    ::close(context.wake);
}

}  // namespace fairweather::monitor
