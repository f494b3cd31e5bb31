#!/usr/bin/env python3
"""End-to-end tests of `fukurou collect` against a real hub (`fukurou serve`, SQLite).

    collect_e2e.py FUKUROU_BINARY [TEST...]

Each test writes log lines with unique numbers, lets the collector ship them, and
compares what the hub stored (the batches' bodies, decompressed from its database) with
what was written, line by line:

  kill9        the collector killed with SIGKILL 20 times while files grow and rotate
               (by rename and by copy-truncate): every line exactly once
  hub_down     the hub stopped while lines keep coming, within the spool's bound: all
               delivered once it returns
  overflow     the same past the bound with when_full: drop_oldest: the dropped count
               the collector reports is exactly the number of lines missing
  disk_full    the spool's disk (a 2 MiB tmpfs) fills while the hub is away: the source
               waits, nothing is lost, and all is delivered once the hub returns
  damaged      bytes flipped inside one spooled batch: that batch is reported damaged,
               every other line delivered
  stdin        lines on standard input: all delivered, then the collector exits 0
  syslog       the syslog listener: TCP (newline-delimited and octet-counted), UDP and a
               unix socket, every message delivered once
  journal      systemd journal files (made by systemd-journal-remote): every entry once,
               across a restart that resumes at the saved cursor
  tls          the hub over HTTPS: delivered with its CA file, refused (and nothing lost)
               without it, the certificate check failing
  privacy      a privacy policy: user names and addresses in a network masked, lines
               dropped, before anything leaves; the hub records the policy per batch
  local_match  indicators released by the centre matched by the collector itself: its
               alerts reach the hub once (also for lines the privacy policy keeps back),
               and matching goes on while the hub is down, across a restart
  check        --check names the line and key of each mistake; the key is never logged

Prints one line per test (ok / FAIL) and exits 1 when one failed.
"""
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib

BIN = os.path.abspath(sys.argv[1])
# the writers and the kill times vary from run to run; a failure prints the seed, and
# FK_TEST_SEED=N runs the same again
SEED = int(os.environ.get("FK_TEST_SEED", int(time.time()) % 100000))


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def wait_until(pred, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return
        time.sleep(0.1)
    raise Failure("timed out waiting for " + what)


class Hub:
    def __init__(self, root):
        self.root = root
        self.data = os.path.join(root, "hub")
        self.proc = None
        self.port = None
        self.admin("org", "create", "NISC", "--sector", "centre")
        self.admin("org", "create", "PowerCo", "--sector", "electricity")
        self.admin("account", "create", "carol", "--org", "PowerCo", "--role", "member-reporter")
        out = self.admin("apikey", "create", "carol", "--permissions", "ingest")
        self.key = out.strip().splitlines()[0]

    def admin(self, *args):
        r = subprocess.run([BIN, "admin", "--data", self.data, *args], capture_output=True,
                           text=True)
        check(r.returncode == 0, "admin %s: %s" % (" ".join(args), r.stderr))
        return r.stdout

    def start(self, *extra):
        log = open(os.path.join(self.root, "hub.log"), "a")
        # the same port after a restart: the collector keeps its configured address
        listen = "127.0.0.1:%d" % (self.port or 0)
        self.proc = subprocess.Popen([BIN, "serve", "--data", self.data, "--listen", listen,
                                      *extra], stdout=subprocess.DEVNULL, stderr=log)
        if not self.port:
            def port_known():
                with open(os.path.join(self.root, "hub.log")) as f:
                    text = f.read()
                i = text.find("(port ")
                if i < 0:
                    return False
                self.port = int(text[i + 6:].split(")")[0])
                return True
            wait_until(port_known, 20, "the hub to listen")
        else:
            time.sleep(0.5)
        return self

    def stop(self):
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
            self.proc = None

    def lines(self):
        """Every line the hub holds from PowerCo, in batch order."""
        db = sqlite3.connect(os.path.join(self.data, "fukurou.db"), timeout=30)
        try:
            rows = db.execute(
                "SELECT b.body FROM ingest_batch b JOIN organisation o ON o.id = b.org_id "
                "WHERE o.name = 'PowerCo' ORDER BY b.id").fetchall()
        finally:
            db.close()
        out = []
        for (body,) in rows:
            if body is None:
                continue
            out.extend(zlib.decompress(body).decode("utf-8", "replace").splitlines())
        return out


class Collector:
    def __init__(self, root, hub, extra=""):
        self.root = root
        self.hub = hub
        self.cfg = os.path.join(root, "collect.yml")
        self.spool = os.path.join(root, "spool")
        self.logs = os.path.join(root, "logs")
        os.makedirs(self.logs, exist_ok=True)
        with open(self.cfg, "w") as f:
            f.write("hub:\n  url: http://127.0.0.1:%d\n  api_key_env: FK_TEST_KEY\n"
                    "  backoff_min: 100ms\n  backoff_max: 1s\n"
                    "spool:\n  dir: %s\n%s"
                    "batch:\n  max_wait: 200ms\n  max_size: 64KiB\n"
                    "files:\n  scan_interval: 200ms\n  rotate_wait: 1s\n  max_line: 16KiB\n"
                    "sources:\n  - name: app\n    paths: ['%s/app.log*']\n    format: json\n"
                    % (hub.port, self.spool, extra, self.logs))
        self.proc = None
        self.env = dict(os.environ, FK_TEST_KEY=hub.key)

    def start(self):
        log = open(os.path.join(self.root, "collect.log"), "a")
        self.proc = subprocess.Popen([BIN, "collect", "--config", self.cfg],
                                     stdout=subprocess.DEVNULL, stderr=log, env=self.env)
        return self

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self.proc = None

    def stop(self):
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            rc = self.proc.wait(timeout=60)
            self.proc = None
            check(rc == 0, "the collector exited %d on SIGTERM" % rc)
        with open(os.path.join(self.root, "collect.log")) as f:
            check(self.hub.key not in f.read(), "the API key is never logged")

    def status(self):
        try:
            with open(os.path.join(self.spool, "status.json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None


class Writer:
    """Lines 'n=<number> <payload>' as JSON objects, into logs/app.log, rotating."""

    def __init__(self, logs):
        self.logs = logs
        self.n = 0
        self.rotations = 0
        self.rng = random.Random(SEED)

    def write(self, count):
        with open(os.path.join(self.logs, "app.log"), "a") as f:
            for _ in range(count):
                self.n += 1
                # random hex: compresses about twice, as logs do, so the spool fills
                pad = "%x" % self.rng.getrandbits(4 * self.rng.randint(10, 200))
                f.write('{"n": %d, "msg": "%s"}\n' % (self.n, pad))

    def rotate(self):
        self.rotations += 1
        cur = os.path.join(self.logs, "app.log")
        if not os.path.exists(cur):
            return
        old = os.path.join(self.logs, "app.log.%d" % self.rotations)
        if self.rotations % 2:
            os.rename(cur, old)  # rename: a new file takes the name
        else:  # copy-truncate, as logrotate's copytruncate does
            shutil.copyfile(cur, old)
            with open(cur, "r+") as f:
                f.truncate(0)


def numbers(lines):
    out = []
    for line in lines:
        try:
            out.append(json.loads(line)["n"])
        except (ValueError, KeyError, TypeError):
            raise Failure("the hub holds a line that was not written: %r" % line[:120])
    return out


def digest(nums):
    h = hashlib.sha256()
    for n in sorted(nums):
        h.update(b"%d\n" % n)
    return h.hexdigest()[:16]


def exactly_once(hub, written, label):
    got = numbers(hub.lines())
    dup = len(got) - len(set(got))
    missing = written - len(set(got))
    check(dup == 0 and missing == 0 and len(got) == written,
          "%s: %d lines written, the hub holds %d (%d twice, %d missing)" %
          (label, written, len(got), dup, missing))
    return "%d lines, sha256 %s on both sides" % (written, digest(range(1, written + 1)))


def all_delivered(hub, written):
    return lambda: len(hub.lines()) >= written


# ---- tests -------------------------------------------------------------------------------

def test_kill9(root):
    hub = Hub(root).start()
    col = Collector(root, hub)
    w = Writer(col.logs)
    rng = random.Random(SEED + 1)
    kills = 0
    try:
        for _ in range(20):
            col.start()
            for _ in range(rng.randint(2, 6)):
                w.write(rng.randint(200, 1500))
                if rng.random() < 0.4:
                    w.rotate()
                time.sleep(rng.uniform(0.05, 0.3))
            col.kill9()
            kills += 1
        col.start()
        w.write(500)
        wait_until(all_delivered(hub, w.n), 120, "every line at the hub")
        time.sleep(1.0)  # anything sent twice would arrive now
        col.stop()
        return "%d kills, %d rotations: %s" % (kills, w.rotations,
                                                exactly_once(hub, w.n, "after kill -9"))
    finally:
        if col.proc:
            col.kill9()
        hub.stop()


def test_hub_down(root):
    hub = Hub(root).start()
    col = Collector(root, hub, "  max_size: 64MiB\n  segment_size: 1MiB\n").start()
    w = Writer(col.logs)
    try:
        w.write(2000)
        wait_until(all_delivered(hub, w.n), 60, "the first lines")
        hub.stop()
        for _ in range(10):  # lines keep coming while the hub is away
            w.write(2000)
            time.sleep(0.2)
        wait_until(lambda: (col.status() or {}).get("spool", {}).get("unsent_lines", 0) >= 20000,
                   60, "the spool to hold the lines")
        st = col.status()
        check(st["hub"]["failures"] > 0 and st["hub"]["last_failure"],
              "the status names the failed sends")
        hub.start()
        wait_until(all_delivered(hub, w.n), 120, "the spool to drain")
        wait_until(lambda: col.status()["spool"]["unsent_lines"] == 0, 30, "an empty spool")
        col.stop()
        return exactly_once(hub, w.n, "hub down and back")
    finally:
        col.stop() if col.proc else None
        hub.stop()


def test_overflow(root):
    hub = Hub(root).start()
    col = Collector(root, hub, "  max_size: 1MiB\n  segment_size: 256KiB\n"
                               "  when_full: drop_oldest\n").start()
    w = Writer(col.logs)
    try:
        w.write(500)
        wait_until(all_delivered(hub, w.n), 60, "the first lines")
        hub.stop()
        for _ in range(20):
            w.write(2000)  # about 5 MB of lines against a 1 MiB spool
            time.sleep(0.1)
        wait_until(lambda: (col.status() or {}).get("sources", [{}])[0].get("lines", 0) >= w.n,
                   60, "the collector to read every line")
        hub.start()
        wait_until(lambda: col.status()["spool"]["unsent_lines"] == 0, 120, "an empty spool")
        time.sleep(0.5)
        st = col.status()
        col.stop()
        got = numbers(hub.lines())
        dropped = st["spool"]["dropped_lines"]
        check(len(got) == len(set(got)), "no line twice")
        check(dropped > 0, "the bound was exceeded, so lines were dropped")
        check(len(got) + dropped == w.n,
              "%d written, %d at the hub, %d reported dropped: %d unaccounted for" %
              (w.n, len(got), dropped, w.n - len(got) - dropped))
        return "%d written, %d delivered, %d dropped and reported (the difference exactly)" % (
            w.n, len(got), dropped)
    finally:
        col.stop() if col.proc else None
        hub.stop()


def test_disk_full(root):
    mnt = os.path.join(root, "small")
    os.makedirs(mnt)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return "SKIPPED: cannot mount a small tmpfs (%s)" % r.stderr.strip()
    hub = Hub(root).start()
    col = Collector(root, hub, "  max_size: 64MiB\n  segment_size: 256KiB\n")
    with open(col.cfg) as f:  # the spool on the small disk, its bound beyond the disk's size
        text = f.read().replace("  dir: %s\n" % col.spool, "  dir: %s/spool\n" % mnt)
    with open(col.cfg, "w") as f:
        f.write(text)
    col.spool = os.path.join(mnt, "spool")
    w = Writer(col.logs)
    try:
        col.start()
        w.write(500)
        wait_until(all_delivered(hub, w.n), 60, "the first lines")
        hub.stop()
        for _ in range(40):
            w.write(1000)  # about 8 MB of lines, twice compressed: over the 2 MiB disk
        wait_until(lambda: (col.status() or {}).get("spool", {}).get("full_waits", 0) > 0, 60,
                   "the disk to fill")
        time.sleep(1)
        st = col.status()
        check(col.proc.poll() is None, "the collector keeps running on a full disk")
        check(st["sources"][0]["waiting_for_spool"], "the source waits for room")
        check(st["sources"][0]["lines"] < w.n, "lines not yet read stay in the file")
        hub.start()
        wait_until(all_delivered(hub, w.n), 120, "every line after the hub returned")
        time.sleep(0.5)
        col.stop()
        return "full at %d of %d lines, %s" % (st["sources"][0]["lines"], w.n,
                                               exactly_once(hub, w.n, "disk full"))
    finally:
        col.stop() if col.proc else None
        hub.stop()
        subprocess.run(["umount", mnt], capture_output=True)


def test_damaged(root):
    hub = Hub(root).start()
    col = Collector(root, hub, "  max_size: 64MiB\n  segment_size: 4MiB\n")
    w = Writer(col.logs)
    try:
        hub.stop()  # everything stays in the spool
        col.start()
        for _ in range(10):
            w.write(1000)
            time.sleep(0.25)
        wait_until(lambda: (col.status() or {}).get("spool", {}).get("unsent_lines", 0) >= w.n,
                   60, "the spool to hold every line")
        col.stop()
        seg = sorted(f for f in os.listdir(col.spool) if f.startswith("seg-"))[0]
        path = os.path.join(col.spool, seg)
        size = os.path.getsize(path)
        with open(path, "r+b") as f:  # inside a batch in the middle of the segment
            f.seek(size // 2)
            f.write(b"\xde\xad\xbe\xef" * 4)
        hub.start()
        col.start()
        wait_until(lambda: col.status()["spool"]["unsent_lines"] == 0 and
                   col.status()["spool"]["damaged_regions"] > 0, 60, "the spool to drain")
        st = col.status()
        col.stop()
        got = numbers(hub.lines())
        check(len(got) == len(set(got)), "no line twice")
        missing = sorted(set(range(1, w.n + 1)) - set(got))
        check(0 < len(missing) < w.n // 4, "one batch lost, not the spool: %d missing" %
              len(missing))
        check(missing == list(range(missing[0], missing[-1] + 1)),
              "the lines missing are one batch's (consecutive)")
        check(st["spool"]["damaged_regions"] == 1, "one damaged region reported")
        return "%d lines, one damaged batch of %d lines reported and skipped, %d delivered" % (
            w.n, len(missing), len(got))
    finally:
        col.stop() if col.proc else None
        hub.stop()


def test_stdin(root):
    hub = Hub(root).start()
    cfg = os.path.join(root, "stdin.yml")
    with open(cfg, "w") as f:
        f.write("hub:\n  url: http://127.0.0.1:%d\n  api_key_env: FK_TEST_KEY\n"
                "spool:\n  dir: %s/spool\nbatch:\n  max_wait: 200ms\n"
                "sources:\n  - name: pipe\n    type: stdin\n    format: json\n" % (hub.port, root))
    text = "".join('{"n": %d}\n' % n for n in range(1, 20001)) + '{"n": 20001}'
    try:
        r = subprocess.run([BIN, "collect", "--config", cfg], input=text, text=True,
                           capture_output=True, timeout=120,
                           env=dict(os.environ, FK_TEST_KEY=hub.key))
        check(r.returncode == 0, "exit %d: %s" % (r.returncode, r.stderr[-500:]))
        check(hub.key not in r.stderr, "the API key is never logged")
        return exactly_once(hub, 20001, "standard input")
    finally:
        hub.stop()


def test_privacy(root):
    hub = Hub(root).start()
    col = Collector(root, hub, "privacy:\n  policy: pii-v1\n  mask_users: true\n"
                               "  mask_networks: [10.0.0.0/8]\n  drop: ['\"health\"']\n").start()
    try:
        with open(os.path.join(col.logs, "app.log"), "w") as f:
            for n in range(1, 1001):
                kind = "health" if n % 10 == 0 else "login"
                f.write('{"n": %d, "kind": "%s", "user": "person%d", "src": "10.1.%d.%d", '
                        '"dst": "192.0.2.%d"}\n' % (n, kind, n, n // 250, n % 250, n % 250))
        wait_until(all_delivered(hub, 900), 60, "the lines to arrive")
        time.sleep(0.5)
        col.stop()
        lines = hub.lines()
        check(len(lines) == 900, "the 100 health lines are dropped: %d arrived" % len(lines))
        text = "\n".join(lines)
        check("person" not in text, "user names are masked")
        check('"src": "10.' not in text, "addresses in 10.0.0.0/8 are masked")
        check('"dst": "192.0.2.' in text, "addresses outside stay")
        db = sqlite3.connect(os.path.join(hub.data, "fukurou.db"))
        policies = {p for (p,) in db.execute("SELECT DISTINCT policy FROM ingest_batch")}
        db.close()
        check(len(policies) == 1 and next(iter(policies)).startswith("pii-v1:"),
              "the hub records the policy: %r" % policies)
        st = col.status()
        check(st["privacy"]["lines_dropped"] == 100, "the status counts the dropped lines")
        return "900 of 1000 lines sent, users and 10/8 masked, policy %s recorded" % (
            next(iter(policies)))
    finally:
        col.stop() if col.proc else None
        hub.stop()


ALL_MEMBERS = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"


def api(hub, key, method, path, body=None):
    """One call of the hub's API as the holder of key: (status, parsed JSON or None)."""
    import urllib.request
    import urllib.error
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (hub.port, path), method=method,
                                 data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Authorization", "Bearer " + key)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            text = r.read()
            return r.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        text = e.read()
        return e.code, json.loads(text) if text else None


def ioc_alerts(hub, key):
    st, alerts = api(hub, key, "GET", "/api/v1/alerts?engine=ioc&limit=100")
    check(st == 200, "the member reads its alerts: HTTP %d" % st)
    return {a["indicator"]: a for a in alerts}


def test_local_match(root):
    """The centre releases indicators; the collector pulls them and matches locally. Its
    alerts reach the hub (once: the hub's own detection of the same lines does not count
    them again), including matches on lines the privacy policy keeps from the centre, and
    matching goes on while the hub is down, across a collector restart then."""
    hub = Hub(root)
    hub.admin("collection", "create", "All members", "--all-members", "--id", ALL_MEMBERS)
    hub.admin("account", "create", "ana", "--org", "NISC", "--role", "centre-analyst")
    analyst = hub.admin("apikey", "create", "ana").strip().splitlines()[0]
    member = hub.admin("apikey", "create", "carol", "--permissions", "api,ingest").strip()
    member = member.splitlines()[0]
    hub.start()
    st, rep = api(hub, member, "POST", "/api/v1/reports", {
        "type": "blocklist", "title": "C2", "fields": {"purpose": "block"},
        "indicators": ["203.0.113.66", "c2.evil.example"], "tlp": "GREEN",
        "consent": "members"})
    check(st == 201, "report: HTTP %d %r" % (st, rep))
    st, _ = api(hub, analyst, "POST", "/api/v1/reports/%d/triage" % rep["id"],
                {"severity": 3, "reasons": {"society": "a", "systems": "b"}})
    check(st == 200, "triage: HTTP %d" % st)
    st, rel = api(hub, analyst, "POST", "/api/v1/reports/%d/release" % rep["id"],
                  {"tier": "immediate", "audience": {"all_members": True}})
    check(st == 201, "release: HTTP %d %r" % (st, rel))
    url = "http://127.0.0.1:%d/taxii2/fukurou/collections/%s/" % (hub.port, ALL_MEMBERS)
    col = Collector(root, hub, "privacy:\n  policy: p1\n  drop: ['secret']\n"
                               "match:\n  collections: ['%s']\n  refresh: 1s\n" % url)
    col.env["FK_TEST_KEY"] = member
    log = os.path.join(col.logs, "app.log")
    alerts_file = os.path.join(col.spool, "alerts.jsonl")

    def write(lines):
        with open(log, "a") as f:
            for line in lines:
                f.write(json.dumps(line) + "\n")

    def local_alerts():
        try:
            with open(alerts_file) as f:
                return [json.loads(l) for l in f if l.strip()]
        except OSError:
            return []

    n = 0

    def lines(count, **fields):
        nonlocal n
        out = []
        for _ in range(count):
            n += 1
            out.append(dict({"n": n}, **fields))
        return out

    try:
        col.start()
        wait_until(lambda: (col.status() or {}).get("match", {}).get("indicators", 0) >= 2, 30,
                   "the collector to pull the indicators")
        # matched here and at the hub alike: counted once
        write(lines(5, src_ip="203.0.113.66", msg="login") + lines(5, src_ip="192.0.2.1"))
        # matched here only: the privacy policy keeps these lines from the centre
        write(lines(2, src_ip="203.0.113.66", msg="secret"))
        wait_until(all_delivered(hub, 10), 60, "the lines to arrive")
        wait_until(lambda: ioc_alerts(hub, member).get("203.0.113.66", {}).get("count") == 7, 30,
                   "the address's alert to count the 7 lines")
        time.sleep(2)  # the hub's own detection of the batch has run by now
        a = ioc_alerts(hub, member)["203.0.113.66"]
        check(a["count"] == 7, "7 matching lines, counted once each: %d" % a["count"])
        check(a.get("detail", {}).get("origin") == "collector",
              "the alert says where it was matched: %r" % a)
        # the hub goes away; the collector restarts during the outage, from its cache
        hub.stop()
        col.kill9()
        col.start()
        write(lines(3, domain="c2.evil.example") + lines(3, domain="example.org"))
        wait_until(lambda: any(x.get("indicator") == "c2.evil.example" for x in local_alerts()),
                   30, "a local alert while the hub is down")
        outage = [x for x in local_alerts() if x.get("indicator") == "c2.evil.example"]
        check(sum(x["count"] for x in outage) == 3, "3 lines matched locally: %r" % outage)
        hub.start()
        wait_until(all_delivered(hub, 16), 60, "the spooled lines to arrive")
        wait_until(lambda: "c2.evil.example" in ioc_alerts(hub, member), 30,
                   "the outage's alert at the hub")
        time.sleep(2)
        got = ioc_alerts(hub, member)
        check(got["c2.evil.example"]["count"] == 3 and got["203.0.113.66"]["count"] == 7,
              "counted once each: %r" % {k: v["count"] for k, v in got.items()})
        col.stop()
        st = col.status()["match"]
        return "7 + 3 matching lines counted once at the hub (2 kept from it by the policy, " \
               "3 during an outage across a restart); %d indicators, %d local alert(s) since " \
               "the restart" % (
                   st["indicators"], st["alerts"])
    finally:
        col.stop() if col.proc else None
        hub.stop()


def free_port(kind):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_syslog(root):
    hub = Hub(root).start()
    tcp, udp = free_port(socket.SOCK_STREAM), free_port(socket.SOCK_DGRAM)
    ux = os.path.join(root, "log.sock")
    cfg = os.path.join(root, "syslog.yml")
    with open(cfg, "w") as f:
        f.write("hub:\n  url: http://127.0.0.1:%d\n  api_key_env: FK_TEST_KEY\n"
                "spool:\n  dir: %s/spool\nbatch:\n  max_wait: 200ms\n"
                "sources:\n  - {name: appliances, type: syslog, format: json, "
                "tcp: '127.0.0.1:%d', udp: '127.0.0.1:%d', unix: '%s'}\n" % (hub.port, root, tcp,
                                                                             udp, ux))
    log = open(os.path.join(root, "collect.log"), "a")
    proc = subprocess.Popen([BIN, "collect", "--config", cfg], stderr=log,
                            env=dict(os.environ, FK_TEST_KEY=hub.key))
    try:
        wait_until(lambda: os.path.exists(ux), 20, "the listener")
        n = 0
        c = socket.create_connection(("127.0.0.1", tcp))
        for _ in range(3000):  # one message a line
            n += 1
            c.sendall(b'{"n": %d, "via": "tcp"}\n' % n)
        for _ in range(3000):  # octet counting, a newline inside the message
            n += 1
            m = b'{"n": %d,\n "via": "octets"}' % n
            c.sendall(b"%d %s" % (len(m), m))
        c.close()
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        x = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        for _ in range(500):
            n += 1
            u.sendto(b'{"n": %d, "via": "udp"}' % n, ("127.0.0.1", udp))
            n += 1
            x.sendto(b'{"n": %d, "via": "unix"}' % n, ux)
            if n % 100 == 0:
                time.sleep(0.01)  # UDP has no backpressure: not faster than a real appliance
        wait_until(all_delivered(hub, n), 60, "every message at the hub")
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        check(proc.wait(timeout=60) == 0, "the collector stops cleanly")
        return exactly_once(hub, n, "syslog listener") + " (tcp, octet-counted, udp, unix)"
    finally:
        if proc.poll() is None:
            proc.kill()
        hub.stop()


JOURNAL_REMOTE = "/lib/systemd/systemd-journal-remote"


def journal_file(path, first, count):
    """A journal file with entries 'event n=K' (sshd-like), K from first."""
    t = int(time.time() * 1e6)
    export = []
    for n in range(first, first + count):
        export.append("__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n"
                      "_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=member-host\n"
                      "SYSLOG_IDENTIFIER=sshd\n_PID=42\nPRIORITY=5\n"
                      "MESSAGE=event n=%d from 192.0.2.%d\n\n" % (t + n, n, n, n % 250))
    r = subprocess.run([JOURNAL_REMOTE, "--output=" + path, "-"], input="".join(export),
                       text=True, capture_output=True)
    check(r.returncode == 0, "systemd-journal-remote: %s" % r.stderr)


def test_journal(root):
    if not os.access(JOURNAL_REMOTE, os.X_OK):
        return "SKIPPED: %s is not installed (apt install systemd-journal-remote)" % JOURNAL_REMOTE
    jdir = os.path.join(root, "journal")
    os.makedirs(jdir)
    journal_file(os.path.join(jdir, "a.journal"), 1, 2000)
    hub = Hub(root).start()
    cfg = os.path.join(root, "journal.yml")
    with open(cfg, "w") as f:
        f.write("hub:\n  url: http://127.0.0.1:%d\n  api_key_env: FK_TEST_KEY\n"
                "spool:\n  dir: %s/spool\nbatch:\n  max_wait: 200ms\n"
                "sources:\n  - {name: journal, type: journal, format: syslog, "
                "journal_dir: '%s'}\n" % (hub.port, root, jdir))
    env = dict(os.environ, FK_TEST_KEY=hub.key)
    log = open(os.path.join(root, "collect.log"), "a")

    def run_until(n):
        proc = subprocess.Popen([BIN, "collect", "--config", cfg], stderr=log, env=env)
        try:
            wait_until(all_delivered(hub, n), 60, "%d journal entries at the hub" % n)
            time.sleep(0.5)
        finally:
            proc.send_signal(signal.SIGTERM)
            check(proc.wait(timeout=60) == 0, "the collector stops cleanly")

    try:
        run_until(2000)
        journal_file(os.path.join(jdir, "b.journal"), 2001, 1000)  # while it was stopped
        run_until(3000)
        lines = hub.lines()
        got = []
        for line in lines:
            i = line.find("event n=")
            check(line.startswith("<13>1 ") and " member-host sshd 42 - - event n=" in line,
                  "an RFC 5424 line: %r" % line)
            got.append(int(line[i + 8:].split()[0]))
        check(len(got) == 3000 and sorted(got) == list(range(1, 3001)),
              "%d entries at the hub, %d distinct" % (len(got), len(set(got))))
        return "3000 entries once each, across a restart at the saved cursor"
    finally:
        hub.stop()


def test_tls(root):
    r = subprocess.run(
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 1 "
        "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1", shell=True, cwd=root,
        capture_output=True, text=True)
    check(r.returncode == 0, "openssl: %s" % r.stderr)
    hub = Hub(root).start("--tls-cert", os.path.join(root, "cert.pem"), "--tls-key",
                          os.path.join(root, "key.pem"))
    col = Collector(root, hub)
    with open(col.cfg) as f:
        base = f.read().replace("http://", "https://")
    try:
        with open(col.cfg, "w") as f:  # no CA: the hub's certificate cannot be verified
            f.write(base)
        col.start()
        w = Writer(col.logs)
        w.write(500)
        wait_until(lambda: (col.status() or {}).get("hub", {}).get("failures", 0) >= 2, 30,
                   "failed sends")
        st = col.status()
        check(st["hub"]["delivered_batches"] == 0, "nothing goes to an unverified hub")
        check("certificate" in st["hub"]["last_failure"].lower() or
              "ssl" in st["hub"]["last_failure"].lower(),
              "the failure names the certificate: %r" % st["hub"]["last_failure"])
        col.stop()
        with open(col.cfg, "w") as f:
            f.write(base.replace("hub:\n", "hub:\n  ca_file: %s/cert.pem\n" % root))
        col.start()
        w.write(500)
        wait_until(all_delivered(hub, w.n), 60, "delivery with the CA")
        time.sleep(0.5)
        col.stop()
        return "refused without the CA (%s); with it, %s" % (
            st["hub"]["last_failure"][:60], exactly_once(hub, w.n, "https"))
    finally:
        col.stop() if col.proc else None
        hub.stop()


def test_check(root):
    cfg = os.path.join(root, "bad.yml")
    with open(cfg, "w") as f:
        f.write("hub:\n  url: ftp://hub\n  timeout: soon\n"
                "spool:\n  max_size: lots\n  when_full: panic\n"
                "sources:\n  - name: web\n    paths: [/var/log/*.log]\n    colour: blue\n"
                "match:\n  collections: ['taxii.example/collections/x/']\n  refresh: 0s\n")
    r = subprocess.run([BIN, "collect", "--config", cfg, "--check"], capture_output=True,
                       text=True)
    check(r.returncode == 2, "--check exits 2 on mistakes, not %d" % r.returncode)
    for want in ("bad.yml:3: hub.timeout: expected a duration",
                 "bad.yml:5: spool.max_size: expected a size",
                 "bad.yml:6: spool.when_full: expected block or drop_oldest",
                 "bad.yml:10: sources: unknown key 'colour'",
                 "bad.yml:2: hub.url: expected an https://",
                 "bad.yml:12: match.collections: 'taxii.example/collections/x/': expected an "
                 "https://",
                 "bad.yml:13: match.refresh, match.resync: expected 1s <= refresh <= resync"):
        check(want in r.stderr, "--check says %r; it said:\n%s" % (want, r.stderr))
    return "every mistake named with its line and key"


TESTS = [("check", test_check), ("stdin", test_stdin), ("syslog", test_syslog),
         ("journal", test_journal), ("tls", test_tls),
         ("privacy", test_privacy), ("local_match", test_local_match),
         ("kill9", test_kill9),
         ("hub_down", test_hub_down), ("overflow", test_overflow), ("disk_full", test_disk_full),
         ("damaged", test_damaged)]


def main():
    wanted = sys.argv[2:]
    failed = 0
    for name, fn in TESTS:
        if wanted and name not in wanted:
            continue
        root = tempfile.mkdtemp(prefix="fk-collect-")
        t0 = time.time()
        try:
            what = fn(root)
            print("ok   %-9s %s (%.1f s)" % (name, what, time.time() - t0), flush=True)
            shutil.rmtree(root, ignore_errors=True)
        except Exception as e:  # a failure of any kind is a failed test, with its folder kept
            failed += 1
            print("FAIL %-9s %s (seed %d, folder kept: %s)" % (name, e, SEED, root), flush=True)
            for log in ("collect.log", "hub.log"):
                p = os.path.join(root, log)
                if os.path.exists(p):
                    with open(p) as f:
                        tail = f.read()[-1500:]
                    print("---- %s (end)\n%s" % (log, tail), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
