// Whether a proposed release is allowed by the policy: the successor rules
// (next regular release, next patch on a living branch) and freeze windows.
#include <algorithm>

#include "core/release/policy.h"

namespace fairweather {
namespace {

using std::chrono::sys_days;

std::string join_branches(const std::vector<ReleaseLine>& lines) {
    std::string out;
    for (const auto& l : lines) {
        out += (out.empty() ? "" : ", ") + l.branch;
    }
    return out.empty() ? "none" : out;
}

}  // namespace

std::vector<std::string> policy_blocks(const ReleasePolicy& policy, const Plan& plan,
                                       const std::vector<KnownRelease>& history, ReleaseKind kind,
                                       const std::string& version, Date date) {
    std::vector<std::string> blocks;
    if (kind != ReleaseKind::security) {
        for (const auto& f : policy.freezes) {
            if (f.contains(date)) {
                blocks.push_back(format_date(date) + " is in the freeze window " + f.describe() +
                                 ": only security releases may ship");
            }
        }
    }
    if (version.empty()) {
        return blocks;
    }
    const auto parsed = parse_version(version, policy.scheme);
    if (!parsed) {
        blocks.push_back(parsed.error().describe());
        return blocks;
    }
    const Version& v = *parsed;
    const Version target = final_of(v);
    const std::size_t depth = policy.branch_depth();

    if (kind == ReleaseKind::regular) {
        if (!policy.is_regular(target)) {
            blocks.push_back(
                v.text() + " is not a regular release (a regular release is " +
                (plan.lines.empty()
                     ? std::string("X.0.0")
                     : plan.lines.front().version.bumped(policy.regular_component).text()) +
                " or a pre-release of it); release it as --kind patch or --kind security");
            return blocks;
        }
        if (plan.lines.empty()) {
            return blocks;  // the first release: any regular version will do
        }
        const Version& latest = plan.lines.front().version;
        if (target == latest && plan.lines.front().source == "schedule") {
            return blocks;  // the schedule took it as out already: this is that release being made
        }
        const Version expected = latest.bumped(policy.regular_component);
        // With minor regular releases, a major bump (1.3.0 -> 2.0.0) is a
        // regular release too.
        bool next = false;
        for (std::size_t i = 0; i <= policy.regular_component; ++i) {
            next = next || target == latest.bumped(i);
        }
        if (!next) {
            if (!(latest < target)) {
                blocks.push_back(v.text() + " is not newer than the latest regular release " +
                                 latest.text() + "; the next regular release is " +
                                 expected.text());
            } else {
                blocks.push_back(v.text() + " is not the next regular release: after " +
                                 latest.text() + " comes " + expected.text());
            }
        }
        return blocks;
    }

    // Patch and security releases go on an existing branch.
    const auto line = std::find_if(plan.lines.begin(), plan.lines.end(), [&](const ReleaseLine& l) {
        return l.version.same_branch(target, depth);
    });
    if (line == plan.lines.end()) {
        blocks.push_back("no release branch " + target.branch(depth) + " exists for " + v.text() +
                         "; the branches are " + join_branches(plan.lines));
        return blocks;
    }
    if (policy.is_regular(target)) {
        blocks.push_back(
            v.text() +
            " is the branch's first release, a regular release; release it as --kind regular");
        return blocks;
    }
    if (line->eol && sys_days{*line->eol} <= sys_days{date}) {
        blocks.push_back("branch " + line->branch + " reached its end of life on " +
                         format_date(*line->eol) +
                         "; supported branches: " + join_branches(plan.supported));
    }
    Version latest_on_branch = line->version;
    for (const auto& r : history) {
        if (r.version.same_branch(target, depth) && !r.version.is_prerelease() &&
            latest_on_branch < r.version && sys_days{r.date} <= sys_days{date}) {
            latest_on_branch = final_of(r.version);
        }
    }
    const Version expected = latest_on_branch.bumped(depth);
    if (!(target == expected)) {
        blocks.push_back(v.text() + " is not the next release on " + line->branch +
                         ": the latest there is " + latest_on_branch.text() + ", so the next is " +
                         expected.text());
    }
    return blocks;
}

}  // namespace fairweather
