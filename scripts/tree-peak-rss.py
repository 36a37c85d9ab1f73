#!/usr/bin/env python3
"""Runs a command and writes to OUT the peak, in KiB, of the resident memory of the command and
all its descendants together, sampled every 50 ms.

    scripts/tree-peak-rss.py OUT COMMAND [ARG...]

`/usr/bin/time -v` reports the largest single process; cargo runs several compilers at once, so
what the machine needs is their sum. Exits with the command's status."""
import os
import subprocess
import sys
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root):
    children, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                # Fields after the command name, which may hold spaces: state, ppid, ... rss is 24th.
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def main():
    out, command = sys.argv[1], sys.argv[2:]
    child = subprocess.Popen(command)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss(child.pid))
        time.sleep(0.05)
    with open(out, "w") as f:
        f.write(f"{peak // 1024}\n")
    sys.exit(child.returncode)


if __name__ == "__main__":
    main()
