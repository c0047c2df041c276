#include "core/sources/statuspage_source.h"

#include <algorithm>
#include <cctype>

#include "core/util/text.h"

namespace fairweather {
namespace {

// True when `word` appears in `text` as a whole word or phrase, ignoring case.
bool mentions(std::string_view text, std::string_view word) {
    if (word.empty()) {
        return false;
    }
    const std::string t = lower(text);
    const std::string w = lower(word);
    const auto is_word_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0;
    };
    for (auto pos = t.find(w); pos != std::string::npos; pos = t.find(w, pos + 1)) {
        const bool left_ok = pos == 0 || !is_word_char(t[pos - 1]);
        const bool right_ok = pos + w.size() == t.size() || !is_word_char(t[pos + w.size()]);
        if (left_ok && right_ok) {
            return true;
        }
    }
    return false;
}

// A watched component, resolved against the page.
struct Watched {
    ComponentSelector selector;
    const statuspage::Component* component = nullptr;  // null: not on the page
    bool matched_by_name = false;
};

const statuspage::Component* find_by_id(const std::vector<statuspage::Component>& all,
                                        std::string_view id) {
    const auto it = std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.id == id; });
    return it == all.end() ? nullptr : &*it;
}

// A row that is only a link to the page ("Visit www.githubstatus.com for
// more information"): no description, "Visit " and a host name. Never
// weather, so never watched when a page is watched whole.
bool is_link_row(const statuspage::Component& c) {
    return c.description.empty() && c.name.size() > 6 && iequals(c.name.substr(0, 6), "Visit ") &&
           c.name.find('.') != std::string::npos;
}

std::vector<Watched> resolve(const std::vector<statuspage::Component>& all,
                             const std::vector<ComponentSelector>& selectors) {
    std::vector<Watched> watched;
    if (selectors.empty()) {
        for (const auto& c : all) {
            if (!c.group && !is_link_row(c)) {
                watched.push_back({ComponentSelector{c.id, c.name}, &c, false});
            }
        }
        return watched;
    }
    for (const auto& s : selectors) {
        Watched w{s, nullptr, false};
        if (!s.id.empty()) {
            w.component = find_by_id(all, s.id);
        }
        if (w.component == nullptr && !s.name.empty()) {
            const auto it = std::find_if(all.begin(), all.end(),
                                         [&](const auto& c) { return iequals(c.name, s.name); });
            if (it != all.end()) {
                w.component = &*it;
                w.matched_by_name = !s.id.empty() && s.id != s.name;
            }
        }
        watched.push_back(w);
    }
    return watched;
}

Weather map_status(const WeatherMap& map, std::string_view status) {
    const auto it = map.find(status);
    return it == map.end() ? Weather::unknown : it->second;
}

// The members of a group: its listed children plus anything naming it as group_id.
std::vector<const statuspage::Component*> members(const std::vector<statuspage::Component>& all,
                                                  const statuspage::Component& group) {
    std::vector<const statuspage::Component*> out;
    for (const auto& c : all) {
        const bool listed =
            std::find(group.children.begin(), group.children.end(), c.id) != group.children.end();
        if (&c != &group && (listed || c.group_id == group.id)) {
            out.push_back(&c);
        }
    }
    return out;
}

bool lists(const statuspage::Incident& incident, std::string_view id, std::string_view name) {
    return std::any_of(incident.components.begin(), incident.components.end(),
                       [&](const auto& ref) {
                           return (!ref.id.empty() && ref.id == id) ||
                                  (!ref.name.empty() && iequals(ref.name, name));
                       });
}

// Whether an incident concerns a watched component: it lists the component
// (or, for a group, one of its members) or names it in its title.
bool touches(const statuspage::Incident& incident, const Watched& w,
             const std::vector<statuspage::Component>& all) {
    if (w.component == nullptr) {
        return lists(incident, w.selector.id, w.selector.name) ||
               mentions(incident.name, w.selector.name);
    }
    if (lists(incident, w.component->id, w.component->name) ||
        (!w.selector.name.empty() && lists(incident, "", w.selector.name))) {
        return true;
    }
    if (w.component->group) {
        for (const auto* member : members(all, *w.component)) {
            if (lists(incident, member->id, member->name)) {
                return true;
            }
        }
    }
    return mentions(incident.name, w.component->name) || mentions(incident.name, w.selector.name);
}

// The names of the watched components an incident touches; one that lists no
// component at all touches every one (incidents often start that way).
std::vector<std::string> touched(const statuspage::Incident& incident,
                                 const std::vector<Watched>& watched,
                                 const std::vector<statuspage::Component>& all) {
    std::vector<std::string> names;
    for (const auto& w : watched) {
        if (incident.components.empty() || touches(incident, w, all)) {
            names.push_back(w.component != nullptr ? w.component->name : w.selector.describe());
        }
    }
    return names;
}

}  // namespace

bool incident_concerns(std::string_view title, const std::vector<std::string>& components,
                       const std::vector<ComponentSelector>& watched) {
    if (watched.empty() || components.empty()) {
        return true;
    }
    return std::any_of(watched.begin(), watched.end(), [&](const ComponentSelector& w) {
        return mentions(title, w.name) ||
               std::any_of(components.begin(), components.end(), [&](const std::string& c) {
                   return (!w.id.empty() && c == w.id) || (!w.name.empty() && iequals(c, w.name));
               });
    });
}

namespace {

std::string incident_url(const statuspage::Incident& incident, std::string_view page_url) {
    if (!incident.shortlink.empty()) {
        return incident.shortlink;
    }
    std::string base(page_url);
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base.empty() ? std::string{} : base + "/incidents/" + incident.id;
}

}  // namespace

std::string ComponentSelector::describe() const {
    if (id.empty() || id == name) {
        return name;
    }
    if (name.empty()) {
        return id;
    }
    return name + " (" + id + ")";
}

std::vector<ComponentSelector> StatusPageSettings::github_default_components() {
    return {{"br0l2tvcx85d", "Actions"},
            {"brv1bkgrwx7q", "API Requests"},
            {"8l4ygp009s5s", "Git Operations"},
            {"4230lsnqdsld", "Webhooks"}};
}

WeatherMap StatusPageSettings::default_status_weather() {
    return {{"operational", Weather::fair},
            {"degraded_performance", Weather::degraded},
            {"under_maintenance", Weather::degraded},
            {"partial_outage", Weather::outage},
            {"major_outage", Weather::outage}};
}

WeatherMap StatusPageSettings::default_incident_weather() {
    return {{"none", Weather::fair},
            {"minor", Weather::fair},
            {"maintenance", Weather::fair},
            {"major", Weather::outage},
            {"critical", Weather::outage}};
}

statuspage::Limits StatusPageSettings::limits() const {
    const auto count = [](int n) { return static_cast<std::size_t>(std::max(n, 0)); };
    return {.components = count(max_components),
            .incidents = count(max_incidents),
            .scheduled_maintenances = count(max_scheduled_maintenances)};
}

std::string summary_url(std::string_view base) {
    std::string url(base);
    if (url.size() >= 5 && url.compare(url.size() - 5, 5, ".json") == 0) {
        return url;
    }
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url + "/api/v2/summary.json";
}

namespace {

// One evaluation of a page: what it judges against, and the observation it builds.
struct Evaluation {
    const StatusPageSettings& settings;
    const std::vector<statuspage::Component>& all;
    const std::string page_url;
    const std::vector<Watched> watched;
    Observation observation{};
    // Reasons are gathered per weather so the worst can come first.
    std::vector<std::string> bad{};   // outage and unknown
    std::vector<std::string> poor{};  // degraded

    void note(Weather w, std::string reason) {
        observation.weather = worst(observation.weather, w);
        if (w == Weather::outage || w == Weather::unknown) {
            bad.push_back(std::move(reason));
        } else if (w == Weather::degraded) {
            poor.push_back(std::move(reason));
        }
    }
};

// A watched component the page has; a group's weather is the worst of the
// group and its members.
ComponentObservation observe_component(Evaluation& e, const Watched& w) {
    ComponentObservation obs;
    obs.id = w.component->id;
    obs.name = w.component->name;
    obs.matched_by_name = w.matched_by_name;
    obs.status = w.component->status;
    obs.weather = map_status(e.settings.status_weather, w.component->status);
    std::string detail;
    if (w.component->group) {
        for (const auto* member : members(e.all, *w.component)) {
            const Weather mw = map_status(e.settings.status_weather, member->status);
            if (severity(mw) > severity(obs.weather)) {
                obs.weather = mw;
            }
            if (mw != Weather::fair) {
                detail +=
                    (detail.empty() ? "; member " : ", ") + member->name + " is " + member->status;
            }
        }
    }
    if (!e.settings.status_weather.contains(w.component->status)) {
        e.note(Weather::unknown, e.settings.name + ": component " + obs.name +
                                     " reports status \"" + w.component->status +
                                     "\", which the status-to-weather mapping does not know; "
                                     "add it to status_weather");
    } else if (obs.weather != Weather::fair) {
        e.note(obs.weather, e.settings.name + ": " + obs.name + " is " + obs.status + detail);
    }
    return obs;
}

// Every watched component; those the page lacks are unknown and named together.
void observe_components(Evaluation& e) {
    std::vector<std::string> missing;
    for (const auto& w : e.watched) {
        if (w.component == nullptr) {
            ComponentObservation obs;
            obs.id = w.selector.id;
            obs.name = w.selector.name;
            obs.matched_by_name = w.matched_by_name;
            obs.found = false;
            obs.weather = Weather::unknown;
            missing.push_back(w.selector.describe());
            e.observation.components.push_back(std::move(obs));
            continue;
        }
        e.observation.components.push_back(observe_component(e, w));
    }

    if (!missing.empty()) {
        e.note(Weather::unknown,
               e.settings.name + ": watched component" + (missing.size() == 1 ? " " : "s ") +
                   join(missing, ", ") + (missing.size() == 1 ? " is" : " are") + " not on " +
                   e.observation.url +
                   "; the page changed shape: check the components listed for this status page "
                   "in the config");
    }
}

void observe_incidents(Evaluation& e, const std::vector<statuspage::Incident>& incidents) {
    for (const auto& incident : incidents) {
        if (!incident.unresolved()) {
            continue;
        }
        IncidentObservation obs;
        obs.id = incident.id;
        obs.name = incident.name;
        obs.impact = incident.impact;
        obs.status = incident.status;
        obs.url = incident_url(incident, e.page_url);
        obs.started_at = incident.started_at ? incident.started_at : incident.created_at;
        obs.latest_update = incident.latest_update;
        obs.watched_components = touched(incident, e.watched, e.all);
        if (!obs.watched_components.empty()) {
            const auto it = e.settings.incident_weather.find(incident.impact);
            obs.weather = it == e.settings.incident_weather.end() ? Weather::unknown : it->second;
            if (obs.weather != Weather::fair) {
                e.note(obs.weather, e.settings.name + ": incident " + incident.id + " \"" +
                                        incident.name + "\" (" +
                                        (incident.impact.empty() ? "no" : incident.impact) +
                                        " impact, " + incident.status + ") affects " +
                                        join(obs.watched_components, ", "));
            }
        }
        e.observation.incidents.push_back(std::move(obs));
    }
}

void observe_maintenances(Evaluation& e, const std::vector<statuspage::Incident>& maintenances,
                          TimePoint now) {
    for (const auto& m : maintenances) {
        if (!m.unresolved()) {
            continue;
        }
        MaintenanceObservation obs;
        obs.id = m.id;
        obs.name = m.name;
        obs.status = m.status;
        obs.url = incident_url(m, e.page_url);
        obs.scheduled_for = m.scheduled_for;
        obs.scheduled_until = m.scheduled_until;
        obs.watched_components = touched(m, e.watched, e.all);
        const bool in_progress =
            m.status == "in_progress" || m.status == "verifying" ||
            (m.status == "scheduled" && m.scheduled_for && *m.scheduled_for <= now &&
             (!m.scheduled_until || now < *m.scheduled_until));
        if (in_progress && !obs.watched_components.empty()) {
            obs.weather = map_status(e.settings.status_weather, "under_maintenance");
            if (obs.weather != Weather::fair) {
                e.note(obs.weather, e.settings.name + ": maintenance " + m.id + " \"" + m.name +
                                        "\" is in progress on " +
                                        join(obs.watched_components, ", "));
            }
        }
        e.observation.maintenances.push_back(std::move(obs));
    }
}

// The reasons, worst first; fair weather says what was found fair.
void close_reasons(Evaluation& e) {
    Observation& observation = e.observation;
    observation.reasons = std::move(e.bad);
    observation.reasons.insert(observation.reasons.end(), e.poor.begin(), e.poor.end());
    if (observation.weather == Weather::fair) {
        std::vector<std::string> names;
        for (const auto& c : observation.components) {
            names.push_back(c.name);
        }
        const std::string which =
            names.size() > 6 ? "all " + std::to_string(names.size()) + " watched components are"
                             : join(names, ", ") + (names.size() == 1 ? " is" : " are");
        observation.reasons.push_back(e.settings.name + ": " + which +
                                      " operational and no unresolved incident affects them");
    }
}

// GitHub's own page, served from anywhere, with no components configured:
// the defaults follow the page, not its URL.
bool github_page_without_components(const statuspage::Document& doc,
                                    const StatusPageSettings& settings) {
    return !settings.components_given && settings.components.empty() &&
           doc.page.id == StatusPageSettings::k_github_page_id;
}

}  // namespace

Observation evaluate_status_page(const statuspage::Document& doc,
                                 const StatusPageSettings& settings, TimePoint now) {
    const std::vector<statuspage::Component> no_components;
    const auto& all = doc.components ? *doc.components : no_components;
    Evaluation e{.settings = settings,
                 .all = all,
                 .page_url = !doc.page.url.empty() ? doc.page.url : settings.url,
                 .watched = resolve(all, github_page_without_components(doc, settings)
                                             ? StatusPageSettings::github_default_components()
                                             : settings.components)};
    e.observation.name = settings.name;
    e.observation.kind = "statuspage";
    e.observation.url = summary_url(settings.url);
    e.observation.observed_at = now;
    e.observation.weather = Weather::fair;

    if (e.watched.empty()) {
        e.note(Weather::unknown, settings.name + ": " + e.observation.url +
                                     " lists no components to watch; the page may be empty or "
                                     "not a Statuspage");
    }
    observe_components(e);
    observe_incidents(e, doc.incidents ? *doc.incidents : std::vector<statuspage::Incident>{});
    observe_maintenances(e,
                         doc.scheduled_maintenances ? *doc.scheduled_maintenances
                                                    : std::vector<statuspage::Incident>{},
                         now);
    close_reasons(e);
    return std::move(e.observation);
}

HttpRequest status_page_request(const StatusPageSettings& settings) {
    HttpRequest request;
    request.url = summary_url(settings.url);
    request.headers.add("Accept", "application/json");
    return request;
}

Observation interpret_status_page(const Expected<HttpResponse, HttpError>& response,
                                  const StatusPageSettings& settings, TimePoint now) {
    Observation observation{};
    observation.name = settings.name;
    observation.kind = "statuspage";
    observation.url = summary_url(settings.url);
    if (!take_response(observation, response, now)) {
        return observation;
    }
    auto doc = statuspage::parse_document(response->body, settings.limits());
    if (!doc && !doc.error().limit.empty()) {
        fail_observation(observation, observation.url + " lists more than its limits allow: " +
                                          doc.error().error.describe() +
                                          "; if the page really is that large, raise " +
                                          doc.error().limit + " in its [[status_pages]] entry");
        return observation;
    }
    if (!doc) {
        fail_observation(observation, observation.url +
                                          " did not return a Statuspage v2 summary: " +
                                          doc.error().error.describe());
        return observation;
    }
    if (!doc->components) {
        fail_observation(observation,
                         observation.url +
                             " returned JSON without a \"components\" list; is the URL a "
                             "Statuspage (API v2) page?");
        return observation;
    }
    Observation evaluated = evaluate_status_page(*doc, settings, now);
    keep_transport(evaluated, observation);
    return evaluated;
}

HttpRequest StatusPageSource::request(TimePoint) const {
    return status_page_request(m_settings);
}

Reading StatusPageSource::read(const FetchResult& result, TimePoint now) const {
    Reading reading;
    reading.observation = interpret_status_page(result.response, m_settings, now);
    reading.observation.not_modified = result.not_modified;
    reading.lists_incidents = true;
    return reading;
}

Observation poll_status_page(HttpClient& http, const StatusPageSettings& settings, TimePoint now) {
    return interpret_status_page(http.send(status_page_request(settings)), settings, now);
}

}  // namespace fairweather
