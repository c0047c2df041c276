#pragma once
// GitHub release records as versions of a policy's scheme, for plans,
// reports and cadence metrics.

#include <vector>

#include "core/history/delay_report.h"
#include "core/release/policy.h"
#include "core/store/state_store.h"

namespace fairweather {

struct ReleaseHistory {
    std::vector<PublishedRelease> releases;  // oldest published first
    std::vector<SkippedRelease> skipped;     // tags that are not versions, with the reason
};

// Drafts and releases never published are left out; a tag that does not
// parse in the policy's scheme is skipped with the reason. GitHub's
// pre-release flag is kept.
ReleaseHistory to_release_history(const std::vector<ReleaseRecord>& records,
                                  const ReleasePolicy& policy);

// The published, non-pre-release ones as the policy engine wants them:
// publication days in the policy's time zone.
std::vector<KnownRelease> known_releases(const std::vector<PublishedRelease>& releases,
                                         const ReleasePolicy& policy, const std::string& source);

// The pre-releases (by version or by GitHub's flag), the same way: what
// [policy] require_prerelease is judged on.
std::vector<KnownRelease> known_prereleases(const std::vector<PublishedRelease>& releases,
                                            const ReleasePolicy& policy, const std::string& source);

}  // namespace fairweather
