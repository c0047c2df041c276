#include "core/sources/paging.h"

#include "core/http/response_headers.h"

namespace fairweather::github {

std::optional<PageCache::Page> PageCache::get(const std::string& url) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_pages.find(url);
    if (it == m_pages.end()) {
        return std::nullopt;
    }
    return it->second;
}

void PageCache::put(const std::string& url, Page page) {
    std::lock_guard lock(m_mutex);
    m_pages.insert_or_assign(url, std::move(page));
}

void PageCache::prune(TimePoint before) {
    std::lock_guard lock(m_mutex);
    std::erase_if(m_pages, [&](const auto& p) { return p.second.touched < before; });
}

Expected<PageCache::Page, PageError> get_page(const Api& api, const Source::Follow& follow,
                                              const std::string& url, const PageCache::Page* kept,
                                              TimePoint now) {
    HttpRequest request = api.request("GET", url);
    if (kept != nullptr && !kept->etag.empty()) {
        request.headers.add("If-None-Match", kept->etag);
    }
    const auto response = follow(request);
    if (!response) {
        return make_unexpected(PageError{redact_url(url) + ": " + response.error().message, true});
    }
    if (response->status == 304 && kept != nullptr) {
        PageCache::Page page = *kept;
        page.touched = now;
        page.not_modified = true;
        return page;
    }
    if (response->status < 200 || response->status > 299) {
        return make_unexpected(
            PageError{redact_url(url) + " answered " + describe_status(response->status),
                      response->status >= 500});
    }
    return PageCache::Page{response->headers.get("ETag").value_or(""), response->body,
                           next_page(response->headers).value_or(""), now};
}

std::optional<std::string> follow_pages(
    const Api& api, const Source::Follow& follow, PageCache& cache, const FetchResult& first,
    const std::string& first_url, int max_pages, TimePoint now, std::string_view what,
    const std::function<bool()>& wanted,
    const std::function<std::optional<std::string>(std::string_view body)>& take) {
    // A 304 repeats no Link header: the first page's next is kept for it.
    std::string next;
    if (first.not_modified) {
        const auto kept = cache.get(first_url);
        next = kept ? kept->next : std::string();
    } else if (first.response) {
        next = next_page(first.response->headers).value_or("");
    }
    cache.put(first_url, PageCache::Page{"", "", next, now});
    const std::string list(what);
    for (int page = 2; !next.empty() && wanted(); ++page) {
        if (page > max_pages) {
            return "read " + std::to_string(max_pages) + " pages of the " + list +
                   " (max_pages); the older ones were not read";
        }
        const auto kept = cache.get(next);
        const auto got = get_page(api, follow, next, kept ? &*kept : nullptr, now);
        if (!got) {
            return "page " + std::to_string(page) + " of the " + list + " could not be read (" +
                   got.error().reason + "); judged on the pages before it";
        }
        if (const auto problem = take(got->body)) {
            return "page " + std::to_string(page) + " of the " + list + " did not read (" +
                   *problem + "); judged on the pages before it";
        }
        PageCache::Page keep = *got;
        keep.not_modified = false;
        cache.put(next, std::move(keep));
        next = got->next;
    }
    return std::nullopt;
}

}  // namespace fairweather::github
