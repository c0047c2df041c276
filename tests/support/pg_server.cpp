#include "tests/support/pg_server.h"

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <grp.h>
#include <iostream>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "core/store/pg_store.h"
#include "tests/support/process.h"

namespace fairweather::testing {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A port nobody listens on now (the kernel's pick for an ephemeral bind).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t length = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
        port = ntohs(addr.sin_port);
    }
    ::close(fd);
    return port;
}

// The postgres user, when running as root (initdb and postgres refuse root).
const passwd* server_user() {
    return ::geteuid() == 0 ? ::getpwnam("postgres") : nullptr;
}

// run_process execs a path, not a name to look up.
std::string runuser_path() {
    for (const char* path : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"}) {
        if (::access(path, X_OK) == 0) {
            return path;
        }
    }
    return "runuser";
}

// Starts postgres as the server user, its output going to `log`.
int spawn_postgres(const std::string& bin, const std::string& dir, int port) {
    const std::vector<std::string> args = {bin + "/postgres",
                                           "-D",
                                           dir + "/data",
                                           "-k",
                                           dir,
                                           "-h",
                                           "127.0.0.1",
                                           "-p",
                                           std::to_string(port),
                                           "-c",
                                           "fsync=off",
                                           "-c",
                                           "synchronous_commit=off",
                                           "-c",
                                           "full_page_writes=off"};
    const passwd* user = server_user();
    const uid_t uid = user ? user->pw_uid : 0;
    const gid_t gid = user ? user->pw_gid : 0;
    const int log = ::open((dir + "/log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    const pid_t pid = ::fork();
    if (pid != 0) {
        ::close(log);
        return pid;
    }
    ::dup2(log, 1);
    ::dup2(log, 2);
    if (user != nullptr &&
        (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)) {
        ::_exit(126);
    }
    // Should this test binary die without its destructors, the server goes too.
    ::prctl(PR_SET_PDEATHSIG, SIGINT);
    std::vector<char*> argv;
    for (const auto& a : args) {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
}

// Runs `sql` on `conn`: the error message, or "" with the first column of
// the first row (if any) in `value`.
std::string run_sql(PGconn* conn, const std::string& sql, std::string& value) {
    PGresult* result = PQexec(conn, sql.c_str());
    const auto status = PQresultStatus(result);
    std::string error;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        error = PQresultErrorMessage(result);
    } else if (PQntuples(result) > 0 && PQnfields(result) > 0) {
        value = PQgetvalue(result, 0, 0);
    }
    PQclear(result);
    return error;
}

}  // namespace

std::string postgres_bin_dir() {
    std::error_code ec;
    std::string best;
    for (const auto& version : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
        const auto bin = version.path() / "bin";
        if (std::filesystem::exists(bin / "initdb", ec) &&
            std::filesystem::exists(bin / "postgres", ec) && bin.string() > best) {
            best = bin.string();
        }
    }
    return best;
}

boost::test_tools::assertion_result postgres_present(boost::unit_test::test_unit_id) {
    std::string why;
    if (postgres_bin_dir().empty()) {
        why =
            "SKIPPED: PostgreSQL's server binaries (initdb, postgres) are not under "
            "/usr/lib/postgresql/*/bin; install them (apt-get install postgresql) to run this "
            "case";
    } else if (::geteuid() == 0 && server_user() == nullptr) {
        why =
            "SKIPPED: running as root, the test server must run as the postgres user, and "
            "there is none; install the postgresql package (it creates the user) or run as "
            "another user";
    } else {
        return true;
    }
    std::cout << why << std::endl;
    boost::test_tools::assertion_result result(false);
    result.message() << why;
    return result;
}

PgServer& PgServer::get() {
    // Destroyed at exit, which stops the server and deletes its directory.
    static std::unique_ptr<PgServer> server;
    if (!server) {
        server.reset(new PgServer());
        server->start();
    }
    BOOST_REQUIRE_MESSAGE(server->m_pid > 0, "the test PostgreSQL server did not start");
    return *server;
}

void PgServer::start() {
    m_bin = postgres_bin_dir();
    char dir[] = "/tmp/fairweather-pg-XXXXXX";
    BOOST_REQUIRE_MESSAGE(::mkdtemp(dir) != nullptr, "could not make a temporary directory");
    m_dir = dir;
    const passwd* user = server_user();
    const std::string pwfile = m_dir + "/pw";
    std::ofstream(pwfile) << m_password.reveal() << "\n";
    if (user != nullptr) {
        BOOST_REQUIRE(::chown(m_dir.c_str(), user->pw_uid, user->pw_gid) == 0);
        BOOST_REQUIRE(::chown(pwfile.c_str(), user->pw_uid, user->pw_gid) == 0);
    }
    std::vector<std::string> initdb = {m_bin + "/initdb",
                                       "-D",
                                       m_dir + "/data",
                                       "-U",
                                       m_user,
                                       "--pwfile=" + pwfile,
                                       "--auth-local=trust",
                                       "--auth-host=scram-sha-256",
                                       "-E",
                                       "UTF8",
                                       "--locale=C",
                                       "--no-sync"};
    std::string program = initdb.front();
    if (user != nullptr) {
        initdb.insert(initdb.begin(), {"-u", "postgres", "--"});
        program = runuser_path();
    } else {
        initdb.erase(initdb.begin());
    }
    const auto made = run_process(program, initdb);
    std::filesystem::remove(pwfile);
    BOOST_REQUIRE_MESSAGE(made.exit_code == 0, "initdb failed: " + made.err + made.out);

    // A port can be taken between picking and binding it: then try another.
    for (int attempt = 0; attempt < 3 && m_pid < 0; ++attempt) {
        m_port = free_port();
        launch(m_port);
    }
    BOOST_REQUIRE_MESSAGE(m_pid > 0, "postgres did not start:\n" + read_file(m_dir + "/log"));
}

bool PgServer::launch(int port) {
    const int pid = spawn_postgres(m_bin, m_dir, port);
    const std::string ping = "host=" + m_dir + " port=" + std::to_string(port) +
                             " dbname=postgres user=" + m_user + " connect_timeout=5";
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < give_up) {
        if (PQping(ping.c_str()) == PQPING_OK) {
            m_pid = pid;
            return true;
        }
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            return false;  // it exited: the log says why
        }
        // Between connection attempts, not a wait for time to pass.
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return false;
}

void PgServer::restart() {
    BOOST_REQUIRE_MESSAGE(m_pid > 0, "the test PostgreSQL server is not running");
    ::kill(m_pid, SIGINT);  // a fast shutdown: clients are disconnected, not waited for
    ::waitpid(m_pid, nullptr, 0);
    m_pid = -1;
    BOOST_REQUIRE_MESSAGE(launch(m_port), "postgres did not start again on port "
                                              << m_port << ":\n"
                                              << read_file(m_dir + "/log"));
}

int PgServer::terminate_connections(const std::string& database,
                                    const std::vector<int>& client_ports) {
    std::string query =
        "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity WHERE datname = '" +
        database + "' AND pid <> pg_backend_pid()";
    if (!client_ports.empty()) {
        query += " AND client_port IN (";
        for (std::size_t i = 0; i < client_ports.size(); ++i) {
            query += (i == 0 ? "" : ",") + std::to_string(client_ports[i]);
        }
        query += ")";
    }
    return std::stoi(sql("postgres", query));
}

std::unique_ptr<PgServer::Session> PgServer::session(const std::string& database) {
    PGconn* conn = PQconnectdb(connection_info(database).c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string error = PQerrorMessage(conn);
        PQfinish(conn);
        BOOST_FAIL("cannot open a session on " + database + ": " + error);
    }
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    return std::unique_ptr<Session>(new Session(conn));
}

PgServer::Session::~Session() {
    PQfinish(static_cast<PGconn*>(m_conn));
}

std::string PgServer::Session::sql(const std::string& sql) {
    std::string value;
    const std::string error = run_sql(static_cast<PGconn*>(m_conn), sql, value);
    BOOST_REQUIRE_MESSAGE(error.empty(), "SQL failed: " + sql + ": " + error);
    return value;
}

std::string PgServer::connection_info(const std::string& database) const {
    return "host=" + m_dir + " port=" + std::to_string(m_port) + " dbname=" + database +
           " user=" + m_user;
}

PgServer::~PgServer() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGINT);  // a fast shutdown
        ::waitpid(m_pid, nullptr, 0);
    }
    if (!m_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
}

std::string PgServer::fresh_database() {
    const std::string name = "t_" + std::to_string(++m_next_database);
    sql("postgres", "CREATE DATABASE " + name);
    return name;
}

std::string PgServer::url(const std::string& database) const {
    return "postgresql://" + m_user + "@127.0.0.1:" + std::to_string(m_port) + "/" + database;
}

std::string PgServer::sql_error(const std::string& database, const std::string& sql) {
    PGconn* conn = PQconnectdb(connection_info(database).c_str());
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    const std::string error =
        PQstatus(conn) != CONNECTION_OK ? PQerrorMessage(conn) : run_sql(conn, sql, m_last_value);
    PQfinish(conn);
    return error;
}

std::string PgServer::sql(const std::string& database, const std::string& sql) {
    m_last_value.clear();
    const std::string error = sql_error(database, sql);
    BOOST_REQUIRE_MESSAGE(error.empty(), "SQL failed: " + sql + ": " + error);
    return m_last_value;
}

std::unique_ptr<StateStore> fresh_postgres_store(std::string* database) {
    auto& server = PgServer::get();
    const std::string name = server.fresh_database();
    if (database != nullptr) {
        *database = name;
    }
    auto store = open_postgres_store(server.url(name), server.password());
    BOOST_REQUIRE_MESSAGE(store.has_value(), (store ? "" : store.error().message));
    return std::move(*store);
}

}  // namespace fairweather::testing
