#pragma once
// A pre-release before the release: aleph-vm tests the packages GitHub
// Actions built on staging servers before it tags a release, so a final
// release of a kind listed in [policy] require_prerelease must follow a
// published pre-release of the same version (1.4.0 after 1.4.0rc1 under
// PEP 440, after 1.4.0-rc.1 under SemVer). Pure functions over plain structs.

#include <optional>
#include <string>
#include <vector>

#include "core/release/kind.h"
#include "core/release/policy.h"
#include "core/release/versions.h"

namespace fairweather {

// Whether the policy wants a pre-release before releasing `version` (as
// written) as `kind`: the kind is in require_prerelease and `version` parses
// in the policy's scheme as a final release. False for an empty or unparsable
// version (policy_blocks reports those) and for a pre-release, which may
// always be released.
bool requires_prerelease(const ReleasePolicy& policy, ReleaseKind kind, const std::string& version);

// The pre-release to suggest before `v`'s final release, spelled in its
// scheme: 1.4.0rc1 (PEP 440), 1.4.0-rc.1 (SemVer); nullopt for MAJOR.POINT,
// which has no pre-release versions.
std::optional<Version> first_prerelease(const Version& v);

// Why `version` may not be released as `kind` on `date` for want of a
// pre-release; empty when it may. `prereleases`: the pre-releases known (any
// order, any version); one counts when it leads to the same final version
// and was published on or before `date`.
std::vector<std::string> staging_blocks(const ReleasePolicy& policy,
                                        const std::vector<KnownRelease>& prereleases,
                                        ReleaseKind kind, const std::string& version, Date date);

}  // namespace fairweather
