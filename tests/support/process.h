#pragma once
// Runs a program (one of the project's binaries) with arguments and an
// environment, and captures its exit status and output.

#include <map>
#include <string>
#include <vector>

namespace fairweather::testing {

struct ProcessResult {
    int exit_code = -1;  // -1 when killed by a signal
    std::string out;
    std::string err;
};

// Runs `program` with `args` and exactly the environment `env` (plus PATH),
// waiting for it to finish.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});

// Paths of the built binaries (from CMake).
std::string gate_binary();
std::string monitor_binary();

// The local ports of the TCP connections process `pid` holds open to
// `remote_port` on any address: what the server sees as the client's port
// (PostgreSQL's pg_stat_activity.client_port). Linux only: it matches the
// process's socket descriptors against /proc/PID/net/tcp; empty when it
// holds none or /proc cannot be read.
std::vector<int> tcp_client_ports(int pid, int remote_port);

}  // namespace fairweather::testing

namespace fairweather::testing {

// A program running in the background, its stderr readable line by line while
// it runs. The destructor kills it if it is still running.
class BackgroundProcess {
  public:
    BackgroundProcess(const std::string& program, const std::vector<std::string>& args);
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    // Reads stderr until a line contains `needle` and returns that line, or
    // returns "" when the program exits or `seconds` pass first. Blocks in
    // poll() on the pipe: it waits for output, not for time to pass.
    std::string wait_for_line(const std::string& needle, int seconds = 20);
    // Sends `signal` and returns the exit status (-1 if killed by a signal).
    int stop(int signal);
    // Sends `signal` and returns at once, without waiting for the program to
    // act on it: SIGSTOP and SIGCONT, or a SIGKILL whose exit is collected
    // later by stop() or the destructor.
    void signal(int signal);
    // The program's process id (-1 once stop() has collected its exit).
    int pid() const { return m_pid; }
    // Reads whatever stderr holds now without blocking, and returns
    // everything read so far. A test that watches several programs calls it
    // as it goes, so none of them blocks on a full pipe while it waits for
    // another.
    const std::string& drain();
    // Everything read from stderr so far.
    const std::string& err() const { return m_err; }

  private:
    int m_pid = -1;
    int m_err_fd = -1;
    std::string m_err;
    std::size_t m_scanned = 0;
};

}  // namespace fairweather::testing
