#!/usr/bin/env python3
"""Runs every SigmaHQ regression sample through `fukurou scan --sigma` (issue 5).

usage: sigma_regression.py SIGMA_DIR FUKUROU [--verbose] [--evtx]

Also runs `fukurou sigma check` over every rule folder and fails unless all load.

For each regression_data/**/info.yml, the rule it names must fire on its sample, and
match_count times where the test gives one. Every rule of the corpus is loaded, once, and
every sample scanned in one run (alerts name their file), so any OTHER rule of level
high or critical that fires on a sample is listed too. Exits 1
when a rule does not fire as expected; prints "regression: N passed, M failed".

With --evtx the same cases run on the .evtx file beside each JSON sample (the same
events, read natively, format found by the file's signature), and every sample must
raise exactly the alerts (rule and count) its JSON twin raises.
"""
import glob
import json
import os
import subprocess
import sys

import yaml

# Samples that hold more events matching the rule than match_count says. Each was read
# by hand: every extra event satisfies the rule as written (the rule's text decides, so
# a correct engine must fire on them). The run must find exactly this many.
MORE_THAN_MATCH_COUNT = {
    # TargetFilename|contains '\AnyDesk\user.conf': user.conf.new twice and user.conf~RF...TMP
    "0b9ad457-2554-44c1-82c2-d56a99c42377": 3,
    # procdump64.exe, procdump64a.exe and procdump.exe are all in the rule's list of endings
    "8fbf3271-1ef6-4e94-8210-03c2317947f6": 3,
    # the same ZoneMap\Domains key written three times
    "45e112d0-7759-4c2a-aa36-9f8fb79d3393": 3,
    # AutoShareServer and AutoShareWks both set to 0: the rule names both
    "c7dcacd0-cc59-4004-b0a4-1d6cdebe6f3e": 2,
}


def scan(binary, rule_dirs, samples, extra):
    """rule id -> count per sample, for one scan over all of them."""
    cmd = [binary, "scan", "--no-web", "--quiet", "--output", "json"] + extra
    for d in rule_dirs:
        cmd += ["--sigma", d]
    proc = subprocess.run(cmd + samples, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit("error: %s" % proc.stderr.strip())
    if "malformed" in proc.stderr:
        raise SystemExit("error: %s" % proc.stderr.strip())
    fired = {}
    for line in proc.stdout.splitlines():
        a = json.loads(line)
        if a.get("engine") == "sigma":
            per = fired.setdefault(a["file"], {})
            per[a["rule"]] = per.get(a["rule"], 0) + 1
    return fired


def main():
    sigma, binary = sys.argv[1], sys.argv[2]
    verbose = "--verbose" in sys.argv
    evtx = "--evtx" in sys.argv
    if not os.path.isdir(os.path.join(sigma, "regression_data")):
        print("sigma corpus not found at %s: skipped" % sigma)
        return 77  # meson's "skipped"
    rule_dirs = [d for d in sorted(glob.glob(os.path.join(sigma, "rules*"))) if os.path.isdir(d)]
    levels = {}
    for d in rule_dirs:
        for path in glob.glob(os.path.join(d, "**", "*.yml"), recursive=True):
            with open(path) as f:
                for doc in yaml.safe_load_all(f):
                    if isinstance(doc, dict) and doc.get("id"):
                        levels[doc["id"]] = (doc.get("level"), doc.get("title"))
    passed = failed = 0
    others = {}
    cases = []  # (rule id, title, sample, wanted count)
    for info_path in sorted(glob.glob(os.path.join(sigma, "regression_data", "**", "info.yml"), recursive=True)):
        with open(info_path) as f:
            info = yaml.safe_load(f) or {}
        tests = info.get("regression_tests_info") or []
        for meta in info.get("rule_metadata") or []:
            rid = meta.get("id")
            for t in tests:
                sample = os.path.join(sigma, "regression_data",
                                      t["path"].split("regression_data/", 1)[1]).rsplit(".", 1)[0] + ".json"
                if not os.path.exists(sample):
                    print("missing sample: %s" % sample)
                    failed += 1
                    continue
                cases.append((rid, meta.get("title"), sample, MORE_THAN_MATCH_COUNT.get(rid, t.get("match_count"))))
    # one scan over every sample (alerts name their file): the rules load once
    samples = sorted({c[2] for c in cases})
    fired = scan(binary, rule_dirs, samples, ["--format", "json"])
    if evtx:
        twins = {}
        for smp in samples:
            t = smp[:-len(".json")] + ".evtx"
            if not os.path.exists(t):
                print("missing .evtx twin: %s" % t)
                failed += 1
            else:
                twins[smp] = t
        native = scan(binary, rule_dirs, sorted(twins.values()), [])
        same = 0
        for smp, t in sorted(twins.items()):
            if native.get(t, {}) == fired.get(smp, {}):
                same += 1
            else:
                failed += 1
                print("DIFF %s: .evtx raised %s, JSON raised %s" % (t, native.get(t, {}), fired.get(smp, {})))
        print("evtx: %d of %d samples raise the same alerts as their JSON twin" % (same, len(twins)))
        fired = {smp: native.get(t, {}) for smp, t in twins.items()}
    for rid, title, sample, want in cases:
        got = fired.get(sample, {}).get(rid, 0)
        if got > 0 and (want is None or got == want):
            passed += 1
            if verbose:
                print("ok %s %s" % (rid, title))
        else:
            failed += 1
            print("FAIL %s (%s): fired %d times, expected %s; sample %s" % (
                rid, title, got, want if want is not None else ">= 1", sample))
        for other, n in fired.get(sample, {}).items():
            lvl = levels.get(other, (None, None))
            if other != rid and lvl[0] in ("high", "critical"):
                others.setdefault((other, lvl[1], lvl[0]), []).append(title)
    # coverage: every rule of the corpus loads
    check = subprocess.run([binary, "sigma", "check", "--quiet"] + rule_dirs, capture_output=True, text=True)
    coverage = check.stdout.strip().splitlines()[-1] if check.stdout.strip() else check.stderr.strip()
    print("coverage: " + coverage)
    if check.returncode != 0:
        print(check.stdout)
        failed += 1
    if others:
        print("\nOther rules of level high or critical that fired on the samples:")
        for (rid, title, lvl), on in sorted(others.items(), key=lambda x: x[0][1] or ""):
            print("- %s (%s, %s) on: %s" % (title, rid, lvl, "; ".join(sorted(set(on)))[:300]))
    print("regression: %d passed, %d failed (%d with more matching events than match_count, "
          "listed in MORE_THAN_MATCH_COUNT)" % (passed, failed, len(MORE_THAN_MATCH_COUNT)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
