#include "core/sources/statuspage_payload.h"

#include <algorithm>
#include <string>

#include "core/json/reader.h"

namespace fairweather::statuspage {
namespace {

using json::Reader;
using element = json::Value;
using object = json::Object;

// A Reader that also holds a payload's lists to their limits.
struct PayloadReader : Reader {
    explicit PayloadReader(const Limits& l) : limits(l) {}

    const Limits limits;
    // The setting of the limit the payload went over, when that was its first problem.
    std::string over;

    // Records that the list at `path` holds `what` ("180000 entries"), more
    // than `limit` allows; returns false, for the caller to stop reading.
    bool refuse(const std::string& path, const std::string& what, std::size_t limit,
                std::string_view setting) {
        if (!failed()) {
            over = setting;
        }
        fail(path,
             what + ", more than " + std::string(setting) + " (" + std::to_string(limit) + ")");
        return false;
    }

    // Whether `list` holds at most `limit` entries; counting them reads none.
    bool within(json::Array list, const std::string& path, std::size_t limit,
                std::string_view setting) {
        const std::size_t count = list.size();
        return count <= limit || refuse(path, std::to_string(count) + " entries", limit, setting);
    }
};

Page read_page(PayloadReader& r, object obj) {
    Page page;
    const auto value = r.field(obj, "page");
    if (!value) {
        return page;
    }
    const auto o = r.as_object(*value, "page");
    if (!o) {
        return page;
    }
    page.id = r.string(*o, "id", "page");
    page.name = r.string(*o, "name", "page");
    page.url = r.string(*o, "url", "page");
    page.time_zone = r.string(*o, "time_zone", "page");
    page.updated_at = r.timestamp(*o, "updated_at", "page");
    return page;
}

std::optional<Status> read_status(PayloadReader& r, object obj) {
    const auto value = r.field(obj, "status");
    if (!value) {
        return std::nullopt;
    }
    const auto o = r.as_object(*value, "status");
    if (!o) {
        return std::nullopt;
    }
    return Status{r.string(*o, "indicator", "status"), r.string(*o, "description", "status")};
}

std::vector<std::string> read_id_list(PayloadReader& r, object obj, std::string_view key,
                                      const std::string& path) {
    std::vector<std::string> ids;
    const auto a = r.array_field(obj, key, path);
    if (!a || !r.within(*a, Reader::join(path, key), r.limits.components, "max_components")) {
        return ids;
    }
    std::size_t i = 0;
    for (const element item : *a) {
        const auto s = item.string();
        if (!s) {
            r.fail(Reader::index(Reader::join(path, key), i), "expected a component id string");
            return ids;
        }
        ids.emplace_back(*s);
        ++i;
    }
    return ids;
}

std::optional<std::vector<Component>> read_components(PayloadReader& r, object obj) {
    const auto a = r.array_field(obj, "components", "");
    if (!a || !r.within(*a, "components", r.limits.components, "max_components")) {
        return std::nullopt;
    }
    std::vector<Component> components;
    std::size_t i = 0;
    for (const element item : *a) {
        const std::string path = Reader::index("components", i++);
        const auto o = r.as_object(item, path);
        if (!o) {
            break;
        }
        Component c;
        c.id = r.required_string(*o, "id", path);
        c.name = r.required_string(*o, "name", path);
        c.status = r.required_string(*o, "status", path);
        c.description = r.string(*o, "description", path);
        c.group = r.boolean(*o, "group", path);
        c.group_id = r.string(*o, "group_id", path);
        c.children = read_id_list(r, *o, "components", path);
        c.updated_at = r.timestamp(*o, "updated_at", path);
        if (r.failed()) {
            break;
        }
        components.push_back(std::move(c));
    }
    return components;
}

void add_ref(std::vector<ComponentRef>& refs, ComponentRef ref) {
    const bool seen = std::any_of(refs.begin(), refs.end(), [&](const ComponentRef& r) {
        return !ref.id.empty() ? r.id == ref.id : r.name == ref.name;
    });
    if (!seen) {
        refs.push_back(std::move(ref));
    }
}

void read_updates(PayloadReader& r, object obj, const std::string& path, Incident& incident,
                  std::vector<ComponentRef>& affected) {
    const auto updates = r.array_field(obj, "incident_updates", path);
    if (!updates) {
        return;
    }
    std::size_t i = 0;
    for (const element item : *updates) {
        const std::string update_path = Reader::index(Reader::join(path, "incident_updates"), i++);
        const auto o = r.as_object(item, update_path);
        if (!o) {
            return;
        }
        const auto at = r.timestamp(*o, "display_at", update_path);
        const auto created = at ? at : r.timestamp(*o, "created_at", update_path);
        if (!incident.latest_update_at || (created && *created > *incident.latest_update_at)) {
            incident.latest_update_at = created;
            incident.latest_update = r.string(*o, "body", update_path);
        }
        const std::string list_path = Reader::join(update_path, "affected_components");
        if (const auto list = r.array_field(*o, "affected_components", update_path)) {
            if (!r.within(*list, list_path, r.limits.components, "max_components")) {
                return;
            }
            std::size_t j = 0;
            for (const element ac : *list) {
                const std::string ac_path = Reader::index(list_path, j++);
                const auto aco = r.as_object(ac, ac_path);
                if (!aco) {
                    return;
                }
                add_ref(affected,
                        {r.string(*aco, "code", ac_path), r.string(*aco, "name", ac_path)});
            }
            // Updates add up: bound what they name together, too.
            if (affected.size() > r.limits.components) {
                r.refuse(list_path,
                         "the incident's updates name " + std::to_string(affected.size()) +
                             " components so far",
                         r.limits.components, "max_components");
                return;
            }
        }
        if (r.failed()) {
            return;
        }
    }
}

std::optional<Incident> read_incident(PayloadReader& r, element item, const std::string& path) {
    const auto o = r.as_object(item, path);
    if (!o) {
        return std::nullopt;
    }
    Incident incident;
    incident.id = r.required_string(*o, "id", path);
    incident.name = r.required_string(*o, "name", path);
    incident.status = r.required_string(*o, "status", path);
    incident.impact = r.string(*o, "impact", path);
    incident.shortlink = r.string(*o, "shortlink", path);
    incident.created_at = r.timestamp(*o, "created_at", path);
    incident.started_at = r.timestamp(*o, "started_at", path);
    incident.updated_at = r.timestamp(*o, "updated_at", path);
    incident.resolved_at = r.timestamp(*o, "resolved_at", path);
    incident.scheduled_for = r.timestamp(*o, "scheduled_for", path);
    incident.scheduled_until = r.timestamp(*o, "scheduled_until", path);
    if (const auto list = r.array_field(*o, "components", path);
        list &&
        r.within(*list, Reader::join(path, "components"), r.limits.components, "max_components")) {
        std::size_t j = 0;
        for (const element c : *list) {
            const std::string c_path = Reader::index(Reader::join(path, "components"), j++);
            const auto co = r.as_object(c, c_path);
            if (!co) {
                break;
            }
            add_ref(incident.components,
                    {r.string(*co, "id", c_path), r.string(*co, "name", c_path)});
        }
    }
    std::vector<ComponentRef> affected;
    read_updates(r, *o, path, incident, affected);
    if (incident.components.empty()) {
        incident.components = std::move(affected);
    }
    if (r.failed()) {
        return std::nullopt;
    }
    return incident;
}

std::optional<std::vector<Incident>> read_incidents(PayloadReader& r, object obj,
                                                    std::string_view key, std::size_t limit) {
    const auto a = r.array_field(obj, key, "");
    if (!a || !r.within(*a, std::string(key), limit, "max_" + std::string(key))) {
        return std::nullopt;
    }
    std::vector<Incident> incidents;
    std::size_t i = 0;
    for (const element item : *a) {
        auto incident = read_incident(r, item, Reader::index(std::string(key), i++));
        if (!incident) {
            break;
        }
        incidents.push_back(std::move(*incident));
    }
    return incidents;
}

}  // namespace

bool Incident::unresolved() const {
    if (resolved_at) {
        return false;
    }
    return status != "resolved" && status != "postmortem" && status != "completed";
}

Expected<Document, ParseError> parse_document(std::string_view json) {
    auto doc = parse_document(json, Limits{});
    if (!doc) {
        return make_unexpected(std::move(doc.error().error));
    }
    return std::move(*doc);
}

Expected<Document, PayloadError> parse_document(std::string_view json, const Limits& limits) {
    const auto parsed = json::Document::parse(json, "a Statuspage v2 payload");
    if (!parsed) {
        return make_unexpected(PayloadError{parsed.error(), {}});
    }
    const json::Value root = parsed->root();
    PayloadReader r(limits);
    const auto top = r.as_object(root, "(top level)");
    if (!top) {
        return make_unexpected(PayloadError{*r.error(), {}});
    }
    Document doc;
    doc.page = read_page(r, *top);
    doc.status = read_status(r, *top);
    doc.components = read_components(r, *top);
    doc.incidents = read_incidents(r, *top, "incidents", limits.incidents);
    if (!doc.incidents) {
        if (const auto single = r.field(*top, "incident")) {
            if (auto incident = read_incident(r, *single, "incident")) {
                doc.incidents = std::vector<Incident>{std::move(*incident)};
            }
        }
    }
    doc.scheduled_maintenances =
        read_incidents(r, *top, "scheduled_maintenances", limits.scheduled_maintenances);
    if (r.failed()) {
        return make_unexpected(PayloadError{*r.error(), r.over});
    }
    return doc;
}

}  // namespace fairweather::statuspage
