// The cadence metrics on their own, no monitor: a Wasmtime-like policy (the
// example config), hand-made GitHub releases and queue items, a Plan and a
// DelayReport built the way the monitor builds them, then ReleaseMetrics::record()
// and the registry as Prometheus text. Numbers worked out by hand from the
// schedule: major N on the 20th, N = months since 1.0.0 on 2022-09-20 plus 1
// (24.0.0 2024-08-20, 36.0.0 2025-08-20, 41.0.0 2026-01-20); a line is
// supported two months after its release, an LTS (every 12th major) 24.
#include "exporters/release_metrics.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "config/config.h"
#include "core/history/release_history.h"
#include "exporters/registry.h"
#include "exporters/weather_metrics.h"
#include "tests/support/checks.h"
#include "tests/support/fixtures.h"
#include "tests/support/metric_checks.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fairweather;
using namespace fairweather::testing;
namespace utf = boost::unit_test;
using namespace std::chrono_literals;

namespace {

const std::string k_repo = "bytecodealliance/wasmtime";

TimePoint at(const char* text) {
    return *parse_timestamp(text);
}

// The example's policy with the simple rules these numbers were worked out
// with: the release day does not stretch on a weekend, support is by months
// only, and no earlier rule period (the metrics are under test here; the
// policy's own rules are tested in tests/release).
ReleasePolicy wasmtime_policy() {
    const auto config = load_config(std::filesystem::path(FAIRWEATHER_SOURCE_DIR) / "config" /
                                    "examples" / "wasmtime.toml");
    BOOST_REQUIRE(config.has_value());
    ReleasePolicy policy = config->policy;
    policy.weekend = WeekendRule::none;
    policy.support_releases = 0;
    policy.periods.clear();
    return policy;
}

PublishedRelease release(const char* version, const char* published) {
    PublishedRelease r;
    r.version = *parse_version(version, VersionScheme::semver);
    r.tag = std::string("v") + version;
    r.name = version;
    r.published_at = at(published);
    return r;
}

// A queued security release: deadline from the advisory (or the queue entry)
// plus the policy's 72h.
QueueItem security_item(const char* version, const char* enqueued,
                        std::optional<const char*> advisory) {
    QueueItem q;
    q.id = std::string("sr-") + version;
    q.repo = k_repo;
    q.version = version;
    q.enqueued_at = at(enqueued);
    if (advisory) {
        q.advisory_at = at(*advisory);
    }
    q.deadline = q.advisory_at.value_or(q.enqueued_at) + 72h;
    q.state = QueueState::shipped;
    return q;
}

// One repository's releases fed to ReleaseMetrics as the monitor feeds them:
// the plan from GitHub's (complete) list, the report since 2025-08-01 (so five
// majors, 36.0.0 to 40.0.0, are scheduled in it; 24.0.0 is only in the plan).
struct Watched {
    ReleasePolicy policy = wasmtime_policy();
    metrics::Registry registry;
    ReleaseMetrics metrics{registry};
    int recent = 3;
    std::string security_marker;
    std::vector<PublishedRelease> releases{
        release("24.0.0", "2024-08-20T16:00:00Z"),
        release("36.0.0", "2025-08-20T16:00:00Z"),
        release("37.0.0", "2025-09-20T16:00:00Z"),
        release("38.0.0", "2025-10-21T16:00:00Z"),  // a day late
        release("39.0.0", "2025-11-20T16:00:00Z"),
        release("40.0.0", "2025-12-22T09:00:00Z"),  // two days late
        release("40.0.1", "2026-01-06T12:00:00Z"),  // security, 48h after its advisory
        release("39.0.2", "2026-01-09T12:00:00Z"),  // security, past its deadline
    };
    std::vector<QueueItem> queue{
        security_item("40.0.1", "2026-01-05T00:00:00Z", "2026-01-04T12:00:00Z"),
        security_item("39.0.2", "2026-01-05T00:00:00Z", std::nullopt),
    };

    // Records the state at `now` and returns the exposition.
    std::string record(TimePoint now) {
        const Date today = policy.time_zone.local_date(now);
        const auto known = known_releases(releases, policy, "github");
        const Plan plan = make_plan(policy, known, true, today);
        DelayReportInputs inputs;
        inputs.releases = releases;
        inputs.queue = queue;
        inputs.security_marker = security_marker;
        const DelayReport report = make_delay_report(
            policy, k_repo, inputs, *parse_calendar_date("2025-08-01"), today, now);
        metrics.record(k_repo, policy, plan, report, recent, now);
        return serialize_metrics(registry);
    }
};

// `name{labels}` with the repository label added, labels in the order the
// exposition writes them (by name).
std::string series(const std::string& name, std::map<std::string, std::string> labels = {}) {
    labels.emplace("repo", k_repo);
    std::string out = name + "{";
    for (const auto& [key, value] : labels) {
        out += (out.back() == '{' ? "" : ",") + key + "=\"" + value + "\"";
    }
    return out + "}";
}

// A bucket of the delay histogram (the exposition writes "le" last).
std::string bucket(const std::string& le) {
    std::string s = series("fairweather_release_publication_delay_seconds_bucket");
    return s.insert(s.size() - 1, ",le=\"" + le + "\"");
}

double unix_seconds(const char* text) {
    return to_unix_seconds(at(text));
}

const TimePoint k_before_the_20th = at("2026-01-10T12:00:00Z");
const TimePoint k_after_the_20th = at("2026-01-21T12:00:00Z");

}  // namespace

BOOST_AUTO_TEST_SUITE(release_cadence_metrics)

BOOST_AUTO_TEST_CASE(
    given_the_month_s_release_still_ahead_it_should_export_the_20th_and_no_overdue) {
    Watched c;
    const auto text = c.record(k_before_the_20th);
    expect_metric(text, series("fairweather_release_next_scheduled_timestamp_seconds"),
                  unix_seconds("2026-01-20T00:00:00Z"));
    expect_metric(text, series("fairweather_release_overdue"), 0);
    expect_metric(text, series("fairweather_release_overdue_seconds"), 0);
    // The newest release, whatever its kind: 39.0.2 a day before.
    expect_metric(text, series("fairweather_release_last_published_timestamp_seconds"),
                  unix_seconds("2026-01-09T12:00:00Z"));
    expect_metric(text, series("fairweather_release_since_last_seconds"), 86400);
}

BOOST_AUTO_TEST_CASE(given_the_next_day_in_a_time_zone_it_should_start_at_local_midnight) {
    Watched c;
    c.policy.time_zone = *TimeZone::load("+05:30");
    const auto text = c.record(k_before_the_20th);
    expect_metric(text, series("fairweather_release_next_scheduled_timestamp_seconds"),
                  unix_seconds("2026-01-19T18:30:00Z"));
}

BOOST_AUTO_TEST_CASE(given_the_month_s_release_missing_past_its_day_it_should_be_overdue) {
    Watched c;
    const auto text = c.record(k_after_the_20th);
    expect_metric(text, series("fairweather_release_next_scheduled_timestamp_seconds"),
                  unix_seconds("2026-01-20T00:00:00Z"));
    expect_metric(text, series("fairweather_release_overdue"), 1);
    expect_metric(text, series("fairweather_release_overdue_seconds"),
                  36 * 3600);  // from the 20th, 00:00
    expect_metric(text, series("fairweather_release_since_last_seconds"), 12 * 86400);
}

BOOST_AUTO_TEST_CASE(given_release_day_before_the_release_it_should_not_yet_be_overdue) {
    Watched c;
    const auto text = c.record(at("2026-01-20T12:00:00Z"));
    expect_metric(text, series("fairweather_release_next_scheduled_timestamp_seconds"),
                  unix_seconds("2026-01-20T00:00:00Z"));
    expect_metric(text, series("fairweather_release_overdue"), 0);
    expect_metric(text, series("fairweather_release_overdue_seconds"), 0);
}

BOOST_AUTO_TEST_CASE(given_the_overdue_release_out_it_should_clear_overdue_and_look_a_month_on) {
    Watched c;
    BOOST_TEST(*metric_sample(c.record(k_after_the_20th), series("fairweather_release_overdue")) ==
               1);
    c.releases.push_back(release("41.0.0", "2026-01-21T15:00:00Z"));
    const auto text = c.record(at("2026-01-21T16:00:00Z"));
    expect_metric(text, series("fairweather_release_overdue"), 0);
    expect_metric(text, series("fairweather_release_overdue_seconds"), 0);
    expect_metric(text, series("fairweather_release_next_scheduled_timestamp_seconds"),
                  unix_seconds("2026-02-20T00:00:00Z"));
    expect_metric(text, series("fairweather_release_since_last_seconds"), 3600);
    expect_metric(text, series("fairweather_release_delay_seconds", {{"version", "41.0.0"}}),
                  86400);
}

BOOST_AUTO_TEST_CASE(given_five_scheduled_releases_and_n_3_it_should_keep_the_newest_three) {
    Watched c;
    const auto text = c.record(k_before_the_20th);
    const std::string delay = "fairweather_release_delay_seconds";
    expect_metric(text, series(delay, {{"version", "38.0.0"}}), 86400);
    expect_metric(text, series(delay, {{"version", "39.0.0"}}), 0);
    expect_metric(text, series(delay, {{"version", "40.0.0"}}), 2 * 86400);
    expect_no_metric(text, series(delay, {{"version", "36.0.0"}}));
    expect_no_metric(text, series(delay, {{"version", "37.0.0"}}));
    // Patch and security releases are not on the schedule.
    expect_no_metric(text, series(delay, {{"version", "40.0.1"}}));
    const std::string h = "fairweather_release_publication_delay_seconds";
    expect_metric(text, series(h + "_count"), 3);
    expect_metric(text, series(h + "_sum"), 3 * 86400);
    expect_metric(text, bucket("0"), 1);
    expect_metric(text, bucket("86400"), 2);
    expect_metric(text, bucket("172800"), 3);
}

BOOST_AUTO_TEST_CASE(given_a_new_release_it_should_drop_the_oldest_gauge_and_count_it_once) {
    Watched c;
    c.record(k_before_the_20th);
    // Recording again with nothing new counts nothing again.
    auto text = c.record(k_before_the_20th + 1min);
    const std::string count = series("fairweather_release_publication_delay_seconds_count");
    expect_metric(text, count, 3);
    c.releases.push_back(release("41.0.0", "2026-01-20T17:00:00Z"));
    text = c.record(k_after_the_20th);
    const std::string delay = "fairweather_release_delay_seconds";
    expect_no_metric(text, series(delay, {{"version", "38.0.0"}}));
    expect_metric(text, series(delay, {{"version", "39.0.0"}}), 0);
    expect_metric(text, series(delay, {{"version", "40.0.0"}}), 2 * 86400);
    expect_metric(text, series(delay, {{"version", "41.0.0"}}), 0);
    expect_metric(text, count, 4);
    expect_metric(text, series("fairweather_release_publication_delay_seconds_sum"), 3 * 86400);
    text = c.record(k_after_the_20th + 1min);
    expect_metric(text, count, 4);
}

BOOST_AUTO_TEST_CASE(given_lts_lines_it_should_label_them_and_export_their_end_of_life) {
    Watched c;
    const auto text = c.record(k_before_the_20th);
    const std::string supported = "fairweather_release_supported";
    const std::string eol = "fairweather_release_eol_timestamp_seconds";
    const std::string remaining = "fairweather_release_eol_remaining_seconds";
    const std::map<std::string, std::string> lts24{{"branch", "24.0.x"}, {"lts", "true"}};
    const std::map<std::string, std::string> lts36{{"branch", "36.0.x"}, {"lts", "true"}};
    const std::map<std::string, std::string> b39{{"branch", "39.0.x"}, {"lts", "false"}};
    const std::map<std::string, std::string> b40{{"branch", "40.0.x"}, {"lts", "false"}};
    for (const auto& labels : {lts24, lts36, b39, b40}) {
        expect_metric(text, series(supported, labels), 1);
    }
    expect_metric(text, series(eol, lts24), unix_seconds("2026-08-20T00:00:00Z"));
    expect_metric(text, series(eol, lts36), unix_seconds("2027-08-20T00:00:00Z"));
    expect_metric(text, series(eol, b39), unix_seconds("2026-01-20T00:00:00Z"));
    expect_metric(text, series(eol, b40),
                  unix_seconds("2026-02-22T00:00:00Z"));  // two months after the 22nd
    expect_metric(text, series(remaining, {{"branch", "39.0.x"}}),
                  unix_seconds("2026-01-20T00:00:00Z") - to_unix_seconds(k_before_the_20th));
    // 37.0.x and 38.0.x are past their two months; no LTS label "false" for an LTS line.
    expect_no_metric(text, series(supported, {{"branch", "37.0.x"}, {"lts", "false"}}));
    expect_no_metric(text, series(supported, {{"branch", "38.0.x"}, {"lts", "false"}}));
    expect_no_metric(text, series(supported, {{"branch", "24.0.x"}, {"lts", "false"}}));
}

BOOST_AUTO_TEST_CASE(given_a_branch_past_its_end_of_life_it_should_disappear) {
    Watched c;
    const std::map<std::string, std::string> b39{{"branch", "39.0.x"}, {"lts", "false"}};
    const auto before = c.record(k_before_the_20th);
    expect_metric(before, series("fairweather_release_supported", b39), 1);
    const auto after = c.record(k_after_the_20th);  // 39.0.x's end of life was the 20th
    expect_no_metric(after, series("fairweather_release_supported", b39));
    expect_no_metric(after, series("fairweather_release_eol_timestamp_seconds", b39));
    expect_no_metric(after,
                     series("fairweather_release_eol_remaining_seconds", {{"branch", "39.0.x"}}));
    expect_metric(after,
                  series("fairweather_release_supported", {{"branch", "40.0.x"}, {"lts", "false"}}),
                  1);
}

BOOST_AUTO_TEST_CASE(given_queued_security_releases_it_should_export_time_to_ship_and_the_sla) {
    Watched c;
    const auto text = c.record(k_before_the_20th);
    const std::string ship = "fairweather_release_security_time_to_ship_seconds";
    const std::string sla = "fairweather_release_security_sla_met";
    // 40.0.1: advisory 2026-01-04T12:00, out 2026-01-06T12:00, deadline 2026-01-07T12:00.
    expect_metric(text, series(ship, {{"version", "40.0.1"}}), 48 * 3600);
    expect_metric(text, series(sla, {{"version", "40.0.1"}}), 1);
    // 39.0.2: no advisory time, so from the queue entry 2026-01-05T00:00 (deadline
    // 2026-01-08T00:00); out 2026-01-09T12:00.
    expect_metric(text, series(ship, {{"version", "39.0.2"}}), 108 * 3600);
    expect_metric(text, series(sla, {{"version", "39.0.2"}}), 0);
    expect_no_metric(text, series(ship, {{"version", "40.0.0"}}));
}

BOOST_AUTO_TEST_CASE(given_a_security_release_found_by_its_name_it_should_export_no_time_to_ship) {
    Watched c;
    c.queue.clear();  // no queue item: nothing to measure the time to ship from
    c.security_marker = "security";
    c.releases[6].name = "40.0.1 (security)";
    const auto text = c.record(k_before_the_20th);
    BOOST_TEST(!contains(text, "fairweather_release_security_time_to_ship_seconds{"), text);
    BOOST_TEST(!contains(text, "fairweather_release_security_sla_met{"), text);
}

BOOST_AUTO_TEST_CASE(given_two_repositories_each_record_should_replace_only_its_own_series) {
    Watched c;
    c.record(k_before_the_20th);
    DelayReportInputs none;
    const Date today = c.policy.time_zone.local_date(k_before_the_20th);
    const Plan empty_plan = make_plan(c.policy, {}, true, today);
    const DelayReport empty_report =
        make_delay_report(c.policy, "acme/other", none, std::nullopt, today, k_before_the_20th);
    c.metrics.record("acme/other", c.policy, empty_plan, empty_report, c.recent, k_before_the_20th);
    const auto text = serialize_metrics(c.registry);
    expect_metric(text, series("fairweather_release_delay_seconds", {{"version", "40.0.0"}}),
                  2 * 86400);
    expect_metric(
        text, series("fairweather_release_supported", {{"branch", "24.0.x"}, {"lts", "true"}}), 1);
    // Nothing published yet: no last release, and no delay gauges.
    BOOST_TEST(
        !contains(text,
                  "fairweather_release_last_published_timestamp_seconds{repo=\"acme/other\"}"),
        text);
    BOOST_TEST(contains(text, "fairweather_release_overdue{repo=\"acme/other\"}"), text);
}

BOOST_AUTO_TEST_CASE(given_a_fixed_state_it_should_match_the_golden_exposition) {
    Watched c;
    c.record(k_before_the_20th);
    fairweather::testing::compare_with_golden_metrics(c.record(k_after_the_20th),
                                                      "release_cadence.prom");
}

// promtool comes with Debian's prometheus package, which the setup installs.
BOOST_AUTO_TEST_CASE(the_exposition_should_pass_promtool_check_metrics) {
    Watched c;
    c.record(k_before_the_20th);
    TempDir dir;
    const auto path = dir / "metrics.prom";
    std::ofstream(path) << c.record(k_after_the_20th);
    const auto r =
        run_process("/bin/sh", {"-c", "promtool check metrics < '" + path.string() + "'"});
    BOOST_TEST(r.exit_code == 0, "promtool check metrics (install Debian's prometheus package):\n"
                                     << r.out << r.err);
}

BOOST_AUTO_TEST_SUITE_END()
