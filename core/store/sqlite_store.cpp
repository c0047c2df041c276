// The SQLite StateStore: one WAL-mode database file, one connection, every
// call serialised (sqlite_db.h). This file keeps the history tables; the
// release queue's are in sqlite_queue.cpp and the schema in sqlite_schema.cpp.

#include <unordered_set>
#include <utility>

#include "core/store/round_writes.h"
#include "core/store/sqlite_db.h"
#include "core/store/sqlite_queue.h"
#include "core/store/sqlite_schema.h"
#include "core/store/state_store.h"
#include "core/util/text.h"

namespace fairweather {
namespace {

using sqlite::Database;
using sqlite::Statement;

// Only this code writes weather columns; anything unreadable is, honestly, unknown.
Weather read_weather(const Statement& s, int column) {
    return parse_weather(s.text(column)).value_or(Weather::unknown);
}

// An observations row selected as "source, at_ms, weather, summary,
// http_status, etag, last_at_ms, polls, id".

ObservationRecord read_observation(const Statement& s) {
    ObservationRecord o;
    o.source = s.text(0);
    o.at = s.time(1);
    o.weather = read_weather(s, 2);
    o.summary = s.text(3);
    if (!s.is_null(4)) {
        o.http_status = static_cast<int>(s.int64(4));
    }
    o.etag = s.text(5);
    o.last_at = s.is_null(6) ? o.at : s.time(6);
    o.polls = s.int64(7);
    return o;
}

class SqliteStore final : public StateStore {
  public:
    explicit SqliteStore(std::unique_ptr<Database> db) : m_db(std::move(db)) {}

    StoreResult<void> health() override { return m_db->health(); }

    StoreResult<void> record_round(const PollRound& round) override {
        return m_db->write(
            "record a poll round", [&] { return store_rows::write_round(*this, round); },
            Database::Sync::batched);
    }

    StoreResult<void> record_observation(const ObservationRecord& o) override {
        return m_db->write(
            "record an observation", [&] { return observation_body(o); }, Database::Sync::batched);
    }

    StoreResult<std::vector<ObservationRecord>> observations(const std::string& source,
                                                             TimePoint since) override {
        constexpr std::string_view what = "read observations";
        return m_db->read(what, [&]() -> StoreResult<std::vector<ObservationRecord>> {
            std::vector<ObservationRecord> out;
            const auto row = [&](const Statement& s) { out.push_back(read_observation(s)); };
            auto done = source.empty()
                            ? m_db->query(
                                  what,
                                  "SELECT source, at_ms, weather, summary, http_status, etag, "
                                  "last_at_ms, polls, id FROM observations "
                                  "WHERE COALESCE(last_at_ms, at_ms) >= ? ORDER BY at_ms, id",
                                  [&](Statement& s) { s.bind(since); }, row)
                            : m_db->query(
                                  what,
                                  "SELECT source, at_ms, weather, summary, http_status, etag, "
                                  "last_at_ms, polls, id FROM observations "
                                  "WHERE source = ? AND COALESCE(last_at_ms, at_ms) >= ? "
                                  "ORDER BY at_ms, id",
                                  [&](Statement& s) { s.bind(source).bind(since); }, row);
            if (!done) {
                return make_unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<void> save_response(const CachedResponse& r) override {
        return m_db->write(
            "save a cached response", [&] { return response_body(r); }, Database::Sync::batched);
    }

    StoreResult<std::int64_t> forget_responses_except(
        const std::vector<std::string>& live) override {
        constexpr std::string_view what = "forget cached responses";
        return m_db->write(
            what,
            [&]() -> StoreResult<std::int64_t> {
                std::vector<std::string> gone;
                auto listed = m_db->query(
                    what, "SELECT url FROM cached_responses", [](Statement&) {},
                    [&](const Statement& s) {
                        std::string url = s.text(0);
                        if (std::find(live.begin(), live.end(), url) == live.end()) {
                            gone.push_back(std::move(url));
                        }
                    });
                if (!listed) {
                    return make_unexpected(listed.error());
                }
                for (const auto& url : gone) {
                    auto done = m_db->run(what, "DELETE FROM cached_responses WHERE url = ?",
                                          [&](Statement& s) { s.bind(url); });
                    if (!done) {
                        return make_unexpected(done.error());
                    }
                }
                return static_cast<std::int64_t>(gone.size());
            },
            Database::Sync::batched);
    }

    StoreResult<std::optional<CachedResponse>> load_response(const std::string& url) override {
        constexpr std::string_view what = "load a cached response";
        return m_db->read(what, [&]() -> StoreResult<std::optional<CachedResponse>> {
            std::optional<CachedResponse> out;
            auto done = m_db->query(
                what,
                "SELECT url, etag, body, fetched_at_ms FROM cached_responses "
                "WHERE url = ?",
                [&](Statement& s) { s.bind(url); },
                [&](const Statement& s) {
                    out = CachedResponse{s.text(0), s.text(1), s.blob(2), s.time(3)};
                });
            if (!done) {
                return make_unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<void> upsert_incident(const IncidentRecord& r) override {
        return m_db->write(
            "save an incident", [&] { return incident_body(r); }, Database::Sync::batched);
    }

    StoreResult<void> resolve_incidents_except(const std::string& source,
                                               const std::vector<std::string>& open_ids,
                                               TimePoint now) override {
        return m_db->write(
            "mark incidents resolved", [&] { return resolve_body(source, open_ids, now); },
            Database::Sync::batched);
    }

    StoreResult<std::vector<IncidentRecord>> incidents(const std::string& source) override {
        constexpr std::string_view what = "read incidents";
        return m_db->read(what, [&]() -> StoreResult<std::vector<IncidentRecord>> {
            std::vector<IncidentRecord> out;
            auto done = m_db->query(
                what,
                "SELECT source, id, name, impact, status, url, first_seen_ms, "
                "last_seen_ms, resolved_at_ms, started_at_ms, watched_components FROM incidents "
                "WHERE source = ? ORDER BY first_seen_ms, id",
                [&](Statement& s) { s.bind(source); },
                [&](const Statement& s) {
                    out.push_back(IncidentRecord{
                        s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.time(6),
                        s.time(7), s.optional_time(8), s.optional_time(9),
                        s.is_null(10) ? std::nullopt : std::optional(split(s.text(10), '\n'))});
                });
            if (!done) {
                return make_unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<void> save_verdict(const VerdictState& v,
                                   const std::optional<Transition>& t) override {
        constexpr std::string_view what = "save the verdict";
        return m_db->write(what, [&]() -> StoreResult<void> {
            auto saved =
                m_db->run(what,
                          "INSERT INTO verdict (id, weather, since_ms, cause, fair_since_ms) "
                          "VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                          "weather = excluded.weather, since_ms = excluded.since_ms, "
                          "cause = excluded.cause, fair_since_ms = excluded.fair_since_ms",
                          [&](Statement& s) {
                              s.bind(v.weather).bind(v.since).bind(v.cause).bind(v.fair_since);
                          });
            if (!saved || !t) {
                return saved;
            }
            return m_db->run(
                "record a verdict transition",
                "INSERT INTO transitions (at_ms, from_weather, to_weather, cause) "
                "VALUES (?, ?, ?, ?)",
                [&](Statement& s) { s.bind(t->at).bind(t->from).bind(t->to).bind(t->cause); });
        });
    }

    StoreResult<std::optional<VerdictState>> load_verdict() override {
        constexpr std::string_view what = "load the verdict";
        return m_db->read(what, [&]() -> StoreResult<std::optional<VerdictState>> {
            std::optional<VerdictState> out;
            auto done = m_db->query(
                what, "SELECT weather, since_ms, cause, fair_since_ms FROM verdict WHERE id = 1",
                [](Statement&) {},
                [&](const Statement& s) {
                    out =
                        VerdictState{read_weather(s, 0), s.time(1), s.text(2), s.optional_time(3)};
                });
            if (!done) {
                return make_unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<std::vector<Transition>> transitions(TimePoint since) override {
        constexpr std::string_view what = "read verdict transitions";
        return m_db->read(what, [&]() -> StoreResult<std::vector<Transition>> {
            std::vector<Transition> out;
            auto done = m_db->query(
                what,
                "SELECT at_ms, from_weather, to_weather, cause FROM transitions "
                "WHERE at_ms >= ? ORDER BY at_ms, id",
                [&](Statement& s) { s.bind(since); },
                [&](const Statement& s) {
                    out.push_back(
                        Transition{s.time(0), read_weather(s, 1), read_weather(s, 2), s.text(3)});
                });
            if (!done) {
                return make_unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<void> upsert_releases(const std::vector<ReleaseRecord>& releases) override {
        return m_db->write(
            "save releases", [&] { return releases_body(releases); }, Database::Sync::batched);
    }

    StoreResult<std::vector<ReleaseRecord>> releases(const std::string& repo) override {
        constexpr std::string_view what = "read releases";
        return m_db->read(what, [&]() -> StoreResult<std::vector<ReleaseRecord>> {
            std::vector<ReleaseRecord> out;
            auto done = m_db->query(
                what,
                "SELECT repo, id, tag, name, url, draft, prerelease, created_at_ms, "
                "published_at_ms, first_seen_ms FROM releases WHERE repo = ? "
                "ORDER BY published_at_ms IS NULL, published_at_ms DESC, id DESC",
                [&](Statement& s) { s.bind(repo); },
                [&](const Statement& s) {
                    out.push_back(ReleaseRecord{s.text(0), s.int64(1), s.text(2), s.text(3),
                                                s.text(4), s.int64(5) != 0, s.int64(6) != 0,
                                                s.optional_time(7), s.optional_time(8), s.time(9)});
                });
            if (!done) {
                return make_unexpected(done.error());
            }
            return out;
        });
    }

    StoreResult<PruneCounts> prune(TimePoint before) override {
        constexpr std::string_view what = "prune old history";
        return m_db->write(
            what,
            [&]() -> StoreResult<PruneCounts> {
                PruneCounts counts;
                const std::pair<const char*, std::int64_t*> deletes[] = {
                    {"DELETE FROM observations WHERE COALESCE(last_at_ms, at_ms) < ?",
                     &counts.observations},
                    {"DELETE FROM transitions WHERE at_ms < ?", &counts.transitions},
                    {"DELETE FROM incidents WHERE resolved_at_ms IS NOT NULL AND resolved_at_ms < "
                     "?",
                     &counts.incidents},
                    {"DELETE FROM gate_decisions WHERE at_ms < ?", &counts.decisions},
                };
                for (const auto& [sql, count] : deletes) {
                    auto done = m_db->run(what, sql, [&](Statement& s) { s.bind(before); });
                    if (!done) {
                        return make_unexpected(done.error());
                    }
                    *count = m_db->changes();
                }
                return counts;
            },
            Database::Sync::batched);
    }

    StoreResult<void> record_decision(const GateDecisionRecord& d) override {
        constexpr std::string_view what = "record a gate decision";
        return m_db->write(
            what,
            [&]() -> StoreResult<void> {
                return m_db->run(
                    what,
                    "INSERT INTO gate_decisions (at_ms, repo, version, kind, decision, "
                    "weather, reason, requested_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [&](Statement& s) {
                        s.bind(d.at).bind(d.repo).bind(d.version).bind(d.kind);
                        s.bind(d.decision).bind(d.weather).bind(d.reason).bind(d.requested_by);
                    });
            },
            Database::Sync::batched);
    }

    StoreResult<std::vector<GateDecisionRecord>> decisions(const std::string& repo,
                                                           TimePoint since) override {
        constexpr std::string_view what = "read gate decisions";
        return m_db->read(what, [&]() -> StoreResult<std::vector<GateDecisionRecord>> {
            // Two constant statements rather than "repo = ? OR ? = ''", so
            // each can use its own index.
            const bool all = repo.empty();
            const char* sql =
                all ? "SELECT at_ms, repo, version, kind, decision, weather, reason, "
                      "requested_by FROM gate_decisions WHERE at_ms >= ? ORDER BY at_ms, id"
                    : "SELECT at_ms, repo, version, kind, decision, weather, reason, "
                      "requested_by FROM gate_decisions WHERE repo = ? AND at_ms >= ? "
                      "ORDER BY at_ms, id";
            std::vector<GateDecisionRecord> out;
            bool unknown = false;  // a kind or decision only a newer fairweather writes
            auto done = m_db->query(
                what, sql,
                [&](Statement& s) {
                    if (!all) {
                        s.bind(repo);
                    }
                    s.bind(since);
                },
                [&](const Statement& s) {
                    const auto kind = parse_release_kind(s.text(3));
                    const auto decision = parse_decision(s.text(4));
                    unknown = unknown || !kind || !decision;
                    out.push_back(GateDecisionRecord{s.time(0), s.text(1), s.text(2),
                                                     kind.value_or(ReleaseKind::regular),
                                                     decision.value_or(Decision::defer),
                                                     read_weather(s, 5), s.text(6), s.text(7)});
                });
            if (!done) {
                return make_unexpected(done.error());
            }
            if (unknown) {
                return make_unexpected(m_db->failure(
                    what,
                    "a gate decision holds a release kind or decision this fairweather does not "
                    "know (the file was written by a newer fairweather or changed by hand); "
                    "upgrade fairweather, or restore a backup"));
            }
            return out;
        });
    }

    StoreResult<std::pair<QueueItem, bool>> enqueue(const QueueItem& item,
                                                    const QueueEvent& created) override {
        return sqlite::enqueue(*m_db, item, created);
    }

    // One monitor holds the file (its flock): a fence is accepted and ignored.
    StoreResult<bool> save_queue_item(const QueueItem& item, QueueState expected,
                                      const std::optional<QueueEvent>& event,
                                      const std::optional<Fence>& /*fence*/) override {
        return sqlite::save_queue_item(*m_db, item, expected, event);
    }

    StoreResult<std::optional<QueueItem>> queue_item(const std::string& id) override {
        return sqlite::queue_item(*m_db, id);
    }

    StoreResult<QueueListing> queue_items(bool unfinished_only) override {
        return sqlite::queue_items(*m_db, unfinished_only);
    }

  private:
    // The bodies of the history writes, for one transaction (write()) each
    // or for a whole round in one.

    StoreResult<void> observation_body(const ObservationRecord& o) {
        constexpr std::string_view what = "record an observation";
        // The source's newest row: the same reading extends it.
        std::optional<std::int64_t> same;
        auto found = m_db->query(
            what,
            "SELECT source, at_ms, weather, summary, http_status, etag, last_at_ms, polls, id "
            "FROM observations WHERE source = ? ORDER BY at_ms DESC, id DESC LIMIT 1",
            [&](Statement& s) { s.bind(o.source); },
            [&](const Statement& s) {
                if (read_observation(s).same_reading(o)) {
                    same = s.int64(8);
                }
            });
        if (!found) {
            return make_unexpected(found.error());
        }
        if (same) {
            return m_db->run(what,
                             "UPDATE observations SET last_at_ms = ?, polls = polls + 1 "
                             "WHERE id = ?",
                             [&](Statement& s) { s.bind(o.at).bind(*same); });
        }
        return m_db->run(what,
                         "INSERT INTO observations (source, at_ms, weather, summary, http_status, "
                         "etag) VALUES (?, ?, ?, ?, ?, ?)",
                         [&](Statement& s) {
                             s.bind(o.source).bind(o.at).bind(o.weather).bind(o.summary);
                             s.bind(o.http_status).bind(o.etag);
                         });
    }

    StoreResult<void> response_body(const CachedResponse& r) {
        return m_db->run(
            "save a cached response",
            "INSERT INTO cached_responses (url, etag, body, fetched_at_ms) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "etag = excluded.etag, body = excluded.body, "
            "fetched_at_ms = excluded.fetched_at_ms",
            [&](Statement& s) { s.bind(r.url).bind(r.etag).bind_blob(r.body).bind(r.fetched_at); });
    }

    StoreResult<void> incident_body(const IncidentRecord& r) {
        return m_db->run("save an incident",
                         "INSERT INTO incidents (source, id, name, impact, status, url, "
                         "first_seen_ms, last_seen_ms, resolved_at_ms, started_at_ms, "
                         "watched_components) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, id) DO "
                         "UPDATE SET name = excluded.name, impact = excluded.impact, "
                         "status = excluded.status, url = excluded.url, "
                         "last_seen_ms = excluded.last_seen_ms, "
                         "resolved_at_ms = excluded.resolved_at_ms, "
                         "started_at_ms = COALESCE(excluded.started_at_ms, started_at_ms), "
                         "watched_components = excluded.watched_components",
                         [&](Statement& s) {
                             s.bind(r.source).bind(r.id).bind(r.name).bind(r.impact);
                             s.bind(r.status).bind(r.url).bind(r.first_seen).bind(r.last_seen);
                             s.bind(r.resolved_at).bind(r.started_at);
                             if (r.watched_components) {
                                 s.bind(join(*r.watched_components, "\n"));
                             } else {
                                 s.bind_null();
                             }
                         });
    }

    StoreResult<void> resolve_body(const std::string& source,
                                   const std::vector<std::string>& open_ids, TimePoint now) {
        // The set difference is taken here rather than in SQL so the ids stay
        // bound parameters however many there are.
        constexpr std::string_view what = "mark incidents resolved";
        const std::unordered_set<std::string> open(open_ids.begin(), open_ids.end());
        std::vector<std::string> gone;
        auto listed = m_db->query(
            what, "SELECT id FROM incidents WHERE source = ? AND resolved_at_ms IS NULL",
            [&](Statement& s) { s.bind(source); },
            [&](const Statement& s) {
                auto id = s.text(0);
                if (open.count(id) == 0) {
                    gone.push_back(std::move(id));
                }
            });
        if (!listed) {
            return listed;
        }
        for (const auto& id : gone) {
            auto done = m_db->run(what,
                                  "UPDATE incidents SET resolved_at_ms = ? "
                                  "WHERE source = ? AND id = ?",
                                  [&](Statement& s) { s.bind(now).bind(source).bind(id); });
            if (!done) {
                return done;
            }
        }
        return {};
    }

    StoreResult<void> releases_body(const std::vector<ReleaseRecord>& releases) {
        for (const auto& r : releases) {
            auto done = m_db->run(
                "save releases",
                "INSERT INTO releases (repo, id, tag, name, url, draft, prerelease, "
                "created_at_ms, published_at_ms, first_seen_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (repo, id) DO UPDATE SET "
                "tag = excluded.tag, name = excluded.name, url = excluded.url, "
                "draft = excluded.draft, prerelease = excluded.prerelease, "
                "created_at_ms = excluded.created_at_ms, "
                "published_at_ms = excluded.published_at_ms",
                [&](Statement& s) {
                    s.bind(r.repo).bind(r.id).bind(r.tag).bind(r.name).bind(r.url);
                    s.bind(r.draft).bind(r.prerelease).bind(r.created_at);
                    s.bind(r.published_at).bind(r.first_seen);
                });
            if (!done) {
                return done;
            }
        }
        return {};
    }

    template <class Store>
    friend StoreResult<void> store_rows::write_round(Store& store, const PollRound& round);

    std::unique_ptr<Database> m_db;
};

}  // namespace

StoreResult<std::unique_ptr<StateStore>> open_sqlite_store(const std::filesystem::path& file) {
    try {
        auto db = Database::open(file, sqlite::migrations());
        if (!db) {
            return make_unexpected(db.error());
        }
        return std::unique_ptr<StateStore>(std::make_unique<SqliteStore>(std::move(*db)));
    } catch (const std::exception& e) {
        return make_unexpected(StoreError{"state database " + file.string() +
                                          ": could not open it: " + e.what() +
                                          "; retry, and report it if it keeps happening"});
    }
}

int sqlite_store_schema_version() {
    return static_cast<int>(sqlite::migrations().size());
}

}  // namespace fairweather
