#pragma once
// Atlassian Statuspage API v2 payloads, parsed into plain structs.
// Reads every v2 shape: summary.json, components.json, status.json,
// incidents.json / incidents/unresolved.json, scheduled-maintenances*.json and
// a single incidents/<id>.json. A section the endpoint does not carry stays
// unset, so callers can tell "no incidents" from "this endpoint has none".
//
// A page is read within limits: a list longer than its limit is refused by
// its count, before any of its entries is built, so what a remote page lists
// cannot make its reading, or anything built from it, grow past what the
// configuration allows (the body itself is bounded by max_response_bytes).

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/expected.h"
#include "core/util/parse_error.h"
#include "core/util/time.h"

namespace fairweather::statuspage {

struct Page {
    std::string id;
    std::string name;
    std::string url;
    std::string time_zone;
    std::optional<TimePoint> updated_at;
};

struct Status {
    std::string indicator;  // none, minor, major, critical, maintenance
    std::string description;
};

struct Component {
    std::string id;
    std::string name;
    std::string status;  // operational, degraded_performance, partial_outage, major_outage,
                         // under_maintenance
    std::string description;
    bool group = false;
    std::string group_id;               // empty when top-level
    std::vector<std::string> children;  // ids, for groups
    std::optional<TimePoint> updated_at;
};

struct ComponentRef {
    std::string id;
    std::string name;
};

// An incident or a scheduled maintenance (Statuspage uses one object for both).
struct Incident {
    std::string id;
    std::string name;
    std::string status;  // investigating, identified, monitoring, resolved, postmortem,
                         // scheduled, in_progress, verifying, completed
    std::string impact;  // none, minor, major, critical, maintenance
    std::string shortlink;
    std::optional<TimePoint> created_at;
    std::optional<TimePoint> started_at;
    std::optional<TimePoint> updated_at;
    std::optional<TimePoint> resolved_at;
    std::optional<TimePoint> scheduled_for;
    std::optional<TimePoint> scheduled_until;
    // From the incident's components, or, where that list is empty, from the
    // affected_components of its updates.
    std::vector<ComponentRef> components;
    std::string latest_update;  // body of the newest update
    std::optional<TimePoint> latest_update_at;

    // True unless the incident is resolved, postmortem or completed.
    bool unresolved() const;
};

struct Document {
    Page page;
    std::optional<Status> status;
    std::optional<std::vector<Component>> components;
    std::optional<std::vector<Incident>> incidents;
    std::optional<std::vector<Incident>> scheduled_maintenances;
};

using fairweather::ParseError;

// The most entries each list of a payload may hold. Each limit is named after
// the list it bounds, and so is its setting: max_<list> ("max_components").
// The defaults refuse nothing.
struct Limits {
    static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    // The page's components; also a group's members and the components one
    // incident or maintenance lists (a page cannot have more to list).
    std::size_t components = none;
    std::size_t incidents = none;
    std::size_t scheduled_maintenances = none;
};

// Why a payload was refused: it is not a Statuspage v2 payload, or it is one
// with a list longer than its limit.
struct PayloadError {
    // Where and what: "components: 180000 entries, more than max_components (500)".
    ParseError error;
    // The limit the payload is over, by its setting ("max_components"); empty
    // when the payload is invalid instead.
    std::string limit;
};

// Parses any Statuspage v2 payload. Fails on invalid JSON, a top level that is
// not an object, or a present field of the wrong type; unknown fields are ignored.
// Reads as many entries as the payload lists (a history file of incidents).
Expected<Document, ParseError> parse_document(std::string_view json);

// The same, refusing a list longer than `limits` allow: the error names the
// list (its JSON path), how many entries it has, the limit and its setting.
Expected<Document, PayloadError> parse_document(std::string_view json, const Limits& limits);

}  // namespace fairweather::statuspage
