#include "core/release/staging.h"

#include <algorithm>
#include <chrono>

namespace fairweather {

bool requires_prerelease(const ReleasePolicy& policy, ReleaseKind kind,
                         const std::string& version) {
    const auto& kinds = policy.require_prerelease;
    if (version.empty() || std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
        return false;
    }
    const auto parsed = parse_version(version, policy.scheme);
    return parsed && !parsed->is_prerelease();
}

std::optional<Version> first_prerelease(const Version& v) {
    Version pre = final_of(v);
    switch (v.scheme) {
        case VersionScheme::semver:
            pre.pre = {"rc", "1"};
            return pre;
        case VersionScheme::pep440:
            pre.pep_pre_kind = "rc";
            pre.pep_pre_number = 1;
            return pre;
        case VersionScheme::major_point:
            return std::nullopt;
    }
    return std::nullopt;
}

std::vector<std::string> staging_blocks(const ReleasePolicy& policy,
                                        const std::vector<KnownRelease>& prereleases,
                                        ReleaseKind kind, const std::string& version, Date date) {
    if (!requires_prerelease(policy, kind, version)) {
        return {};
    }
    const Version target = final_of(*parse_version(version, policy.scheme));
    // The list holds what GitHub flags as a pre-release too, whatever its
    // tag says, so the version is not asked to be a pre-release one.
    const bool tested = std::any_of(prereleases.begin(), prereleases.end(), [&](const auto& r) {
        return r.version.scheme == target.scheme && final_of(r.version) == target &&
               std::chrono::sys_days{r.date} <= std::chrono::sys_days{date};
    });
    if (tested) {
        return {};
    }
    const auto suggestion = first_prerelease(target);
    return {target.text() +
            " has no pre-release: the policy requires a pre-release tested on staging before a " +
            std::string(to_string(kind)) + " release (release " +
            (suggestion ? suggestion->text() : "a pre-release of it") + " first)"};
}

}  // namespace fairweather
