#pragma once
// Polite polling: conditional requests, rate-limit budgets, Retry-After and
// jittered exponential backoff. One PoliteFetcher per polled URL; one
// RateBudget per host, shared by the fetchers that poll it.

#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "core/http/client.h"
#include "core/http/response_headers.h"

namespace fairweather {

// The last good response of a URL, so a 304 after a restart can reuse it.
struct CachedResponse {
    std::string url;
    std::string etag;
    std::string body;
    TimePoint fetched_at{};
};

// A host's request budget as its X-RateLimit-* headers describe it.
class RateBudget {
  public:
    void observe(const RateLimit& limit);
    // The earliest a source polled every `interval`, one of `sharing` sources
    // spending this budget, should ask again: at its interval while more than
    // a quarter of the budget is left; spread so the rest lasts until the
    // reset when less is; after the reset when none is.
    TimePoint next_allowed(TimePoint now, Duration interval, int sharing) const;
    const RateLimit& last() const { return m_last; }

  private:
    RateLimit m_last;
};

struct FetchResult {
    // A 304 comes back as the cached 200 (with not_modified set).
    Expected<HttpResponse, HttpError> response = make_unexpected(HttpError{});
    bool not_modified = false;
    // A 304 whose body the fetcher no longer holds (keep_body_elsewhere()):
    // the response's body is empty, and the caller puts the saved one there.
    bool body_elsewhere = false;
    int status() const { return response ? response->status : 0; }
};

class PoliteFetcher {
  public:
    // `seed` makes the backoff jitter reproducible in tests.
    PoliteFetcher(Duration interval, Duration max_backoff, std::uint64_t seed);

    // Restores the last good response (ETag and body) saved before a restart.
    void restore(CachedResponse cached);

    // Fetches every `interval` from now on instead of the one constructed
    // with, and once, after the next success, `first` later (at most
    // `interval`): so sources that start together, stretched to fit a rate
    // limit, spread their polls across the interval.
    void pace(Duration interval, Duration first);

    // Sends `request`, adding If-None-Match when the last 200 of the same URL
    // had an ETag, and schedules the next fetch:
    // - success (2xx or 304): after `interval`, or later if `budget` says so;
    // - Retry-After (any status): not before it;
    // - budget exhausted (403/429 with X-RateLimit-Remaining: 0): after the reset;
    // - other failures: exponential backoff from 2x interval, doubling up to
    //   max_backoff, with jitter (a random point in the upper half).
    FetchResult fetch(HttpClient& http, HttpRequest request, TimePoint now,
                      RateBudget* budget = nullptr, int sharing = 1);

    // Drops the cached response, so the next fetch asks without
    // If-None-Match: for a cached body that no longer reads, which a 304
    // would otherwise hand back forever.
    void forget_cache() {
        m_cache.reset();
        m_cache_changed = false;
        m_body_elsewhere = false;
    }

    // The caller has saved cache() where it can load it by URL: from now on
    // the fetcher keeps only the URL and ETag, and a 304 comes back with
    // body_elsewhere set. (At 1000 repositories the bodies held in memory
    // were a third of the monitor's resident memory, and a real runs list
    // is up to 100 runs.)
    void keep_body_elsewhere();

    // Replaces the body the last fetch cached (cache_changed()) with what a
    // later 304 should read instead: the source's compact form of it.
    void compact_cache(std::string body) {
        if (m_cache && m_cache_changed) {
            m_cache->body = std::move(body);
        }
    }

    TimePoint next_due() const { return m_next_due; }
    int consecutive_failures() const { return m_failures; }
    // The last good response, for saving; `cache_changed` is true when the
    // last fetch replaced it (so it needs saving).
    const std::optional<CachedResponse>& cache() const { return m_cache; }
    bool cache_changed() const { return m_cache_changed; }

  private:
    Duration m_interval;
    std::optional<Duration> m_first;  // the next success's interval, once
    Duration m_max_backoff;
    std::mt19937_64 m_rng;
    TimePoint m_next_due{};
    int m_failures = 0;
    std::optional<CachedResponse> m_cache;
    bool m_cache_changed = false;
    bool m_body_elsewhere = false;
};

}  // namespace fairweather
