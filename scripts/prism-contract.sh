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
prism_dir="$root/scripts/prism"
static_calls="${PRISM_STATIC_CALLS:-50}"
dynamic_calls="${PRISM_DYNAMIC_CALLS:-200}"
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"

fail() {
  echo "prism-contract: FAILED: $*" >&2
  exit 1
}

command -v npm >/dev/null || fail "npm is not installed; the Prism contract test needs Node.js 18+ and npm"

echo "== prism: npm ci (pinned $(node -p "require('$prism_dir/package.json').devDependencies['@stoplight/prism-cli']"))"
# --ignore-scripts: Prism needs no install script (the only one is a telemetry ping).
if ! (cd "$prism_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error); then
  fail "npm ci failed in scripts/prism (is the npm registry reachable?); the Prism contract test did NOT run"
fi
prism="$prism_dir/node_modules/.bin/prism"
[[ -x "$prism" ]] || fail "npm ci did not install $prism"

# Build the test before starting any server, so the build time does not count against Prism.
cargo test --quiet -p datadog-org-connections --test prism_contract --no-run

workdir="$(mktemp -d)"
prism_pid=""
stop_prism() {
  if [[ -n "$prism_pid" ]] && kill -0 "$prism_pid" 2>/dev/null; then
    kill "$prism_pid" 2>/dev/null || true
    wait "$prism_pid" 2>/dev/null || true
  fi
  prism_pid=""
}
cleanup() {
  stop_prism
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

run_mode() {
  local mode="$1" calls="$2"
  shift 2
  local log="$workdir/prism-$mode.log" test_log="$workdir/test-$mode.log"
  local port
  port="$(free_port)"
  local url="http://127.0.0.1:$port"

  : >"$log"
  echo "== prism $mode: prism mock --errors $* on $url, $calls calls per operation"
  # No colours, so the log can be searched as text. Prism has no JSON log option: its CLI
  # always formats pino's JSON lines for humans.
  NO_COLOR=1 FORCE_COLOR=0 "$prism" mock --host 127.0.0.1 --port "$port" --errors "$@" \
    "$root/spec/org_connections.yaml" >>"$log" 2>&1 &
  prism_pid=$!

  local waited=0
  until grep -q "Prism is listening on" "$log"; do
    if ! kill -0 "$prism_pid" 2>/dev/null; then
      cat "$log" >&2
      fail "prism $mode exited before it started listening"
    fi
    if ((waited >= 600)); then
      cat "$log" >&2
      fail "prism $mode did not start listening within 60 s"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  # Listening is logged once the socket is bound; check that it answers.
  node -e 'require("http").get(process.argv[1], r => process.exit(r.statusCode ? 0 : 1)).on("error", e => { console.error(e.message); process.exit(1); })' \
    "$url/api/v2/org_connections" || fail "prism $mode does not answer on $url"
  # That probe carried no keys: Prism logs it as a violation. Count from here on.
  local skip
  skip="$(wc -l <"$log")"

  local status=0
  PRISM_URL="$url" PRISM_CALLS="$calls" PRISM_MODE="$mode" \
    cargo test --quiet -p datadog-org-connections --test prism_contract -- --ignored --nocapture \
    2>&1 | tee "$test_log" || status=$?
  stop_prism

  local run_log="$workdir/prism-$mode.run.log"
  tail -n "+$((skip + 1))" "$log" >"$run_log"
  # What Prism logs for a request that breaks the spec (seen with deliberately bad requests):
  #   [VALIDATOR] ⚠  warning   Request did not pass the validation rules
  #   [VALIDATOR] ✖  error     Request body property data must have required property 'type'
  #   [VALIDATOR] ✖  error     Violation: request.body.data ...
  #   [HTTP SERVER] ... ✖  error     Request terminated with error: ...
  local violations
  violations="$(grep -E "Request did not pass the validation rules|Violation: request|Request terminated with error|\[VALIDATOR\].*error" "$run_log" \
    | grep -v "Violation: response" || true)"
  # Violations of Prism's own answers ("Violation: response...") are Prism's doing, not the
  # client's: they are shown, and fail the run only through the client's decoding.
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
