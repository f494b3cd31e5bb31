#!/usr/bin/env python3
"""The hub away for a while (default ten minutes) while lines keep coming (200 a second,
files rotating): the collector's spool takes them, and when the hub returns it drains;
every line must then be at the hub exactly once (issue 14).

    python3 bench/collect_outage.py [MINUTES] [FUKUROU_BINARY]

Uses the harness of tests/collect_e2e.py (a real hub on SQLite, the real collector).
"""
import os
import sys
import tempfile
import time

minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 10
here = os.path.dirname(os.path.abspath(__file__))
binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "build", "fukurou")
sys.argv = [sys.argv[0], binary]
sys.path.insert(0, os.path.join(here, "..", "tests"))
import collect_e2e as t  # noqa: E402  (reads the binary from sys.argv)

root = tempfile.mkdtemp(prefix="fk-outage-")
hub = t.Hub(root).start()
col = t.Collector(root, hub, "  max_size: 256MiB\n  segment_size: 8MiB\n").start()
w = t.Writer(col.logs)
try:
    w.write(1000)
    t.wait_until(t.all_delivered(hub, w.n), 60, "the first lines")
    hub.stop()
    t0 = time.time()
    while time.time() - t0 < minutes * 60:
        w.write(200)
        if w.n % 20000 < 200:
            w.rotate()
        time.sleep(1)
    st = col.status()
    print("hub away %.0f s: %d lines written, the spool holds %d unsent lines in %d bytes" %
          (time.time() - t0, w.n, st["spool"]["unsent_lines"], st["spool"]["bytes"]), flush=True)
    hub.start()
    t1 = time.time()
    t.wait_until(lambda: col.status()["spool"]["unsent_lines"] == 0, 600, "the spool to drain")
    print("drained %.1f s after the hub returned" % (time.time() - t1), flush=True)
    time.sleep(1)
    col.stop()
    print(t.exactly_once(hub, w.n, "hub away"), flush=True)
finally:
    if col.proc:
        col.stop()
    hub.stop()
