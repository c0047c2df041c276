#include "core/api/weather_json.h"

#include "core/json/reader.h"

namespace fairweather {
namespace {

void write_actions(JsonWriter& j, const ActionsSignals& a) {
    j.begin_object();
    j.field("runs_considered", a.runs_considered);
    j.field("runs_started", a.runs_started);
    j.seconds_field("queue_latency_p50_seconds", a.queue_latency_p50);
    j.seconds_field("queue_latency_p90_seconds", a.queue_latency_p90);
    j.seconds_field("queue_latency_max_seconds", a.queue_latency_max);
    j.field("queued_now", a.queued_now);
    j.field("queued_too_long", a.queued_too_long);
    j.seconds_field("longest_queued_seconds", a.longest_queued);
    j.field("startup_failures", a.startup_failures);
    j.field("infra_cancellations", a.infra_cancellations);
    // Runner pickup from jobs; null when the jobs were not read (jobs = false).
    j.key("jobs");
    if (a.jobs_read) {
        j.begin_object();
        j.field("considered", a.jobs_considered);
        j.field("waiting", a.jobs_queued_now);
        j.field("waiting_too_long", a.jobs_waiting_too_long);
        j.seconds_field("longest_wait_seconds", a.longest_job_wait);
        j.field("runs_unread", a.runs_jobs_unread);
        j.end_object();
    } else {
        j.null();
    }
    j.key("left_out").begin_object();
    j.field("self_hosted_jobs", a.jobs_self_hosted);
    j.field("runs_waiting_for_approval", a.runs_waiting);
    j.field("runs_pending_concurrency", a.runs_pending);
    j.end_object();
    j.key("webhook").begin_object();
    j.field("deliveries", a.deliveries);
    j.seconds_field("delay_p90_seconds", a.delivery_delay_p90);
    j.end_object();
    j.key("release_workflow").begin_object();
    j.key("conclusion");
    a.release_conclusion.empty() ? j.null() : j.value(a.release_conclusion);
    j.key("url");
    a.release_url.empty() ? j.null() : j.value(a.release_url);
    j.time_field("at", a.release_at);
    j.end_object();
    j.end_object();
}

// An incident object; `source` (the top-level list names it) may be empty.
void write_incident(JsonWriter& j, const IncidentObservation& i, const std::string& source) {
    j.begin_object();
    if (!source.empty()) {
        j.field("source", source);
    }
    j.field("id", i.id);
    j.field("name", i.name);
    j.field("impact", i.impact);
    j.field("status", i.status);
    j.field("url", i.url);
    j.time_field("started_at", i.started_at);
    j.string_array("affects", i.watched_components);
    j.field("weather", to_string(i.weather));
    j.field("latest_update", i.latest_update);
    j.end_object();
}

Weather read_weather(json::Reader& r, json::Object o, std::string_view key,
                     const std::string& path) {
    return r.word(o, key, path, parse_weather, "fair, degraded, outage or unknown")
        .value_or(Weather::unknown);
}

std::vector<std::string> read_strings(json::Reader& r, json::Object o, std::string_view key,
                                      const std::string& path) {
    std::vector<std::string> out;
    if (const auto a = r.array_field(o, key, path)) {
        std::size_t i = 0;
        for (const auto item : *a) {
            const auto s = item.string();
            if (!s) {
                r.fail(json::Reader::index(json::Reader::join(path, key), i), "expected a string");
                break;
            }
            out.emplace_back(*s);
            ++i;
        }
    }
    return out;
}

template <class Each>
void for_each_object(json::Reader& r, json::Object o, std::string_view key, const std::string& path,
                     Each each) {
    const auto a = r.array_field(o, key, path);
    if (!a) {
        return;
    }
    std::size_t i = 0;
    for (const auto item : *a) {
        const std::string item_path = json::Reader::index(json::Reader::join(path, key), i++);
        const auto obj = r.as_object(item, item_path);
        if (!obj || r.failed()) {
            return;
        }
        each(*obj, item_path);
    }
}

std::optional<Duration> read_seconds(json::Reader& r, json::Object o, std::string_view key,
                                     const std::string& path) {
    const auto v = r.number(o, key, path);
    if (!v) {
        return std::nullopt;
    }
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(*v));
}

// The "jobs", "left_out" and "webhook" objects of an "actions" object.
void read_jobs_signals(json::Reader& r, json::Object actions, const std::string& path,
                       ActionsSignals& sig) {
    const auto count = [&](json::Object o, std::string_view key, const std::string& p) {
        return static_cast<int>(r.integer(o, key, p).value_or(0));
    };
    const auto object = [&](std::string_view key) -> std::optional<json::Object> {
        const auto v = r.field(actions, key);
        return v ? r.as_object(*v, json::Reader::join(path, key)) : std::nullopt;
    };
    if (const auto jobs = object("jobs")) {
        const std::string p = json::Reader::join(path, "jobs");
        sig.jobs_read = true;
        sig.jobs_considered = count(*jobs, "considered", p);
        sig.jobs_queued_now = count(*jobs, "waiting", p);
        sig.jobs_waiting_too_long = count(*jobs, "waiting_too_long", p);
        sig.longest_job_wait = read_seconds(r, *jobs, "longest_wait_seconds", p);
        sig.runs_jobs_unread = count(*jobs, "runs_unread", p);
    }
    if (const auto out = object("left_out")) {
        const std::string p = json::Reader::join(path, "left_out");
        sig.jobs_self_hosted = count(*out, "self_hosted_jobs", p);
        sig.runs_waiting = count(*out, "runs_waiting_for_approval", p);
        sig.runs_pending = count(*out, "runs_pending_concurrency", p);
    }
    if (const auto hook = object("webhook")) {
        const std::string p = json::Reader::join(path, "webhook");
        sig.deliveries = count(*hook, "deliveries", p);
        sig.delivery_delay_p90 = read_seconds(r, *hook, "delay_p90_seconds", p);
    }
}

Observation read_source(json::Reader& r, json::Object o, const std::string& path) {
    Observation s;
    s.name = r.required_string(o, "name", path);
    s.kind = r.string(o, "kind", path);
    s.url = r.string(o, "url", path);
    s.weather = read_weather(r, o, "weather", path);
    s.observed_at = r.timestamp(o, "observed_at", path).value_or(TimePoint{});
    s.stale = r.boolean(o, "stale", path);
    if (const auto status = r.integer(o, "http_status", path)) {
        s.http_status = static_cast<int>(*status);
    }
    s.error = r.string(o, "error", path);
    s.reasons = read_strings(r, o, "reasons", path);
    for_each_object(r, o, "components", path, [&](json::Object c, const std::string& p) {
        ComponentObservation obs;
        obs.id = r.string(c, "id", p);
        obs.name = r.string(c, "name", p);
        obs.status = r.string(c, "status", p);
        obs.weather = read_weather(r, c, "weather", p);
        obs.found = r.field(c, "found") ? r.boolean(c, "found", p) : true;
        s.components.push_back(std::move(obs));
    });
    for_each_object(r, o, "incidents", path, [&](json::Object i, const std::string& p) {
        IncidentObservation obs;
        obs.id = r.required_string(i, "id", p);
        obs.name = r.string(i, "name", p);
        obs.impact = r.string(i, "impact", p);
        obs.status = r.string(i, "status", p);
        obs.url = r.string(i, "url", p);
        obs.started_at = r.timestamp(i, "started_at", p);
        obs.watched_components = read_strings(r, i, "affects", p);
        obs.weather = read_weather(r, i, "weather", p);
        obs.latest_update = r.string(i, "latest_update", p);
        s.incidents.push_back(std::move(obs));
    });
    for_each_object(r, o, "maintenances", path, [&](json::Object m, const std::string& p) {
        MaintenanceObservation obs;
        obs.id = r.string(m, "id", p);
        obs.name = r.string(m, "name", p);
        obs.status = r.string(m, "status", p);
        obs.url = r.string(m, "url", p);
        obs.scheduled_for = r.timestamp(m, "scheduled_for", p);
        obs.scheduled_until = r.timestamp(m, "scheduled_until", p);
        obs.watched_components = read_strings(r, m, "affects", p);
        obs.weather = read_weather(r, m, "weather", p);
        s.maintenances.push_back(std::move(obs));
    });
    if (const auto a = r.field(o, "actions")) {
        if (const auto ao = r.as_object(*a, json::Reader::join(path, "actions"))) {
            const std::string p = json::Reader::join(path, "actions");
            ActionsSignals sig;
            sig.runs_considered =
                static_cast<int>(r.integer(*ao, "runs_considered", p).value_or(0));
            sig.runs_started = static_cast<int>(r.integer(*ao, "runs_started", p).value_or(0));
            sig.queue_latency_p50 = read_seconds(r, *ao, "queue_latency_p50_seconds", p);
            sig.queue_latency_p90 = read_seconds(r, *ao, "queue_latency_p90_seconds", p);
            sig.queue_latency_max = read_seconds(r, *ao, "queue_latency_max_seconds", p);
            sig.queued_now = static_cast<int>(r.integer(*ao, "queued_now", p).value_or(0));
            sig.queued_too_long =
                static_cast<int>(r.integer(*ao, "queued_too_long", p).value_or(0));
            sig.longest_queued = read_seconds(r, *ao, "longest_queued_seconds", p);
            sig.startup_failures =
                static_cast<int>(r.integer(*ao, "startup_failures", p).value_or(0));
            sig.infra_cancellations =
                static_cast<int>(r.integer(*ao, "infra_cancellations", p).value_or(0));
            read_jobs_signals(r, *ao, p, sig);
            if (const auto rw = r.field(*ao, "release_workflow")) {
                if (const auto rwo = r.as_object(*rw, json::Reader::join(p, "release_workflow"))) {
                    const std::string rp = json::Reader::join(p, "release_workflow");
                    sig.release_conclusion = r.string(*rwo, "conclusion", rp);
                    sig.release_url = r.string(*rwo, "url", rp);
                    sig.release_at = r.timestamp(*rwo, "at", rp);
                }
            }
            s.actions = sig;
        }
    }
    return s;
}

}  // namespace

void write_observation(JsonWriter& j, const Observation& s) {
    j.begin_object();
    j.field("name", s.name);
    j.field("kind", s.kind);
    j.field("url", s.url);
    j.field("weather", to_string(s.weather));
    j.time_field("observed_at", s.observed_at == TimePoint{}
                                    ? std::nullopt
                                    : std::optional<TimePoint>(s.observed_at));
    j.field("stale", s.stale);
    j.key("http_status");
    s.http_status ? j.value(*s.http_status) : j.null();
    j.field("not_modified", s.not_modified);
    j.key("error");
    s.error.empty() ? j.null() : j.value(s.error);
    j.string_array("reasons", s.reasons);
    j.key("components").begin_array();
    for (const auto& c : s.components) {
        j.begin_object();
        j.field("id", c.id);
        j.field("name", c.name);
        j.key("status");
        c.found ? j.value(c.status) : j.null();
        j.field("weather", to_string(c.weather));
        j.field("found", c.found);
        j.end_object();
    }
    j.end_array();
    j.key("incidents").begin_array();
    for (const auto& i : s.incidents) {
        write_incident(j, i, "");
    }
    j.end_array();
    j.key("maintenances").begin_array();
    for (const auto& m : s.maintenances) {
        j.begin_object();
        j.field("id", m.id);
        j.field("name", m.name);
        j.field("status", m.status);
        j.field("url", m.url);
        j.time_field("scheduled_for", m.scheduled_for);
        j.time_field("scheduled_until", m.scheduled_until);
        j.string_array("affects", m.watched_components);
        j.field("weather", to_string(m.weather));
        j.end_object();
    }
    j.end_array();
    if (s.actions) {
        j.key("actions");
        write_actions(j, *s.actions);
    }
    j.end_object();
}

Conditions WeatherSnapshot::to_conditions() const {
    Conditions conditions = combine(sources, checked_at);
    conditions.weather = weather;
    if (recovering_until) {
        conditions.notes.push_back(
            "monitor: CI weather has been fair since the sources recovered, but the "
            "verdict stays " +
            std::string(to_string(weather)) + " until " + format_timestamp(*recovering_until) +
            " (recovery window) so a release does not start into a flapping recovery");
    } else if (weather != raw_weather) {
        conditions.notes.push_back("monitor: verdict " + std::string(to_string(weather)) +
                                   " since " + format_timestamp(since) + ": " + cause);
    }
    return conditions;
}

std::string render_weather_snapshot(const WeatherSnapshot& snapshot) {
    JsonWriter j(2);
    j.begin_object();
    j.field("weather", to_string(snapshot.weather));
    j.field("raw_weather", to_string(snapshot.raw_weather));
    j.time_field("since", snapshot.since == TimePoint{} ? std::nullopt
                                                        : std::optional<TimePoint>(snapshot.since));
    j.field("cause", snapshot.cause);
    j.time_field("recovering_until", snapshot.recovering_until);
    j.field("checked_at", format_timestamp(snapshot.checked_at));
    j.field("ready", snapshot.ready);
    const Conditions conditions = combine(snapshot.sources, snapshot.checked_at);
    j.string_array("reasons", conditions.reasons());
    j.key("incidents").begin_array();
    for (const auto& s : snapshot.sources) {
        for (const auto& i : s.incidents) {
            write_incident(j, i, s.name);
        }
    }
    j.end_array();
    j.key("sources").begin_array();
    for (const auto& s : snapshot.sources) {
        write_observation(j, s);
    }
    j.end_array();
    j.end_object();
    return j.str() + "\n";
}

Expected<WeatherSnapshot, ParseError> parse_weather_snapshot(std::string_view json) {
    const auto doc = json::Document::parse(json, "a fairweather-monitor /api/v1/weather answer");
    if (!doc) {
        return make_unexpected(doc.error());
    }
    json::Reader r;
    const auto top = r.as_object(doc->root(), "(top level)");
    if (!top) {
        return make_unexpected(*r.error());
    }
    if (!r.field(*top, "weather")) {
        return make_unexpected(ParseError{"weather", "missing; is this a fairweather-monitor?"});
    }
    WeatherSnapshot s;
    s.weather = read_weather(r, *top, "weather", "");
    s.raw_weather =
        r.field(*top, "raw_weather") ? read_weather(r, *top, "raw_weather", "") : s.weather;
    s.since = r.timestamp(*top, "since", "").value_or(TimePoint{});
    s.cause = r.string(*top, "cause", "");
    s.recovering_until = r.timestamp(*top, "recovering_until", "");
    s.checked_at = r.timestamp(*top, "checked_at", "").value_or(TimePoint{});
    s.ready = r.boolean(*top, "ready", "");
    for_each_object(r, *top, "sources", "", [&](json::Object o, const std::string& p) {
        s.sources.push_back(read_source(r, o, p));
    });
    if (r.failed()) {
        return make_unexpected(*r.error());
    }
    return s;
}

}  // namespace fairweather
