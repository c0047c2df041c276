#include "tests/support/process.h"

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <set>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/fixtures.h"
#include "tests/support/payloads.h"

namespace fairweather::testing {

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string stem = "fairweather-proc-" + std::to_string(::getpid()) + "-" +
                             std::to_string(reinterpret_cast<std::uintptr_t>(&args));
    const auto out_path = dir / (stem + ".out");
    const auto err_path = dir / (stem + ".err");

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);

    Argv argv(program, args);

    std::vector<std::string> env_storage;
    if (const char* path = std::getenv("PATH")) {
        env_storage.push_back(std::string("PATH=") + path);
    }
    // Sanitizer settings of the test run apply to the child too.
    for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}) {
        if (const char* v = std::getenv(name)) {
            env_storage.push_back(std::string(name) + "=" + v);
        }
    }
    for (const auto& [k, v] : env) {
        env_storage.push_back(k + "=" + v);
    }
    std::vector<char*> envp;
    for (auto& e : env_storage) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);

    pid_t pid = 0;
    const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.argv(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        throw std::runtime_error("cannot start " + program);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    ProcessResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    std::filesystem::remove(out_path);
    std::filesystem::remove(err_path);
    return result;
}

std::vector<int> tcp_client_ports(int pid, int remote_port) {
    namespace fs = std::filesystem;
    const fs::path proc = "/proc/" + std::to_string(pid);
    // Its sockets by inode: each descriptor of a socket links to "socket:[INODE]".
    std::set<std::string> inodes;
    std::error_code ec;
    for (const auto& fd : fs::directory_iterator(proc / "fd", ec)) {
        const std::string target = fs::read_symlink(fd.path(), ec).string();
        if (!ec && target.starts_with("socket:[") && target.ends_with("]")) {
            inodes.insert(target.substr(8, target.size() - 9));
        }
    }
    // "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...",
    // addresses as HEXADDR:HEXPORT.
    std::vector<int> ports;
    std::istringstream table(read_file(proc / "net" / "tcp"));
    std::string line;
    std::getline(table, line);  // the header
    while (std::getline(table, line)) {
        std::istringstream row(line);
        std::vector<std::string> fields;
        for (std::string field; row >> field && fields.size() < 10;) {
            fields.push_back(field);
        }
        if (fields.size() < 10 || !inodes.contains(fields[9])) {
            continue;
        }
        const auto port_of = [](const std::string& address) {
            return static_cast<int>(std::stoul(address.substr(address.find(':') + 1), nullptr, 16));
        };
        if (port_of(fields[2]) == remote_port) {
            ports.push_back(port_of(fields[1]));
        }
    }
    return ports;
}

std::string gate_binary() {
    return FAIRWEATHER_GATE_BIN;
}
std::string monitor_binary() {
    return FAIRWEATHER_MONITOR_BIN;
}

}  // namespace fairweather::testing

#include <poll.h>

extern char** environ;
#include <chrono>
#include <signal.h>

namespace fairweather::testing {

BackgroundProcess::BackgroundProcess(const std::string& program,
                                     const std::vector<std::string>& args) {
    int fds[2];
    if (::pipe(fds) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    Argv argv(program, args);

    const int rc = posix_spawn(&m_pid, program.c_str(), &actions, nullptr, argv.argv(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    m_err_fd = fds[0];
    if (rc != 0) {
        ::close(m_err_fd);
        throw std::runtime_error("cannot start " + program);
    }
}

BackgroundProcess::~BackgroundProcess() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
    if (m_err_fd >= 0) {
        ::close(m_err_fd);
    }
}

std::string BackgroundProcess::wait_for_line(const std::string& needle, int seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{seconds};
    for (;;) {
        // Look for a complete line holding the needle in what arrived so far.
        for (auto end = m_err.find('\n', m_scanned); end != std::string::npos;
             end = m_err.find('\n', m_scanned)) {
            const std::string line = m_err.substr(m_scanned, end - m_scanned);
            m_scanned = end + 1;
            if (line.find(needle) != std::string::npos) {
                return line;
            }
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return {};
        }
        pollfd p{m_err_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            return {};
        }
        char buf[4096];
        const ssize_t n = ::read(m_err_fd, buf, sizeof buf);
        if (n <= 0) {
            return {};  // the program closed stderr: it exited
        }
        m_err.append(buf, static_cast<std::size_t>(n));
    }
}

void BackgroundProcess::signal(int signal) {
    if (m_pid > 0) {
        ::kill(m_pid, signal);
    }
}

const std::string& BackgroundProcess::drain() {
    for (;;) {
        pollfd p{m_err_fd, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0) {
            return m_err;
        }
        char buf[4096];
        const ssize_t n = ::read(m_err_fd, buf, sizeof buf);
        if (n <= 0) {
            return m_err;  // nothing more, or the program closed stderr
        }
        m_err.append(buf, static_cast<std::size_t>(n));
    }
}

int BackgroundProcess::stop(int signal) {
    ::kill(m_pid, signal);
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    char buf[4096];
    ssize_t n = 0;
    while ((n = ::read(m_err_fd, buf, sizeof buf)) > 0) {
        m_err.append(buf, static_cast<std::size_t>(n));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace fairweather::testing
