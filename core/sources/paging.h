#pragma once
// Lists GitHub answers in pages: the next page is the rel="next" of a Link
// header. A source follows them through the monitor (Source::Follow), each
// page with If-None-Match from a PageCache, within a bound of pages.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/sources/github_api.h"
#include "core/sources/source.h"

namespace fairweather::github {

// What a 304 to a page's URL means: the body and the next page it had. The
// first page's body is the monitor fetcher's to keep; for it only `next` is.
class PageCache {
  public:
    struct Page {
        std::string etag;
        std::string body;
        std::string next;  // its rel="next", which a 304 does not repeat
        TimePoint touched{};
        bool not_modified = false;  // get_page's answer was a 304: this is the kept copy
    };
    std::optional<Page> get(const std::string& url) const;
    void put(const std::string& url, Page page);
    // Forgets pages not asked for since `before`.
    void prune(TimePoint before);

  private:
    mutable std::mutex m_mutex;
    std::map<std::string, Page, std::less<>> m_pages;
};

// One page through `follow`, with If-None-Match when `kept` has an ETag: its
// body (the kept one on a 304), ETag and next page. On failure, why, and
// whether GitHub is failing (a 5xx or no answer: ask it nothing more this poll).
struct PageError {
    std::string reason;
    bool server_failing = false;
};
Expected<PageCache::Page, PageError> get_page(const Api& api, const Source::Follow& follow,
                                              const std::string& url, const PageCache::Page* kept,
                                              TimePoint now);

// Reads the pages after `first` (the answer to `first_url`) while `wanted()`
// says the list may go on and at most `max_pages` pages in all, handing each
// body to `take` (which says why a body does not read, or nothing). Returns
// why the reading stopped short ("page 3 of the runs could not be read
// (...)"), or nothing when every wanted page was read. `what`: "runs".
std::optional<std::string> follow_pages(
    const Api& api, const Source::Follow& follow, PageCache& cache, const FetchResult& first,
    const std::string& first_url, int max_pages, TimePoint now, std::string_view what,
    const std::function<bool()>& wanted,
    const std::function<std::optional<std::string>(std::string_view body)>& take);

}  // namespace fairweather::github
