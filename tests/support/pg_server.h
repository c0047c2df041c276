#pragma once
// A private PostgreSQL server for the test binary that asks for one: started
// on first use (initdb into a fresh temporary directory, listening on
// 127.0.0.1 on a free port and on a Unix socket in that directory), stopped
// and deleted when the binary exits. As root, initdb and postgres run as the
// postgres user (initdb refuses root). Durability is off (fsync, full page
// writes, synchronous commit): a test server need not survive a power cut.
//
// Logins over TCP need the password (scram-sha-256), so a store that opens
// `url(...)` with `password()` really sends it.

#include <memory>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/store/state_store.h"
#include "core/util/secret.h"

namespace fairweather::testing {

class PgServer {
  public:
    // The binary's server, started on the first call; fails the test (with
    // the server's log) when it cannot start.
    static PgServer& get();
    ~PgServer();
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;

    // A new, empty database (t_1, t_2, ...), so cases never see each other's rows.
    std::string fresh_database();
    // postgresql://USER@127.0.0.1:PORT/DATABASE (no password in it).
    std::string url(const std::string& database) const;
    const Secret& password() const { return m_password; }
    const std::string& user() const { return m_user; }
    int port() const { return m_port; }

    // Runs `sql` on `database` as the superuser (over the Unix socket) and
    // returns the first column of the first row ("" when none); fails the
    // test on an error.
    std::string sql(const std::string& database, const std::string& sql);
    // The same, answering the error message instead ("" when it succeeded).
    std::string sql_error(const std::string& database, const std::string& sql);

    // Stops the server (a fast shutdown: every client is disconnected) and
    // starts it again on the same port and data directory, as a database
    // host's restart looks to its clients. Returns once it accepts
    // connections again; fails the test (with the server's log) when it
    // does not come back.
    void restart();
    // Ends the server processes of `database`'s client connections
    // (pg_terminate_backend), all of them or, when `client_ports` is not
    // empty, those whose client port is one of them (tcp_client_ports()
    // finds a process's). Never the connection that asks. Returns how many
    // it ended, once they are gone (up to 10 seconds each); their clients
    // see the connection lost at their next use.
    int terminate_connections(const std::string& database,
                              const std::vector<int>& client_ports = {});

    // A connection of its own to `database`, as the superuser, kept open
    // until the object goes: for statements that must share a session, such
    // as a transaction holding a row lock while a test watches who waits.
    class Session {
      public:
        ~Session();
        Session(const Session&) = delete;
        Session& operator=(const Session&) = delete;
        // Runs `sql` and returns the first column of the first row ("" when
        // none); fails the test on an error.
        std::string sql(const std::string& sql);

      private:
        friend class PgServer;
        explicit Session(void* conn) : m_conn(conn) {}
        void* m_conn;  // PGconn*, kept out of this header with libpq
    };
    std::unique_ptr<Session> session(const std::string& database);

  private:
    PgServer() = default;
    void start();
    // Starts postgres on `port` and waits until it answers; false (the
    // process gone again) when it exits or does not answer within a minute.
    bool launch(int port);
    // libpq's connection string for `database` over the Unix socket.
    std::string connection_info(const std::string& database) const;

    std::string m_dir;
    std::string m_bin;
    std::string m_user = "fairweather";
    Secret m_password{"pw-4c1d-never-shown"};
    int m_port = 0;
    int m_pid = -1;
    int m_next_database = 0;
    std::string m_last_value;  // what sql_error's statement answered
};

// A PostgreSQL store on a fresh database of the binary's server; its name
// goes to `database` when given. Fails the test when it cannot be opened.
std::unique_ptr<StateStore> fresh_postgres_store(std::string* database = nullptr);

// The directory holding initdb and postgres ("" when PostgreSQL is not installed).
std::string postgres_bin_dir();

// Boost.Test precondition for the cases that need a server: without the
// binaries they print "SKIPPED: ..." (CTest reports them skipped).
boost::test_tools::assertion_result postgres_present(boost::unit_test::test_unit_id);

}  // namespace fairweather::testing
