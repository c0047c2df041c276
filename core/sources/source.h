#pragma once
// What the monitor polls. A Source says how to ask (request) and how to read
// the answer (read), like a node_exporter collector; the monitor loops over
// sources without knowing which kind each is. One file per kind:
// statuspage_source, actions_source, releases_source.
//
// Below the interface, the part of reading an answer that does not depend on
// the kind: turning a response into the start of an Observation, or into an
// "unknown" one that says why the response cannot be used.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/client.h"
#include "core/http/polite_fetcher.h"
#include "core/sources/github_payload.h"
#include "core/weather/weather.h"

namespace fairweather {

// A repository's releases as one poll read them.
struct ReleaseList {
    std::string repo;  // OWNER/NAME
    std::vector<github::Release> releases;
};

// What one poll of a source yields: the observation, and what the history
// keeps of it besides.
struct Reading {
    Observation observation;
    // Set by sources whose observation lists every unresolved incident they
    // know of (status pages), so the history can resolve the ones gone.
    bool lists_incidents = false;
    // Set by a releases source whose answer could be read.
    std::optional<ReleaseList> releases;
};

class Source {
  public:
    virtual ~Source() = default;

    // "github", "actions:OWNER/NAME", "releases:OWNER/NAME": the source in
    // reasons, metrics and the store.
    virtual const std::string& name() const = 0;
    // "statuspage", "actions" or "releases": the Observation's kind.
    virtual std::string_view kind() const = 0;
    // How often to poll it.
    virtual Duration interval() const = 0;

    // The request to send at `now`. Its URL stays the same from one poll to
    // the next wherever it can, so that ETags hold.
    virtual HttpRequest request(TimePoint now) const = 0;
    // Judges what fetching request(now) gave. Never throws for anything a
    // server sends: a transport, HTTP or payload problem is an observation of
    // weather unknown with the cause as its reason and error.
    virtual Reading read(const FetchResult& result, TimePoint now) const = 0;

    // Sends one more request on the source's lane: the monitor's HTTP client,
    // with the host's rate budget.
    using Follow = std::function<Expected<HttpResponse, HttpError>(const HttpRequest&)>;
    // Judges what fetching request(now) gave, like read(), making through
    // `follow` the further requests a reading needs (the next pages of a
    // list, the jobs of a list's runs). By default a source needs none.
    virtual Reading read_following(const FetchResult& result, TimePoint now,
                                   const Follow& follow) const {
        (void)follow;
        return read(result, now);
    }

    // What to keep of a 200's `body` to read again on a later 304: the same
    // reading from fewer bytes (a list written back with only the fields
    // read), or nullopt to keep the body as it came (also when it does not
    // read).
    virtual std::optional<std::string> compact(std::string_view body) const {
        (void)body;
        return std::nullopt;
    }

    // Whether its weather counts toward the verdict (a releases list does not).
    virtual bool judges_weather() const { return true; }
    // Whether its host's X-RateLimit budget applies to it (GitHub's API).
    virtual bool spends_rate_budget() const { return false; }
    // Whether request(now).url is the same at every `now`, so that a response
    // cached before a restart can still be asked for with If-None-Match.
    virtual bool stable_url() const { return true; }
};

// Makes the observation unknown because of `cause`: sets weather, error and
// the one reason "<name>: <cause>".
void fail_observation(Observation& observation, std::string cause);

// Copies the transport facts of `response` (HTTP status, elapsed time,
// Retry-After) into `observation` (whose name, kind and url are set), and
// fails it when the response is no payload: a transport error, a status
// outside 2xx, or an empty body. Returns whether the body can be judged.
bool take_response(Observation& observation, const Expected<HttpResponse, HttpError>& response,
                   TimePoint now);

// Carries the transport facts of `from` over to an observation made from its body.
void keep_transport(Observation& to, const Observation& from);

}  // namespace fairweather
