#!/usr/bin/env bash
# The real-spec corpus (spec/real/, sources and licences in spec/real/SOURCES.md): public OpenAPI
# 3.0 descriptions from vendors other than Datadog, generated as any user would
# (`cargo xtask codegen --spec F --out DIR --crate-name NAME`, the generic layout, not strict).
# For each spec: does it generate, does its crate pass `cargo clippy -D warnings` (with the
# typed mocks too), and how many of its operations does the smoke program (`cargo xtask smoke`)
# call cleanly against Stoplight Prism mocking that spec (which also checks each request's
# parameters, body and credentials)?
#
#   scripts/check-real-specs.sh [--only REGEX]
#
# Prints a table of figures. Fails on any outcome that spec/real/expected.tsv does not list
# (spec, operation key or `-`, outcome, why), and on a listed one that no longer happens. Each
# spec's smoke output and Prism log stay in target/real-specs/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

only="."
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) only="$2"; shift 2 ;;
    *) echo "check-real-specs: unknown argument $1" >&2; exit 2 ;;
  esac
done

source scripts/prism/lib.sh
prism_setup check-real-specs
prism_install
export CARGO_TARGET_DIR="$root/target/real-specs"
# Twenty crates and their smoke programs: without incremental state and debug info, the target
# folder stays a few GiB instead of tens.
export CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=0
expected="$root/spec/real/expected.tsv"

mapfile -t specs < <(ls spec/real | grep -E '\.(yaml|yml|json)$' | grep -E -- "$only" | sort)
[[ ${#specs[@]} -gt 0 ]] || fail "no spec in spec/real matches \`$only\`"

cargo build --quiet -p xtask
xtask="$CARGO_TARGET_DIR/debug/xtask"
outcomes="$work/outcomes.tsv"
: >"$outcomes"
note() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$outcomes"; }

echo "== generate ${#specs[@]} specs"
generated=()
for file in "${specs[@]}"; do
  name="${file%.*}"
  if "$xtask" codegen --quiet --spec "spec/real/$file" --out "$work/crates/$name" --crate-name "real-$name" \
    2>"$work/$name.generate.log"; then
    generated+=("$name")
    warnings=$(grep -c '^warning: ' "$work/$name.generate.log" || true)
    echo "generated $name ($warnings warnings: what the generator left out)"
  else
    note "$name" - generate
    echo "NOT generated $name: $(tail -n 3 "$work/$name.generate.log")"
  fi
done

# One workspace, so that the dependencies build once for every crate.
members=()
for name in "${generated[@]}"; do members+=("\"crates/$name\""); done
printf '[workspace]\nresolver = "3"\nmembers = [%s]\n' "$(IFS=,; echo "${members[*]}")" >"$work/Cargo.toml"
cp Cargo.lock "$work/Cargo.lock"

echo "== clippy -D warnings, each crate, with and without the typed mocks"
compiled=()
for name in "${generated[@]}"; do
  if (cd "$work" && cargo clippy --quiet -p "real-$name" -- -D warnings >"$work/$name.clippy.log" 2>&1 \
    && cargo clippy --quiet -p "real-$name" --features mock -- -D warnings >>"$work/$name.clippy.log" 2>&1); then
    compiled+=("$name")
  else
    note "$name" - compile
    echo "NOT clippy-clean $name:"
    grep -E '^(error|warning)' -A4 "$work/$name.clippy.log" | head -n 20
  fi
done

echo "== smoke calls against Prism"
declare -A called ok
for name in "${compiled[@]}"; do
  file="$(ls spec/real | grep -E "^$name\.(yaml|yml|json)$")"
  "$xtask" smoke --spec "spec/real/$file" --crate "$work/crates/$name" --out "$work/smoke/$name" >/dev/null
  cp Cargo.lock "$work/smoke/$name/Cargo.lock"
  # Each smoke program in the same target folder: its own package, sharing the dependencies.
  if ! (cd "$work/smoke/$name" && cargo build --quiet >"$work/$name.smoke-build.log" 2>&1); then
    note "$name" - smoke-build
    echo "NOT built: the smoke program of $name"; tail -n 20 "$work/$name.smoke-build.log"
    continue
  fi
  id="${name//[^a-zA-Z0-9]/_}"
  # Static answers (the spec's examples), so that a run's outcomes are the same every time.
  if ! PRISM_SOFT=1 prism_start "$id" "spec/real/$file" "$work/$name.prism.log" --errors; then
    note "$name" - prism
    prism_stop_all
    continue
  fi
  url_var="prism_url_$id"
  SMOKE_URL="${!url_var}" "$CARGO_TARGET_DIR/debug/real-$name-smoke" >"$work/$name.smoke.tsv" 2>&1 || true
  prism_stop_all
  mkdir -p "$CARGO_TARGET_DIR/logs"
  cp "$work/$name.smoke.tsv" "$work/$name.prism.log" "$CARGO_TARGET_DIR/logs/"
  called[$name]=$(grep -c $'^smoke\t' "$work/$name.smoke.tsv" || true)
  ok[$name]=$(grep -c $'^smoke\t[^\t]*\tok\t' "$work/$name.smoke.tsv" || true)
  grep $'^smoke\t' "$work/$name.smoke.tsv" | awk -F'\t' -v s="$name" '$3 != "ok" { print s "\t" $2 "\t" $3 }' >>"$outcomes"
done

echo "== figures"
printf '%-16s %-10s %-10s %s\n' spec generated clippy "smoke ok / called"
total_ok=0 total_called=0
for file in "${specs[@]}"; do
  name="${file%.*}"
  g=no c=no s=-
  [[ " ${generated[*]} " == *" $name "* ]] && g=yes
  [[ " ${compiled[*]:-} " == *" $name "* ]] && c=yes
  if [[ -n "${called[$name]:-}" ]]; then
    s="${ok[$name]} / ${called[$name]}"
    total_ok=$((total_ok + ok[$name])) total_called=$((total_called + called[$name]))
  fi
  printf '%-16s %-10s %-10s %s\n' "$name" "$g" "$c" "$s"
done
echo "specs: ${#specs[@]}; generated: ${#generated[@]}; clippy-clean: ${#compiled[@]}; operations ok against Prism: $total_ok of $total_called"

# Every outcome other than success must be listed, with why; a listed one that no longer happens
# must go (the list is what we know, not what we once knew).
status=0
while IFS=$'\t' read -r spec key outcome; do
  if ! grep -qP "^\Q$spec\E\t\Q$key\E\t\Q$outcome\E\t" "$expected" 2>/dev/null; then
    echo "UNEXPECTED: $spec $key $outcome"
    status=1
  fi
done <"$outcomes"
while IFS=$'\t' read -r spec key outcome why; do
  [[ -z "$spec" || "$spec" == \#* ]] && continue
  [[ " ${specs[*]} " == *" $spec."* ]] || continue
  if ! grep -qP "^\Q$spec\E\t\Q$key\E\t\Q$outcome\E$" "$outcomes"; then
    echo "NOW PASSES $spec $key ($outcome): remove it from $expected"
    status=1
  fi
done <"$expected"
[[ $status -eq 0 ]] || fail "an outcome is not explained in spec/real/expected.tsv, or the list is stale (above)"
echo "check-real-specs: every outcome as expected"
