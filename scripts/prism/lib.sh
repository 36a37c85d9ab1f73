# Shared by the scripts that run Stoplight Prism (scripts/prism-contract.sh,
# scripts/prism-smoke.sh); sourced, not run. Prism is pinned in scripts/prism/package-lock.json.
#
#   prism_setup NAME                   `fail MESSAGE` reports as NAME; $work is a fresh folder;
#                                      every Prism started, and $work, go when the script exits
#   prism_install                      npm ci; sets $prism
#   prism_start NAME SPEC LOG [ARGS]   starts `prism mock` on a free loopback port, waits until it
#                                      answers; sets prism_url_NAME, remembers the process
#   prism_stop_all                     stops every Prism started (also on exit)

prism_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prism_pids=()
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"

prism_script="prism"

fail() {
  echo "$prism_script: FAILED: $*" >&2
  exit 1
}

prism_setup() {
  prism_script="$1"
  work="$(mktemp -d)"
  trap 'prism_stop_all; rm -rf "$work"' EXIT
  trap 'exit 130' INT TERM
}

prism_install() {
  command -v npm >/dev/null || fail "npm is not installed; Prism needs Node.js 18+ and npm"
  echo "== prism: npm ci (pinned $(node -p "require('$prism_dir/package.json').devDependencies['@stoplight/prism-cli']"))"
  # --ignore-scripts: Prism needs no install script (the only one is a telemetry ping).
  if ! (cd "$prism_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error); then
    fail "npm ci failed in scripts/prism (is the npm registry reachable?); nothing was checked against Prism"
  fi
  prism="$prism_dir/node_modules/.bin/prism"
  [[ -x "$prism" ]] || fail "npm ci did not install $prism"
}

prism_free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

prism_start() {
  local name="$1" spec="$2" log="$3"
  shift 3
  local port
  port="$(prism_free_port)"
  local url="http://127.0.0.1:$port"
  : >"$log"
  # No colours, so the log can be searched as text. Prism has no JSON log option: its CLI
  # always formats pino's JSON lines for humans.
  NO_COLOR=1 FORCE_COLOR=0 "$prism" mock --host 127.0.0.1 --port "$port" "$@" "$spec" >>"$log" 2>&1 &
  local pid=$!
  prism_pids+=("$pid")
  local waited=0
  until grep -q "Prism is listening on" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      # A caller that can go on without this server (PRISM_SOFT=1) is told, not stopped.
      if [[ -n "${PRISM_SOFT:-}" ]]; then
        echo "prism ($name) exited before it started listening: $(grep -m1 -oE "Error opening file[^\\]*|message: .*" "$log" || tail -n 1 "$log")" >&2
        return 1
      fi
      tail -n 40 "$log" >&2
      fail "prism ($name) exited before it started listening"
    fi
    if ((waited >= 1200)); then
      tail -n 40 "$log" >&2
      fail "prism ($name) did not start listening within 120 s"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  # Listening is logged once the socket is bound; check that it answers.
  node -e 'require("http").get(process.argv[1], r => process.exit(r.statusCode ? 0 : 1)).on("error", e => { console.error(e.message); process.exit(1); })' \
    "$url/" || fail "prism ($name) does not answer on $url"
  printf -v "prism_url_$name" '%s' "$url"
}

prism_stop_all() {
  local pid
  for pid in "${prism_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  prism_pids=()
}

# What Prism logs for a request that breaks the spec (seen with deliberately bad requests):
#   [VALIDATOR] ⚠  warning   Request did not pass the validation rules
#   [VALIDATOR] ✖  error     Request body property data must have required property 'type'
#   [VALIDATOR] ✖  error     Violation: request.body.data ...
#   [HTTP SERVER] ... ✖  error     Request terminated with error: ...
# Violations of Prism's own answers ("Violation: response...") are Prism's doing, not the client's.
prism_request_violations() {
  grep -E "Request did not pass the validation rules|Violation: request|Request terminated with error|\[VALIDATOR\].*error" "$1" \
    | grep -v "Violation: response" || true
}
