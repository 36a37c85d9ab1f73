#!/usr/bin/env python3
"""Writes the vendor's examples that spec/datadog/vendor-examples.lock names into DIR, taken from
the vendor's crates on crates.io (each checked against the lock's checksum), each example checked
against its SHA-256. Downloads are kept in target/vendor-examples/crates/ for the next run.

    scripts/fetch-vendor-examples.py DIR

Exits 1, naming the culprit, on a download that fails, a crate or an example whose hash differs,
or an example missing from its crate."""

import hashlib
import os
import sys
import tarfile
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCK = os.path.join(ROOT, "spec/datadog/vendor-examples.lock")
CACHE = os.path.join(ROOT, "target/vendor-examples/crates")
URL = "https://static.crates.io/crates/datadog-api-client/datadog-api-client-{0}.crate"


def fail(message):
    sys.stderr.write(f"fetch-vendor-examples: {message}\n")
    sys.exit(1)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read_lock():
    crates, examples, unpublished = {}, [], []
    with open(LOCK) as lock:
        for number, line in enumerate(lock, 1):
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            if words[0] == "crate" and len(words) == 3:
                crates[words[1]] = words[2]
            elif words[0] == "unpublished" and len(words) == 2:
                unpublished.append(words[1])
            elif len(words) == 3:
                examples.append(tuple(words))
            else:
                fail(f"{LOCK}:{number}: not `crate VERSION SHA256`, `SHA256 VERSION FILE` or `unpublished FILE`")
    return crates, examples, unpublished


def crate_file(version, checksum):
    """The .crate of `version`, downloaded once, checked against `checksum`."""
    path = os.path.join(CACHE, f"datadog-api-client-{version}.crate")
    if os.path.exists(path):
        with open(path, "rb") as cached:
            if sha256(cached.read()) == checksum:
                return path
    os.makedirs(CACHE, exist_ok=True)
    url = URL.format(version)
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:
            data = answer.read()
    except OSError as error:
        fail(f"cannot download {url}: {error}")
    if sha256(data) != checksum:
        fail(f"{url} is not the crate the lock names (SHA-256 {sha256(data)}, expected {checksum})")
    with open(path, "wb") as out:
        out.write(data)
    return path


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(f"usage: {sys.argv[0]} DIR\n")
        sys.exit(2)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    crates, examples, unpublished = read_lock()
    wanted = {}
    for digest, version, name in examples:
        if version not in crates:
            fail(f"{name}: the lock names no crate {version}")
        wanted.setdefault(version, []).append((name, digest))
    for version, files in sorted(wanted.items()):
        prefix = f"datadog-api-client-{version}/examples/"
        with tarfile.open(crate_file(version, crates[version]), "r:gz") as crate:
            for name, digest in files:
                try:
                    member = crate.extractfile(prefix + name)
                except KeyError:
                    member = None
                if member is None:
                    fail(f"{name} is not in datadog-api-client {version}")
                data = member.read()
                if sha256(data) != digest:
                    fail(f"{name} in datadog-api-client {version} is not the example the lock names")
                with open(os.path.join(out, name), "wb") as written:
                    written.write(data)
    print(
        f"fetched {len(examples)} of the vendor's examples from {len(wanted)} releases; "
        f"{len(unpublished)} unpublished as they were, not checked here: {', '.join(unpublished)}"
    )


main()
