#include "tests/support/sqlite_sync_counter.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <sqlite3.h>

namespace fairweather::testing {
namespace {

std::atomic<int> g_syncs{0};
sqlite3_vfs* g_base = nullptr;
sqlite3_vfs g_counting{};
std::mutex g_mutex;
// The base VFS's methods of each kind of file, and our copy of them (the same
// functions but xSync), keyed both ways.
std::map<const sqlite3_io_methods*, std::unique_ptr<sqlite3_io_methods>> g_copies;
std::map<const sqlite3_io_methods*, const sqlite3_io_methods*> g_originals;

int counting_sync(sqlite3_file* file, int flags) {
    ++g_syncs;
    const sqlite3_io_methods* original = nullptr;
    {
        std::lock_guard lock(g_mutex);
        original = g_originals.at(file->pMethods);
    }
    return original->xSync(file, flags);
}

// The file is the base VFS's own file object: only its method table is
// swapped for a copy whose xSync counts first.
int counting_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags,
                  int* out_flags) {
    const int rc = g_base->xOpen(g_base, name, file, flags, out_flags);
    if (rc != SQLITE_OK || file->pMethods == nullptr) {
        return rc;
    }
    std::lock_guard lock(g_mutex);
    auto& copy = g_copies[file->pMethods];
    if (!copy) {
        copy = std::make_unique<sqlite3_io_methods>(*file->pMethods);
        copy->xSync = &counting_sync;
        g_originals[copy.get()] = file->pMethods;
    }
    file->pMethods = copy.get();
    return rc;
}

}  // namespace

SqliteSyncCounter::SqliteSyncCounter() {
    sqlite3_initialize();
    g_base = sqlite3_vfs_find(nullptr);
    if (g_base == nullptr) {
        throw std::runtime_error("SQLite has no default VFS");
    }
    g_counting = *g_base;
    g_counting.zName = "fairweather-sync-counter";
    g_counting.pNext = nullptr;
    g_counting.xOpen = &counting_open;
    g_syncs = 0;
    sqlite3_vfs_register(&g_counting, 1);
}

SqliteSyncCounter::~SqliteSyncCounter() {
    sqlite3_vfs_unregister(&g_counting);
    sqlite3_vfs_register(g_base, 1);
}

int SqliteSyncCounter::syncs() const {
    return g_syncs.load();
}

void SqliteSyncCounter::reset() {
    g_syncs = 0;
}

}  // namespace fairweather::testing
