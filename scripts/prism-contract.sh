#!/usr/bin/env bash
# Contract test against Stoplight Prism, an independent mock server built from the same spec.
#
# Installs the pinned Prism (scripts/prism/package-lock.json) with `npm ci`, then for each mode,
# static (the spec's examples) and dynamic (`-d`, random schema-valid answers): starts
# `prism mock --errors` on a free loopback port, runs the ignored test
# generated-client/tests/prism_contract.rs against it, stops it, and reads Prism's log.
# Fails on any failed call (decode error, non-2xx answer) and on any request violation Prism
# logs. Needs npm and the npm registry; without them it fails, it never skips.
#
#   scripts/prism-contract.sh                 # both modes
#   PRISM_STATIC_CALLS=20 PRISM_DYNAMIC_CALLS=50 scripts/prism-contract.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
source scripts/prism/lib.sh
prism_setup prism-contract
static_calls="${PRISM_STATIC_CALLS:-50}"
dynamic_calls="${PRISM_DYNAMIC_CALLS:-200}"

prism_install

# Build the test before starting any server, so the build time does not count against Prism.
cargo test --quiet -p datadog-org-connections --test prism_contract --no-run

run_mode() {
  local mode="$1" calls="$2"
  shift 2
  local log="$work/prism-$mode.log" test_log="$work/test-$mode.log"
  echo "== prism $mode: prism mock --errors $*, $calls calls per operation"
  prism_start "$mode" "$root/spec/org_connections.yaml" "$log" --errors "$@"
  local url_var="prism_url_$mode"
  local url="${!url_var}"
  # The readiness probe carried no keys: Prism logs it as a violation. Count from here on.
  local skip
  skip="$(wc -l <"$log")"

  local status=0
  PRISM_URL="$url" PRISM_CALLS="$calls" PRISM_MODE="$mode" \
    cargo test --quiet -p datadog-org-connections --test prism_contract -- --ignored --nocapture \
    2>&1 | tee "$test_log" || status=$?
  prism_stop_all

  local run_log="$work/prism-$mode.run.log"
  tail -n "+$((skip + 1))" "$log" >"$run_log"
  local violations
  violations="$(prism_request_violations "$run_log")"
  # Violations of Prism's own answers are shown, and fail the run only through the client's decoding.
  local response_violations
  response_violations="$(grep -c "Violation: response" "$run_log" || true)"
  local requests
  requests="$(grep -c "Request received" "$run_log" || true)"
  echo "prism $mode: Prism received $requests requests, logged $(printf '%s' "$violations" | grep -c . || true) request violation lines, $response_violations response violations"

  if [[ -n "$violations" ]]; then
    echo "$violations" | head -n 40 >&2
    fail "prism $mode logged request violations (full log above, first 40 lines)"
  fi
  ((status == 0)) || fail "prism $mode: the contract test failed (exit $status)"
  grep -q "^prism $mode: [0-9]* passed, 0 failed" "$test_log" || fail "prism $mode: the test printed no summary; did it run?"
}

run_mode static "$static_calls"
run_mode dynamic "$dynamic_calls" --dynamic
echo "prism-contract: both modes passed"
