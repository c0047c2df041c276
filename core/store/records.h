#pragma once
// The rows the store keeps, besides the queue items, the verdict and the
// cached responses (whose types belong to their own areas). Plain data with
// typed fields: a weather, a release kind or a decision is an enum here and
// text only on disk and on the wire.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/release/kind.h"
#include "core/util/time.h"
#include "core/weather/decision.h"
#include "core/weather/weather.h"

namespace fairweather {

// One poll of one source.
struct ObservationRecord {
    std::string source;
    TimePoint at{};
    Weather weather = Weather::unknown;
    std::string summary;  // the first reason, or the error
    std::optional<int> http_status;
    std::string etag;
    // Polls that saw the same since `at` extend the record: the last one's
    // time, and how many polls it covers. Set by the store when reading.
    TimePoint last_at{};
    std::int64_t polls = 1;

    // Whether `other` is the same reading (so it extends this record).
    bool same_reading(const ObservationRecord& other) const {
        return source == other.source && weather == other.weather && summary == other.summary &&
               http_status == other.http_status && etag == other.etag;
    }
};

struct IncidentRecord {
    std::string source;
    std::string id;
    std::string name;
    std::string impact;
    std::string status;
    std::string url;
    TimePoint first_seen{};
    TimePoint last_seen{};
    std::optional<TimePoint> resolved_at;  // when it was first seen resolved or gone
    // The page's own start time (started_at, else created_at), which can be
    // well before the monitor first saw it; unset when the page gave none.
    std::optional<TimePoint> started_at;
    // Names of the watched components it touches (empty: none of them);
    // unset for incidents recorded before fairweather kept this.
    std::optional<std::vector<std::string>> watched_components;
};

struct ReleaseRecord {
    std::string repo;  // owner/name
    std::int64_t id = 0;
    std::string tag;
    std::string name;
    std::string url;
    bool draft = false;
    bool prerelease = false;
    std::optional<TimePoint> created_at;
    std::optional<TimePoint> published_at;
    TimePoint first_seen{};
};

// A decision fairweather-gate reported to the monitor.
struct GateDecisionRecord {
    TimePoint at{};
    std::string repo;     // may be empty (the gate was not told)
    std::string version;  // may be empty
    ReleaseKind kind = ReleaseKind::regular;
    Decision decision = Decision::proceed;
    Weather weather = Weather::unknown;
    std::string reason;  // the first reason
    std::string requested_by;
};

struct PruneCounts {
    std::int64_t observations = 0;
    std::int64_t transitions = 0;
    std::int64_t incidents = 0;
    std::int64_t decisions = 0;
};

}  // namespace fairweather
