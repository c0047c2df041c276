#!/usr/bin/env bash
# Step 2 of the fairweather gate action: run `fairweather-gate check` with the
# action's inputs (INPUT_* variables) and turn its exit status into the
# step's result. The gate itself writes the decision, weather and reason to
# $GITHUB_OUTPUT, a summary to $GITHUB_STEP_SUMMARY and the annotations.
#   proceed (0): the step succeeds.
#   defer (75):  the step succeeds with decision=defer and a notice, unless
#                INPUT_FAIL_ON_DEFER is true (then it fails with 75).
#   block (1), bad inputs (64), bad config (78), outputs not written (74):
#                the step fails with that status.
set -uo pipefail
gate=${FAIRWEATHER_GATE:?FAIRWEATHER_GATE is the fairweather-gate to run}

args=(check --kind "${INPUT_KIND:-regular}")
[ -n "${INPUT_RELEASE:-}" ] && args+=(--release "$INPUT_RELEASE")
[ -n "${INPUT_REPO:-}" ] && args+=(--repo "$INPUT_REPO")
[ -n "${INPUT_MONITOR_URL:-}" ] && args+=(--monitor "$INPUT_MONITOR_URL")
[ -n "${INPUT_WAIT:-}" ] && args+=(--wait "$INPUT_WAIT")
[ -n "${INPUT_ON_UNKNOWN:-}" ] && args+=(--on-unknown "$INPUT_ON_UNKNOWN")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
# An empty token is no token: the gate then neither queues nor reports.
[ -z "${FAIRWEATHER_API_TOKEN:-}" ] && unset FAIRWEATHER_API_TOKEN

"$gate" "${args[@]}"
status=$?

case "$status" in
  0)
    exit 0
    ;;
  75)
    if [ "${INPUT_FAIL_ON_DEFER:-false}" = "true" ]; then
      echo "::error title=Release deferred::CI weather is bad; the release was deferred (fail-on-defer is true). Run the workflow again when CI has recovered."
      exit 75
    fi
    echo "::notice title=Release deferred::CI weather is bad, so this release waits: the step passed with decision=defer and later steps should skip publishing. A deferred security release given to a monitor ships by itself once CI has recovered."
    exit 0
    ;;
  *)
    exit "$status"
    ;;
esac
