#!/usr/bin/env bash
# Build cost of the generated crate for a user: a cold `cargo build` (fresh target folder) of the
# API reference's example program depending on it, reporting wall time, peak memory and binary
# size. Usage: scripts/bench-build.sh [rustls|native-tls] [debug|release]
# Downloads happen before the timed build (`cargo fetch`), so only compiling is measured.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tls="${1:-rustls}"
profile="${2:-debug}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/example/src"
cp "$root/generated-client/reference-example/src/main.rs" "$work/example/src/main.rs"
cat > "$work/example/Cargo.toml" <<EOF
[package]
name = "example"
version = "0.0.0"
edition = "2024"

[dependencies]
datadog_api_client = { package = "datadog-org-connections", path = "$root/generated-client", default-features = false, features = ["$tls"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
EOF
cd "$work/example"
cargo fetch --quiet
flag=""
[[ "$profile" == release ]] && flag="--release"
/usr/bin/time -v cargo build --quiet $flag 2> "$work/time.log"
wall="$(grep 'Elapsed (wall clock)' "$work/time.log" | awk '{print $NF}')"
peak_kb="$(grep 'Maximum resident set size' "$work/time.log" | awk '{print $NF}')"
size="$(stat -c %s "target/$profile/example")"
printf 'tls=%s profile=%s wall=%s peak_rss=%d MiB binary=%d KiB (%s, %s cores)\n' \
  "$tls" "$profile" "$wall" $((peak_kb / 1024)) $((size / 1024)) "$(date -u +%F)" "$(nproc)"
