#!/usr/bin/env python3
"""Counts the results of one `meson test` run from its testlog.json.

A test program counts as its Criterion cases ("Synthesis: ... Passing: N | Failing: M
| Crashing: K"); a program that prints no synthesis (a Python test) counts as one
case. Whatever meson itself says wins: a program that timed out, crashed or failed
counts at least one failure even if it printed a clean synthesis first, and is named.
Prints "PASSED FAILED SKIPPED" on stdout and one line per failed program on stderr.
"""
import json
import re
import sys

PASS = re.compile(r"Passing: (\d+)")
FAIL = re.compile(r"(?:Failing|Crashing): (\d+)")


def main(path):
    passed = failed = skipped = 0
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError as e:
        print(f"{path}: {e.strerror}", file=sys.stderr)
        print("0 1 0")
        return
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        text = (t.get("stdout") or "") + (t.get("stderr") or "")
        p = sum(int(x) for x in PASS.findall(text))
        f = sum(int(x) for x in FAIL.findall(text))
        result = t.get("result", "ERROR")
        if result == "SKIP":
            skipped += 1
            print(f"  skipped: {t['name']}", file=sys.stderr)
            continue
        if result in ("OK", "EXPECTEDFAIL") and f == 0:
            passed += p if p else 1
            continue
        passed += p
        failed += f if f else 1
        print(f"  FAILED: {t['name']} ({result}, exit {t.get('returncode')}, "
              f"{t.get('duration', 0):.0f} s)", file=sys.stderr)
    print(passed, failed, skipped)


if __name__ == "__main__":
    main(sys.argv[1])
