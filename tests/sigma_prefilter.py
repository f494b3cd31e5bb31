#!/usr/bin/env python3
"""Checks the Sigma prefilter against evaluating every rule in turn (issue 5).

usage: sigma_prefilter.py SIGMA_DIR FK_BENCH_SIGMA SIGMA_CORPUS_PY [EVENTS]

Runs `fk-bench-sigma --compare` with every rule folder of the SigmaHQ corpus over the
regression samples and over EVENTS generated Sysmon and Security events (default
20,000, with attacks and regression events mixed in). It fails when, for any event,
the rules that fire with the prefilter differ from those that fire without it.
Exits 77 (skipped) without the corpus.
"""
import glob
import os
import subprocess
import sys
import tempfile


def main():
    sigma, bench, corpus_py = sys.argv[1:4]
    count = sys.argv[4] if len(sys.argv) > 4 else "20000"
    if not os.path.isdir(os.path.join(sigma, "regression_data")):
        print("sigma corpus not found at %s: skipped" % sigma)
        return 77
    rules = [d for d in sorted(glob.glob(os.path.join(sigma, "rules*"))) if os.path.isdir(d)]
    samples = sorted(glob.glob(os.path.join(sigma, "regression_data", "**", "*.json"), recursive=True))
    with tempfile.TemporaryDirectory() as tmp:
        generated = os.path.join(tmp, "events.json")
        subprocess.run([sys.executable, corpus_py, count, generated, "--samples",
                        os.path.join(sigma, "regression_data"), "--seed", "11"], check=True)
        proc = subprocess.run([bench, "--compare"] + rules + ["--"] + samples + [generated],
                              capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    sys.stdout.write(proc.stderr)
    if proc.returncode != 0:
        print("the prefilter and rule-by-rule evaluation disagree (see MISMATCH lines)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
