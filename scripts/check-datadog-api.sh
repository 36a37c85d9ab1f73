#!/usr/bin/env bash
# The whole Datadog API (v1 + v2, spec/targets/datadog-api.yaml) as one crate with a feature
# per API, spread over member crates: generates it, then checks that
#   - clippy -D warnings is clean with `all` on the crate and every member (every operation of
#     both specs compiles),
#   - the API reference's example (generated-client/reference-example/src/main.rs, verbatim)
#     builds against it with only `v2-org-connections`, and with `all`,
#   - the typed mocks work with one API feature: the Org Connections crate's README example
#     (generated-client/tests/readme_mock.rs) passes against it with `v2-org-connections,mock`,
#     warning-free; clippy's run with `all` has `mock` on too,
#   - every server of both specs, with every value the specs list for its variables, passes the
#     client's own checks (the runtime's `refused_spec_servers`),
#   - one feature compiles only the models its API reaches (counted from the generated cfgs)
#     and only the members that hold them (from `cargo tree`: the crate, the runtime, the
#     shared models and one part),
#   - the members and the crate package and verify in dependency order, as a registry release
#     of the set would (`cargo publish --dry-run --workspace`),
#   - every operation of v1 and v2, called once against Prism, comes back ok or is explained
#     (scripts/prism-smoke.sh, which builds on the same crate).
# Needs npm. Several minutes on two cores; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
# Outside the workspace (cargo refuses a package inside a workspace that does not list it); one
# target folder under ours, kept between runs.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$root/target/datadog-api"
crate="$work/datadog-api-client"

echo "== generate the whole-API crate"
start=$(date +%s)
cargo xtask codegen --quiet --strict --target datadog-api --out "$crate"
echo "generated in $(( $(date +%s) - start )) s"

echo "== models compiled per feature (from the generated cfgs)"
python3 - "$crate" <<'PY'
import re, sys, glob
total = enabled = 0
paths = glob.glob(sys.argv[1] + "/src/datadogV*/model/mod.rs")
paths += glob.glob(sys.argv[1] + "/crates/*/src/datadogV*/model/mod.rs")
for path in paths:
    text = open(path).read()
    # Each model: `#[cfg(...)]` then `mod x;` (the cfg may span lines and hold one `any(...)`).
    # The cfg matches no `]`, so it cannot run on from a `pub use`'s cfg to the next model's.
    for cfg, _ in re.findall(r"#\[cfg\(([^\]]*)\)\]\s*mod (\w+);", text):
        total += 1
        enabled += '"v2-org-connections"' in cfg
print(f"models: {total} in all; built with only v2-org-connections: {enabled}")
PY

# Runs `cargo $3...` in the crate at $1, failing on an error or any warning; $2 names the
# features in the message.
warning_free() {
  local dir="$1" features="$2"
  shift 2
  (cd "$dir" && cargo "$@" --quiet 2> build.log) || { cat "$dir/build.log" >&2; exit 1; }
  if grep -q '^warning' "$dir/build.log"; then
    cat "$dir/build.log" >&2
    echo "check-datadog-api: the crate builds with warnings with features [$features]" >&2
    exit 1
  fi
}

example() {
  local features="$1" dir="$work/example-$2"
  mkdir -p "$dir/src"
  cp generated-client/reference-example/src/main.rs "$dir/src/main.rs"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "reference-example-$2"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
datadog-api-client = { path = "$crate", features = [$features] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
TOML
  cp Cargo.lock "$dir/Cargo.lock"
  # Warning-free whatever the features: what one feature leaves out must leave nothing unused.
  warning_free "$dir" "$features" build
  local members
  members="$(cd "$dir" && cargo tree --quiet --edges normal --prefix none --format '{p}' \
    | grep -o '^datadog-api-client[a-z0-9-]*' | sort -u | tr '\n' ' ')"
  echo "members built (cargo tree): $members"
  if [[ "$2" == one && "$(wc -w <<< "$members")" -ne 4 ]]; then
    echo "check-datadog-api: one feature should build the crate, its runtime, the shared models and one part" >&2
    exit 1
  fi
}

echo "== every server of both specs, with every value the spec lists for its variables, passes the client's own checks"
# The runtime member alone holds the servers (its spec.rs), so this builds in seconds.
servers="$work/servers"
mkdir -p "$servers/src"
cat > "$servers/Cargo.toml" <<TOML
[package]
name = "servers-check"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
datadog-api-client-runtime = { path = "$crate/crates/runtime" }
TOML
cat > "$servers/src/main.rs" <<'RS'
fn main() {
    let operations = datadog_api_client_runtime::datadog::SERVERS.len();
    let refused = datadog_api_client_runtime::datadog::refused_spec_servers();
    for why in &refused {
        eprintln!("refused: {why}");
    }
    assert!(refused.is_empty(), "{} spec servers refused by the client's own checks", refused.len());
    println!("every server the specs list is accepted ({operations} global servers, and each operation's own)");
}
RS
cp Cargo.lock "$servers/Cargo.lock"
(cd "$servers" && cargo run --quiet)

echo "== the API reference's example, with only v2-org-connections"
example '"v2-org-connections"' one
echo "== the API reference's example, with all"
example '"all"' all

echo "== typed mocks with only v2-org-connections: the README's mock tests against this crate"
mocked="$work/mock-one"
mkdir -p "$mocked/src" "$mocked/tests"
cat > "$mocked/Cargo.toml" <<TOML
[package]
name = "mock-one"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
datadog-api-client = { path = "$crate", features = ["v2-org-connections", "mock"] }

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
uuid = "1"
chrono = { version = "0.4", default-features = false }
TOML
echo "//! The README's mock tests, against the whole-API crate." > "$mocked/src/lib.rs"
sed 's/datadog_org_connections/datadog_api_client/g' generated-client/tests/readme_mock.rs > "$mocked/tests/readme_mock.rs"
cp Cargo.lock "$mocked/Cargo.lock"
warning_free "$mocked" "v2-org-connections, mock" test
members="$(cd "$mocked" && cargo tree --quiet --edges normal --prefix none --format '{p}' \
  | grep -o '^datadog-api-client[a-z0-9-]*' | sort -u | tr '\n' ' ')"
echo "members built with mock (cargo tree): $members"
if [[ "$(wc -w <<< "$members")" -ne 4 ]]; then
  echo "check-datadog-api: mock with one feature should build the crate, its runtime, the shared models and one part" >&2
  exit 1
fi

echo "== clippy -D warnings with all, on the crate and its members"
# Cargo lints only a workspace's members, so a workspace around the crate takes the members in.
cp Cargo.lock "$work/Cargo.lock"
printf '[workspace]\nresolver = "3"\nmembers = ["datadog-api-client", "datadog-api-client/crates/*"]\n' > "$work/Cargo.toml"
# `mock` too: the typed mocks of every operation are linted (without it they are not compiled).
(cd "$work" && cargo clippy --quiet --workspace --features datadog-api-client/all,datadog-api-client/mock -- -D warnings)
echo "check-datadog-api: the whole-API crate builds and is clippy-clean"

echo "== a registry would take the set: cargo publish --dry-run of every member, then the crate"
# Cargo packages the members in dependency order (runtime, shared models, parts, then the crate),
# each resolving the others, which are not published, through a local registry overlay, and
# checks that each names the others by their exact version. Each package is verified as crates.io
# would, by building it from its .crate with its default features: the TLS choice and no API, so
# this does not compile the API again (the clippy run above did, with `all`). About a minute.
start=$(date +%s)
(cd "$work" && cargo publish --dry-run --workspace --quiet)
echo "packaged and verified $(ls "$crate/crates" | wc -l) members and the crate in $(( $(date +%s) - start )) s"
rm "$work/Cargo.toml" "$work/Cargo.lock"

echo "== smoke calls: every operation of v1 and v2 against Prism"
scripts/prism-smoke.sh "$crate"
