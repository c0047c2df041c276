#!/usr/bin/env bash
# Step 2 of the fairweather gate action: run `fairweather-gate check` with the
# action's inputs (INPUT_* variables) and turn its exit status into the
# step's result. The gate itself writes the decision, weather and reason to
# $GITHUB_OUTPUT, a summary to $GITHUB_STEP_SUMMARY and the annotations.
#   proceed (0): the step succeeds.
#   defer (75):  INPUT_FAIL_ON_DEFER auto (the default): the step fails with
#                75 unless the release was queued in a monitor (queue_id in
#                $GITHUB_OUTPUT), then it succeeds with a notice; true: it
#                fails; false: it succeeds with decision=defer and a notice.
#   block (1), bad inputs (64), bad config (78), outputs not written (74):
#                the step fails with that status.
set -uo pipefail
gate=${FAIRWEATHER_GATE:?FAIRWEATHER_GATE is the fairweather-gate to run}

args=(check --kind "${INPUT_KIND:-auto}")
[ -n "${INPUT_RELEASE:-}" ] && args+=(--release "$INPUT_RELEASE")
[ -n "${INPUT_REPO:-}" ] && args+=(--repo "$INPUT_REPO")
[ -n "${INPUT_MONITOR_URL:-}" ] && args+=(--monitor "$INPUT_MONITOR_URL")
[ -n "${INPUT_WAIT:-}" ] && args+=(--wait "$INPUT_WAIT")
[ -n "${INPUT_ON_UNKNOWN:-}" ] && args+=(--on-unknown "$INPUT_ON_UNKNOWN")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ "${INPUT_QUEUE:-false}" = "true" ] && args+=(--queue)
# An empty token is no token: the gate then neither queues nor reports.
[ -z "${FAIRWEATHER_API_TOKEN:-}" ] && unset FAIRWEATHER_API_TOKEN

"$gate" "${args[@]}"
status=$?

case "$status" in
  0)
    exit 0
    ;;
  75)
    # A defer nobody retries is not a green run (fail-on-defer auto, the
    # default): it fails visibly, unless the gate queued the release in a
    # monitor, which dispatches it again once CI has recovered.
    queue_id=$(sed -n 's/^queue_id=//p' "${GITHUB_OUTPUT:-/dev/null}" 2>/dev/null | tail -n 1)
    case "${INPUT_FAIL_ON_DEFER:-auto}" in
      true)
        echo "::error title=Release deferred::CI weather is bad; the release was deferred (fail-on-defer is true). Run the workflow again when CI has recovered."
        exit 75
        ;;
      false)
        echo "::notice title=Release deferred::CI weather is bad, so this release waits: the step passed with decision=defer (fail-on-defer is false) and later steps should skip publishing. Nothing retries it by itself unless it was queued in a monitor."
        exit 0
        ;;
      *)
        if [ -n "$queue_id" ]; then
          echo "::notice title=Release deferred and queued::CI weather is bad, so this release waits: it is queued in the monitor as $queue_id, which dispatches it again once CI has been fair for its recovery window. Later steps should skip publishing now."
          exit 0
        fi
        echo "::error title=Release deferred::CI weather is bad, so this release did not ship, and nothing will retry it: run the workflow again once CI has recovered. To have it dispatched again by itself, give the action a monitor-url and api-token (a deferred security release is queued there, and any release with queue: true); fail-on-defer: false keeps a deferred run green."
        exit 75
        ;;
    esac
    ;;
  *)
    exit "$status"
    ;;
esac
