#include "core/history/release_history.h"

#include <algorithm>

namespace fairweather {

ReleaseHistory to_release_history(const std::vector<ReleaseRecord>& records,
                                  const ReleasePolicy& policy) {
    ReleaseHistory history;
    for (const auto& r : records) {
        if (r.draft || !r.published_at) {
            continue;
        }
        auto version = parse_version(r.tag, policy.scheme);
        if (!version) {
            history.skipped.push_back(
                SkippedRelease{r.tag, version.error().describe(), r.published_at});
            continue;
        }
        PublishedRelease release;
        release.version = std::move(*version);
        release.tag = r.tag;
        release.name = r.name;
        release.published_at = *r.published_at;
        release.prerelease = r.prerelease || release.version.is_prerelease();
        history.releases.push_back(std::move(release));
    }
    std::stable_sort(history.releases.begin(), history.releases.end(),
                     [](const PublishedRelease& a, const PublishedRelease& b) {
                         return a.published_at < b.published_at;
                     });
    return history;
}

namespace {

std::vector<KnownRelease> known_where(const std::vector<PublishedRelease>& releases,
                                      const ReleasePolicy& policy, const std::string& source,
                                      bool prerelease) {
    std::vector<KnownRelease> known;
    for (const auto& r : releases) {
        if (r.prerelease == prerelease) {
            known.push_back(
                KnownRelease{r.version, policy.time_zone.local_date(r.published_at), source});
        }
    }
    return known;
}

}  // namespace

std::vector<KnownRelease> known_releases(const std::vector<PublishedRelease>& releases,
                                         const ReleasePolicy& policy, const std::string& source) {
    return known_where(releases, policy, source, false);
}

std::vector<KnownRelease> known_prereleases(const std::vector<PublishedRelease>& releases,
                                            const ReleasePolicy& policy,
                                            const std::string& source) {
    return known_where(releases, policy, source, true);
}

}  // namespace fairweather
