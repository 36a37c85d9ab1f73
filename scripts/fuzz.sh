#!/usr/bin/env bash
# Fuzzes the generator (load -> resolve -> render -> format) with cargo-fuzz on the nightly
# toolchain, seeded with every spec in the repo. Crashes land in fuzz/artifacts/codegen/;
# turn each into a regression spec under generator/tests/corpus/ or a test in errors.rs.
#
#   scripts/fuzz.sh 30       # seconds (CI runs a short bounded run)
#   scripts/fuzz.sh 1800     # the documented longer run
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi
seeds="fuzz/corpus/codegen"
mkdir -p "$seeds"
for spec in spec/org_connections.yaml generator/tests/fixtures/*.yaml generator/tests/corpus/*.yaml; do
  cp "$spec" "$seeds/seed-$(basename "$spec")"
done
# One job: the machine has two cores and the generator formats on all of them.
cargo +nightly fuzz run codegen "$seeds" -- \
  -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=200000 -dict=fuzz/openapi.dict
