// The PostgreSQL StateStore: one connection, every call serialised and one
// transaction (pg_db.h). This file keeps the history tables; the release
// queue's are in pg_queue.cpp and the schema in pg_schema.cpp. The
// statements are the SQLite store's (sqlite_store.cpp), so both keep the
// same rules; they differ where the dialects do.

#include "core/store/pg_store.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "core/store/pg_db.h"
#include "core/store/pg_queue.h"
#include "core/store/pg_schema.h"
#include "core/store/round_writes.h"
#include "core/util/text.h"

namespace fairweather {
namespace {

using pg::Database;
using pg::Params;
using pg::Row;

// Only this code writes weather columns; anything unreadable is, honestly, unknown.
Weather read_weather(const Row& s, int column) {
    return parse_weather(s.text(column)).value_or(Weather::unknown);
}

// An observations row selected as "source, at_ms, weather, summary,
// http_status, etag, last_at_ms, polls, id".
constexpr const char* k_observation_columns =
    "source, at_ms, weather, summary, http_status, etag, last_at_ms, polls, id ";

ObservationRecord read_observation(const Row& s) {
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

IncidentRecord read_incident(const Row& s) {
    return IncidentRecord{s.text(0),
                          s.text(1),
                          s.text(2),
                          s.text(3),
                          s.text(4),
                          s.text(5),
                          s.time(6),
                          s.time(7),
                          s.optional_time(8),
                          s.optional_time(9),
                          s.is_null(10) ? std::nullopt : std::optional(split(s.text(10), '\n'))};
}

// Turns a StoreResult<int64> (rows changed) into a StoreResult<void>.
StoreResult<void> done(const StoreResult<std::int64_t>& r) {
    if (!r) {
        return make_unexpected(r.error());
    }
    return {};
}

class PgStore final : public StateStore {
  public:
    explicit PgStore(std::unique_ptr<Database> db) : m_db(std::move(db)) {}

    StoreResult<void> health() override { return m_db->health(); }

    StoreResult<void> record_round(const PollRound& round) override {
        return m_db->write("record a poll round",
                           [&] { return store_rows::write_round(*this, round); });
    }

    StoreResult<void> record_observation(const ObservationRecord& o) override {
        return m_db->write("record an observation", [&] { return observation_body(o); });
    }

    StoreResult<std::vector<ObservationRecord>> observations(const std::string& source,
                                                             TimePoint since) override {
        constexpr std::string_view what = "read observations";
        return m_db->read(what, [&]() -> StoreResult<std::vector<ObservationRecord>> {
            std::vector<ObservationRecord> out;
            const auto row = [&](const Row& s) { out.push_back(read_observation(s)); };
            const std::string select = std::string("SELECT ") + k_observation_columns;
            auto read =
                source.empty()
                    ? m_db->query(what,
                                  (select + "FROM observations WHERE COALESCE(last_at_ms, at_ms) "
                                            ">= $1 ORDER BY at_ms, id")
                                      .c_str(),
                                  Params{}.bind(since), row)
                    : m_db->query(what,
                                  (select + "FROM observations WHERE source = $1 AND "
                                            "COALESCE(last_at_ms, at_ms) >= $2 ORDER BY at_ms, id")
                                      .c_str(),
                                  Params{}.bind(source).bind(since), row);
            if (!read) {
                return make_unexpected(read.error());
            }
            return out;
        });
    }

    StoreResult<void> save_response(const CachedResponse& r) override {
        return m_db->write("save a cached response", [&] { return response_body(r); });
    }

    StoreResult<std::int64_t> forget_responses_except(
        const std::vector<std::string>& live) override {
        constexpr std::string_view what = "forget cached responses";
        return m_db->write(what, [&]() -> StoreResult<std::int64_t> {
            // The set difference is taken here so the URLs stay bound
            // parameters however many there are.
            std::vector<std::string> gone;
            auto listed =
                m_db->query(what, "SELECT url FROM cached_responses", Params{}, [&](const Row& s) {
                    std::string url = s.text(0);
                    if (std::find(live.begin(), live.end(), url) == live.end()) {
                        gone.push_back(std::move(url));
                    }
                });
            if (!listed) {
                return make_unexpected(listed.error());
            }
            std::int64_t deleted = 0;
            for (const auto& url : gone) {
                auto removed = m_db->run(what, "DELETE FROM cached_responses WHERE url = $1",
                                         Params{}.bind(url));
                if (!removed) {
                    return make_unexpected(removed.error());
                }
                deleted += *removed;
            }
            return deleted;
        });
    }

    StoreResult<std::optional<CachedResponse>> load_response(const std::string& url) override {
        constexpr std::string_view what = "load a cached response";
        return m_db->read(what, [&]() -> StoreResult<std::optional<CachedResponse>> {
            // Binary results: the body comes back as its bytes, unescaped.
            std::optional<CachedResponse> out;
            auto read = m_db->query(
                what, "SELECT url, etag, body, fetched_at_ms FROM cached_responses WHERE url = $1",
                Params{}.bind(url),
                [&](const Row& s) {
                    out = CachedResponse{s.text(0), s.text(1), s.bytes(2), s.time(3)};
                },
                pg::ResultFormat::binary);
            if (!read) {
                return make_unexpected(read.error());
            }
            return out;
        });
    }

    StoreResult<void> upsert_incident(const IncidentRecord& r) override {
        return m_db->write("save an incident", [&] { return incident_body(r); });
    }

    StoreResult<void> resolve_incidents_except(const std::string& source,
                                               const std::vector<std::string>& open_ids,
                                               TimePoint now) override {
        return m_db->write("mark incidents resolved",
                           [&] { return resolve_body(source, open_ids, now); });
    }

    StoreResult<std::vector<IncidentRecord>> incidents(const std::string& source) override {
        constexpr std::string_view what = "read incidents";
        return m_db->read(what, [&]() -> StoreResult<std::vector<IncidentRecord>> {
            std::vector<IncidentRecord> out;
            auto read = m_db->query(
                what,
                "SELECT source, id, name, impact, status, url, first_seen_ms, last_seen_ms, "
                "resolved_at_ms, started_at_ms, watched_components FROM incidents "
                "WHERE source = $1 ORDER BY first_seen_ms, id",
                Params{}.bind(source), [&](const Row& s) { out.push_back(read_incident(s)); });
            if (!read) {
                return make_unexpected(read.error());
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
                          "VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET "
                          "weather = excluded.weather, since_ms = excluded.since_ms, "
                          "cause = excluded.cause, fair_since_ms = excluded.fair_since_ms",
                          Params{}.bind(v.weather).bind(v.since).bind(v.cause).bind(v.fair_since));
            if (!saved || !t) {
                return done(saved);
            }
            return done(m_db->run("record a verdict transition",
                                  "INSERT INTO transitions (at_ms, from_weather, to_weather, "
                                  "cause) VALUES ($1, $2, $3, $4)",
                                  Params{}.bind(t->at).bind(t->from).bind(t->to).bind(t->cause)));
        });
    }

    StoreResult<std::optional<VerdictState>> load_verdict() override {
        constexpr std::string_view what = "load the verdict";
        return m_db->read(what, [&]() -> StoreResult<std::optional<VerdictState>> {
            std::optional<VerdictState> out;
            auto read = m_db->query(
                what, "SELECT weather, since_ms, cause, fair_since_ms FROM verdict WHERE id = 1",
                Params{}, [&](const Row& s) {
                    out =
                        VerdictState{read_weather(s, 0), s.time(1), s.text(2), s.optional_time(3)};
                });
            if (!read) {
                return make_unexpected(read.error());
            }
            return out;
        });
    }

    StoreResult<std::vector<Transition>> transitions(TimePoint since) override {
        constexpr std::string_view what = "read verdict transitions";
        return m_db->read(what, [&]() -> StoreResult<std::vector<Transition>> {
            std::vector<Transition> out;
            auto read =
                m_db->query(what,
                            "SELECT at_ms, from_weather, to_weather, cause FROM transitions "
                            "WHERE at_ms >= $1 ORDER BY at_ms, id",
                            Params{}.bind(since), [&](const Row& s) {
                                out.push_back(Transition{s.time(0), read_weather(s, 1),
                                                         read_weather(s, 2), s.text(3)});
                            });
            if (!read) {
                return make_unexpected(read.error());
            }
            return out;
        });
    }

    StoreResult<void> upsert_releases(const std::vector<ReleaseRecord>& releases) override {
        return m_db->write("save releases", [&] { return releases_body(releases); });
    }

    StoreResult<std::vector<ReleaseRecord>> releases(const std::string& repo) override {
        constexpr std::string_view what = "read releases";
        return m_db->read(what, [&]() -> StoreResult<std::vector<ReleaseRecord>> {
            std::vector<ReleaseRecord> out;
            auto read = m_db->query(
                what,
                "SELECT repo, id, tag, name, url, draft, prerelease, created_at_ms, "
                "published_at_ms, first_seen_ms FROM releases WHERE repo = $1 "
                "ORDER BY published_at_ms IS NULL, published_at_ms DESC, id DESC",
                Params{}.bind(repo), [&](const Row& s) {
                    out.push_back(ReleaseRecord{s.text(0), s.int64(1), s.text(2), s.text(3),
                                                s.text(4), s.boolean(5), s.boolean(6),
                                                s.optional_time(7), s.optional_time(8), s.time(9)});
                });
            if (!read) {
                return make_unexpected(read.error());
            }
            return out;
        });
    }

    StoreResult<PruneCounts> prune(TimePoint before) override {
        constexpr std::string_view what = "prune old history";
        return m_db->write(what, [&]() -> StoreResult<PruneCounts> {
            PruneCounts counts;
            const std::pair<const char*, std::int64_t*> deletes[] = {
                {"DELETE FROM observations WHERE COALESCE(last_at_ms, at_ms) < $1",
                 &counts.observations},
                {"DELETE FROM transitions WHERE at_ms < $1", &counts.transitions},
                {"DELETE FROM incidents WHERE resolved_at_ms IS NOT NULL AND resolved_at_ms < $1",
                 &counts.incidents},
                {"DELETE FROM gate_decisions WHERE at_ms < $1", &counts.decisions},
            };
            for (const auto& [sql, count] : deletes) {
                auto deleted = m_db->run(what, sql, Params{}.bind(before));
                if (!deleted) {
                    return make_unexpected(deleted.error());
                }
                *count = *deleted;
            }
            return counts;
        });
    }

    StoreResult<void> record_decision(const GateDecisionRecord& d) override {
        constexpr std::string_view what = "record a gate decision";
        return m_db->write(what, [&]() -> StoreResult<void> {
            return done(m_db->run(what,
                                  "INSERT INTO gate_decisions (at_ms, repo, version, kind, "
                                  "decision, weather, reason, requested_by) "
                                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                                  Params{}
                                      .bind(d.at)
                                      .bind(d.repo)
                                      .bind(d.version)
                                      .bind(d.kind)
                                      .bind(d.decision)
                                      .bind(d.weather)
                                      .bind(d.reason)
                                      .bind(d.requested_by)));
        });
    }

    StoreResult<std::vector<GateDecisionRecord>> decisions(const std::string& repo,
                                                           TimePoint since) override;

    StoreResult<std::pair<QueueItem, bool>> enqueue(const QueueItem& item,
                                                    const QueueEvent& created) override {
        return pg::enqueue(*m_db, item, created);
    }

    StoreResult<bool> save_queue_item(const QueueItem& item, QueueState expected,
                                      const std::optional<QueueEvent>& event,
                                      const std::optional<Fence>& fence) override {
        return pg::save_queue_item(*m_db, item, expected, event, fence);
    }

    StoreResult<std::optional<QueueItem>> queue_item(const std::string& id) override {
        return pg::queue_item(*m_db, id);
    }

    StoreResult<QueueListing> queue_items(bool unfinished_only) override {
        return pg::queue_items(*m_db, unfinished_only);
    }

  private:
    // The bodies of the history writes, for one transaction (write()) each
    // or for a whole round in one.
    StoreResult<void> observation_body(const ObservationRecord& o);
    StoreResult<void> response_body(const CachedResponse& r);
    StoreResult<void> incident_body(const IncidentRecord& r);
    StoreResult<void> resolve_body(const std::string& source,
                                   const std::vector<std::string>& open_ids, TimePoint now);
    StoreResult<void> releases_body(const std::vector<ReleaseRecord>& releases);
    template <class Store>
    friend StoreResult<void> store_rows::write_round(Store& store, const PollRound& round);

    std::unique_ptr<Database> m_db;
};

StoreResult<std::vector<GateDecisionRecord>> PgStore::decisions(const std::string& repo,
                                                                TimePoint since) {
    constexpr std::string_view what = "read gate decisions";
    return m_db->read(what, [&]() -> StoreResult<std::vector<GateDecisionRecord>> {
        // Two constant statements, so each can use its own index.
        const bool all = repo.empty();
        const char* sql = all ? "SELECT at_ms, repo, version, kind, decision, weather, reason, "
                                "requested_by FROM gate_decisions WHERE at_ms >= $1 "
                                "ORDER BY at_ms, id"
                              : "SELECT at_ms, repo, version, kind, decision, weather, reason, "
                                "requested_by FROM gate_decisions WHERE repo = $2 AND "
                                "at_ms >= $1 ORDER BY at_ms, id";
        Params params;
        params.bind(since);
        if (!all) {
            params.bind(repo);
        }
        std::vector<GateDecisionRecord> out;
        bool unknown = false;  // a kind or decision only a newer fairweather writes
        auto read = m_db->query(what, sql, params, [&](const Row& s) {
            const auto kind = parse_release_kind(s.text(3));
            const auto decision = parse_decision(s.text(4));
            unknown = unknown || !kind || !decision;
            out.push_back(GateDecisionRecord{
                s.time(0), s.text(1), s.text(2), kind.value_or(ReleaseKind::regular),
                decision.value_or(Decision::defer), read_weather(s, 5), s.text(6), s.text(7)});
        });
        if (!read) {
            return make_unexpected(read.error());
        }
        if (unknown) {
            return make_unexpected(m_db->failure(
                what,
                "a gate decision holds a release kind or decision this fairweather does not "
                "know (written by a newer fairweather or changed by hand); upgrade fairweather"));
        }
        return out;
    });
}

StoreResult<void> PgStore::observation_body(const ObservationRecord& o) {
    constexpr std::string_view what = "record an observation";
    // The source's newest row: the same reading extends it.
    std::optional<std::int64_t> same;
    const std::string sql = std::string("SELECT ") + k_observation_columns +
                            "FROM observations WHERE source = $1 "
                            "ORDER BY at_ms DESC, id DESC LIMIT 1";
    auto found = m_db->query(what, sql.c_str(), Params{}.bind(o.source), [&](const Row& s) {
        if (read_observation(s).same_reading(o)) {
            same = s.int64(8);
        }
    });
    if (!found) {
        return found;
    }
    if (same) {
        return done(m_db->run(what,
                              "UPDATE observations SET last_at_ms = $1, polls = polls + 1 "
                              "WHERE id = $2",
                              Params{}.bind(o.at).bind(*same)));
    }
    return done(m_db->run(what,
                          "INSERT INTO observations (source, at_ms, weather, summary, "
                          "http_status, etag) VALUES ($1, $2, $3, $4, $5, $6)",
                          Params{}
                              .bind(o.source)
                              .bind(o.at)
                              .bind(o.weather)
                              .bind(o.summary)
                              .bind(o.http_status)
                              .bind(o.etag)));
}

StoreResult<void> PgStore::response_body(const CachedResponse& r) {
    // The body is bytes, sent binary: a body need not be valid UTF-8.
    return done(m_db->run("save a cached response",
                          "INSERT INTO cached_responses (url, etag, body, fetched_at_ms) "
                          "VALUES ($1, $2, $3, $4) ON CONFLICT (url) DO UPDATE SET "
                          "etag = excluded.etag, body = excluded.body, "
                          "fetched_at_ms = excluded.fetched_at_ms",
                          Params{}.bind(r.url).bind(r.etag).bind_bytes(r.body).bind(r.fetched_at)));
}

StoreResult<void> PgStore::incident_body(const IncidentRecord& r) {
    Params params;
    params.bind(r.source).bind(r.id).bind(r.name).bind(r.impact).bind(r.status).bind(r.url);
    params.bind(r.first_seen).bind(r.last_seen).bind(r.resolved_at).bind(r.started_at);
    if (r.watched_components) {
        params.bind(join(*r.watched_components, "\n"));
    } else {
        params.bind_null();
    }
    return done(m_db->run(
        "save an incident",
        "INSERT INTO incidents (source, id, name, impact, status, url, first_seen_ms, "
        "last_seen_ms, resolved_at_ms, started_at_ms, watched_components) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (source, id) DO "
        "UPDATE SET name = excluded.name, impact = excluded.impact, status = excluded.status, "
        "url = excluded.url, last_seen_ms = excluded.last_seen_ms, "
        "resolved_at_ms = excluded.resolved_at_ms, "
        "started_at_ms = COALESCE(excluded.started_at_ms, incidents.started_at_ms), "
        "watched_components = excluded.watched_components",
        params));
}

StoreResult<void> PgStore::resolve_body(const std::string& source,
                                        const std::vector<std::string>& open_ids, TimePoint now) {
    // The set difference is taken here rather than in SQL so the ids stay
    // bound parameters however many there are.
    constexpr std::string_view what = "mark incidents resolved";
    const std::unordered_set<std::string> open(open_ids.begin(), open_ids.end());
    std::vector<std::string> gone;
    auto listed =
        m_db->query(what, "SELECT id FROM incidents WHERE source = $1 AND resolved_at_ms IS NULL",
                    Params{}.bind(source), [&](const Row& s) {
                        auto id = s.text(0);
                        if (open.count(id) == 0) {
                            gone.push_back(std::move(id));
                        }
                    });
    if (!listed) {
        return listed;
    }
    for (const auto& id : gone) {
        auto resolved = m_db->run(what,
                                  "UPDATE incidents SET resolved_at_ms = $1 "
                                  "WHERE source = $2 AND id = $3",
                                  Params{}.bind(now).bind(source).bind(id));
        if (!resolved) {
            return done(resolved);
        }
    }
    return {};
}

StoreResult<void> PgStore::releases_body(const std::vector<ReleaseRecord>& releases) {
    for (const auto& r : releases) {
        auto saved = m_db->run(
            "save releases",
            "INSERT INTO releases (repo, id, tag, name, url, draft, prerelease, created_at_ms, "
            "published_at_ms, first_seen_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
            "ON CONFLICT (repo, id) DO UPDATE SET tag = excluded.tag, name = excluded.name, "
            "url = excluded.url, draft = excluded.draft, prerelease = excluded.prerelease, "
            "created_at_ms = excluded.created_at_ms, published_at_ms = excluded.published_at_ms",
            Params{}
                .bind(r.repo)
                .bind(r.id)
                .bind(r.tag)
                .bind(r.name)
                .bind(r.url)
                .bind(r.draft)
                .bind(r.prerelease)
                .bind(r.created_at)
                .bind(r.published_at)
                .bind(r.first_seen));
        if (!saved) {
            return done(saved);
        }
    }
    return {};
}

}  // namespace

StoreResult<std::unique_ptr<StateStore>> open_postgres_store(const std::string& url,
                                                             const Secret& password) {
    try {
        auto db = Database::open(url, password, pg::migrations());
        if (!db) {
            return make_unexpected(db.error());
        }
        return std::unique_ptr<StateStore>(std::make_unique<PgStore>(std::move(*db)));
    } catch (const std::exception& e) {
        return make_unexpected(StoreError{std::string("state database (PostgreSQL): could not "
                                                      "open it: ") +
                                          e.what() +
                                          "; retry, and report it if it keeps happening"});
    }
}

int postgres_store_schema_version() {
    return static_cast<int>(pg::migrations().size());
}

}  // namespace fairweather
