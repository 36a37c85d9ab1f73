#!/usr/bin/env bash
# How many of the vendor's own examples (`examples/v1_*.rs`, `examples/v2_*.rs` of
# DataDog/datadog-api-client-rust) compile unchanged against the whole-API crate
# (spec/targets/datadog-api.yaml): the measure of a drop-in for the vendor's crate.
#
#   scripts/check-vendor-examples.sh EXAMPLES_DIR [--crate DIR] [--only REGEX] [--features LIST] [--keep DIR]
#
# EXAMPLES_DIR holds the examples as the vendor's repository has them (Apache-2.0), for the spec
# versions we ship; they are not committed here. The v1 spec we ship is the vendor's at
# 286b280580affbd5de0ec698a94cc48a29756927, the v2 spec the vendor's at
# 6c46ad99bca5c54f5b1e4f62ba787dbcc2cbec89 (their `.generator/schemas/v*/openapi.yaml` blobs are
# ours, byte for byte), so the examples come from those commits:
#   git clone https://github.com/DataDog/datadog-api-client-rust vendor
#   git -C vendor archive 286b280580affbd5de0ec698a94cc48a29756927 examples | tar -x --wildcards 'examples/v1_*'
#   git -C vendor archive 6c46ad99bca5c54f5b1e4f62ba787dbcc2cbec89 examples | tar -x --wildcards 'examples/v2_*'
# then pass `examples`.
# --crate uses an already generated crate instead of generating one; --only keeps the examples
# whose file name matches REGEX (grep -E); --features turns on those features (comma-separated)
# rather than the ones the examples' API modules need (`all` when every example is kept: 10+
# minutes on two cores); --keep writes the check crate there and keeps it.
#
# The examples become modules of one check crate (their `main`s live in their own modules) that
# `cargo check` builds against the crate; an example fails when an error points into it. The
# check repeats without the failing examples until none fails, since rustc reports some errors
# (borrow checking) only once others are fixed. Prints the failing examples, the most common
# errors, and `compiled: N of M`; exits 1 when an example fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

examples="" crate="" only="." features="" keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --crate) crate="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --features) features="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -*) echo "check-vendor-examples: unknown flag $1" >&2; exit 2 ;;
    *) examples="$1"; shift ;;
  esac
done
if [[ -z "$examples" || ! -d "$examples" ]]; then
  echo "usage: $0 EXAMPLES_DIR [--crate DIR] [--only REGEX] [--features LIST] [--keep DIR]" >&2
  exit 2
fi
examples="$(cd "$examples" && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$root/target/vendor-examples"
if [[ -z "$crate" ]]; then
  crate="$work/datadog-api-client"
  echo "== generate the whole-API crate"
  cargo xtask codegen --quiet --target datadog-api --out "$crate"
fi
crate="$(cd "$crate" && pwd)"
check="${keep:-$work/check}"
rm -rf "$check"
mkdir -p "$check/src/examples"

mapfile -t files < <(cd "$examples" && ls | grep -E '^v[12]_.*\.rs$' | grep -E -- "$only" | sort)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "check-vendor-examples: no example in $examples matches \`$only\`" >&2
  exit 2
fi
for f in "${files[@]}"; do cp "$examples/$f" "$check/src/examples/"; done

if [[ -z "$features" ]]; then
  if [[ "$only" == "." ]]; then
    features="all"
  else
    # The features of the API modules the kept examples import, from the crate root's list
    # (`- \`v1-monitors\`: \`datadogV1::api_monitors::MonitorsAPI\``).
    features="$(cd "$check/src/examples" && grep -ho 'datadogV[12]::api_[a-z0-9_]*' -- *.rs | sort -u \
      | while read -r module; do
          grep -o "^//! - \`[a-z0-9-]*\`: \`$module::" "$crate/src/lib.rs" | cut -d'`' -f2 || true
        done | sort -u | paste -sd, -)"
  fi
fi
echo "== ${#files[@]} examples, features: $features"

cat > "$check/Cargo.toml" <<TOML
[package]
name = "vendor-examples"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
datadog-api-client = { path = "$crate", features = [$(sed 's/[^,][^,]*/"&"/g' <<< "$features")] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
futures-util = "0.3"
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["clock", "serde"] }
uuid = { version = "1", features = ["serde"] }
TOML
cp Cargo.lock "$check/Cargo.lock"

# Reads one round's compiler messages: appends each error in an example to `errors`, prints the
# examples newly failing, and fails on an error outside the examples.
cat > "$work/read_round.py" <<'PY'
import json, os, sys
messages, failing_path, errors_path = sys.argv[1:]
failing = set(open(failing_path).read().split())
new, elsewhere = set(), []
with open(errors_path, "a") as errors:
    for line in open(messages):
        try:
            m = json.loads(line)
        except ValueError:
            continue
        if m.get("reason") != "compiler-message" or not m["message"]["level"].startswith("error"):
            continue
        msg = m["message"]
        spans = [s for s in msg["spans"] if s["is_primary"]] or msg["spans"]
        files = {os.path.basename(s["file_name"]) for s in spans if s["file_name"].startswith("src/examples/")}
        if m["target"]["name"] != "vendor-examples" or not files:
            if not msg["message"].startswith(("aborting", "could not compile")):
                elsewhere.append(msg["rendered"] or msg["message"])
            continue
        for f in files:
            new.add(f)
            code = (msg.get("code") or {}).get("code") or "-"
            errors.write(f"{f}\t{code}\t{msg['message'].splitlines()[0]}\n")
if elsewhere:
    sys.stderr.write("errors outside the examples:\n" + "\n".join(elsewhere[:20]) + "\n")
    sys.exit(3)
print("\n".join(sorted(new - failing)))
PY

# One module per example; `failing` lists the examples left out of the next round.
: > "$work/failing"
: > "$work/errors"
round=1
while :; do
  {
    echo "//! The vendor's examples, each in its own module."
    echo "#![allow(warnings)]"
    i=0
    for f in "${files[@]}"; do
      i=$((i + 1))
      grep -qxF "$f" "$work/failing" && continue
      printf '#[path = "examples/%s"]\nmod example_%d;\n' "$f" "$i"
    done
    echo "fn main() {}"
  } > "$check/src/main.rs"
  echo "== round $round"
  (cd "$check" && cargo check --quiet --message-format=json 2>/dev/null > "$work/messages-$round.json") || true
  if ! new="$(python3 "$work/read_round.py" "$work/messages-$round.json" "$work/failing" "$work/errors")"; then
    echo "check-vendor-examples: the check crate failed outside the examples" >&2
    exit 1
  fi
  if [[ -z "$new" ]]; then break; fi
  echo "$new" >> "$work/failing"
  echo "$(wc -l <<< "$new") more failing"
  round=$((round + 1))
done

total=${#files[@]}
failed=$(sort -u "$work/failing" | grep -c . || true)
if [[ $failed -gt 0 ]]; then
  echo "== failing examples"
  sort -u "$work/failing"
  echo "== most common errors (code, message: examples)"
  cut -f2,3 "$work/errors" | sort | uniq -c | sort -rn | head -40
  if [[ -n "$keep" ]]; then cp "$work/errors" "$check/errors.tsv"; fi
fi
echo "compiled: $((total - failed)) of $total"
[[ $failed -eq 0 ]]
