#!/usr/bin/env python3
"""Continuous monitoring at the hub, measured (issue 11). Starts `fukurou serve` on fresh
data folders (pinned to one core with taskset when there is one to spare) and reports:

  1. ingest over HTTP with every engine on (shared indicators, every web signature,
     Sigma rules) and the same run with no detection, side by side: events per second
     from the first batch sent to the last one processed (each acknowledged batch is
     durable before its 202);
  2. release to first match: an indicator published over TAXII while a member streams
     lines carrying it; milliseconds from the publication's answer to the alert (p50,
     p99 over the repeats);
  3. members streaming at once: milliseconds from receipt of a batch to its alert, p50
     and p99, and the hub's resident memory per organisation once each has window state;
  2b. a remote TAXII feed to first match: a partner hub publishes, the hub polls it every
     second; milliseconds to the alert at a member (p50, p99);
  4. kill -9 of the hub in the middle of streaming, N times in a row: batches lost and
     alerts doubled (both must be 0) and whether the audit chain verifies.

usage: bench/monitor.py FUKUROU [--events N] [--indicators N] [--sigma DIR] [--orgs N]
                        [--memory-orgs N] [--kills N] [--repeats N] [--work DIR]
                        [--stages throughput,loop,feed,many,kill] [--perf FILE]
"""
import argparse, gzip, http.client, json, os, random, shutil, signal, statistics, subprocess
import sys, tempfile, threading, time, uuid

ap = argparse.ArgumentParser()
ap.add_argument("bin")
ap.add_argument("--events", type=int, default=400000)
ap.add_argument("--indicators", type=int, default=100000)
ap.add_argument("--sigma", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared",
                                                "corpora", "sigma", "rules", "windows"))
ap.add_argument("--orgs", type=int, default=200)
ap.add_argument("--memory-orgs", type=int, default=1000)
ap.add_argument("--kills", type=int, default=20)
ap.add_argument("--repeats", type=int, default=20)
ap.add_argument("--work", default=None)
ap.add_argument("--stages", default="throughput,loop,feed,many,kill",
                help="comma-separated subset of throughput, loop, feed, many, kill")
ap.add_argument("--perf", default="",
                help="record the detecting hub's streaming phase with perf into this file")
A = ap.parse_args()
BIN = os.path.abspath(A.bin)
WORK = A.work or tempfile.mkdtemp(prefix="fk-monitor-")
os.makedirs(WORK, exist_ok=True)
PIN = ["taskset", "-c", "0"] if shutil.which("taskset") and os.cpu_count() >= 2 else []


class Hub:
    def __init__(self, name, extra=(), orgs=("PowerCo",)):
        self.data = os.path.join(WORK, name)
        shutil.rmtree(self.data, ignore_errors=True)
        open(os.path.join(WORK, name + ".log"), "w").close()  # no port from an earlier run
        self.admin("org", "create", "NISC", "--sector", "centre")
        self.admin("account", "create", "ana", "--org", "NISC", "--role", "centre-analyst")
        self.analyst = self.admin("apikey", "create", "ana", "--permissions", "api,ingest")
        self.admin("collection", "create", "All members", "--all-members",
                   "--id", "11111111-2222-4333-8444-555555555555")
        self.keys = {}
        for i, org in enumerate(orgs):
            self.admin("org", "create", org, "--sector",
                       ["electricity", "finance", "gas", "telecom", "water"][i % 5])
            acct = "m%d" % i
            self.admin("account", "create", acct, "--org", org, "--role", "member-reporter")
            self.keys[org] = self.admin("apikey", "create", acct, "--permissions", "api,ingest")
        self.extra = list(extra)
        self.proc = None

    def admin(self, *args):
        return subprocess.run([BIN, "admin", "--data", self.data, *args], capture_output=True,
                              text=True, check=True).stdout.strip()

    def start(self):
        self.log = open(os.path.join(WORK, os.path.basename(self.data) + ".log"), "a")
        self.proc = subprocess.Popen(PIN + [BIN, "serve", "--data", self.data, "--listen",
                                            "127.0.0.1:0", "--quiet", "--max-per-address",
                                            "100000", *self.extra], stderr=self.log)
        path = self.log.name
        for _ in range(2400):
            time.sleep(0.05)
            text = open(path).read()
            at = text.rfind("(port ")
            if at >= 0 and text.count("listening") > getattr(self, "starts", 0):
                self.port = int(text[at + 6:text.index(")", at)])
                self.starts = text.count("listening")
                return self
        raise SystemExit("the hub did not start: " + open(path).read()[-2000:])

    def kill(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        self.proc.wait()

    def call(self, method, path, key=None, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        h = dict(headers or {})
        h["Authorization"] = "Bearer " + (key or self.analyst)
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, data

    def health(self):
        return json.loads(self.call("GET", "/api/v1/health")[1])

    def wait_events(self, total, timeout=3600):
        end = time.time() + timeout
        while time.time() < end:
            h = self.health()
            if h["detection"]["events"] >= total and h["backlog_batches"] == 0:
                return
            time.sleep(0.05)
        raise SystemExit("detection did not catch up: %r" % self.health())

    def rss_kb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])


def web_lines(n, seed, attacker="203.0.113.50", marker=None, sysmon=False):
    r = random.Random(seed)
    pages = ["/", "/index.html", "/news/2026/11/notice.html", "/css/site.css", "/js/app.js",
             "/img/logo.png", "/contact", "/search?q=weather+tokyo"]
    out = []
    for i in range(n):
        ts = "30/Nov/2026:%02d:%02d:%02d +0000" % (10 + i // 3600 % 10, i // 60 % 60, i % 60)
        if marker is not None and i == 0:
            out.append('%s - - [%s] "GET /item.php?id=1%%27%%20union%%20select%%201,2-- HTTP/1.1" '
                       '200 512 "-" "%s"' % (attacker, ts, marker))
        elif r.random() < 0.01:
            out.append('%s - - [%s] "GET /dl?f=../../../../etc/passwd HTTP/1.1" 404 0 "-" '
                       '"curl/8.0"' % (attacker, ts))
        elif sysmon and i % 2:
            # a Sysmon process creation, as EVTX-to-JSON: what the Sigma rules read
            img = r.choice(["C:\\Windows\\System32\\svchost.exe",
                            "C:\\Program Files\\App\\app.exe",
                            "C:\\Windows\\System32\\cmd.exe",
                            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"])
            out.append(json.dumps({"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational",
                                   "UtcTime": "2026-11-30 10:%02d:%02d.000" % (i // 60 % 60, i % 60),
                                   "Image": img, "CommandLine": "%s /c task%d" % (img, r.randrange(1000)),
                                   "ParentImage": "C:\\Windows\\explorer.exe",
                                   "User": "CORP\\user%d" % r.randrange(50),
                                   "Computer": "pc%d.corp.example" % r.randrange(100)}))
        else:
            out.append('192.0.2.%d - - [%s] "GET %s HTTP/1.1" 200 %d "-" "Mozilla/5.0 (X11; '
                       'Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"' %
                       (r.randrange(10, 250), ts, r.choice(pages), r.randrange(200, 40000)))
    return "\n".join(out) + "\n"


def publish_indicators(hub, n, start=0):
    """n indicators (IPv4 addresses of 10.128.0.0/9) into the all-members collection."""
    coll = "/taxii2/fukurou/collections/11111111-2222-4333-8444-555555555555/objects/"
    hdr = {"Content-Type": "application/taxii+json;version=2.1",
           "Accept": "application/taxii+json;version=2.1"}
    for base in range(start, start + n, 5000):
        objs = []
        for i in range(base, min(base + 5000, start + n)):
            ip = "10.%d.%d.%d" % (128 + (i >> 16) % 128, (i >> 8) & 255, i & 255)
            objs.append({"type": "indicator", "spec_version": "2.1",
                         "id": "indicator--" + str(uuid.UUID(int=i + 1, version=4)),
                         "created": "2026-11-01T00:00:00.000Z",
                         "modified": "2026-11-01T00:00:00.000Z",
                         "pattern": "[ipv4-addr:value = '%s']" % ip, "pattern_type": "stix",
                         "valid_from": "2026-11-01T00:00:00Z"})
        st, body = hub.call("POST", coll, body=json.dumps({"objects": objs}), headers=hdr)
        assert st == 202, body[:300]


def ingest(hub, org, key, body, batch=None, gz=False):
    h = {"Content-Type": "application/x-ndjson"}
    if gz:
        body, h["Content-Encoding"] = gzip.compress(body.encode(), 1), "gzip"
    q = "/api/v1/ingest" + ("?batch=" + batch if batch else "")
    for _ in range(600):
        st, data = hub.call("POST", q, key, body, h)
        if st != 503:
            return st, data
        time.sleep(0.2)
    return st, data


def publish_to_first_match(hub, publisher, base, tag):
    """A member streams lines carrying an address; publisher (this hub, or a partner it
    reads as a feed) publishes it as an indicator; milliseconds until the member's alert,
    once per repeat, sorted."""
    key = hub.keys["PowerCo"]
    waits = []
    for k in range(A.repeats):
        n = base + k
        pub_ip = "10.%d.%d.%d" % (128 + (n >> 16) % 128, (n >> 8) & 255, n & 255)
        line = ('%s - - [30/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "x"\n' % pub_ip)
        stop = threading.Event()

        def stream():
            i = 0
            while not stop.is_set():
                ingest(hub, "PowerCo", key, line, "%s%d-%d" % (tag, k, i))
                i += 1
                time.sleep(0.02)

        t = threading.Thread(target=stream)
        t.start()
        time.sleep(0.3)  # live traffic carries the address before it is published
        t0 = time.time()
        publish_indicators(publisher, 1, start=n)
        while True:
            st, data = hub.call("GET", "/api/v1/alerts?engine=ioc&limit=5", key)
            if pub_ip.encode() in data:
                waits.append((time.time() - t0) * 1000)
                break
            time.sleep(0.005)
        stop.set()
        t.join()
    return sorted(waits)


def percentiles(waits):
    return {"repeats": len(waits), "p50_ms": round(statistics.median(waits)),
            "p99_ms": round(waits[min(len(waits) - 1, int(len(waits) * 0.99))]),
            "max_ms": round(waits[-1])}


# ---- 1. throughput, with and without detection --------------------------------------

def throughput(label, extra, indicators, perf=""):
    hub = Hub("tp-" + label, extra)
    hub.start()
    if indicators:
        publish_indicators(hub, indicators)
        while hub.health()["detection"]["indicators"] < indicators:
            time.sleep(0.2)
    key = hub.keys["PowerCo"]
    # half web requests, half Sysmon process creations
    batches = [web_lines(1000, s, sysmon=True) for s in range(50)]
    n = A.events // 1000
    recorder = None
    if perf:  # only the streaming phase, not loading rules and indicators
        recorder = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-o", perf, "-p",
                                     str(hub.proc.pid)], stderr=subprocess.DEVNULL)
        time.sleep(1)
    t0 = time.perf_counter()
    nxt = [0]
    lock = threading.Lock()

    def sender():
        while True:
            with lock:
                i = nxt[0]
                nxt[0] += 1
            if i >= n:
                return
            st, _ = ingest(hub, "PowerCo", key, batches[i % 50], "b%d" % i)
            assert st == 202, st

    threads = [threading.Thread(target=sender) for _ in range(3)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    sent = time.perf_counter() - t0
    hub.wait_events(n * 1000)
    total = time.perf_counter() - t0
    if recorder:
        recorder.send_signal(signal.SIGINT)
        recorder.wait()
    h = hub.health()
    hub.kill()
    return {"events": n * 1000, "seconds": round(total, 2), "events_per_s": round(n * 1000 / total),
            "acknowledged_per_s": round(n * 1000 / sent), "engines": h["detection"]["engines"],
            "indicators": h["detection"]["indicators"], "alerts": h["detection"]["alerts"]}


STAGES = set(A.stages.split(","))
results = {}
sigma = ["--sigma", A.sigma] if os.path.isdir(A.sigma) else []
if "throughput" in STAGES:
    results["ceiling_no_detection"] = throughput("none", ["--no-web"], 0)
    results["all_detection"] = throughput("all", sigma, A.indicators, A.perf)
    results["detection_cost"] = round(results["ceiling_no_detection"]["events_per_s"] /
                                      max(1, results["all_detection"]["events_per_s"]), 2)
    print(json.dumps({"throughput": results}, indent=1), flush=True)

# ---- 2. release to first match -------------------------------------------------------
if "loop" in STAGES:

    hub = Hub("loop", [])
    hub.start()
    publish_indicators(hub, A.indicators)  # the measure holds with the full set loaded
    while hub.health()["detection"]["indicators"] < A.indicators:
        time.sleep(0.2)
    waits = publish_to_first_match(hub, hub, 5000000, "loop")
    hub.kill()
    results2 = {"indicators_loaded": A.indicators, **percentiles(waits)}
    print(json.dumps({"release_to_first_match": results2}, indent=1), flush=True)

# ---- 2b. a remote TAXII feed to first match --------------------------------------------
# A partner hub publishes; the hub reads it as a feed polled every second (--feed-interval
# 1): milliseconds from the partner's answer to the alert at a member, which the poll
# interval bounds from below.
if "feed" in STAGES:

    partner = Hub("partner", ["--no-monitoring", "--feed-interval", "0"])
    partner.start()
    os.environ["FK_BENCH_PARTNER_KEY"] = partner.analyst
    hub = Hub("feed", ["--feed-interval", "1"])
    hub.admin("collection", "create", "From the partner", "--all-members",
              "--id", "22222222-2222-4333-8444-555555555555")
    hub.admin("feed", "add", "partner", "--url",
              "http://127.0.0.1:%d/taxii2/fukurou/collections/11111111-2222-4333-8444-555555555555/"
              % partner.port, "--collection", "22222222-2222-4333-8444-555555555555",
              "--key-env", "FK_BENCH_PARTNER_KEY")
    hub.start()
    waits = publish_to_first_match(hub, partner, 6000000, "feed")
    hub.kill()
    partner.kill()
    print(json.dumps({"remote_feed_to_first_match": {"poll_interval_s": 1, **percentiles(waits)}},
                     indent=1), flush=True)

# ---- 3. many members at once; memory per organisation --------------------------------
if "many" in STAGES:

    orgs = ["Org%04d" % i for i in range(max(A.orgs, A.memory_orgs))]
    hub = Hub("many", ["--rules", os.path.join(os.path.dirname(BIN), "..", "rules",
                                                "threshold.yml")], orgs)
    hub.start()
    rss0 = hub.rss_kb()
    lat = []
    lock = threading.Lock()


    def member(org, rounds):
        for r in range(rounds):
            marker = "m-%s-%d" % (org, r)
            t0 = time.time()
            st, data = ingest(hub, org, hub.keys[org], web_lines(50, hash(marker) & 0xffff,
                                                                 "198.51.100.%d" % (r + 1), marker),
                              marker)
            assert st == 202, st
            want = b'"batch_id":%d,' % json.loads(data)["batch"]
            t1 = time.time()
            while True:  # the batch's own SQL injection alert (its source is new to the member)
                st, data = hub.call("GET", "/api/v1/alerts?rule=sqli-union-select&limit=3",
                                    hub.keys[org])
                if want in data:
                    break
                time.sleep(0.01)
            with lock:
                lat.append(((time.time() - t1) * 1000, (time.time() - t0) * 1000))


    threads = [threading.Thread(target=lambda o=o: member(o, 2)) for o in orgs[:A.orgs]]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - t0
    lat.sort()
    after_alert = sorted(x[1] for x in lat)
    # the rest of the organisations, so that every one holds window state
    for o in orgs[A.orgs:]:
        ingest(hub, o, hub.keys[o], web_lines(50, 7, "198.51.100.9"), "fill-" + o)
    hub.wait_events(len(orgs) * 50 + A.orgs * 50, 600)
    rss1 = hub.rss_kb()
    hub.kill()
    results3 = {"organisations_streaming": A.orgs, "batches": len(lat),
                "receipt_to_alert_p50_ms": round(statistics.median(after_alert)),
                "receipt_to_alert_p99_ms": round(after_alert[min(len(after_alert) - 1,
                                                                 int(len(after_alert) * 0.99))]),
                "wall_s": round(wall, 1), "organisations_with_state": len(orgs),
                "rss_growth_kb": rss1 - rss0,
                "kb_per_organisation": round((rss1 - rss0) / len(orgs), 1)}
    print(json.dumps({"members_at_once": results3}, indent=1), flush=True)

# ---- 4. kill -9 while streaming ------------------------------------------------------
if "kill" in STAGES:

    hub = Hub("kill", [])
    hub.start()
    key = hub.keys["PowerCo"]
    N = 400 * A.kills
    bodies = {}
    for i in range(N):
        bodies[i] = ('10.9.%d.%d - - [30/Nov/2026:10:00:%02d +0000] "GET /../../etc/passwd HTTP/1.1" '
                     '404 12 "-" "curl/8.0"\n' % (i // 250, i % 250, i % 60) +
                     '10.8.0.1 - - [30/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "x"\n')
    acked, first = set(), 0
    rng = random.Random(11)
    for k in range(A.kills):
        done = threading.Event()

        def stream(start):
            for i in range(start, N):
                if done.is_set():
                    return
                try:
                    st, _ = hub.call("POST", "/api/v1/ingest?batch=k%d" % i, key, bodies[i],
                                     {"Content-Type": "application/x-ndjson"})
                    if st in (200, 202):
                        acked.add(i)
                except Exception:
                    return

        t = threading.Thread(target=stream, args=(first,))
        t.start()
        time.sleep(0.05 + rng.random() * 0.25)
        hub.kill(signal.SIGKILL)
        done.set()
        t.join()
        while first < N and first in acked:
            first += 1
        hub.start()
    for i in range(N):  # the shipper resends everything it cannot be sure of
        st, _ = ingest(hub, "PowerCo", key, bodies[i], "k%d" % i)
        assert st in (200, 202), st
    while True:
        m = json.loads(hub.call("GET", "/api/v1/metering", key)[1])
        h = hub.health()
        if h["backlog_batches"] == 0 and sum(r["events"] for r in m) >= 2 * N:
            break
        time.sleep(0.1)
    alerts, after = [], ""
    while True:  # every page
        st, data = hub.call("GET", "/api/v1/alerts?rule=lfi-unix-file&limit=1000" + after, key)
        page = json.loads(data)
        alerts += page
        if len(page) < 1000:
            break
        after = "&after=%d" % page[-1]["id"]
    events = sum(r["events"] for r in m)
    hub.kill()
    verify = subprocess.run([BIN, "admin", "--data", hub.data, "verify-audit"], capture_output=True,
                            text=True)
    results4 = {"kills": A.kills, "batches": N, "acknowledged_before_kills": len(acked),
                "events_metered": events, "events_expected": 2 * N,
                "lost_batches": max(0, N - len(alerts)),
                "doubled_alerts": sum(1 for a in alerts if a["count"] != 1) + max(0, len(alerts) - N),
                "audit_chain_verifies": verify.returncode == 0}
    print(json.dumps({"kill_9": results4}, indent=1), flush=True)
    shutil.rmtree(WORK, ignore_errors=True) if not A.work else None
