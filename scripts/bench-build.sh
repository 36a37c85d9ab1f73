#!/usr/bin/env bash
# Build cost for a user: a cold `cargo build` (fresh target folder, downloads done beforehand) of
# the API reference's example program, reporting wall time, peak memory (the largest process, from
# `/usr/bin/time -v`, and all of cargo's processes at once, from scripts/tree-peak-rss.py) and
# binary size.
#
#   scripts/bench-build.sh SUBJECT [TLS] [PROFILE]
#   scripts/bench-build.sh all [PROFILE]     # every subject below, one after the other
#
# SUBJECT  generated  the example on this repository's generated crate (or the one at
#                     $GENERATED_CRATE, another revision's, for a comparison)
#          generated-mock  the same with the `mock` feature on (typed mocks, for tests)
#          bare       the issue's baseline: the same call by hand on reqwest 0.13 (json, query,
#                     gzip, http2), tokio, serde, chrono and uuid, no generated code
#          vendor     the example on the vendor's `datadog-api-client` from crates.io (its
#                     default features; TLS is ignored)
#          vendor-check  `cargo check` of the same
#          whole-api  the example on the whole-API crate (`cargo xtask codegen --target
#                     datadog-api`) with only the `v2-org-connections` feature
#          whole-api-all  the same with `all`
#          whole-api-check-all  `cargo check` of the example with `all`
# TLS      rustls-ring (default) | rustls (aws-lc-rs) | native-tls
# PROFILE  debug (default) | release
#
# Each line printed is one build; run on a quiet machine, as other work skews wall time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
vendor_version="0.38.0"

if [[ "${1:-}" == all ]]; then
  profile="${2:-debug}"
  for tls in rustls-ring rustls native-tls; do
    "$0" bare "$tls" "$profile"
    "$0" generated "$tls" "$profile"
  done
  "$0" vendor native-tls "$profile"
  exit 0
fi

subject="${1:-generated}"
tls="${2:-rustls-ring}"
profile="${3:-debug}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/example/src"
tokio='tokio = { version = "1", features = ["macros", "rt-multi-thread"] }'

case "$tls" in
  rustls-ring)
    bare_tls='"rustls-no-provider"'
    bare_extra='rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }'
    ;;
  rustls) bare_tls='"rustls"'; bare_extra='' ;;
  native-tls) bare_tls='"native-tls"'; bare_extra='' ;;
  *) echo "unknown TLS choice '$tls' (rustls-ring, rustls, native-tls)" >&2; exit 2 ;;
esac

case "$subject" in
  generated|generated-mock)
    cp "$root/generated-client/reference-example/src/main.rs" "$work/example/src/main.rs"
    mock=""
    [[ "$subject" == generated-mock ]] && mock=', "mock"'
    deps="datadog_api_client = { package = \"datadog-org-connections\", path = \"${GENERATED_CRATE:-$root/generated-client}\", default-features = false, features = [\"$tls\"$mock] }
$tokio"
    ;;
  vendor|vendor-check)
    cp "$root/generated-client/reference-example/src/main.rs" "$work/example/src/main.rs"
    deps="datadog-api-client = \"=$vendor_version\"
$tokio"
    tls="vendor-default"
    ;;
  whole-api|whole-api-all|whole-api-check-all)
    cp "$root/generated-client/reference-example/src/main.rs" "$work/example/src/main.rs"
    (cd "$root" && cargo run --quiet --release -p xtask -- codegen --quiet --target datadog-api --out "$work/datadog-api-client")
    features='"v2-org-connections"'
    [[ "$subject" != whole-api ]] && features='"all"'
    deps="datadog-api-client = { path = \"$work/datadog-api-client\", default-features = false, features = [\"$tls\", $features] }
$tokio"
    ;;
  bare)
    cp "$root/scripts/bench-build-bare.rs" "$work/example/src/main.rs"
    deps="reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"gzip\", \"http2\", \"charset\", \"system-proxy\", $bare_tls] }
$bare_extra
serde = { version = \"1\", features = [\"derive\"] }
serde_json = \"1\"
chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }
uuid = { version = \"1\", features = [\"serde\"] }
$tokio"
    [[ "$tls" == rustls-ring ]] && sed -i 's|^// ring: ||' "$work/example/src/main.rs"
    ;;
  *) echo "unknown subject '$subject' (generated, generated-mock, bare, vendor, vendor-check, whole-api, whole-api-all, whole-api-check-all, all)" >&2; exit 2 ;;
esac

cat > "$work/example/Cargo.toml" <<EOF
[package]
name = "example"
version = "0.0.0"
edition = "2024"

[dependencies]
$deps

[workspace]
EOF
cd "$work/example"
cargo fetch --quiet
flag=""
[[ "$profile" == release ]] && flag="--release"
command="build"
[[ "$subject" == whole-api-check-all || "$subject" == vendor-check ]] && command="check"
/usr/bin/time -v python3 "$root/scripts/tree-peak-rss.py" "$work/tree.kb" cargo $command --quiet $flag \
  2> "$work/time.log" || { cat "$work/time.log" >&2; exit 1; }
wall="$(grep 'Elapsed (wall clock)' "$work/time.log" | awk '{print $NF}')"
peak_kb="$(grep 'Maximum resident set size' "$work/time.log" | awk '{print $NF}')"
tree_kb="$(cat "$work/tree.kb")"
size="$(stat -c %s "target/$profile/example" 2>/dev/null || echo 0)"
# peak_rss: the largest single process (a compiler); peak_sum: all of cargo's processes at once.
printf 'subject=%s tls=%s profile=%s wall=%s peak_rss=%d MiB peak_sum=%d MiB binary=%d KiB (%s, %s cores)\n' \
  "$subject" "$tls" "$profile" "$wall" $((peak_kb / 1024)) $((tree_kb / 1024)) $((size / 1024)) \
  "$(date -u +%F)" "$(nproc)"
