#!/usr/bin/env bash
# Generates a crate from each of the vendor's full specs (v1: 235 operations, v2: 985) and
# checks that it builds with `cargo check` and `cargo clippy -D warnings`: the generator's
# claim that an accepted spec compiles, on the largest real specs we have. Needs ../shared.
# Takes several minutes on two cores; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
shared="${SHARED:-$root/../shared}"
# Outside the workspace (cargo refuses a package inside a workspace that does not list it);
# one target folder under ours, kept between runs.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
target="$root/target/datadog-specs"
for version in v1 v2; do
  spec="$shared/spec/datadog-$version-openapi.yaml"
  [ -f "$spec" ] || { echo "check-datadog-specs: $spec is missing" >&2; exit 1; }
  out="$work/datadog-$version"
  echo "== $version: generate"
  cargo xtask codegen --quiet --spec "$spec" --settings "spec/settings/datadog-$version.yaml" --out "$out" --crate-name "datadog-$version-check"
  echo "== $version: cargo check and clippy -D warnings"
  (cd "$out" && CARGO_TARGET_DIR="$target" cargo clippy --quiet -- -D warnings)
done
echo "check-datadog-specs: v1 and v2 generate and pass clippy -D warnings"
