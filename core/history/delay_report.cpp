#include "core/history/delay_report.h"

#include <algorithm>

#include "core/history/release_history.h"
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

// The report's period: whether a moment falls in [since, until], by its day
// in the policy's time zone (unset = unbounded).
struct Period {
    const TimeZone& time_zone;
    std::optional<Date> since;
    std::optional<Date> until;

    bool contains(TimePoint t) const {
        const Date day = time_zone.local_date(t);
        return !(since && sys_days{day} < sys_days{*since}) &&
               !(until && sys_days{*until} < sys_days{day});
    }
};

// The releases published in the period, oldest first; pre-releases only when asked for.
std::vector<PublishedRelease> releases_in(const Period& period,
                                          const std::vector<PublishedRelease>& all,
                                          bool include_prereleases) {
    std::vector<PublishedRelease> releases;
    for (const auto& r : all) {
        if (r.prerelease && !include_prereleases) {
            continue;
        }
        if (!period.contains(r.published_at)) {
            continue;
        }
        releases.push_back(r);
    }
    std::stable_sort(releases.begin(), releases.end(),
                     [](const PublishedRelease& a, const PublishedRelease& b) {
                         return a.published_at < b.published_at;
                     });
    return releases;
}

// The schedule's slots up to `until` or the last publication, whichever is
// later; a rolling one from every release known (in the period or not).
std::vector<ScheduledRelease> slots_for(const ReleasePolicy& policy, std::optional<Date> until,
                                        const std::vector<PublishedRelease>& releases,
                                        const std::vector<PublishedRelease>& all) {
    Date horizon =
        until.value_or(Date{std::chrono::year{1970}, std::chrono::January, std::chrono::day{1}});
    for (const auto& r : releases) {
        const Date day = policy.time_zone.local_date(r.published_at);
        if (sys_days{horizon} < sys_days{day}) {
            horizon = day;
        }
    }
    if (policy.cadence == Cadence::rolling) {
        return schedule(policy, horizon, known_releases(all, policy, "report"));
    }
    return schedule(policy, horizon);
}

// What each release is matched against, with the versions of the queue and
// the decisions parsed once; counts the regular releases the schedule has no
// slot for.
struct RowContext {
    const ReleasePolicy& policy;
    const std::string& repo;
    const DelayReportInputs& inputs;
    TimePoint now;
    std::vector<ScheduledRelease> slots;
    std::vector<std::optional<Version>> queue_versions;
    std::vector<std::optional<Version>> decision_versions;
    int before_anchor = 0;
};

// A release is a security release when the queue holds it or its tag or name
// carries the marker; the queue item gives its time to ship and SLA.
void mark_security(const RowContext& c, const PublishedRelease& release, DelayRow& row) {
    const auto& queue = c.inputs.queue;
    auto item = queue.end();
    for (std::size_t i = 0; i < queue.size() && item == queue.end(); ++i) {
        if (iequals(queue[i].repo, c.repo) && c.queue_versions[i] == release.version) {
            item = queue.begin() + static_cast<std::ptrdiff_t>(i);
        }
    }
    const std::string& marker = c.inputs.security_marker;
    const bool marked =
        !marker.empty() && (lower(release.tag).find(lower(marker)) != std::string::npos ||
                            lower(release.name).find(lower(marker)) != std::string::npos);
    if (item != queue.end() || marked) {
        row.kind = "security";
    }
    if (item != queue.end()) {
        row.queue_id = item->id;
        row.time_to_ship = release.published_at - item->advisory_at.value_or(item->enqueued_at);
        row.sla_met = release.published_at <= item->deadline;
    }
}

// The slot of a regular release: monthly and rolling, the slot of its own
// version; every N weeks, the nearest slot at or before publication.
const ScheduledRelease* slot_of(const RowContext& c, const DelayRow& row) {
    if (c.policy.cadence == Cadence::monthly || c.policy.cadence == Cadence::rolling) {
        const auto slot = std::find_if(
            c.slots.begin(), c.slots.end(),
            [&](const ScheduledRelease& s) { return s.version == row.release.version; });
        return slot != c.slots.end() ? &*slot : nullptr;
    }
    const ScheduledRelease* nearest = nullptr;
    for (const auto& s : c.slots) {
        if (sys_days{s.date} <= sys_days{row.published}) {
            nearest = &s;
        }
    }
    return nearest;
}

// The delay past the due day (none from the scheduled day to it) and, when
// late, the watched incidents that overlapped it, from the scheduled day's
// start (an unresolved one lasts until now).
void add_delay(const RowContext& c, DelayRow& row) {
    const Date due = row.due.value_or(*row.scheduled);
    row.delay_days = sys_days{row.published} < sys_days{*row.scheduled}
                         ? days_between(*row.scheduled, row.published)
                         : std::max(0, days_between(due, row.published));
    if (*row.delay_days > 0) {
        const TimePoint from = c.policy.time_zone.start_of_day(*row.scheduled);
        for (const auto& incident : c.inputs.incidents) {
            if (incident.watched && incident.started < row.release.published_at &&
                incident.resolved.value_or(c.now) > from) {
                row.incidents.push_back(incident);
            }
        }
    }
}

DelayRow make_row(RowContext& c, const PublishedRelease& release) {
    DelayRow row;
    row.release = release;
    row.published = c.policy.time_zone.local_date(release.published_at);
    row.kind = c.policy.is_regular(release.version) ? "regular" : "patch";
    mark_security(c, release, row);

    if (c.policy.is_regular(release.version) && c.policy.cadence != Cadence::on_demand) {
        if (const ScheduledRelease* slot = slot_of(c, row)) {
            row.scheduled = slot->date;
            if (sys_days{slot->date} < sys_days{slot->due}) {
                row.due = slot->due;
            }
        } else {
            ++c.before_anchor;
        }
    }
    if (row.scheduled) {
        add_delay(c, row);
    }
    for (std::size_t i = 0; i < c.inputs.decisions.size(); ++i) {
        const auto& d = c.inputs.decisions[i];
        if ((d.repo.empty() || iequals(d.repo, c.repo)) &&
            c.decision_versions[i] == release.version) {
            row.decisions.push_back(d);
        }
    }
    return row;
}

DelaySummary summarize(const std::vector<DelayRow>& rows) {
    DelaySummary s;
    std::vector<int> delays;
    for (const auto& row : rows) {
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
    return s;
}

void add_notes(const ReleasePolicy& policy, int before_anchor, DelayReport& report) {
    if (policy.cadence == Cadence::on_demand) {
        report.notes.push_back(
            "the policy releases on demand: releases have no scheduled date, so no delay");
    } else if (before_anchor > 0 && policy.cadence == Cadence::rolling) {
        report.notes.push_back(
            std::to_string(before_anchor) +
            " regular releases have no release before them to count the period from, so no delay "
            "is computed for them");
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
    const Period period{policy.time_zone, since, until};
    for (const auto& s : inputs.skipped) {
        if (!s.published_at || period.contains(*s.published_at)) {
            report.skipped.push_back(s);
        }
    }

    const auto releases = releases_in(period, inputs.releases, include_prereleases);
    RowContext context{.policy = policy,
                       .repo = repo,
                       .inputs = inputs,
                       .now = now,
                       .slots = slots_for(policy, until, releases, inputs.releases),
                       .queue_versions = versions_of(inputs.queue, policy.scheme),
                       .decision_versions = versions_of(inputs.decisions, policy.scheme)};
    for (const auto& release : releases) {
        report.rows.push_back(make_row(context, release));
    }
    report.summary = summarize(report.rows);
    add_notes(policy, context.before_anchor, report);
    return report;
}

}  // namespace fairweather
