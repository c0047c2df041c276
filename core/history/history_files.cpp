#include "core/history/history_files.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/api/history_json.h"
#include "core/history/release_history.h"
#include "core/json/reader.h"
#include "core/release/versions.h"
#include "core/sources/github_payload.h"
#include "core/sources/statuspage_payload.h"
#include "core/util/text.h"
#include "core/util/time.h"

namespace fairweather {
namespace {

constexpr std::string_view k_releases_formats =
    "expected GitHub's releases JSON (GET /repos/{owner}/{repo}/releases), a fairweather-monitor's "
    "(GET /api/v1/repos/{owner}/{repo}/releases) or a CSV whose header has version,released_on";
constexpr std::string_view k_incidents_formats =
    "expected Statuspage JSON (/api/v2/incidents.json, incidents/unresolved.json, summary.json "
    "or incidents/<id>.json), a fairweather-monitor's (GET /api/v1/incidents) or a CSV whose "
    "header has "
    "id,name,impact,created_at,resolved_at,components";

// The text without a UTF-8 byte order mark (spreadsheets write one).
std::string_view without_bom(std::string_view text) {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (text.substr(0, bom.size()) == bom) {
        text.remove_prefix(bom.size());
    }
    return text;
}

// The first character that is not white space, or '\0' for a blank text.
char first_char(std::string_view text) {
    const std::string_view t = trim(text);
    return t.empty() ? '\0' : t.front();
}

std::string at(std::string_view source, std::size_t line) {
    return std::string(source) + ":" + std::to_string(line) + ": ";
}

std::string in_quotes(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180): fields separated by ',', records by CRLF or LF; a field in
// double quotes may hold ',', line breaks and "" for a quote. Blank lines are
// skipped.

struct CsvRecord {
    std::size_t line = 0;  // 1-based line the record starts on
    std::vector<std::string> fields;
};

class CsvTable {
  public:
    CsvRecord header;
    std::vector<CsvRecord> rows;

    std::optional<std::size_t> column(std::string_view name) const {
        for (std::size_t i = 0; i < header.fields.size(); ++i) {
            if (iequals(trim(header.fields[i]), name)) {
                return i;
            }
        }
        return std::nullopt;
    }
};

Expected<std::vector<CsvRecord>, std::string> read_csv_records(std::string_view text,
                                                               std::string_view source) {
    std::vector<CsvRecord> records;
    std::size_t pos = 0;
    std::size_t line = 1;
    const auto at_line_end = [&](std::size_t p) {
        return p >= text.size() || text[p] == '\n' ||
               (text[p] == '\r' && (p + 1 >= text.size() || text[p + 1] == '\n'));
    };
    while (pos < text.size()) {
        CsvRecord record{line, {}};
        bool had_quotes = false;
        for (;;) {
            std::string field;
            if (pos < text.size() && text[pos] == '"') {
                had_quotes = true;
                const std::size_t opened_on = line;
                ++pos;
                for (;;) {
                    if (pos >= text.size()) {
                        return make_unexpected(
                            at(source, opened_on) +
                            "a quoted field is not closed (its closing '\"' is missing); inside "
                            "quotes write \"\" for a quote");
                    }
                    const char c = text[pos++];
                    if (c == '"') {
                        if (pos < text.size() && text[pos] == '"') {
                            field += '"';
                            ++pos;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') {
                        ++line;
                    }
                    field += c;
                }
                if (!at_line_end(pos) && text[pos] != ',') {
                    return make_unexpected(
                        at(source, line) + "'" + std::string(1, text[pos]) +
                        "' after the closing quote of a field; a quoted field ends at a ',' or "
                        "the line end (inside quotes write \"\" for a quote)");
                }
            } else {
                while (!at_line_end(pos) && text[pos] != ',') {
                    field += text[pos++];
                }
            }
            record.fields.push_back(std::move(field));
            if (pos < text.size() && text[pos] == ',') {
                ++pos;
                continue;
            }
            // The line end: CRLF, LF, or a CR at the very end of the text.
            if (pos < text.size() && text[pos] == '\r') {
                ++pos;
            }
            if (pos < text.size() && text[pos] == '\n') {
                ++pos;
                ++line;
            }
            break;
        }
        const bool blank =
            !had_quotes && record.fields.size() == 1 && trim(record.fields.front()).empty();
        if (!blank) {
            records.push_back(std::move(record));
        }
    }
    return records;
}

// The records of `text` as a table: the header row names the columns, each
// of `required` must be among them, and every row has as many fields as it.
Expected<CsvTable, std::string> read_csv_table(std::string_view text, std::string_view source,
                                               const std::vector<std::string_view>& required,
                                               std::string_view what) {
    auto records = read_csv_records(text, source);
    if (!records) {
        return make_unexpected(records.error());
    }
    if (records->empty()) {
        return make_unexpected(std::string(source) + ": empty; " + std::string(what));
    }
    CsvTable table;
    table.header = std::move(records->front());
    for (const std::string_view name : required) {
        if (!table.column(name)) {
            return make_unexpected(at(source, table.header.line) + "the header (" +
                                   join(table.header.fields, ",") + ") has no " + in_quotes(name) +
                                   " column; " + std::string(what));
        }
    }
    for (std::size_t i = 1; i < records->size(); ++i) {
        CsvRecord& row = (*records)[i];
        if (row.fields.size() != table.header.fields.size()) {
            return make_unexpected(at(source, row.line) + std::to_string(row.fields.size()) +
                                   (row.fields.size() == 1 ? " field" : " fields") +
                                   " where the header has " +
                                   std::to_string(table.header.fields.size()) +
                                   (row.fields.size() > table.header.fields.size()
                                        ? "; a field holding a ',' must be in double quotes"
                                        : "; every column needs a field, even an empty one"));
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

std::string_view cell(const CsvRecord& row, std::size_t column) {
    return trim(row.fields[column]);
}

// ---------------------------------------------------------------------------
// Releases

Expected<ReleaseFile, std::string> releases_from_csv(std::string_view text, std::string_view source,
                                                     const ReleasePolicy& policy) {
    const auto table = read_csv_table(text, source, {"version", "released_on"},
                                      "a releases CSV needs a header row with version,released_on");
    if (!table) {
        return make_unexpected(table.error());
    }
    const std::size_t version_column = *table->column("version");
    const std::size_t date_column = *table->column("released_on");
    ReleaseFile file;
    for (const CsvRecord& row : table->rows) {
        const std::string_view version_text = cell(row, version_column);
        const std::string_view date_text = cell(row, date_column);
        const auto date = parse_calendar_date(date_text);
        if (!date) {
            return make_unexpected(at(source, row.line) + "released_on " + in_quotes(date_text) +
                                   " is not a date (YYYY-MM-DD)");
        }
        const TimePoint published = policy.time_zone.start_of_day(*date);
        auto version = parse_version(version_text, policy.scheme);
        if (!version) {
            file.skipped.push_back(SkippedRelease{std::string(version_text),
                                                  at(source, row.line) + version.error().describe(),
                                                  published});
            continue;
        }
        PublishedRelease release;
        release.prerelease = version->is_prerelease();
        release.version = std::move(*version);
        release.tag = std::string(version_text);
        release.published_at = published;
        file.releases.push_back(std::move(release));
    }
    return file;
}

// Whether `text` is a JSON object with `key` at its top level.
bool has_top_level_key(std::string_view text, std::string_view key) {
    const auto doc = json::Document::parse(text, "a JSON object");
    if (!doc) {
        return false;
    }
    const json::Value root = doc->root();
    json::Reader r;
    const auto top = r.as_object(root, "");
    return top && r.field(*top, key).has_value();
}

// Whether `text` is one release object (GET /releases/latest or
// /releases/tags/{tag}) rather than the list.
bool is_single_release(std::string_view text) {
    return has_top_level_key(text, "tag_name");
}

Expected<ReleaseFile, std::string> releases_from_json(std::string_view text,
                                                      std::string_view source,
                                                      const ReleasePolicy& policy) {
    const auto releases = github::parse_releases(text);
    if (!releases) {
        if (is_single_release(text)) {
            return make_unexpected(
                std::string(source) +
                ": this is a single GitHub release (an object with \"tag_name\"), not the list "
                "of releases; save the array that GET /repos/{owner}/{repo}/releases returns");
        }
        // At the top level the message already says which list is expected.
        const bool says_what = releases.error().path == "(top level)";
        return make_unexpected(
            std::string(source) + ": " + releases.error().describe() +
            (says_what ? std::string() : "; " + std::string(k_releases_formats)));
    }
    ReleaseFile file;
    for (const github::Release& r : *releases) {
        if (r.draft) {
            continue;
        }
        const auto published = r.published_at ? r.published_at : r.created_at;
        auto version = parse_version(r.tag_name, policy.scheme);
        if (!version) {
            file.skipped.push_back(
                SkippedRelease{r.tag_name, version.error().describe(), published});
            continue;
        }
        if (!published) {
            file.skipped.push_back(SkippedRelease{
                r.tag_name, in_quotes(r.tag_name) + " has neither published_at nor created_at",
                std::nullopt});
            continue;
        }
        PublishedRelease release;
        release.prerelease = r.prerelease || version->is_prerelease();
        release.version = std::move(*version);
        release.tag = r.tag_name;
        release.name = r.name;
        release.published_at = *published;
        file.releases.push_back(std::move(release));
    }
    return file;
}

// ---------------------------------------------------------------------------
// Incidents

std::string component_name(const statuspage::ComponentRef& c) {
    return c.name.empty() ? c.id : c.name;
}

Expected<std::vector<IncidentSpan>, std::string> incidents_from_json(std::string_view text,
                                                                     std::string_view source) {
    const auto doc = statuspage::parse_document(text);
    if (!doc) {
        return make_unexpected(std::string(source) + ": " + doc.error().describe() + "; " +
                               std::string(k_incidents_formats));
    }
    if (!doc->incidents) {
        return make_unexpected(
            std::string(source) +
            ": the JSON is not a Statuspage incidents payload (it has no \"incidents\" array and "
            "no \"incident\" object); " +
            std::string(k_incidents_formats));
    }
    std::vector<IncidentSpan> incidents;
    for (const statuspage::Incident& in : *doc->incidents) {
        const auto started = in.started_at ? in.started_at : in.created_at;
        if (!started) {
            return make_unexpected(std::string(source) + ": incident " + in_quotes(in.id) + " (" +
                                   in_quotes(in.name) +
                                   ") has neither started_at nor created_at; add one (RFC 3339) "
                                   "or leave the incident out");
        }
        IncidentSpan out;
        out.id = in.id;
        out.name = in.name;
        out.impact = in.impact;
        out.url = in.shortlink;
        out.started = *started;
        out.resolved = in.resolved_at;
        for (const statuspage::ComponentRef& c : in.components) {
            if (std::string name = component_name(c); !name.empty()) {
                out.components.push_back(std::move(name));
            }
        }
        incidents.push_back(std::move(out));
    }
    return incidents;
}

Expected<TimePoint, std::string> csv_timestamp(std::string_view text, std::string_view column,
                                               std::string_view source, std::size_t line) {
    if (const auto t = parse_timestamp(text)) {
        return *t;
    }
    return make_unexpected(at(source, line) + std::string(column) + " " + in_quotes(text) +
                           " is not an RFC 3339 timestamp (e.g. 2023-01-07T22:50:20.317Z or "
                           "2024-09-16T21:31:00Z)");
}

Expected<std::vector<IncidentSpan>, std::string> incidents_from_csv(std::string_view text,
                                                                    std::string_view source) {
    const auto table = read_csv_table(
        text, source, {"id", "name", "impact", "created_at", "resolved_at", "components"},
        "an incidents CSV needs a header row with "
        "id,name,impact,created_at,resolved_at,components");
    if (!table) {
        return make_unexpected(table.error());
    }
    const std::size_t id = *table->column("id");
    const std::size_t name = *table->column("name");
    const std::size_t impact = *table->column("impact");
    const std::size_t created = *table->column("created_at");
    const std::size_t resolved = *table->column("resolved_at");
    const std::size_t components = *table->column("components");
    const auto url = table->column("url");
    std::vector<IncidentSpan> incidents;
    for (const CsvRecord& row : table->rows) {
        IncidentSpan in;
        in.id = std::string(cell(row, id));
        if (in.id.empty()) {
            return make_unexpected(at(source, row.line) +
                                   "the id is empty; every incident needs its Statuspage id");
        }
        in.name = std::string(cell(row, name));
        in.impact = std::string(cell(row, impact));
        const auto started = csv_timestamp(cell(row, created), "created_at", source, row.line);
        if (!started) {
            return make_unexpected(started.error());
        }
        in.started = *started;
        if (const std::string_view r = cell(row, resolved); !r.empty()) {
            const auto end = csv_timestamp(r, "resolved_at", source, row.line);
            if (!end) {
                return make_unexpected(end.error() + "; leave it empty for an unresolved incident");
            }
            in.resolved = *end;
        }
        in.components = split(cell(row, components), ';');
        if (url) {
            in.url = std::string(cell(row, *url));
        }
        incidents.push_back(std::move(in));
    }
    return incidents;
}

}  // namespace

std::vector<IncidentSpan> incident_spans(const std::vector<IncidentRecord>& records) {
    std::vector<IncidentSpan> out;
    for (const auto& r : records) {
        IncidentSpan incident;
        incident.id = r.id;
        incident.name = r.name;
        incident.impact = r.impact;
        incident.url = r.url;
        incident.started = r.started_at.value_or(r.first_seen);
        incident.resolved = r.resolved_at;
        // The watched components it touched; none: it did not concern CI.
        // Unknown (recorded before the monitor kept them): it may have.
        if (r.watched_components) {
            incident.components = *r.watched_components;
            incident.watched = !incident.components.empty();
        }
        out.push_back(std::move(incident));
    }
    return out;
}

Expected<ReleaseFile, std::string> read_releases(std::string_view text,
                                                 std::string_view source_name,
                                                 const ReleasePolicy& policy) {
    text = without_bom(text);
    switch (first_char(text)) {
        case '\0':
            return make_unexpected(std::string(source_name) + ": empty; " +
                                   std::string(k_releases_formats));
        case '{':
            if (has_top_level_key(text, "releases")) {
                // A monitor's answer, saved: curl .../api/v1/repos/OWNER/NAME/releases
                auto records = parse_releases_answer(text);
                if (!records) {
                    return make_unexpected(std::string(source_name) + ": " +
                                           records.error().describe());
                }
                ReleaseHistory history = to_release_history(*records, policy);
                return ReleaseFile{std::move(history.releases), std::move(history.skipped)};
            }
            return releases_from_json(text, source_name, policy);
        case '[':
            return releases_from_json(text, source_name, policy);
        default:
            return releases_from_csv(text, source_name, policy);
    }
}

Expected<std::vector<IncidentSpan>, std::string> read_incidents(std::string_view text,
                                                                std::string_view source_name) {
    text = without_bom(text);
    switch (first_char(text)) {
        case '\0':
            return make_unexpected(std::string(source_name) + ": empty; " +
                                   std::string(k_incidents_formats));
        case '{':
            if (has_top_level_key(text, "since") && !has_top_level_key(text, "page")) {
                // A monitor's answer, saved: curl .../api/v1/incidents?since=...
                auto records = parse_incidents_answer(text);
                if (!records) {
                    return make_unexpected(std::string(source_name) + ": " +
                                           records.error().describe());
                }
                return incident_spans(*records);
            }
            return incidents_from_json(text, source_name);
        case '[':
            return make_unexpected(std::string(source_name) +
                                   ": a JSON array is not a Statuspage payload (those are "
                                   "objects); " +
                                   std::string(k_incidents_formats));
        default:
            return incidents_from_csv(text, source_name);
    }
}

}  // namespace fairweather
