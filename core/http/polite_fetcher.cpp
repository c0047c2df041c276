#include "core/http/polite_fetcher.h"

#include <algorithm>

namespace fairweather {

void RateBudget::observe(const RateLimit& limit) {
    if (limit.remaining || limit.reset || limit.limit) {
        m_last = limit;
    }
}

TimePoint RateBudget::next_allowed(TimePoint now, Duration interval, int sharing) const {
    const TimePoint normal = now + interval;
    if (!m_last.remaining || !m_last.reset || *m_last.reset <= now) {
        return normal;
    }
    const std::int64_t remaining = *m_last.remaining;
    if (remaining <= 0) {
        return std::max(normal, *m_last.reset + std::chrono::seconds{1});
    }
    if (m_last.limit && remaining * 4 >= *m_last.limit) {
        return normal;
    }
    // Spread what is left over the time to the reset, for every source spending it.
    const Duration until_reset = *m_last.reset - now;
    const Duration spread = until_reset * std::max(sharing, 1) / remaining;
    return now + std::max(interval, spread);
}

PoliteFetcher::PoliteFetcher(Duration interval, Duration max_backoff, std::uint64_t seed)
    : m_interval(interval), m_max_backoff(std::max(max_backoff, interval)), m_rng(seed) {}

void PoliteFetcher::restore(CachedResponse cached) {
    m_cache = std::move(cached);
    m_cache_changed = false;
    m_body_elsewhere = false;
}

void PoliteFetcher::keep_body_elsewhere() {
    if (m_cache) {
        std::string().swap(m_cache->body);  // frees it (assigning "" keeps the capacity)
        m_body_elsewhere = true;
    }
}

void PoliteFetcher::pace(Duration interval, Duration first) {
    m_interval = interval;
    m_max_backoff = std::max(m_max_backoff, interval);
    m_first = std::min(first, interval);
}

FetchResult PoliteFetcher::fetch(HttpClient& http, HttpRequest request, TimePoint now,
                                 RateBudget* budget, int sharing) {
    m_cache_changed = false;
    const bool conditional =
        request.method == "GET" && m_cache && m_cache->url == request.url && !m_cache->etag.empty();
    if (conditional) {
        request.headers.add("If-None-Match", m_cache->etag);
    }

    FetchResult result;
    result.response = http.send(request);
    std::optional<Duration> retry_after;
    if (result.response) {
        if (budget != nullptr) {
            budget->observe(parse_rate_limit(result.response->headers));
        }
        if (const auto value = result.response->headers.get("Retry-After")) {
            retry_after = parse_retry_after(*value, now);
        }
        const int status = result.response->status;
        if (status == 304 && conditional) {
            // Not modified: the cached body is still the answer.
            result.not_modified = true;
            result.response->status = 200;
            result.response->body = m_cache->body;
            result.body_elsewhere = m_body_elsewhere;
        } else if (status >= 200 && status < 300) {
            if (const auto etag = result.response->headers.get("ETag");
                etag && request.method == "GET") {
                m_cache = CachedResponse{request.url, *etag, result.response->body, now};
                m_cache_changed = true;
                m_body_elsewhere = false;
            }
        }
    }

    const int status = result.status();
    const bool ok = status >= 200 && status < 300;
    const bool budget_exhausted =
        (status == 403 || status == 429) && budget != nullptr && budget->last().remaining == 0;
    const Duration interval = ok && m_first ? *m_first : m_interval;
    TimePoint next = now + interval;
    if (ok) {
        m_failures = 0;
        m_first.reset();
    } else {
        ++m_failures;
        if (!retry_after && !budget_exhausted) {
            const int doublings = std::min(m_failures, 20);
            const Duration ceiling =
                std::min(m_max_backoff, m_interval * (std::int64_t{1} << doublings));
            std::uniform_int_distribution<std::int64_t> upper_half(ceiling.count() / 2,
                                                                   ceiling.count());
            next = now + std::max(m_interval, Duration{upper_half(m_rng)});
        }
    }
    if (budget != nullptr) {
        next = std::max(next, budget->next_allowed(now, interval, sharing));
    }
    if (retry_after) {
        next = std::max(next, now + *retry_after);
    }
    m_next_due = next;
    return result;
}

}  // namespace fairweather
