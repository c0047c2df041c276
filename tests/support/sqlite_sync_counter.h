#pragma once
// Counts the syncs (fsync) SQLite asks of the file system: while a counter
// lives, the default VFS is one that wraps the previous default and counts
// every xSync on any file (database, write-ahead log, journal). Files opened
// while it lives must be closed before it dies. One counter at a time.

namespace fairweather::testing {

class SqliteSyncCounter {
  public:
    SqliteSyncCounter();
    ~SqliteSyncCounter();
    SqliteSyncCounter(const SqliteSyncCounter&) = delete;
    SqliteSyncCounter& operator=(const SqliteSyncCounter&) = delete;

    // Syncs since construction or the last reset().
    int syncs() const;
    void reset();
};

}  // namespace fairweather::testing
