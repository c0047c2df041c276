// The files `fairweather-gate report` reads: release and incident histories
// as CSV (or as GitHub's, Statuspage's or a monitor's JSON saved to a file),
// then the delay report made of them, under a policy like Wasmtime's
// (config/examples/wasmtime.toml, built here in code so the target reads no
// file).
//
// The bytes before the first NUL are the releases and the bytes after it the
// incidents, so one input can hold both; without a NUL both readers read the
// whole input.

#include "core/history/delay_report.h"
#include "core/history/history_files.h"
#include "fuzz/fuzz_support.h"

using namespace fairweather;

namespace {

Date day(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

ReleasePolicy wasmtime_policy() {
    ReleasePolicy p;
    p.configured = true;
    p.scheme = VersionScheme::semver;
    p.regular_component = 0;
    p.cadence = Cadence::monthly;
    p.day = 20;
    p.weekend = WeekendRule::shortly_after;
    p.anchor_version = parse_version("1.0.0", VersionScheme::semver).value();
    p.anchor_date = day(2022, 9, 20);
    p.branch_cut_day = 5;
    p.support_months = 2;
    p.support_releases = 2;
    p.lts_every_major = 12;
    p.lts_support_months = 24;
    // The process before 24.0.0: the latest two releases, no LTS.
    RulePeriod before_lts;
    before_lts.until = RuleBound{parse_version("24.0.0", VersionScheme::semver).value(), {}};
    before_lts.support_months = 0;
    before_lts.lts_every_major = 0;
    p.periods.push_back(before_lts);
    p.security_sla = std::chrono::hours{72};
    return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ReleasePolicy policy = wasmtime_policy();
    const std::string_view input = fuzz::as_text(data, size);
    const auto nul = input.find('\0');
    const std::string_view releases_text = input.substr(0, nul);
    const std::string_view incidents_text =
        nul == std::string_view::npos ? input : input.substr(nul + 1);

    DelayReportInputs inputs;
    inputs.security_marker = "security";
    if (auto releases = read_releases(releases_text, "releases.csv", policy)) {
        inputs.releases = std::move(releases->releases);
        inputs.skipped = std::move(releases->skipped);
    } else {
        fuzz::require(!releases.error().empty(), "a releases error says what is wrong");
    }
    if (auto incidents = read_incidents(incidents_text, "incidents.csv")) {
        inputs.incidents = std::move(*incidents);
    } else {
        fuzz::require(!incidents.error().empty(), "an incidents error says what is wrong");
    }
    if (!inputs.releases.empty()) {
        const DelayReport report = make_delay_report(policy, "bytecodealliance/wasmtime", inputs,
                                                     std::nullopt, std::nullopt, fuzz::k_now);
        fuzz::require(report.summary.on_time + report.summary.late == report.summary.scheduled,
                      "every scheduled release is on time or late");
        const Conformance c =
            check_conformance(policy, inputs.releases, std::nullopt, std::nullopt);
        fuzz::require(c.supported + c.unsupported + c.no_line == c.patches,
                      "every patch release gets one verdict");
        fuzz::require(
            c.rounds == static_cast<int>(c.round_checks.size()) && c.rounds_matching <= c.rounds,
            "rounds are counted once");
        for (const auto& r : c.round_checks) {
            fuzz::require(r.patched.size() >= 2, "a round patches two branches or more");
        }
    }
    return 0;
}
