#!/usr/bin/env bash
# Builds fairweather's libFuzzer targets (fuzz/) in build-fuzz/ with clang and
# runs them over seeds from the shared fixtures and fuzz/seeds/.
#
#   scripts/fuzz.sh smoke            every target for a few seconds (a fixed
#                                    seed, so a failure is the change's, not
#                                    the dice's); fails naming the target and
#                                    the crash file. scripts/test.sh runs it.
#   scripts/fuzz.sh long [SECONDS]   every target SECONDS (default 600) with a
#                                    corpus kept in build-fuzz/corpus/<target>,
#                                    going on past crashes; prints execs,
#                                    coverage and crashes per target.
#   scripts/fuzz.sh triage           replays every kept crash file and prints
#                                    what broke and where, one line each.
#   scripts/fuzz.sh build            only builds.
#
# Crash files go to build-fuzz/crashes/<target>/ and logs to build-fuzz/logs/.
# Replay one with: build-fuzz/bin/<target> <crash file>
#
# Environment:
#   FAIRWEATHER_REAL_FIXTURES  ../shared/fixtures/real unless set
#   FAIRWEATHER_PEER_FIXTURES  ../shared/fixtures/peers unless set
#   FAIRWEATHER_FUZZ_TARGETS   the targets to run (default: all), e.g. "fuzz_time fuzz_config"
#   FAIRWEATHER_FUZZ_SMOKE_SECONDS  per target in smoke (default 6)
#   FAIRWEATHER_FUZZ_BUILD     the build directory (default build-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-smoke}
build=${FAIRWEATHER_FUZZ_BUILD:-build-fuzz}
real=${FAIRWEATHER_REAL_FIXTURES:-../shared/fixtures/real}
peers=${FAIRWEATHER_PEER_FIXTURES:-../shared/fixtures/peers}
all_targets="fuzz_statuspage fuzz_github fuzz_api_bodies fuzz_versions fuzz_time fuzz_report_csv fuzz_config"
targets=${FAIRWEATHER_FUZZ_TARGETS:-$all_targets}

# ---- build ----

build_targets() {
    # Debug keeps assert() (toml++'s among them: no NDEBUG); -O1 as libFuzzer's
    # documentation advises; line tables are enough for symbolized stacks.
    cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="${FAIRWEATHER_FUZZ_CXX:-clang++}" \
        -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" \
        -DFAIRWEATHER_FUZZ=ON -DFAIRWEATHER_TESTS=OFF -DFAIRWEATHER_BENCH=OFF \
        -DFAIRWEATHER_WERROR=ON >"$build.configure.log" ||
        { cat "$build.configure.log"; exit 1; }
    cmake --build "$build" --target fuzz -j"$(nproc)"
}

# ---- seeds ----

# The shared fixtures are read where they are; only what must be taken out
# of a recording (a replayed response's body) is written, under build-fuzz/.
derived=$build/seeds

# GitHub bodies inside the peers' recordings: PyGithub's replay files (the
# response body is line 10 of each 11-line block) and octokit's VCR cassettes
# (base64 bodies; needs jq).
derive_github_seeds() {
    local out=$derived/fuzz_github
    rm -rf "$out" && mkdir -p "$out"
    local f name key body
    if [ -d "$peers/PyGithub__PyGithub" ]; then
        for f in "$peers"/PyGithub__PyGithub/*.txt; do
            awk -v out="$out/pygithub-$(basename "$f" .txt)" \
                'NR % 11 == 10 && /^[[{]/ { print > (out "-" NR ".json") }' "$f"
        done
    fi
    if [ -d "$peers/octokit__octokit.rb" ] && command -v jq >/dev/null; then
        while IFS= read -r f; do
            name=octokit-$(basename "$(dirname "$f")")-$(basename "$f" .json)
            jq -r '.http_interactions | to_entries[]
                   | "\(.key) \(.value.response.body.base64_string // "" | gsub("\n"; ""))"' "$f" |
                while read -r key body; do
                    [ -n "$body" ] && base64 -d <<<"$body" >"$out/$name-$key.json" 2>/dev/null
                done || true
        done < <(find "$peers/octokit__octokit.rb" -name '*.json')
    fi
}

# Releases and incidents in one input, split at a NUL as fuzz_report_csv reads
# them, so the report itself gets both from the start.
derive_report_seeds() {
    local out=$derived/fuzz_report_csv
    rm -rf "$out" && mkdir -p "$out"
    local releases
    for releases in "$real"/wasmtime_releases.csv "$real"/cloud_hypervisor_releases.csv \
        tests/fixtures/report/releases.csv; do
        [ -f "$releases" ] || continue
        for incidents in "$real"/github_actions_incidents.csv tests/fixtures/report/incidents.csv; do
            [ -f "$incidents" ] || continue
            { cat "$releases"; printf '\0'; cat "$incidents"; } \
                >"$out/$(basename "$releases" .csv)+$(basename "$incidents" .csv)"
        done
    done
}

# The directories a target's seeds are in (missing ones left out).
seed_dirs() {
    local dirs=()
    case $1 in
        fuzz_statuspage)
            dirs=("$real/statuspage" tests/fixtures/statuspage
                "$peers/GitHub-Incident-History__GitHub-Incident-History" "$peers/amureki__statuscheck"
                "$peers/atc0005__check-statuspage" "$peers/canozagrada__gwen-cli"
                "$peers/crazy-max__ghaction-github-status" "$peers/enrialonso__statusdot") ;;
        fuzz_github) dirs=("$real/github_rest" tests/fixtures/github "$derived/fuzz_github") ;;
        fuzz_api_bodies) dirs=(fuzz/seeds/api_bodies) ;;
        fuzz_versions) dirs=(fuzz/seeds/versions) ;;
        fuzz_time) dirs=(fuzz/seeds/time) ;;
        # $real holds the CSVs and, below it, Statuspage and GitHub JSON the
        # readers take too.
        fuzz_report_csv) dirs=("$real" tests/fixtures/report "$derived/fuzz_report_csv") ;;
        fuzz_config) dirs=(config/examples fuzz/seeds/config) ;;
        *) echo "fuzz: unknown target $1 (known: $all_targets)" >&2; exit 2 ;;
    esac
    local d
    for d in "${dirs[@]}"; do
        [ -d "$d" ] && echo "$d"
    done
}

# Per target: the dictionary and the largest input. JSON payloads are large
# (a Statuspage summary is tens of kilobytes); the seeds above the limit are
# cut, which still gives the parsers their openings.
target_flags() {
    case $1 in
        fuzz_statuspage | fuzz_github | fuzz_api_bodies) echo "-dict=fuzz/dicts/json.dict -max_len=65536" ;;
        fuzz_report_csv) echo "-dict=fuzz/dicts/json.dict -max_len=65536" ;;
        fuzz_config) echo "-dict=fuzz/dicts/toml.dict -max_len=16384" ;;
        fuzz_versions | fuzz_time) echo "-max_len=256" ;;
    esac
}

prepare() {
    if [ ! -f "$real/SOURCES.md" ] || [ ! -d "$peers" ]; then
        echo "fuzz: shared fixtures not found at $real and $peers; seeding from fuzz/seeds and" \
            "tests/fixtures only (check out ../shared or set FAIRWEATHER_REAL_FIXTURES and" \
            "FAIRWEATHER_PEER_FIXTURES)" >&2
    fi
    derive_github_seeds
    derive_report_seeds
    # Undefined behaviour is reported with its stack, as memory errors are.
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
    # A symbolizer makes the stacks name functions and lines (Debian's llvm-14
    # installs it outside PATH).
    if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && ! command -v llvm-symbolizer >/dev/null &&
        [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
        export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
    fi
    mkdir -p "$build/logs"
}

# Runs a target: $1 target, $2 the corpus directory libFuzzer writes to (never
# a shared one: the first directory gets every new input), then libFuzzer's
# flags. The seed directories are only read.
run_target() {
    local target=$1 corpus=$2
    shift 2
    mkdir -p "$corpus" "$build/crashes/$target"
    local seeds
    mapfile -t seeds < <(seed_dirs "$target")
    # shellcheck disable=SC2046 # target_flags is a list of flags
    "$build/bin/$target" -artifact_prefix="$build/crashes/$target/" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 $(target_flags "$target") "$@" \
        "$corpus" "${seeds[@]}"
}

# The crash files a log names ("Test unit written to ...").
crash_files() {
    sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$1" | sort -u
}

smoke() {
    local seconds=${FAIRWEATHER_FUZZ_SMOKE_SECONDS:-6}
    local failed=() target
    for target in $targets; do
        local log=$build/logs/$target.smoke.log corpus=$build/smoke/$target
        rm -rf "$corpus"
        local started=$SECONDS
        # Leaks count as crashes (libFuzzer's -detect_leaks=1 is the default).
        if run_target "$target" "$corpus" -seed=1 -max_total_time="$seconds" >"$log" 2>&1; then
            local runs
            runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
            echo "fuzz: $target: ${runs:-?} runs in $((SECONDS - started))s, no crash"
        else
            local files
            files=$(crash_files "$log" | tr '\n' ' ')
            echo "fuzz: $target FAILED: ${files:-no crash file (see $log)}"
            # What broke (the sanitizer's report, the property, the assertion)
            # and the frames in fairweather or in a header it compiles (toml++).
            grep -E '^==[0-9]+==ERROR|^SUMMARY|^fuzz: property|runtime error|Assertion|^ +#[0-9]+ .* in .*('"$PWD"'/[^ ]*\.(cpp|h)|/usr/include/)' \
                "$log" | head -16 | sed 's/^ */    /'
            failed+=("$target")
        fi
    done
    if [ ${#failed[@]} -gt 0 ]; then
        echo "fuzz: smoke run failed in ${failed[*]}; replay with build-fuzz/bin/<target> <crash file>," \
            "logs in $build/logs/"
        exit 1
    fi
}

long() {
    local seconds=${1:-600} target
    local summary=$build/logs/long-summary.txt
    printf '%-16s %8s %12s %8s %8s %8s %s\n' target seconds execs cov ft corpus crashes >"$summary"
    for target in $targets; do
        local log=$build/logs/$target.long.log
        local before
        mkdir -p "$build/crashes/$target"
        before=$(find "$build/crashes/$target" -type f | wc -l)
        # Fork mode with -ignore_crashes goes on past a crash (keeping its
        # file), so one known bug does not end the measurement of the rest.
        run_target "$target" "$build/corpus/$target" -fork=1 -ignore_crashes=1 \
            -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$seconds" >"$log" 2>&1 || true
        # Fork mode's progress lines: "#EXECS: cov: C ft: F corp: N exec/s ...".
        local last execs cov ft corp after
        last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1)
        execs=$(sed -n 's/^#\([0-9]*\):.*/\1/p' <<<"$last")
        cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
        ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
        corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
        after=$(find "$build/crashes/$target" -type f | wc -l)
        printf '%-16s %8s %12s %8s %8s %8s %s\n' "$target" "$seconds" "${execs:-?}" "${cov:-?}" \
            "${ft:-?}" "${corp:-?}" "$((after - before)) new, $after kept" | tee -a "$summary"
    done
    echo "fuzz: summary in $summary; crash files in $build/crashes/<target>/, logs in $build/logs/"
}

# One line per kept crash file: the file, what broke, the first frame in
# fairweather or in a header it compiles.
triage() {
    local target f out what where
    for target in $targets; do
        for f in "$build/crashes/$target"/*; do
            [ -f "$f" ] || continue
            out=$("$build/bin/$target" -timeout=10 "$f" 2>&1 || true)
            what=$(grep -m1 -E '==ERROR|runtime error|^fuzz: property|Assertion|ERROR: libFuzzer' \
                <<<"$out" || true)
            where=$(grep -E '^ +#[0-9]+ .* in .*('"$PWD"'/[^ ]*\.(cpp|h)|/usr/include/)' <<<"$out" |
                grep -v -m1 'fuzz/fuzz_support.h' | sed 's/.* in //' || true)
            printf '%s\t%s\t%s\n' "$f" "${what:-(does not crash now)}" "$where"
        done
    done
}

case $mode in
    build) build_targets ;;
    triage) prepare && triage ;;
    smoke) build_targets && prepare && smoke ;;
    long)
        build_targets && prepare && long "${2:-600}" ;;
    *)
        echo "usage: scripts/fuzz.sh smoke | long [SECONDS] | triage | build" >&2
        exit 2
        ;;
esac
