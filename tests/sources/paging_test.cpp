// Lists GitHub answers in pages (Link: rel="next"): a repository's releases
// read across pages within max_pages, each later page asked with its own
// ETag, and a page that fails leaving the ones before it.
#include <boost/test/unit_test.hpp>

#include "core/sources/releases_source.h"
#include "tests/support/checks.h"
#include "tests/support/fake_follow.h"

using namespace fairweather;
using namespace fairweather::github;
using namespace fairweather::testing;
using namespace std::chrono_literals;

namespace {

const std::string k_api = "https://api.github.com";

TimePoint at(std::string_view text) {
    const auto t = parse_timestamp(text);
    BOOST_REQUIRE(t.has_value());
    return *t;
}

RepoSettings settings() {
    RepoSettings s;
    s.name = "acme/widget";
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(paging)

Release release(std::int64_t id, std::string tag) {
    Release r;
    r.id = id;
    r.tag_name = std::move(tag);
    r.published_at = at("2026-11-01T00:00:00Z");
    return r;
}

BOOST_AUTO_TEST_CASE(given_releases_over_several_pages_it_should_read_them_all_within_the_bound) {
    const std::string page2 = "https://api.github.com/repositories/7/releases?per_page=100&page=2";
    const std::string page3 = "https://api.github.com/repositories/7/releases?per_page=100&page=3";
    Headers first_link;
    first_link.add("Link", "<" + page2 + ">; rel=\"next\", <" + page3 + ">; rel=\"last\"");
    Headers second_link;
    second_link.add("Link", "<" + page3 + ">; rel=\"next\"");
    second_link.add("ETag", "W/\"p2\"");
    FakeFollow f;
    f.answer(page2, 200, write_releases({release(2, "v2.0.0"), release(1, "v1.0.0")}), second_link);
    f.answer(page2, 304, "");
    f.answer(page3, 200, write_releases({release(0, "v0.9.0")}));
    RepoSettings repo = settings();
    const ReleasesSource source(repo, Api{k_api, {}});
    const TimePoint now = at("2026-11-20T12:00:00Z");
    const auto first = first_page(write_releases({release(3, "v3.0.0")}), first_link);
    const auto r = source.read_following(first, now, f.follow());
    BOOST_REQUIRE(r.releases.has_value());
    BOOST_TEST(r.releases->releases.size() == 4u);
    BOOST_TEST(r.releases->releases.back().tag_name == "v0.9.0");

    // The first page unchanged (a 304 without its Link header): the next
    // pages are still followed, each with its own ETag.
    FetchResult unchanged = first;
    unchanged.not_modified = true;
    unchanged.response->headers = Headers{};
    const auto again = source.read_following(unchanged, now + 15min, f.follow());
    BOOST_TEST(again.releases->releases.size() == 4u);
    BOOST_TEST(f.requests.at(2).headers.get("If-None-Match").value_or("") == "W/\"p2\"");

    // At most max_pages pages, said so.
    repo.max_pages = 2;
    FakeFollow g;
    g.answer(page2, 200, write_releases({release(2, "v2.0.0")}), second_link);
    const ReleasesSource bounded(repo, Api{k_api, {}});
    const auto cut = bounded.read_following(first, now, g.follow());
    BOOST_TEST(cut.releases->releases.size() == 2u);
    BOOST_TEST(contains(all_reasons(cut.observation),
                        "read 2 pages of the releases (max_pages); the older ones were not read"));
}

BOOST_AUTO_TEST_CASE(given_a_page_that_fails_it_should_keep_the_pages_before_and_say_so) {
    const std::string page2 = "https://api.github.com/repositories/7/releases?page=2";
    Headers link;
    link.add("Link", "<" + page2 + ">; rel=\"next\"");
    FakeFollow f;
    f.answer(page2, 500, "");
    const ReleasesSource source(settings(), Api{k_api, {}});
    const auto r = source.read_following(first_page(write_releases({release(3, "v3.0.0")}), link),
                                         at("2026-11-20T12:00:00Z"), f.follow());
    BOOST_TEST(r.releases->releases.size() == 1u);
    BOOST_TEST(contains(all_reasons(r.observation), "page 2 of the releases could not be read"));
}

BOOST_AUTO_TEST_SUITE_END()
