#!/usr/bin/env bash
# Smoke calls over the whole Datadog API: every operation of v1 and v2, once, against Stoplight
# Prism's dynamic mocks (`prism mock -d`, one per spec).
#
# `cargo xtask smoke` writes the program from the specs (values from the specs' examples, or the
# smallest their schemas allow); it is built against the whole-API crate with `all`, and run.
# Counts, per version: operations called, their outcomes (ok, other status, decode failure,
# example that does not fit its type, error), and the request violations Prism logged.
#
# Every operation that does not come back `ok` must be explained in
# scripts/prism-smoke-expected.tsv (operation key, outcome, why); the run fails on any other,
# and on any explained one that now passes (so the list stays true).
#
#   scripts/prism-smoke.sh [CRATE]   # CRATE: a generated whole-API crate (generated if not given)
# Needs npm and the npm registry; the specs are the committed spec/datadog/*.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
source scripts/prism/lib.sh
prism_setup prism-smoke
expected="$root/scripts/prism-smoke-expected.tsv"
specs="$root/spec/datadog"
export CARGO_TARGET_DIR="$root/target/datadog-api"

crate="${1:-}"
if [[ -z "$crate" ]]; then
  crate="$work/datadog-api-client"
  cargo xtask codegen --quiet --target datadog-api --out "$crate"
fi

prism_install

echo "== write and build the smoke program"
cargo xtask smoke --target datadog-api --crate "$crate" --out "$work/smoke"
cp Cargo.lock "$work/smoke/Cargo.lock"
(cd "$work/smoke" && cargo build --quiet)
smoke="$CARGO_TARGET_DIR/debug/datadog-api-client-smoke"

echo "== start Prism (dynamic, --errors: a request that breaks the spec is answered 422 or a documented 4xx) for v1 and v2"
prism_start v1 "$specs/datadog-v1-openapi.yaml" "$work/prism-v1.log" --errors --dynamic
prism_start v2 "$specs/datadog-v2-openapi.yaml" "$work/prism-v2.log" --errors --dynamic
skip_v1="$(wc -l <"$work/prism-v1.log")"
skip_v2="$(wc -l <"$work/prism-v2.log")"

echo "== call every operation"
SMOKE_URL_DATADOGV1="$prism_url_v1" SMOKE_URL_DATADOGV2="$prism_url_v2" "$smoke" >"$work/smoke.tsv"
prism_stop_all
grep "^smoke summary" "$work/smoke.tsv"

violations=()
for v in v1 v2; do
  skip_var="skip_$v"
  tail -n "+$((${!skip_var} + 1))" "$work/prism-$v.log" >"$work/prism-$v.run.log"
  n="$(prism_request_violations "$work/prism-$v.run.log" | grep -c "Request did not pass" || true)"
  echo "prism $v: $(grep -c "Request received" "$work/prism-$v.run.log" || true) requests received, $n failed request validation"
  violations+=("$v=$n")
done

# Operations that did not come back ok, against the explained list.
python3 scripts/prism/smoke_check.py "$work/smoke.tsv" "$expected" "${violations[@]}" || fail "an operation is not ok and not explained, or the list is stale (above)"
echo "prism-smoke: every operation of v1 and v2 called; every one not ok is explained"
