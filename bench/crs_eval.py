#!/usr/bin/env python3
"""Measures fukurou's web signatures on the OWASP CRS regression tests (issue 4).

usage: crs_eval.py CRS_TESTS_DIR FUKUROU_BINARY OUT_DIR

Every test whose request fits an access-log line (no body; the payload in the path,
query, User-Agent or Referer) becomes one combined-format line, written as Apache
writes it (quotes and backslashes escaped, other bytes as \\xhh). Tests that expect a
rule to fire form the attack set, tests that expect none the benign set. The family a
test belongs to comes from its CRS rule file. Prints a per-family table: attacks,
detected with the right family, detected at all, benign lines, and alarms on them,
counted twice: any alarm, and alarms of the test's own family. (A CRS test without
expected rules only says that one rule must stay quiet; many of them are attacks that
other rules catch, such as `system('echo cd /tmp;wget ...')`, so "any alarm" overstates
the false alarms.)
"""
import collections
import glob
import json
import os
import subprocess
import sys

import yaml

FAMILY = {  # CRS rule file -> the fukurou families that count as the right one
    "911": ("protocol", {"protocol"}),
    "913": ("scanner", {"scanner"}),
    "920": ("protocol", {"protocol"}),
    "921": ("protocol", {"protocol"}),
    "922": ("protocol", {"protocol"}),
    "930": ("lfi", {"lfi"}),
    "931": ("rfi", {"rfi"}),
    "932": ("rce", {"rce"}),
    "933": ("code-php", {"code"}),
    "934": ("code-generic", {"code", "ssrf", "rce"}),
    "941": ("xss", {"xss"}),
    "942": ("sqli", {"sqli"}),
    "943": ("session-fixation", {"session"}),
    "944": ("code-java", {"code"}),
}
PLAIN_HEADERS = {"host", "user-agent", "accept", "referer", "connection", "content-type", "content-length",
                 "accept-encoding", "accept-language", "cache-control", "proxy-connection", "keep-alive", "pragma"}
DEFAULT_UA = "OWASP CRS test agent"


def escape(value):
    out = []
    for ch in value.encode("utf-8", "surrogateescape"):
        if ch == 0x22:
            out.append('\\"')
        elif ch == 0x5C:
            out.append("\\\\")
        elif ch < 0x20 or ch >= 0x7F:
            out.append("\\x%02x" % ch)
        else:
            out.append(chr(ch))
    return "".join(out)


def fits(inp):
    """The request's payload is visible in an access-log line."""
    if inp.get("data") or inp.get("encoded_request") or inp.get("raw_request"):
        return False
    headers = {k.lower(): str(v) for k, v in (inp.get("headers") or {}).items()}
    uri = str(inp.get("uri", "/"))
    ua = headers.get("user-agent", "")
    if any(k not in PLAIN_HEADERS and v for k, v in headers.items()):
        return False  # the payload may be in a header no log line has
    if headers.get("content-type", "").startswith("multipart"):
        return False
    return uri not in ("/", "/get", "/post") or (ua and ua != DEFAULT_UA) or "referer" in headers


def main():
    tests_dir, binary, out_dir = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    lines = {"attack": [], "benign": []}
    meta = {"attack": [], "benign": []}
    skipped = 0
    for path in sorted(glob.glob(os.path.join(tests_dir, "*", "*.yaml"))):
        fam_key = os.path.basename(os.path.dirname(path)).split("-")[1]
        if fam_key not in FAMILY:
            continue
        with open(path) as f:
            doc = yaml.safe_load(f)
        for test in (doc or {}).get("tests", []) or []:
            for stage in test.get("stages", []):
                st = stage.get("stage", stage)
                inp, out = st.get("input", {}), st.get("output", {})
                log = out.get("log", {}) if isinstance(out, dict) else {}
                kind = "attack" if log.get("expect_ids") else "benign" if "no_expect_ids" in log else None
                if kind is None or not fits(inp):
                    skipped += 1
                    continue
                headers = {k.lower(): str(v) for k, v in (inp.get("headers") or {}).items()}
                method = str(inp.get("method", "GET"))
                uri = str(inp.get("uri", "/"))
                version = str(inp.get("version", "HTTP/1.1"))
                line = '192.0.2.10 - - [01/Jan/2024:00:00:00 +0000] "%s %s %s" 200 512 "%s" "%s"' % (
                    escape(method), escape(uri), escape(version), escape(headers.get("referer", "-")),
                    escape(headers.get("user-agent", "-")))
                lines[kind].append(line)
                meta[kind].append((fam_key, "%s#%s" % (doc.get("rule_id"), test.get("test_id"))))
    results = {}
    for kind in ("attack", "benign"):
        logfile = os.path.join(out_dir, "crs-%s.log" % kind)
        with open(logfile, "w") as f:
            f.write("\n".join(lines[kind]) + "\n")
        proc = subprocess.run([binary, "scan", "--output", "json", "--format", "combined", "--quiet", logfile],
                              capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            print(proc.stderr, file=sys.stderr)
            return 2
        hits = collections.defaultdict(set)
        for l in proc.stdout.splitlines():
            a = json.loads(l)
            if a.get("engine") == "web":
                hits[a["line"]].add(a["family"])
        results[kind] = hits
    per = collections.OrderedDict()
    for key in sorted(FAMILY):
        per[key] = [0, 0, 0, 0, 0, 0]  # attacks, right family, any, benign, any alarm, own-family alarm
    misses = []
    for i, (key, tid) in enumerate(meta["attack"], 1):
        per[key][0] += 1
        fams = results["attack"].get(i, set())
        if fams & FAMILY[key][1]:
            per[key][1] += 1
        elif not fams or FAMILY[key][0] != "session-fixation":
            misses.append((key, tid, lines["attack"][i - 1]))
        if fams:
            per[key][2] += 1
    false_alarms = []
    for i, (key, tid) in enumerate(meta["benign"], 1):
        per[key][3] += 1
        if results["benign"].get(i):
            per[key][4] += 1
            if results["benign"][i] & FAMILY[key][1]:
                per[key][5] += 1
            false_alarms.append((key, tid, sorted(results["benign"][i]), lines["benign"][i - 1]))
    print("| CRS file | family | attack lines | right family | any family | benign lines | any alarm | own-family alarm |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    tot = [0, 0, 0, 0, 0, 0]
    for key, v in per.items():
        if v[0] == 0 and v[3] == 0:
            continue
        tot = [a + b for a, b in zip(tot, v)]
        pct = lambda a, b: "%d (%.1f%%)" % (a, 100.0 * a / b) if b else "%d" % a
        print("| %s | %s | %d | %s | %s | %d | %s | %s |" % (key, FAMILY[key][0], v[0], pct(v[1], v[0]),
                                                             pct(v[2], v[0]), v[3], pct(v[4], v[3]), pct(v[5], v[3])))
    pct = lambda a, b: "%d (%.1f%%)" % (a, 100.0 * a / b) if b else "%d" % a
    print("| all | | %d | %s | %s | %d | %s | %s |" % (tot[0], pct(tot[1], tot[0]), pct(tot[2], tot[0]), tot[3],
                                                       pct(tot[4], tot[3]), pct(tot[5], tot[3])))
    print("\n%d tests did not fit an access-log line (a body, a raw request, or the payload in another header)" % skipped)
    with open(os.path.join(out_dir, "crs-misses.txt"), "w") as f:
        for m in misses:
            f.write("%s %s %s\n" % m)
    with open(os.path.join(out_dir, "crs-false-alarms.txt"), "w") as f:
        for m in false_alarms:
            f.write("%s %s %s %s\n" % (m[0], m[1], ",".join(m[2]), m[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
