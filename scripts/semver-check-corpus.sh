#!/usr/bin/env bash
# Cross-checks the change reports of the corpus (generator/tests/api_diff/) with an independent
# tool, cargo-semver-checks: for each before/after pair it generates both crates, asks
# `cargo xtask api-diff` for the report, and runs `cargo semver-checks check-release` on the two
# crates as a patch release. The two must agree wherever semver-checks has a lint for the change:
# it fails where the report says breaking, and passes where the report says additive or docs.
# Pairs whose change it has no lint for (listed in docs/change-reports.md) are shown, not judged.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

if ! command -v cargo-semver-checks >/dev/null 2>&1; then
  echo "installing cargo-semver-checks (a few minutes)"
  cargo install --locked cargo-semver-checks
fi

cargo build --quiet -p xtask
xtask="${CARGO_TARGET_DIR:-$root/target}/debug/xtask"
# One target folder for every generated crate: the dependencies build once.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/semver-corpus"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Changes semver-checks has no lint for: a field's, argument's or return type changing, and what
# only the runtime sees (a server or site removed, an operation becoming unstable). The report
# says breaking; the tool cannot.
unjudged=" field_type_changed response_type_changed server_removed site_removed operation_became_unstable "

agree=0 disagree=0 skipped=0
for case in generator/tests/api_diff/*/; do
  name="$(basename "$case")"
  old="$work/$name/old" new="$work/$name/new"
  "$xtask" codegen --quiet --spec "$case/old.yaml" --out "$old" --crate-name diff-case
  "$xtask" codegen --quiet --spec "$case/new.yaml" --out "$new" --crate-name diff-case
  breaking="$("$xtask" api-diff --old "$case/old.yaml" --new "$case/new.yaml" --format json \
    | sed -n 's/^ *"breaking": \([0-9]*\),*$/\1/p' | head -1)"
  report=$([ "${breaking:-0}" -gt 0 ] && echo breaking || echo compatible)
  log="$work/$name.log"
  if cargo semver-checks check-release --baseline-root "$old" --manifest-path "$new/Cargo.toml" \
      --release-type patch >"$log" 2>&1; then
    tool=compatible
  elif grep -q "semver requires new" "$log"; then
    tool=breaking
  else
    echo "cargo-semver-checks failed to run on $name:" >&2
    cat "$log" >&2
    exit 1
  fi
  if [ "$report" = "$tool" ]; then
    agree=$((agree + 1)); verdict=agree
  elif [[ "$unjudged" == *" $name "* && "$report" = breaking ]]; then
    skipped=$((skipped + 1)); verdict="not judged (no lint)"
  else
    disagree=$((disagree + 1)); verdict=DISAGREE
    sed 's/^/    /' "$log"
  fi
  printf '%-32s report: %-10s semver-checks: %-10s %s\n' "$name" "$report" "$tool" "$verdict"
done
echo "semver-checks cross-check: $agree passed, $disagree failed, $skipped skipped"
[ "$disagree" -eq 0 ]
