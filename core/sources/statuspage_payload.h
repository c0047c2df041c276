#pragma once
// Atlassian Statuspage API v2 payloads, parsed into plain structs.
// Reads every v2 shape: summary.json, components.json, status.json,
// incidents.json / incidents/unresolved.json, scheduled-maintenances*.json and
// a single incidents/<id>.json. A section the endpoint does not carry stays
// unset, so callers can tell "no incidents" from "this endpoint has none".

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

// Parses any Statuspage v2 payload. Fails on invalid JSON, a top level that is
// not an object, or a present field of the wrong type; unknown fields are ignored.
Expected<Document, ParseError> parse_document(std::string_view json);

}  // namespace fairweather::statuspage
