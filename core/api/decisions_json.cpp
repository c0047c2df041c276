#include "core/api/decisions_json.h"

#include <algorithm>
#include <cctype>

#include "core/json/reader.h"
#include "core/json/writer.h"
#include "core/sources/repo_settings.h"
#include "core/util/text.h"
#include "core/weather/decision.h"

namespace fairweather {
namespace {

void write_decision_fields(JsonWriter& j, const GateDecisionRecord& d, bool with_time) {
    j.begin_object();
    if (with_time) {
        j.field("at", format_timestamp(d.at));
    }
    j.field("repo", d.repo);
    j.field("version", d.version);
    j.field("kind", d.kind);
    j.field("decision", d.decision);
    j.field("weather", d.weather);
    j.field("reason", d.reason);
    j.field("requested_by", d.requested_by);
    j.end_object();
}

bool clean(std::string_view s) {
    return s.size() <= 500 && !has_control_character(s);
}

}  // namespace

void write_decision(JsonWriter& j, const GateDecisionRecord& d) {
    write_decision_fields(j, d, true);
}

std::string render_decision_body(const GateDecisionRecord& d) {
    JsonWriter j;
    write_decision_fields(j, d, false);
    return j.str();
}

Expected<GateDecisionRecord, ParseError> parse_decision_body(std::string_view json) {
    const auto doc = json::Document::parse(json, "a JSON object");
    if (!doc) {
        return make_unexpected(ParseError{"(body)", doc.error().describe()});
    }
    const json::Value root = doc->root();
    json::Reader r;
    const auto o = r.as_object(root, "(body)");
    if (!o) {
        return make_unexpected(ParseError{"(body)", r.error()->message});
    }
    static const std::string_view k_known[] = {"repo",    "version", "kind",        "decision",
                                               "weather", "reason",  "requested_by"};
    if (auto bad = json::check_keys(*o, std::begin(k_known), std::end(k_known),
                                    "repo, version, kind, decision, weather, reason, "
                                    "requested_by")) {
        return make_unexpected(*bad);
    }
    GateDecisionRecord d;
    d.repo = r.string(*o, "repo", "");
    d.version = r.string(*o, "version", "");
    const std::string kind = r.string(*o, "kind", "");
    const std::string decision = r.string(*o, "decision", "");
    const std::string weather = r.string(*o, "weather", "");
    d.reason = r.string(*o, "reason", "");
    d.requested_by = r.string(*o, "requested_by", "");
    if (r.failed()) {
        return make_unexpected(*r.error());
    }
    const auto k = parse_release_kind(kind);
    if (!k) {
        return make_unexpected(
            ParseError{"kind", "\"" + kind + "\" is not regular, patch or security"});
    }
    const auto dec = parse_decision(decision);
    if (!dec) {
        return make_unexpected(
            ParseError{"decision", "\"" + decision + "\" is not proceed, defer or block"});
    }
    const auto w = parse_weather(weather);
    if (!w) {
        return make_unexpected(
            ParseError{"weather", "\"" + weather + "\" is not fair, degraded, outage or unknown"});
    }
    d.kind = *k;
    d.decision = *dec;
    d.weather = *w;
    if (!d.repo.empty() && !github::repo_name_problem(d.repo).empty()) {
        return make_unexpected(ParseError{"repo", "\"" + d.repo + "\" is not OWNER/NAME"});
    }
    for (const auto& [field, value] :
         {std::pair<const char*, const std::string&>{"version", d.version},
          {"reason", d.reason},
          {"requested_by", d.requested_by}}) {
        if (!clean(value)) {
            return make_unexpected(
                ParseError{field, "longer than 500 characters or contains a control character"});
        }
    }
    return d;
}

std::string render_decisions(const std::vector<GateDecisionRecord>& decisions) {
    JsonWriter j(2);
    j.begin_object().key("decisions").begin_array();
    for (const auto& d : decisions) {
        write_decision(j, d);
    }
    j.end_array().end_object();
    return j.str() + "\n";
}

Expected<std::vector<GateDecisionRecord>, ParseError> parse_decisions(std::string_view json) {
    std::vector<GateDecisionRecord> out;
    auto read = json::read_listed(
        json, "a fairweather-monitor decisions answer", "decisions",
        [&](json::Reader& r, json::Object, json::Object o, const std::string& p) {
            GateDecisionRecord d;
            d.at = r.timestamp(o, "at", p).value_or(TimePoint{});
            d.repo = r.string(o, "repo", p);
            d.version = r.string(o, "version", p);
            d.kind = r.word(o, "kind", p, parse_release_kind, "regular, patch or security")
                         .value_or(ReleaseKind::regular);
            d.decision = r.word(o, "decision", p, parse_decision, "proceed, defer or block")
                             .value_or(Decision::defer);
            d.weather = r.word(o, "weather", p, parse_weather, "fair, degraded, outage or unknown")
                            .value_or(Weather::unknown);
            d.reason = r.string(o, "reason", p);
            d.requested_by = r.string(o, "requested_by", p);
            out.push_back(std::move(d));
        });
    if (!read) {
        return make_unexpected(read.error());
    }
    return out;
}

}  // namespace fairweather
