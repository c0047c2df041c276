#include "core/api/history_json.h"

#include "core/json/reader.h"
#include "core/json/writer.h"

namespace fairweather {

std::string render_releases_answer(const std::string& repo,
                                   const std::vector<ReleaseRecord>& records) {
    JsonWriter j(2);
    j.begin_object();
    j.field("repo", repo);
    j.key("releases").begin_array();
    for (const auto& r : records) {
        j.begin_object();
        j.field("id", r.id);
        j.field("tag", r.tag);
        j.field("name", r.name);
        j.field("url", r.url);
        j.field("draft", r.draft);
        j.field("prerelease", r.prerelease);
        j.time_field("created_at", r.created_at);
        j.time_field("published_at", r.published_at);
        j.end_object();
    }
    j.end_array();
    j.end_object();
    return j.str() + "\n";
}

Expected<std::vector<ReleaseRecord>, ParseError> parse_releases_answer(std::string_view json) {
    std::vector<ReleaseRecord> records;
    auto read = json::read_listed(
        json, "a fairweather-monitor releases answer", "releases",
        [&](json::Reader& r, json::Object top, json::Object o, const std::string& path) {
            ReleaseRecord rec;
            rec.repo = r.string(top, "repo", "");
            rec.id = r.integer(o, "id", path).value_or(0);
            rec.tag = r.string(o, "tag", path);
            rec.name = r.string(o, "name", path);
            rec.url = r.string(o, "url", path);
            rec.draft = r.boolean(o, "draft", path);
            rec.prerelease = r.boolean(o, "prerelease", path);
            rec.created_at = r.timestamp(o, "created_at", path);
            rec.published_at = r.timestamp(o, "published_at", path);
            records.push_back(std::move(rec));
        });
    if (!read) {
        return make_unexpected(read.error());
    }
    return records;
}

std::string render_incidents_answer(TimePoint since, const std::vector<IncidentRecord>& records) {
    JsonWriter j(2);
    j.begin_object().field("since", format_timestamp(since)).key("incidents").begin_array();
    for (const auto& r : records) {
        j.begin_object();
        j.field("source", r.source);
        j.field("id", r.id);
        j.field("name", r.name);
        j.field("impact", r.impact);
        j.field("status", r.status);
        j.field("url", r.url);
        j.time_field("started_at", r.started_at);
        j.key("watched_components");
        if (r.watched_components) {
            j.begin_array();
            for (const auto& c : *r.watched_components) {
                j.value(c);
            }
            j.end_array();
        } else {
            j.null();
        }
        j.field("first_seen", format_timestamp(r.first_seen));
        j.field("last_seen", format_timestamp(r.last_seen));
        j.time_field("resolved_at", r.resolved_at);
        j.end_object();
    }
    j.end_array().end_object();
    return j.str() + "\n";
}

Expected<std::vector<IncidentRecord>, ParseError> parse_incidents_answer(std::string_view json) {
    std::vector<IncidentRecord> records;
    auto read = json::read_listed(
        json, "a fairweather-monitor incidents answer", "incidents",
        [&](json::Reader& r, json::Object, json::Object o, const std::string& path) {
            IncidentRecord rec;
            rec.source = r.string(o, "source", path);
            rec.id = r.string(o, "id", path);
            rec.name = r.string(o, "name", path);
            rec.impact = r.string(o, "impact", path);
            rec.status = r.string(o, "status", path);
            rec.url = r.string(o, "url", path);
            rec.started_at = r.timestamp(o, "started_at", path);
            if (const auto watched = r.array_field(o, "watched_components", path)) {
                rec.watched_components.emplace();
                for (const auto c : *watched) {
                    if (const auto name = c.string()) {
                        rec.watched_components->emplace_back(*name);
                    }
                }
            }
            rec.first_seen = r.timestamp(o, "first_seen", path).value_or(TimePoint{});
            rec.last_seen = r.timestamp(o, "last_seen", path).value_or(TimePoint{});
            rec.resolved_at = r.timestamp(o, "resolved_at", path);
            records.push_back(std::move(rec));
        });
    if (!read) {
        return make_unexpected(read.error());
    }
    return records;
}

std::string render_history_answer(TimePoint since, const std::vector<Transition>& transitions) {
    JsonWriter j(2);
    j.begin_object();
    j.field("since", format_timestamp(since));
    j.key("transitions").begin_array();
    for (const auto& t : transitions) {
        j.begin_object();
        j.field("at", format_timestamp(t.at));
        j.field("from", t.from);
        j.field("to", t.to);
        j.field("cause", t.cause);
        j.end_object();
    }
    j.end_array();
    j.end_object();
    return j.str() + "\n";
}

}  // namespace fairweather
