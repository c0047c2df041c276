// fairweather-detect: does the monitor notice an Actions outage from the
// repository's own runs before githubstatus.com admits it? A replay on a
// manual clock of the real monitor against an in-process GitHub and status
// page driven by a traffic model (detection_traffic.cpp). Never a test: run
// it by hand, read bench/README.md ("Detection") for the model's numbers.
//
//   fairweather-detect [--config FILE] [--seeds N] [--json]
//
// --config: the monitor's config (default: config/config.h's defaults with
// one [[repos]] entry, fairweather-bench/busy). --seeds: outage start times
// per outage length (default 8). --json: the figures as JSON as well.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/detection_replay.h"
#include "core/json/writer.h"
#include "core/util/text.h"
#include "tests/support/fixtures.h"

namespace fw = fairweather;
using namespace fw::bench;
using namespace std::chrono_literals;
using fw::Duration;
using fw::TimePoint;

namespace {

// Monday 2026-11-23 00:00 UTC: the first simulated day.
const TimePoint k_start = *fw::parse_timestamp("2026-11-23T00:00:00Z");
constexpr auto k_warmup = 3h;         // the monitor runs this long before an outage
constexpr auto k_history = 24h;       // runs exist from this long before the monitor starts
constexpr auto k_after_page = 20min;  // replay this long after the page admits
const std::vector<Duration> k_lags{5min, 15min, 30min};

struct Options {
    std::string config_file;
    int seeds = 8;
    bool json = false;
};

double minutes(Duration d) {
    return std::chrono::duration<double>(d).count() / 60;
}

std::string fmt_min(double m) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", m);
    return buf;
}

struct Stats {
    double min = 0, median = 0, max = 0;
    int n = 0;
};

Stats stats(std::vector<double> v) {
    Stats s;
    s.n = static_cast<int>(v.size());
    if (v.empty()) {
        return s;
    }
    std::sort(v.begin(), v.end());
    s.min = v.front();
    s.max = v.back();
    s.median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    return s;
}

std::string describe(const Stats& s) {
    if (s.n == 0) {
        return "-";
    }
    return fmt_min(s.min) + " / " + fmt_min(s.median) + " / " + fmt_min(s.max);
}

// One outage replayed: when the verdict and the raw weather left fair.
struct Outcome {
    bool fair_at_t0 = false;
    std::optional<double> verdict_min, raw_min;  // after T0
    std::optional<double> lead_min;              // page admits - verdict left fair
    bool before_page = false;
    std::optional<double> threshold_min;  // oldest wait passed the threshold, after T0
    std::optional<int> polls_after_threshold;
    std::string reason;
};

Outcome replay_outage(const ReplayInputs& in, std::uint64_t seed, Duration offset, Duration lag,
                      Duration outage, Duration page_for, TimePoint end_cap) {
    const TimePoint t0 = k_start + k_warmup + offset;
    TrafficPlan plan;
    plan.history_from = k_start - k_history;
    plan.seed = seed;
    plan.hosted_down.push_back({t0, outage == Duration::max() ? TimePoint::max() : t0 + outage});
    const TimePoint page = t0 + lag;
    plan.until = std::min(end_cap, page + k_after_page);
    std::optional<Span> page_span;
    if (page_for > Duration{0}) {
        page_span = Span{page, page + page_for};
    }
    const Replay r = replay(in, plan, page_span, k_start, plan.until);
    Outcome o;
    o.fair_at_t0 = weather_at(r, t0, false) == fw::Weather::fair;
    if (const Change* c = first_unfair(r, t0, false)) {
        o.verdict_min = minutes(c->at - t0);
        o.lead_min = minutes(page - c->at);
        o.before_page = c->at < page;
        o.reason = c->reason;
        // The threshold the monitor judges waiting by: a job's pickup_too_long
        // when it reads jobs, a run's queued_too_long when it does not.
        const auto& repo = in.config.repos[0];
        const auto threshold = threshold_crossed(
            r.runs, repo.read_jobs ? repo.pickup_too_long : repo.queued_too_long, t0);
        if (threshold) {
            o.threshold_min = minutes(*threshold - t0);
            o.polls_after_threshold = static_cast<int>(
                std::count_if(r.runs_polls.begin(), r.runs_polls.end(),
                              [&](TimePoint p) { return p > *threshold && p <= c->at; }));
        }
    }
    if (const Change* c = first_unfair(r, t0, true)) {
        o.raw_min = minutes(c->at - t0);
    }
    return o;
}

Duration seeded_offset(std::uint64_t seed) {
    // Spread T0 over 20 hours of the day, a prime number of minutes apart.
    return std::chrono::minutes((seed * 137) % (20 * 60));
}

void scenario_outage(const ReplayInputs& in, const Options& opt, fw::JsonWriter& j) {
    std::cout << "\n1. Outage: hosted runners stop at T0, the page admits at T0 + L (" << opt.seeds
              << " T0s each; minutes, min / median / max)\n\n";
    std::cout << "| L | verdict left fair after T0 | raw weather | lead over the page | "
                 "flagged before the page | oldest wait passed threshold | polls after that |\n";
    std::cout << "| --- | --- | --- | --- | --- | --- | --- |\n";
    j.key("outage").begin_array();
    for (const Duration lag : k_lags) {
        std::vector<double> verdict, raw, lead, threshold, polls;
        int before = 0, unfair_at_t0 = 0;
        std::string reason;
        for (int s = 1; s <= opt.seeds; ++s) {
            const auto seed = static_cast<std::uint64_t>(s);
            const Outcome o = replay_outage(in, seed, seeded_offset(seed), lag, Duration::max(),
                                            24h, TimePoint::max());
            unfair_at_t0 += o.fair_at_t0 ? 0 : 1;
            before += o.before_page ? 1 : 0;
            if (o.verdict_min)
                verdict.push_back(*o.verdict_min);
            if (o.raw_min)
                raw.push_back(*o.raw_min);
            if (o.lead_min)
                lead.push_back(std::max(0.0, *o.lead_min));
            if (o.threshold_min)
                threshold.push_back(*o.threshold_min);
            if (o.polls_after_threshold)
                polls.push_back(*o.polls_after_threshold);
            if (reason.empty() && o.before_page)
                reason = o.reason;
        }
        std::cout << "| " << fw::format_duration(lag) << " | " << describe(stats(verdict)) << " | "
                  << describe(stats(raw)) << " | " << describe(stats(lead)) << " | " << before
                  << " of " << opt.seeds
                  << (unfair_at_t0 ? " (" + std::to_string(unfair_at_t0) + " not fair at T0)" : "")
                  << " | " << describe(stats(threshold)) << " | " << describe(stats(polls))
                  << " |\n";
        if (!reason.empty()) {
            std::cout << "|   | first reason: " << reason << " | | | | | |\n";
        }
        const auto s_lead = stats(lead), s_verdict = stats(verdict);
        j.begin_object().field("lag_s", static_cast<std::int64_t>(minutes(lag) * 60));
        j.field("seeds", opt.seeds)
            .field("before_page", before)
            .field("not_fair_at_t0", unfair_at_t0);
        j.field("verdict_median_min", s_verdict.median).field("lead_median_min", s_lead.median);
        j.field("lead_min_min", s_lead.min).field("lead_max_min", s_lead.max).end_object();
    }
    j.end_array();
}

// One row of github_actions_incidents_detail.csv (see SOURCES.md there).
struct Incident {
    std::string id;
    TimePoint created, resolved;
    std::optional<TimePoint> impact_from, impact_until;
};

std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (const char c : line) {
        if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

std::vector<Incident> read_incidents(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in,
                 line);  // id,name,impact,created_at,resolved_at,...,impact_window_start,end,url
    std::vector<Incident> out;
    while (std::getline(in, line)) {
        const auto f = csv_fields(line);
        if (f.size() < 12) {
            continue;
        }
        Incident i{f[0], *fw::parse_timestamp(f[3]), *fw::parse_timestamp(f[4]), {}, {}};
        i.impact_from = fw::parse_timestamp(f[9]);
        i.impact_until = fw::parse_timestamp(f[10]);
        out.push_back(i);
    }
    return out;
}

void scenario_incidents(const ReplayInputs& in, const std::filesystem::path& csv,
                        fw::JsonWriter& j) {
    const auto incidents = read_incidents(csv);
    std::vector<double> lead, delays, detect;
    int with_window = 0, before = 0, within = 0, unfair_at_t0 = 0;
    std::uint64_t seed = 100;
    for (const auto& i : incidents) {
        ++seed;
        if (i.impact_from && i.impact_until) {
            // L: from the impact's start (the postmortem) to the first status post.
            ++with_window;
            const Duration lag = i.created - *i.impact_from;
            const Duration outage = *i.impact_until - *i.impact_from;
            const Outcome o = replay_outage(in, seed, seeded_offset(seed), lag, outage,
                                            i.resolved - i.created, TimePoint::max());
            delays.push_back(minutes(lag));
            before += o.before_page ? 1 : 0;
            if (o.before_page && o.lead_min)
                lead.push_back(*o.lead_min);
        }
        // Every incident: would a full stop as long as the posted incident be
        // flagged before it ended (the page never admitting it)?
        const Duration length = i.resolved - i.created;
        const Outcome o = replay_outage(in, seed, seeded_offset(seed), length, length, Duration{0},
                                        k_start + k_warmup + seeded_offset(seed) + length);
        if (!o.fair_at_t0) {
            ++unfair_at_t0;
        } else if (o.verdict_min && o.before_page) {
            ++within;
            detect.push_back(*o.verdict_min);
        }
    }
    std::cout << "\n2. Real Actions incidents 2023-2025 (" << csv.filename().string() << ")\n\n";
    std::cout << "| figure | value |\n| --- | --- |\n";
    std::cout << "| incidents with an impact window (postmortem) | " << with_window << " of "
              << incidents.size() << " |\n";
    std::cout << "| their delay impact start -> first status post, minutes (min / median / max) | "
              << describe(stats(delays)) << " |\n";
    std::cout << "| of those, flagged before the page | " << before << " of " << with_window
              << " |\n";
    std::cout << "| lead time when flagged first, minutes | " << describe(stats(lead)) << " |\n";
    std::cout << "| every incident as a full stop as long as posted: flagged before it ended | "
              << within << " of " << incidents.size() << " (after " << describe(stats(detect))
              << " min; " << unfair_at_t0 << " not fair at T0 already) |\n";
    j.key("incidents").begin_object().field("total", static_cast<int>(incidents.size()));
    j.field("with_window", with_window).field("before_page", before);
    j.field("lead_median_min", stats(lead).median).field("flagged_within_duration", within);
    j.end_object();
}

void scenario_week(const ReplayInputs& in, fw::JsonWriter& j) {
    TrafficPlan plan;
    plan.history_from = k_start - k_history;
    plan.until = k_start + 7 * 24h;
    plan.seed = 7;
    plan.own_queues = true;
    // The self-hosted runner offline twice: a night (6 h) and an afternoon (3.5 h).
    plan.self_hosted_offline = {{k_start + 24h + 1h, k_start + 24h + 7h},
                                {k_start + 4 * 24h + 13h, k_start + 4 * 24h + 16h + 30min}};
    const Replay r = replay(in, plan, std::nullopt, k_start, plan.until);
    std::cout << "\n3. Healthy week (7 days, the repository's own queues, page operational)\n\n";
    int alarms = 0, raw_changes = 0;
    bool seen_fair = false;
    fw::Weather previous = fw::Weather::unknown;
    j.key("healthy_week").begin_object().key("false_alarms").begin_array();
    for (const auto& c : r.changes) {
        raw_changes += c.raw != fw::Weather::fair ? 1 : 0;
        if (seen_fair && previous == fw::Weather::fair && c.weather != fw::Weather::fair) {
            ++alarms;
            if (alarms <= 12) {
                std::cout << "- " << fw::format_timestamp(c.at) << " " << to_string(c.weather)
                          << ": " << c.reason << "\n";
            }
            j.begin_object().field("at", fw::format_timestamp(c.at)).field("weather", c.weather);
            j.field("reason", c.reason).end_object();
        }
        seen_fair = seen_fair || c.weather == fw::Weather::fair;
        previous = c.weather;
    }
    j.end_array().field("count", alarms).end_object();
    if (alarms > 12) {
        std::cout << "- ... and " << alarms - 12 << " more\n";
    }
    std::cout << "\nfalse alarms (verdict left fair): " << alarms
              << "; changes of the raw weather away from fair: " << raw_changes << "\n";

    const double hours = 7 * 24;
    std::cout << "\n4. Cost: GitHub requests per repository per hour (the healthy week)\n\n";
    std::cout
        << "| endpoint | requests/h | of which 304 | other statuses |\n| --- | --- | --- | --- |\n";
    long total = 0, total_304 = 0;
    j.key("cost_per_hour").begin_object();
    for (std::size_t i = 0; i < k_endpoints; ++i) {
        const auto& c = r.counts[i];
        const long all = c.ok + c.not_modified + c.other;
        const auto kind = static_cast<Endpoint>(i);
        if (kind != Endpoint::status) {
            total += all;
            total_304 += c.not_modified;
        }
        std::cout << "| " << to_string(kind) << " | " << fmt_min(all / hours) << " | "
                  << fmt_min(c.not_modified / hours) << " | " << fmt_min(c.other / hours) << " |\n";
        j.field(to_string(kind), all / hours);
    }
    std::cout << "| GitHub total (without the status page) | " << fmt_min(total / hours) << " | "
              << fmt_min(total_304 / hours) << " | |\n";
    j.field("github_total", total / hours).field("github_304", total_304 / hours).end_object();
}

fw::Config load(const Options& opt) {
    fw::Config config;
    if (!opt.config_file.empty()) {
        auto loaded = fw::load_config(opt.config_file);
        if (!loaded) {
            for (const auto& e : loaded.error()) {
                std::cerr << e.describe() << "\n";
            }
            std::exit(2);
        }
        config = std::move(*loaded);
    }
    if (config.repos.empty()) {
        fw::github::RepoSettings repo;
        repo.name = "fairweather-bench/busy";
        config.repos.push_back(repo);
    }
    return config;
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--config" && i + 1 < argc) {
            opt.config_file = argv[++i];
        } else if (arg == "--seeds" && i + 1 < argc) {
            opt.seeds = std::stoi(argv[++i]);
        } else if (arg == "--json") {
            opt.json = true;
        } else {
            std::cerr << "usage: fairweather-detect [--config FILE] [--seeds N] [--json]\n";
            return 2;
        }
    }
    const fw::Config config = load(opt);
    const std::filesystem::path real = fw::testing::real_fixtures_dir();
    const StatusPayloads status{
        fw::testing::read_file(real /
                               "statuspage/githubstatus_summary_2024-02-05_all_operational.json"),
        fw::testing::read_file(
            real /
            "statuspage/githubstatus_summary_2020-04-02_major_outage_unresolved_incident.json")};
    const std::string releases =
        fw::testing::read_file(real / "github_rest/list_releases.example.json");
    const ReplayInputs in{config, status, releases};
    std::cout << "fairweather-detect: config " << config.source << ", repository "
              << config.repos[0].name << " (jobs "
              << (config.repos[0].read_jobs ? "read" : "not read") << ", pickup_too_long "
              << fw::format_duration(config.repos[0].pickup_too_long) << ", queued_too_long "
              << fw::format_duration(config.repos[0].queued_too_long) << ", poll_interval "
              << fw::format_duration(config.monitor.poll_interval) << ")\n";
    fw::JsonWriter j(2);
    j.begin_object();
    scenario_outage(in, opt, j);
    scenario_incidents(in, real / "github_actions_incidents_detail.csv", j);
    scenario_week(in, j);
    j.end_object();
    if (opt.json) {
        std::cout << "\n" << j.str() << "\n";
    }
    return 0;
}
