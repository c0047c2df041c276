#pragma once
// The status-page source: fetches a Statuspage v2 summary and turns it into
// weather with evidence, for the components a project cares about.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/client.h"
#include "core/sources/source.h"
#include "core/sources/statuspage_payload.h"
#include "core/weather/weather.h"

namespace fairweather {

// Picks one component of a page: by id when the page has it, else by name
// (case-insensitive). At least one of the two is set; a selector written as
// one string has it in both, and matches either.
struct ComponentSelector {
    std::string id;
    std::string name;
    std::string describe() const;  // "Actions (br0l2tvcx85d)"
};

using WeatherMap = std::map<std::string, Weather, std::less<>>;

struct StatusPageSettings {
    std::string name = "github";  // label in reasons and metrics
    std::string url = "https://www.githubstatus.com";
    // Empty: watch every component on the page (but a row that only links
    // to the page, "Visit www.githubstatus.com for more information").
    std::vector<ComponentSelector> components = github_default_components();
    // Whether `components` was written in the config. When not, GitHub's
    // own page (its page id, whatever URL serves it: a mirror, a proxy) is
    // judged on github_default_components().
    bool components_given = false;
    // Component status -> weather. A status the map lacks reads as unknown.
    WeatherMap status_weather = default_status_weather();
    // Impact of an unresolved incident touching a watched component -> weather.
    WeatherMap incident_weather = default_incident_weather();
    // The most components, unresolved incidents and scheduled maintenances
    // the page may list. A page listing more is not judged (it is unknown, and
    // says which limit to raise): what a poll keeps, stores and exports grows
    // with these lists, so they bound the monitor's memory and /metrics, not
    // the remote page. Far above real pages (GitHub's ~11 components, a
    // handful of incidents; large ones list a few hundred components).
    int max_components = 500;
    int max_incidents = 200;
    int max_scheduled_maintenances = 200;

    // The limits above, for the payload reader.
    statuspage::Limits limits() const;

    // GitHub's Actions, API Requests, Git Operations and Webhooks, by stable id.
    static std::vector<ComponentSelector> github_default_components();
    // githubstatus.com's Statuspage page id.
    static constexpr std::string_view k_github_page_id = "kctbh9vrtdwd";
    static WeatherMap default_status_weather();
    static WeatherMap default_incident_weather();
};

// "{base}/api/v2/summary.json"; a base that already names a .json file is used as is.
std::string summary_url(std::string_view base);

// Judges a parsed page. Rules:
// - each watched component's weather comes from status_weather; a group's is
//   the worst of the group and its members; a watched component the page
//   lacks is unknown (the page changed shape) and says so;
// - an unresolved incident touches a watched component when it lists it (by
//   id or name), names it in its title, or lists no component at all; its
//   impact then maps through incident_weather;
// - an in-progress maintenance touching a watched component counts as
//   status "under_maintenance";
// - the source's weather is the worst of all of these.
Observation evaluate_status_page(const statuspage::Document& doc,
                                 const StatusPageSettings& settings, TimePoint now);

// Whether an incident known only by its title and the names (or ids) of the
// components it lists, as in a saved history, concerns one of `watched` by
// the rule above: it lists one, names one in its title, or lists no
// component at all. An empty `watched` (every component) always matches.
bool incident_concerns(std::string_view title, const std::vector<std::string>& components,
                       const std::vector<ComponentSelector>& watched);

// The GET of the page's summary.json.
HttpRequest status_page_request(const StatusPageSettings& settings);

// Judges the response to status_page_request(): a transport, HTTP or parse
// problem, or a page listing more than the settings' limits, gives weather
// unknown with the cause as reason and in `error`.
Observation interpret_status_page(const Expected<HttpResponse, HttpError>& response,
                                  const StatusPageSettings& settings, TimePoint now);

// Fetches summary.json and evaluates it. Never throws and never fails: any
// fetch, HTTP or parse problem gives weather unknown with the cause as reason
// and in `error` (and `retry_after` when the server sent Retry-After).
Observation poll_status_page(HttpClient& http, const StatusPageSettings& settings, TimePoint now);

// A status page as the monitor polls it.
class StatusPageSource final : public Source {
  public:
    StatusPageSource(StatusPageSettings settings, Duration interval)
        : m_settings(std::move(settings)), m_interval(interval) {}

    const std::string& name() const override { return m_settings.name; }
    std::string_view kind() const override { return "statuspage"; }
    Duration interval() const override { return m_interval; }
    HttpRequest request(TimePoint now) const override;
    Reading read(const FetchResult& result, TimePoint now) const override;

  private:
    StatusPageSettings m_settings;
    Duration m_interval;
};

}  // namespace fairweather
