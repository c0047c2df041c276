#include "core/history/delay_report.h"

#include <algorithm>

#include "core/util/text.h"

namespace fairweather {
namespace {

using std::chrono::sys_days;

int days_between(Date from, Date to) {
    return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

std::optional<int> nearest_rank(std::vector<int> values, int percent) {
    if (values.empty()) {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    const std::size_t rank =
        std::max<std::size_t>(1, (n * static_cast<std::size_t>(percent) + 99) / 100);
    return values[std::min(rank, n) - 1];
}

// The versions of `items` (queue items, decisions) parsed once, in order;
// unset where a text is not a version of the scheme.
template <class T>
std::vector<std::optional<Version>> versions_of(const std::vector<T>& items, VersionScheme scheme) {
    std::vector<std::optional<Version>> out;
    out.reserve(items.size());
    for (const auto& item : items) {
        auto v = parse_version(item.version, scheme);
        out.push_back(v ? std::optional<Version>(std::move(*v)) : std::nullopt);
    }
    return out;
}

}  // namespace

DelayReport make_delay_report(const ReleasePolicy& policy, const std::string& repo,
                              const DelayReportInputs& inputs, std::optional<Date> since,
                              std::optional<Date> until, TimePoint now, bool include_prereleases) {
    DelayReport report;
    report.repo = repo;
    report.since = since;
    report.until = until;
    report.policy = describe_policy(policy);
    const auto in_period = [&](TimePoint t) {
        const Date day = policy.time_zone.local_date(t);
        return !(since && sys_days{day} < sys_days{*since}) &&
               !(until && sys_days{*until} < sys_days{day});
    };
    for (const auto& s : inputs.skipped) {
        if (!s.published_at || in_period(*s.published_at)) {
            report.skipped.push_back(s);
        }
    }

    std::vector<PublishedRelease> releases;
    for (const auto& r : inputs.releases) {
        if (r.prerelease && !include_prereleases) {
            continue;
        }
        if (!in_period(r.published_at)) {
            continue;
        }
        releases.push_back(r);
    }
    std::stable_sort(releases.begin(), releases.end(),
                     [](const PublishedRelease& a, const PublishedRelease& b) {
                         return a.published_at < b.published_at;
                     });

    Date horizon =
        until.value_or(Date{std::chrono::year{1970}, std::chrono::January, std::chrono::day{1}});
    for (const auto& r : releases) {
        const Date day = policy.time_zone.local_date(r.published_at);
        if (sys_days{horizon} < sys_days{day}) {
            horizon = day;
        }
    }
    const auto slots = schedule(policy, horizon);
    int before_anchor = 0;
    const auto queue_versions = versions_of(inputs.queue, policy.scheme);
    const auto decision_versions = versions_of(inputs.decisions, policy.scheme);

    for (const auto& release : releases) {
        DelayRow row;
        row.release = release;
        row.published = policy.time_zone.local_date(release.published_at);
        row.kind = policy.is_regular(release.version) ? "regular" : "patch";

        auto item = inputs.queue.end();
        for (std::size_t i = 0; i < inputs.queue.size() && item == inputs.queue.end(); ++i) {
            if (iequals(inputs.queue[i].repo, repo) && queue_versions[i] == release.version) {
                item = inputs.queue.begin() + static_cast<std::ptrdiff_t>(i);
            }
        }
        const bool marked =
            !inputs.security_marker.empty() &&
            (lower(release.tag).find(lower(inputs.security_marker)) != std::string::npos ||
             lower(release.name).find(lower(inputs.security_marker)) != std::string::npos);
        if (item != inputs.queue.end() || marked) {
            row.kind = "security";
        }
        if (item != inputs.queue.end()) {
            row.queue_id = item->id;
            row.time_to_ship = release.published_at - item->advisory_at.value_or(item->enqueued_at);
            row.sla_met = release.published_at <= item->deadline;
        }

        if (policy.is_regular(release.version) && policy.cadence != Cadence::on_demand) {
            if (policy.cadence == Cadence::monthly) {
                const auto slot = std::find_if(
                    slots.begin(), slots.end(),
                    [&](const ScheduledRelease& s) { return s.version == release.version; });
                if (slot != slots.end()) {
                    row.scheduled = slot->date;
                }
            } else {
                // The nearest slot at or before publication.
                for (const auto& s : slots) {
                    if (sys_days{s.date} <= sys_days{row.published}) {
                        row.scheduled = s.date;
                    }
                }
            }
            if (!row.scheduled) {
                ++before_anchor;
            }
        }
        if (row.scheduled) {
            row.delay_days = days_between(*row.scheduled, row.published);
            if (*row.delay_days > 0) {
                const TimePoint from = policy.time_zone.start_of_day(*row.scheduled);
                for (const auto& incident : inputs.incidents) {
                    if (incident.watched && incident.started < release.published_at &&
                        incident.resolved.value_or(now) > from) {
                        row.incidents.push_back(incident);
                    }
                }
            }
        }
        for (std::size_t i = 0; i < inputs.decisions.size(); ++i) {
            const auto& d = inputs.decisions[i];
            if ((d.repo.empty() || iequals(d.repo, repo)) &&
                decision_versions[i] == release.version) {
                row.decisions.push_back(d);
            }
        }
        report.rows.push_back(std::move(row));
    }

    DelaySummary& s = report.summary;
    std::vector<int> delays;
    for (const auto& row : report.rows) {
        ++s.releases;
        if (row.delay_days) {
            ++s.scheduled;
            delays.push_back(*row.delay_days);
            if (*row.delay_days > 0) {
                ++s.late;
                if (!row.incidents.empty()) {
                    ++s.late_with_incidents;
                    s.delay_days_with_incidents += *row.delay_days;
                } else {
                    s.delay_days_other += *row.delay_days;
                }
            } else {
                ++s.on_time;
            }
        }
        if (row.kind == "security") {
            ++s.security;
            if (row.sla_met) {
                ++s.sla_known;
                s.sla_met += *row.sla_met ? 1 : 0;
            }
        }
    }
    s.median_delay_days = nearest_rank(delays, 50);
    s.p90_delay_days = nearest_rank(delays, 90);

    if (policy.cadence == Cadence::on_demand) {
        report.notes.push_back(
            "the policy releases on demand: releases have no scheduled date, so no delay");
    } else if (before_anchor > 0) {
        report.notes.push_back(
            std::to_string(before_anchor) +
            " regular releases have no slot on the schedule (before its anchor " +
            (policy.anchor_version ? policy.anchor_version->text() : std::string("?")) +
            "), so no delay is computed for them; anchor the schedule at an earlier release "
            "to measure them");
    }
    if (report.rows.empty()) {
        report.notes.push_back("no releases in the period");
    }
    return report;
}

}  // namespace fairweather
