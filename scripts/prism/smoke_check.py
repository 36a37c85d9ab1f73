"""Checks the smoke program's results (scripts/prism-smoke.sh) against the explained list.

    python3 smoke_check.py RESULTS.tsv scripts/prism-smoke-expected.tsv [v1=N v2=M ...]

Fails on an operation that is not ok and not explained (or explained with another outcome), on
an explained operation that now passes (unless a `decode`, which depends on Prism's random
answer), and on an explained operation that no longer exists. Prism's own failures are told
from its answer and counted apart. `v1=N` is how many requests to v1 Prism logged as breaking
the spec: more than the explained `status` answers of v1 means a request violation hides behind
one of Prism's own failures (which answer 500 whatever the request was), and fails the run.
"""

import sys


def prism_own(outcome, status, detail):
    """Prism's own failure, told by its answer: its faker crashed, it cannot write the media
    type, or its answer breaks its own spec (a violation located in the response)."""
    if outcome != "status" or status != "500":
        return False
    if "prism/errors#UNKNOWN" in detail or "prism/errors#NO_COMPLEX_OBJECT_TEXT" in detail:
        return True
    return "prism/errors#VIOLATIONS" in detail and '"location":["response"' in detail


def main(results_path, expected_path, violations):
    results = {}
    for line in open(results_path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0] == "smoke" and len(parts) >= 4:
            results[parts[1]] = (parts[2], parts[3], parts[4] if len(parts) > 4 else "")
    explained = {}
    for line in open(expected_path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        key, outcome, cause, why = line.rstrip("\n").split("\t", 3)
        explained[key] = (outcome, cause, why)

    failed = False
    own = sorted(k for k, r in results.items() if prism_own(*r))
    counts = {}
    for key, (outcome, status, detail) in results.items():
        if outcome == "ok" or key in own:
            continue
        want = explained.get(key)
        if want and want[0] == outcome:
            counts[(outcome, want[1])] = counts.get((outcome, want[1]), 0) + 1
            continue
        failed = True
        print(f"UNEXPLAINED {key}: {outcome} {status} {detail[:400]}")
    for key, (outcome, _, _) in explained.items():
        got = results.get(key)
        if got is None:
            failed = True
            print(f"GONE {key}: no such operation any more; remove it from {expected_path}")
        elif got[0] == "ok" and outcome != "decode":
            failed = True
            print(f"NOW PASSES {key}: remove it from {expected_path}")
    for version, logged in violations.items():
        explained_status = sum(
            1 for k, r in results.items() if k.startswith(version + ".") and r[0] == "status" and k in explained
        )
        print(f"{version}: Prism logged {logged} requests breaking the spec; {explained_status} explained")
        if logged > explained_status:
            failed = True
            print(f"UNEXPLAINED {version}: {logged - explained_status} request(s) broke the spec behind Prism's own failures; see its log")
    ok = sum(1 for r in results.values() if r[0] == "ok")
    print(f"smoke: {len(results)} operations called, {ok} ok")
    print(f"Prism's own failures (its faker crashed, a media type it cannot write, or an answer breaking its own spec): {len(own)}: {' '.join(own)}")
    for (outcome, cause), n in sorted(counts.items()):
        print(f"explained, {outcome}, {cause}'s doing: {n}")
    return 1 if failed else 0


if __name__ == "__main__":
    counts = dict(arg.split("=", 1) for arg in sys.argv[3:])
    sys.exit(main(sys.argv[1], sys.argv[2], {v: int(n) for v, n in counts.items()}))
